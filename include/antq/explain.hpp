#pragma once

/// \file
/// Why a subject got its result ("vì sao"): which criteria lifted or sank its score, which
/// veto, requirement or quota decided its tier, and how far it is from the next tier up:
/// every criterion that keeps it out of that tier (whatever form the tier's condition
/// takes: `failed_count == 0`, `passed(a) and passed(b)`, `requires`, a score band, a veto)
/// with its condition, legal basis and note, the roll-ups it read and what they counted,
/// and, for engines whose contributions add up to the score, the criteria whose full marks
/// would close the gap, cheapest first.

#include <antq/export.hpp>
#include <antq/language.hpp>
#include <antq/result.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace antq {

class evaluation;
class rulebook_set;
struct dataset;

/// What an explanation may read besides the results; every part is optional and the
/// explanation says less without it.
struct explain_context {
    /// Names beside ids (the subject, roll-up members, who took a quota's places), the unit
    /// tree (roll-up members, quota groups `within` a unit kind).
    const dataset* data = nullptr;
    /// The compiled rulebooks: roll-up definitions and derived values (which roll-ups a
    /// criterion reads), and the engine's `gap_analysis`.
    const rulebook_set* rules = nullptr;
    /// The results roll-ups read (the evaluation overloads set it to the evaluation).
    const evaluation* sources = nullptr;
};
/// One criterion's part in a subject's result.
struct criterion_effect {
    std::size_t criterion = 0;  ///< index into the results' criteria
    std::string id;
    std::string title;
    std::string basis;
    std::string note;       ///< the rulebook's note (e.g. self-reported, content unknown)
    std::string condition;  ///< what it tests, as written (`when` or `score`)
    criterion_kind kind = criterion_kind::scored;
    double value = 0;       ///< its value (NaN when it has none)
    double points = 0;      ///< what it contributed (negative for a penalty that bit)
    double max_points = 0;  ///< the criterion's points
    /// scored: points short of full marks; penalty: points taken; 0 otherwise.
    double missing = 0;
    bool passed = false;
    bool assessed = false;
};

/// A source subject in the scope of a roll-up.
struct rollup_member {
    std::string id;
    std::string name;        ///< empty without `explain_context::data`
    std::string tier_label;  ///< its tier in the source results (empty when it has none)
    result_status status = result_status::evaluated;
    /// count, share: the condition held; sum, mean, min, max: it had a value.
    bool counted = false;
    double value = 0;  ///< sum, mean, min, max: its value (NaN when missing)
};

/// What a roll-up counted for the subject (only with `explain_context` data, rules and
/// sources).
struct rollup_detail {
    std::string id;
    std::string from;        ///< the source rulebook's id
    std::string from_title;  ///< its title
    std::string formula;     ///< as written: `count(tier == "dat")`
    /// When the formula is `count(tier == "ID")` or `share(tier == "ID")`: the label of that
    /// tier in the source rulebook, so that the count reads as words ("được xếp loại
    /// \"Đạt\""); empty otherwise.
    std::string tier_label{};
    /// The formula is `count(tier != "ID")` or `share(tier != "ID")`: members count when
    /// their tier is another ("có loại khác \"Chưa đề nghị\"").
    bool tier_excluded = false;
    bool condition = false;  ///< count or share: members either count or do not
    double value = 0;        ///< the roll-up's value (NaN when missing)
    std::size_t in_scope = 0;
    std::size_t counted = 0;
    /// Every source subject in scope, in the source results' row order.
    std::vector<rollup_member> members;
};

/// A criterion that keeps the subject out of a tier.
struct tier_blocker {
    criterion_effect criterion;
    /// How it blocks: a failed veto (capping at `caps_at`), a failed requirement (`requires`),
    /// or a criterion the tier's condition reads (`passed(x)`, `failed_count`...).
    enum class reason { veto, requirement, condition } why = reason::condition;
    std::string caps_at_label;  ///< veto: the tier it caps at (the last tier when not named)
    bool caps_at_last = false;  ///< veto: it names no `caps_at`, so it caps at the last tier
    /// The roll-ups its condition reads, directly or through derived values.
    std::vector<rollup_detail> rollups;
};

/// Who took the places of a tier whose quota moved the subject down.
struct quota_detail {
    std::size_t tier = 0;
    std::string tier_label;
    double share = 0;  ///< 0 when the results predate the quota's details
    std::string within;
    /// `within` as people read it: the dataset's label of that unit kind (labels.csv,
    /// `unit_kind`), empty when it has none.
    std::string within_label;
    std::string relative_to_label;  ///< empty: n is the group's evaluated subjects
    std::string group;              ///< the quota group (a unit's id, or `all`)
    bool group_known = true;        ///< false when `within` a unit kind without the dataset
    /// The subjects of the group left in that tier, best ranked first.
    std::vector<rollup_member> holders;
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
    /// Every criterion that keeps the subject out of that tier: failed vetoes that cap it
    /// below, failed requirements, and failed criteria the tier's condition reads.
    std::vector<tier_blocker> blockers;
    /// False when the engine's contributions do not add up to the score: then there are no
    /// closers and no points per criterion, only `points_needed` and `engine_advice`.
    bool additive = true;
    /// What the engine's `gap_analysis` says (only with `explain_context::rules`).
    std::vector<std::string> engine_advice;
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
    std::string subject_name;  ///< empty without `explain_context::data`
    std::string rulebook_title;
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
    /// How `action` was chosen: `fixed` (the tier's only action), or the tier's
    /// `action_when` held (its `action`), failed or was missing (its `otherwise`).
    antq::action_branch action_branch = action_branch::fixed;
    /// With a conditional action: the condition as written, and the action it would have
    /// given had it gone the other way (`action` when it failed, `otherwise` when it held).
    std::string action_condition{};
    std::string action_instead{};
    std::string group;
    /// The group as people read it (unit names and the dataset's labels, see
    /// `name_book::group_text`); equal to `group` without `explain_context::data`.
    std::string group_name{};
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
    std::string deciding_tier_label;  ///< its label (its id when it has none)
    /// decided_by veto: the failed vetoes, with the tier each caps at.
    std::vector<tier_blocker> vetoes;
    /// decided_by quota: who took the places.
    std::optional<quota_detail> quota;
    /// The engine's name and whether its contributions add up to the score
    /// (`results_header::additive`): when not, `sank` is empty and `lifted` lists
    /// indicative contributions.
    std::string engine;
    bool additive = true;
    std::optional<tier_gap> next_tier;  ///< absent at the top tier or when not evaluated
    /// The earlier period, when the results were compared with one.
    std::optional<previous_result> previous;
    /// The decision recorded on the proposal (antq/decision.hpp), stale or not, and the tier
    /// it makes stand (absent when none applies).
    std::optional<result_decision> recorded_decision;
    std::optional<std::size_t> decided_tier;
    std::string decided_tier_label;
    /// The decision in words of the explanation's language (`decision_text`), empty when
    /// none is recorded.
    std::string decision_text;
    std::string text;  ///< rendered in the language asked
};

