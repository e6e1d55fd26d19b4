#include "antq/expr/kernels.hpp"

#include <algorithm>
#include <array>
#include <charconv>

namespace antq::detail::expr {

namespace {

constexpr int max_round_digits = 15;

constexpr std::array<double, max_round_digits + 1> powers_of_ten{
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

// 2^52: from here on every double is a whole number.
constexpr double whole_from = 4503599627370496.0;

// Rounds the shortest decimal representation of x, digit by digit. Exact, and slow (a
// round trip through text), so it only runs when x * 10^digits lies within a hair of a
// half, where the binary product cannot be trusted to fall on the right side.
double round_decimal(double x, int digits) noexcept {
    char printed[32];
    const auto end =
        std::to_chars(printed, printed + sizeof printed, x, std::chars_format::scientific).ptr;
    const char* at = printed;
    const bool negative = *at == '-';
    at += negative ? 1 : 0;

    // At most 17 significant digits, plus one for a carry.
    char mantissa[24];
    std::size_t length = 0;
    for (; *at != 'e'; ++at) {
        if (*at != '.') {
            mantissa[length++] = *at;
        }
    }
    ++at;
    at += *at == '+' ? 1 : 0;
    int exponent = 0;
    std::from_chars(at, end, exponent);

    // x = 0.m1 m2 m3... * 10^(exponent + 1); keep the digits before the rounding place.
    const long keep = static_cast<long>(exponent) + 1 + digits;
    if (keep >= static_cast<long>(length)) {
        return x;
    }
    if (keep < 0) {
        return std::copysign(0.0, x);
    }
    const bool up = mantissa[keep] >= '5';
    length = static_cast<std::size_t>(keep);
    if (up) {
        std::size_t i = length;
        for (; i > 0 && mantissa[i - 1] == '9'; --i) {
            mantissa[i - 1] = '0';
        }
        if (i == 0) {
            std::copy_backward(mantissa, mantissa + length, mantissa + length + 1);
            mantissa[0] = '1';
            ++length;
        } else {
            ++mantissa[i - 1];
        }
    }
    if (length == 0) {
        return std::copysign(0.0, x);
    }
    char rounded[48];
    char* out = rounded;
    if (negative) {
        *out++ = '-';
    }
    out = std::copy(mantissa, mantissa + length, out);
    *out++ = 'e';
    out = std::to_chars(out, rounded + sizeof rounded, static_cast<long>(exponent) + 1 - keep).ptr;
    double result = 0;
    std::from_chars(rounded, out, result);
    return result == 0.0 ? std::copysign(0.0, x) : result;
}

}  // namespace

double round_digits(double x, double digits) noexcept {
    if (is_missing(x) || is_missing(digits) || digits != std::floor(digits) ||
        digits < -max_round_digits || digits > max_round_digits) {
        return missing_value;
    }
    if (std::isinf(x)) {
        return x;
    }
    const int places = static_cast<int>(digits);
    if (places == 0) {
        // Exact: a double within one unit of k + 0.5 is never printed as k + 0.5.
        return std::round(x);
    }
    const double scale = powers_of_ten[static_cast<std::size_t>(places > 0 ? places : -places)];
    const double scaled = places > 0 ? x * scale : x / scale;
    const double magnitude = std::fabs(scaled);
    if (magnitude < whole_from) {
        // The product is off from the decimal it stands for by a few units in the last
        // place at most; only near a half can that change the side it rounds to.
        const double fraction = magnitude - std::floor(magnitude);
        if (std::fabs(fraction - 0.5) > 1e-9 * std::max(1.0, magnitude)) {
            const double whole = std::round(scaled);
            return places > 0 ? whole / scale : whole * scale;
        }
    }
    return round_decimal(x, places);
}

}  // namespace antq::detail::expr
