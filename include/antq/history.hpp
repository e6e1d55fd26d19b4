#pragma once

/// \file
/// History over periods: a rulebook set evaluated for each period of a range ("2022" to
/// "2025"), and per rulebook, per subject and per period the status, score, tier, decided
/// tier and rank, with what changed from one period to the next (tier up or down, a decision
/// other than the proposal, a subject that entered or left, rank moves).
///
/// Each period is evaluated with `antq::evaluate` (decisions applied as it applies them),
/// one after another; only a few numbers per subject and period are kept, and each period's
/// full results are released before the next is evaluated, so that a history of n periods
/// costs about n times the time of one and far less than n times its memory. A period in
/// which a rulebook has no version in force is kept, marked skipped with the reason; a
/// subject that has no result in a period (its rulebook skipped there, or not among the
/// subjects then) is missing there, never dropped. The same inputs give the same history.

#include <antq/dataset.hpp>
#include <antq/evaluate.hpp>
#include <antq/export.hpp>
#include <antq/language.hpp>
#include <antq/result.hpp>
#include <antq/result_io.hpp>
#include <antq/rulebook_set.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace antq {

/// One period of one rulebook's history.
struct history_period {
    std::string period;  ///< as asked ("2024")
    /// No version of the rulebook is in force for the period: it has no results there.
    bool skipped = false;
    /// Why it was skipped, as `rulebook::version_for` words it; empty otherwise.
    std::string reason;
    /// The date the rulebook's first version takes effect (when skipped and it has one).
    std::optional<date> first_effective;
    /// Skipped because no run of the period was stored (a history read back from a database,
    /// `history_recorder::add_not_stored`); `reason` says where it was looked for.
    bool not_stored = false;
    std::string version;  ///< the version in force; empty when skipped
    date first;           ///< the range the period was read as; not-a-date when skipped
    date last;
    int rounding_digits = 2;
    std::vector<tier_summary> tiers;       ///< of the version in force, top to bottom
    std::vector<std::string> group_names;  ///< `results_columns::group_names` of the period

    friend bool operator==(const history_period&, const history_period&) = default;
};

/// One subject in one period.
struct history_entry {
    /// False when the subject has no result in the period (`history_period::skipped`, or it
    /// was not among the rulebook's subjects then); every field below is then empty.
    bool present = false;
    result_status status = result_status::evaluated;
    double score = std::numeric_limits<double>::quiet_NaN();  ///< rounded; NaN when none
    std::int32_t tier = no_tier;          ///< the proposal: index into the period's tiers
    std::int32_t decided_tier = no_tier;  ///< the tier a decision that applies decided
    std::uint32_t rank = no_rank;
    std::uint32_t group = 0;  ///< index into the period's `group_names` (when present)

    /// The tier that stands: the decided one when a decision applies, else the proposal.
    [[nodiscard]] std::int32_t standing_tier() const noexcept {
        return decided_tier != no_tier ? decided_tier : tier;
    }
};

/// What changed for one subject from the period before (`rulebook_history::change`).
struct history_change {
    /// No result in the period before (missing or skipped there), one now. Not when the
    /// period before has no stored run (`history_period::not_stored`): that says nothing.
    bool entered = false;
    /// A result in the period before, none now although the rulebook was in force.
    bool left = false;
    bool status_changed = false;  ///< both present, with different statuses
    /// Both have a standing tier and their ids differ.
    bool tier_changed = false;
    /// +1 when the standing tier rose, -1 when it fell, by the order of the tiers of the
    /// later period's version; 0 when unchanged or when the earlier id is not a tier of the
    /// later version (then only `tier_changed` says it).
    int tier_move = 0;
    /// In this period a decision stands for another tier than the proposal (the committee
    /// decided differently). Also reported for the first period.
    bool decided_differently = false;
    /// Earlier rank minus later rank (positive: moved up), when both periods ranked the
    /// subject in groups of the same name.
    std::optional<std::int64_t> rank_move;

    [[nodiscard]] bool any() const noexcept {
        return entered || left || status_changed || tier_changed || decided_differently ||
               (rank_move && *rank_move != 0);
    }
};

/// The history of one rulebook: its periods and, per subject (in the order first seen: the
/// dataset's order, as `evaluate` gives it, then subjects that appear only later; every subject
/// that has a result in any period), one entry per period. Immutable; cheap to copy.
class ANTQ_EXPORT rulebook_history {
  public:
    rulebook_history();

    [[nodiscard]] const std::string& rulebook() const noexcept;
    [[nodiscard]] const std::string& title() const noexcept;
    [[nodiscard]] subject_kind subject_kind_of() const noexcept;

    /// In the order asked.
    [[nodiscard]] std::span<const history_period> periods() const noexcept;

    /// Subjects, in the order first seen (above).
    [[nodiscard]] std::size_t size() const noexcept;
    [[nodiscard]] std::string_view subject(std::size_t row) const noexcept;
    /// The row of a subject, or nullopt (an index by id built on the first call; thread-safe).
    [[nodiscard]] std::optional<std::size_t> find(std::string_view subject_id) const;

    /// Subject `row` in period `period` (an index into `periods()`); throws `usage_error`
    /// when either is out of range.
    [[nodiscard]] history_entry at(std::size_t row, std::size_t period) const;

    /// What changed for subject `row` in period `period` from the period before (for the
    /// first period, only `decided_differently`). Throws `usage_error` as `at`.
    [[nodiscard]] history_change change(std::size_t row, std::size_t period) const;

