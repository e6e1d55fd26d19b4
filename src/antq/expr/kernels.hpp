#pragma once

#include <cmath>
#include <limits>
#include <span>

// The meaning of each operation on one value, shared by constant folding, the compiled
// program's loops and the interpreter, so that all three agree to the bit. Values are
// doubles; booleans are 1 and 0; texts are string_pool ids; missing is NaN. The functions
// are branch-free where it matters so that the program's loops vectorize.

namespace antq::detail::expr {

/// The missing value: the canonical quiet NaN.
inline constexpr double missing_value = std::numeric_limits<double>::quiet_NaN();

/// Whether a value is missing (any NaN).
constexpr bool is_missing(double x) noexcept {
    return x != x;
}

/// 1 for true, 0 for false.
constexpr double truth(bool b) noexcept {
    return b ? 1.0 : 0.0;
}

/// Kleene `and` over {0, 1, missing}: false wins over missing.
constexpr double kleene_and(double a, double b) noexcept {
    return (a == 0.0 || b == 0.0) ? 0.0 : a * b;
}

/// Kleene `or` over {0, 1, missing}: true wins over missing.
constexpr double kleene_or(double a, double b) noexcept {
    return (a == 1.0 || b == 1.0) ? 1.0 : a + b;
}

/// Kleene `not`: missing stays missing.
constexpr double kleene_not(double a) noexcept {
    return 1.0 - a;
}

/// Comparisons give missing when either side is missing.
constexpr double compare_equal(double a, double b) noexcept {
    return (is_missing(a) || is_missing(b)) ? missing_value : truth(a == b);
}
constexpr double compare_not_equal(double a, double b) noexcept {
    return (is_missing(a) || is_missing(b)) ? missing_value : truth(a != b);
}
constexpr double compare_less(double a, double b) noexcept {
    return (is_missing(a) || is_missing(b)) ? missing_value : truth(a < b);
}
constexpr double compare_less_equal(double a, double b) noexcept {
    return (is_missing(a) || is_missing(b)) ? missing_value : truth(a <= b);
}
constexpr double compare_greater(double a, double b) noexcept {
    return (is_missing(a) || is_missing(b)) ? missing_value : truth(a > b);
}
constexpr double compare_greater_equal(double a, double b) noexcept {
    return (is_missing(a) || is_missing(b)) ? missing_value : truth(a >= b);
}

/// The smaller; the first when equal (so min(0, -0) is 0); missing if either is.
constexpr double minimum(double a, double b) noexcept {
    return (is_missing(a) || is_missing(b)) ? missing_value : (b < a ? b : a);
}

/// The larger; the first when equal; missing if either is.
constexpr double maximum(double a, double b) noexcept {
    return (is_missing(a) || is_missing(b)) ? missing_value : (a < b ? b : a);
}

/// max(x, lo) then min(_, hi): when lo > hi the result is hi. Missing if any is.
constexpr double clamp_value(double x, double lo, double hi) noexcept {
    return minimum(maximum(x, lo), hi);
}

/// a / b clamped to [0, 1]; 1 when b is 0 (whatever a); missing when b is, or a is and b is
/// not 0.
constexpr double ratio(double a, double b) noexcept {
    const double q = a / b;
    return b == 0.0 ? 1.0 : (q < 0.0 ? 0.0 : (q > 1.0 ? 1.0 : q));
}

/// a / b, or `fallback` when b is 0; missing when b is missing.
constexpr double divide_or(double a, double b, double fallback) noexcept {
    return b == 0.0 ? fallback : a / b;
}

/// `c ? a : b` with missing c giving missing.
constexpr double select(double c, double a, double b) noexcept {
    return c == 1.0 ? a : (c == 0.0 ? b : missing_value);
}

/// `a`, or `b` when a is missing: default(name, v).
constexpr double coalesce(double a, double b) noexcept {
    return is_missing(a) ? b : a;
}

/// Whether a / b or a % b is a division by zero. A missing operand makes the result
/// missing, not an error.
constexpr bool divide_fails(double a, double b) noexcept {
    return b == 0.0 && a == a;
}

/// Whether sqrt(a) is the square root of a negative number. sqrt(-0) is -0.
constexpr bool sqrt_fails(double a) noexcept {
    return a < 0.0;
}

/// C's fmod: the result has the sign of a.
inline double modulo(double a, double b) noexcept {
    return std::fmod(a, b);
}

/// Whether x equals an item of the list; missing when x is.
inline double member(double x, std::span<const double> list) noexcept {
    bool found = false;
    for (const double item : list) {
        found = found || x == item;
    }
    return is_missing(x) ? missing_value : truth(found);
}

/// Rounds half away from zero at `digits` decimal places (negative digits round to tens,
/// hundreds...). The rule applies to the shortest decimal that reads back as x, the one
/// printed for it, so round(1.005, 2) is 1.01 and round(2.675, 2) is 2.68, as a person
/// rounding the written number would get, although the double nearest 1.005 lies below it.
/// Missing when x or digits is, or when digits is not a whole number in [-15, 15].
/// Infinities are returned as they are.
double round_digits(double x, double digits) noexcept;

}  // namespace antq::detail::expr
