#pragma once

// Rounding of scores before tiers and ranks see them (docs/rulebooks.md, "Tiers" and
// "Ranking"): to `digits` decimal places, half away from zero, as a person would round the
// decimal number the score stands for.

#include <array>
#include <cmath>
#include <cstddef>

namespace antq::detail::evaluation {

/// 10^digits for the digits a rulebook may ask for (0..15).
[[nodiscard]] inline double power_of_ten(int digits) noexcept {
    static constexpr std::array<double, 16> powers = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                                      1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    return powers[static_cast<std::size_t>(digits < 0 ? 0 : (digits > 15 ? 15 : digits))];
}

/// How close to a half (in units of the last digit kept) a value must be to count as one.
/// Binary arithmetic leaves errors around 1e-12 here; a score computed from counts and
/// ratios of counts is never this close to a half unless it is one.
inline constexpr double half_tolerance = 1e-7;

/// Rounds `x` to `digits` places, half away from zero. 79.99999999 becomes 80; 2.675 (whose
/// nearest double is a hair below) and 12.025 computed as 12.024999999999999 both go up,
/// because a value within float error of a half is a half. NaN and infinities pass through.
[[nodiscard]] inline double round_score(double x, int digits) noexcept {
    // From 2^52 up a double has no fraction to round; scaling it could overflow to infinity.
    if (!std::isfinite(x) || std::abs(x) >= 0x1p52) {
        return x;
    }
    const double scale = power_of_ten(digits);
    const double magnitude = std::abs(x * scale);
    const double whole = std::floor(magnitude);
    const bool half = std::abs(magnitude - whole - 0.5) < half_tolerance;
    const double kept = half ? whole + 1 : std::round(magnitude);
    return std::copysign(kept, x) / scale;
}

}  // namespace antq::detail::evaluation
