#include <antq/rulebook_set.hpp>

#include <antq/archive.hpp>
#include <antq/dataset_builder.hpp>
#include <antq/evaluate.hpp>
#include <antq/rule_test.hpp>
#include <antq/rulebook_loader.hpp>

#include "support/counting_engine.hpp"
#include "support/rulebook_test_data.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

using antq::test_support::rulebook_test_data;

class rulebook_folder {
  public:
    rulebook_folder() {
        path_ = fs::temp_directory_path() /
                ("antq-rulebook-set-" +
                 std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~rulebook_folder() { fs::remove_all(path_); }
    rulebook_folder(const rulebook_folder&) = delete;
    rulebook_folder& operator=(const rulebook_folder&) = delete;

    void write(const std::string& name, const std::string& text) const {
        fs::create_directories((path_ / name).parent_path());
        std::ofstream(path_ / name, std::ios::binary) << text;
    }
    [[nodiscard]] const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

// A small rulebook; `rollups` is spliced into its version.
std::string rulebook_text(const std::string& id, const std::string& rollups = "") {
    return "antq: 1\nid: " + id + "\ntitle: \"" + id +
           "\"\nsubject: unit\nversions:\n"
           "  - version: \"1\"\n    effective: 2024-01-01\n" +
           rollups +
           "    criteria:\n      - id: ok\n        kind: required\n        when: \"true\"\n"
           "    tiers:\n      - id: dat\n        label: \"Đạt\"\n        when: \"passed(ok)\"\n"
           "      - id: chua_dat\n        label: \"Chưa đạt\"\n";
}

std::string rollup_from(const std::string& from,
                        const std::string& value = "share(tier == \\\"dat\\\")") {
    return "    rollups:\n      part: {from: " + from + ", value: \"" + value + "\"}\n";
}

std::vector<std::string> ids(const antq::rulebook_set& set) {
    std::vector<std::string> out;
    for (const auto& b : set.rulebooks()) {
        out.push_back(b.id());
    }
    return out;
}

std::vector<std::string> problems_loading(const fs::path& path) {
    std::vector<std::string> out;
    try {
        (void)antq::rulebook_set::load(path);
    } catch (const antq::input_error& e) {
        for (const auto& d : e.diagnostics()) {
            out.push_back(d.to_string());
        }
    }
    return out;
}

TEST(rulebook_set, loads_a_folder_in_roll_up_order) {
    const auto set = antq::rulebook_set::load(rulebook_test_data() / "good");
    // Sorted files: exemplars, model-effectiveness, security-teams, tt124-commune,
    // tt124-residential; the commune rolls up the residential areas, so they come first.
    EXPECT_EQ(ids(set),
              (std::vector<std::string>{"exemplars", "model-effectiveness", "security-teams",
                                        "tt124-residential", "tt124-commune"}));
    EXPECT_EQ(set.size(), 5U);
    ASSERT_NE(set.find("tt124-commune"), nullptr);
    EXPECT_EQ(set.find("tt124-commune")->source().title,
              "Xã đạt tiêu chuẩn An toàn về an ninh, trật tự");
    EXPECT_EQ(set.find("no-such"), nullptr);
    ASSERT_EQ(set.case_files().size(), 1U);
    EXPECT_EQ(set.case_files()[0].filename(), "model-effectiveness.cases.yaml");
    try {
        (void)set.at("tt124-comune");
        FAIL();
    } catch (const antq::usage_error& e) {
        EXPECT_STREQ(e.what(),
                     "no rulebook with id 'tt124-comune' (did you mean 'tt124-commune'?)");
    }
}

TEST(rulebook_set, loads_one_file) {
    const auto set = antq::rulebook_set::load(rulebook_test_data() / "good" / "exemplars.yaml");
    EXPECT_EQ(ids(set), std::vector<std::string>{"exemplars"});
    EXPECT_TRUE(set.case_files().empty());
}

TEST(rulebook_set, finds_rulebook_files_recursively_and_sorted) {
    const rulebook_folder dir;
    dir.write("b/z.yml", rulebook_text("z"));
    dir.write("a.yaml", rulebook_text("a"));
    dir.write("b/c.json", "{}");
    dir.write("a.cases.yaml", "[]");
    dir.write("notes.txt", "");
    std::vector<std::string> names;
    for (const auto& f : antq::find_rulebook_files(dir.path())) {
        names.push_back(fs::relative(f, dir.path()).generic_string());
    }
    EXPECT_EQ(names, (std::vector<std::string>{"a.yaml", "b/c.json", "b/z.yml"}));
    EXPECT_THROW((void)antq::find_rulebook_files(dir.path() / "missing"), antq::io_error);
}

TEST(rulebook_set, reports_every_file_and_the_links_between_them) {
    const rulebook_folder dir;
    dir.write("a.yaml", rulebook_text("a", rollup_from("b")));
    dir.write("b.yaml", rulebook_text("b", rollup_from("c")));
    dir.write("c.yaml", rulebook_text("c", rollup_from("a")));
    // Reported at the roll-up that closes the cycle.
    const std::string c = (dir.path() / "c.yaml").string();
    EXPECT_EQ(problems_loading(dir.path()),
              std::vector<std::string>{c + ":9:20: error: rulebooks roll each other up in a cycle: "
                                           "a -> b -> c -> a"});

    dir.write("c.yaml", rulebook_text("c", rollup_from("d")));
    dir.write("d.yaml", rulebook_text("b"));
    dir.write("e.yaml", "antq: 1\nid: e\n");
    const std::string d = (dir.path() / "d.yaml").string();
    const std::string e = (dir.path() / "e.yaml").string();
    EXPECT_EQ(
        problems_loading(dir.path()),
        (std::vector<std::string>{e + ":1:1: error: missing key 'subject' in the rulebook",
                                  e + ":1:1: error: missing key 'title' in the rulebook",
                                  e + ":1:1: error: missing key 'versions' in the rulebook"}));
    fs::remove(dir.path() / "e.yaml");
    EXPECT_EQ(problems_loading(dir.path()),
              (std::vector<std::string>{
                  d + ":2:5: error: rulebook id 'b' is also the id of " +
                      (dir.path() / "b.yaml").string(),
                  c + ":9:20: error: roll-up 'part' reads rulebook 'd', which is not in the set"}));
}

TEST(rulebook_set, a_rollup_must_read_criteria_its_source_has) {
    std::vector<antq::rulebook> books;
    books.push_back(antq::parse_rulebook(rulebook_text("source"), "source.yaml"));
    books.push_back(antq::parse_rulebook(
        rulebook_text("reader", rollup_from("source", "count(passed(ok) and passed(missing_one))")),
        "reader.yaml"));
    try {
        (void)antq::rulebook_set::from(books);
        FAIL();
    } catch (const antq::input_error& e) {
        ASSERT_EQ(e.diagnostics().size(), 1U);
        EXPECT_EQ(e.diagnostics()[0].to_string(),
                  "reader.yaml:9:35: error: roll-up 'part' reads criterion 'missing_one', which "
                  "rulebook 'source' does not have");
    }
    books.pop_back();
    books.push_back(antq::parse_rulebook(
        rulebook_text("reader", rollup_from("source", "count(passed(ok))")), "reader.yaml"));
    const auto set = antq::rulebook_set::from(books);
    EXPECT_EQ(ids(set), (std::vector<std::string>{"source", "reader"}));
    // Checking part of a folder: a missing source is only a warning.
    const auto links = antq::check_rulebook_links(std::span(books).subspan(1), true);
    ASSERT_EQ(links.size(), 1U);
    EXPECT_EQ(links[0].to_string(),
              "reader.yaml:9:20: warning: roll-up 'part' reads rulebook 'source', which is not "
              "among the rulebooks checked");
}

// ---- The engine registry, given once ----

namespace remembered = antq::test_support;

TEST(rulebook_set, load_compiles_each_rulebook_once_and_keeps_the_registry) {
    rulebook_folder dir;
    dir.write("counted.yaml", remembered::counted_rulebook);
    int made = 0;
    antq::rulebook_set set;
    {
        // The caller's registry is gone after loading: the set keeps its own copy.
        const antq::engine_registry engines = remembered::counting_registry(made);
        set = antq::rulebook_set::load(dir.path(), engines);
    }
    EXPECT_EQ(made, 1) << "one version, compiled once";
    ASSERT_NE(set.engines().find("counted"), nullptr);

    // Later calls find the engine in the set, never given the registry again.
    antq::dataset_builder data;
    data.add_unit({.id = "v1", .kind = "village"});
    data.add_model({.id = "m1", .unit = "v1"});
    data.add_observation({.subject = "m1", .period = "2024", .values = {{"crimes", 0}}});
    const auto results = antq::evaluate(data.build(), set, "2024");
    EXPECT_EQ(results.at("counted").size(), 1U);
    EXPECT_EQ(made, 1) << "evaluating compiles nothing";

    const antq::rule_tester tester(set, "counted");
    const auto run = tester.run_all();
    ASSERT_EQ(run.cases.size(), 1U);
    EXPECT_TRUE(run.cases[0].passed);
    EXPECT_EQ(made, 1) << "no roll-up and no quota: the set's compiled form is the tests' form";

    const fs::path archive = dir.path() / "rules.antq";
    const std::vector<antq::rulebook> books{set.at("counted").source()};
    antq::save_rulebook_archive(books, archive);
    const auto again = antq::load_rulebook_set_archive(archive, set.engines());
    EXPECT_EQ(made, 2) << "read from the archive, checked and compiled once";
    EXPECT_NE(again.engines().find("counted"), nullptr);
    EXPECT_EQ(antq::evaluate(data.build(), again, "2024").at("counted"), results.at("counted"));
    EXPECT_EQ(made, 2);
}

TEST(rulebook_set, a_compiled_rulebook_keeps_its_registry) {
    int made = 0;
    std::optional<antq::compiled_rulebook> compiled;
    {
        const antq::engine_registry engines = remembered::counting_registry(made);
        compiled =
            antq::parse_compiled_rulebook(remembered::counted_rulebook, "counted.yaml", engines);
    }
    EXPECT_EQ(made, 1);
    // The caller's registry is gone: the rulebook's own copy still makes the engine.
    ASSERT_NE(compiled->engines().find("counted"), nullptr);
    EXPECT_EQ(compiled->source().id, "counted");
    EXPECT_EQ(&antq::parse_compiled_rulebook(rulebook_text("plain"), "plain.yaml").engines(),
              &antq::builtin_engines())
        << "the built-in registry is kept without a copy";

    // A set of compiled rulebooks compiles nothing again and takes their engines.
    const auto set = antq::rulebook_set::from(std::vector{*compiled});
    EXPECT_EQ(made, 1);
    EXPECT_NE(set.engines().find("counted"), nullptr);
    const antq::rule_tester tester(*compiled);
    EXPECT_TRUE(tester.run_all().cases.at(0).passed);
    EXPECT_EQ(made, 1);
}

TEST(rulebook_set, a_set_of_compiled_rulebooks_is_checked_like_a_loaded_one) {
    const auto source = antq::parse_compiled_rulebook(rulebook_text("source", ""), "source.yaml");
    const auto reader = antq::parse_compiled_rulebook(
        rulebook_text("reader", rollup_from("source", "count(passed(ok))")), "reader.yaml");
    EXPECT_EQ(ids(antq::rulebook_set::from(std::vector{reader, source})),
              (std::vector<std::string>{"source", "reader"}));
    try {
        (void)antq::rulebook_set::from(std::vector{reader});
        FAIL() << "a roll-up from a rulebook not in the set was accepted";
    } catch (const antq::input_error& e) {
        ASSERT_EQ(e.diagnostics().size(), 1U);
        EXPECT_NE(e.diagnostics()[0].message.find("'source'"), std::string::npos)
            << e.diagnostics()[0].message;
    }
    EXPECT_EQ(antq::rulebook_set::from(std::vector<antq::compiled_rulebook>{}).size(), 0U);
}

TEST(rulebook_set, a_rulebook_with_quotas_is_compiled_again_for_its_tests_only) {
    std::string text = remembered::counted_rulebook;
    const std::string good = "      - id: good\n        label: \"Tốt\"\n";
    ASSERT_NE(text.find(good), std::string::npos);
    text.replace(text.find(good), good.size(),
                 good + "        quota: {max_share: 0.5, within: all}\n");
    int made = 0;
    const antq::engine_registry engines = remembered::counting_registry(made);
    const auto compiled = antq::parse_compiled_rulebook(text, "counted.yaml", engines);
    EXPECT_EQ(made, 1);
    const antq::rule_tester tester(compiled);
    EXPECT_EQ(made, 2) << "the tests' form has no quota: compiled once more, with its engines";
    EXPECT_TRUE(tester.run_all().cases.at(0).passed);
}

TEST(rulebook_set, rule_tests_and_checks_compile_each_rulebook_once) {
    rulebook_folder dir;
    dir.write("counted.yaml", remembered::counted_rulebook);
    int made = 0;
    const antq::engine_registry engines = remembered::counting_registry(made);
    const std::vector<fs::path> paths{dir.path()};
    const auto run = antq::run_rule_tests(paths, engines);
    ASSERT_EQ(run.cases.size(), 1U);
    EXPECT_TRUE(run.cases[0].passed);
    EXPECT_EQ(made, 1) << "read, checked, compiled and tested with one compiled form";

    made = 0;
    const auto check = antq::check_rulebook(dir.path() / "counted.yaml", engines);
    EXPECT_TRUE(check.ok());
    EXPECT_EQ(made, 1) << "the lint reads the compiled form of the check";
}

TEST(rulebook_set, the_builtin_registry_is_kept_without_a_copy) {
    EXPECT_EQ(&antq::rulebook_set().engines(), &antq::builtin_engines());
    EXPECT_EQ(&antq::rulebook_set::load(rulebook_test_data() / "good" / "model-effectiveness.yaml")
                   .engines(),
              &antq::builtin_engines());
    int made = 0;
    const antq::engine_registry engines = remembered::counting_registry(made);
    EXPECT_NE(&antq::rulebook_set::from({}, engines).engines(), &engines);
}

}  // namespace