    /// The id of a tier of a period ("" for `no_tier`).
    [[nodiscard]] std::string_view tier_id(std::size_t period, std::int32_t tier) const noexcept;

    /// The changes of `change(row, period)` in words, joined by "; ", in `lang`: in
    /// Vietnamese tiers by their labels ("xếp loại tăng: Khá → Tốt; hạng tăng 2 (5 → 3)"),
    /// in English by their ids ("tier up: kha → tot; rank up 2 (5 → 3)"). "" when none.
    [[nodiscard]] std::string change_text(std::size_t row, std::size_t period, language lang) const;

    struct impl;

  private:
    friend struct history_builder;
    explicit rulebook_history(std::shared_ptr<const impl> p) noexcept;
    std::shared_ptr<const impl> impl_;
};

/// The history of every rulebook asked for, in the set's evaluation order.
struct history {
    std::vector<std::string> periods;  ///< as asked
    std::vector<rulebook_history> rulebooks;

    /// The history of one rulebook, or null.
    [[nodiscard]] ANTQ_EXPORT const rulebook_history* find(
        std::string_view rulebook) const noexcept;
};

struct history_options {
    /// Threads evaluating batches of subjects; 0 means one per hardware thread.
    unsigned threads = 1;
    /// As `evaluate_options::batch_size`.
    std::size_t batch_size = 4096;
    /// The rulebooks to keep (ids); empty keeps all. The whole set is still evaluated, since
    /// a rulebook may roll up others. An id not in the set is a `usage_error`.
    std::vector<std::string> rulebooks;
    /// The subjects to keep (ids); empty keeps all. An id that no kept rulebook has a result
    /// for in any period is a `usage_error` naming it.
    std::vector<std::string> subjects;
};

/// Builds a history from evaluations made elsewhere, one period at a time: read back from
/// snapshots or a database, or of a dataset per year (a registry that changed: villages
/// merged, models added). `evaluate_history` is this over `evaluate`. Keeps the few numbers
/// per subject it needs from each evaluation, not the evaluation.
class ANTQ_EXPORT history_recorder {
  public:
    /// The rulebooks of `rules` (filtered by `options.rulebooks`; `usage_error` for an id
    /// not in the set) are those recorded, in the set's order; `options.subjects` filters
    /// the subjects. `threads` and `batch_size` are not used here.
    history_recorder(const rulebook_set& rules, const history_options& options = {});
    ~history_recorder();
    history_recorder(history_recorder&&) noexcept;
    history_recorder& operator=(history_recorder&&) noexcept;

    /// Records `results` as period `period` (after those recorded before). A kept rulebook
    /// that `results` has no results for is skipped in that period, with the reason
    /// `results.skipped()` gives, or "no results" when it does not list it either. Throws
    /// `usage_error` when `period` was recorded already.
    void add(const std::string& period, const evaluation& results);

    /// Records period `period` (after those recorded before) as one of which there are no
    /// results to record (no run of it was stored): every kept rulebook is skipped there,
    /// `not_stored`, with `reason`. Throws `usage_error` as `add`.
    void add_not_stored(const std::string& period, const std::string& reason);

    /// The history; throws `usage_error` when nothing was recorded, or when a subject of
    /// `options.subjects` has no result in any period. The recorder is left empty.
    [[nodiscard]] history finish();

  private:
    struct state;
    std::unique_ptr<state> state_;
};

/// Evaluates `rules` on `data` for each of `periods` (in that order; any text `evaluate`
/// reads) and keeps the history. A period in which no rulebook of the set is in force is
/// skipped for every rulebook, with the reason; it is not an error. Throws `usage_error`
/// when `periods` is empty, names a period twice or holds one that cannot be read (naming
/// it and its position), and whatever `evaluate` throws for a period (prefixed by it).
[[nodiscard]] ANTQ_EXPORT history evaluate_history(const dataset& data, const rulebook_set& rules,
                                                   std::span<const std::string> periods,
                                                   const history_options& options = {});

/// The yearly periods "from" to "to", both included: {"2021", "2022", ...}. Throws
/// `usage_error` when `from` is after `to` or either is not a year from 1900 to 9999.
[[nodiscard]] ANTQ_EXPORT std::vector<std::string> year_range(int from, int to);

/// Reads a year as typed on a command line ("2024"); throws `usage_error` naming `what`
/// (e.g. "--from") and the text when it is not four digits.
[[nodiscard]] ANTQ_EXPORT int parse_year(std::string_view text, std::string_view what);

/// How a history is written.
struct history_output_options {
    /// Table headings, statuses, tier labels, change texts and the label columns.
    language lang = language::vi;
    /// Names beside subject ids; must outlive the call.
    const dataset* data = nullptr;
};

/// The history as a table for people, CSV or JSON (the columns and keys are in
/// docs/outputs.md, "History"). CSV: one row per rulebook, subject and period, in that
/// order (periods as asked), with the columns `rulebook,period,version,subject,name,status,
/// status_label,score,tier,decided_tier,standing_tier,tier_label,group,rank,tier_move,
/// rank_move,changes,message`; `status` is also `missing` or `skipped`. The same history
/// gives the same bytes.
[[nodiscard]] ANTQ_EXPORT std::string format_history(const history& h, result_format format,
                                                     const history_output_options& options = {});

/// `format_history` written to `file` atomically (antq/output.hpp); throws `io_error`.
ANTQ_EXPORT void save_history(const std::filesystem::path& file, const history& h,
                              result_format format, const history_output_options& options = {});

}  // namespace antq
