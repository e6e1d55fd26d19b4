#pragma once

// A rulebook or data text with one piece changed, as tests derive a variant of a shipped or
// test file.

#include <stdexcept>
#include <string>
#include <string_view>

namespace antq::test_support {

/// `text` with its first `from` replaced by `to`. Throws when `text` has no `from`, so that a
/// test whose source file changed fails instead of testing the unchanged text.
inline std::string replaced(std::string text, std::string_view from, std::string_view to) {
    const auto at = text.find(from);
    if (at == std::string::npos) {
        throw std::runtime_error("not found in the text: " + std::string(from));
    }
    return text.replace(at, from.size(), to);
}

}  // namespace antq::test_support
