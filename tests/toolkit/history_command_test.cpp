// `antq history` run as a user would on the Quảng Trung example: Vietnamese by default,
// English with --lang en, CSV and JSON written atomically with --out, skipped years noted on
// standard error, and bad ranges refused with a message naming the option (status 2).

#include "support/run_cli.hpp"
#include "support/scratch_path.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>

namespace {

using antq::test_support::cli_result;
using antq::test_support::read_text;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string source_dir = ANTQ_SOURCE_DIR;

cli_result run(const std::string& arguments) {
    return antq::test_support::run_program(ANTQ_CLI_PATH, arguments, source_dir);
}

const std::string history_2022_2025 =
    "history --rules rulebooks --data examples/data/quang-trung --from 2022 --to 2025";

TEST(history_command, vietnamese_table_by_default) {
    const auto r = run(history_2022_2025 + " --rulebook tt124-residential");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("Bộ tiêu chí: "));
    EXPECT_THAT(r.out, HasSubstr("(tt124-residential)"));
    EXPECT_THAT(r.out, HasSubstr("mã"));
    EXPECT_THAT(r.out, HasSubstr("Thôn Tân Lộc"));
    EXPECT_THAT(r.out, HasSubstr("* xếp loại theo quyết định của cấp có thẩm quyền"));
    EXPECT_THAT(r.out, HasSubstr("Thay đổi qua các kỳ:\n"));
    EXPECT_THAT(r.out, HasSubstr("qt-tan-loc, 2022: quyết định khác đề xuất: đề xuất "));
    EXPECT_THAT(r.out, Not(HasSubstr("evaluated")));
}

TEST(history_command, skipped_years_are_noted_in_vietnamese) {
    const auto r = run(history_2022_2025 + " --rulebook grassroots-teams");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_THAT(r.err, HasSubstr("antq: lưu ý: kỳ 2022: bỏ qua “"));
    EXPECT_THAT(r.err, HasSubstr("(grassroots-teams): chưa có phiên bản có hiệu lực trong kỳ "
                                 "này; phiên bản đầu tiên có hiệu lực từ 01/07/2024\n"));
    EXPECT_THAT(r.out, HasSubstr("kỳ 2023: chưa có phiên bản có hiệu lực trong kỳ 2023"));
    EXPECT_THAT(r.out, HasSubstr("chưa áp dụng"));
    EXPECT_THAT(r.out, HasSubstr("bắt đầu có kết quả"));
}

TEST(history_command, english_with_lang_en) {
    const auto r =
        run(history_2022_2025 + " --rulebook tt124-residential --subject qt-tan-loc --lang en");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("Rulebook: "));
    EXPECT_THAT(r.out, HasSubstr("qt-tan-loc, 2022: decided differently: proposed chua_dat, "
                                 "decided dat"));
    EXPECT_THAT(r.out, Not(HasSubstr("qt-cong-hoa")));
}

TEST(history_command, csv_and_json_to_files) {
    const auto csv = antq::test_support::scratch_path("history-command.csv");
    auto r = run(history_2022_2025 + " --format csv --out '" + csv.string() + "'");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(r.out.empty());
    const std::string text = read_text(csv);
    EXPECT_EQ(text.rfind("rulebook,period,version,subject,name,status,status_label,score,", 0), 0u);
    EXPECT_THAT(text, HasSubstr("grassroots-teams,2022,,"));
    EXPECT_THAT(text, HasSubstr(",skipped,chưa áp dụng,"));

    const auto json = antq::test_support::scratch_path("history-command.json");
    r = run(history_2022_2025 + " --format json --lang en --out '" + json.string() + "'");
    ASSERT_EQ(r.status, 0) << r.err;
    std::ifstream in(json);
    const auto parsed = nlohmann::json::parse(in);
    EXPECT_EQ(parsed["periods"].size(), 4u);
    EXPECT_FALSE(parsed["rulebooks"].empty());
}

