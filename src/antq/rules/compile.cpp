#include "antq/rules/compile.hpp"

#include "antq/rules/graph_order.hpp"

#include "antq/expr/compiler.hpp"
#include "antq/expr/parser.hpp"
#include "antq/rules/score_band.hpp"
#include "antq/rules/validate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

namespace antq::detail::rules {

namespace {

using expr::criterion_function;
using expr::symbol;

constexpr std::string_view result_names[] = {"score", "max_score", "passed_count", "failed_count",
                                             "assessed_count"};

value_type type_of(indicator_type t) noexcept {
    switch (t) {
        case indicator_type::boolean:
            return value_type::boolean;
        case indicator_type::text:
            return value_type::text;
        default:
            return value_type::number;
    }
}

value_type type_of(attribute a) noexcept {
    return a == attribute::days_active ? value_type::number : value_type::text;
}

std::optional<attribute> attribute_named(std::string_view name) {
    for (std::size_t i = 0; i < attribute_count; ++i) {
        if (attribute_names[i] == name) {
            return static_cast<attribute>(i);
        }
    }
    return std::nullopt;
}

// A version without `ranking:` gives no ranks (rulebook.hpp): the reader records where the
// key was, and a ranking built in code is declared by any field it sets.
bool ranking_declared(const ranking& r) {
    return r.where.line != 0 || r.within != "all" || !r.by.empty() || !r.order.empty() ||
           r.method != rank_method::competition;
}

bool is_result_name(std::string_view name) {
    return std::find(std::begin(result_names), std::end(result_names), name) !=
           std::end(result_names);
}

// The slots of one version, each made once, on first use, in the order names are met.
class slot_table {
  public:
    explicit slot_table(std::vector<slot>& slots) : slots_(slots) {}

    slot_index get(slot_source source, std::uint32_t index, value_type type, std::string name,
                   std::uint32_t periods_back = 0) {
        const auto key = std::tuple{source, index, periods_back};
        if (const auto found = made_.find(key); found != made_.end()) {
            return found->second;
        }
        const auto id = static_cast<slot_index>(slots_.size());
        slots_.push_back(slot{source, type, index, std::move(name), periods_back});
        made_.emplace(key, id);
        return id;
    }

    [[nodiscard]] std::optional<slot_index> find(slot_source source, std::uint32_t index,
                                                 std::uint32_t periods_back = 0) const {
        if (const auto found = made_.find(std::tuple{source, index, periods_back});
            found != made_.end()) {
            return found->second;
        }
        return std::nullopt;
    }

  private:
    std::vector<slot>& slots_;
    std::map<std::tuple<slot_source, std::uint32_t, std::uint32_t>, slot_index> made_;
};

// What a plain name of a version means.
struct name_entry {
    enum class kind : std::uint8_t { indicator, rollup, derived, attribute, parameter };
    kind what = kind::indicator;
    std::uint32_t index = 0;
};

enum class stage : std::uint8_t {
    attributes,  // applies_to: subject attributes only
    subject,     // derived values and criteria
    result,      // tiers: also the score and per-criterion results
};

// Everything a version's scopes share while it compiles.
struct version_names {
    const rulebook_version* version = nullptr;
    std::map<std::string, name_entry, std::less<>> names;
    std::vector<std::optional<value_type>> derived_types;  // set once compiled
    std::vector<std::uint32_t> rollup_indicator;           // indicator of the same id, or none
};

class version_scope final : public expr::scope {
  public:
    version_scope(const version_names& names, slot_table& slots, stage s)
        : names_(names), slots_(slots), stage_(s) {}

    std::optional<symbol> find(std::string_view name) const override {
        if (stage_ == stage::result && is_result_name(name)) {
            return result_slot(name);
        }
        const auto found = names_.names.find(name);
        if (found == names_.names.end()) {
            return std::nullopt;
        }
        const auto& e = found->second;
        const std::string text(name);
        switch (e.what) {
            case name_entry::kind::attribute: {
                const auto a = static_cast<attribute>(e.index);
                return symbol{type_of(a),
                              slots_.get(slot_source::attribute, e.index, type_of(a), text)};
            }
            case name_entry::kind::indicator:
                if (stage_ == stage::attributes) {
                    return std::nullopt;
                }
                return symbol{indicator_type(e.index), slots_.get(slot_source::indicator, e.index,
                                                                  indicator_type(e.index), text)};
            case name_entry::kind::rollup:
                if (stage_ == stage::attributes) {
                    return std::nullopt;
                }
                return symbol{value_type::number,
                              slots_.get(slot_source::rollup, e.index, value_type::number, text)};
            case name_entry::kind::derived: {
                const auto type = names_.derived_types[e.index];
                if (stage_ == stage::attributes || !type) {
                    return std::nullopt;
                }
                return symbol{*type, slots_.get(slot_source::derived, e.index, *type, text)};
            }
            case name_entry::kind::parameter:
                return std::nullopt;  // folded into the tree before compiling
        }
        return std::nullopt;
    }

    std::optional<symbol> find_previous(std::string_view name,
                                        std::uint32_t periods_back) const override {
        if (stage_ == stage::attributes) {
            return std::nullopt;
        }
        const auto found = names_.names.find(name);
        if (found == names_.names.end() || found->second.what != name_entry::kind::indicator) {
            return std::nullopt;
        }
        const auto i = found->second.index;
        const std::string back = periods_back == 1 ? "" : ", " + std::to_string(periods_back);
        return symbol{indicator_type(i),
                      slots_.get(slot_source::previous_indicator, i, indicator_type(i),
                                 "previous(" + std::string(name) + back + ")", periods_back)};
    }

