#include <antq/rule_test.hpp>

#include <antq/error.hpp>
#include <antq/rulebook_loader.hpp>

#include "toolkit/toolkit_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace antq {
namespace {

using test_support::patrol_rulebook;
using test_support::scratch_folder;
using test_support::toolkit_data;
using test_support::write_text;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// The test rulebook with these tests in place of its own.
rulebook patrol_with_tests(const std::string& tests_yaml) {
    std::string text = test_support::read_text(toolkit_data() / "rules" / "patrol-model.yaml");
    text.erase(text.find("\ntests:") + 1);
    return parse_rulebook(text + "tests:\n" + tests_yaml, "patrol.yaml");
}

// Cases as a `*.cases.yaml` file holds them: checked against the rulebook only when run.
std::vector<rulebook_test> cases(const std::string& yaml) {
    return parse_rulebook_cases(yaml, "cases.yaml").tests;
}

std::string indented(const std::string& text) {
    std::string out;
    std::size_t begin = 0;
    while (begin < text.size()) {
        const std::size_t end = text.find('\n', begin);
        const std::string line = text.substr(begin, end - begin);
        out += (line.empty() ? "" : "    " + line) + "\n";
        begin = end == std::string::npos ? text.size() : end + 1;
    }
    return out;
}

TEST(rule_test, runs_inline_tests_and_cases_files_of_a_folder) {
    const std::vector<std::filesystem::path> paths{toolkit_data()};
    const test_run run = run_rule_tests(paths);
    ASSERT_EQ(run.cases.size(), 4U);
    // The rulebook's own tests, then its cases files in path order (cases/ before rules/).
    EXPECT_EQ(run.cases[0].name, "đủ chỉ tiêu thì hiệu quả");
    EXPECT_EQ(run.cases[1].name, "nửa chỉ tiêu tuần tra thì trung bình");
    EXPECT_EQ(run.cases[2].name, "mới hoạt động 30 ngày thì chưa xếp loại");
    EXPECT_EQ(run.cases[3].name, "phủ quyết thì kém dù đủ điểm");
    EXPECT_EQ(run.passed(), 4U);
    EXPECT_EQ(run.failed(), 0U);
    for (const auto& c : run.cases) {
        EXPECT_TRUE(c.passed) << c.name;
        EXPECT_EQ(c.rulebook, "patrol-model");
        EXPECT_TRUE(c.failures.empty());
        EXPECT_TRUE(c.explanation.empty());
    }
    EXPECT_EQ(run.cases[0].where.line, 46U);
    EXPECT_EQ(run.cases[0].where.column, 5U);
    ASSERT_TRUE(run.cases[0].actual.has_value());
    EXPECT_EQ(run.cases[0].actual->tier_id, "effective");
}

TEST(rule_test, coverage_counts_criteria_seen_passing_and_failing_and_tiers_reached) {
    const std::vector<std::filesystem::path> paths{toolkit_data()};
    const test_coverage c = run_rule_tests(paths).coverage;
    ASSERT_EQ(c.criteria.size(), 4U);
    ASSERT_EQ(c.tiers.size(), 3U);
    // no_serious_crime: passed (m1, m2), failed (m3). patrols and participation: passed
    // only (m4 is not evaluated, so its missing values do not count). reports_bonus:
    // failed only.
    EXPECT_EQ(c.criteria[0].criterion, "no_serious_crime");
    EXPECT_TRUE(c.criteria[0].passed_seen && c.criteria[0].failed_seen);
    EXPECT_TRUE(c.criteria[1].passed_seen);
    EXPECT_FALSE(c.criteria[1].failed_seen);
    EXPECT_TRUE(c.criteria[2].passed_seen);
    EXPECT_FALSE(c.criteria[2].failed_seen);
    EXPECT_FALSE(c.criteria[3].passed_seen);
    EXPECT_TRUE(c.criteria[3].failed_seen);
    for (const auto& t : c.tiers) {
        EXPECT_TRUE(t.reached) << t.tier;
        EXPECT_EQ(t.version, "2024.1");
    }
    EXPECT_EQ(c.covered_items(), 8U);
    EXPECT_EQ(c.total_items(), 11U);
    EXPECT_DOUBLE_EQ(c.fraction(), 8.0 / 11.0);
}

TEST(rule_test, report_of_a_passing_run_is_the_coverage_and_the_count) {
    const std::vector<std::filesystem::path> paths{toolkit_data()};
    EXPECT_EQ(format_test_run(run_rule_tests(paths), false, language::en),
              "coverage: 72.7% (8 of 11 items)\n"
              "  patrol-model 2024.1: criteria seen passing 3/4, failing 2/4; tiers reached 3/3\n"
              "    never passing: reports_bonus\n"
              "    never failing: patrols, participation\n"
              "4 passed, 0 failed\n");
}

// `previous:` gives the period before its observations, so a case can test a tier that reads
// the tier given the year before: that year is evaluated from them.
TEST(rule_test, a_case_tests_two_years_running_and_a_missing_year_through_previous) {
    std::string text = test_support::read_text(toolkit_data() / "rules" / "patrol-model.yaml");
    text.erase(text.find("\ntests:") + 1);
    const std::string effective = "      - {id: effective, label: \"Hiệu quả\"";
    text.insert(text.find(effective),
                "      - {id: running, label: \"Hiệu quả 2 năm liền\", when: 'score >= 80 and "
                "previous_tier() in [\"effective\", \"running\"]', action: replicate}\n");
    text += R"y(tests:
  - name: "hiệu quả 2 năm liền"
    period: "2025"
    subject: {id: m1, unit: v1}
    indicators: {patrols: 40, households: 100, households_signed: 100}
    previous: {patrols: 40, households: 100, households_signed: 90}
    expect: {tier: running, action: replicate}
  - name: "thiếu số liệu năm trước thì chưa đủ 2 năm liền"
    period: "2025"
    subject: {id: m2, unit: v1}
    indicators: {patrols: 40, households: 100, households_signed: 100}
    expect: {tier: effective}
  - name: "năm trước trung bình thì chưa đủ 2 năm liền"
    period: "2025"
    subject: {id: m3, unit: v1}
    indicators: {patrols: 40, households: 100, households_signed: 100}
    previous: {patrols: 20, households: 100, households_signed: 50}
    expect: {tier: effective}
)y";
    const rulebook book = parse_rulebook(text, "patrol.yaml");
    const test_run run = rule_tester(book).run_all();
    ASSERT_EQ(run.cases.size(), 3U);
    for (const auto& c : run.cases) {
        EXPECT_TRUE(c.passed) << c.name << ": " << ::testing::PrintToString(c.failures);
    }
}

