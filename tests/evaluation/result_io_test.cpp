#include <antq/result_io.hpp>

#include <antq/error.hpp>

#include "evaluation/sample_results.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

using antq::result_format;
using antq::test_support::sample_columns;
using antq::test_support::sample_header;

namespace {

/// The first three rows of the sample (m1 evaluated, m5 not eligible, m6 error) with a
/// label holding a comma and a quote to exercise quoting.
std::vector<antq::rulebook_results> three_rows() {
    auto h = sample_header();
    h.tiers[1].action = "improve, \"soon\"";
    auto all = sample_columns();
    const std::vector<std::size_t> keep = {0, 4, 5};
    const std::size_t n = all.status.size();
    antq::results_columns c;
    c.group_names = all.group_names;
    for (const std::size_t i : keep) {
        c.subject.push_back(all.subject[i]);
        c.subject_index.push_back(all.subject_index[i]);
        c.status.push_back(all.status[i]);
        c.message.push_back(all.message[i]);
        c.score.push_back(all.score[i]);
        c.max_score.push_back(all.max_score[i]);
        c.tier.push_back(all.tier[i]);
        c.qualified_tier.push_back(all.qualified_tier[i]);
        c.group.push_back(all.group[i]);
        c.rank.push_back(all.rank[i]);
    }
    for (std::size_t k = 0; k < h.criteria.size(); ++k) {
        for (const std::size_t i : keep) {
            c.criterion_value.push_back(all.criterion_value[k * n + i]);
            c.criterion_points.push_back(all.criterion_points[k * n + i]);
            c.criterion_passed.push_back(all.criterion_passed[k * n + i]);
            c.criterion_assessed.push_back(all.criterion_assessed[k * n + i]);
        }
    }
    std::vector<antq::rulebook_results> out;
    out.emplace_back(h, std::move(c));
    return out;
}

}  // namespace

TEST(format_results, csv_has_exactly_the_spec_columns_and_quotes_when_needed) {
    EXPECT_EQ(antq::format_results(three_rows(), result_format::csv),
              "subject,period,rulebook,version,status,score,max_score,tier,action,group,rank\n"
              "m1,2024,model-effectiveness,2022.1,evaluated,72.50,100.00,average,"
              "\"improve, \"\"soon\"\"\",c1,2\n"
              "m5,2024,model-effectiveness,2022.1,not_eligible,,,,,c1,\n"
              "m6,2024,model-effectiveness,2022.1,error,,,,,c2,\n");
}

TEST(format_results, json_has_the_same_columns_with_nulls_for_missing_values) {
    EXPECT_EQ(
        antq::format_results(three_rows(), result_format::json),
        "[\n"
        "  {\"subject\": \"m1\", \"period\": \"2024\", \"rulebook\": \"model-effectiveness\", "
        "\"version\": \"2022.1\", \"status\": \"evaluated\", \"score\": 72.50, "
        "\"max_score\": 100.00, \"tier\": \"average\", \"action\": \"improve, \\\"soon\\\"\", "
        "\"group\": \"c1\", \"rank\": 2},\n"
        "  {\"subject\": \"m5\", \"period\": \"2024\", \"rulebook\": \"model-effectiveness\", "
        "\"version\": \"2022.1\", \"status\": \"not_eligible\", \"score\": null, "
        "\"max_score\": null, \"tier\": null, \"action\": null, \"group\": \"c1\", "
        "\"rank\": null},\n"
        "  {\"subject\": \"m6\", \"period\": \"2024\", \"rulebook\": \"model-effectiveness\", "
        "\"version\": \"2022.1\", \"status\": \"error\", \"score\": null, "
        "\"max_score\": null, \"tier\": null, \"action\": null, \"group\": \"c2\", "
        "\"rank\": null}\n"
        "]\n");
    EXPECT_EQ(antq::format_results({}, result_format::json), "[]\n");
}

