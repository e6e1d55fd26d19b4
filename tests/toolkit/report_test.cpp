#include <antq/report.hpp>

#include <antq/error.hpp>
#include <antq/evaluate.hpp>
#include <antq/explain.hpp>
#include <antq/history.hpp>
#include <antq/rulebook_set.hpp>

#include "antq/toolkit/report_words.hpp"
#include "toolkit/toolkit_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace antq {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::size_t count(std::string_view text, std::string_view what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string_view::npos;
         at = text.find(what, at + what.size())) {
        ++n;
    }
    return n;
}

// Checks that every element is closed, in order; elements written `<x .../>` and the void
// elements of HTML need no closing tag. Returns the first problem, or empty.
std::string tag_problem(std::string_view html) {
    const std::vector<std::string_view> void_elements{"meta", "br", "hr", "img", "input", "link"};
    std::vector<std::string> open;
    std::size_t at = 0;
    while ((at = html.find('<', at)) != std::string_view::npos) {
        const std::size_t end = html.find('>', at);
        if (end == std::string_view::npos) {
            return "unterminated tag";
        }
        std::string_view tag = html.substr(at + 1, end - at - 1);
        at = end + 1;
        if (tag.starts_with("!")) {
            continue;
        }
        if (tag.starts_with("/")) {
            const std::string name(tag.substr(1));
            if (open.empty() || open.back() != name) {
                return "</" + name + "> closes <" + (open.empty() ? std::string() : open.back()) +
                       ">";
            }
            open.pop_back();
            continue;
        }
        const std::string name(tag.substr(0, tag.find_first_of(" \n/")));
        if (tag.ends_with("/") ||
            std::find(void_elements.begin(), void_elements.end(), name) != void_elements.end()) {
            continue;
        }
        open.push_back(name);
        if (name == "style") {
            at = html.find("</style>", at);
        }
    }
    return open.empty() ? std::string() : "<" + open.back() + "> is never closed";
}

class report : public ::testing::Test {
  protected:
    const dataset data = test_support::province_dataset();
    const evaluation results =
        evaluate(data, rulebook_set::from({test_support::patrol_rulebook()}), "2024");
    const std::string html = render_report(data, results);
};

TEST_F(report, is_one_well_formed_page_in_vietnamese) {
    EXPECT_TRUE(
        html.starts_with("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\"/>"));
    EXPECT_TRUE(html.ends_with("</body>\n</html>\n"));
    EXPECT_EQ(tag_problem(html), "");
    EXPECT_THAT(
        html,
        HasSubstr("<title>Báo cáo đánh giá phong trào Toàn dân bảo vệ an ninh Tổ quốc</title>"));
    EXPECT_THAT(html, HasSubstr("Kỳ đánh giá: 2024<br/>"));
    EXPECT_THAT(
        html,
        HasSubstr(
            "Bộ tiêu chí patrol-model, phiên bản 2024.1 (Phương án thử nghiệm); kỳ 2024-01-01 – "
            "2024-12-31; đối tượng: mô hình."));
}

TEST_F(report, is_self_contained) {
    EXPECT_THAT(html, Not(HasSubstr("<script")));
    EXPECT_THAT(html, Not(HasSubstr("http://www.example")));
    EXPECT_THAT(html, Not(HasSubstr("src=")));
    EXPECT_THAT(html, Not(HasSubstr("<link")));
    EXPECT_EQ(count(html, "<style>"), 1U);
}

TEST_F(report, has_every_section) {
    for (const char* id : {"tong-quan", "theo-don-vi", "theo-chuyen-de", "xep-hang", "dien-hinh",
                           "giai-thich", "dau-van-tay"}) {
        EXPECT_EQ(count(html, std::string("<section id=\"") + id + "\">"), 1U) << id;
        EXPECT_EQ(count(html, std::string("href=\"#") + id + "\""), 1U) << id;
    }
    for (const char* heading : {"Tổng quan theo xếp loại", "Kết quả theo đơn vị",
                                "Kết quả theo chuyên đề", "Bảng xếp hạng", "Điển hình tiên tiến",
                                "Giải thích từng kết quả", "Dấu vân tay của lần đánh giá"}) {
        EXPECT_THAT(html, HasSubstr(std::string("<h2>") + heading + "</h2>"));
    }
}

