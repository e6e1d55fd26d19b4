#pragma once

// Reading a text back from its front, as the readers of antq's own reason texts do
// (incompleteness and ineligibility reasons written into results and read back from them).

#include <string_view>

namespace antq::detail {

/// Drops `prefix` from the front of `text` and says true when `text` starts with it;
/// otherwise leaves `text` as it is and says false.
inline bool take_prefix(std::string_view& text, std::string_view prefix) {
    if (!text.starts_with(prefix)) {
        return false;
    }
    text.remove_prefix(prefix.size());
    return true;
}

}  // namespace antq::detail
