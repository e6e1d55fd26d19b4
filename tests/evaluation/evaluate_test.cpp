#include <antq/evaluate.hpp>

#include <antq/error.hpp>
#include <antq/explain.hpp>
#include <antq/result_io.hpp>
#include <antq/version.hpp>

#include "evaluation/pipeline_support.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

using namespace antq::test_support;
using antq::result_status;

namespace {

constexpr std::string_view basic_rules = R"~(antq: 1
id: basic
title: "Cơ bản"
subject: model
period: calendar-year
versions:
  - version: "1"
    effective: 2020-01-01
    eligibility: {min_active_days: 180}
    indicators:
      crimes: {type: count}
      detected: {type: count, missing: zero}
      rate: {type: ratio, missing: exclude}
      flag: {type: bool, missing: zero}
      serious: {type: count, missing: zero}
    criteria:
      - id: no_serious
        title: "Không có tội phạm nghiêm trọng"
        kind: veto
        when: "serious == 0"
      - id: detection
        title: "Điều tra khám phá"
        basis: "Điều 5, khoản 2"
        kind: scored
        points: 60
        score: "ratio(detected, crimes)"
      - id: rate
        title: "Tỷ lệ"
        kind: scored
        points: 40
        score: "rate"
      - id: pledge
        title: "Ký cam kết"
        kind: required
        when: "flag"
    tiers:
      - id: top
        label: "Tốt"
        when: "score >= 80"
        requires: [pledge]
        action: replicate
      - id: mid
        label: "Trung bình"
        when: "score >= 50"
        action: improve
      - id: low
        label: "Kém"
        action: dissolve
    ranking: {}
)~";

constexpr std::string_view basic_models = R"~(
    {"id": "a", "name": "A", "type": "t", "topic": "ma-tuy", "target_group": "", "unit": "v1", "established": "2020-01-01"},
    {"id": "b", "name": "B", "type": "t", "topic": "ma-tuy", "target_group": "", "unit": "v1", "established": "2020-01-01"},
    {"id": "c", "name": "C", "type": "t", "topic": "ma-tuy", "target_group": "", "unit": "v2", "established": "2020-01-01"},
    {"id": "d", "name": "D", "type": "t", "topic": "trat-tu", "target_group": "", "unit": "v2", "established": "2020-01-01"},
    {"id": "e", "name": "E", "type": "t", "topic": "trat-tu", "target_group": "", "unit": "v3", "established": "2020-01-01"},
    {"id": "f", "name": "F", "type": "t", "topic": "trat-tu", "target_group": "", "unit": "v3", "established": "2024-10-01"},
    {"id": "g", "name": "G", "type": "t", "topic": "trat-tu", "target_group": "", "unit": "s1", "established": "2020-01-01"},
    {"id": "h", "name": "H", "type": "t", "topic": "trat-tu", "target_group": "", "unit": "v1"},
    {"id": "i", "name": "I", "type": "t", "topic": "trat-tu", "target_group": "", "unit": "v1"},
    {"id": "j", "name": "J", "type": "t", "topic": "trat-tu", "target_group": "", "unit": "v1"}
)~";

constexpr std::string_view basic_observations = R"~(
    {"subject": "a", "period": "2024", "crimes": 10, "detected": 9, "rate": 0.9, "flag": 1},
    {"subject": "b", "period": "2024", "crimes": 10, "detected": 5, "rate": 0.5, "flag": 1},
    {"subject": "c", "period": "2024", "crimes": 4, "detected": 4, "rate": null, "flag": 1},
    {"subject": "d", "period": "2024", "crimes": 10, "detected": 10, "rate": 1, "flag": 0},
    {"subject": "e", "period": "2024", "crimes": 10, "detected": 10, "rate": 1, "flag": 1, "serious": 1},
    {"subject": "f", "period": "2024", "crimes": 1, "detected": 1, "rate": 1, "flag": 1},
    {"subject": "g", "period": "2024", "crimes": null, "detected": 1, "rate": 1, "flag": 1},
    {"subject": "h", "period": "2024", "crimes": 2.5, "detected": 1, "rate": 1, "flag": 1},
    {"subject": "i", "period": "2024", "crimes": 2, "detected": 1, "rate": 1.5, "flag": 1},
    {"subject": "j", "period": "2024", "crimes": 2, "detected": 1, "rate": 1, "flag": 2}
)~";

