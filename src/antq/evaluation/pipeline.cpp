#include "antq/evaluation/pipeline.hpp"

#include <antq/error.hpp>

#include "antq/evaluation/decisions.hpp"
#include "antq/evaluation/grouping.hpp"
#include "antq/evaluation/incompleteness.hpp"
#include "antq/evaluation/ineligibility.hpp"
#include "antq/evaluation/period_rows.hpp"
#include "antq/evaluation/ranking.hpp"
#include "antq/evaluation/rollups.hpp"
#include "antq/evaluation/rounding.hpp"
#include "antq/evaluation/subjects.hpp"
#include "antq/evaluation/text_ids.hpp"
#include "antq/evaluation/tiers.hpp"
#include "antq/expr/kernels.hpp"
#include "antq/expr/program.hpp"
#include "antq/io/csv.hpp"
#include "antq/parallel.hpp"
#include "antq/rules/plan.hpp"
#include "antq/rules/source_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <deque>
#include <exception>
#include <limits>
#include <map>
#include <optional>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

namespace antq::detail::evaluation {

namespace {

using rules::attribute;
using rules::compiled_expression;
using rules::no_index;
using rules::slot_source;
using rules::version_plan;

using expr::missing_value;

// ---- Messages -----------------------------------------------------------------------------

std::string_view type_words(indicator_type t) {
    switch (t) {
        case indicator_type::count:
            return "a count (a whole number >= 0)";
        case indicator_type::number:
            return "a number";
        case indicator_type::ratio:
            return "a ratio (between 0 and 1)";
        case indicator_type::boolean:
            return "a boolean (0 or 1)";
        case indicator_type::text:
            return "a text";
    }
    return "a value";
}

bool fits_type(indicator_type t, double v) {
    switch (t) {
        case indicator_type::count:
            return v >= 0 && std::floor(v) == v && std::isfinite(v);
        case indicator_type::ratio:
            return v >= 0 && v <= 1;
        case indicator_type::boolean:
            return v == 0 || v == 1;
        case indicator_type::number:
            return std::isfinite(v);
        case indicator_type::text:
            return true;
    }
    return true;
}

/// A cell read for a number indicator: its value (NaN when missing), and whether it held
/// a text that is not a number.
struct cell_reading {
    double value = missing_value;
    bool not_a_number = false;
};

/// The rulebook, not the column, says what a cell means: a text column read by a number
/// indicator is read cell by cell, so one mistyped cell spoils one subject only. Only
/// columns with such a cell are text: the usual number column costs one load.
cell_reading read_number_cell(const observation_column& column, std::size_t row) {
    if (column.type == observation_column::kind::number) {
        return {column.numbers[row], false};
    }
    if (column.present[row] == 0) {
        return {};
    }
    if (const auto number = detail::parse_number(column.texts[row])) {
        return {*number, false};
    }
    return {missing_value, true};
}

/// `file:line:col`, leaving out what is unknown.
std::string place_text(const source_location& where) {
    std::string out = where.file;
    if (where.line != 0) {
        out += fmt::format(":{}", where.line);
        if (where.column != 0) {
            out += fmt::format(":{}", where.column);
        }
    }
    return out;
}

/// Why the cell at `row` of `column` does not fit `type` (the place is said apart).
std::string wrong_cell_words(const observation_column& column, std::size_t row,
                             const cell_reading& cell, std::string_view indicator,
                             indicator_type type, std::string_view subject,
                             std::string_view period_text) {
    const std::string shown =
        cell.not_a_number ? fmt::format("'{}'", column.texts[row]) : fmt::format("{}", cell.value);
    return fmt::format("indicator '{}' of subject '{}' in period {} must be {}, not {}", indicator,
                       subject, period_text, type_words(type), shown);
}

/// "division by zero" or "square root of a negative number": what failed at `column`.
std::string_view failure_words(const expr::program& program, std::uint32_t column) {
    for (const auto& in : program.instructions()) {
        if (in.column == column && in.op == expr::opcode::sqrt) {
            return "square root of a negative number";
        }
    }
    return "division by zero";
}

/// Fewer criterion cells than this (a megabyte of them) are not worth a second thread when
/// sizing the columns. The thread-count tests of `evaluate_differential_test` (200,000
/// cells) go through both ways.
constexpr std::size_t parallel_cells = std::size_t{1} << 17;

/// Fewer subjects than this are checked on one thread by `check_rulebook_data`; the
/// thread-count test of `evaluate_differential_test` (20,000 models) checks more.
constexpr std::size_t parallel_check_rows = std::size_t{1} << 14;

// ---- Setup, shared read-only by every batch -----------------------------------------------

/// Where a failure of an expression is, as text, computed once per (expression, column).
class failure_places {
  public:
    explicit failure_places(const rulebook& book) {
        if (!book.source_text.empty()) {
            lines_.emplace(book.source_text, book.file);
        }
        file_ = book.file;
    }

    /// Prepares the places of every operation of `e` that can fail.
    void add(const compiled_expression& e) {
        if (!e.program) {
            return;
        }
        // One walk over the expression's text for all its places.
        std::optional<rules::expression_places> walk;
        for (const auto& in : e.program->instructions()) {
            if (!expr::can_fail(in.op)) {
                continue;
            }
            const auto key = std::make_pair(e.program.get(), in.column);
            if (places_.count(key) != 0) {
                continue;
            }
            if (!walk) {
                walk.emplace(lines_ ? &*lines_ : nullptr, e.source);
            }
            source_location at = walk->at(in.column);
            if (at.file.empty()) {
                at.file = file_;
            }
            std::string place;
            if (at.line > 0) {
                place = fmt::format("at {}:{}:{}", at.file, at.line, at.column);
            } else {
                place = fmt::format("at column {} of '{}'", in.column, e.source.text);
            }
            places_.emplace(key, std::move(place));
        }
    }

    [[nodiscard]] std::string message(const compiled_expression& e, std::uint32_t column,
                                      std::string_view what) const {
        const auto it = places_.find(std::make_pair(e.program.get(), column));
        const std::string place =
            it == places_.end() ? fmt::format("at column {}", column) : it->second;
        return fmt::format("{} in {} {}", failure_words(*e.program, column), what, place);
    }

  private:
    std::optional<rules::line_index> lines_;
    std::string file_;
    std::map<std::pair<const expr::program*, std::uint32_t>, std::string> places_;
};

struct setup {
    const dataset& data;
    const rules::rulebook_plan& compiled;
    const rulebook& book;
    const rulebook_version& version;
    const version_plan& plan;
    period when;
    std::string period_text;
    subject_view subjects;
    text_ids texts;
    failure_places places;
    unsigned threads = 1;  ///< for the steps before the batches (finding each subject's row)

    std::vector<index_t> rows;  ///< registry index of each row's subject
    std::vector<index_t> row_unit;
    std::array<std::vector<double>, rules::attribute_count> attributes;
    period_rows current;
    /// [k - 1]: the rows of the period k periods back, for the deepest period any indicator's
    /// programs read (plan.indicators[i].previous_slots); empty when none is read.
    std::vector<period_rows> previous;
    std::vector<const observation_column*> indicator_column;  ///< per indicator, or null
    /// Per text indicator: its values per row as text ids (interned before the batches run).
    std::vector<std::vector<double>> text_values;
    /// Per indicator declared `by_type`, per row: 1 where the model's type lists its
    /// indicators without this one (the indicator does not apply); empty otherwise.
    std::vector<std::vector<std::uint8_t>> not_applicable;
    /// Per text indicator, [k - 1]: its values k periods back, as text ids.
    std::vector<std::vector<std::vector<double>>> previous_text_values;
    std::vector<rollup_values> rollups;
    /// Per roll-up: the results it reads.
    std::vector<const rulebook_results*> rollup_sources;
    /// Whether any roll-up met a source subject without a result.
    bool any_unresolved = false;
    /// Per roll-up: the indicator of the same id (its type and missing policy), or no_index.
    std::vector<std::uint32_t> rollup_indicator;
    /// Texts made from numbers in text indicators, kept for the ids that point at them.
    std::deque<std::string> number_texts;
    /// [k - 1]: per row, the tier id (a text id) the rulebook gave the subject k periods
    /// back, for plan.previous_tier_slots; missing when it had none.
    std::vector<std::vector<double>> previous_tiers;
    /// The tier ids those text ids point at (the earlier results they came from are gone).
    std::deque<std::string> tier_texts;

    setup(const dataset& d, const rules::rulebook_plan& c, const rulebook& b,
          const rulebook_version& v, const version_plan& p, period w, std::string text)
        : data(d),
          compiled(c),
          book(b),
          version(v),
          plan(p),
          when(w),
          period_text(std::move(text)),
          subjects(d.registry, b.subject),
          texts(*c.strings),
          places(b) {}

