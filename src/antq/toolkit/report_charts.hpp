#pragma once

// The charts of the HTML report (antq/report.hpp), as inline SVG text: given numbers and the
// words to label them with, each returns the `<svg>` element, every text in it escaped. The
// page decides what to count and in which language; the charts only draw.

#include <antq/language.hpp>

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace antq::detail {

/// A horizontal bar per tier (top first, in the tier's colour), as long as its share of the
/// largest count, with the tier's label before it and its count after it. `labels` and
/// `counts` are of the same size; "" when there are no tiers. `title` is the chart's
/// accessible name.
[[nodiscard]] std::string tier_chart(std::string_view title, std::span<const std::string> labels,
                                     std::span<const std::size_t> counts);

/// The number of bins of a score histogram.
inline constexpr std::size_t histogram_bins = 10;

/// How many of `scores` fall in each tenth of 0..`top` (a score at or above `top` in the last,
/// one below 0 in the first). `top` must be above 0.
[[nodiscard]] std::vector<std::size_t> score_bins(std::span<const double> scores, double top);

/// A column per bin of `counts` (from `score_bins`), as tall as its share of the largest,
/// with its count above it and its range of scores under it (decimals in `lang`), and
/// `axis` under the axis. `title` is the chart's accessible name.
[[nodiscard]] std::string score_histogram(std::string_view title,
                                          std::span<const std::size_t> counts, double top,
                                          std::string_view axis, language lang);

/// A small line of scores over `periods` periods, for a table cell: `points` are (period,
/// score), in period order, scaled to 0..`top` (above 0); a dot per point, joined by a line
/// when there are two or more. `label` (the scores in words, for readers who do not see the
/// chart) is its accessible name. "" without points.
[[nodiscard]] std::string trend_chart(std::string_view label,
                                      std::span<const std::pair<std::size_t, double>> points,
                                      std::size_t periods, double top);

}  // namespace antq::detail
