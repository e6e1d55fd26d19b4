#include "antq/engines/weighted_engine.hpp"

#include "engines/cohort.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace {

using namespace engines_test;
using ::testing::ElementsAre;

const std::vector<antq::criterion_info> mixed = {scored("patrols", 20), scored("mediation", 30),
                                                 penalty("incidents", 10), bonus("weapons", 5)};

TEST(weighted_engine, adds_scored_and_bonus_points_and_subtracts_penalties) {
    const auto engine = make("weighted", nlohmann::json::object(), mixed);
    const auto m = cohort::from_rows(mixed, {{1, 0.5, 0.5, 1}, {0, 1, 0, 0}, {0.25, 0.75, 1, 0.5}});
    const auto o = run(*engine, m);
    EXPECT_THAT(o.scores, ElementsAre(35, 30, 20));  // 20+15-5+5, 30, 5+22.5-10+2.5
    EXPECT_THAT(o.row(0), ElementsAre(20, 15, -5, 5));
    EXPECT_THAT(o.row(1), ElementsAre(0, 30, 0, 0));
    EXPECT_THAT(o.row(2), ElementsAre(5, 22.5, -10, 2.5));
}

TEST(weighted_engine, lets_bonuses_lift_the_score_above_the_maximum) {
    const auto engine = make("weighted", nlohmann::json::object(), mixed);
    const auto o = run(*engine, cohort::from_rows(mixed, {{1, 1, 0, 1}}));
    EXPECT_EQ(o.scores[0], 55);
    EXPECT_EQ(engine->max_score(mixed), 50);
}

TEST(weighted_engine, does_not_floor_penalties_at_zero) {
    const auto engine = make("weighted", nlohmann::json::object(), mixed);
    const auto o = run(*engine, cohort::from_rows(mixed, {{0, 0, 1, 0}}));
    EXPECT_EQ(o.scores[0], -10);
}

TEST(weighted_engine, gives_required_and_veto_criteria_no_points) {
    const std::vector criteria = {required("pledge"), scored("patrols", 10),
                                  veto("no_serious_crime")};
    const auto engine = make("weighted", nlohmann::json::object(), criteria);
    const auto o = run(*engine, cohort::from_rows(criteria, {{1, 0.5, 0}, {0, 1, 1}}));
    EXPECT_THAT(o.scores, ElementsAre(5, 10));
    EXPECT_THAT(o.row(0), ElementsAre(0, 5, 0));
    EXPECT_THAT(o.row(1), ElementsAre(0, 10, 0));
}

TEST(weighted_engine, rescales_the_scored_part_over_the_points_assessed) {
    // missing: exclude. Scored points total 40; subject 0 was assessed on 20 of them, so
    // its scored part counts twice: 20 * 0.75 * 40 / 20 = 30. The penalty it was not
    // assessed on takes nothing; the bonus counts as it is, not rescaled.
    const std::vector criteria = {scored("a", 20), scored("b", 20), penalty("p", 10),
                                  bonus("x", 5)};
    const auto engine = make("weighted", nlohmann::json::object(), criteria);
    const auto m = cohort::from_rows(criteria, {{na, 0.75, na, 1}, {0.5, 0.75, 1, na}});
    const auto o = run(*engine, m);
    EXPECT_THAT(o.scores, ElementsAre(35, 15));  // 30 + 5; 10 + 15 - 10
    EXPECT_THAT(o.row(0), ElementsAre(0, 30, 0, 5));
    EXPECT_THAT(o.row(1), ElementsAre(10, 15, -10, 0));
}

TEST(weighted_engine, scores_zero_for_the_scored_part_when_no_scored_criterion_was_assessed) {
    const std::vector criteria = {scored("a", 20), scored("b", 20), bonus("x", 5)};
    const auto engine = make("weighted", nlohmann::json::object(), criteria);
    const auto o = run(*engine, cohort::from_rows(criteria, {{na, na, na}, {na, na, 1}}));
    EXPECT_THAT(o.scores, ElementsAre(0, 5));
    EXPECT_THAT(o.row(0), ElementsAre(0, 0, 0));
}

