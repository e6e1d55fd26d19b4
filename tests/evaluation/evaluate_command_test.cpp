// Runs the built `antq evaluate`: results as CSV, JSON or a table on stdout or in a file,
// comparison with an earlier period, explanations; exit status 1 for wrong rules or data
// (diagnostics on stderr), 2 for wrong usage.

#include "evaluation/broken_copy.hpp"
#include "support/run_cli.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace {

namespace fs = std::filesystem;

using run_result = antq::test_support::cli_result;
using antq::test_support::read_text;
using antq::test_support::run_antq;

std::string dir() {
    return std::string(ANTQ_TEST_DATA_DIR) + "/evaluation/cli";
}

std::string evaluate(const std::string& extra) {
    return "evaluate --rules '" + dir() + "/rules' --data '" + dir() + "/data' --period 2024 " +
           extra;
}

// The ids, then the names and labels (in Vietnamese, the default language).
constexpr std::string_view expected_csv =
    "subject,period,rulebook,version,status,score,max_score,tier,action,group,rank,name,"
    "status_label,tier_label,action_label,group_label\n"
    "m1,2024,patrols,2024.1,evaluated,100.00,100.00,effective,replicate,all,1,Camera an ninh "
    "Công Hòa,đã đánh giá,Hiệu quả,nhân rộng,toàn bộ\n"
    "m2,2024,patrols,2024.1,evaluated,50.00,100.00,average,improve,all,2,Tổ hòa giải Cao "
    "Cựu,đã đánh giá,Trung bình,nâng chất lượng,toàn bộ\n"
    "m3,2024,patrols,2024.1,not_eligible,,,,,all,,Cổng trường an toàn,không đủ điều kiện đánh "
    "giá,,,toàn bộ\n"
    "m4,2024,patrols,2024.1,error,,,,,all,,Thôn không ma túy,lỗi dữ liệu,,,toàn bộ\n";

}  // namespace

// m4 lacks `patrols`: evaluate says so in one block before its results.
std::string data_problems() {
    return "antq: cảnh báo: dữ liệu có ô bị bộ tiêu chí từ chối; các đối tượng liên quan nhận "
           "trạng thái lỗi:\n" +
           dir() +
           "/data/observations.csv:7:3: lỗi: thiếu chỉ số 'patrols' của đối tượng 'm4' trong "
           "kỳ 2024\n";
}

TEST(evaluate_command, prints_csv) {
    const auto r = run_antq(evaluate("--format csv"));
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.err, data_problems());
    EXPECT_EQ(r.out, expected_csv);
}

TEST(evaluate_command, prints_a_table_by_default_with_the_reasons) {
    const auto r = run_antq(evaluate("--threads 2"));
    EXPECT_EQ(r.status, 0) << r.err;
    // In Vietnamese, for people: the rulebook's title and dates, names beside ids, the
    // tier's label, the action's word, the decimal comma, and why each subject was not
    // evaluated.
    EXPECT_EQ(r.out,
              "Tuần tra và tin báo (patrols), phiên bản 2024.1, kỳ 2024 (01/01/2024 – 31/12/2024)\n"
              "mã  tên                      trạng thái                            điểm  xếp loại   "
              " hướng xử lý      nhóm     hạng\n"
              "m1  Camera an ninh Công Hòa  đã đánh giá                  100,00/100,00  Hiệu quả   "
              " nhân rộng        toàn bộ     1\n"
              "m2  Tổ hòa giải Cao Cựu      đã đánh giá                   50,00/100,00  Trung bình "
              " nâng chất lượng  toàn bộ     2\n"
              "m3  Cổng trường an toàn      không đủ điều kiện đánh giá                            "
              "                  toàn bộ\n"
              "m4  Thôn không ma túy        lỗi dữ liệu                                            "
              "                  toàn bộ\n"
              "  Cổng trường an toàn (m3): không đủ điều kiện đánh giá: mới hoạt động 92 ngày "
              "trong kỳ 2024, cần ít nhất 180 ngày\n"
              "  Thôn không ma túy (m4): lỗi dữ liệu: thiếu chỉ số 'patrols' của đối tượng 'm4' "
              "trong kỳ 2024\n");
    // In English, the reasons as the results store them.
    const auto en = run_antq(evaluate("--lang en"));
    EXPECT_EQ(en.status, 0) << en.err;
    EXPECT_TRUE(en.out.starts_with("subject  name                     period  rulebook")) << en.out;
    EXPECT_TRUE(en.out.ends_with(
        "m3 (patrols): not_eligible: active 92 days in period 2024, fewer than the 180 required\n"
        "m4 (patrols): error: missing indicator 'patrols' for subject 'm4' in period 2024\n"))
        << en.out;
}

