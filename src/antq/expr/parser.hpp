#pragma once

#include <cstdint>
#include <string_view>

#include "antq/expr/ast.hpp"
#include "antq/expr/types.hpp"

namespace antq::detail::expr {

/// Parses an expression into a tree, or gives the first syntax error. Never throws on bad
/// input and never recurses deeper than max_nesting_depth levels; text longer than
/// max_expression_length bytes is rejected at column 1 without being read. Function names
/// and arities are not checked here (compile does), so roll-up aggregates parse too.
///
/// Syntax (loosest first): `c ? a : b` (right-associative); `or`; `and`; `not`;
/// `== != < <= > >=`, `x in [...]` and `x not in [...]` (not chainable); `+ -`; `* / %`;
/// unary `-`; literals, names, calls `f(a, b)` and parentheses. Numbers are decimal
/// (`12`, `0.5`, `1e3`); texts take double or single quotes and the escapes `\\ \" \' \n \t`,
/// and must be valid UTF-8. Outside texts only ASCII is allowed.
outcome<ast, error> parse(std::string_view text);

/// The aggregates a roll-up's value is made of.
enum class aggregate_kind : std::uint8_t { count, share, sum, mean, minimum, maximum };

/// "count", "share", "sum", "mean", "min" or "max".
std::string_view name_of(aggregate_kind kind) noexcept;

/// The type the aggregate's argument must have: boolean for count and share (a condition),
/// number for the others.
value_type argument_type(aggregate_kind kind) noexcept;

/// A roll-up value split into its aggregate and the expression it aggregates.
struct aggregate {
    aggregate_kind kind = aggregate_kind::count;
    /// The aggregated expression: compile it in the scope of the rulebook rolled up, expecting
    /// argument_type(kind). Columns in it are columns of the whole text.
    ast argument;
    /// 1-based column of the aggregate's name.
    std::size_t column = 0;
};

/// Parses a roll-up value, which must be exactly one aggregate call with one argument:
/// `count(cond)`, `share(cond)`, `sum(x)`, `mean(x)`, `min(x)` or `max(x)`.
outcome<aggregate, error> parse_aggregate(std::string_view text);

}  // namespace antq::detail::expr
