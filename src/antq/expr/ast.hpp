#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "antq/expr/types.hpp"

namespace antq::detail::expr {

/// Index of a node within its ast.
using node_id = std::uint32_t;

/// What a node is.
enum class node_kind : std::uint8_t {
    number,       ///< literal; `number` holds it
    text,         ///< literal; `text` holds its contents, escapes resolved
    boolean,      ///< literal; `number` is 1 or 0
    name,         ///< `text` holds the identifier
    unary,        ///< `op` is negate or logical_not; one child
    chain,        ///< children joined left to right by `links` of one precedence level
    comparison,   ///< `op` is a comparison; two children
    membership,   ///< `op` is in or not_in; children[0] is tested against the rest (the list)
    conditional,  ///< `c ? a : b`; three children
    call,         ///< `text` holds the function name; children are the arguments
};

/// Operators of unary, chain, comparison and membership nodes.
enum class operator_kind : std::uint8_t {
    add,
    subtract,
    multiply,
    divide,
    modulo,
    logical_and,
    logical_or,
    equal,
    not_equal,
    less,
    less_equal,
    greater,
    greater_equal,
    negate,
    logical_not,
    in,
    not_in,
};

/// How an operator is written: "+", "and", "not in"...
std::string_view spelling(operator_kind op) noexcept;

/// One operator of a chain, with its position.
struct chain_link {
    operator_kind op = operator_kind::add;
    std::uint32_t column = 0;
};

/// One node. Kinds share this struct so that the tree is one flat vector: no recursion to
/// destroy it, and cheap to copy.
struct node {
    node_kind kind = node_kind::number;
    operator_kind op = operator_kind::add;
    /// 1-based column of what defines the node: its operator, name, literal or function name.
    /// Division by zero and square roots of negatives are reported here.
    std::uint32_t column = 0;
    /// 1-based column where the node's text starts. Type errors about the node point here.
    std::uint32_t start = 0;
    double number = 0;
    std::string text;
    std::vector<node_id> children;
    /// For chains: links[i] is the operator between children[i] and children[i + 1].
    std::vector<chain_link> links;
};

/// A parsed expression. Chains of one precedence level are stored flat (`a + b - c` is one
/// chain node), so the tree's depth is bounded by max_nesting_depth times the number of
/// precedence levels, whatever the length of the text.
struct ast {
    std::vector<node> nodes;
    node_id root = 0;

    const node& at(node_id id) const { return nodes[id]; }
    const node& root_node() const { return nodes[root]; }
};

/// The expression fully parenthesized, one space around operators: `(a + (b * 2))`,
/// `f(x, "t")`. Parsing the result gives back an equivalent tree, unless the added
/// parentheses take it past max_nesting_depth.
std::string to_string(const ast& tree);

/// The plain names the expression reads in the current period, each once, in order of first
/// appearance. Excludes criterion ids (passed(id)...) and names read only through
/// previous(name[, n]): those do not make one derived value depend on another in the same period.
std::vector<std::string> referenced_names(const ast& tree);

/// The names read in earlier periods, each once, in order of first appearance: through
/// previous(name[, n]), and the names of the first argument of sum_last() and count_last()
/// (which those also read in the current period, so they are referenced names too).
std::vector<std::string> previous_names(const ast& tree);

}  // namespace antq::detail::expr