TEST_F(report, counts_tiers_and_draws_them) {
    // 8 models: effective m1, m3, m0, m4, m5; average m2; poor m6, m7.
    EXPECT_THAT(
        html,
        HasSubstr(
            "Hiệu quả</td><td>Nhân rộng</td><td class=\"n\">5</td><td class=\"n\">62,5%</td>"));
    EXPECT_THAT(html, HasSubstr("Trung bình</td><td>Nâng chất lượng</td><td class=\"n\">1</td>"));
    EXPECT_THAT(
        html,
        HasSubstr("Kém</td><td>Loại bỏ</td><td class=\"n\">2</td><td class=\"n\">25,0%</td>"));
    EXPECT_EQ(count(html, "<svg class=\"tier-chart\""), 1U);
    EXPECT_EQ(count(html, "<svg class=\"score-histogram\""), 1U);
    EXPECT_EQ(count(html, "<rect "), 3U + 10U);
    EXPECT_THAT(html, HasSubstr("<title>Phân bố xếp loại: patrol-model</title>"));
}

TEST_F(report, groups_results_by_commune_and_the_units_below) {
    const std::size_t by_unit = html.find("<section id=\"theo-don-vi\">");
    const std::size_t c1 = html.find("<h3>Xã Một (c1)</h3>", by_unit);
    const std::size_t c2 = html.find("<h3>Xã Hai (c2)</h3>", by_unit);
    const std::size_t c3 = html.find("<h3>Xã Ba (c3)</h3>", by_unit);
    ASSERT_NE(c1, std::string::npos);
    ASSERT_NE(c2, std::string::npos);
    ASSERT_NE(c3, std::string::npos);
    EXPECT_LT(c1, c2);
    EXPECT_LT(c2, c3);
    // The commune has no model of its own; v1 hosts m1 and m6.
    const std::string_view c1_part = std::string_view(html).substr(c1, c2 - c1);
    EXPECT_THAT(std::string(c1_part),
                HasSubstr(">Xã Một</td><td class=\"muted\" colspan=\"5\">(không có kết quả)"));
    EXPECT_THAT(std::string(c1_part),
                HasSubstr("rowspan=\"2\">Thôn Một</td><td>Mô hình một (m1)</td>"));
    EXPECT_THAT(std::string(c1_part), HasSubstr(">Trường Một</td><td>Mô hình trường (m5)</td>"));
}

