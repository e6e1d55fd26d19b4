#include "antq/engines/fixed_point_sum.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace {

using antq::engines::fixed_point_sum;

double sum_of(const std::vector<double>& xs) {
    fixed_point_sum s;
    for (const double x : xs) {
        s.add(x);
    }
    return s.result();
}

TEST(fixed_point_sum, is_zero_when_empty) {
    EXPECT_EQ(fixed_point_sum().result(), 0.0);
}

TEST(fixed_point_sum, is_exact_for_terms_on_its_grid) {
    EXPECT_EQ(sum_of({0.5, 0.25, -0.125, 4, -4}), 0.625);
    // A plain loop gives 0.9999999999999999: rounding after each addition. Here the ten
    // copies of the double nearest 0.1 add exactly, and the total rounds once, to 1.
    EXPECT_EQ(sum_of(std::vector(10, 0.1)), 1.0);
}

TEST(fixed_point_sum, keeps_small_terms_next_to_large_ones) {
    // A plain loop loses the 2^-60 terms next to 1 (1 + 2^-60 == 1 in double).
    std::vector<double> xs = {1.0};
    for (int i = 0; i < 1024; ++i) {
        xs.push_back(std::ldexp(1.0, -60));
    }
    EXPECT_EQ(sum_of(xs), 1.0 + std::ldexp(1.0, -50));
}

TEST(fixed_point_sum, does_not_depend_on_the_order_of_the_terms) {
    std::vector<double> xs;
    for (int i = 1; i <= 500; ++i) {
        xs.push_back(std::pow(-1.0, i) / i + 1e-3 * std::sqrt(i));
    }
    const double forward = sum_of(xs);
    std::reverse(xs.begin(), xs.end());
    EXPECT_EQ(sum_of(xs), forward);
    std::rotate(xs.begin(), xs.begin() + 77, xs.end());
    EXPECT_EQ(sum_of(xs), forward);
    // And is close to the true sum (a correctly rounded reference would agree to 1 ulp).
    double plain = 0;
    for (const double x : xs) {
        plain += x;
    }
    EXPECT_NEAR(forward, plain, 1e-12);
}

}  // namespace
