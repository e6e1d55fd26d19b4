// Roll-ups across rulebooks, dependency order and the previous period, through the whole
// pipeline (evaluate.hpp).

#include <antq/evaluate.hpp>

#include <antq/compiled_rulebook.hpp>
#include <antq/error.hpp>
#include <antq/result_io.hpp>

#include "evaluation/pipeline_support.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>
#include <vector>

using namespace antq::test_support;
using antq::result_status;

namespace {

constexpr std::string_view rollup_villages_rules = R"~(antq: 1
id: villages
title: "Khu dân cư an toàn"
subject: unit
applies_to: 'kind == "village"'
period: calendar-year
versions:
  - version: "1"
    effective: 2020-01-01
    indicators:
      incidents: {type: count}
    criteria:
      - {id: quiet, title: "Không có vụ việc", kind: required, when: "incidents == 0"}
    tiers:
      - {id: dat, label: "Đạt", when: "passed(quiet)"}
      - {id: chua_dat, label: "Chưa đạt"}
)~";

constexpr std::string_view rollup_models_rules = R"~(antq: 1
id: models
title: "Mô hình"
subject: model
period: calendar-year
versions:
  - version: "1"
    effective: 2020-01-01
    indicators:
      x: {type: ratio}
    criteria:
      - {id: x, kind: scored, points: 100, score: "x"}
    tiers:
      - {id: top, label: "Hiệu quả", when: "score >= 80"}
      - {id: low, label: "Chưa hiệu quả"}
)~";

constexpr std::string_view rollup_communes_rules = R"~(antq: 1
id: communes
title: "Xã an toàn"
subject: unit
applies_to: 'kind == "commune"'
period: calendar-year
versions:
  - version: "1"
    effective: 2020-01-01
    indicators:
      score_mean: {type: number, missing: zero}
      score_min: {type: number, missing: zero}
      score_max: {type: number, missing: zero}
      told_apart: {type: ratio, missing: exclude}
    rollups:
      safe_share: {from: villages, over: children, value: 'share(tier == "dat")'}
      good_models: {from: models, over: descendants, value: 'count(tier == "top")'}
      score_sum: {from: models, over: descendants, value: "sum(score)"}
      score_mean: {from: models, over: descendants, value: "mean(score)"}
      score_min: {from: models, over: descendants, value: "min(score)"}
      score_max: {from: models, over: descendants, value: "max(score)"}
      told_apart: {from: villages, over: children, value: 'share(tier == "dat")'}
    criteria:
      - {id: safe_share, kind: scored, points: 1, score: "safe_share"}
      - {id: good_models, kind: scored, points: 1, score: "good_models"}
      - {id: score_sum, kind: scored, points: 1, score: "score_sum"}
      - {id: score_mean, kind: scored, points: 1, score: "score_mean"}
      - {id: score_min, kind: scored, points: 1, score: "score_min"}
      - {id: score_max, kind: scored, points: 1, score: "score_max"}
      - {id: told_apart, kind: scored, points: 1, score: "told_apart"}
    tiers:
      - {id: safe, label: "An toàn", when: "safe_share >= 0.7 and good_models >= 1"}
      - {id: not_safe, label: "Chưa an toàn"}
)~";

// Villages v1 (quiet), v2 (not), v3 (quiet). Models: a (v1) 90, b (v2) 70, c (hosted by the
// commune c1 itself) 85, d (v3) 85, e (the school, in no commune) 95.
antq::dataset rollup_dataset() {
    return tree_dataset(
        R"~({"id": "a", "name": "", "type": "", "topic": "", "target_group": "", "unit": "v1"},
            {"id": "b", "name": "", "type": "", "topic": "", "target_group": "", "unit": "v2"},
            {"id": "c", "name": "", "type": "", "topic": "", "target_group": "", "unit": "c1"},
            {"id": "d", "name": "", "type": "", "topic": "", "target_group": "", "unit": "v3"},
            {"id": "e", "name": "", "type": "", "topic": "", "target_group": "", "unit": "s1"})~",
        R"~({"subject": "v1", "period": "2024", "incidents": 0},
            {"subject": "v2", "period": "2024", "incidents": 2},
            {"subject": "v3", "period": "2024", "incidents": 0},
            {"subject": "a", "period": "2024", "x": 0.9},
            {"subject": "b", "period": "2024", "x": 0.7},
            {"subject": "c", "period": "2024", "x": 0.85},
            {"subject": "d", "period": "2024", "x": 0.85},
            {"subject": "e", "period": "2024", "x": 0.95})~");
}

