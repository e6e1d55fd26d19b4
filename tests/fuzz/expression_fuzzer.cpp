// Fuzzes the expression language: the input is an expression's text. It is parsed, printed
// and parsed again, parsed as a roll-up aggregate, compiled against a small scope and run on
// a batch of two chunks, and the compiled program is checked against the reference
// interpreter, subject by subject.
//
// Invariants: nothing throws; every error has a message and a column within the text
// (1 to its length in characters + 1); compile's errors come in the order of the text; a
// program compiled without an expected type compiles again expecting its own type and not
// expecting another; run gives, for each subject, either a failure (NaN with the column of
// the failing operation) or a value of the program's type (a boolean is 0 or 1, a text a
// string id of the pool; see check_value on infinities), NaN standing for missing; and the
// interpreter gives the same value, to the bit, and the same error column.

#include "fuzz_support.hpp"

#include "antq/expr/ast.hpp"
#include "antq/expr/compiler.hpp"
#include "antq/expr/interpreter.hpp"
#include "antq/expr/parser.hpp"
#include "antq/expr/program.hpp"
#include "antq/expr/scope.hpp"
#include "antq/expr/types.hpp"

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace expr = antq::detail::expr;
using antq::fuzz::check;

// Input slots of the fuzz scope.
enum slot : std::uint32_t {
    crimes_slot,
    cases_slot,
    active_slot,
    kind_slot,
    previous_crimes_slot,
    passed_slot,
    points_slot,
    value_slot,
    slot_count,
};

// crimes, cases (numbers), active (boolean), kind (text); previous(crimes); passed(c1),
// points(c1), value(c1). Names close to these exercise the "did you mean" suggestions.
class fuzz_scope final : public expr::scope {
  public:
    std::optional<expr::symbol> find(std::string_view name) const override {
        if (name == "crimes") {
            return expr::symbol{expr::value_type::number, crimes_slot};
        }
        if (name == "cases") {
            return expr::symbol{expr::value_type::number, cases_slot};
        }
        if (name == "active") {
            return expr::symbol{expr::value_type::boolean, active_slot};
        }
        if (name == "kind") {
            return expr::symbol{expr::value_type::text, kind_slot};
        }
        return std::nullopt;
    }

    std::optional<expr::symbol> find_previous(std::string_view name,
                                              std::uint32_t periods_back) const override {
        if (name == "crimes" && periods_back == 1) {
            return expr::symbol{expr::value_type::number, previous_crimes_slot};
        }
        return std::nullopt;
    }

    std::optional<expr::symbol> find_criterion(expr::criterion_function function,
                                               std::string_view id) const override {
        if (id != "c1") {
            return std::nullopt;
        }
        switch (function) {
            case expr::criterion_function::passed:
                return expr::symbol{expr::value_type::boolean, passed_slot};
            case expr::criterion_function::points:
                return expr::symbol{expr::value_type::number, points_slot};
            case expr::criterion_function::value:
                return expr::symbol{expr::value_type::number, value_slot};
        }
        return std::nullopt;
    }

    std::vector<std::string> names() const override {
        return {"active", "cases", "crimes", "kind"};
    }

    std::vector<std::string> criterion_ids() const override { return {"c1"}; }
};

constexpr double missing = std::numeric_limits<double>::quiet_NaN();

// Two chunks and a bit, so that chunk boundaries are crossed.
constexpr std::size_t subjects = expr::program::chunk_size + 11;

// Values every number column cycles through: zero (for divisions), negatives (for sqrt),
// halves (for round), missing, and large but finite magnitudes.
constexpr std::array<double, 12> number_values{0.0, 1.0, -1.0,  2.5,   -0.5,  missing,
                                               3.0, 1e6, -1e-7, 0.125, 100.0, 7.0};

// The batch: slot-major columns, each a different rotation of the value cycles. Text
// columns hold ids of `texts`, interned before compiling so that literals share them.
struct batch {
    std::vector<std::vector<double>> columns;
    std::vector<std::span<const double>> views;

    explicit batch(expr::string_pool& texts) : columns(slot_count) {
        const std::array<double, 4> kinds{static_cast<double>(texts.intern("village")),
                                          static_cast<double>(texts.intern("commune")), missing,
                                          static_cast<double>(texts.intern(""))};
        for (std::uint32_t s = 0; s < slot_count; ++s) {
            auto& column = columns[s];
            column.resize(subjects);
            for (std::size_t i = 0; i < subjects; ++i) {
                const std::size_t at = i + 5 * s;
                if (s == kind_slot) {
                    column[i] = kinds[at % kinds.size()];
                } else if (s == active_slot || s == passed_slot) {
                    column[i] = at % 3 == 2 ? missing : static_cast<double>(at % 2);
                } else {
                    column[i] = number_values[at % number_values.size()];
                }
            }
        }
        for (const auto& column : columns) {
            views.emplace_back(column);
        }
    }

