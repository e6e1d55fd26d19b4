#pragma once

// Why a subject is not eligible, as the results store it. The pipeline writes the message
// and the explanations read it back to word it in Vietnamese: both go through here, so the
// two cannot drift apart.

#include <antq/period.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace antq::detail::evaluation {

/// Why a subject is left out of a period.
struct ineligibility {
    enum class reason : std::uint8_t {
        too_short,    ///< ran `active` days (or months) of `period`, fewer than `required`
        ended,        ///< a model that stopped on `on`, before `period` began
        not_founded,  ///< a model founded on `on`, after `period` ended
    };
    long active = 0;
    long required = 0;
    bool months = false;
    std::string period;
    reason why = reason::too_short;
    std::optional<date> on;  ///< the end or founding date (ended, not_founded)

    ineligibility() = default;
    /// A subject that ran too short a part of the period.
    ineligibility(long active_days_or_months, long required_days_or_months, bool in_months,
                  std::string period_text)
        : active(active_days_or_months),
          required(required_days_or_months),
          months(in_months),
          period(std::move(period_text)) {}

    friend bool operator==(const ineligibility&, const ineligibility&) = default;
};

/// The stored message: "active 4 months in period 2024, fewer than the 9 required",
/// "ended on 2024-12-20, before period 2025", "founded on 2026-03-01, after period 2025".
[[nodiscard]] std::string to_message(const ineligibility& i);

/// The reverse of `to_message`; nothing for any other message.
[[nodiscard]] std::optional<ineligibility> read_ineligibility(std::string_view message);

/// The reason in Vietnamese ("mới hoạt động 4 tháng trong kỳ 2024, cần ít nhất 9 tháng",
/// "đã dừng hoạt động từ 20/12/2024 (trước kỳ 2025)", "thành lập sau kỳ đánh giá 2025
/// (ngày 01/03/2026)").
[[nodiscard]] std::string to_vietnamese(const ineligibility& i);

}  // namespace antq::detail::evaluation
