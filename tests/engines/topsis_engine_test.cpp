#include "antq/engines/topsis_engine.hpp"

#include "engines/cohort.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace {

using namespace engines_test;
using ::testing::DoubleEq;
using ::testing::DoubleNear;
using ::testing::ElementsAre;

// Hwang, C.-L. & Yoon, K. (1981). Multiple Attribute Decision Making: Methods and
// Applications, A State-of-the-Art Survey. Lecture Notes in Economics and Mathematical
// Systems 186, Springer, pp. 133-134: the fighter aircraft example. Four aircraft, six
// attributes: maximum speed (Mach), ferry range (NM), maximum payload (lb), purchasing
// cost ($10^6, the only cost attribute), reliability and maneuverability (qualitative,
// on their interval scale); weights 0.2, 0.1, 0.1, 0.1, 0.2, 0.3. Published relative
// closeness C*: A1 0.643, A2 0.268, A3 0.613, A4 0.312 (ranking A1 > A3 > A4 > A2).
const std::vector<antq::criterion_info> aircraft = {
    weighted("max_speed", 0.2),   weighted("ferry_range", 0.1), weighted("max_payload", 0.1),
    cost("purchasing_cost", 0.1), weighted("reliability", 0.2), weighted("maneuverability", 0.3)};
const std::vector<std::vector<double>> aircraft_matrix = {{2.0, 1500, 20000, 5.5, 5, 9},
                                                          {2.5, 2700, 18000, 6.5, 3, 5},
                                                          {1.8, 2000, 21000, 4.5, 7, 7},
                                                          {2.2, 1800, 20000, 5.0, 5, 5}};

TEST(topsis_engine, reproduces_the_published_closeness_of_hwang_and_yoon) {
    const auto engine = make("topsis", nlohmann::json::object(), aircraft);
    const auto o = run(*engine, cohort::from_rows(aircraft, aircraft_matrix));
    // Scores are closeness times the default scale 100. The book prints three decimals
    // computed from intermediates rounded to four (A3: d+ = 0.0580, d- = 0.0920, so
    // 0.0920 / 0.1500 = 0.613 where full precision gives 0.6135): agreement to 1e-3.
    EXPECT_NEAR(o.scores[0] / 100, 0.643, 1e-3);
    EXPECT_NEAR(o.scores[1] / 100, 0.268, 1e-3);
    EXPECT_NEAR(o.scores[2] / 100, 0.613, 1e-3);
    EXPECT_NEAR(o.scores[3] / 100, 0.312, 1e-3);
    // The ranking the book gives: A1 > A3 > A4 > A2.
    EXPECT_GT(o.scores[0], o.scores[2]);
    EXPECT_GT(o.scores[2], o.scores[3]);
    EXPECT_GT(o.scores[3], o.scores[1]);
    // The same formulas evaluated independently in double precision (Python 3, plain
    // sums, not part of the book): 0.64327700055327, 0.26838356771941185,
    // 0.613542290007231, 0.31229106558175435.
    EXPECT_NEAR(o.scores[0], 64.327700055327, 1e-10);
    EXPECT_NEAR(o.scores[1], 26.838356771941185, 1e-10);
    EXPECT_NEAR(o.scores[2], 61.3542290007231, 1e-10);
    EXPECT_NEAR(o.scores[3], 31.229106558175435, 1e-10);
}

TEST(topsis_engine, gives_the_ideal_100_and_the_anti_ideal_0_on_one_criterion) {
    const std::vector criteria = {weighted("patrols", 1), cost("crimes", 1)};
    const auto engine = make("topsis", nlohmann::json::object(), criteria);
    // Subject 0 is best on both (more patrols, fewer crimes); subject 1 worst on both.
    const auto o = run(*engine, cohort::from_rows(criteria, {{10, 1}, {5, 3}}));
    EXPECT_THAT(o.scores, ElementsAre(100, 0));
    EXPECT_THAT(o.row(0), ElementsAre(50, 50));
    EXPECT_THAT(o.row(1), ElementsAre(0, 0));
}

