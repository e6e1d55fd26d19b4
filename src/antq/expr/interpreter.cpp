#include "antq/expr/interpreter.hpp"

#include <cassert>
#include <cmath>

#include "antq/expr/kernels.hpp"

namespace antq::detail::expr {

namespace {

// Deliberately written apart from the compiler and program: control flow, laziness and missing
// values are spelled out case by case here. Only round_digits is shared.
class walker {
  public:
    walker(const ast& tree, const scope& names, string_pool& texts, batch_inputs inputs,
           std::size_t subject)
        : tree_(tree), names_(names), texts_(texts), inputs_(inputs), subject_(subject) {}

    evaluation eval(node_id id) {
        const node& n = tree_.at(id);
        switch (n.kind) {
            case node_kind::number:
            case node_kind::boolean:
                return value(n.number);
            case node_kind::text:
                return value(texts_.intern(n.text));
            case node_kind::name:
                return read(periods_back_ == 0 ? names_.find(n.text)
                                               : names_.find_previous(n.text, periods_back_));
            case node_kind::unary:
                return eval_unary(n);
            case node_kind::chain:
                return eval_chain(n);
            case node_kind::comparison:
                return eval_comparison(n);
            case node_kind::membership:
                return eval_membership(n);
            case node_kind::conditional:
                return eval_conditional(n.children[0], n.children[1], n.children[2]);
            case node_kind::call:
                return eval_call(n);
        }
        return value(missing_value);
    }

  private:
    static evaluation value(double v) { return {v, 0}; }
    static evaluation failure(std::uint32_t column) { return {missing_value, column}; }
    static bool failed(const evaluation& e) { return e.error_column != 0; }
    static bool absent(double v) { return std::isnan(v); }

    evaluation read(const std::optional<symbol>& found) const {
        assert(found && "interpret needs a tree that compiles in its scope");
        return value(found ? inputs_[found->slot][subject_] : missing_value);
    }

    evaluation eval_unary(const node& n) {
        const evaluation x = eval(n.children[0]);
        if (failed(x) || absent(x.value)) {
            return x;
        }
        if (n.op == operator_kind::negate) {
            return value(-x.value);
        }
        return value(x.value == 1.0 ? 0.0 : 1.0);
    }

    static evaluation arithmetic(operator_kind op, double a, double b, std::uint32_t column) {
        if (absent(a) || absent(b)) {
            return value(missing_value);
        }
        switch (op) {
            case operator_kind::add:
                return value(a + b);
            case operator_kind::subtract:
                return value(a - b);
            case operator_kind::multiply:
                return value(a * b);
            case operator_kind::divide:
                return b == 0.0 ? failure(column) : value(a / b);
            case operator_kind::modulo:
                return b == 0.0 ? failure(column) : value(std::fmod(a, b));
            default:
                return value(missing_value);
        }
    }

    evaluation eval_chain(const node& n) {
        evaluation result = eval(n.children[0]);
        if (failed(result)) {
            return result;
        }
        for (std::size_t i = 0; i < n.links.size(); ++i) {
            const operator_kind op = n.links[i].op;
            if (op == operator_kind::logical_and || op == operator_kind::logical_or) {
                const double decisive = op == operator_kind::logical_and ? 0.0 : 1.0;
                if (result.value == decisive) {
                    return result;  // the rest is not evaluated
                }
                const evaluation right = eval(n.children[i + 1]);
                if (failed(right)) {
                    return right;
                }
                if (right.value == decisive) {
                    result = right;
                } else if (absent(result.value) || absent(right.value)) {
                    result = value(missing_value);
                }
                continue;
            }
            const evaluation right = eval(n.children[i + 1]);
            if (failed(right)) {
                return right;
            }
            result = arithmetic(op, result.value, right.value, n.links[i].column);
            if (failed(result)) {
                return result;
            }
        }
        return result;
    }

    evaluation eval_comparison(const node& n) {
        const evaluation a = eval(n.children[0]);
        if (failed(a)) {
            return a;
        }
        const evaluation b = eval(n.children[1]);
        if (failed(b)) {
            return b;
        }
        if (absent(a.value) || absent(b.value)) {
            return value(missing_value);
        }
        switch (n.op) {
            case operator_kind::equal:
                return value(a.value == b.value ? 1.0 : 0.0);
            case operator_kind::not_equal:
                return value(a.value != b.value ? 1.0 : 0.0);
            case operator_kind::less:
                return value(a.value < b.value ? 1.0 : 0.0);
            case operator_kind::less_equal:
                return value(a.value <= b.value ? 1.0 : 0.0);
            case operator_kind::greater:
                return value(a.value > b.value ? 1.0 : 0.0);
            default:
                return value(a.value >= b.value ? 1.0 : 0.0);
        }
    }

    evaluation eval_membership(const node& n) {
        const evaluation x = eval(n.children[0]);
        if (failed(x)) {
            return x;
        }
        bool found = false;
        for (std::size_t i = 1; i < n.children.size(); ++i) {
            const evaluation item = eval(n.children[i]);
            if (failed(item)) {
                return item;
            }
            found = found || item.value == x.value;
        }
        if (absent(x.value)) {
            return value(missing_value);
        }
        return value(found != (n.op == operator_kind::not_in) ? 1.0 : 0.0);
    }

    evaluation eval_conditional(node_id condition, node_id then, node_id otherwise) {
        const evaluation c = eval(condition);
        if (failed(c) || absent(c.value)) {
            return c;
        }
        return eval(c.value == 1.0 ? then : otherwise);
    }

