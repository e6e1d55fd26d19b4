#pragma once

// Groups for quotas and ranking (docs/rulebooks.md, "Tiers" and "Ranking"): a subject's
// group `within: commune` is its unit (a model's host unit) when that unit is a commune,
// else the nearest commune above it; `by` splits groups further by subject attributes.

#include <antq/registry.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace antq::detail::evaluation {

/// A group per row and the groups' names. Groups are numbered in order of their first row,
/// so the numbering depends only on the rows' order.
struct group_assignment {
    std::vector<std::uint32_t> group;
    std::vector<std::string> names;
};

/// The name of the group of subjects that have no unit of `kind` above them:
/// "(không thuộc xã nào)" for `commune`.
[[nodiscard]] std::string no_unit_group_name(std::string_view kind);

/// The name of the single group when grouping `within: all` with no `by`.
inline constexpr std::string_view all_group_name = "all";

/// Groups rows by the unit of `unit_kind` at or above `row_unit[i]` (or all together when
/// `all`), then by the values of each `by` column. Group names are the unit's id (or
/// `all_group_name`, or `no_unit_group_name`) followed by the `by` values, joined by " / ".
[[nodiscard]] group_assignment assign_groups(const registry& units,
                                             std::span<const index_t> row_unit, bool all,
                                             std::string_view unit_kind,
                                             std::span<const std::span<const std::string_view>> by);

}  // namespace antq::detail::evaluation
