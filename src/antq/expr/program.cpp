#include "antq/expr/program.hpp"

#include <algorithm>
#include <stdexcept>

#include "antq/expr/kernels.hpp"
#include "antq/io/number_text.hpp"

namespace antq::detail::expr {

std::size_t operand_count(opcode op) noexcept {
    switch (op) {
        case opcode::broadcast:
            return 0;
        case opcode::negate:
        case opcode::logical_not:
        case opcode::absolute:
        case opcode::floor:
        case opcode::ceil:
        case opcode::sqrt:
        case opcode::round:
        case opcode::is_missing:
        case opcode::member:
            return 1;
        case opcode::select:
        case opcode::clamp:
        case opcode::divide_or:
            return 3;
        default:
            return 2;
    }
}

std::string_view name_of(opcode op) noexcept {
    switch (op) {
        case opcode::broadcast:
            return "broadcast";
        case opcode::negate:
            return "negate";
        case opcode::logical_not:
            return "not";
        case opcode::absolute:
            return "abs";
        case opcode::floor:
            return "floor";
        case opcode::ceil:
            return "ceil";
        case opcode::sqrt:
            return "sqrt";
        case opcode::round:
            return "round";
        case opcode::is_missing:
            return "is_missing";
        case opcode::add:
            return "add";
        case opcode::subtract:
            return "subtract";
        case opcode::multiply:
            return "multiply";
        case opcode::divide:
            return "divide";
        case opcode::modulo:
            return "modulo";
        case opcode::minimum:
            return "min";
        case opcode::maximum:
            return "max";
        case opcode::ratio:
            return "ratio";
        case opcode::round_digits:
            return "round_digits";
        case opcode::equal:
            return "equal";
        case opcode::not_equal:
            return "not_equal";
        case opcode::less:
            return "less";
        case opcode::less_equal:
            return "less_equal";
        case opcode::greater:
            return "greater";
        case opcode::greater_equal:
            return "greater_equal";
        case opcode::logical_and:
            return "and";
        case opcode::logical_or:
            return "or";
        case opcode::coalesce:
            return "coalesce";
        case opcode::member:
            return "member";
        case opcode::select:
            return "select";
        case opcode::clamp:
            return "clamp";
        case opcode::divide_or:
            return "divide_or";
    }
    return "?";
}

bool can_fail(opcode op) noexcept {
    return op == opcode::divide || op == opcode::modulo || op == opcode::sqrt;
}

double apply(opcode op, std::array<double, 3> x, std::span<const double> list) noexcept {
    switch (op) {
        case opcode::broadcast:
            return x[0];
        case opcode::negate:
            return -x[0];
        case opcode::logical_not:
            return kleene_not(x[0]);
        case opcode::absolute:
            return std::fabs(x[0]);
        case opcode::floor:
            return std::floor(x[0]);
        case opcode::ceil:
            return std::ceil(x[0]);
        case opcode::sqrt:
            return std::sqrt(x[0]);
        case opcode::round:
            return std::round(x[0]);
        case opcode::is_missing:
            return truth(is_missing(x[0]));
        case opcode::add:
            return x[0] + x[1];
        case opcode::subtract:
            return x[0] - x[1];
        case opcode::multiply:
            return x[0] * x[1];
        case opcode::divide:
            return x[0] / x[1];
        case opcode::modulo:
            return modulo(x[0], x[1]);
        case opcode::minimum:
            return minimum(x[0], x[1]);
        case opcode::maximum:
            return maximum(x[0], x[1]);
        case opcode::ratio:
            return ratio(x[0], x[1]);
        case opcode::round_digits:
            return round_digits(x[0], x[1]);
        case opcode::equal:
            return compare_equal(x[0], x[1]);
        case opcode::not_equal:
            return compare_not_equal(x[0], x[1]);
        case opcode::less:
            return compare_less(x[0], x[1]);
        case opcode::less_equal:
            return compare_less_equal(x[0], x[1]);
        case opcode::greater:
            return compare_greater(x[0], x[1]);
        case opcode::greater_equal:
            return compare_greater_equal(x[0], x[1]);
        case opcode::logical_and:
            return kleene_and(x[0], x[1]);
        case opcode::logical_or:
            return kleene_or(x[0], x[1]);
        case opcode::coalesce:
            return coalesce(x[0], x[1]);
        case opcode::member:
            return member(x[0], list);
        case opcode::select:
            return select(x[0], x[1], x[2]);
        case opcode::clamp:
            return clamp_value(x[0], x[1], x[2]);
        case opcode::divide_or:
            return divide_or(x[0], x[1], x[2]);
    }
    return missing_value;
}

bool fails(opcode op, std::array<double, 3> x) noexcept {
    switch (op) {
        case opcode::divide:
        case opcode::modulo:
            return divide_fails(x[0], x[1]);
        case opcode::sqrt:
            return sqrt_fails(x[0]);
        default:
            return false;
    }
}

namespace {

// ---- Value loops. Restrict-qualified: compile never lets a target share a register with an
// operand, so the loops vectorize without runtime overlap checks.

template <class F>
void loop1(double* __restrict target, const double* __restrict a, std::size_t lanes, F f) {
    for (std::size_t i = 0; i < lanes; ++i) {
        target[i] = f(a[i]);
    }
}

template <class F>
void loop2(double* __restrict target, const double* __restrict a, const double* __restrict b,
           std::size_t lanes, F f) {
    for (std::size_t i = 0; i < lanes; ++i) {
        target[i] = f(a[i], b[i]);
    }
}

template <class F>
void loop2_first(double* __restrict target, double a, const double* __restrict b, std::size_t lanes,
                 F f) {
    for (std::size_t i = 0; i < lanes; ++i) {
        target[i] = f(a, b[i]);
    }
}

template <class F>
void loop2_second(double* __restrict target, const double* __restrict a, double b,
                  std::size_t lanes, F f) {
    for (std::size_t i = 0; i < lanes; ++i) {
        target[i] = f(a[i], b);
    }
}

template <class F>
void loop3(double* __restrict target, const double* __restrict a, const double* __restrict b,
           const double* __restrict c, std::size_t lanes, F f) {
    for (std::size_t i = 0; i < lanes; ++i) {
        target[i] = f(a[i], b[i], c[i]);
    }
}

// Whether operand k of the instruction is its constant `value` rather than a column.
bool is_immediate(const instruction& in, std::size_t k) noexcept {
    return (in.constant == immediate::first && k == 0) ||
           (in.constant == immediate::second && k == 1);
}

bool any_zero(const double* __restrict a, std::size_t lanes) {
    int found = 0;
    for (std::size_t i = 0; i < lanes; ++i) {
        found |= a[i] == 0.0 ? 1 : 0;
    }
    return found != 0;
}

bool any_negative(const double* __restrict a, std::size_t lanes) {
    int found = 0;
    for (std::size_t i = 0; i < lanes; ++i) {
        found |= a[i] < 0.0 ? 1 : 0;
    }
    return found != 0;
}

struct lanes_view {
    const double* const* operands;
    double* target;
    std::size_t lanes;
};

template <class F>
void unary(const instruction& in, const lanes_view& view, F f) {
    loop1(view.target, view.operands[in.operands[0]], view.lanes, f);
}

template <class F>
void binary(const instruction& in, const lanes_view& view, F f) {
    switch (in.constant) {
        case immediate::none:
            loop2(view.target, view.operands[in.operands[0]], view.operands[in.operands[1]],
                  view.lanes, f);
            return;
        case immediate::first:
            loop2_first(view.target, in.value, view.operands[in.operands[1]], view.lanes, f);
            return;
        case immediate::second:
            loop2_second(view.target, view.operands[in.operands[0]], in.value, view.lanes, f);
            return;
    }
}

template <class F>
void ternary(const instruction& in, const lanes_view& view, F f) {
    loop3(view.target, view.operands[in.operands[0]], view.operands[in.operands[1]],
          view.operands[in.operands[2]], view.lanes, f);
}

// Whether the divisor (second operand) may be zero somewhere in the chunk.
bool divisor_suspect(const instruction& in, const lanes_view& view) {
    if (in.constant == immediate::second) {
        return in.value == 0.0;
    }
    return any_zero(view.operands[in.operands[1]], view.lanes);
}

// Computes one instruction's values for the chunk. Returns true when a lane may have failed,
// so that the chunk is run again, checked.
bool execute(const instruction& in, const lanes_view& view, std::span<const double> lists) {
    switch (in.op) {
        case opcode::broadcast:
            std::fill_n(view.target, view.lanes, in.value);
            return false;
        case opcode::negate:
            unary(in, view, [](double a) { return -a; });
            return false;
        case opcode::logical_not:
            unary(in, view, [](double a) { return kleene_not(a); });
            return false;
        case opcode::absolute:
            unary(in, view, [](double a) { return std::fabs(a); });
            return false;
        case opcode::floor:
            unary(in, view, [](double a) { return std::floor(a); });
            return false;
        case opcode::ceil:
            unary(in, view, [](double a) { return std::ceil(a); });
            return false;
        case opcode::sqrt:
            unary(in, view, [](double a) { return std::sqrt(a); });
            return any_negative(view.operands[in.operands[0]], view.lanes);
        case opcode::round:
            unary(in, view, [](double a) { return std::round(a); });
            return false;
        case opcode::is_missing:
            unary(in, view, [](double a) { return truth(is_missing(a)); });
            return false;
        case opcode::add:
            binary(in, view, [](double a, double b) { return a + b; });
            return false;
        case opcode::subtract:
            binary(in, view, [](double a, double b) { return a - b; });
            return false;
        case opcode::multiply:
            binary(in, view, [](double a, double b) { return a * b; });
            return false;
        case opcode::divide:
            binary(in, view, [](double a, double b) { return a / b; });
            return divisor_suspect(in, view);
        case opcode::modulo:
            binary(in, view, [](double a, double b) { return modulo(a, b); });
            return divisor_suspect(in, view);
        case opcode::minimum:
            binary(in, view, [](double a, double b) { return minimum(a, b); });
            return false;
        case opcode::maximum:
            binary(in, view, [](double a, double b) { return maximum(a, b); });
            return false;
        case opcode::ratio:
            binary(in, view, [](double a, double b) { return ratio(a, b); });
            return false;
        case opcode::round_digits:
            binary(in, view, [](double a, double b) { return round_digits(a, b); });
            return false;
        case opcode::equal:
            binary(in, view, [](double a, double b) { return compare_equal(a, b); });
            return false;
        case opcode::not_equal:
            binary(in, view, [](double a, double b) { return compare_not_equal(a, b); });
            return false;
        case opcode::less:
            binary(in, view, [](double a, double b) { return compare_less(a, b); });
            return false;
        case opcode::less_equal:
            binary(in, view, [](double a, double b) { return compare_less_equal(a, b); });
            return false;
        case opcode::greater:
            binary(in, view, [](double a, double b) { return compare_greater(a, b); });
            return false;
        case opcode::greater_equal:
            binary(in, view, [](double a, double b) { return compare_greater_equal(a, b); });
            return false;
        case opcode::logical_and:
            binary(in, view, [](double a, double b) { return kleene_and(a, b); });
            return false;
        case opcode::logical_or:
            binary(in, view, [](double a, double b) { return kleene_or(a, b); });
            return false;
        case opcode::coalesce:
            binary(in, view, [](double a, double b) { return coalesce(a, b); });
            return false;
        case opcode::member: {
            const auto list = lists.subspan(in.list_begin, in.list_size);
            unary(in, view, [list](double a) { return member(a, list); });
            return false;
        }
        case opcode::select:
            ternary(in, view, [](double c, double a, double b) { return select(c, a, b); });
            return false;
        case opcode::clamp:
            ternary(in, view,
                    [](double x, double lo, double hi) { return clamp_value(x, lo, hi); });
            return false;
        case opcode::divide_or:
            ternary(in, view, [](double a, double b, double f) { return divide_or(a, b, f); });
            return false;
    }
    return false;
}

// ---- Failure propagation, for chunks where a failure may have happened. Each register has
// an error lane beside its value lane: 0, or the column of the first failure among the
// operations whose value it uses, in left-to-right evaluation order. This mirrors a lazy
// evaluation of the tree, one subject at a time.

struct checked_operands {
    std::array<const double*, 3> values{};
    std::array<const std::uint32_t*, 3> errors{};
};

template <class F>
void propagate_loop(std::uint32_t* __restrict target, const checked_operands& in, std::size_t lanes,
                    F f) {
    for (std::size_t i = 0; i < lanes; ++i) {
        target[i] = f(in, i);
    }
}

void propagate(const instruction& in, const checked_operands& x, std::uint32_t* target,
               std::size_t lanes) {
    const std::uint32_t column = in.column;
    const auto first = [](const checked_operands& o, std::size_t i) { return o.errors[0][i]; };
    const auto first_of_two = [](const checked_operands& o, std::size_t i) {
        return o.errors[0][i] != 0 ? o.errors[0][i] : o.errors[1][i];
    };
    switch (in.op) {
        case opcode::broadcast:
            std::fill_n(target, lanes, 0U);
            return;
        case opcode::sqrt:
            propagate_loop(target, x, lanes, [column](const checked_operands& o, std::size_t i) {
                return o.errors[0][i] != 0 ? o.errors[0][i]
                                           : (sqrt_fails(o.values[0][i]) ? column : 0U);
            });
            return;
        case opcode::divide:
        case opcode::modulo:
            propagate_loop(target, x, lanes, [column](const checked_operands& o, std::size_t i) {
                if (o.errors[0][i] != 0 || o.errors[1][i] != 0) {
                    return o.errors[0][i] != 0 ? o.errors[0][i] : o.errors[1][i];
                }
                return divide_fails(o.values[0][i], o.values[1][i]) ? column : 0U;
            });
            return;
        case opcode::logical_and:
            propagate_loop(target, x, lanes, [](const checked_operands& o, std::size_t i) {
                return o.errors[0][i] != 0 ? o.errors[0][i]
                                           : (o.values[0][i] == 0.0 ? 0U : o.errors[1][i]);
            });
            return;
        case opcode::logical_or:
            propagate_loop(target, x, lanes, [](const checked_operands& o, std::size_t i) {
                return o.errors[0][i] != 0 ? o.errors[0][i]
                                           : (o.values[0][i] == 1.0 ? 0U : o.errors[1][i]);
            });
            return;
        case opcode::coalesce:
            propagate_loop(target, x, lanes, [](const checked_operands& o, std::size_t i) {
                return o.errors[0][i] != 0 ? o.errors[0][i]
                                           : (is_missing(o.values[0][i]) ? o.errors[1][i] : 0U);
            });
            return;
        case opcode::select:
            propagate_loop(target, x, lanes, [](const checked_operands& o, std::size_t i) {
                if (o.errors[0][i] != 0) {
                    return o.errors[0][i];
                }
                const double c = o.values[0][i];
                return c == 1.0 ? o.errors[1][i] : (c == 0.0 ? o.errors[2][i] : 0U);
            });
            return;
        case opcode::clamp:
            propagate_loop(target, x, lanes, [](const checked_operands& o, std::size_t i) {
                if (o.errors[0][i] != 0) {
                    return o.errors[0][i];
                }
                return o.errors[1][i] != 0 ? o.errors[1][i] : o.errors[2][i];
            });
            return;
        case opcode::divide_or:
            propagate_loop(target, x, lanes, [](const checked_operands& o, std::size_t i) {
                if (o.errors[0][i] != 0 || o.errors[1][i] != 0) {
                    return o.errors[0][i] != 0 ? o.errors[0][i] : o.errors[1][i];
                }
                return o.values[1][i] == 0.0 ? o.errors[2][i] : 0U;
            });
            return;
        default:
            if (operand_count(in.op) == 1) {
                propagate_loop(target, x, lanes, first);
            } else {
                propagate_loop(target, x, lanes, first_of_two);
            }
            return;
    }
}

}  // namespace

program::program(program_code code) : code_(std::move(code)) {
    const std::size_t operands = code_.slots.size() + code_.registers;
    const auto valid = [&](const instruction& in) {
        if (in.target >= code_.registers ||
            static_cast<std::size_t>(in.list_begin) + in.list_size > code_.lists.size()) {
            return false;
        }
        for (std::size_t k = 0; k < operand_count(in.op); ++k) {
            const bool immediate_here = is_immediate(in, k);
            if (!immediate_here && in.operands[k] >= operands) {
                return false;
            }
            // Writing a register that is also read would break the restrict-qualified loops.
            if (!immediate_here && in.operands[k] == code_.slots.size() + in.target) {
                return false;
            }
        }
        return true;
    };
    if (code_.result >= operands ||
        !std::all_of(code_.instructions.begin(), code_.instructions.end(), valid)) {
        throw std::logic_error("malformed expression program");
    }
}

void program::prepare(workspace& scratch) const {
    const std::size_t inputs = code_.slots.size();
    const std::size_t registers = code_.registers;
    // One more chunk past the registers: immediates (values) and "no error" (errors).
    scratch.values_.resize((registers + 1) * chunk_size);
    scratch.errors_.resize((registers + 1) * chunk_size);
    std::uint32_t* no_error = scratch.errors_.data() + registers * chunk_size;
    std::fill_n(no_error, chunk_size, 0U);
    scratch.value_operands_.assign(inputs + registers, nullptr);
    scratch.error_operands_.assign(inputs + registers, no_error);
    for (std::size_t r = 0; r < registers; ++r) {
        scratch.value_operands_[inputs + r] = scratch.values_.data() + r * chunk_size;
        scratch.error_operands_[inputs + r] = scratch.errors_.data() + r * chunk_size;
    }
}

bool program::run_values(workspace& scratch, std::size_t lanes) const {
    bool suspect = false;
    for (const instruction& in : code_.instructions) {
        const lanes_view view{scratch.value_operands_.data(),
                              scratch.values_.data() + in.target * chunk_size, lanes};
        suspect = execute(in, view, code_.lists) || suspect;
    }
    return suspect;
}

void program::run_checked(workspace& scratch, std::size_t lanes) const {
    double* immediate_lanes = scratch.values_.data() + code_.registers * chunk_size;
    const std::uint32_t* no_error = scratch.errors_.data() + code_.registers * chunk_size;
    for (const instruction& in : code_.instructions) {
        checked_operands x;
        for (std::size_t k = 0; k < operand_count(in.op); ++k) {
            const bool immediate_here = is_immediate(in, k);
            if (immediate_here) {
                std::fill_n(immediate_lanes, lanes, in.value);
                x.values[k] = immediate_lanes;
                x.errors[k] = no_error;
            } else {
                x.values[k] = scratch.value_operands_[in.operands[k]];
                x.errors[k] = scratch.error_operands_[in.operands[k]];
            }
        }
        // Errors first: they read the operands' values, which the target never overlaps.
        propagate(in, x, scratch.errors_.data() + in.target * chunk_size, lanes);
        const lanes_view view{scratch.value_operands_.data(),
                              scratch.values_.data() + in.target * chunk_size, lanes};
        execute(in, view, code_.lists);
    }
}

void program::run(batch_inputs inputs, std::span<double> out, std::span<std::uint32_t> error_column,
                  workspace& scratch) const {
    if (out.size() != error_column.size()) {
        throw std::invalid_argument("expression output has " + std::to_string(out.size()) +
                                    " values but " + std::to_string(error_column.size()) +
                                    " error columns");
    }
    for (const std::uint32_t slot : code_.slots) {
        if (slot >= inputs.size() || inputs[slot].size() < out.size()) {
            throw std::invalid_argument(
                "expression input slot " + std::to_string(slot) + " has " +
                std::to_string(slot < inputs.size() ? inputs[slot].size() : 0) + " values for " +
                std::to_string(out.size()) + " subjects");
        }
    }
    prepare(scratch);
    const std::size_t input_count = code_.slots.size();
    for (std::size_t begin = 0; begin < out.size(); begin += chunk_size) {
        const std::size_t lanes = std::min(chunk_size, out.size() - begin);
        for (std::size_t k = 0; k < input_count; ++k) {
            scratch.value_operands_[k] = inputs[code_.slots[k]].data() + begin;
        }
        const bool checked = run_values(scratch, lanes);
        if (checked) {
            run_checked(scratch, lanes);
        }
        const double* values = scratch.value_operands_[code_.result];
        const std::uint32_t* errors = scratch.error_operands_[code_.result];
        double* values_out = out.data() + begin;
        std::uint32_t* errors_out = error_column.data() + begin;
        for (std::size_t i = 0; i < lanes; ++i) {
            const std::uint32_t failed = checked ? errors[i] : 0U;
            values_out[i] = (failed != 0 || is_missing(values[i])) ? missing_value : values[i];
            errors_out[i] = failed;
        }
    }
}

void program::run(batch_inputs inputs, std::span<double> out,
                  std::span<std::uint32_t> error_column) const {
    workspace scratch;
    run(inputs, out, error_column, scratch);
}

std::string program::listing() const {
    const std::size_t inputs = code_.slots.size();
    const auto operand = [&](std::uint32_t n) {
        std::string name(n < inputs ? "slot" : "r");
        name += std::to_string(n < inputs ? code_.slots[n] : n - inputs);
        return name;
    };
    std::string out;
    for (const instruction& in : code_.instructions) {
        out += 'r';
        out += std::to_string(in.target);
        out += " = ";
        out += name_of(in.op);
        if (in.op == opcode::broadcast) {
            out += ' ';
            append_number(out, in.value);
        }
        for (std::size_t k = 0; k < operand_count(in.op); ++k) {
            out += k == 0 ? " " : ", ";
            const bool immediate_here = is_immediate(in, k);
            if (immediate_here) {
                append_number(out, in.value);
            } else {
                out += operand(in.operands[k]);
            }
        }
        if (in.op == opcode::member) {
            out += " [";
            for (std::uint32_t i = 0; i < in.list_size; ++i) {
                out += i > 0 ? ", " : "";
                append_number(out, code_.lists[in.list_begin + i]);
            }
            out += ']';
        }
        if (can_fail(in.op)) {
            out += " @" + std::to_string(in.column);
        }
        out += '\n';
    }
    out += "result " + operand(code_.result) + '\n';
    return out;
}

}  // namespace antq::detail::expr
