#include <antq/rule_diff.hpp>

#include <antq/dataset.hpp>
#include <antq/error.hpp>
#include <antq/evaluate.hpp>
#include <antq/rulebook_loader.hpp>
#include <antq/rulebook_set.hpp>

#include "antq/toolkit/rank_correlation.hpp"
#include "support/replaced.hpp"
#include "toolkit/toolkit_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace antq {
namespace {

using test_support::patrol_text;
using test_support::replaced;

using ::testing::ElementsAre;

// ---- Rank correlations against values computed by hand ----

TEST(spearman_rho, without_ties_is_one_minus_six_sum_d_squared_over_n_n2_minus_1) {
    // d = (0, -1, 1, -1, 1): sum d^2 = 4; 1 - 6*4 / (5*24) = 0.8.
    const std::vector<double> x{1, 2, 3, 4, 5};
    const std::vector<double> y{2, 1, 4, 3, 5};
    EXPECT_DOUBLE_EQ(spearman_rho(x, y), 0.8);
}

TEST(spearman_rho, ties_share_the_mean_of_their_ranks) {
    // Ranks x: 1, 2.5, 2.5, 4; y: 1, 3.5, 2, 3.5. Centred on 2.5: sxy 3.75, sxx 4.5,
    // syy 4.5: rho = 3.75 / 4.5 = 5/6.
    const std::vector<double> x{1, 2, 2, 3};
    const std::vector<double> y{1, 3, 2, 3};
    EXPECT_DOUBLE_EQ(spearman_rho(x, y), 5.0 / 6.0);
    const std::vector<double> a{1, 1, 2, 2};
    const std::vector<double> b{2, 2, 1, 1};
    EXPECT_DOUBLE_EQ(spearman_rho(a, b), -1.0);
}

TEST(kendall_tau_b, without_ties_is_concordant_minus_discordant_over_pairs) {
    // Of 10 pairs, (1,2) and (3,4) are discordant: (8 - 2) / 10.
    const std::vector<double> x{1, 2, 3, 4, 5};
    const std::vector<double> y{2, 1, 4, 3, 5};
    EXPECT_DOUBLE_EQ(kendall_tau_b(x, y), 0.6);
}

TEST(kendall_tau_b, ties_leave_their_pairs_out_of_the_numerator_and_shrink_the_denominator) {
    // 6 pairs: 4 concordant, one tied in x only, one tied in y only: 4 / sqrt(5 * 5).
    const std::vector<double> x{1, 2, 2, 3};
    const std::vector<double> y{1, 3, 2, 3};
    EXPECT_DOUBLE_EQ(kendall_tau_b(x, y), 0.8);
    // Two pairs tied in both, four discordant: (0 - 4) / sqrt(4 * 4).
    const std::vector<double> a{1, 1, 2, 2};
    const std::vector<double> b{2, 2, 1, 1};
    EXPECT_DOUBLE_EQ(kendall_tau_b(a, b), -1.0);
}

// The definition, pair by pair: what Knight's algorithm must agree with.
double kendall_by_pairs(const std::vector<double>& x, const std::vector<double>& y) {
    double concordant = 0;
    double discordant = 0;
    double x_ties = 0;
    double y_ties = 0;
    double pairs = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        for (std::size_t j = i + 1; j < x.size(); ++j) {
            ++pairs;
            const double dx = x[i] - x[j];
            const double dy = y[i] - y[j];
            x_ties += dx == 0 ? 1 : 0;
            y_ties += dy == 0 ? 1 : 0;
            if (dx * dy > 0) {
                ++concordant;
            } else if (dx * dy < 0) {
                ++discordant;
            }
        }
    }
    return (concordant - discordant) / std::sqrt((pairs - x_ties) * (pairs - y_ties));
}

TEST(kendall_tau_b, agrees_with_the_pairwise_definition_on_many_ties) {
    std::mt19937 random(20241116);
    std::uniform_int_distribution<int> value(0, 6);
    for (int round = 0; round < 50; ++round) {
        std::vector<double> x(37);
        std::vector<double> y(37);
        for (std::size_t i = 0; i < x.size(); ++i) {
            x[i] = value(random);
            y[i] = value(random) + (x[i] > 3 ? 2 : 0);
        }
        EXPECT_NEAR(kendall_tau_b(x, y), kendall_by_pairs(x, y), 1e-12);
    }
}

