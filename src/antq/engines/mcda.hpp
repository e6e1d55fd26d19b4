#pragma once

// What the MCDA engines (`topsis`, `composite`) share: which criteria take part, their
// normalised weights, and the checks on the values they read.

#include <antq/engine.hpp>

#include <span>
#include <string_view>
#include <vector>

namespace antq::engines {

/// A criterion taking part in an MCDA engine: a scored criterion.
struct mcda_column {
    std::size_t criterion = 0;  ///< index into the input's criteria
    double weight = 0;          ///< normalised: the weights of all columns add up to 1
    bool cost = false;          ///< `direction: cost`: less is better
};

/// The scored criteria, in order, weights divided by their sum (all 0 when the sum is 0).
[[nodiscard]] std::vector<mcda_column> mcda_columns(std::span<const criterion_info> criteria);

/// True when some scored criterion has a weight above 0 (else the engine has nothing to
/// weigh: a factory reports it).
[[nodiscard]] bool has_weighted_scored_criterion(std::span<const criterion_info> criteria) noexcept;

/// Throws `usage_error` naming the engine, criterion and subject when an assessed value of
/// a column is not finite.
void check_values(std::string_view engine, const engine_input& in,
                  std::span<const mcda_column> columns);

/// (x - lo) / (hi - lo) for lo < hi, without overflow when the range exceeds the largest
/// double.
[[nodiscard]] double linear_position(double x, double lo, double hi) noexcept;

}  // namespace antq::engines
