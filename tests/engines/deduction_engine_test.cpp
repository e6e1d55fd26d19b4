#include "antq/engines/deduction_engine.hpp"

#include "engines/cohort.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace {

using namespace engines_test;
using ::testing::ElementsAre;

const std::vector<antq::criterion_info> rules = {penalty("violations", 10), scored("patrols", 20),
                                                 bonus("weapons", 5), required("pledge")};

TEST(deduction_engine, takes_penalties_and_scored_shortfalls_off_the_base_and_adds_bonuses) {
    const auto engine = make("deduction", nlohmann::json::object(), rules);
    const auto m = cohort::from_rows(rules, {{0.5, 0.75, 1, 0}, {0, 1, 0, 1}, {1, 0, 0.5, 1}});
    const auto o = run(*engine, m);
    EXPECT_THAT(o.scores, ElementsAre(95, 100, 72.5));  // 100-5-5+5; 100; 100-10-20+2.5
    EXPECT_THAT(o.row(0), ElementsAre(-5, -5, 5, 0));
    EXPECT_THAT(o.row(1), ElementsAre(0, 0, 0, 0));
    EXPECT_THAT(o.row(2), ElementsAre(-10, -20, 2.5, 0));
    EXPECT_EQ(engine->max_score(rules), 100);
}

TEST(deduction_engine, lets_bonuses_lift_the_score_above_the_base) {
    const auto o = run(*make("deduction", nlohmann::json::object(), rules),
                       cohort::from_rows(rules, {{0, 1, 1, 1}}));
    EXPECT_EQ(o.scores[0], 105);
}

TEST(deduction_engine, floors_the_final_score) {
    const std::vector heavy = {penalty("violations", 200), bonus("weapons", 30)};
    const auto m = cohort::from_rows(heavy, {{1, 0}, {1, 1}, {0.25, 0}});
    EXPECT_THAT(run(*make("deduction", nlohmann::json::object(), heavy), m).scores,
                ElementsAre(0, 0, 50));
    EXPECT_THAT(run(*make("deduction", {{"floor", 20}}, heavy), m).scores, ElementsAre(20, 20, 50));
    EXPECT_THAT(run(*make("deduction", {{"floor", -1000}}, heavy), m).scores,
                ElementsAre(-100, -70, 50));
    // The contributions stay the terms, floor or not.
    EXPECT_THAT(run(*make("deduction", nlohmann::json::object(), heavy), m).row(1),
                ElementsAre(-200, 30));
}

TEST(deduction_engine, takes_nothing_for_a_criterion_not_assessed) {
    const auto o = run(*make("deduction", nlohmann::json::object(), rules),
                       cohort::from_rows(rules, {{na, na, na, na}, {na, 0.5, na, 1}}));
    EXPECT_THAT(o.scores, ElementsAre(100, 90));
    EXPECT_THAT(o.row(0), ElementsAre(0, 0, 0, 0));
}

TEST(deduction_engine, starts_from_the_base_option) {
    const auto engine = make("deduction", {{"base", 50}}, rules);
    EXPECT_THAT(run(*engine, cohort::from_rows(rules, {{0.5, 1, 0, 1}})).scores, ElementsAre(45));
    EXPECT_EQ(engine->max_score(rules), 50);
}

TEST(deduction_engine, reads_scored_penalty_and_bonus_criteria) {
    const auto engine = make("deduction", nlohmann::json::object(), rules);
    EXPECT_EQ(engine->name(), "deduction");
    EXPECT_FALSE(engine->cohort_relative());
    EXPECT_TRUE(engine->reads(antq::criterion_kind::penalty));
    EXPECT_TRUE(engine->reads(antq::criterion_kind::scored));
    EXPECT_TRUE(engine->reads(antq::criterion_kind::bonus));
    EXPECT_FALSE(engine->reads(antq::criterion_kind::required));
    EXPECT_FALSE(engine->reads(antq::criterion_kind::veto));
}

TEST(deduction_engine_options, report_unknown_keys_with_a_suggestion) {
    EXPECT_THAT(refusal("deduction", {{"flor", 10}}, rules),
                ElementsAre("rules.yaml:10:21: error: unknown option 'flor' for engine "
                            "'deduction' (did you mean 'floor'?)"));
    EXPECT_THAT(refusal("deduction", {{"minimum", 10}}, rules),
                ElementsAre("rules.yaml:10:21: error: unknown option 'minimum' for engine "
                            "'deduction' (expected base, floor)"));
}

TEST(deduction_engine_options, report_a_base_that_is_not_a_number_above_zero) {
    EXPECT_THAT(refusal("deduction", {{"base", -1}}, rules),
                ElementsAre("rules.yaml:10:21: error: option 'base' of engine 'deduction' must "
                            "be a number above 0, not -1"));
    EXPECT_THAT(refusal("deduction", {{"base", true}}, rules),
                ElementsAre("rules.yaml:10:21: error: option 'base' of engine 'deduction' must "
                            "be a number, not a boolean"));
}

TEST(deduction_engine_options, report_a_floor_above_the_base) {
    EXPECT_THAT(refusal("deduction", {{"base", 100}, {"floor", 150}}, rules),
                ElementsAre("rules.yaml:11:21: error: option 'floor' of engine 'deduction' must "
                            "not be above base (100), not 150"));
    EXPECT_THAT(refusal("deduction", {{"floor", "low"}}, rules),
                ElementsAre("rules.yaml:10:21: error: option 'floor' of engine 'deduction' must "
                            "be a number, not a text"));
}

TEST(deduction_engine_options, do_not_compare_the_floor_with_a_base_that_was_wrong) {
    EXPECT_THAT(refusal("deduction", {{"base", "many"}, {"floor", 150}}, rules),
                ElementsAre("rules.yaml:10:21: error: option 'base' of engine 'deduction' must "
                            "be a number, not a text"));
}

}  // namespace
