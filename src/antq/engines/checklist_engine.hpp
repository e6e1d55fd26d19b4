#pragma once

// The `checklist` engine: pass/fail standards, such as a unit recognised as "An toàn về
// an ninh, trật tự" when it meets every required criterion.
//
//   score     = the number of required and veto criteria assessed and passed
//   max_score = the number of required and veto criteria
//
// Each required or veto criterion contributes 1 when assessed and passed, else 0; scored,
// penalty and bonus criteria are not read (they contribute 0). A criterion that was not
// assessed (`missing: exclude`) contributes 0, and counts neither as passed nor as failed
// in `passed_count` / `failed_count`, which the pipeline computes from the same flags.
//
// Tiers read it as: `when: "failed_count == 0"` (every assessed criterion passed), or
// `when: "score == max_score"` (every criterion assessed and passed), or list the
// criteria in `requires:`; a partial standard such as "at least 8 of 10" is
// `when: "passed_count >= 8"` (equivalently `score >= 8`).
//
// Options: none (an empty mapping). Needs at least one required or veto criterion.
//
// Tested (checklist_engine_test.cpp): exact scores and 1/0 contributions; not-assessed
// criteria counting nothing; scored, penalty and bonus criteria ignored; max_score; no
// criterion to check is an error at the options; any option is an unknown option; `reads`;
// agreement with `weighted` on required-only rulebooks turned into scored 1-point criteria
// (engine_cross_check_test.cpp); the conformance suite.

#include <antq/engine.hpp>

#include <memory>
#include <span>

namespace antq::engines {

[[nodiscard]] std::shared_ptr<const scoring_engine> make_checklist_engine(
    const engine_options& options, std::span<const criterion_info> criteria,
    diagnostic_list& problems);

}  // namespace antq::engines
