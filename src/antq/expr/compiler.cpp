#include "antq/expr/compiler.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>

#include "antq/expr/kernels.hpp"
#include "antq/expr/parser.hpp"
#include "antq/suggestion.hpp"

namespace antq::detail::expr {

namespace {

// ---- Values while lowering: a constant, an input column or the result of an earlier
// instruction (single assignment; registers are allocated at the end).

enum class place : std::uint8_t { constant, input, temporary };

struct operand_ref {
    place where = place::constant;
    std::uint32_t index = 0;  // the slot of an input; the instruction of a temporary
    double constant = 0;
};

struct typed {
    std::optional<value_type> type;  // nullopt once an error has been reported about it
    operand_ref ref;

    bool ok() const noexcept { return type.has_value(); }
    bool is_constant() const noexcept { return ok() && ref.where == place::constant; }
};

typed poisoned() {
    return {};
}

typed constant(value_type type, double value) {
    return {type, {place::constant, 0, value}};
}

typed input(value_type type, std::uint32_t slot) {
    return {type, {place::input, slot, 0}};
}

struct ssa_instruction {
    opcode op = opcode::broadcast;
    std::array<operand_ref, 3> operands{};
    std::uint32_t column = 0;
    std::uint32_t list_begin = 0;
    std::uint32_t list_size = 0;
    double value = 0;  // broadcast's constant
};

enum class function : std::uint8_t {
    minimum,
    maximum,
    clamp,
    absolute,
    round,
    floor,
    ceil,
    square_root,
    if_then_else,
    ratio,
    divide_or,
    is_missing,
    default_value,
    previous,
    sum_last,
    count_last,
    previous_tier,
    passed,
    points,
    value,
};

struct function_info {
    std::string_view name;
    function id;
    std::size_t min_arguments;
    std::size_t max_arguments;
};

constexpr std::size_t any_number = std::numeric_limits<std::size_t>::max();

constexpr std::array<function_info, 20> functions{{
    {"min", function::minimum, 1, any_number},
    {"max", function::maximum, 1, any_number},
    {"clamp", function::clamp, 3, 3},
    {"abs", function::absolute, 1, 1},
    {"round", function::round, 1, 2},
    {"floor", function::floor, 1, 1},
    {"ceil", function::ceil, 1, 1},
    {"sqrt", function::square_root, 1, 1},
    {"if", function::if_then_else, 3, 3},
    {"ratio", function::ratio, 2, 2},
    {"div", function::divide_or, 3, 3},
    {"missing", function::is_missing, 1, 1},
    {"default", function::default_value, 2, 2},
    {"previous", function::previous, 1, 2},
    {"sum_last", function::sum_last, 2, 2},
    {"count_last", function::count_last, 2, 2},
    {"previous_tier", function::previous_tier, 0, 1},
    {"passed", function::passed, 1, 1},
    {"points", function::points, 1, 1},
    {"value", function::value, 1, 1},
}};

constexpr std::array<std::string_view, 4> roll_up_only{"count", "share", "sum", "mean"};

std::string arity_message(const function_info& f, std::size_t given) {
    std::string expected;
    if (f.max_arguments == any_number) {
        expected = "at least " + std::to_string(f.min_arguments) + " argument";
        expected += f.min_arguments == 1 ? "" : "s";
    } else if (f.min_arguments == f.max_arguments) {
        expected = std::to_string(f.min_arguments) + " argument";
        expected += f.min_arguments == 1 ? "" : "s";
    } else {
        expected = std::to_string(f.min_arguments) + " or " + std::to_string(f.max_arguments) +
                   " arguments";
    }
    return std::string(f.name) + "() takes " + expected + ", got " + std::to_string(given);
}

bool is_ordering(operator_kind op) noexcept {
    return op == operator_kind::less || op == operator_kind::less_equal ||
           op == operator_kind::greater || op == operator_kind::greater_equal;
}

opcode opcode_of(operator_kind op) noexcept {
    switch (op) {
        case operator_kind::add:
            return opcode::add;
        case operator_kind::subtract:
            return opcode::subtract;
        case operator_kind::multiply:
            return opcode::multiply;
        case operator_kind::divide:
            return opcode::divide;
        case operator_kind::modulo:
            return opcode::modulo;
        case operator_kind::logical_and:
            return opcode::logical_and;
        case operator_kind::logical_or:
            return opcode::logical_or;
        case operator_kind::equal:
            return opcode::equal;
        case operator_kind::not_equal:
            return opcode::not_equal;
        case operator_kind::less:
            return opcode::less;
        case operator_kind::less_equal:
            return opcode::less_equal;
        case operator_kind::greater:
            return opcode::greater;
        case operator_kind::greater_equal:
            return opcode::greater_equal;
        case operator_kind::negate:
            return opcode::negate;
        case operator_kind::logical_not:
        case operator_kind::in:
        case operator_kind::not_in:
            return opcode::logical_not;
    }
    return opcode::add;
}

// ---- From the tree to single-assignment instructions, checking types on the way.

class lowering {
  public:
    lowering(const ast& tree, const scope& names, string_pool& texts)
        : tree_(tree), names_(names), texts_(texts) {}