antq::rulebook_set rollup_rules() {
    // Given out of order: the set puts the communes after what they roll up.
    return rulebooks({yaml_rulebook(rollup_communes_rules, "communes.yaml"),
                      yaml_rulebook(rollup_models_rules, "models.yaml"),
                      yaml_rulebook(rollup_villages_rules, "villages.yaml")});
}

}  // namespace

TEST(evaluate_rollups, rulebooks_are_evaluated_after_those_they_roll_up) {
    const auto ev = antq::evaluate(rollup_dataset(), rollup_rules(), "2024");
    ASSERT_EQ(ev.results().size(), 3U);
    const std::set<std::string> first_two = {ev.results()[0].header().rulebook,
                                             ev.results()[1].header().rulebook};
    EXPECT_EQ(first_two, (std::set<std::string>{"models", "villages"}));
    EXPECT_EQ(ev.results()[2].header().rulebook, "communes");
    EXPECT_EQ(ev.at("villages").size(), 3U);
    EXPECT_EQ(ev.at("communes").size(), 3U);
    EXPECT_EQ(result_of(ev.at("villages"), "v2").tier_id, "chua_dat");
    EXPECT_THROW((void)ev.at("nothing"), antq::usage_error);
    EXPECT_EQ(ev.find("nothing"), nullptr);
}

TEST(evaluate_rollups, aggregate_over_children_and_descendants_of_the_unit) {
    const auto ev = antq::evaluate(rollup_dataset(), rollup_rules(), "2024");
    const auto& r = ev.at("communes");
    // c1: villages v1 (dat) and v2 (not); models a, b and its own c.
    EXPECT_EQ(criterion_value(r, "c1", "safe_share"), 0.5);
    EXPECT_EQ(criterion_value(r, "c1", "good_models"), 2.0);
    EXPECT_EQ(criterion_value(r, "c1", "score_sum"), 245.0);
    EXPECT_EQ(criterion_value(r, "c1", "score_mean"), 245.0 / 3);
    EXPECT_EQ(criterion_value(r, "c1", "score_min"), 70.0);
    EXPECT_EQ(criterion_value(r, "c1", "score_max"), 90.0);
    EXPECT_EQ(result_of(r, "c1").tier_id, "not_safe");
    // c2: village v3 (dat), model d.
    EXPECT_EQ(criterion_value(r, "c2", "safe_share"), 1.0);
    EXPECT_EQ(criterion_value(r, "c2", "good_models"), 1.0);
    EXPECT_EQ(criterion_value(r, "c2", "score_mean"), 85.0);
    EXPECT_EQ(result_of(r, "c2").tier_id, "safe");
}

TEST(evaluate_rollups, nothing_to_aggregate_gives_zero_or_a_missing_value_the_policy_decides) {
    const auto ev = antq::evaluate(rollup_dataset(), rollup_rules(), "2024");
    const auto c3 = result_of(ev.at("communes"), "c3");
    EXPECT_EQ(c3.status, result_status::evaluated);
    EXPECT_EQ(criterion_value(ev.at("communes"), "c3", "safe_share"), 0.0);
    EXPECT_EQ(criterion_value(ev.at("communes"), "c3", "good_models"), 0.0);
    EXPECT_EQ(criterion_value(ev.at("communes"), "c3", "score_sum"), 0.0);
    // mean, min and max of nothing are missing; their indicators say `missing: zero`.
    EXPECT_EQ(criterion_value(ev.at("communes"), "c3", "score_mean"), 0.0);
    // A roll-up with an indicator of its id tells "nothing to count" apart: here excluded.
    EXPECT_TRUE(std::isnan(criterion_value(ev.at("communes"), "c3", "told_apart")));
    EXPECT_EQ(criterion_value(ev.at("communes"), "c1", "told_apart"), 0.5);
}

