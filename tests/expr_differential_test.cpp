// Differential test: random well-typed expressions over random inputs (with missing values,
// zeros, infinities); the compiled program run over a batch must equal the tree-walking
// interpreter for every subject, bit for bit, with the same error column.

#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "antq/expr/compiler.hpp"
#include "antq/expr/interpreter.hpp"
#include "antq/expr/parser.hpp"
#include "antq/expr/program.hpp"
#include "antq/expr/scope.hpp"

namespace antq::detail::expr {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

// Slots: n0..n5 numbers, b0 b1 booleans, t0 t1 texts, then previous(n0), previous(t0),
// passed(c1), points(c1), value(c2).
constexpr std::uint32_t number_columns = 6;
constexpr std::uint32_t slot_t0 = 8;
constexpr std::uint32_t slot_previous_n0 = 10;
constexpr std::uint32_t slot_previous_t0 = 11;
constexpr std::uint32_t slot_passed_c1 = 12;
constexpr std::uint32_t slot_points_c1 = 13;
constexpr std::uint32_t slot_value_c2 = 14;
constexpr std::uint32_t slot_count = 15;
// Earlier periods, for the look-back round: every plain name (slots 0 to 9) k periods back,
// k from 1 to deepest_back, at slot_count + (k - 1) * 10 + its slot (previous(n0) and
// previous(t0) keep their slots above, so that the first round reads what it always read).
constexpr std::uint32_t plain_names = 10;
constexpr std::uint32_t deepest_back = 6;
constexpr std::uint32_t all_slots = slot_count + deepest_back * plain_names;

class random_scope final : public scope {
  public:
    std::optional<symbol> find(std::string_view name) const override {
        static const std::map<std::string_view, symbol> table{
            {"n0", {value_type::number, 0}},  {"n1", {value_type::number, 1}},
            {"n2", {value_type::number, 2}},  {"n3", {value_type::number, 3}},
            {"n4", {value_type::number, 4}},  {"n5", {value_type::number, 5}},
            {"b0", {value_type::boolean, 6}}, {"b1", {value_type::boolean, 7}},
            {"t0", {value_type::text, 8}},    {"t1", {value_type::text, 9}},
        };
        const auto found = table.find(name);
        return found == table.end() ? std::nullopt : std::optional<symbol>(found->second);
    }
    std::optional<symbol> find_previous(std::string_view name,
                                        std::uint32_t periods_back) const override {
        if (periods_back == 1 && name == "n0") {
            return symbol{value_type::number, slot_previous_n0};
        }
        if (periods_back == 1 && name == "t0") {
            return symbol{value_type::text, slot_previous_t0};
        }
        const auto now = find(name);
        if (!now || periods_back > deepest_back) {
            return std::nullopt;
        }
        return symbol{now->type, slot_count + (periods_back - 1) * plain_names + now->slot};
    }
    std::optional<symbol> find_criterion(criterion_function f, std::string_view id) const override {
        if (f == criterion_function::passed && id == "c1") {
            return symbol{value_type::boolean, slot_passed_c1};
        }
        if (f == criterion_function::points && id == "c1") {
            return symbol{value_type::number, slot_points_c1};
        }
        if (f == criterion_function::value && id == "c2") {
            return symbol{value_type::number, slot_value_c2};
        }
        return std::nullopt;
    }
};

class expression_generator {
  public:
    /// With `look_back`, also previous(x, k), sum_last() and count_last(), nested within
    /// deepest_back periods; without, the same stream of expressions as before they existed.
    explicit expression_generator(std::mt19937& rng, bool look_back = false)
        : rng_(rng), look_back_(look_back) {}

    std::string of(value_type type, int depth) {
        switch (type) {
            case value_type::number:
                return number(depth);
            case value_type::boolean:
                return boolean(depth);
            case value_type::text:
                return text(depth);
        }
        return "0";
    }

  private:
    int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

    template <std::size_t N>
    std::string one_of(const std::array<const char*, N>& choices) {
        return choices[static_cast<std::size_t>(pick(static_cast<int>(N)))];
    }

    // Mostly parenthesized, sometimes bare so that precedence decides.
    std::string group(const std::string& inner) { return pick(5) == 0 ? inner : "(" + inner + ")"; }

    // How many more periods back a previous() may reach here: inside sum_last(x, k) the
    // periods x is read in already go k - 1 back.
    int room() const { return static_cast<int>(deepest_back) - reach_; }

    std::string earlier(const std::string& name) {
        return "previous(" + name + ", " + std::to_string(1 + pick(room())) + ")";
    }

