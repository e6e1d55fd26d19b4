#pragma once

// One way to write a string literal in the JSON antq writes (datasets, results) and in the
// double-quoted YAML scalars it writes (boundary cases): YAML reads JSON escapes the same.

#include <string>
#include <string_view>

namespace antq::detail {

/// Appends `text` quoted: quotes, backslashes and control characters escaped (`\n`, `\r`,
/// `\t`, else `\u00XX`); UTF-8 as is.
void append_json_string(std::string& out, std::string_view text);

}  // namespace antq::detail
