#pragma once

// The `weighted` engine, the default: points as the rulebook spec reads them.
//
//   score = sum over scored criteria  of points * s * total / assessed
//         - sum over penalty criteria of points * s
//         + sum over bonus criteria   of points * s
//
// where s is the criterion's score, clamped to [0, 1] by the pipeline; `total` is the sum
// of the points of every scored criterion and `assessed` the sum over the scored criteria
// assessed for the subject (`missing: exclude`), so that a subject is judged on the part
// it could be judged on (total / assessed is exactly 1 when every criterion was assessed).
// A penalty or bonus criterion that was not assessed contributes 0: an unknown violation
// is not punished, an unknown achievement not rewarded. When no scored criterion was
// assessed (or there is none) the scored part is 0; the pipeline may tell that case apart
// through `assessed_count`. Required and veto criteria contribute 0 (they gate tiers).
// Scores are not floored: penalties may take a score below 0 (use `deduction` for a
// floor); bonuses may take it above the maximum.
//
// Contributions: the terms of the sums above (penalties negative); they add up to the score.
//
// Options: none, or {max_score: N} (N > 0) to declare the maximum the regulation states;
// max_score is then N, else the sum of the points of the scored criteria. `antq check`
// warns when the two differ.
//
// Tested (weighted_engine_test.cpp): exact scores and contributions for scored, penalty
// and bonus criteria; a bonus lifting the score above the maximum; required and veto
// criteria contributing 0; `missing: exclude` rescaling, with penalties and bonuses left
// out; no scored criterion assessed gives 0; max_score with and without the option; option
// errors (unknown key with suggestion, wrong type, not above 0, not a mapping) with exact
// messages and places; `reads`; cross-checks with `checklist` and `deduction`
// (engine_cross_check_test.cpp) and the conformance suite (engine_conformance_test.cpp).

#include <antq/engine.hpp>

#include <memory>
#include <span>

namespace antq::engines {

[[nodiscard]] std::shared_ptr<const scoring_engine> make_weighted_engine(
    const engine_options& options, std::span<const criterion_info> criteria,
    diagnostic_list& problems);

}  // namespace antq::engines
