#include "antq/rules/source_text.hpp"

#include <algorithm>

namespace antq::detail::rules {

namespace {

bool is_continuation(unsigned char c) noexcept {
    return (c & 0xC0U) == 0x80U;
}

// Bytes in the UTF-8 sequence that starts with `lead` (1 for a stray byte, so that walks
// over text that was never validated still move forward).
std::size_t sequence_length(unsigned char lead) noexcept {
    if (lead < 0x80U) {
        return 1;
    }
    if ((lead & 0xE0U) == 0xC0U) {
        return 2;
    }
    if ((lead & 0xF0U) == 0xE0U) {
        return 3;
    }
    if ((lead & 0xF8U) == 0xF0U) {
        return 4;
    }
    return 1;
}

bool is_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

constexpr std::string_view byte_order_mark = "\xEF\xBB\xBF";

// Bytes a double-quoted escape takes in the file (`\x41`, `\u00e9`, `\"`).
std::size_t escape_length(std::string_view raw, std::size_t at) noexcept {
    if (at + 1 >= raw.size()) {
        return 1;
    }
    switch (raw[at + 1]) {
        case 'x':
            return 4;
        case 'u':
            return 6;
        case 'U':
            return 10;
        default:
            return 2;
    }
}

}  // namespace

line_index::line_index(std::string_view text, std::string file)
    : text_(text), file_(std::move(file)) {
    starts_.push_back(0);
    continuations_.reserve(text.size() / block_size + 1);
    std::size_t continuations = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (i % block_size == 0) {
            continuations_.push_back(continuations);
        }
        if (text[i] == '\n') {
            starts_.push_back(i + 1);
        }
        if (is_continuation(static_cast<unsigned char>(text[i]))) {
            ++continuations;
        }
    }
}

std::size_t line_index::continuations_before(std::size_t offset) const {
    if (continuations_.empty()) {
        return 0;
    }
    // The end of the text may fall on a block's end: count from the last block then.
    const std::size_t block = std::min(offset / block_size, continuations_.size() - 1);
    return continuations_[block] + count_continuations(block * block_size, offset);
}

std::size_t line_index::count_continuations(std::size_t begin, std::size_t end) const {
    std::size_t count = 0;
    for (std::size_t i = begin; i < end; ++i) {
        count += is_continuation(static_cast<unsigned char>(text_[i])) ? 1 : 0;
    }
    return count;
}

source_location line_index::locate(std::size_t offset) const {
    offset = std::min(offset, text_.size());
    const auto next = std::upper_bound(starts_.begin(), starts_.end(), offset);
    const auto line = static_cast<std::size_t>(std::distance(starts_.begin(), next));
    std::size_t begin = starts_[line - 1];
    if (begin == 0 && text_.starts_with(byte_order_mark) && offset >= byte_order_mark.size()) {
        begin = byte_order_mark.size();  // editors do not show the mark
    }
    // Columns count code points: every byte but UTF-8 continuation bytes. The counts kept per
    // block make this constant time, so that placing every node of a one-line file (minified
    // JSON, a long flow mapping) is not quadratic in the line's length.
    const std::size_t column =
        1 + (offset - begin) - (continuations_before(offset) - continuations_before(begin));
    return {file_, line, column};
}

std::optional<std::size_t> line_index::offset_of(std::size_t line, std::size_t column) const {
    if (line == 0 || line > starts_.size() || column == 0) {
        return std::nullopt;
    }
    std::size_t at = starts_[line - 1];
    if (at == 0 && text_.starts_with(byte_order_mark)) {
        at = byte_order_mark.size();
    }
    for (std::size_t c = 1; c < column; ++c) {
        if (at >= text_.size() || text_[at] == '\n') {
            return std::nullopt;
        }
        at += sequence_length(static_cast<unsigned char>(text_[at]));
    }
    return std::min(at, text_.size());
}

std::optional<std::size_t> find_invalid_utf8(std::string_view text) noexcept {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        if (lead < 0x80U) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        std::uint32_t code = 0;
        std::uint32_t smallest = 0;
        if (lead >= 0xC2U && lead <= 0xDFU) {
            length = 2;
            code = lead & 0x1FU;
            smallest = 0x80;
        } else if ((lead & 0xF0U) == 0xE0U) {
            length = 3;
            code = lead & 0x0FU;
            smallest = 0x800;
        } else if (lead >= 0xF0U && lead <= 0xF4U) {
            length = 4;
            code = lead & 0x07U;
            smallest = 0x10000;
        } else {
            return i;
        }
        if (i + length > text.size()) {
            return i;
        }
        for (std::size_t k = 1; k < length; ++k) {
            const auto c = static_cast<unsigned char>(text[i + k]);
            if (!is_continuation(c)) {
                return i;
            }
            code = (code << 6U) | (c & 0x3FU);
        }
        if (code < smallest || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
            return i;
        }
        i += length;
    }
    return std::nullopt;
}