TEST_F(report, escapes_every_text) {
    EXPECT_THAT(html, HasSubstr("Thôn &lt;Hai&gt; &amp; &quot;Ba&quot;"));
    EXPECT_THAT(html, Not(HasSubstr("<Hai>")));
    EXPECT_THAT(html, HasSubstr("Mô hình tuần tra &lt;thử nghiệm&gt;"));
    EXPECT_EQ(html_escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
}

TEST_F(report, ranks_each_group_and_explains_each_subject) {
    // One ranking group per commune (c1, c2, c3).
    EXPECT_EQ(count(html, "<table class=\"ranking\">"), 3U);
    EXPECT_EQ(count(html, "<details>"), 8U);
    EXPECT_THAT(
        html,
        HasSubstr("<details><summary>m2 — Mô hình hai: Trung bình (69,00 điểm)</summary><pre>"));
    // Explained with the dataset at hand: names beside ids.
    explain_context context;
    context.data = &data;
    context.sources = &results;
    const auto e = explain(results.results()[0], "m2", language::vi, context);
    EXPECT_THAT(e.text, HasSubstr("Mô hình hai (m2) — "));
    EXPECT_THAT(html, HasSubstr(html_escape(e.text)));
}

// The report's explanation of a "Chưa đạt" commune names the criterion that kept it out of
// "Đạt", and, with the rulebooks at hand, the units its roll-ups did not count.
TEST(report_explanations, name_what_kept_the_quang_trung_commune_out_of_dat) {
    const std::filesystem::path root(ANTQ_SOURCE_DIR);
    const dataset data = load_dataset(root / "examples" / "data" / "quang-trung");
    const rulebook_set rules = rulebook_set::load(root / "rulebooks");
    const evaluation results = evaluate(data, rules, "2024");
    report_options options;
    options.rules = &rules;
    const std::string page = render_report(data, results, options);
    EXPECT_THAT(page, HasSubstr(html_escape("Để lên loại \"Đạt\":\n  các tiêu "
                                            "chí chưa đạt:\n  - recognised_70 (")));
    EXPECT_THAT(page,
                HasSubstr(html_escape("không được tính: Thôn Tân Lộc (qt-tan-loc) — Chưa đạt")));
    EXPECT_THAT(page, HasSubstr("tổng: 7/11 được tính"));
    // Without the rulebooks the criterion is still named, without the roll-ups' members.
    const std::string bare = render_report(data, results);
    EXPECT_THAT(bare, HasSubstr(html_escape("  - recognised_70 (")));
    EXPECT_THAT(bare, Not(HasSubstr("tổng: 7/11 được tính")));
}

TEST(report_exemplars, list_whom_to_propose_for_which_commendation_and_why) {
    const std::filesystem::path root(ANTQ_SOURCE_DIR);
    const dataset data = load_dataset(root / "examples" / "data" / "quang-trung");
    const rulebook_set rules = rulebook_set::load(root / "rulebooks");
    const evaluation results = evaluate(data, rules, "2025");
    report_options options;
    options.rules = &rules;
    const std::string page = render_report(data, results, options);
    const auto section = page.find("<section id=\"dien-hinh\">");
    ASSERT_NE(section, std::string::npos);
    const std::string exemplars = page.substr(section, page.find("</section>", section) - section);
    // Best tier first: qt-e02 (Kỷ niệm chương), qt-e01 (Bằng khen), then the Giấy khen.
    const auto e02 = exemplars.find("<td>qt-e02</td>");
    const auto e01 = exemplars.find("<td>qt-e01</td>");
    const auto e05 = exemplars.find("<td>qt-e05</td>");
    ASSERT_NE(e02, std::string::npos);
    ASSERT_NE(e01, std::string::npos);
    ASSERT_NE(e05, std::string::npos);
    EXPECT_LT(e02, e01);
    EXPECT_LT(e01, e05);
    EXPECT_THAT(exemplars, HasSubstr("<td>Tập thể</td>"));
    EXPECT_THAT(exemplars,
                HasSubstr(html_escape("Mô hình \"Thôn an toàn về ANTT\" thôn Công Hòa")));
    EXPECT_THAT(exemplars, HasSubstr("(phụ trách)"));
    EXPECT_THAT(exemplars, HasSubstr(html_escape(
                               "Đủ điểm cho \"Đề nghị Bằng khen của Chủ tịch UBND tỉnh\" nhưng "
                               "mức này có hạn mức 20% trong mỗi đơn vị, đã dành cho Trần "
                               "Văn Hùng")));
    // Without a rulebook on exemplars, the section says so.
    const evaluation models_only =
        evaluate(data, rulebook_set::load(root / "rulebooks" / "model-effectiveness.yaml"), "2025");
    EXPECT_THAT(render_report(data, models_only),
                HasSubstr("Dữ liệu có 5 điển hình tiên tiến, nhưng không bộ tiêu chí nào đánh giá "
                          "điển hình trong lần đánh giá này."));
}

// A model started on 01/11/2024 has run 61 days of 2024, fewer than the 90 the patrol
// rulebook requires: the reason is stored in English and shown in Vietnamese.
TEST(report_reasons, say_why_a_model_was_not_graded_in_vietnamese) {
    model recent = test_support::make_model("m9", "Mô hình mới", "t", "a", "v1");
    recent.established = date(2024, 11, 1);
    const dataset data = test_support::make_dataset(
        {{"c1", "commune", "Xã Một", ""}, {"v1", "village", "Thôn Một", "c1"}},
        {test_support::make_model("m1", "Mô hình một", "t", "a", "v1"), recent},
        {{"m1", "2024", {{"patrols", 40}, {"households", 100}, {"households_signed", 100}}},
         {"m9", "2024", {{"patrols", 40}, {"households", 100}, {"households_signed", 100}}}});
    const evaluation results =
        evaluate(data, rulebook_set::from({test_support::patrol_rulebook()}), "2024");
    const rulebook_results& r = results.results()[0];
    const std::size_t row = *r.find("m9");
    EXPECT_EQ(r.columns().status[row], result_status::not_eligible);
    EXPECT_EQ(r.columns().message[row],
              "active 61 days in period 2024, fewer than the 90 required");
    const std::string html = render_report(data, results);
    EXPECT_THAT(html,
                HasSubstr("<td class=\"muted\">mới hoạt động 61 ngày trong kỳ 2024, cần ít nhất 90 "
                          "ngày</td>"));
    EXPECT_THAT(html, Not(HasSubstr("active 61 days")));
    EXPECT_EQ(
        explain(r, "m9", language::vi).text,
        "m9 — Mô hình tuần tra <thử nghiệm> (patrol-model), phiên bản 2024.1, kỳ 2024\n"
        "Trạng thái: không đủ điều kiện đánh giá (mới hoạt động 61 ngày trong kỳ 2024, cần ít nhất "
        "90 ngày)\n");
    EXPECT_EQ(explain(r, "m9", language::en).text,
              "m9 — Mô hình tuần tra <thử nghiệm> (patrol-model), version 2024.1, period 2024\n"
              "Status: not eligible (active 61 days in period 2024, fewer than the 90 required)\n");
}

TEST(reason_text, translates_the_eligibility_reasons_into_vietnamese) {
    EXPECT_EQ(
        reason_text(result_status::not_eligible,
                    "active 4 months in period 2024, fewer than the 9 required", language::vi),
        "mới hoạt động 4 tháng trong kỳ 2024, cần ít nhất 9 tháng");
    EXPECT_EQ(
        reason_text(result_status::not_eligible,
                    "active 0 days in period 2024-Q3, fewer than the 30 required", language::vi),
        "mới hoạt động 0 ngày trong kỳ 2024-Q3, cần ít nhất 30 ngày");
    EXPECT_EQ(
        reason_text(result_status::not_eligible,
                    "active 4 months in period 2024, fewer than the 9 required", language::en),
        "active 4 months in period 2024, fewer than the 9 required");
}

TEST(reason_text, leaves_other_messages_as_stored) {
    // A data error reads in Vietnamese, quoting what it names; in English as stored.
    EXPECT_EQ(
        reason_text(result_status::error,
                    "missing indicator 'patrols' for subject 'm4' in period 2024", language::vi),
        "thiếu chỉ số 'patrols' của đối tượng 'm4' trong kỳ 2024");
    EXPECT_EQ(
        reason_text(result_status::error,
                    "missing indicator 'patrols' for subject 'm4' in period 2024", language::en),
        "missing indicator 'patrols' for subject 'm4' in period 2024");
    EXPECT_EQ(reason_text(result_status::error,
                          "data.csv:3:4: indicator 'crimes' of subject 'm1' in period 2024 must "
                          "be a count (a whole number >= 0), not 'abc'",
                          language::vi),
              "data.csv:3:4: chỉ số 'crimes' của đối tượng 'm1' trong kỳ 2024 phải là số đếm (số "
              "nguyên >= 0), không phải 'abc'");
    EXPECT_EQ(reason_text(result_status::error,
                          "division by zero in criterion 'rate' at rules.yaml:9:12 for subject "
                          "'m2' in period 2024",
                          language::vi),
              "chia cho 0 ở tiêu chí 'rate' tại rules.yaml:9:12 của đối tượng 'm2' trong kỳ 2024");
    // A custom engine's reason, and text that only starts like the library's.
    EXPECT_EQ(reason_text(result_status::not_eligible, "chưa đủ hồ sơ", language::vi),
              "chưa đủ hồ sơ");
    EXPECT_EQ(reason_text(result_status::not_eligible,
                          "active 4 weeks in period 2024, fewer than the 9 required", language::vi),
              "active 4 weeks in period 2024, fewer than the 9 required");
    EXPECT_EQ(reason_text(result_status::not_eligible,
                          "active 4 months in period 2024, fewer than the 9 needed", language::vi),
              "active 4 months in period 2024, fewer than the 9 needed");
    EXPECT_EQ(reason_text(result_status::not_eligible, "", language::vi), "");
}

TEST_F(report, by_topic_counts_models_per_tier) {
    EXPECT_THAT(
        html,
        HasSubstr("<tr><td>a</td><td class=\"n\">4</td><td class=\"n\">1</td><td class=\"n\">1</td>"
                  "<td class=\"n\">0</td><td class=\"n\">6</td></tr>"));
    EXPECT_THAT(
        html,
        HasSubstr("<tr><td>b</td><td class=\"n\">1</td><td class=\"n\">0</td><td class=\"n\">1</td>"
                  "<td class=\"n\">0</td><td class=\"n\">2</td></tr>"));
}

TEST_F(report, carries_the_fingerprint) {
    EXPECT_THAT(html, HasSubstr("<code>" + results.fingerprint() + "</code>"));
    EXPECT_THAT(html, HasSubstr("<code>" + data.content_hash + "</code>"));
    EXPECT_THAT(html, HasSubstr("<code>" + results.rulebook_hashes()[0] + "</code>"));
}

TEST_F(report, is_the_same_bytes_each_time) {
    EXPECT_EQ(render_report(data, results), html);
}

TEST_F(report, limits_the_explanations_when_asked) {
    report_options options;
    options.max_explanations = 2;
    options.title = "Báo cáo <thử>";
    const std::string limited = render_report(data, results, options);
    EXPECT_EQ(count(limited, "<details>"), 2U);
    EXPECT_THAT(limited,
                HasSubstr("Còn 6 kết quả không kèm giải thích trong báo cáo này (giới hạn 2)."));
    EXPECT_THAT(limited, HasSubstr("<h1>Báo cáo &lt;thử&gt;</h1>"));
    options.explain_all = true;
    EXPECT_EQ(count(render_report(data, results, options), "<details>"), 8U);
}

TEST_F(report, refuses_results_of_another_dataset) {
    const dataset other = test_support::make_dataset({{"x", "commune", "X", ""}}, {}, {});
    EXPECT_THROW(static_cast<void>(render_report(other, results)), usage_error);
}

TEST_F(report, is_written_atomically_to_a_file) {
    const test_support::scratch_folder scratch;
    const auto file = scratch.path() / "bao-cao.html";
    write_report(file, data, results);
    EXPECT_EQ(test_support::read_text(file), html);
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(scratch.path()), {}), 1);
    EXPECT_THROW(write_report(scratch.path() / "no" / "such" / "folder.html", data, results),
                 io_error);
}