TEST(rank_correlations, are_undefined_for_fewer_than_two_pairs_or_a_constant_side) {
    const std::vector<double> one{1};
    EXPECT_TRUE(std::isnan(spearman_rho(one, one)));
    EXPECT_TRUE(std::isnan(kendall_tau_b(one, one)));
    const std::vector<double> flat{3, 3, 3};
    const std::vector<double> rising{1, 2, 3};
    EXPECT_TRUE(std::isnan(spearman_rho(flat, rising)));
    EXPECT_TRUE(std::isnan(kendall_tau_b(rising, flat)));
}

TEST(rank_correlations, refuse_sizes_that_differ_and_nan) {
    const std::vector<double> two{1, 2};
    const std::vector<double> three{1, 2, 3};
    const std::vector<double> with_nan{1, std::nan(""), 3};
    EXPECT_THROW(static_cast<void>(spearman_rho(two, three)), usage_error);
    EXPECT_THROW(static_cast<void>(kendall_tau_b(three, with_nan)), usage_error);
}

TEST(rank_correlations, with_itself_are_those_of_the_general_functions_bit_for_bit) {
    const auto expect_same = [](const std::vector<double>& x) {
        const auto fast = detail::correlations_with_itself(x);
        const double rho = spearman_rho(x, x);
        const double tau = kendall_tau_b(x, x);
        EXPECT_EQ(std::isnan(fast.spearman), std::isnan(rho)) << x.size();
        EXPECT_EQ(std::isnan(fast.kendall_tau_b), std::isnan(tau)) << x.size();
        if (!std::isnan(rho)) {
            EXPECT_EQ(fast.spearman, rho) << x.size();  // exactly, not near
        }
        if (!std::isnan(tau)) {
            EXPECT_EQ(fast.kendall_tau_b, tau) << x.size();
        }
    };
    expect_same({});
    expect_same({4});
    expect_same({2, 2, 2});
    expect_same({1, 2});
    expect_same({3, 1, 3, 1, 2});
    std::mt19937 random(20261203);
    for (const int distinct : {2, 7, 100, 100000}) {
        for (const std::size_t n :
             {std::size_t{3}, std::size_t{41}, std::size_t{1000}, std::size_t{65537}}) {
            std::uniform_int_distribution<int> value(0, distinct - 1);
            std::vector<double> x(n);
            for (auto& v : x) {
                v = value(random) * 0.25;
            }
            expect_same(x);
        }
    }
    const std::vector<double> with_nan{1, std::nan(""), 3};
    EXPECT_THROW(static_cast<void>(detail::correlations_with_itself(with_nan)), usage_error);
}

// ---- Comparing the old and new rules on a small dataset ----

// One commune, two villages, five models; m5 has no patrols (an error under both rules).
dataset small_dataset() {
    using test_support::make_model;
    return test_support::make_dataset(
        {{"c1", "commune", "Xã Một", ""},
         {"v1", "village", "Thôn Một", "c1"},
         {"v2", "village", "Thôn Hai", "c1"}},
        {make_model("m1", "Mô hình 1", "t", "a", "v1"),
         make_model("m2", "Mô hình 2", "t", "a", "v1"),
         make_model("m3", "Mô hình 3", "t", "a", "v2"),
         make_model("m4", "Mô hình 4", "t", "a", "v2"),
         make_model("m5", "Mô hình 5", "t", "a", "v2")},
        {{"m1", "2024", {{"patrols", 40}, {"households", 100}, {"households_signed", 100}}},
         {"m2", "2024", {{"patrols", 30}, {"households", 100}, {"households_signed", 60}}},
         {"m3", "2024", {{"patrols", 20}, {"households", 100}, {"households_signed", 100}}},
         {"m4", "2024", {{"patrols", 0}, {"households", 100}, {"households_signed", 50}}},
         {"m5", "2024", {{"households", 100}, {"households_signed", 50}}}});
}

// The patrol target lowered from 40 to 30.
rulebook lower_target() {
    return parse_rulebook(
        replaced(replaced(patrol_text(), "patrol_target: 40", "patrol_target: 30"), "\"2024.1\"",
                 "\"2025.1\""),
        "new.yaml");
}

rule_diff lower_target_diff() {
    const dataset data = small_dataset();
    const auto old_results =
        evaluate(data, compile_rulebook(test_support::patrol_rulebook()), "2024");
    const auto new_results = evaluate(data, compile_rulebook(lower_target()), "2024");
    return diff_results(old_results, new_results);
}

