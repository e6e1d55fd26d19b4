// The report's charts (src/antq/toolkit/report_charts.hpp) drawn from given numbers: the
// length of each tier's bar, the bins and heights of the score histogram with its labels in
// either language, and the points of a trend line.

#include "antq/toolkit/report_charts.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace antq::detail {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

std::size_t occurrences(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos;
         at = text.find(what, at + what.size())) {
        ++n;
    }
    return n;
}

TEST(tier_chart, draws_each_bar_as_its_share_of_the_largest_count) {
    const std::vector<std::string> labels{"Hiệu quả", "Trung bình", "Kém <1>"};
    const std::vector<std::size_t> counts{5, 1, 2};
    const std::string svg = tier_chart("Tiers: patrol", labels, counts);
    EXPECT_TRUE(svg.starts_with("<svg class=\"tier-chart\""));
    EXPECT_TRUE(svg.ends_with("</svg>\n"));
    // Three rows of 30 and a margin of 10.
    EXPECT_THAT(svg, HasSubstr("height=\"100\" viewBox=\"0 0 640 100\""));
    EXPECT_THAT(svg, HasSubstr("aria-label=\"Tiers: patrol\"><title>Tiers: patrol</title>"));
    // The largest count fills 340 units; the others in proportion, the count after the bar.
    EXPECT_THAT(svg, HasSubstr("<rect x=\"220\" y=\"7\" width=\"340.0\" height=\"22\" "
                               "fill=\"hsl(120,55%,42%)\"/><text x=\"566.0\" y=\"23\" "
                               "font-size=\"13\">5</text>"));
    EXPECT_THAT(svg, HasSubstr("<rect x=\"220\" y=\"37\" width=\"68.0\" height=\"22\" "
                               "fill=\"hsl(60,55%,42%)\"/>"));
    EXPECT_THAT(svg, HasSubstr("<rect x=\"220\" y=\"67\" width=\"136.0\" height=\"22\" "
                               "fill=\"hsl(0,55%,42%)\"/>"));
    EXPECT_THAT(svg, HasSubstr(">Kém &lt;1&gt;</text>"));
    EXPECT_EQ(occurrences(svg, "<rect "), 3U);
}

TEST(tier_chart, draws_empty_bars_when_nothing_was_counted_and_nothing_without_tiers) {
    const std::vector<std::string> labels{"Đạt", "Chưa đạt"};
    const std::vector<std::size_t> counts{0, 0};
    const std::string svg = tier_chart("t", labels, counts);
    EXPECT_EQ(occurrences(svg, "width=\"0.0\""), 2U);
    EXPECT_EQ(tier_chart("t", {}, {}), "");
}

TEST(score_bins, puts_each_score_in_its_tenth_of_the_scale) {
    const std::vector<double> scores{0, 9.99, 10, 55, 99.9, 100, 120, -3};
    // 100 and above in the last bin, below 0 in the first.
    EXPECT_THAT(score_bins(scores, 100), ElementsAre(3, 1, 0, 0, 0, 1, 0, 0, 0, 3));
    EXPECT_THAT(score_bins({}, 100), ElementsAre(0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
}

TEST(score_histogram, draws_each_bin_as_its_share_of_the_fullest) {
    const std::vector<std::size_t> counts{4, 2, 0, 0, 0, 0, 0, 0, 0, 1};
    const std::string svg = score_histogram("Scores: patrol", counts, 100, "Score", language::en);
    EXPECT_EQ(occurrences(svg, "<rect "), 10U);
    // The fullest bin is 160 tall from the axis at 190, its count above it.
    EXPECT_THAT(svg, HasSubstr("<rect x=\"42.0\" y=\"30.0\" width=\"54.0\" height=\"160.0\" "
                               "fill=\"#1565c0\"/><text x=\"69.0\" y=\"26.0\" "
                               "text-anchor=\"middle\" font-size=\"12\">4</text>"));
    // Whole numbers under a scale of 100; the axis named in the words given.
    for (const std::string part :
         {"<rect x=\"100.0\" y=\"110.0\" width=\"54.0\" height=\"80.0\"",
          "<rect x=\"158.0\" y=\"190.0\" width=\"54.0\" height=\"0.0\"",
          "<rect x=\"564.0\" y=\"150.0\" width=\"54.0\" height=\"40.0\"", ">0–10</text>",
          ">90–100</text>", "font-size=\"12\">Score</text>\n</svg>\n"}) {
        EXPECT_THAT(svg, HasSubstr(part));
    }
}

TEST(score_histogram, writes_tenths_of_a_small_scale_as_the_language_does) {
    const std::vector<std::size_t> counts(histogram_bins, 1);
    const std::string en = score_histogram("t", counts, 5, "Score", language::en);
    const std::string vi = score_histogram("t", counts, 5, "Điểm", language::vi);
    for (const std::string part : {">0.0–0.5</text>", ">4.5–5.0</text>"}) {
        EXPECT_THAT(en, HasSubstr(part));
    }
    for (const std::string part : {">0,0–0,5</text>", ">4,5–5,0</text>"}) {
        EXPECT_THAT(vi, HasSubstr(part));
    }
    EXPECT_THAT(vi, Not(HasSubstr("0.5")));
    // Equal counts: every column full height.
    EXPECT_EQ(occurrences(en, "height=\"160.0\""), histogram_bins);
}

TEST(trend_chart, joins_the_scores_of_the_periods_on_a_shared_scale) {
    const std::vector<std::pair<std::size_t, double>> points{{0, 0}, {2, 100}};
    const std::string svg =
        trend_chart("Scores over the years: 2022 0.00; 2024 100.00", points, 3, 100);
    EXPECT_TRUE(svg.starts_with("<svg class=\"trend\" width=\"132\" height=\"30\""));
    EXPECT_THAT(svg, HasSubstr("aria-label=\"Scores over the years: 2022 0.00; 2024 100.00\""));
    // Three periods across 124 units from x = 4; 0..100 from y = 26 up to y = 4.
    for (const std::string part :
         {"<polyline points=\"4.0,26.0 128.0,4.0\"", "<circle cx=\"4.0\" cy=\"26.0\" r=\"2\"",
          "<circle cx=\"128.0\" cy=\"4.0\" r=\"2\"",
          "<line x1=\"4.0\" y1=\"26.0\" x2=\"128.0\" y2=\"26.0\""}) {
        EXPECT_THAT(svg, HasSubstr(part));
    }
}

TEST(trend_chart, draws_one_score_as_a_dot_and_no_score_as_nothing) {
    const std::vector<std::pair<std::size_t, double>> one{{1, 50}};
    const std::string svg = trend_chart("a <b>", one, 4, 100);
    EXPECT_THAT(svg, Not(HasSubstr("<polyline")));
    EXPECT_EQ(occurrences(svg, "<circle "), 1U);
    EXPECT_THAT(svg, HasSubstr("aria-label=\"a &lt;b&gt;\""));
    EXPECT_EQ(trend_chart("x", {}, 4, 100), "");
}

}  // namespace
}  // namespace antq::detail