TEST(rule_test, a_failing_case_lists_every_expectation_not_met_and_the_explanation) {
    const rulebook book = patrol_with_tests(R"y(  - name: "sai kỳ vọng"
    period: "2024"
    subject: {id: m9, unit: v1}
    indicators: {patrols: 20, households: 100, households_signed: 50}
    expect: {tier: effective, action: replicate, score: [80, 100], passed: [reports_bonus], failed: [patrols], rank: 2}
)y");
    const rule_tester tester(book);
    const test_run run = tester.run_all();
    ASSERT_EQ(run.cases.size(), 1U);
    const auto& c = run.cases[0];
    EXPECT_FALSE(c.passed);
    EXPECT_THAT(
        c.failures,
        ElementsAre("tier: expected effective, got average",
                    "action: expected replicate, got improve", "score: expected [80, 100], got 50",
                    "criterion reports_bonus: expected passed, got failed",
                    "criterion patrols: expected failed, got passed", "rank: expected 2, got 1"));
    ASSERT_TRUE(c.actual.has_value());
    EXPECT_EQ(c.actual->score, 50);
    const std::string explanation =
        explain(tester.evaluate(book.tests[0]).results, "m9", language::vi).text;
    EXPECT_EQ(c.explanation, explanation);
    EXPECT_THAT(c.explanation, HasSubstr("Trung bình"));
    EXPECT_EQ(run.passed(), 0U);
    EXPECT_EQ(run.failed(), 1U);
    const std::string report = format_test_run(run, false, language::en);
    EXPECT_EQ(report.substr(0, report.find("\n\ncoverage")),
              "FAIL patrol.yaml:46:5: patrol-model: sai kỳ vọng\n"
              "  tier: expected effective, got average\n"
              "  action: expected replicate, got improve\n"
              "  score: expected [80, 100], got 50\n"
              "  criterion reports_bonus: expected passed, got failed\n"
              "  criterion patrols: expected failed, got passed\n"
              "  rank: expected 2, got 1\n"
              "  explanation:\n" +
                  indented(explanation).substr(0, indented(explanation).size() - 1));
    EXPECT_TRUE(report.ends_with("\n0 passed, 1 failed\n"));
}