TEST(diff_results, counts_subjects_from_old_tier_to_new_tier) {
    const rule_diff d = lower_target_diff();
    EXPECT_EQ(d.old_rulebook, "patrol-model");
    EXPECT_EQ(d.new_rulebook, "patrol-model");
    EXPECT_EQ(d.old_version, "2024.1");
    EXPECT_EQ(d.new_version, "2025.1");
    EXPECT_EQ(d.period, "2024");
    EXPECT_THAT(d.old_tiers, ElementsAre("effective", "average", "poor"));
    EXPECT_THAT(d.new_tiers, ElementsAre("effective", "average", "poor"));
    // Old scores m1..m4: 100, 69, 70, 20; new: 100, 84, 80, 20; m5 in error on both sides.
    EXPECT_THAT(d.counts, ElementsAre(ElementsAre(1, 0, 0, 0), ElementsAre(2, 0, 0, 0),
                                      ElementsAre(0, 0, 1, 0), ElementsAre(0, 0, 0, 1)));
}

TEST(diff_results, correlates_the_scores_of_the_subjects_evaluated_on_both_sides) {
    const rule_diff d = lower_target_diff();
    // Old order m4 < m2 < m3 < m1, new m4 < m3 < m2 < m1: m2 and m3 swap. Spearman:
    // 1 - 6*2 / (4*15) = 0.8; Kendall: one discordant pair of six, (5 - 1) / 6.
    EXPECT_EQ(d.compared, 4U);
    EXPECT_DOUBLE_EQ(d.spearman, 0.8);
    EXPECT_DOUBLE_EQ(d.kendall_tau_b, 4.0 / 6.0);
}

TEST(diff_results, lists_every_changed_subject_with_the_criteria_that_caused_it) {
    const rule_diff d = lower_target_diff();
    ASSERT_EQ(d.changes.size(), 2U);
    const subject_change& m2 = d.changes[0];
    EXPECT_EQ(m2.subject, "m2");
    EXPECT_EQ(m2.old_tier, "average");
    EXPECT_EQ(m2.new_tier, "effective");
    EXPECT_EQ(m2.old_rank, 3U);
    EXPECT_EQ(m2.new_rank, 2U);
    EXPECT_DOUBLE_EQ(m2.old_score, 69);
    EXPECT_DOUBLE_EQ(m2.new_score, 84);
    EXPECT_TRUE(m2.tier_changed() && m2.rank_changed() && m2.score_changed());
    EXPECT_FALSE(m2.status_changed());
    ASSERT_EQ(m2.causes.size(), 1U);
    EXPECT_EQ(m2.causes[0].id, "patrols");
    EXPECT_EQ(m2.causes[0].title, "Tuần tra so với chỉ tiêu");
    EXPECT_EQ(m2.causes[0].old_passed, true);
    EXPECT_EQ(m2.causes[0].new_passed, true);
    EXPECT_DOUBLE_EQ(*m2.causes[0].old_points, 45);
    EXPECT_DOUBLE_EQ(*m2.causes[0].new_points, 60);
    const subject_change& m3 = d.changes[1];
    EXPECT_EQ(m3.subject, "m3");
    EXPECT_EQ(m3.new_tier, "effective");
    EXPECT_DOUBLE_EQ(m3.new_score, 80);  // 20/30 of 60 points, rounded to 40.00
    EXPECT_EQ(m3.old_rank, 2U);
    EXPECT_EQ(m3.new_rank, 3U);
    ASSERT_EQ(m3.causes.size(), 1U);
    EXPECT_EQ(m3.causes[0].id, "patrols");
}

