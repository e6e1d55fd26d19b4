#pragma once

// Decisions read as part of a whole dataset (CSV folder, dataset.json, database, builder):
// every reader reports all problems of the dataset at once, so the problems of the decision
// rows join the reader's list instead of being thrown on their own.

#include <antq/decision.hpp>
#include <antq/error.hpp>
#include <antq/registry.hpp>

#include <vector>

namespace antq::detail {

/// `build_decisions`, with its problems added to `problems` (and an empty table returned)
/// instead of thrown. Defined in decision.cpp.
[[nodiscard]] decision_table build_decisions_reporting(std::vector<decision_cells> rows,
                                                       const registry& r,
                                                       diagnostic_list& problems);

}  // namespace antq::detail