TEST(rule_test, a_failing_case_reads_in_vietnamese_with_labels_beside_ids) {
    const rulebook book = patrol_with_tests(R"y(  - name: "sai kỳ vọng"
    period: "2024"
    subject: {id: m9, unit: v1}
    indicators: {patrols: 20, households: 100, households_signed: 50}
    expect: {tier: effective, action: replicate, score: [80, 100.5], passed: [reports_bonus], failed: [patrols], rank: 2}
)y");
    const test_run run = rule_tester(book).run_all();
    ASSERT_EQ(run.cases.size(), 1U);
    const auto& c = run.cases[0];
    ASSERT_EQ(c.mismatches.size(), 6U);
    EXPECT_EQ(c.mismatches[0].about, test_mismatch::aspect::tier);
    EXPECT_EQ(c.mismatches[0].expected, "effective");
    EXPECT_EQ(c.mismatches[0].got, "average");
    EXPECT_EQ(c.mismatches[2].about, test_mismatch::aspect::score);
    EXPECT_EQ(c.mismatches[2].expected_score, std::make_pair(80.0, 100.5));
    EXPECT_EQ(c.mismatches[2].got_score, 50);
    // The English lines are the mismatches, one for one.
    ASSERT_EQ(c.failures.size(), c.mismatches.size());
    for (std::size_t i = 0; i < c.failures.size(); ++i) {
        EXPECT_EQ(c.failures[i], to_string(c.mismatches[i]));
    }
    const auto tier_label = [&](const std::string& id) {
        for (const auto& t : book.versions.front().tiers) {
            if (t.id == id) {
                return t.label;
            }
        }
        return std::string();
    };
    const std::string report = format_test_run(run);
    EXPECT_THAT(report, HasSubstr("KHÔNG KHỚP patrol.yaml:46:5: patrol-model: sai kỳ vọng\n"));
    EXPECT_THAT(report,
                HasSubstr("  loại: cần “" + tier_label("effective") + "” (effective), được “" +
                          tier_label("average") + "” (average)\n"));
    EXPECT_THAT(report, HasSubstr("  hành động: cần “nhân rộng” (replicate), được “"));
    EXPECT_THAT(report, HasSubstr("  điểm: cần từ 80 đến 100,5, được 50\n"));
    EXPECT_THAT(report, HasSubstr(": cần đạt, được không đạt\n"));
    EXPECT_THAT(report, HasSubstr(": cần không đạt, được đạt\n"));
    EXPECT_THAT(report, HasSubstr("  thứ hạng: cần 2, được 1\n"));
    EXPECT_THAT(report, HasSubstr("  giải thích:\n"));
    EXPECT_THAT(report, HasSubstr("\nđộ phủ: "));
    EXPECT_TRUE(report.ends_with("\n0 ca khớp, 1 ca không khớp\n")) << report;
    for (const char* english : {"FAIL", "expected", "got", "coverage", "passed", "failed"}) {
        EXPECT_THAT(report, Not(HasSubstr(std::string(english) + " "))) << english;
    }
}

TEST(rule_test, a_status_mismatch_names_both_statuses_in_vietnamese) {
    const rulebook book = patrol_with_tests(R"y(  - name: "trạng thái"
    period: "2024"
    subject: {id: m9, unit: v1}
    indicators: {patrols: 20, households: 100, households_signed: 50}
    expect: {status: not_eligible}
)y");
    const test_run run = rule_tester(book).run_all();
    ASSERT_EQ(run.cases.size(), 1U);
    ASSERT_EQ(run.cases[0].mismatches.size(), 1U);
    EXPECT_EQ(run.cases[0].failures[0], "status: expected not_eligible, got evaluated");
    EXPECT_THAT(format_test_run(run),
                HasSubstr("  trạng thái: cần không đủ điều kiện đánh giá (not_eligible), được "
                          "đã đánh giá (evaluated)\n"));
}

TEST(rule_test, a_single_number_score_is_printed_alone) {
    const rulebook book = patrol_with_tests(R"y(  - name: "điểm"
    period: "2024"
    subject: {id: m9}
    indicators: {patrols: 20, households: 100, households_signed: 50}
    expect: {score: 49.5}
)y");
    const auto r = rule_tester(book).run(book.tests[0]);
    EXPECT_THAT(r.failures, ElementsAre("score: expected 49.5, got 50"));
}

TEST(rule_test, a_subject_not_evaluated_fails_once_with_its_status_and_message) {
    const rulebook book = patrol_with_tests(R"y(  - name: "thiếu tuần tra"
    period: "2024"
    subject: {id: m9}
    indicators: {households: 100, households_signed: 50}
    expect: {tier: average, score: 50}
  - name: "trạng thái"
    period: "2024"
    subject: {id: m9}
    indicators: {patrols: 1}
    expect: {status: not_eligible}
)y");
    const rule_tester tester(book);
    const auto actual = tester.evaluate(book.tests[0]).subject;
    ASSERT_EQ(actual.status, result_status::error);
    EXPECT_THAT(actual.message, HasSubstr("patrols"));
    EXPECT_THAT(tester.run(book.tests[0]).failures,
                ElementsAre("status: expected evaluated, got error (" + actual.message + ")"));
    EXPECT_THAT(tester.run(book.tests[1]).failures,
                ElementsAre("status: expected not_eligible, got evaluated"));
}

