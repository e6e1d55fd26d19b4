#pragma once

/// \file
/// What a rule change does: the results of the old and the new rules for the same data and
/// period, compared subject by subject. A tier-to-tier count matrix, the rank correlation of
/// the two orders (Spearman's rho and Kendall's tau-b, ties handled), and every subject
/// whose status, tier, rank or score changed, with the criteria that caused it.

#include <antq/dataset.hpp>
#include <antq/evaluate.hpp>
#include <antq/export.hpp>
#include <antq/result.hpp>
#include <antq/result_io.hpp>
#include <antq/rulebook_set.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace antq {

/// Spearman's rank correlation of the pairs (x[i], y[i]): the Pearson correlation of their
/// ranks, tied values sharing the mean of the ranks they span. NaN when there are fewer
/// than two pairs or when either side is constant (the correlation is then undefined).
/// Throws `usage_error` when the sizes differ or a value is NaN.
[[nodiscard]] ANTQ_EXPORT double spearman_rho(std::span<const double> x, std::span<const double> y);

/// Kendall's tau-b of the pairs: (concordant - discordant) / sqrt((n0 - n1) (n0 - n2)),
/// n0 = n(n-1)/2, n1 and n2 the pairs tied in x and in y; a pair tied in both counts in
/// neither. O(n log n) (Knight's algorithm), exact in integer arithmetic up to the final
/// division. NaN and errors as `spearman_rho`.
[[nodiscard]] ANTQ_EXPORT double kendall_tau_b(std::span<const double> x,
                                               std::span<const double> y);

/// One subject whose result changed.
struct subject_change {
    std::string subject;
    /// nullopt when the subject is absent from that side's results (e.g. `applies_to`
    /// changed).
    std::optional<result_status> old_status;
    std::optional<result_status> new_status;
    double old_score = std::numeric_limits<double>::quiet_NaN();  ///< NaN when not evaluated
    double new_score = std::numeric_limits<double>::quiet_NaN();
    std::string old_tier;  ///< tier id; empty when none
    std::string new_tier;
    std::uint32_t old_rank = no_rank;
    std::uint32_t new_rank = no_rank;
    std::string old_message;  ///< why it was not evaluated under the old rules, if it was not
    std::string new_message;
    /// Criteria whose pass/fail or points changed, in the new rules' order (then removed
    /// criteria in the old rules' order); only when the subject was evaluated on both sides
    /// (otherwise its status and message say what happened). Empty when only the rank
    /// moved, because other subjects of its group changed.
    std::vector<criterion_change> causes;
    /// The decision recorded on the subject's proposal on each side, in words
    /// (`decision_text`; empty when none): the same decision can apply under the old rules and
    /// be stale under the new ones, whose proposal differs.
    std::string old_decision;
    std::string new_decision;

    [[nodiscard]] bool status_changed() const noexcept { return old_status != new_status; }
    [[nodiscard]] bool decision_changed() const noexcept { return old_decision != new_decision; }
    [[nodiscard]] bool tier_changed() const noexcept { return old_tier != new_tier; }
    [[nodiscard]] bool rank_changed() const noexcept { return old_rank != new_rank; }
    /// Scores are compared as rounded by each side's rules; two missing scores are equal.
    [[nodiscard]] ANTQ_EXPORT bool score_changed() const noexcept;
};

/// The comparison of one rulebook's old and new results.
struct rule_diff {
    std::string old_rulebook;  ///< rulebook id of the old rules
    std::string new_rulebook;
    std::string old_version;
    std::string new_version;
    std::string period;       ///< the period as asked (the new results' period text)
    int rounding_digits = 2;  ///< the coarser of the two sides', for printing scores
    /// Tier ids, top to bottom, of each side's version.
    std::vector<std::string> old_tiers;
    std::vector<std::string> new_tiers;
    /// The tiers' labels, in the order of the ids above (the id where a tier has none).
    std::vector<std::string> old_tier_labels{};
    std::vector<std::string> new_tier_labels{};
    std::string title{};  ///< the new rulebook's title
    /// `counts[i][j]`: subjects in old tier i and new tier j. One more row and column
    /// (the last) count the subjects without a tier on that side: not evaluated, or absent
    /// from its results. So the sum of all cells is the number of distinct subjects.
    std::vector<std::vector<std::size_t>> counts;
    /// Subjects evaluated on both sides: the sample of the rank correlations, which are
    /// computed over their scores (the order of the whole cohort, not ranks within groups).
    std::size_t compared = 0;
    double spearman = std::numeric_limits<double>::quiet_NaN();
    double kendall_tau_b = std::numeric_limits<double>::quiet_NaN();
    /// Every subject whose status, tier, rank, score or recorded decision changed, sorted by
    /// subject id.
    std::vector<subject_change> changes;
    /// The old side is a run read back from a database (`diff_side::stored`), which keeps no
    /// criteria and no decisions' texts: `causes`, `old_decision` and `new_decision` are
    /// empty, and a decision alone makes no change. Statuses, scores, tiers and ranks are
    /// compared as always.
    bool old_stored = false;
};