    [[nodiscard]] expr::batch_inputs inputs() const { return views; }
};

void check_error(const expr::error& e, std::size_t length) {
    check(!e.message.empty(), "an error has no message");
    check(e.column >= 1 && e.column <= length + 1, "an error's column lies outside the text");
}

void check_errors(const std::vector<expr::error>& errors, std::size_t length) {
    check(!errors.empty(), "compile failed without an error");
    for (std::size_t i = 0; i < errors.size(); ++i) {
        check_error(errors[i], length);
        check(i == 0 || errors[i - 1].column <= errors[i].column,
              "compile's errors are not in the order of the text");
    }
}

// Printing a tree and parsing the print gives a tree that prints the same.
void check_reprint(const expr::ast& tree) {
    const std::string printed = expr::to_string(tree);
    const auto again = expr::parse(printed);
    if (!again) {
        // The added parentheses may go past the limits; nothing else may fail.
        const bool too_deep = again.error().message.find("nested too deeply") != std::string::npos;
        check(too_deep || printed.size() > expr::max_expression_length,
              "the printed form of a parsed expression does not parse");
        return;
    }
    check(expr::to_string(*again) == printed, "printing is not stable across a parse");
}

bool same_bits(double a, double b) {
    return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

void check_value(const expr::program& program, double value, const expr::string_pool& texts) {
    if (std::isnan(value)) {
        return;
    }
    switch (program.type()) {
        case expr::value_type::boolean:
            check(value == 0.0 || value == 1.0, "a boolean result is neither 0 nor 1");
            return;
        case expr::value_type::text:
            check(value >= 0 && value == std::floor(value) &&
                      value < static_cast<double>(texts.size()),
                  "a text result is not a string id of the pool");
            return;
        case expr::value_type::number:
            // Infinities are let through: the language does not (yet) treat overflow as a
            // failure, so `1e200 * 1e200` and `crimes * 1e308` give +inf (corpus:
            // overflow_chain, overflow_runtime). Literals and inputs here are finite, so an
            // infinity can come from nothing else; to require finite numbers, check
            // std::isfinite(value) here.
            return;
    }
}

void check_run(const expr::ast& tree, const expr::program& program, const fuzz_scope& names,
               expr::string_pool& texts, const batch& inputs, std::size_t length) {
    std::vector<double> out(subjects);
    std::vector<std::uint32_t> error_column(subjects);
    program.run(inputs.inputs(), out, error_column);
    for (std::size_t i = 0; i < subjects; ++i) {
        if (error_column[i] != 0) {
            check(std::isnan(out[i]), "a failed subject has a value");
            check(error_column[i] <= length + 1, "a failure's column lies outside the text");
        } else {
            check_value(program, out[i], texts);
        }
        const expr::evaluation reference = expr::interpret(tree, names, texts, inputs.inputs(), i);
        check(same_bits(reference.value, out[i]),
              "the program and the interpreter disagree on a value");
        check(reference.error_column == error_column[i],
              "the program and the interpreter disagree on a failure");
    }
}

expr::value_type other_type(expr::value_type type) {
    return type == expr::value_type::number ? expr::value_type::boolean : expr::value_type::number;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = antq::fuzz::as_text(data, size);
    const std::size_t length = antq::fuzz::length_in_characters(text);

    const auto aggregate = expr::parse_aggregate(text);
    if (!aggregate) {
        check_error(aggregate.error(), length);
    }

    const auto tree = expr::parse(text);
    if (!tree) {
        check_error(tree.error(), length);
        return 0;
    }
    check_reprint(*tree);

    const fuzz_scope names;
    expr::string_pool texts;
    const batch inputs(texts);
    const auto compiled = expr::compile(*tree, names, texts);
    if (!compiled) {
        check_errors(compiled.error(), length);
        return 0;
    }
    const auto as_own_type = expr::compile(*tree, names, texts, compiled->type());
    check(as_own_type.has_value(), "a program does not compile expecting its own type");
    const auto as_other_type = expr::compile(*tree, names, texts, other_type(compiled->type()));
    check(!as_other_type.has_value(), "a program compiles expecting another type than its own");
    check_errors(as_other_type.error(), length);

    check_run(*tree, *compiled, names, texts, inputs, length);
    return 0;
}