TEST(rule_test, names_the_version_does_not_have_fail_the_case_with_a_suggestion) {
    const auto tests = cases(R"y(- name: "gõ nhầm"
  period: "2024"
  subject: {id: m9, unit_knd: village}
  indicators: {patrol: 20}
  previous: {househlds: 3}
  expect: {tier: efective, action: replicat, passed: [participaton], failed: [veto]}
)y");
    const rule_tester tester(patrol_rulebook());
    const auto r = tester.run(tests[0]);
    EXPECT_FALSE(r.passed);
    EXPECT_FALSE(r.actual.has_value());
    EXPECT_EQ(r.where, (source_location{"cases.yaml", 1, 3}));
    EXPECT_THAT(r.failures,
                ElementsAre("unknown subject attribute 'unit_knd' (did you mean 'unit_kind'?)",
                            "unknown indicator 'patrol' (did you mean 'patrols'?)",
                            "unknown indicator 'househlds' (did you mean 'households'?)",
                            "unknown tier 'efective' (did you mean 'effective'?)",
                            "unknown action 'replicat' (did you mean 'replicate'?)",
                            "unknown criterion 'participaton' (did you mean 'participation'?)",
                            "unknown criterion 'veto'"));
    EXPECT_THROW(static_cast<void>(tester.evaluate(tests[0])), usage_error);
}

TEST(rule_test, a_period_without_a_version_in_force_fails_the_case) {
    const auto tests = cases(R"y(- name: "kỳ cũ"
  period: "2020"
  subject: {id: m9}
  indicators: {patrols: 20}
  expect: {tier: average}
- name: "kỳ sai"
  period: "năm ngoái"
  subject: {id: m9}
  expect: {tier: average}
- name: "không có kỳ"
  subject: {id: m9}
)y");
    const rule_tester tester(patrol_rulebook());
    const auto old = tester.run(tests[0]);
    ASSERT_EQ(old.failures.size(), 1U);
    EXPECT_THAT(old.failures[0], HasSubstr("patrol-model"));
    EXPECT_THAT(old.failures[0], HasSubstr("2020-12-31"));
    const auto bad = tester.run(tests[1]);
    ASSERT_EQ(bad.failures.size(), 1U);
    EXPECT_THAT(bad.failures[0], HasSubstr("năm ngoái"));
    EXPECT_THAT(tester.run(tests[2]).failures, ElementsAre("the test has no period"));
}

TEST(rule_test, a_model_case_runs_on_a_dataset_of_one_model_and_its_unit) {
    const auto tests = cases(R"y(- name: "mô hình"
  period: "2024"
  subject: {id: m9, name: "Tổ tự quản", kind: "tự quản", topic: ma-tuy, target_group: ho-gia-dinh, unit: x1, unit_kind: commune, days_active: "100"}
  indicators: {patrols: 20, households: ~, reports: true}
  previous: {patrols: 10}
- name: "mặc định"
  period: "2024"
)y");
    const rule_tester tester(patrol_rulebook());
    const dataset d = tester.make_dataset(tests[0]);
    ASSERT_EQ(d.registry.models().size(), 1U);
    const model& m = d.registry.models()[0];
    EXPECT_EQ(m.id, "m9");
    EXPECT_EQ(m.name, "Tổ tự quản");
    EXPECT_EQ(m.type, "tự quản");
    EXPECT_EQ(m.topic, "ma-tuy");
    EXPECT_EQ(m.target_group, "ho-gia-dinh");
    EXPECT_EQ(m.unit, "x1");
    // 100 days to the end of 2024: from 23 September.
    ASSERT_TRUE(m.established.has_value());
    EXPECT_EQ(*m.established, date(2024, 9, 23));
    EXPECT_EQ(days_active(m, period::parse("2024")), 100);
    ASSERT_EQ(d.registry.units().size(), 1U);
    EXPECT_EQ(d.registry.units()[0].id, "x1");
    EXPECT_EQ(d.registry.units()[0].kind, "commune");
    const observation_table& o = d.observations;
    ASSERT_EQ(o.row_count(), 2U);
    EXPECT_THAT(o.period_labels(), ElementsAre("2024", "2023-01-01/2023-12-31"));
    const auto patrols = o.find_column("patrols");
    ASSERT_TRUE(patrols.has_value());
    EXPECT_EQ(o.columns()[*patrols].numbers[0], 20);
    EXPECT_EQ(o.columns()[*patrols].numbers[1], 10);
    const auto households = o.find_column("households");
    ASSERT_TRUE(households.has_value());
    EXPECT_TRUE(o.columns()[*households].is_missing(0));
    const auto reports = o.find_column("reports");
    ASSERT_TRUE(reports.has_value());
    EXPECT_EQ(o.columns()[*reports].numbers[0], 1);
    EXPECT_TRUE(o.columns()[*reports].is_missing(1));
    // Without attributes: the subject is `subject`, hosted by `unit-of-subject`, a
    // village, running the whole period; without values, one row and no column.
    const dataset bare = tester.make_dataset(tests[1]);
    ASSERT_EQ(bare.registry.models().size(), 1U);
    EXPECT_EQ(bare.registry.models()[0].id, "subject");
    EXPECT_EQ(bare.registry.models()[0].unit, "unit-of-subject");
    EXPECT_FALSE(bare.registry.models()[0].established.has_value());
    EXPECT_EQ(bare.registry.units()[0].kind, "village");
    EXPECT_EQ(bare.observations.row_count(), 1U);
    EXPECT_TRUE(bare.observations.columns().empty());
}

