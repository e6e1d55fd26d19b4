#include "antq/expr/parser.hpp"

#include <array>
#include <charconv>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

namespace antq::detail::expr {

namespace {

// ---- Tokens ----

enum class token_kind : std::uint8_t {
    end,
    invalid,  // a lexical error; `text` holds the message
    number,
    text,
    identifier,
    keyword_and,
    keyword_or,
    keyword_not,
    keyword_in,
    keyword_true,
    keyword_false,
    plus,
    minus,
    star,
    slash,
    percent,
    equal,
    not_equal,
    less,
    less_equal,
    greater,
    greater_equal,
    question,
    colon,
    left_paren,
    right_paren,
    left_bracket,
    right_bracket,
    comma,
};

struct token {
    token_kind kind = token_kind::end;
    std::uint32_t column = 0;
    std::string_view spelling;  // as written in the source
    double number = 0;
    std::string text;  // decoded text literal, or the message of an invalid token
};

bool is_digit(char c) noexcept {
    return c >= '0' && c <= '9';
}

bool is_name_start(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool is_name_char(char c) noexcept {
    return is_name_start(c) || is_digit(c);
}

bool in_range(unsigned char c, unsigned lo, unsigned hi) noexcept {
    return c >= lo && c <= hi;
}

// Length of the well-formed UTF-8 sequence at `at` (1 to 4), or 0 when it is malformed:
// stray continuation bytes, overlong forms, surrogates and code points above U+10FFFF.
std::size_t utf8_length(std::string_view s, std::size_t at) noexcept {
    const auto byte = [&](std::size_t i) -> unsigned char {
        return at + i < s.size() ? static_cast<unsigned char>(s[at + i]) : 0;
    };
    const unsigned char lead = byte(0);
    if (lead < 0x80) {
        return 1;
    }
    if (in_range(lead, 0xC2, 0xDF)) {
        return in_range(byte(1), 0x80, 0xBF) ? 2 : 0;
    }
    if (in_range(lead, 0xE0, 0xEF)) {
        const unsigned lo = lead == 0xE0 ? 0xA0 : 0x80;
        const unsigned hi = lead == 0xED ? 0x9F : 0xBF;
        return in_range(byte(1), lo, hi) && in_range(byte(2), 0x80, 0xBF) ? 3 : 0;
    }
    if (in_range(lead, 0xF0, 0xF4)) {
        const unsigned lo = lead == 0xF0 ? 0x90 : 0x80;
        const unsigned hi = lead == 0xF4 ? 0x8F : 0xBF;
        return in_range(byte(1), lo, hi) && in_range(byte(2), 0x80, 0xBF) &&
                       in_range(byte(3), 0x80, 0xBF)
                   ? 4
                   : 0;
    }
    return 0;
}

std::string hex_byte(unsigned char c) {
    constexpr std::string_view digits = "0123456789abcdef";
    return std::string("0x") + digits[c >> 4] + digits[c & 0xF];
}

class lexer {
  public:
    explicit lexer(std::string_view source) : source_(source) {}

    // All tokens, ending with `end`, or with `invalid` at the first lexical error.
    std::vector<token> run() {
        std::vector<token> tokens;
        for (;;) {
            tokens.push_back(next());
            const token_kind kind = tokens.back().kind;
            if (kind == token_kind::end || kind == token_kind::invalid) {
                return tokens;
            }
        }
    }

  private:
    char peek(std::size_t ahead = 0) const noexcept {
        return pos_ + ahead < source_.size() ? source_[pos_ + ahead] : '\0';
    }

    bool at_end() const noexcept { return pos_ >= source_.size(); }

    void skip_space() noexcept {
        while (!at_end() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) {
            ++pos_;
            ++column_;
        }
    }

    token make(token_kind kind, std::size_t begin, std::uint32_t column) const {
        token t;
        t.kind = kind;
        t.column = column;
        t.spelling = source_.substr(begin, pos_ - begin);
        return t;
    }

    static token invalid(std::uint32_t column, std::string message) {
        token t;
        t.kind = token_kind::invalid;
        t.column = column;
        t.text = std::move(message);
        return t;
    }

    token next() {
        skip_space();
        const std::size_t begin = pos_;
        const std::uint32_t column = column_;
        if (at_end()) {
            return make(token_kind::end, begin, column);
        }
        const char c = peek();
        if (is_digit(c)) {
            return number(begin, column);
        }
        if (is_name_start(c)) {
            return word(begin, column);
        }
        if (c == '"' || c == '\'') {
            return text(begin, column);
        }
        return punctuation(begin, column);
    }

    void advance(std::size_t bytes) {
        pos_ += bytes;
        column_ += static_cast<std::uint32_t>(bytes);
    }

    std::size_t digits_from(std::size_t at) const noexcept {
        std::size_t n = 0;
        while (at + n < source_.size() && is_digit(source_[at + n])) {
            ++n;
        }
        return n;
    }

    token number(std::size_t begin, std::uint32_t column) {
        std::size_t length = digits_from(pos_);
        if (peek(length) == '.' && is_digit(peek(length + 1))) {
            length += 1 + digits_from(pos_ + length + 1);
        }
        if (peek(length) == 'e' || peek(length) == 'E') {
            std::size_t sign = (peek(length + 1) == '+' || peek(length + 1) == '-') ? 1 : 0;
            const std::size_t exponent = digits_from(pos_ + length + 1 + sign);
            if (exponent > 0) {
                length += 1 + sign + exponent;
            }
        }
        // "12abc", "1.2.3", "5." and "1e" are typos, not a number followed by something.
        std::size_t tail = length;
        while (is_name_char(peek(tail)) || peek(tail) == '.') {
            ++tail;
        }
        if (tail != length) {
            return invalid(column,
                           "invalid number '" + std::string(source_.substr(pos_, tail)) + "'");
        }
        advance(length);
        token t = make(token_kind::number, begin, column);
        const auto parsed =
            std::from_chars(t.spelling.data(), t.spelling.data() + t.spelling.size(), t.number);
        if (parsed.ec != std::errc{}) {
            return invalid(column, "number '" + std::string(t.spelling) + "' is out of range");
        }
        return t;
    }

    token word(std::size_t begin, std::uint32_t column) {
        std::size_t length = 0;
        while (is_name_char(peek(length))) {
            ++length;
        }
        advance(length);
        token t = make(token_kind::identifier, begin, column);
        static constexpr std::array<std::pair<std::string_view, token_kind>, 6> keywords{{
            {"and", token_kind::keyword_and},
            {"or", token_kind::keyword_or},
            {"not", token_kind::keyword_not},
            {"in", token_kind::keyword_in},
            {"true", token_kind::keyword_true},
            {"false", token_kind::keyword_false},
        }};
        for (const auto& [spelled, kind] : keywords) {
            if (t.spelling == spelled) {
                t.kind = kind;
            }
        }
        return t;
    }

    token text(std::size_t begin, std::uint32_t column) {
        const char quote = peek();
        advance(1);
        std::string decoded;
        while (!at_end() && peek() != quote) {
            const char c = peek();
            if (c == '\\') {
                const std::uint32_t escape_column = column_;
                const char escaped = peek(1);
                switch (escaped) {
                    case '\\':
                    case '"':
                    case '\'':
                        decoded += escaped;
                        break;
                    case 'n':
                        decoded += '\n';
                        break;
                    case 't':
                        decoded += '\t';
                        break;
                    default:
                        if (pos_ + 1 >= source_.size()) {
                            return invalid(column, "unterminated text (no closing " +
                                                       std::string(1, quote) + ")");
                        }
                        return invalid(escape_column,
                                       "unknown escape '\\" + printable(pos_ + 1) + "' in text");
                }
                advance(2);
                continue;
            }
            const std::size_t length = utf8_length(source_, pos_);
            if (length == 0) {
                return invalid(column_, "invalid UTF-8 in text (byte " +
                                            hex_byte(static_cast<unsigned char>(c)) + ")");
            }
            decoded.append(source_.substr(pos_, length));
            pos_ += length;
            ++column_;
        }
        if (at_end()) {
            return invalid(column, "unterminated text (no closing " + std::string(1, quote) + ")");
        }
        advance(1);
        token t = make(token_kind::text, begin, column);
        t.text = std::move(decoded);
        return t;
    }

    // The character at `at` as it may be quoted in a message.
    std::string printable(std::size_t at) const {
        const auto c = static_cast<unsigned char>(source_[at]);
        if (c >= 0x20 && c < 0x7F) {
            return std::string(1, static_cast<char>(c));
        }
        if (c >= 0x80) {
            if (const std::size_t length = utf8_length(source_, at); length > 0) {
                return std::string(source_.substr(at, length));
            }
        }
        return hex_byte(c);
    }

    token punctuation(std::size_t begin, std::uint32_t column) {
        const char c = peek();
        const char after = peek(1);
        const auto one = [&](token_kind kind) {
            advance(1);
            return make(kind, begin, column);
        };
        const auto two = [&](token_kind kind) {
            advance(2);
            return make(kind, begin, column);
        };
        switch (c) {
            case '+':
                return one(token_kind::plus);
            case '-':
                return one(token_kind::minus);
            case '*':
                return one(token_kind::star);
            case '/':
                return one(token_kind::slash);
            case '%':
                return one(token_kind::percent);
            case '?':
                return one(token_kind::question);
            case ':':
                return one(token_kind::colon);
            case '(':
                return one(token_kind::left_paren);
            case ')':
                return one(token_kind::right_paren);
            case '[':
                return one(token_kind::left_bracket);
            case ']':
                return one(token_kind::right_bracket);
            case ',':
                return one(token_kind::comma);
            case '<':
                return after == '=' ? two(token_kind::less_equal) : one(token_kind::less);
            case '>':
                return after == '=' ? two(token_kind::greater_equal) : one(token_kind::greater);
            case '=':
                if (after == '=') {
                    return two(token_kind::equal);
                }
                return invalid(column, "unexpected '=' (use '==' to compare)");
            case '!':
                if (after == '=') {
                    return two(token_kind::not_equal);
                }
                return invalid(column, "unexpected '!' (use 'not')");
            case '&':
                return invalid(column, "unexpected '&' (use 'and')");
            case '|':
                return invalid(column, "unexpected '|' (use 'or')");
            default:
                break;
        }
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x80 && utf8_length(source_, pos_) == 0) {
            return invalid(column, "invalid UTF-8 (byte " + hex_byte(byte) + ")");
        }
        if (byte >= 0x80) {
            return invalid(column, "unexpected character '" + printable(pos_) +
                                       "' (outside quotes only ASCII letters, digits and "
                                       "'_' make names)");
        }
        if (byte < 0x20 || byte == 0x7F) {
            return invalid(column, "unexpected character " + hex_byte(byte));
        }
        return invalid(column, "unexpected character '" + printable(pos_) + "'");
    }

    std::string_view source_;
    std::size_t pos_ = 0;
    std::uint32_t column_ = 1;
};

// ---- Parser ----

bool is_comparison(token_kind kind) noexcept {
    switch (kind) {
        case token_kind::equal:
        case token_kind::not_equal:
        case token_kind::less:
        case token_kind::less_equal:
        case token_kind::greater:
        case token_kind::greater_equal:
            return true;
        default:
            return false;
    }
}

operator_kind comparison_of(token_kind kind) noexcept {
    switch (kind) {
        case token_kind::not_equal:
            return operator_kind::not_equal;
        case token_kind::less:
            return operator_kind::less;
        case token_kind::less_equal:
            return operator_kind::less_equal;
        case token_kind::greater:
            return operator_kind::greater;
        case token_kind::greater_equal:
            return operator_kind::greater_equal;
        default:
            return operator_kind::equal;
    }
}

std::string describe(const token& t) {
    switch (t.kind) {
        case token_kind::end:
            return "the end of the expression";
        case token_kind::text:
            return "text " + std::string(t.spelling);
        default: {
            std::string quoted(1, '\'');
            quoted += t.spelling;
            quoted += '\'';
            return quoted;
        }
    }
}

// Recursive descent. Recursion happens only through `nested`, which enforces
// max_nesting_depth, so the stack stays bounded whatever the input; chains of binary
// operators are loops.
class parser {
  public:
    explicit parser(std::vector<token> tokens) : tokens_(std::move(tokens)) {}