    outcome<program, std::vector<error>> run(std::optional<value_type> expected) {
        if (tree_.nodes.empty()) {
            return std::vector<error>{{1, "empty expression"}};
        }
        const typed root = lower(tree_.root);
        if (root.ok() && expected && *root.type != *expected) {
            report(tree_.root_node().start, "expected " + std::string(describe(*expected)) +
                                                ", got " + std::string(describe(*root.type)));
        }
        if (!errors_.empty()) {
            std::stable_sort(errors_.begin(), errors_.end(),
                             [](const error& a, const error& b) { return a.column < b.column; });
            return std::move(errors_);
        }
        return program(finish(root));
    }

  private:
    void report(std::uint32_t column, std::string message) {
        errors_.push_back({column, std::move(message)});
    }

    // ---- Emission with constant folding.

    typed emit(opcode op, value_type type, std::array<operand_ref, 3> operands,
               std::uint32_t column, std::uint32_t list_begin = 0, std::uint32_t list_size = 0) {
        const std::size_t count = operand_count(op);
        const bool all_constant =
            std::all_of(operands.begin(), operands.begin() + static_cast<std::ptrdiff_t>(count),
                        [](const operand_ref& r) { return r.where == place::constant; });
        if (all_constant) {
            const std::array<double, 3> values{operands[0].constant, operands[1].constant,
                                               operands[2].constant};
            if (fails(op, values)) {
                report_failure(op, column);
                return poisoned();
            }
            const auto list = std::span<const double>(lists_).subspan(list_begin, list_size);
            return constant(type, apply(op, values, list));
        }
        if ((op == opcode::divide || op == opcode::modulo) &&
            operands[1].where == place::constant && operands[1].constant == 0.0) {
            // Fails for every subject whose numerator is known: surely a mistake.
            report_failure(op, column);
            return poisoned();
        }
        ssa_instruction in;
        in.op = op;
        in.operands = operands;
        in.column = column;
        in.list_begin = list_begin;
        in.list_size = list_size;
        code_.push_back(in);
        return {type, {place::temporary, static_cast<std::uint32_t>(code_.size() - 1), 0}};
    }

    void report_failure(opcode op, std::uint32_t column) {
        report(column,
               op == opcode::sqrt ? "square root of a negative number" : "division by zero");
    }

    typed emit1(opcode op, value_type type, const typed& a, std::uint32_t column) {
        return emit(op, type, {a.ref, {}, {}}, column);
    }

    typed emit2(opcode op, value_type type, const typed& a, const typed& b, std::uint32_t column) {
        return emit(op, type, {a.ref, b.ref, {}}, column);
    }

    typed emit3(opcode op, value_type type, const typed& a, const typed& b, const typed& c,
                std::uint32_t column) {
        return emit(op, type, {a.ref, b.ref, c.ref}, column);
    }

    // ---- Type checks.

    typed require(typed value, value_type wanted, node_id where) {
        if (value.ok() && *value.type != wanted) {
            report(tree_.at(where).start, "expected " + std::string(describe(wanted)) + ", got " +
                                              std::string(describe(*value.type)));
            return poisoned();
        }
        return value;
    }