// Opens the page in headless Chromium: the tables and the charts must render.
TEST_F(report, renders_in_a_browser) {
    const std::filesystem::path chromium("/usr/bin/chromium");
    if (!std::filesystem::exists(chromium)) {
        GTEST_SKIP() << "/usr/bin/chromium is not installed (apt-get install chromium)";
    }
    const test_support::scratch_folder scratch;
    const auto page = scratch.path() / "report.html";
    write_report(page, data, results);
    const auto dom = scratch.path() / "dom.html";
    const auto png = scratch.path() / "report.png";
    const std::string flags =
        "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
        "--disable-background-networking --disable-component-update --disable-sync "
        "--user-data-dir=" +
        (scratch.path() / "profile").string();
    const std::string url = "file://" + page.string();
    ASSERT_EQ(std::system(("timeout 120 " + chromium.string() + " " + flags + " --dump-dom '" +
                           url + "' > '" + dom.string() + "' 2>/dev/null")
                              .c_str()),
              0);
    const std::string rendered = test_support::read_text(dom);
    EXPECT_THAT(rendered, HasSubstr("<h2>Bảng xếp hạng</h2>"));
    EXPECT_EQ(count(rendered, "<table class=\"ranking\">"), 3U);
    EXPECT_EQ(count(rendered, "<svg class=\"tier-chart\""), 1U);
    EXPECT_EQ(count(rendered, "<details>"), 8U);
    EXPECT_THAT(rendered, HasSubstr("Thôn &lt;Hai&gt; &amp; \"Ba\""));
    ASSERT_EQ(std::system(("timeout 120 " + chromium.string() + " " + flags +
                           " --window-size=1000,1400 --screenshot='" + png.string() + "' '" + url +
                           "' > /dev/null 2>&1")
                              .c_str()),
              0);
    const std::string image = test_support::read_text(png);
    ASSERT_GT(image.size(), 8U);
    EXPECT_EQ(image.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
    // A blank page compresses to a few hundred bytes; text, tables and charts do not.
    EXPECT_GT(image.size(), 20000U);
}

// Runs `command`, returns its standard output; "" when it fails.
std::string output_of(const std::string& command) {
    std::string out;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) {
        return out;
    }
    char buffer[4096];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) {
        out.append(buffer, n);
    }
    return ::pclose(pipe) == 0 ? out : std::string();
}

