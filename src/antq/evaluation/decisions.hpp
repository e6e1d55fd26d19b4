#pragma once

// Recorded decisions (antq/decision.hpp) against the rules and the results: which decisions
// concern a rulebook's results for a period, whether each names a subject with a result and
// tiers of the version in force, and putting them on the results (docs/datasets.md,
// "Decisions").

#include <antq/compiled_rulebook.hpp>
#include <antq/dataset.hpp>
#include <antq/error.hpp>
#include <antq/result.hpp>
#include <antq/rulebook_set.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace antq::detail::evaluation {

/// Puts on `results` (of `book`, fresh from the pipeline) the decisions of `data` about
/// that rulebook and the same period (read under the rulebook's yearly convention). A
/// decision whose period cannot be read, whose subject has no result in these results, or
/// whose proposed or decided tier is not a tier of the version used goes to `problems`, at
/// its cell, and is not applied.
void apply_decisions(const dataset& data, const compiled_rulebook& book, rulebook_results& results,
                     diagnostic_list& problems);

/// Throws `input_error` with every problem in `problems`, once each, in file order; nothing
/// when there is none.
void throw_decision_problems(diagnostic_list& problems);

/// For a rulebook left out of an evaluation (no version in force for `period_text`): each
/// decision about it for that period is a problem (there is no result to decide on).
void refuse_decisions_without_result(const dataset& data, const compiled_rulebook& book,
                                     std::string_view period_text, diagnostic_list& problems);

/// What can be checked without evaluating (for `check_data`): every decision names a
/// rulebook of `rules`, a period that rulebook reads and has a version in force for, a
/// subject of the kind it evaluates, and tiers of that version. Only decisions of `period`
/// when it is set.
void check_decisions(const dataset& data, const rulebook_set& rules,
                     const std::optional<std::string>& period, std::vector<diagnostic>& out);

}  // namespace antq::detail::evaluation
