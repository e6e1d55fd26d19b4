#pragma once

// Reading the score band a tier's condition describes (`score >= 80`, `score > 50 and
// score < 80`), for "distance to the next tier" in results and for the linter's warnings
// about overlapping bands, gaps and tiers no subject can reach.

#include "antq/expr/ast.hpp"

#include <optional>

namespace antq::detail::rules {

struct score_band {
    std::optional<double> low;  ///< score >= low (or > low when low_strict)
    bool low_strict = false;
    std::optional<double> high;  ///< score <= high (or < high when high_strict)
    bool high_strict = false;
    /// True when the condition is only such comparisons joined by `and`: the band is then
    /// exactly the set of scores that pass.
    bool pure = false;
};

/// The band of `tree`: comparisons of `score` with a number (either side), alone or joined
/// by `and` (other conditions in the chain make the band not pure). Anything else: no bounds,
/// not pure.
[[nodiscard]] score_band read_score_band(const expr::ast& tree);

}  // namespace antq::detail::rules
