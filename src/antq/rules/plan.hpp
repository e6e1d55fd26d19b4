#pragma once

// The compiled evaluation plan of one rulebook version: everything the evaluation pipeline
// needs, resolved to indices once when the rulebook is compiled, so that evaluating a
// million subjects never looks a name up. See docs/design/rules.md.
//
// How the pipeline uses it, for one batch of subjects (one column of `batch_size` values
// per slot):
//   1. fill every slot whose `source` is an input (indicator, previous_indicator,
//      attribute, rollup), in the slot's `type` (parameters need no slot: they are folded
//      into the programs as constants);
//   2. run `derived` in order (each writes its slot);
//   3. per criterion, run `when`, `score`, `value` (those present);
//   4. hand the criterion matrix to `engine`; then fill the result slots (score,
//      max_score, passed_count, ..., criterion_points);
//   5. per subject, try `tiers` from the top; then quotas, then ranking.
// Every program reads only slots of its version's `slots` table, by index.

#include <antq/compiled_rulebook.hpp>
#include <antq/engine.hpp>
#include <antq/rulebook.hpp>

#include "antq/expr/parser.hpp"
#include "antq/expr/scope.hpp"
#include "antq/expr/types.hpp"

#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace antq::detail::expr {
class program;
}  // namespace antq::detail::expr