    std::string look_back(int d) {
        const int periods = 1 + pick(room());  // leaves one period for a previous(n0) inside
        const bool counting = pick(2) == 0;
        const int outer = reach_;
        reach_ += periods - 1;
        std::string argument = counting ? boolean(d) : number(d);
        reach_ = outer;
        return (counting ? "count_last(" : "sum_last(") + argument + ", " +
               std::to_string(periods) + ")";
    }

    std::string number_leaf() {
        if (look_back_ && pick(4) == 0) {
            return earlier("n" + std::to_string(pick(static_cast<int>(number_columns))));
        }
        switch (pick(8)) {
            case 0:
                return one_of(std::array{"0", "1", "2", "0.5", "2.5", "10", "1e3", "0.125", "1.005",
                                         "3", "0"});
            case 1:
                return "previous(n0)";
            case 2:
                if (reach_ > 0 || (look_back_ && pick(2) == 0)) {
                    // Results of the current period: not readable inside a look-back.
                    return "n" + std::to_string(pick(static_cast<int>(number_columns)));
                }
                return pick(2) == 0 ? "points(c1)" : "value(c2)";
            default:
                return "n" + std::to_string(pick(static_cast<int>(number_columns)));
        }
    }

    std::string number(int depth) {
        if (depth <= 0 || pick(5) == 0) {
            return number_leaf();
        }
        const int d = depth - 1;
        if (look_back_ && pick(5) == 0) {
            return look_back(d);
        }
        switch (pick(22)) {
            case 0:
                return group(number(d) + " + " + number(d));
            case 1:
                return group(number(d) + " - " + number(d));
            case 2:
                return group(number(d) + " * " + number(d));
            case 3:
                return group(number(d) + " / " + number(d));
            case 4:
                return group(number(d) + " % " + number(d));
            case 5:
                return "-" + group(number(d));
            case 6:
            case 7: {
                std::string call = pick(2) == 0 ? "min(" : "max(";
                const int count = 1 + pick(3);
                for (int i = 0; i < count; ++i) {
                    call += (i > 0 ? ", " : "") + number(d);
                }
                return call + ")";
            }
            case 8:
                return "clamp(" + number(d) + ", " + number(d) + ", " + number(d) + ")";
            case 9:
                return "abs(" + number(d) + ")";
            case 10:
                return "round(" + number(d) + ")";
            case 11:
                return "round(" + number(d) + ", " +
                       (pick(3) == 0 ? std::string("n5")
                                     : one_of(std::array{"-2", "-1", "0", "1", "2", "3"})) +
                       ")";
            case 12:
                return (pick(2) == 0 ? "floor(" : "ceil(") + number(d) + ")";
            case 13:
                return "sqrt(" + number(d) + ")";
            case 14:
                return "if(" + boolean(d) + ", " + number(d) + ", " + number(d) + ")";
            case 15:
                return "ratio(" + number(d) + ", " + number(d) + ")";
            case 16:
                return "div(" + number(d) + ", " + number(d) + ", " + number(d) + ")";
            case 17:
                // Always parenthesized: a bare `?:` would swallow the operators around it.
                return "(" + group(boolean(d)) + " ? " + number(d) + " : " + number(d) + ")";
            case 18:
                return "default(" +
                       (pick(3) == 0
                            ? std::string("previous(n0)")
                            : "n" + std::to_string(pick(static_cast<int>(number_columns)))) +
                       ", " + number(d) + ")";
            case 19:
                return group(number(d) + " + " + number(d) + " * " + number(d) + " - " + number(d));
            case 20:
                return group(number(d) + " / " + number(d) + " / " + number(d));
            default:
                return "(" + number(d) + ")";
        }
    }

    std::string boolean_leaf() {
        if (look_back_ && pick(4) == 0) {
            return earlier("b" + std::to_string(pick(2)));
        }
        switch (pick(6)) {
            case 0:
                return pick(2) == 0 ? "true" : "false";
            case 1:
                return reach_ > 0 ? "b0" : "passed(c1)";
            case 2:
                return "missing(" + std::string(pick(2) == 0 ? "n4" : "previous(n0)") + ")";
            default:
                return "b" + std::to_string(pick(2));
        }
    }

