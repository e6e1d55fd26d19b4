#pragma once

// Rounding of scores before tiers and ranks see them (rulebook.md, "Tiers, quotas and
// ranking"): to `digits` decimal places, half away from zero, as a person would round the
// decimal number the score stands for.

#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string_view>

namespace antq::detail::evaluation {

/// 10^digits for the digits a rulebook may ask for (0..15).
[[nodiscard]] inline double power_of_ten(int digits) noexcept {
    static constexpr std::array<double, 16> powers = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,
                                                      1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                                      1e12, 1e13, 1e14, 1e15};
    return powers[static_cast<std::size_t>(digits < 0 ? 0 : (digits > 15 ? 15 : digits))];
}

/// Rounds `x` to `digits` places, half away from zero. 79.99999999 becomes 80; 2.675 (whose
/// nearest double is a hair below) becomes 2.68, because a value that lies within float
/// error of a half is rounded from its shortest decimal form, the number people meant.
/// NaN and infinities pass through.
[[nodiscard]] inline double round_score(double x, int digits) noexcept {
    if (!std::isfinite(x)) {
        return x;
    }
    const double scale = power_of_ten(digits);
    const double scaled = x * scale;
    const double fraction = std::abs(scaled - std::trunc(scaled));
    if (std::abs(fraction - 0.5) > 1e-6) {
        return std::round(scaled) / scale;
    }
    // Near a half: decide from the decimal digits of the shortest representation of x.
    std::array<char, 64> text{};
    const auto written = std::to_chars(text.data(), text.data() + text.size(), x,
                                       std::chars_format::fixed);
    if (written.ec != std::errc{}) {
        return std::round(scaled) / scale;
    }
    const std::string_view decimal(text.data(), static_cast<std::size_t>(written.ptr - text.data()));
    const auto point = decimal.find('.');
    const std::size_t next = point + 1 + static_cast<std::size_t>(digits < 0 ? 0 : digits);
    const bool up = point != std::string_view::npos && next < decimal.size() && decimal[next] >= '5';
    const double kept = std::floor(std::abs(scaled)) + (up ? 1.0 : 0.0);
    return std::copysign(kept, x) / scale;
}

}  // namespace antq::detail::evaluation
