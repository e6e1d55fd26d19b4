#pragma once

// The `topsis` engine: relative closeness to the ideal within the cohort (Hwang & Yoon,
// Multiple Attribute Decision Making, 1981). Cohort-relative: a subject's score depends on
// every other evaluated subject of the rulebook in the period.
//
// Only scored criteria take part (penalty and bonus criteria are not read: give a scored
// criterion `direction: cost` for something less of which is better). For each one, j:
//
//   x_ij   its unclamped `value`; when not assessed, the worst assessed value of the
//          column (the smallest for benefit, the largest for cost): no data, no credit.
//          A column no subject was assessed on takes no part.
//   r_ij = x_ij / sqrt(sum_i x_ij^2)          vector normalisation (0 for an all-zero column)
//   v_ij = w_j r_ij                           w_j = weight_j / sum of weights (weight
//                                             defaults to points)
//   A+_j = max_i v_ij (benefit) or min_i v_ij (cost);   A-_j the other one
//   d+_i = sqrt(sum_j (v_ij - A+_j)^2),   d-_i = sqrt(sum_j (v_ij - A-_j)^2)
//   C_i  = d-_i / (d+_i + d-_i)                in [0, 1]
//   score_i = scale * C_i
//
// When d+ + d- = 0 the subject is at the ideal and the anti-ideal at once: every column is
// constant over the cohort (a cohort of one, or identical subjects). Nothing tells it
// apart, so C = 0.5, the middle: neither best nor worst, and no tier is earned by lack of
// competition. Column sums are order-free (fixed_point_sum.hpp), so permuting the cohort
// permutes the scores bit for bit.
//
// Contributions (indicative, they do not add up to the score): scale * w_j * p_ij, where
// p_ij = (v_ij - A-_j) / (A+_j - A-_j) is the subject's position on the criterion, 0 at the
// anti-ideal, 1 at the ideal (0.5 for a constant column).
//
// Options: `scale` (default 100, a number above 0, so that tiers read `score >= 80`).
// max_score = scale. Needs a scored criterion with a weight above 0.
//
// Tested (topsis_engine_test.cpp): the fighter aircraft example of Hwang & Yoon (1981,
// pp. 133-134) against the published closeness values, and to 1e-12 against an
// independent double-precision computation; cost direction; the degenerate cases (one
// subject, identical subjects, an all-zero column, a column nobody was assessed on);
// not-assessed values as the worst; huge values without overflow; contributions; the scale
// option and every option error; a non-finite value is a usage error; `reads` and
// `cohort_relative`; the conformance suite (order independence bit for bit).

#include <antq/engine.hpp>

#include <memory>
#include <span>

namespace antq::engines {

[[nodiscard]] std::shared_ptr<const scoring_engine> make_topsis_engine(
    const engine_options& options, std::span<const criterion_info> criteria,
    diagnostic_list& problems);

}  // namespace antq::engines