    outcome<ast, error> run() {
        if (current().kind == token_kind::end) {
            return error{current().column, "empty expression"};
        }
        const auto root = conditional();
        if (root && current().kind != token_kind::end) {
            if (current().kind == token_kind::invalid) {
                expected_value();
            } else if (current().kind == token_kind::right_paren) {
                fail(current().column, "unexpected ')' without a matching '('");
            } else {
                fail(current().column, "expected an operator before " + describe(current()));
            }
        }
        if (failure_) {
            return std::move(*failure_);
        }
        tree_.root = *root;
        return std::move(tree_);
    }

  private:
    using parsed = std::optional<node_id>;

    const token& current() const { return tokens_[index_]; }
    const token& ahead(std::size_t n) const {
        return tokens_[std::min(index_ + n, tokens_.size() - 1)];
    }
    const token& take() {
        const token& t = tokens_[index_];
        if (index_ + 1 < tokens_.size()) {
            ++index_;
        }
        return t;
    }

    std::nullopt_t fail(std::uint32_t column, std::string message) {
        if (!failure_) {
            failure_ = error{column, std::move(message)};
        }
        return std::nullopt;
    }

    // The error for a token where a value should start.
    std::nullopt_t expected_value() {
        const token& t = current();
        switch (t.kind) {
            case token_kind::invalid:
                return fail(t.column, t.text);
            case token_kind::end:
                return fail(t.column, "unexpected end of the expression");
            case token_kind::left_bracket:
                return fail(t.column, "a list [...] is only allowed after 'in'");
            default:
                return fail(t.column, "expected a value, got " + describe(t));
        }
    }

