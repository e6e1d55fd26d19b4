// Tests for include/antq/data_check.hpp and how the evaluation reads a cell that is not a
// number: on a copy of the Quảng Trung example with one cell changed, only that village
// and period become an error, named by the cell's file:line:col and its text; check_data
// lists every refused cell at once; models outside their life are not eligible with that
// reason, in English and Vietnamese.

#include <antq/data_check.hpp>
#include <antq/evaluate.hpp>
#include <antq/explain.hpp>

#include "antq/evaluation/ineligibility.hpp"
#include "support/scratch_path.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

const fs::path quang_trung_data = fs::path(ANTQ_SOURCE_DIR) / "examples/data/quang-trung";
const fs::path shipped_rulebooks = fs::path(ANTQ_SOURCE_DIR) / "rulebooks";

std::string read_all(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void write_all(const fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << text;
}

/// A fresh copy of the example in a folder of its own.
fs::path copy_example(const std::string& name) {
    const fs::path dir = antq::test_support::scratch_path("data-check-" + name);
    fs::remove_all(dir);
    fs::copy(quang_trung_data, dir, fs::copy_options::recursive);
    return dir;
}

/// Replaces the first occurrence of `from` in `file` (which must hold it).
void replace_in(const fs::path& file, const std::string& from, const std::string& to) {
    std::string text = read_all(file);
    const auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    write_all(file, text);
}

// Line 8 of observations.csv is qt-trung-thon in 2024; column 6 is `households`, a count
// in tt124-residential. Line 32 is qt-ha-thon in 2024, line 7 qt-trung-thon in 2023.
constexpr const char* trung_thon_2024 = "qt-trung-thon,2024,1,,1,407,";
constexpr const char* trung_thon_2023 = "qt-trung-thon,2023,1,,1,406,";
constexpr const char* ha_thon_2024 = "qt-ha-thon,2024,1,,1,344,";

std::string with_households(std::string row, const std::string& cell) {
    row.replace(row.size() - 4, 3, cell);
    return row;
}

const antq::rulebook_results& residential(const antq::evaluation& e) {
    return e.at("tt124-residential");
}

class mistyped_cell_test : public ::testing::TestWithParam<std::pair<std::string, std::string>> {};

// One bad cell spoils its own village in its own period, and nothing else: the column's
// type comes from the rulebook (a count), not from a vote of the data.
TEST_P(mistyped_cell_test, spoils_only_its_subject_and_period) {
    const auto& [written, read] = GetParam();
    const fs::path dir = copy_example("cell-" + std::to_string(std::hash<std::string>{}(written)));
    replace_in(dir / "observations.csv", trung_thon_2024,
               with_households(trung_thon_2024, written));
    const auto data = antq::load_dataset(dir);
    const auto rules = antq::rulebook_set::load(shipped_rulebooks);

    const auto e2024 = antq::evaluate(data, rules, "2024");
    const auto& r = residential(e2024);
    std::size_t errors = 0;
    for (std::size_t row = 0; row < r.size(); ++row) {
        const auto s = r.row(row);
        if (s.subject == "qt-trung-thon") {
            EXPECT_EQ(s.status, antq::result_status::error);
            EXPECT_EQ(s.message, (dir / "observations.csv").string() +
                                     ":8:6: indicator 'households' of subject 'qt-trung-thon' in "
                                     "period 2024 must be a count (a whole number >= 0), not '" +
                                     read + "'");
        }
        errors += s.status == antq::result_status::error ? 1 : 0;
    }
    EXPECT_EQ(errors, 1U);
    EXPECT_EQ(r.size(), 8U);  // the eight villages

    // The same village in another period reads its own, good row.
    const auto e2023 = antq::evaluate(data, rules, "2023");
    const auto row = residential(e2023).find("qt-trung-thon");
    ASSERT_TRUE(row);
    EXPECT_EQ(residential(e2023).row(*row).status, antq::result_status::evaluated);
}

INSTANTIATE_TEST_SUITE_P(Texts, mistyped_cell_test,
                         ::testing::Values(std::pair<std::string, std::string>{"abc", "abc"},
                                           std::pair<std::string, std::string>{"+5", "+5"},
                                           std::pair<std::string, std::string>{"\"1,5\"", "1,5"},
                                           std::pair<std::string, std::string>{"NaN", "NaN"},
                                           std::pair<std::string, std::string>{"١٢", "١٢"}));

TEST(check_data, the_shipped_example_is_clean) {
    const auto data = antq::load_dataset(quang_trung_data);
    const auto rules = antq::rulebook_set::load(shipped_rulebooks);
    EXPECT_TRUE(antq::check_data(data, rules).empty());
    antq::data_check_options one;
    one.period = "2024";
    EXPECT_TRUE(antq::check_data(data, rules, one).empty());
}

std::vector<std::string> texts(const std::vector<antq::diagnostic>& ds) {
    std::vector<std::string> out;
    for (const auto& d : ds) {
        out.push_back(d.to_string());
    }
    return out;
}

// Every refused cell at once, each at its place, sorted; --period narrows to that period.
TEST(check_data, lists_every_refused_cell_at_once) {
    const fs::path dir = copy_example("many");
    const fs::path file = dir / "observations.csv";
    replace_in(file, trung_thon_2024, with_households(trung_thon_2024, "abc"));
    replace_in(file, trung_thon_2023, with_households(trung_thon_2023, "2.5"));
    replace_in(file, ha_thon_2024, with_households(ha_thon_2024, "-3"));
    const auto data = antq::load_dataset(dir);
    const auto rules = antq::rulebook_set::load(shipped_rulebooks);
    const std::string f = file.string();
    const std::string count = "must be a count (a whole number >= 0)";
    EXPECT_EQ(texts(antq::check_data(data, rules)),
              (std::vector<std::string>{
                  f +
                      ":7:6: error: indicator 'households' of subject 'qt-trung-thon' in period "
                      "2023 " +
                      count + ", not 2.5",
                  f +
                      ":8:6: error: indicator 'households' of subject 'qt-trung-thon' in period "
                      "2024 " +
                      count + ", not 'abc'",
                  f +
                      ":32:6: error: indicator 'households' of subject 'qt-ha-thon' in period "
                      "2024 " +
                      count + ", not -3",
              }));
    antq::data_check_options only_2024;
    only_2024.period = "2024";
    EXPECT_EQ(antq::check_data(data, rules, only_2024).size(), 2U);

    // Bounded per file, with what was left out counted.
    antq::data_check_options one;
    one.limit_per_file = 1;
    EXPECT_EQ(texts(antq::check_data(data, rules, one)),
              (std::vector<std::string>{
                  f +
                      ":7:6: error: indicator 'households' of subject 'qt-trung-thon' in period "
                      "2023 " +
                      count + ", not 2.5",
                  f + ": error: and 2 more problems in this file",
              }));
}

// The last line of a capped list is in the officer's language too, with the Vietnamese
// thousands separator; the line that says how many were shown keeps its number.
TEST(check_data, says_in_vietnamese_how_many_problems_were_left_out) {
    using antq::result_status;
    EXPECT_EQ(antq::reason_text(result_status::error, "and 19,540 more problems in this file",
                                antq::language::vi),
              "và 19.540 vấn đề khác trong tệp này");
    EXPECT_EQ(antq::reason_text(result_status::error,
                                "and 7 more problems in this file (only the first 100 are shown)",
                                antq::language::vi),
              "và 7 vấn đề khác trong tệp này (chỉ hiện 100 vấn đề đầu)");
    EXPECT_EQ(antq::reason_text(result_status::error, "and 19,540 more problems in this file",
                                antq::language::en),
              "and 19,540 more problems in this file");
}

// A blank where the rulebook requires a value (missing: error) is named at its cell.
TEST(check_data, names_a_blank_required_cell) {
    const fs::path dir = copy_example("blank");
    replace_in(dir / "observations.csv", trung_thon_2024, with_households(trung_thon_2024, ""));
    const auto data = antq::load_dataset(dir);
    const auto rules = antq::rulebook_set::load(shipped_rulebooks);
    antq::data_check_options only_2024;
    only_2024.period = "2024";
    EXPECT_EQ(texts(antq::check_data(data, rules, only_2024)),
              (std::vector<std::string>{(dir / "observations.csv").string() +
                                        ":8:6: error: missing indicator 'households' for subject "
                                        "'qt-trung-thon' in period 2024"}));
}

TEST(check_data, unreadable_period_is_a_usage_error) {
    const auto data = antq::load_dataset(quang_trung_data);
    const auto rules = antq::rulebook_set::load(shipped_rulebooks);
    antq::data_check_options bad;
    bad.period = "20x4";
    EXPECT_THROW(static_cast<void>(antq::check_data(data, rules, bad)), antq::usage_error);
}

// A model that stopped before the period, or was founded after it, is not eligible with
// that reason, never "active 0 months".
TEST(model_life, ended_and_not_yet_founded_models_are_not_eligible_with_their_reason) {
    const fs::path dir = copy_example("life");
    replace_in(dir / "models.csv", "quang-trung,2013-03-01,,",
               "quang-trung,2013-03-01,2023-06-20,");
    replace_in(dir / "models.csv", "quang-trung,2019-06-26,,", "quang-trung,2025-03-01,,");
    const auto data = antq::load_dataset(dir);
    const auto rules = antq::rulebook_set::load(shipped_rulebooks / "model-effectiveness.yaml");
    const auto e = antq::evaluate(data, rules, "2024");
    const auto& r = e.at("model-effectiveness");
    const auto ended = r.find("qt-m01");
    const auto later = r.find("qt-m02");
    ASSERT_TRUE(ended && later);
    EXPECT_EQ(r.row(*ended).status, antq::result_status::not_eligible);
    EXPECT_EQ(r.row(*ended).message, "ended on 2023-06-20, before period 2024");
    EXPECT_EQ(r.row(*later).status, antq::result_status::not_eligible);
    EXPECT_EQ(r.row(*later).message, "founded on 2025-03-01, after period 2024");
    using antq::language;
    EXPECT_EQ(
        antq::reason_text(antq::result_status::not_eligible, r.row(*ended).message, language::vi),
        "đã dừng hoạt động từ 20/06/2023 (trước kỳ 2024)");
    EXPECT_EQ(
        antq::reason_text(antq::result_status::not_eligible, r.row(*later).message, language::vi),
        "thành lập sau kỳ đánh giá 2024 (ngày 01/03/2025)");
    EXPECT_EQ(
        antq::reason_text(antq::result_status::not_eligible, r.row(*ended).message, language::en),
        "ended on 2023-06-20, before period 2024");
    // In a period the model ran, it is evaluated as before.
    const auto e2023 = antq::evaluate(data, rules, "2023");
    const auto& r2023 = e2023.at("model-effectiveness");
    EXPECT_NE(r2023.row(*r2023.find("qt-m01")).status, antq::result_status::not_eligible);
    // The explanation gives the same reason.
    const auto explained = antq::explain(e, "qt-m01", language::vi);
    ASSERT_FALSE(explained.empty());
    EXPECT_NE(explained.front().text.find("đã dừng hoạt động từ 20/06/2023"), std::string::npos)
        << explained.front().text;
}

TEST(model_life, reasons_read_back) {
    using antq::detail::evaluation::ineligibility;
    using antq::detail::evaluation::read_ineligibility;
    using antq::detail::evaluation::to_message;
    ineligibility ended;
    ended.period = "2025";
    ended.why = ineligibility::reason::ended;
    ended.on = antq::parse_date("2024-12-20");
    EXPECT_EQ(to_message(ended), "ended on 2024-12-20, before period 2025");
    EXPECT_EQ(read_ineligibility(to_message(ended)), ended);
    EXPECT_EQ(antq::detail::evaluation::to_vietnamese(ended),
              "đã dừng hoạt động từ 20/12/2024 (trước kỳ 2025)");
    ineligibility founded = ended;
    founded.why = ineligibility::reason::not_founded;
    EXPECT_EQ(read_ineligibility(to_message(founded)), founded);
    EXPECT_FALSE(read_ineligibility("ended on 2024-13-40, before period 2025"));
    EXPECT_FALSE(read_ineligibility("ended on 2024-12-20 before period 2025"));
}

}  // namespace
