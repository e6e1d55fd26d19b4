#pragma once

// A number as text in the shortest form that reads back to the same double: what CSV files,
// printed expressions and compiled programs' listings write, so that a value read back
// compares equal to the one written.

#include <charconv>
#include <string>

namespace antq::detail {

/// Appends `value` in the shortest form that reads back to the same value.
inline void append_number(std::string& out, double value) {
    char buffer[32];
    out.append(buffer, std::to_chars(buffer, buffer + sizeof buffer, value).ptr);
}

}  // namespace antq::detail
