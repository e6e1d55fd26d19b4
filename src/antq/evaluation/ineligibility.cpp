#include "antq/evaluation/ineligibility.hpp"

#include <fmt/format.h>

#include <charconv>
#include <system_error>

namespace antq::detail::evaluation {

namespace {

constexpr std::string_view days_in = " days in period ";
constexpr std::string_view months_in = " months in period ";
constexpr std::string_view fewer_than = ", fewer than the ";

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

bool take(std::string_view& text, std::string_view prefix) {
    if (!text.starts_with(prefix)) {
        return false;
    }
    text.remove_prefix(prefix.size());
    return true;
}

}  // namespace

std::string to_message(const ineligibility& i) {
    return fmt::format("active {}{}{}{}{} required", i.active, i.months ? months_in : days_in,
                       i.period, fewer_than, i.required);
}

std::optional<ineligibility> read_ineligibility(std::string_view message) {
    ineligibility out;
    std::string_view rest = message;
    if (!take(rest, "active ")) {
        return std::nullopt;
    }
    const auto active = take_number(rest);
    if (!active) {
        return std::nullopt;
    }
    out.active = *active;
    if (take(rest, months_in)) {
        out.months = true;
    } else if (!take(rest, days_in)) {
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

}  // namespace antq::detail::evaluation