    [[nodiscard]] std::size_t size() const noexcept { return rows.size(); }
};

/// Fills `out` (one value per row of `rows`) with attribute `a` of each subject.
void attribute_column(setup& s, attribute a, std::span<const index_t> rows,
                      std::vector<double>& out) {
    out.resize(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const index_t subject = rows[i];
        if (a == attribute::days_active) {
            out[i] = static_cast<double>(s.subjects.days_active(subject, s.when));
        } else if (a == attribute::id) {
            out[i] = s.texts.unique_id(s.subjects.id(subject), subject);
        } else {
            out[i] = s.texts.id(s.subjects.text(a, subject));
        }
    }
}

std::string_view unique_subject_text(const setup& s, std::uint32_t subject) {
    return s.subjects.id(subject);
}

/// Rows: the subjects `applies_to` keeps, in registry order.
void select_rows(setup& s) {
    const std::size_t all = s.subjects.size();
    std::vector<index_t> everyone(all);
    for (std::size_t i = 0; i < all; ++i) {
        everyone[i] = static_cast<index_t>(i);
    }
    if (!s.compiled.applies_to) {
        s.rows = std::move(everyone);
        return;
    }
    const auto& filter = *s.compiled.applies_to;
    std::vector<double> keep(all, missing_value);
    if (filter.constant) {
        std::fill(keep.begin(), keep.end(), *filter.constant);
    } else if (all > 0) {
        std::vector<std::vector<double>> columns(s.compiled.applies_to_slots.size());
        for (const std::uint32_t slot : filter.program->slots()) {
            const auto& sl = s.compiled.applies_to_slots[slot];
            attribute_column(s, static_cast<attribute>(sl.index), everyone, columns[slot]);
        }
        std::vector<std::span<const double>> inputs(columns.begin(), columns.end());
        std::vector<std::uint32_t> errors(all, 0);
        filter.program->run(inputs, keep, errors);
    }
    for (std::size_t i = 0; i < all; ++i) {
        if (keep[i] == 1.0) {
            s.rows.push_back(static_cast<index_t>(i));
        }
    }
}

/// Text values of a text indicator per row, interned now so batches only read.
std::vector<double> text_indicator_values(setup& s, const observation_column* column,
                                          const period_rows& rows) {
    std::vector<double> out(s.size(), missing_value);
    if (column == nullptr) {
        return out;
    }
    for (std::size_t i = 0; i < s.size(); ++i) {
        const std::int64_t r = rows.row[s.rows[i]];
        if (r == no_row || column->is_missing(static_cast<std::size_t>(r))) {
            continue;
        }
        const auto row = static_cast<std::size_t>(r);
        if (column->type == observation_column::kind::text) {
            out[i] = s.texts.id(column->texts[row]);
        } else {
            // A number in a text indicator reads as it was written: its shortest form. The
            // text must outlive the ids, so it is kept beside the dataset's own.
            out[i] =
                s.texts.id(s.number_texts.emplace_back(fmt::format("{}", column->numbers[row])));
        }
    }
    return out;
}

void find_rows_and_units(setup& s) {
    select_rows(s);
    s.row_unit.resize(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        s.row_unit[i] = s.subjects.unit(s.rows[i]);
    }
}

/// Whether a program of the version reads slot `slot`.
bool read_by_a_program(const version_plan& plan, std::uint32_t slot) {
    const auto reads = [&](const std::optional<compiled_expression>& e) {
        if (!e || !e->program) {
            return false;
        }
        const auto slots = e->program->slots();
        return std::find(slots.begin(), slots.end(), slot) != slots.end();
    };
    for (const auto& d : plan.derived) {
        if (reads(d.formula)) {
            return true;
        }
    }
    for (const auto& c : plan.criteria) {
        if (reads(c.when) || reads(c.score) || reads(c.value)) {
            return true;
        }
    }
    return std::any_of(plan.tiers.begin(), plan.tiers.end(),
                       [&](const auto& t) { return reads(t.when); });
}

/// Attribute columns for the programs that read them, and number attributes that order the
/// ranking (text attributes are ranked from the registry's own strings).
void read_attributes(setup& s) {
    for (std::size_t a = 0; a < rules::attribute_count; ++a) {
        const std::uint32_t slot = s.plan.attribute_slots[a];
        bool needed = slot != no_index && read_by_a_program(s.plan, slot);
        for (const auto& key : s.plan.ranking.order) {
            needed = needed || (key.source == rules::rank_key::kind::slot &&
                                key.type != rules::value_type::text &&
                                s.plan.slots[key.index].source == slot_source::attribute &&
                                s.plan.slots[key.index].index == a);
        }
        if (needed) {
            attribute_column(s, static_cast<attribute>(a), s.rows, s.attributes[a]);
        }
    }
}

void read_observations(setup& s) {
    const auto& observations = s.data.observations;
    s.current = match_period(observations, s.subjects, s.when, s.book.period, s.threads);
    const auto& indicators = s.plan.indicators;
    std::size_t deepest = 0;
    for (const auto& ip : indicators) {
        deepest = std::max(deepest, ip.previous_slots.size());
    }
    period earlier = s.when;
    for (std::size_t back = 1; back <= deepest; ++back) {
        earlier = earlier.previous();
        s.previous.push_back(
            match_period(observations, s.subjects, earlier, s.book.period, s.threads));
    }
    s.indicator_column.assign(indicators.size(), nullptr);
    s.not_applicable.assign(indicators.size(), {});
    if (s.subjects.kind() == subject_kind::model && !s.data.model_types.empty()) {
        // The catalogue row of each model, found once here so that batches look nothing up.
        std::unordered_map<std::string_view, const model_type*> type_of;
        for (const auto& t : s.data.model_types) {
            type_of.emplace(t.id, &t);
        }
        std::vector<const model_type*> row_type(s.size(), nullptr);
        for (std::size_t row = 0; row < s.size(); ++row) {
            const auto found = type_of.find(s.data.registry.models()[s.rows[row]].type);
            row_type[row] = found == type_of.end() ? nullptr : found->second;
        }
        for (std::size_t i = 0; i < indicators.size(); ++i) {
            if (!indicators[i].by_type) {
                continue;
            }
            auto& flags = s.not_applicable[i];
            flags.assign(s.size(), 0);
            for (std::size_t row = 0; row < s.size(); ++row) {
                flags[row] =
                    row_type[row] != nullptr && !row_type[row]->has_indicator(indicators[i].id) ? 1
                                                                                                : 0;
            }
        }
    }
    s.text_values.resize(indicators.size());
    s.previous_text_values.resize(indicators.size());
    for (std::size_t i = 0; i < indicators.size(); ++i) {
        const auto& ip = indicators[i];
        if (ip.rollup != no_index) {
            continue;
        }
        if (const auto c = observations.find_column(ip.id)) {
            s.indicator_column[i] = &observations.columns()[*c];
        }
        if (ip.type != indicator_type::text) {
            continue;
        }
        s.text_values[i] = text_indicator_values(s, s.indicator_column[i], s.current);
        for (std::size_t back = 1; back <= ip.previous_slots.size(); ++back) {
            s.previous_text_values[i].push_back(
                ip.previous_slots[back - 1] == no_index
                    ? std::vector<double>()
                    : text_indicator_values(s, s.indicator_column[i], s.previous[back - 1]));
        }
    }
}

void compute_rollups(setup& s, std::span<const rulebook_results* const> sources) {
    s.rollup_indicator.assign(s.plan.rollups.size(), no_index);
    for (std::size_t i = 0; i < s.plan.indicators.size(); ++i) {
        if (s.plan.indicators[i].rollup != no_index) {
            s.rollup_indicator[s.plan.indicators[i].rollup] = static_cast<std::uint32_t>(i);
        }
    }
    for (std::size_t r = 0; r < s.plan.rollups.size(); ++r) {
        const auto& rp = s.plan.rollups[r];
        const auto found =
            std::find_if(sources.begin(), sources.end(), [&](const rulebook_results* x) {
                return x != nullptr && x->header().rulebook == rp.from;
            });
        if (found == sources.end()) {
            throw usage_error(fmt::format(
                "rulebook '{}' rolls up the results of '{}', which were not evaluated for {}",
                s.book.id, rp.from, s.period_text));
        }
        s.rollups.push_back(compute_rollup(rp, **found, s.data.registry, s.row_unit, s.rows,
                                           s.texts, s.rollup_indicator[r] != no_index));
        s.rollup_sources.push_back(*found);
        s.any_unresolved = s.any_unresolved || !s.rollups.back().unresolved.empty();
    }
}

/// A model that stopped before the period or was founded after it is out of the period
/// whatever the rulebook asks of active time; said as such, not as "active 0 days".
std::optional<std::string> outside_life(const setup& s, std::size_t row) {
    if (s.subjects.kind() != subject_kind::model) {
        return std::nullopt;
    }
    const model& m = s.data.registry.models()[s.rows[row]];
    ineligibility reason;
    reason.period = s.period_text;
    if (m.ended && *m.ended < s.when.first()) {
        reason.why = ineligibility::reason::ended;
        reason.on = m.ended;
        return to_message(reason);
    }
    if (m.established && *m.established > s.when.last()) {
        reason.why = ineligibility::reason::not_founded;
        reason.on = m.established;
        return to_message(reason);
    }
    return std::nullopt;
}

/// Whether any subject of `s` can be out of the period: only models with their dates.
bool may_be_ineligible(const setup& s) {
    return s.plan.min_active_days || s.plan.min_active_months ||
           s.subjects.kind() == subject_kind::model;
}

/// Why row `row` is not eligible, or nothing when it is.
std::optional<std::string> why_not_eligible(const setup& s, std::size_t row) {
    if (auto outside = outside_life(s, row)) {
        return outside;
    }
    if (const auto& days = s.plan.min_active_days) {
        const long active = s.subjects.days_active(s.rows[row], s.when);
        if (active < *days) {
            ineligibility reason;
            reason.active = active;
            reason.required = *days;
            reason.period = s.period_text;
            return to_message(reason);
        }
    }
    if (const auto& months = s.plan.min_active_months) {
        const long active = s.subjects.months_active(s.rows[row], s.when);
        if (active < *months) {
            ineligibility reason;
            reason.active = active;
            reason.required = *months;
            reason.months = true;
            reason.period = s.period_text;
            return to_message(reason);
        }
    }
    return std::nullopt;
}

void prepare_failure_places(setup& s) {
    for (const auto& d : s.plan.derived) {
        s.places.add(d.formula);
    }
    for (const auto& c : s.plan.criteria) {
        for (const auto* e : {&c.when, &c.score, &c.value}) {
            if (*e) {
                s.places.add(**e);
            }
        }
    }
    for (const auto& t : s.plan.tiers) {
        if (t.when) {
            s.places.add(*t.when);
        }
    }
    for (const auto& r : s.plan.rollups) {
        s.places.add(r.inner);
    }
}

// ---- Batches -------------------------------------------------------------------------------

/// What the batches write: each batch only its own rows (and its own list of messages).
struct outputs {
    results_columns columns;
    std::vector<std::vector<double>> key_columns;  ///< per ranking key: values per row
    std::vector<std::vector<std::pair<std::size_t, std::string>>> messages;  ///< per batch
    /// Cohort-relative engines only: the engine's criterion matrix for every row.
    std::vector<double> engine_scores;
    std::vector<double> engine_values;
};

/// Scratch memory of one thread, sized once for a whole batch.
struct workspace {
    std::size_t capacity = 0;
    std::vector<double> slot_data;
    std::vector<std::span<const double>> inputs;
    std::vector<std::uint8_t> excluded;  ///< indicators x capacity
    std::vector<std::uint8_t> input_bad;
    std::vector<double> out;
    std::vector<std::uint32_t> errors;
    std::vector<double> criterion_scores;  ///< criteria x capacity (engine input)
    std::vector<double> criterion_values;
    std::vector<std::uint8_t> criterion_assessed;
    std::vector<std::uint32_t> chosen;
    std::vector<double> engine_scores;
    std::vector<double> engine_values;
    std::vector<std::uint8_t> engine_assessed;
    std::vector<double> engine_out;
    std::vector<double> engine_contributions;
    std::vector<std::uint8_t> met;
    std::vector<std::int32_t> vetoed;  ///< the cap of each row (see tier_conditions::cap)
    std::vector<std::uint8_t> evaluated;
    std::vector<std::int32_t> tier;
    expr::program::workspace scratch;

