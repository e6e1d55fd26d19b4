#include "antq/engines/mcda.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace antq::engines {

std::vector<mcda_column> mcda_columns(std::span<const criterion_info> criteria) {
    std::vector<mcda_column> columns;
    double total = 0;
    for (std::size_t c = 0; c < criteria.size(); ++c) {
        if (criteria[c].kind != criterion_kind::scored) {
            continue;
        }
        columns.push_back(
            {c, criteria[c].weight, criteria[c].direction == criterion_direction::cost});
        total += criteria[c].weight;
    }
    for (auto& column : columns) {
        column.weight = total > 0 ? column.weight / total : 0.0;
    }
    return columns;
}

bool has_weighted_scored_criterion(std::span<const criterion_info> criteria) noexcept {
    return std::any_of(criteria.begin(), criteria.end(), [](const criterion_info& c) {
        return c.kind == criterion_kind::scored && c.weight > 0;
    });
}

void check_values(std::string_view engine, const engine_input& in,
                  std::span<const mcda_column> columns) {
    for (const auto& column : columns) {
        for (std::size_t i = 0; i < in.subject_count; ++i) {
            const std::size_t k = in.at(column.criterion, i);
            if (in.assessed[k] != 0 && !std::isfinite(in.values[k])) {
                throw usage_error(
                    fmt::format("engine '{}': the value of criterion '{}' for subject {} is {}, "
                                "not a finite number",
                                engine, in.criteria[column.criterion].id, i, in.values[k]));
            }
        }
    }
}

double linear_position(double x, double lo, double hi) noexcept {
    const double range = hi - lo;
    const double offset = x - lo;
    if (std::isfinite(range) && std::isfinite(offset)) {
        return offset / range;
    }
    // Halving is exact for numbers this large and brings every difference back in range.
    return (x / 2 - lo / 2) / (hi / 2 - lo / 2);
}

}  // namespace antq::engines
