// Runs the built `antq` binary: `antq show SNAPSHOT` prints a saved snapshot's provenance and
// results in each format; a damaged or foreign file is an error naming it, exit status 1;
// wrong usage exits with 2.

#include "persistence/files.hpp"

#include <gmock/gmock.h>
#include "support/run_cli.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace antq {
namespace {

using test_support::read_bytes;
using test_support::run_antq;
using test_support::scratch_folder;
using ::testing::HasSubstr;
using ::testing::StartsWith;

using run_result = test_support::cli_result;

std::string golden_snapshot() {
    return std::string(ANTQ_TEST_DATA_DIR) + "/archives/v1/snapshot.binary.antq";
}

constexpr const char* provenance =
    "fingerprint  9691ef6d6f1e8bf68a806ed26ee6b67c5bd3332fce31be40cdbf6519716e5604\n"
    "dataset      5f1d0c7e2b9a4d8e6c3b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d\n"
    "rulebook     model-effectiveness version 2022.1, period 2024, content hash "
    "0b8e1f2a3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7\n"
    "\n";

TEST(show_command, a_vietnamese_table_starts_with_where_the_results_came_from) {
    const auto r = run_antq("show '" + golden_snapshot() + "'");
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_THAT(r.out,
                StartsWith("ảnh chụp kết quả " + golden_snapshot() +
                           " (lập 14/12/2024, antq 0.1.0)\n"
                           "dấu vân tay         "
                           "9691ef6d6f1e8bf68a806ed26ee6b67c5bd3332fce31be40cdbf6519716e5604\n"));
    EXPECT_THAT(r.out, HasSubstr("\nĐánh giá hiệu quả mô hình (model-effectiveness), phiên bản "
                                 "2022.1, kỳ 2024 (16/11/2023 – 15/11/2024)\n"));
    EXPECT_THAT(r.out, HasSubstr("\nm1  đã đánh giá                  85,25/100,00  Hoạt động hiệu "
                                 "quả  nhân rộng    c1                       1  Trung bình"));
    EXPECT_THAT(r.out, HasSubstr("\n  m3: không đủ điều kiện đánh giá: hoạt động 90 ngày trong "
                                 "kỳ, cần ít nhất 180\n"));
}

TEST(show_command, a_table_starts_with_where_the_results_came_from) {
    const auto r = run_antq("show '" + golden_snapshot() + "' --lang en");
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.err, "");
    EXPECT_THAT(r.out, StartsWith("snapshot " + golden_snapshot() +
                                  " (made 2024-12-14 by antq 0.1.0)\n" + provenance + "subject "));
    EXPECT_THAT(r.out, HasSubstr("\nm1 "));
    EXPECT_THAT(r.out, HasSubstr(" effective "));
    EXPECT_THAT(r.out, HasSubstr("hoạt động 90 ngày trong kỳ, cần ít nhất 180"));
}

TEST(show_command, csv_is_the_result_rows_as_evaluate_writes_them) {
    const auto r = run_antq("show '" + golden_snapshot() + "' --format csv");
    EXPECT_EQ(r.status, 0) << r.err;
    // A snapshot keeps no names: `name` is empty without --data.
    EXPECT_EQ(r.out,
              "subject,period,rulebook,version,status,score,max_score,tier,action,group,rank,"
              "name,status_label,tier_label,action_label,group_label,previous_tier,previous_rank\n"
              "m1,2024,model-effectiveness,2022.1,evaluated,85.25,100.00,effective,replicate,c1,"
              "1,,đã đánh giá,Hoạt động hiệu quả,nhân rộng,c1,average,3\n"
              "m2,2024,model-effectiveness,2022.1,evaluated,40.00,100.00,poor,dissolve,c1,2,,đã "
              "đánh giá,Kém hiệu quả,loại bỏ,c1,,\n"
              "m3,2024,model-effectiveness,2022.1,not_eligible,,,,,(không thuộc xã nào),,,không "
              "đủ điều kiện đánh giá,,,(không thuộc xã nào),effective,1\n");
}

