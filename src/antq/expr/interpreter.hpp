#pragma once

#include <cstddef>
#include <cstdint>

#include "antq/expr/ast.hpp"
#include "antq/expr/program.hpp"
#include "antq/expr/scope.hpp"

namespace antq::detail::expr {

/// The value of an expression for one subject.
struct evaluation {
    /// Missing is the canonical quiet NaN; NaN too when error_column is not 0.
    double value = 0;
    /// 0, or the 1-based column of the operation that failed.
    std::uint32_t error_column = 0;
};

/// Evaluates a tree for one subject by walking it, resolving every name on the way: slow,
/// obviously faithful to the language, and the reference that program::run is tested against
/// (same values to the bit, same error columns). Operands are evaluated left to right and
/// lazily: an untaken branch of `?:`, if() or div(), and the right side of an `and`/`or`
/// already decided by its left, are not evaluated.
/// Precondition: compile(tree, names, texts) succeeds (text literals are interned on the way).
evaluation interpret(const ast& tree, const scope& names, string_pool& texts, batch_inputs inputs,
                     std::size_t subject);

}  // namespace antq::detail::expr