    workspace(const version_plan& plan, std::size_t batch) : capacity(batch) {
        const std::size_t criteria = plan.criteria.size();
        slot_data.assign(plan.slots.size() * batch, missing_value);
        inputs.resize(plan.slots.size());
        excluded.assign(plan.indicators.size() * batch, 0);
        input_bad.assign(batch, 0);
        out.assign(batch, missing_value);
        errors.assign(batch, 0);
        criterion_scores.assign(criteria * batch, missing_value);
        criterion_values.assign(criteria * batch, missing_value);
        criterion_assessed.assign(criteria * batch, 0);
        chosen.reserve(batch);
        engine_scores.assign(criteria * batch, missing_value);
        engine_values.assign(criteria * batch, missing_value);
        engine_assessed.assign(criteria * batch, 0);
        engine_out.assign(batch, 0);
        engine_contributions.assign(criteria * batch, 0);
        met.assign(plan.tiers.size() * batch, 0);
        vetoed.assign(batch, 0);
        evaluated.assign(batch, 0);
        tier.assign(batch, no_tier);
    }

    [[nodiscard]] std::span<double> slot(std::uint32_t index) {
        return std::span<double>(slot_data).subspan(index * capacity, capacity);
    }
};

/// Runs the version's engine; an engine failure is thrown again with the rulebook, its
/// version, the period and the subject's id (`row_of(i)` is the row of the engine's subject
/// i), so that the caller can find the subject without knowing the batches.
template <class RowOf>
void run_engine(const setup& s, const engine_input& in, const engine_output& out,
                const RowOf& row_of) {
    try {
        s.plan.engine->score(in, out);
    } catch (const engine_error& e) {
        std::string context = fmt::format("rulebook '{}' version {}, period {}", s.book.id,
                                          s.version.version, s.period_text);
        if (const auto i = e.subject_index(); i && *i < in.subject_count) {
            context += fmt::format(", subject '{}'", s.subjects.id(s.rows[row_of(*i)]));
        }
        throw engine_error(context, e);
    }
}

/// Whether every slot the tier step reads (tier and action conditions, ranking keys) is
/// a result slot (score, criteria, counts), which classify fills itself; a text key of
/// an attribute (`id asc`) is read from the registry (ranking_order), not from a slot.
[[nodiscard]] bool tiers_read_only_results(const version_plan& plan) {
    const auto only_results = [&](const std::optional<compiled_expression>& e) {
        return !e || !e->program ||
               std::all_of(e->program->slots().begin(), e->program->slots().end(),
                           [&](std::uint32_t k) { return rules::is_result(plan.slots[k].source); });
    };
    for (const auto& t : plan.tiers) {
        if (!only_results(t.when) || !only_results(t.action_when)) {
            return false;
        }
    }
    return std::all_of(
        plan.ranking.order.begin(), plan.ranking.order.end(), [&](const rules::rank_key& k) {
            if (k.source != rules::rank_key::kind::slot) {
                return true;
            }
            const auto& sl = plan.slots[k.index];
            return rules::is_result(sl.source) ||
                   (sl.source == slot_source::attribute && k.type == rules::value_type::text);
        });
}

class batch_runner {
  public:
    batch_runner(setup& s, outputs& o, std::size_t batch_size)
        : s_(s), o_(o), scores_(o.columns), n_(s.size()), batch_size_(batch_size) {}

    /// A runner for `second_pass` alone that reads scores and criteria from `scores` (kept
    /// by a sweep, shared by every variant) and writes into `o` only statuses, tiers and
    /// messages: `o` holds no score, criterion, action or ranking key column.
    batch_runner(setup& s, outputs& o, std::size_t batch_size, const results_columns& scores)
        : s_(s), o_(o), scores_(scores), n_(s.size()), batch_size_(batch_size), tiers_only_(true) {}

    /// Inputs, derived values and criteria; then, unless the engine is cohort-relative,
    /// the engine, and with `tiers` the tiers (without them, `second_pass` gives them later).
    void first_pass(std::size_t batch, workspace& ws, bool tiers) {
        const auto [begin, m] = bounds(batch);
        check_eligibility(batch, begin, m);
        fill_inputs(batch, begin, m, ws);
        check_sources(batch, begin, m);
        run_derived(batch, begin, m, ws);
        run_criteria(batch, begin, m, ws);
        if (s_.plan.engine->cohort_relative()) {
            return;
        }
        score_batch(begin, m, ws);
        if (tiers) {
            classify(batch, begin, m, ws);
        }
    }

    /// After the engine saw every row (cohort-relative engines), or over scores kept from an
    /// earlier first pass (`tier_rulebook`): the inputs and derived values again (tiers and
    /// ranking keys may read them), then the tiers. The rows the first pass failed stay
    /// failed, and no row fails twice: `fail` and `run` only touch rows still evaluated, and
    /// every input or derived value that fails here failed there.
    void second_pass(std::size_t batch, workspace& ws) {
        const auto [begin, m] = bounds(batch);
        if (only_results_) {
            // Nothing the tier step reads comes from the inputs: classify fills the result
            // slots it reads, and no row can fail here that had not failed before.
            for (std::size_t k = 0; k < s_.plan.slots.size(); ++k) {
                ws.inputs[k] =
                    std::span<const double>(ws.slot(static_cast<std::uint32_t>(k))).first(m);
            }
        } else {
            fill_inputs(batch, begin, m, ws);
            run_derived(batch, begin, m, ws);
        }
        classify(batch, begin, m, ws);
    }

  private:
    [[nodiscard]] std::pair<std::size_t, std::size_t> bounds(std::size_t batch) const {
        const std::size_t begin = batch * batch_size_;
        return {begin, std::min(batch_size_, n_ - begin)};
    }

    [[nodiscard]] bool evaluated(std::size_t row) const {
        return o_.columns.status[row] == result_status::evaluated;
    }

    void check_eligibility(std::size_t batch, std::size_t begin, std::size_t m) {
        if (!may_be_ineligible(s_)) {
            return;
        }
        for (std::size_t row = begin; row < begin + m; ++row) {
            if (auto reason = why_not_eligible(s_, row)) {
                o_.columns.status[row] = result_status::not_eligible;
                o_.messages[batch].emplace_back(row, std::move(*reason));
            }
        }
    }

    void fail(std::size_t batch, std::size_t row, std::string message) {
        o_.columns.status[row] = result_status::error;
        o_.messages[batch].emplace_back(row, std::move(message));
    }

    /// The value of indicator `i` for `row` in `rows` (NaN when missing), and whether the
    /// cell held something that is not a number.
    [[nodiscard]] std::pair<double, bool> observed(std::size_t i, std::size_t row,
                                                   const period_rows& rows,
                                                   const std::vector<double>& texts) const {
        const auto& ip = s_.plan.indicators[i];
        if (ip.type == indicator_type::text) {
            return {texts.empty() ? missing_value : texts[row], false};
        }
        const observation_column* column = s_.indicator_column[i];
        const std::int64_t r = rows.row[s_.rows[row]];
        if (column == nullptr || r == no_row) {
            return {missing_value, false};
        }
        const auto cell = read_number_cell(*column, static_cast<std::size_t>(r));
        return {cell.value, cell.not_a_number};
    }

    void fill_inputs(std::size_t batch, std::size_t begin, std::size_t m, workspace& ws) {
        std::fill_n(ws.input_bad.begin(), m, 0);
        std::fill(ws.excluded.begin(), ws.excluded.end(), 0);
        for (std::size_t a = 0; a < rules::attribute_count; ++a) {
            const auto slot = s_.plan.attribute_slots[a];
            if (slot != no_index && !s_.attributes[a].empty()) {
                std::copy_n(s_.attributes[a].begin() + static_cast<std::ptrdiff_t>(begin), m,
                            ws.slot(slot).begin());
            }
        }
        const auto& indicators = s_.plan.indicators;
        for (std::size_t i = 0; i < indicators.size(); ++i) {
            const auto& ip = indicators[i];
            if (ip.rollup != no_index) {
                continue;
            }
            const auto current = ip.slot == no_index ? std::span<double>() : ws.slot(ip.slot);
            const auto& not_applicable = s_.not_applicable[i];
            for (std::size_t j = 0; j < m; ++j) {
                if (!not_applicable.empty() && not_applicable[begin + j] != 0) {
                    // The model's type does not list it: not read, its criteria not assessed.
                    ws.excluded[i * ws.capacity + j] = 1;
                    if (!current.empty()) {
                        current[j] = missing_value;
                    }
                    continue;
                }
                auto [v, not_a_number] = observed(i, begin + j, s_.current, s_.text_values[i]);
                if (not_a_number || (!std::isnan(v) && !fits_type(ip.type, v))) {
                    ws.input_bad[j] = 1;
                } else if (std::isnan(v)) {
                    switch (ip.missing) {
                        case missing_policy::error:
                            ws.input_bad[j] = 1;
                            break;
                        case missing_policy::zero:
                            v = 0;
                            break;
                        case missing_policy::exclude:
                            ws.excluded[i * ws.capacity + j] = 1;
                            break;
                    }
                }
                if (!current.empty()) {
                    current[j] = v;
                }
            }
            for (std::size_t back = 1; back <= ip.previous_slots.size(); ++back) {
                if (ip.previous_slots[back - 1] == no_index) {
                    continue;
                }
                const auto previous = ws.slot(ip.previous_slots[back - 1]);
                const auto& rows = s_.previous[back - 1];
                // Non-text indicators have no text values (observed() reads none for them).
                const auto& texts = ip.type == indicator_type::text
                                        ? s_.previous_text_values[i][back - 1]
                                        : s_.text_values[i];
                for (std::size_t j = 0; j < m; ++j) {
                    previous[j] = observed(i, begin + j, rows, texts).first;
                }
            }
        }
        for (std::size_t back = 1; back <= s_.plan.previous_tier_slots.size(); ++back) {
            const std::uint32_t slot = s_.plan.previous_tier_slots[back - 1];
            if (slot != no_index) {
                std::copy_n(
                    s_.previous_tiers[back - 1].begin() + static_cast<std::ptrdiff_t>(begin), m,
                    ws.slot(slot).begin());
            }
        }
        for (std::size_t r = 0; r < s_.plan.rollups.size(); ++r) {
            const auto& rp = s_.plan.rollups[r];
            const auto& values = s_.rollups[r];
            const std::uint32_t indicator = s_.rollup_indicator[r];
            const auto out = rp.slot == no_index ? std::span<double>() : ws.slot(rp.slot);
            for (std::size_t j = 0; j < m; ++j) {
                double v = values.value[begin + j];
                if (withheld(r, begin + j)) {
                    // Its verdict is withheld (`check_sources`): what the roll-up could not
                    // count is not also a data error of this subject.
                } else if (values.failed[begin + j] != 0) {
                    ws.input_bad[j] = 1;
                } else if (std::isnan(v)) {
                    if (rp.missing == missing_policy::zero) {
                        v = 0;
                    } else if (rp.missing == missing_policy::exclude && indicator != no_index) {
                        ws.excluded[indicator * ws.capacity + j] = 1;
                    } else {
                        ws.input_bad[j] = 1;
                    }
                }
                if (!out.empty()) {
                    out[j] = v;
                }
            }
        }
        for (std::size_t j = 0; j < m; ++j) {
            const std::size_t row = begin + j;
            const bool duplicate = s_.current.duplicate[s_.rows[row]] != no_row;
            if ((ws.input_bad[j] != 0 || duplicate) && evaluated(row)) {
                fail(batch, row, input_problem(row));
            }
        }
        for (std::size_t k = 0; k < s_.plan.slots.size(); ++k) {
            ws.inputs[k] = std::span<const double>(ws.slot(static_cast<std::uint32_t>(k))).first(m);
        }
    }