    node_id add(node n) {
        tree_.nodes.push_back(std::move(n));
        return static_cast<node_id>(tree_.nodes.size() - 1);
    }

    std::uint32_t start_of(node_id id) const { return tree_.nodes[id].start; }

    // Runs `inner` one nesting level deeper, or fails at `column` past the limit.
    template <class Inner>
    parsed nested(std::uint32_t column, Inner inner) {
        if (depth_ >= max_nesting_depth) {
            return fail(column, "expression is nested too deeply (the limit is " +
                                    std::to_string(max_nesting_depth) + " levels)");
        }
        ++depth_;
        const parsed result = inner();
        --depth_;
        return result;
    }

    parsed conditional() {
        const auto condition = logical_or();
        if (!condition || current().kind != token_kind::question) {
            return condition;
        }
        const token& question = take();
        return nested(question.column, [&]() -> parsed {
            const auto then = conditional();
            if (!then) {
                return std::nullopt;
            }
            if (current().kind != token_kind::colon) {
                if (current().kind == token_kind::invalid) {
                    return expected_value();
                }
                return fail(current().column, "expected ':' to go with the '?' at column " +
                                                  std::to_string(question.column) + ", got " +
                                                  describe(current()));
            }
            take();
            const auto otherwise = conditional();
            if (!otherwise) {
                return std::nullopt;
            }
            node n;
            n.kind = node_kind::conditional;
            n.column = question.column;
            n.start = start_of(*condition);
            n.children = {*condition, *then, *otherwise};
            return add(std::move(n));
        });
    }