TEST(evaluate_rollups, a_missing_value_under_the_error_policy_names_the_roll_up) {
    std::string rules(rollup_communes_rules);
    rules.replace(rules.find("      score_mean: {type: number, missing: zero}\n"), 48, "");
    const auto set =
        rulebooks({yaml_rulebook(rules, "communes.yaml"), yaml_rulebook(rollup_models_rules),
                   yaml_rulebook(rollup_villages_rules)});
    const auto ev = antq::evaluate(rollup_dataset(), set, "2024");
    const auto c3 = result_of(ev.at("communes"), "c3");
    EXPECT_EQ(c3.status, result_status::error);
    EXPECT_EQ(c3.message,
              "missing indicator 'score_mean' (nothing to roll up from 'models') for "
              "subject 'c3' in period 2024");
    EXPECT_EQ(result_of(ev.at("communes"), "c1").status, result_status::evaluated);
}

TEST(evaluate_rollups, one_rulebook_evaluated_alone_needs_the_results_it_rolls_up) {
    const auto book = antq::compile_rulebook(yaml_rulebook(rollup_communes_rules, "communes.yaml"));
    const auto data = rollup_dataset();
    try {
        (void)antq::evaluate(data, book, "2024");
        FAIL() << "expected usage_error";
    } catch (const antq::usage_error& e) {
        EXPECT_STREQ(e.what(),
                     "rulebook 'communes' rolls up the results of 'villages', which "
                     "were not evaluated for 2024");
    }
    const auto set = rollup_rules();
    const std::vector<antq::rulebook_results> sources = {
        antq::evaluate(data, *set.find("villages"), "2024"),
        antq::evaluate(data, *set.find("models"), "2024")};
    const auto alone = antq::evaluate(data, book, "2024", {}, sources);
    const auto together = antq::evaluate(data, set, "2024");
    EXPECT_EQ(
        antq::format_results(std::span(&alone, 1), antq::result_format::csv),
        antq::format_results(std::span(&together.at("communes"), 1), antq::result_format::csv));
}

namespace {

constexpr std::string_view previous_rules = R"~(antq: 1
id: trend
title: "Xu hướng"
subject: model
period: calendar-year
versions:
  - version: "1"
    effective: 2020-01-01
    indicators:
      crimes: {type: count}
    criteria:
      - {id: improved, kind: scored, points: 10, score: "crimes < previous(crimes) ? 1 : 0"}
    tiers:
      - {id: up, label: "Tiến bộ", when: "score >= 10"}
      - {id: same, label: "Không đổi"}
    ranking: {}
)~";

antq::dataset previous_dataset() {
    return tree_dataset(
        R"~({"id": "m1", "name": "", "type": "", "topic": "", "target_group": "", "unit": "v1"},
            {"id": "m2", "name": "", "type": "", "topic": "", "target_group": "", "unit": "v1"},
            {"id": "m3", "name": "", "type": "", "topic": "", "target_group": "", "unit": "v1"})~",
        R"~({"subject": "m1", "period": "2024", "crimes": 2},
            {"subject": "m1", "period": "2023-01-01/2023-12-31", "crimes": 5},
            {"subject": "m2", "period": "2024", "crimes": 5},
            {"subject": "m2", "period": "2023", "crimes": 2},
            {"subject": "m3", "period": "2024", "crimes": 1})~");
}

}  // namespace

