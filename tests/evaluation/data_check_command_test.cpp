// Runs the built `antq check --data D --rules R [--period P]`: every cell the rulebooks will
// refuse on stderr as file:line:col, exit 1; "ok" on the shipped example; and `antq
// evaluate` states the same problems in one block before its results.

#include "support/run_cli.hpp"
#include "support/scratch_path.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

using run_result = antq::test_support::cli_result;
using antq::test_support::read_text;
using antq::test_support::run_antq;

const std::string source = ANTQ_SOURCE_DIR;

// A copy of the Quảng Trung example with two households cells changed: qt-trung-thon in
// 2024 (line 8) reads `abc`, qt-ha-thon in 2024 (line 32) reads `-3`.
fs::path broken_copy() {
    const fs::path dir = antq::test_support::scratch_path("data-check-cli");
    fs::remove_all(dir);
    fs::copy(source + "/examples/data/quang-trung", dir, fs::copy_options::recursive);
    std::string text = read_text(dir / "observations.csv");
    for (const auto& [from, to] :
         {std::pair<std::string, std::string>{"qt-trung-thon,2024,1,,1,407,",
                                              "qt-trung-thon,2024,1,,1,abc,"},
          std::pair<std::string, std::string>{"qt-ha-thon,2024,1,,1,344,",
                                              "qt-ha-thon,2024,1,,1,-3,"}}) {
        const auto at = text.find(from);
        EXPECT_NE(at, std::string::npos);
        text.replace(at, from.size(), to);
    }
    std::ofstream(dir / "observations.csv", std::ios::binary | std::ios::trunc) << text;
    return dir;
}

TEST(check_data_command, lists_every_refused_cell_and_fails) {
    const fs::path dir = broken_copy();
    // In Vietnamese (the default) the place stays as editors read it, the words are
    // Vietnamese, the ids and cells are quoted as they are.
    const auto vi = run_antq("check --data '" + dir.string() + "' --rules '" + source +
                             "/rulebooks' --period 2024");
    EXPECT_EQ(vi.status, 1) << vi.err;
    EXPECT_EQ(vi.out, "");
    const std::string f = (dir / "observations.csv").string();
    EXPECT_EQ(vi.err, f +
                          ":8:6: lỗi: chỉ số 'households' của đối tượng 'qt-trung-thon' trong kỳ "
                          "2024 phải là số đếm (số nguyên >= 0), không phải 'abc'\n" +
                          f +
                          ":32:6: lỗi: chỉ số 'households' của đối tượng 'qt-ha-thon' trong kỳ "
                          "2024 phải là số đếm (số nguyên >= 0), không phải -3\n");
    const auto r = run_antq("check --data '" + dir.string() + "' --rules '" + source +
                            "/rulebooks' --period 2024 --lang en");
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, f +
                         ":8:6: error: indicator 'households' of subject 'qt-trung-thon' in "
                         "period 2024 must be a count (a whole number >= 0), not 'abc'\n" +
                         f +
                         ":32:6: error: indicator 'households' of subject 'qt-ha-thon' in "
                         "period 2024 must be a count (a whole number >= 0), not -3\n");
}

TEST(check_data_command, says_ok_on_the_shipped_example) {
    const auto r = run_antq("check --data '" + source + "/examples/data/quang-trung' --rules '" +
                            source + "/rulebooks'");
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(
        r.out.rfind("dữ liệu " + source + "/examples/data/quang-trung: hợp lệ theo bộ tiêu chí " +
                        source + "/rulebooks\n",
                    0),
        0U)
        << r.out;
    // Unit kinds and topics by the dataset's labels (labels.csv), counts as Vietnamese
    // writes them.
    EXPECT_THAT(r.out, testing::ContainsRegex("\n  thôn +8\n"));
    EXPECT_THAT(r.out, testing::ContainsRegex("\n  An ninh, trật tự +9\n"));
    EXPECT_THAT(r.out, testing::HasSubstr("\nmã băm nội dung: "));
    const auto en = run_antq("check --data '" + source + "/examples/data/quang-trung' --rules '" +
                             source + "/rulebooks' --lang en");
    EXPECT_EQ(
        en.out.rfind("dataset " + source + "/examples/data/quang-trung: ok for the rulebooks " +
                         source + "/rulebooks\n",
                     0),
        0U)
        << en.out;
    EXPECT_THAT(en.out, testing::ContainsRegex("\n  village +8\n"));
}

TEST(check_data_command, period_without_rules_is_a_usage_error) {
    const auto r =
        run_antq("check --data '" + source + "/examples/data/quang-trung' --period 2024");
    EXPECT_EQ(r.status, 2) << r.err;
}

TEST(check_data_command, evaluate_states_the_problems_first_and_still_evaluates_the_others) {
    const fs::path dir = broken_copy();
    const auto r =
        run_antq("evaluate --rules '" + source + "/rulebooks/tt124-residential.yaml' --data '" +
                 dir.string() + "' --period 2024 --format csv --lang en");
    EXPECT_EQ(r.status, 0) << r.err;
    const std::string f = (dir / "observations.csv").string();
    EXPECT_EQ(r.err,
              "antq: warning: the rulebooks refuse these cells; the subjects they concern get the "
              "status error:\n" +
                  f +
                  ":8:6: error: indicator 'households' of subject 'qt-trung-thon' in period "
                  "2024 must be a count (a whole number >= 0), not 'abc'\n" +
                  f +
                  ":32:6: error: indicator 'households' of subject 'qt-ha-thon' in period "
                  "2024 must be a count (a whole number >= 0), not -3\n");
    std::size_t errors = 0;
    std::size_t evaluated = 0;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) {
        errors += line.find(",error,") != std::string::npos ? 1 : 0;
        evaluated += line.find(",evaluated,") != std::string::npos ? 1 : 0;
    }
    EXPECT_EQ(errors, 2U) << r.out;
    EXPECT_EQ(evaluated, 6U) << r.out;
}

}  // namespace
