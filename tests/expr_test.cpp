// Tests of the expression language: parse, compile, program::run and interpret.
// Every evaluation below runs the compiled program over the batch and also checks that the
// interpreter agrees with it for each subject, bit for bit.

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "antq/expr/ast.hpp"
#include "antq/expr/compiler.hpp"
#include "antq/expr/interpreter.hpp"
#include "antq/expr/kernels.hpp"
#include "antq/expr/parser.hpp"
#include "antq/expr/program.hpp"
#include "antq/expr/scope.hpp"
#include "antq/suggestion.hpp"

namespace antq::detail::expr {
namespace {

constexpr double N = std::numeric_limits<double>::quiet_NaN();

class test_scope final : public scope {
  public:
    void add(const std::string& name, symbol s) { plain_[name] = s; }
    void add_previous(const std::string& name, symbol s, std::uint32_t periods_back = 1) {
        previous_[name + "@" + std::to_string(periods_back)] = s;
    }
    void add_previous_tier(std::uint32_t periods_back, symbol s) {
        previous_tiers_[periods_back] = s;
    }
    void add_criterion(criterion_function f, const std::string& id, symbol s) {
        criteria_[{f, id}] = s;
    }

    std::optional<symbol> find(std::string_view name) const override {
        return lookup(plain_, name);
    }
    std::optional<symbol> find_previous(std::string_view name,
                                        std::uint32_t periods_back) const override {
        if (previous_.empty()) {
            return scope::find_previous(name, periods_back);
        }
        return lookup(previous_, std::string(name) + "@" + std::to_string(periods_back));
    }
    std::optional<symbol> find_previous_tier(std::uint32_t periods_back) const override {
        const auto found = previous_tiers_.find(periods_back);
        if (found == previous_tiers_.end()) {
            return scope::find_previous_tier(periods_back);
        }
        return found->second;
    }
    std::optional<symbol> find_criterion(criterion_function f, std::string_view id) const override {
        const auto found = criteria_.find({f, std::string(id)});
        if (found == criteria_.end()) {
            return std::nullopt;
        }
        return found->second;
    }
    std::vector<std::string> names() const override {
        std::vector<std::string> all;
        for (const auto& [name, s] : plain_) {
            all.push_back(name);
        }
        return all;
    }
    std::vector<std::string> criterion_ids() const override {
        std::vector<std::string> ids;
        for (const auto& [key, s] : criteria_) {
            ids.push_back(key.second);
        }
        return ids;
    }

