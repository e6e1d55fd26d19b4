#pragma once

// Ordering and ranking of subjects within groups, over columns: rows are grouped by a
// counting sort, then each (small) group is sorted by the ranking's keys.

#include <antq/rulebook.hpp>

#include <cstdint>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

namespace antq::detail::evaluation {

/// One ordering key over rows: numbers, or texts compared by their UTF-8 bytes. Missing
/// values (NaN, or texts not present) come last whatever the direction.
struct order_column {
    std::span<const double> numbers;             ///< number keys
    std::span<const std::string_view> texts;     ///< text keys (used when not empty)
    std::span<const std::uint8_t> text_present;  ///< text keys: 0 = missing; empty = all present
    bool descending = false;
    /// False for a key that only orders subjects that tie on the others (the subject id):
    /// subjects equal on every separating key share a rank (competition, dense).
    bool separates_ranks = true;

    [[nodiscard]] static order_column by_number(std::span<const double> values, bool descending) {
        order_column key;
        key.numbers = values;
        key.descending = descending;
        return key;
    }
    [[nodiscard]] static order_column by_text(std::span<const std::string_view> values,
                                              bool descending,
                                              std::span<const std::uint8_t> present = {}) {
        order_column key;
        key.texts = values;
        key.text_present = present;
        key.descending = descending;
        return key;
    }
    /// A key that orders ties but does not separate ranks.
    [[nodiscard]] order_column tie_breaker() const {
        order_column key = *this;
        key.separates_ranks = false;
        return key;
    }
};

/// A total order over rows from a list of keys.
class row_order {
  public:
    explicit row_order(std::span<const order_column> keys) noexcept : keys_(keys) {}

    /// Negative when row `a` comes before row `b`, zero when every key is equal.
    [[nodiscard]] int compare(std::uint32_t a, std::uint32_t b) const noexcept;
    [[nodiscard]] bool operator()(std::uint32_t a, std::uint32_t b) const noexcept {
        return compare(a, b) < 0;
    }
    /// Whether two rows are equal on every key that separates ranks.
    [[nodiscard]] bool same_rank(std::uint32_t a, std::uint32_t b) const noexcept;

    /// Sorts `rows` by this order. The first key, when a number, is copied beside each row
    /// first (into `scratch`), so that most comparisons read contiguous memory instead of
    /// jumping across a million-row column.
    void sort(std::span<std::uint32_t> rows,
              std::vector<std::pair<double, std::uint32_t>>& scratch) const;

  private:
    [[nodiscard]] static int compare_key(const order_column& key, std::uint32_t a,
                                         std::uint32_t b) noexcept;

    std::span<const order_column> keys_;
};

/// Marks rows outside every group (not evaluated).
inline constexpr std::uint32_t no_group = 0xFFFFFFFFU;

/// Rows listed group by group: the rows of group g are rows[offsets[g] .. offsets[g + 1]),
/// in ascending row order.
struct grouped_rows {
    std::vector<std::uint32_t> offsets;
    std::vector<std::uint32_t> rows;

    [[nodiscard]] std::size_t group_count() const noexcept {
        return offsets.empty() ? 0 : offsets.size() - 1;
    }
    [[nodiscard]] std::span<const std::uint32_t> members(std::size_t g) const noexcept {
        return std::span<const std::uint32_t>(rows).subspan(offsets[g],
                                                            offsets[g + 1] - offsets[g]);
    }
    [[nodiscard]] std::span<std::uint32_t> members(std::size_t g) noexcept {
        return std::span<std::uint32_t>(rows).subspan(offsets[g], offsets[g + 1] - offsets[g]);
    }
};

/// Counting sort of rows by group; rows whose group is `no_group` are left out.
[[nodiscard]] grouped_rows group_rows(std::span<const std::uint32_t> group,
                                      std::size_t group_count);

/// Sorts each group by `order` (in place in `groups`) and writes 1-based ranks by
/// `method` into `rank` for every grouped row; other rows are not touched. With `threads`
/// above 1, the groups are shared out in contiguous runs (groups are independent, so the
/// ranks are the same).
void rank_within_groups(grouped_rows& groups, const row_order& order, rank_method method,
                        std::span<std::uint32_t> rank, unsigned threads = 1);

}  // namespace antq::detail::evaluation