    template <class Operand, class Classify>
    parsed chain(Operand operand, Classify classify) {
        const auto first = operand();
        if (!first) {
            return std::nullopt;
        }
        node n;
        n.kind = node_kind::chain;
        n.start = start_of(*first);
        n.children.push_back(*first);
        while (const std::optional<operator_kind> op = classify(current().kind)) {
            const token& t = take();
            const auto next = operand();
            if (!next) {
                return std::nullopt;
            }
            n.links.push_back({*op, t.column});
            n.children.push_back(*next);
        }
        if (n.links.empty()) {
            return first;
        }
        n.column = n.links.front().column;
        return add(std::move(n));
    }

    parsed logical_or() {
        return chain([&] { return logical_and(); },
                     [](token_kind kind) -> std::optional<operator_kind> {
                         if (kind == token_kind::keyword_or) {
                             return operator_kind::logical_or;
                         }
                         return std::nullopt;
                     });
    }

    parsed logical_and() {
        return chain([&] { return logical_not(); },
                     [](token_kind kind) -> std::optional<operator_kind> {
                         if (kind == token_kind::keyword_and) {
                             return operator_kind::logical_and;
                         }
                         return std::nullopt;
                     });
    }

    parsed unary(const token& op, operator_kind kind, parsed (parser::*operand)()) {
        return nested(op.column, [&]() -> parsed {
            const auto inner = (this->*operand)();
            if (!inner) {
                return std::nullopt;
            }
            node n;
            n.kind = node_kind::unary;
            n.op = kind;
            n.column = op.column;
            n.start = op.column;
            n.children = {*inner};
            return add(std::move(n));
        });
    }