TEST(topsis_engine, writes_each_criterion_position_as_contribution) {
    // Mirror-image subjects: each best on one criterion and worst on the other, so both
    // are halfway (C = 0.5); the contributions say which criterion lifted which.
    const std::vector criteria = {weighted("a", 3), weighted("b", 1)};
    const auto o = run(*make("topsis", nlohmann::json::object(), criteria),
                       cohort::from_rows(criteria, {{1, 2}, {2, 1}}));
    EXPECT_THAT(o.row(0), ElementsAre(0, 25));
    EXPECT_THAT(o.row(1), ElementsAre(75, 0));
    EXPECT_LT(o.scores[0], 50);  // the heavier criterion sank subject 0
    EXPECT_GT(o.scores[1], 50);
}

TEST(topsis_engine, scores_the_middle_when_nothing_tells_the_subjects_apart) {
    const std::vector criteria = {weighted("a", 1), cost("b", 2)};
    const auto engine = make("topsis", nlohmann::json::object(), criteria);
    const auto alone = run(*engine, cohort::from_rows(criteria, {{3, 4}}));
    EXPECT_THAT(alone.scores, ElementsAre(50));
    EXPECT_THAT(alone.row(0), ElementsAre(DoubleEq(50.0 / 3), DoubleEq(100.0 / 3)));
    const auto identical = run(*engine, cohort::from_rows(criteria, {{3, 4}, {3, 4}, {3, 4}}));
    EXPECT_THAT(identical.scores, ElementsAre(50, 50, 50));
    const auto zeros = run(*engine, cohort::from_rows(criteria, {{0, 0}, {0, 0}}));
    EXPECT_THAT(zeros.scores, ElementsAre(50, 50));
}

TEST(topsis_engine, lets_a_constant_column_take_no_part) {
    const std::vector criteria = {weighted("a", 1), weighted("constant", 5)};
    const auto o = run(*make("topsis", nlohmann::json::object(), criteria),
                       cohort::from_rows(criteria, {{1, 0}, {2, 0}, {1.5, 0}}));
    EXPECT_THAT(o.scores, ElementsAre(0, 100, DoubleEq(50)));
}

TEST(topsis_engine, takes_the_worst_assessed_value_for_a_value_not_assessed) {
    const std::vector criteria = {weighted("a", 1), cost("b", 1)};
    const auto engine = make("topsis", nlohmann::json::object(), criteria);
    const auto imputed = run(*engine, cohort::from_rows(criteria, {{1, 1}, {3, 2}, {na, na}}));
    const auto explicit_worst = run(*engine, cohort::from_rows(criteria, {{1, 1}, {3, 2}, {1, 2}}));
    EXPECT_EQ(imputed.scores, explicit_worst.scores);
    EXPECT_THAT(imputed.row(2), ElementsAre(0, 0));
}

TEST(topsis_engine, lets_a_column_nobody_was_assessed_on_take_no_part) {
    const std::vector criteria = {weighted("a", 1), weighted("unknown", 1)};
    const auto o = run(*make("topsis", nlohmann::json::object(), criteria),
                       cohort::from_rows(criteria, {{1, na}, {2, na}}));
    EXPECT_THAT(o.scores, ElementsAre(0, 100));
    EXPECT_THAT(o.row(1), ElementsAre(50, 0));
}

TEST(topsis_engine, does_not_overflow_on_huge_values) {
    const std::vector criteria = {weighted("a", 1), cost("b", 2)};
    const auto engine = make("topsis", nlohmann::json::object(), criteria);
    const auto huge =
        run(*engine, cohort::from_rows(criteria, {{1e300, 3}, {4e300, 1}, {2e300, 2}}));
    const auto plain = run(*engine, cohort::from_rows(criteria, {{1, 3}, {4, 1}, {2, 2}}));
    EXPECT_EQ(huge.scores, plain.scores);
    EXPECT_EQ(huge.contributions, plain.contributions);
}

