#pragma once

/// \file
/// A rulebook as written (docs/rulebooks.md): value types that mirror the YAML, each
/// piece remembering where it was written so that every later message can point at it.
/// A rulebook can be read from YAML (`antq/rulebook_loader.hpp`) or built in C++ by
/// filling these structs; both are checked and compiled the same way.

#include <antq/criterion_vocabulary.hpp>
#include <antq/error.hpp>
#include <antq/period.hpp>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace antq {

/// An expression of the rule language, as text, with the place its first character was
/// written (for messages that point at a column inside it).
struct expression {
    std::string text;
    source_location where;

    [[nodiscard]] bool empty() const noexcept { return text.empty(); }
    friend bool operator==(const expression&, const expression&) = default;
};

enum class subject_kind { model, unit, exemplar };
enum class indicator_type { count, number, ratio, boolean, text };
enum class missing_policy { error, zero, exclude };
enum class rank_method { competition, dense, ordinal };
/// Which subjects of the other rulebook a roll-up reads: those of the unit's children, of
/// all its descendants, or (`linked`, between models and exemplars) the exemplars linked to
/// a model through their `models` and `leads` columns, or the models an exemplar is linked to.
enum class rollup_scope { children, descendants, linked };
/// What a roll-up does with a subject of the other rulebook that has no result (its status
/// is `error` or `incomplete`) when its inner expression reads results (tier, score, ...):
/// `incomplete` gives the subjects whose scope holds it no verdict (status `incomplete`),
/// `skip` leaves it out of the aggregate, `fail` keeps it in with no result (a condition on
/// its result does not hold, its values are missing). See docs/rulebooks.md.
enum class rollup_error_policy { incomplete, skip, fail };

/// Which tier of the other rulebook's subjects a roll-up reads (`tier`, `action`): the one
/// that stands after recorded decisions (`decided`, the default: a commune counts the
/// villages the committee recognised), or antq's proposal (`proposed`). See
/// docs/rulebooks.md and antq/decision.hpp.
enum class rollup_tier_source { decided, proposed };

/// An input a version reads: a column of the observations, or a roll-up of that name.
struct indicator {
    std::string id;
    indicator_type type = indicator_type::number;
    missing_policy missing = missing_policy::error;
    std::string title;
    source_location where;
    /// `by_type: true` (model rulebooks only): a model whose type lists its indicators in the
    /// dataset's catalogue (`model_type::indicators`) without this one is not judged on it:
    /// the criteria that read it are not assessed and the score is rescaled, as for
    /// `missing: exclude`, whatever the cell holds. Other models read it as usual.
    bool by_type = false;
};

/// A named expression that later derived values, criteria and tiers may use.
struct derived_value {
    std::string id;
    expression formula;
};

/// A parameter: a named constant of the version (`patrol_target: 48`).
struct parameter {
    std::string id;
    double value = 0;
    source_location where;
};

struct criterion {
    std::string id;
    std::string title;
    std::string group;  ///< optional heading for reports ("Tiêu chuẩn 2")
    std::string basis;  ///< optional legal source ("Điều 5, khoản 2")
    std::string note;   ///< optional, e.g. where the legal text was not available
    criterion_kind kind = criterion_kind::scored;
    double points = 0;             ///< scored, penalty, bonus
    expression when;               ///< required, veto: a boolean
    expression score;              ///< scored, penalty, bonus: a number, clamped to [0, 1]
    std::optional<double> weight;  ///< MCDA engines; default: points
    criterion_direction direction = criterion_direction::benefit;
    expression value;  ///< MCDA engines: unclamped value; default: `score`
    /// veto: the id of the tier a failed veto caps the subject at (it keeps its own tier
    /// when that is lower); empty: the last tier.
    std::string caps_at;
    source_location where;
};

/// At most floor(max_share * n) subjects of a tier in each group.
struct quota {
    double max_share = 1;
    std::string within = "all";  ///< a unit kind, or `all`
    std::string relative_to;     ///< a tier id: n is that tier's count in the group
    source_location where;
};

struct tier {
    std::string id;
    std::string label;
    expression when;  ///< empty for the last tier
    std::vector<std::string> requires_criteria;
    std::optional<antq::quota> quota;
    std::string action;  ///< `replicate`, `improve`, `dissolve`, `maintain`, or empty
    /// When not empty, `action` is proposed only where this condition holds for the subject
    /// (it may read what a tier's `when` reads, `previous_tier(n)` among them); where it is
    /// false or missing (no earlier result), `otherwise` is proposed instead.
    expression action_when;
    std::string otherwise;  ///< the action where `action_when` fails; may be empty
    source_location where;
};

struct order_key {
    std::string key;  ///< `score`, a criterion id, a derived name or an attribute
    bool descending = true;
    source_location where;
};

