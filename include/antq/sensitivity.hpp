#pragma once

/// \file
/// What a rule owner's draft numbers would do before they take effect: one rulebook's
/// numbers (parameters, criterion points, tier cut-offs) swept over a range of values, and
/// the criteria's points varied together at random, each variant evaluated on the same
/// loaded dataset and compared with the rulebook as written (docs/sensitivity.md).
///
/// Sweep names:
/// - `NAME`: a parameter (`parameters:`) of the version in force, e.g. `cutoff_kha`;
/// - `points.CRITERION`: the points of a scored, penalty or bonus criterion;
/// - `cutoff.TIER`: the cut-off of a tier whose condition holds one `score >= X` or
///   `score > X` (alone or joined to other conditions by `and`). X is a number written in
///   the condition, or a parameter: sweeping the cut-off then sweeps that parameter (every
///   condition that reads it moves with it). A condition that compares the score with
///   anything else has no cut-off to sweep.
///
/// Sweeps are one at a time: each varies one number, the others stay as written.

#include <antq/dataset.hpp>
#include <antq/engine.hpp>
#include <antq/export.hpp>
#include <antq/language.hpp>
#include <antq/result_io.hpp>
#include <antq/rulebook.hpp>
#include <antq/rulebook_set.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace antq {

/// The most values one sweep may have.
inline constexpr std::size_t max_sweep_values = 1000;

/// The seed of the weight draws when none is given.
inline constexpr std::uint64_t default_sensitivity_seed = 20240701;

/// One number of a rulebook swept from `from` to `to` (both included) by `step`.
struct sweep {
    std::string name;
    double from = 0;
    double to = 0;
    double step = 1;
};

/// Reads `NAME=FROM:TO:STEP` (`cutoff.effective=75:85:1`; numbers with a decimal point, not
/// a comma). Throws `usage_error` for a malformed text, a step that is not above 0, FROM
/// above TO, or more than `max_sweep_values` values.
[[nodiscard]] ANTQ_EXPORT sweep parse_sweep(std::string_view text);

/// The values of a sweep: `from + k * step` for k = 0, 1, ... while not above `to` (within a
/// millionth of a step, so that 0.1 steps reach their end). Throws `usage_error` as
/// `parse_sweep` does for a bad range.
[[nodiscard]] ANTQ_EXPORT std::vector<double> sweep_values(const sweep& s);

struct sensitivity_options {
    /// The rulebook of the set whose numbers vary; empty: the rulebook that has the sweep's
    /// name (`usage_error` when several do), and for the weight draws the only rulebook in
    /// force (`usage_error` when there are several).
    std::string rulebook;
    std::vector<sweep> sweeps;
    /// Weight draws: 0 for none. Each draw multiplies the points of every scored, penalty and
    /// bonus criterion (and its `weight:` when written) by its own factor, uniform in
    /// [1 - spread, 1 + spread].
    std::size_t draws = 0;
    double spread = 0.1;
    /// The draws come from one `std::mt19937_64` seeded with this, in draw order then
    /// criterion order, each factor made from 53 bits of one output (not through
    /// `std::uniform_real_distribution`, whose results differ between standard libraries).
    std::uint64_t seed = default_sensitivity_seed;
    /// Variants evaluated at once; 0 means one per hardware thread. Never changes the report.
    unsigned threads = 1;
    /// The engines the variants are compiled with; null: `builtin_engines()`. Give the
    /// registry `rules` was loaded with when it holds engines of your own.
    const engine_registry* engines = nullptr;
};

/// A subject whose tier under a variant differs from its tier under the rules as written.
struct tier_move {
    std::string subject;
    std::string old_tier;  ///< tier id as written; empty when none (not evaluated)
    std::string new_tier;  ///< tier id under the variant; empty when none
};

/// One value of a sweep.
struct sweep_point {
    double value = 0;
    /// Subjects per tier, in the order of `sensitivity_report::tiers`, then those without a
    /// tier (not evaluated).
    std::vector<std::size_t> counts;
    /// Subjects whose tier differs from the rules as written, sorted by id.
    std::vector<tier_move> moves;
    /// Over the subjects evaluated under both, by score (the order ranks are given in);
    /// NaN when undefined (`spearman_rho`, `kendall_tau_b` in antq/rule_diff.hpp).
    std::size_t compared = 0;
    double spearman = std::numeric_limits<double>::quiet_NaN();
    double kendall_tau_b = std::numeric_limits<double>::quiet_NaN();
};

/// Where along a sweep a subject changes tier: from the tier at the previous value (or, at
/// the first value, the tier as written) to the tier at `value`.
struct tier_change_point {
    double value = 0;
    std::string from_tier;
    std::string to_tier;
};

struct subject_changes {
    std::string subject;
    std::string tier;  ///< as written
    std::vector<tier_change_point> changes;
};

struct sweep_report {
    std::string name;       ///< as given
    std::string parameter;  ///< what varies: `cutoff.effective`, or the parameter it names
    /// The value as written in the rulebook (the parameter's, the points', the cut-off's).
    double written = std::numeric_limits<double>::quiet_NaN();
    std::vector<sweep_point> points;
    /// Every subject whose tier changes somewhere along the sweep, sorted by id.
    std::vector<subject_changes> subjects;
    /// How the values were evaluated, not part of any format: true when only tiers move (a
    /// cut-off written as a number, or a parameter that only tier conditions read, in a
    /// version that reads no `previous_tier()`), so that the scores as written were computed
    /// once and re-tiered for each value; false when each value was evaluated whole. Both
    /// give the same report (docs/sensitivity.md, "Fast path").
    bool retiered = false;
};