TEST(show_command, json_holds_the_provenance_and_the_rows) {
    const auto r = run_antq("show '" + golden_snapshot() + "' --format json");
    EXPECT_EQ(r.status, 0) << r.err;
    const auto doc = nlohmann::json::parse(r.out);
    EXPECT_EQ(doc["snapshot"], golden_snapshot());
    EXPECT_EQ(doc["created"], "2024-12-14");
    EXPECT_EQ(doc["library_version"], "0.1.0");
    EXPECT_EQ(doc["fingerprint"],
              "9691ef6d6f1e8bf68a806ed26ee6b67c5bd3332fce31be40cdbf6519716e5604");
    EXPECT_EQ(doc["dataset_hash"],
              "5f1d0c7e2b9a4d8e6c3b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d");
    ASSERT_EQ(doc["rulebooks"].size(), 1U);
    EXPECT_EQ(doc["rulebooks"][0]["id"], "model-effectiveness");
    EXPECT_EQ(doc["rulebooks"][0]["version"], "2022.1");
    EXPECT_EQ(doc["rulebooks"][0]["period"], "2024");
    EXPECT_EQ(doc["rulebooks"][0]["content_hash"],
              "0b8e1f2a3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7");
    ASSERT_EQ(doc["results"].size(), 3U);
    EXPECT_EQ(doc["results"][0]["subject"], "m1");
    EXPECT_EQ(doc["results"][0]["tier"], "effective");
    EXPECT_EQ(doc["results"][0]["previous_rank"], 3);
    EXPECT_EQ(doc["results"][2]["status"], "not_eligible");
    EXPECT_TRUE(doc["results"][2]["score"].is_null());
    // Numbers keep the rulebook's digits, as `antq evaluate --format json` prints them.
    EXPECT_THAT(r.out, HasSubstr("\"max_score\": 100.00"));
}

TEST(show_command, a_damaged_snapshot_is_an_error_naming_the_file) {
    scratch_folder folder;
    std::string bytes = read_bytes(golden_snapshot());
    bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x20);
    const auto path = folder / "damaged.antq";
    test_support::write_bytes(path, bytes);

    const auto r = run_antq("show '" + path.string() + "'");
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err,
              "antq: error: " + path.string() + ": checksum mismatch: the file is damaged\n");
}

TEST(show_command, a_dataset_archive_or_a_missing_file_is_an_error) {
    const std::string dataset = std::string(ANTQ_TEST_DATA_DIR) + "/archives/v1/dataset.xml.antq";
    auto r = run_antq("show '" + dataset + "'");
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err, "antq: error: " + dataset + ": holds a dataset, not a snapshot\n");

    r = run_antq("show /nonexistent/results.antq");
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err,
              "antq: error: /nonexistent/results.antq: cannot open: No such file or directory\n");
}

std::string evaluate(const std::string& period, const std::string& extra) {
    const std::string data = std::string(ANTQ_TEST_DATA_DIR) + "/evaluation/cli";
    return "evaluate --rules '" + data + "/rules' --data '" + data + "/data' --period " + period +
           " --format csv " + extra;
}

TEST(show_command, shows_what_evaluate_saved) {
    scratch_folder folder;
    const auto saved = folder / "2024.antq";
    const auto evaluated = run_antq(evaluate("2024", "--save '" + saved.string() + "'"));
    ASSERT_EQ(evaluated.status, 0) << evaluated.err;
    EXPECT_THAT(evaluated.out, StartsWith("subject,period,rulebook,"));

    // With the dataset it was made from, the names too: the same bytes as evaluate wrote.
    const std::string data = std::string(ANTQ_TEST_DATA_DIR) + "/evaluation/cli/data";
    const auto shown = run_antq("show '" + saved.string() + "' --format csv --data '" + data + "'");
    EXPECT_EQ(shown.status, 0) << shown.err;
    EXPECT_EQ(shown.out, evaluated.out);
    // Without it, the names are empty and nothing else changes.
    const auto bare = run_antq("show '" + saved.string() + "' --format csv");
    EXPECT_THAT(bare.out, HasSubstr("\nm1,2024,patrols,2024.1,evaluated,100.00,100.00,effective,"
                                    "replicate,all,1,,đã đánh giá,Hiệu quả,nhân rộng,toàn bộ\n"));
}

TEST(show_command, a_saved_snapshot_is_a_previous_period_for_evaluate) {
    scratch_folder folder;
    const auto saved = folder / "2023.antq";
    ASSERT_EQ(run_antq(evaluate("2023", "--save '" + saved.string() + "'")).status, 0);

    const auto from_snapshot = run_antq(evaluate("2024", "--previous '" + saved.string() + "'"));
    const auto from_dataset = run_antq(evaluate("2024", "--previous 2023"));
    EXPECT_EQ(from_snapshot.status, 0) << from_snapshot.err;
    EXPECT_THAT(from_snapshot.out, HasSubstr(",previous_tier,previous_rank\n"));
    EXPECT_EQ(from_snapshot.out, from_dataset.out);

    const auto missing =
        run_antq(evaluate("2024", "--previous '" + (folder / "none.antq").string() + "'"));
    EXPECT_EQ(missing.status, 1);
    // After the block on the data's own problems (m4 lacks `patrols`).
    EXPECT_THAT(missing.err, ::testing::EndsWith("antq: error: " + (folder / "none.antq").string() +
                                                 ": cannot open: No such file or directory\n"));
}

TEST(show_command, wrong_usage_exits_with_2) {
    EXPECT_EQ(run_antq("show").status, 2);
    EXPECT_EQ(run_antq("show '" + golden_snapshot() + "' --format yaml").status, 2);
}

}  // namespace
}  // namespace antq