    // Tiers only: a subject's earlier tier decides between tiers of this period (a tier
    // "2 năm liền"), while its criteria and score stay about this period alone.
    std::optional<symbol> find_previous_tier(std::uint32_t periods_back) const override {
        if (stage_ != stage::result) {
            return std::nullopt;
        }
        const std::string back = periods_back == 1 ? "" : std::to_string(periods_back);
        return symbol{value_type::text, slots_.get(slot_source::previous_tier, 0, value_type::text,
                                                   "previous_tier(" + back + ")", periods_back)};
    }

    std::optional<symbol> find_criterion(criterion_function f, std::string_view id) const override {
        if (stage_ != stage::result) {
            return std::nullopt;
        }
        const auto& criteria = names_.version->criteria;
        for (std::size_t c = 0; c < criteria.size(); ++c) {
            if (criteria[c].id != id) {
                continue;
            }
            const slot_source source =
                f == criterion_function::passed   ? slot_source::criterion_passed
                : f == criterion_function::points ? slot_source::criterion_points
                                                  : slot_source::criterion_value;
            const auto type = expr::type_of(f);
            return symbol{type,
                          slots_.get(source, static_cast<std::uint32_t>(c), type,
                                     std::string(expr::name_of(f)) + "(" + std::string(id) + ")")};
        }
        return std::nullopt;
    }

    std::vector<std::string> names() const override {
        std::vector<std::string> out;
        for (const auto& [name, e] : names_.names) {
            if (stage_ == stage::attributes && e.what != name_entry::kind::attribute) {
                continue;
            }
            out.push_back(name);
        }
        if (stage_ == stage::result) {
            out.insert(out.end(), std::begin(result_names), std::end(result_names));
        }
        return out;
    }

    std::vector<std::string> criterion_ids() const override {
        std::vector<std::string> out;
        if (stage_ == stage::result) {
            for (const auto& c : names_.version->criteria) {
                out.push_back(c.id);
            }
        }
        return out;
    }

  private:
    value_type indicator_type(std::uint32_t i) const {
        return type_of(names_.version->indicators[i].type);
    }

    std::optional<symbol> result_slot(std::string_view name) const {
        const slot_source source = name == "score"          ? slot_source::score
                                   : name == "max_score"    ? slot_source::max_score
                                   : name == "passed_count" ? slot_source::passed_count
                                   : name == "failed_count" ? slot_source::failed_count
                                                            : slot_source::assessed_count;
        return symbol{value_type::number,
                      slots_.get(source, 0, value_type::number, std::string(name))};
    }

    const version_names& names_;
    slot_table& slots_;
    stage stage_;
};

// The results of another rulebook, for a roll-up's inner expression.
class rollup_scope final : public expr::scope {
  public:
    explicit rollup_scope(std::vector<rollup_input>& inputs) : inputs_(inputs) {}

    std::optional<symbol> find(std::string_view name) const override {
        using field = rollup_input::field;
        static constexpr std::pair<std::string_view, field> fields[] = {
            {"tier", field::tier},
            {"action", field::action},
            {"status", field::status},
            {"score", field::score},
            {"max_score", field::max_score},
            {"rank", field::rank},
            {"passed_count", field::passed_count},
            {"failed_count", field::failed_count},
            {"assessed_count", field::assessed_count}};
        for (const auto& [word, f] : fields) {
            if (word == name) {
                const bool text = f == field::tier || f == field::action || f == field::status;
                rollup_input in;
                in.what = f;
                in.type = text ? value_type::text : value_type::number;
                in.name = std::string(name);
                return add(std::move(in));
            }
        }
        if (const auto a = attribute_named(name)) {
            rollup_input in;
            in.what = field::attribute;
            in.attr = *a;
            in.type = type_of(*a);
            in.name = std::string(name);
            return add(std::move(in));
        }
        return std::nullopt;
    }

    std::optional<symbol> find_criterion(criterion_function f, std::string_view id) const override {
        // The source rulebook's criteria are checked when the rulebooks of a set are
        // known together; here any well-formed id is taken.
        if (!is_name(id)) {
            return std::nullopt;
        }
        rollup_input in;
        in.what = f == criterion_function::passed   ? rollup_input::field::passed
                  : f == criterion_function::points ? rollup_input::field::points
                                                    : rollup_input::field::value;
        in.type = expr::type_of(f);
        in.criterion = std::string(id);
        in.name = std::string(expr::name_of(f)) + "(" + std::string(id) + ")";
        return add(std::move(in));
    }

    std::vector<std::string> names() const override {
        std::vector<std::string> out = {"tier",         "action",       "status",
                                        "score",        "max_score",    "rank",
                                        "passed_count", "failed_count", "assessed_count"};
        out.insert(out.end(), std::begin(attribute_names), std::end(attribute_names));
        return out;
    }

  private:
    std::optional<symbol> add(rollup_input in) const {
        for (std::size_t i = 0; i < inputs_.size(); ++i) {
            if (inputs_[i].name == in.name) {
                return symbol{inputs_[i].type, static_cast<std::uint32_t>(i)};
            }
        }
        inputs_.push_back(std::move(in));
        return symbol{inputs_.back().type, static_cast<std::uint32_t>(inputs_.size() - 1)};
    }

    std::vector<rollup_input>& inputs_;
};

std::string plain_name(value_type t) {
    switch (t) {
        case value_type::number:
            return "number";
        case value_type::boolean:
            return "boolean";
        case value_type::text:
            return "text";
    }
    return "value";
}

// Compiles one rulebook; one instance per call of compile_plans.
class compiler {
  public:
    compiler(const rulebook& book, const engine_registry& engines, diagnostic_list& problems)
        : book_(book),
          engines_(engines),
          problems_(problems),
          lines_(book.source_text, book.file),
          has_lines_(!book.source_text.empty()) {}

