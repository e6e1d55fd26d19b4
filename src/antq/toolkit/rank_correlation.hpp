#pragma once

// Rank correlations of a column with itself: what a sweep reports for every value that
// keeps every score (a cut-off), computed once and cheaply.

#include <span>

namespace antq::detail {

struct rank_correlations {
    double spearman = 0;
    double kendall_tau_b = 0;
};

/// `spearman_rho(x, x)` and `kendall_tau_b(x, x)` (antq/rule_diff.hpp), bit for bit, from
/// one sort of `x` instead of their four sorts and a count of inversions: with y = x no
/// pair is discordant and the pairs tied in y are those tied in x. Throws as they do.
[[nodiscard]] rank_correlations correlations_with_itself(std::span<const double> x);

}  // namespace antq::detail
