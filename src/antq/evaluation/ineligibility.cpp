#include "antq/evaluation/ineligibility.hpp"

#include "antq/io/text_scan.hpp"

#include <fmt/format.h>

#include <charconv>
#include <system_error>

namespace antq::detail::evaluation {

namespace {

constexpr std::string_view days_in = " days in period ";
constexpr std::string_view months_in = " months in period ";
constexpr std::string_view fewer_than = ", fewer than the ";
constexpr std::string_view ended_on = "ended on ";
constexpr std::string_view before_period = ", before period ";
constexpr std::string_view founded_on = "founded on ";
constexpr std::string_view after_period = ", after period ";

/// Reads an unsigned number at the front of `text` and drops it; nothing when there is none.
std::optional<long> take_number(std::string_view& text) {
    long n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || n < 0) {
        return std::nullopt;
    }
    text.remove_prefix(static_cast<std::size_t>(end - text.data()));
    return n;
}

// "ended on 2024-12-20, before period 2025" and its founding twin.
std::optional<ineligibility> read_life(std::string_view text, ineligibility::reason why,
                                       std::string_view lead, std::string_view middle) {
    if (!take_prefix(text, lead)) {
        return std::nullopt;
    }
    const std::size_t comma = text.find(middle);
    if (comma == std::string_view::npos) {
        return std::nullopt;
    }
    const auto on = try_parse_date(text.substr(0, comma));
    if (!on) {
        return std::nullopt;
    }
    ineligibility out;
    out.why = why;
    out.on = on;
    out.period = std::string(text.substr(comma + middle.size()));
    return out;
}

// dd/mm/yyyy, as Vietnamese text writes dates.
std::string day_first(date d) {
    return fmt::format("{:02}/{:02}/{}", static_cast<int>(d.day()), static_cast<int>(d.month()),
                       static_cast<int>(d.year()));
}

}  // namespace

std::string to_message(const ineligibility& i) {
    if (i.why == ineligibility::reason::ended && i.on) {
        return fmt::format("{}{}{}{}", ended_on, format_date(*i.on), before_period, i.period);
    }
    if (i.why == ineligibility::reason::not_founded && i.on) {
        return fmt::format("{}{}{}{}", founded_on, format_date(*i.on), after_period, i.period);
    }
    return fmt::format("active {}{}{}{}{} required", i.active, i.months ? months_in : days_in,
                       i.period, fewer_than, i.required);
}

std::optional<ineligibility> read_ineligibility(std::string_view message) {
    if (auto ended = read_life(message, ineligibility::reason::ended, ended_on, before_period)) {
        return ended;
    }
    if (auto founded =
            read_life(message, ineligibility::reason::not_founded, founded_on, after_period)) {
        return founded;
    }
    ineligibility out;
    std::string_view rest = message;
    if (!take_prefix(rest, "active ")) {
        return std::nullopt;
    }
    const auto active = take_number(rest);
    if (!active) {
        return std::nullopt;
    }
    out.active = *active;
    if (take_prefix(rest, months_in)) {
        out.months = true;
    } else if (!take_prefix(rest, days_in)) {
        return std::nullopt;
    }
    const std::size_t comma = rest.find(fewer_than);
    if (comma == std::string_view::npos) {
        return std::nullopt;
    }
    out.period = std::string(rest.substr(0, comma));
    rest.remove_prefix(comma + fewer_than.size());
    const auto required = take_number(rest);
    if (!required || rest != " required") {
        return std::nullopt;
    }
    out.required = *required;
    return out;
}

std::string to_vietnamese(const ineligibility& i) {
    if (i.why == ineligibility::reason::ended && i.on) {
        return fmt::format("đã dừng hoạt động từ {} (trước kỳ {})", day_first(*i.on), i.period);
    }
    if (i.why == ineligibility::reason::not_founded && i.on) {
        return fmt::format("thành lập sau kỳ đánh giá {} (ngày {})", i.period, day_first(*i.on));
    }
    const std::string_view unit = i.months ? "tháng" : "ngày";
    return fmt::format("mới hoạt động {} {} trong kỳ {}, cần ít nhất {} {}", i.active, unit,
                       i.period, i.required, unit);
}

}  // namespace antq::detail::evaluation
