#pragma once

// Re-tiering (docs/sensitivity.md, "Fast path"): a rulebook's results under a changed tier
// condition, made from its scores as written by the pipeline's own tier step, without
// evaluating its inputs' criteria and engine again. For tools that try many cut-offs on one
// dataset (analyse_sensitivity).

#include "antq/evaluation/pipeline.hpp"

#include <antq/compiled_rulebook.hpp>
#include <antq/dataset.hpp>
#include <antq/result.hpp>
#include <antq/rulebook.hpp>

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace antq::detail::evaluation {

/// Whether a change of `book`'s version `version` moves only what its tier step decides, so
/// that `retier` gives what a whole evaluation would: the change is to a tier's `when` (a
/// number written in it) or, when `parameter` is set, to that parameter, which no text of
/// the version names but the tiers' `when` and `action_when` conditions; and `previous_tier()`
/// is read by those conditions alone (the earlier tiers move with the change, and the tier
/// step reads them again; scores must not). Conservative: the name written anywhere else in
/// the version (an expression, an engine option, a title, a test) says no.
[[nodiscard]] bool only_tiers_move(const rulebook& book, std::size_t version,
                                   std::optional<std::string_view> parameter);

/// The scores of `book` for `period`: `antq::evaluate(data, book, period, ...)` stopped
/// before the tier step (`score_rulebook`), roll-ups read from `rollup_sources`.
[[nodiscard]] scored_rulebook score(const dataset& data, const compiled_rulebook& book,
                                    std::string_view period,
                                    std::span<const rulebook_results> rollup_sources,
                                    const pipeline_options& options);

/// What `antq::evaluate(data, book, period, options, rollup_sources)` gives (no previous
/// period), from the scores of another compilation of the same rulebook: the tier step of
/// the pipeline under `book` (`tier_rulebook`), the decisions of `data` applied, the
/// fingerprint of `book`. Equal to the whole evaluation when `only_tiers_move` says so for
/// the change between them. Throws as `tier_rulebook` does, and `input_error` for decisions
/// that do not fit, as `evaluate` does.
[[nodiscard]] rulebook_results retier(const dataset& data, const compiled_rulebook& book,
                                      std::string_view period, const scored_rulebook& scored,
                                      std::span<const rulebook_results> rollup_sources,
                                      const pipeline_options& options);

}  // namespace antq::detail::evaluation
