// `antq check RULEBOOK...`, run as a program: what it prints and its exit status.

#include "support/run_cli.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace {

namespace fs = std::filesystem;

const fs::path rulebooks = fs::path(ANTQ_TEST_DATA_DIR) / "rulebooks";
const fs::path program = fs::path(ANTQ_BINARY_DIR) / "tools" / "antq";

using run_result = antq::test_support::cli_result;
using antq::test_support::read_text;

// Runs `antq check ARGS` from the rulebooks folder, so that paths print relative.
run_result check(const std::string& args) {
    return antq::test_support::run_program(program, "check " + args, rulebooks);
}

TEST(check_rules, good_rulebooks_print_hop_le_and_exit_0) {
    const auto r = check("good");
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out,
              "good/exemplars.yaml: hợp lệ\n"
              "good/model-effectiveness.yaml: hợp lệ\n"
              "good/security-teams.json: hợp lệ\n"
              "good/tt124-commune.yaml: hợp lệ\n"
              "good/tt124-residential.yaml: hợp lệ\n");
    EXPECT_EQ(r.err, "");
}

TEST(check_rules, in_english_a_good_rulebook_is_ok) {
    const auto r = check("good/exemplars.yaml --lang en");
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out, "good/exemplars.yaml: ok\n");
}

TEST(check_rules, a_bad_rulebook_prints_every_diagnostic_and_exits_1) {
    const auto r = check("bad/missing_required_keys.yaml good/exemplars.yaml");
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, "good/exemplars.yaml: hợp lệ\n");
    EXPECT_EQ(r.err, read_text(rulebooks / "bad" / "missing_required_keys.expected"));
}

// Before: points adding up to infinity passed the reader, then the engine threw from the
// compiler with no place, and the check stopped before the next file.
TEST(check_rules, points_too_large_are_reported_and_the_next_file_is_checked) {
    const auto r = check("bad/points_too_large.yaml good/exemplars.yaml");
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, "good/exemplars.yaml: hợp lệ\n");
    EXPECT_EQ(r.err, read_text(rulebooks / "bad" / "points_too_large.expected"));
}

TEST(check_rules, warnings_do_not_fail_the_check) {
    // The commune rolls up rulebooks that are not checked with it: a warning.
    const auto r = check("good/tt124-commune.yaml");
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out, "good/tt124-commune.yaml: hợp lệ\n");
    EXPECT_EQ(r.err,
              "good/tt124-commune.yaml:16:32: warning: roll-up 'recognised_share' reads rulebook "
              "'tt124-residential', which is not among the rulebooks checked\n"
              "good/tt124-commune.yaml:17:32: warning: roll-up 'effective_models' reads rulebook "
              "'model-effectiveness', which is not among the rulebooks checked\n");
}

TEST(check_rules, a_missing_path_exits_1_and_no_path_is_a_usage_error) {
    const auto missing = check("no-such.yaml");
    EXPECT_EQ(missing.status, 1);
    EXPECT_EQ(missing.err,
              "no-such.yaml: error: cannot read 'no-such.yaml': no such file or folder\n");
    const auto none = check("");
    EXPECT_EQ(none.status, 2);
}

}  // namespace
