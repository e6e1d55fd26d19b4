#include "antq/evaluation/period_rows.hpp"

#include "antq/parallel.hpp"

#include <antq/error.hpp>

#include <algorithm>
#include <optional>

namespace antq::detail::evaluation {

namespace {

/// Fewer observation subjects than this are looked up on one thread: starting threads would
/// cost more. The thread-count tests of `evaluate_differential_test` (20,000 models) go
/// through both ways.
constexpr std::size_t parallel_lookups = std::size_t{1} << 14;

/// Which period labels name the days of `p` under `start`.
std::vector<std::uint8_t> labels_of(const observation_table& observations, const period& p,
                                    year_start start) {
    const auto labels = observations.period_labels();
    std::vector<std::uint8_t> match(labels.size(), 0);
    for (std::size_t k = 0; k < labels.size(); ++k) {
        try {
            match[k] = period::parse(labels[k], start) == p ? 1 : 0;
        } catch (const usage_error&) {
            match[k] = 0;
        }
    }
    return match;
}

}  // namespace

period_rows match_period(const observation_table& observations, const subject_view& subjects,
                         const period& p, year_start start, unsigned threads) {
    period_rows out;
    out.row.assign(subjects.size(), no_row);
    out.duplicate.assign(subjects.size(), no_row);
    const auto match = labels_of(observations, p, start);
    const auto ids = observations.subject_ids();
    const auto row_subjects = observations.row_subjects();
    const auto row_periods = observations.row_periods();
    // Each observation subject with a row in the period is looked up once, not once per row.
    constexpr std::int64_t not_in_period = -2;
    constexpr std::int64_t to_look_up = -3;
    std::vector<std::int64_t> subject_of(ids.size(), not_in_period);
    for (std::size_t r = 0; r < observations.row_count(); ++r) {
        if (match[row_periods[r]] != 0) {
            subject_of[row_subjects[r]] = to_look_up;
        }
    }
    // The lookups are most of the time (a million ids compared, each in its registry
    // record): they are shared out in pieces, each writing only its own subjects.
    const std::size_t pieces = ids.size() < parallel_lookups ? 1 : std::max(1U, threads);
    run_pieces(pieces, [&](std::size_t piece) {
        const std::size_t first = ids.size() * piece / pieces;
        const std::size_t last = ids.size() * (piece + 1) / pieces;
        for (std::size_t k = first; k < last; ++k) {
            if (subject_of[k] != to_look_up) {
                continue;
            }
            // Files usually list observations in the registry's order: try the subject at
            // the same position before a lookup.
            const auto found = k < subjects.size() && subjects.id(static_cast<index_t>(k)) == ids[k]
                                   ? std::optional<index_t>(static_cast<index_t>(k))
                                   : subjects.find(ids[k]);
            subject_of[k] = found ? static_cast<std::int64_t>(*found) : no_row;
        }
    });
    for (std::size_t r = 0; r < observations.row_count(); ++r) {
        if (match[row_periods[r]] == 0) {
            continue;
        }
        const std::int64_t s = subject_of[row_subjects[r]];
        if (s == no_row) {
            continue;
        }
        auto& slot = out.row[static_cast<std::size_t>(s)];
        if (slot == no_row) {
            slot = static_cast<std::int64_t>(r);
        } else if (out.duplicate[static_cast<std::size_t>(s)] == no_row) {
            out.duplicate[static_cast<std::size_t>(s)] = static_cast<std::int64_t>(r);
        }
    }
    return out;
}

}  // namespace antq::detail::evaluation