TEST(weighted_engine, scores_zero_without_criteria) {
    const std::vector<antq::criterion_info> none;
    const auto engine = make("weighted", nlohmann::json::object(), none);
    const auto o = run(*engine, cohort::from_rows(none, {{}, {}}));
    EXPECT_THAT(o.scores, ElementsAre(0, 0));
    EXPECT_EQ(engine->max_score(none), 0);
}

TEST(weighted_engine, takes_the_maximum_from_the_scored_points_or_the_option) {
    EXPECT_EQ(make("weighted", nlohmann::json::object(), mixed)->max_score(mixed), 50);
    EXPECT_EQ(make("weighted", nlohmann::json(nullptr), mixed)->max_score(mixed), 50);
    EXPECT_EQ(make("weighted", {{"max_score", 100}}, mixed)->max_score(mixed), 100);
    // The declared maximum does not rescale the score.
    const auto o = run(*make("weighted", {{"max_score", 100}}, mixed),
                       cohort::from_rows(mixed, {{1, 1, 0, 0}}));
    EXPECT_EQ(o.scores[0], 50);
}

TEST(weighted_engine, reads_scored_penalty_and_bonus_criteria) {
    const auto engine = make("weighted", nlohmann::json::object(), mixed);
    EXPECT_EQ(engine->name(), "weighted");
    EXPECT_FALSE(engine->cohort_relative());
    EXPECT_TRUE(engine->reads(antq::criterion_kind::scored));
    EXPECT_TRUE(engine->reads(antq::criterion_kind::penalty));
    EXPECT_TRUE(engine->reads(antq::criterion_kind::bonus));
    EXPECT_FALSE(engine->reads(antq::criterion_kind::required));
    EXPECT_FALSE(engine->reads(antq::criterion_kind::veto));
}

TEST(weighted_engine_options, report_an_unknown_key_at_its_place_with_a_suggestion) {
    EXPECT_THAT(refusal("weighted", {{"max_scor", 100}}, mixed),
                ElementsAre("rules.yaml:10:21: error: unknown option 'max_scor' for engine "
                            "'weighted' (did you mean 'max_score'?)"));
    EXPECT_THAT(refusal("weighted", {{"scale", 100}}, mixed),
                ElementsAre("rules.yaml:10:21: error: unknown option 'scale' for engine "
                            "'weighted' (expected max_score)"));
}

TEST(weighted_engine_options, report_a_maximum_that_is_not_a_number_above_zero) {
    EXPECT_THAT(refusal("weighted", {{"max_score", "100"}}, mixed),
                ElementsAre("rules.yaml:10:21: error: option 'max_score' of engine 'weighted' "
                            "must be a number, not a text"));
    EXPECT_THAT(refusal("weighted", {{"max_score", 0}}, mixed),
                ElementsAre("rules.yaml:10:21: error: option 'max_score' of engine 'weighted' "
                            "must be a number above 0, not 0"));
    EXPECT_THAT(refusal("weighted", {{"max_score", -2.5}}, mixed),
                ElementsAre("rules.yaml:10:21: error: option 'max_score' of engine 'weighted' "
                            "must be a number above 0, not -2.5"));
}

TEST(weighted_engine_options, report_options_that_are_not_a_mapping_at_the_options) {
    EXPECT_THAT(refusal("weighted", nlohmann::json::array({1, 2}), mixed),
                ElementsAre("rules.yaml:9:5: error: engine 'weighted' takes a mapping of "
                            "options, not a list"));
    EXPECT_THAT(refusal("weighted", "fast", mixed),
                ElementsAre("rules.yaml:9:5: error: engine 'weighted' takes a mapping of "
                            "options, not a text"));
}

TEST(weighted_engine_options, fall_back_to_the_place_of_the_options_for_a_key_without_one) {
    antq::engine_options options;
    options.values = {{"max_score", false}};
    options.where = {"book.yaml", 4, 3};
    antq::diagnostic_list problems;
    EXPECT_EQ(antq::engines::make_weighted_engine(options, mixed, problems), nullptr);
    EXPECT_THAT(printed(problems),
                ElementsAre("book.yaml:4:3: error: option 'max_score' of engine 'weighted' must "
                            "be a number, not a boolean"));
}

}  // namespace
