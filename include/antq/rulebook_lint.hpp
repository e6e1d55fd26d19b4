#pragma once

/// \file
/// Warnings about rulebooks that are valid but probably not what their authors meant.

#include <antq/error.hpp>
#include <antq/export.hpp>
#include <antq/rulebook.hpp>

#include <vector>

namespace antq {

/// Warnings (severity `warning`) about a valid rulebook, in the order of the file:
///
/// - a tier no subject can reach: its score band starts above the maximum score, or lies
///   wholly inside the bands of the tiers above it (which match first);
/// - score bands of consecutive tiers that overlap (the upper tier takes the overlap, which
///   is harmless but often a typo) or leave a gap (scores that fall to a lower tier than
///   the author probably meant). Bands are read from conditions made only of `score >= X`,
///   `score > X`, `score < Y`, `score <= Y` joined by `and`; other conditions are not judged;
/// - criteria that can never change a result: 0 points on a scored, penalty or bonus
///   criterion, a `when` or `score` that is a constant (after parameters are put in);
/// - points that do not add up to the declared maximum: the sum of the scored criteria's
///   points against `max_score:` or `engine_options.max_score` when either is given, else
///   against 100 when the engine is `weighted` and the highest tier threshold lies in
///   (50, 100] (the thresholds then read as out of 100).
///
/// A rulebook with errors may give odd warnings: check it first (`check_rulebook` does both).
[[nodiscard]] ANTQ_EXPORT std::vector<diagnostic> lint_rulebook(const rulebook& book);

}  // namespace antq
