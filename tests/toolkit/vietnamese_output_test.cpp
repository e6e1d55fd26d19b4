// Runs the built `antq evaluate` on the Quảng Trung example as a commune police officer
// would, and checks that what it prints for people in Vietnamese (the default) has no
// English word and no bare id: statuses, tiers, actions and groups in Vietnamese words,
// every subject id beside its name, the decimal comma (issue 10, "Output in the reader's
// language"). Also the machine formats' label columns and the CSV byte-order mark.

#include "evaluation/broken_copy.hpp"
#include "support/run_cli.hpp"
#include "support/scratch_path.hpp"

#include <antq/dataset.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <regex>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace fs = std::filesystem;
using antq::test_support::cli_result;

const std::string source_dir = ANTQ_SOURCE_DIR;

cli_result run(const std::string& arguments) {
    return antq::test_support::run_program(ANTQ_CLI_PATH, arguments, source_dir);
}

const std::string evaluate_2024 =
    "evaluate --rules rulebooks --data examples/data/quang-trung --period 2024";

/// The words a Vietnamese reader must never meet: the statuses, tiers and actions as ids,
/// the machine headings, English units of a result.
constexpr std::array<std::string_view, 27> english_words = {
    "evaluated", "not_eligible", "incomplete", "effective", "average", "poor",    "replicate",
    "improve",   "dissolve",     "score",      "rank",      "status",  "tier",    "action",
    "group",     "period",       "subject",    "months",    "points",  "passed",  "failed",
    "none",      "version",      "max_score",  "rulebook",  "error",   "chua_dat"};

/// ASCII words, ids and slugs of `text` (letters, digits, `_` and `-`), each with the line it
/// is on. Vietnamese letters outside ASCII end a word, so "đạt" gives "t", never "dat".
struct token {
    std::string text;
    std::string line;
};

std::vector<token> tokens_of(const std::string& text) {
    std::vector<token> out;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        std::string word;
        const auto flush = [&] {
            // A slug's trailing '-' (as in "a - b") is no part of it.
            while (!word.empty() && word.back() == '-') {
                word.pop_back();
            }
            if (!word.empty()) {
                out.push_back({word, line});
            }
            word.clear();
        };
        for (const char ch : line) {
            const auto c = static_cast<unsigned char>(ch);
            if (c < 0x80 && (std::isalnum(c) != 0 || ch == '_' || (ch == '-' && !word.empty()))) {
                word += ch;
            } else {
                flush();
            }
        }
        flush();
    }
    return out;
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

/// Every problem a Vietnamese reader would meet in `text`, one per line (empty: none).
std::string english_and_bare_ids(const std::string& text, const antq::dataset& data) {
    std::string problems;
    for (const auto& t : tokens_of(text)) {
        const std::string word = lower(t.text);
        if (std::find(english_words.begin(), english_words.end(), word) != english_words.end()) {
            problems += "English word '" + t.text + "' in: " + t.line + "\n";
        }
        // A subject id only beside its name.
        std::string_view name;
        bool subject = false;
        for (const auto& u : data.registry.units()) {
            if (u.id == t.text) {
                name = u.name;
                subject = true;
            }
        }
        for (const auto& m : data.registry.models()) {
            if (m.id == t.text) {
                name = m.name;
                subject = true;
            }
        }
        if (subject && (name.empty() || t.line.find(name) == std::string::npos)) {
            problems += "id '" + t.text + "' without its name in: " + t.line + "\n";
        }
        // A topic or target group only by its label.
        for (const auto& l : data.labels) {
            if (l.value == t.text && l.attribute != "unit_kind") {
                problems +=
                    l.attribute + " '" + t.text + "' without its label in: " + t.line + "\n";
            }
        }
    }
    // Numbers with a decimal point ("91.67"); a version after "phiên bản" is an id.
    static const std::regex decimal_point(R"(\d\.\d)");
    static const std::regex version(R"(phiên bản [^ ,]+)");
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        if (std::regex_search(std::regex_replace(line, version, "phiên bản V"), decimal_point)) {
            problems += "decimal point in: " + line + "\n";
        }
    }
    return problems;
}

const antq::dataset& quang_trung() {
    static const antq::dataset data =
        antq::load_dataset(fs::path(source_dir) / "examples/data/quang-trung");
    return data;
}

}  // namespace

