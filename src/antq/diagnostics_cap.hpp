#pragma once

// How many problems of one file an `input_error` keeps: the library's own rule, applied by
// `input_error` and by the rulebook loader before it sorts what it found.

#include <antq/error.hpp>

#include <vector>

namespace antq::detail {

/// Keeps at most `max_diagnostics_per_file` (antq/limits.hpp) diagnostics of each file, in
/// their order, and adds for each file that had more one error without a line: "and N more
/// problems in this file (only the first 100 are shown)".
void cap_diagnostics_per_file(std::vector<diagnostic>& diagnostics);

}  // namespace antq::detail