    typed lower_as(node_id id, value_type wanted) { return require(lower(id), wanted, id); }

    // ---- Nodes. Recursion follows the tree, whose depth the parser bounds.

    typed lower(node_id id) {
        const node& n = tree_.at(id);
        switch (n.kind) {
            case node_kind::number:
                return constant(value_type::number, n.number);
            case node_kind::boolean:
                return constant(value_type::boolean, n.number);
            case node_kind::text:
                return constant(value_type::text, texts_.intern(n.text));
            case node_kind::name:
                return lower_name(n);
            case node_kind::unary:
                return lower_unary(n);
            case node_kind::chain:
                return lower_chain(n);
            case node_kind::comparison:
                return lower_comparison(n);
            case node_kind::membership:
                return lower_membership(n);
            case node_kind::conditional:
                return lower_select(n.column, n.children[0], n.children[1], n.children[2]);
            case node_kind::call:
                return lower_call(n);
        }
        return poisoned();
    }

    typed lower_name(const node& n) {
        if (periods_back_ == 0) {
            if (const auto found = names_.find(n.text)) {
                return input(found->type, found->slot);
            }
            report_unknown_name(n);
            return poisoned();
        }
        // Inside sum_last() or count_last(), for an earlier period.
        if (const auto found = names_.find_previous(n.text, periods_back_)) {
            return input(found->type, found->slot);
        }
        if (!names_.find(n.text)) {
            report_unknown_name(n);
        } else {
            report(n.column, std::string(looking_back_) + "() reads earlier periods, and '" +
                                 n.text + "' has none (only indicators do)");
        }
        return poisoned();
    }

    void report_unknown_name(const node& n) {
        std::vector<std::string> candidates = names_.names();
        candidates.emplace_back("true");
        candidates.emplace_back("false");
        report(n.column, "unknown name '" + n.text + "'" + did_you_mean(n.text, candidates));
    }

    typed lower_unary(const node& n) {
        if (n.op == operator_kind::negate) {
            return checked_emit1(opcode::negate, value_type::number,
                                 lower_as(n.children[0], value_type::number), n.column);
        }
        return checked_emit1(opcode::logical_not, value_type::boolean,
                             lower_as(n.children[0], value_type::boolean), n.column);
    }

    typed checked_emit1(opcode op, value_type type, const typed& a, std::uint32_t column) {
        return a.ok() ? emit1(op, type, a, column) : poisoned();
    }

    typed lower_chain(const node& n) {
        const operator_kind first = n.links.front().op;
        const bool logic =
            first == operator_kind::logical_and || first == operator_kind::logical_or;
        const value_type operand_type = logic ? value_type::boolean : value_type::number;
        typed result = lower_as(n.children[0], operand_type);
        for (std::size_t i = 0; i < n.links.size(); ++i) {
            const typed right = lower_as(n.children[i + 1], operand_type);
            if (!result.ok() || !right.ok()) {
                result = poisoned();
                continue;
            }
            result = combine(n.links[i], result, right);
        }
        return result;
    }

    typed combine(const chain_link& link, const typed& left, const typed& right) {
        if (link.op == operator_kind::logical_and || link.op == operator_kind::logical_or) {
            // A constant left side that decides the outcome leaves the right side unused
            // (its instructions die); one that does not decide it is the identity.
            const double decisive = link.op == operator_kind::logical_and ? 0.0 : 1.0;
            if (left.is_constant() && left.ref.constant == decisive) {
                return left;
            }
            if (left.is_constant() && left.ref.constant == 1.0 - decisive) {
                return right;
            }
            return emit2(opcode_of(link.op), value_type::boolean, left, right, link.column);
        }
        return emit2(opcode_of(link.op), value_type::number, left, right, link.column);
    }

