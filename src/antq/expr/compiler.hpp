#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "antq/expr/ast.hpp"
#include "antq/expr/program.hpp"
#include "antq/expr/scope.hpp"
#include "antq/expr/types.hpp"

namespace antq::detail::expr {

/// Type-checks a tree against a scope and compiles it into a program, or gives every error
/// found (unknown names, type mismatches, wrong arities...), each at its column, in the order
/// of the text.
///
/// - Names resolve through `names` once, here. Text literals are interned into `texts`, which
///   must be the pool the caller uses for text columns.
/// - `expected`, when given, is the type the result must have: `score: "crimes > 0"` fails
///   with "expected a number, got a boolean".
/// - Constant parts are folded. A division by a constant zero (`x / 0`, `1 % (2 - 2)`) and
///   the square root of a constant negative are errors here, since they would fail for every
///   subject.
/// - count(), share(), sum() and mean() are errors: they belong to roll-ups (parse_aggregate).
///
/// Functions: min(a, ...) and max(a, ...); clamp(x, lo, hi); abs, floor, ceil, sqrt;
/// round(x[, digits]) (see round_digits); if(c, a, b); ratio(a, b); div(a, b, fallback);
/// missing(ref) and default(ref, v), whose ref is a name or previous/passed/points/value(...);
/// previous(name[, k]); sum_last(x, n) and count_last(c, n), x and c read in the current
/// period and the n - 1 before it (k and n: number literals from 1 to max_periods_back);
/// previous_tier([k]), where the scope knows earlier tiers; passed(id), points(id) and
/// value(id).
outcome<program, std::vector<error>> compile(const ast& tree, const scope& names,
                                             string_pool& texts,
                                             std::optional<value_type> expected = std::nullopt);

/// Parses, then compiles; a syntax error comes back as the only error.
outcome<program, std::vector<error>> compile(std::string_view text, const scope& names,
                                             string_pool& texts,
                                             std::optional<value_type> expected = std::nullopt);

}  // namespace antq::detail::expr
