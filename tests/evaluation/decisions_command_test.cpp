// Runs the built `antq` on the Quảng Trung example and on copies with bad decisions: the
// table, CSV and explanation show the proposal and the decision, `antq check` lists every
// bad decision row at its file:line:col and fails, `antq evaluate` refuses them, and
// `antq show` counts the decisions a snapshot kept.

#include "support/run_cli.hpp"
#include "support/scratch_path.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

using antq::test_support::cli_result;

cli_result run(const std::string& arguments) {
    return antq::test_support::run_program(ANTQ_CLI_PATH, arguments);
}

const std::string source = ANTQ_SOURCE_DIR;
const std::string data = source + "/examples/data/quang-trung";
const std::string rules = source + "/rulebooks";

TEST(decisions_command, evaluate_shows_the_override_beside_the_proposal) {
    // In Vietnamese (the default): the decided tier beside the proposal, the decision under
    // the rulebook's block.
    const auto vi = run("evaluate --rules '" + rules + "' --data '" + data + "' --period 2022");
    ASSERT_EQ(vi.status, 0) << vi.err;
    EXPECT_NE(vi.out.find("  Thôn Tân Lộc (qt-tan-loc): đề xuất: Chưa đạt; quyết định: Đạt, QĐ số "
                          "312/QĐ-UBND"),
              std::string::npos)
        << vi.out;
    EXPECT_NE(vi.out.find("quyết định"), std::string::npos) << vi.out;
    const auto r =
        run("evaluate --rules '" + rules + "' --data '" + data + "' --period 2022 --lang en");
    ASSERT_EQ(r.status, 0) << r.err;
    // In English the sentence is English; what the committee filed stays as filed.
    EXPECT_NE(r.out.find("qt-tan-loc (tt124-residential): proposed: Chưa đạt; decided: Đạt, "
                         "decision no. 312/QĐ-UBND of 2022-12-15 by UBND xã Quảng Trung (Chủ tịch "
                         "Lê Quang Hải), reason: 7 hộ chưa đăng ký"),
              std::string::npos)
        << r.out;
    const auto csv =
        run("evaluate --rules '" + rules + "' --data '" + data + "' --period 2022 --format csv");
    ASSERT_EQ(csv.status, 0) << csv.err;
    const std::size_t row = csv.out.find("\nqt-tan-loc,2022,tt124-residential,");
    ASSERT_NE(row, std::string::npos) << csv.out;
    const std::string line = csv.out.substr(row + 1, csv.out.find('\n', row + 1) - row - 1);
    EXPECT_NE(line.find(",chua_dat,,all,,"), std::string::npos) << line;
    EXPECT_TRUE(line.ends_with(",dat,312/QĐ-UBND,2022-12-15,false")) << line;
}

// The English table is the machine layout: the decision columns come last, as in the CSV.
TEST(decisions_command, the_english_table_has_the_decision_columns) {
    const auto r =
        run("evaluate --rules '" + rules + "' --data '" + data + "' --period 2022 --lang en");
    ASSERT_EQ(r.status, 0) << r.err;
    const std::string header = r.out.substr(0, r.out.find('\n'));
    EXPECT_TRUE(header.ends_with("decided_tier  decision_number  decision_date  decision_stale"))
        << header;
    std::string line;
    std::istringstream lines(r.out);
    for (std::string l; std::getline(lines, l);) {
        // The table's row (the decision's own line under the table reads "qt-tan-loc (...").
        if (l.starts_with("qt-tan-loc ") && l.find(" tt124-residential ") != std::string::npos) {
            line = l;
            break;
        }
    }
    ASSERT_FALSE(line.empty()) << r.out;
    EXPECT_NE(line.find("chua_dat"), std::string::npos) << line;
    EXPECT_NE(line.find(" dat "), std::string::npos) << line;
    EXPECT_NE(line.find("312/QĐ-UBND"), std::string::npos) << line;
    EXPECT_NE(line.find(" 2022-12-15 "), std::string::npos) << line;
    EXPECT_TRUE(line.ends_with(" false")) << line;
}

TEST(decisions_command, explain_says_what_was_decided) {
    const auto r = run("evaluate --rules '" + rules + "' --data '" + data +
                       "' --period 2024 --explain qt-m05");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("Quyết định: đề xuất: Kém hiệu quả; quyết định: giữ nguyên đề xuất (Kém "
                         "hiệu quả), QĐ số 198/QĐ-UBND, ngày 18/12/2024"),
              std::string::npos)
        << r.out;
}

TEST(decisions_command, check_and_evaluate_refuse_bad_decision_rows) {
    const fs::path dir = antq::test_support::scratch_path("decisions-cli");
    fs::remove_all(dir);
    fs::copy(data, dir, fs::copy_options::recursive);
    std::ofstream(dir / "decisions.csv", std::ios::binary | std::ios::trunc)
        << "subject,rulebook,period,proposed_tier,decided_tier,reason,number,date,body,signer\n"
           "qt-ha-thon,tt124-residential,2024,dat,tot,,1/QĐ-UBND,20/12/2024,UBND,\n"
           "qt-ha-thon,khu-dan-cu,2024,dat,,,2/QĐ-UBND,20/12/2024,UBND,\n";
    const std::string f = (dir / "decisions.csv").string();
    const auto check = run("check --data '" + dir.string() + "' --rules '" + rules + "'");
    EXPECT_EQ(check.status, 1);
    EXPECT_NE(check.err.find(f + ":2:5: error: unknown decided tier 'tot'"), std::string::npos)
        << check.err;
    EXPECT_NE(check.err.find(f + ":3:2: error: unknown rulebook 'khu-dan-cu'"), std::string::npos)
        << check.err;
    const auto evaluate =
        run("evaluate --rules '" + rules + "' --data '" + dir.string() + "' --period 2024");
    EXPECT_EQ(evaluate.status, 1);
    EXPECT_NE(evaluate.err.find(f + ":2:5: error: unknown decided tier 'tot'"), std::string::npos)
        << evaluate.err;
    // A bad date stops the load itself.
    std::ofstream(dir / "decisions.csv", std::ios::binary | std::ios::trunc)
        << "subject,rulebook,period,proposed_tier,number,date,body\n"
           "qt-ha-thon,tt124-residential,2024,dat,1/QĐ-UBND,2024-13-01,UBND\n";
    const auto load = run("check --data '" + dir.string() + "'");
    EXPECT_EQ(load.status, 1);
    EXPECT_NE(load.err.find(f + ":2:6: error: date '2024-13-01' is not a date"), std::string::npos)
        << load.err;
}

TEST(decisions_command, show_counts_the_decisions_a_snapshot_kept) {
    const fs::path file = antq::test_support::scratch_path("decisions-cli.antq");
    fs::remove(file);
    const auto saved = run("evaluate --rules '" + rules + "' --data '" + data +
                           "' --period 2022 --save '" + file.string() + "' --format csv");
    ASSERT_EQ(saved.status, 0) << saved.err;
    const auto shown = run("show '" + file.string() + "'");
    ASSERT_EQ(shown.status, 0) << shown.err;
    EXPECT_NE(shown.out.find("quyết định   1 đã ghi nhận (1 khác đề xuất, 0 quyết định cũ không "
                             "áp dụng)"),
              std::string::npos)
        << shown.out;
    EXPECT_NE(shown.out.find("qt-tan-loc: đề xuất: Chưa đạt; quyết định: Đạt"), std::string::npos)
        << shown.out;
}

}  // namespace
