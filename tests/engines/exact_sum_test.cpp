#include "antq/engines/exact_sum.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace {

using antq::engines::exact_sum;

double sum_of(const std::vector<double>& xs) {
    exact_sum s;
    for (const double x : xs) {
        s.add(x);
    }
    return s.result();
}

// Expected values are Python's math.fsum on the same inputs (also correctly rounded).
TEST(exact_sum, is_zero_when_empty) { EXPECT_EQ(exact_sum().result(), 0.0); }

TEST(exact_sum, keeps_what_cancellation_would_lose) {
    EXPECT_EQ(sum_of({1e16, 1.0, -1e16}), 1.0);  // a plain loop gives 0
    EXPECT_EQ(sum_of(std::vector(10, 0.1)), 1.0);  // a plain loop gives 0.9999999999999999
}

TEST(exact_sum, rounds_half_to_even_across_partials) {
    const double half_ulp = std::ldexp(1.0, -53);
    EXPECT_EQ(sum_of({1.0, half_ulp}), 1.0);                                   // tie: to even
    EXPECT_EQ(sum_of({1.0 + 2 * half_ulp, half_ulp}), 1.0 + 4 * half_ulp);     // tie: to even, up
    EXPECT_EQ(sum_of({1.0, half_ulp, std::ldexp(1.0, -105)}), 1.0 + 2 * half_ulp);  // past the tie
    EXPECT_EQ(sum_of({1.0, 1e-16, 1e-16}), 1.0000000000000002);
}

TEST(exact_sum, does_not_depend_on_the_order_of_the_terms) {
    std::vector<double> xs;
    for (int i = 1; i <= 200; ++i) {
        xs.push_back(std::pow(-1.0, i) / i + 1e-3 * i);
    }
    const double forward = sum_of(xs);
    std::reverse(xs.begin(), xs.end());
    EXPECT_EQ(sum_of(xs), forward);
    std::rotate(xs.begin(), xs.begin() + 77, xs.end());
    EXPECT_EQ(sum_of(xs), forward);
}

}  // namespace