antq::evaluation evaluate_basic(const antq::evaluate_options& options = {}) {
    const auto data = tree_dataset(basic_models, basic_observations);
    return antq::evaluate(data, rulebooks({yaml_rulebook(basic_rules, "basic.yaml")}), "2024",
                          options);
}

}  // namespace

TEST(evaluate, scores_classify_and_rank_a_small_rulebook) {
    const auto ev = evaluate_basic();
    ASSERT_EQ(ev.results().size(), 1U);
    const auto& r = ev.results()[0];
    EXPECT_EQ(r.header().rulebook, "basic");
    EXPECT_EQ(r.header().version, "1");
    EXPECT_EQ(r.header().period_text, "2024");
    EXPECT_EQ(r.size(), 10U);

    const auto a = result_of(r, "a");
    EXPECT_EQ(a.status, result_status::evaluated);
    EXPECT_EQ(a.score, 90.0);
    EXPECT_EQ(a.max_score, 100.0);
    EXPECT_EQ(a.tier_id, "top");
    EXPECT_EQ(a.tier_label, "Tốt");
    EXPECT_EQ(a.action, "replicate");
    EXPECT_EQ(a.criteria[1].points, 54.0);
    EXPECT_EQ(a.criteria[1].basis, "Điều 5, khoản 2");
    EXPECT_EQ(a.criteria[2].points, 36.0);

    const auto b = result_of(r, "b");
    EXPECT_EQ(b.score, 50.0);
    EXPECT_EQ(b.tier_id, "mid");
}

TEST(evaluate, excluded_indicators_leave_criteria_unassessed_and_rescale_the_score) {
    const auto ev = evaluate_basic();
    const auto c = result_of(ev.results()[0], "c");
    EXPECT_EQ(c.status, result_status::evaluated);
    EXPECT_FALSE(c.criteria[2].assessed);
    EXPECT_TRUE(std::isnan(c.criteria[2].points));
    // 60 points earned of the 60 assessed: 60 * 100 / 60.
    EXPECT_EQ(c.score, 100.0);
    EXPECT_EQ(c.criteria[1].points, 100.0);
    EXPECT_EQ(c.tier_id, "top");
}

TEST(evaluate, a_failed_requirement_closes_the_tier_and_a_failed_veto_sends_to_the_last) {
    const auto ev = evaluate_basic();
    const auto d = result_of(ev.results()[0], "d");
    EXPECT_EQ(d.score, 100.0);
    EXPECT_FALSE(d.criteria[3].passed);
    EXPECT_EQ(d.tier_id, "mid");
    const auto e = result_of(ev.results()[0], "e");
    EXPECT_EQ(e.score, 100.0);
    EXPECT_FALSE(e.criteria[0].passed);
    EXPECT_EQ(e.tier_id, "low");
    EXPECT_EQ(e.action, "dissolve");
}

TEST(evaluate, subjects_not_eligible_or_with_bad_data_get_a_status_and_a_message) {
    const auto ev = evaluate_basic();
    const auto& r = ev.results()[0];
    const auto f = result_of(r, "f");
    EXPECT_EQ(f.status, result_status::not_eligible);
    EXPECT_EQ(f.message, "active 92 days in period 2024, fewer than the 180 required");
    EXPECT_TRUE(std::isnan(f.score));
    EXPECT_FALSE(f.tier.has_value());
    EXPECT_EQ(f.rank, antq::no_rank);

    const auto g = result_of(r, "g");
    EXPECT_EQ(g.status, result_status::error);
    EXPECT_EQ(g.message, "missing indicator 'crimes' for subject 'g' in period 2024");
    EXPECT_FALSE(g.criteria[1].assessed);

    EXPECT_EQ(result_of(r, "h").message,
              "test.json:/observations/7/crimes: indicator 'crimes' of subject 'h' in period 2024 "
              "must be a count (a whole number "
              ">= 0), not 2.5");
    EXPECT_EQ(result_of(r, "i").message,
              "test.json:/observations/8/rate: indicator 'rate' of subject 'i' in period 2024 must "
              "be a ratio (between 0 and 1), "
              "not 1.5");
    EXPECT_EQ(result_of(r, "j").message,
              "test.json:/observations/9/flag: indicator 'flag' of subject 'j' in period 2024 must "
              "be a boolean (0 or 1), not 2");
}