TEST(evaluate_command, writes_json_to_a_file) {
    const fs::path out =
        fs::temp_directory_path() / ("antq-evaluate-" + std::to_string(::getpid()) + ".json");
    const auto r = run_antq(evaluate("--format json --out '" + out.string() + "'"));
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "");
    const std::string json = read_text(out);
    fs::remove(out);
    EXPECT_EQ(
        json.substr(0, json.find('\n', 4) + 1),
        "[\n  {\"subject\": \"m1\", \"period\": \"2024\", \"rulebook\": \"patrols\", \"version\": "
        "\"2024.1\", \"status\": \"evaluated\", \"score\": 100.00, \"max_score\": 100.00, "
        "\"tier\": \"effective\", \"action\": \"replicate\", \"group\": \"all\", \"rank\": 1, "
        "\"name\": \"Camera an ninh Công Hòa\", \"status_label\": \"đã đánh giá\", "
        "\"tier_label\": \"Hiệu quả\", \"action_label\": \"nhân rộng\", \"group_label\": "
        "\"toàn bộ\"},\n");
}

TEST(evaluate_command, compares_with_an_earlier_period) {
    const auto r = run_antq(evaluate("--format csv --previous 2023"));
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out,
              "subject,period,rulebook,version,status,score,max_score,tier,action,group,rank,"
              "name,status_label,tier_label,action_label,group_label,previous_tier,previous_rank\n"
              "m1,2024,patrols,2024.1,evaluated,100.00,100.00,effective,replicate,all,1,Camera an "
              "ninh Công Hòa,đã đánh giá,Hiệu quả,nhân rộng,toàn bộ,average,2\n"
              "m2,2024,patrols,2024.1,evaluated,50.00,100.00,average,improve,all,2,Tổ hòa giải "
              "Cao Cựu,đã đánh giá,Trung bình,nâng chất lượng,toàn bộ,effective,1\n"
              "m3,2024,patrols,2024.1,not_eligible,,,,,all,,Cổng trường an toàn,không đủ điều "
              "kiện đánh giá,,,toàn bộ,,\n"
              "m4,2024,patrols,2024.1,error,,,,,all,,Thôn không ma túy,lỗi dữ liệu,,,toàn bộ,,\n");
}

TEST(evaluate_command, explains_one_subject_in_either_language) {
    const auto vi = run_antq(evaluate("--explain m2"));
    EXPECT_EQ(vi.status, 0) << vi.err;
    EXPECT_EQ(
        vi.out,
        "Tổ hòa giải Cao Cựu (m2) — Tuần tra và tin báo (patrols), phiên bản 2024.1, kỳ 2024\n"
        "Kết quả: 50,00/100,00 điểm; xếp loại \"Trung bình\"; hướng xử lý: nâng chất lượng; "
        "xếp hạng 2 trong nhóm toàn bộ\n"
        "Nâng điểm:\n"
        "  + patrols (Tuần tra): 30,00\n"
        "  + reports (Tin báo): 20,00\n"
        "Làm mất điểm:\n"
        "  - patrols (Tuần tra): thiếu 30,00\n"
        "  - reports (Tin báo): thiếu 20,00\n"
        "Xếp loại theo điều kiện của các loại.\n"
        "Để lên loại \"Hiệu quả\": cần thêm 30,00 điểm\n"
        "  chỉ cần đạt điểm tối đa ở một trong các tiêu chí: patrols (Tuần tra): thiếu 30,00\n");
    const auto en = run_antq(evaluate("--explain m4 --lang en"));
    EXPECT_EQ(en.status, 0) << en.err;
    EXPECT_EQ(en.out,
              "Thôn không ma túy (m4) — Tuần tra và tin báo (patrols), version 2024.1, period "
              "2024\n"
              "Status: data error (missing indicator 'patrols' for subject 'm4' in period 2024)\n");
}

