// What the pipeline hands a scoring engine, checked with the recording test double.

#include <antq/evaluate.hpp>

#include "evaluation/pipeline_support.hpp"
#include "support/recording_engine.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>

using namespace antq::test_support;

namespace {

constexpr std::string_view recorded_rules = R"~(antq: 1
id: rec
title: "Ghi lại"
subject: model
period: calendar-year
versions:
  - version: "1"
    effective: 2020-01-01
    engine: recording
    eligibility: {min_active_days: 100}
    indicators:
      x: {type: number}
      y: {type: ratio, missing: exclude}
      serious: {type: count, missing: zero}
    criteria:
      - {id: v, kind: veto, when: "serious == 0"}
      - {id: s, kind: scored, points: 10, score: "x / 10"}
      - {id: t, kind: scored, points: 5, score: "y", value: "y * 100"}
      - {id: p, kind: penalty, points: 3, score: "serious"}
    tiers:
      - {id: top, label: "Cao", when: "score >= 40"}
      - {id: low, label: "Thấp"}
)~";

antq::dataset recorded_dataset() {
    return tree_dataset(
        R"~({"id": "m1", "name": "", "type": "", "topic": "", "target_group": "", "unit": "v1"},
            {"id": "m2", "name": "", "type": "", "topic": "", "target_group": "", "unit": "v1"},
            {"id": "m3", "name": "", "type": "", "topic": "", "target_group": "", "unit": "v1", "established": "2024-12-01"},
            {"id": "m4", "name": "", "type": "", "topic": "", "target_group": "", "unit": "v1"})~",
        R"~({"subject": "m1", "period": "2024", "x": 15, "y": 0.5, "serious": 0},
            {"subject": "m2", "period": "2024", "x": -5, "y": null, "serious": 2},
            {"subject": "m3", "period": "2024", "x": 1, "y": 1, "serious": 0},
            {"subject": "m4", "period": "2024", "x": 5, "y": 1, "serious": 0})~");
}

struct recorded_run {
    std::shared_ptr<recording_engine> engine;
    antq::evaluation results;
};

recorded_run run_recorded(std::size_t batch_size, bool cohort_relative) {
    auto engine = std::make_shared<recording_engine>();
    engine->returns(42.125).with_max_score(50).with_cohort_relative(cohort_relative);
    engine->contributes([](const antq::engine_input&, std::size_t c, std::size_t i) {
        return static_cast<double>(10 * c + i);
    });
    antq::engine_registry engines = antq::builtin_engines();
    engines.add("recording", recording_engine::factory(engine));
    antq::evaluate_options options;
    options.batch_size = batch_size;
    auto results = antq::evaluate(
        recorded_dataset(),
        rulebooks({yaml_rulebook(recorded_rules, "rec.yaml", engines)}, engines), "2024", options);
    return {engine, std::move(results)};
}

bool is_missing(double v) {
    return std::isnan(v);
}

}  // namespace

TEST(evaluate_engine, hands_the_engine_the_criterion_matrix_of_the_evaluated_subjects) {
    const auto run = run_recorded(4096, false);
    ASSERT_EQ(run.engine->call_count(), 1U);
    const auto in = run.engine->last_input();
    // m3 is not eligible: only m1, m2, m4 are scored, in that order.
    ASSERT_EQ(in.subject_count, 3U);
    ASSERT_EQ(in.criteria.size(), 4U);
    EXPECT_EQ(in.criteria[0].id, "v");
    EXPECT_EQ(in.criteria[0].kind, antq::criterion_kind::veto);
    EXPECT_EQ(in.criteria[1].points, 10.0);
    EXPECT_EQ(in.criteria[3].kind, antq::criterion_kind::penalty);
    // Vetoes: 1 passed, 0 failed.
    EXPECT_EQ(in.score(0, 0), 1.0);
    EXPECT_EQ(in.score(0, 1), 0.0);
    EXPECT_EQ(in.score(0, 2), 1.0);
    // Scores clamped to [0, 1], values not.
    EXPECT_EQ(in.score(1, 0), 1.0);
    EXPECT_EQ(in.value(1, 0), 1.5);
    EXPECT_EQ(in.score(1, 1), 0.0);
    EXPECT_EQ(in.value(1, 1), -0.5);
    EXPECT_EQ(in.score(1, 2), 0.5);
    // `value:` given: its own expression; excluded and missing: not assessed, NaN.
    EXPECT_EQ(in.score(2, 0), 0.5);
    EXPECT_EQ(in.value(2, 0), 50.0);
    EXPECT_FALSE(in.is_assessed(2, 1));
    EXPECT_TRUE(is_missing(in.score(2, 1)));
    EXPECT_TRUE(is_missing(in.value(2, 1)));
    EXPECT_TRUE(in.is_assessed(2, 2));
    EXPECT_EQ(in.score(3, 1), 1.0);
    EXPECT_EQ(in.value(3, 1), 2.0);
}