TEST(diff_results, criteria_on_one_side_only_are_causes_too) {
    // The new rules drop participation and give its 40 points to patrols.
    std::string text = patrol_text();
    const std::string participation = text.substr(
        text.find("      - id: participation"),
        text.find("      - id: reports_bonus") - text.find("      - id: participation"));
    text = replaced(replaced(text, participation, ""), "points: 60", "points: 100");
    text.erase(text.find("\ntests:") + 1);
    const dataset data = small_dataset();
    const auto old_results =
        evaluate(data, compile_rulebook(test_support::patrol_rulebook()), "2024");
    const auto new_results =
        evaluate(data, compile_rulebook(parse_rulebook(text, "new.yaml")), "2024");
    const rule_diff d = diff_results(old_results, new_results);
    // m1 100 -> 100 (unchanged), m2 69 -> 75, m3 70 -> 50, m4 20 -> 0 (patrols 0 of 100).
    ASSERT_EQ(d.changes.size(), 3U);
    const subject_change& m2 = d.changes[0];
    EXPECT_EQ(m2.subject, "m2");
    EXPECT_FALSE(m2.tier_changed());
    EXPECT_TRUE(m2.rank_changed());  // 3 -> 2: m3 fell below it
    EXPECT_TRUE(m2.score_changed());
    ASSERT_EQ(m2.causes.size(), 2U);
    EXPECT_EQ(m2.causes[0].id, "patrols");
    EXPECT_DOUBLE_EQ(*m2.causes[0].new_points, 75);
    EXPECT_EQ(m2.causes[1].id, "participation");
    EXPECT_EQ(m2.causes[1].title, "Tỷ lệ hộ ký cam kết");
    EXPECT_EQ(m2.causes[1].old_passed, true);
    EXPECT_EQ(m2.causes[1].new_passed, std::nullopt);
    EXPECT_DOUBLE_EQ(*m2.causes[1].old_points, 24);
    EXPECT_EQ(m2.causes[1].new_points, std::nullopt);
    const std::vector<rule_diff> diffs{d};
    EXPECT_THAT(format_rule_diffs(diffs, result_format::csv),
                ::testing::HasSubstr(
                    ",3,2,\"patrols: 45.00->75.00; participation: no longer assessed (was passed, "
                    "24.00)\"\n"));
    EXPECT_EQ(d.changes[1].subject, "m3");
    EXPECT_EQ(d.changes[1].new_tier, "average");
    EXPECT_EQ(d.changes[2].subject, "m4");
    EXPECT_DOUBLE_EQ(d.changes[2].new_score, 0);
}

TEST(diff_results, a_subject_absent_on_one_side_counts_as_without_tier) {
    std::string text = replaced(patrol_text(), "period: calendar-year",
                                "applies_to: 'id != \"m1\"'\nperiod: calendar-year");
    const dataset data = small_dataset();
    const auto old_results =
        evaluate(data, compile_rulebook(test_support::patrol_rulebook()), "2024");
    const auto new_results =
        evaluate(data, compile_rulebook(parse_rulebook(text, "new.yaml")), "2024");
    const rule_diff d = diff_results(old_results, new_results);
    EXPECT_EQ(d.counts[0][3], 1U);  // m1: effective -> absent
    ASSERT_FALSE(d.changes.empty());
    const subject_change& m1 = d.changes[0];
    EXPECT_EQ(m1.subject, "m1");
    EXPECT_EQ(m1.old_status, result_status::evaluated);
    EXPECT_EQ(m1.new_status, std::nullopt);
    EXPECT_TRUE(m1.status_changed());
    EXPECT_TRUE(m1.causes.empty());
    EXPECT_EQ(d.compared, 3U);
}

TEST(format_rule_diffs, table_shows_the_matrix_the_correlations_and_the_changes) {
    const std::vector<rule_diff> diffs{lower_target_diff()};
    EXPECT_EQ(format_rule_diffs(diffs, result_format::table),
              "patrol-model: 2024.1 -> 2025.1, period 2024\n"
              "tiers (rows: old, columns: new; - is no tier):\n"
              "             effective  average  poor  -\n"
              "  effective          1        0     0  0\n"
              "  average            2        0     0  0\n"
              "  poor               0        0     1  0\n"
              "  -                  0        0     0  1\n"
              "rank correlation over 4 subjects evaluated under both: Spearman 0.8000, Kendall "
              "tau-b 0.6667\n"
              "2 subjects changed\n"
              "  subject  old tier  new tier   old rank  new rank  old score  new score  causes\n"
              "  m2       average   effective         3         2      69.00      84.00  patrols: "
              "45.00->60.00\n"
              "  m3       average   effective         2         3      70.00      80.00  patrols: "
              "30.00->40.00\n");
}

TEST(format_rule_diffs, csv_has_one_row_per_changed_subject) {
    const std::vector<rule_diff> diffs{lower_target_diff()};
    EXPECT_EQ(format_rule_diffs(diffs, result_format::csv),
              "rulebook,subject,old_status,new_status,old_score,new_score,old_tier,new_tier,old_"
              "rank,new_rank,"
              "causes\n"
              "patrol-model,m2,evaluated,evaluated,69.00,84.00,average,effective,3,2,patrols: "
              "45.00->60.00\n"
              "patrol-model,m3,evaluated,evaluated,70.00,80.00,average,effective,2,3,patrols: "
              "30.00->40.00\n");
}

