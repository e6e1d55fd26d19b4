#pragma once

// The fixed words of the HTML report (antq/report.hpp) in one table, each in Vietnamese and
// in English side by side: its headings, column names, notes and the words of its statuses
// and subjects. Texts with `{}` are format strings (fmt), filled with the numbers and names
// of the evaluation; the words of actions shared with other outputs come from `word`
// (antq/labels.hpp). The Vietnamese words are the report as it has always read.

#include <antq/language.hpp>

#include <string_view>

namespace antq::detail {

/// One fixed text in both languages.
struct said {
    std::string_view vi;
    std::string_view en;

    [[nodiscard]] constexpr std::string_view in(language lang) const noexcept {
        return lang == language::en ? en : vi;
    }
};

struct report_words {
    said html_lang;
    said default_title;

    // The page's header and footer when printed, and the heading's summary.
    said period_prefix;  // "Kỳ đánh giá " + the period, at the top of each page
    said page;           // "Trang " before the page counter
    said period_line;    // {period}
    said counts_line;    // {rulebooks} {results} {units} {models} {exemplars}

    // The sections: their headings, also the table of contents.
    said contents;
    said overview;
    said by_unit;
    said by_topic;
    said rankings;
    said exemplars;
    said villages;
    said decisions;
    said explanations;
    said fingerprint;

    // Statuses and kinds of subject.
    said evaluated;
    said not_eligible;
    said error;
    said incomplete;
    said model;
    said unit;
    said exemplar;

    // Column names.
    said tier;
    said action;
    said count;
    said share;
    said unit_column;
    said subject;
    said rulebook;
    said score;
    said rank;
    said topic;
    said not_classified;
    said total;
    said id;
    said name;
    said person_or_collective;
    said models;
    said proposal;  // an exemplar's proposed commendation
    said proposed;  // the tier a decision was taken on
    said reason;
    said decided;
    said number_and_date;
    said body_and_signer;
    said standing;
    said scores_over_years;

    // The overview by tier.
    said rulebook_line;     // {rulebook} {version} {basis} {first} {last} {subjects}
    said action_if;         // between the action and its condition
    said action_otherwise;  // before the other action
    said not_applicable;    // {rulebook} {first version's date, or nothing}
    said first_effective;   // {date}
    said tier_chart;        // before the rulebook, in a chart's label
    said score_chart;
    said score_axis;

    // Results by unit and by topic.
    said no_results;
    said the_unit_itself;  // {id}
    said outside_communes;
    said no_topic;
    said no_model_rulebook;

    // Rankings and exemplars.
    said group;
    said movement_year;  // {first} {last}
    said leads;
    said collective;
    said individual;
    said no_exemplars;
    said exemplars_not_evaluated;  // {exemplars}
    said quota_reason;             // {tier} {share} {holders, or nothing}
    said quota_holders;            // before the holders

    // Decisions.
    said no_decisions;
    said decisions_note;
    said confirms;
    said decision_number;  // before the number
    said decision_date;    // before the date
    said stale;            // {proposed} {now}
    said overrides;
    said applied;

    // Explanations.
    said points;             // after a score, in a summary
    said explanations_left;  // {left} {limit}

    // Villages over the years.
    said villages_note;  // {first period} {last period}
    said not_in_force;
    said absent;
    said village_without_results;
    said scores_over_years_label;  // a trend chart's label, before the scores