TEST(rule_test, subject_attributes_that_cannot_be_built_fail_the_case) {
    const rulebook book = patrol_with_tests(R"y(  - name: "ngày"
    period: "2024"
    subject: {id: m9, days_active: "nhiều"}
  - name: "quá dài"
    period: "2024"
    subject: {id: m9, days_active: "400"}
)y");
    const rule_tester tester(book);
    EXPECT_THAT(
        tester.run(book.tests[0]).failures,
        ElementsAre("subject attribute 'days_active' must be a whole number of days, got 'nhiều'"));
    EXPECT_THAT(tester.run(book.tests[1]).failures,
                ElementsAre("days_active 400 is more than the 366 days of the period"));
}

// A rulebook about units that rolls up another rulebook, for the shape of unit cases.
constexpr const char* unit_rulebook = R"y(antq: 1
id: safe-commune
title: "Xã an toàn"
subject: unit
period: calendar-year
versions:
  - version: "1"
    effective: 2020-01-01
    indicators:
      effective_share: {type: ratio, missing: zero}
    rollups:
      effective_share: {from: patrol-model, over: descendants, value: 'share(tier == "effective")'}
      villages: {from: patrol-model, over: descendants, value: "count(true)"}
    criteria:
      - {id: share, kind: scored, points: 100, score: "effective_share"}
      - {id: any_village, kind: required, when: "villages >= 1"}
    tiers:
      - {id: dat, label: "Đạt", when: "score >= 30", requires: [any_village], quota: {max_share: 0.2, within: all}}
      - {id: chua_dat, label: "Chưa đạt"}
tests:
  - name: "xã"
    period: "2024"
    subject: {id: x1, kind: commune}
    indicators: {effective_share: 0.5, villages: 4}
    expect: {tier: dat, score: 50, passed: [any_village]}
  - name: "thiếu roll-up không có chỉ tiêu cùng tên thì lỗi"
    period: "2024"
    subject: {id: x1}
    indicators: {effective_share: 0.5}
    expect: {status: error}
  - name: "thiếu roll-up có chỉ tiêu missing: zero"
    period: "2024"
    subject: {id: x1}
    indicators: {villages: 2}
    expect: {tier: chua_dat, score: 0}
  - name: "sai loại"
    period: "2024"
    subject: {id: x1, kind: commune, unit_kind: village}
  - name: "sai đơn vị"
    period: "2024"
    subject: {id: x1, unit: x2}
  - name: "ngày của đơn vị"
    period: "2024"
    subject: {id: x1, days_active: "100"}
)y";

