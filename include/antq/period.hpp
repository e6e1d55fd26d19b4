#pragma once

/// \file
/// Periods: closed date ranges, and how the text people write ("2024", "2024-Q3",
/// "2024-05", "2023-11-16/2024-11-15") is read under a rulebook's yearly convention.

#include <antq/export.hpp>

#include <boost/date_time/gregorian/gregorian_types.hpp>

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace antq {

using date = boost::gregorian::date;

/// The day a yearly period starts. `{11, 16}` makes "2024" the range 2023-11-16..2024-11-15;
/// `{1, 1}` is the calendar year.
struct year_start {
    int month = 1;
    int day = 1;

    friend bool operator==(const year_start&, const year_start&) = default;

    /// Reads `"11-16"` or `"calendar-year"`; throws `usage_error` naming the text otherwise.
    [[nodiscard]] ANTQ_EXPORT static year_start parse(std::string_view text);
    [[nodiscard]] ANTQ_EXPORT std::string to_string() const;  // "11-16"
};

/// A closed range of days [first, last], with the label it was read from.
class ANTQ_EXPORT period {
  public:
    enum class kind { year, quarter, month, custom };

    period(date first, date last, kind k = kind::custom);

    [[nodiscard]] date first() const noexcept { return first_; }
    [[nodiscard]] date last() const noexcept { return last_; }
    [[nodiscard]] kind granularity() const noexcept { return kind_; }
    [[nodiscard]] long days() const { return (last_ - first_).days() + 1; }
    [[nodiscard]] bool contains(date d) const { return d >= first_ && d <= last_; }

    /// The period of the same kind just before this one (the year, quarter or month
    /// before; for a custom range, the range of the same length ending the day before).
    [[nodiscard]] period previous() const;

    /// ISO form: "2023-11-16/2024-11-15".
    [[nodiscard]] std::string to_string() const;

    /// Reads "2024" (the yearly period that ends in 2024 under `start`), "2024-Q3",
    /// "2024-05", an ISO range "2023-11-16/2024-11-15", or a range written with two dots
    /// "16/11/2023..15/11/2024" (either date ISO or day-first). Throws `usage_error`
    /// naming the text and what was expected.
    [[nodiscard]] static period parse(std::string_view text, year_start start = {});

    friend bool operator==(const period& a, const period& b) {
        return a.first_ == b.first_ && a.last_ == b.last_;
    }

  private:
    date first_;
    date last_;
    kind kind_;
};

/// Reads an ISO date `2024-12-14` or a day-first date `14/12/2024`; throws `usage_error`.
[[nodiscard]] ANTQ_EXPORT date parse_date(std::string_view text);

/// Like `parse_date`, but returns nullopt instead of throwing.
[[nodiscard]] ANTQ_EXPORT std::optional<date> try_parse_date(std::string_view text) noexcept;

/// ISO form `2024-12-14`.
[[nodiscard]] ANTQ_EXPORT std::string format_date(date d);

}  // namespace antq