    std::string boolean(int depth) {
        if (depth <= 0 || pick(5) == 0) {
            return boolean_leaf();
        }
        const int d = depth - 1;
        switch (pick(12)) {
            case 0:
            case 1:
                return group(number(d) + " " +
                             one_of(std::array{"==", "!=", "<", "<=", ">", ">="}) + " " +
                             number(d));
            case 2:
                return group(text(d) + (pick(2) == 0 ? " == " : " != ") + text(d));
            case 3:
                return group(number(d) + (pick(2) == 0 ? " in " : " not in ") +
                             one_of(std::array{"[0, 1]", "[2.5, -1, 10]", "[]", "[1 + 1]"}));
            case 4:
                return group(text(d) + (pick(2) == 0 ? " in " : " not in ") +
                             one_of(std::array{"[\"a\"]", "['a', \"b\"]", "[]"}));
            case 5:
            case 6:
                return group(group(boolean(d)) + " and " + group(boolean(d)));
            case 7:
            case 8:
                return group(group(boolean(d)) + " or " + group(boolean(d)) +
                             (pick(2) == 0 ? " or " + group(boolean(d)) : ""));
            case 9:
                return "not " + group(boolean(d));
            case 10:
                return "if(" + boolean(d) + ", " + boolean(d) + ", " + boolean(d) + ")";
            default:
                return "default(b" + std::to_string(pick(2)) + ", " + boolean(d) + ")";
        }
    }

    std::string text(int depth) {
        if (depth <= 0 || pick(3) == 0) {
            return one_of(std::array{"t0", "t1", "\"a\"", "'b'", "\"c\"", "previous(t0)"});
        }
        const int d = depth - 1;
        switch (pick(3)) {
            case 0:
                return "(" + boolean(d) + " ? " + text(d) + " : " + text(d) + ")";
            case 1:
                return "if(" + boolean(d) + ", " + text(d) + ", " + text(d) + ")";
            default:
                return "default(t" + std::to_string(pick(2)) + ", " + text(d) + ")";
        }
    }

