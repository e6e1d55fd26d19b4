#include <antq/error.hpp>
#include <antq/period.hpp>

#include <gtest/gtest.h>

using antq::period;
using antq::year_start;

namespace {
antq::date d(int y, int m, int day) {
    return {static_cast<unsigned short>(y), static_cast<unsigned short>(m),
            static_cast<unsigned short>(day)};
}
}  // namespace

TEST(year_start, reads_month_day_and_calendar_year) {
    EXPECT_EQ(year_start::parse("11-16"), (year_start{11, 16}));
    EXPECT_EQ(year_start::parse("calendar-year"), (year_start{1, 1}));
    EXPECT_EQ(year_start::parse("01-01").to_string(), "01-01");
    EXPECT_THROW((void)year_start::parse("13-01"), antq::usage_error);
    EXPECT_THROW((void)year_start::parse("02-29"), antq::usage_error);
    EXPECT_THROW((void)year_start::parse("11/16"), antq::usage_error);
}

TEST(period, bare_year_ends_in_that_year_under_the_rulebook_start) {
    const auto communes = period::parse("2024", year_start{11, 16});
    EXPECT_EQ(communes.first(), d(2023, 11, 16));
    EXPECT_EQ(communes.last(), d(2024, 11, 15));
    const auto villages = period::parse("2024", year_start{11, 1});
    EXPECT_EQ(villages.to_string(), "2023-11-01/2024-10-31");
    const auto calendar = period::parse("2024");
    EXPECT_EQ(calendar.to_string(), "2024-01-01/2024-12-31");
    EXPECT_EQ(calendar.days(), 366);
}

TEST(period, quarters_months_and_ranges) {
    EXPECT_EQ(period::parse("2024-Q3").to_string(), "2024-07-01/2024-09-30");
    EXPECT_EQ(period::parse("2024-02").to_string(), "2024-02-01/2024-02-29");
    EXPECT_EQ(period::parse("2023-11-16/2024-11-15").to_string(), "2023-11-16/2024-11-15");
    EXPECT_EQ(period::parse("16/11/2023..15/11/2024").to_string(), "2023-11-16/2024-11-15");
}

TEST(period, rejects_what_it_cannot_read_with_the_text_named) {
    for (const char* bad : {"", "24", "2024-Q5", "2024-13", "2024-11-15/2023-11-16", "abcd",
                            "2024-1", "2023-11-16/", "2024-02-30/2024-03-01"}) {
        try {
            (void)period::parse(bad);
            ADD_FAILURE() << "accepted '" << bad << "'";
        } catch (const antq::usage_error& e) {
            EXPECT_NE(std::string(e.what()).find(std::string("'") + bad + "'"), std::string::npos)
                << e.what();
        }
    }
}

TEST(period, previous_is_the_period_of_the_same_kind_before) {
    EXPECT_EQ(period::parse("2024", year_start{11, 16}).previous().to_string(),
              "2022-11-16/2023-11-15");
    EXPECT_EQ(period::parse("2024-Q1").previous().to_string(), "2023-10-01/2023-12-31");
    EXPECT_EQ(period::parse("2024-03").previous().to_string(), "2024-02-01/2024-02-29");
    EXPECT_EQ(period::parse("2024-01-11/2024-01-20").previous().to_string(),
              "2024-01-01/2024-01-10");
}

TEST(dates, iso_and_day_first) {
    EXPECT_EQ(antq::parse_date("2024-12-14"), d(2024, 12, 14));
    EXPECT_EQ(antq::parse_date("14/12/2024"), d(2024, 12, 14));
    EXPECT_EQ(antq::parse_date("5/3/2024"), d(2024, 3, 5));
    EXPECT_EQ(antq::format_date(d(2022, 2, 10)), "2022-02-10");
    EXPECT_EQ(antq::format_date(d(1400, 1, 1)), "1400-01-01");
    EXPECT_EQ(antq::format_date(d(9999, 12, 31)), "9999-12-31");
    EXPECT_EQ(antq::format_date(antq::date()), "not-a-date");
    EXPECT_FALSE(antq::try_parse_date("2024-02-30"));
    EXPECT_FALSE(antq::try_parse_date("31/04/2024"));
    EXPECT_FALSE(antq::try_parse_date("2024/12/14"));
    EXPECT_THROW((void)antq::parse_date("hôm qua"), antq::usage_error);
}
