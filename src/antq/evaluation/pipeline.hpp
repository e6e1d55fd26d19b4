#pragma once

// The evaluation pipeline for one rulebook in one period (docs/design/evaluation.md):
//
//   version in force -> subjects (applies_to) -> eligibility -> inputs (indicators with their
//   missing policies and type checks, previous period, attributes, roll-ups) -> derived
//   values -> criteria -> engine -> rounding -> vetoes, requirements, tiers -> quotas ->
//   groups and ranks.
//
// Subjects are evaluated in batches of fixed size, each batch writing only its own rows,
// so any number of threads gives the same bytes.

#include "antq/evaluation/tiers.hpp"

#include <antq/compiled_rulebook.hpp>
#include <antq/dataset.hpp>
#include <antq/error.hpp>
#include <antq/result.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace antq::detail::evaluation {

struct pipeline_options {
    unsigned threads = 1;  ///< at least 1
    std::size_t batch_size = 4096;
};

/// Evaluates `book` on `data` for the period `period_text` (read under the rulebook's
/// yearly convention). `sources` holds the results, for the same period, of the rulebooks
/// it rolls up. Throws `usage_error` when no version is in force, the period cannot be
/// read, or a roll-up's source is not among `sources`.
[[nodiscard]] rulebook_results evaluate_rulebook(const dataset& data, const compiled_rulebook& book,
                                                 std::string_view period_text,
                                                 std::span<const rulebook_results* const> sources,
                                                 const pipeline_options& options,
                                                 const std::string& fingerprint);

/// One rulebook's results after the engine, before the tier step: statuses, scores and
/// criteria (`results_columns` without tiers, action branches, groups or ranks), and the
/// messages written so far.
struct scored_rulebook {
    std::string rulebook;     ///< its id
    std::size_t version = 0;  ///< index of the version in force
    results_columns columns;
    std::vector<std::pair<std::size_t, std::string>> messages;  ///< (row, message), in order
};

/// `evaluate_rulebook` stopped before the tiers: every step up to the engine and rounding.
[[nodiscard]] scored_rulebook score_rulebook(const dataset& data, const compiled_rulebook& book,
                                             std::string_view period_text,
                                             std::span<const rulebook_results* const> sources,
                                             const pipeline_options& options);

/// The tier step of `evaluate_rulebook` under `book`, over the scores of `scored`: vetoes,
/// requirements and tier conditions, action conditions, quotas, groups and ranks, by the same
/// code as `evaluate_rulebook` (the second pass it makes for cohort-relative engines); the
/// earlier tiers `previous_tier()` reads are evaluated under `book`, as there. Equal to
/// `evaluate_rulebook(data, book, ...)` when `book` differs from the rulebook `scored` was
/// made with only in what its tier and action conditions read, and nothing before the tier
/// step reads `previous_tier()` (`only_tiers_move` in retier.hpp decides). This checks only
/// that `scored` is of the same rulebook, version and subjects, and throws `usage_error`
/// when not.
[[nodiscard]] rulebook_results tier_rulebook(const dataset& data, const compiled_rulebook& book,
                                             std::string_view period_text,
                                             std::span<const rulebook_results* const> sources,
                                             const scored_rulebook& scored,
                                             const pipeline_options& options,
                                             const std::string& fingerprint);

/// The tiers a rulebook's variants give over the same scores, for a sweep of a cut-off
/// (docs/sensitivity.md, "Fast path"): for each variant, the tiers after quotas that
/// `tier_rulebook` would give, computed without copying the scores and without the groups,
/// ranks, action branches or messages a sweep does not read. Made once from the rules as
/// written, whose quota groups it sorts by the ranking's order, so that a variant's quotas
/// need no comparison of rows. `scored` and `written` (the results `tier_rulebook` gave from
/// `scored` under the rulebook as written) must outlive the sweep.
class tier_sweep {
  public:
    tier_sweep(const dataset& data, const compiled_rulebook& book, std::string_view period_text,
               const scored_rulebook& scored, const rulebook_results& written);

    /// The tiers of `variant` (the rulebook as written with other tier conditions; see
    /// `tier_rulebook`) on up to `threads` threads, row by row as in `written`; none when this
    /// path cannot give them and `tier_rulebook` must: a condition that reads inputs, a status
    /// that differs from the written one (a tier condition that fails a row), or another
    /// ranking order or quota.
    [[nodiscard]] std::optional<std::vector<std::int32_t>> tiers_of(
        const compiled_rulebook& variant, unsigned threads) const;

  private:
    const dataset& data_;
    std::string period_text_;
    const scored_rulebook& scored_;
    const rulebook_results& written_;
    /// False when the written tier step reads inputs (then the ranking may read a derived
    /// value or a number attribute, not kept in the results to make the order again from).
    bool ordered_ = false;
    /// The tiers' ids, the quotas and the ranking of the rules as written, as text: a
    /// variant with others is tiered by `tier_rulebook`.
    std::string order_and_quotas_;
    /// The quotas of the rules as written, their groups listed in the ranking's order.
    tier_quotas quotas_;
};

/// The header `evaluate_rulebook` gives the results of version `version_index` of `book` for
/// the period `period_text`, without a fingerprint. Throws `usage_error` when there is no such
/// version or the period cannot be read.
[[nodiscard]] results_header header_for(const compiled_rulebook& book, std::size_t version_index,
                                        std::string_view period_text);

/// Appends to `out` every cell of `data` that `book` will refuse in the period, as the
/// evaluation reads them (see `antq::check_data`). Throws like `evaluate_rulebook` when no
/// version is in force or the period cannot be read.
void check_rulebook_data(const dataset& data, const compiled_rulebook& book,
                         std::string_view period_text, unsigned threads,
                         std::vector<diagnostic>& out);

}  // namespace antq::detail::evaluation
