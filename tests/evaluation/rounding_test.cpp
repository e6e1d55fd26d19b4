#include "antq/evaluation/rounding.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using antq::detail::evaluation::round_score;

TEST(round_score, float_error_below_a_band_edge_is_rounded_up_to_it) {
    EXPECT_EQ(round_score(79.99999999, 2), 80.0);
    EXPECT_EQ(round_score(0.1 + 0.2, 2), 0.3);
    EXPECT_EQ(round_score(0.1 * 3 * 100, 0), 30.0);
}

TEST(round_score, halves_go_away_from_zero_even_a_hair_below_from_float_error) {
    EXPECT_EQ(round_score(2.675, 2),
              2.68);  // the double is 2.67499999999999982236431605997495353221893310546875
    EXPECT_EQ(round_score(-2.675, 2), -2.68);
    EXPECT_EQ(round_score(1.005, 2), 1.01);
    EXPECT_EQ(round_score(0.125, 2), 0.13);
    EXPECT_EQ(round_score(2.5, 0), 3.0);
    EXPECT_EQ(round_score(-2.5, 0), -3.0);
    EXPECT_EQ(round_score(0.5, 0), 1.0);
    EXPECT_EQ(round_score(12.024999999999999, 2), 12.03);
    EXPECT_EQ(round_score(-12.024999999999999, 2), -12.03);
    EXPECT_EQ(round_score(84.525000000000006, 2), 84.53);
}

TEST(round_score, values_off_the_half_round_to_nearest) {
    EXPECT_EQ(round_score(1234.5678, 1), 1234.6);
    EXPECT_EQ(round_score(1234.5638, 2), 1234.56);
    EXPECT_EQ(round_score(2.67499, 2), 2.67);
    EXPECT_EQ(round_score(-0.004, 2), -0.0);
    EXPECT_EQ(round_score(73.3333333333, 2), 73.33);
    EXPECT_EQ(round_score(66.6666666667, 2), 66.67);
    EXPECT_EQ(round_score(100.0, 2), 100.0);
}

TEST(round_score, missing_and_infinite_pass_through) {
    EXPECT_TRUE(std::isnan(round_score(std::numeric_limits<double>::quiet_NaN(), 2)));
    EXPECT_EQ(round_score(std::numeric_limits<double>::infinity(), 2),
              std::numeric_limits<double>::infinity());
}