// Prints the Quảng Trung report to PDF with headless Chromium, as an officer prints it to
// sign and archive: A4, a page per section at least, the unit and period at the top of every
// page, the page number at the bottom, and the text there (pdfinfo and pdftotext, Debian's
// poppler-utils).
TEST(report_print, prints_to_a4_with_a_page_per_section_and_headers) {
    const std::filesystem::path chromium("/usr/bin/chromium");
    ASSERT_TRUE(std::filesystem::exists(chromium)) << "apt-get install chromium";
    ASSERT_EQ(std::system("command -v pdfinfo > /dev/null && command -v pdftotext > /dev/null"), 0)
        << "apt-get install poppler-utils";
    const std::filesystem::path root(ANTQ_SOURCE_DIR);
    const dataset data = load_dataset(root / "examples" / "data" / "quang-trung");
    const evaluation results = evaluate(data, rulebook_set::load(root / "rulebooks"), "2025");
    const test_support::scratch_folder scratch;
    const auto page = scratch.path() / "quang-trung.html";
    write_report(page, data, results);
    const auto pdf = scratch.path() / "quang-trung.pdf";
    const std::string flags =
        "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
        "--disable-background-networking --disable-component-update --disable-sync "
        "--no-pdf-header-footer --user-data-dir=" +
        (scratch.path() / "profile").string();
    ASSERT_EQ(std::system(("timeout 180 " + chromium.string() + " " + flags + " --print-to-pdf='" +
                           pdf.string() + "' 'file://" + page.string() + "' > /dev/null 2>&1")
                              .c_str()),
              0);
    ASSERT_TRUE(std::filesystem::exists(pdf));

    const std::string info = output_of("pdfinfo '" + pdf.string() + "'");
    EXPECT_THAT(info, HasSubstr("(A4)"));
    const auto at = info.find("Pages:");
    ASSERT_NE(at, std::string::npos) << info;
    const int pages = std::stoi(info.substr(at + 6));
    // Eight sections, each from a new page; the explanations of 50 results take several.
    EXPECT_GE(pages, 8);
    EXPECT_LE(pages, 200);

    const std::string text = output_of("pdftotext -enc UTF-8 '" + pdf.string() + "' -");
    ASSERT_FALSE(text.empty());
    for (const std::string_view heading :
         {"Tổng quan theo xếp loại", "Kết quả theo đơn vị", "Kết quả theo chuyên đề",
          "Bảng xếp hạng", "Điển hình tiên tiến", "Quyết định công nhận", "Giải thích từng kết quả",
          "Dấu vân tay"}) {
        EXPECT_THAT(text, HasSubstr(std::string(heading)));
    }
    EXPECT_THAT(text, HasSubstr("Thôn Công Hòa"));
    EXPECT_THAT(text, HasSubstr(results.fingerprint().substr(0, 16)));
    // Explanations print open: the text under a summary is there, not only the summary.
    EXPECT_THAT(text, HasSubstr("\nTrần Văn Hùng (qt-e01)"));
    // Every page carries the unit and the period at its top, and its number at its bottom.
    EXPECT_EQ(count(text, "Xã Quảng Trung — Kỳ đánh giá 2025"), static_cast<std::size_t>(pages));
    EXPECT_THAT(text, HasSubstr("Trang 1/" + std::to_string(pages)));
    EXPECT_THAT(text, HasSubstr("Trang " + std::to_string(pages) + "/" + std::to_string(pages)));
    // Pages are cut between sections: the first page ends before the results by unit begin.
    const std::string first_page = text.substr(0, text.find('\f'));
    EXPECT_THAT(first_page, HasSubstr("Tổng quan theo xếp loại"));
    EXPECT_THAT(first_page, Not(HasSubstr("Kết quả theo đơn vị")));
}