TEST(evaluate, ranks_evaluated_subjects_by_score_with_competition_ties) {
    const auto ev = evaluate_basic();
    const auto& r = ev.results()[0];
    // c, d, e score 100, a 90, b 50; the rest are not ranked.
    EXPECT_EQ(result_of(r, "c").rank, 1U);
    EXPECT_EQ(result_of(r, "d").rank, 1U);
    EXPECT_EQ(result_of(r, "e").rank, 1U);
    EXPECT_EQ(result_of(r, "a").rank, 4U);
    EXPECT_EQ(result_of(r, "b").rank, 5U);
    EXPECT_EQ(result_of(r, "a").group, "all");
    EXPECT_EQ(result_of(r, "g").group, "all");
}

TEST(evaluate, results_are_the_same_for_any_thread_count_and_batch_size) {
    antq::evaluate_options one;
    antq::evaluate_options many;
    many.threads = 2;
    many.batch_size = 3;
    const auto a = evaluate_basic(one);
    const auto b = evaluate_basic(many);
    EXPECT_EQ(a.results()[0].header(), b.results()[0].header());
    const auto& x = a.results()[0].columns();
    const auto& y = b.results()[0].columns();
    EXPECT_EQ(x.subject, y.subject);
    EXPECT_EQ(x.status, y.status);
    EXPECT_EQ(x.message, y.message);
    EXPECT_EQ(x.tier, y.tier);
    EXPECT_EQ(x.rank, y.rank);
    EXPECT_EQ(x.group, y.group);
    EXPECT_EQ(x.criterion_passed, y.criterion_passed);
    EXPECT_EQ(x.criterion_assessed, y.criterion_assessed);
    EXPECT_EQ(antq::format_results(a.results(), antq::result_format::csv),
              antq::format_results(b.results(), antq::result_format::csv));
    EXPECT_EQ(a.results()[0], b.results()[0]);
}

TEST(evaluate, explains_a_result_from_the_pipeline) {
    const auto ev = evaluate_basic();
    const auto explained = antq::explain(ev, "b", antq::language::en);
    ASSERT_EQ(explained.size(), 1U);
    EXPECT_EQ(explained[0].text,
              "b — Cơ bản (basic), version 1, period 2024\n"
              "Result: 50.00/100.00 points; tier \"Trung bình\" (mid); action: improve; rank 5 in "
              "group all\n"
              "Lifted the score:\n"
              "  + detection (Điều tra khám phá): 30.00; basis: Điều 5, khoản 2\n"
              "  + rate (Tỷ lệ): 20.00\n"
              "Sank the score:\n"
              "  - detection (Điều tra khám phá): short by 30.00; basis: Điều 5, khoản 2\n"
              "  - rate (Tỷ lệ): short by 20.00\n"
              "The tier follows from the tiers' conditions.\n"
              "To reach \"Tốt\" (score >= 80): 30.00 more points needed\n"
              "  full marks on any one of: detection (Điều tra khám phá): 30.00 short\n");
    const auto vi = antq::explain(ev, "d", antq::language::vi);
    EXPECT_NE(
        vi[0].text.find("Đủ điểm cho loại \"Tốt\" nhưng không đạt tiêu chí bắt buộc: pledge.\n"),
        std::string::npos);
    EXPECT_THROW((void)antq::explain(ev, "zz"), antq::usage_error);
}

