#pragma once

// A number in the JSON reports of the rule owner's tools (rule diffs, sensitivity): null
// where the number is missing (NaN), which JSON cannot hold.

#include <nlohmann/json.hpp>

#include <cmath>

namespace antq::detail {

/// `v` as a JSON number, or null when it is NaN.
inline nlohmann::json json_number(double v) {
    return std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v);
}

}  // namespace antq::detail