namespace antq::detail::rules {

/// Index of a slot in `version_plan::slots`.
using slot_index = std::uint32_t;
/// "No such index" for every optional index below.
inline constexpr std::uint32_t no_index = std::numeric_limits<std::uint32_t>::max();

/// What a slot holds. Every column is doubles: booleans 0/1, texts the ids interned in the
/// compiled rulebook's string pool, missing NaN.
using value_type = expr::value_type;

/// Subject attributes an expression may read.
enum class attribute : std::uint8_t {
    id,            ///< text
    name,          ///< text
    kind,          ///< text: a unit's kind, a model's catalogue type, an exemplar's kind
    topic,         ///< text (models; empty text for others)
    target_group,  ///< text (models; empty text for others)
    unit,          ///< text: the unit's own id, a model's or exemplar's host unit
    unit_kind,     ///< text: kind of `unit`
    days_active,   ///< number: days of the period the subject was running
};
inline constexpr std::size_t attribute_count = 8;

/// Where a slot's values come from.
enum class slot_source : std::uint8_t {
    // ---- Inputs, filled before any program runs ----
    indicator,           ///< `index`: into `indicators`, this period (missing policy applied)
    previous_indicator,  ///< `index`: into `indicators`, `periods_back` periods of the same
                         ///< kind before the current one;
                         ///< missing (NaN / absent) when there is none; no missing policy
    attribute,           ///< `index`: an `attribute`
    rollup,              ///< `index`: into `rollups`
    // ---- Written by `derived` programs ----
    derived,  ///< `index`: into `derived`
    // ---- Filled after the engine, read by tier `when` and ranking ----
    score,             ///< number, already rounded to `rounding_digits`
    max_score,         ///< number
    passed_count,      ///< number: criteria assessed and passed
    failed_count,      ///< number: criteria assessed and failed
    assessed_count,    ///< number
    criterion_passed,  ///< `index`: criterion; boolean (scored kinds: score > 0)
    criterion_points,  ///< `index`: criterion; number, the engine's contribution
    criterion_value,   ///< `index`: criterion; number, the `value` (default `score`)
    // ---- An input again, last so that the numbers above keep their meaning ----
    previous_tier,  ///< text: the tier this rulebook gave the subject `periods_back` periods
                    ///< before (decided where recorded, else proposed); missing when none
};

/// True for the slots that only exist once the engine has scored the batch.
[[nodiscard]] constexpr bool is_result(slot_source s) noexcept {
    return s >= slot_source::score && s != slot_source::previous_tier;
}

/// One named column a program reads (or a derived program writes).
struct slot {
    slot_source source = slot_source::indicator;
    value_type type = value_type::number;
    std::uint32_t index = 0;  ///< meaning depends on `source`, see above
    std::string name;         ///< as written: `crimes`, `previous(crimes)`, `points(detection)`
    /// previous_indicator: how many periods back (1 to expr::max_periods_back); else 0.
    std::uint32_t periods_back = 0;
};

/// A compiled expression of the rulebook and where it was written.
struct compiled_expression {
    /// Never null in a compiled plan. `program->slots()` are the slots it reads.
    std::shared_ptr<const expr::program> program;
    value_type type = value_type::number;
    expression source;               ///< the text and its place, for runtime messages
    std::optional<double> constant;  ///< set when it folded to a constant (booleans 0/1)
};

struct indicator_plan {
    std::string id;
    indicator_type type = indicator_type::number;
    missing_policy missing = missing_policy::error;
    slot_index slot = no_index;  ///< the current-period slot, when read
    /// [k - 1]: the slot of the indicator k periods back (`previous(id, k)`, or read by
    /// sum_last/count_last), or no_index when no program reads that period; empty when no
    /// earlier period is read. Its size is the deepest period read.
    std::vector<slot_index> previous_slots;
    std::uint32_t rollup = no_index;  ///< the roll-up that supplies it, if any
    bool by_type = false;             ///< not read for models whose type omits it
};

/// A parameter: folded into every program that reads it, so it has no slot.
struct parameter_plan {
    std::string id;
    double value = 0;
};

/// A derived value; `derived` is in dependency order, so running it front to back sees
/// every input ready.
struct derived_plan {
    std::string id;
    compiled_expression formula;
    slot_index slot = no_index;  ///< always present: derived values are ranking keys too
};

struct criterion_plan {
    std::string id;
    criterion_kind kind = criterion_kind::scored;
    double points = 0;
    double weight = 0;  ///< `weight`, or `points` when none was given
    criterion_direction direction = criterion_direction::benefit;
    std::optional<compiled_expression> when;   ///< required, veto
    std::optional<compiled_expression> score;  ///< scored, penalty, bonus
    std::optional<compiled_expression> value;  ///< when absent, the value is the score
                                               ///< (scored kinds) or 1/0 passed (others)
    /// Indicators it reads, directly or through derived values (current period only),
    /// sorted, unique: indices into `indicators`.
    std::vector<std::uint32_t> reads_indicators;
    /// The subset of `reads_indicators` whose policy is `missing: exclude`: when any is
    /// missing for a subject, the criterion is not assessed for it.
    std::vector<std::uint32_t> excluded_by;
    /// veto: the tier index a failure caps the subject at (`caps_at`), or no_index for the
    /// last tier.
    std::uint32_t caps_at = no_index;
};

/// Groups for quotas and ranking: all subjects, or by the nearest unit of one kind.
struct group_scope {
    bool all = true;
    std::string unit_kind;  ///< when !all: `commune`, ... (resolved once per evaluation)
};

struct quota_plan {
    double max_share = 1;
    group_scope within;
    std::uint32_t relative_to = no_index;  ///< tier index, or no_index for "all evaluated"
};

struct tier_plan {
    std::string id;
    std::string label;
    std::string action;
    /// When present, `action` is proposed where it holds, `otherwise` where it is false or
    /// missing; evaluated for every evaluated subject, whatever its tier, so that a decided
    /// tier finds its action too.
    std::optional<compiled_expression> action_when;
    std::string otherwise;
    std::optional<compiled_expression> when;       ///< absent only for the last tier
    std::vector<std::uint32_t> requires_criteria;  ///< criterion indices (kind required)
    std::optional<quota_plan> quota;
    /// X when `when` is `score >= X` or `score > X`, alone or joined by `and` to other
    /// conditions (what "distance to the next tier up" is measured against).
    std::optional<double> min_score;
    bool min_score_strict = false;  ///< `score > X`
};

struct rank_key {
    enum class kind : std::uint8_t {
        slot,       ///< `index` is a slot (score, a derived value, an attribute)
        criterion,  ///< `index` is a criterion: ordered by its contribution (points)
    };
    kind source = kind::slot;
    std::uint32_t index = 0;
    value_type type = value_type::number;  ///< texts compare by content (UTF-8 bytes)
    bool descending = true;
};

struct ranking_plan {
    /// False when the version has no `ranking:`: no ranks are given, and `order` (the
    /// default, score desc then id) serves the quotas only.
    bool ranked = false;
    group_scope within;
    std::vector<attribute> by;  ///< extra grouping (each has its slot in `attribute_slots`)
    /// As written, then `id asc` appended when `id` is not already a key, so that the
    /// order is total and results do not depend on input order.
    std::vector<rank_key> order;
    rank_method method = rank_method::competition;
};

using aggregate_kind = expr::aggregate_kind;

/// A value of the other rulebook's results that a roll-up's inner expression reads.
struct rollup_input {
    enum class field : std::uint8_t {
        tier,            ///< text: tier id
        action,          ///< text
        status,          ///< text: evaluated, not_eligible, error, incomplete
        score,           ///< number
        max_score,       ///< number
        rank,            ///< number
        passed_count,    ///< number
        failed_count,    ///< number
        assessed_count,  ///< number
        passed,          ///< boolean, of `criterion`
        points,          ///< number, of `criterion`
        value,           ///< number, of `criterion`
        attribute,       ///< the source subject's `attr`
    };
    field what = field::score;
    value_type type = value_type::number;
    std::string criterion;  ///< for passed/points/value: resolved once per evaluation
                            ///< against the source version in force
    antq::detail::rules::attribute attr = attribute::id;
    std::string name;  ///< as written
};

/// A roll-up: one aggregate over the results of another rulebook, for the same period,
/// over the subjects hosted by the children or descendants of the subject's unit.
struct rollup_plan {
    std::string id;
    std::string from;  ///< the source rulebook's id
    rollup_scope over = rollup_scope::descendants;
    aggregate_kind aggregate = aggregate_kind::count;
    /// The inner condition (count, share: boolean) or value (others: number), over
    /// `inputs` (its slot i is `inputs[i]`).
    compiled_expression inner;
    std::vector<rollup_input> inputs;
    missing_policy missing = missing_policy::error;  ///< of the indicator of the same id
    /// What a source subject without a result does, when `inputs` read results.
    rollup_error_policy on_error = rollup_error_policy::incomplete;
    /// Decided tiers (where recorded) or proposals, for `tier` and `action` inputs.
    rollup_tier_source tiers = rollup_tier_source::decided;
    slot_index slot = no_index;  ///< where its value goes, when read
};

/// True when `in` is missing for a source subject that was not evaluated (its tier, score,
/// criteria...), false for what every source subject has (its status, its attributes).
[[nodiscard]] constexpr bool reads_a_result(const rollup_input& in) noexcept {
    return in.what != rollup_input::field::status && in.what != rollup_input::field::attribute;
}

[[nodiscard]] constexpr std::array<slot_index, attribute_count> unused_attribute_slots() noexcept {
    std::array<slot_index, attribute_count> slots{};
    slots.fill(no_index);
    return slots;
}

/// One version, compiled.
struct version_plan {
    const rulebook_version* source = nullptr;  ///< owned by `compiled_rulebook::impl`
    std::vector<slot> slots;
    std::vector<indicator_plan> indicators;       ///< as declared
    std::vector<parameter_plan> parameters;       ///< as declared
    std::vector<derived_plan> derived;            ///< in dependency order (not declaration order)
    std::vector<criterion_plan> criteria;         ///< as declared
    std::vector<criterion_info> engine_criteria;  ///< parallel to `criteria`
    std::shared_ptr<const scoring_engine> engine;
    double max_score = 0;          ///< engine->max_score(engine_criteria)
    std::vector<tier_plan> tiers;  ///< top to bottom; the last has no `when`
    ranking_plan ranking;
    std::vector<rollup_plan> rollups;
    int rounding_digits = 2;
    std::optional<int> min_active_days;
    std::optional<int> min_active_months;
    /// Slot of each attribute (by `attribute` value), or no_index when no program reads it.
    std::array<slot_index, attribute_count> attribute_slots = unused_attribute_slots();
    /// [k - 1]: the `previous_tier(k)` slot, or no_index when not read; empty when no tier
    /// condition reads an earlier tier. Its size is the deepest period read.
    std::vector<slot_index> previous_tier_slots;
};

/// A whole rulebook, compiled: the contract between the rule compiler, which makes it
/// (`compile_plans`), and the evaluation pipeline and explanations, which read it
/// (`plan_of`, `plan_for`). Nothing outside the rules area sees how `compiled_rulebook`
/// keeps it.
struct rulebook_plan {
    std::shared_ptr<const rulebook> source;
    /// Over subject attributes only; absent when the rulebook has none.
    std::optional<compiled_expression> applies_to;
    std::vector<slot> applies_to_slots;
    std::vector<version_plan> versions;  ///< parallel to source->versions
    /// Text literals of every program of every version, and the texts the pipeline interns.
    std::shared_ptr<expr::string_pool> strings;
    /// The registry the engines were made from (`detail::rules::kept_registry`), so that
    /// what is later made from this rulebook (its tests' form, a set) uses the same engines.
    std::shared_ptr<const engine_registry> engines;
};

}  // namespace antq::detail::rules