TEST(rule_test, roll_ups_are_read_from_the_case_and_quotas_do_not_apply) {
    const rulebook book = parse_rulebook(unit_rulebook, "safe.yaml");
    const rule_tester tester(book);
    const test_run run = tester.run_all();
    ASSERT_EQ(run.cases.size(), 6U);
    // A quota of 20% would leave no room for one subject: the case sees the tier it
    // qualifies for.
    EXPECT_TRUE(run.cases[0].passed) << ::testing::PrintToString(run.cases[0].failures);
    EXPECT_TRUE(run.cases[1].passed) << ::testing::PrintToString(run.cases[1].failures);
    EXPECT_TRUE(run.cases[2].passed) << ::testing::PrintToString(run.cases[2].failures);
    EXPECT_THAT(
        run.cases[3].failures,
        ElementsAre(
            "subject 'kind' (commune) and 'unit_kind' (village) differ: a unit's kind is both"));
    EXPECT_THAT(run.cases[4].failures,
                ElementsAre("subject 'unit' (x2) must be the unit's own id (x1)"));
    EXPECT_THAT(
        run.cases[5].failures,
        ElementsAre(
            "subject 'days_active' (100) must be the 366 days of the period: units are active "
            "the whole period"));
    const dataset d = tester.make_dataset(book.tests[0]);
    ASSERT_EQ(d.registry.units().size(), 1U);
    EXPECT_EQ(d.registry.units()[0].kind, "commune");
    EXPECT_TRUE(d.registry.models().empty());
}

TEST(rule_test, a_subject_left_out_by_applies_to_fails_the_case) {
    std::string text = test_support::read_text(toolkit_data() / "rules" / "patrol-model.yaml");
    text.replace(text.find("period: calendar-year"), 0, "applies_to: 'topic != \"bo\"'\n");
    text.erase(text.find("\ntests:") + 1);
    const rulebook book = parse_rulebook(text + R"y(tests:
  - name: "ngoài phạm vi"
    period: "2024"
    subject: {id: m9, topic: bo}
    expect: {tier: poor}
)y",
                                         "scope.yaml");
    EXPECT_THAT(
        rule_tester(book).run(book.tests[0]).failures,
        ElementsAre(
            "subject 'm9' is not among the subjects of rulebook 'patrol-model' (its applies_to "
            "leaves it out)"));
}

TEST(rule_test, a_cases_file_names_its_rulebook_by_id_or_by_path_or_sits_beside_it) {
    const scratch_folder scratch;
    const auto rules = scratch.path() / "rules";
    std::filesystem::create_directories(rules);
    std::filesystem::copy_file(toolkit_data() / "rules" / "patrol-model.yaml",
                               rules / "patrol-model.yaml");
    const std::string one_case = R"y(
  - name: "một ca"
    period: "2024"
    subject: {id: m1}
    indicators: {patrols: 40, households: 1, households_signed: 1}
    expect: {tier: effective}
)y";
    write_text(rules / "by-id.cases.yaml", "rulebook: patrol-model\ntests:" + one_case);
    write_text(scratch.path() / "other" / "by-path.cases.yaml",
               "rulebook: ../rules/patrol-model.yaml\ntests:" + one_case);
    // Given alone, a cases file finds its rulebook in its own folder by id; the folder's
    // other rulebooks (one of them broken) are not run.
    std::string other = test_support::read_text(rules / "patrol-model.yaml");
    other.replace(other.find("id: patrol-model"), 16, "id: other-model");
    write_text(rules / "a-other.yaml", other);
    write_text(rules / "broken.yaml", "antq: 1\nid: [\n");
    const std::vector<std::filesystem::path> alone{rules / "by-id.cases.yaml"};
    const auto found = find_rule_tests(alone);
    ASSERT_EQ(found.size(), 1U);
    EXPECT_EQ(found[0].book.id, "patrol-model");
    EXPECT_EQ(found[0].cases.size(), 1U);
    std::filesystem::remove(rules / "a-other.yaml");
    std::filesystem::remove(rules / "broken.yaml");
    const std::vector<std::filesystem::path> both{scratch.path()};
    const auto run = run_rule_tests(both);
    // 2 own tests, then by-path (other/) and by-id (rules/) in path order.
    EXPECT_EQ(run.cases.size(), 4U);
    EXPECT_EQ(run.failed(), 0U);
    EXPECT_EQ(run.cases[2].where.file, (scratch.path() / "other" / "by-path.cases.yaml").string());
}

TEST(rule_test, a_cases_file_whose_rulebook_is_not_found_is_an_input_error) {
    const scratch_folder scratch;
    write_text(scratch.path() / "lost.cases.yaml", "rulebook: nowhere\ntests: []\n");
    write_text(scratch.path() / "orphan.cases.yaml", "- {name: x, period: '2024'}\n");
    const std::vector<std::filesystem::path> paths{scratch.path()};
    try {
        static_cast<void>(run_rule_tests(paths));
        FAIL() << "expected input_error";
    } catch (const input_error& e) {
        ASSERT_EQ(e.diagnostics().size(), 2U);
        EXPECT_EQ(e.diagnostics()[0].to_string(),
                  (scratch.path() / "lost.cases.yaml").string() +
                      ": error: the rulebook 'nowhere' this test file names is not found (no "
                      "rulebook with that id "
                      "under the paths given or beside the file, and no such file)");
        EXPECT_EQ(e.diagnostics()[1].to_string(),
                  (scratch.path() / "orphan.cases.yaml").string() +
                      ": error: no rulebook 'orphan.yaml' beside this test file, and no "
                      "'rulebook:' key naming the "
                      "rulebook it tests");
    }
}