/// Explains the result of `subject_id` in `results`, rendered in `lang`. When the results
/// were compared with an earlier period (`set_previous`), `previous` holds the earlier tier
/// and rank. Throws `usage_error` when the subject is not in the results.
[[nodiscard]] ANTQ_EXPORT explanation explain(const rulebook_results& results,
                                              std::string_view subject_id,
                                              language lang = language::vi,
                                              const explain_context& context = {});

/// Explains the subject in every rulebook of the evaluation whose results hold it, in
/// evaluation order (the evaluation is the roll-ups' `sources`). Throws `usage_error` when
/// none does.
[[nodiscard]] ANTQ_EXPORT std::vector<explanation> explain(const evaluation& results,
                                                           std::string_view subject_id,
                                                           language lang = language::vi,
                                                           const explain_context& context = {});

/// Explains the result of `subject_id` in `results` and what changed since `previous`
/// (the same rulebook's results for an earlier period, e.g. from a snapshot): the earlier
/// tier, rank and score, and the criteria whose outcome changed. Throws `usage_error` when
/// the subject is not in `results`; a subject absent from `previous` is explained with
/// `previous->present == false`.
[[nodiscard]] ANTQ_EXPORT explanation explain(const rulebook_results& results,
                                              const rulebook_results& previous,
                                              std::string_view subject_id,
                                              language lang = language::vi,
                                              const explain_context& context = {});

/// Like the evaluation overload above, comparing each rulebook's results with the results of
/// the same rulebook id in `previous` (where it has none, as the single overload does).
[[nodiscard]] ANTQ_EXPORT std::vector<explanation> explain(const evaluation& results,
                                                           const evaluation& previous,
                                                           std::string_view subject_id,
                                                           language lang = language::vi,
                                                           const explain_context& context = {});

/// Why a subject was not evaluated (`message` as the results store it), in `lang`. The
/// library stores its eligibility reasons in English ("active 4 months in period 2024, fewer
/// than the 9 required"); in Vietnamese those read "mới hoạt động 4 tháng trong kỳ 2024, cần
/// ít nhất 9 tháng". So do the messages on sources without a result that roll-ups met (an
/// `incomplete` subject's, or the note on an evaluated one whose roll-up skipped them or
/// counted them as failing), though the problems they quote stay as stored. Any other message
/// (a data error, a custom engine's reason) is returned as stored.
[[nodiscard]] ANTQ_EXPORT std::string reason_text(result_status status, std::string_view message,
                                                  language lang);

/// Renders an explanation as text (several lines, ending with a newline). Control
/// characters from names and labels (ESC, CR, TAB, DEL, U+0080 to U+009F) are written
/// visibly as `\x1b` or `\u009b`, so that printing the text cannot drive a terminal.
[[nodiscard]] ANTQ_EXPORT std::string to_text(const explanation& e, language lang);

/// `conditions`, `veto`, `requirement`, `quota` or `none`.
[[nodiscard]] ANTQ_EXPORT std::string_view to_string(tier_decision d) noexcept;

/// An explanation as one JSON object (what a web front end needs), every field of the struct
/// under its own name: `subject`, `rulebook`, `version`, `period`, `status`, `message`,
/// `score` and `max_score` (null when not evaluated), `rounding_digits`, `tier` (index),
/// `tier_id`, `tier_label`, `action`, `group`, `rank`, `lifted`, `sank`, `not_assessed`
/// (criterion effects: `criterion`, `id`, `title`, `basis`, `kind`, `points`, `max_points`,
/// `missing`, `passed`, `assessed`), `decided_by`, `deciding`, `deciding_tier`,
/// `deciding_tier_label`, `next_tier` (`tier`, `id`, `label`, `when`, `points_needed`,
/// `failed_requirements`, `closers`, `closers_together`, `reachable`), `previous` (`period`,
/// `present`, `status`, `tier_id`, `tier_label`, `rank`, `tier_move`, `score`, `criteria`)
/// and `text`. What is unknown or absent is `null` (no tier, no rank, no next tier, no
/// earlier period). Indented by two spaces, ending with a newline; the same explanation
/// gives the same bytes.
[[nodiscard]] ANTQ_EXPORT std::string to_json(const explanation& e);

/// Several explanations (e.g. one subject in every rulebook) as a JSON array of the objects
/// above.
[[nodiscard]] ANTQ_EXPORT std::string to_json(std::span<const explanation> explanations);

}  // namespace antq
