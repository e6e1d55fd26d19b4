#pragma once

// Joining words into one text for messages and reports ("a, b, c").

#include <string>
#include <string_view>

namespace antq::detail {

/// The items of `items` (anything convertible to `std::string_view`) one after another, with
/// `separator` before each but when nothing is written yet: empty items at the start leave no
/// separator behind. Empty for no items.
template <class Items>
[[nodiscard]] std::string join(const Items& items, std::string_view separator = ", ") {
    std::string text;
    for (const auto& item : items) {
        if (!text.empty()) {
            text += separator;
        }
        text += std::string_view(item);
    }
    return text;
}

}  // namespace antq::detail