TEST(rule_test, a_path_that_does_not_exist_is_an_io_error) {
    const std::vector<std::filesystem::path> paths{toolkit_data() / "no-such-folder"};
    EXPECT_THROW(static_cast<void>(run_rule_tests(paths)), io_error);
}

TEST(rule_test, a_rulebook_that_does_not_load_is_an_input_error_naming_its_place) {
    const scratch_folder scratch;
    write_text(scratch.path() / "bad.yaml", "antq: 1\nid: bad\nsubjekt: model\n");
    const std::vector<std::filesystem::path> paths{scratch.path()};
    try {
        static_cast<void>(run_rule_tests(paths));
        FAIL() << "expected input_error";
    } catch (const input_error& e) {
        ASSERT_FALSE(e.diagnostics().empty());
        EXPECT_EQ(e.diagnostics()[0].where.file, (scratch.path() / "bad.yaml").string());
        EXPECT_GT(e.diagnostics()[0].where.line, 0U);
    }
}

TEST(rule_test, the_shipped_rulebooks_pass_their_tests) {
    const std::vector<std::filesystem::path> paths{std::filesystem::path(ANTQ_SOURCE_DIR) /
                                                   "rulebooks"};
    const test_run run = run_rule_tests(paths);
    EXPECT_GT(run.cases.size(), 0U);
    EXPECT_EQ(run.failed(), 0U) << format_test_run(run);
}

// ---- Boundaries ----

TEST(rule_test_boundaries, three_cases_per_threshold_hit_their_scores_and_pass) {
    const rule_tester tester(patrol_rulebook());
    const boundary_cases b = generate_boundary_cases(tester);
    EXPECT_EQ(b.rulebook, "patrol-model");
    EXPECT_TRUE(b.unsolved.empty()) << ::testing::PrintToString(b.unsolved);
    ASSERT_EQ(b.tests.size(), 6U);
    const double targets[] = {79.99, 80, 80.01, 49.99, 50, 50.01};
    const char* tiers[] = {"average", "effective", "effective", "poor", "average", "average"};
    for (std::size_t i = 0; i < b.tests.size(); ++i) {
        const auto& t = b.tests[i];
        ASSERT_TRUE(t.expect.score.has_value());
        EXPECT_DOUBLE_EQ(t.expect.score->first, targets[i]);
        EXPECT_DOUBLE_EQ(t.expect.score->second, targets[i]);
        EXPECT_EQ(t.expect.tier, tiers[i]);
        EXPECT_EQ(t.expect.status, "evaluated");
        const auto result = tester.run(t);
        EXPECT_TRUE(result.passed) << t.name << ::testing::PrintToString(result.failures);
        EXPECT_NEAR(result.actual->score, targets[i], 1e-9);
    }
    EXPECT_EQ(b.tests[0].name, "ranh giới 'effective' (score >= 80): 79.99 điểm");
    EXPECT_EQ(b.tests[4].name, "ranh giới 'average' (score >= 50): 50.00 điểm");
}

TEST(rule_test_boundaries, a_threshold_moved_by_a_rule_change_fails_its_boundary_case) {
    const boundary_cases b = generate_boundary_cases(rule_tester(patrol_rulebook()));
    std::string text = test_support::read_text(toolkit_data() / "rules" / "patrol-model.yaml");
    text.replace(text.find("score >= 80"), 11, "score > 80");
    const rule_tester changed(parse_rulebook(text, "changed.yaml"));
    const auto at_80 = changed.run(b.tests[1]);
    EXPECT_THAT(at_80.failures, ElementsAre("tier: expected effective, got average",
                                            "action: expected replicate, got improve"));
    EXPECT_TRUE(changed.run(b.tests[0]).passed);
    EXPECT_TRUE(changed.run(b.tests[2]).passed);
}