    typed lower_comparison(const node& n) {
        const typed left = lower(n.children[0]);
        const typed right = lower(n.children[1]);
        if (!left.ok() || !right.ok()) {
            return poisoned();
        }
        if (*left.type != *right.type) {
            report(n.column, "cannot compare " + std::string(describe(*left.type)) + " with " +
                                 std::string(describe(*right.type)));
            return poisoned();
        }
        if (is_ordering(n.op) && *left.type != value_type::number) {
            report(n.column, "'" + std::string(spelling(n.op)) + "' compares numbers, not " +
                                 (*left.type == value_type::text ? "texts" : "booleans") +
                                 " (use '==' or '!=')");
            return poisoned();
        }
        return emit2(opcode_of(n.op), value_type::boolean, left, right, n.column);
    }

    typed lower_membership(const node& n) {
        typed left = lower(n.children[0]);
        if (left.ok() && *left.type == value_type::boolean) {
            report(tree_.at(n.children[0]).start, "'in' needs a number or a text, got a boolean");
            left = poisoned();
        }
        bool ok = left.ok();
        std::vector<double> items;
        for (std::size_t i = 1; i < n.children.size(); ++i) {
            const node& item_node = tree_.at(n.children[i]);
            const typed item = lower(n.children[i]);
            if (!item.ok()) {
                ok = false;
            } else if (!item.is_constant()) {
                report(item_node.start,
                       "list items must be constants, like [\"a\", \"b\"] or [1, 2]");
                ok = false;
            } else if (left.ok() && *item.type != *left.type) {
                report(item_node.start, "expected " + std::string(describe(*left.type)) + ", got " +
                                            std::string(describe(*item.type)));
                ok = false;
            } else {
                items.push_back(item.ref.constant);
            }
        }
        if (!ok) {
            return poisoned();
        }
        const auto begin = static_cast<std::uint32_t>(lists_.size());
        lists_.insert(lists_.end(), items.begin(), items.end());
        const typed found = emit(opcode::member, value_type::boolean, {left.ref, {}, {}}, n.column,
                                 begin, static_cast<std::uint32_t>(items.size()));
        if (n.op == operator_kind::not_in) {
            return checked_emit1(opcode::logical_not, value_type::boolean, found, n.column);
        }
        return found;
    }

    typed lower_select(std::uint32_t column, node_id condition, node_id then, node_id otherwise) {
        const typed c = lower_as(condition, value_type::boolean);
        const typed a = lower(then);
        const typed b = lower(otherwise);
        if (a.ok() && b.ok() && *a.type != *b.type) {
            report(tree_.at(otherwise).start, "expected " + std::string(describe(*a.type)) +
                                                  " like the other branch, got " +
                                                  std::string(describe(*b.type)));
            return poisoned();
        }
        if (!c.ok() || !a.ok() || !b.ok()) {
            return poisoned();
        }
        if (c.is_constant()) {
            if (c.ref.constant == 1.0) {
                return a;
            }
            return c.ref.constant == 0.0 ? b : constant(*a.type, missing_value);
        }
        return emit3(opcode::select, *a.type, c, a, b, column);
    }

    // ---- Calls.

    typed lower_call(const node& n) {
        if (std::find(roll_up_only.begin(), roll_up_only.end(), n.text) != roll_up_only.end()) {
            report(n.column, n.text + "() can only be used as a roll-up's value");
            return poisoned();
        }
        const auto info = std::find_if(functions.begin(), functions.end(),
                                       [&](const function_info& f) { return f.name == n.text; });
        if (info == functions.end()) {
            std::vector<std::string> candidates;
            candidates.reserve(functions.size());
            for (const auto& f : functions) {
                candidates.emplace_back(f.name);
            }
            report(n.column,
                   "unknown function '" + n.text + "'" + did_you_mean(n.text, candidates));
            return poisoned();
        }
        const std::size_t given = n.children.size();
        if (given < info->min_arguments || given > info->max_arguments) {
            report(n.column, arity_message(*info, given));
            return poisoned();
        }
        return lower_function(info->id, n);
    }

    std::vector<typed> numbers(const node& call) {
        std::vector<typed> values;
        for (const node_id argument : call.children) {
            values.push_back(lower_as(argument, value_type::number));
        }
        return values;
    }

    static bool all_ok(const std::vector<typed>& values) {
        return std::all_of(values.begin(), values.end(), [](const typed& v) { return v.ok(); });
    }

