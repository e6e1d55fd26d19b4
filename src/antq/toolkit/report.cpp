#include "antq/report.hpp"

#include "antq/io/atomic_file.hpp"
#include "antq/toolkit/html_page.hpp"
#include "antq/toolkit/main_unit.hpp"
#include "antq/toolkit/report_charts.hpp"
#include "antq/toolkit/report_words.hpp"
#include "antq/toolkit/results_match.hpp"

#include <antq/error.hpp>
#include <antq/explain.hpp>
#include <antq/labels.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <initializer_list>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

namespace antq {

namespace {

// ---- Words and numbers in the reader's language ----

using detail::report_words;
constexpr const report_words& words = detail::report_words_table;

// The action's word from the label table, capitalised for a table cell ("Nhân rộng"); the
// words all begin with an ASCII letter.
std::string action_label(std::string_view action, language lang) {
    std::string text(word(action, lang));
    if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') {
        text[0] = static_cast<char>(text[0] - 'a' + 'A');
    }
    return text;
}

// A tier's action for the table of tiers: the one word, or with `action_when` both words
// and the condition that chooses ("Nhân rộng nếu previous_tier(1) == "effective", không
// thì Duy trì").
std::string tier_action_text(const tier_summary& t, language lang) {
    if (t.action_when.empty()) {
        return action_label(t.action, lang);
    }
    std::string text =
        action_label(t.action, lang) + std::string(words.action_if.in(lang)) + t.action_when;
    if (!t.otherwise.empty()) {
        text += std::string(words.action_otherwise.in(lang)) + std::string(word(t.otherwise, lang));
    }
    return text;
}

// A status in place of a tier, as the report words it (longer than `status_label`'s word:
// "Chưa đủ điều kiện xếp loại").
std::string tier_status_label(result_status s, language lang) {
    switch (s) {
        case result_status::evaluated:
            return std::string(words.evaluated.in(lang));
        case result_status::not_eligible:
            return std::string(words.not_eligible.in(lang));
        case result_status::error:
            return std::string(words.error.in(lang));
        case result_status::incomplete:
            return std::string(words.incomplete.in(lang));
    }
    return {};
}

std::string subject_label(subject_kind k, language lang) {
    switch (k) {
        case subject_kind::model:
            return std::string(words.model.in(lang));
        case subject_kind::unit:
            return std::string(words.unit.in(lang));
        case subject_kind::exemplar:
            return std::string(words.exemplar.in(lang));
    }
    return {};
}

std::string percent(std::size_t part, std::size_t whole, language lang) {
    if (whole == 0) {
        return "–";
    }
    return decimal_text(100.0 * static_cast<double>(part) / static_cast<double>(whole), 1, lang) +
           "%";
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

// The sections of the page, in order, with their anchors (kept in Vietnamese in every
// language, so that links to a section stay the same) and their headings.
struct section_entry {
    std::string_view anchor;
    detail::said report_words::*heading;
};

constexpr std::string_view villages_anchor = "qua-cac-nam";

constexpr std::array<section_entry, 9> sections{{
    {"tong-quan", &report_words::overview},
    {"theo-don-vi", &report_words::by_unit},
    {"theo-chuyen-de", &report_words::by_topic},
    {"xep-hang", &report_words::rankings},
    {"dien-hinh", &report_words::exemplars},
    {villages_anchor, &report_words::villages},
    {"quyet-dinh", &report_words::decisions},
    {"giai-thich", &report_words::explanations},
    {"dau-van-tay", &report_words::fingerprint},
}};

class report_writer {
  public:
    report_writer(const dataset& data, const evaluation& results, const report_options& options)
        : data_(data),
          results_(results.results()),
          evaluation_(results),
          options_(options),
          lang_(options.language),
          title_(options.title.empty() ? std::string(words.default_title.in(options.language))
                                       : options.title) {
        for (const auto& r : results_) {
            check_matches(data_.registry, r);
        }
        place_subjects();
    }

    std::string render() {
        p_.raw(fmt::format(
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\"/>\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n",
            say(words.html_lang)));
        p_.element("title", title_);
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
            top += (top.empty() ? "" : " — ") + std::string(say(words.period_prefix)) +
                   results_.front().header().period_text;
        }
        p_.raw(
            fmt::format("@page{{size:A4;margin:18mm 14mm 16mm 14mm;"
                        "@top-left{{content:{};font-size:8pt;color:#555}}"
                        "@bottom-left{{content:{};font-size:8pt;color:#555}}"
                        "@bottom-right{{content:{} counter(page) \"/\" counter(pages);"
                        "font-size:8pt;color:#555}}}}\n",
                        css_string(top), css_string(title_), css_string(say(words.page))));
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

    // A fixed text of the report in its language.
    [[nodiscard]] std::string_view say(const detail::said& text) const { return text.in(lang_); }

    [[nodiscard]] std::string decimal(double v, int digits) const {
        return decimal_text(v, digits, lang_);
    }

    [[nodiscard]] std::string score_of(const rulebook_results& r, std::size_t row) {
        const double s = r.columns().score[row];
        return std::isnan(s) ? std::string("–") : decimal(s, r.header().rounding_digits);
    }

    // `<table attributes><thead>` with a column per heading, then `<tbody>`.
    void table_head(std::string_view attributes, std::initializer_list<std::string_view> columns) {
        p_.raw(fmt::format("<table{}{}><thead><tr>", attributes.empty() ? "" : " ", attributes));
        for (const std::string_view column : columns) {
            p_.element("th", column);
        }
        p_.raw("</tr></thead><tbody>\n");
    }

    void tier_cell(const rulebook_results& r, std::size_t row) {
        const auto& c = r.columns();
        p_.raw("<td>");
        if (c.tier[row] == no_tier) {
            p_.element("span", tier_status_label(c.status[row], lang_), "class=\"muted\"");
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
        p_.element("h1", title_);
        p_.raw("<p class=\"meta\">");
        if (!results_.empty()) {
            const auto& h = results_.front().header();
            // Rulebooks read a year differently (from 16/11, from 01/11...): each range is in
            // its own section.
            p_.text(fmt::format(fmt::runtime(say(words.period_line)), h.period_text));
            p_.raw("<br/>");
        }
        std::size_t subjects = 0;
        for (const auto& r : results_) {
            subjects += r.size();
        }
        p_.text(fmt::format(fmt::runtime(say(words.counts_line)), results_.size(), subjects,
                            data_.registry.units().size(), data_.registry.models().size(),
                            data_.registry.exemplars().size()));
        p_.raw("</p>\n");
    }

    void contents() {
        p_.raw("<nav>");
        p_.element("h2", say(words.contents));
        p_.raw("<ul>");
        for (const auto& section : sections) {
            if (section.anchor == villages_anchor && options_.history == nullptr) {
                continue;
            }
            p_.raw(fmt::format("<li><a href=\"#{}\">", section.anchor));
            p_.text(say(words.*section.heading));
            p_.raw("</a></li>");
        }
        p_.raw("</ul></nav>\n");
    }

    // `<section id="anchor"><h2>heading</h2>`: a section of the table of contents.
    void open_section(std::string_view anchor) {
        const auto* section = std::find_if(sections.begin(), sections.end(),
                                           [&](const auto& s) { return s.anchor == anchor; });
        p_.raw(fmt::format("<section id=\"{}\">", anchor));
        p_.element("h2", say(words.*section->heading));
    }

    // ---- Overview by tier ----

    void overview() {
        open_section("tong-quan");
        for (const auto& r : results_) {
            const auto& h = r.header();
            p_.element("h3", h.title.empty() ? h.rulebook : h.title);
            p_.raw("<p class=\"meta\">");
            // The period's first and last days in ISO form in either language.
            p_.text(fmt::format(fmt::runtime(say(words.rulebook_line)), h.rulebook, h.version,
                                h.version_basis.empty() ? "" : " (" + h.version_basis + ")",
                                format_date(h.period_first), format_date(h.period_last),
                                subject_label(h.subject, lang_)));
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
            table_head({},
                       {say(words.tier), say(words.action), say(words.count), say(words.share)});
            for (std::size_t t = 0; t < h.tiers.size(); ++t) {
                p_.raw(fmt::format("<tr><td><span class=\"tier\" style=\"background:{}\"></span>",
                                   tier_color(t, h.tiers.size())));
                p_.text(h.tiers[t].label.empty() ? h.tiers[t].id : h.tiers[t].label);
                p_.raw("</td>");
                p_.element("td", tier_action_text(h.tiers[t], lang_));
                p_.raw(fmt::format("<td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                                   per_tier[t], percent(per_tier[t], r.size(), lang_)));
            }
            for (const auto& [label, n] :
                 {std::pair{tier_status_label(result_status::not_eligible, lang_), not_eligible},
                  std::pair{tier_status_label(result_status::error, lang_), errors},
                  std::pair{tier_status_label(result_status::incomplete, lang_), incomplete}}) {
                if (n == 0) {
                    continue;
                }
                p_.raw("<tr>");
                p_.element("td", label, "class=\"muted\"");
                p_.raw(fmt::format("<td></td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                                   n, percent(n, r.size(), lang_)));
            }
            p_.raw("</tbody></table>\n");
            charts(r, per_tier);
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
            p_.text(fmt::format(fmt::runtime(say(words.not_applicable)), s.rulebook,
                                s.first_effective
                                    ? fmt::format(fmt::runtime(say(words.first_effective)),
                                                  format_date(*s.first_effective))
                                    : std::string()));
            p_.raw("</p>\n");
        }
    }

    // The bar chart of the tiers and the histogram of the scores (out of the highest score a
    // subject could get) of one rulebook.
    void charts(const rulebook_results& r, const std::vector<std::size_t>& per_tier) {
        const auto& h = r.header();
        std::vector<std::string> labels;
        for (const auto& t : h.tiers) {
            labels.push_back(t.label.empty() ? t.id : t.label);
        }
        p_.raw(
            detail::tier_chart(std::string(say(words.tier_chart)) + h.rulebook, labels, per_tier));
        const auto& c = r.columns();
        double top = 0;
        std::vector<double> scores;
        for (std::size_t row = 0; row < r.size(); ++row) {
            if (c.status[row] == result_status::evaluated) {
                top = std::max(top, c.max_score[row]);
                scores.push_back(c.score[row]);
            }
        }
        if (scores.empty() || !(top > 0)) {
            return;
        }
        p_.raw(detail::score_histogram(std::string(say(words.score_chart)) + h.rulebook,
                                       detail::score_bins(scores, top), top, say(words.score_axis),
                                       lang_));
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
            p_.element("td", say(words.no_results), "class=\"muted\" colspan=\"5\"");
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
                p_.element("td", fmt::format(fmt::runtime(say(words.the_unit_itself)), id));
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
        table_head({}, {say(words.unit_column), say(words.subject), say(words.rulebook),
                        say(words.score), say(words.tier), say(words.rank)});
    }

    void by_unit() {
        open_section("theo-don-vi");
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
                p_.element("h3", say(words.outside_communes));
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
        open_section("theo-chuyen-de");
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
            p_.raw("<table><thead><tr>");
            p_.element("th", say(words.topic));
            for (const auto& t : h.tiers) {
                p_.element("th", t.label.empty() ? t.id : t.label);
            }
            p_.element("th", say(words.not_classified));
            p_.element("th", say(words.total));
            p_.raw("</tr></thead><tbody>\n");
            for (const auto& [topic, counts] : per_topic) {
                p_.raw("<tr>");
                p_.element("td", topic.empty() ? std::string(say(words.no_topic)) : topic);
                for (const std::size_t n : counts) {
                    p_.raw(fmt::format("<td class=\"n\">{}</td>", n));
                }
                p_.raw("</tr>\n");
            }
            p_.raw("</tbody></table>\n");
        }
        if (!any) {
            p_.element("p", say(words.no_model_rulebook), "class=\"muted\"");
        }
        p_.raw("</section>\n");
    }

    // ---- Rankings ----

    void rankings() {
        open_section("xep-hang");
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
                p_.element("h4", std::string(say(words.group)) +
                                     name_book(data_).group_text(c.group_names[g], lang_));
                table_head("class=\"ranking\"",
                           {say(words.rank), say(words.id), say(words.name), say(words.score),
                            say(words.tier), say(words.action)});
                for (const std::size_t row : rows) {
                    p_.raw("<tr>");
                    p_.element("td", c.rank[row] == no_rank ? "–" : std::to_string(c.rank[row]),
                               "class=\"n\"");
                    p_.element("td", c.subject[row]);
                    p_.element("td", info(r, row).name);
                    p_.element("td", score_of(r, row), "class=\"n\"");
                    tier_cell(r, row);
                    if (c.status[row] == result_status::evaluated) {
                        p_.element("td", action_label(r.action(row), lang_));
                    } else {
                        p_.element("td", reason_text(c.status[row], c.message[row], lang_),
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
        open_section("dien-hinh");
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
            p_.element(
                "p",
                fmt::format(fmt::runtime(say(words.movement_year)),
                            date_text(h.period_first, lang_), date_text(h.period_last, lang_)),
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
            table_head("class=\"ranking\"",
                       {say(words.id), say(words.name), say(words.person_or_collective),
                        say(words.unit_column), say(words.models), say(words.score),
                        say(words.proposal), say(words.reason)});
            for (const std::size_t row : rows) {
                const auto e = c.subject_index[row];
                const auto& ex = reg.exemplars()[e];
                std::string models;
                for (const index_t m : reg.models_of_exemplar(e)) {
                    models += (models.empty() ? "" : "; ") + reg.models()[m].name +
                              std::string(reg.exemplar_leads(e, m) ? say(words.leads) : "");
                }
                p_.raw("<tr>");
                p_.element("td", ex.id);
                p_.element("td", ex.name);
                p_.element("td", ex.kind == exemplar_kind::collective ? say(words.collective)
                                                                      : say(words.individual));
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
                p_.element("p", say(words.no_exemplars), "class=\"muted\"");
            } else {
                p_.element("p",
                           fmt::format(fmt::runtime(say(words.exemplars_not_evaluated)),
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
            return reason_text(c.status[row], c.message[row], lang_);
        }
        const auto e = explain(r, c.subject[row], lang_, context);
        if (e.quota) {
            std::string holders;
            for (const auto& h : e.quota->holders) {
                holders += (holders.empty() ? "" : ", ") + (h.name.empty() ? h.id : h.name);
            }
            return fmt::format(
                fmt::runtime(say(words.quota_reason)), e.quota->tier_label,
                decimal(e.quota->share * 100, 0),
                holders.empty() ? std::string() : std::string(say(words.quota_holders)) + holders);
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
        open_section("quyet-dinh");
        std::size_t count = 0;
        for (const auto& r : results_) {
            count += r.columns().decisions.size();
        }
        if (count == 0) {
            p_.element("p", say(words.no_decisions), "class=\"muted\"");
            p_.raw("</section>\n");
            return;
        }
        p_.element("p", say(words.decisions_note), "class=\"meta\"");
        for (const auto& r : results_) {
            const auto& c = r.columns();
            if (c.decisions.empty()) {
                continue;
            }
            const auto& h = r.header();
            p_.element("h3", h.title.empty() ? h.rulebook : h.title);
            table_head("class=\"decisions\"",
                       {say(words.id), say(words.name), say(words.proposed), say(words.decided),
                        say(words.number_and_date), say(words.body_and_signer), say(words.reason),
                        say(words.standing)});
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
                    p_.element("td", x.confirms() ? std::string(say(words.confirms))
                                                  : label(x.decided_tier));
                    p_.element("td", std::string(say(words.decision_number)) + x.number +
                                         (x.decided_on.is_special()
                                              ? std::string()
                                              : std::string(say(words.decision_date)) +
                                                    date_text(x.decided_on, lang_)));
                    p_.element("td", x.body + (x.signer.empty() ? "" : " (" + x.signer + ")"));
                    p_.element("td", x.reason);
                    p_.element(
                        "td", d.stale ? fmt::format(fmt::runtime(say(words.stale)),
                                                    label(x.proposed_tier), label(r.tier_id(d.row)))
                                      : std::string(kind == 0 ? say(words.overrides)
                                                              : say(words.applied)));
                    p_.raw("</tr>\n");
                }
            }
            p_.raw("</tbody></table>\n");
        }
        p_.raw("</section>\n");
    }

    // ---- Explanations ----

    void explanations() {
        open_section("giai-thich");
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
                const auto e = explain(r, id, lang_, context);
                const auto subject = info(r, row);
                std::string summary = id;
                if (!subject.name.empty() && h.subject != subject_kind::unit) {
                    summary += " — " + std::string(subject.name);
                }
                summary += ": " + (e.tier_label.empty() ? tier_status_label(e.status, lang_)
                                                        : e.tier_label);
                if (e.status == result_status::evaluated) {
                    summary += " (" + decimal(e.score, h.rounding_digits) +
                               std::string(say(words.points)) + ")";
                }
                p_.raw("<details><summary>");
                p_.text(summary);
                p_.raw("</summary><pre>");
                p_.text(e.text);
                p_.raw("</pre></details>\n");
            }
            if (limit < r.size()) {
                p_.element("p",
                           fmt::format(fmt::runtime(say(words.explanations_left)), r.size() - limit,
                                       limit),
                           "class=\"muted\"");
            }
        }
        p_.raw("</section>\n");
    }

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
        std::vector<std::pair<std::size_t, double>> points;
        std::string label(say(words.scores_over_years_label));
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
        p_.raw(detail::trend_chart(label, points, periods.size(), top));
    }

    void history_cell(const rulebook_history& book, std::size_t row, std::size_t k) {
        const auto& p = book.periods()[k];
        const auto e = book.at(row, k);
        p_.raw("<td>");
        if (p.skipped) {
            p_.element("span", say(words.not_in_force), "class=\"muted\"");
        } else if (!e.present) {
            p_.element("span", say(words.absent), "class=\"muted\"");
        } else if (e.standing_tier() == no_tier) {
            p_.element("span", tier_status_label(e.status, lang_), "class=\"muted\"");
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
        open_section(villages_anchor);
        p_.raw("<p class=\"meta\">");
        p_.text(fmt::format(fmt::runtime(say(words.villages_note)),
                            h.periods.empty() ? "" : h.periods.front(),
                            h.periods.empty() ? "" : h.periods.back()));
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
                p_.element("th", subject_label(book.subject_kind_of(), lang_));
                for (const auto& p : book.periods()) {
                    p_.element("th", p.period);
                }
                p_.element("th", say(words.scores_over_years));
                p_.raw("</tr></thead><tbody>\n");
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
                p_.element("p", say(words.village_without_results), "class=\"muted\"");
            }
            p_.raw("</section>\n");
        }
        p_.raw("</section>\n");
    }

    void fingerprint() {
        open_section("dau-van-tay");
        p_.element("p", say(words.fingerprint_note), "class=\"meta\"");
        p_.raw("<table><tbody>\n");
        code_row(say(words.fingerprint_row), evaluation_.fingerprint());
        code_row(say(words.data), evaluation_.dataset_hash());
        code_row(say(words.library_version), evaluation_.library_version());
        const auto hashes = evaluation_.rulebook_hashes();
        for (std::size_t k = 0; k < results_.size() && k < hashes.size(); ++k) {
            code_row(fmt::format(fmt::runtime(say(words.rulebook_hash)),
                                 results_[k].header().rulebook, results_[k].header().version),
                     hashes[k]);
        }
        p_.raw("</tbody></table>\n</section>\n");
    }

    // A row of the fingerprint's table: what, then its hash or version as code.
    void code_row(std::string_view heading, std::string_view code) {
        p_.raw("<tr><th>");
        p_.text(heading);
        p_.raw("</th><td><code>");
        p_.text(code);
        p_.raw("</code></td></tr>\n");
    }

    const dataset& data_;
    std::span<const rulebook_results> results_;
    const evaluation& evaluation_;
    const report_options& options_;
    language lang_;
    std::string title_;  // the options' title, or the default one in the report's language
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
