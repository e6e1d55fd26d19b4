#include <antq/period.hpp>

#include <antq/error.hpp>

#include <boost/date_time/gregorian/gregorian.hpp>

#include <charconv>
#include <cstdio>

namespace antq {

namespace {

namespace greg = boost::gregorian;

// Reads exactly `digits` decimal digits; fewer or more is not a match.
std::optional<int> read_fixed(std::string_view text, std::size_t digits) {
    if (text.size() != digits) {
        return std::nullopt;
    }
    int value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc{} || ptr != end) {
        return std::nullopt;
    }
    return value;
}

// One or two digits, as people write days and months by hand ("5/3/2024").
std::optional<int> read_short(std::string_view text) {
    if (text.size() == 1) {
        return read_fixed(text, 1);
    }
    return read_fixed(text, 2);
}

std::optional<date> make_date(int year, int month, int day) noexcept {
    if (year < 1400 || year > 9999 || month < 1 || month > 12 || day < 1) {
        return std::nullopt;
    }
    if (day > greg::gregorian_calendar::end_of_month_day(static_cast<unsigned short>(year),
                                                         static_cast<unsigned short>(month))) {
        return std::nullopt;
    }
    return date(static_cast<unsigned short>(year), static_cast<unsigned short>(month),
                static_cast<unsigned short>(day));
}

[[noreturn]] void fail(std::string_view text, std::string_view expected) {
    throw usage_error("invalid period '" + std::string(text) + "': expected " +
                      std::string(expected));
}

date end_of_month(int year, int month) {
    return date(static_cast<unsigned short>(year), static_cast<unsigned short>(month),
                greg::gregorian_calendar::end_of_month_day(static_cast<unsigned short>(year),
                                                           static_cast<unsigned short>(month)));
}

period yearly(int year, year_start start) {
    if (start.month == 1 && start.day == 1) {
        return {date(static_cast<unsigned short>(year), 1, 1),
                date(static_cast<unsigned short>(year), 12, 31), period::kind::year};
    }
    const auto first = make_date(year - 1, start.month, start.day);
    const auto next = make_date(year, start.month, start.day);
    if (!first || !next) {
        throw usage_error("year " + std::to_string(year) + " is out of range");
    }
    return {*first, *next - greg::days(1), period::kind::year};
}

}  // namespace

year_start year_start::parse(std::string_view text) {
    if (text == "calendar-year") {
        return {1, 1};
    }
    if (text.size() == 5 && text[2] == '-') {
        const auto month = read_fixed(text.substr(0, 2), 2);
        const auto day = read_fixed(text.substr(3, 2), 2);
        // 2001 is not a leap year, so "02-29" is refused: a year must start every year.
        if (month && day && make_date(2001, *month, *day)) {
            return {*month, *day};
        }
    }
    throw usage_error("invalid year start '" + std::string(text) +
                      "': expected \"MM-DD\" (e.g. \"11-16\") or \"calendar-year\"");
}

std::string year_start::to_string() const {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "%02d-%02d", month, day);
    return buffer;
}

period::period(date first, date last, kind k) : first_(first), last_(last), kind_(k) {
    if (first.is_special() || last.is_special()) {
        throw usage_error("a period needs two real dates");
    }
    if (last < first) {
        throw usage_error("a period cannot end (" + format_date(last) + ") before it starts (" +
                          format_date(first) + ")");
    }
}

period period::previous() const {
    switch (kind_) {
        case kind::year: {
            const date first = first_ - greg::years(1);
            return {first, first_ - greg::days(1), kind::year};
        }
        case kind::quarter: {
            const date first = first_ - greg::months(3);
            return {first, first_ - greg::days(1), kind::quarter};
        }
        case kind::month: {
            const date first = first_ - greg::months(1);
            return {first, first_ - greg::days(1), kind::month};
        }
        case kind::custom:
            break;
    }
    const auto length = greg::days(days());
    return {first_ - length, first_ - greg::days(1), kind::custom};
}

std::string period::to_string() const {
    return format_date(first_) + "/" + format_date(last_);
}

