#pragma once

// Text meant for a terminal (the results table, explanations): labels and names come from
// rulebooks and datasets, so an escape character in them could move the cursor, rewrite
// what was printed or retitle the window. Such characters are shown, not obeyed.

#include <string>
#include <string_view>

namespace antq::detail {

/// Whether `text` holds a character `escape_controls` rewrites.
[[nodiscard]] bool has_controls(std::string_view text) noexcept;

/// `text` with each C0 control character but the line break (ESC, CR, TAB, BEL...), DEL
/// and each C1 control (U+0080 to U+009F) written visibly as `\xHH` or `\u00HH`.
[[nodiscard]] std::string escape_controls(std::string_view text);

}  // namespace antq::detail
