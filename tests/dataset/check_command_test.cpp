// Runs the built `antq` binary: `antq check --data` prints counts, or every problem on
// stderr with exit status 1; wrong usage exits with 2.

#include <gmock/gmock.h>
#include "support/run_cli.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

using run_result = antq::test_support::cli_result;
using antq::test_support::read_text;
using antq::test_support::run_antq;

std::string data_dir() {
    return std::string(ANTQ_TEST_DATA_DIR) + "/dataset";
}

TEST(check_command, prints_what_a_good_dataset_holds) {
    const auto r = run_antq("check --data '" + data_dir() + "/good' --lang en");
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.err, "");
    EXPECT_THAT(r.out, HasSubstr(": ok\n"));
    EXPECT_EQ(
        r.out,
        "dataset " + data_dir() +
            "/good: ok\n"
            "units              7\n"
            "  commune          2\n"
            "  province         1\n"
            "  school           1\n"
            "  village          3\n"
            "models             5\n"
            "  giao-thong       1\n"
            "  hoa-giai         1\n"
            "  ma-tuy           1\n"
            "  trat-tu          2\n"
            "exemplars          2\n"
            "observations       5\n"
            "  period 2024      3\n"
            "  period 2023      2\n"
            "indicators         5\n"
            "  crimes           5\n"
            "  crimes_detected  5\n"
            "  patrols          4\n"
            "  note (text)      2\n"
            "  active           4\n"
            "content hash: 1af0bff733861455c6dec7c82f34c8b7901a33c525ef0564a41441b8f4ae8a4d\n");
}

TEST(check_command, prints_the_summary_in_vietnamese_by_default) {
    const auto r = run_antq("check --data '" + data_dir() + "/good'");
    EXPECT_EQ(r.status, 0) << r.err;
    // Without labels.csv, kinds and topics are shown as written.
    EXPECT_EQ(r.out, "dữ liệu " + data_dir() +
                         "/good: hợp lệ\n"
                         "đơn vị             7\n"
                         "  commune          2\n"
                         "  province         1\n"
                         "  school           1\n"
                         "  village          3\n"
                         "mô hình            5\n"
                         "  giao-thong       1\n"
                         "  hoa-giai         1\n"
                         "  ma-tuy           1\n"
                         "  trat-tu          2\n"
                         "điển hình          2\n"
                         "dòng số liệu       5\n"
                         "  kỳ 2024          3\n"
                         "  kỳ 2023          2\n"
                         "chỉ số             5\n"
                         "  crimes           5\n"
                         "  crimes_detected  5\n"
                         "  patrols          4\n"
                         "  note (văn bản)   2\n"
                         "  active           4\n"
                         "mã băm nội dung: "
                         "1af0bff733861455c6dec7c82f34c8b7901a33c525ef0564a41441b8f4ae8a4d\n");
}

TEST(check_command, json_datasets_too) {
    const auto r = run_antq("check --data '" + data_dir() + "/good.json' --lang en");
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("models             5\n"));
    EXPECT_THAT(
        r.out,
        HasSubstr(
            "content hash: 1af0bff733861455c6dec7c82f34c8b7901a33c525ef0564a41441b8f4ae8a4d\n"));
}

TEST(check_command, reports_every_problem_with_exit_status_one) {
    const auto r = run_antq("check --data '" + data_dir() + "/bad'");
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, "");
    const std::string models = data_dir() + "/bad/models.csv";
    EXPECT_EQ(r.err, models + ":3:6: error: unknown unit 'nowhere'\n" + models +
                         ":4:7: error: invalid date '2024-02-30' in column 'established': expected "
                         "YYYY-MM-DD or "
                         "DD/MM/YYYY\n" +
                         models + ":5:1: error: duplicate model id 'm1' (first on line 2)\n");
}

TEST(check_command, a_missing_dataset_is_an_input_failure) {
    const auto r = run_antq("check --data '" + data_dir() + "/no-such-folder'");
    EXPECT_EQ(r.status, 1);
    EXPECT_THAT(r.err, HasSubstr("no-such-folder': no such file or folder"));
}

TEST(check_command, wrong_usage_exits_with_two) {
    EXPECT_EQ(run_antq("check").status, 2);
    EXPECT_EQ(run_antq("check --data").status, 2);
    EXPECT_EQ(run_antq("check --no-such-option x").status, 2);
}

}  // namespace
