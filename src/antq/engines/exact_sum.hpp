#pragma once

// A correctly rounded sum of doubles (Shewchuk's algorithm, as in Python's math.fsum).
// Cohort-relative engines sum whole columns (norms, means, variances); a plain loop would
// give a result that depends on the order subjects are handed in, in the last bits, and
// then so would every score. The correctly rounded sum of a multiset of numbers is unique,
// so permuting the subjects permutes the scores exactly.

#include <vector>

namespace antq::engines {

class exact_sum {
public:
    /// Adds `x` exactly. The inputs and every partial sum must stay finite (callers scale
    /// columns into [-1, 1] first).
    void add(double x);

    /// The exact sum rounded once to the nearest double (ties to even).
    [[nodiscard]] double result() const noexcept;

private:
    // Non-overlapping partial sums, increasing in magnitude; their exact sum is the total.
    std::vector<double> partials_;
};

}  // namespace antq::engines