// With --previous, the explanation says what changed since, criterion by criterion; the
// earlier period and a snapshot of it say the same.
TEST(evaluate_command, explains_what_changed_since_an_earlier_period_or_snapshot) {
    const auto by_period = run_antq(evaluate("--explain m2 --previous 2023"));
    EXPECT_EQ(by_period.status, 0) << by_period.err;
    const std::string said =
        "So với kỳ 2023: xếp loại \"Hiệu quả\" → \"Trung bình\" (xuống loại), hạng 1 → 2, "
        "điểm 100,00 → 50,00 (-50,00).\n"
        "Tiêu chí thay đổi:\n"
        "  * patrols (Tuần tra): đạt 60,00 → đạt 30,00\n"
        "  * reports (Tin báo): đạt 40,00 → đạt 20,00\n";
    EXPECT_TRUE(by_period.out.ends_with(said)) << by_period.out;

    const fs::path snapshot =
        fs::temp_directory_path() / ("antq-evaluate-2023-" + std::to_string(::getpid()) + ".antq");
    const auto saved =
        run_antq("evaluate --rules '" + dir() + "/rules' --data '" + dir() +
                 "/data' --period 2023 --format csv --save '" + snapshot.string() + "'");
    ASSERT_EQ(saved.status, 0) << saved.err;
    const auto by_snapshot =
        run_antq(evaluate("--explain m2 --previous '" + snapshot.string() + "'"));
    fs::remove(snapshot);
    EXPECT_EQ(by_snapshot.status, 0) << by_snapshot.err;
    EXPECT_EQ(by_snapshot.out, by_period.out);
}

// Before: a snapshot of other rulebooks silently gave no previous_* columns.
TEST(evaluate_command, a_snapshot_without_the_rulebook_is_said_on_stderr) {
    const fs::path folder =
        fs::temp_directory_path() / ("antq-evaluate-other-" + std::to_string(::getpid()));
    fs::create_directories(folder / "rules");
    std::string rules = read_text(dir() + "/rules/patrols.yaml");
    rules.replace(rules.find("id: patrols"), 11, "id: others");
    {
        std::ofstream out(folder / "rules" / "others.yaml", std::ios::binary);
        out << rules;
    }
    const fs::path snapshot = folder / "others.antq";
    const auto saved =
        run_antq("evaluate --rules '" + (folder / "rules").string() + "' --data '" + dir() +
                 "/data' --period 2023 --format csv --save '" + snapshot.string() + "'");
    ASSERT_EQ(saved.status, 0) << saved.err;
    const auto r = run_antq(evaluate("--format csv --previous '" + snapshot.string() + "'"));
    fs::remove_all(folder);
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, expected_csv);
    // The test data leave one cell empty on purpose: its warning block comes first.
    EXPECT_THAT(r.err, ::testing::EndsWith("antq: note: " + snapshot.string() +
                                           " has no results of rulebook 'patrols': its "
                                           "previous_tier and previous_rank are left out\n"));
}

TEST(evaluate_command, an_unknown_subject_to_explain_is_wrong_usage) {
    const auto r = run_antq(evaluate("--explain m9"));
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.err, data_problems() +
                         "antq: error: subject 'm9' is in none of the evaluated rulebooks\n");
}

TEST(evaluate_command, wrong_rules_exit_with_1_and_every_diagnostic) {
    const auto r = run_antq("evaluate --rules '" + dir() + "/bad-rules' --data '" + dir() +
                            "/data' --period 2024");
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_NE(
        r.err.find("broken.yaml:12:82: error: unknown name 'patrol' (did you mean 'patrols'?)"),
        std::string::npos)
        << r.err;
}

