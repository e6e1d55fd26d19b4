#include "antq/evaluation/period_rows.hpp"

#include <antq/error.hpp>

namespace antq::detail::evaluation {

namespace {

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
                         const period& p, year_start start) {
    period_rows out;
    out.row.assign(subjects.size(), no_row);
    out.duplicate.assign(subjects.size(), no_row);
    const auto match = labels_of(observations, p, start);
    const auto ids = observations.subject_ids();
    // Each observation subject is looked up once, not once per row.
    constexpr std::int64_t unresolved = -2;
    std::vector<std::int64_t> subject_of(ids.size(), unresolved);
    const auto row_subjects = observations.row_subjects();
    const auto row_periods = observations.row_periods();
    for (std::size_t r = 0; r < observations.row_count(); ++r) {
        if (match[row_periods[r]] == 0) {
            continue;
        }
        auto& s = subject_of[row_subjects[r]];
        if (s == unresolved) {
            // Files usually list observations in the registry's order: try the subject at
            // the same position before a lookup.
            const std::uint32_t k = row_subjects[r];
            const auto found = k < subjects.size() && subjects.id(k) == ids[k]
                                   ? std::optional<index_t>(k)
                                   : subjects.find(ids[k]);
            s = found ? static_cast<std::int64_t>(*found) : no_row;
        }
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