    typed lower_function(function id, const node& n) {
        const auto& args = n.children;
        switch (id) {
            case function::minimum:
            case function::maximum:
                return fold_extremum(id == function::minimum ? opcode::minimum : opcode::maximum,
                                     n);
            case function::clamp:
                return numeric(opcode::clamp, n);
            case function::absolute:
                return numeric(opcode::absolute, n);
            case function::floor:
                return numeric(opcode::floor, n);
            case function::ceil:
                return numeric(opcode::ceil, n);
            case function::square_root:
                return numeric(opcode::sqrt, n);
            case function::ratio:
                return numeric(opcode::ratio, n);
            case function::round:
                return lower_round(n);
            case function::if_then_else:
                return lower_select(n.column, args[0], args[1], args[2]);
            case function::divide_or:
                return lower_divide_or(n);
            case function::is_missing:
                return checked_emit1(
                    opcode::is_missing, value_type::boolean,
                    lower_reference(args[0], "missing() needs a name, like missing(crimes)"),
                    n.column);
            case function::default_value:
                return lower_default(n);
            case function::previous:
                return lower_previous(n);
            case function::sum_last:
            case function::count_last:
                return lower_last(id, n);
            case function::passed:
                return lower_criterion(criterion_function::passed, n);
            case function::points:
                return lower_criterion(criterion_function::points, n);
            case function::value:
                return lower_criterion(criterion_function::value, n);
            case function::previous_tier:
                return lower_previous_tier(n);
        }
        return poisoned();
    }

    // A function of numbers, one instruction.
    typed numeric(opcode op, const node& n) {
        const auto values = numbers(n);
        if (!all_ok(values)) {
            return poisoned();
        }
        std::array<operand_ref, 3> refs{};
        for (std::size_t k = 0; k < values.size(); ++k) {
            refs[k] = values[k].ref;
        }
        return emit(op, value_type::number, refs, n.column);
    }

    typed fold_extremum(opcode op, const node& n) {
        const auto values = numbers(n);
        if (!all_ok(values)) {
            return poisoned();
        }
        typed result = values.front();
        for (std::size_t k = 1; k < values.size(); ++k) {
            result = emit2(op, value_type::number, result, values[k], n.column);
        }
        return result;
    }

    typed lower_round(const node& n) {
        if (n.children.size() == 1) {
            return numeric(opcode::round, n);
        }
        const auto values = numbers(n);
        if (values[1].is_constant()) {
            const double digits = values[1].ref.constant;
            if (is_missing(digits) || digits != std::floor(digits) || digits < -15 || digits > 15) {
                report(tree_.at(n.children[1]).start,
                       "round() needs a whole number of digits from -15 to 15");
                return poisoned();
            }
        }
        if (!all_ok(values)) {
            return poisoned();
        }
        return emit2(opcode::round_digits, value_type::number, values[0], values[1], n.column);
    }

    typed lower_divide_or(const node& n) {
        const auto values = numbers(n);
        if (!all_ok(values)) {
            return poisoned();
        }
        const typed& a = values[0];
        const typed& b = values[1];
        if (a.is_constant() && b.is_constant()) {
            // Neither can fail, so only the divisor decides whether the fallback is used.
            if (b.ref.constant == 0.0) {
                return values[2];
            }
            return constant(value_type::number, divide_or(a.ref.constant, b.ref.constant, 0.0));
        }
        return emit3(opcode::divide_or, value_type::number, a, b, values[2], n.column);
    }

    // The first argument of missing() and default(): a name, or a call that reads one.
    typed lower_reference(node_id id, std::string_view message) {
        const node& n = tree_.at(id);
        const bool reads_value = n.kind == node_kind::name ||
                                 (n.kind == node_kind::call &&
                                  (n.text == "previous" || n.text == "previous_tier" ||
                                   n.text == "passed" || n.text == "points" || n.text == "value"));
        if (!reads_value) {
            report(n.start, std::string(message));
            return poisoned();
        }
        return lower(id);
    }

