#pragma once

/// \file
/// Why a subject got its result ("vì sao"): which criteria lifted or sank its score, which
/// veto, requirement or quota decided its tier, and how far it is from the next tier up,
/// with the criteria whose full marks would close the gap, cheapest first.

#include <antq/export.hpp>
#include <antq/language.hpp>
#include <antq/result.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace antq {

class evaluation;

/// One criterion's part in a subject's result.
struct criterion_effect {
    std::size_t criterion = 0;  ///< index into the results' criteria
    std::string id;
    std::string title;
    std::string basis;
    criterion_kind kind = criterion_kind::scored;
    double points = 0;      ///< what it contributed (negative for a penalty that bit)
    double max_points = 0;  ///< the criterion's points
    /// scored: points short of full marks; penalty: points taken; 0 otherwise.
    double missing = 0;
    bool passed = false;
    bool assessed = false;
};

/// What settled the tier.
enum class tier_decision {
    none,         ///< not evaluated: no tier
    conditions,   ///< the tiers' conditions alone (score bands)
    veto,         ///< a failed veto sent it to the last tier
    requirement,  ///< a tier above was closed by a required criterion that failed
    quota,        ///< it qualified for a tier above, but that tier's quota was full
};

/// How far a subject is from the next tier up.
struct tier_gap {
    std::size_t tier = 0;  ///< index of the next tier up
    std::string id;
    std::string label;
    std::string when;  ///< its condition as written
    /// Points of score still needed (X - score for `score >= X`), when the tier is a score
    /// band; 0 when the score already reaches it.
    std::optional<double> points_needed;
    /// Required criteria of that tier that failed (each must pass too).
    std::vector<std::string> failed_requirements;
    /// Criteria whose full marks would close `points_needed`: every criterion that closes
    /// it alone, fewest points missing first; when none does alone, the fewest criteria
    /// that close it together, fewest points missing first. Empty when nothing is needed.
    std::vector<criterion_effect> closers;
    bool closers_together = false;  ///< the closers close the gap only together
    bool reachable = true;          ///< false when even full marks everywhere fall short
};

/// Where a subject stood in an earlier period, and what changed since.
struct previous_result {
    std::string period;
    /// False when the subject is not in the earlier results (or, compared through the
    /// `previous_*` columns alone, had neither tier nor rank then).
    bool present = true;
    /// Known only when the earlier results themselves were given.
    std::optional<result_status> status;
    std::string tier_id;  ///< empty when it had no tier
    std::string tier_label;
    std::uint32_t rank = no_rank;
    /// +1 when the tier now is higher, -1 lower, 0 the same or not comparable (a tier id
    /// the current version does not have, or no tier on one side).
    int tier_move = 0;
    std::optional<double> score;  ///< known only when the earlier results were given
    /// Criteria whose pass/fail, assessment or points changed (matched by id: the current
    /// version's in its order, then any only the earlier one had); only when the earlier
    /// results were given.
    std::vector<criterion_change> criteria;
};

/// A structured explanation of one subject's result in one rulebook.
struct explanation {
    std::string subject;
    std::string rulebook;
    std::string version;
    std::string period;
    result_status status = result_status::evaluated;
    std::string message;  ///< why it was not evaluated
    double score = 0;
    double max_score = 0;
    int rounding_digits = 2;
    std::optional<std::size_t> tier;
    std::string tier_id;
    std::string tier_label;
    std::string action;
    std::string group;
    std::uint32_t rank = no_rank;
    /// Criteria that added points, largest contribution first (ties: declaration order).
    std::vector<criterion_effect> lifted;
    /// Criteria that cost points (scored short of full marks, penalties), largest first.
    std::vector<criterion_effect> sank;
    /// Criteria not assessed (an excluded indicator was missing).
    std::vector<criterion_effect> not_assessed;
    tier_decision decided_by = tier_decision::none;
    /// The vetoes or requirements that failed (decided_by veto / requirement), or the tier
    /// whose quota was full (decided_by quota).
    std::vector<std::string> deciding;
    /// The tier that a failed requirement closed, or that the subject qualified for before
    /// a quota moved it down.
    std::optional<std::size_t> deciding_tier;
    std::string deciding_tier_label;    ///< its label (its id when it has none)
    std::optional<tier_gap> next_tier;  ///< absent at the top tier or when not evaluated
    /// The earlier period, when the results were compared with one.
    std::optional<previous_result> previous;
    std::string text;  ///< rendered in the language asked
};

/// Explains the result of `subject_id` in `results`, rendered in `lang`. When the results
/// were compared with an earlier period (`set_previous`), `previous` holds the earlier tier
/// and rank. Throws `usage_error` when the subject is not in the results.
[[nodiscard]] ANTQ_EXPORT explanation explain(const rulebook_results& results,
                                              std::string_view subject_id,
                                              language lang = language::vi);

/// Explains the subject in every rulebook of the evaluation whose results hold it, in
/// evaluation order. Throws `usage_error` when none does.
[[nodiscard]] ANTQ_EXPORT std::vector<explanation> explain(const evaluation& results,
                                                           std::string_view subject_id,
                                                           language lang = language::vi);

/// Explains the result of `subject_id` in `results` and what changed since `previous`
/// (the same rulebook's results for an earlier period, e.g. from a snapshot): the earlier
/// tier, rank and score, and the criteria whose outcome changed. Throws `usage_error` when
/// the subject is not in `results`; a subject absent from `previous` is explained with
/// `previous->present == false`.
[[nodiscard]] ANTQ_EXPORT explanation explain(const rulebook_results& results,
                                              const rulebook_results& previous,
                                              std::string_view subject_id,
                                              language lang = language::vi);

/// Like the evaluation overload above, comparing each rulebook's results with the results of
/// the same rulebook id in `previous` (where it has none, as the single overload does).
[[nodiscard]] ANTQ_EXPORT std::vector<explanation> explain(const evaluation& results,
                                                           const evaluation& previous,
                                                           std::string_view subject_id,
                                                           language lang = language::vi);

/// Why a subject was not evaluated (`message` as the results store it), in `lang`. The
/// library stores its eligibility reasons in English ("active 4 months in period 2024, fewer
/// than the 9 required"); in Vietnamese those read "mới hoạt động 4 tháng trong kỳ 2024, cần
/// ít nhất 9 tháng". Any other message (a data error, a custom engine's reason) is returned
/// as stored.
[[nodiscard]] ANTQ_EXPORT std::string reason_text(result_status status, std::string_view message,
                                                  language lang);

/// Renders an explanation as text (several lines, ending with a newline). Control
/// characters from names and labels (ESC, CR, TAB, DEL, U+0080 to U+009F) are written
/// visibly as `\x1b` or `\u009b`, so that printing the text cannot drive a terminal.
[[nodiscard]] ANTQ_EXPORT std::string to_text(const explanation& e, language lang);

}  // namespace antq
