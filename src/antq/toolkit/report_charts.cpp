#include "antq/toolkit/report_charts.hpp"

#include "antq/toolkit/html_page.hpp"

#include <antq/labels.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace antq::detail {

std::string tier_chart(std::string_view title, std::span<const std::string> labels,
                       std::span<const std::size_t> counts) {
    if (labels.empty()) {
        return {};
    }
    const std::size_t top =
        std::max<std::size_t>(1, *std::max_element(counts.begin(), counts.end()));
    const int row_height = 30;
    const int height = static_cast<int>(labels.size()) * row_height + 10;
    html_page p;
    p.raw(
        fmt::format("<svg class=\"tier-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" "
                    "height=\"{0}\" viewBox=\"0 0 640 {0}\" role=\"img\" aria-label=\"",
                    height));
    p.text(title);
    p.raw("\"><title>");
    p.text(title);
    p.raw("</title>\n");
    for (std::size_t t = 0; t < labels.size(); ++t) {
        const int y = 5 + static_cast<int>(t) * row_height;
        const double width = 340.0 * static_cast<double>(counts[t]) / static_cast<double>(top);
        p.raw(
            fmt::format("<text x=\"210\" y=\"{}\" text-anchor=\"end\" font-size=\"13\">", y + 18));
        p.text(labels[t]);
        p.raw(fmt::format(
            "</text><rect x=\"220\" y=\"{}\" width=\"{:.1f}\" height=\"22\" fill=\"{}\"/>"
            "<text x=\"{:.1f}\" y=\"{}\" font-size=\"13\">{}</text>\n",
            y + 2, width, tier_color(t, labels.size()), 226 + width, y + 18, counts[t]));
    }
    p.raw("</svg>\n");
    return p.take();
}

std::vector<std::size_t> score_bins(std::span<const double> scores, double top) {
    std::vector<std::size_t> counts(histogram_bins, 0);
    for (const double score : scores) {
        const double position = std::clamp(score / top, 0.0, 1.0);
        ++counts[std::min(histogram_bins - 1, static_cast<std::size_t>(position * histogram_bins))];
    }
    return counts;
}

std::string score_histogram(std::string_view title, std::span<const std::size_t> counts, double top,
                            std::string_view axis, language lang) {
    const std::size_t most =
        std::max<std::size_t>(1, *std::max_element(counts.begin(), counts.end()));
    const auto bins = static_cast<double>(counts.size());
    html_page p;
    p.raw(
        "<svg class=\"score-histogram\" xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" "
        "height=\"230\" viewBox=\"0 0 640 230\" role=\"img\" aria-label=\"");
    p.text(title);
    p.raw("\"><title>");
    p.text(title);
    p.raw("</title>\n<line x1=\"40\" y1=\"190\" x2=\"620\" y2=\"190\" stroke=\"#444\"/>\n");
    const double bar = 58;
    // Whole numbers for a scale of 100, tenths for a checklist of a few points.
    const int label_digits = top >= 20 ? 0 : 1;
    for (std::size_t b = 0; b < counts.size(); ++b) {
        const double height = 160.0 * static_cast<double>(counts[b]) / static_cast<double>(most);
        const double x = 40 + static_cast<double>(b) * bar;
        p.raw(fmt::format(
            "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"#1565c0\"/>"
            "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" font-size=\"12\">{}</text>"
            "<text x=\"{:.1f}\" y=\"208\" text-anchor=\"middle\" font-size=\"11\">",
            x + 2, 190 - height, bar - 4, height, x + bar / 2, 186 - height, counts[b],
            x + bar / 2));
        p.text(decimal_text(top * static_cast<double>(b) / bins, label_digits, lang) + "–" +
               decimal_text(top * static_cast<double>(b + 1) / bins, label_digits, lang));
        p.raw("</text>\n");
    }
    p.raw("<text x=\"330\" y=\"226\" text-anchor=\"middle\" font-size=\"12\">");
    p.text(axis);
    p.raw("</text>\n</svg>\n");
    return p.take();
}

std::string trend_chart(std::string_view label,
                        std::span<const std::pair<std::size_t, double>> points, std::size_t periods,
                        double top) {
    if (points.empty()) {
        return {};
    }
    constexpr double width = 132;
    constexpr double height = 30;
    constexpr double pad = 4;
    const double step = periods > 1 ? (width - 2 * pad) / static_cast<double>(periods - 1) : 0;
    const auto x = [&](std::size_t k) { return pad + step * static_cast<double>(k); };
    const auto y = [&](double v) {
        return height - pad - (height - 2 * pad) * std::max(v, 0.0) / top;
    };
    html_page p;
    p.raw(fmt::format(
        "<svg class=\"trend\" width=\"{:.0f}\" height=\"{:.0f}\" viewBox=\"0 0 {:.0f} {:.0f}\" "
        "role=\"img\" aria-label=\"",
        width, height, width, height));
    p.text(label);
    p.raw("\">");
    p.raw(fmt::format(
        "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#ddd\"/>", pad,
        y(0), width - pad, y(0)));
    if (points.size() > 1) {
        std::string line;
        for (const auto& [k, v] : points) {
            line += fmt::format("{}{:.1f},{:.1f}", line.empty() ? "" : " ", x(k), y(v));
        }
        p.raw(fmt::format(
            "<polyline points=\"{}\" fill=\"none\" stroke=\"#b71c1c\" stroke-width=\"1.5\"/>",
            line));
    }
    for (const auto& [k, v] : points) {
        p.raw(fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"2\" fill=\"#b71c1c\"/>", x(k),
                          y(v)));
    }
    p.raw("</svg>");
    return p.take();
}

}  // namespace antq::detail