    /// Whether roll-up `r` met a source without a result for `row` under `on_error:
    /// incomplete`.
    [[nodiscard]] bool withheld(std::size_t r, std::size_t row) const {
        return s_.plan.rollups[r].on_error == rollup_error_policy::incomplete &&
               !s_.rollups[r].unresolved_of(row, s_.row_unit[row]).empty();
    }

    /// What the roll-ups of `row` met of source subjects without a result: one entry per
    /// policy that met any (incomplete, skip, fail, in that order).
    [[nodiscard]] std::vector<incompleteness> sources_without_result(std::size_t row) const {
        std::vector<incompleteness> out;
        for (const auto policy : {rollup_error_policy::incomplete, rollup_error_policy::skip,
                                  rollup_error_policy::fail}) {
            incompleteness i;
            i.policy = policy;
            // (first roll-up over the same results, source row): two roll-ups over the same
            // rulebook meet the same subjects, named once, in roll-up then row order.
            std::vector<std::pair<std::size_t, std::uint32_t>> met;
            for (std::size_t r = 0; r < s_.plan.rollups.size(); ++r) {
                const auto rows = s_.rollups[r].unresolved_of(row, s_.row_unit[row]);
                if (s_.plan.rollups[r].on_error != policy || rows.empty()) {
                    continue;
                }
                i.rollups.push_back(s_.plan.rollups[r].id);
                const auto first = static_cast<std::size_t>(std::find(s_.rollup_sources.begin(),
                                                                      s_.rollup_sources.end(),
                                                                      s_.rollup_sources[r]) -
                                                            s_.rollup_sources.begin());
                for (const std::uint32_t source_row : rows) {
                    met.emplace_back(first, source_row);
                }
            }
            if (met.empty()) {
                continue;
            }
            std::sort(met.begin(), met.end());
            met.erase(std::unique(met.begin(), met.end()), met.end());
            i.count = met.size();
            for (std::size_t k = 0; k < std::min(met.size(), shown_sources); ++k) {
                const auto& results = s_.rollup_sources[met[k].first];
                const std::uint32_t source_row = met[k].second;
                const auto& c = results->columns();
                const subject_view view(s_.data.registry, results->header().subject);
                i.sources.push_back(make_source(
                    c.subject[source_row], view.text(attribute::name, c.subject_index[source_row]),
                    results->header().rulebook, c.status[source_row], c.message[source_row]));
            }
            out.push_back(std::move(i));
        }
        return out;
    }

    /// Subjects whose roll-ups met sources without a result: `incomplete` (no verdict) when a
    /// roll-up says so, otherwise evaluated with a note naming what was skipped or counted as
    /// failing. A subject already in error keeps its own problem.
    void check_sources(std::size_t batch, std::size_t begin, std::size_t m) {
        if (!s_.any_unresolved) {
            return;
        }
        for (std::size_t row = begin; row < begin + m; ++row) {
            if (!evaluated(row)) {
                continue;
            }
            const auto notes = sources_without_result(row);
            if (notes.empty()) {
                continue;
            }
            if (notes.front().policy == rollup_error_policy::incomplete) {
                o_.columns.status[row] = result_status::incomplete;
                o_.messages[batch].emplace_back(row, to_message(notes.front()));
            } else {
                o_.messages[batch].emplace_back(row, to_message(notes));
            }
        }
    }

    /// Why the inputs of `row` are wrong (the rare path: only for rows that are).
    [[nodiscard]] std::string input_problem(std::size_t row) const {
        const index_t subject = s_.rows[row];
        const std::string_view id = s_.subjects.id(subject);
        const auto& labels = s_.data.observations.period_labels();
        const auto& row_periods = s_.data.observations.row_periods();
        if (const std::int64_t second = s_.current.duplicate[subject]; second != no_row) {
            const std::int64_t first = s_.current.row[subject];
            return fmt::format(
                "two observation rows of subject '{}' are for period {}: '{}' and '{}'", id,
                s_.period_text, labels[row_periods[static_cast<std::size_t>(first)]],
                labels[row_periods[static_cast<std::size_t>(second)]]);
        }
        std::vector<std::string> absent;
        std::string wrong;  // every wrong cell, each with its place
        const auto& indicators = s_.plan.indicators;
        const auto& table = s_.data.observations;
        for (std::size_t i = 0; i < indicators.size(); ++i) {
            const auto& ip = indicators[i];
            if (ip.rollup != no_index) {
                continue;
            }
            if (!s_.not_applicable[i].empty() && s_.not_applicable[i][row] != 0) {
                continue;
            }
            const auto [v, not_a_number] = observed(i, row, s_.current, s_.text_values[i]);
            if (not_a_number || (!std::isnan(v) && !fits_type(ip.type, v))) {
                const auto r = static_cast<std::size_t>(s_.current.row[subject]);
                const auto* column = s_.indicator_column[i];
                const auto c = static_cast<std::size_t>(column - table.columns().data());
                wrong += fmt::format("{}{}: {}", wrong.empty() ? "" : "; ",
                                     place_text(table.cell_location(r, c)),
                                     wrong_cell_words(*column, r, {v, not_a_number}, ip.id, ip.type,
                                                      id, s_.period_text));
            } else if (std::isnan(v) && ip.missing == missing_policy::error) {
                absent.push_back(fmt::format("'{}'", ip.id));
            }
        }
        for (std::size_t r = 0; r < s_.plan.rollups.size(); ++r) {
            const auto& rp = s_.plan.rollups[r];
            const auto& values = s_.rollups[r];
            if (withheld(r, row)) {
                continue;
            }
            if (values.failed[row] != 0) {
                const std::string what =
                    fmt::format("roll-up '{}' (over the results of '{}')", rp.id, rp.from);
                return s_.places.message(rp.inner, values.failed_column, what) +
                       fmt::format(" for subject '{}' in period {}", id, s_.period_text);
            }
            const bool excluded =
                rp.missing == missing_policy::exclude && s_.rollup_indicator[r] != no_index;
            if (std::isnan(values.value[row]) && rp.missing != missing_policy::zero && !excluded) {
                absent.push_back(
                    fmt::format("'{}' (nothing to roll up from '{}')", rp.id, rp.from));
            }
        }
        if (!absent.empty()) {
            std::string names;
            for (const auto& a : absent) {
                names += names.empty() ? a : ", " + a;
            }
            wrong += fmt::format(
                "{}missing {} {} for subject '{}' in period {}", wrong.empty() ? "" : "; ",
                absent.size() == 1 ? "indicator" : "indicators", names, id, s_.period_text);
        }
        return wrong.empty()
                   ? fmt::format("bad inputs for subject '{}' in period {}", id, s_.period_text)
                   : wrong;
    }

    /// Runs `e` over the batch into `out`; rows that fail become errors naming `what`.
    void run(const compiled_expression& e, std::size_t batch, std::size_t begin, std::size_t m,
             std::span<double> out, std::string_view what, workspace& ws) {
        const auto errors = std::span<std::uint32_t>(ws.errors).first(m);
        if (e.constant) {
            std::fill_n(out.begin(), m, *e.constant);
            if (!std::isinf(*e.constant)) {
                return;
            }
            std::fill(errors.begin(), errors.end(), 0U);  // folded to infinity: said below
        } else {
            e.program->run(ws.inputs, out.first(m), errors, ws.scratch);
        }
        for (std::size_t j = 0; j < m; ++j) {
            if (!evaluated(begin + j)) {
                continue;
            }
            if (errors[j] != 0) {
                fail(batch, begin + j,
                     s_.places.message(e, errors[j], what) +
                         fmt::format(" for subject '{}' in period {}",
                                     s_.subjects.id(s_.rows[begin + j]), s_.period_text));
            } else if (std::isinf(out[j])) {
                // An overflow (1e200 * 1e200): no engine can rank infinity, and clamping it
                // would hide data that are surely wrong.
                fail(batch, begin + j,
                     fmt::format("a result too large to compute in {} ('{}') for subject '{}' "
                                 "in period {}",
                                 what, e.source.text, s_.subjects.id(s_.rows[begin + j]),
                                 s_.period_text));
            }
        }
    }

    void run_derived(std::size_t batch, std::size_t begin, std::size_t m, workspace& ws) {
        for (const auto& d : s_.plan.derived) {
            run(d.formula, batch, begin, m, ws.slot(d.slot),
                fmt::format("derived value '{}'", d.id), ws);
        }
    }

    void run_criteria(std::size_t batch, std::size_t begin, std::size_t m, workspace& ws) {
        const auto& criteria = s_.plan.criteria;
        const auto out = std::span<double>(ws.out).first(m);
        for (std::size_t k = 0; k < criteria.size(); ++k) {
            const auto& c = criteria[k];
            const std::string what = fmt::format("criterion '{}'", c.id);
            const bool gate = c.kind == criterion_kind::required || c.kind == criterion_kind::veto;
            double* scores = ws.criterion_scores.data() + k * ws.capacity;
            double* values = ws.criterion_values.data() + k * ws.capacity;
            std::uint8_t* assessed = ws.criterion_assessed.data() + k * ws.capacity;
            run(gate ? *c.when : *c.score, batch, begin, m, out, what, ws);
            for (std::size_t j = 0; j < m; ++j) {
                bool ok = !std::isnan(out[j]);
                for (const std::uint32_t i : c.excluded_by) {
                    ok = ok && ws.excluded[i * ws.capacity + j] == 0;
                }
                assessed[j] = ok ? 1 : 0;
                scores[j] =
                    !ok ? missing_value
                        : (gate ? (out[j] == 1.0 ? 1.0 : 0.0) : std::clamp(out[j], 0.0, 1.0));
                values[j] = !ok ? missing_value : (gate ? scores[j] : out[j]);
            }
            if (c.value) {
                run(*c.value, batch, begin, m, out, what, ws);
                for (std::size_t j = 0; j < m; ++j) {
                    values[j] = assessed[j] != 0 ? out[j] : missing_value;
                }
            }
        }
        // Write the results of the batch's rows (none for rows that are not evaluated).
        const std::size_t n = n_;
        auto& col = o_.columns;
        const bool cohort = s_.plan.engine->cohort_relative();
        for (std::size_t k = 0; k < criteria.size(); ++k) {
            const bool penalty = criteria[k].kind == criterion_kind::penalty;
            for (std::size_t j = 0; j < m; ++j) {
                const std::size_t row = begin + j;
                const std::size_t local = k * ws.capacity + j;
                const std::size_t cell = k * n + row;
                const bool on = evaluated(row) && ws.criterion_assessed[local] != 0;
                if (!on) {
                    ws.criterion_assessed[local] = 0;
                    ws.criterion_scores[local] = missing_value;
                    ws.criterion_values[local] = missing_value;
                }
                const double score = ws.criterion_scores[local];
                col.criterion_assessed[cell] = on ? 1 : 0;
                col.criterion_value[cell] = ws.criterion_values[local];
                col.criterion_passed[cell] = on && (penalty ? score == 0.0 : score > 0.0) ? 1 : 0;
                col.criterion_points[cell] = missing_value;
                if (cohort) {
                    o_.engine_scores[cell] = score;
                    o_.engine_values[cell] = ws.criterion_values[local];
                }
            }
        }
    }

