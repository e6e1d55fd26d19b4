#include <antq/rulebook_loader.hpp>

#include <antq/compiled_rulebook.hpp>
#include <antq/engine.hpp>
#include <antq/error.hpp>

#include "support/rulebook_test_data.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

using antq::test_support::rulebook_test_data;

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        out.push_back(line);
    }
    return out;
}

std::vector<std::string> messages(const std::vector<antq::diagnostic>& diagnostics) {
    std::vector<std::string> out;
    for (const auto& d : diagnostics) {
        out.push_back(d.to_string());
    }
    return out;
}

// The problems of a text, or an empty list when it loads.
std::vector<std::string> problems_of(const std::string& yaml, const std::string& name = "r.yaml") {
    try {
        (void)antq::parse_rulebook(yaml, name);
    } catch (const antq::input_error& e) {
        return messages(e.diagnostics());
    }
    return {};
}

// A scratch folder removed at the end of the test.
class scratch_dir {
  public:
    scratch_dir() {
        path_ = fs::temp_directory_path() /
                ("antq-rules-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                 "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~scratch_dir() { fs::remove_all(path_); }
    scratch_dir(const scratch_dir&) = delete;
    scratch_dir& operator=(const scratch_dir&) = delete;

    [[nodiscard]] const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

const std::string minimal = R"(antq: 1
id: small
title: "Nhỏ"
subject: model
versions:
  - version: "1"
    effective: 2024-01-01
    indicators:
      crimes: {type: count}
    criteria:
      - id: calm
        kind: scored
        points: 100
        score: "crimes == 0 ? 1 : 0"
    tiers:
      - id: good
        label: "Tốt"
        when: "score >= 50"
      - id: weak
        label: "Yếu"
)";

// The rulebooks of a folder of test rulebooks (`.yaml` and `.json` files), sorted, without
// the `.cases.` files of `antq test`.
std::vector<fs::path> rulebook_files(const fs::path& folder) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(folder)) {
        const std::string name = entry.path().filename().string();
        const fs::path extension = entry.path().extension();
        if ((extension == ".yaml" || extension == ".json") &&
            name.find(".cases.") == std::string::npos) {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

// A test's name from a file's name: letters and digits kept, anything else `_`.
std::string case_name(const ::testing::TestParamInfo<fs::path>& info) {
    std::string name = info.param.stem().string();
    std::replace_if(
        name.begin(), name.end(),
        [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
    return name;
}

// Each file of tests/data/rulebooks/bad/ is a test case of its own: `X.yaml` must give
// exactly the diagnostics listed in `X.expected`, one per line.
class bad_rulebook : public ::testing::TestWithParam<fs::path> {};

TEST_P(bad_rulebook, gives_exactly_its_expected_diagnostics) {
    const fs::path& file = GetParam();
    const fs::path expected_file = fs::path(file).replace_extension(".expected");
    ASSERT_TRUE(fs::exists(expected_file)) << "no " << expected_file;
    const auto check =
        antq::check_rulebook_text(read_file(file), "bad/" + file.filename().string());
    EXPECT_FALSE(check.ok());
    EXPECT_EQ(messages(check.diagnostics), lines_of(read_file(expected_file)));
}

INSTANTIATE_TEST_SUITE_P(rulebook_loader, bad_rulebook,
                         ::testing::ValuesIn(rulebook_files(rulebook_test_data() / "bad")),
                         case_name);

TEST(rulebook_loader, has_a_case_for_every_expected_file) {
    // An `.expected` file without its rulebook would be a case that silently never runs.
    std::size_t expected_files = 0;
    for (const auto& entry : fs::directory_iterator(rulebook_test_data() / "bad")) {
        if (entry.path().extension() == ".expected") {
            ++expected_files;
            EXPECT_TRUE(fs::exists(fs::path(entry.path()).replace_extension(".yaml")))
                << entry.path() << " has no rulebook";
        }
    }
    EXPECT_EQ(expected_files, rulebook_files(rulebook_test_data() / "bad").size());
    EXPECT_GE(expected_files, 70U);
}

class good_rulebook : public ::testing::TestWithParam<fs::path> {};

TEST_P(good_rulebook, loads_without_warnings) {
    const auto check = antq::check_rulebook(GetParam());
    EXPECT_TRUE(check.ok());
    EXPECT_EQ(messages(check.diagnostics), std::vector<std::string>{});
}

INSTANTIATE_TEST_SUITE_P(rulebook_loader, good_rulebook,
                         ::testing::ValuesIn(rulebook_files(rulebook_test_data() / "good")),
                         case_name);

TEST(rulebook_loader, has_the_five_good_rulebooks) {
    EXPECT_EQ(rulebook_files(rulebook_test_data() / "good").size(), 5U);
}

TEST(rulebook_loader, reads_every_field_of_the_spec_example) {
    const auto book =
        antq::load_rulebook(rulebook_test_data() / "good" / "model-effectiveness.yaml");
    EXPECT_EQ(book.format, 1);
    EXPECT_EQ(book.id, "model-effectiveness");
    EXPECT_EQ(book.title, "Đánh giá hiệu quả mô hình");
    EXPECT_EQ(book.subject, antq::subject_kind::model);
    EXPECT_EQ(book.applies_to.text, "topic != \"\"");
    EXPECT_EQ(book.period, (antq::year_start{11, 16}));
    ASSERT_EQ(book.versions.size(), 1U);
    const auto& v = book.versions[0];
    EXPECT_EQ(v.version, "2022.1");
    EXPECT_EQ(v.effective, antq::date(2022, 2, 15));
    EXPECT_EQ(v.engine, "weighted");
    EXPECT_EQ(v.basis, "Thông tư 124/2021/TT-BCA");
    EXPECT_EQ(v.rounding_digits, 2);
    EXPECT_EQ(v.eligibility.min_active_days, 180);
    EXPECT_FALSE(v.eligibility.min_active_months);
    ASSERT_EQ(v.parameters.size(), 1U);
    EXPECT_EQ(v.parameters[0].id, "patrol_target");
    EXPECT_EQ(v.parameters[0].value, 48);
    ASSERT_EQ(v.indicators.size(), 4U);
    EXPECT_EQ(v.indicators[0].id, "crimes");
    EXPECT_EQ(v.indicators[0].type, antq::indicator_type::count);
    EXPECT_EQ(v.indicators[0].missing, antq::missing_policy::error);
    EXPECT_EQ(v.indicators[0].title, "Số vụ phạm tội");
    EXPECT_EQ(v.indicators[2].missing, antq::missing_policy::zero);
    EXPECT_EQ(v.indicators[3].missing, antq::missing_policy::exclude);
    EXPECT_EQ(v.indicators[0].where, (antq::source_location{book.file, 19, 7}));
    ASSERT_EQ(v.derived.size(), 2U);
    EXPECT_EQ(v.derived[0].id, "detection_rate");
    EXPECT_EQ(v.derived[0].formula.text, "ratio(crimes_detected, crimes)");
    // The first character inside the quotes.
    EXPECT_EQ(v.derived[0].formula.where, (antq::source_location{book.file, 24, 24}));
    ASSERT_EQ(v.criteria.size(), 3U);
    const auto& veto = v.criteria[0];
    EXPECT_EQ(veto.kind, antq::criterion_kind::veto);
    EXPECT_EQ(veto.when.text, "serious_crimes == 0");
    EXPECT_EQ(veto.where, (antq::source_location{book.file, 27, 9}));
    const auto& detection = v.criteria[1];
    EXPECT_EQ(detection.id, "detection");
    EXPECT_EQ(detection.group, "Tiêu chuẩn 2");
    EXPECT_EQ(detection.basis, "Điều 5, khoản 2");
    EXPECT_EQ(detection.points, 60);
    EXPECT_EQ(detection.score.text, "detection_rate");
    ASSERT_EQ(v.tiers.size(), 3U);
    EXPECT_EQ(v.tiers[0].id, "effective");
    EXPECT_EQ(v.tiers[0].label, "Hoạt động hiệu quả");
    EXPECT_EQ(v.tiers[0].action, "replicate");
    ASSERT_TRUE(v.tiers[0].quota);
    EXPECT_EQ(v.tiers[0].quota->max_share, 0.3);
    EXPECT_EQ(v.tiers[0].quota->within, "commune");
    EXPECT_TRUE(v.tiers[2].when.empty());
    EXPECT_EQ(v.ranking.within, "commune");
    EXPECT_EQ(v.ranking.by, std::vector<std::string>{"topic"});
    ASSERT_EQ(v.ranking.order.size(), 3U);
    EXPECT_EQ(v.ranking.order[1].key, "detection");
    EXPECT_TRUE(v.ranking.order[1].descending);
    EXPECT_FALSE(v.ranking.order[2].descending);
    EXPECT_EQ(v.ranking.method, antq::rank_method::competition);
    ASSERT_EQ(book.tests.size(), 1U);
    const auto& t = book.tests[0];
    EXPECT_EQ(t.name, "a perfect village model is effective");
    EXPECT_EQ(t.period, "2024");
    EXPECT_EQ(t.subject.at("topic"), "ma-tuy");
    EXPECT_EQ(t.indicators.at("crimes"), antq::test_value(0.0));
    EXPECT_EQ(t.expect.tier, "effective");
    EXPECT_EQ(t.expect.score, (std::pair{80.0, 100.0}));
    EXPECT_FALSE(book.source_text.empty());
}

TEST(rulebook_loader, reads_json_as_yaml) {
    const auto book = antq::load_rulebook(rulebook_test_data() / "good" / "security-teams.json");
    const auto& v = book.versions.at(0);
    EXPECT_EQ(v.engine, "deduction");
    EXPECT_EQ(v.options.values.at("base"), 100);
    EXPECT_EQ(v.eligibility.min_active_months, 9);
    EXPECT_EQ(v.tiers.at(0).quota->relative_to, "tot");
    EXPECT_EQ(v.ranking.method, antq::rank_method::dense);
    EXPECT_EQ(v.criteria.at(2).kind, antq::criterion_kind::penalty);
    EXPECT_EQ(v.criteria.at(3).kind, antq::criterion_kind::bonus);
}

TEST(rulebook_loader, reports_every_problem_of_a_file_at_once_in_file_order) {
    const std::string yaml = R"(antq: 1
id: Two_Problems
title: "x"
subject: model
versions:
  - version: "1"
    effective: 2024-01-01
    indicators:
      crimes: {type: count, mising: zero}
    criteria:
      - id: calm
        kind: scored
        points: 100
        score: "crime == 0"
    tiers:
      - id: only
        label: "Duy nhất"
)";
    EXPECT_EQ(
        problems_of(yaml),
        (std::vector<std::string>{
            "r.yaml:2:5: error: rulebook id 'Two_Problems' may only use lowercase letters, "
            "digits and '-'",
            "r.yaml:9:29: error: unknown key 'mising' in an indicator (did you mean 'missing'?)",
            "r.yaml:14:17: error: unknown name 'crime' (did you mean 'crimes'?)"}));
}

TEST(rulebook_loader, points_inside_expressions_across_escapes_and_lines) {
    // A single-quoted scalar with a doubled quote before the error.
    std::string yaml = minimal;
    yaml.replace(yaml.find("score: \"crimes == 0 ? 1 : 0\""),
                 std::string("score: \"crimes == 0 ? 1 : 0\"").size(),
                 "score: 'crimes == 0 and \"it''s\" == \"x\" ? 1 : crimez'");
    EXPECT_EQ(problems_of(yaml),
              std::vector<std::string>{
                  "r.yaml:14:54: error: unknown name 'crimez' (did you mean 'crimes'?)"});

    // A literal block: the second line of the expression.
    yaml = minimal;
    yaml.replace(yaml.find("score: \"crimes == 0 ? 1 : 0\""),
                 std::string("score: \"crimes == 0 ? 1 : 0\"").size(),
                 "score: |\n          crimes == 0\n          ? 1 : crimez");
    EXPECT_EQ(problems_of(yaml),
              std::vector<std::string>{
                  "r.yaml:16:17: error: unknown name 'crimez' (did you mean 'crimes'?)"});
}

TEST(rulebook_loader, columns_count_characters_not_bytes) {
    std::string yaml = minimal;
    yaml.replace(yaml.find("      - id: calm\n"), std::string("      - id: calm\n").size(),
                 "      - {title: \"Không tội phạm\", id: calm, kind: scored, points: 100, score: "
                 "\"crimez\"}\n");
    yaml.erase(yaml.find("        kind: scored\n"),
               yaml.find("    tiers:") - yaml.find("        kind: scored\n"));
    EXPECT_EQ(problems_of(yaml),
              std::vector<std::string>{
                  "r.yaml:11:80: error: unknown name 'crimez' (did you mean 'crimes'?)"});
}

// Found by the rulebook fuzz target (a slow input): each unknown name of an expression was
// placed in the file by walking the expression from its start, so 2,400 names in each of 100
// expressions of 9,597 characters cost about 1.2e9 steps, minutes under the sanitizers (a
// 6.8 MB file of 700 took 34 s of CPU in a release build). One walk per expression places
// them all.
TEST(rulebook_loader, every_name_of_long_expressions_is_placed_in_one_walk) {
    std::string expression = "a";
    for (int i = 1; i < 2400; ++i) {
        expression += " + a";
    }
    std::string yaml = minimal.substr(0, minimal.find("      - id: calm\n"));
    for (int c = 0; c < 100; ++c) {
        yaml += "      - id: c" + std::to_string(c) +
                "\n        kind: scored\n        points: 1\n        score: \"" + expression +
                "\"\n";
    }
    yaml += minimal.substr(minimal.find("    tiers:"));

    const auto start = std::chrono::steady_clock::now();
    const std::vector<std::string> problems = problems_of(yaml);
    const auto seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    ASSERT_EQ(problems.size(), 101U);
    // The first expression starts at line 14, column 17; its names are 4 columns apart.
    for (std::size_t n = 0; n < 100; ++n) {
        EXPECT_EQ(problems[n],
                  "r.yaml:14:" + std::to_string(17 + 4 * n) + ": error: unknown name 'a'");
    }
    EXPECT_EQ(problems[100],
              "r.yaml: error: and 239900 more problems in this file (only the first 100 are "
              "shown)");
    EXPECT_LT(seconds, 60.0);  // a guard against the quadratic walk, not a speed target
}

// Columns are counted with per-block counts of UTF-8 continuation bytes: a line much longer
// than a block, Vietnamese text before the name, names on either side of a block's end.
TEST(rulebook_loader, columns_count_characters_on_a_long_line_of_vietnamese) {
    std::string title;
    for (int i = 0; i < 60; ++i) {
        title += "Tổ dân phố ";  // 11 characters, 15 bytes
    }
    for (const std::size_t pad : {0U, 1U, 2U, 3U, 200U}) {
        const std::string line = "      - {title: \"" + title + std::string(pad, 'x') +
                                 "\", id: calm, kind: scored, points: 100, score: \"crimez\"}";
        std::string yaml = minimal;
        yaml.replace(yaml.find("      - id: calm\n"), std::string("      - id: calm\n").size(),
                     line + "\n");
        yaml.erase(yaml.find("        kind: scored\n"),
                   yaml.find("    tiers:") - yaml.find("        kind: scored\n"));
        const std::string before = line.substr(0, line.find("crimez"));
        const auto column = 1 + std::count_if(before.begin(), before.end(), [](char c) {
                                return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
                            });
        EXPECT_EQ(problems_of(yaml),
                  std::vector<std::string>{"r.yaml:11:" + std::to_string(column) +
                                           ": error: unknown name 'crimez' (did you mean "
                                           "'crimes'?)"})
            << pad;
    }
}

TEST(rulebook_loader, crlf_line_ends_and_a_byte_order_mark_do_not_move_positions) {
    std::string yaml = "\xEF\xBB\xBF" + minimal;
    yaml.replace(yaml.find("crimes == 0 ? 1 : 0"), 6, "crimez");
    std::string crlf;
    for (const char c : yaml) {
        crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    }
    EXPECT_EQ(problems_of(crlf),
              std::vector<std::string>{
                  "r.yaml:14:17: error: unknown name 'crimez' (did you mean 'crimes'?)"});
    EXPECT_EQ(antq::parse_rulebook("\xEF\xBB\xBF" + minimal, "r.yaml").id, "small");
}

TEST(rulebook_loader, refuses_a_file_above_eight_mebibytes_before_reading_it) {
    const scratch_dir dir;
    const fs::path file = dir.path() / "huge.yaml";
    {
        // A 50 MB expression: the file is refused on its size, never parsed.
        std::ofstream out(file, std::ios::binary);
        out << minimal.substr(0, minimal.find("score: ")) << "score: \"";
        const std::string chunk(1 << 20, '1');
        for (int i = 0; i < 50; ++i) {
            out << chunk;
        }
        out << "\"\n";
    }
    const auto size = fs::file_size(file);
    try {
        (void)antq::load_rulebook(file);
        FAIL() << "a 50 MB file loaded";
    } catch (const antq::input_error& e) {
        EXPECT_EQ(messages(e.diagnostics()),
                  std::vector<std::string>{file.string() + ": error: file is too large (" +
                                           std::to_string(size) +
                                           " bytes; a rulebook may have at most 8388608 bytes)"});
    }
    const auto check = antq::check_rulebook(file);
    EXPECT_FALSE(check.ok());
    EXPECT_EQ(check.diagnostics.size(), 1U);
}

TEST(rulebook_loader, refuses_a_long_expression_written_in_code) {
    antq::rulebook book = antq::parse_rulebook(minimal, "r.yaml");
    book.source_text.clear();
    book.locations.clear();
    book.versions[0].criteria[0].score = {std::string(50'000'000, '1'), {}};
    try {
        (void)antq::compile_rulebook(book);
        FAIL() << "a 50 MB expression compiled";
    } catch (const antq::input_error& e) {
        EXPECT_EQ(messages(e.diagnostics()),
                  std::vector<std::string>{
                      "r.yaml: error: expression is too long (50000000 bytes; the limit is 10000) "
                      "(in 'score' of criterion 'calm', column 1)"});
    }
}

TEST(rulebook_loader, refuses_ten_thousand_levels_of_nesting_before_yaml_sees_them) {
    const std::string flow =
        "antq: 1\nid: deep\nnote: " + std::string(10'000, '[') + std::string(10'000, ']') + "\n";
    EXPECT_EQ(
        problems_of(flow),
        std::vector<std::string>{"r.yaml:3:70: error: nesting is too deep (more than 64 levels)"});
    std::string items = "antq: 1\nx:\n";
    for (int i = 0; i < 10'000; ++i) {
        items += "- ";
    }
    items += "1\n";
    EXPECT_EQ(
        problems_of(items),
        std::vector<std::string>{"r.yaml:3:129: error: nesting is too deep (more than 64 levels)"});
    // Brackets inside quotes and comments are text.
    const std::string quoted =
        "antq: 1\nnote: \"" + std::string(100, '[') + "\" # " + std::string(100, '{') + "\n";
    EXPECT_EQ(problems_of(quoted).front(),
              "r.yaml:1:1: error: missing key 'subject' in the rulebook");
}

TEST(rulebook_loader, reports_the_first_invalid_utf8_byte) {
    EXPECT_EQ(
        problems_of("antq: 1\ntitle: \"Ví d\xE1\xBB\"\n"),
        std::vector<std::string>{
            "r.yaml:2:13: error: invalid UTF-8 (byte 0xE1); rulebooks must be saved as UTF-8"});
    // Overlong forms and surrogates are not UTF-8 either.
    EXPECT_EQ(problems_of("antq: 1\nid: \xC0\xAF\n").front(),
              "r.yaml:2:5: error: invalid UTF-8 (byte 0xC0); rulebooks must be saved as UTF-8");
    EXPECT_EQ(problems_of("antq: 1\nid: \xED\xA0\x80\n").front(),
              "r.yaml:2:5: error: invalid UTF-8 (byte 0xED); rulebooks must be saved as UTF-8");
}

TEST(rulebook_loader, a_missing_file_is_an_io_error) {
    EXPECT_THROW((void)antq::load_rulebook(rulebook_test_data() / "no-such-file.yaml"),
                 antq::io_error);
    EXPECT_THROW((void)antq::check_rulebook(rulebook_test_data() / "no-such-file.yaml"),
                 antq::io_error);
}

TEST(rulebook_loader, version_for_picks_the_latest_version_in_force_on_the_last_day) {
    const auto book = antq::load_rulebook(rulebook_test_data() / "good" / "tt124-residential.yaml");
    // Residential areas: 2022 is 2021-11-01..2022-10-31, which ends after 2022-02-10.
    EXPECT_EQ(book.version_for(antq::period::parse("2022", book.period)).version, "tt124-2021");
    EXPECT_EQ(book.version_for(antq::period::parse("2021", book.period)).version, "tt23-2012");
    // A period ending the day before the new circular is still under the old one.
    EXPECT_EQ(book.version_for(antq::period::parse("2022-01-10/2022-02-09")).version, "tt23-2012");
    EXPECT_EQ(book.version_for(antq::period::parse("2022-01-10/2022-02-10")).version, "tt124-2021");
    EXPECT_EQ(book.version_index_for(antq::period::parse("2012-Q1")), std::nullopt);
    try {
        (void)book.version_for(antq::period::parse("2012-Q1"));
        FAIL();
    } catch (const antq::usage_error& e) {
        EXPECT_STREQ(e.what(),
                     "rulebook 'tt124-residential' has no version in force on 2012-03-31 (the last "
                     "day of period 2012-01-01/2012-03-31); its first version takes effect on "
                     "2012-06-18");
    }
}

TEST(rulebook_loader, check_returns_lint_warnings_for_a_valid_rulebook) {
    std::string yaml = minimal;
    yaml.replace(yaml.find("score >= 50"), 11, "score >= 120");
    const auto check = antq::check_rulebook_text(yaml, "r.yaml");
    ASSERT_TRUE(check.ok());
    EXPECT_EQ(messages(check.diagnostics),
              std::vector<std::string>{
                  "r.yaml:18:15: warning: tier 'good' cannot be reached: it needs a score of at "
                  "least 120, and the maximum is 100"});
}

TEST(rulebook_loader, reads_test_case_files) {
    const auto cases =
        antq::load_rulebook_cases(rulebook_test_data() / "good" / "model-effectiveness.cases.yaml");
    EXPECT_EQ(cases.rulebook, "model-effectiveness");
    ASSERT_EQ(cases.tests.size(), 2U);
    EXPECT_EQ(cases.tests[0].expect.failed, std::vector<std::string>{"no_serious_crime"});
    EXPECT_EQ(cases.tests[0].previous.at("crimes"), antq::test_value(5.0));
    EXPECT_EQ(cases.tests[1].indicators.at("patrols"), antq::test_value{});
    EXPECT_EQ(cases.tests[1].expect.score, (std::pair{100.0, 100.0}));
    EXPECT_EQ(cases.tests[1].expect.status, "evaluated");

    const auto list = antq::parse_rulebook_cases("- name: a\n  period: \"2024\"\n", "x.cases.yaml");
    EXPECT_EQ(list.rulebook, "");
    EXPECT_EQ(list.tests.at(0).name, "a");
    try {
        (void)antq::parse_rulebook_cases("tests:\n  - name: a\n    expect: {rank: 0}\n",
                                         "x.cases.yaml");
        FAIL();
    } catch (const antq::input_error& e) {
        EXPECT_EQ(
            messages(e.diagnostics()),
            std::vector<std::string>{"x.cases.yaml:3:20: error: 'rank' must be 1 or more, got 0"});
    }
}

// ---- Hostile rulebooks (issue 16): refused with a clear message at their place ----

std::string replaced(std::string text, std::string_view from, std::string_view to) {
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) {
        text.replace(at, from.size(), to);
    }
    return text;
}

// Before: the ranking key "score " read past its end (std::out_of_range, then terminate).
TEST(rulebook_hostile, ranking_keys_with_stray_spaces_are_reported) {
    const auto check = antq::check_rulebook_text(
        minimal + "    ranking:\n      order: [\"score \", \" \", \" score   asc \"]\n", "r.yaml");
    EXPECT_EQ(messages(check.diagnostics),
              (std::vector<std::string>{
                  "r.yaml:22:15: error: ranking key 'score' needs a direction: 'score desc' or "
                  "'score asc'",
                  "r.yaml:22:25: error: empty ranking key"}));
}

// Before: 1e308 points passed the check, then every score rounded to infinity.
TEST(rulebook_hostile, points_weights_and_parameters_are_bounded) {
    EXPECT_EQ(problems_of(replaced(minimal, "points: 100", "points: 1e308")),
              std::vector<std::string>{"r.yaml:13:17: error: 'points' must be at most 1000000"});
    EXPECT_EQ(problems_of(replaced(minimal, "points: 100", "points: 100\n        weight: 2e6")),
              std::vector<std::string>{"r.yaml:14:17: error: 'weight' must be at most 1000000"});
    EXPECT_EQ(problems_of(replaced(minimal, "    indicators:",
                                   "    parameters:\n      big: -1e300\n    indicators:")),
              std::vector<std::string>{"r.yaml:9:7: error: parameter 'big' must be between "
                                       "-1000000000000 and 1000000000000"});
    EXPECT_TRUE(problems_of(replaced(minimal, "points: 100", "points: 1000000")).empty());
}

// Before: criteria whose points add up to infinity made the engine throw from compiling
// with no file or line, out of check_rulebook_text.
TEST(rulebook_hostile, an_engine_that_throws_is_a_diagnostic_of_the_version) {
    antq::engine_registry engines = antq::builtin_engines();
    engines.add("weighted",
                [](const antq::engine_options&, std::span<const antq::criterion_info>,
                   antq::diagnostic_list&) -> std::shared_ptr<const antq::scoring_engine> {
                    throw antq::error("engine 'weighted' gave a non-finite maximum score (inf)");
                });
    const auto check = antq::check_rulebook_text(minimal, "r.yaml", engines);
    EXPECT_FALSE(check.ok());
    EXPECT_EQ(messages(check.diagnostics),
              std::vector<std::string>{
                  "r.yaml:6:5: error: engine 'weighted' gave a non-finite maximum score (inf)"});
}

// A rulebook of `count` derived values, each using the one before (`d0` reads an indicator).
std::string derived_chain(std::size_t count, bool closed) {
    std::string text =
        replaced(minimal, "    criteria:", "    derived:\n      d0: \"crimes\"\n    criteria:");
    std::string chain;
    for (std::size_t i = 1; i < count; ++i) {
        chain += "      d" + std::to_string(i) + ": \"d" + std::to_string(i - 1) + " + 1\"\n";
    }
    if (closed) {
        text = replaced(text, "d0: \"crimes\"", "d0: \"d" + std::to_string(count - 1) + "\"");
    }
    return replaced(text, "      d0:", chain + "      d0:");
}

// Before: 30,000 derived values in a chain overflowed the stack of the compiler.
TEST(rulebook_hostile, long_chains_of_derived_values_do_not_overflow_the_stack) {
    const std::string ok = replaced(derived_chain(10000, false), "score: \"crimes == 0 ? 1 : 0\"",
                                    "score: \"d9999 == 9999 ? 1 : 0\"");
    EXPECT_EQ(antq::check_rulebook_text(ok, "r.yaml").diagnostics.size(), 0U);
    EXPECT_EQ(
        messages(antq::check_rulebook_text(derived_chain(30000, false), "r.yaml").diagnostics),
        std::vector<std::string>{"r.yaml:6:5: error: a version may declare at most 10000 "
                                 "derived values; this one declares 30000"});
}

// Before: each of the cycle's back edges printed the whole open path (20,000 cyclic
// derived values: 1.8 GB of messages).
TEST(rulebook_hostile, cycles_of_derived_values_are_reported_briefly) {
    const auto check = antq::check_rulebook_text(derived_chain(5000, true), "r.yaml");
    ASSERT_FALSE(check.ok());
    ASSERT_EQ(check.diagnostics.size(), 1U);
    EXPECT_EQ(check.diagnostics[0].message,
              "derived values form a cycle: d1 -> d0 -> d4999 -> d4998 -> ... (4993 more) -> "
              "d4 -> d3 -> d2 -> d1");

    // Every value uses d0 and the next one: one cycle per value. At most 20 are listed,
    // and at most 100 diagnostics are kept for a file, each short.
    std::string text = replaced(minimal, "    criteria:", "    derived:\n    criteria:");
    std::string all;
    for (int i = 0; i < 3000; ++i) {
        all += "      d" + std::to_string(i) + ": \"d0 + d" + std::to_string(i + 1) + "\"\n";
    }
    all += "      d3000: \"d0\"\n";
    const auto many = antq::check_rulebook_text(
        replaced(text, "    derived:\n", "    derived:\n" + all), "r.yaml");
    std::size_t length = 0;
    std::size_t cycles = 0;
    for (const auto& d : many.diagnostics) {
        length += d.message.size();
        cycles += d.message.starts_with("derived values form a cycle") ? 1 : 0;
    }
    EXPECT_EQ(cycles, 20U);
    EXPECT_LE(many.diagnostics.size(), 101U);
    EXPECT_LT(length, 20000U);
    EXPECT_TRUE(std::any_of(many.diagnostics.begin(), many.diagnostics.end(),
                            [](const antq::diagnostic& d) {
                                return d.message ==
                                       "derived values form 2981 more cycles (only "
                                       "the first 20 are shown)";
                            }));
}

TEST(rulebook_hostile, absurd_counts_are_refused_before_compiling) {
    std::string criteria;
    for (int i = 0; i < 1001; ++i) {
        criteria += "      - {id: c" + std::to_string(i) +
                    ", kind: scored, points: 1, score: \"crimes == 0 ? 1 : 0\"}\n";
    }
    const std::string text = replaced(minimal, "    criteria:\n", "    criteria:\n" + criteria);
    EXPECT_EQ(problems_of(text),
              std::vector<std::string>{"r.yaml:11:7: error: a version may declare at most 1000 "
                                       "criteria; this one declares 1002"});
}

}  // namespace
