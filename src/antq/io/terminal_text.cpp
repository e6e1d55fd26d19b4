#include "antq/io/terminal_text.hpp"

#include <fmt/format.h>

namespace antq::detail {

namespace {

bool is_c0_or_del(unsigned char c) noexcept {
    return (c < 0x20 && c != '\n') || c == 0x7F;
}

// A C1 control in UTF-8 is 0xC2 followed by 0x80..0x9F.
bool is_c1_at(std::string_view text, std::size_t i) noexcept {
    return static_cast<unsigned char>(text[i]) == 0xC2 && i + 1 < text.size() &&
           static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
           static_cast<unsigned char>(text[i + 1]) <= 0x9F;
}

}  // namespace

bool has_controls(std::string_view text) noexcept {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (is_c0_or_del(static_cast<unsigned char>(text[i])) || is_c1_at(text, i)) {
            return true;
        }
    }
    return false;
}

std::string escape_controls(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (is_c0_or_del(c)) {
            out += fmt::format("\\x{:02x}", c);
        } else if (is_c1_at(text, i)) {
            out += fmt::format("\\u00{:02x}", static_cast<unsigned char>(text[i + 1]));
            ++i;
        } else {
            out += text[i];
        }
    }
    return out;
}

}  // namespace antq::detail
