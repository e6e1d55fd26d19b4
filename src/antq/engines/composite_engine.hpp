#pragma once

// The `composite` engine: a composite index over the cohort, as in the OECD/JRC Handbook
// on Constructing Composite Indicators (Nardo et al., 2008): normalise each criterion,
// then aggregate with weights. Cohort-relative except with `goalposts` normalisation.
//
// Only scored criteria take part (penalty and bonus criteria are not read). x_ij is the
// unclamped `value` of criterion j for subject i; statistics of a column are taken over
// the subjects assessed on it. Normalisation (`normalisation` option), for benefit
// criteria; a cost criterion (`direction: cost`) takes 1 - y (z-score: -y):
//
//   min-max    y = (x - min_j) / (max_j - min_j)              0.5 when max_j = min_j
//   z-score    y = (x - mean_j) / sd_j                         0 when sd_j = 0;
//              sd is the population standard deviation (the cohort is every evaluated
//              subject, not a sample)
//   goalposts  y = clamp((x - lo_j) / (hi_j - lo_j), 0, 1)    lo_j < hi_j from the
//              `goalposts` option, one pair per scored criterion (the UNDP HDI habit:
//              values beyond the goalposts count as the goalpost)
//   rank       y = (r - 1) / (n_j - 1)                         r the 1-based rank from the
//              lowest, ties sharing their mean rank; 0.5 when n_j = 1 (and for a
//              column of ties)
//
// Aggregation (`aggregation` option), over the criteria assessed for the subject with
// weights w_j (weight defaults to points) divided by their sum W_i over those criteria,
// which mirrors the `missing: exclude` rescaling of `weighted`:
//
//   arithmetic  score = scale * sum_j (w_j / W_i) y_ij
//   geometric   score = scale * prod_j y_ij ^ (w_j / W_i)     (0 when some y is 0;
//               not with z-score, whose values can be negative)
//
// A subject assessed on no criterion (or only on weightless ones) scores 0. Column sums
// are order-free (fixed_point_sum.hpp), so permuting the cohort permutes the scores bit
// for bit.
//
// Contributions: scale * (w_j / W_i) * y_ij; they add up to the score for arithmetic
// aggregation and are indicative for geometric.
//
// Options: `normalisation` (min-max | z-score | goalposts | rank, default min-max),
// `aggregation` (arithmetic | geometric, default arithmetic), `scale` (default 100, above
// 0), `goalposts` ({criterion id: [lo, hi]}, with goalposts normalisation only, for every
// scored criterion). max_score = scale; with z-score it is nominal (a subject one
// standard deviation above the mean everywhere) and scores may exceed it or be negative.
//
// Tested (composite_engine_test.cpp): each normalisation and both aggregations on a small
// worked example computed by hand from the handbook's formulas (the numbers in the test
// say how); cost direction; degenerate columns (all equal, one subject); ties in rank;
// goalposts clamping; `missing: exclude` reweighting; every option error with exact
// message and place; a non-finite value is a usage error; `reads` and `cohort_relative`;
// agreement with `weighted` on a 0..1 cohort (engine_cross_check_test.cpp); the
// conformance suite.

#include <antq/engine.hpp>

#include <memory>
#include <span>

namespace antq::engines {

[[nodiscard]] std::shared_ptr<const scoring_engine> make_composite_engine(
    const engine_options& options, std::span<const criterion_info> criteria,
    diagnostic_list& problems);

}  // namespace antq::engines