    parsed logical_not() {
        if (current().kind != token_kind::keyword_not) {
            return comparison();
        }
        const token& op = take();
        return unary(op, operator_kind::logical_not, &parser::logical_not);
    }

    bool at_membership() const {
        return current().kind == token_kind::keyword_in ||
               (current().kind == token_kind::keyword_not &&
                ahead(1).kind == token_kind::keyword_in);
    }

    parsed comparison() {
        const auto left = additive();
        if (!left) {
            return std::nullopt;
        }
        parsed result = left;
        if (is_comparison(current().kind)) {
            const token& op = take();
            const auto right = additive();
            if (!right) {
                return std::nullopt;
            }
            node n;
            n.kind = node_kind::comparison;
            n.op = comparison_of(op.kind);
            n.column = op.column;
            n.start = start_of(*left);
            n.children = {*left, *right};
            result = add(std::move(n));
        } else if (at_membership()) {
            result = membership(*left);
        } else {
            return left;
        }
        if (result && (is_comparison(current().kind) || at_membership())) {
            return fail(current().column,
                        "comparisons cannot be chained; join them with 'and' (a < b and b < c)");
        }
        return result;
    }

    parsed membership(node_id left) {
        const bool negated = current().kind == token_kind::keyword_not;
        const std::uint32_t column = current().column;
        if (negated) {
            take();
        }
        take();
        if (current().kind != token_kind::left_bracket) {
            if (current().kind == token_kind::invalid) {
                return expected_value();
            }
            return fail(current().column, "expected a list like [\"a\", \"b\"] after 'in', got " +
                                              describe(current()));
        }
        const token& open = take();
        return nested(open.column, [&]() -> parsed {
            node n;
            n.kind = node_kind::membership;
            n.op = negated ? operator_kind::not_in : operator_kind::in;
            n.column = column;
            n.start = start_of(left);
            n.children.push_back(left);
            if (current().kind == token_kind::right_bracket) {
                take();
                return add(std::move(n));
            }
            for (;;) {
                const auto item = conditional();
                if (!item) {
                    return std::nullopt;
                }
                n.children.push_back(*item);
                if (current().kind == token_kind::right_bracket) {
                    take();
                    return add(std::move(n));
                }
                if (current().kind != token_kind::comma) {
                    return list_end_error("']' to close the list", open.column);
                }
                take();
            }
        });
    }

    std::nullopt_t list_end_error(std::string_view wanted, std::uint32_t open_column) {
        if (current().kind == token_kind::invalid) {
            return expected_value();
        }
        return fail(current().column, "expected ',' or " + std::string(wanted) +
                                          " opened at column " + std::to_string(open_column) +
                                          ", got " + describe(current()));
    }

    parsed additive() {
        return chain([&] { return multiplicative(); },
                     [](token_kind kind) -> std::optional<operator_kind> {
                         if (kind == token_kind::plus) {
                             return operator_kind::add;
                         }
                         if (kind == token_kind::minus) {
                             return operator_kind::subtract;
                         }
                         return std::nullopt;
                     });
    }

    parsed multiplicative() {
        return chain([&] { return negation(); },
                     [](token_kind kind) -> std::optional<operator_kind> {
                         switch (kind) {
                             case token_kind::star:
                                 return operator_kind::multiply;
                             case token_kind::slash:
                                 return operator_kind::divide;
                             case token_kind::percent:
                                 return operator_kind::modulo;
                             default:
                                 return std::nullopt;
                         }
                     });
    }

    parsed negation() {
        if (current().kind != token_kind::minus) {
            return primary();
        }
        const token& op = take();
        return unary(op, operator_kind::negate, &parser::negation);
    }

