// `antq sensitivity` run as a user would on the Quảng Trung example: Vietnamese by default,
// English with --lang en, JSON written atomically with --out, the same bytes for any thread
// count, and bad names and ranges refused with a message (status 2, wrong usage).

#include "support/run_cli.hpp"
#include "support/scratch_path.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
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

const std::string quang_trung =
    "sensitivity --rules rulebooks/model-effectiveness.yaml --data examples/data/quang-trung "
    "--period 2025";

TEST(sensitivity_command, vietnamese_table_by_default) {
    const auto r = run(quang_trung + " --vary cutoff.effective=75:82:1");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("Bộ tiêu chí: "));
    EXPECT_THAT(r.out, HasSubstr("Thay đổi cutoff.effective — theo quy định: 80:"));
    EXPECT_THAT(r.out, HasSubstr("Hoạt động hiệu quả"));
    EXPECT_THAT(r.out, HasSubstr("đổi xếp loại"));
    EXPECT_THAT(r.out, HasSubstr("(qt-m01)"));
    EXPECT_THAT(r.out, Not(HasSubstr("average")));
}

TEST(sensitivity_command, english_with_lang_en_and_draws) {
    const auto r =
        run(quang_trung + " --vary cutoff.effective=78:82:2 --draws 20 --seed 3 --lang en");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("Varying cutoff.effective — as written: 80:"));
    EXPECT_THAT(r.out, HasSubstr("20 draws multiplying each criterion's points"));
    EXPECT_THAT(r.out, HasSubstr("seed 3"));
}

TEST(sensitivity_command, json_to_a_file_is_the_same_for_any_thread_count) {
    const auto folder = antq::test_support::scratch_path("sensitivity-cli");
    std::filesystem::create_directories(folder);
    const auto one = folder / "one.json";
    const auto four = folder / "four.json";
    const std::string args =
        quang_trung + " --vary cutoff.effective=70:90:5 --draws 30 --format json";
    ASSERT_EQ(run(args + " --threads 1 --out '" + one.string() + "'").status, 0);
    ASSERT_EQ(run(args + " --threads 4 --out '" + four.string() + "'").status, 0);
    const std::string text = read_text(one);
    EXPECT_EQ(text, read_text(four));
    const auto json = nlohmann::json::parse(text);
    ASSERT_EQ(json.size(), 1U);
    EXPECT_EQ(json[0]["rulebook"], "model-effectiveness");
    EXPECT_EQ(json[0]["sweeps"][0]["points"].size(), 5U);
    EXPECT_EQ(json[0]["draws"]["draws"], 30);
    std::filesystem::remove_all(folder);
}

TEST(sensitivity_command, html_with_a_chart_per_sweep_the_same_for_any_thread_count) {
    const auto folder = antq::test_support::scratch_path("sensitivity-cli-html");
    std::filesystem::create_directories(folder);
    const auto one = folder / "one.html";
    const auto four = folder / "four.html";
    const std::string args = quang_trung + " --vary cutoff.effective=70:90:5 --format html";
    ASSERT_EQ(run(args + " --threads 1 --out '" + one.string() + "'").status, 0);
    ASSERT_EQ(run(args + " --threads 4 --out '" + four.string() + "'").status, 0);
    const std::string html = read_text(one);
    EXPECT_EQ(html, read_text(four));
    EXPECT_THAT(html, HasSubstr("<html lang=\"vi\">"));
    EXPECT_THAT(html, HasSubstr("<svg class=\"sweep-chart\""));
    EXPECT_THAT(html, HasSubstr("<g class=\"series\" data-tier=\"effective\" data-counts=\""));
    EXPECT_THAT(html, HasSubstr("Hoạt động hiệu quả"));
    const auto en = run(quang_trung + " --vary cutoff.effective=70:90:5 --format html --lang en");
    ASSERT_EQ(en.status, 0) << en.err;
    EXPECT_THAT(en.out, HasSubstr("<html lang=\"en\">"));
    EXPECT_THAT(en.out, HasSubstr("Varying cutoff.effective"));
}

TEST(sensitivity_command, refuses_a_bad_name_with_a_suggestion) {
    const auto r = run(quang_trung + " --vary cutof.effective=75:82:1");
    EXPECT_EQ(r.status, 2);
    EXPECT_THAT(r.err, HasSubstr("unknown name 'cutof.effective' to vary"));
    EXPECT_THAT(r.err, HasSubstr("did you mean 'cutoff.effective'?"));
    EXPECT_TRUE(r.out.empty());
}

TEST(sensitivity_command, refuses_a_bad_range) {
    EXPECT_THAT(run(quang_trung + " --vary cutoff.effective=82:75:1").err,
                HasSubstr("FROM (82) is above TO (75)"));
    EXPECT_THAT(run(quang_trung + " --vary cutoff.effective=75:82:0").err,
                HasSubstr("the step must be above 0"));
    const auto r = run(quang_trung + " --vary cutoff.effective=0:100:0.01");
    EXPECT_EQ(r.status, 2);
    EXPECT_THAT(r.err, HasSubstr("more than the 1000 allowed"));
}

TEST(sensitivity_command, several_rulebooks_need_one_named) {
    const auto r =
        run("sensitivity --rules rulebooks --data examples/data/quang-trung --period 2025 "
            "--vary cutoff_kha=60:80:5");
    EXPECT_EQ(r.status, 2);
    EXPECT_THAT(r.err, HasSubstr("is in several rulebooks"));
    EXPECT_THAT(r.err, HasSubstr("--rulebook"));
    const auto one =
        run("sensitivity --rules rulebooks --data examples/data/quang-trung --period 2025 "
            "--vary cutoff_kha=60:80:5 --rulebook qd510-residential");
    EXPECT_EQ(one.status, 0) << one.err;
    EXPECT_THAT(one.out, HasSubstr("(qd510-residential)"));
}

TEST(sensitivity_command, help) {
    const auto r = run("sensitivity --help");
    EXPECT_EQ(r.status, 0);
    EXPECT_THAT(r.out, HasSubstr("--vary"));
    EXPECT_THAT(r.out, HasSubstr("--draws"));
}

}  // namespace