TEST(vietnamese_output, the_checker_finds_english_words_bare_ids_and_decimal_points) {
    // The check must be able to fail: yesterday's table line fails it three ways.
    const std::string old_line =
        "qt-m01  2024  model-effectiveness  2022.1  evaluated  91.67  100.00  effective  "
        "replicate  quang-trung / an-ninh-trat-tu  3\n";
    const std::string problems = english_and_bare_ids(old_line, quang_trung());
    EXPECT_THAT(problems, testing::HasSubstr("English word 'evaluated'"));
    EXPECT_THAT(problems, testing::HasSubstr("English word 'replicate'"));
    EXPECT_THAT(problems, testing::HasSubstr("id 'qt-m01' without its name"));
    EXPECT_THAT(problems, testing::HasSubstr("id 'quang-trung' without its name"));
    EXPECT_THAT(problems, testing::HasSubstr("topic 'an-ninh-trat-tu' without its label"));
    EXPECT_THAT(problems, testing::HasSubstr("decimal point"));
    EXPECT_EQ(english_and_bare_ids("Xã Quảng Trung (quang-trung): 91,67 phiên bản 2022.1\n",
                                   quang_trung()),
              "");
}

TEST(vietnamese_output, evaluate_prints_no_english_word_and_no_bare_id) {
    const auto r = run(evaluate_2024);
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(english_and_bare_ids(r.out, quang_trung()), "") << r.out;
    // What an officer reads: names, Vietnamese words, the decimal comma, dd/mm/yyyy.
    EXPECT_THAT(r.out, testing::HasSubstr("kỳ 2024 (16/11/2023 – 15/11/2024)"));
    EXPECT_THAT(r.out, testing::ContainsRegex("qt-m01 +Mô hình \"Xã an toàn về ANTT\" xã "
                                              "Quảng Trung +đã đánh giá +91,67/100,00 +Hoạt "
                                              "động hiệu quả +duy trì +Xã Quảng Trung / An "
                                              "ninh, trật tự +3\n"));
    EXPECT_THAT(r.out, testing::ContainsRegex(
                           "quang-trung +Xã Quảng Trung +đã đánh giá +11/12 +Chưa đạt\n"));
    EXPECT_THAT(r.out, testing::HasSubstr("không đủ điều kiện đánh giá: mới hoạt động 2 tháng "
                                          "trong kỳ 2024, cần ít nhất 6 tháng\n"));
    EXPECT_THAT(r.out, testing::HasSubstr("số tiêu chí đạt"));
}

TEST(vietnamese_output, the_commune_explanation_prints_no_english_word_and_no_bare_id) {
    const auto r = run(evaluate_2024 + " --explain quang-trung");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(english_and_bare_ids(r.out, quang_trung()), "") << r.out;
    EXPECT_THAT(r.out, testing::HasSubstr("Kết quả: đạt 11/12 tiêu chí; xếp loại \"Chưa đạt\";"));
    EXPECT_THAT(r.out, testing::HasSubstr("Tiêu chí đạt:\n"));
    EXPECT_THAT(r.out, testing::HasSubstr("được xếp loại \"Đạt\""));
    EXPECT_THAT(r.out, testing::HasSubstr("Thôn Tân Lộc (qt-tan-loc) — Chưa đạt"));
    // No points on a checklist (the commune's 100-point grading, another rulebook, has them).
    const std::string checklist = r.out.substr(r.out.find("(tt124-commune)"));
    EXPECT_THAT(checklist, testing::Not(testing::HasSubstr("1,00")));
}

TEST(vietnamese_output, a_model_explanation_names_its_group_action_and_the_criteria_to_improve) {
    const auto r = run(evaluate_2024 + " --explain qt-m05");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(english_and_bare_ids(r.out, quang_trung()), "") << r.out;
    EXPECT_THAT(r.out, testing::HasSubstr("hướng xử lý: loại bỏ; xếp hạng 9 trong nhóm Xã Quảng "
                                          "Trung / An ninh, trật tự\n"));
    EXPECT_THAT(r.out,
                testing::HasSubstr("patrols (Số buổi tuần tra so với chỉ tiêu): thiếu 11,25"));
}

