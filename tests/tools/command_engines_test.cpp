// The antq command with a team's own engine (antq::cli::run_command_line, as
// antq::cli::run calls it): every rulebook given is compiled once, with the team's engines.

#include "antq/command.hpp"

#include "support/counting_engine.hpp"
#include "support/scratch_path.hpp"

#include <antq/dataset.hpp>
#include <antq/dataset_builder.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using antq::test_support::counted_rulebook;
using antq::test_support::counting_registry;

void write(const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
}

// Runs the command line in process; its standard output is returned.
struct command_run {
    int status = 0;
    std::string out;
};

command_run run(const std::vector<std::string>& args, const antq::engine_registry& engines) {
    std::vector<const char*> argv{"antq"};
    for (const auto& a : args) {
        argv.push_back(a.c_str());
    }
    argv.push_back(nullptr);
    std::ostringstream captured;
    auto* const before = std::cout.rdbuf(captured.rdbuf());
    command_run r;
    r.status = antq::cli::run_command_line(static_cast<int>(argv.size() - 1), argv.data(), engines);
    std::cout.rdbuf(before);
    r.out = captured.str();
    return r;
}

class command_engines : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = antq::test_support::scratch_path("command-engines");
        write(dir_ / "old" / "counted.yaml", counted_rulebook);
        std::string raised = counted_rulebook;
        const std::string cut = "score >= 50";
        raised.replace(raised.find(cut), cut.size(), "score >= 150");
        write(dir_ / "new" / "counted.yaml", raised);
        antq::dataset_builder data;
        data.add_unit({.id = "v1", .kind = "village"});
        data.add_model({.id = "m1", .unit = "v1"});
        data.add_observation({.subject = "m1", .period = "2024", .values = {{"crimes", 0}}});
        antq::save_dataset_csv(data.build(), dir_ / "data");
    }
    fs::path dir_;
};

TEST_F(command_engines, diff_compiles_each_rulebook_once_with_the_teams_engine) {
    int made = 0;
    const auto engines = counting_registry(made);
    const auto r = run({"diff", "--old", (dir_ / "old").string(), "--new", (dir_ / "new").string(),
                        "--data", (dir_ / "data").string(), "--period", "2024", "--format",
                        "csv"},
                       engines);
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_EQ(made, 2) << "the old rulebook and the new one, each compiled once";
    EXPECT_NE(r.out.find("m1"), std::string::npos) << "m1 moves from good to weak:\n" << r.out;
}

TEST_F(command_engines, a_rulebook_given_as_context_is_compiled_once_for_both_sides) {
    int made = 0;
    const auto engines = counting_registry(made);
    write(dir_ / "with" / "counted.yaml", counted_rulebook);
    std::string other = counted_rulebook;
    other.replace(other.find("id: counted"), 11, "id: other");
    write(dir_ / "with" / "other.yaml", other);
    const auto r = run({"diff", "--old", (dir_ / "old").string(), "--new", (dir_ / "new").string(),
                        "--with", (dir_ / "with").string(), "--data", (dir_ / "data").string(),
                        "--period", "2024", "--format", "csv"},
                       engines);
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_EQ(made, 4) << "old, new and the two context rulebooks, each once";
}

TEST_F(command_engines, test_and_check_compile_each_rulebook_once) {
    int made = 0;
    const auto engines = counting_registry(made);
    EXPECT_EQ(run({"test", (dir_ / "old").string()}, engines).status, 0);
    EXPECT_EQ(made, 1);
    made = 0;
    EXPECT_EQ(run({"check", (dir_ / "old" / "counted.yaml").string()}, engines).status, 0);
    EXPECT_EQ(made, 1) << "the lint reads the compiled form of the check";
}

}  // namespace
