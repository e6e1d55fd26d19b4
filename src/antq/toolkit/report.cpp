#include "antq/report.hpp"

#include "antq/io/atomic_file.hpp"
#include "antq/toolkit/html_page.hpp"
#include "antq/toolkit/main_unit.hpp"
#include "antq/toolkit/results_match.hpp"

#include <antq/error.hpp>
#include <antq/explain.hpp>
#include <antq/labels.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

namespace antq {

namespace {

// ---- Words and numbers as a Vietnamese reader expects them ----

// The action's word from the label table, capitalised for a table cell ("Nhân rộng"); the
// words all begin with an ASCII letter.
std::string action_label(std::string_view action) {
    std::string text(word(action, language::vi));
    if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') {
        text[0] = static_cast<char>(text[0] - 'a' + 'A');
    }
    return text;
}

// A tier's action for the table of tiers: the one word, or with `action_when` both words
// and the condition that chooses ("Nhân rộng nếu previous_tier(1) == "effective", không
// thì Duy trì").
std::string tier_action_text(const tier_summary& t) {
    if (t.action_when.empty()) {
        return action_label(t.action);
    }
    std::string text = action_label(t.action) + " nếu " + t.action_when;
    if (!t.otherwise.empty()) {
        text += ", không thì " + std::string(word(t.otherwise, language::vi));
    }
    return text;
}

std::string status_label(result_status s) {
    switch (s) {
        case result_status::evaluated:
            return "Đã đánh giá";
        case result_status::not_eligible:
            return "Chưa đủ điều kiện xếp loại";
        case result_status::error:
            return "Lỗi dữ liệu";
        case result_status::incomplete:
            return "Chưa đủ dữ liệu";
    }
    return {};
}

std::string subject_label(subject_kind k) {
    switch (k) {
        case subject_kind::model:
            return "mô hình";
        case subject_kind::unit:
            return "đơn vị";
        case subject_kind::exemplar:
            return "điển hình";
    }
    return {};
}

// Decimal comma, as Vietnamese writes numbers: 67,75.
std::string decimal(double v, int digits) {
    std::string text = fmt::format("{:.{}f}", v, digits);
    std::replace(text.begin(), text.end(), '.', ',');
    return text;
}

std::string percent(std::size_t part, std::size_t whole) {
    if (whole == 0) {
        return "–";
    }
    return decimal(100.0 * static_cast<double>(part) / static_cast<double>(whole), 1) + "%";
}

using detail::tier_color;

// ---- The subjects, seen from the dataset ----

struct subject_info {
    std::string_view name;
    index_t unit = 0;
    std::string_view topic;
};

subject_info info_of(const registry& r, subject_kind kind, index_t i) {
    switch (kind) {
        case subject_kind::model: {
            const auto& m = r.models()[i];
            return {m.name, r.unit_of_model(i), m.topic};
        }
        case subject_kind::unit:
            return {r.units()[i].name, i, {}};
        case subject_kind::exemplar:
            return {r.exemplars()[i].name, r.unit_of_exemplar(i), {}};
    }
    return {};
}

using detail::check_matches;

// A subject's row in one results table.
struct placed_row {
    std::size_t results = 0;
    std::size_t row = 0;
};

// ---- Writing HTML ----

using page = detail::html_page;

constexpr std::string_view style = R"(
body{font-family:"Noto Sans","Segoe UI",Arial,sans-serif;margin:0 auto;max-width:1100px;padding:1rem 1.5rem;color:#1b1b1b;line-height:1.45}
h1{font-size:1.6rem;border-bottom:3px solid #b71c1c;padding-bottom:.4rem}
h2{font-size:1.3rem;margin-top:2.2rem;border-bottom:1px solid #ccc}
h3{font-size:1.1rem;margin-top:1.6rem}
h4{font-size:1rem;margin:1.2rem 0 .4rem}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.92rem}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.meta{color:#555;font-size:.9rem}
.tier{display:inline-block;width:.8em;height:.8em;border-radius:.2em;margin-right:.35em;vertical-align:-.05em}
.muted{color:#777}
nav ul{columns:2}
details{margin:.2rem 0;border:1px solid #ddd;border-radius:4px;padding:.2rem .6rem}
summary{cursor:pointer}
pre{white-space:pre-wrap;font-size:.88rem}
code{font-size:.85rem;word-break:break-all}
svg{max-width:100%;height:auto}
svg.trend{vertical-align:middle}
@media print{
body{max-width:none;margin:0;padding:0;font-size:10pt;line-height:1.3}
nav{display:none}
section+section,section.thon{break-before:page}
h1,h2,h3,h4{break-after:avoid}
tr,svg,details,li{break-inside:avoid}
thead{display:table-header-group}
tfoot{display:table-footer-group}
table{font-size:9pt}
th,.tier{print-color-adjust:exact;-webkit-print-color-adjust:exact}
details{border:0;padding:0}
details::details-content{content-visibility:visible;display:block}
summary{list-style:none;font-weight:bold}
a{color:inherit;text-decoration:none}
}
)";

// Text as a CSS string literal: quotes and backslashes escaped, line breaks as \A, and `<`
// escaped so that no text can close the <style> element.
std::string css_string(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        switch (c) {
            case '"':
            case '\\':
                out += '\\';
                out += c;
                break;
            case '\n':
                out += "\\A ";
                break;
            case '\r':
                break;
            case '<':
                out += "\\3C ";
                break;
            default:
                out += c;
        }
    }
    out += '"';
    return out;
}

class report_writer {
  public:
    report_writer(const dataset& data, const evaluation& results, const report_options& options)
        : data_(data), results_(results.results()), evaluation_(results), options_(options) {
        for (const auto& r : results_) {
            check_matches(data_.registry, r);
        }
        place_subjects();
    }

    std::string render() {
        p_.raw(
            "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\"/>\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
        p_.element("title", options_.title);
        p_.raw("\n<style>");
        p_.raw(style);
        print_pages();
        p_.raw("</style>\n</head>\n<body>\n");
        heading();
        contents();
        overview();
        by_unit();
        by_topic();
        rankings();
        exemplars();
        villages_over_years();
        decisions();
        explanations();
        fingerprint();
        p_.raw("</body>\n</html>\n");
        return p_.take();
    }

  private:
    // The printed page: A4, the unit and period at the top of every page, the title and the
    // page number at the bottom (CSS page margin boxes).
    void print_pages() {
        std::string top = detail::main_unit_name(data_.registry);
        if (!results_.empty()) {
            top += (top.empty() ? "" : " — ") + std::string("Kỳ đánh giá ") +
                   results_.front().header().period_text;
        }
        p_.raw(
            fmt::format("@page{{size:A4;margin:18mm 14mm 16mm 14mm;"
                        "@top-left{{content:{};font-size:8pt;color:#555}}"
                        "@bottom-left{{content:{};font-size:8pt;color:#555}}"
                        "@bottom-right{{content:\"Trang \" counter(page) \"/\" counter(pages);"
                        "font-size:8pt;color:#555}}}}\n",
                        css_string(top), css_string(options_.title)));
    }

    void place_subjects() {
        by_unit_.resize(data_.registry.units().size());
        for (std::size_t k = 0; k < results_.size(); ++k) {
            const auto& r = results_[k];
            for (std::size_t row = 0; row < r.size(); ++row) {
                const auto info =
                    info_of(data_.registry, r.header().subject, r.columns().subject_index[row]);
                by_unit_[info.unit].push_back({k, row});
            }
        }
    }

    [[nodiscard]] subject_info info(const rulebook_results& r, std::size_t row) const {
        return info_of(data_.registry, r.header().subject, r.columns().subject_index[row]);
    }

    [[nodiscard]] static std::string score_of(const rulebook_results& r, std::size_t row) {
        const double s = r.columns().score[row];
        return std::isnan(s) ? std::string("–") : decimal(s, r.header().rounding_digits);
    }

    void tier_cell(const rulebook_results& r, std::size_t row) {
        const auto& c = r.columns();
        p_.raw("<td>");
        if (c.tier[row] == no_tier) {
            p_.element("span", status_label(c.status[row]), "class=\"muted\"");
        } else {
            const auto t = static_cast<std::size_t>(c.tier[row]);
            const auto& tier = r.header().tiers[t];
            p_.raw(fmt::format("<span class=\"tier\" style=\"background:{}\"></span>",
                               tier_color(t, r.header().tiers.size())));
            p_.text(tier.label.empty() ? tier.id : tier.label);
        }
        p_.raw("</td>");
    }

    void heading() {
        p_.element("h1", options_.title);
        p_.raw("<p class=\"meta\">");
        if (!results_.empty()) {
            const auto& h = results_.front().header();
            // Rulebooks read a year differently (from 16/11, from 01/11...): each range is in
            // its own section.
            p_.text("Kỳ đánh giá: " + h.period_text);
            p_.raw("<br/>");
        }
        std::size_t subjects = 0;
        for (const auto& r : results_) {
            subjects += r.size();
        }
        p_.text(fmt::format(
            "{} bộ tiêu chí, {} lượt đánh giá; dữ liệu: {} đơn vị, {} mô hình, {} điển hình.",
            results_.size(), subjects, data_.registry.units().size(),
            data_.registry.models().size(), data_.registry.exemplars().size()));
        p_.raw("</p>\n");
    }

    void contents() {
        p_.raw(
            "<nav><h2>Mục lục</h2><ul>"
            "<li><a href=\"#tong-quan\">Tổng quan theo xếp loại</a></li>"
            "<li><a href=\"#theo-don-vi\">Kết quả theo đơn vị</a></li>"
            "<li><a href=\"#theo-chuyen-de\">Kết quả theo chuyên đề</a></li>"
            "<li><a href=\"#xep-hang\">Bảng xếp hạng</a></li>"
            "<li><a href=\"#dien-hinh\">Điển hình tiên tiến</a></li>" +
            std::string(options_.history != nullptr
                            ? "<li><a href=\"#qua-cac-nam\">Các thôn qua các năm</a></li>"
                            : "") +
            "<li><a href=\"#quyet-dinh\">Quyết định công nhận</a></li>"
            "<li><a href=\"#giai-thich\">Giải thích từng kết quả</a></li>"
            "<li><a href=\"#dau-van-tay\">Dấu vân tay của lần đánh giá</a></li>"
            "</ul></nav>\n");
    }

    // ---- Overview by tier ----

    void overview() {
        p_.raw("<section id=\"tong-quan\">");
        p_.element("h2", "Tổng quan theo xếp loại");
        for (const auto& r : results_) {
            const auto& h = r.header();
            p_.element("h3", h.title.empty() ? h.rulebook : h.title);
            p_.raw("<p class=\"meta\">");
            p_.text("Bộ tiêu chí " + h.rulebook + ", phiên bản " + h.version +
                    (h.version_basis.empty() ? "" : " (" + h.version_basis + ")") + "; kỳ " +
                    format_date(h.period_first) + " – " + format_date(h.period_last) +
                    "; đối tượng: " + subject_label(h.subject) + ".");
            p_.raw("</p>\n");
            std::vector<std::size_t> per_tier(h.tiers.size(), 0);
            std::size_t not_eligible = 0;
            std::size_t errors = 0;
            std::size_t incomplete = 0;
            const auto& c = r.columns();
            for (std::size_t row = 0; row < r.size(); ++row) {
                if (c.tier[row] != no_tier) {
                    ++per_tier[static_cast<std::size_t>(c.tier[row])];
                } else if (c.status[row] == result_status::not_eligible) {
                    ++not_eligible;
                } else if (c.status[row] == result_status::error) {
                    ++errors;
                } else if (c.status[row] == result_status::incomplete) {
                    ++incomplete;
                }
            }
            p_.raw(
                "<table><thead><tr><th>Xếp loại</th><th>Hướng xử lý</th><th>Số lượng</th><th>Tỷ "
                "lệ</th>"
                "</tr></thead><tbody>\n");
            for (std::size_t t = 0; t < h.tiers.size(); ++t) {
                p_.raw(fmt::format("<tr><td><span class=\"tier\" style=\"background:{}\"></span>",
                                   tier_color(t, h.tiers.size())));
                p_.text(h.tiers[t].label.empty() ? h.tiers[t].id : h.tiers[t].label);
                p_.raw("</td>");
                p_.element("td", tier_action_text(h.tiers[t]));
                p_.raw(fmt::format("<td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                                   per_tier[t], percent(per_tier[t], r.size())));
            }
            for (const auto& [label, n] :
                 {std::pair{status_label(result_status::not_eligible), not_eligible},
                  std::pair{status_label(result_status::error), errors},
                  std::pair{status_label(result_status::incomplete), incomplete}}) {
                if (n == 0) {
                    continue;
                }
                p_.raw("<tr>");
                p_.element("td", label, "class=\"muted\"");
                p_.raw(fmt::format("<td></td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                                   n, percent(n, r.size())));
            }
            p_.raw("</tbody></table>\n");
            tier_chart(r, per_tier);
            score_histogram(r);
        }
        not_applicable();
        p_.raw("</section>\n");
    }

    // Rulebooks of the set with no version in force for the period (a standard that came
    // later): listed, so that a reader does not take their absence for an omission.
    void not_applicable() {
        for (const auto& s : evaluation_.skipped()) {
            p_.element("h3", s.title.empty() ? s.rulebook : s.title);
            p_.raw("<p class=\"meta not-applicable\">");
            p_.text("Bộ tiêu chí " + s.rulebook +
                    ": không áp dụng cho kỳ này, vì chưa có phiên bản nào có hiệu lực" +
                    (s.first_effective ? " (phiên bản đầu tiên có hiệu lực từ " +
                                             format_date(*s.first_effective) + ")"
                                       : std::string()) +
                    ".");
            p_.raw("</p>\n");
        }
    }

    void tier_chart(const rulebook_results& r, const std::vector<std::size_t>& per_tier) {
        const auto& h = r.header();
        if (h.tiers.empty()) {
            return;
        }
        const std::size_t top =
            std::max<std::size_t>(1, *std::max_element(per_tier.begin(), per_tier.end()));
        const int row_height = 30;
        const int height = static_cast<int>(h.tiers.size()) * row_height + 10;
        p_.raw(fmt::format(
            "<svg class=\"tier-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" "
            "height=\"{0}\" viewBox=\"0 0 640 {0}\" role=\"img\" aria-label=\"",
            height));
        p_.text("Phân bố xếp loại: " + h.rulebook);
        p_.raw("\"><title>");
        p_.text("Phân bố xếp loại: " + h.rulebook);
        p_.raw("</title>\n");
        for (std::size_t t = 0; t < h.tiers.size(); ++t) {
            const int y = 5 + static_cast<int>(t) * row_height;
            const double width =
                340.0 * static_cast<double>(per_tier[t]) / static_cast<double>(top);
            p_.raw(fmt::format("<text x=\"210\" y=\"{}\" text-anchor=\"end\" font-size=\"13\">",
                               y + 18));
            p_.text(h.tiers[t].label.empty() ? h.tiers[t].id : h.tiers[t].label);
            p_.raw(fmt::format(
                "</text><rect x=\"220\" y=\"{}\" width=\"{:.1f}\" height=\"22\" fill=\"{}\"/>"
                "<text x=\"{:.1f}\" y=\"{}\" font-size=\"13\">{}</text>\n",
                y + 2, width, tier_color(t, h.tiers.size()), 226 + width, y + 18, per_tier[t]));
        }
        p_.raw("</svg>\n");
    }

    void score_histogram(const rulebook_results& r) {
        const auto& c = r.columns();
        double top = 0;
        std::size_t evaluated = 0;
        for (std::size_t row = 0; row < r.size(); ++row) {
            if (c.status[row] == result_status::evaluated) {
                top = std::max(top, c.max_score[row]);
                ++evaluated;
            }
        }
        if (evaluated == 0 || !(top > 0)) {
            return;
        }
        constexpr std::size_t bins = 10;
        std::vector<std::size_t> counts(bins, 0);
        for (std::size_t row = 0; row < r.size(); ++row) {
            if (c.status[row] != result_status::evaluated) {
                continue;
            }
            const double position = std::clamp(c.score[row] / top, 0.0, 1.0);
            ++counts[std::min(bins - 1, static_cast<std::size_t>(position * bins))];
        }
        const std::size_t most =
            std::max<std::size_t>(1, *std::max_element(counts.begin(), counts.end()));
        const std::string label = "Phân bố điểm: " + r.header().rulebook;
        p_.raw(
            "<svg class=\"score-histogram\" xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" "
            "height=\"230\" "
            "viewBox=\"0 0 640 230\" role=\"img\" aria-label=\"");
        p_.text(label);
        p_.raw("\"><title>");
        p_.text(label);
        p_.raw("</title>\n<line x1=\"40\" y1=\"190\" x2=\"620\" y2=\"190\" stroke=\"#444\"/>\n");
        const double bar = 58;
        // Whole numbers for a scale of 100, tenths for a checklist of a few points.
        const int label_digits = top >= 20 ? 0 : 1;
        for (std::size_t b = 0; b < bins; ++b) {
            const double height =
                160.0 * static_cast<double>(counts[b]) / static_cast<double>(most);
            const double x = 40 + static_cast<double>(b) * bar;
            p_.raw(fmt::format(
                "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
                "fill=\"#1565c0\"/>"
                "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" font-size=\"12\">{}</text>"
                "<text x=\"{:.1f}\" y=\"208\" text-anchor=\"middle\" font-size=\"11\">",
                x + 2, 190 - height, bar - 4, height, x + bar / 2, 186 - height, counts[b],
                x + bar / 2));
            p_.text(decimal(top * static_cast<double>(b) / bins, label_digits) + "–" +
                    decimal(top * static_cast<double>(b + 1) / bins, label_digits));
            p_.raw("</text>\n");
        }
        p_.raw(
            "<text x=\"330\" y=\"226\" text-anchor=\"middle\" "
            "font-size=\"12\">Điểm</text>\n</svg>\n");
    }

    // ---- Results by unit ----

    void unit_rows(index_t u, int depth) {
        const auto& unit_record = data_.registry.units()[u];
        const auto& placed = by_unit_[u];
        const std::string unit_name = unit_record.name.empty() ? unit_record.id : unit_record.name;
        const std::string indent =
            fmt::format("style=\"padding-left:{:.1f}em\"", 0.5 + 1.2 * depth);
        if (placed.empty()) {
            p_.raw("<tr>");
            p_.element("td", unit_name, indent);
            p_.element("td", "(không có kết quả)", "class=\"muted\" colspan=\"5\"");
            p_.raw("</tr>\n");
            return;
        }
        for (std::size_t i = 0; i < placed.size(); ++i) {
            const auto& r = results_[placed[i].results];
            const std::size_t row = placed[i].row;
            p_.raw("<tr>");
            if (i == 0) {
                p_.element("td", unit_name,
                           fmt::format("{} rowspan=\"{}\"", indent, placed.size()));
            }
            const auto subject = info(r, row);
            const std::string id(r.columns().subject[row]);
            if (r.header().subject == subject_kind::unit) {
                p_.element("td", "chính đơn vị (" + id + ")");
            } else {
                p_.element("td",
                           subject.name.empty() ? id : std::string(subject.name) + " (" + id + ")");
            }
            p_.element("td", r.header().rulebook);
            p_.element("td", score_of(r, row), "class=\"n\"");
            tier_cell(r, row);
            const auto rank = r.columns().rank[row];
            p_.element("td", rank == no_rank ? "–" : std::to_string(rank), "class=\"n\"");
            p_.raw("</tr>\n");
        }
    }

    void unit_table_head() {
        p_.raw(
            "<table><thead><tr><th>Đơn vị</th><th>Đối tượng</th><th>Bộ tiêu chí</th><th>Điểm</th>"
            "<th>Xếp loại</th><th>Hạng</th></tr></thead><tbody>\n");
    }

    void by_unit() {
        p_.raw("<section id=\"theo-don-vi\">");
        p_.element("h2", "Kết quả theo đơn vị");
        const registry& reg = data_.registry;
        std::vector<bool> shown(reg.units().size(), false);
        for (const index_t commune : reg.units_of_kind(unit_kinds::commune)) {
            const auto& c = reg.units()[commune];
            p_.element("h3", (c.name.empty() ? c.id : c.name) + " (" + c.id + ")");
            unit_table_head();
            unit_rows(commune, 0);
            shown[commune] = true;
            // Descendants come in preorder, a parent before its children: each depth is its
            // parent's plus one. A commune below this one has its own table, so its part of
            // the tree is left to it: every unit is shown once, and a deep chain of units
            // costs linear time.
            const auto below = reg.descendants(commune);
            depth_.resize(reg.units().size());
            depth_[commune] = 0;
            for (std::size_t i = 0; i < below.size(); ++i) {
                const index_t d = below[i];
                if (reg.units()[d].kind == unit_kinds::commune) {
                    i += reg.descendants(d).size();
                    continue;
                }
                depth_[d] = depth_[*reg.parent(d)] + 1;
                unit_rows(d, depth_[d]);
                shown[d] = true;
            }
            p_.raw("</tbody></table>\n");
        }
        bool others = false;
        for (index_t u = 0; u < reg.units().size(); ++u) {
            if (shown[u] || by_unit_[u].empty()) {
                continue;
            }
            if (!others) {
                p_.element("h3", "Đơn vị không thuộc xã nào");
                unit_table_head();
                others = true;
            }
            unit_rows(u, 0);
        }
        if (others) {
            p_.raw("</tbody></table>\n");
        }
        p_.raw("</section>\n");
    }

    // ---- Results by topic ----

    void by_topic() {
        p_.raw("<section id=\"theo-chuyen-de\">");
        p_.element("h2", "Kết quả theo chuyên đề");
        bool any = false;
        for (const auto& r : results_) {
            const auto& h = r.header();
            if (h.subject != subject_kind::model) {
                continue;
            }
            any = true;
            std::map<std::string, std::vector<std::size_t>>
                per_topic;  // tiers..., not classified, total
            const auto& c = r.columns();
            for (std::size_t row = 0; row < r.size(); ++row) {
                const std::string topic(info(r, row).topic);
                auto& counts = per_topic[topic];
                counts.resize(h.tiers.size() + 2, 0);
                ++counts[c.tier[row] == no_tier ? h.tiers.size()
                                                : static_cast<std::size_t>(c.tier[row])];
                ++counts.back();
            }
            p_.element("h3", h.title.empty() ? h.rulebook : h.title);
            p_.raw("<table><thead><tr><th>Chuyên đề</th>");
            for (const auto& t : h.tiers) {
                p_.element("th", t.label.empty() ? t.id : t.label);
            }
            p_.raw("<th>Chưa xếp loại</th><th>Tổng</th></tr></thead><tbody>\n");
            for (const auto& [topic, counts] : per_topic) {
                p_.raw("<tr>");
                p_.element("td", topic.empty() ? "(không ghi chuyên đề)" : topic);
                for (const std::size_t n : counts) {
                    p_.raw(fmt::format("<td class=\"n\">{}</td>", n));
                }
                p_.raw("</tr>\n");
            }
            p_.raw("</tbody></table>\n");
        }
        if (!any) {
            p_.element("p", "Không có bộ tiêu chí đánh giá mô hình trong lần đánh giá này.",
                       "class=\"muted\"");
        }
        p_.raw("</section>\n");
    }

    // ---- Rankings ----

    void rankings() {
        p_.raw("<section id=\"xep-hang\">");
        p_.element("h2", "Bảng xếp hạng");
        for (const auto& r : results_) {
            const auto& h = r.header();
            const auto& c = r.columns();
            // A rulebook without `ranking:` (a pass/fail standard) ranks no one: no table.
            if (std::all_of(c.rank.begin(), c.rank.end(),
                            [](std::uint32_t rank) { return rank == no_rank; })) {
                continue;
            }
            p_.element("h3", h.title.empty() ? h.rulebook : h.title);
            std::vector<std::vector<std::size_t>> groups(c.group_names.size());
            for (std::size_t row = 0; row < r.size(); ++row) {
                if (c.group[row] < groups.size()) {
                    groups[c.group[row]].push_back(row);
                }
            }
            for (std::size_t g = 0; g < groups.size(); ++g) {
                auto& rows = groups[g];
                if (rows.empty()) {
                    continue;
                }
                std::stable_sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) {
                    if (c.rank[a] != c.rank[b]) {
                        return c.rank[b] == no_rank ||
                               (c.rank[a] != no_rank && c.rank[a] < c.rank[b]);
                    }
                    return c.subject[a] < c.subject[b];
                });
                p_.element("h4",
                           "Nhóm: " + name_book(data_).group_text(c.group_names[g], language::vi));
                p_.raw(
                    "<table "
                    "class=\"ranking\"><thead><tr><th>Hạng</th><th>Mã</th><th>Tên</th><th>Điểm</th>"
                    "<th>Xếp loại</th><th>Hướng xử lý</th></tr></thead><tbody>\n");
                for (const std::size_t row : rows) {
                    p_.raw("<tr>");
                    p_.element("td", c.rank[row] == no_rank ? "–" : std::to_string(c.rank[row]),
                               "class=\"n\"");
                    p_.element("td", c.subject[row]);
                    p_.element("td", info(r, row).name);
                    p_.element("td", score_of(r, row), "class=\"n\"");
                    tier_cell(r, row);
                    if (c.status[row] == result_status::evaluated) {
                        p_.element("td", action_label(r.action(row)));
                    } else {
                        p_.element("td", reason_text(c.status[row], c.message[row], language::vi),
                                   "class=\"muted\"");
                    }
                    p_.raw("</tr>\n");
                }
                p_.raw("</tbody></table>\n");
            }
        }
        p_.raw("</section>\n");
    }

    // ---- Exemplars ----

    // The exemplars (điển hình tiên tiến) of each rulebook on exemplars, by the tier their
    // result proposes, best first, with their unit, their models, and what settled the tier;
    // then, without a rulebook on exemplars, the exemplars of the data as a plain list.
    void exemplars() {
        p_.raw("<section id=\"dien-hinh\">");
        p_.element("h2", "Điển hình tiên tiến");
        const auto& reg = data_.registry;
        bool any = false;
        explain_context context;
        context.data = &data_;
        context.rules = options_.rules;
        context.sources = &evaluation_;
        for (const auto& r : results_) {
            const auto& h = r.header();
            if (h.subject != subject_kind::exemplar) {
                continue;
            }
            any = true;
            const auto& c = r.columns();
            p_.element("h3", h.title.empty() ? h.rulebook : h.title);
            p_.element("p",
                       "Năm phong trào " + date_text(h.period_first, language::vi) + " – " +
                           date_text(h.period_last, language::vi) +
                           " (đến Ngày hội toàn dân bảo vệ ANTQ).",
                       "class=\"meta\"");
            std::vector<std::size_t> rows(r.size());
            for (std::size_t row = 0; row < rows.size(); ++row) {
                rows[row] = row;
            }
            // Best tier first, then score, then id: the order a proposal is read in.
            std::stable_sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) {
                const auto ta =
                    c.tier[a] == no_tier ? h.tiers.size() : static_cast<std::size_t>(c.tier[a]);
                const auto tb =
                    c.tier[b] == no_tier ? h.tiers.size() : static_cast<std::size_t>(c.tier[b]);
                if (ta != tb) {
                    return ta < tb;
                }
                const double sa = std::isnan(c.score[a]) ? -1 : c.score[a];
                const double sb = std::isnan(c.score[b]) ? -1 : c.score[b];
                if (sa != sb) {
                    return sa > sb;
                }
                return c.subject[a] < c.subject[b];
            });
            p_.raw(
                "<table class=\"ranking\"><thead><tr><th>Mã</th><th>Tên</th><th>Cá nhân / "
                "tập thể</th><th>Đơn vị</th><th>Mô hình</th><th>Điểm</th><th>Đề nghị</th>"
                "<th>Lý do</th></tr></thead><tbody>\n");
            for (const std::size_t row : rows) {
                const auto e = c.subject_index[row];
                const auto& ex = reg.exemplars()[e];
                std::string models;
                for (const index_t m : reg.models_of_exemplar(e)) {
                    models += (models.empty() ? "" : "; ") + reg.models()[m].name +
                              (reg.exemplar_leads(e, m) ? " (phụ trách)" : "");
                }
                p_.raw("<tr>");
                p_.element("td", ex.id);
                p_.element("td", ex.name);
                p_.element("td", ex.kind == exemplar_kind::collective ? "Tập thể" : "Cá nhân");
                p_.element("td", reg.units()[reg.unit_of_exemplar(e)].name);
                p_.element("td", models.empty() ? std::string("–") : models);
                p_.element("td", score_of(r, row), "class=\"n\"");
                tier_cell(r, row);
                p_.element("td", exemplar_reason(r, row, context));
                p_.raw("</tr>\n");
            }
            p_.raw("</tbody></table>\n");
        }
        if (!any) {
            if (reg.exemplars().empty()) {
                p_.element("p", "Dữ liệu không có điển hình tiên tiến.", "class=\"muted\"");
            } else {
                p_.element("p",
                           fmt::format("Dữ liệu có {} điển hình tiên tiến, nhưng không bộ tiêu "
                                       "chí nào đánh giá điển hình trong lần đánh giá này.",
                                       reg.exemplars().size()),
                           "class=\"muted\"");
            }
        }
        p_.raw("</section>\n");
    }

    // One line on why an exemplar got its tier: the quota that held it back, the criteria
    // that gave most points, or why it has no result.
    [[nodiscard]] std::string exemplar_reason(const rulebook_results& r, std::size_t row,
                                              const explain_context& context) const {
        const auto& c = r.columns();
        if (c.status[row] != result_status::evaluated) {
            return reason_text(c.status[row], c.message[row], language::vi);
        }
        const auto e = explain(r, c.subject[row], language::vi, context);
        if (e.quota) {
            std::string holders;
            for (const auto& h : e.quota->holders) {
                holders += (holders.empty() ? "" : ", ") + (h.name.empty() ? h.id : h.name);
            }
            return fmt::format(
                "Đủ điểm cho \"{}\" nhưng mức này có hạn mức {}% trong mỗi đơn "
                "vị{}",
                e.quota->tier_label, decimal(e.quota->share * 100, 0),
                holders.empty() ? std::string() : ", đã dành cho " + holders);
        }
        std::vector<const criterion_effect*> gained;
        for (const auto& l : e.lifted) {
            if (l.kind == criterion_kind::scored && l.points > 0) {
                gained.push_back(&l);
            }
        }
        std::stable_sort(gained.begin(), gained.end(),
                         [](const auto* a, const auto* b) { return a->points > b->points; });
        std::string text;
        for (std::size_t k = 0; k < std::min<std::size_t>(gained.size(), 3); ++k) {
            text += (text.empty() ? "" : "; ") + gained[k]->title + " (" +
                    decimal(gained[k]->points, 2) + "/" + decimal(gained[k]->max_points, 2) + ")";
        }
        return text;
    }

    // ---- Decisions ----

    // Every recorded decision, overrides first: what the committee decided against the
    // proposal and why, then confirmations, then stale decisions (not applied).
    void decisions() {
        p_.raw("<section id=\"quyet-dinh\">");
        p_.element("h2", "Quyết định công nhận");
        std::size_t count = 0;
        for (const auto& r : results_) {
            count += r.columns().decisions.size();
        }
        if (count == 0) {
            p_.element("p", "Chưa có quyết định nào được ghi nhận cho kỳ này.", "class=\"muted\"");
            p_.raw("</section>\n");
            return;
        }
        p_.element("p",
                   "Kết quả đề xuất và quyết định của cơ quan có thẩm quyền được ghi riêng: quyết "
                   "định không thay đổi điểm, tiêu chí hay thứ hạng. Quyết định cũ (đề xuất đã "
                   "thay đổi sau khi quyết định) không được áp dụng.",
                   "class=\"meta\"");
        for (const auto& r : results_) {
            const auto& c = r.columns();
            if (c.decisions.empty()) {
                continue;
            }
            const auto& h = r.header();
            p_.element("h3", h.title.empty() ? h.rulebook : h.title);
            p_.raw(
                "<table class=\"decisions\"><thead><tr><th>Mã</th><th>Tên</th><th>Đề xuất</th>"
                "<th>Quyết định</th><th>Số, ngày</th><th>Cơ quan, người ký</th><th>Lý do</th>"
                "<th>Tình trạng</th></tr></thead><tbody>\n");
            const auto label = [&](std::string_view id) {
                const auto it = std::find_if(h.tiers.begin(), h.tiers.end(),
                                             [&](const tier_summary& t) { return t.id == id; });
                return it == h.tiers.end() || it->label.empty() ? std::string(id) : it->label;
            };
            for (const int pass : {0, 1, 2}) {
                for (const auto& d : c.decisions) {
                    const auto& x = d.decision;
                    const int kind = d.stale ? 2 : x.confirms() ? 1 : 0;
                    if (kind != pass) {
                        continue;
                    }
                    p_.raw("<tr>");
                    p_.element("td", c.subject[d.row]);
                    p_.element("td", info(r, d.row).name);
                    p_.element("td", label(r.tier_id(d.row)));
                    p_.element("td", x.confirms() ? "Giữ nguyên đề xuất" : label(x.decided_tier));
                    p_.element("td", "QĐ số " + x.number +
                                         (x.decided_on.is_special()
                                              ? std::string()
                                              : ", ngày " + date_text(x.decided_on, language::vi)));
                    p_.element("td", x.body + (x.signer.empty() ? "" : " (" + x.signer + ")"));
                    p_.element("td", x.reason);
                    p_.element("td", d.stale ? "Quyết định cũ: đề xuất đã thay đổi từ " +
                                                   label(x.proposed_tier) + " sang " +
                                                   label(r.tier_id(d.row)) + ", không áp dụng"
                                             : std::string(kind == 0 ? "Khác đề xuất, đã áp dụng"
                                                                     : "Đã áp dụng"));
                    p_.raw("</tr>\n");
                }
            }
            p_.raw("</tbody></table>\n");
        }
        p_.raw("</section>\n");
    }

    // ---- Explanations ----

    void explanations() {
        p_.raw("<section id=\"giai-thich\">");
        p_.element("h2", "Giải thích từng kết quả");
        explain_context context;
        context.data = &data_;
        context.rules = options_.rules;
        context.sources = &evaluation_;
        for (const auto& r : results_) {
            const auto& h = r.header();
            const auto& c = r.columns();
            p_.element("h3", h.title.empty() ? h.rulebook : h.title);
            const std::size_t limit =
                options_.explain_all ? r.size() : std::min(r.size(), options_.max_explanations);
            for (std::size_t row = 0; row < limit; ++row) {
                const std::string id(c.subject[row]);
                const auto e = explain(r, id, language::vi, context);
                const auto subject = info(r, row);
                std::string summary = id;
                if (!subject.name.empty() && h.subject != subject_kind::unit) {
                    summary += " — " + std::string(subject.name);
                }
                summary += ": " + (e.tier_label.empty() ? status_label(e.status) : e.tier_label);
                if (e.status == result_status::evaluated) {
                    summary += " (" + decimal(e.score, h.rounding_digits) + " điểm)";
                }
                p_.raw("<details><summary>");
                p_.text(summary);
                p_.raw("</summary><pre>");
                p_.text(e.text);
                p_.raw("</pre></details>\n");
            }
            if (limit < r.size()) {
                p_.element(
                    "p",
                    fmt::format(
                        "Còn {} kết quả không kèm giải thích trong báo cáo này (giới hạn {}).",
                        r.size() - limit, limit),
                    "class=\"muted\"");
            }
        }
        p_.raw("</section>\n");
    }

    // ---- Fingerprint ----

    // ---- Villages over the years ----

    // The unit hosting a subject of a history (the subject itself for a unit), or none when
    // the dataset has no such subject.
    [[nodiscard]] std::optional<index_t> host_of(subject_kind kind, std::string_view id) const {
        const auto& r = data_.registry;
        switch (kind) {
            case subject_kind::unit:
                return r.find_unit(id);
            case subject_kind::model:
                if (const auto m = r.find_model(id)) {
                    return r.unit_of_model(*m);
                }
                return std::nullopt;
            case subject_kind::exemplar:
                if (const auto e = r.find_exemplar(id)) {
                    return r.unit_of_exemplar(*e);
                }
                return std::nullopt;
        }
        return std::nullopt;
    }

    // A line of the scores over the periods: a small chart beside the row, with the values
    // in its label for readers that do not see it. Scaled to 0..100 (or the highest score).
    void trend_chart(const rulebook_history& book, std::size_t row, double top) {
        const auto periods = book.periods();
        constexpr double width = 132;
        constexpr double height = 30;
        constexpr double pad = 4;
        std::vector<std::pair<std::size_t, double>> points;
        std::string label = "Điểm qua các năm:";
        for (std::size_t k = 0; k < periods.size(); ++k) {
            const auto e = book.at(row, k);
            if (e.present && !std::isnan(e.score)) {
                points.emplace_back(k, e.score);
                label += fmt::format(" {} {};", periods[k].period,
                                     decimal(e.score, periods[k].rounding_digits));
            }
        }
        if (points.empty()) {
            p_.element("span", "–", "class=\"muted\"");
            return;
        }
        label.pop_back();
        const double step =
            periods.size() > 1 ? (width - 2 * pad) / static_cast<double>(periods.size() - 1) : 0;
        const auto x = [&](std::size_t k) { return pad + step * static_cast<double>(k); };
        const auto y = [&](double v) {
            return height - pad - (height - 2 * pad) * std::max(v, 0.0) / top;
        };
        p_.raw(fmt::format(
            "<svg class=\"trend\" width=\"{:.0f}\" height=\"{:.0f}\" viewBox=\"0 0 {:.0f} {:.0f}\" "
            "role=\"img\" aria-label=\"{}\">",
            width, height, width, height, html_escape(label)));
        p_.raw(fmt::format(
            "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#ddd\"/>", pad,
            y(0), width - pad, y(0)));
        if (points.size() > 1) {
            std::string line;
            for (const auto& [k, v] : points) {
                line += fmt::format("{}{:.1f},{:.1f}", line.empty() ? "" : " ", x(k), y(v));
            }
            p_.raw(fmt::format(
                "<polyline points=\"{}\" fill=\"none\" stroke=\"#b71c1c\" stroke-width=\"1.5\"/>",
                line));
        }
        for (const auto& [k, v] : points) {
            p_.raw(fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"2\" fill=\"#b71c1c\"/>",
                               x(k), y(v)));
        }
        p_.raw("</svg>");
    }

    void history_cell(const rulebook_history& book, std::size_t row, std::size_t k) {
        const auto& p = book.periods()[k];
        const auto e = book.at(row, k);
        p_.raw("<td>");
        if (p.skipped) {
            p_.element("span", "chưa áp dụng", "class=\"muted\"");
        } else if (!e.present) {
            p_.element("span", "không có", "class=\"muted\"");
        } else if (e.standing_tier() == no_tier) {
            p_.element("span", status_label(e.status), "class=\"muted\"");
        } else {
            const auto t = static_cast<std::size_t>(e.standing_tier());
            const auto& tier = p.tiers[t];
            p_.raw(fmt::format("<span class=\"tier\" style=\"background:{}\"></span>",
                               tier_color(t, p.tiers.size())));
            p_.text((tier.label.empty() ? tier.id : tier.label) +
                    (e.decided_tier != no_tier ? "*" : ""));
            if (!std::isnan(e.score)) {
                p_.raw("<br/>");
                p_.element("span", decimal(e.score, p.rounding_digits), "class=\"muted\"");
            }
        }
        p_.raw("</td>");
    }

    void villages_over_years() {
        if (options_.history == nullptr) {
            return;
        }
        const auto& h = *options_.history;
        const auto& units = data_.registry.units();
        const name_book names(data_);
        // Per rulebook, the rows of the subjects each village hosts, found once.
        std::vector<std::map<index_t, std::vector<std::size_t>>> hosted(h.rulebooks.size());
        for (std::size_t b = 0; b < h.rulebooks.size(); ++b) {
            const auto& book = h.rulebooks[b];
            for (std::size_t row = 0; row < book.size(); ++row) {
                const auto host = host_of(book.subject_kind_of(), book.subject(row));
                if (host && units[*host].kind == "village") {
                    hosted[b][*host].push_back(row);
                }
            }
        }
        // Each rulebook's charts share one scale, its highest score over the years (a
        // checklist counts criteria met, a scale 100 points): lines of one table compare.
        std::vector<double> tops(h.rulebooks.size(), 0.0);
        for (std::size_t b = 0; b < h.rulebooks.size(); ++b) {
            const auto& book = h.rulebooks[b];
            for (std::size_t row = 0; row < book.size(); ++row) {
                for (std::size_t k = 0; k < book.periods().size(); ++k) {
                    const auto e = book.at(row, k);
                    if (e.present && !std::isnan(e.score)) {
                        tops[b] = std::max(tops[b], e.score);
                    }
                }
            }
            if (tops[b] <= 0) {
                tops[b] = 1;
            }
        }
        p_.raw("<section id=\"qua-cac-nam\">");
        p_.element("h2", "Các thôn qua các năm");
        p_.raw("<p class=\"meta\">");
        p_.text(fmt::format(
            "Kỳ {} đến {}: mỗi thôn một trang, gồm kết quả xếp loại của thôn, các mô hình, tổ "
            "bảo vệ an ninh, trật tự ở cơ sở và điển hình tiên tiến của thôn qua từng năm. Dấu * "
            "là xếp loại theo quyết định của cấp có thẩm quyền; “chưa áp dụng” là năm bộ tiêu "
            "chí chưa có hiệu lực.",
            h.periods.empty() ? "" : h.periods.front(), h.periods.empty() ? "" : h.periods.back()));
        p_.raw("</p>\n");
        for (index_t u = 0; u < units.size(); ++u) {
            if (units[u].kind != "village") {
                continue;
            }
            p_.raw(
                fmt::format("<section class=\"thon\" id=\"thon-{}\">", html_escape(units[u].id)));
            p_.element("h3", units[u].name.empty() ? units[u].id : units[u].name);
            bool any = false;
            // The village's own results (its standards) first, then what it hosts.
            std::vector<std::size_t> order;
            for (const auto kind :
                 {subject_kind::unit, subject_kind::model, subject_kind::exemplar}) {
                for (std::size_t b = 0; b < h.rulebooks.size(); ++b) {
                    if (h.rulebooks[b].subject_kind_of() == kind) {
                        order.push_back(b);
                    }
                }
            }
            for (const std::size_t b : order) {
                const auto found = hosted[b].find(u);
                if (found == hosted[b].end()) {
                    continue;
                }
                any = true;
                const auto& book = h.rulebooks[b];
                p_.element("h4", book.title().empty() ? book.rulebook() : book.title());
                p_.raw("<table><thead><tr>");
                p_.element("th", subject_label(book.subject_kind_of()));
                for (const auto& p : book.periods()) {
                    p_.element("th", p.period);
                }
                p_.raw("<th>Điểm qua các năm</th></tr></thead><tbody>\n");
                for (const std::size_t row : found->second) {
                    p_.raw("<tr><td>");
                    p_.text(name_book::named(
                        book.subject(row),
                        names.subject_name(book.subject_kind_of(), book.subject(row))));
                    p_.raw("</td>");
                    for (std::size_t k = 0; k < book.periods().size(); ++k) {
                        history_cell(book, row, k);
                    }
                    p_.raw("<td>");
                    trend_chart(book, row, tops[b]);
                    p_.raw("</td></tr>\n");
                }
                p_.raw("</tbody></table>\n");
            }
            if (!any) {
                p_.element("p", "Thôn chưa có kết quả nào trong các năm này.", "class=\"muted\"");
            }
            p_.raw("</section>\n");
        }
        p_.raw("</section>\n");
    }

    void fingerprint() {
        p_.raw("<section id=\"dau-van-tay\">");
        p_.element("h2", "Dấu vân tay của lần đánh giá");
        p_.element("p",
                   "Mã băm của bộ tiêu chí, dữ liệu và phiên bản thư viện: cùng đầu vào cho cùng "
                   "dấu vân tay, "
                   "để kiểm tra và tái lập kết quả.",
                   "class=\"meta\"");
        p_.raw("<table><tbody>\n<tr><th>Dấu vân tay</th><td><code>");
        p_.text(evaluation_.fingerprint());
        p_.raw("</code></td></tr>\n<tr><th>Dữ liệu</th><td><code>");
        p_.text(evaluation_.dataset_hash());
        p_.raw("</code></td></tr>\n<tr><th>Phiên bản thư viện</th><td><code>");
        p_.text(evaluation_.library_version());
        p_.raw("</code></td></tr>\n");
        const auto hashes = evaluation_.rulebook_hashes();
        for (std::size_t k = 0; k < results_.size() && k < hashes.size(); ++k) {
            p_.raw("<tr><th>");
            p_.text("Bộ tiêu chí " + results_[k].header().rulebook + " " +
                    results_[k].header().version);
            p_.raw("</th><td><code>");
            p_.text(hashes[k]);
            p_.raw("</code></td></tr>\n");
        }
        p_.raw("</tbody></table>\n</section>\n");
    }

    const dataset& data_;
    std::span<const rulebook_results> results_;
    const evaluation& evaluation_;
    const report_options& options_;
    std::vector<std::vector<placed_row>> by_unit_;
    std::vector<int> depth_;  // per unit, in the commune tables: levels below the commune
    page p_;
};

}  // namespace

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string render_report(const dataset& data, const evaluation& results,
                          const report_options& options) {
    return report_writer(data, results, options).render();
}

void write_report(const std::filesystem::path& file, const dataset& data, const evaluation& results,
                  const report_options& options) {
    detail::write_file_atomically(file, render_report(data, results, options));
}

}  // namespace antq
