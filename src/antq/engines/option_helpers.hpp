#pragma once

// Option checks shared by the built-in engines, on top of engine_option_reader.

#include <antq/engine.hpp>

#include <fmt/format.h>

#include <string_view>

namespace antq::engines {

/// The number under `key`, or `fallback` (above 0) when absent or wrong; reported when it
/// is not above 0.
[[nodiscard]] inline double positive_number(engine_option_reader& reader, std::string_view key,
                                            double fallback) {
    const double x = reader.number(key, fallback);
    if (!(x > 0)) {
        reader.report(key, fmt::format("must be a number above 0, not {}", x));
        return fallback;
    }
    return x;
}

}  // namespace antq::engines