TEST(evaluate_engine, stores_the_engine_scores_rounded_and_its_contributions) {
    const auto run = run_recorded(4096, false);
    const auto& r = run.results.results()[0];
    const auto m4 = result_of(r, "m4");
    EXPECT_EQ(m4.score, 42.13);
    EXPECT_EQ(m4.max_score, 50.0);
    EXPECT_EQ(m4.tier_id, "top");
    // Contribution 10 * criterion + position in the engine's input (m4 is third).
    EXPECT_EQ(m4.criteria[1].points, 12.0);
    EXPECT_EQ(m4.criteria[3].points, 32.0);
    const auto m2 = result_of(r, "m2");
    EXPECT_EQ(m2.tier_id, "low");  // the veto failed
    EXPECT_TRUE(is_missing(m2.criteria[2].points));
    EXPECT_TRUE(is_missing(result_of(r, "m3").score));
}

TEST(evaluate_engine, batches_hand_the_engine_one_batch_at_a_time) {
    const auto run = run_recorded(2, false);
    const auto inputs = run.engine->inputs();
    ASSERT_EQ(inputs.size(), 2U);
    EXPECT_EQ(inputs[0].subject_count, 2U);  // m1, m2
    EXPECT_EQ(inputs[1].subject_count, 1U);  // m4 (m3 is not eligible)
    EXPECT_EQ(inputs[1].value(1, 0), 0.5);
    // Contributions are per call: m4 is the first of its batch.
    EXPECT_EQ(result_of(run.results.results()[0], "m4").criteria[1].points, 10.0);
}

TEST(evaluate_engine, a_cohort_relative_engine_sees_every_evaluated_subject_at_once) {
    const auto run = run_recorded(2, true);
    ASSERT_EQ(run.engine->call_count(), 1U);
    const auto in = run.engine->last_input();
    EXPECT_EQ(in.subject_count, 3U);
    EXPECT_EQ(in.value(1, 2), 0.5);
    const auto& r = run.results.results()[0];
    EXPECT_EQ(result_of(r, "m4").criteria[1].points, 12.0);
    EXPECT_EQ(result_of(r, "m4").tier_id, "top");
    EXPECT_EQ(r, run_recorded(4096, true).results.results()[0]);
}

namespace {

/// Evaluates the recorded rules with an engine that `prepare` sets up to fail, and returns
/// what the evaluation threw.
template <class Prepare>
antq::engine_error failure_of(std::size_t batch_size, bool cohort_relative,
                              const Prepare& prepare) {
    auto engine = std::make_shared<recording_engine>();
    engine->with_max_score(50).with_cohort_relative(cohort_relative);
    prepare(*engine);
    antq::engine_registry engines = antq::builtin_engines();
    engines.add("recording", recording_engine::factory(engine));
    antq::evaluate_options options;
    options.batch_size = batch_size;
    const auto rules = rulebooks({yaml_rulebook(recorded_rules, "rec.yaml", engines)}, engines);
    try {
        (void)antq::evaluate(recorded_dataset(), rules, "2024", options);
    } catch (const antq::engine_error& e) {
        return e;
    }
    ADD_FAILURE() << "the evaluation did not throw engine_error";
    return antq::engine_error("none");
}

}  // namespace

// An engine failure names the rulebook, version, period and the subject by id (not by its
// index in a batch or cohort), whatever the batches are.
TEST(evaluate_engine, a_non_finite_score_names_the_rulebook_period_and_subject_id) {
    for (const std::size_t batch_size : {std::size_t{1}, std::size_t{2}, std::size_t{4096}}) {
        for (const bool cohort : {false, true}) {
            SCOPED_TRACE(testing::Message() << "batch " << batch_size << ", cohort " << cohort);
            // m1, m2, m4 are scored; the engine fails for the one whose x is 5 (m4).
            const auto e = failure_of(batch_size, cohort, [](recording_engine& engine) {
                engine.returns([](const antq::engine_input& in, std::size_t i) {
                    return in.values[in.at(1, i)] == 0.5 ? std::numeric_limits<double>::quiet_NaN()
                                                         : 1.0;
                });
            });
            EXPECT_EQ(std::string(e.what()),
                      "rulebook 'rec' version 1, period 2024, subject 'm4': engine 'recording' "
                      "gave a non-finite score (nan)");
        }
    }
}

TEST(evaluate_engine, an_exception_thrown_inside_an_engine_is_wrapped_with_the_same_context) {
    const auto e = failure_of(4096, false, [](recording_engine& engine) {
        engine.returns([](const antq::engine_input&, std::size_t) -> double {
            throw std::out_of_range("vector::at");
        });
    });
    EXPECT_EQ(std::string(e.what()),
              "rulebook 'rec' version 1, period 2024: engine 'recording' failed: vector::at");
    EXPECT_FALSE(e.subject_index().has_value());
}
