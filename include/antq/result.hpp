#pragma once

/// \file
/// The results of one rulebook in one period: per subject its status, score, tier, group
/// and rank, and per subject and criterion its value, points and pass/fail, stored in
/// columns (one vector per field, no allocation per subject), with a row view for users.

#include <antq/decision.hpp>
#include <antq/export.hpp>
#include <antq/language.hpp>
#include <antq/period.hpp>
#include <antq/rulebook.hpp>

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace antq {

/// What became of one subject.
enum class result_status : std::uint8_t {
    evaluated,     ///< scored, classified and ranked
    not_eligible,  ///< left out by the version's `eligibility` (the message says why)
    error,         ///< its data are wrong or missing (the message names what and where)
    /// A roll-up it reads counts subjects of another rulebook that have no result (`error`
    /// or `incomplete` themselves) and the roll-up's `on_error` is `incomplete` (the
    /// default): no verdict can be given without hiding them. The message names those
    /// subjects and their problems. No score, tier or rank, like the two above.
    incomplete,
};

/// The last `result_status` (stored values are checked against it).
inline constexpr result_status last_result_status = result_status::incomplete;

/// `evaluated`, `not_eligible`, `error` or `incomplete`.
[[nodiscard]] ANTQ_EXPORT std::string_view to_string(result_status s) noexcept;

/// "No tier" in tier columns (the subject was not evaluated).
inline constexpr std::int32_t no_tier = -1;
/// "No rank" in rank columns (the subject was not evaluated, or its rulebook version has no
/// `ranking:`).
inline constexpr std::uint32_t no_rank = 0;

/// Texts, one per row, kept in one buffer: a column of a million short texts costs two
/// allocations, not a million.
class text_column {
  public:
    text_column() = default;

    /// Rebuilds a column from `chars()` and `ends()`; throws `usage_error` when the ends do
    /// not rise or do not end at the buffer's size.
    [[nodiscard]] ANTQ_EXPORT static text_column from_parts(std::string chars,
                                                            std::vector<std::size_t> ends);

    void push_back(std::string_view text) {
        chars_.append(text);
        ends_.push_back(chars_.size());
    }
    /// Appends every row of `other`.
    void append(const text_column& other) {
        const std::size_t base = chars_.size();
        chars_.append(other.chars_);
        for (const std::size_t end : other.ends_) {
            ends_.push_back(base + end);
        }
    }
    void reserve(std::size_t rows, std::size_t bytes) {
        ends_.reserve(rows);
        chars_.reserve(bytes);
    }
    [[nodiscard]] std::size_t size() const noexcept { return ends_.size(); }
    [[nodiscard]] bool empty() const noexcept { return ends_.empty(); }
    [[nodiscard]] std::string_view operator[](std::size_t row) const noexcept {
        const std::size_t begin = row == 0 ? 0 : ends_[row - 1];
        return std::string_view(chars_).substr(begin, ends_[row] - begin);
    }
    /// The whole buffer and the end offset of each row (for serialisation).
    [[nodiscard]] const std::string& chars() const noexcept { return chars_; }
    [[nodiscard]] std::span<const std::size_t> ends() const noexcept { return ends_; }

    friend bool operator==(const text_column&, const text_column&) = default;

  private:
    std::string chars_;
    std::vector<std::size_t> ends_;
};

/// A criterion of the version used, as results describe it.
struct criterion_summary {
    std::string id;
    std::string title;
    std::string group;  ///< heading for reports ("Tiêu chuẩn 2"), may be empty
    std::string basis;  ///< legal source ("Điều 5, khoản 2"), may be empty
    criterion_kind kind = criterion_kind::scored;
    double points = 0;  ///< scored, penalty, bonus: the points it can give or take
    /// The rulebook's note ("nội dung chưa có trong tài liệu..."), may be empty. Results
    /// read from archives of class version 0 have none.
    std::string note{};
    /// What it tests, as written: `when` (required, veto) or `score` (scored kinds).
    std::string condition{};
    /// veto: the tier a failure caps the subject at (index into the tiers); `no_tier` for
    /// the last tier (and for every other kind).
    std::int32_t caps_at = -1;

    friend bool operator==(const criterion_summary&, const criterion_summary&) = default;
};

/// How a subject's action was chosen for one tier: the tier's own fixed `action`, or its
/// `action_when` condition held (`action`), failed (`otherwise`), or was missing
/// (`otherwise`: an earlier result it reads is absent).
enum class action_branch : std::uint8_t {
    fixed,    ///< the tier has no `action_when`
    held,     ///< `action_when` was true: the tier's `action`
    failed,   ///< `action_when` was false: the tier's `otherwise`
    missing,  ///< `action_when` was missing: the tier's `otherwise`
};

/// `fixed`, `held`, `failed` or `missing`.
[[nodiscard]] ANTQ_EXPORT std::string_view to_string(action_branch b) noexcept;

/// A tier of the version used, as results describe it.
struct tier_summary {
    std::string id;
    std::string label;
    /// The action proposed for the tier's subjects; with `action_when`, only where it holds.
    std::string action;
    std::string when;  ///< the condition as written; empty for the last tier
    /// X when the condition is `score >= X` or `score > X`, alone or joined by `and` to
    /// other conditions: what "distance to the next tier" is measured against.
    std::optional<double> min_score;
    bool min_score_strict = false;                 ///< the condition is `score > X`
    std::vector<std::uint32_t> requires_criteria;  ///< indices into the criteria
    bool has_quota = false;
    /// The quota, when `has_quota`: at most floor(`quota_share` x n) subjects per group of
    /// `quota_within` (`all` or a unit kind), n counting the group's evaluated subjects or,
    /// when `quota_relative_to` is a tier index, that tier's. Zero, empty and -1 in results
    /// read from archives of class version 0.
    double quota_share = 0;
    std::string quota_within{};
    std::int32_t quota_relative_to = -1;
    /// The condition choosing between `action` and `otherwise`, as written; empty when the
    /// tier's action is fixed (and in results read from archives of class version 1 or older).
    std::string action_when{};
    std::string otherwise{};  ///< the action where `action_when` is false or missing

    friend bool operator==(const tier_summary&, const tier_summary&) = default;
};

/// What the results of one rulebook in one period are about.
struct results_header {
    std::string rulebook;  ///< the rulebook's id
    std::string title;
    subject_kind subject = subject_kind::model;
    std::string version;        ///< the version in force for the period
    std::string version_basis;  ///< its legal source
    std::string period_text;    ///< the period as asked ("2024")
    date period_first;          ///< the range it was read as under the rulebook's convention
    date period_last;
    int rounding_digits = 2;
    std::vector<criterion_summary> criteria;
    std::vector<tier_summary> tiers;  ///< top to bottom
    /// SHA-256 (hex) of the rulebook sources, the dataset and the library version.
    std::string fingerprint;
    /// Set when results were compared with an earlier period (`set_previous`).
    std::optional<std::string> previous_period_text;
    /// The scoring engine's name and whether its contributions add up to the score
    /// (`scoring_engine::additive`); explanations claim point shortfalls only when they do.
    /// Results read from archives of class version 0 have no name and count as additive.
    std::string engine{};
    bool additive = true;

    friend bool operator==(const results_header&, const results_header&) = default;
};

/// A recorded decision (antq/decision.hpp) on the proposal of one row of the results.
struct result_decision {
    std::uint32_t row = 0;  ///< the results row it is about
    antq::decision decision;
    /// The proposal changed since the decision was made (the tier it records as proposed is
    /// not today's): the decision is shown but not applied, until it is made again.
    bool stale = false;

    friend bool operator==(const result_decision&, const result_decision&) = default;
};

/// The columns of a results table. Every per-subject vector has one entry per subject
/// (row); per-criterion vectors are column-major: criterion `c` of row `i` is at
/// `c * rows + i`.
struct results_columns {
    text_column subject;  ///< subject ids
    std::vector<std::uint32_t>
        subject_index;  ///< position in the registry's models, units or exemplars
    std::vector<result_status> status;
    /// Why not evaluated; for an evaluated subject, empty or a note on the subjects without
    /// a result that a roll-up left out or counted as failing (`on_error: skip | fail`).
    text_column message;
    std::vector<double> score;       ///< rounded; NaN when not evaluated
    std::vector<double> max_score;   ///< NaN when not evaluated
    std::vector<std::int32_t> tier;  ///< index into the tiers, or `no_tier`
    /// The tier before quotas moved the subject down (equal to `tier` when none did).
    std::vector<std::int32_t> qualified_tier;
    std::vector<std::uint32_t> group;  ///< index into `group_names`
    std::vector<std::string> group_names;
    std::vector<std::uint32_t> rank;       ///< 1-based within the group, or `no_rank`
    std::vector<double> criterion_value;   ///< NaN when not assessed
    std::vector<double> criterion_points;  ///< the engine's contribution; NaN when not assessed
    std::vector<std::uint8_t> criterion_passed;
    std::vector<std::uint8_t> criterion_assessed;
    /// Only when compared with an earlier period: the tier id there (index into
    /// `previous_tier_ids`, or `no_tier` when the subject had no tier then) and its rank.
    std::vector<std::int32_t> previous_tier;
    std::vector<std::string> previous_tier_ids;
    std::vector<std::uint32_t> previous_rank;
    /// Only when decisions concern these results (`rulebook_results::set_decisions`): per row
    /// the tier decided (index into the tiers), or `no_tier` when no decision applies (none
    /// recorded, or a stale one). `tier` stays the proposal; scores, criteria, ranks and
    /// quotas are never changed by a decision.
    std::vector<std::int32_t> decided_tier;
    /// The decisions recorded on these results, at most one per row, in row order.
    std::vector<result_decision> decisions;
    /// Only when a tier has `action_when`: per tier and row (tier-major: tier `t` of row `i`
    /// is at `t * rows + i`), how the action that tier would give the subject was chosen.
    /// Filled for every tier, not only the proposed one, so that a decided tier has its
    /// action too; `fixed` for tiers without a condition and rows not evaluated. Empty: every
    /// action is its tier's fixed `action`.
    std::vector<action_branch> action_branches;
};

/// Column by column; NaN equals NaN here (a missing score is the same missing score).
[[nodiscard]] ANTQ_EXPORT bool operator==(const results_columns& a, const results_columns& b);

/// One criterion of one subject, materialised.
struct criterion_result {
    std::string id;
    double value = 0;   ///< NaN when not assessed
    double points = 0;  ///< the points it contributed; NaN when not assessed
    bool passed = false;
    bool assessed = false;
    std::string basis;
};

/// A criterion whose outcome differs for one subject between two results: old and new rules
/// (`antq/rule_diff.hpp`), or an earlier and a later period (`antq/explain.hpp`). A
/// criterion is matched by its id; one that exists on one side only is a change too (it
/// appears with no outcome on the other side).
struct criterion_change {
    std::string id;
    std::string title;  ///< from the new rules, or the old when it was removed
    /// Passed or failed; nullopt when the criterion is not in that version or was not
    /// assessed for the subject.
    std::optional<bool> old_passed;
    std::optional<bool> new_passed;
    /// The points it contributed; nullopt as above.
    std::optional<double> old_points;
    std::optional<double> new_points;

    friend bool operator==(const criterion_change&, const criterion_change&) = default;
};

/// One subject's result, materialised (convenient, allocates: not for the hot path).
struct subject_result {
    std::string subject;
    std::size_t row = 0;
    std::uint32_t subject_index = 0;
    result_status status = result_status::evaluated;
    std::string message;
    double score = 0;                 ///< NaN when not evaluated
    double max_score = 0;             ///< NaN when not evaluated
    std::optional<std::size_t> tier;  ///< index into the header's tiers
    std::string tier_id;
    std::string tier_label;
    /// The action proposed for the subject (its tier's `action`, or `otherwise` where the
    /// tier's `action_when` failed or was missing); empty when none.
    std::string action;
    antq::action_branch action_branch = action_branch::fixed;  ///< how `action` was chosen
    std::string group;
    std::uint32_t rank = no_rank;
    std::string rulebook;
    std::string version;
    std::optional<std::string> previous_tier;  ///< tier id in the earlier period
    std::uint32_t previous_rank = no_rank;
    std::vector<criterion_result> criteria;
    /// The decision recorded on the proposal, if any (stale or not).
    std::optional<result_decision> decision;
    /// The tier decided (index into the header's tiers), when a decision applies.
    std::optional<std::size_t> decided_tier;
    std::string decided_tier_id;
    std::string decided_tier_label;
    /// The action of the decided tier for this subject, when a decision applies.
    std::string decided_action;
};

/// The results of one rulebook in one period. Immutable but for `set_previous`.
class ANTQ_EXPORT rulebook_results {
  public:
    rulebook_results() = default;

    /// Takes the columns as they are. Throws `usage_error` when sizes disagree or an index
    /// is out of range (a tier, a group, a required criterion).
    rulebook_results(results_header header, results_columns columns);

    /// The same, with the rows in subject-id order as `rows_by_id()` gave them (read back
    /// from an archive): checked in one pass instead of sorted again. Throws `usage_error`
    /// also when `rows_by_id` does not list every row once, in id order.
    rulebook_results(results_header header, results_columns columns,
                     std::vector<std::uint32_t> rows_by_id);

    [[nodiscard]] const results_header& header() const noexcept { return header_; }
    [[nodiscard]] const results_columns& columns() const noexcept { return columns_; }

    [[nodiscard]] std::size_t size() const noexcept { return columns_.status.size(); }
    [[nodiscard]] std::size_t criterion_count() const noexcept { return header_.criteria.size(); }

    /// Every row once, in subject-id order: the index `find` searches. Built on the first
    /// call (evaluating needs none; thread-safe) and shared by copies, which have the same ids.
    [[nodiscard]] std::span<const std::uint32_t> rows_by_id() const;

    /// The row of a subject, found by binary search over `rows_by_id()`.
    [[nodiscard]] std::optional<std::size_t> find(std::string_view subject_id) const;

    /// Row `row` materialised; throws `usage_error` when out of range.
    [[nodiscard]] subject_result row(std::size_t row) const;

    /// Criterion `c` of row `i` in the per-criterion columns.
    [[nodiscard]] std::size_t at(std::size_t criterion, std::size_t row) const noexcept {
        return criterion * size() + row;
    }

    /// The tier id of a row, or empty when it has none.
    [[nodiscard]] std::string_view tier_id(std::size_t row) const noexcept;

    /// Compares with the results of an earlier period: fills `previous_tier` and
    /// `previous_rank` by subject id (no tier and no rank for subjects absent there).
    void set_previous(const rulebook_results& previous);

    [[nodiscard]] bool has_previous() const noexcept {
        return header_.previous_period_text.has_value();
    }

    /// Records the decisions on these results (replacing any): each names its row, and is
    /// stale when the tier it records as proposed is not the row's tier today. A decision
    /// that is not stale applies: `decided_tier` becomes the tier it decides (the proposed
    /// one for a confirmation). Throws `usage_error` when a row is out of range, repeated,
    /// or not evaluated, or a decided tier id is not a tier of these results.
    void set_decisions(std::vector<result_decision> decisions);

    /// True when decisions were recorded on these results.
    [[nodiscard]] bool has_decisions() const noexcept { return !columns_.decided_tier.empty(); }

    /// The tier that stands for a row: the decided one where a decision applies, otherwise
    /// the proposal (`tier`). What roll-ups read unless a roll-up asks for proposals.
    [[nodiscard]] std::int32_t standing_tier(std::size_t row) const noexcept {
        return !columns_.decided_tier.empty() && columns_.decided_tier[row] != no_tier
                   ? columns_.decided_tier[row]
                   : columns_.tier[row];
    }

    /// How the action tier `tier` gives row `row` was chosen (`fixed` for a tier without
    /// `action_when`, or when `tier` is `no_tier`).
    [[nodiscard]] action_branch branch_of(std::size_t row, std::int32_t tier) const noexcept {
        if (tier == no_tier || columns_.action_branches.empty()) {
            return action_branch::fixed;
        }
        return columns_.action_branches[static_cast<std::size_t>(tier) * size() + row];
    }

    /// The action tier `tier` gives row `row`: its `action`, or its `otherwise` where its
    /// `action_when` failed or was missing for the subject; empty for `no_tier`.
    [[nodiscard]] std::string_view action_of(std::size_t row, std::int32_t tier) const noexcept {
        if (tier == no_tier) {
            return {};
        }
        const auto& t = header_.tiers[static_cast<std::size_t>(tier)];
        const action_branch b = branch_of(row, tier);
        return b == action_branch::failed || b == action_branch::missing ? t.otherwise : t.action;
    }

    /// The action proposed for a row (of its proposed tier), or empty.
    [[nodiscard]] std::string_view action(std::size_t row) const noexcept {
        return action_of(row, columns_.tier[row]);
    }

    /// The action of the tier that stands for a row (`standing_tier`): what roll-ups read.
    [[nodiscard]] std::string_view standing_action(std::size_t row) const noexcept {
        return action_of(row, standing_tier(row));
    }

    /// The decision recorded for a row, or null.
    [[nodiscard]] const result_decision* decision_of(std::size_t row) const noexcept;

    friend bool operator==(const rulebook_results& a, const rulebook_results& b) {
        return a.header_ == b.header_ && a.columns_ == b.columns_;
    }

  private:
    struct id_index;

    results_header header_;
    results_columns columns_;
    std::shared_ptr<id_index> by_id_;
};

/// The decision on row `row` in Vietnamese, for people, or empty when none is recorded:
/// "đề xuất: Trung bình; quyết định: Hoạt động hiệu quả, QĐ số 123/QĐ-UBND, ngày
/// 20/12/2024 của UBND xã Quảng Trung (Chủ tịch Nguyễn Văn A), lý do: ..." (a confirmation
/// says "giữ nguyên đề xuất"); a stale one "quyết định cũ: đề xuất đã thay đổi từ Trung bình
/// sang Kém; QĐ số 123/QĐ-UBND, ngày 20/12/2024 (quyết định Hoạt động hiệu quả) không được
/// áp dụng". Tiers are named by their labels. In English (`language::en`, for partners and
/// maintainers) the same sentence: "proposed: Trung bình; decided: Hoạt động hiệu quả,
/// decision no. 123/QĐ-UBND of 2024-12-20 by UBND xã Quảng Trung (Chủ tịch Nguyễn Văn A),
/// reason: ..."; the decision's own words (number, body, signer, reason) stay as filed.
[[nodiscard]] ANTQ_EXPORT std::string decision_text(const rulebook_results& r, std::size_t row,
                                                    language lang = language::vi);

}  // namespace antq