    typed lower_default(const node& n) {
        const typed name =
            lower_reference(n.children[0], "default() needs a name first, like default(crimes, 0)");
        const typed fallback = lower(n.children[1]);
        if (!name.ok() || !fallback.ok()) {
            return poisoned();
        }
        const typed checked = require(fallback, *name.type, n.children[1]);
        if (!checked.ok()) {
            return poisoned();
        }
        return emit2(opcode::coalesce, *name.type, name, checked, n.column);
    }

    // The `n` of previous(x, n), sum_last(x, n) and count_last(c, n): a whole number from 1
    // to max_periods_back, written as a number (a parameter counts: it is folded into the
    // tree as one), because it decides which periods' observations the evaluation reads.
    std::optional<std::uint32_t> period_count(const node& call, std::string_view what) {
        const node& argument = tree_.at(call.children.back());
        const std::string range = "from 1 to " + std::to_string(max_periods_back);
        double written = 0;
        if (argument.kind == node_kind::number) {
            written = argument.number;
        } else if (argument.kind == node_kind::unary && argument.op == operator_kind::negate &&
                   tree_.at(argument.children[0]).kind == node_kind::number) {
            written = -tree_.at(argument.children[0]).number;
        } else {
            const std::string example = call.text == "count_last"      ? "crimes > 0, "
                                        : call.text == "previous_tier" ? ""
                                                                       : "crimes, ";
            report(argument.start, call.text + "() needs " + std::string(what) +
                                       " written as a whole number " + range + ", like " +
                                       call.text + "(" + example + "2)");
            return std::nullopt;
        }
        if (written != std::floor(written) || written < 1 || written > max_periods_back) {
            std::string shown;
            append_count(shown, written);
            report(argument.start, call.text + "() needs " + std::string(what) +
                                       " to be a whole number " + range + ", got " + shown);
            return std::nullopt;
        }
        return static_cast<std::uint32_t>(written);
    }

    static void append_count(std::string& out, double value) {
        char buffer[32];
        const auto converted = std::to_chars(buffer, buffer + sizeof buffer, value);
        out.append(buffer, converted.ptr);
    }

    // Reports, at the call, a look back that goes past max_periods_back once nested in
    // sum_last() or count_last() (previous(x, 6) inside sum_last(..., 6) reads 11 back).
    bool within_reach(const node& call, std::uint32_t deepest) {
        if (deepest <= max_periods_back) {
            return true;
        }
        report(call.column, call.text + "() reads " + std::to_string(deepest) +
                                " periods back here, more than the " +
                                std::to_string(max_periods_back) + " allowed");
        return false;
    }

    typed lower_previous(const node& n) {
        const node& argument = tree_.at(n.children[0]);
        if (argument.kind != node_kind::name) {
            report(argument.start, "previous() needs a name, like previous(crimes)");
            return poisoned();
        }
        std::uint32_t back = 1;
        if (n.children.size() == 2) {
            const auto given = period_count(n, "the number of periods back");
            if (!given) {
                return poisoned();
            }
            back = *given;
        }
        if (!within_reach(n, periods_back_ + back)) {
            return poisoned();
        }
        if (const auto found = names_.find_previous(argument.text, periods_back_ + back)) {
            return input(found->type, found->slot);
        }
        if (!names_.find(argument.text)) {
            report_unknown_name(argument);
        } else {
            report(n.column, "previous() is not available here");
        }
        return poisoned();
    }

    // previous_tier(n): the tier id the rulebook gave the subject n periods back (n = 1 when
    // not given), a text, missing when the subject had none then.
    typed lower_previous_tier(const node& n) {
        std::uint32_t back = 1;
        if (n.children.size() == 1) {
            const auto given = period_count(n, "the number of periods back");
            if (!given) {
                return poisoned();
            }
            back = *given;
        }
        if (!within_reach(n, periods_back_ + back)) {
            return poisoned();
        }
        if (const auto found = names_.find_previous_tier(periods_back_ + back)) {
            return input(found->type, found->slot);
        }
        report(n.column, "previous_tier() is not available here");
        return poisoned();
    }

