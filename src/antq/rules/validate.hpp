#pragma once

// Checks of a rulebook that need no expression compiled: ids, duplicates, what each
// criterion kind needs, references between parts (requires, relative_to, roll-up sources,
// test expectations), dates, ranges. The same for a rulebook read from YAML and one built
// in C++; positions come from `rulebook::locations` when it has them.

#include "antq/rules/reader.hpp"

#include <antq/error.hpp>
#include <antq/rulebook.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace antq::detail::rules {

/// Adds every problem of `book` to `problems`. `broken` names values the reader already
/// reported (not reported again as missing).
void validate_rulebook(const rulebook& book, const broken_paths& broken, diagnostic_list& problems);

/// Whether every version stays within the counts and the bounds on points and weights of
/// antq/limits.hpp (validate_rulebook reports those that do not): past them the rulebook is
/// not compiled at all (an engine would sum the points to infinity).
[[nodiscard]] bool within_count_limits(const rulebook& book) noexcept;

/// Subject attributes that expressions, ranking `by` and test subjects may name.
inline constexpr std::string_view attribute_names[] = {
    "id", "name", "kind", "topic", "target_group", "unit", "unit_kind", "days_active"};

/// Names a version's own names may not take: attributes, tier and ranking results, and
/// the words of the expression language.
[[nodiscard]] bool is_reserved_name(std::string_view name) noexcept;

/// `[a-z_][a-z0-9_]*`: indicators, parameters, derived values, criteria, tiers, roll-ups.
[[nodiscard]] bool is_name(std::string_view id) noexcept;

/// `[a-z0-9-]+`: rulebook ids.
[[nodiscard]] bool is_rulebook_id(std::string_view id) noexcept;

/// Where a path of `book` was written, else `fallback`, else the file alone.
[[nodiscard]] source_location place(const rulebook& book, const std::string& path,
                                    const source_location& fallback = {});

/// " (did you mean 'x'?)" or empty.
[[nodiscard]] std::string suggestion(std::string_view word,
                                     std::span<const std::string> candidates);

}  // namespace antq::detail::rules
