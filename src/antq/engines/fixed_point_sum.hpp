#pragma once

// An order-free sum of doubles for cohort-relative engines. They sum whole columns
// (norms, means, variances); a plain loop gives a result that depends, in the last bits,
// on the order subjects are handed in, and then so would every score. Here each term is
// rounded toward zero to a multiple of 2^-90 and added as a 128-bit integer: integer
// addition does not care about order, so permuting the subjects permutes the scores bit
// for bit.
//
// Callers scale a column so that its terms are at most 4 in magnitude (e.g. divide by
// the largest magnitude before squaring): the sum is then within n * 2^-90 of the exact
// sum, far below the precision of a double for sums whose largest term is about 1.

#include <cassert>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace antq::engines {

class fixed_point_sum {
  public:
    /// The most terms a sum may take (so that it cannot overflow).
    static constexpr std::size_t max_terms = std::size_t{1} << 34;

    /// Adds `x`, |x| <= 4. Inline: it runs once per subject and column.
    void add(double x) noexcept {
        assert(std::abs(x) <= 4 && "fixed_point_sum: scale the column first");
        // x * 2^90 truncated toward zero, in two exact steps that each fit an int64 (one
        // hardware conversion each, where a direct 128-bit conversion is a library call):
        // the whole part of x * 2^40, then the fraction left over, times 2^50.
        const double high = x * 0x1p40;
        const auto whole = static_cast<std::int64_t>(high);
        const auto fraction =
            static_cast<std::int64_t>((high - static_cast<double>(whole)) * 0x1p50);
        total_ += static_cast<integer>(whole) * (integer{1} << 50) + fraction;
    }

    /// The sum, rounded to the nearest double.
    [[nodiscard]] double result() const noexcept { return static_cast<double>(total_) * 0x1p-90; }

  private:
    __extension__ using integer = __int128;
    integer total_ = 0;
};

}  // namespace antq::engines