    // sum_last(x, n): x in the current period plus x in each of the n - 1 before it; missing
    // when x is missing in any of them (write sum_last(default(x, 0), n) to count a missing
    // period as 0). count_last(c, n): in how many of those n periods c held; a period where
    // c is missing (no observations, a missing indicator) did not see it hold. The argument
    // is lowered once per period, its names resolved in that period; additions run from the
    // current period backwards, as the interpreter adds.
    typed lower_last(function id, const node& n) {
        const bool counting = id == function::count_last;
        const auto periods = period_count(n, "the number of periods");
        if (!periods) {
            lower(n.children[0]);  // its own errors, in the current period
            return poisoned();
        }
        if (!within_reach(n, periods_back_ + *periods - 1)) {
            return poisoned();
        }
        const std::uint32_t outer = periods_back_;
        const std::string_view outer_name = looking_back_;
        looking_back_ = counting ? "count_last" : "sum_last";
        typed total;
        for (std::uint32_t k = 0; k < *periods; ++k) {
            periods_back_ = outer + k;
            typed one =
                lower_as(n.children[0], counting ? value_type::boolean : value_type::number);
            if (!one.ok()) {
                total = poisoned();
                break;  // the same mistake in every period is reported once
            }
            if (counting) {
                one = emit2(opcode::coalesce, value_type::number, one,
                            constant(value_type::number, 0.0), n.column);
            }
            total = k == 0 ? one : emit2(opcode::add, value_type::number, total, one, n.column);
        }
        periods_back_ = outer;
        looking_back_ = outer_name;
        return total.ok() ? typed{value_type::number, total.ref} : poisoned();
    }

    typed lower_criterion(criterion_function function, const node& n) {
        const node& argument = tree_.at(n.children[0]);
        const std::string name(name_of(function));
        if (periods_back_ > 0) {
            report(n.column, name + "() is a result of the current period; " +
                                 std::string(looking_back_) + "() cannot read it");
            return poisoned();
        }
        if (argument.kind != node_kind::name) {
            report(argument.start, name + "() needs a criterion id, like " + name + "(detection)");
            return poisoned();
        }
        if (const auto found = names_.find_criterion(function, argument.text)) {
            assert(found->type == type_of(function) && "scope gave a criterion the wrong type");
            return input(type_of(function), found->slot);
        }
        const std::vector<std::string> ids = names_.criterion_ids();
        if (ids.empty()) {
            report(n.column, name + "() is not available here");
        } else {
            report(argument.column,
                   "unknown criterion '" + argument.text + "'" + did_you_mean(argument.text, ids));
        }
        return poisoned();
    }

    // ---- From single assignment to registers.

    program_code finish(const typed& root);

