#include <antq/result.hpp>

#include <antq/error.hpp>

#include "evaluation/sample_results.hpp"

#include <gtest/gtest.h>

#include <cmath>

using antq::test_support::sample_columns;
using antq::test_support::sample_header;
using antq::test_support::sample_results;

TEST(text_column, keeps_texts_in_one_buffer_and_appends_columns) {
    antq::text_column a;
    a.push_back("m1");
    a.push_back("");
    a.push_back("Thôn Công Hòa");
    antq::text_column b;
    b.push_back("x");
    a.append(b);
    ASSERT_EQ(a.size(), 4U);
    EXPECT_EQ(a[0], "m1");
    EXPECT_EQ(a[1], "");
    EXPECT_EQ(a[2], "Thôn Công Hòa");
    EXPECT_EQ(a[3], "x");
    EXPECT_EQ(antq::text_column::from_parts(a.chars(), {a.ends().begin(), a.ends().end()}), a);
}

TEST(text_column, rejects_offsets_that_do_not_fit_the_buffer) {
    EXPECT_THROW((void)antq::text_column::from_parts("abc", {2, 1, 3}), antq::usage_error);
    EXPECT_THROW((void)antq::text_column::from_parts("abc", {1, 2}), antq::usage_error);
    EXPECT_THROW((void)antq::text_column::from_parts("abc", {1, 4}), antq::usage_error);
}

TEST(rulebook_results, materialises_a_row_with_its_criteria) {
    const auto r = sample_results();
    ASSERT_EQ(r.size(), 9U);
    const auto row = r.row(*r.find("m1"));
    EXPECT_EQ(row.subject, "m1");
    EXPECT_EQ(row.status, antq::result_status::evaluated);
    EXPECT_EQ(row.score, 72.5);
    EXPECT_EQ(row.max_score, 100.0);
    EXPECT_EQ(row.tier, std::optional<std::size_t>(1));
    EXPECT_EQ(row.tier_id, "average");
    EXPECT_EQ(row.tier_label, "Trung bình");
    EXPECT_EQ(row.action, "improve");
    EXPECT_EQ(row.group, "c1");
    EXPECT_EQ(row.rank, 2U);
    EXPECT_EQ(row.rulebook, "model-effectiveness");
    EXPECT_EQ(row.version, "2022.1");
    ASSERT_EQ(row.criteria.size(), 6U);
    EXPECT_EQ(row.criteria[1].id, "detection");
    EXPECT_EQ(row.criteria[1].points, 30.0);
    EXPECT_TRUE(row.criteria[1].passed);
    EXPECT_TRUE(row.criteria[1].assessed);
    EXPECT_EQ(row.criteria[1].basis, "Điều 5, khoản 2");
}

TEST(rulebook_results, rows_not_evaluated_have_a_message_and_no_tier_or_rank) {
    const auto r = sample_results();
    const auto row = r.row(*r.find("m5"));
    EXPECT_EQ(row.status, antq::result_status::not_eligible);
    EXPECT_EQ(row.message, "hoạt động 90 ngày trong kỳ, cần ít nhất 180");
    EXPECT_TRUE(std::isnan(row.score));
    EXPECT_FALSE(row.tier.has_value());
    EXPECT_EQ(row.tier_id, "");
    EXPECT_EQ(row.rank, antq::no_rank);
    EXPECT_FALSE(row.criteria[1].assessed);
}

TEST(rulebook_results, find_answers_unknown_ids_with_nothing_and_row_checks_its_range) {
    const auto r = sample_results();
    EXPECT_EQ(r.find("m9"), std::optional<std::size_t>(8));
    EXPECT_FALSE(r.find("m10").has_value());
    EXPECT_FALSE(r.find("").has_value());
    try {
        (void)r.row(9);
        FAIL() << "expected usage_error";
    } catch (const antq::usage_error& e) {
        EXPECT_STREQ(e.what(), "results of 'model-effectiveness' have 9 rows; row 9 asked");
    }
}

TEST(rulebook_results, rejects_columns_that_disagree) {
    auto c = sample_columns();
    c.score.pop_back();
    try {
        antq::rulebook_results r(sample_header(), std::move(c));
        FAIL() << "expected usage_error";
    } catch (const antq::usage_error& e) {
        EXPECT_STREQ(e.what(), "results column 'score' has 8 entries, expected 9");
    }
    auto bad_tier = sample_columns();
    bad_tier.tier[0] = 3;
    EXPECT_THROW(antq::rulebook_results(sample_header(), std::move(bad_tier)), antq::usage_error);
    auto bad_group = sample_columns();
    bad_group.group[0] = 2;
    EXPECT_THROW(antq::rulebook_results(sample_header(), std::move(bad_group)), antq::usage_error);
    auto stray_previous = sample_columns();
    stray_previous.previous_rank.assign(9, 0);
    EXPECT_THROW(antq::rulebook_results(sample_header(), std::move(stray_previous)),
                 antq::usage_error);
}

TEST(rulebook_results, set_previous_matches_subjects_by_id) {
    auto current = sample_results();
    // The earlier period knew m1 (as "effective", rank 1) and m3, not the others; it also
    // had m0, which is gone now.
    auto h = sample_header();
    h.period_text = "2023";
    antq::results_columns c;
    c.group_names = {"c1"};
    for (const auto& [id, tier, rank] :
         {std::tuple{"m3", 2, 4U}, std::tuple{"m0", 0, 1U}, std::tuple{"m1", 0, 1U}}) {
        c.subject.push_back(id);
        c.subject_index.push_back(0);
        c.status.push_back(antq::result_status::evaluated);
        c.message.push_back("");
        c.score.push_back(50);
        c.max_score.push_back(100);
        c.tier.push_back(tier);
        c.qualified_tier.push_back(tier);
        c.group.push_back(0);
        c.rank.push_back(rank);
    }
    for (std::size_t k = 0; k < h.criteria.size() * 3; ++k) {
        c.criterion_value.push_back(0);
        c.criterion_points.push_back(0);
        c.criterion_passed.push_back(0);
        c.criterion_assessed.push_back(0);
    }
    const antq::rulebook_results previous(h, std::move(c));
    current.set_previous(previous);
    ASSERT_TRUE(current.has_previous());
    EXPECT_EQ(current.header().previous_period_text, std::optional<std::string>("2023"));
    const auto m1 = current.row(*current.find("m1"));
    EXPECT_EQ(m1.previous_tier, std::optional<std::string>("effective"));
    EXPECT_EQ(m1.previous_rank, 1U);
    const auto m3 = current.row(*current.find("m3"));
    EXPECT_EQ(m3.previous_tier, std::optional<std::string>("poor"));
    EXPECT_EQ(m3.previous_rank, 4U);
    const auto m2 = current.row(*current.find("m2"));
    EXPECT_FALSE(m2.previous_tier.has_value());
    EXPECT_EQ(m2.previous_rank, antq::no_rank);
}

TEST(result_status, names_match_the_spec) {
    EXPECT_EQ(antq::to_string(antq::result_status::evaluated), "evaluated");
    EXPECT_EQ(antq::to_string(antq::result_status::not_eligible), "not_eligible");
    EXPECT_EQ(antq::to_string(antq::result_status::error), "error");
}
