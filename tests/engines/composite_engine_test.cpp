#include "antq/engines/composite_engine.hpp"

#include "engines/cohort.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

namespace {

using namespace engines_test;
using ::testing::DoubleEq;
using ::testing::DoubleNear;
using ::testing::ElementsAre;

// The normalisation formulas are those of Nardo, Saisana, Saltelli, Tarantola, Hoffmann
// & Giovannini, Handbook on Constructing Composite Indicators: Methodology and User Guide,
// OECD/JRC 2008, section "Normalisation" (p. 30): min-max (x - min) / (max - min),
// standardisation (x - mean) / sd, ranking; goalposts as in the UNDP Human Development
// Index technical notes, (actual - min) / (max - min) between fixed goalposts. The worked
// example below is a HAND COMPUTATION from those formulas (no published table is
// reproduced), with exact fractions and closed forms written next to each number.
//
// Three models A, B, C; two scored criteria:
//   patrols  benefit, weight 3:  A 10, B 20, C 40
//   crimes   cost,    weight 1:  A 5,  B 1,  C 3
// Normalised weights 0.75 and 0.25; scale 100.
const std::vector<antq::criterion_info> composite_criteria = {weighted("patrols", 3),
                                                              cost("crimes", 1)};
const std::vector<std::vector<double>> composite_rows = {{10, 5}, {20, 1}, {40, 3}};

TEST(composite_engine, min_max_arithmetic_matches_the_hand_computation) {
    // patrols: (x - 10) / 30 = 0, 1/3, 1.  crimes: 1 - (x - 1) / 4 = 0, 1, 1/2.
    // A = 0; B = 75/3 + 25 = 50; C = 75 + 12.5 = 87.5.
    const auto o = run(*make("composite", nlohmann::json::object(), composite_criteria),
                       cohort::from_rows(composite_criteria, composite_rows));
    EXPECT_THAT(o.scores, ElementsAre(0, DoubleEq(50), 87.5));
    EXPECT_THAT(o.row(1), ElementsAre(DoubleEq(25), 25));
    EXPECT_THAT(o.row(2), ElementsAre(75, 12.5));
}

TEST(composite_engine, min_max_geometric_matches_the_hand_computation) {
    // A = 100 * 0^0.75 * 0^0.25 = 0; B = 100 * (1/3)^0.75 * 1 = 100 / 3^(3/4);
    // C = 100 * 1 * (1/2)^0.25 = 100 / 2^(1/4).
    const auto o = run(*make("composite", {{"aggregation", "geometric"}}, composite_criteria),
                       cohort::from_rows(composite_criteria, composite_rows));
    EXPECT_THAT(o.scores, ElementsAre(0, DoubleNear(100 / std::pow(3.0, 0.75), 1e-12),
                                      DoubleNear(100 / std::pow(2.0, 0.25), 1e-12)));
    // Contributions stay the arithmetic terms: indicative only.
    EXPECT_THAT(o.row(2), ElementsAre(75, 12.5));
}

TEST(composite_engine, z_score_matches_the_hand_computation) {
    // patrols: mean 70/3, population sd 10 sqrt(14) / 3, z = -4, -1, 5 over sqrt(14).
    // crimes: mean 3, sd sqrt(8/3), z = 2, -2, 0 over sqrt(8/3) = +-sqrt(3/2), 0; cost: -z.
    // A = -300/sqrt(14) - 25 sqrt(1.5); B = -75/sqrt(14) + 25 sqrt(1.5); C = 375/sqrt(14).
    const auto o = run(*make("composite", {{"normalisation", "z-score"}}, composite_criteria),
                       cohort::from_rows(composite_criteria, composite_rows));
    const double r14 = std::sqrt(14.0);
    const double r15 = std::sqrt(1.5);
    EXPECT_THAT(o.scores,
                ElementsAre(DoubleNear(-300 / r14 - 25 * r15, 1e-12),
                            DoubleNear(-75 / r14 + 25 * r15, 1e-12), DoubleNear(375 / r14, 1e-12)));
    EXPECT_THAT(o.row(2), ElementsAre(DoubleNear(375 / r14, 1e-12), 0));
}

TEST(composite_engine, rank_matches_the_hand_computation) {
    // patrols ranks 1, 2, 3 -> 0, 1/2, 1. crimes ranks from the lowest 3, 1, 2 -> 1, 0,
    // 1/2; cost: 0, 1, 1/2. A = 0; B = 37.5 + 25 = 62.5; C = 75 + 12.5 = 87.5.
    const auto o = run(*make("composite", {{"normalisation", "rank"}}, composite_criteria),
                       cohort::from_rows(composite_criteria, composite_rows));
    EXPECT_THAT(o.scores, ElementsAre(0, 62.5, 87.5));
}

TEST(composite_engine, rank_gives_ties_their_mean_rank) {
    // Values 1, 2, 2, 3: ranks 1, 2.5, 2.5, 4 -> 0, 1/2, 1/2, 1.
    const std::vector one = {weighted("a", 1)};
    const auto o = run(*make("composite", {{"normalisation", "rank"}}, one),
                       cohort::from_rows(one, {{2}, {1}, {3}, {2}}));
    EXPECT_THAT(o.scores, ElementsAre(50, 0, 100, 50));
}

TEST(composite_engine, goalposts_match_the_hand_computation_and_clamp) {
    // patrols in [0, 50]: 0.2, 0.4, 0.8. crimes in [0, 10], cost: 0.5, 0.9, 0.7.
    // A = 15 + 12.5 = 27.5; B = 30 + 22.5 = 52.5; C = 60 + 17.5 = 77.5. Beyond the
    // goalposts a value counts as the goalpost: 60 patrols as 50, -5 crimes as 0.
    const nlohmann::json options = {{"normalisation", "goalposts"},
                                    {"goalposts", {{"patrols", {0, 50}}, {"crimes", {0, 10}}}}};
    const auto engine = make("composite", options, composite_criteria);
    const auto o =
        run(*engine, cohort::from_rows(composite_criteria, {{10, 5}, {20, 1}, {40, 3}, {60, -5}}));
    EXPECT_THAT(o.scores, ElementsAre(DoubleEq(27.5), DoubleEq(52.5), DoubleEq(77.5), 100));
    EXPECT_FALSE(engine->cohort_relative());
    // Not cohort-relative: a subject scored alone gets the same score.
    EXPECT_EQ(run(*engine, cohort::from_rows(composite_criteria, {{20, 1}})).scores[0],
              o.scores[1]);
}

TEST(composite_engine, reweights_over_the_criteria_assessed) {
    // B was not assessed on crimes: crimes is normalised over A and C (5 -> 0, 3 -> 1
    // after cost), and B is judged on patrols alone (weight 1): 100 * 1/3.
    const auto o = run(*make("composite", nlohmann::json::object(), composite_criteria),
                       cohort::from_rows(composite_criteria, {{10, 5}, {20, na}, {40, 3}}));
    EXPECT_THAT(o.scores, ElementsAre(0, DoubleEq(100.0 / 3), 100));
    EXPECT_THAT(o.row(1), ElementsAre(DoubleEq(100.0 / 3), 0));
    const auto nothing = run(*make("composite", nlohmann::json::object(), composite_criteria),
                             cohort::from_rows(composite_criteria, {{10, 5}, {na, na}}));
    EXPECT_EQ(nothing.scores[1], 0);
}

TEST(composite_engine, scores_constant_columns_and_lone_subjects_in_the_middle) {
    for (const char* norm : {"min-max", "rank"}) {
        const auto engine = make("composite", {{"normalisation", norm}}, composite_criteria);
        EXPECT_THAT(run(*engine, cohort::from_rows(composite_criteria, {{7, 2}})).scores,
                    ElementsAre(50))
            << norm;
        EXPECT_THAT(run(*engine, cohort::from_rows(composite_criteria, {{7, 2}, {7, 2}})).scores,
                    ElementsAre(50, 50))
            << norm;
    }
    const auto z = make("composite", {{"normalisation", "z-score"}}, composite_criteria);
    EXPECT_THAT(run(*z, cohort::from_rows(composite_criteria, {{7, 2}})).scores, ElementsAre(0));
    EXPECT_THAT(run(*z, cohort::from_rows(composite_criteria, {{7, 2}, {7, 2}})).scores,
                ElementsAre(0, 0));
}

TEST(composite_engine, scales_the_index_and_reports_it_as_maximum) {
    const auto engine = make("composite", {{"scale", 10}}, composite_criteria);
    EXPECT_THAT(run(*engine, cohort::from_rows(composite_criteria, composite_rows)).scores,
                ElementsAre(0, DoubleEq(5), 8.75));
    EXPECT_EQ(engine->max_score(composite_criteria), 10);
}

TEST(composite_engine, reads_only_scored_criteria) {
    const auto engine = make("composite", nlohmann::json::object(), composite_criteria);
    EXPECT_EQ(engine->name(), "composite");
    EXPECT_TRUE(engine->cohort_relative());
    EXPECT_TRUE(engine->reads(antq::criterion_kind::scored));
    EXPECT_FALSE(engine->reads(antq::criterion_kind::penalty));
    EXPECT_FALSE(engine->reads(antq::criterion_kind::bonus));
    EXPECT_FALSE(engine->reads(antq::criterion_kind::required));
    EXPECT_FALSE(engine->reads(antq::criterion_kind::veto));
}

TEST(composite_engine, refuses_a_value_that_is_not_finite) {
    const auto engine = make("composite", nlohmann::json::object(), composite_criteria);
    auto m = cohort::from_rows(composite_criteria, composite_rows);
    m.values[m.input().at(1, 2)] = std::numeric_limits<double>::quiet_NaN();
    try {
        run(*engine, m);
        FAIL() << "expected usage_error";
    } catch (const antq::usage_error& e) {
        EXPECT_STREQ(e.what(),
                     "engine 'composite': the value of criterion 'crimes' for subject 2 "
                     "is nan, not a finite number");
    }
}

TEST(composite_engine, refuses_criteria_other_than_its_goalposts_were_set_for) {
    const nlohmann::json options = {{"normalisation", "goalposts"},
                                    {"goalposts", {{"patrols", {0, 50}}, {"crimes", {0, 10}}}}};
    const auto engine = make("composite", options, composite_criteria);
    const std::vector other = {weighted("patrols", 3), cost("fires", 1)};
    EXPECT_THROW(run(*engine, cohort::from_rows(other, composite_rows)), antq::usage_error);
}

TEST(composite_engine_options, report_unknown_keys_and_choices_with_suggestions) {
    EXPECT_THAT(refusal("composite", {{"normalization", "rank"}}, composite_criteria),
                ElementsAre("rules.yaml:10:21: error: unknown option 'normalization' for engine "
                            "'composite' (did you mean 'normalisation'?)"));
    EXPECT_THAT(refusal("composite", {{"normalisation", "minmax"}}, composite_criteria),
                ElementsAre("rules.yaml:10:21: error: option 'normalisation' of engine "
                            "'composite' must be one of min-max, z-score, goalposts, rank, not "
                            "'minmax' (did you mean 'min-max'?)"));
    EXPECT_THAT(refusal("composite", {{"aggregation", "harmonic"}}, composite_criteria),
                ElementsAre("rules.yaml:10:21: error: option 'aggregation' of engine 'composite' "
                            "must be one of arithmetic, geometric, not 'harmonic'"));
    EXPECT_THAT(refusal("composite", {{"aggregation", 3}}, composite_criteria),
                ElementsAre("rules.yaml:10:21: error: option 'aggregation' of engine 'composite' "
                            "must be one of arithmetic, geometric, not a number"));
    EXPECT_THAT(refusal("composite", {{"scale", 0}}, composite_criteria),
                ElementsAre("rules.yaml:10:21: error: option 'scale' of engine 'composite' must "
                            "be a number above 0, not 0"));
}

TEST(composite_engine_options, refuse_geometric_z_scores) {
    EXPECT_THAT(refusal("composite", {{"aggregation", "geometric"}, {"normalisation", "z-score"}},
                        composite_criteria),
                ElementsAre("rules.yaml:10:21: error: option 'aggregation' of engine 'composite' "
                            "cannot be 'geometric' with normalisation 'z-score', whose values can "
                            "be negative"));
}

TEST(composite_engine_options, tie_goalposts_to_goalposts_normalisation) {
    EXPECT_THAT(refusal("composite", {{"normalisation", "goalposts"}}, composite_criteria),
                ElementsAre("rules.yaml:9:5: error: engine 'composite' needs option 'goalposts' "
                            "({criterion id: [low, high]}) with normalisation 'goalposts'"));
    EXPECT_THAT(refusal("composite", {{"goalposts", {{"patrols", {0, 50}}}}}, composite_criteria),
                ElementsAre("rules.yaml:10:21: error: option 'goalposts' of engine 'composite' "
                            "is only read with normalisation 'goalposts', not 'min-max'"));
}

TEST(composite_engine_options, report_every_goalpost_problem) {
    const std::vector with_check = {weighted("patrols", 3), cost("crimes", 1), required("pledge")};
    const nlohmann::json options = {
        {"normalisation", "goalposts"},
        {"goalposts", {{"patrol", {0, 50}}, {"pledge", {0, 1}}, {"crimes", {5, 5}}}}};
    // Keys in order: goalposts (line 10), normalisation (line 11); goalpost entries in
    // key order: crimes, patrol, pledge.
    EXPECT_THAT(
        refusal("composite", options, with_check),
        ElementsAre("rules.yaml:10:21: error: option 'goalposts' of engine 'composite' "
                    "must give criterion 'crimes' [low, high] with low below high, not [5,5]",
                    "rules.yaml:10:21: error: option 'goalposts' of engine 'composite' "
                    "names unknown criterion 'patrol' (did you mean 'patrols'?)",
                    "rules.yaml:10:21: error: option 'goalposts' of engine 'composite' "
                    "names criterion 'pledge', which is required, not scored",
                    "rules.yaml:10:21: error: option 'goalposts' of engine 'composite' "
                    "has no [low, high] for scored criterion 'patrols'"));
    EXPECT_THAT(refusal("composite", {{"normalisation", "goalposts"}, {"goalposts", {1, 2}}},
                        composite_criteria),
                ElementsAre("rules.yaml:10:21: error: option 'goalposts' of engine 'composite' "
                            "must be a mapping of criterion ids to [low, high], not a list"));
    EXPECT_THAT(
        refusal("composite",
                {{"normalisation", "goalposts"},
                 {"goalposts", {{"patrols", {0, "many"}}, {"crimes", {0, 1, 2}}}}},
                composite_criteria),
        ElementsAre("rules.yaml:10:21: error: option 'goalposts' of engine 'composite' "
                    "must give criterion 'crimes' [low, high] with low below high, not [0,1,2]",
                    "rules.yaml:10:21: error: option 'goalposts' of engine 'composite' "
                    "must give criterion 'patrols' [low, high] with low below high, not "
                    "[0,\"many\"]"));
}

TEST(composite_engine_options, need_a_scored_criterion_with_a_weight) {
    EXPECT_THAT(refusal("composite", nlohmann::json::object(), {bonus("x", 5)}),
                ElementsAre("rules.yaml:9:5: error: engine 'composite' needs at least one scored "
                            "criterion with a weight above 0"));
}

}  // namespace
