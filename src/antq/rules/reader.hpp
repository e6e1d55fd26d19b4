#pragma once

// Reading a rulebook's YAML tree into the `rulebook` value types. This part checks the
// shape: known keys, the type of every value, keys whose absence the value types cannot
// show (`antq`, `subject`, a criterion's `kind`, the `points` of scored kinds...). What can
// be checked on the value types (ids, references, dates, tiers) is left to `validate`,
// which a rulebook built in C++ goes through too.

#include "antq/rules/yaml_tree.hpp"

#include <antq/error.hpp>
#include <antq/rulebook.hpp>

#include <set>
#include <string>
#include <vector>

namespace antq::detail::rules {

/// Paths (as in `rulebook::locations`) of values that were present but could not be read,
/// so that later checks do not report them again as missing.
using broken_paths = std::set<std::string>;

/// Reads the rulebook in `root` (the document of `lines`). Problems go to `problems`.
/// Returns false when the document is not a mapping at all (nothing else is worth checking).
bool read_rulebook(const yaml_node& root, const line_index& lines, rulebook& book,
                   diagnostic_list& problems, broken_paths& broken);

/// Reads a `*.cases.yaml` document: a list of tests, or a mapping with `tests:` (and an
/// optional `rulebook:` id, returned in `rulebook_id`).
void read_test_cases(const yaml_node& root, const line_index& lines,
                     std::vector<rulebook_test>& tests, std::string& rulebook_id,
                     diagnostic_list& problems);

}  // namespace antq::detail::rules