TEST(rule_test_boundaries, cases_written_as_yaml_read_back_the_same) {
    const boundary_cases b = generate_boundary_cases(rule_tester(patrol_rulebook()));
    const std::string yaml = format_cases_yaml(b.rulebook, b.tests);
    EXPECT_TRUE(
        yaml.starts_with("antq: 1\nrulebook: \"patrol-model\"\ntests:\n  - name: \"ranh giới"));
    const rulebook_cases back = parse_rulebook_cases(yaml, "b.cases.yaml");
    EXPECT_EQ(back.rulebook, "patrol-model");
    ASSERT_EQ(back.tests.size(), b.tests.size());
    for (std::size_t i = 0; i < b.tests.size(); ++i) {
        EXPECT_EQ(back.tests[i].name, b.tests[i].name);
        EXPECT_EQ(back.tests[i].period, b.tests[i].period);
        EXPECT_EQ(back.tests[i].subject, b.tests[i].subject);
        EXPECT_EQ(back.tests[i].indicators, b.tests[i].indicators);
        EXPECT_EQ(back.tests[i].previous, b.tests[i].previous);
        EXPECT_EQ(back.tests[i].expect.tier, b.tests[i].expect.tier);
        EXPECT_EQ(back.tests[i].expect.action, b.tests[i].expect.action);
        EXPECT_EQ(back.tests[i].expect.score, b.tests[i].expect.score);
        EXPECT_EQ(back.tests[i].expect.status, b.tests[i].expect.status);
    }
}

TEST(rule_test_boundaries, texts_with_quotes_and_line_breaks_round_trip) {
    rulebook_test t;
    t.name = "tên \"có\" ngoặc\\ và\ndòng mới";
    t.period = "2024";
    t.subject["id"] = "m'1";
    t.indicators["a"] = 1.5;
    t.indicators["b"] = true;
    t.indicators["c"] = std::nullopt;
    t.indicators["d"] = std::string("chữ: {x}");
    t.previous["a"] = 2.0;
    t.expect.passed = {"x"};
    t.expect.failed = {"y", "z"};
    t.expect.rank = 3;
    const std::vector<rulebook_test> tests{t};
    const rulebook_cases back = parse_rulebook_cases(format_cases_yaml("r", tests), "t.cases.yaml");
    ASSERT_EQ(back.tests.size(), 1U);
    EXPECT_EQ(back.tests[0].name, t.name);
    EXPECT_EQ(back.tests[0].subject, t.subject);
    EXPECT_EQ(back.tests[0].indicators, t.indicators);
    EXPECT_EQ(back.tests[0].previous, t.previous);
    EXPECT_EQ(back.tests[0].expect.passed, t.expect.passed);
    EXPECT_EQ(back.tests[0].expect.failed, t.expect.failed);
    EXPECT_EQ(back.tests[0].expect.rank, 3);
}

TEST(rule_test_boundaries, thresholds_without_a_seed_or_a_continuous_input_are_listed_as_unsolved) {
    const rulebook book = parse_rulebook(R"y(antq: 1
id: flags
title: "Cờ"
subject: model
period: calendar-year
versions:
  - version: "1"
    effective: 2020-01-01
    indicators:
      ready: {type: bool}
    criteria:
      - {id: ready, kind: scored, points: 100, score: "ready ? 1 : 0"}
    tiers:
      - {id: good, label: "Tốt", when: "score >= 80"}
      - {id: bad, label: "Chưa tốt"}
  - version: "2"
    effective: 2030-01-01
    indicators:
      ready: {type: bool}
    criteria:
      - {id: ready, kind: scored, points: 100, score: "ready ? 1 : 0"}
    tiers:
      - {id: good, label: "Tốt", when: "score >= 80"}
      - {id: bad, label: "Chưa tốt"}
tests:
  - name: "sẵn sàng"
    period: "2024"
    subject: {id: m1}
    indicators: {ready: true}
    expect: {tier: good}
)y",
                                         "flags.yaml");
    const boundary_cases b = generate_boundary_cases(rule_tester(book));
    EXPECT_TRUE(b.tests.empty());
    EXPECT_THAT(
        b.unsolved,
        ElementsAre(
            "1 good (score >= 80): no single input of a scored criterion of the seeds reaches "
            "these "
            "scores",
            "2: no test case of this version is evaluated, so there is no seed to start from"));
}

TEST(rule_test_boundaries, saved_cases_are_read_back_by_the_runner) {
    const scratch_folder scratch;
    const rule_tester tester(patrol_rulebook());
    const auto file =
        save_boundary_cases(generate_boundary_cases(tester), scratch.path() / "boundaries");
    EXPECT_EQ(file, scratch.path() / "boundaries" / "patrol-model.boundaries.cases.yaml");
    const rulebook_cases cases = load_rulebook_cases(file);
    EXPECT_EQ(cases.rulebook, "patrol-model");
    const test_run run = tester.run_all(cases.tests);
    EXPECT_EQ(run.cases.size(), 8U);
    EXPECT_EQ(run.failed(), 0U) << format_test_run(run);
}

}  // namespace
}  // namespace antq