period period::parse(std::string_view text, year_start start) {
    constexpr std::string_view expected =
        "a year \"2024\", a quarter \"2024-Q3\", a month \"2024-05\" or a range "
        "\"2023-11-16/2024-11-15\"";
    if (const auto year = read_fixed(text, 4)) {
        if (*year < 1401) {
            fail(text, expected);
        }
        return yearly(*year, start);
    }
    if (text.size() == 7 && text[4] == '-') {
        const auto year = read_fixed(text.substr(0, 4), 4);
        if (year && *year >= 1400 && (text[5] == 'Q' || text[5] == 'q')) {
            const auto quarter = read_fixed(text.substr(6, 1), 1);
            if (quarter && *quarter >= 1 && *quarter <= 4) {
                const int month = (*quarter - 1) * 3 + 1;
                return {
                    date(static_cast<unsigned short>(*year), static_cast<unsigned short>(month), 1),
                    end_of_month(*year, month + 2), kind::quarter};
            }
        }
        const auto month = read_fixed(text.substr(5, 2), 2);
        if (year && *year >= 1400 && month && *month >= 1 && *month <= 12) {
            return {
                date(static_cast<unsigned short>(*year), static_cast<unsigned short>(*month), 1),
                end_of_month(*year, *month), kind::month};
        }
        fail(text, expected);
    }
    std::string_view from;
    std::string_view to;
    if (const auto dots = text.find(".."); dots != std::string_view::npos) {
        from = text.substr(0, dots);
        to = text.substr(dots + 2);
    } else if (const auto slash = text.find('/'); slash == 10) {
        from = text.substr(0, slash);
        to = text.substr(slash + 1);
    } else {
        fail(text, expected);
    }
    const auto first = try_parse_date(from);
    const auto last = try_parse_date(to);
    if (!first || !last) {
        fail(text, expected);
    }
    if (*last < *first) {
        fail(text, "a range whose end is not before its start");
    }
    return {*first, *last, kind::custom};
}

std::optional<date> try_parse_date(std::string_view text) noexcept {
    if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
        const auto year = read_fixed(text.substr(0, 4), 4);
        const auto month = read_fixed(text.substr(5, 2), 2);
        const auto day = read_fixed(text.substr(8, 2), 2);
        if (year && month && day) {
            return make_date(*year, *month, *day);
        }
        return std::nullopt;
    }
    // Day first, as Vietnamese documents write dates: 14/12/2024.
    const auto first_slash = text.find('/');
    if (first_slash == std::string_view::npos) {
        return std::nullopt;
    }
    const auto second_slash = text.find('/', first_slash + 1);
    if (second_slash == std::string_view::npos) {
        return std::nullopt;
    }
    const auto day = read_short(text.substr(0, first_slash));
    const auto month = read_short(text.substr(first_slash + 1, second_slash - first_slash - 1));
    const auto year = read_fixed(text.substr(second_slash + 1), 4);
    if (day && month && year) {
        return make_date(*year, *month, *day);
    }
    return std::nullopt;
}

date parse_date(std::string_view text) {
    if (const auto d = try_parse_date(text)) {
        return *d;
    }
    throw usage_error("invalid date '" + std::string(text) +
                      "': expected an ISO date \"2024-12-14\" or day first \"14/12/2024\"");
}

std::string format_date(date d) {
    if (d.is_special()) {
        return "not-a-date";
    }
    // Boost's to_iso_extended_string goes through a string stream and its locale, which
    // costs more than the rest of hashing a million models: Boost's dates have four-digit
    // years (1400..9999), so the text is always ten characters.
    const auto ymd = d.year_month_day();
    std::string text = "0000-00-00";
    const auto put = [&text](std::size_t end, unsigned value, std::size_t digits) {
        for (std::size_t k = 0; k < digits; ++k, value /= 10) {
            text[end - k] = static_cast<char>('0' + value % 10);
        }
    };
    put(3, static_cast<unsigned>(ymd.year), 4);
    put(6, static_cast<unsigned>(ymd.month), 2);
    put(9, static_cast<unsigned>(ymd.day), 2);
    return text;
}

}  // namespace antq
