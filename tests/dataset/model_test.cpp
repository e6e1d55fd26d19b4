#include <antq/model.hpp>

#include <gtest/gtest.h>

namespace antq {
namespace {

model running(std::optional<date> established, std::optional<date> ended = std::nullopt) {
    model m;
    m.id = "m1";
    m.established = established;
    m.ended = ended;
    return m;
}

const period year_2024{date(2024, 1, 1), date(2024, 12, 31), period::kind::year};

TEST(days_active, running_the_whole_period) {
    EXPECT_EQ(days_active(running(date(2020, 5, 1)), year_2024), 366);
    EXPECT_EQ(days_active(running(date(2024, 1, 1)), year_2024), 366);
}

TEST(days_active, unknown_start_counts_from_the_periods_first_day) {
    EXPECT_EQ(days_active(running(std::nullopt), year_2024), 366);
    EXPECT_EQ(days_active(running(std::nullopt, date(2024, 1, 31)), year_2024), 31);
}

TEST(days_active, started_during_the_period) {
    EXPECT_EQ(days_active(running(date(2024, 12, 31)), year_2024), 1);
    EXPECT_EQ(days_active(running(date(2024, 7, 1)), year_2024), 184);
}

TEST(days_active, ended_during_the_period_counts_the_last_day) {
    EXPECT_EQ(days_active(running(date(2020, 1, 1), date(2024, 1, 1)), year_2024), 1);
    EXPECT_EQ(days_active(running(date(2024, 3, 1), date(2024, 3, 1)), year_2024), 1);
    EXPECT_EQ(days_active(running(date(2024, 2, 1), date(2024, 2, 29)), year_2024), 29);
}

TEST(days_active, outside_the_period_is_zero) {
    EXPECT_EQ(days_active(running(date(2025, 1, 1)), year_2024), 0);
    EXPECT_EQ(days_active(running(date(2020, 1, 1), date(2023, 12, 31)), year_2024), 0);
}

TEST(days_active, years_starting_in_november) {
    const period p = period::parse("2024", year_start{11, 16});
    EXPECT_EQ(days_active(running(date(2024, 11, 15)), p), 1);
    EXPECT_EQ(days_active(running(date(2024, 11, 16)), p), 0);
    EXPECT_EQ(days_active(running(std::nullopt, date(2023, 11, 16)), p), 1);
}

}  // namespace
}  // namespace antq
