#pragma once

// The subjects without a result that roll-ups met (docs/rulebooks.md, "Sources without a
// result"), as the results store it: the message of an `incomplete` subject, or the note on
// an evaluated one whose roll-up skipped them or counted them as failing. The pipeline
// writes the message and the explanations read it back to word it in Vietnamese: both go
// through here, so the two cannot drift apart.

#include <antq/language.hpp>
#include <antq/result.hpp>
#include <antq/rulebook.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace antq::detail::evaluation {

/// One subject of another rulebook that has no result.
struct missing_source {
    std::string subject;                          ///< its id
    std::string name;                             ///< its name, may be empty
    std::string rulebook;                         ///< the rulebook it has no result in
    result_status status = result_status::error;  ///< `error` or `incomplete`
    std::string problem;  ///< its own message (one line), empty for `incomplete`

    friend bool operator==(const missing_source&, const missing_source&) = default;
};

/// What one subject's roll-ups met.
struct incompleteness {
    rollup_error_policy policy = rollup_error_policy::incomplete;
    std::vector<std::string> rollups;     ///< the roll-ups that met them, as declared
    std::vector<missing_source> sources;  ///< the first `shown_sources` of them
    std::size_t count = 0;                ///< all of them (at least `sources.size()`)

    friend bool operator==(const incompleteness&, const incompleteness&) = default;
};

/// Sources named in one message; the rest are counted ("and 7 more"), so that a province
/// over a thousand broken villages does not carry a thousand messages.
inline constexpr std::size_t shown_sources = 5;

/// A source as messages show it: texts made one line ("; " and " |" would read as
/// separators); the problem only for `error`.
[[nodiscard]] missing_source make_source(std::string_view subject, std::string_view name,
                                         std::string_view rulebook, result_status status,
                                         std::string_view problem);

/// The stored message, for example "no verdict: roll-up 'villages_registered' met 1
/// subject without a result: 'v3' (Thôn Ba) of 'villages' is error: missing indicator
/// 'incidents' for subject 'v3' in period 2024".
[[nodiscard]] std::string to_message(const incompleteness& i);

/// The reverse of `to_message`; nothing for any other message.
[[nodiscard]] std::optional<incompleteness> read_incompleteness(std::string_view message);

/// The note of an evaluated subject: one `to_message` per policy (skip, then fail), joined
/// by " | ".
[[nodiscard]] std::string to_message(const std::vector<incompleteness>& notes);

/// The reverse; empty for any other message.
[[nodiscard]] std::vector<incompleteness> read_notes(std::string_view message);

/// `i` in one line, in `lang` (English: `to_message`).
[[nodiscard]] std::string to_line(const incompleteness& i, language lang);

/// `i` as a short paragraph for explanations: what was withheld (or skipped, or counted as
/// failing), then one line per source with its problem, then what to do.
[[nodiscard]] std::string to_paragraph(const incompleteness& i, language lang);

}  // namespace antq::detail::evaluation