    /// The engine over the batch's evaluated rows.
    void score_batch(std::size_t begin, std::size_t m, workspace& ws) {
        ws.chosen.clear();
        for (std::size_t j = 0; j < m; ++j) {
            if (evaluated(begin + j)) {
                ws.chosen.push_back(static_cast<std::uint32_t>(j));
            }
        }
        const std::size_t e = ws.chosen.size();
        if (e == 0) {
            return;
        }
        const std::size_t criteria = s_.plan.criteria.size();
        for (std::size_t k = 0; k < criteria; ++k) {
            for (std::size_t x = 0; x < e; ++x) {
                const std::size_t local = k * ws.capacity + ws.chosen[x];
                ws.engine_scores[k * e + x] = ws.criterion_scores[local];
                ws.engine_values[k * e + x] = ws.criterion_values[local];
                ws.engine_assessed[k * e + x] = ws.criterion_assessed[local];
            }
        }
        engine_input in;
        in.subject_count = e;
        in.criteria = s_.plan.engine_criteria;
        in.scores = std::span<const double>(ws.engine_scores).first(criteria * e);
        in.values = std::span<const double>(ws.engine_values).first(criteria * e);
        in.assessed = std::span<const std::uint8_t>(ws.engine_assessed).first(criteria * e);
        std::fill_n(ws.engine_contributions.begin(), criteria * e, 0.0);
        const engine_output out{std::span<double>(ws.engine_out).first(e),
                                std::span<double>(ws.engine_contributions).first(criteria * e)};
        run_engine(s_, in, out, [&](std::size_t i) { return begin + ws.chosen[i]; });
        for (std::size_t x = 0; x < e; ++x) {
            store_score(begin + ws.chosen[x], ws.engine_out[x],
                        [&](std::size_t k) { return ws.engine_contributions[k * e + x]; });
        }
    }

  public:
    /// Stores a row's score (rounded) and contributions (NaN where not assessed).
    template <class Contribution>
    void store_score(std::size_t row, double raw, const Contribution& contribution) {
        auto& col = o_.columns;
        col.score[row] = round_score(raw, s_.plan.rounding_digits);
        col.max_score[row] = s_.plan.max_score;
        for (std::size_t k = 0; k < s_.plan.criteria.size(); ++k) {
            const std::size_t cell = k * n_ + row;
            col.criterion_points[cell] =
                col.criterion_assessed[cell] != 0 ? contribution(k) : missing_value;
        }
    }

  private:
    /// Result slots, tiers, and the ranking keys of the batch's rows.
    void classify(std::size_t batch, std::size_t begin, std::size_t m, workspace& ws) {
        const auto& plan = s_.plan;
        const auto& col = scores_;
        for (std::uint32_t k = 0; k < plan.slots.size(); ++k) {
            const auto& sl = plan.slots[k];
            if (!rules::is_result(sl.source)) {
                continue;
            }
            const auto out = ws.slot(k);
            for (std::size_t j = 0; j < m; ++j) {
                out[j] = result_slot(sl, begin + j);
            }
        }
        const std::size_t tiers = plan.tiers.size();
        for (std::size_t t = 0; t + 1 < tiers; ++t) {
            const auto& tp = plan.tiers[t];
            const auto out = std::span<double>(ws.out).first(m);
            run(*tp.when, batch, begin, m, out, fmt::format("the condition of tier '{}'", tp.id),
                ws);
            for (std::size_t j = 0; j < m; ++j) {
                bool ok = out[j] == 1.0;
                for (const std::uint32_t c : tp.requires_criteria) {
                    const std::size_t cell = c * n_ + begin + j;
                    ok = ok &&
                         (col.criterion_assessed[cell] == 0 || col.criterion_passed[cell] != 0);
                }
                ws.met[t * m + j] = ok ? 1 : 0;
            }
        }
        for (std::size_t j = 0; j < m; ++j) {
            ws.evaluated[j] = evaluated(begin + j) ? 1 : 0;
        }
        // Each row's cap: the lowest tier any failed veto allows. Veto by veto, down each
        // criterion's column (a sweep runs this step once per value).
        std::fill_n(ws.vetoed.begin(), m, 0);
        for (std::size_t c = 0; c < plan.criteria.size(); ++c) {
            const auto& cp = plan.criteria[c];
            if (cp.kind != criterion_kind::veto) {
                continue;
            }
            const auto capped =
                static_cast<std::int32_t>(cp.caps_at == rules::no_index ? tiers - 1 : cp.caps_at);
            const std::size_t first = c * n_ + begin;
            for (std::size_t j = 0; j < m; ++j) {
                if (col.criterion_assessed[first + j] != 0 &&
                    col.criterion_passed[first + j] == 0) {
                    ws.vetoed[j] = std::max(ws.vetoed[j], capped);
                }
            }
        }
        // Every tier's action condition, for every row: the tier decided later by the
        // committee may not be the one proposed, and it needs its action too.
        if (!o_.columns.action_branches.empty()) {
            for (std::size_t t = 0; t < tiers; ++t) {
                const auto& tp = plan.tiers[t];
                if (!tp.action_when) {
                    continue;
                }
                const auto out = std::span<double>(ws.out).first(m);
                run(*tp.action_when, batch, begin, m, out,
                    fmt::format("the action condition of tier '{}'", tp.id), ws);
                for (std::size_t j = 0; j < m; ++j) {
                    o_.columns.action_branches[t * n_ + begin + j] =
                        std::isnan(out[j]) ? action_branch::missing
                        : out[j] == 1.0    ? action_branch::held
                                           : action_branch::failed;
                }
            }
        }
        const tier_conditions conditions{m, tiers,
                                         std::span<const std::uint8_t>(ws.met).first(tiers * m),
                                         std::span<const std::int32_t>(ws.vetoed).first(m),
                                         std::span<const std::uint8_t>(ws.evaluated).first(m)};
        assign_tiers(conditions, std::span<std::int32_t>(o_.columns.tier).subspan(begin, m));
        for (std::size_t j = 0; j < m; ++j) {
            if (!evaluated(begin + j)) {
                clear_row(begin + j);
            }
        }
        for (std::size_t key = 0; key < plan.ranking.order.size() && !tiers_only_; ++key) {
            const auto& rk = plan.ranking.order[key];
            if (rk.source != rules::rank_key::kind::slot) {
                continue;
            }
            const auto values = ws.slot(rk.index);
            std::copy_n(values.begin(), m,
                        o_.key_columns[key].begin() + static_cast<std::ptrdiff_t>(begin));
        }
    }

    [[nodiscard]] double result_slot(const rules::slot& sl, std::size_t row) const {
        const auto& col = scores_;
        const auto counted = [&](bool want_passed, bool want_failed) {
            double count = 0;
            for (std::size_t c = 0; c < s_.plan.criteria.size(); ++c) {
                const std::size_t cell = c * n_ + row;
                if (col.criterion_assessed[cell] == 0) {
                    continue;
                }
                const bool passed = col.criterion_passed[cell] != 0;
                count += (!want_passed && !want_failed) || (want_passed && passed) ||
                                 (want_failed && !passed)
                             ? 1
                             : 0;
            }
            return count;
        };
        const std::size_t cell = sl.index * n_ + row;
        switch (sl.source) {
            case slot_source::score:
                return col.score[row];
            case slot_source::max_score:
                return col.max_score[row];
            case slot_source::passed_count:
                return counted(true, false);
            case slot_source::failed_count:
                return counted(false, true);
            case slot_source::assessed_count:
                return counted(false, false);
            case slot_source::criterion_passed:
                return col.criterion_assessed[cell] != 0
                           ? (col.criterion_passed[cell] != 0 ? 1.0 : 0.0)
                           : missing_value;
            case slot_source::criterion_points:
                return col.criterion_points[cell];
            case slot_source::criterion_value:
                return col.criterion_value[cell];
            default:
                return missing_value;
        }
    }

    /// A row that is not evaluated has no score, tier or criterion results.
    void clear_row(std::size_t row) {
        auto& col = o_.columns;
        col.tier[row] = no_tier;
        if (tiers_only_) {
            return;
        }
        col.score[row] = missing_value;
        col.max_score[row] = missing_value;
        if (!col.action_branches.empty()) {
            for (std::size_t t = 0; t < s_.plan.tiers.size(); ++t) {
                col.action_branches[t * n_ + row] = action_branch::fixed;
            }
        }
        for (std::size_t c = 0; c < s_.plan.criteria.size(); ++c) {
            const std::size_t cell = c * n_ + row;
            col.criterion_assessed[cell] = 0;
            col.criterion_passed[cell] = 0;
            col.criterion_value[cell] = missing_value;
            col.criterion_points[cell] = missing_value;
        }
    }