/// Where the old side of a comparison comes from.
enum class diff_side : std::uint8_t {
    evaluated,  ///< evaluated here: criteria and decisions are compared too
    stored,     ///< read back from a database (`read_stored_evaluation`): see `old_stored`
};

/// Compares the results of the old and the new rules, matched by subject id. The two may
/// come from different rulebook ids (a renamed rulebook), versions, tiers and criteria.
[[nodiscard]] ANTQ_EXPORT rule_diff diff_results(const rulebook_results& old_results,
                                                 const rulebook_results& new_results);

/// As above, the old results coming from `old_side`.
[[nodiscard]] ANTQ_EXPORT rule_diff diff_results(const rulebook_results& old_results,
                                                 const rulebook_results& new_results,
                                                 diff_side old_side);

/// Compares two evaluations of the same period: the results of every rulebook id that both
/// hold, in the new evaluation's order; when each holds one rulebook and their ids differ (a
/// renamed rulebook), those two. Throws `usage_error` when they have no rulebook in common.
[[nodiscard]] ANTQ_EXPORT std::vector<rule_diff> diff_evaluations(
    const evaluation& old_results, const evaluation& new_results,
    diff_side old_side = diff_side::evaluated);

/// Evaluates the old and the new rules on `data` for `period` and compares the results of
/// every rulebook id that both sets hold, in the new set's order; when each set holds one
/// rulebook and their ids differ (a renamed rulebook), compares those two. Roll-ups are
/// evaluated within each set, so rules that roll up others see the old or the new rules of
/// those too. Throws `usage_error` when the sets have no rulebook in common, and like
/// `evaluate`.
[[nodiscard]] ANTQ_EXPORT std::vector<rule_diff> diff_rulebooks(
    const dataset& data, const rulebook_set& old_rules, const rulebook_set& new_rules,
    std::string_view period, const evaluate_options& options = {});

/// One comparison as the JSON object `format_rule_diffs` writes for it in its array
/// (indented by two spaces, ending with a newline).
[[nodiscard]] ANTQ_EXPORT std::string to_json(const rule_diff& diff);

/// Renders a comparison.
///
/// - `table`: a heading, the tier matrix (rows old, columns new; `-` is "no tier"), the rank
///   correlations, then one line per changed subject with its causes.
/// - `csv`: one row per changed subject (RFC 4180): `rulebook,subject,old_status,new_status,
///   old_score,new_score,old_tier,new_tier,old_rank,new_rank,causes`, causes as
///   `id: passed->failed, 10.00->0.00` (what changed), `id: now passed (1.00)` (assessed only
///   under the new rules) or `id: no longer assessed (was passed, 1.00)`, joined by `; `.
///   Missing values are empty cells.
/// - `json`: one object with everything: `old`, `new` (rulebook, version, tiers),
///   `period`, `matrix`, `compared`, `spearman`, `kendall_tau_b` (null when undefined),
///   `changes` (each with `old_decision` and `new_decision` when a decision is recorded).
///   The table lists the decisions that changed under the changed subjects.
///
/// Several comparisons (one per rulebook) are written one after another; in JSON as an
/// array.
/// Control characters from names and labels are shown (`\x1b`) in the table, not sent raw;
/// CSV text cells that a spreadsheet would run as a formula get a leading `'`.
[[nodiscard]] ANTQ_EXPORT std::string format_rule_diffs(std::span<const rule_diff> diffs,
                                                        result_format format);

/// As above; in Vietnamese (`lang`) the table is written for people: the rulebook's title,
/// tiers by label, subjects by name (from `data`, when given) beside their ids, statuses,
/// pass/fail and causes in Vietnamese words, numbers with the decimal comma. CSV and JSON
/// are the same in both languages.
[[nodiscard]] ANTQ_EXPORT std::string format_rule_diffs(std::span<const rule_diff> diffs,
                                                        result_format format, language lang,
                                                        const dataset* data = nullptr);

}  // namespace antq