TEST(vietnamese_output, english_keeps_the_machine_layout_with_names) {
    const auto r = run(evaluate_2024 + " --lang en");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_THAT(r.out, testing::StartsWith("subject         name"));
    EXPECT_THAT(r.out, testing::ContainsRegex("\nqt-m01 +Mô hình [^\n]+ +2024 +model-effectiveness "
                                              "+2022\\.1 +evaluated +91\\.67"));
    EXPECT_THAT(r.out, testing::HasSubstr("qt-m16 (model-effectiveness): not_eligible: active 2 "
                                          "months in period 2024"));
}

TEST(vietnamese_output, csv_and_json_keep_ids_and_add_names_and_labels) {
    const auto csv = run(evaluate_2024 + " --format csv");
    ASSERT_EQ(csv.status, 0) << csv.err;
    EXPECT_THAT(csv.out, testing::StartsWith("subject,period,rulebook,version,status,score,"
                                             "max_score,tier,action,group,rank,name,status_label,"
                                             "tier_label,action_label,group_label,decided_tier,"
                                             "decision_number,decision_date,decision_stale\n"));
    EXPECT_THAT(csv.out, testing::HasSubstr(
                             "\nqt-m01,2024,model-effectiveness,2022.1,evaluated,91.67,100.00,"
                             "effective,maintain,quang-trung / an-ninh-trat-tu,3,\"Mô hình "
                             "\"\"Xã an toàn về ANTT\"\" xã Quảng Trung\",đã đánh giá,Hoạt động "
                             "hiệu quả,duy trì,\"Xã Quảng Trung / An ninh, trật tự\",,,,\n"));
    const auto en = run(evaluate_2024 + " --format csv --lang en");
    EXPECT_THAT(en.out, testing::HasSubstr(",not_eligible,,,,,quang-trung / tu-quan,,\"Mô hình"));
    EXPECT_THAT(en.out, testing::HasSubstr(",not eligible,,,\"Xã Quảng Trung / Tự phòng, tự quản, "
                                           "tự bảo vệ, tự hòa giải\",,,,\n"));

    const auto json = run(evaluate_2024 + " --format json");
    ASSERT_EQ(json.status, 0) << json.err;
    EXPECT_THAT(json.out, testing::HasSubstr(
                              "\"subject\": \"quang-trung\", \"period\": \"2024\", \"rulebook\": "
                              "\"tt124-commune\", \"version\": \"2022.1\", \"status\": "
                              "\"evaluated\", \"score\": 11.00, \"max_score\": 12.00, \"tier\": "
                              "\"chua_dat\", \"action\": \"\", \"group\": \"all\", \"rank\": null, "
                              "\"name\": \"Xã Quảng Trung\", \"status_label\": \"đã đánh giá\", "
                              "\"tier_label\": \"Chưa đạt\", \"action_label\": null, "
                              "\"group_label\": \"toàn bộ\", \"decided_tier\": null, "
                              "\"decision_number\": null, \"decision_date\": null, "
                              "\"decision_stale\": null}"));
}

TEST(vietnamese_output, the_byte_order_mark_only_when_asked) {
    const auto plain = run(evaluate_2024 + " --format csv");
    ASSERT_EQ(plain.status, 0) << plain.err;
    EXPECT_EQ(plain.out.substr(0, 8), "subject,");
    const auto marked = run(evaluate_2024 + " --format csv --bom");
    ASSERT_EQ(marked.status, 0) << marked.err;
    EXPECT_EQ(marked.out.substr(0, 3), "\xEF\xBB\xBF");
    EXPECT_EQ(marked.out.substr(3), plain.out);
    // In a file too, the same bytes.
    const fs::path file = antq::test_support::scratch_path("vietnamese-output-bom.csv");
    const auto saved = run(evaluate_2024 + " --format csv --bom --out '" + file.string() + "'");
    ASSERT_EQ(saved.status, 0) << saved.err;
    EXPECT_EQ(antq::test_support::read_text(file), marked.out);
    fs::remove(file);
    // Only CSV has one.
    const auto table = run(evaluate_2024 + " --bom");
    EXPECT_EQ(table.status, 2);
    EXPECT_THAT(table.err, testing::HasSubstr("--bom applies to --format csv only"));
}