    setup& s_;
    outputs& o_;
    /// What the tier step reads scores and criteria from: `o_.columns`, or a sweep's.
    const results_columns& scores_;
    std::size_t n_;
    std::size_t batch_size_;
    bool tiers_only_ = false;
    bool only_results_ = tiers_read_only_results(s_.plan);
};

/// Bytes a thread's workspace may take, whatever the rulebook: the rows of a batch are cut
/// down to fit (a version of many criteria gets smaller batches, not gigabytes).
constexpr std::size_t workspace_budget = std::size_t{64} << 20;

/// The rows a batch holds: those asked for, but no more than there are subjects (one model
/// needs no room for 4,096) and no more than the workspace budget allows (at least one).
/// Batches only cut the work: the results are the same for any size.
std::size_t workspace_rows(const version_plan& plan, std::size_t subjects, std::size_t asked) {
    const std::size_t per_row =
        sizeof(double) * (plan.slots.size() + 6 * plan.criteria.size() + 4) +
        plan.indicators.size() + 2 * plan.criteria.size() + plan.tiers.size() + 16;
    const std::size_t affordable = std::max<std::size_t>(1, workspace_budget / per_row);
    return std::max<std::size_t>(1, std::min({asked, subjects, affordable}));
}

/// Runs `work(batch, workspace)` for every batch on `threads` threads. Each batch writes
/// only its own rows, so which thread runs which batch does not change the result.
template <class Work>
void for_each_batch(std::size_t batches, unsigned threads, const version_plan& plan,
                    std::size_t batch_size, const Work& work) {
    detail::for_each_item(
        batches, threads, [&] { return workspace(plan, batch_size); }, work);
}

/// The engine over every evaluated row at once (cohort-relative engines).
void score_cohort(setup& s, outputs& o, batch_runner& runner) {
    const std::size_t n = s.size();
    const std::size_t criteria = s.plan.criteria.size();
    std::vector<std::uint32_t> chosen;
    for (std::size_t row = 0; row < n; ++row) {
        if (o.columns.status[row] == result_status::evaluated) {
            chosen.push_back(static_cast<std::uint32_t>(row));
        }
    }
    const std::size_t e = chosen.size();
    if (e == 0) {
        return;
    }
    std::vector<double> scores(criteria * e);
    std::vector<double> values(criteria * e);
    std::vector<std::uint8_t> assessed(criteria * e);
    for (std::size_t k = 0; k < criteria; ++k) {
        for (std::size_t x = 0; x < e; ++x) {
            const std::size_t cell = k * n + chosen[x];
            scores[k * e + x] = o.engine_scores[cell];
            values[k * e + x] = o.engine_values[cell];
            assessed[k * e + x] = o.columns.criterion_assessed[cell];
        }
    }
    std::vector<double> out(e, 0);
    std::vector<double> contributions(criteria * e, 0);
    engine_input in;
    in.subject_count = e;
    in.criteria = s.plan.engine_criteria;
    in.scores = scores;
    in.values = values;
    in.assessed = assessed;
    run_engine(s, in, engine_output{out, contributions},
               [&](std::size_t i) { return std::size_t{chosen[i]}; });
    for (std::size_t x = 0; x < e; ++x) {
        runner.store_score(chosen[x], out[x],
                           [&](std::size_t k) { return contributions[k * e + x]; });
    }
}

// ---- Quotas and ranking --------------------------------------------------------------------

/// The ranking's order over every row, and the texts its text keys compare.
struct ranking_keys {
    std::vector<order_column> columns;
    std::vector<std::vector<std::string_view>> texts;
    std::vector<std::vector<std::uint8_t>> present;
};

/// The ranking's order over `columns` (scores and criterion points) and, for keys read from
/// other slots, `key_columns` (per key, as the tier step copies them).
ranking_keys ranking_order(const setup& s, const results_columns& columns,
                           const std::vector<std::vector<double>>& key_columns) {
    const std::size_t n = s.size();
    ranking_keys keys;
    const auto& order = s.plan.ranking.order;
    keys.texts.resize(order.size());
    keys.present.resize(order.size());
    for (std::size_t k = 0; k < order.size(); ++k) {
        const auto& rk = order[k];
        if (rk.source == rules::rank_key::kind::criterion) {
            keys.columns.push_back(order_column::by_number(
                std::span<const double>(columns.criterion_points).subspan(rk.index * n, n),
                rk.descending));
            continue;
        }
        const auto& sl = s.plan.slots[rk.index];
        const bool is_id = sl.source == slot_source::attribute &&
                           static_cast<attribute>(sl.index) == attribute::id;
        if (rk.type != rules::value_type::text) {
            const auto& values = sl.source == slot_source::score ? columns.score : key_columns[k];
            keys.columns.push_back(order_column::by_number(values, rk.descending));
            continue;
        }
        auto& texts = keys.texts[k];
        auto& present = keys.present[k];
        texts.resize(n);
        present.assign(n, 1);
        for (std::size_t row = 0; row < n; ++row) {
            if (sl.source == slot_source::attribute) {
                texts[row] = s.subjects.text(static_cast<attribute>(sl.index), s.rows[row]);
                continue;
            }
            const double id = key_columns[k][row];
            if (std::isnan(id)) {
                present[row] = 0;
                continue;
            }
            texts[row] = s.texts.text(
                id, [&](std::uint32_t subject) { return unique_subject_text(s, subject); });
        }
        auto column = order_column::by_text(texts, rk.descending, present);
        keys.columns.push_back(is_id ? column.tie_breaker() : column);
    }
    return keys;
}

/// Evaluated rows (by `status`) grouped by `scope`; every other row in no group.
grouped_rows evaluated_groups(const setup& s, std::span<const result_status> status,
                              const rules::group_scope& scope) {
    auto groups = assign_groups(s.data.registry, s.row_unit, scope.all, scope.unit_kind, {});
    for (std::size_t row = 0; row < s.size(); ++row) {
        if (status[row] != result_status::evaluated) {
            groups.group[row] = no_group;
        }
    }
    return group_rows(groups.group, groups.names.size());
}

/// The quotas of the version's tiers, each over the evaluated rows (by `status`) grouped
/// by its `within`.
tier_quotas quotas_of(const setup& s, std::span<const result_status> status) {
    tier_quotas out;
    for (std::size_t t = 0; t < s.plan.tiers.size(); ++t) {
        const auto& q = s.plan.tiers[t].quota;
        if (!q) {
            continue;
        }
        out.groups.push_back(evaluated_groups(s, status, q->within));
        quota_rule rule;
        rule.tier = t;
        rule.max_share = q->max_share;
        rule.relative_to =
            q->relative_to == no_index ? -1 : static_cast<std::int32_t>(q->relative_to);
        out.quotas.push_back(rule);
    }
    return out;
}

void apply_tier_quotas(const setup& s, outputs& o, const row_order& order) {
    o.columns.qualified_tier = o.columns.tier;
    const tier_quotas quotas = quotas_of(s, o.columns.status);
    apply_quotas(o.columns.tier, s.plan.tiers.size(), quotas.rules(), order);
}

void rank(const setup& s, outputs& o, const row_order& order, unsigned threads) {
    const auto& ranking = s.plan.ranking;
    std::vector<std::vector<std::string_view>> by_values(ranking.by.size());
    std::vector<std::span<const std::string_view>> by;
    for (std::size_t k = 0; k < ranking.by.size(); ++k) {
        by_values[k].resize(s.size());
        for (std::size_t row = 0; row < s.size(); ++row) {
            by_values[k][row] = s.subjects.text(ranking.by[k], s.rows[row]);
        }
        by.emplace_back(by_values[k]);
    }
    auto groups = assign_groups(s.data.registry, s.row_unit, ranking.within.all,
                                ranking.within.unit_kind, by);
    std::vector<std::uint32_t> ranked = groups.group;
    for (std::size_t row = 0; row < s.size(); ++row) {
        if (o.columns.status[row] != result_status::evaluated) {
            ranked[row] = no_group;
        }
    }
    o.columns.rank.assign(s.size(), no_rank);
    if (ranking.ranked) {
        auto rows = group_rows(ranked, groups.names.size());
        rank_within_groups(rows, order, ranking.method, o.columns.rank, threads);
    }
    o.columns.group = std::move(groups.group);
    o.columns.group_names = std::move(groups.names);
    if (o.columns.group_names.empty()) {
        o.columns.group_names.emplace_back(all_group_name);
    }
}

// ---- Results --------------------------------------------------------------------------------

// The header of a rulebook's results in a period: everything the rulebook's version says,
// none of it from the data (so results read back from a database can be given it too).
results_header header_of(const rulebook& book, const rulebook_version& version,
                         const version_plan& plan, const period& when, std::string period_text,
                         std::string fingerprint) {
    results_header h;
    h.rulebook = book.id;
    h.title = book.title;
    h.subject = book.subject;
    h.version = version.version;
    h.version_basis = version.basis;
    h.period_text = std::move(period_text);
    h.period_first = when.first();
    h.period_last = when.last();
    h.rounding_digits = plan.rounding_digits;
    for (std::size_t c = 0; c < version.criteria.size(); ++c) {
        const auto& src = version.criteria[c];
        const std::uint32_t cap = plan.criteria[c].caps_at;
        h.criteria.push_back({src.id, src.title, src.group, src.basis, src.kind, src.points,
                              src.note, src.when.empty() ? src.score.text : src.when.text,
                              cap == no_index ? no_tier : static_cast<std::int32_t>(cap)});
    }
    for (std::size_t t = 0; t < plan.tiers.size(); ++t) {
        const auto& tp = plan.tiers[t];
        tier_summary summary;
        summary.id = tp.id;
        summary.label = tp.label;
        summary.action = tp.action;
        summary.action_when = version.tiers[t].action_when.text;
        summary.otherwise = tp.otherwise;
        summary.when = version.tiers[t].when.text;
        summary.min_score = tp.min_score;
        summary.min_score_strict = tp.min_score_strict;
        summary.requires_criteria = tp.requires_criteria;
        summary.has_quota = tp.quota.has_value();
        if (tp.quota) {
            summary.quota_share = tp.quota->max_share;
            summary.quota_within = tp.quota->within.all ? "all" : tp.quota->within.unit_kind;
            summary.quota_relative_to = tp.quota->relative_to == no_index
                                            ? no_tier
                                            : static_cast<std::int32_t>(tp.quota->relative_to);
        }
        h.tiers.push_back(std::move(summary));
    }
    h.engine = std::string(plan.engine->name());
    h.additive = plan.engine->additive();
    h.fingerprint = std::move(fingerprint);
    return h;
}

/// Sizes the columns the tier step writes: tiers, action branches, ranking keys, and the
/// messages of each batch.
void start_tier_columns(const setup& s, outputs& o, std::size_t batches) {
    const std::size_t n = s.size();
    auto& c = o.columns;
    c.tier.assign(n, no_tier);
    c.action_branches.clear();
    if (std::any_of(s.plan.tiers.begin(), s.plan.tiers.end(),
                    [](const rules::tier_plan& t) { return t.action_when.has_value(); })) {
        c.action_branches.assign(s.plan.tiers.size() * n, action_branch::fixed);
    }
    o.key_columns.assign(s.plan.ranking.order.size(), std::vector<double>(n, missing_value));
    o.messages.resize(batches);
}

results_header make_header(const setup& s, std::string fingerprint) {
    return header_of(s.book, s.version, s.plan, s.when, s.period_text, std::move(fingerprint));
}

/// Sizes the output columns. The criterion columns are the bulk (criteria × subjects cells,
/// about 200 MB for a million subjects with eleven criteria) and the first touch of their pages
/// costs more than filling them: with more than one thread, half of them are made on a second
/// thread while this one makes the rest.
void start_columns(const setup& s, outputs& o, std::size_t batches, unsigned threads) {
    const std::size_t n = s.size();
    const std::size_t cells = s.plan.criteria.size() * n;
    auto& c = o.columns;
    const bool cohort = s.plan.engine->cohort_relative();
    const auto first_half = [&] {
        c.criterion_value.assign(cells, missing_value);
        c.criterion_passed.assign(cells, 0);
        if (cohort) {
            o.engine_scores.assign(cells, missing_value);
        }
        c.subject.reserve(n, n * 8);
        c.subject_index.resize(n);
        for (std::size_t row = 0; row < n; ++row) {
            c.subject.push_back(s.subjects.id(s.rows[row]));
            c.subject_index[row] = s.rows[row];
        }
        c.status.assign(n, result_status::evaluated);
        c.score.assign(n, missing_value);
        c.max_score.assign(n, missing_value);
        start_tier_columns(s, o, batches);
    };
    const auto second_half = [&] {
        c.criterion_points.assign(cells, missing_value);
        c.criterion_assessed.assign(cells, 0);
        if (cohort) {
            o.engine_values.assign(cells, missing_value);
        }
    };
    if (threads < 2 || cells < parallel_cells) {
        first_half();
        second_half();
        return;
    }
    run_pieces(2, [&](std::size_t k) { k == 0 ? first_half() : second_half(); });
}

text_column messages_of(const setup& s, outputs& o) {
    std::vector<std::string_view> by_row(s.size());
    for (const auto& batch : o.messages) {
        for (const auto& [row, message] : batch) {
            by_row[row] = message;
        }
    }
    text_column out;
    out.reserve(s.size(), 0);
    for (const auto text : by_row) {
        out.push_back(text);
    }
    return out;
}

}  // namespace

void check_rulebook_data(const dataset& data, const compiled_rulebook& book,
                         std::string_view period_text, unsigned threads,
                         std::vector<diagnostic>& out) {
    const auto& compiled = rules::plan_of(book);
    const rulebook& source = *compiled.source;
    const period when = period::parse(period_text, source.period);
    const std::size_t v = book.version_index_for(when);
    setup s(data, compiled, source, source.versions[v], compiled.versions[v], when,
            std::string(period_text));
    s.threads = std::max(1U, threads);
    find_rows_and_units(s);
    read_observations(s);
    const auto& table = data.observations;
    const std::string file = table.source_file().empty() ? "observations.csv" : table.source_file();
    const auto& indicators = s.plan.indicators;
    const auto column_of = [&](std::size_t i) {
        return static_cast<std::size_t>(s.indicator_column[i] - table.columns().data());
    };
    // A column the file lacks is said once, not once per subject.
    for (std::size_t i = 0; i < indicators.size(); ++i) {
        const auto& ip = indicators[i];
        if (ip.rollup == no_index && s.indicator_column[i] == nullptr &&
            ip.missing == missing_policy::error && s.size() > 0) {
            out.push_back({{file, 0, 0},
                           severity::error,
                           fmt::format("no column '{}', which rulebook '{}' needs for every "
                                       "subject (missing: error)",
                                       ip.id, source.id)});
        }
    }
    const bool check_life = may_be_ineligible(s);
    // The rows are checked in pieces, each into a list of its own, put together in row
    // order: the caller sorts them anyway, and the list is the same for any piece count.
    const std::size_t pieces = s.size() < parallel_check_rows ? 1 : s.threads;
    std::vector<std::vector<diagnostic>> found(pieces);
    run_pieces(pieces, [&](std::size_t piece) {
        std::vector<diagnostic>& problems = found[piece];
        for (std::size_t row = s.size() * piece / pieces; row < s.size() * (piece + 1) / pieces;
             ++row) {
            if (check_life && why_not_eligible(s, row)) {
                continue;
            }
            const index_t subject = s.rows[row];
            // Only a row with a problem needs its id: reading it for every row read every
            // subject's record (a million models of about 240 bytes each).
            const auto id = [&] { return s.subjects.id(subject); };
            const std::int64_t r = s.current.row[subject];
            if (const std::int64_t second = s.current.duplicate[subject]; second != no_row) {
                const auto& labels = table.period_labels();
                const auto& periods = table.row_periods();
                auto where = table.cell_location(static_cast<std::size_t>(second), 0);
                where.column = 0;
                problems.push_back(
                    {std::move(where), severity::error,
                     fmt::format("two observation rows of subject '{}' are for period {}: "
                                 "'{}' and '{}'",
                                 id(), s.period_text, labels[periods[static_cast<std::size_t>(r)]],
                                 labels[periods[static_cast<std::size_t>(second)]])});
            }
            std::string absent;
            for (std::size_t i = 0; i < indicators.size(); ++i) {
                const auto& ip = indicators[i];
                const observation_column* column = s.indicator_column[i];
                if (ip.rollup != no_index || column == nullptr ||
                    (!s.not_applicable[i].empty() && s.not_applicable[i][row] != 0)) {
                    continue;
                }
                if (r == no_row) {
                    if (ip.missing == missing_policy::error) {
                        absent += fmt::format("{}'{}'", absent.empty() ? "" : ", ", ip.id);
                    }
                    continue;
                }
                const auto cell = static_cast<std::size_t>(r);
                if (ip.type == indicator_type::text) {
                    if (column->is_missing(cell) && ip.missing == missing_policy::error) {
                        problems.push_back(
                            {table.cell_location(cell, column_of(i)), severity::error,
                             fmt::format("missing indicator '{}' for subject '{}' in "
                                         "period {}",
                                         ip.id, id(), s.period_text)});
                    }
                    continue;
                }
                const cell_reading value = read_number_cell(*column, cell);
                if (value.not_a_number ||
                    (!std::isnan(value.value) && !fits_type(ip.type, value.value))) {
                    problems.push_back({table.cell_location(cell, column_of(i)), severity::error,
                                        wrong_cell_words(*column, cell, value, ip.id, ip.type, id(),
                                                         s.period_text)});
                } else if (std::isnan(value.value) && ip.missing == missing_policy::error) {
                    problems.push_back(
                        {table.cell_location(cell, column_of(i)), severity::error,
                         fmt::format("missing indicator '{}' for subject '{}' in period {}", ip.id,
                                     id(), s.period_text)});
                }
            }
            if (!absent.empty()) {
                problems.push_back({{file, 0, 0},
                                    severity::error,
                                    fmt::format("no observation row of subject '{}' for period {} "
                                                "(needed: {})",
                                                id(), s.period_text, absent)});
            }
        }
    });
    for (auto& piece : found) {
        out.insert(out.end(), std::make_move_iterator(piece.begin()),
                   std::make_move_iterator(piece.end()));
    }
}

namespace {

/// Earlier periods of one rulebook evaluated for previous_tier(), by their first and last
/// days: each once per top-level evaluation, however many later periods read it. nullopt:
/// the period has no version in force or no observations, so nobody has a tier there.
using earlier_results = std::map<std::pair<date, date>, std::optional<rulebook_results>>;

rulebook_results evaluate_at(const dataset& data, const compiled_rulebook& book, period when,
                             std::string period_text,
                             std::span<const rulebook_results* const> sources,
                             const pipeline_options& options, const std::string& fingerprint,
                             earlier_results& earlier);

/// The results of `book` in `p` with decisions applied, or null when nobody can have a tier
/// there: before the rulebook's first version, or no observation row for any subject of its
/// kind (history that was not reported stops the look back, so it is bounded by the data).
const rulebook_results* results_in(const setup& s, const compiled_rulebook& book, const period& p,
                                   const pipeline_options& options, const std::string& fingerprint,
                                   earlier_results& earlier) {
    const auto key = std::pair{p.first(), p.last()};
    if (const auto found = earlier.find(key); found != earlier.end()) {
        return found->second ? &*found->second : nullptr;
    }
    std::optional<rulebook_results> results;
    if (s.book.version_index_for(p)) {
        const auto rows =
            match_period(s.data.observations, s.subjects, p, s.book.period, s.threads);
        const bool observed = std::any_of(rows.row.begin(), rows.row.end(),
                                          [](std::int64_t r) { return r != no_row; });
        if (observed) {
            results =
                evaluate_at(s.data, book, p, p.to_string(), {}, options, fingerprint, earlier);
            // Problems with decisions of an earlier period are that period's to report, when
            // it is evaluated itself; a decision with a problem is not applied here either.
            diagnostic_list ignored;
            apply_decisions(s.data, book, *results, ignored);
        }
    }
    const auto placed = earlier.emplace(key, std::move(results)).first;
    return placed->second ? &*placed->second : nullptr;
}

/// previous_tier(k) for every row: the tier standing for the subject k periods back (the
/// decided one where a decision was recorded, since that is what the committee awarded and
/// what roll-ups read; else the proposal). Missing when the subject had no result there, or
/// one without a tier (not eligible, error, incomplete).
void read_previous_tiers(setup& s, const compiled_rulebook& book, const pipeline_options& options,
                         const std::string& fingerprint, earlier_results& earlier) {
    const auto& slots = s.plan.previous_tier_slots;
    if (slots.empty()) {
        return;
    }
    if (!s.plan.rollups.empty()) {
        throw usage_error(
            fmt::format("rulebook '{}' reads previous_tier() and rolls up other rulebooks, whose "
                        "results for earlier periods are not evaluated",
                        s.book.id));
    }
    s.previous_tiers.assign(slots.size(), {});
    period p = s.when;
    for (std::size_t back = 1; back <= slots.size(); ++back) {
        p = p.previous();
        if (slots[back - 1] == no_index) {
            continue;
        }
        auto& out = s.previous_tiers[back - 1];
        out.assign(s.size(), missing_value);
        const rulebook_results* before = results_in(s, book, p, options, fingerprint, earlier);
        if (before == nullptr) {
            continue;
        }
        for (std::size_t i = 0; i < s.size(); ++i) {
            const auto row = before->find(s.subjects.id(s.rows[i]));
            if (!row) {
                continue;
            }
            const std::int32_t tier = before->standing_tier(*row);
            if (tier != no_tier) {
                const auto& id = before->header().tiers[static_cast<std::size_t>(tier)].id;
                out[i] = s.texts.id(s.tier_texts.emplace_back(id));
            }
        }
    }
}

/// Everything the batches read but the observations of the batch: rows and units, the
/// places of failures, and with `inputs` attributes, observations, earlier tiers and
/// roll-ups (a tier step that reads only results needs none of them).
void prepare(setup& s, const compiled_rulebook& book,
             std::span<const rulebook_results* const> sources, const pipeline_options& options,
             const std::string& fingerprint, earlier_results& earlier, bool inputs = true) {
    s.threads = std::max(1U, options.threads);
    find_rows_and_units(s);
    if (inputs) {
        read_attributes(s);
        read_observations(s);
        read_previous_tiers(s, book, options, fingerprint, earlier);
        compute_rollups(s, sources);
    }
    prepare_failure_places(s);
}

/// How the rows of `s` are cut into batches and run.
struct batching {
    std::size_t size = 1;
    std::size_t count = 0;
    unsigned threads = 1;
};

batching batching_of(const setup& s, const pipeline_options& options) {
    batching b;
    b.size = workspace_rows(s.plan, s.size(), options.batch_size);
    b.count = (s.size() + b.size - 1) / b.size;
    b.threads = std::max(1U, options.threads);
    return b;
}

/// Inputs, criteria and scores of every row; with `tiers`, the tiers too.
void score_rows(setup& s, outputs& o, batch_runner& runner, const batching& b, bool tiers) {
    for_each_batch(b.count, b.threads, s.plan, b.size,
                   [&](std::size_t k, workspace& ws) { runner.first_pass(k, ws, tiers); });
    if (s.plan.engine->cohort_relative()) {
        score_cohort(s, o, runner);
        if (tiers) {
            for_each_batch(b.count, b.threads, s.plan, b.size,
                           [&](std::size_t k, workspace& ws) { runner.second_pass(k, ws); });
        }
    }
}

/// The steps over all rows once every row has its tier: quotas, groups and ranks, messages.
rulebook_results finish(const setup& s, outputs& o, unsigned threads,
                        const std::string& fingerprint) {
    const auto keys = ranking_order(s, o.columns, o.key_columns);
    const row_order order(keys.columns);
    apply_tier_quotas(s, o, order);
    rank(s, o, order, threads);
    o.columns.message = messages_of(s, o);
    return rulebook_results(make_header(s, fingerprint), std::move(o.columns));
}

rulebook_results evaluate_at(const dataset& data, const compiled_rulebook& book, period when,
                             std::string period_text,
                             std::span<const rulebook_results* const> sources,
                             const pipeline_options& options, const std::string& fingerprint,
                             earlier_results& earlier) {
    const auto& compiled = rules::plan_of(book);
    const rulebook& source = *compiled.source;
    const std::size_t v = book.version_index_for(when);
    setup s(data, compiled, source, source.versions[v], compiled.versions[v], when,
            std::move(period_text));
    prepare(s, book, sources, options, fingerprint, earlier);
    const batching b = batching_of(s, options);
    outputs o;
    start_columns(s, o, b.count, b.threads);
    batch_runner runner(s, o, b.size);
    score_rows(s, o, runner, b, true);
    return finish(s, o, b.threads, fingerprint);
}

}  // namespace

results_header header_for(const compiled_rulebook& book, std::size_t version_index,
                          std::string_view period_text) {
    const auto& compiled = rules::plan_of(book);
    const rulebook& source = *compiled.source;
    if (version_index >= source.versions.size()) {
        throw usage_error("rulebook '" + source.id + "' has no version number " +
                          std::to_string(version_index + 1) + " (it has " +
                          std::to_string(source.versions.size()) + ")");
    }
    const period when = period::parse(period_text, source.period);
    return header_of(source, source.versions[version_index], compiled.versions[version_index], when,
                     std::string(period_text), {});
}

rulebook_results evaluate_rulebook(const dataset& data, const compiled_rulebook& book,
                                   std::string_view period_text,
                                   std::span<const rulebook_results* const> sources,
                                   const pipeline_options& options,
                                   const std::string& fingerprint) {
    const rulebook& source = *rules::plan_of(book).source;
    const period when = period::parse(period_text, source.period);
    earlier_results earlier;
    return evaluate_at(data, book, when, std::string(period_text), sources, options, fingerprint,
                       earlier);
}

scored_rulebook score_rulebook(const dataset& data, const compiled_rulebook& book,
                               std::string_view period_text,
                               std::span<const rulebook_results* const> sources,
                               const pipeline_options& options) {
    const auto& compiled = rules::plan_of(book);
    const rulebook& source = *compiled.source;
    const period when = period::parse(period_text, source.period);
    const std::size_t v = book.version_index_for(when);
    setup s(data, compiled, source, source.versions[v], compiled.versions[v], when,
            std::string(period_text));
    earlier_results earlier;
    prepare(s, book, sources, options, {}, earlier);
    const batching b = batching_of(s, options);
    outputs o;
    start_columns(s, o, b.count, b.threads);
    batch_runner runner(s, o, b.size);
    score_rows(s, o, runner, b, false);
    scored_rulebook out;
    out.rulebook = source.id;
    out.version = v;
    out.columns = std::move(o.columns);
    for (auto& batch : o.messages) {
        for (auto& message : batch) {
            out.messages.push_back(std::move(message));
        }
    }
    return out;
}

rulebook_results tier_rulebook(const dataset& data, const compiled_rulebook& book,
                               std::string_view period_text,
                               std::span<const rulebook_results* const> sources,
                               const scored_rulebook& scored, const pipeline_options& options,
                               const std::string& fingerprint) {
    const auto& compiled = rules::plan_of(book);
    const rulebook& source = *compiled.source;
    const period when = period::parse(period_text, source.period);
    const std::size_t v = book.version_index_for(when);
    if (source.id != scored.rulebook || v != scored.version) {
        throw usage_error(fmt::format(
            "the scores of rulebook '{}' cannot be tiered by rulebook '{}' version {} in "
            "period {}: they were made under another rulebook or version",
            scored.rulebook, source.id, source.versions[v].version, period_text));
    }
    setup s(data, compiled, source, source.versions[v], compiled.versions[v], when,
            std::string(period_text));
    earlier_results earlier;
    prepare(s, book, sources, options, fingerprint, earlier, !tiers_read_only_results(s.plan));
    const auto& kept = scored.columns;
    if (kept.subject_index.size() != s.size() ||
        !std::equal(s.rows.begin(), s.rows.end(), kept.subject_index.begin()) ||
        kept.criterion_assessed.size() != s.plan.criteria.size() * s.size()) {
        throw usage_error(fmt::format(
            "the scores of rulebook '{}' in period {} are not over the subjects and criteria "
            "of the rulebook that tiers them",
            source.id, period_text));
    }
    const batching b = batching_of(s, options);
    outputs o;
    o.columns = kept;
    start_tier_columns(s, o, b.count);
    if (!o.messages.empty()) {
        // Before the tier step's own: a row it fails says why in its last message.
        o.messages.front() = scored.messages;
    }
    batch_runner runner(s, o, b.size);
    for_each_batch(b.count, b.threads, s.plan, b.size,
                   [&](std::size_t k, workspace& ws) { runner.second_pass(k, ws); });
    return finish(s, o, b.threads, fingerprint);
}

namespace {

/// What `tier_sweep` keeps of a version: its tiers' quotas and its ranking, as text.
std::string order_and_quotas(const version_plan& plan) {
    std::string out = fmt::format("tiers {}\n", plan.tiers.size());
    for (std::size_t t = 0; t < plan.tiers.size(); ++t) {
        out += fmt::format("tier {} {}\n", t, plan.tiers[t].id);
        if (const auto& q = plan.tiers[t].quota) {
            out += fmt::format("quota {} {} {} {} {}\n", t, q->max_share, q->within.all,
                               q->within.unit_kind, q->relative_to);
        }
    }
    const auto& r = plan.ranking;
    out += fmt::format("ranking {} {} {} {}\n", r.ranked, r.within.all, r.within.unit_kind,
                       static_cast<int>(r.method));
    for (const auto a : r.by) {
        out += fmt::format("by {}\n", static_cast<int>(a));
    }
    for (const auto& k : r.order) {
        const bool slot = k.source == rules::rank_key::kind::slot;
        out += fmt::format(
            "key {} {} {} {} {}\n", slot, slot ? static_cast<int>(plan.slots[k.index].source) : -1,
            slot ? plan.slots[k.index].index : k.index, static_cast<int>(k.type), k.descending);
    }
    return out;
}

}  // namespace

tier_sweep::tier_sweep(const dataset& data, const compiled_rulebook& book,
                       std::string_view period_text, const scored_rulebook& scored,
                       const rulebook_results& written)
    : data_(data), period_text_(period_text), scored_(scored), written_(written) {
    const auto& compiled = rules::plan_of(book);
    const rulebook& source = *compiled.source;
    const period when = period::parse(period_text, source.period);
    const std::size_t v = book.version_index_for(when);
    const auto& plan = compiled.versions[v];
    // The order is made again from the written results: possible when the tier step reads
    // only results (its ranking keys are then scores, criteria's points or attributes' texts).
    ordered_ =
        tiers_read_only_results(plan) && written.size() == scored.columns.subject_index.size();
    if (!ordered_) {
        return;
    }
    order_and_quotas_ = order_and_quotas(plan);
    setup s(data, compiled, source, source.versions[v], plan, when, period_text_);
    find_rows_and_units(s);
    const std::vector<std::vector<double>> no_key_columns(plan.ranking.order.size());
    const auto keys = ranking_order(s, written.columns(), no_key_columns);
    const row_order order(keys.columns);
    quotas_ = quotas_of(s, written.columns().status);
    std::vector<std::pair<double, std::uint32_t>> scratch;
    for (auto& groups : quotas_.groups) {
        for (std::size_t g = 0; g < groups.group_count(); ++g) {
            order.sort(groups.members(g), scratch);
        }
    }
}

std::optional<std::vector<std::int32_t>> tier_sweep::tiers_of(const compiled_rulebook& variant,
                                                              unsigned threads) const {
    if (!ordered_) {
        return std::nullopt;
    }
    const auto& compiled = rules::plan_of(variant);
    const rulebook& source = *compiled.source;
    const period when = period::parse(period_text_, source.period);
    const std::size_t v = variant.version_index_for(when);
    const auto& plan = compiled.versions[v];
    if (source.id != scored_.rulebook || v != scored_.version || !tiers_read_only_results(plan) ||
        order_and_quotas(plan) != order_and_quotas_) {
        return std::nullopt;
    }
    setup s(data_, compiled, source, source.versions[v], plan, when, period_text_);
    select_rows(s);  // no units: the quota groups are the written ones
    prepare_failure_places(s);
    const auto& kept = scored_.columns;
    if (!std::equal(s.rows.begin(), s.rows.end(), kept.subject_index.begin(),
                    kept.subject_index.end()) ||
        kept.criterion_assessed.size() != plan.criteria.size() * s.size()) {
        return std::nullopt;
    }
    pipeline_options options;
    options.threads = std::max(1U, threads);
    const batching b = batching_of(s, options);
    outputs o;
    o.columns.status = kept.status;
    o.columns.tier.assign(s.size(), no_tier);
    o.messages.resize(b.count);
    batch_runner runner(s, o, b.size, kept);
    for_each_batch(b.count, b.threads, s.plan, b.size,
                   [&](std::size_t k, workspace& ws) { runner.second_pass(k, ws); });
    if (o.columns.status != written_.columns().status) {
        return std::nullopt;
    }
    apply_quotas_in_order(o.columns.tier, plan.tiers.size(), quotas_.rules());
    return std::move(o.columns.tier);
}

}  // namespace antq::detail::evaluation
