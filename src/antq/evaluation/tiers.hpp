#pragma once

// Tiers over columns (docs/rulebooks.md, "Tiers" and "Ranking"): the first tier from the top
// (from the cap of a failed veto down) whose condition and requirements hold, then quotas from
// the top tier down, the excess (lowest ranked first) falling to the next tier.

#include "antq/evaluation/ranking.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace antq::detail::evaluation {

/// What decides the tier of each row of a batch.
struct tier_conditions {
    std::size_t rows = 0;
    std::size_t tier_count = 0;
    /// (tier_count - 1) x rows, column-major: 1 when tier t's `when` holds and every
    /// criterion it requires passed (the last tier needs no entry).
    std::span<const std::uint8_t> met;
    /// The best tier (lowest index) each row may take: 0 when no veto failed, else the
    /// lowest `caps_at` of its failed vetoes (the last tier for a veto with none).
    std::span<const std::int32_t> cap;
    std::span<const std::uint8_t> evaluated;  ///< 0: the row gets no tier
};

/// Writes each row's tier (or `no_tier` = -1 for rows not evaluated).
void assign_tiers(const tier_conditions& in, std::span<std::int32_t> tier) noexcept;

/// floor(max_share * n), forgiving float error: 0.29 * 100 keeps 29, not 28.
[[nodiscard]] std::size_t quota_limit(double max_share, std::size_t n) noexcept;

/// The quota of one tier.
struct quota_rule {
    std::size_t tier = 0;
    double max_share = 1;
    /// Tier whose count in the group is n, or -1: n is the number of evaluated rows in it.
    std::int32_t relative_to = -1;
    /// Evaluated rows grouped by the quota's `within`.
    const grouped_rows* groups = nullptr;
};

/// Applies `quotas` (sorted from the top tier down) to `tier`, moving the excess of each
/// group, lowest ranked by `order` first, to the next tier. A quota on the last tier has no
/// tier to move to and is ignored.
void apply_quotas(std::span<std::int32_t> tier, std::size_t tier_count,
                  std::span<const quota_rule> quotas, const row_order& order);

/// The quotas of a version's tiers, from the top tier down, with the groups each applies
/// within.
struct tier_quotas {
    std::vector<grouped_rows> groups;  ///< per quota
    std::vector<quota_rule> quotas;    ///< without their groups (see `rules`)

    /// The quotas, each pointing at its groups (valid while this is not changed).
    [[nodiscard]] std::vector<quota_rule> rules() const {
        auto out = quotas;
        for (std::size_t k = 0; k < out.size(); ++k) {
            out[k].groups = &groups[k];
        }
        return out;
    }
};

/// `apply_quotas` over groups whose rows are listed in the order already (sorted once by a
/// sweep that tiers the same rows many times): the same tiers, without comparing rows.
void apply_quotas_in_order(std::span<std::int32_t> tier, std::size_t tier_count,
                           std::span<const quota_rule> quotas) noexcept;

}  // namespace antq::detail::evaluation