// Before: each unit below a commune walked up to it to find its depth, time squared in
// the depth of the tree (a million levels: over 5 minutes).
TEST(report_deep_tree, a_deep_chain_of_units_takes_linear_time) {
    const std::size_t depth = 200000;
    const dataset data = test_support::deep_chain_dataset(depth);
    const evaluation results =
        evaluate(data, rulebook_set::from({test_support::patrol_rulebook()}), "2024");
    const auto start = std::chrono::steady_clock::now();
    const std::string html = render_report(data, results);
    const auto seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_LT(seconds, 60.0);
    // The deepest village sits 200,000 levels below the commune.
    EXPECT_NE(html.find("padding-left:240000.5em"), std::string::npos);
}

// With a history, a page per village: its standard result, models, team and exemplars over
// the years, each row with an inline SVG line of its scores.
TEST(report_villages, a_page_per_village_over_the_years) {
    const std::filesystem::path root(ANTQ_SOURCE_DIR);
    const dataset data = load_dataset(root / "examples" / "data" / "quang-trung");
    const rulebook_set rules = rulebook_set::load(root / "rulebooks");
    const evaluation results = evaluate(data, rules, "2025");
    const auto years = year_range(2022, 2025);
    const history h = evaluate_history(data, rules, years);
    report_options options;
    options.history = &h;
    const std::string page = render_report(data, results, options);
    EXPECT_THAT(page, HasSubstr("<a href=\"#qua-cac-nam\">Các thôn qua các năm</a>"));
    EXPECT_THAT(page, HasSubstr("<section id=\"qua-cac-nam\"><h2>Các thôn qua các năm</h2>"));
    std::size_t villages = 0;
    for (const auto& u : data.registry.units()) {
        if (u.kind != "village") {
            continue;
        }
        ++villages;
        EXPECT_THAT(page, HasSubstr("<section class=\"thon\" id=\"thon-" + u.id + "\"><h3>" +
                                    html_escape(u.name) + "</h3>"));
    }
    EXPECT_GT(villages, 0u);
    // Thôn Tân Lộc's page: the standard rulebook's row, decided in 2022 ("*"), and its model
    // qt-m05, culled at the end of 2024.
    const auto tan_loc = page.find("id=\"thon-qt-tan-loc\"");
    ASSERT_NE(tan_loc, std::string::npos);
    const std::string own = page.substr(tan_loc, page.find("</section>", tan_loc) - tan_loc);
    const auto* standard = rules.find("tt124-residential");
    ASSERT_NE(standard, nullptr);
    EXPECT_THAT(own, HasSubstr("<h4>" + html_escape(standard->source().title) + "</h4>"));
    EXPECT_THAT(own, HasSubstr("<th>2022</th><th>2023</th><th>2024</th><th>2025</th>"));
    EXPECT_THAT(own, HasSubstr("Thôn Tân Lộc (qt-tan-loc)"));
    EXPECT_THAT(own, HasSubstr("*<br/>"));
    EXPECT_THAT(own, HasSubstr("(qt-m05)"));
    EXPECT_THAT(own, HasSubstr("<svg class=\"trend\""));
    EXPECT_THAT(own, HasSubstr("aria-label=\"Điểm qua các năm: 2022 "));
    EXPECT_THAT(own, HasSubstr("<polyline points=\""));
    // The teams' rulebook is not in force before 2024.
    EXPECT_THAT(page, HasSubstr("chưa áp dụng"));
    // Without a history, no such section.
    EXPECT_THAT(render_report(data, results), Not(HasSubstr("qua-cac-nam")));
}

