#include "antq/evaluation/grouping.hpp"

#include <fmt/format.h>

#include <limits>
#include <unordered_map>

namespace antq::detail::evaluation {

namespace {

constexpr std::uint32_t unset = std::numeric_limits<std::uint32_t>::max();

std::string_view vietnamese_noun(std::string_view kind) {
    if (kind == "province") {
        return "tỉnh";
    }
    if (kind == "commune") {
        return "xã";
    }
    if (kind == "village") {
        return "thôn";
    }
    if (kind == "school") {
        return "trường học";
    }
    if (kind == "agency") {
        return "cơ quan";
    }
    if (kind == "enterprise") {
        return "doanh nghiệp";
    }
    return kind;
}

/// The base group of each row: the unit of the kind asked (looked up once per unit), or
/// one group for rows without such a unit.
struct base_groups {
    std::vector<std::uint32_t> group;
    std::vector<std::string> names;
};

base_groups unit_groups(const registry& units, std::span<const index_t> row_unit, bool all,
                        std::string_view unit_kind) {
    base_groups out;
    out.group.resize(row_unit.size());
    if (all) {
        std::fill(out.group.begin(), out.group.end(), 0U);
        out.names.emplace_back(all_group_name);
        return out;
    }
    const std::size_t unit_count = units.units().size();
    // anchor[u]: the unit of the kind at or above u, or unit_count for none. Found in one
    // pass in preorder (a parent before its children), so that a deep chain of units costs
    // linear time, not rows times depth.
    std::vector<std::uint32_t> anchor(unit_count, unset);
    const auto anchor_of = [&](index_t u) {
        const auto up = units.parent(u);
        anchor[u] = units.units()[u].kind == unit_kind ? static_cast<std::uint32_t>(u)
                    : up                               ? anchor[*up]
                                                       : static_cast<std::uint32_t>(unit_count);
    };
    for (const index_t root : units.roots()) {
        anchor_of(root);
        for (const index_t d : units.descendants(root)) {
            anchor_of(d);
        }
    }
    // group_of_anchor[a]: the group number of anchor a (unit_count is the "none" group).
    std::vector<std::uint32_t> group_of_anchor(unit_count + 1, unset);
    for (std::size_t row = 0; row < row_unit.size(); ++row) {
        const std::uint32_t found = anchor[row_unit[row]];
        const std::uint32_t a = found == unset ? static_cast<std::uint32_t>(unit_count) : found;
        if (group_of_anchor[a] == unset) {
            group_of_anchor[a] = static_cast<std::uint32_t>(out.names.size());
            out.names.push_back(a == unit_count ? no_unit_group_name(unit_kind)
                                                : units.units()[a].id);
        }
        out.group[row] = group_of_anchor[a];
    }
    return out;
}

}  // namespace

std::string no_unit_group_name(std::string_view kind) {
    return fmt::format("(không thuộc {} nào)", vietnamese_noun(kind));
}

group_assignment assign_groups(const registry& units, std::span<const index_t> row_unit, bool all,
                               std::string_view unit_kind,
                               std::span<const std::span<const std::string_view>> by) {
    base_groups base = unit_groups(units, row_unit, all, unit_kind);
    if (by.empty()) {
        return {std::move(base.group), std::move(base.names)};
    }
    // Each `by` column splits the groups further: (group so far, value) pairs are numbered
    // in order of first appearance, so the final numbering follows the rows' order.
    std::vector<std::uint32_t> group = std::move(base.group);
    std::vector<std::string> names = std::move(base.names);
    const bool drop_base_name = all;
    for (const auto& values : by) {
        std::unordered_map<std::string_view, std::uint32_t> value_ids;
        std::unordered_map<std::uint64_t, std::uint32_t> pair_ids;
        std::vector<std::string> next_names;
        for (std::size_t row = 0; row < group.size(); ++row) {
            const std::string_view value = values[row];
            const auto value_it =
                value_ids.try_emplace(value, static_cast<std::uint32_t>(value_ids.size())).first;
            const std::uint64_t key = (std::uint64_t{group[row]} << 32U) | value_it->second;
            const auto [pair_it, new_pair] =
                pair_ids.try_emplace(key, static_cast<std::uint32_t>(next_names.size()));
            if (new_pair) {
                const std::string& before = names[group[row]];
                next_names.push_back(drop_base_name && &values == &by.front()
                                         ? std::string(value)
                                         : fmt::format("{} / {}", before, value));
            }
            group[row] = pair_it->second;
        }
        names = std::move(next_names);
    }
    return {std::move(group), std::move(names)};
}

}  // namespace antq::detail::evaluation