  private:
    using table = std::map<std::string, symbol, std::less<>>;
    static std::optional<symbol> lookup(const table& t, std::string_view name) {
        const auto found = t.find(name);
        if (found == t.end()) {
            return std::nullopt;
        }
        return found->second;
    }
    table plain_;
    table previous_;
    std::map<std::uint32_t, symbol> previous_tiers_;
    std::map<std::pair<criterion_function, std::string>, symbol> criteria_;
};

bool same_bits(double a, double b) {
    return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

class expr_test : public ::testing::Test {
  protected:
    // Adds a named input column; every column must have `subjects` values.
    std::uint32_t column(const std::string& name, value_type type, std::vector<double> values) {
        const auto slot = static_cast<std::uint32_t>(columns_.size());
        subjects_ = values.size();
        columns_.push_back(std::move(values));
        names_.add(name, {type, slot});
        return slot;
    }

    std::uint32_t text_column(const std::string& name, const std::vector<std::string>& values) {
        std::vector<double> ids;
        for (const auto& v : values) {
            ids.push_back(v.empty() ? N : pool_.intern(v));
        }
        return column(name, value_type::text, ids);
    }

    std::vector<std::span<const double>> spans() const {
        return {columns_.begin(), columns_.end()};
    }

    // Compiles and runs over all subjects; checks the interpreter agrees.
    std::vector<evaluation> run(std::string_view text,
                                std::optional<value_type> expected = std::nullopt) {
        auto compiled = compile(text, names_, pool_, expected);
        if (!compiled) {
            ADD_FAILURE() << "'" << text << "' does not compile: column "
                          << compiled.error().front().column << ": "
                          << compiled.error().front().message;
            return {};
        }
        const auto inputs = spans();
        std::vector<double> out(subjects_);
        std::vector<std::uint32_t> errors(subjects_);
        compiled->run(inputs, out, errors);
        const auto tree = parse(text);
        std::vector<evaluation> results;
        for (std::size_t i = 0; i < subjects_; ++i) {
            const evaluation reference = interpret(*tree, names_, pool_, inputs, i);
            EXPECT_TRUE(same_bits(reference.value, out[i]) && reference.error_column == errors[i])
                << "'" << text << "' subject " << i << ": program " << out[i] << " @" << errors[i]
                << ", interpreter " << reference.value << " @" << reference.error_column;
            results.push_back({out[i], errors[i]});
        }
        return results;
    }

    // The value for a single-subject batch, which must not fail.
    double value(std::string_view text) {
        const auto results = run(text);
        if (results.empty()) {
            return -12345;
        }
        EXPECT_EQ(results[0].error_column, 0U) << text;
        return results[0].value;
    }

    // The value of each subject (NaN for missing, and for failures).
    std::vector<double> values(std::string_view text) {
        std::vector<double> out;
        for (const auto& e : run(text)) {
            out.push_back(e.value);
        }
        return out;
    }

    std::vector<std::uint32_t> error_columns(std::string_view text) {
        std::vector<std::uint32_t> out;
        for (const auto& e : run(text)) {
            out.push_back(e.error_column);
        }
        return out;
    }

    std::vector<error> errors(std::string_view text,
                              std::optional<value_type> expected = std::nullopt) {
        auto compiled = compile(text, names_, pool_, expected);
        if (compiled) {
            ADD_FAILURE() << "'" << text << "' compiles but should not";
            return {};
        }
        return compiled.error();
    }

    error first_error(std::string_view text, std::optional<value_type> expected = std::nullopt) {
        const auto all = errors(text, expected);
        return all.empty() ? error{} : all.front();
    }

    std::string printed(std::string_view text) {
        const auto tree = parse(text);
        if (!tree) {
            ADD_FAILURE() << text << ": " << tree.error().message;
            return {};
        }
        return to_string(*tree);
    }

    static void expect_values(const std::vector<double>& actual,
                              const std::vector<double>& expected) {
        ASSERT_EQ(actual.size(), expected.size());
        for (std::size_t i = 0; i < actual.size(); ++i) {
            if (std::isnan(expected[i])) {
                EXPECT_TRUE(std::isnan(actual[i])) << "subject " << i << ": " << actual[i];
            } else {
                EXPECT_EQ(actual[i], expected[i]) << "subject " << i;
            }
        }
    }

    string_pool pool_;
    test_scope names_;
    std::vector<std::vector<double>> columns_;
    std::size_t subjects_ = 1;
};

// ---- Literals ----

TEST_F(expr_test, number_literals) {
    EXPECT_EQ(value("12"), 12);
    EXPECT_EQ(value("0.5"), 0.5);
    EXPECT_EQ(value("1e3"), 1000);
    EXPECT_EQ(value("1.5E-3"), 0.0015);
    EXPECT_EQ(value("2e+2"), 200);
}

TEST_F(expr_test, text_literals_are_interned_ids) {
    const double a = value("\"ma-tuy\"");
    EXPECT_EQ(a, pool_.find("ma-tuy").value());
    EXPECT_EQ(value("'ma-tuy'"), a);
    const double vietnamese = value("\"Đánh giá\"");
    EXPECT_EQ(vietnamese, pool_.find("Đánh giá").value());
    const double quoted = value(R"("say \"hi\"\\")");
    EXPECT_EQ(quoted, pool_.find("say \"hi\"\\").value());
    const double apostrophe = value(R"('it\'s')");
    EXPECT_EQ(apostrophe, pool_.find("it's").value());
    const double controls = value(R"("a\tb\n")");
    EXPECT_EQ(controls, pool_.find("a\tb\n").value());
}

TEST_F(expr_test, boolean_literals) {
    EXPECT_EQ(value("true"), 1);
    EXPECT_EQ(value("false"), 0);
}

// ---- Operators and precedence ----

TEST_F(expr_test, arithmetic) {
    EXPECT_EQ(value("1 + 2"), 3);
    EXPECT_EQ(value("10 - 4 - 3"), 3);
    EXPECT_EQ(value("2 * 3 * 4"), 24);
    EXPECT_EQ(value("1 / 4"), 0.25);
    EXPECT_EQ(value("7 % 3"), 1);
    EXPECT_EQ(value("-7 % 3"), -1);
    EXPECT_EQ(value("7.5 % 2"), 1.5);
    EXPECT_EQ(value("-3"), -3);
    EXPECT_EQ(value("--3"), 3);
    EXPECT_EQ(value("8 / 2 / 2"), 2);
}

TEST_F(expr_test, precedence) {
    EXPECT_EQ(value("1 + 2 * 3"), 7);
    EXPECT_EQ(value("(1 + 2) * 3"), 9);
    EXPECT_EQ(value("2 * 3 % 4"), 2);
    EXPECT_EQ(value("-2 * 3"), -6);
    EXPECT_EQ(value("1 + 2 < 4"), 1);
    EXPECT_EQ(value("1 < 2 and 3 < 2 or true"), 1);
    EXPECT_EQ(value("false and true or true"), 1);
    EXPECT_EQ(value("true or true and false"), 1);
    EXPECT_EQ(value("not 1 == 2"), 1);
    EXPECT_EQ(value("1 > 2 ? 10 : 20 + 1"), 21);
    EXPECT_EQ(printed("a or b and not c == d + e * -f"),
              "(a or (b and (not (c == (d + (e * (-f)))))))");
    EXPECT_EQ(printed("a - b + c * d / e % f"), "(a - b + (c * d / e % f))");
    EXPECT_EQ(printed("x > 0 ? 1 : 2"), "((x > 0) ? 1 : 2)");
    EXPECT_EQ(printed("x in [1, 2] and not y not in ['a']"),
              "((x in [1, 2]) and (not (y not in [\"a\"])))");
}

TEST_F(expr_test, conditional_is_right_associative) {
    EXPECT_EQ(printed("a ? b : c ? d : e"), "(a ? b : (c ? d : e))");
    EXPECT_EQ(printed("a ? b ? c : d : e"), "(a ? (b ? c : d) : e)");
    EXPECT_EQ(value("false ? 1 : true ? 2 : 3"), 2);
    EXPECT_EQ(value("true ? false ? 1 : 4 : 3"), 4);
}

TEST_F(expr_test, printing_round_trips) {
    for (const char* text : {"a + -b * (c - d) / 2", "f(x, \"t\\\"q\", 1e-7)", "not (a or b)",
                             "x not in [1, 2.5]", "c ? 'x' : \"y\""}) {
        const std::string once = printed(text);
        EXPECT_EQ(printed(once), once) << text;
    }
}

TEST_F(expr_test, comparisons) {
    EXPECT_EQ(value("1 == 1"), 1);
    EXPECT_EQ(value("1 != 1"), 0);
    EXPECT_EQ(value("1 < 2"), 1);
    EXPECT_EQ(value("2 < 2"), 0);
    EXPECT_EQ(value("2 <= 2"), 1);
    EXPECT_EQ(value("3 > 2"), 1);
    EXPECT_EQ(value("2 >= 3"), 0);
    EXPECT_EQ(value("\"a\" == 'a'"), 1);
    EXPECT_EQ(value("\"a\" != \"b\""), 1);
    EXPECT_EQ(value("true == (1 < 2)"), 1);
    EXPECT_EQ(value("false != false"), 0);
}

TEST_F(expr_test, comparisons_do_not_chain) {
    const auto e = parse("1 < 2 < 3");
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().column, 7U);
    EXPECT_EQ(e.error().message,
              "comparisons cannot be chained; join them with 'and' (a < b and b < c)");
    EXPECT_EQ(parse("a == b in [1]").error().column, 8U);
}

TEST_F(expr_test, membership) {
    text_column("topic", {"ma-tuy", "giao-thong", "", "khac"});
    column("n", value_type::number, {1, 3, 2, N});
    expect_values(values("topic in [\"ma-tuy\", 'giao-thong']"), {1, 1, N, 0});
    expect_values(values("topic not in [\"ma-tuy\"]"), {0, 1, N, 1});
    expect_values(values("n in [1, 2]"), {1, 0, 1, N});
    expect_values(values("n in [-1, 1 + 2]"), {0, 1, 0, N});
    expect_values(values("n in []"), {0, 0, 0, N});
    expect_values(values("topic != \"\""), {1, 1, N, 1});
}

TEST_F(expr_test, membership_errors) {
    column("n", value_type::number, {1});
    EXPECT_EQ(first_error("n in [n]"),
              (error{7, "list items must be constants, like [\"a\", \"b\"] or [1, 2]"}));
    EXPECT_EQ(first_error("n in [1, \"a\"]"), (error{10, "expected a number, got a text"}));
    EXPECT_EQ(first_error("true in [true]"),
              (error{1, "'in' needs a number or a text, got a boolean"}));
    EXPECT_EQ(first_error("n in 1"),
              (error{6, "expected a list like [\"a\", \"b\"] after 'in', got '1'"}));
    EXPECT_EQ(first_error("[1, 2]"), (error{1, "a list [...] is only allowed after 'in'"}));
}

// ---- Missing values and Kleene logic ----

TEST_F(expr_test, kleene_logic) {
    column("p", value_type::boolean, {1, 1, 1, 0, 0, 0, N, N, N});
    column("q", value_type::boolean, {1, 0, N, 1, 0, N, 1, 0, N});
    expect_values(values("p and q"), {1, 0, N, 0, 0, 0, N, 0, N});
    expect_values(values("p or q"), {1, 1, 1, 1, 0, N, 1, N, N});
    expect_values(values("not p"), {0, 0, 0, 1, 1, 1, N, N, N});
    expect_values(values("p ? 1 : 2"), {1, 1, 1, 2, 2, 2, N, N, N});
    expect_values(values("if(q, 1, 2)"), {1, 2, N, 1, 2, N, 1, 2, N});
    expect_values(values("p == q"), {1, 0, N, 0, 1, N, N, N, N});
    expect_values(values("missing(p)"), {0, 0, 0, 0, 0, 0, 1, 1, 1});
    expect_values(values("default(q, false)"), {1, 0, 0, 1, 0, 0, 1, 0, 0});
}

TEST_F(expr_test, missing_propagates) {
    column("x", value_type::number, {N, 4});
    column("y", value_type::number, {2, N});
    expect_values(values("x + 1"), {N, 5});
    expect_values(values("x * 0"), {N, 0});
    expect_values(values("-x"), {N, -4});
    expect_values(values("x < 5"), {N, 1});
    expect_values(values("x == x"), {N, 1});
    expect_values(values("min(x, y)"), {N, N});
    expect_values(values("max(1, x)"), {N, 4});
    expect_values(values("clamp(x, 0, 1)"), {N, 1});
    expect_values(values("abs(x)"), {N, 4});
    expect_values(values("sqrt(x)"), {N, 2});
    expect_values(values("round(x)"), {N, 4});
    expect_values(values("floor(y)"), {2, N});
    expect_values(values("x / 0.5"), {N, 8});
    expect_values(values("missing(x)"), {1, 0});
    expect_values(values("default(x, 7)"), {7, 4});
    expect_values(values("default(x, y)"), {2, 4});
    expect_values(values("x in [4]"), {N, 1});
}

TEST_F(expr_test, missing_divided_by_zero_is_missing_not_an_error) {
    column("x", value_type::number, {N, 1});
    column("zero", value_type::number, {0, 0});
    const auto results = run("x / zero");
    ASSERT_EQ(results.size(), 2U);
    EXPECT_TRUE(std::isnan(results[0].value));
    EXPECT_EQ(results[0].error_column, 0U);
    EXPECT_EQ(results[1].error_column, 3U);
}

// ---- Division by zero ----

TEST_F(expr_test, division_by_zero_fails_at_the_operator) {
    column("solved", value_type::number, {3, 3, 0, 5});
    column("crimes", value_type::number, {4, 0, 0, 2});
    const auto results = run("solved / crimes");
    ASSERT_EQ(results.size(), 4U);
    EXPECT_EQ(results[0].value, 0.75);
    EXPECT_EQ(results[0].error_column, 0U);
    EXPECT_TRUE(std::isnan(results[1].value));
    EXPECT_EQ(results[1].error_column, 8U);
    EXPECT_EQ(results[2].error_column, 8U);
    EXPECT_EQ(results[3].value, 2.5);
    EXPECT_EQ(results[3].error_column, 0U);
    EXPECT_EQ(error_columns("1 + solved % crimes"), (std::vector<std::uint32_t>{0, 12, 12, 0}));
}

TEST_F(expr_test, untaken_branches_do_not_fail) {
    column("solved", value_type::number, {3, 3});
    column("crimes", value_type::number, {4, 0});
    expect_values(values("crimes > 0 ? solved / crimes : 1"), {0.75, 1});
    expect_values(values("if(crimes > 0, solved / crimes, 1)"), {0.75, 1});
    expect_values(values("crimes == 0 ? 1 : solved / crimes"), {0.75, 1});
    expect_values(values("crimes == 0 or solved / crimes > 0.5"), {1, 1});
    expect_values(values("crimes != 0 and solved / crimes > 0.5"), {1, 0});
    expect_values(values("div(solved, crimes, 1)"), {0.75, 1});
    expect_values(values("default(crimes, solved / 0.5)"), {4, 0});
    // The taken branch fails, at the column of its operator.
    EXPECT_EQ(error_columns("crimes == 0 ? solved / crimes : 1"),
              (std::vector<std::uint32_t>{0, 22}));
    EXPECT_EQ(error_columns("crimes == 0 and solved / crimes > 0"),
              (std::vector<std::uint32_t>{0, 24}));
    EXPECT_EQ(error_columns("div(1, crimes, solved / crimes)"),
              (std::vector<std::uint32_t>{0, 23}));
}

TEST_F(expr_test, first_failure_in_evaluation_order_wins) {
    column("a", value_type::number, {0});
    column("b", value_type::number, {0});
    EXPECT_EQ(error_columns("1 / a + 1 / b"), (std::vector<std::uint32_t>{3}));
    EXPECT_EQ(error_columns("min(2 / b, 1 / a)"), (std::vector<std::uint32_t>{7}));
    EXPECT_EQ(error_columns("sqrt(a - 1) + 1 / b"), (std::vector<std::uint32_t>{1}));
    EXPECT_EQ(error_columns("(1 / a) / b"), (std::vector<std::uint32_t>{4}));
}

TEST_F(expr_test, failures_stay_with_their_subject_across_chunks) {
    std::vector<double> crimes(1000, 2);
    crimes[300] = 0;
    crimes[999] = 0;
    column("crimes", value_type::number, crimes);
    const auto results = run("10 / crimes");
    ASSERT_EQ(results.size(), 1000U);
    for (std::size_t i = 0; i < results.size(); ++i) {
        const bool fails = i == 300 || i == 999;
        EXPECT_EQ(results[i].error_column, fails ? 4U : 0U) << i;
        if (!fails) {
            EXPECT_EQ(results[i].value, 5) << i;
        }
    }
}

TEST_F(expr_test, square_root_of_a_negative_fails_at_the_function) {
    column("x", value_type::number, {-4, 9, -0.0});
    const auto results = run("1 + sqrt(x)");
    ASSERT_EQ(results.size(), 3U);
    EXPECT_EQ(results[0].error_column, 5U);
    EXPECT_EQ(results[1].value, 4);
    EXPECT_EQ(results[2].value, 1);
    EXPECT_EQ(results[2].error_column, 0U);
}

// ---- Functions ----

TEST_F(expr_test, min_max_clamp_abs) {
    EXPECT_EQ(value("min(3)"), 3);
    EXPECT_EQ(value("min(3, 1, 2)"), 1);
    EXPECT_EQ(value("max(3, 1, 2)"), 3);
    EXPECT_EQ(value("max(-1, -2)"), -1);
    EXPECT_EQ(value("clamp(5, 0, 1)"), 1);
    EXPECT_EQ(value("clamp(-5, 0, 1)"), 0);
    EXPECT_EQ(value("clamp(0.5, 0, 1)"), 0.5);
    EXPECT_EQ(value("clamp(0.5, 2, 1)"), 1);  // lo above hi: hi
    EXPECT_EQ(value("abs(-2.5)"), 2.5);
    EXPECT_EQ(value("floor(-2.5)"), -3);
    EXPECT_EQ(value("ceil(-2.5)"), -2);
    EXPECT_EQ(value("floor(2.5)"), 2);
    EXPECT_EQ(value("ceil(2.1)"), 3);
    EXPECT_EQ(value("sqrt(16)"), 4);
}

TEST_F(expr_test, ratio_edge_cases) {
    column("a", value_type::number, {3, 5, -1, 0, 5, N, N, 1});
    column("b", value_type::number, {4, 4, 4, 0, 0, 4, 0, N});
    expect_values(values("ratio(a, b)"), {0.75, 1, 0, 1, 1, N, 1, N});
}

TEST_F(expr_test, div_edge_cases) {
    column("a", value_type::number, {6, 1, N, 1, N});
    column("b", value_type::number, {3, 0, 0, N, 2});
    expect_values(values("div(a, b, 7)"), {2, 7, 7, N, N});
}

TEST_F(expr_test, if_function) {
    EXPECT_EQ(value("if(1 < 2, 10, 20)"), 10);
    EXPECT_EQ(value("if(false, 10, 20)"), 20);
    const double a = pool_.intern("a");
    EXPECT_EQ(value("if(true, 'a', 'b')"), a);
}

TEST_F(expr_test, round_half_away_from_zero) {
    EXPECT_EQ(value("round(2.5)"), 3);
    EXPECT_EQ(value("round(-2.5)"), -3);
    EXPECT_EQ(value("round(0.5)"), 1);
    EXPECT_EQ(value("round(1.4999)"), 1);
    EXPECT_EQ(value("round(0.49999999999999994)"), 0);
}

TEST_F(expr_test, round_digits_rounds_the_decimal_as_written) {
    // 1.005 is stored as 1.00499999999999989...; the documented rule rounds the decimal
    // that prints for it.
    EXPECT_EQ(value("round(1.005, 2)"), 1.01);
    EXPECT_EQ(value("round(-1.005, 2)"), -1.01);
    EXPECT_EQ(value("round(2.675, 2)"), 2.68);
    EXPECT_EQ(value("round(0.125, 2)"), 0.13);
    EXPECT_EQ(value("round(1.0049, 2)"), 1.0);
    EXPECT_EQ(value("round(1234.5678, 2)"), 1234.57);
    EXPECT_EQ(value("round(79.99999999, 2)"), 80);
    EXPECT_EQ(value("round(0.1 + 0.2, 1)"), 0.3);
    EXPECT_EQ(value("round(9.995, 2)"), 10);
    EXPECT_EQ(value("round(0.004, 2)"), 0);
    EXPECT_EQ(value("round(0.005, 2)"), 0.01);
    EXPECT_EQ(value("round(1250, -2)"), 1300);
    EXPECT_EQ(value("round(1249, -2)"), 1200);
    EXPECT_EQ(value("round(-150, -2)"), -200);
    EXPECT_EQ(value("round(2.5, 0)"), 3);
    EXPECT_EQ(value("round(123456789.123456, 3)"), 123456789.123);
    EXPECT_EQ(value("round(1e300, 2)"), 1e300);
}

TEST_F(expr_test, round_digits_must_be_whole) {
    column("d", value_type::number, {2, 2.5, 16, N});
    expect_values(values("round(1.234, d)"), {1.23, N, N, N});
    EXPECT_EQ(first_error("round(1, 2.5)"),
              (error{10, "round() needs a whole number of digits from -15 to 15"}));
    EXPECT_EQ(first_error("round(1, 16)").column, 10U);
}

TEST_F(expr_test, round_digits_matches_decimal_rounding_everywhere) {
    // The fast path (binary product) and the exact path must agree; compare with a decimal
    // rendering for many values with 3 decimals, at 2 digits.
    for (int i = -2000; i <= 2000; ++i) {
        const double x = i / 1000.0 + 0.0005 * (i % 2 == 0 ? 1 : 0);
        char text[64];
        std::snprintf(text, sizeof text, "%.4f", x);
        // Manual half-away rounding of the printed 4-decimal value at 2 decimals.
        const double printed_value = std::strtod(text, nullptr);
        const long scaled = std::lround(std::fabs(printed_value) * 10000);
        const long hundredths = scaled / 100 + (scaled % 100 >= 50 ? 1 : 0);
        const double expected =
            (printed_value < 0 ? -1.0 : 1.0) * static_cast<double>(hundredths) / 100;
        EXPECT_EQ(round_digits(x, 2), expected) << text;
    }
}

TEST_F(expr_test, previous_reads_the_previous_period) {
    column("crimes", value_type::number, {3, 5});
    columns_.push_back({4, N});
    names_.add_previous("crimes", {value_type::number, 1});
    expect_values(values("crimes < previous(crimes)"), {1, N});
    expect_values(values("missing(previous(crimes))"), {0, 1});
    expect_values(values("crimes - default(previous(crimes), crimes)"), {-1, 0});
    EXPECT_EQ(previous_names(*parse("previous(crimes) + crimes")),
              std::vector<std::string>{"crimes"});
}

TEST_F(expr_test, previous_reads_n_periods_back) {
    column("crimes", value_type::number, {3, 5, 7});
    columns_.push_back({4, N, 1});  // 1 back
    columns_.push_back({6, 2, N});  // 2 back
    columns_.push_back({1, 1, 1});  // 3 back
    names_.add_previous("crimes", {value_type::number, 1}, 1);
    names_.add_previous("crimes", {value_type::number, 2}, 2);
    names_.add_previous("crimes", {value_type::number, 3}, 3);
    expect_values(values("previous(crimes, 1) == previous(crimes)"), {1, N, 1});
    expect_values(values("previous(crimes, 2)"), {6, 2, N});
    expect_values(values("previous(crimes, 3) - crimes"), {-2, -4, -6});
    EXPECT_EQ(previous_names(*parse("previous(a, 3) + previous(b) + c")),
              (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(referenced_names(*parse("previous(a, 3) + previous(b) + c")),
              (std::vector<std::string>{"c"}));
}

TEST_F(expr_test, sum_last_is_missing_when_a_period_is_missing) {
    column("crimes", value_type::number, {3, 5, 7});
    columns_.push_back({4, N, 1});
    columns_.push_back({6, 2, N});
    names_.add_previous("crimes", {value_type::number, 1}, 1);
    names_.add_previous("crimes", {value_type::number, 2}, 2);
    expect_values(values("sum_last(crimes, 1)"), {3, 5, 7});
    expect_values(values("sum_last(crimes, 3)"), {13, N, N});
    // The policy is the rule's to change: a missing period counted as none.
    expect_values(values("sum_last(default(crimes, 0), 3)"), {13, 7, 8});
    // Nested: previous() inside reads one period further back in each period covered.
    expect_values(values("sum_last(previous(crimes), 2)"), {10, N, N});
}

TEST_F(expr_test, count_last_does_not_count_a_missing_period) {
    column("crimes", value_type::number, {3, 5, 7});
    columns_.push_back({4, N, 1});
    columns_.push_back({6, 2, N});
    names_.add_previous("crimes", {value_type::number, 1}, 1);
    names_.add_previous("crimes", {value_type::number, 2}, 2);
    expect_values(values("count_last(crimes > 2, 3)"), {3, 1, 1});
    // "Two years running": this period and the one before, a missing year breaks the run.
    expect_values(values("count_last(crimes > 2, 2) == 2"), {1, 0, 0});
    expect_values(values("count_last(missing(crimes), 3)"), {0, 1, 1});
    expect_values(values("count_last(true, 3)"), {3, 3, 3});
    EXPECT_EQ(previous_names(*parse("sum_last(a + previous(b), 2) + c")),
              (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(referenced_names(*parse("sum_last(a + previous(b), 2) + c")),
              (std::vector<std::string>{"a", "c"}));
}

TEST_F(expr_test, a_bad_number_of_periods_is_an_error_at_its_column) {
    column("crimes", value_type::number, {3});
    for (std::uint32_t k = 1; k <= max_periods_back; ++k) {
        names_.add_previous("crimes", {value_type::number, 0}, k);
    }
    const std::string back = "previous() needs the number of periods back to be ";
    EXPECT_EQ(first_error("previous(crimes, 0)"),
              (error{18, back + "a whole number from 1 to 10, got 0"}));
    EXPECT_EQ(first_error("previous(crimes, -1)"),
              (error{18, back + "a whole number from 1 to 10, got -1"}));
    EXPECT_EQ(first_error("previous(crimes, 1.5)"),
              (error{18, back + "a whole number from 1 to 10, got 1.5"}));
    EXPECT_EQ(first_error("previous(crimes, 11)"),
              (error{18, back + "a whole number from 1 to 10, got 11"}));
    EXPECT_EQ(first_error("previous(crimes, crimes - 1)"),
              (error{18,
                     "previous() needs the number of periods back written as a whole "
                     "number from 1 to 10, like previous(crimes, 2)"}));
    EXPECT_EQ(first_error("sum_last(crimes, 0)"),
              (error{18,
                     "sum_last() needs the number of periods to be a whole number from 1 "
                     "to 10, got 0"}));
    EXPECT_EQ(first_error("1 + count_last(crimes > 0, crimes)"),
              (error{28,
                     "count_last() needs the number of periods written as a whole number "
                     "from 1 to 10, like count_last(crimes > 0, 2)"}));
    EXPECT_EQ(first_error("count_last(crimes, 2)"),
              (error{12, "expected a boolean, got a number"}));
    EXPECT_EQ(first_error("previous(crimes, 1, 2)"),
              (error{1, "previous() takes 1 or 2 arguments, got 3"}));
    // Nested look-backs add up: 5 periods covered, then 6 more back.
    EXPECT_EQ(first_error("sum_last(previous(crimes, 6), 6)"),
              (error{10, "previous() reads 11 periods back here, more than the 10 allowed"}));
}

TEST_F(expr_test, previous_tier_reads_the_tier_given_n_periods_back) {
    text_column("tier", {"effective", "effective", "poor", ""});  // this period's, unused
    text_column("tier1", {"effective", "", "effective", "poor"});
    text_column("tier2", {"effective", "effective", "", "effective"});
    names_.add_previous_tier(1, {value_type::text, 1});
    names_.add_previous_tier(2, {value_type::text, 2});
    expect_values(values("previous_tier() == \"effective\""), {1, N, 1, 0});
    expect_values(values("previous_tier(1) == previous_tier()"), {1, N, 1, 1});
    // Effective in both of the two periods before: a missing year is not effective.
    expect_values(values("count_last(previous_tier() == \"effective\", 2)"), {2, 1, 1, 1});
    expect_values(values("missing(previous_tier(2))"), {0, 0, 1, 0});
    EXPECT_EQ(first_error("previous_tier(0)"),
              (error{15,
                     "previous_tier() needs the number of periods back to be a whole number "
                     "from 1 to 10, got 0"}));
    EXPECT_EQ(first_error("previous_tier(score)"),
              (error{15,
                     "previous_tier() needs the number of periods back written as a whole "
                     "number from 1 to 10, like previous_tier(2)"}));
    EXPECT_EQ(first_error("previous_tier(3) == \"a\""),
              (error{1, "previous_tier() is not available here"}));
}

TEST_F(expr_test, look_backs_read_only_what_has_earlier_periods) {
    column("crimes", value_type::number, {3});
    column("rate", value_type::number, {0.5});
    names_.add_previous("crimes", {value_type::number, 0}, 1);
    names_.add_criterion(criterion_function::points, "detection", {value_type::number, 1});
    EXPECT_EQ(first_error("sum_last(rate, 2)"),
              (error{10,
                     "sum_last() reads earlier periods, and 'rate' has none (only "
                     "indicators do)"}));
    EXPECT_EQ(first_error("count_last(points(detection) > 0, 2)"),
              (error{12,
                     "points() is a result of the current period; count_last() cannot "
                     "read it"}));
}

TEST_F(expr_test, previous_is_an_error_where_the_scope_has_none) {
    column("crimes", value_type::number, {3});
    EXPECT_EQ(first_error("previous(crimes)"), (error{1, "previous() is not available here"}));
    EXPECT_EQ(first_error("previous(crime)"),
              (error{10, "unknown name 'crime' (did you mean 'crimes'?)"}));
    EXPECT_EQ(first_error("previous(crimes + 1)"),
              (error{10, "previous() needs a name, like previous(crimes)"}));
}

TEST_F(expr_test, criterion_functions) {
    column("score", value_type::number, {80, 40});
    columns_.push_back({1, 0});
    columns_.push_back({20, 0});
    columns_.push_back({0.9, 0.1});
    names_.add_criterion(criterion_function::passed, "detection", {value_type::boolean, 1});
    names_.add_criterion(criterion_function::points, "detection", {value_type::number, 2});
    names_.add_criterion(criterion_function::value, "detection", {value_type::number, 3});
    expect_values(values("passed(detection) and score >= 50"), {1, 0});
    expect_values(values("points(detection) + value(detection)"), {20.9, 0.1});
    EXPECT_EQ(first_error("passed(detecton)"),
              (error{8, "unknown criterion 'detecton' (did you mean 'detection'?)"}));
    EXPECT_EQ(first_error("points(1)"),
              (error{8, "points() needs a criterion id, like points(detection)"}));
    EXPECT_EQ(first_error("passed(detection) + 1"), (error{1, "expected a number, got a boolean"}));
    EXPECT_TRUE(referenced_names(*parse("passed(detection) and score > 1")) ==
                std::vector<std::string>{"score"});
}

TEST_F(expr_test, criterion_functions_unavailable_without_criteria) {
    column("score", value_type::number, {80});
    EXPECT_EQ(first_error("value(detection) > 1"), (error{1, "value() is not available here"}));
}

TEST_F(expr_test, missing_and_default_need_a_name) {
    column("x", value_type::number, {1});
    EXPECT_EQ(first_error("missing(x + 1)"),
              (error{9, "missing() needs a name, like missing(crimes)"}));
    EXPECT_EQ(first_error("default(2, 1)"),
              (error{9, "default() needs a name first, like default(crimes, 0)"}));
    EXPECT_EQ(first_error("default(x, 'a')"), (error{12, "expected a number, got a text"}));
}

// ---- Compile errors: types, names, arities ----

TEST_F(expr_test, type_errors_point_at_the_offending_node) {
    column("crimes", value_type::number, {1});
    text_column("topic", {"a"});
    EXPECT_EQ(first_error("crimes > 0", value_type::number),
              (error{1, "expected a number, got a boolean"}));
    EXPECT_EQ(first_error("crimes", value_type::boolean),
              (error{1, "expected a boolean, got a number"}));
    EXPECT_EQ(first_error("true + 1"), (error{1, "expected a number, got a boolean"}));
    EXPECT_EQ(first_error("1 + (crimes > 2)"), (error{6, "expected a number, got a boolean"}));
    EXPECT_EQ(first_error("-topic"), (error{2, "expected a number, got a text"}));
    EXPECT_EQ(first_error("not crimes"), (error{5, "expected a boolean, got a number"}));
    EXPECT_EQ(first_error("crimes and true"), (error{1, "expected a boolean, got a number"}));
    EXPECT_EQ(first_error("crimes == \"a\""), (error{8, "cannot compare a number with a text"}));
    EXPECT_EQ(first_error("topic < \"a\""),
              (error{7, "'<' compares numbers, not texts (use '==' or '!=')"}));
    EXPECT_EQ(first_error("true >= false"),
              (error{6, "'>=' compares numbers, not booleans (use '==' or '!=')"}));
    EXPECT_EQ(first_error("crimes ? 1 : 2"), (error{1, "expected a boolean, got a number"}));
    EXPECT_EQ(first_error("crimes > 0 ? 1 : \"a\""),
              (error{18, "expected a number like the other branch, got a text"}));
    EXPECT_EQ(first_error("min(1, topic)"), (error{8, "expected a number, got a text"}));
    EXPECT_EQ(first_error("ratio(crimes, crimes > 1)"),
              (error{15, "expected a number, got a boolean"}));
}

TEST_F(expr_test, unknown_names_are_reported_with_suggestions) {
    column("crimes", value_type::number, {1});
    column("crimes_detected", value_type::number, {1});
    EXPECT_EQ(first_error("crime + 1"),
              (error{1, "unknown name 'crime' (did you mean 'crimes'?)"}));
    EXPECT_EQ(first_error("crimes_detcted / crimes"),
              (error{1, "unknown name 'crimes_detcted' (did you mean 'crimes_detected'?)"}));
    EXPECT_EQ(first_error("True"), (error{1, "unknown name 'True' (did you mean 'true'?)"}));
    EXPECT_EQ(first_error("zzz"), (error{1, "unknown name 'zzz'"}));
}

TEST_F(expr_test, every_error_is_reported) {
    column("crimes", value_type::number, {1});
    const auto all = errors("crime + solvd * (true + 1) + rato(1, 2)");
    ASSERT_EQ(all.size(), 4U);
    EXPECT_EQ(all[0], (error{1, "unknown name 'crime' (did you mean 'crimes'?)"}));
    EXPECT_EQ(all[1], (error{9, "unknown name 'solvd'"}));
    EXPECT_EQ(all[2], (error{18, "expected a number, got a boolean"}));
    EXPECT_EQ(all[3], (error{30, "unknown function 'rato' (did you mean 'ratio'?)"}));
}

TEST_F(expr_test, arities) {
    EXPECT_EQ(first_error("clamp(1, 2)"), (error{1, "clamp() takes 3 arguments, got 2"}));
    EXPECT_EQ(first_error("round(1, 2, 3)"), (error{1, "round() takes 1 or 2 arguments, got 3"}));
    EXPECT_EQ(first_error("1 + min()"), (error{5, "min() takes at least 1 argument, got 0"}));
    EXPECT_EQ(first_error("abs(1, 2)"), (error{1, "abs() takes 1 argument, got 2"}));
    EXPECT_EQ(first_error("count(true)"),
              (error{1, "count() can only be used as a roll-up's value"}));
}

// ---- Syntax errors ----

TEST_F(expr_test, syntax_errors) {
    const auto e = [](std::string_view text) {
        const auto tree = parse(text);
        return tree ? error{} : tree.error();
    };
    EXPECT_EQ(e(""), (error{1, "empty expression"}));
    EXPECT_EQ(e("   "), (error{4, "empty expression"}));
    EXPECT_EQ(e("1 +"), (error{4, "unexpected end of the expression"}));
    EXPECT_EQ(
        e("(1 + 2"),
        (error{7, "expected ')' to close the '(' at column 1, got the end of the expression"}));
    EXPECT_EQ(e("1 + 2)"), (error{6, "unexpected ')' without a matching '('"}));
    EXPECT_EQ(e("1 2"), (error{3, "expected an operator before '2'"}));
    EXPECT_EQ(e("a = 2"), (error{3, "unexpected '=' (use '==' to compare)"}));
    EXPECT_EQ(e("!a"), (error{1, "unexpected '!' (use 'not')"}));
    EXPECT_EQ(e("a && b"), (error{3, "unexpected '&' (use 'and')"}));
    EXPECT_EQ(e("a || b"), (error{3, "unexpected '|' (use 'or')"}));
    EXPECT_EQ(e("a @ b"), (error{3, "unexpected character '@'"}));
    EXPECT_EQ(
        e("a ? b"),
        (error{6, "expected ':' to go with the '?' at column 3, got the end of the expression"}));
    EXPECT_EQ(e("min(1, 2"),
              (error{9,
                     "expected ',' or ')' to close the call to min() opened at column 4, got the "
                     "end of the expression"}));
    EXPECT_EQ(e("12abc"), (error{1, "invalid number '12abc'"}));
    EXPECT_EQ(e("1.2.3"), (error{1, "invalid number '1.2.3'"}));
    EXPECT_EQ(e("5."), (error{1, "invalid number '5.'"}));
    EXPECT_EQ(e("1e999"), (error{1, "number '1e999' is out of range"}));
    EXPECT_EQ(e("\"abc"), (error{1, "unterminated text (no closing \")"}));
    EXPECT_EQ(e("'abc\\"), (error{1, "unterminated text (no closing ')"}));
    EXPECT_EQ(e("\"a\\qb\""), (error{3, "unknown escape '\\q' in text"}));
    EXPECT_EQ(e("+1"), (error{1, "expected a value, got '+'"}));
    EXPECT_EQ(e("x in [1, 2"),
              (error{11,
                     "expected ',' or ']' to close the list opened at column 6, got the end of "
                     "the expression"}));
}

// ---- Limits ----

TEST_F(expr_test, nesting_deeper_than_the_limit_is_an_error_not_a_crash) {
    const std::string parens(10'000, '(');
    EXPECT_EQ(parse(parens).error(),
              (error{65, "expression is nested too deeply (the limit is 64 levels)"}));
    EXPECT_EQ(parse(std::string(9'999, '-') + "x").error().column, 65U);
    std::string nots;
    for (int i = 0; i < 2000; ++i) {
        nots += "not ";
    }
    EXPECT_EQ(parse(nots + "true").error().column, 64U * 4 + 1);
    std::string calls;
    for (int i = 0; i < 1000; ++i) {
        calls += "abs(";
    }
    EXPECT_EQ(parse(calls + "1").error().column, 64U * 4 + 4);
    std::string ternaries;
    for (int i = 0; i < 1000; ++i) {
        ternaries += "a ? 1 : ";
    }
    EXPECT_FALSE(parse(ternaries + "2"));
}

TEST_F(expr_test, nesting_up_to_the_limit_works) {
    const std::string text = std::string(64, '(') + "1 + 2" + std::string(64, ')');
    EXPECT_EQ(value(text), 3);
    EXPECT_EQ(value(std::string(64, '-') + "5"), 5);
}

TEST_F(expr_test, the_deepest_trees_compile_run_and_print) {
    // Each repetition nests two levels (its parentheses) but adds eight tree nodes, so the
    // tree is far deeper than the nesting: the recursive walkers must cope with that.
    column("x", value_type::number, {1, 2});
    column("b", value_type::boolean, {0, 1});
    std::string text = "x";
    for (int i = 0; i < 32; ++i) {
        text = "x + x * (b or b and x == x + x * (" + text + ") ? 1 : 2)";
    }
    const auto results = run(text);
    ASSERT_EQ(results.size(), 2U);
    EXPECT_EQ(results[0].value, 3);
    EXPECT_EQ(results[1].value, 4);
    EXPECT_EQ(printed(text).substr(0, 46), "(x + (x * ((b or (b and (x == (x + (x * (x + (");
    // One more repetition: the 65th parenthesis is one too many.
    const std::string deeper = "x + x * (b or b and x == x + x * (" + text + ") ? 1 : 2)";
    std::size_t column = 0;
    for (int opened = 0; opened < 65; ++column) {
        opened += deeper[column] == '(' ? 1 : 0;
    }
    EXPECT_EQ(parse(deeper).error(),
              (error{column, "expression is nested too deeply (the limit is 64 levels)"}));
}

TEST_F(expr_test, long_chains_are_not_nesting) {
    // 2,500 terms: within the length limit, and not nested however long.
    std::string sum = "1";
    while (sum.size() + 4 <= max_expression_length) {
        sum += " + 1";
    }
    sum.resize(max_expression_length, ' ');
    EXPECT_EQ(value(sum), 2500);
    column("x", value_type::number, {1, -1});
    std::string product = "x";
    for (int i = 0; i < 1500; ++i) {
        product += " * x";
    }
    expect_values(values(product), {1, -1});
    std::string conjunction = "x > 0";
    for (int i = 0; i < 900; ++i) {
        conjunction += " and x > 0";
    }
    expect_values(values(conjunction), {1, 0});
}

TEST_F(expr_test, expression_length_is_bounded) {
    const std::string huge(50'000'000, '(');
    EXPECT_EQ(parse(huge).error(),
              (error{1, "expression is too long (50000000 bytes; the limit is 10000)"}));
    EXPECT_EQ(parse(std::string(10'001, ' ')).error().column, 1U);
    const auto compiled = compile(std::string(50'000'000, '1'), names_, pool_);
    ASSERT_FALSE(compiled);
    EXPECT_EQ(compiled.error().size(), 1U);
}

TEST_F(expr_test, invalid_utf8_in_text_is_an_error) {
    EXPECT_EQ(parse("\"ab\xff\"").error(), (error{4, "invalid UTF-8 in text (byte 0xff)"}));
    EXPECT_EQ(parse("'\xc3'").error(), (error{2, "invalid UTF-8 in text (byte 0xc3)"}));
    EXPECT_EQ(parse("'\xc0\xaf'").error().column, 2U);          // overlong '/'
    EXPECT_EQ(parse("'\xed\xa0\x80'").error().column, 2U);      // surrogate
    EXPECT_EQ(parse("'\xf4\x90\x80\x80'").error().column, 2U);  // above U+10FFFF
    EXPECT_EQ(parse("'đội' == x \xff").error(), (error{12, "invalid UTF-8 (byte 0xff)"}));
}

TEST_F(expr_test, letters_outside_ascii_are_unexpected_outside_texts) {
    const auto e = parse("số_vụ + 1").error();
    EXPECT_EQ(e.column, 2U);
    EXPECT_EQ(e.message,
              "unexpected character 'ố' (outside quotes only ASCII letters, digits and '_' make "
              "names)");
    // Columns count characters, not bytes, after a Vietnamese text.
    EXPECT_EQ(parse("\"đội\" == x +").error(), (error{13, "unexpected end of the expression"}));
}

// ---- Compilation: folding and dead code ----

TEST_F(expr_test, constant_division_by_zero_is_a_compile_error) {
    column("x", value_type::number, {1});
    EXPECT_EQ(first_error("1 / 0"), (error{3, "division by zero"}));
    EXPECT_EQ(first_error("x + 5 % (2 - 2)"), (error{7, "division by zero"}));
    EXPECT_EQ(first_error("x / 0"), (error{3, "division by zero"}));
    EXPECT_EQ(first_error("x > 1 ? 1 / 0 : 2"), (error{11, "division by zero"}));
    EXPECT_EQ(first_error("sqrt(-1)"), (error{1, "square root of a negative number"}));
}

TEST_F(expr_test, constants_fold_and_dead_branches_vanish) {
    column("x", value_type::number, {4});
    {
        const auto p = compile("x * (2 + 3)", names_, pool_);
        ASSERT_TRUE(p);
        ASSERT_EQ(p->instructions().size(), 1U);
        EXPECT_EQ(p->instructions()[0].op, opcode::multiply);
        EXPECT_EQ(p->instructions()[0].constant, immediate::second);
        EXPECT_EQ(p->instructions()[0].value, 5);
    }
    {
        const auto p = compile("false and 1 / x > 2", names_, pool_);
        ASSERT_TRUE(p);
        ASSERT_EQ(p->instructions().size(), 1U);
        EXPECT_EQ(p->instructions()[0].op, opcode::broadcast);
        EXPECT_EQ(p->instructions()[0].value, 0);
    }
    {
        const auto p = compile("1 > 2 ? x / 2 : x", names_, pool_);
        ASSERT_TRUE(p);
        EXPECT_TRUE(p->instructions().empty());
        EXPECT_EQ(p->slots().size(), 1U);
    }
    EXPECT_EQ(value("x"), 4);
    EXPECT_EQ(value("true and x > 3"), 1);
    EXPECT_EQ(value("1 > 2 ? x / 2 : x + 1"), 5);
}

TEST_F(expr_test, registers_are_reused) {
    column("x", value_type::number, {1});
    std::string text = "x";
    for (int i = 0; i < 200; ++i) {
        text += " + min(x, " + std::to_string(i) + ") * x";
    }
    const auto p = compile(text, names_, pool_);
    ASSERT_TRUE(p);
    std::uint32_t highest = 0;
    for (const auto& in : p->instructions()) {
        highest = std::max(highest, in.target);
    }
    EXPECT_LE(highest, 4U);
}

// ---- Program execution ----

TEST_F(expr_test, text_columns_compare_by_pool_id) {
    text_column("topic", {"ma-tuy", "khac", ""});
    column("crimes", value_type::number, {0, 1, 0});
    expect_values(values("topic == \"ma-tuy\" and crimes == 0"), {1, 0, N});
    expect_values(values("topic == \"ma-tuy\" and crimes == 1"), {0, 0, 0});
    const double x = pool_.intern("x");
    const double ma_tuy = pool_.intern("ma-tuy");
    expect_values(values("topic == 'khac' ? 'x' : topic"), {ma_tuy, x, N});
}

TEST_F(expr_test, run_checks_its_arguments) {
    column("x", value_type::number, {1, 2});
    const auto p = compile("x + 1", names_, pool_);
    ASSERT_TRUE(p);
    const auto inputs = spans();
    std::vector<double> out(3);
    std::vector<std::uint32_t> errors(3);
    EXPECT_THROW(p->run(inputs, out, errors), std::invalid_argument);
    std::vector<std::uint32_t> short_errors(2);
    std::vector<double> two(2);
    EXPECT_THROW(p->run(inputs, two, errors), std::invalid_argument);
    p->run(inputs, two, short_errors);
    EXPECT_EQ(two, (std::vector<double>{2, 3}));
    p->run(inputs, std::span<double>(), std::span<std::uint32_t>());
}

TEST_F(expr_test, programs_copy_and_run_concurrently) {
    std::vector<double> x(5000), y(5000);
    for (std::size_t i = 0; i < x.size(); ++i) {
        x[i] = static_cast<double>(i % 7);
        y[i] = static_cast<double>(i % 5);
    }
    column("x", value_type::number, x);
    column("y", value_type::number, y);
    const auto compiled = compile("ratio(x, y) * 10 + x / y", names_, pool_);
    ASSERT_TRUE(compiled);
    const program copy = *compiled;
    const auto inputs = spans();
    std::vector<double> expected(x.size());
    std::vector<std::uint32_t> expected_errors(x.size());
    compiled->run(inputs, expected, expected_errors);
    std::vector<std::vector<double>> outs(4, std::vector<double>(x.size()));
    std::vector<std::vector<std::uint32_t>> errs(4, std::vector<std::uint32_t>(x.size()));
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            program::workspace scratch;
            for (int round = 0; round < 5; ++round) {
                copy.run(inputs, outs[t], errs[t], scratch);
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    for (std::size_t t = 0; t < 4; ++t) {
        EXPECT_EQ(errs[t], expected_errors);
        for (std::size_t i = 0; i < x.size(); ++i) {
            ASSERT_TRUE(same_bits(outs[t][i], expected[i])) << i;
        }
    }
    EXPECT_EQ(expected_errors[0], 22U);  // 0 / 0
    EXPECT_EQ(expected[1], 10.0 + 1.0);  // ratio(1, 1) * 10 + 1 / 1
}

TEST_F(expr_test, missing_comes_out_as_the_canonical_nan) {
    column("x", value_type::number, {std::numeric_limits<double>::infinity()});
    const auto results = run("x - x");
    ASSERT_EQ(results.size(), 1U);
    EXPECT_TRUE(same_bits(results[0].value, missing_value));
}

// ---- Roll-up aggregates and name lists ----

TEST_F(expr_test, parse_aggregate_splits_the_aggregate) {
    const auto count = parse_aggregate("count(tier == \"effective\")");
    ASSERT_TRUE(count);
    EXPECT_EQ(count->kind, aggregate_kind::count);
    EXPECT_EQ(count->column, 1U);
    EXPECT_EQ(to_string(count->argument), "(tier == \"effective\")");
    EXPECT_EQ(argument_type(count->kind), value_type::boolean);

    const auto share = parse_aggregate("  share(tier == \"dat\")");
    ASSERT_TRUE(share);
    EXPECT_EQ(share->kind, aggregate_kind::share);
    EXPECT_EQ(share->column, 3U);
    EXPECT_EQ(share->argument.root_node().start, 9U);

    for (const auto& [text, kind] : std::vector<std::pair<std::string, aggregate_kind>>{
             {"sum(score)", aggregate_kind::sum},
             {"mean(score * 2)", aggregate_kind::mean},
             {"min(score)", aggregate_kind::minimum},
             {"max(score)", aggregate_kind::maximum}}) {
        const auto parsed = parse_aggregate(text);
        ASSERT_TRUE(parsed) << text;
        EXPECT_EQ(parsed->kind, kind);
        EXPECT_EQ(argument_type(kind), value_type::number);
        EXPECT_EQ(name_of(kind), text.substr(0, text.find('(')));
    }

    // The argument compiles in the scope of the rulebook rolled up.
    text_column("tier", {"effective", "poor"});
    const auto compiled = compile(count->argument, names_, pool_, argument_type(count->kind));
    ASSERT_TRUE(compiled);
}

TEST_F(expr_test, parse_aggregate_errors) {
    const std::string message =
        "a roll-up value must be one aggregate: count(...), share(...), sum(...), mean(...), "
        "min(...) or max(...)";
    EXPECT_EQ(parse_aggregate("count(a) + 1").error(), (error{1, message}));
    EXPECT_EQ(parse_aggregate("score").error(), (error{1, message}));
    EXPECT_EQ(parse_aggregate("ratio(a, b)").error(), (error{1, message}));
    EXPECT_EQ(parse_aggregate("sum(a, b)").error(), (error{1, "sum() takes 1 argument, got 2"}));
    EXPECT_EQ(parse_aggregate("count(").error().column, 7U);
}

TEST_F(expr_test, referenced_names_for_cycle_checks) {
    const auto tree = parse("a + previous(b) * points(c) + default(d, a) + f(e) + (g ? a : d)");
    ASSERT_TRUE(tree);
    EXPECT_EQ(referenced_names(*tree), (std::vector<std::string>{"a", "d", "e", "g"}));
    EXPECT_EQ(previous_names(*tree), (std::vector<std::string>{"b"}));
}

TEST_F(expr_test, closest_match_suggestions) {
    const std::vector<std::string> names{"crimes", "crimes_detected", "patrols", "x"};
    EXPECT_EQ(closest_match("crime", names), "crimes");
    EXPECT_EQ(closest_match("patorls", names), "patrols");
    EXPECT_EQ(closest_match("CRIMES", names), "crimes");
    EXPECT_EQ(closest_match("y", names), std::nullopt);
    EXPECT_EQ(closest_match("population", names), std::nullopt);
}

TEST_F(expr_test, string_pool_interns) {
    string_pool pool;
    EXPECT_EQ(pool.intern("a"), 0U);
    EXPECT_EQ(pool.intern("b"), 1U);
    EXPECT_EQ(pool.intern("a"), 0U);
    EXPECT_EQ(pool.find("b"), 1U);
    EXPECT_EQ(pool.find("c"), std::nullopt);
    EXPECT_EQ(pool.text(1), "b");
    EXPECT_EQ(pool.size(), 2U);
    const string_pool copy = pool;
    EXPECT_EQ(copy.find("a"), 0U);
}

}  // namespace
}  // namespace antq::detail::expr