    void run(compiled_rulebook::impl& out);

  private:
    struct expression_context {
        std::string what;  // "'when' of criterion 'detection'", for messages without a line
        stage where = stage::subject;
        const version_names* names = nullptr;  // null for roll-ups
    };

    void report(const expression& e, std::size_t column, const std::string& message,
                const expression_context& context) {
        source_location at;
        if (has_lines_) {
            // One walk per expression, however many of its names are reported.
            if (!places_ || !places_->is_of(e)) {
                places_.emplace(&lines_, e);
            }
            at = places_->at(column);
        } else {
            // Built in code: its own place, moved along its line when it has one.
            at = e.where;
            if (at.line > 0 && at.column > 0 && column > 0) {
                at.column += column - 1;
            }
        }
        if (at.file.empty()) {
            at.file = book_.file;
        }
        std::string text = message;
        if (at.line == 0) {
            text += " (in " + context.what + ", column " + std::to_string(column) + ")";
        }
        problems_.add(std::move(at), std::move(text));
    }

    // Parses `e`, folds parameters, checks what the expression module cannot word well here,
    // then compiles. Returns nullopt after reporting, or silently when the expression reads a
    // derived value that could not be compiled (its own error is reported already).
    std::optional<compiled_expression> compile_expression(const expression& e,
                                                          const expr::scope& scope,
                                                          std::optional<value_type> expected,
                                                          const expression_context& context);
    std::optional<compiled_expression> finish(const expression& e, const expr::ast& tree,
                                              const expr::scope& scope,
                                              std::optional<value_type> expected,
                                              const expression_context& context,
                                              const std::set<std::size_t>& replaced);

    // Our own messages for names in the wrong place; returns their columns.
    std::set<std::size_t> precheck(const expression& e, const expr::ast& tree,
                                   const expression_context& context);

    version_plan compile_version(const rulebook_version& v, std::size_t index);
    void compile_derived(const rulebook_version& v, std::size_t vi, version_names& names,
                         slot_table& slots, version_plan& plan);
    void compile_criteria(const rulebook_version& v, version_names& names, slot_table& slots,
                          version_plan& plan);
    void compile_tiers(const rulebook_version& v, version_names& names, slot_table& slots,
                       version_plan& plan);
    void compile_ranking(const rulebook_version& v, std::size_t vi, version_names& names,
                         slot_table& slots, version_plan& plan);
    void compile_rollups(const rulebook_version& v, std::size_t vi, version_plan& plan);
    void make_engine(const rulebook_version& v, std::size_t vi, version_plan& plan);

