#include "antq/evaluation/tiers.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace antq::detail::evaluation {

void assign_tiers(const tier_conditions& in, std::span<std::int32_t> tier) noexcept {
    const auto last = static_cast<std::int32_t>(in.tier_count) - 1;
    for (std::size_t row = 0; row < in.rows; ++row) {
        if (in.evaluated[row] == 0) {
            tier[row] = -1;
            continue;
        }
        // A failed veto caps the row: it takes the first tier from the cap down whose
        // condition holds, never one above the cap.
        std::int32_t t = std::min(in.cap[row], last);
        while (t < last && in.met[static_cast<std::size_t>(t) * in.rows + row] == 0) {
            ++t;
        }
        tier[row] = t;
    }
}

std::size_t quota_limit(double max_share, std::size_t n) noexcept {
    const double allowed = std::floor(max_share * static_cast<double>(n) + 1e-9);
    return allowed <= 0 ? 0 : static_cast<std::size_t>(allowed);
}

namespace {

/// The number the share of `quota` in one group is taken of: the group's rows, or those of
/// the tier it is relative to.
std::size_t quota_base(const quota_rule& quota, std::span<const std::int32_t> tier,
                       std::span<const std::uint32_t> rows) {
    if (quota.relative_to < 0) {
        return rows.size();
    }
    return static_cast<std::size_t>(std::count_if(rows.begin(), rows.end(), [&](std::uint32_t row) {
        return tier[row] == quota.relative_to;
    }));
}

/// Calls `work(quota, t, rows)` for each group of each quota that has a tier below its own,
/// from the top tier down: `t` is the quota's tier, `rows` the group's.
template <class Work>
void for_each_quota_group(std::size_t tier_count, std::span<const quota_rule> quotas,
                          const Work& work) {
    for (const auto& quota : quotas) {
        if (quota.tier + 1 >= tier_count) {
            continue;
        }
        const auto t = static_cast<std::int32_t>(quota.tier);
        for (std::size_t g = 0; g < quota.groups->group_count(); ++g) {
            work(quota, t, quota.groups->members(g));
        }
    }
}

}  // namespace

void apply_quotas(std::span<std::int32_t> tier, std::size_t tier_count,
                  std::span<const quota_rule> quotas, const row_order& order) {
    std::vector<std::uint32_t> members;
    for_each_quota_group(
        tier_count, quotas,
        [&](const quota_rule& quota, std::int32_t t, std::span<const std::uint32_t> rows) {
            members.clear();
            for (const std::uint32_t row : rows) {
                if (tier[row] == t) {
                    members.push_back(row);
                }
            }
            const std::size_t limit = quota_limit(quota.max_share, quota_base(quota, tier, rows));
            if (members.size() <= limit) {
                return;
            }
            std::nth_element(members.begin(), members.begin() + static_cast<std::ptrdiff_t>(limit),
                             members.end(), order);
            for (std::size_t k = limit; k < members.size(); ++k) {
                tier[members[k]] = t + 1;
            }
        });
}

void apply_quotas_in_order(std::span<std::int32_t> tier, std::size_t tier_count,
                           std::span<const quota_rule> quotas) noexcept {
    for_each_quota_group(
        tier_count, quotas,
        [&](const quota_rule& quota, std::int32_t t, std::span<const std::uint32_t> rows) {
            const std::size_t limit = quota_limit(quota.max_share, quota_base(quota, tier, rows));
            // The first `limit` rows of the tier in the order keep it, as nth_element picks.
            std::size_t kept = 0;
            for (const std::uint32_t row : rows) {
                if (tier[row] == t && kept++ >= limit) {
                    tier[row] = t + 1;
                }
            }
        });
}

}  // namespace antq::detail::evaluation
