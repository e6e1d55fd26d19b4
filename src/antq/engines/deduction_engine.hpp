#pragma once

// The `deduction` engine: every subject starts from a base and loses points, the way
// emulation rules are often written ("mỗi đơn vị 100 điểm, vi phạm bị trừ điểm").
//
//   score = max(floor, base - sum over penalty criteria of points * s
//                            - sum over scored criteria  of points * (1 - s)
//                            + sum over bonus criteria   of points * s)
//
// where s is the criterion's clamped score. A scored criterion takes off its shortfall: a
// 10-point criterion met by half costs 5, so a rulebook whose scored points add up to the
// base scores exactly as under `weighted`. Bonuses may lift the score above the base. The
// floor applies to the final score. A criterion that was not assessed takes nothing off
// and adds nothing (no rescaling: the base stays the base). Required and veto criteria
// contribute 0.
//
// Contributions: the signed terms above; base + their sum is the score unless the floor
// was hit.
//
// Options: `base` (default 100, a number above 0) and `floor` (default 0, a number not
// above `base`). max_score = base.
//
// Tested (deduction_engine_test.cpp): exact scores and contributions for penalties,
// scored shortfalls and bonuses; the floor, and a bonus above the base; not-assessed
// criteria; max_score; every option error with exact message and place; `reads`;
// agreement with `weighted` (base = scored points; penalties only relative to base)
// in engine_cross_check_test.cpp; the conformance suite.

#include <antq/engine.hpp>

#include <memory>
#include <span>

namespace antq::engines {

[[nodiscard]] std::shared_ptr<const scoring_engine> make_deduction_engine(
    const engine_options& options, std::span<const criterion_info> criteria,
    diagnostic_list& problems);

}  // namespace antq::engines