namespace antq {

/// What `compiled_rulebook` holds: the plan, and nothing the rest of the library may rely on
/// beyond it.
struct compiled_rulebook::impl : detail::rules::rulebook_plan {};

namespace detail::rules {

/// The one door to `compiled_rulebook`'s private parts, for the rules area only: making one
/// from a compiled plan (the loader) and reading its plan (`plan_of`). Other areas call
/// `plan_of` and `plan_for`.
struct access {
    [[nodiscard]] static const rulebook_plan& plan(const compiled_rulebook& c) noexcept {
        return *c.impl_;
    }
    [[nodiscard]] static compiled_rulebook make(
        std::shared_ptr<const compiled_rulebook::impl> p) noexcept {
        return compiled_rulebook(std::move(p));
    }
};

/// The plan of a compiled rulebook: what the pipeline evaluates and explanations read.
[[nodiscard]] inline const rulebook_plan& plan_of(const compiled_rulebook& c) noexcept {
    return access::plan(c);
}

/// The plan of `c`'s version in force for `p` (throws `usage_error` like `version_for`).
[[nodiscard]] inline const version_plan& plan_for(const compiled_rulebook& c, const period& p) {
    return plan_of(c).versions[c.version_index_for(p)];
}

}  // namespace detail::rules

}  // namespace antq
