#pragma once

// How observation rows are indexed by subject, shared by `observation_table` and the
// loaders (which check repeated rows themselves, to name the real line of a CSV record).

#include <cstdint>
#include <span>
#include <vector>

namespace antq::detail {

/// The rows of each subject, in row order: rows of subject s are
/// `rows[offsets[s] .. offsets[s + 1])`.
struct subject_row_index {
    std::vector<std::uint32_t> offsets{0};
    std::vector<std::uint32_t> rows;
};

/// One pass over the rows (a counting sort). Every entry of `row_subject` must be less
/// than `subject_count`.
[[nodiscard]] subject_row_index index_rows_by_subject(std::span<const std::uint32_t> row_subject,
                                                      std::size_t subject_count);

/// A row whose (subject, period) pair an earlier row already had.
struct repeated_row {
    std::uint32_t row;
    std::uint32_t first;
};

/// Every repeated row, in row order. Every entry of `row_period` must be less than
/// `period_count`.
[[nodiscard]] std::vector<repeated_row> find_repeated_rows(
    const subject_row_index& index, std::span<const std::uint32_t> row_period,
    std::size_t period_count);

}  // namespace antq::detail