/// How one subject fared over the weight draws.
struct subject_stability {
    std::string subject;
    std::string tier;            ///< as written
    std::uint32_t rank = 0;      ///< as written; `no_rank` when the version ranks nothing
    std::size_t kept_tier = 0;   ///< draws in which its tier stayed as written
    std::size_t kept_rank = 0;   ///< draws in which its rank stayed as written
    std::uint32_t min_rank = 0;  ///< best rank over the draws (`no_rank` when unranked)
    std::uint32_t max_rank = 0;  ///< worst
};

/// The share of a tier's subjects (as written) that kept it, over all draws.
struct tier_stability {
    std::string tier;
    std::size_t subjects = 0;
    double kept_share = std::numeric_limits<double>::quiet_NaN();  ///< NaN when no subject
};

struct weight_draws_report {
    std::size_t draws = 0;
    double spread = 0;
    std::uint64_t seed = 0;
    std::vector<std::string> criteria;  ///< whose points were varied, in the rulebook's order
    /// The subjects evaluated under the rules as written, sorted by id.
    std::vector<subject_stability> subjects;
    /// One per tier, top to bottom.
    std::vector<tier_stability> tiers;
};

/// Everything `analyse_sensitivity` found for one rulebook.
struct sensitivity_report {
    std::string rulebook;
    std::string title;
    subject_kind subject = subject_kind::model;
    std::string version;
    std::string period;
    std::vector<std::string> tiers;        ///< ids, top to bottom
    std::vector<std::string> tier_labels;  ///< labels (the id where a tier has none)
    std::vector<sweep_report> sweeps;      ///< in the order given
    /// Set when `sensitivity_options::draws` is above 0.
    std::optional<weight_draws_report> draws;
};

/// Evaluates the rules as written and every variant the options ask for on `data` for
/// `period`, the variants on `options.threads` threads, and compares them. The varied
/// rulebook reads the roll-ups of the other rulebooks as written; rulebooks that roll up the
/// varied one are not part of the report (compare them with `diff_rulebooks`). Throws `usage_error`
/// for an unknown name (with the closest known name), a name in several rulebooks, a tier whose
/// cut-off cannot be swept, a bad range or spread, and as `evaluate` does.
[[nodiscard]] ANTQ_EXPORT std::vector<sensitivity_report> analyse_sensitivity(
    const dataset& data, const rulebook_set& rules, std::string_view period,
    const sensitivity_options& options);

/// Renders reports.
///
/// - `table`: per rulebook a heading; per sweep the counts per tier, the number of subjects
///   that move, Spearman and Kendall tau-b at each value, then each subject that moves with
///   the values at which it changes tier; then the weight draws: the share per tier that
///   kept it, and the subjects that did not always keep their tier or rank. In Vietnamese
///   (`lang`) tiers are shown by label and subjects by name (from `data`, when given).
/// - `csv`: one row per record, RFC 4180, header `rulebook,name,value,record,subject,
///   tier_as_written,tier,count,spearman,kendall_tau_b,kept_tier,kept_rank,min_rank,
///   max_rank`; `record` is `count` (subjects in `tier` at `value`), `correlation`, `move`
///   (a subject whose tier at `value` is not as written: `tier_as_written` -> `tier`),
///   `change` (where a subject changes tier along the sweep: from `tier_as_written`, here
///   the tier at the previous value, to `tier`), `draw_subject` and `draw_tier` (name
///   `draws`; a `draw_tier` row has the tier's subjects in `count` and the share that kept
///   it in `kept_tier`). A `correlation` row has the subjects compared in `count`.
/// - `json`: an array with one object per rulebook, holding all of it.
///
/// The same reports give the same bytes.
[[nodiscard]] ANTQ_EXPORT std::string format_sensitivity(
    std::span<const sensitivity_report> reports, result_format format, language lang = language::vi,
    const dataset* data = nullptr);

/// The reports as one HTML page (UTF-8, no outside files): per rulebook a heading; per sweep
/// a chart, an inline SVG with one step line per tier (`<g class="series" data-tier="ID"
/// data-counts="N N ...">`, the subjects in that tier at each value, in the tier colours of
/// `render_report`; the value as written dashed), then the table of counts, moves and rank
/// correlations and the subjects that change tier; then the weight draws as tables. Words,
/// tiers and subjects in `lang` as `format_sensitivity`'s table gives them; every text from
/// rulebooks and datasets escaped. The same reports give the same bytes.
[[nodiscard]] ANTQ_EXPORT std::string format_sensitivity_html(
    std::span<const sensitivity_report> reports, language lang = language::vi,
    const dataset* data = nullptr);

/// `format_sensitivity_html` written to `file` atomically; throws `io_error`.
ANTQ_EXPORT void save_sensitivity_html(const std::filesystem::path& file,
                                       std::span<const sensitivity_report> reports,
                                       language lang = language::vi, const dataset* data = nullptr);

/// `format_sensitivity` written to `file` atomically (antq/output.hpp); throws `io_error`.
ANTQ_EXPORT void save_sensitivity(const std::filesystem::path& file,
                                  std::span<const sensitivity_report> reports, result_format format,
                                  language lang = language::vi, const dataset* data = nullptr);

}  // namespace antq