// The same years read back from the runs stored for them (--runs-from) print the same
// history, one subject at a time (the tables keep subjects by id, not in the dataset's order).
TEST(history_command, runs_from_a_database_print_the_history_evaluated_from_the_data) {
    const auto file = antq::test_support::scratch_path("history-command-runs.db");
    const std::string db = "sqlite:" + file.string();
    auto r = run("db init --to '" + db + "'");
    if (r.status != 0 && r.err.find("database support") != std::string::npos) {
        GTEST_SKIP() << r.err;
    }
    ASSERT_EQ(r.status, 0) << r.err;
    for (const char* year : {"2022", "2024", "2025"}) {
        r = run(
            std::string("db store --rules rulebooks --data examples/data/quang-trung --period ") +
            year + " --to '" + db + "'");
        ASSERT_EQ(r.status, 0) << r.err;
    }
    const std::string one = " --rulebook tt124-residential --subject qt-tan-loc";
    const std::string range = " --from 2024 --to 2025";
    const auto evaluated =
        run("history --rules rulebooks --data examples/data/quang-trung" + range + one);
    ASSERT_EQ(evaluated.status, 0) << evaluated.err;
    const auto stored = run("history --rules rulebooks --runs-from '" + db +
                            "' --data examples/data/quang-trung" + range + one);
    ASSERT_EQ(stored.status, 0) << stored.err;
    EXPECT_EQ(stored.out, evaluated.out);
    // 2022 has the committee's decision on Thôn Tân Lộc: it stands, marked, as from the data.
    const auto decided =
        run("history --rules rulebooks --runs-from '" + db + "' --from 2022 --to 2022" + one);
    ASSERT_EQ(decided.status, 0) << decided.err;
    EXPECT_THAT(decided.out, HasSubstr("Đạt*"));
    EXPECT_THAT(decided.out, HasSubstr("qt-tan-loc, 2022: quyết định khác đề xuất: đề xuất "));
    // 2023 was not stored: said on standard error and in the table.
    const auto missing =
        run("history --rules rulebooks --runs-from '" + db + "' --from 2022 --to 2024" + one);
    ASSERT_EQ(missing.status, 0) << missing.err;
    EXPECT_THAT(missing.err, HasSubstr("antq: lưu ý: kỳ 2023: không có lần đánh giá nào của kỳ "
                                       "này được lưu trong cơ sở dữ liệu 'sqlite:"));
    EXPECT_THAT(missing.out, HasSubstr("chưa lưu"));
    // Years with no run at all: status 1, naming the database.
    const auto none =
        run("history --rules rulebooks --runs-from '" + db + "' --from 2020 --to 2021");
    EXPECT_EQ(none.status, 1);
    EXPECT_THAT(none.err, HasSubstr("has no stored run for any period from 2020 to 2021"));
}

TEST(history_command, from_after_to_is_a_usage_error) {
    const auto r =
        run("history --rules rulebooks --data examples/data/quang-trung --from 2025 --to 2021");
    EXPECT_EQ(r.status, 2);
    EXPECT_THAT(r.err, HasSubstr("antq: error: the range of years is empty: it starts in 2025 "
                                 "and ends in 2021"));
    EXPECT_TRUE(r.out.empty());
}

TEST(history_command, an_unreadable_year_names_the_option) {
    const auto r =
        run("history --rules rulebooks --data examples/data/quang-trung --from 2022 --to 20x5");
    EXPECT_EQ(r.status, 2);
    EXPECT_THAT(r.err, HasSubstr("antq: error: --to: '20x5' is not a year"));
}

TEST(history_command, a_failed_run_leaves_the_output_file_alone) {
    const auto out = antq::test_support::scratch_path("history-kept.csv");
    { std::ofstream(out) << "earlier\n"; }
    const auto r =
        run(history_2022_2025 + " --rulebook nope --format csv --out '" + out.string() + "'");
    EXPECT_EQ(r.status, 2);
    EXPECT_THAT(r.err, HasSubstr("nope"));
    EXPECT_EQ(read_text(out), "earlier\n");
}

TEST(history_command, an_unknown_subject_is_named) {
    const auto r = run(history_2022_2025 + " --subject qt-nowhere");
    EXPECT_EQ(r.status, 2);
    EXPECT_THAT(r.err, HasSubstr("subject 'qt-nowhere' has no result in any period from 2022 "
                                 "to 2025"));
}

TEST(history_command, a_range_before_the_rulebook_skips_those_years) {
    const auto r =
        run("history --rules rulebooks/model-effectiveness.yaml --data "
            "examples/data/quang-trung --from 2020 --to 2022 --format csv");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_THAT(r.err, HasSubstr("antq: lưu ý: kỳ 2020: bỏ qua"));
    EXPECT_THAT(r.out, HasSubstr("model-effectiveness,2020,,qt-m01,"));
    EXPECT_THAT(r.out, HasSubstr("model-effectiveness,2022,2022.1,qt-m01,"));
}

TEST(history_command, report_with_a_page_per_village) {
    const auto page = antq::test_support::scratch_path("history-report.html");
    auto r =
        run("report --rules rulebooks --data examples/data/quang-trung --period 2025 "
            "--history-from 2022 --out '" +
            page.string() + "'");
    ASSERT_EQ(r.status, 0) << r.err;
    const std::string html = read_text(page);
    EXPECT_THAT(html, HasSubstr("<h2>Các thôn qua các năm</h2>"));
    EXPECT_THAT(html, HasSubstr("id=\"thon-qt-tan-loc\""));
    EXPECT_THAT(html, HasSubstr("<svg class=\"trend\""));

    r =
        run("report --rules rulebooks --data examples/data/quang-trung --period 2025 "
            "--history-from 2026 --out '" +
            page.string() + "'");
    EXPECT_EQ(r.status, 2);
    EXPECT_THAT(r.err, HasSubstr("starts in 2026 and ends in 2025"));
    EXPECT_EQ(read_text(page), html);  // the earlier page is left as it was
}

}  // namespace
