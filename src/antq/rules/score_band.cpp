#include "antq/rules/score_band.hpp"

#include <algorithm>

namespace antq::detail::rules {

namespace {

using expr::node;
using expr::node_kind;
using expr::operator_kind;

// A number literal, or a negated one.
std::optional<double> literal(const expr::ast& tree, const node& n) {
    if (n.kind == node_kind::number) {
        return n.number;
    }
    if (n.kind == node_kind::unary && n.op == operator_kind::negate &&
        tree.at(n.children[0]).kind == node_kind::number) {
        return -tree.at(n.children[0]).number;
    }
    return std::nullopt;
}

bool is_score(const node& n) {
    return n.kind == node_kind::name && n.text == "score";
}

// `a op b` read as `score op' x`, with the sides swapped when score is on the right.
std::optional<std::pair<operator_kind, double>> comparison(const expr::ast& tree, const node& n) {
    if (n.kind != node_kind::comparison) {
        return std::nullopt;
    }
    const node& left = tree.at(n.children[0]);
    const node& right = tree.at(n.children[1]);
    if (is_score(left)) {
        if (const auto x = literal(tree, right)) {
            return std::pair{n.op, *x};
        }
        return std::nullopt;
    }
    if (is_score(right)) {
        if (const auto x = literal(tree, left)) {
            switch (n.op) {
                case operator_kind::less:
                    return std::pair{operator_kind::greater, *x};
                case operator_kind::less_equal:
                    return std::pair{operator_kind::greater_equal, *x};
                case operator_kind::greater:
                    return std::pair{operator_kind::less, *x};
                case operator_kind::greater_equal:
                    return std::pair{operator_kind::less_equal, *x};
                default:
                    return std::pair{n.op, *x};
            }
        }
    }
    return std::nullopt;
}

// Narrows `band` by one comparison; false when it is not a bound (==, !=).
bool narrow(score_band& band, operator_kind op, double x) {
    switch (op) {
        case operator_kind::greater_equal:
        case operator_kind::greater: {
            const bool strict = op == operator_kind::greater;
            if (!band.low || x > *band.low || (x == *band.low && strict)) {
                band.low = x;
                band.low_strict = strict;
            }
            return true;
        }
        case operator_kind::less_equal:
        case operator_kind::less: {
            const bool strict = op == operator_kind::less;
            if (!band.high || x < *band.high || (x == *band.high && strict)) {
                band.high = x;
                band.high_strict = strict;
            }
            return true;
        }
        default:
            return false;
    }
}

}  // namespace

score_band read_score_band(const expr::ast& tree) {
    score_band band;
    if (tree.nodes.empty()) {
        return band;
    }
    const node& root = tree.root_node();
    std::vector<expr::node_id> terms;
    if (root.kind == node_kind::chain &&
        std::all_of(root.links.begin(), root.links.end(),
                    [](const expr::chain_link& l) { return l.op == operator_kind::logical_and; })) {
        terms = root.children;
    } else {
        terms.push_back(tree.root);
    }
    band.pure = true;
    for (const auto id : terms) {
        const auto c = comparison(tree, tree.at(id));
        if (!c || !narrow(band, c->first, c->second)) {
            band.pure = false;
        }
    }
    if (!band.low && !band.high) {
        band.pure = false;
    }
    return band;
}

}  // namespace antq::detail::rules