TEST(format_rule_diffs, json_holds_everything) {
    const std::vector<rule_diff> diffs{lower_target_diff()};
    const auto j = nlohmann::json::parse(format_rule_diffs(diffs, result_format::json));
    ASSERT_TRUE(j.is_array());
    ASSERT_EQ(j.size(), 1U);
    const auto& d = j[0];
    EXPECT_EQ(d["old"]["version"], "2024.1");
    EXPECT_EQ(d["new"]["tiers"], nlohmann::json({"effective", "average", "poor"}));
    EXPECT_EQ(d["matrix"][1][0], 2);
    EXPECT_EQ(d["compared"], 4);
    EXPECT_DOUBLE_EQ(d["spearman"].get<double>(), 0.8);
    ASSERT_EQ(d["changes"].size(), 2U);
    EXPECT_EQ(d["changes"][0]["subject"], "m2");
    EXPECT_EQ(d["changes"][0]["old"]["tier"], "average");
    EXPECT_EQ(d["changes"][0]["new"]["rank"], 2);
    EXPECT_EQ(d["changes"][0]["causes"][0]["criterion"], "patrols");
    EXPECT_EQ(d["changes"][0]["causes"][0]["old_points"], 45);
}

TEST(diff_rulebooks, evaluates_both_sets_and_compares_the_rulebooks_they_share) {
    const dataset data = small_dataset();
    const auto old_rules = rulebook_set::from({test_support::patrol_rulebook()});
    const auto new_rules = rulebook_set::from({lower_target()});
    const auto diffs = diff_rulebooks(data, old_rules, new_rules, "2024");
    ASSERT_EQ(diffs.size(), 1U);
    EXPECT_EQ(diffs[0].changes.size(), 2U);
    // A renamed rulebook, alone on each side, is compared with its old self.
    std::string renamed = replaced(patrol_text(), "id: patrol-model", "id: patrol-model-2");
    const auto renamed_rules = rulebook_set::from({parse_rulebook(renamed, "renamed.yaml")});
    const auto renamed_diffs = diff_rulebooks(data, old_rules, renamed_rules, "2024");
    ASSERT_EQ(renamed_diffs.size(), 1U);
    EXPECT_EQ(renamed_diffs[0].new_rulebook, "patrol-model-2");
    EXPECT_TRUE(renamed_diffs[0].changes.empty());
    EXPECT_DOUBLE_EQ(renamed_diffs[0].spearman, 1.0);
}

// ---- The worked example of docs/worked-example-tt23-tt124.md, on the shipped files ----

using test_support::source_root;

// `antq diff --old examples/rulebooks/before-tt124 --new rulebooks --data <data> --period 2024`
std::vector<rule_diff> worked_example_diffs(const std::string& data) {
    const auto root = source_root();
    const auto old_rules = rulebook_set::load(root / "examples" / "rulebooks" / "before-tt124");
    const auto new_rules = rulebook_set::load(root / "rulebooks");
    return diff_rulebooks(load_dataset(root / "examples" / "data" / data), old_rules, new_rules,
                          "2024");
}

const rule_diff& diff_of(const std::vector<rule_diff>& diffs, std::string_view rulebook_id) {
    const auto found = std::find_if(diffs.begin(), diffs.end(), [&](const rule_diff& d) {
        return d.new_rulebook == rulebook_id;
    });
    if (found == diffs.end()) {
        throw std::runtime_error("no diff of " + std::string(rulebook_id));
    }
    return *found;
}

const subject_change& change_of(const rule_diff& d, std::string_view subject) {
    const auto found = std::find_if(d.changes.begin(), d.changes.end(),
                                    [&](const subject_change& s) { return s.subject == subject; });
    if (found == d.changes.end()) {
        throw std::runtime_error("no change of " + std::string(subject));
    }
    return *found;
}

// The causes of a change that can lower or raise a checklist's tier: all but the criteria of
// one side only that the subject meets.
std::vector<std::string> decisive_causes(const subject_change& s) {
    std::vector<std::string> ids;
    for (const auto& c : s.causes) {
        const bool added_and_met = !c.old_passed && c.new_passed == true;
        const bool removed_and_met = c.old_passed == true && !c.new_passed;
        if (!added_and_met && !removed_and_met) {
            ids.push_back(c.id);
        }
    }
    return ids;
}