TEST(evaluate, the_fingerprint_covers_rulebooks_dataset_and_library_version) {
    const auto data = tree_dataset(basic_models, basic_observations);
    const auto rules = rulebooks({yaml_rulebook(basic_rules, "basic.yaml")});
    const auto ev = antq::evaluate(data, rules, "2024");
    EXPECT_EQ(ev.fingerprint().size(), 64U);
    EXPECT_EQ(ev.results()[0].header().fingerprint, ev.fingerprint());
    EXPECT_EQ(ev.dataset_hash(), data.content_hash);
    EXPECT_EQ(ev.library_version(), antq::version());
    EXPECT_EQ(ev.fingerprint(), antq::evaluation_fingerprint(ev.rulebook_hashes(),
                                                             data.content_hash, antq::version()));
    EXPECT_EQ(antq::evaluate(data, rules, "2024").fingerprint(), ev.fingerprint());

    std::string changed_rules(basic_rules);
    changed_rules.replace(changed_rules.find("points: 40"), 10, "points: 41");
    const auto other_rules = rulebooks({yaml_rulebook(changed_rules, "basic.yaml")});
    EXPECT_NE(antq::evaluate(data, other_rules, "2024").fingerprint(), ev.fingerprint());

    std::string changed_data(basic_observations);
    changed_data.replace(changed_data.find("\"detected\": 9"), 13, "\"detected\": 8");
    const auto other_data = tree_dataset(basic_models, changed_data);
    EXPECT_NE(antq::evaluate(other_data, rules, "2024").fingerprint(), ev.fingerprint());
}

namespace {

constexpr std::string_view single_criterion = R"~(antq: 1
id: single
title: "Một tiêu chí"
subject: model
period: calendar-year
versions:
  - version: "1"
    effective: 2020-01-01
    indicators:
      x: {type: number}
    criteria:
      - {id: x, kind: scored, points: 100, score: "x"}
    tiers:
      - {id: top, label: "Cao", when: "score >= 80"}
      - {id: low, label: "Thấp"}
    ranking: {}
)~";

}  // namespace

TEST(evaluate, scores_are_rounded_before_tiers_see_them) {
    const auto data = tree_dataset(
        R"~({"id": "m1", "name": "", "type": "", "topic": "", "target_group": "", "unit": "v1"},
           {"id": "m2", "name": "", "type": "", "topic": "", "target_group": "", "unit": "v1"})~",
        R"~({"subject": "m1", "period": "2024", "x": 0.7999999999},
           {"subject": "m2", "period": "2024", "x": 0.7994})~");
    const auto ev = antq::evaluate(data, rulebooks({yaml_rulebook(single_criterion)}), "2024");
    const auto m1 = result_of(ev.results()[0], "m1");
    EXPECT_EQ(m1.score, 80.0);
    EXPECT_EQ(m1.tier_id, "top");
    const auto m2 = result_of(ev.results()[0], "m2");
    EXPECT_EQ(m2.score, 79.94);
    EXPECT_EQ(m2.tier_id, "low");
    EXPECT_EQ(antq::format_results(ev.results(), antq::result_format::csv),
              "subject,period,rulebook,version,status,score,max_score,tier,action,group,rank\n"
              "m1,2024,single,1,evaluated,80.00,100.00,top,,all,1\n"
              "m2,2024,single,1,evaluated,79.94,100.00,low,,all,2\n");
}