TEST(evaluate_previous, previous_reads_the_period_before_of_the_same_kind) {
    const auto ev =
        antq::evaluate(previous_dataset(), rulebooks({yaml_rulebook(previous_rules)}), "2024");
    const auto& r = ev.results()[0];
    EXPECT_EQ(result_of(r, "m1").score, 10.0);
    EXPECT_EQ(result_of(r, "m1").tier_id, "up");
    EXPECT_EQ(result_of(r, "m2").score, 0.0);
    // No earlier row: previous(crimes) is missing, so the criterion is not assessed.
    const auto m3 = result_of(r, "m3");
    EXPECT_EQ(m3.status, result_status::evaluated);
    EXPECT_FALSE(m3.criteria[0].assessed);
    EXPECT_EQ(m3.score, 0.0);
}

TEST(evaluate_previous, comparing_with_an_earlier_period_adds_its_tier_and_rank) {
    antq::evaluate_options options;
    options.previous_period = "2023";
    const auto ev = antq::evaluate(previous_dataset(), rulebooks({yaml_rulebook(previous_rules)}),
                                   "2024", options);
    const auto& r = ev.results()[0];
    ASSERT_TRUE(r.has_previous());
    // In 2023 nothing came before, so every model was "same" and tied first; m3 had no row.
    EXPECT_EQ(result_of(r, "m1").previous_tier, std::optional<std::string>("same"));
    EXPECT_EQ(result_of(r, "m1").previous_rank, 1U);
    EXPECT_FALSE(result_of(r, "m3").previous_tier.has_value());
    EXPECT_EQ(antq::format_results(ev.results(), antq::result_format::csv),
              "subject,period,rulebook,version,status,score,max_score,tier,action,group,rank,"
              "previous_tier,previous_rank\n"
              "m1,2024,trend,1,evaluated,10.00,10.00,up,,all,1,same,1\n"
              "m2,2024,trend,1,evaluated,0.00,10.00,same,,all,2,same,1\n"
              "m3,2024,trend,1,evaluated,0.00,10.00,same,,all,2,,\n");
}

namespace {

// Three years of history: previous(x, 2), sum_last() and count_last() over calendar years.
constexpr std::string_view history_rules = R"~(antq: 1
id: history
title: "Nhiều năm"
subject: model
period: calendar-year
versions:
  - version: "1"
    effective: 2020-01-01
    indicators:
      crimes: {type: count}
      patrols: {type: count, missing: zero}
      label: {type: text, missing: exclude}
    criteria:
      - {id: patrols3, kind: scored, points: 10, score: "sum_last(default(patrols, 0), 3) >= 6 ? 1 : 0"}
    tiers:
      - {id: quiet2, label: "Hai năm liền không có tội phạm", when: "count_last(crimes == 0, 2) == 2 and score >= 10"}
      - {id: labelled, label: "Hai năm trước được xếp tốt", when: 'previous(label, 2) == "tốt"'}
      - {id: other, label: "Khác"}
)~";

antq::dataset history_dataset() {
    return tree_dataset(
        R"~({"id": "m1", "name": "", "type": "", "topic": "", "target_group": "", "unit": "v1"},
            {"id": "m2", "name": "", "type": "", "topic": "", "target_group": "", "unit": "v1"},
            {"id": "m3", "name": "", "type": "", "topic": "", "target_group": "", "unit": "v1"})~",
        R"~({"subject": "m1", "period": "2024", "crimes": 0, "patrols": 2},
            {"subject": "m1", "period": "2023", "crimes": 0, "patrols": 2},
            {"subject": "m1", "period": "2022", "crimes": 0, "patrols": 2},
            {"subject": "m2", "period": "2024", "crimes": 0, "patrols": 3},
            {"subject": "m2", "period": "2022", "crimes": 0, "patrols": 3, "label": "tốt"},
            {"subject": "m3", "period": "2024", "crimes": 0, "patrols": 1},
            {"subject": "m3", "period": "2023", "crimes": 1, "patrols": 1},
            {"subject": "m3", "period": "2021", "crimes": 0, "patrols": 9, "label": "tốt"})~");
}

}  // namespace