TEST(worked_example_tt23_tt124, synthetic_province_changes_as_designed) {
    const auto diffs = worked_example_diffs("synthetic-province");
    ASSERT_EQ(diffs.size(), 4U);
    const rule_diff& communes = diff_of(diffs, "tt124-commune");
    EXPECT_EQ(communes.old_version, "2012.1");
    EXPECT_EQ(communes.new_version, "2022.1");
    EXPECT_THAT(communes.old_tiers, ElementsAre("dat", "chua_dat"));
    EXPECT_THAT(communes.new_tiers, ElementsAre("dat", "chua_dat"));
    // đạt -> đạt 1, đạt -> chưa đạt 3, chưa đạt -> đạt 1.
    EXPECT_THAT(communes.counts,
                ElementsAre(ElementsAre(1, 3, 0), ElementsAre(1, 0, 0), ElementsAre(0, 0, 0)));
    EXPECT_EQ(change_of(communes, "sx1").new_tier, "dat");
    EXPECT_THAT(decisive_causes(change_of(communes, "sx2")), ElementsAre("recognised_70"));
    EXPECT_THAT(decisive_causes(change_of(communes, "sx3")), ElementsAre("effective_model"));
    EXPECT_THAT(decisive_causes(change_of(communes, "sx4")), ElementsAre("no_discipline"));
    EXPECT_THAT(decisive_causes(change_of(communes, "sx5")), ElementsAre("civil_guard_advanced"));
    EXPECT_EQ(change_of(communes, "sx5").new_tier, "dat");

    const rule_diff& villages = diff_of(diffs, "tt124-residential");
    EXPECT_THAT(villages.counts,
                ElementsAre(ElementsAre(34, 3, 0), ElementsAre(0, 3, 0), ElementsAre(0, 0, 0)));
    EXPECT_THAT(decisive_causes(change_of(villages, "sx3-v4")), ElementsAre("all_households"));
    EXPECT_THAT(decisive_causes(change_of(villages, "sx5-v3")), ElementsAre("resolution"));
    EXPECT_THAT(decisive_causes(change_of(villages, "sx5-v6")), ElementsAre("resolution"));
    EXPECT_THAT(diff_of(diffs, "tt124-agency-enterprise").counts,
                ElementsAre(ElementsAre(3, 2, 0), ElementsAre(0, 0, 0), ElementsAre(0, 0, 0)));
    EXPECT_THAT(diff_of(diffs, "tt124-school").counts,
                ElementsAre(ElementsAre(4, 1, 0), ElementsAre(0, 0, 0), ElementsAre(0, 0, 0)));
}

TEST(worked_example_tt23_tt124, quang_trung_commune_fails_by_the_share_of_all_units) {
    const auto diffs = worked_example_diffs("quang-trung");
    const rule_diff& communes = diff_of(diffs, "tt124-commune");
    EXPECT_THAT(communes.counts,
                ElementsAre(ElementsAre(0, 1, 0), ElementsAre(0, 0, 0), ElementsAre(0, 0, 0)));
    EXPECT_THAT(decisive_causes(change_of(communes, "quang-trung")), ElementsAre("recognised_70"));
    const rule_diff& villages = diff_of(diffs, "tt124-residential");
    EXPECT_THAT(villages.counts,
                ElementsAre(ElementsAre(6, 1, 0), ElementsAre(0, 1, 0), ElementsAre(0, 0, 0)));
    EXPECT_THAT(decisive_causes(change_of(villages, "qt-phu-trung")), ElementsAre("resolution"));
}

// The page pastes the heading, the matrix and the correlation line of every comparison
// verbatim: it must still be what the library prints.
TEST(worked_example_tt23_tt124, the_page_shows_what_the_library_prints) {
    const std::string page =
        test_support::read_text(source_root() / "docs" / "worked-example-tt23-tt124.md");
    for (const std::string data : {"synthetic-province", "quang-trung"}) {
        for (const rule_diff& d : worked_example_diffs(data)) {
            const std::vector<rule_diff> one{d};
            std::istringstream table(format_rule_diffs(one, result_format::table));
            std::string head;
            std::string line;
            while (std::getline(table, line)) {
                head += line + "\n";
                if (line.starts_with("rank correlation")) {
                    break;
                }
            }
            EXPECT_NE(page.find(head), std::string::npos)
                << data << ": docs/worked-example-tt23-tt124.md does not show\n"
                << head;
        }
    }
}

}  // namespace
}  // namespace antq