TEST(evaluate, division_by_zero_is_an_error_of_that_subject_naming_the_place) {
    constexpr std::string_view rules = R"~(antq: 1
id: div
title: "Chia"
subject: model
period: calendar-year
versions:
  - version: "1"
    effective: 2020-01-01
    indicators:
      a: {type: count}
      b: {type: count}
    criteria:
      - id: share
        kind: scored
        points: 10
        score: "a / b"
    tiers:
      - {id: top, label: "Đạt", when: "score >= 5"}
      - {id: low, label: "Chưa đạt"}
    ranking: {}
)~";
    const auto data = tree_dataset(
        R"~({"id": "m1", "name": "", "type": "", "topic": "", "target_group": "", "unit": "v1"},
           {"id": "m2", "name": "", "type": "", "topic": "", "target_group": "", "unit": "v1"})~",
        R"~({"subject": "m1", "period": "2024", "a": 1, "b": 0},
           {"subject": "m2", "period": "2024", "a": 1, "b": 2})~");
    const auto ev = antq::evaluate(data, rulebooks({yaml_rulebook(rules, "div.yaml")}), "2024");
    const auto m1 = result_of(ev.results()[0], "m1");
    EXPECT_EQ(m1.status, result_status::error);
    EXPECT_EQ(m1.message,
              "division by zero in criterion 'share' at div.yaml:16:19 for subject 'm1' "
              "in period 2024");
    const auto m2 = result_of(ev.results()[0], "m2");
    EXPECT_EQ(m2.status, result_status::evaluated);
    EXPECT_EQ(m2.score, 5.0);
    EXPECT_EQ(m2.rank, 1U);
}

namespace {

// A rulebook whose first criterion scores `first` (the second scores x), with `engine`.
std::string overflow_rules(const std::string& engine, const std::string& first) {
    return R"~(antq: 1
id: big
title: "Tràn số"
subject: model
period: calendar-year
versions:
  - version: "1"
    effective: 2020-01-01
    engine: )~" +
           engine + R"~(
    indicators:
      x: {type: number}
    criteria:
      - {id: first, title: "Tràn", kind: scored, points: 10, score: ")~" +
           first + R"~("}
      - {id: plain, title: "Giá trị", kind: scored, points: 10, score: "x"}
    tiers:
      - {id: top, label: "Đạt", when: "score >= 0"}
      - {id: low, label: "Chưa đạt"}
    ranking: {}
)~";
}

}  // namespace

// An overflow must not reach an engine (TOPSIS cannot place infinity) nor be clamped into
// full marks: it is an error of that subject, and the others are still evaluated. A formula
// that folds to infinity when compiled is the same error, for every subject.
TEST(evaluate, an_overflow_is_an_error_of_that_subject) {
    const auto data = tree_dataset(
        R"~({"id": "m1", "name": "", "type": "", "topic": "", "target_group": "", "unit": "v1"},
           {"id": "m2", "name": "", "type": "", "topic": "", "target_group": "", "unit": "v1"},
           {"id": "m3", "name": "", "type": "", "topic": "", "target_group": "", "unit": "v1"})~",
        R"~({"subject": "m1", "period": "2024", "x": 1e300},
           {"subject": "m2", "period": "2024", "x": 0.5},
           {"subject": "m3", "period": "2024", "x": 0.25})~");
    for (const std::string engine : {"weighted", "topsis"}) {
        const auto ev = antq::evaluate(
            data, rulebooks({yaml_rulebook(overflow_rules(engine, "x * x"), "big.yaml")}), "2024");
        const auto m1 = result_of(ev.results()[0], "m1");
        EXPECT_EQ(m1.status, result_status::error) << engine;
        EXPECT_EQ(m1.message,
                  "a result too large to compute in criterion 'first' ('x * x') for "
                  "subject 'm1' in period 2024")
            << engine;
        EXPECT_EQ(result_of(ev.results()[0], "m2").rank, 1U) << engine;
        EXPECT_EQ(result_of(ev.results()[0], "m3").rank, 2U) << engine;

        const auto folded = antq::evaluate(
            data, rulebooks({yaml_rulebook(overflow_rules(engine, "1e200 * 1e200"), "big.yaml")}),
            "2024");
        for (const std::string id : {"m1", "m2", "m3"}) {
            const auto r = result_of(folded.results()[0], id);
            EXPECT_EQ(r.status, result_status::error) << engine << " " << id;
            EXPECT_EQ(r.message,
                      "a result too large to compute in criterion 'first' ('1e200 * "
                      "1e200') for subject '" +
                          id + "' in period 2024")
                << engine;
        }
    }
}