TEST(format_results, table_aligns_columns_by_characters_and_lists_why_subjects_were_not_evaluated) {
    auto results = three_rows();
    auto h = results[0].header();
    auto c = results[0].columns();
    c.group_names[1] = "Xã Đông";  // 7 characters, 10 bytes
    results[0] = antq::rulebook_results(h, c);
    EXPECT_EQ(
        antq::format_results(results, result_format::table),
        "subject  period  rulebook             version  status        score  max_score  "
        "tier     action           group    rank\n"
        "m1       2024    model-effectiveness  2022.1   evaluated     72.50     100.00  "
        "average  improve, \"soon\"  c1          2\n"
        "m5       2024    model-effectiveness  2022.1   not_eligible                    "
        "                          c1\n"
        "m6       2024    model-effectiveness  2022.1   error                           "
        "                          Xã Đông\n"
        "m5 (model-effectiveness): not_eligible: hoạt động 90 ngày trong kỳ, cần ít nhất 180\n"
        "m6 (model-effectiveness): error: thiếu chỉ tiêu 'crimes' của m6 trong kỳ 2024\n");
}

TEST(format_results, previous_columns_appear_when_compared) {
    auto results = three_rows();
    auto previous_header = sample_header();
    previous_header.period_text = "2023";
    antq::results_columns c;
    c.group_names = {"c1"};
    c.subject.push_back("m1");
    c.subject_index.push_back(0);
    c.status.push_back(antq::result_status::evaluated);
    c.message.push_back("");
    c.score.push_back(90);
    c.max_score.push_back(100);
    c.tier.push_back(0);
    c.qualified_tier.push_back(0);
    c.group.push_back(0);
    c.rank.push_back(1);
    for (std::size_t k = 0; k < previous_header.criteria.size(); ++k) {
        c.criterion_value.push_back(0);
        c.criterion_points.push_back(0);
        c.criterion_passed.push_back(0);
        c.criterion_assessed.push_back(0);
    }
    results[0].set_previous(antq::rulebook_results(previous_header, std::move(c)));
    const auto csv = antq::format_results(results, result_format::csv);
    EXPECT_EQ(csv.substr(0, csv.find('\n', csv.find('\n') + 1) + 1),
              "subject,period,rulebook,version,status,score,max_score,tier,action,group,rank,"
              "previous_tier,previous_rank\n"
              "m1,2024,model-effectiveness,2022.1,evaluated,72.50,100.00,average,"
              "\"improve, \"\"soon\"\"\",c1,2,effective,1\n");
    EXPECT_NE(antq::format_results(results, result_format::json)
                  .find("\"previous_tier\": \"effective\", \"previous_rank\": 1}"),
              std::string::npos);
    EXPECT_NE(antq::format_results(results, result_format::json)
                  .find("\"previous_tier\": null, \"previous_rank\": null}"),
              std::string::npos);
}

TEST(format_results, scores_use_the_rounding_digits_and_never_print_negative_zero) {
    auto h = sample_header();
    h.rounding_digits = 0;
    auto c = sample_columns();
    c.score[0] = -0.0;
    const std::vector<antq::rulebook_results> results = {antq::rulebook_results(h, c)};
    const auto csv = antq::format_results(results, result_format::csv);
    EXPECT_NE(csv.find("m1,2024,model-effectiveness,2022.1,evaluated,0,100,average,"),
              std::string::npos);
}

TEST(parse_result_format, reads_the_three_names) {
    EXPECT_EQ(antq::parse_result_format("table"), result_format::table);
    EXPECT_EQ(antq::parse_result_format("csv"), result_format::csv);
    EXPECT_EQ(antq::parse_result_format("json"), result_format::json);
    try {
        (void)antq::parse_result_format("xml");
        FAIL() << "expected usage_error";
    } catch (const antq::usage_error& e) {
        EXPECT_STREQ(e.what(), "unknown format 'xml' (expected table, csv or json)");
    }
}

TEST(save_results, writes_the_file_whole) {
    const auto dir = std::filesystem::path(ANTQ_BINARY_DIR) / "tests" / "evaluation-out";
    std::filesystem::create_directories(dir);
    const auto file = dir / "results.csv";
    antq::save_results(file, three_rows(), result_format::csv);
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_EQ(text.str(), antq::format_results(three_rows(), result_format::csv));
    std::ostringstream stream;
    antq::write_results(stream, three_rows(), result_format::csv);
    EXPECT_EQ(stream.str(), text.str());
}

TEST(save_results, an_unwritable_place_is_an_io_error) {
    EXPECT_THROW(
        antq::save_results("/nonexistent-folder/results.csv", three_rows(), result_format::csv),
        antq::io_error);
}