/// How subjects are ranked. A version without `ranking:` gives no ranks (pass/fail standards
/// are not ranked unless they ask); its quotas still order subjects by score, then id. A
/// ranking is absent when it was not read from a file (`where.line` is 0) and every field
/// keeps its default; a version built in code asks for ranks by setting any field.
struct ranking {
    std::string within = "all";    ///< a unit kind, or `all`
    std::vector<std::string> by;   ///< extra grouping by subject attributes
    std::vector<order_key> order;  ///< default: score desc, id asc
    rank_method method = rank_method::competition;
    source_location where;
};

/// An input computed from another rulebook's results over the unit tree.
struct rollup {
    std::string id;
    std::string from;  ///< the other rulebook's id
    rollup_scope over = rollup_scope::descendants;
    expression value;  ///< one aggregate: count(cond), share(cond), sum(x), mean(x), min(x), max(x)
    rollup_error_policy on_error = rollup_error_policy::incomplete;
    rollup_tier_source tiers = rollup_tier_source::decided;
    source_location where;
};

struct eligibility {
    std::optional<int> min_active_days;
    std::optional<int> min_active_months;
};

/// One version of the rules, in force from `effective` until the next version's date.
struct rulebook_version {
    std::string version;
    date effective;
    std::string engine = "weighted";
    engine_options options;
    std::string basis;
    std::string note;
    int rounding_digits = 2;
    /// The maximum score the version declares (`max_score:`), checked by `lint_rulebook`
    /// against the points of its criteria; not used to score.
    std::optional<double> max_score;
    antq::eligibility eligibility;
    std::vector<parameter> parameters;
    std::vector<indicator> indicators;
    std::vector<derived_value> derived;
    std::vector<criterion> criteria;
    std::vector<tier> tiers;
    antq::ranking ranking;
    std::vector<rollup> rollups;
    source_location where;
};

/// A value in a test case: a number, a boolean, a text, or missing (YAML `null` / `~`).
using test_value = std::optional<std::variant<double, bool, std::string>>;

/// What a test case expects; empty fields are not checked.
struct test_expectation {
    std::optional<std::string> status;  ///< evaluated, not_eligible, error, incomplete
    std::optional<std::string> tier;
    std::optional<std::string> action;
    std::optional<std::pair<double, double>>
        score;                        ///< [low, high], inclusive; a single number is [x, x]
    std::vector<std::string> passed;  ///< criteria that must pass
    std::vector<std::string> failed;  ///< criteria that must fail
    std::optional<long> rank;
};

/// An inline test (`tests:` in the rulebook, or a `*.cases.yaml` file beside it).
struct rulebook_test {
    std::string name;
    std::string period;
    std::map<std::string, std::string> subject;    ///< id, topic, unit, kind, days_active...
    std::map<std::string, test_value> indicators;  ///< indicator and roll-up values
    std::map<std::string, test_value> previous;    ///< values of the previous period
    test_expectation expect;
    source_location where;
};

/// A whole rulebook file.
struct rulebook {
    int format = 1;
    std::string id;
    std::string title;
    subject_kind subject = subject_kind::model;
    expression applies_to;
    year_start period;
    std::string note;
    std::vector<rulebook_version> versions;
    std::vector<rulebook_test> tests;

    std::string file;         ///< the path it was read from (or a name given in code)
    std::string source_text;  ///< the text it was read from; empty when built in code

    /// Where each value of a rulebook read from a file was written, by its path in the
    /// document: `id`, `versions/0/effective`, `versions/0/tiers/1/requires/0`,
    /// `versions/0/indicators/crimes` (the key). Empty for a rulebook built in code: messages
    /// then point at the nearest `where` (or name only the file).
    std::map<std::string, source_location> locations;

    /// The version in force for `p`: the latest whose `effective` is on or before the
    /// period's last day. Throws `usage_error` naming the rulebook and the date when none is.
    /// Versions are expected oldest first (loading and compiling check it).
    [[nodiscard]] ANTQ_EXPORT const rulebook_version& version_for(const antq::period& p) const;

    /// Like `version_for`, but the position in `versions`, or nullopt when none is in force.
    [[nodiscard]] ANTQ_EXPORT std::optional<std::size_t> version_index_for(
        const antq::period& p) const noexcept;
};

[[nodiscard]] ANTQ_EXPORT std::string_view to_string(subject_kind k);
[[nodiscard]] ANTQ_EXPORT std::string_view to_string(indicator_type t);
[[nodiscard]] ANTQ_EXPORT std::string_view to_string(missing_policy m);
[[nodiscard]] ANTQ_EXPORT std::string_view to_string(rank_method m);
[[nodiscard]] ANTQ_EXPORT std::string_view to_string(rollup_scope s);
[[nodiscard]] ANTQ_EXPORT std::string_view to_string(rollup_error_policy p);
[[nodiscard]] ANTQ_EXPORT std::string_view to_string(rollup_tier_source s);

}  // namespace antq