TEST(evaluate, applies_to_selects_the_subjects) {
    std::string rules(single_criterion);
    rules.replace(rules.find("period:"), 0, "applies_to: 'topic == \"ma-tuy\"'\n");
    const auto data = tree_dataset(
        R"~({"id": "m1", "name": "", "type": "", "topic": "ma-tuy", "target_group": "", "unit": "v1"},
           {"id": "m2", "name": "", "type": "", "topic": "trat-tu", "target_group": "", "unit": "v1"})~",
        R"~({"subject": "m1", "period": "2024", "x": 0.5})~");
    const auto ev = antq::evaluate(data, rulebooks({yaml_rulebook(rules)}), "2024");
    ASSERT_EQ(ev.results()[0].size(), 1U);
    EXPECT_EQ(ev.results()[0].columns().subject[0], "m1");
}

TEST(evaluate, observation_labels_match_by_the_days_they_name_under_the_rulebook_convention) {
    std::string rules(single_criterion);
    rules.replace(rules.find("period: calendar-year"), 21, "period: {year_starts: \"11-16\"}");
    const auto data = tree_dataset(
        R"~({"id": "m1", "name": "", "type": "", "topic": "", "target_group": "", "unit": "v1"},
           {"id": "m2", "name": "", "type": "", "topic": "", "target_group": "", "unit": "v1"},
           {"id": "m3", "name": "", "type": "", "topic": "", "target_group": "", "unit": "v1"})~",
        R"~({"subject": "m1", "period": "2023-11-16/2024-11-15", "x": 0.5},
           {"subject": "m2", "period": "2024", "x": 0.25},
           {"subject": "m3", "period": "2024", "x": 0.25},
           {"subject": "m3", "period": "16/11/2023..15/11/2024", "x": 0.75},
           {"subject": "m2", "period": "2024-01-01/2024-12-31", "x": 1})~");
    const auto ev = antq::evaluate(data, rulebooks({yaml_rulebook(rules)}), "2024");
    const auto& r = ev.results()[0];
    EXPECT_EQ(result_of(r, "m1").score, 50.0);
    EXPECT_EQ(result_of(r, "m2").score, 25.0);
    EXPECT_EQ(result_of(r, "m3").status, result_status::error);
    EXPECT_EQ(result_of(r, "m3").message,
              "two observation rows of subject 'm3' are for period 2024: '2024' and "
              "'16/11/2023..15/11/2024'");
}

TEST(evaluate, a_period_with_no_version_in_force_is_a_usage_error) {
    const auto data = tree_dataset("", "");
    EXPECT_THROW((void)antq::evaluate(data, rulebooks({yaml_rulebook(single_criterion)}), "2019"),
                 antq::usage_error);
    EXPECT_THROW(
        (void)antq::evaluate(data, rulebooks({yaml_rulebook(single_criterion)}), "2024-13"),
        antq::usage_error);
}

TEST(evaluate, the_version_in_force_is_used) {
    std::string rules(single_criterion);
    rules += R"~(  - version: "2"
    effective: 2024-06-01
    indicators:
      x: {type: number}
    criteria:
      - {id: x, kind: scored, points: 10, score: "x"}
    tiers:
      - {id: top, label: "Cao", when: "score >= 8"}
      - {id: low, label: "Thấp"}
)~";
    const auto data = tree_dataset(
        R"~({"id": "m1", "name": "", "type": "", "topic": "", "target_group": "", "unit": "v1"})~",
        R"~({"subject": "m1", "period": "2023", "x": 0.5}, {"subject": "m1", "period": "2024", "x": 0.5})~");
    const auto set = rulebooks({yaml_rulebook(rules)});
    const auto in_2023 = antq::evaluate(data, set, "2023");
    EXPECT_EQ(in_2023.results()[0].header().version, "1");
    EXPECT_EQ(result_of(in_2023.results()[0], "m1").score, 50.0);
    const auto in_2024 = antq::evaluate(data, set, "2024");
    EXPECT_EQ(in_2024.results()[0].header().version, "2");
    EXPECT_EQ(result_of(in_2024.results()[0], "m1").score, 5.0);
}
