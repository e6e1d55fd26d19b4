#pragma once

// Which observation row holds each subject's values for a period. Rows are labelled with
// the text people wrote ("2024", "2024-Q3", "2023-11-16/2024-11-15"); a row belongs to the
// period when its label, read under the rulebook's yearly convention, names the same days.

#include <antq/observations.hpp>
#include <antq/period.hpp>

#include "antq/evaluation/subjects.hpp"

#include <cstdint>
#include <vector>

namespace antq::detail::evaluation {

inline constexpr std::int64_t no_row = -1;

struct period_rows {
    /// Per subject (registry index of the rulebook's kind): its row, or `no_row`.
    std::vector<std::int64_t> row;
    /// Per subject: a second row whose label names the same days, or `no_row`.
    std::vector<std::int64_t> duplicate;
};

/// The rows of `p` for every subject of `subjects`. Labels that do not read as a period
/// under `start` belong to no period; observation subjects that are not subjects of this
/// kind are ignored. The subjects are looked up on up to `threads` threads; the result is
/// the same for any number.
[[nodiscard]] period_rows match_period(const observation_table& observations,
                                       const subject_view& subjects, const period& p,
                                       year_start start, unsigned threads = 1);

}  // namespace antq::detail::evaluation