TEST(vietnamese_output, gaps_prints_names_labels_and_the_decimal_comma) {
    const auto r =
        run("gaps --rules rulebooks --data examples/data/quang-trung --period 2024 "
            "--rulebook model-effectiveness");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(english_and_bare_ids(r.out, quang_trung()), "") << r.out;
    // qt-m03 (97,66) was effective in 2024 but not in 2023: maintained, not yet proposed
    // for replication, so the village model offered is the one effective two years running.
    EXPECT_THAT(r.out, testing::ContainsRegex(
                           "Thôn Công Hòa +Xã Quảng Trung +Tự phòng, tự quản, tự bảo vệ, tự hòa "
                           "giải +- +Mô hình \"Tự phòng, tự quản, tự bảo vệ, tự hòa giải\" thôn "
                           "Trung Thôn \\(qt-m13\\) +100,00 +Thôn Trung Thôn "
                           "\\(qt-trung-thon\\) \\(cùng xã\\)\n"));
    EXPECT_THAT(r.out, testing::Not(testing::HasSubstr("(qt-m03) ")));
}

TEST(vietnamese_output, diff_prints_vietnamese_words_and_labels) {
    // The old TT 124 residential standard against the shipped one: some villages change.
    const auto r =
        run("diff --old examples/rulebooks/before-tt124/tt124-residential.yaml "
            "--new rulebooks/tt124-residential.yaml --with rulebooks --data "
            "examples/data/quang-trung --period 2024");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(english_and_bare_ids(r.out, quang_trung()), "") << r.out;
    EXPECT_THAT(r.out, testing::HasSubstr("xếp loại (hàng: quy tắc cũ, cột: quy tắc mới"));
    EXPECT_THAT(r.out, testing::HasSubstr("đối tượng thay đổi kết quả\n"));
    const auto en =
        run("diff --old examples/rulebooks/before-tt124/tt124-residential.yaml "
            "--new rulebooks/tt124-residential.yaml --with rulebooks --data "
            "examples/data/quang-trung --period 2024 --lang en");
    EXPECT_THAT(en.out, testing::HasSubstr("tiers (rows: old, columns: new; - is no tier):"));
}

TEST(vietnamese_output, show_prints_a_snapshot_in_vietnamese_with_names_from_the_dataset) {
    const fs::path file = antq::test_support::scratch_path("vietnamese-output.antq");
    const auto saved = run(evaluate_2024 + " --save '" + file.string() + "' --format csv");
    ASSERT_EQ(saved.status, 0) << saved.err;
    const auto r = run("show '" + file.string() + "' --data examples/data/quang-trung");
    ASSERT_EQ(r.status, 0) << r.err;
    // The provenance (file name, hashes) aside, the same table as `evaluate` prints.
    const auto evaluated = run(evaluate_2024);
    EXPECT_THAT(r.out, testing::HasSubstr("\n\n" + evaluated.out));
    EXPECT_THAT(r.out, testing::StartsWith("ảnh chụp kết quả "));
    const auto body = r.out.substr(r.out.find("\n\n"));
    EXPECT_EQ(english_and_bare_ids(body, quang_trung()), "") << body;
    fs::remove(file);
}

TEST(vietnamese_output, a_mistyped_cell_is_explained_in_vietnamese_down_to_the_commune) {
    // One village's spreadsheet reads `abc` for its households: the village is in error, the
    // commune that counts it has no verdict; both say why in Vietnamese, quoting the cell.
    const antq::test_support::broken_copy copy("qt-trung-thon", "2024", "households", "abc");
    const std::string data = "--data '" + copy.folder().string() + "'";
    const auto table = run("evaluate --rules rulebooks " + data + " --period 2024");
    ASSERT_EQ(table.status, 0) << table.err;
    EXPECT_EQ(english_and_bare_ids(table.out, quang_trung()), "") << table.out;
    EXPECT_THAT(table.out, testing::HasSubstr("  Thôn Trung Thôn (qt-trung-thon): lỗi dữ liệu: "));
    EXPECT_THAT(table.out, testing::HasSubstr("chỉ số 'households' của đối tượng 'qt-trung-thon' "
                                              "trong kỳ 2024 phải là số đếm (số nguyên >= 0), "
                                              "không phải 'abc'"));
    EXPECT_THAT(table.out, testing::ContainsRegex("quang-trung +Xã Quảng Trung +chưa đủ dữ liệu"));
    const auto why =
        run("evaluate --rules rulebooks " + data + " --period 2024 --explain quang-trung");
    ASSERT_EQ(why.status, 0) << why.err;
    EXPECT_EQ(english_and_bare_ids(why.out, quang_trung()), "") << why.out;
    EXPECT_THAT(why.out, testing::HasSubstr("Trạng thái: chưa đủ dữ liệu"));
}