TEST(topsis_engine, scales_the_closeness) {
    const std::vector criteria = {weighted("a", 1)};
    const auto engine = make("topsis", {{"scale", 1}}, criteria);
    EXPECT_THAT(run(*engine, cohort::from_rows(criteria, {{1}, {3}, {2}})).scores,
                ElementsAre(0, 1, DoubleNear(0.5, 1e-15)));
    EXPECT_EQ(engine->max_score(criteria), 1);
    EXPECT_EQ(make("topsis", nlohmann::json::object(), criteria)->max_score(criteria), 100);
}

TEST(topsis_engine, reads_only_scored_criteria) {
    const std::vector criteria = {weighted("a", 1), penalty("p", 10), bonus("x", 5), required("r")};
    const auto engine = make("topsis", nlohmann::json::object(), criteria);
    EXPECT_EQ(engine->name(), "topsis");
    EXPECT_TRUE(engine->cohort_relative());
    EXPECT_TRUE(engine->reads(antq::criterion_kind::scored));
    EXPECT_FALSE(engine->reads(antq::criterion_kind::penalty));
    EXPECT_FALSE(engine->reads(antq::criterion_kind::bonus));
    EXPECT_FALSE(engine->reads(antq::criterion_kind::required));
    EXPECT_FALSE(engine->reads(antq::criterion_kind::veto));
    const auto o = run(*engine, cohort::from_rows(criteria, {{1, 1, 1, 1}, {2, 0, 0, 0}}));
    EXPECT_THAT(o.scores, ElementsAre(0, 100));
    EXPECT_THAT(o.row(0), ElementsAre(0, 0, 0, 0));
}

TEST(topsis_engine, refuses_a_value_that_is_not_finite) {
    const std::vector criteria = {weighted("patrols", 1)};
    const auto engine = make("topsis", nlohmann::json::object(), criteria);
    auto m = cohort::from_rows(criteria, {{1}, {2}});
    m.values[1] = std::numeric_limits<double>::infinity();
    try {
        run(*engine, m);
        FAIL() << "expected usage_error";
    } catch (const antq::usage_error& e) {
        EXPECT_STREQ(e.what(),
                     "engine 'topsis': the value of criterion 'patrols' for subject 1 "
                     "is inf, not a finite number");
    }
}

TEST(topsis_engine_options, report_every_problem) {
    const std::vector criteria = {weighted("a", 1)};
    EXPECT_THAT(refusal("topsis", {{"scal", 10}}, criteria),
                ElementsAre("rules.yaml:10:21: error: unknown option 'scal' for engine 'topsis' "
                            "(did you mean 'scale'?)"));
    EXPECT_THAT(refusal("topsis", {{"scale", -5}}, criteria),
                ElementsAre("rules.yaml:10:21: error: option 'scale' of engine 'topsis' must be "
                            "a number above 0, not -5"));
    EXPECT_THAT(refusal("topsis", {{"scale", nlohmann::json::array()}}, criteria),
                ElementsAre("rules.yaml:10:21: error: option 'scale' of engine 'topsis' must be "
                            "a number, not a list"));
}

TEST(topsis_engine_options, need_a_scored_criterion_with_a_weight) {
    EXPECT_THAT(refusal("topsis", nlohmann::json::object(), {required("r"), penalty("p", 3)}),
                ElementsAre("rules.yaml:9:5: error: engine 'topsis' needs at least one scored "
                            "criterion with a weight above 0"));
    EXPECT_THAT(refusal("topsis", nlohmann::json::object(), {weighted("a", 0)}),
                ElementsAre("rules.yaml:9:5: error: engine 'topsis' needs at least one scored "
                            "criterion with a weight above 0"));
}

}  // namespace