    // The fingerprint.
    said fingerprint_note;
    said fingerprint_row;
    said data;
    said library_version;
    said rulebook_hash;  // {rulebook} {version}
};

inline constexpr report_words report_words_table{
    .html_lang = {"vi", "en"},
    .default_title = {"Báo cáo đánh giá phong trào Toàn dân bảo vệ an ninh Tổ quốc",
                      "Evaluation report of the movement \"All people protect national security\""},
    .period_prefix = {"Kỳ đánh giá ", "Period "},
    .page = {"Trang ", "Page "},
    .period_line = {"Kỳ đánh giá: {}", "Period: {}"},
    .counts_line =
        {"{} bộ tiêu chí, {} lượt đánh giá; dữ liệu: {} đơn vị, {} mô hình, {} điển hình.",
         "{} rulebooks, {} results; data: {} units, {} models, {} exemplars."},
    .contents = {"Mục lục", "Contents"},
    .overview = {"Tổng quan theo xếp loại", "Overview by tier"},
    .by_unit = {"Kết quả theo đơn vị", "Results by unit"},
    .by_topic = {"Kết quả theo chuyên đề", "Results by topic"},
    .rankings = {"Bảng xếp hạng", "Rankings"},
    .exemplars = {"Điển hình tiên tiến", "Exemplars"},
    .villages = {"Các thôn qua các năm", "Villages over the years"},
    .decisions = {"Quyết định công nhận", "Recognition decisions"},
    .explanations = {"Giải thích từng kết quả", "Explanation of each result"},
    .fingerprint = {"Dấu vân tay của lần đánh giá", "Fingerprint of the evaluation"},
    .evaluated = {"Đã đánh giá", "Evaluated"},
    .not_eligible = {"Chưa đủ điều kiện xếp loại", "Not eligible for a tier"},
    .error = {"Lỗi dữ liệu", "Data error"},
    .incomplete = {"Chưa đủ dữ liệu", "Incomplete data"},
    .model = {"mô hình", "model"},
    .unit = {"đơn vị", "unit"},
    .exemplar = {"điển hình", "exemplar"},
    .tier = {"Xếp loại", "Tier"},
    .action = {"Hướng xử lý", "Action"},
    .count = {"Số lượng", "Count"},
    .share = {"Tỷ lệ", "Share"},
    .unit_column = {"Đơn vị", "Unit"},
    .subject = {"Đối tượng", "Subject"},
    .rulebook = {"Bộ tiêu chí", "Rulebook"},
    .score = {"Điểm", "Score"},
    .rank = {"Hạng", "Rank"},
    .topic = {"Chuyên đề", "Topic"},
    .not_classified = {"Chưa xếp loại", "No tier"},
    .total = {"Tổng", "Total"},
    .id = {"Mã", "Id"},
    .name = {"Tên", "Name"},
    .person_or_collective = {"Cá nhân / tập thể", "Individual / collective"},
    .models = {"Mô hình", "Models"},
    .proposal = {"Đề nghị", "Proposal"},
    .proposed = {"Đề xuất", "Proposed"},
    .reason = {"Lý do", "Reason"},
    .decided = {"Quyết định", "Decision"},
    .number_and_date = {"Số, ngày", "Number, date"},
    .body_and_signer = {"Cơ quan, người ký", "Body, signer"},
    .standing = {"Tình trạng", "Standing"},
    .scores_over_years = {"Điểm qua các năm", "Scores over the years"},
    .rulebook_line = {"Bộ tiêu chí {}, phiên bản {}{}; kỳ {} – {}; đối tượng: {}.",
                      "Rulebook {}, version {}{}; period {} – {}; subjects: {}."},
    .action_if = {" nếu ", " if "},
    .action_otherwise = {", không thì ", ", otherwise "},
    .not_applicable =
        {"Bộ tiêu chí {}: không áp dụng cho kỳ này, vì chưa có phiên bản nào có hiệu lực{}.",
         "Rulebook {}: not applicable to this period, as no version of it is in force yet{}."},
    .first_effective = {" (phiên bản đầu tiên có hiệu lực từ {})",
                        " (its first version takes effect on {})"},
    .tier_chart = {"Phân bố xếp loại: ", "Tiers: "},
    .score_chart = {"Phân bố điểm: ", "Scores: "},
    .score_axis = {"Điểm", "Score"},
    .no_results = {"(không có kết quả)", "(no results)"},
    .the_unit_itself = {"chính đơn vị ({})", "the unit itself ({})"},
    .outside_communes = {"Đơn vị không thuộc xã nào", "Units in no commune"},
    .no_topic = {"(không ghi chuyên đề)", "(no topic given)"},
    .no_model_rulebook = {"Không có bộ tiêu chí đánh giá mô hình trong lần đánh giá này.",
                          "No rulebook of this evaluation evaluates models."},
    .group = {"Nhóm: ", "Group: "},
    .movement_year = {"Năm phong trào {} – {} (đến Ngày hội toàn dân bảo vệ ANTQ).",
                      "Movement year {} – {} (up to the national security festival day)."},
    .leads = {" (phụ trách)", " (leads)"},
    .collective = {"Tập thể", "Collective"},
    .individual = {"Cá nhân", "Individual"},
    .no_exemplars = {"Dữ liệu không có điển hình tiên tiến.", "The data have no exemplars."},
    .exemplars_not_evaluated =
        {"Dữ liệu có {} điển hình tiên tiến, nhưng không bộ tiêu chí nào đánh giá điển hình trong "
         "lần đánh giá này.",
         "The data have {} exemplars, but no rulebook of this evaluation evaluates exemplars."},
    .quota_reason = {"Đủ điểm cho \"{}\" nhưng mức này có hạn mức {}% trong mỗi đơn vị{}",
                     "Scored enough for \"{}\", but that tier has a quota of {}% in each unit{}"},
    .quota_holders = {", đã dành cho ", ", taken by "},
    .no_decisions = {"Chưa có quyết định nào được ghi nhận cho kỳ này.",
                     "No decision is recorded for this period."},
    .decisions_note = {"Kết quả đề xuất và quyết định của cơ quan có thẩm quyền được ghi riêng: "
                       "quyết định không thay đổi điểm, tiêu chí hay thứ hạng. Quyết định cũ (đề "
                       "xuất đã thay đổi sau khi quyết định) không được áp dụng.",
                       "Proposed results and the decisions of the competent body are kept apart: a "
                       "decision changes no score, criterion or rank. A stale decision (the "
                       "proposal changed after it was made) is not applied."},
    .confirms = {"Giữ nguyên đề xuất", "Confirms the proposal"},
    .decision_number = {"QĐ số ", "Decision no. "},
    .decision_date = {", ngày ", ", dated "},
    .stale = {"Quyết định cũ: đề xuất đã thay đổi từ {} sang {}, không áp dụng",
              "Stale decision: the proposal changed from {} to {}, not applied"},
    .overrides = {"Khác đề xuất, đã áp dụng", "Overrides the proposal, applied"},
    .applied = {"Đã áp dụng", "Applied"},
    .points = {" điểm", " points"},
    .explanations_left = {"Còn {} kết quả không kèm giải thích trong báo cáo này (giới hạn {}).",
                          "{} more results are not explained in this report (limit {})."},
    .villages_note = {"Kỳ {} đến {}: mỗi thôn một trang, gồm kết quả xếp loại của thôn, các mô "
                      "hình, tổ bảo vệ an ninh, trật tự ở cơ sở và điển hình tiên tiến của thôn "
                      "qua từng năm. Dấu * là xếp loại theo quyết định của cấp có thẩm quyền; "
                      "“chưa áp dụng” là năm bộ tiêu chí chưa có hiệu lực.",
                      "Periods {} to {}: a page per village, with the village's own tier, its "
                      "models, its grassroots security team and its exemplars year by year. A * "
                      "marks a tier set by a decision of the competent body; “not in force” marks "
                      "a year before the rulebook took effect."},
    .not_in_force = {"chưa áp dụng", "not in force"},
    .absent = {"không có", "none"},
    .village_without_results = {"Thôn chưa có kết quả nào trong các năm này.",
                                "The village has no results in these years."},
    .scores_over_years_label = {"Điểm qua các năm:", "Scores over the years:"},
    .fingerprint_note = {"Mã băm của bộ tiêu chí, dữ liệu và phiên bản thư viện: cùng đầu vào cho "
                         "cùng dấu vân tay, để kiểm tra và tái lập kết quả.",
                         "Hashes of the rulebooks, the data and the library version: the same "
                         "inputs give the same fingerprint, to check and reproduce the results."},
    .fingerprint_row = {"Dấu vân tay", "Fingerprint"},
    .data = {"Dữ liệu", "Data"},
    .library_version = {"Phiên bản thư viện", "Library version"},
    .rulebook_hash = {"Bộ tiêu chí {} {}", "Rulebook {} {}"},
};

}  // namespace antq::detail