std::optional<std::size_t> find_excess_nesting(std::string_view text, std::size_t limit) noexcept {
    std::vector<std::size_t> blocks;  // indentation of the open block nodes
    std::size_t flow = 0;             // open `[` and `{`
    char quote = 0;                   // the quote of a scalar left open at the end of a line
    bool in_block_scalar = false;     // inside the lines of a `|` or `>` scalar
    std::size_t block_scalar_parent = 0;

    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t line_end = text.find('\n', pos);
        if (line_end == std::string_view::npos) {
            line_end = text.size();
        }
        std::size_t i = pos;
        while (i < line_end && text[i] == ' ') {
            ++i;
        }
        const std::size_t indent = i - pos;
        const bool blank = i >= line_end || text[i] == '\r' || text[i] == '#';
        if (in_block_scalar) {
            if (blank || indent > block_scalar_parent) {
                pos = line_end + 1;
                continue;
            }
            in_block_scalar = false;
        }
        // Whether a scalar may start here: at the start of a node, not inside a plain scalar.
        bool token_start = true;
        if (quote == 0 && flow == 0) {
            if (blank) {
                pos = line_end + 1;
                continue;
            }
            while (!blocks.empty() && blocks.back() >= indent) {
                blocks.pop_back();
            }
            blocks.push_back(indent);
            if (blocks.size() > limit) {
                return i;
            }
            // `- - - x` and `? ` open nested nodes on one line.
            while (i < line_end && (text[i] == '-' || text[i] == '?') &&
                   (i + 1 == line_end || text[i + 1] == ' ' || text[i + 1] == '\r')) {
                ++i;
                while (i < line_end && text[i] == ' ') {
                    ++i;
                }
                blocks.push_back(i - pos);
                if (blocks.size() > limit) {
                    return i;
                }
            }
        } else {
            token_start = quote == 0;
        }
        for (; i < line_end; ++i) {
            const char c = text[i];
            if (quote == '"') {
                if (c == '\\') {
                    ++i;
                } else if (c == '"') {
                    quote = 0;
                    token_start = false;
                }
                continue;
            }
            if (quote == '\'') {
                if (c == '\'') {
                    if (i + 1 < line_end && text[i + 1] == '\'') {
                        ++i;
                    } else {
                        quote = 0;
                        token_start = false;
                    }
                }
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\r') {
                continue;
            }
            if (c == '#' && (i == pos || text[i - 1] == ' ' || text[i - 1] == '\t')) {
                break;
            }
            if (c == '[' || c == '{') {
                ++flow;
                if (blocks.size() + flow > limit) {
                    return i;
                }
                token_start = true;
                continue;
            }
            if (c == ']' || c == '}') {
                flow = flow > 0 ? flow - 1 : 0;
                token_start = false;
                continue;
            }
            if (c == ',') {
                token_start = flow > 0 || token_start;
                continue;
            }
            const bool indicator_follows = i + 1 == line_end || is_space(text[i + 1]);
            if (c == ':' && (indicator_follows || flow > 0)) {
                token_start = true;
                continue;
            }
            if (token_start && (c == '"' || c == '\'')) {
                quote = c;
                continue;
            }
            if (token_start && flow == 0 && (c == '|' || c == '>')) {
                in_block_scalar = true;
                // Its lines are those indented more than the node that holds it.
                block_scalar_parent = blocks.empty() ? indent : blocks.back();
                break;
            }
            if (token_start && (c == '-' || c == '?') && indicator_follows) {
                continue;
            }
            token_start = false;
        }
        pos = line_end + 1;
    }
    return std::nullopt;
}

expression_places::expression_places(const line_index* lines, const expression& e)
    : lines_(lines), where_(e.where), text_(e.text) {
    if (lines_ == nullptr || where_.line == 0) {
        return;
    }
    const auto start = lines_->offset_of(where_.line, where_.column);
    if (!start) {
        return;
    }
    const std::string_view raw = lines_->text();
    const std::string_view decoded = text_;
    std::size_t i = 0;       // byte in the expression
    std::size_t j = *start;  // byte in the file
    // Walk the expression and the file side by side: characters that agree advance both;
    // what the file has and the text does not (line breaks and indentation, escapes,
    // doubled quotes) advances the file alone. Where the walk stood when it first reached
    // each column is kept, so that any column is then found without walking again.
    reached_.push_back({i, j});
    while (i < decoded.size() && j < raw.size()) {
        const std::size_t li = sequence_length(static_cast<unsigned char>(decoded[i]));
        const std::size_t lj = sequence_length(static_cast<unsigned char>(raw[j]));
        if (li == lj && decoded.substr(i, li) == raw.substr(j, lj)) {
            i += li;
            j += lj;
            reached_.push_back({i, j});
        } else if (is_space(raw[j])) {
            ++j;
        } else if (is_space(decoded[i])) {
            ++i;
            reached_.push_back({i, j});
        } else if (raw[j] == '\\') {
            j += escape_length(raw, j);
            i += li;
            reached_.push_back({i, j});
        } else {
            j += lj;
        }
    }
    end_ = {i, j};
}

source_location expression_places::at(std::size_t column) const {
    if (reached_.empty()) {
        return where_;
    }
    const std::string_view raw = lines_->text();
    const std::string_view decoded = text_;
    // The column, or the last one the text reaches (past its end, where the walk ended).
    const std::size_t k = std::clamp<std::size_t>(column, 1, reached_.size());
    auto [i, j] = column <= reached_.size() ? reached_[k - 1] : end_;
    // The file may still hold indentation or a line break before the character itself.
    while (i < decoded.size() && !is_space(decoded[i]) && j < raw.size() && is_space(raw[j])) {
        ++j;
    }
    // Past the end of the text: keep counting columns on the same line.
    source_location place = lines_->locate(std::min(j, raw.size()));
    if (k < column) {
        place.column += column - k;
    }
    return place;
}

source_location locate_in_expression(const line_index* lines, const expression& e,
                                     std::size_t column) {
    return expression_places(lines, e).at(column);
}

}  // namespace antq::detail::rules