TEST(evaluate_history, two_years_running_needs_both_years) {
    const auto ev =
        antq::evaluate(history_dataset(), rulebooks({yaml_rulebook(history_rules)}), "2024");
    const auto& r = ev.results()[0];
    // No crime in 2024 nor 2023, 6 patrols over 2022-2024.
    EXPECT_EQ(result_of(r, "m1").tier_id, "quiet2");
    EXPECT_EQ(result_of(r, "m1").score, 10.0);
    // A missing year (no 2023 row) breaks the run; the sum counts it as 0 patrols by the
    // rule's own default(), so 3 + 0 + 3 still reaches 6. Its 2022 label, two years back.
    EXPECT_EQ(result_of(r, "m2").status, result_status::evaluated);
    EXPECT_EQ(result_of(r, "m2").score, 10.0);
    EXPECT_EQ(result_of(r, "m2").tier_id, "labelled");
    // A crime in 2023 breaks it too; 2021 is three years back, past what previous(label, 2)
    // and sum_last(..., 3) read.
    EXPECT_EQ(result_of(r, "m3").score, 0.0);
    EXPECT_EQ(result_of(r, "m3").tier_id, "other");
}

TEST(evaluate_history, the_same_rules_a_year_later_see_another_window) {
    const auto ev =
        antq::evaluate(history_dataset(), rulebooks({yaml_rulebook(history_rules)}), "2023");
    const auto& r = ev.results()[0];
    EXPECT_EQ(result_of(r, "m1").tier_id, "other");     // 2 + 2 + 0 patrols
    EXPECT_EQ(result_of(r, "m3").tier_id, "labelled");  // 2021 is two years before 2023
    // m2 has no 2023 row: not evaluated for a period it did not report.
    EXPECT_NE(result_of(r, "m2").status, result_status::evaluated);
}

namespace {

// A tier "2 năm liền" reading the tier the same rulebook gave the year before, which itself
// may have read the year before that: the earlier years are evaluated first, once each.
constexpr std::string_view streak_rules = R"~(antq: 1
id: streak
title: "Hai năm liền"
subject: model
period: calendar-year
versions:
  - version: "1"
    effective: 2021-01-01
    indicators:
      crimes: {type: count}
    criteria:
      - {id: safe, kind: scored, points: 10, score: "crimes == 0 ? 1 : 0"}
    tiers:
      - {id: running, label: "Hiệu quả 2 năm liền", when: 'score >= 10 and previous_tier() in ["effective", "running"]'}
      - {id: effective, label: "Hiệu quả", when: "score >= 10"}
      - {id: poor, label: "Kém"}
)~";

constexpr std::string_view streak_models =
    R"~({"id": "m1", "name": "", "type": "", "topic": "", "target_group": "", "unit": "v1"},
        {"id": "m2", "name": "", "type": "", "topic": "", "target_group": "", "unit": "v1"},
        {"id": "m3", "name": "", "type": "", "topic": "", "target_group": "", "unit": "v1"},
        {"id": "m4", "name": "", "type": "", "topic": "", "target_group": "", "unit": "v1"},
        {"id": "m5", "name": "", "type": "", "topic": "", "target_group": "", "unit": "v1"})~";

constexpr std::string_view streak_observations =
    R"~({"subject": "m5", "period": "2020", "crimes": 0},
        {"subject": "m5", "period": "2021", "crimes": 0},
        {"subject": "m1", "period": "2022", "crimes": 0},
        {"subject": "m1", "period": "2023", "crimes": 0},
        {"subject": "m1", "period": "2024", "crimes": 0},
        {"subject": "m2", "period": "2022", "crimes": 0},
        {"subject": "m2", "period": "2024", "crimes": 0},
        {"subject": "m3", "period": "2023", "crimes": 1},
        {"subject": "m3", "period": "2024", "crimes": 0},
        {"subject": "m4", "period": "2023", "crimes": 0},
        {"subject": "m4", "period": "2024", "crimes": 0})~";

}  // namespace

