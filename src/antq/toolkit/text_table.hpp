#pragma once

// Aligned plain-text tables for the toolkit's reports (tests, diffs, gaps): columns padded
// to the widest cell, counted in characters rather than bytes because ids, tiers and
// names may be Vietnamese.

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace antq::detail {

/// Characters (UTF-8 code points) in `text`.
[[nodiscard]] inline std::size_t display_width(std::string_view text) noexcept {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

class text_table {
  public:
    /// `right[k]`: column k is right-aligned (numbers).
    explicit text_table(std::vector<bool> right) : right_(std::move(right)) {}

    void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
    [[nodiscard]] bool empty() const noexcept { return rows_.empty(); }

    /// Every row, cells separated by two spaces, `indent` spaces first, no trailing spaces.
    void render(std::string& out, std::size_t indent = 0) const {
        std::vector<std::size_t> widths(right_.size(), 0);
        for (const auto& row : rows_) {
            for (std::size_t k = 0; k < row.size() && k < widths.size(); ++k) {
                widths[k] = std::max(widths[k], display_width(row[k]));
            }
        }
        for (const auto& row : rows_) {
            std::string line(indent, ' ');
            for (std::size_t k = 0; k < row.size() && k < widths.size(); ++k) {
                if (k > 0) {
                    line += "  ";
                }
                const std::string padding(widths[k] - display_width(row[k]), ' ');
                line += right_[k] ? padding + row[k] : row[k] + padding;
            }
            while (!line.empty() && line.back() == ' ') {
                line.pop_back();
            }
            out += line;
            out += '\n';
        }
    }

  private:
    std::vector<bool> right_;
    std::vector<std::vector<std::string>> rows_;
};

}  // namespace antq::detail