// ---- In English (report_options::language) ----

report_options in_english() {
    report_options options;
    options.language = language::en;
    return options;
}

TEST_F(report, is_in_english_when_asked) {
    const std::string en = render_report(data, results, in_english());
    EXPECT_TRUE(
        en.starts_with("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>"));
    EXPECT_EQ(tag_problem(en), "");
    // The default title in English; the printed margins in English.
    EXPECT_THAT(en, HasSubstr("<title>Evaluation report of the movement &quot;All people protect "
                              "national security&quot;</title>"));
    EXPECT_THAT(en, HasSubstr("@bottom-right{content:\"Page \" counter(page)"));
    EXPECT_THAT(en, HasSubstr("Period: 2024<br/>"));
    EXPECT_THAT(en, HasSubstr("1 rulebooks, 8 results; data: "));
    EXPECT_THAT(en, HasSubstr("Rulebook patrol-model, version 2024.1 (Phương án thử nghiệm); "
                              "period 2024-01-01 – 2024-12-31; subjects: model."));
    // Every section under its English heading, at the same anchor as in Vietnamese.
    for (const auto& [id, heading] :
         {std::pair{"tong-quan", "Overview by tier"}, std::pair{"theo-don-vi", "Results by unit"},
          std::pair{"theo-chuyen-de", "Results by topic"}, std::pair{"xep-hang", "Rankings"},
          std::pair{"dien-hinh", "Exemplars"}, std::pair{"quyet-dinh", "Recognition decisions"},
          std::pair{"giai-thich", "Explanation of each result"},
          std::pair{"dau-van-tay", "Fingerprint of the evaluation"}}) {
        EXPECT_THAT(en,
                    HasSubstr(std::string("<section id=\"") + id + "\"><h2>" + heading + "</h2>"));
        EXPECT_THAT(en,
                    HasSubstr(std::string("<li><a href=\"#") + id + "\">" + heading + "</a></li>"));
    }
    // Column names, actions, the decimal point, tiers and charts.
    EXPECT_THAT(en, HasSubstr("<thead><tr><th>Tier</th><th>Action</th><th>Count</th><th>Share</th>"
                              "</tr></thead>"));
    EXPECT_THAT(
        en,
        HasSubstr("Hiệu quả</td><td>Replicate</td><td class=\"n\">5</td><td class=\"n\">62.5%"));
    EXPECT_THAT(en, HasSubstr("<th>Unit</th><th>Subject</th><th>Rulebook</th><th>Score</th>"
                              "<th>Tier</th><th>Rank</th>"));
    EXPECT_THAT(en, HasSubstr("<title>Tiers: patrol-model</title>"));
    EXPECT_THAT(en, HasSubstr("<title>Scores: patrol-model</title>"));
    EXPECT_THAT(en, HasSubstr("(no results)"));
    EXPECT_THAT(en, HasSubstr("<th>Library version</th>"));
    // Explanations in English, with their scores as English writes them.
    EXPECT_THAT(en, HasSubstr("<details><summary>m2 — Mô hình hai: Trung bình (69.00 points)"
                              "</summary><pre>"));
    explain_context context;
    context.data = &data;
    context.sources = &results;
    EXPECT_THAT(
        en,
        HasSubstr(html_escape(explain(results.results()[0], "m2", language::en, context).text)));
}

TEST_F(report, in_english_has_no_vietnamese_fixed_label) {
    const std::string en = render_report(data, results, in_english());
    for (const std::string_view vietnamese : {"lang=\"vi\"",
                                              "Báo cáo đánh giá",
                                              "Mục lục",
                                              "Tổng quan theo xếp loại",
                                              "Kết quả theo đơn vị",
                                              "Kết quả theo chuyên đề",
                                              "Bảng xếp hạng",
                                              "Giải thích từng kết quả",
                                              "Dấu vân tay",
                                              "<th>Xếp loại</th>",
                                              "<th>Hướng xử lý</th>",
                                              "<th>Số lượng</th>",
                                              "<th>Điểm</th>",
                                              "<th>Hạng</th>",
                                              "<th>Chuyên đề</th>",
                                              "Chưa xếp loại",
                                              "Phân bố xếp loại",
                                              "Phân bố điểm",
                                              "Bộ tiêu chí ",
                                              "Kỳ đánh giá",
                                              "Trang ",
                                              "(không có kết quả)",
                                              "Nhân rộng",
                                              "Nâng chất lượng",
                                              "Loại bỏ",
                                              " điểm)",
                                              "Phiên bản thư viện",
                                              "Chưa có quyết định",
                                              "Trạng thái:",
                                              "62,5%",
                                              "69,00"}) {
        EXPECT_THAT(en, Not(HasSubstr(std::string(vietnamese)))) << vietnamese;
    }
}