TEST(evaluate_history, an_earlier_tier_is_the_one_given_that_year_and_a_missing_year_has_none) {
    const auto books = rulebooks({yaml_rulebook(streak_rules)});
    const auto data = tree_dataset(streak_models, streak_observations);
    const auto ev = antq::evaluate(data, books, "2024");
    const auto& r = ev.results()[0];
    // 2022 effective (2021 has no observations: nobody has a tier), 2023 running on it,
    // 2024 running on that.
    EXPECT_EQ(result_of(r, "m1").tier_id, "running");
    // Effective in 2022 and 2024, but no 2023 report: the missing year breaks the run.
    EXPECT_EQ(result_of(r, "m2").tier_id, "effective");
    // Poor in 2023.
    EXPECT_EQ(result_of(r, "m3").tier_id, "effective");
    // 2022 has observations (of m1, m2) but none of m4: effective in 2023 only, which is
    // enough for 2024.
    EXPECT_EQ(result_of(r, "m4").tier_id, "running");
    EXPECT_EQ(result_of(antq::evaluate(data, books, "2023").results()[0], "m1").tier_id, "running");
    // The first version takes effect in 2021: m5's 2020 report is before the rulebook, so
    // it gives no tier to build on.
    EXPECT_EQ(result_of(antq::evaluate(data, books, "2021").results()[0], "m5").tier_id,
              "effective");
}

TEST(evaluate_history, the_earlier_tier_is_the_decided_one_where_a_decision_was_recorded) {
    const auto books = rulebooks({yaml_rulebook(streak_rules)});
    std::string json = "{";
    json += unit_tree;
    json += ",\n  \"models\": [";
    json += streak_models;
    json += "],\n  \"observations\": [";
    json += streak_observations;
    json += R"~(],
  "decisions": [
    {"subject": "m3", "rulebook": "streak", "period": "2023", "proposed_tier": "poor",
     "decided_tier": "effective", "reason": "Vụ việc do người ngoài địa bàn gây ra",
     "number": "12/QĐ-UBND", "date": "2023-12-20", "body": "UBND xã", "signer": ""}
  ]
})~";
    const auto ev = antq::evaluate(json_dataset(json), books, "2024");
    // The committee decided m3 effective in 2023: that is the tier it had.
    EXPECT_EQ(result_of(ev.results()[0], "m3").tier_id, "running");
}

TEST(evaluate_history, any_number_of_threads_gives_the_same_history) {
    const auto books = rulebooks({yaml_rulebook(streak_rules)});
    const auto data = tree_dataset(streak_models, streak_observations);
    antq::evaluate_options one;
    one.threads = 1;
    antq::evaluate_options four;
    four.threads = 4;
    EXPECT_EQ(antq::format_results(antq::evaluate(data, books, "2024", one).results(),
                                   antq::result_format::csv),
              antq::format_results(antq::evaluate(data, books, "2024", four).results(),
                                   antq::result_format::csv));
}

TEST(evaluate_rollups, a_failing_inner_expression_is_an_error_of_the_units_whose_scope_holds_it) {
    std::string rules(rollup_communes_rules);
    const std::string anchor = "    criteria:\n";
    rules.insert(
        rules.find(anchor),
        "      inverse: {from: models, over: descendants, value: \"sum(100 / (score - 70))\"}\n");
    const auto set =
        rulebooks({yaml_rulebook(rules, "communes.yaml"), yaml_rulebook(rollup_models_rules),
                   yaml_rulebook(rollup_villages_rules)});
    const auto ev = antq::evaluate(rollup_dataset(), set, "2024");
    // b (in c1) scores 70: the division fails for it, so c1 fails; c2 and c3 do not.
    const auto c1 = result_of(ev.at("communes"), "c1");
    EXPECT_EQ(c1.status, result_status::error);
    EXPECT_EQ(c1.message,
              "division by zero in roll-up 'inverse' (over the results of 'models') at "
              "communes.yaml:23:66 for subject 'c1' in period 2024");
    EXPECT_EQ(result_of(ev.at("communes"), "c2").status, result_status::evaluated);
    EXPECT_EQ(result_of(ev.at("communes"), "c3").status, result_status::evaluated);
}