TEST(evaluate_command, wrong_usage_exits_with_2) {
    EXPECT_EQ(run_antq("evaluate --data x --period 2024").status, 2);
    EXPECT_EQ(run_antq(evaluate("--format xml")).status, 2);
    EXPECT_EQ(run_antq(evaluate("--lang fr")).status, 2);
    const auto bad_period = run_antq("evaluate --rules '" + dir() + "/rules' --data '" + dir() +
                                     "/data' --period 2024-13");
    EXPECT_EQ(bad_period.status, 2);
    EXPECT_NE(bad_period.err.find("2024-13"), std::string::npos) << bad_period.err;
    const auto no_version = run_antq("evaluate --rules '" + dir() + "/rules' --data '" + dir() +
                                     "/data' --period 2019");
    EXPECT_EQ(no_version.status, 2);
    EXPECT_NE(no_version.err.find("patrols"), std::string::npos) << no_version.err;
}

TEST(evaluate_command, a_missing_dataset_is_an_input_failure) {
    const auto r = run_antq("evaluate --rules '" + dir() + "/rules' --data '" + dir() +
                            "/nothing-here' --period 2024");
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("nothing-here"), std::string::npos) << r.err;
}

// One blank cell for one village (examples/data/quang-trung): the village is an error, and
// the commune, whose verdict reads it, says it has no verdict and why, in Vietnamese, in the
// lines under the table and in its explanation; the exit status stays 0 (results were
// produced, every problem said).
TEST(evaluate_command, a_blank_village_cell_makes_the_commune_incomplete_and_says_why) {
    const antq::test_support::broken_copy copy("qt-tan-loc", "2024", "households", "");
    const std::string rules = std::string(ANTQ_SOURCE_DIR) + "/rulebooks";
    const auto r = run_antq("evaluate --rules '" + rules + "' --data '" + copy.folder().string() +
                            "' --period 2024");
    EXPECT_EQ(r.status, 0) << r.err;
    // The commune's row (in the block of tt124-commune, the last): no score, tier or rank,
    // status incomplete.
    const std::size_t block = r.out.find("(tt124-commune), phiên bản");
    ASSERT_NE(block, std::string::npos) << r.out;
    const std::size_t row = r.out.find("\nquang-trung ", block);
    ASSERT_NE(row, std::string::npos) << r.out;
    const std::string line = r.out.substr(row + 1, r.out.find('\n', row + 1) - row - 1);
    EXPECT_EQ(line, "quang-trung  Xã Quảng Trung  chưa đủ dữ liệu") << line;
    EXPECT_NE(r.out.find("\n  Xã Quảng Trung (quang-trung): chưa đủ dữ liệu: chưa thể kết luận: "
                         "tổng hợp "),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("'qt-tan-loc' (Thôn Tân Lộc) thuộc bộ tiêu chí 'tt124-residential': lỗi "
                         "dữ liệu: "),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("\n  Thôn Tân Lộc (qt-tan-loc): lỗi dữ liệu: thiếu chỉ số 'households'"),
              std::string::npos)
        << r.out;

    const auto explained =
        run_antq("evaluate --rules '" + rules + "' --data '" + copy.folder().string() +
                 "' --period 2024 --explain quang-trung");
    EXPECT_EQ(explained.status, 0) << explained.err;
    EXPECT_NE(explained.out.find("Trạng thái: chưa đủ dữ liệu\nChưa thể kết luận: tổng hợp "),
              std::string::npos)
        << explained.out;
    EXPECT_NE(explained.out.find("  * 'qt-tan-loc' (Thôn Tân Lộc) thuộc bộ tiêu chí "
                                 "'tt124-residential': lỗi dữ liệu: "),
              std::string::npos)
        << explained.out;

    const auto csv = run_antq("evaluate --rules '" + rules + "' --data '" + copy.folder().string() +
                              "' --period 2024 --format csv");
    EXPECT_NE(csv.out.find("\nquang-trung,2024,tt124-commune,2022.1,incomplete,,,,,"),
              std::string::npos)
        << csv.out;
}