// The language changes words, never what is shown: the same rows, charts and explanations.
TEST_F(report, in_english_has_the_same_tables_and_charts) {
    const std::string en = render_report(data, results, in_english());
    for (const std::string_view part :
         {"<section ", "<table", "<tr>", "<td", "<rect ", "<svg ", "<details>", "<h3>", "<h4>"}) {
        EXPECT_EQ(count(en, part), count(html, part)) << part;
    }
}

TEST_F(report, keeps_a_title_given_in_either_language) {
    report_options options = in_english();
    options.title = "Tổng kết năm 2024";
    const std::string en = render_report(data, results, options);
    EXPECT_THAT(en, HasSubstr("<title>Tổng kết năm 2024</title>"));
    EXPECT_THAT(en, HasSubstr("<h1>Tổng kết năm 2024</h1>"));
    EXPECT_THAT(en, Not(HasSubstr("Evaluation report")));
    // An empty title is the default title of the report's language.
    EXPECT_EQ(report_options().title, "");
    EXPECT_THAT(html, HasSubstr("<h1>Báo cáo đánh giá phong trào Toàn dân bảo vệ an ninh Tổ "
                                "quốc</h1>"));
}

// Exemplars, decisions and the villages over the years, in English on the Quảng Trung data.
TEST(report_english, exemplars_decisions_and_villages_over_the_years) {
    const std::filesystem::path root(ANTQ_SOURCE_DIR);
    const dataset data = load_dataset(root / "examples" / "data" / "quang-trung");
    const rulebook_set rules = rulebook_set::load(root / "rulebooks");
    const evaluation results = evaluate(data, rules, "2024");
    const history h = evaluate_history(data, rules, year_range(2022, 2024));
    report_options options = in_english();
    options.rules = &rules;
    options.history = &h;
    const std::string en = render_report(data, results, options);
    EXPECT_EQ(tag_problem(en), "");
    for (const std::string english :
         {"<section id=\"qua-cac-nam\"><h2>Villages over the years</h2>",
          "<th>Scores over the years</th>", "aria-label=\"Scores over the years: 2022 ",
          "not in force", "<th>Id</th><th>Name</th><th>Individual / collective</th>",
          "Movement year ", "<th>Proposed</th><th>Decision</th><th>Number, date</th>",
          "Decision no. 198/QĐ-UBND, dated 2024-12-18"}) {
        EXPECT_THAT(en, HasSubstr(english));
    }
    for (const std::string_view vietnamese :
         {"Các thôn qua các năm", "Điểm qua các năm", "chưa áp dụng", "Năm phong trào",
          "Cá nhân / tập thể", "(phụ trách)", "Quyết định công nhận", "Thôn chưa có kết quả"}) {
        EXPECT_THAT(en, Not(HasSubstr(std::string(vietnamese)))) << vietnamese;
    }
    // The decisions' table (the explanations quote a decision as `decision_text` words it,
    // in Vietnamese in either language).
    const auto at = en.find("<section id=\"quyet-dinh\">");
    ASSERT_NE(at, std::string::npos);
    const std::string decided = en.substr(at, en.find("</section>", at) - at);
    EXPECT_THAT(decided, HasSubstr("<td>Confirms the proposal</td>"));
    for (const std::string_view vietnamese :
         {"QĐ số", ", ngày ", "Đã áp dụng", "Giữ nguyên đề xuất", "Khác đề xuất"}) {
        EXPECT_THAT(decided, Not(HasSubstr(std::string(vietnamese)))) << vietnamese;
    }
}

// Every format string of the report's words takes as many values in English as in
// Vietnamese: a missing `{}` would throw when the page is written.
TEST(report_words, fill_the_same_places_in_both_languages) {
    using detail::report_words;
    const auto places = [](std::string_view text) { return count(text, "{}"); };
    for (const auto field :
         {&report_words::period_line, &report_words::counts_line, &report_words::rulebook_line,
          &report_words::not_applicable, &report_words::first_effective,
          &report_words::the_unit_itself, &report_words::movement_year,
          &report_words::exemplars_not_evaluated, &report_words::quota_reason, &report_words::stale,
          &report_words::explanations_left, &report_words::villages_note,
          &report_words::rulebook_hash}) {
        const detail::said text = detail::report_words_table.*field;
        EXPECT_GT(places(text.vi), 0U) << text.vi;
        EXPECT_EQ(places(text.en), places(text.vi)) << text.en;
    }
    EXPECT_EQ(detail::report_words_table.html_lang.in(language::vi), "vi");
    EXPECT_EQ(detail::report_words_table.html_lang.in(language::en), "en");
}

}  // namespace
}  // namespace antq
