#pragma once

// The text of a rulebook file before and after YAML: limits checked before any parser sees
// a byte (size, UTF-8, nesting depth), and positions (byte offset <-> line and column, a
// column inside an expression -> the place in the file).

#include <antq/error.hpp>
#include <antq/rulebook.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace antq::detail::rules {

/// Largest rulebook file accepted, in bytes.
inline constexpr std::size_t max_file_size = std::size_t{8} * 1024 * 1024;
/// Deepest YAML nesting accepted (blocks and flow brackets together).
inline constexpr std::size_t max_yaml_depth = 64;

/// Line starts of a text, to turn byte offsets into 1-based lines and columns. Columns count
/// characters (code points), as editors show them.
class line_index {
  public:
    line_index(std::string_view text, std::string file);

    [[nodiscard]] source_location locate(std::size_t offset) const;
    /// The byte offset of a 1-based line and column, or nullopt when out of the text.
    [[nodiscard]] std::optional<std::size_t> offset_of(std::size_t line, std::size_t column) const;
    [[nodiscard]] const std::string& file() const noexcept { return file_; }
    [[nodiscard]] std::string_view text() const noexcept { return text_; }

  private:
    static constexpr std::size_t block_size = 256;

    /// UTF-8 continuation bytes in the text before `offset`.
    [[nodiscard]] std::size_t continuations_before(std::size_t offset) const;
    [[nodiscard]] std::size_t count_continuations(std::size_t begin, std::size_t end) const;

    std::string_view text_;
    std::string file_;
    std::vector<std::size_t> starts_;
    std::vector<std::size_t> continuations_;  // [b]: continuation bytes before byte b * block_size
};

/// The offset of the first byte that is not part of valid UTF-8 (overlong forms,
/// surrogates and code points above U+10FFFF included), or nullopt.
[[nodiscard]] std::optional<std::size_t> find_invalid_utf8(std::string_view text) noexcept;

/// The offset where the YAML text first nests deeper than `limit` levels (block indentation,
/// `- ` items and `[`/`{` brackets counted together), or nullopt. It never under-counts
/// what a YAML parser would recurse into; it may over-count odd plain scalars.
[[nodiscard]] std::optional<std::size_t> find_excess_nesting(std::string_view text,
                                                             std::size_t limit) noexcept;

/// The places in the file of the columns of one expression, found in one walk over it:
/// each place is then looked up, so that a problem at every name of a 10,000-character
/// expression costs one walk, not one each (a hostile rulebook made that quadratic). Views
/// `e.text` and `lines`: it must not outlive them.
class expression_places {
  public:
    expression_places(const line_index* lines, const expression& e);

    /// The place in the file of the 1-based `column` of the expression (counted in code
    /// points of its text), following its `where` into the file's text: exact for
    /// single-line plain and quoted scalars (escapes and doubled quotes accounted for), best
    /// effort across the line breaks of multi-line scalars. Without the source text, the
    /// expression's `where` itself.
    [[nodiscard]] source_location at(std::size_t column) const;

    /// Whether these are the places of `e` (the same text at the same place).
    [[nodiscard]] bool is_of(const expression& e) const noexcept {
        return text_.data() == e.text.data() && text_.size() == e.text.size() && where_ == e.where;
    }

  private:
    struct walk_point {
        std::size_t text = 0;  // byte in the expression
        std::size_t file = 0;  // byte in the file
    };

    const line_index* lines_;
    source_location where_;
    std::string_view text_;
    std::vector<walk_point> reached_;  // [k - 1]: where the walk first reached column k
    walk_point end_;                   // where it stopped
};

/// `expression_places(lines, e).at(column)`, for one place.
[[nodiscard]] source_location locate_in_expression(const line_index* lines, const expression& e,
                                                   std::size_t column);

}  // namespace antq::detail::rules
