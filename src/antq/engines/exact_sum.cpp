#include "antq/engines/exact_sum.hpp"

#include <cmath>
#include <utility>

namespace antq::engines {

void exact_sum::add(double x) {
    std::size_t kept = 0;
    for (double y : partials_) {
        if (std::abs(x) < std::abs(y)) {
            std::swap(x, y);
        }
        // Two-sum: hi + lo == x + y exactly.
        const double hi = x + y;
        const double lo = y - (hi - x);
        if (lo != 0.0) {
            partials_[kept++] = lo;
        }
        x = hi;
    }
    partials_.resize(kept);
    partials_.push_back(x);
}

double exact_sum::result() const noexcept {
    std::size_t n = partials_.size();
    if (n == 0) {
        return 0.0;
    }
    double hi = partials_[--n];
    double lo = 0.0;
    // Add from the largest down until the sum becomes inexact.
    while (n > 0) {
        const double x = hi;
        const double y = partials_[--n];
        hi = x + y;
        lo = y - (hi - x);
        if (lo != 0.0) {
            break;
        }
    }
    // Round half to even across the remaining partials: when the rest has the sign of the
    // rounding error, the true sum is past the halfway point.
    if (n > 0 && ((lo < 0.0 && partials_[n - 1] < 0.0) || (lo > 0.0 && partials_[n - 1] > 0.0))) {
        const double y = lo * 2.0;
        const double x = hi + y;
        if (y == x - hi) {
            hi = x;
        }
    }
    return hi;
}

}  // namespace antq::engines
