#pragma once

// Why a subject is not eligible, as the results store it. The pipeline writes the message
// and the explanations read it back to word it in Vietnamese: both go through here, so the
// two cannot drift apart.

#include <optional>
#include <string>
#include <string_view>

namespace antq::detail::evaluation {

/// A subject ran `active` days (or months) of `period`, fewer than the `required` ones.
struct ineligibility {
    long active = 0;
    long required = 0;
    bool months = false;
    std::string period;

    friend bool operator==(const ineligibility&, const ineligibility&) = default;
};

/// The stored message: "active 4 months in period 2024, fewer than the 9 required".
[[nodiscard]] std::string to_message(const ineligibility& i);

/// The reverse of `to_message`; nothing for any other message.
[[nodiscard]] std::optional<ineligibility> read_ineligibility(std::string_view message);

}  // namespace antq::detail::evaluation