    const ast& tree_;
    const scope& names_;
    string_pool& texts_;
    std::vector<error> errors_;
    /// Inside sum_last() or count_last(): how many periods before the current one the names
    /// being lowered are read in, and which of the two functions asks.
    std::uint32_t periods_back_ = 0;
    std::string_view looking_back_;
    std::vector<ssa_instruction> code_;
    std::vector<double> lists_;
};

// Drops dead instructions (untaken constant branches, decided `and`/`or`), turns constants
// into immediates or broadcasts, and gives each value a register for as long as it is used.
// A target never shares a register with its own operands (see program.cpp's loops).
program_code lowering::finish(const typed& root) {
    operand_ref result = root.ref;
    if (result.where == place::constant) {
        ssa_instruction fill;
        fill.op = opcode::broadcast;
        fill.value = result.constant;
        code_.push_back(fill);
        result = {place::temporary, static_cast<std::uint32_t>(code_.size() - 1), 0};
    }
    const std::size_t count = code_.size();
    const auto temporaries = [&](const ssa_instruction& in, auto visit) {
        for (std::size_t k = 0; k < operand_count(in.op); ++k) {
            if (in.operands[k].where == place::temporary) {
                visit(k, in.operands[k].index);
            }
        }
    };

    std::vector<bool> live(count, false);
    if (result.where == place::temporary) {
        live[result.index] = true;
    }
    for (std::size_t i = count; i-- > 0;) {
        if (live[i]) {
            temporaries(code_[i], [&](std::size_t, std::uint32_t t) { live[t] = true; });
        }
    }
    std::vector<std::size_t> last_use(count, 0);
    for (std::size_t i = 0; i < count; ++i) {
        if (live[i]) {
            temporaries(code_[i], [&](std::size_t, std::uint32_t t) { last_use[t] = i; });
        }
    }
    if (result.where == place::temporary) {
        last_use[result.index] = count;
    }

    program_code out;
    out.type = *root.type;
    out.lists = lists_;
    const auto input_number = [&](std::uint32_t slot) {
        const auto found = std::find(out.slots.begin(), out.slots.end(), slot);
        if (found != out.slots.end()) {
            return static_cast<std::uint32_t>(found - out.slots.begin());
        }
        out.slots.push_back(slot);
        return static_cast<std::uint32_t>(out.slots.size() - 1);
    };
    // Inputs come first in operand numbering, so number them all before any register.
    for (std::size_t i = 0; i < count; ++i) {
        for (std::size_t k = 0; live[i] && k < operand_count(code_[i].op); ++k) {
            if (code_[i].operands[k].where == place::input) {
                input_number(code_[i].operands[k].index);
            }
        }
    }
    if (result.where == place::input) {
        input_number(result.index);
    }
    const auto inputs = static_cast<std::uint32_t>(out.slots.size());

    std::vector<std::uint32_t> register_of(count, 0);
    std::vector<std::uint32_t> free_registers;
    const auto allocate = [&]() {
        if (!free_registers.empty()) {
            const std::uint32_t r = free_registers.back();
            free_registers.pop_back();
            return r;
        }
        return out.registers++;
    };

    for (std::size_t i = 0; i < count; ++i) {
        if (!live[i]) {
            continue;
        }
        const ssa_instruction& s = code_[i];
        const std::size_t operands = operand_count(s.op);
        instruction in;
        in.op = s.op;
        in.column = s.column;
        in.list_begin = s.list_begin;
        in.list_size = s.list_size;
        in.value = s.value;
        std::array<std::uint32_t, 3> broadcasts{};
        std::size_t broadcast_count = 0;
        for (std::size_t k = 0; k < operands; ++k) {
            const operand_ref& r = s.operands[k];
            if (r.where == place::constant && operands == 2) {
                // Folding left at most one constant operand here.
                in.constant = k == 0 ? immediate::first : immediate::second;
                in.value = r.constant;
            } else if (r.where == place::constant) {
                instruction fill;
                fill.op = opcode::broadcast;
                fill.target = allocate();
                fill.value = r.constant;
                out.instructions.push_back(fill);
                broadcasts[broadcast_count++] = fill.target;
                in.operands[k] = inputs + fill.target;
            } else if (r.where == place::input) {
                in.operands[k] = input_number(r.index);
            } else {
                in.operands[k] = inputs + register_of[r.index];
            }
        }
        in.target = allocate();
        register_of[i] = in.target;
        out.instructions.push_back(in);
        for (std::size_t b = 0; b < broadcast_count; ++b) {
            free_registers.push_back(broadcasts[b]);
        }
        temporaries(s, [&](std::size_t k, std::uint32_t t) {
            const bool repeated =
                std::any_of(s.operands.begin(), s.operands.begin() + static_cast<std::ptrdiff_t>(k),
                            [&](const operand_ref& earlier) {
                                return earlier.where == place::temporary && earlier.index == t;
                            });
            if (last_use[t] == i && !repeated) {
                free_registers.push_back(register_of[t]);
            }
        });
    }
    out.result = result.where == place::input ? input_number(result.index)
                                              : inputs + register_of[result.index];
    return out;
}

}  // namespace

outcome<program, std::vector<error>> compile(const ast& tree, const scope& names,
                                             string_pool& texts,
                                             std::optional<value_type> expected) {
    return lowering(tree, names, texts).run(expected);
}

outcome<program, std::vector<error>> compile(std::string_view text, const scope& names,
                                             string_pool& texts,
                                             std::optional<value_type> expected) {
    auto tree = parse(text);
    if (!tree) {
        return std::vector<error>{tree.error()};
    }
    return compile(*tree, names, texts, expected);
}

}  // namespace antq::detail::expr
