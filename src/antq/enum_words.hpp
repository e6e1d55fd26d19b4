#pragma once

// Enums read from words and written as words through one explicit table per enum, so that
// the word of each value is stated next to the value (never taken from a word's position
// in a list, which a reordered enum or list would silently change), and the reader, the
// writer and the messages that list the allowed words all use the same table.

#include <algorithm>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace antq::detail {

template <typename Enum>
struct enum_word {
    Enum value;
    std::string_view word;
};

/// The word of `value` in `table`; empty when the table lacks it.
template <typename Enum>
[[nodiscard]] constexpr std::string_view word_of(std::span<const enum_word<Enum>> table,
                                                 Enum value) noexcept {
    const auto found = std::find_if(table.begin(), table.end(),
                                    [value](const enum_word<Enum>& e) { return e.value == value; });
    return found == table.end() ? std::string_view{} : found->word;
}

/// The value whose word is `word`, compared byte by byte.
template <typename Enum>
[[nodiscard]] constexpr std::optional<Enum> value_of(std::span<const enum_word<Enum>> table,
                                                     std::string_view word) noexcept {
    const auto found = std::find_if(table.begin(), table.end(),
                                    [word](const enum_word<Enum>& e) { return e.word == word; });
    return found == table.end() ? std::nullopt : std::optional<Enum>(found->value);
}

/// The words of `table` in its order, separated by ", ": what a message lists as allowed.
template <typename Enum>
[[nodiscard]] std::string words_of(std::span<const enum_word<Enum>> table) {
    std::string text;
    for (const enum_word<Enum>& e : table) {
        if (!text.empty()) {
            text += ", ";
        }
        text += e.word;
    }
    return text;
}

}  // namespace antq::detail