    // Evaluates every argument in order, stopping at the first failure.
    bool eval_all(const node& n, std::vector<double>& values, evaluation& failure_out) {
        for (const node_id argument : n.children) {
            const evaluation e = eval(argument);
            if (failed(e)) {
                failure_out = e;
                return false;
            }
            values.push_back(e.value);
        }
        return true;
    }

    static bool any_absent(const std::vector<double>& values) {
        for (const double v : values) {
            if (absent(v)) {
                return true;
            }
        }
        return false;
    }

    evaluation eval_call(const node& n) {
        const std::string& f = n.text;
        if (f == "if") {
            return eval_conditional(n.children[0], n.children[1], n.children[2]);
        }
        if (f == "div") {
            return eval_div(n);
        }
        if (f == "default") {
            const evaluation first = eval(n.children[0]);
            return absent(first.value) ? eval(n.children[1]) : first;
        }
        if (f == "missing") {
            return value(absent(eval(n.children[0]).value) ? 1.0 : 0.0);
        }
        if (f == "previous") {
            const auto back = n.children.size() > 1 ? literal_count(n) : 1U;
            return read(names_.find_previous(tree_.at(n.children[0]).text, periods_back_ + back));
        }
        if (f == "previous_tier") {
            const auto back = n.children.empty() ? 1U : literal_count(n);
            return read(names_.find_previous_tier(periods_back_ + back));
        }
        if (f == "sum_last" || f == "count_last") {
            return eval_last(n, f == "count_last");
        }
        if (f == "passed" || f == "points" || f == "value") {
            const criterion_function which = f == "passed"   ? criterion_function::passed
                                             : f == "points" ? criterion_function::points
                                                             : criterion_function::value;
            return read(names_.find_criterion(which, tree_.at(n.children[0]).text));
        }
        std::vector<double> x;
        evaluation failure_seen;
        if (!eval_all(n, x, failure_seen)) {
            return failure_seen;
        }
        return eval_strict_call(n, x);
    }

    // The last argument of previous(), sum_last(), count_last() and previous_tier(): compile
    // accepted it, so it is a number literal.
    std::uint32_t literal_count(const node& n) const {
        return static_cast<std::uint32_t>(tree_.at(n.children.back()).number);
    }

    // Every period from the current one backwards, each evaluated in full: the first failure
    // wins. A sum is missing when any period's value is; a count counts the periods whose
    // condition is true, so a missing one is not counted.
    evaluation eval_last(const node& n, bool counting) {
        const std::uint32_t outer = periods_back_;
        const std::uint32_t periods = literal_count(n);
        double total = 0;
        bool any_missing = false;
        for (std::uint32_t k = 0; k < periods; ++k) {
            periods_back_ = outer + k;
            const evaluation e = eval(n.children[0]);
            periods_back_ = outer;
            if (failed(e)) {
                return e;
            }
            if (counting) {
                total += e.value == 1.0 ? 1.0 : 0.0;
            } else if (absent(e.value)) {
                any_missing = true;
            } else {
                total = k == 0 ? e.value : total + e.value;
            }
        }
        return value(any_missing ? missing_value : total);
    }

    evaluation eval_div(const node& n) {
        const evaluation a = eval(n.children[0]);
        if (failed(a)) {
            return a;
        }
        const evaluation b = eval(n.children[1]);
        if (failed(b)) {
            return b;
        }
        if (absent(b.value)) {
            return value(missing_value);
        }
        if (b.value == 0.0) {
            return eval(n.children[2]);
        }
        return value(absent(a.value) ? missing_value : a.value / b.value);
    }

    // Functions whose arguments are all evaluated, left to right.
    evaluation eval_strict_call(const node& n, const std::vector<double>& x) const {
        const std::string& f = n.text;
        if (f == "ratio") {
            if (absent(x[1])) {
                return value(missing_value);
            }
            if (x[1] == 0.0) {
                return value(1.0);
            }
            const double q = x[0] / x[1];
            return value(q < 0.0 ? 0.0 : (q > 1.0 ? 1.0 : q));
        }
        if (f == "round") {
            return value(round_digits(x[0], x.size() > 1 ? x[1] : 0.0));
        }
        if (any_absent(x)) {
            return value(missing_value);
        }
        if (f == "min" || f == "max") {
            double best = x[0];
            for (std::size_t i = 1; i < x.size(); ++i) {
                const bool better = f == "min" ? x[i] < best : best < x[i];
                best = better ? x[i] : best;
            }
            return value(best);
        }
        if (f == "clamp") {
            const double raised = x[0] < x[1] ? x[1] : x[0];
            return value(x[2] < raised ? x[2] : raised);
        }
        if (f == "abs") {
            return value(std::fabs(x[0]));
        }
        if (f == "floor") {
            return value(std::floor(x[0]));
        }
        if (f == "ceil") {
            return value(std::ceil(x[0]));
        }
        if (f == "sqrt") {
            return x[0] < 0.0 ? failure(n.column) : value(std::sqrt(x[0]));
        }
        assert(false && "interpret met a function compile would reject");
        return value(missing_value);
    }

    const ast& tree_;
    const scope& names_;
    string_pool& texts_;
    batch_inputs inputs_;
    std::size_t subject_;
    std::uint32_t periods_back_ = 0;  ///< inside sum_last() or count_last()
};

}  // namespace

evaluation interpret(const ast& tree, const scope& names, string_pool& texts, batch_inputs inputs,
                     std::size_t subject) {
    evaluation result = walker(tree, names, texts, inputs, subject).eval(tree.root);
    if (std::isnan(result.value)) {
        result.value = missing_value;
    }
    return result;
}

}  // namespace antq::detail::expr
