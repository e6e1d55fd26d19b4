#include "antq/evaluation/ranking.hpp"

#include "antq/parallel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <thread>
#include <vector>

namespace antq::detail::evaluation {

int row_order::compare_key(const order_column& key, std::uint32_t a, std::uint32_t b) noexcept {
    if (!key.texts.empty()) {
        const bool has_a = key.text_present.empty() || key.text_present[a] != 0;
        const bool has_b = key.text_present.empty() || key.text_present[b] != 0;
        if (has_a != has_b) {
            return has_a ? -1 : 1;
        }
        if (!has_a) {
            return 0;
        }
        const int c = key.texts[a].compare(key.texts[b]);
        const int sign = c < 0 ? -1 : (c > 0 ? 1 : 0);
        return key.descending ? -sign : sign;
    }
    const double x = key.numbers[a];
    const double y = key.numbers[b];
    const bool has_x = !std::isnan(x);
    const bool has_y = !std::isnan(y);
    if (has_x != has_y) {
        return has_x ? -1 : 1;
    }
    if (!has_x || x == y) {
        return 0;
    }
    const int sign = x < y ? -1 : 1;
    return key.descending ? -sign : sign;
}

int row_order::compare(std::uint32_t a, std::uint32_t b) const noexcept {
    for (const auto& key : keys_) {
        if (const int c = compare_key(key, a, b); c != 0) {
            return c;
        }
    }
    return 0;
}

bool row_order::same_rank(std::uint32_t a, std::uint32_t b) const noexcept {
    return std::all_of(keys_.begin(), keys_.end(), [&](const order_column& key) {
        return !key.separates_ranks || compare_key(key, a, b) == 0;
    });
}

void row_order::sort(std::span<std::uint32_t> rows,
                     std::vector<std::pair<double, std::uint32_t>>& scratch) const {
    if (keys_.empty() || !keys_.front().texts.empty()) {
        std::sort(rows.begin(), rows.end(), *this);
        return;
    }
    // The first key as one ascending number: negated when descending, missing last.
    const order_column& first = keys_.front();
    scratch.clear();
    for (const std::uint32_t row : rows) {
        const double v = first.numbers[row];
        const double key =
            std::isnan(v) ? std::numeric_limits<double>::infinity() : (first.descending ? -v : v);
        scratch.emplace_back(key, row);
    }
    std::sort(scratch.begin(), scratch.end(), [&](const auto& a, const auto& b) {
        if (a.first != b.first) {
            return a.first < b.first;
        }
        return compare(a.second, b.second) < 0;
    });
    for (std::size_t k = 0; k < rows.size(); ++k) {
        rows[k] = scratch[k].second;
    }
}

grouped_rows group_rows(std::span<const std::uint32_t> group, std::size_t group_count) {
    grouped_rows out;
    out.offsets.assign(group_count + 1, 0);
    for (const std::uint32_t g : group) {
        if (g != no_group) {
            ++out.offsets[g + 1];
        }
    }
    for (std::size_t g = 0; g < group_count; ++g) {
        out.offsets[g + 1] += out.offsets[g];
    }
    out.rows.resize(out.offsets[group_count]);
    std::vector<std::uint32_t> next(out.offsets.begin(), out.offsets.end() - 1);
    for (std::size_t row = 0; row < group.size(); ++row) {
        if (group[row] != no_group) {
            out.rows[next[group[row]]++] = static_cast<std::uint32_t>(row);
        }
    }
    return out;
}

namespace {

void rank_groups(grouped_rows& groups, std::size_t first, std::size_t last, const row_order& order,
                 rank_method method, std::span<std::uint32_t> rank) {
    std::vector<std::pair<double, std::uint32_t>> scratch;
    for (std::size_t g = first; g < last; ++g) {
        const auto members = groups.members(g);
        // The order is total (the subject id is the last key), so the sort is deterministic.
        order.sort(members, scratch);
        std::uint32_t current = 0;
        for (std::size_t k = 0; k < members.size(); ++k) {
            const bool tie = k > 0 && order.same_rank(members[k - 1], members[k]);
            switch (method) {
                case rank_method::competition:
                    current = tie ? current : static_cast<std::uint32_t>(k + 1);
                    break;
                case rank_method::dense:
                    current = tie ? current : current + 1;
                    break;
                case rank_method::ordinal:
                    current = static_cast<std::uint32_t>(k + 1);
                    break;
            }
            rank[members[k]] = current;
        }
    }
}

}  // namespace

void rank_within_groups(grouped_rows& groups, const row_order& order, rank_method method,
                        std::span<std::uint32_t> rank, unsigned threads) {
    const std::size_t count = groups.group_count();
    // Below this many rows a second thread costs more than it saves.
    constexpr std::size_t parallel_rows = 50'000;
    if (threads < 2 || count < 2 || groups.rows.size() < parallel_rows) {
        rank_groups(groups, 0, count, order, method, rank);
        return;
    }
    // Runs of whole groups with about the same number of rows each.
    const std::size_t parts = std::min<std::size_t>(threads, count);
    std::vector<std::size_t> starts(parts + 1, count);
    starts[0] = 0;
    std::size_t g = 0;
    for (std::size_t p = 1; p < parts; ++p) {
        const std::size_t target = groups.rows.size() * p / parts;
        while (g < count && groups.offsets[g] < target) {
            ++g;
        }
        starts[p] = std::max(g, starts[p - 1]);
    }
    run_pieces(parts, [&](std::size_t p) {
        rank_groups(groups, starts[p], starts[p + 1], order, method, rank);
    });
}

}  // namespace antq::detail::evaluation