    std::mt19937& rng_;
    bool look_back_ = false;
    int reach_ = 0;  ///< periods back the enclosing sum_last/count_last already read
};

bool same_bits(double a, double b) {
    return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

std::vector<std::vector<double>> random_columns(std::mt19937& rng, string_pool& texts,
                                                std::size_t subjects,
                                                bool earlier_periods = false) {
    const std::array<double, 20> numbers{0, 0,  0,    1,   -1,  2,     0.5,    2.5, -2.5,  1.005,
                                         3, 10, -0.0, nan, nan, 1e300, -1e300, inf, 0.125, 7};
    const std::array<double, 3> booleans{0, 1, nan};
    const std::array<double, 4> text_ids{static_cast<double>(texts.intern("a")),
                                         static_cast<double>(texts.intern("b")),
                                         static_cast<double>(texts.intern("c")), nan};
    std::uniform_int_distribution<std::size_t> number_index(0, numbers.size() - 1);
    std::uniform_int_distribution<std::size_t> boolean_index(0, booleans.size() - 1);
    std::uniform_int_distribution<std::size_t> text_index(0, text_ids.size() - 1);
    std::uniform_real_distribution<double> uniform(-5, 5);
    std::vector<std::vector<double>> columns(slot_count, std::vector<double>(subjects));
    if (earlier_periods) {
        columns.resize(all_slots, std::vector<double>(subjects));
    }
    for (std::uint32_t slot = 0; slot < columns.size(); ++slot) {
        // An earlier period's column has the type of the name it is of.
        const std::uint32_t of = slot < slot_count ? slot : (slot - slot_count) % plain_names;
        for (auto& v : columns[slot]) {
            const bool is_number = of < number_columns || of == slot_previous_n0 ||
                                   of == slot_points_c1 || of == slot_value_c2;
            const bool is_text = of == slot_t0 || of == slot_t0 + 1 || of == slot_previous_t0;
            if (is_number) {
                v = std::uniform_int_distribution<int>(0, 3)(rng) == 0 ? uniform(rng)
                                                                       : numbers[number_index(rng)];
            } else if (is_text) {
                v = text_ids[text_index(rng)];
            } else {
                v = booleans[boolean_index(rng)];
            }
        }
    }
    return columns;
}

struct tally {
    int compiled = 0;
    int rejected = 0;
    long failed_lanes = 0;
    long missing_lanes = 0;
    long value_lanes = 0;
};

// Runs the program over inputs[begin, begin + count) and compares with the interpreter.
void compare(const program& compiled, const ast& tree, const random_scope& names,
             string_pool& texts, const std::vector<std::vector<double>>& columns, std::size_t begin,
             std::size_t count, const std::string& text, tally& seen) {
    std::vector<std::span<const double>> inputs;
    for (const auto& c : columns) {
        inputs.emplace_back(c.data() + begin, count);
    }
    std::vector<double> out(count);
    std::vector<std::uint32_t> errors(count);
    compiled.run(inputs, out, errors);
    for (std::size_t i = 0; i < count; ++i) {
        const evaluation reference = interpret(tree, names, texts, inputs, i);
        ASSERT_TRUE(same_bits(out[i], reference.value) && errors[i] == reference.error_column)
            << text << "\nsubject " << begin + i << ": program " << out[i] << " @" << errors[i]
            << ", interpreter " << reference.value << " @" << reference.error_column << "\n"
            << compiled.listing();
        seen.failed_lanes += errors[i] != 0 ? 1 : 0;
        seen.missing_lanes += errors[i] == 0 && std::isnan(out[i]) ? 1 : 0;
        seen.value_lanes += std::isnan(out[i]) ? 0 : 1;
    }
}

TEST(expr_differential, program_equals_interpreter) {
    std::mt19937 rng(20261128);
    string_pool texts;
    const random_scope names;
    constexpr std::size_t subjects = 1000;  // three full chunks and a partial one
    const auto columns = random_columns(rng, texts, subjects);
    expression_generator generate(rng);
    tally seen;
    const std::array<value_type, 3> types{value_type::number, value_type::boolean,
                                          value_type::text};
    for (int round = 0; round < 3000; ++round) {
        const value_type type = types[static_cast<std::size_t>(round % 5 == 4 ? 2 : round % 2)];
        const std::string text = generate.of(type, 1 + round % 6);
        const auto tree = parse(text);
        ASSERT_TRUE(tree) << text << ": " << tree.error().message;
        auto compiled = compile(*tree, names, texts, type);
        if (!compiled) {
            // Only the constant failures compile refuses on purpose may reject a generated
            // expression.
            const std::string& message = compiled.error().front().message;
            ASSERT_TRUE(message == "division by zero" ||
                        message == "square root of a negative number")
                << text << ": " << message;
            ++seen.rejected;
            continue;
        }
        ++seen.compiled;
        ASSERT_EQ(compiled->type(), type);
        compare(*compiled, *tree, names, texts, columns, 0, subjects, text, seen);
        // An offset batch puts every subject in another lane of another chunk.
        compare(*compiled, *tree, names, texts, columns, 37, 300, text, seen);
        if (::testing::Test::HasFatalFailure()) {
            return;
        }
    }
    EXPECT_GT(seen.compiled, 2700);
    EXPECT_GT(seen.failed_lanes, 10'000);
    EXPECT_GT(seen.missing_lanes, 100'000);
    EXPECT_GT(seen.value_lanes, 1'000'000);
    std::printf("compiled %d, rejected %d; lanes: %ld failed, %ld missing, %ld values\n",
                seen.compiled, seen.rejected, seen.failed_lanes, seen.missing_lanes,
                seen.value_lanes);
}

// previous(x, k), sum_last() and count_last(), nested in each other and in everything else:
// each period a look-back covers is lowered into the program separately, and walked
// separately by the interpreter, so the two must still agree on every value, every missing
// period and every error column.
TEST(expr_differential, look_backs_program_equals_interpreter) {
    std::mt19937 rng(20261202);
    string_pool texts;
    const random_scope names;
    constexpr std::size_t subjects = 600;
    const auto columns = random_columns(rng, texts, subjects, true);
    expression_generator generate(rng, true);
    tally seen;
    int look_backs = 0;
    for (int round = 0; round < 2000; ++round) {
        const value_type type = round % 2 == 0 ? value_type::number : value_type::boolean;
        const std::string text = generate.of(type, 1 + round % 5);
        const auto tree = parse(text);
        ASSERT_TRUE(tree) << text << ": " << tree.error().message;
        auto compiled = compile(*tree, names, texts, type);
        if (!compiled) {
            const std::string& message = compiled.error().front().message;
            ASSERT_TRUE(message == "division by zero" ||
                        message == "square root of a negative number")
                << text << ": " << message;
            ++seen.rejected;
            continue;
        }
        ++seen.compiled;
        look_backs += text.find("_last(") != std::string::npos ? 1 : 0;
        compare(*compiled, *tree, names, texts, columns, 0, subjects, text, seen);
        compare(*compiled, *tree, names, texts, columns, 11, 200, text, seen);
        if (::testing::Test::HasFatalFailure()) {
            return;
        }
    }
    EXPECT_GT(seen.compiled, 1800);
    EXPECT_GT(look_backs, 500);
    EXPECT_GT(seen.failed_lanes, 1'000);
    EXPECT_GT(seen.missing_lanes, 50'000);
    EXPECT_GT(seen.value_lanes, 200'000);
    std::printf(
        "compiled %d (%d with sum_last/count_last), rejected %d; lanes: %ld failed, "
        "%ld missing, %ld values\n",
        seen.compiled, look_backs, seen.rejected, seen.failed_lanes, seen.missing_lanes,
        seen.value_lanes);
}

}  // namespace
}  // namespace antq::detail::expr