    const rulebook& book_;
    const engine_registry& engines_;
    diagnostic_list& problems_;
    line_index lines_;
    bool has_lines_;
    // The places of the last expression reported on.
    std::optional<expression_places> places_;
    expr::string_pool* strings_ = nullptr;
    // Derived values that failed (or are in a cycle), per version being compiled.
    std::set<std::string> poisoned_;
};

std::set<std::size_t> compiler::precheck(const expression& e, const expr::ast& tree,
                                         const expression_context& context) {
    std::set<std::size_t> columns;
    if (context.names == nullptr) {
        return columns;
    }
    const auto& names = context.names->names;
    for (const auto& n : tree.nodes) {
        if (n.kind == expr::node_kind::name && context.where == stage::attributes &&
            names.find(n.text) == names.end()) {
            report(
                e, n.column,
                "'applies_to' can only read subject attributes (id, name, kind, topic, "
                "target_group, unit, unit_kind, days_active), not '" +
                    n.text + "'" +
                    suggestion(n.text, context.names->version == nullptr
                                           ? std::vector<std::string>(std::begin(attribute_names),
                                                                      std::end(attribute_names))
                                           : std::vector<std::string>{}),
                context);
            columns.insert(n.column);
            continue;
        }
        if (n.kind == expr::node_kind::name && context.where != stage::result &&
            is_result_name(n.text) && names.find(n.text) == names.end()) {
            report(e, n.column,
                   "'" + n.text + "' is only known in tiers, after the engine has scored", context);
            columns.insert(n.column);
        }
        if (n.kind != expr::node_kind::call || n.children.empty() || n.children.size() > 2) {
            continue;
        }
        const auto& argument = tree.at(n.children[0]);
        if ((n.text == "passed" || n.text == "points" || n.text == "value") &&
            n.children.size() == 1 && context.where != stage::result) {
            report(e, n.column, n.text + "() is only known in tiers, after the engine has scored",
                   context);
            columns.insert(n.column);
            columns.insert(argument.column);
            columns.insert(argument.start);
        }
        if (n.text == "previous" && argument.kind == expr::node_kind::name &&
            context.where != stage::attributes) {
            const auto found = names.find(argument.text);
            if (found != names.end() && found->second.what != name_entry::kind::indicator) {
                static constexpr std::string_view kinds[] = {
                    "an indicator", "a roll-up", "a derived value", "an attribute", "a parameter"};
                report(e, n.column,
                       "previous() reads indicators only; '" + argument.text + "' is " +
                           std::string(kinds[static_cast<std::size_t>(found->second.what)]),
                       context);
                columns.insert(n.column);
                columns.insert(argument.column);
            }
        }
    }
    return columns;
}

std::optional<compiled_expression> compiler::compile_expression(const expression& e,
                                                                const expr::scope& scope,
                                                                std::optional<value_type> expected,
                                                                const expression_context& context) {
    auto tree = expr::parse(e.text);
    if (!tree) {
        report(e, tree.error().column, tree.error().message, context);
        return std::nullopt;
    }
    return finish(e, *tree, scope, expected, context, precheck(e, *tree, context));
}

std::optional<compiled_expression> compiler::finish(const expression& e, const expr::ast& parsed,
                                                    const expr::scope& scope,
                                                    std::optional<value_type> expected,
                                                    const expression_context& context,
                                                    const std::set<std::size_t>& replaced) {
    expr::ast tree = parsed;
    if (context.names != nullptr) {
        for (const auto& name : expr::referenced_names(tree)) {
            if (poisoned_.count(name) > 0) {
                return std::nullopt;
            }
        }
        // Parameters are constants: written into the tree as numbers, they fold.
        for (auto& n : tree.nodes) {
            if (n.kind != expr::node_kind::name) {
                continue;
            }
            const auto found = context.names->names.find(n.text);
            if (found != context.names->names.end() &&
                found->second.what == name_entry::kind::parameter) {
                n.kind = expr::node_kind::number;
                n.number = context.names->version->parameters[found->second.index].value;
            }
        }
    }
    auto compiled = expr::compile(tree, scope, *strings_, expected);
    if (!compiled) {
        for (const auto& problem : compiled.error()) {
            if (replaced.count(problem.column) == 0) {
                report(e, problem.column, problem.message, context);
            }
        }
        return std::nullopt;
    }
    if (!replaced.empty()) {
        return std::nullopt;
    }
    compiled_expression out;
    out.type = compiled->type();
    out.source = e;
    const auto code = compiled->instructions();
    if (compiled->slots().empty() && code.size() == 1 && code[0].op == expr::opcode::broadcast) {
        out.constant = code[0].value;
    }
    out.program = std::make_shared<const expr::program>(std::move(*compiled));
    return out;
}

void compiler::run(compiled_rulebook::impl& out) {
    strings_ = out.strings.get();
    if (!book_.applies_to.empty()) {
        version_names attributes;
        for (std::size_t a = 0; a < attribute_count; ++a) {
            attributes.names.emplace(
                std::string(attribute_names[a]),
                name_entry{name_entry::kind::attribute, static_cast<std::uint32_t>(a)});
        }
        slot_table slots(out.applies_to_slots);
        const version_scope scope(attributes, slots, stage::attributes);
        out.applies_to = compile_expression(book_.applies_to, scope, value_type::boolean,
                                            {"'applies_to'", stage::attributes, &attributes});
    }
    for (std::size_t i = 0; i < book_.versions.size(); ++i) {
        out.versions.push_back(compile_version(book_.versions[i], i));
    }
}

version_plan compiler::compile_version(const rulebook_version& v, std::size_t index) {
    version_plan plan;
    plan.source = &v;
    plan.rounding_digits = v.rounding_digits;
    plan.min_active_days = v.eligibility.min_active_days;
    plan.min_active_months = v.eligibility.min_active_months;
    poisoned_.clear();

    version_names names;
    names.version = &v;
    // First declaration wins; the validator reports the rest.
    for (std::size_t a = 0; a < attribute_count; ++a) {
        names.names.emplace(std::string(attribute_names[a]),
                            name_entry{name_entry::kind::attribute, static_cast<std::uint32_t>(a)});
    }
    for (std::size_t i = 0; i < v.parameters.size(); ++i) {
        plan.parameters.push_back({v.parameters[i].id, v.parameters[i].value});
        names.names.emplace(v.parameters[i].id,
                            name_entry{name_entry::kind::parameter, static_cast<std::uint32_t>(i)});
    }
    for (std::size_t i = 0; i < v.indicators.size(); ++i) {
        const auto& ind = v.indicators[i];
        plan.indicators.push_back(
            {ind.id, ind.type, ind.missing, no_index, {}, no_index, ind.by_type});
        names.names.emplace(ind.id,
                            name_entry{name_entry::kind::indicator, static_cast<std::uint32_t>(i)});
    }
    names.rollup_indicator.assign(v.rollups.size(), no_index);
    for (std::size_t r = 0; r < v.rollups.size(); ++r) {
        const auto& id = v.rollups[r].id;
        auto found = names.names.find(id);
        if (found != names.names.end() && found->second.what == name_entry::kind::indicator) {
            // The indicator of the same id declares the roll-up's type and missing policy.
            names.rollup_indicator[r] = found->second.index;
            found->second = name_entry{name_entry::kind::rollup, static_cast<std::uint32_t>(r)};
        } else {
            names.names.emplace(
                id, name_entry{name_entry::kind::rollup, static_cast<std::uint32_t>(r)});
        }
    }
    names.derived_types.assign(v.derived.size(), std::nullopt);
    for (std::size_t d = 0; d < v.derived.size(); ++d) {
        names.names.emplace(v.derived[d].id,
                            name_entry{name_entry::kind::derived, static_cast<std::uint32_t>(d)});
    }

    slot_table slots(plan.slots);
    compile_rollups(v, index, plan);
    for (std::size_t r = 0; r < plan.rollups.size(); ++r) {
        const auto i = names.rollup_indicator[r];
        if (i == no_index) {
            continue;
        }
        plan.rollups[r].missing = v.indicators[i].missing;
        plan.indicators[i].rollup = static_cast<std::uint32_t>(r);
    }
    compile_derived(v, index, names, slots, plan);
    compile_criteria(v, names, slots, plan);
    make_engine(v, index, plan);
    compile_tiers(v, names, slots, plan);
    compile_ranking(v, index, names, slots, plan);

    // Where each input's values go, now that every program has named what it reads.
    for (std::size_t i = 0; i < plan.indicators.size(); ++i) {
        const auto u = static_cast<std::uint32_t>(i);
        plan.indicators[i].slot = slots.find(slot_source::indicator, u).value_or(no_index);
        auto& previous = plan.indicators[i].previous_slots;
        previous.clear();
        for (std::uint32_t back = 1; back <= expr::max_periods_back; ++back) {
            if (const auto found = slots.find(slot_source::previous_indicator, u, back)) {
                previous.resize(back, no_index);
                previous[back - 1] = *found;
            }
        }
    }
    for (std::size_t r = 0; r < plan.rollups.size(); ++r) {
        plan.rollups[r].slot =
            slots.find(slot_source::rollup, static_cast<std::uint32_t>(r)).value_or(no_index);
    }
    for (std::uint32_t back = 1; back <= expr::max_periods_back; ++back) {
        if (const auto found = slots.find(slot_source::previous_tier, 0, back)) {
            plan.previous_tier_slots.resize(back, no_index);
            plan.previous_tier_slots[back - 1] = *found;
        }
    }
    for (std::size_t a = 0; a < attribute_count; ++a) {
        plan.attribute_slots[a] =
            slots.find(slot_source::attribute, static_cast<std::uint32_t>(a)).value_or(no_index);
    }
    return plan;
}

void compiler::compile_derived(const rulebook_version& v, std::size_t vi, version_names& names,
                               slot_table& slots, version_plan& plan) {
    const std::string base = "versions/" + std::to_string(vi) + "/derived/";
    // Parse all, then order by dependencies (depth first, declaration order for ties).
    std::vector<std::optional<expr::ast>> trees(v.derived.size());
    std::vector<std::vector<std::size_t>> uses(v.derived.size());
    std::map<std::string, std::size_t> index_of;
    for (std::size_t d = 0; d < v.derived.size(); ++d) {
        index_of.emplace(v.derived[d].id, d);
    }
    for (std::size_t d = 0; d < v.derived.size(); ++d) {
        const auto& e = v.derived[d].formula;
        if (e.empty()) {
            poisoned_.insert(v.derived[d].id);
            continue;
        }
        auto tree = expr::parse(e.text);
        if (!tree) {
            report(e, tree.error().column, tree.error().message,
                   {"derived value '" + v.derived[d].id + "'", stage::subject, &names});
            poisoned_.insert(v.derived[d].id);
            continue;
        }
        for (const auto& name : expr::referenced_names(*tree)) {
            if (const auto found = index_of.find(name); found != index_of.end()) {
                uses[d].push_back(found->second);
            }
        }
        trees[d] = std::move(*tree);
    }

    std::vector<std::vector<graph_edge>> edges(uses.size());
    for (std::size_t d = 0; d < uses.size(); ++d) {
        for (const auto next : uses[d]) {
            edges[d].push_back({next, 0});
        }
    }
    std::size_t cycles = 0;
    const auto name_of = [&v](std::size_t d) -> const std::string& { return v.derived[d].id; };
    const auto [order, in_cycle] = depth_first_order(
        edges, [&](std::size_t, const graph_edge& e, std::span<const std::size_t> cycle) {
            if (++cycles > max_reported_cycles) {
                return;
            }
            problems_.add(place(book_, base + v.derived[e.to].id, v.derived[e.to].formula.where),
                          "derived values form a cycle: " + cycle_text(cycle, name_of));
        });
    if (cycles > max_reported_cycles) {
        problems_.add(place(book_, "versions/" + std::to_string(vi) + "/derived", v.where),
                      "derived values form " + std::to_string(cycles - max_reported_cycles) +
                          " more cycles (only the first " + std::to_string(max_reported_cycles) +
                          " are shown)");
    }
    for (std::size_t d = 0; d < in_cycle.size(); ++d) {
        if (in_cycle[d] != 0) {
            poisoned_.insert(v.derived[d].id);
        }
    }

    for (const auto d : order) {
        const auto& dv = v.derived[d];
        if (!trees[d] || poisoned_.count(dv.id) > 0) {
            continue;
        }
        const version_scope scope(names, slots, stage::subject);
        const expression_context context{"derived value '" + dv.id + "'", stage::subject, &names};
        auto compiled = finish(dv.formula, *trees[d], scope, std::nullopt, context,
                               precheck(dv.formula, *trees[d], context));
        if (!compiled) {
            poisoned_.insert(dv.id);
            continue;
        }
        names.derived_types[d] = compiled->type;
        derived_plan step;
        step.id = dv.id;
        step.slot =
            slots.get(slot_source::derived, static_cast<std::uint32_t>(d), compiled->type, dv.id);
        step.formula = std::move(*compiled);
        plan.derived.push_back(std::move(step));
    }
}

void compiler::compile_criteria(const rulebook_version& v, version_names& names, slot_table& slots,
                                version_plan& plan) {
    // Indicators each derived value reads, through other derived values too.
    std::map<std::uint32_t, std::set<std::uint32_t>> derived_reads;
    const auto reads_of = [&](const compiled_expression& e) {
        std::set<std::uint32_t> out;
        for (const auto s : e.program->slots()) {
            const auto& sl = plan.slots[s];
            // An indicator that does not apply to a model's type does not apply to its earlier
            // period either: `previous(...)` of it is not assessed with it.
            if (sl.source == slot_source::indicator ||
                (sl.source == slot_source::previous_indicator && v.indicators[sl.index].by_type)) {
                out.insert(sl.index);
            } else if (sl.source == slot_source::rollup &&
                       names.rollup_indicator[sl.index] != no_index) {
                out.insert(names.rollup_indicator[sl.index]);
            } else if (sl.source == slot_source::derived) {
                const auto& inner = derived_reads[sl.index];
                out.insert(inner.begin(), inner.end());
            }
        }
        return out;
    };
    for (const auto& step : plan.derived) {
        const auto d = plan.slots[step.slot].index;
        derived_reads[d] = reads_of(step.formula);
    }

    for (const auto& c : v.criteria) {
        criterion_plan cp;
        cp.id = c.id;
        cp.kind = c.kind;
        cp.points = c.points;
        cp.weight = c.weight.value_or(c.points);
        cp.direction = c.direction;
        for (std::size_t t = 0; t < v.tiers.size(); ++t) {
            if (!c.caps_at.empty() && v.tiers[t].id == c.caps_at) {
                cp.caps_at = static_cast<std::uint32_t>(t);
            }
        }
        const version_scope scope(names, slots, stage::subject);
        const auto compile_part = [&](const expression& e, std::string_view key,
                                      std::optional<value_type> expected) {
            std::optional<compiled_expression> out;
            if (!e.empty()) {
                out = compile_expression(e, scope, expected,
                                         {"'" + std::string(key) + "' of criterion '" + c.id + "'",
                                          stage::subject, &names});
            }
            return out;
        };
        cp.when = compile_part(c.when, "when", value_type::boolean);
        cp.score = compile_part(c.score, "score", value_type::number);
        cp.value = compile_part(c.value, "value", value_type::number);
        std::set<std::uint32_t> reads;
        for (const auto* part : {&cp.when, &cp.score, &cp.value}) {
            if (*part) {
                const auto r = reads_of(**part);
                reads.insert(r.begin(), r.end());
            }
        }
        cp.reads_indicators.assign(reads.begin(), reads.end());
        for (const auto i : cp.reads_indicators) {
            if (v.indicators[i].missing == missing_policy::exclude || v.indicators[i].by_type) {
                cp.excluded_by.push_back(i);
            }
        }
        criterion_info info;
        info.id = c.id;
        info.kind = c.kind;
        info.points = c.points;
        info.weight = cp.weight;
        info.direction = c.direction;
        plan.engine_criteria.push_back(std::move(info));
        plan.criteria.push_back(std::move(cp));
    }
}

void compiler::make_engine(const rulebook_version& v, std::size_t vi, version_plan& plan) {
    const std::string path = "versions/" + std::to_string(vi) + "/engine";
    const auto* factory = engines_.find(v.engine);
    if (factory == nullptr) {
        const auto registered = engines_.names();
        std::string list;
        for (const auto& n : registered) {
            list += (list.empty() ? "" : ", ") + n;
        }
        problems_.add(place(book_, path, v.where), "unknown engine '" + v.engine + "'" +
                                                       suggestion(v.engine, registered) +
                                                       "; registered engines: " + list);
        return;
    }
    const std::size_t before = problems_.items().size();
    engine_options options = v.options;
    for (auto& [key, at] : options.key_locations) {
        if (at.file.empty()) {
            at.file = book_.file;
        }
    }
    if (options.where.file.empty()) {
        options.where = place(book_, "versions/" + std::to_string(vi) + "/engine_options", v.where);
    }
    // An engine (a built-in one or a user's) may throw where it could report: the message
    // still needs the place of the version, and the check of a rulebook must not stop.
    try {
        plan.engine = (*factory)(options, plan.engine_criteria, problems_);
        if (!plan.engine) {
            if (problems_.items().size() == before) {
                problems_.add(place(book_, path, v.where),
                              "engine '" + v.engine + "' refused this version's options");
            }
            return;
        }
        plan.max_score = plan.engine->max_score(plan.engine_criteria);
    } catch (const error& e) {
        plan.engine.reset();
        problems_.add(place(book_, path, v.where), e.what());
    }
}

void compiler::compile_tiers(const rulebook_version& v, version_names& names, slot_table& slots,
                             version_plan& plan) {
    const auto tier_index = [&](const std::string& id) {
        for (std::size_t t = 0; t < v.tiers.size(); ++t) {
            if (v.tiers[t].id == id) {
                return static_cast<std::uint32_t>(t);
            }
        }
        return no_index;
    };
    for (const auto& t : v.tiers) {
        tier_plan tp;
        tp.id = t.id;
        tp.label = t.label;
        tp.action = t.action;
        if (!t.when.empty()) {
            const version_scope scope(names, slots, stage::result);
            const expression_context context{"'when' of tier '" + t.id + "'", stage::result,
                                             &names};
            auto tree = expr::parse(t.when.text);
            if (!tree) {
                report(t.when, tree.error().column, tree.error().message, context);
            } else {
                // Bands are read after parameters are folded, so `score >= pass_mark` counts.
                expr::ast folded = *tree;
                for (auto& n : folded.nodes) {
                    const auto found = names.names.find(n.text);
                    if (n.kind == expr::node_kind::name && found != names.names.end() &&
                        found->second.what == name_entry::kind::parameter) {
                        n.kind = expr::node_kind::number;
                        n.number = v.parameters[found->second.index].value;
                    }
                }
                const auto band = read_score_band(folded);
                tp.min_score = band.low;
                tp.min_score_strict = band.low_strict;
                tp.when = finish(t.when, *tree, scope, value_type::boolean, context,
                                 precheck(t.when, *tree, context));
            }
        }
        tp.otherwise = t.otherwise;
        if (!t.action_when.empty()) {
            const version_scope scope(names, slots, stage::result);
            const expression_context context{"'action_when' of tier '" + t.id + "'", stage::result,
                                             &names};
            auto tree = expr::parse(t.action_when.text);
            if (!tree) {
                report(t.action_when, tree.error().column, tree.error().message, context);
            } else {
                tp.action_when = finish(t.action_when, *tree, scope, value_type::boolean, context,
                                        precheck(t.action_when, *tree, context));
            }
        }
        for (const auto& id : t.requires_criteria) {
            for (std::size_t c = 0; c < v.criteria.size(); ++c) {
                if (v.criteria[c].id == id) {
                    tp.requires_criteria.push_back(static_cast<std::uint32_t>(c));
                    break;
                }
            }
        }
        if (t.quota) {
            quota_plan q;
            q.max_share = t.quota->max_share;
            q.within = t.quota->within == "all" ? group_scope{true, {}}
                                                : group_scope{false, t.quota->within};
            if (!t.quota->relative_to.empty()) {
                q.relative_to = tier_index(t.quota->relative_to);
            }
            tp.quota = std::move(q);
        }
        plan.tiers.push_back(std::move(tp));
    }
}

void compiler::compile_ranking(const rulebook_version& v, std::size_t vi, version_names& names,
                               slot_table& slots, version_plan& plan) {
    const std::string base = "versions/" + std::to_string(vi) + "/ranking/";
    const auto& r = v.ranking;
    auto& out = plan.ranking;
    out.ranked = ranking_declared(r);
    out.method = r.method;
    out.within = r.within == "all" ? group_scope{true, {}} : group_scope{false, r.within};
    for (const auto& b : r.by) {
        if (const auto a = attribute_named(b)) {
            out.by.push_back(*a);
            (void)slots.get(slot_source::attribute, static_cast<std::uint32_t>(*a), type_of(*a), b);
        }
    }
    std::vector<order_key> order = r.order;
    if (order.empty()) {
        order.push_back({"score", true, r.where});
    }
    bool has_id = false;
    for (std::size_t k = 0; k < order.size(); ++k) {
        const auto& key = order[k];
        const source_location at = place(book_, base + "order/" + std::to_string(k), key.where);
        rank_key rk;
        rk.descending = key.descending;
        if (key.key == "score") {
            rk.index = slots.get(slot_source::score, 0, value_type::number, "score");
            out.order.push_back(rk);
            continue;
        }
        const auto criterion =
            std::find_if(v.criteria.begin(), v.criteria.end(),
                         [&](const antq::criterion& c) { return c.id == key.key; });
        if (criterion != v.criteria.end()) {
            rk.source = rank_key::kind::criterion;
            rk.index = static_cast<std::uint32_t>(std::distance(v.criteria.begin(), criterion));
            out.order.push_back(rk);
            continue;
        }
        const auto found = names.names.find(key.key);
        if (found != names.names.end() && found->second.what == name_entry::kind::derived) {
            const auto type = names.derived_types[found->second.index];
            if (!type) {
                continue;  // its own error is reported
            }
            rk.type = *type;
            rk.index = slots.get(slot_source::derived, found->second.index, *type, key.key);
            out.order.push_back(rk);
            continue;
        }
        if (found != names.names.end() && found->second.what == name_entry::kind::attribute) {
            const auto a = static_cast<attribute>(found->second.index);
            rk.type = type_of(a);
            rk.index = slots.get(slot_source::attribute, found->second.index, rk.type, key.key);
            has_id = has_id || a == attribute::id;
            out.order.push_back(rk);
            continue;
        }
        std::vector<std::string> candidates = {"score"};
        for (const auto& c : v.criteria) {
            candidates.push_back(c.id);
        }
        for (const auto& d : v.derived) {
            candidates.push_back(d.id);
        }
        candidates.insert(candidates.end(), std::begin(attribute_names), std::end(attribute_names));
        problems_.add(at, "unknown ranking key '" + key.key + "'" +
                              suggestion(key.key, candidates) +
                              "; keys are score, a criterion, a derived value or an attribute");
    }
    if (!has_id) {
        // Ties are broken by id so that ranks never depend on the order of the input.
        rank_key rk;
        rk.descending = false;
        rk.type = value_type::text;
        rk.index = slots.get(slot_source::attribute, static_cast<std::uint32_t>(attribute::id),
                             value_type::text, "id");
        out.order.push_back(rk);
    }
}

void compiler::compile_rollups(const rulebook_version& v, std::size_t vi, version_plan& plan) {
    for (const auto& r : v.rollups) {
        rollup_plan rp;
        rp.id = r.id;
        rp.from = r.from;
        rp.over = r.over;
        rp.on_error = r.on_error;
        rp.tiers = r.tiers;
        if (r.value.empty()) {
            plan.rollups.push_back(std::move(rp));
            continue;
        }
        const expression_context context{"roll-up '" + r.id + "'", stage::subject, nullptr};
        auto aggregate = expr::parse_aggregate(r.value.text);
        if (!aggregate) {
            report(r.value, aggregate.error().column, aggregate.error().message, context);
            plan.rollups.push_back(std::move(rp));
            continue;
        }
        rp.aggregate = aggregate->kind;
        const rollup_scope scope(rp.inputs);
        if (auto inner = finish(r.value, aggregate->argument, scope,
                                expr::argument_type(aggregate->kind), context, {})) {
            rp.inner = std::move(*inner);
        }
        plan.rollups.push_back(std::move(rp));
    }
    // Only numbers can come out of an aggregate.
    for (std::size_t i = 0; i < v.indicators.size(); ++i) {
        const auto& ind = v.indicators[i];
        const bool is_rollup = std::any_of(v.rollups.begin(), v.rollups.end(),
                                           [&](const rollup& r) { return r.id == ind.id; });
        if (is_rollup && type_of(ind.type) != value_type::number) {
            problems_.add(
                place(book_, "versions/" + std::to_string(vi) + "/indicators/" + ind.id + "/type",
                      ind.where),
                "roll-up '" + ind.id + "' gives a number, but its indicator declares type " +
                    std::string(to_string(ind.type)));
        }
    }
}

}  // namespace

std::shared_ptr<compiled_rulebook::impl> compile_plans(
    std::shared_ptr<const rulebook> book, std::shared_ptr<const engine_registry> engines,
    diagnostic_list& problems) {
    auto out = std::make_shared<compiled_rulebook::impl>();
    out->source = std::move(book);
    out->strings = std::make_shared<expr::string_pool>();
    out->engines = std::move(engines);
    compiler(*out->source, *out->engines, problems).run(*out);
    return out;
}

std::shared_ptr<const engine_registry> kept_registry(const engine_registry& engines) {
    if (&engines == &builtin_engines()) {
        // An aliasing pointer that owns nothing.
        return {std::shared_ptr<void>(), &engines};
    }
    return std::make_shared<const engine_registry>(engines);
}

std::string describe(const version_plan& plan, const expr::string_pool& strings) {
    std::string out;
    const auto program_text = [&](const std::optional<compiled_expression>& e) -> std::string {
        if (!e) {
            return "-\n";
        }
        std::string text = plain_name(e->type) + " [" + e->source.text + "]";
        if (e->constant) {
            text += fmt::format(" = {}", *e->constant);
        }
        return text + "\n" + e->program->listing();
    };
    out += fmt::format("rounding {} max_score {} engine {}\n", plan.rounding_digits, plan.max_score,
                       plan.engine ? plan.engine->name() : "-");
    for (std::size_t s = 0; s < plan.slots.size(); ++s) {
        const auto& sl = plan.slots[s];
        out += fmt::format("slot {} {} {} {} {}\n", s, static_cast<int>(sl.source),
                           plain_name(sl.type), sl.index, sl.name);
    }
    for (const auto& i : plan.indicators) {
        out += fmt::format("indicator {} {} {} {} {} {}{}\n", i.id, to_string(i.type),
                           to_string(i.missing), i.slot,
                           i.previous_slots.empty() ? no_index : i.previous_slots.front(), i.rollup,
                           i.by_type ? " by_type" : "");
        for (std::size_t back = 2; back <= i.previous_slots.size(); ++back) {
            out += fmt::format("indicator {} previous {} {}\n", i.id, back,
                               i.previous_slots[back - 1]);
        }
    }
    for (const auto& p : plan.parameters) {
        out += fmt::format("parameter {} {}\n", p.id, p.value);
    }
    for (const auto& d : plan.derived) {
        out += fmt::format("derived {} slot {} {}", d.id, d.slot, program_text(d.formula));
    }
    for (const auto& c : plan.criteria) {
        out += fmt::format("criterion {} {} points {} weight {} {} reads [{}] excluded_by [{}]\n",
                           c.id, to_string(c.kind), c.points, c.weight, to_string(c.direction),
                           fmt::join(c.reads_indicators, ","), fmt::join(c.excluded_by, ","));
        out += " when " + program_text(c.when) + " score " + program_text(c.score) + " value " +
               program_text(c.value);
    }
    for (const auto& t : plan.tiers) {
        out += fmt::format("tier {} [{}] {} requires [{}] min {} {}\n", t.id, t.label, t.action,
                           fmt::join(t.requires_criteria, ","), t.min_score.value_or(-1),
                           t.min_score_strict);
        if (t.quota) {
            out += fmt::format(" quota {} {} {} {}\n", t.quota->max_share, t.quota->within.all,
                               t.quota->within.unit_kind, t.quota->relative_to);
        }
        out += " when " + program_text(t.when);
        if (t.action_when) {
            out += fmt::format(" action_when otherwise {} ", t.otherwise) +
                   program_text(t.action_when);
        }
    }
    out +=
        fmt::format("ranking {} {} {} {} by", plan.ranking.ranked, to_string(plan.ranking.method),
                    plan.ranking.within.all, plan.ranking.within.unit_kind);
    for (const auto a : plan.ranking.by) {
        out += fmt::format(" {}", static_cast<int>(a));
    }
    for (const auto& k : plan.ranking.order) {
        out += fmt::format(" key {} {} {}", static_cast<int>(k.source), k.index, k.descending);
    }
    out += "\n";
    for (const auto& r : plan.rollups) {
        out += fmt::format("rollup {} from {} {} {} slot {} missing {} on_error {} tiers {}\n",
                           r.id, r.from, to_string(r.over), expr::name_of(r.aggregate), r.slot,
                           to_string(r.missing), to_string(r.on_error), to_string(r.tiers));
        for (const auto& in : r.inputs) {
            out +=
                fmt::format(" input {} {} {}\n", in.name, static_cast<int>(in.what), in.criterion);
        }
        out += " inner " + (r.inner.program ? program_text(r.inner) : std::string("-\n"));
    }
    for (std::size_t a = 0; a < attribute_count; ++a) {
        out += fmt::format("attribute {} slot {}\n", attribute_names[a], plan.attribute_slots[a]);
    }
    out += fmt::format("strings {}\n", strings.size());
    return out;
}

}  // namespace antq::detail::rules