    parsed primary() {
        const token& t = current();
        node n;
        n.column = t.column;
        n.start = t.column;
        switch (t.kind) {
            case token_kind::number:
                n.kind = node_kind::number;
                n.number = t.number;
                take();
                return add(std::move(n));
            case token_kind::text:
                n.kind = node_kind::text;
                n.text = t.text;
                take();
                return add(std::move(n));
            case token_kind::keyword_true:
            case token_kind::keyword_false:
                n.kind = node_kind::boolean;
                n.number = t.kind == token_kind::keyword_true ? 1 : 0;
                take();
                return add(std::move(n));
            case token_kind::identifier:
                take();
                if (current().kind == token_kind::left_paren) {
                    return call(t);
                }
                n.kind = node_kind::name;
                n.text = std::string(t.spelling);
                return add(std::move(n));
            case token_kind::left_paren:
                return parenthesized();
            default:
                return expected_value();
        }
    }

    parsed parenthesized() {
        const token& open = take();
        return nested(open.column, [&]() -> parsed {
            const auto inner = conditional();
            if (!inner) {
                return std::nullopt;
            }
            if (current().kind != token_kind::right_paren) {
                if (current().kind == token_kind::invalid) {
                    return expected_value();
                }
                return fail(current().column, "expected ')' to close the '(' at column " +
                                                  std::to_string(open.column) + ", got " +
                                                  describe(current()));
            }
            take();
            return inner;
        });
    }

    parsed call(const token& name) {
        const token& open = take();
        return nested(open.column, [&]() -> parsed {
            node n;
            n.kind = node_kind::call;
            n.text = std::string(name.spelling);
            n.column = name.column;
            n.start = name.column;
            if (current().kind == token_kind::right_paren) {
                take();
                return add(std::move(n));
            }
            for (;;) {
                const auto argument = conditional();
                if (!argument) {
                    return std::nullopt;
                }
                n.children.push_back(*argument);
                if (current().kind == token_kind::right_paren) {
                    take();
                    return add(std::move(n));
                }
                if (current().kind != token_kind::comma) {
                    return list_end_error(
                        "')' to close the call to " + std::string(name.spelling) + "()",
                        open.column);
                }
                take();
            }
        });
    }

    std::vector<token> tokens_;
    std::size_t index_ = 0;
    std::size_t depth_ = 0;
    ast tree_;
    std::optional<error> failure_;
};

struct aggregate_name {
    std::string_view name;
    aggregate_kind kind;
};

constexpr std::array<aggregate_name, 6> aggregate_names{{
    {"count", aggregate_kind::count},
    {"share", aggregate_kind::share},
    {"sum", aggregate_kind::sum},
    {"mean", aggregate_kind::mean},
    {"min", aggregate_kind::minimum},
    {"max", aggregate_kind::maximum},
}};

}  // namespace

outcome<ast, error> parse(std::string_view text) {
    if (text.size() > max_expression_length) {
        return error{1, "expression is too long (" + std::to_string(text.size()) +
                            " bytes; the limit is " + std::to_string(max_expression_length) + ")"};
    }
    return parser(lexer(text).run()).run();
}

std::string_view name_of(aggregate_kind kind) noexcept {
    for (const auto& entry : aggregate_names) {
        if (entry.kind == kind) {
            return entry.name;
        }
    }
    return "count";
}

value_type argument_type(aggregate_kind kind) noexcept {
    return kind == aggregate_kind::count || kind == aggregate_kind::share ? value_type::boolean
                                                                          : value_type::number;
}

outcome<aggregate, error> parse_aggregate(std::string_view text) {
    auto parsed = parse(text);
    if (!parsed) {
        return std::move(parsed).error();
    }
    ast tree = std::move(parsed).value();
    const node& root = tree.root_node();
    const aggregate_name* found = nullptr;
    if (root.kind == node_kind::call) {
        for (const auto& entry : aggregate_names) {
            if (root.text == entry.name) {
                found = &entry;
            }
        }
    }
    if (found == nullptr) {
        return error{root.start,
                     "a roll-up value must be one aggregate: count(...), share(...), sum(...), "
                     "mean(...), min(...) or max(...)"};
    }
    if (root.children.size() != 1) {
        return error{root.column, std::string(found->name) + "() takes 1 argument, got " +
                                      std::to_string(root.children.size())};
    }
    aggregate result;
    result.kind = found->kind;
    result.column = root.column;
    const node_id argument = root.children[0];
    result.argument = std::move(tree);
    result.argument.root = argument;
    return result;
}

}  // namespace antq::detail::expr
