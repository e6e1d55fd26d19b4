#include "antq/expr/ast.hpp"

#include "antq/io/number_text.hpp"

#include <algorithm>

namespace antq::detail::expr {

std::string_view spelling(operator_kind op) noexcept {
    switch (op) {
        case operator_kind::add:
            return "+";
        case operator_kind::subtract:
        case operator_kind::negate:
            return "-";
        case operator_kind::multiply:
            return "*";
        case operator_kind::divide:
            return "/";
        case operator_kind::modulo:
            return "%";
        case operator_kind::logical_and:
            return "and";
        case operator_kind::logical_or:
            return "or";
        case operator_kind::equal:
            return "==";
        case operator_kind::not_equal:
            return "!=";
        case operator_kind::less:
            return "<";
        case operator_kind::less_equal:
            return "<=";
        case operator_kind::greater:
            return ">";
        case operator_kind::greater_equal:
            return ">=";
        case operator_kind::logical_not:
            return "not";
        case operator_kind::in:
            return "in";
        case operator_kind::not_in:
            return "not in";
    }
    return "?";
}

namespace {

// A text literal of the expression language, as the parser reads it back (the escapes
// backslash-quote, backslash-backslash, backslash-n and backslash-t only). Not JSON, on
// purpose: the JSON string writer's backslash-u escapes are not expression syntax, and a
// printed expression must parse back to the same tree.
void append_text(std::string& out, const std::string& text) {
    out += '"';
    for (const char c : text) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                out += c;
        }
    }
    out += '"';
}

// Recursion is bounded: the parser limits the depth of every tree it builds.
void print(const ast& tree, node_id id, std::string& out) {
    const node& n = tree.at(id);
    switch (n.kind) {
        case node_kind::number:
            append_number(out, n.number);
            return;
        case node_kind::text:
            append_text(out, n.text);
            return;
        case node_kind::boolean:
            out += n.number != 0 ? "true" : "false";
            return;
        case node_kind::name:
            out += n.text;
            return;
        case node_kind::unary:
            out += '(';
            out += spelling(n.op);
            out += n.op == operator_kind::logical_not ? " " : "";
            print(tree, n.children[0], out);
            out += ')';
            return;
        case node_kind::chain:
            out += '(';
            print(tree, n.children[0], out);
            for (std::size_t i = 0; i < n.links.size(); ++i) {
                out += ' ';
                out += spelling(n.links[i].op);
                out += ' ';
                print(tree, n.children[i + 1], out);
            }
            out += ')';
            return;
        case node_kind::comparison:
            out += '(';
            print(tree, n.children[0], out);
            out += ' ';
            out += spelling(n.op);
            out += ' ';
            print(tree, n.children[1], out);
            out += ')';
            return;
        case node_kind::membership:
            out += '(';
            print(tree, n.children[0], out);
            out += ' ';
            out += spelling(n.op);
            out += " [";
            for (std::size_t i = 1; i < n.children.size(); ++i) {
                out += i > 1 ? ", " : "";
                print(tree, n.children[i], out);
            }
            out += "])";
            return;
        case node_kind::conditional:
            out += '(';
            print(tree, n.children[0], out);
            out += " ? ";
            print(tree, n.children[1], out);
            out += " : ";
            print(tree, n.children[2], out);
            out += ')';
            return;
        case node_kind::call:
            out += n.text;
            out += '(';
            for (std::size_t i = 0; i < n.children.size(); ++i) {
                out += i > 0 ? ", " : "";
                print(tree, n.children[i], out);
            }
            out += ')';
            return;
    }
}

enum class name_period : std::uint8_t { current, previous };

void add_once(std::vector<std::string>& names, const std::string& name) {
    if (std::find(names.begin(), names.end(), name) == names.end()) {
        names.push_back(name);
    }
}

bool takes_criterion_id(const node& call) {
    return call.text == "passed" || call.text == "points" || call.text == "value";
}

bool looks_back(const node& call) {
    return call.text == "sum_last" || call.text == "count_last";
}

// `earlier` is true inside sum_last() and count_last(), whose first argument is read in the
// current period and in earlier ones: its names are both current and previous names.
void collect(const ast& tree, node_id id, name_period wanted, bool earlier,
             std::vector<std::string>& names) {
    const node& n = tree.at(id);
    if (n.kind == node_kind::name) {
        if (wanted == name_period::current || earlier) {
            add_once(names, n.text);
        }
        return;
    }
    if (n.kind == node_kind::call && !n.children.empty()) {
        const node& first = tree.at(n.children[0]);
        if (first.kind == node_kind::name && takes_criterion_id(n)) {
            return;
        }
        if (first.kind == node_kind::name && n.text == "previous") {
            if (wanted == name_period::previous) {
                add_once(names, first.text);
            }
            return;
        }
        if (looks_back(n)) {
            earlier = earlier || wanted == name_period::previous;
        }
    }
    for (const node_id child : n.children) {
        collect(tree, child, wanted, earlier, names);
    }
}

}  // namespace

std::string to_string(const ast& tree) {
    std::string out;
    if (!tree.nodes.empty()) {
        print(tree, tree.root, out);
    }
    return out;
}

std::vector<std::string> referenced_names(const ast& tree) {
    std::vector<std::string> names;
    if (!tree.nodes.empty()) {
        collect(tree, tree.root, name_period::current, false, names);
    }
    return names;
}

std::vector<std::string> previous_names(const ast& tree) {
    std::vector<std::string> names;
    if (!tree.nodes.empty()) {
        collect(tree, tree.root, name_period::previous, false, names);
    }
    return names;
}

}  // namespace antq::detail::expr
