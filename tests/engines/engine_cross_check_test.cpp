// Engines that must agree on the same input (the QuantLib habit: every engine of a family
// cross-checked against the others).

#include "engines/cohort.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>

namespace {

using namespace engines_test;
using ::testing::DoubleNear;
using ::testing::Pointwise;

// A deterministic pseudo-random fraction in [0, 1] with few bits (multiples of 1/64), so
// sums of points times scores are exact.
double fraction(std::uint32_t& state) {
    state = state * 1664525u + 1013904223u;
    return static_cast<double>((state >> 16) % 65) / 64;
}

std::vector<std::vector<double>> random_rows(std::size_t subjects, std::size_t criteria,
                                             std::uint32_t seed) {
    std::vector<std::vector<double>> rows(subjects, std::vector<double>(criteria));
    for (auto& row : rows) {
        for (auto& v : row) {
            v = fraction(seed);
        }
    }
    return rows;
}

TEST(engine_cross_check,
     weighted_with_equal_points_equals_composite_min_max_on_a_zero_to_one_cohort) {
    // Four criteria of 25 points; every column reaches 0 and 1, so min-max leaves the
    // scores as they are and 100 * (25/100) * s = 25 * s, bit for bit.
    const std::vector criteria = {scored("a", 25), scored("b", 25), scored("c", 25),
                                  scored("d", 25)};
    auto rows = random_rows(40, 4, 7);
    rows[0] = {0, 1, 0, 1};
    rows[1] = {1, 0, 1, 0};
    const auto m = cohort::from_rows(criteria, rows);
    const auto weighted = run(*make("weighted", nlohmann::json::object(), criteria), m);
    const auto composite = run(*make("composite", nlohmann::json::object(), criteria), m);
    EXPECT_EQ(weighted.scores, composite.scores);
    EXPECT_EQ(weighted.contributions, composite.contributions);
}

TEST(engine_cross_check, checklist_equals_weighted_over_the_same_criteria_as_one_point_each) {
    const std::vector checks = {required("r1"), veto("v"), required("r2"), required("r3")};
    const std::vector points = {scored("r1", 1), scored("v", 1), scored("r2", 1), scored("r3", 1)};
    auto rows = random_rows(30, 4, 11);
    for (auto& row : rows) {
        for (auto& v : row) {
            v = v >= 0.5 ? 1 : 0;  // pass/fail
        }
    }
    const auto checklist =
        run(*make("checklist", nlohmann::json::object(), checks), cohort::from_rows(checks, rows));
    const auto weighted =
        run(*make("weighted", nlohmann::json::object(), points), cohort::from_rows(points, rows));
    EXPECT_EQ(checklist.scores, weighted.scores);
    EXPECT_EQ(checklist.contributions, weighted.contributions);
    EXPECT_EQ(make("checklist", nlohmann::json::object(), checks)->max_score(checks),
              make("weighted", nlohmann::json::object(), points)->max_score(points));
}

TEST(engine_cross_check, deduction_from_the_scored_points_equals_weighted) {
    // base = the scored points: taking the shortfalls off the base gives the points earned.
    const std::vector criteria = {scored("a", 20), scored("b", 30), scored("c", 50)};
    const auto m = cohort::from_rows(criteria, random_rows(30, 3, 5));
    const auto deduction = run(*make("deduction", {{"base", 100}}, criteria), m);
    const auto weighted = run(*make("weighted", nlohmann::json::object(), criteria), m);
    EXPECT_EQ(deduction.scores, weighted.scores);
}

TEST(engine_cross_check, deduction_with_penalties_only_is_weighted_relative_to_the_base) {
    const std::vector criteria = {penalty("p1", 10), penalty("p2", 15), bonus("b", 5)};
    const auto m = cohort::from_rows(criteria, random_rows(30, 3, 9));
    const auto deduction = run(*make("deduction", {{"base", 60}, {"floor", -100}}, criteria), m);
    const auto weighted = run(*make("weighted", nlohmann::json::object(), criteria), m);
    for (std::size_t i = 0; i < m.subject_count; ++i) {
        EXPECT_EQ(deduction.scores[i], 60 + weighted.scores[i]) << i;
    }
    EXPECT_EQ(deduction.contributions, weighted.contributions);
}

TEST(engine_cross_check, topsis_on_one_criterion_equals_composite_min_max) {
    // With one benefit criterion, d- / (d+ + d-) = (x - min) / (max - min).
    const std::vector criteria = {weighted("a", 1)};
    const auto m = cohort::from_rows(criteria, {{3}, {7.5}, {12}, {4.25}, {9}});
    const auto topsis = run(*make("topsis", nlohmann::json::object(), criteria), m);
    const auto composite = run(*make("composite", nlohmann::json::object(), criteria), m);
    EXPECT_THAT(topsis.scores, Pointwise(DoubleNear(1e-12), composite.scores));
}

}  // namespace
