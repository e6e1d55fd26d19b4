#pragma once

// Roll-ups (docs/rulebooks.md, "Roll-ups"): one aggregate over another rulebook's
// results for the same period, over the subjects of the children or descendants of a
// subject's unit. Source subjects belong to the unit they are (units) or are hosted by
// (models, exemplars); models and exemplars hosted by the unit itself count too, so that
// "the commune's models" includes the commune's own.
//
// Source subjects without a result (docs/rulebooks.md, "Sources without a result"): when the
// inner expression reads results (anything but `status` and attributes), a `not_eligible`
// source is outside the evaluation and left out of the aggregate (it is neither a hit nor
// counted in a share); an `error` or `incomplete` one is listed in `unresolved` and, by the
// roll-up's `on_error`, left out (`incomplete`: the pipeline withholds the verdict anyway;
// `skip`) or kept with no result (`fail`: a condition on it does not hold).

#include <antq/registry.hpp>
#include <antq/result.hpp>

#include "antq/evaluation/text_ids.hpp"
#include "antq/rules/plan.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace antq::detail::evaluation {

/// One roll-up's value per target row.
struct rollup_values {
    /// NaN when there is nothing to aggregate (mean, min, max of nothing; share of nothing
    /// when `share_of_nothing_is_missing`).
    std::vector<double> value;
    /// 1 when the inner expression failed (division by zero) for a subject in scope.
    std::vector<std::uint8_t> failed;
    /// The 1-based column in the inner expression of the first failure, for messages.
    std::uint32_t failed_column = 0;
    /// Per unit (index into the registry's units; empty when there are none at all): the
    /// source rows in its scope that have no result (`error`, `incomplete`) and that the
    /// policy `plan.on_error` dealt with, in row order. Only when the inner expression reads
    /// results: a count of subjects or of their attributes needs none.
    /// With `per_row` (`over: linked`, whose scope is each subject's own links), per target
    /// row instead.
    std::vector<std::vector<std::uint32_t>> unresolved;
    bool per_row = false;

    /// The source rows without a result in the scope of target row `row`, of unit `u`.
    [[nodiscard]] std::span<const std::uint32_t> unresolved_of(std::size_t row,
                                                               index_t u) const noexcept {
        if (unresolved.empty()) {
            return {};
        }
        return per_row ? std::span<const std::uint32_t>(unresolved[row])
                       : std::span<const std::uint32_t>(unresolved[u]);
    }
};

/// Computes roll-up `plan` of rows whose units are `row_unit` and subjects (registry indices)
/// `row_subject`, from `source` (results of
/// the rulebook `plan.from`, subjects of kind `source.header().subject`). `texts` gives
/// text ids to the source's tier ids, actions, statuses and attributes. Share of nothing is
/// 0, or missing when `share_of_nothing_is_missing` (the rulebook declared an indicator of
/// the roll-up's id, whose missing policy then decides).
[[nodiscard]] rollup_values compute_rollup(const rules::rollup_plan& plan,
                                           const rulebook_results& source, const registry& units,
                                           std::span<const index_t> row_unit,
                                           std::span<const index_t> row_subject, text_ids& texts,
                                           bool share_of_nothing_is_missing);

/// A source row in the scope of one unit, for explanations.
struct rollup_member_value {
    std::uint32_t row = 0;  ///< in the source results
    double value = 0;       ///< the inner expression (count, share: 1 when it held); NaN: missing
    bool failed = false;    ///< the inner expression failed (division by zero)
};

/// The source rows roll-up `plan` reads for subject `subject` (registry index) of unit `unit`
/// (its own models and exemplars, and the subjects of its children or descendants; or, for
/// `over: linked`, the subject's links), in source row order, with
/// the inner expression's value for each: what `compute_rollup` aggregates, one by one.
[[nodiscard]] std::vector<rollup_member_value> rollup_members(const rules::rollup_plan& plan,
                                                              const rulebook_results& source,
                                                              const registry& units, index_t unit,
                                                              index_t subject, text_ids& texts);

}  // namespace antq::detail::evaluation
