// Roll-ups over subjects without a result (docs/rulebooks.md, "Sources without a result"):
// the `incomplete` status and its message, each `on_error` policy, subjects not eligible,
// quotas and ranks, the cascade to the next level, explanations and output.

#include <antq/evaluate.hpp>

#include <antq/dataset.hpp>
#include <antq/explain.hpp>
#include <antq/report.hpp>
#include <antq/result_io.hpp>
#include <antq/rule_diff.hpp>
#include <antq/rulebook_set.hpp>
#include <antq/testing.hpp>

#include "antq/evaluation/incompleteness.hpp"
#include "evaluation/broken_copy.hpp"
#include "evaluation/pipeline_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>

using namespace antq::test_support;
using antq::result_status;

namespace {

constexpr std::string_view incomplete_villages_rules = R"~(antq: 1
id: villages
title: "Khu dân cư an toàn"
subject: unit
applies_to: 'kind == "village"'
period: calendar-year
versions:
  - version: "1"
    effective: 2020-01-01
    indicators:
      incidents: {type: count}
    criteria:
      - {id: quiet, title: "Không có vụ việc", kind: required, when: "incidents == 0"}
    tiers:
      - {id: dat, label: "Đạt", when: "passed(quiet)"}
      - {id: chua_dat, label: "Chưa đạt"}
)~";

// ON_ERROR is replaced by each test: nothing (the default) or ", on_error: ...".
constexpr std::string_view incomplete_communes_rules = R"~(antq: 1
id: communes
title: "Xã an toàn"
subject: unit
applies_to: 'kind == "commune"'
period: calendar-year
versions:
  - version: "1"
    effective: 2020-01-01
    indicators:
      size: {type: count, missing: zero}
    rollups:
      recognised: {from: villages, over: children, value: 'count(tier == "dat")'ON_ERROR}
      share_recognised: {from: villages, over: children, value: 'share(tier == "dat")'ON_ERROR}
      villages: {from: villages, over: children, value: "count(true)"}
    criteria:
      - {id: most, title: "Đa số khu dân cư đạt", kind: required, when: "share_recognised >= 0.5"}
      - {id: size, kind: scored, points: 10, score: "size / 10"}
    tiers:
      - {id: dat, label: "Đạt", when: "passed(most)", quota: {max_share: 0.5}}
      - {id: chua_dat, label: "Chưa đạt"}
    ranking: {}
)~";

// Over the communes: the province reads their tiers.
constexpr std::string_view province_rules = R"~(antq: 1
id: province
title: "Tỉnh"
subject: unit
applies_to: 'kind == "province"'
period: calendar-year
versions:
  - version: "1"
    effective: 2020-01-01
    rollups:
      communes_dat: {from: communes, over: children, value: 'count(tier == "dat")'}
    criteria:
      - {id: any, kind: required, when: "communes_dat >= 1"}
    tiers:
      - {id: dat, label: "Đạt", when: "passed(any)"}
      - {id: chua_dat, label: "Chưa đạt"}
)~";

std::string communes_with(std::string_view on_error) {
    std::string text(incomplete_communes_rules);
    for (std::size_t at = text.find("ON_ERROR"); at != std::string::npos;
         at = text.find("ON_ERROR")) {
        text.replace(at, 8, on_error);
    }
    return text;
}

// c1: v1 quiet, v2 without its `incidents` (an error). c2: v3 quiet. c3: no village.
// Sizes put c1 first in the ranking and the quota when it is evaluated.
antq::dataset broken_village(std::string_view v2 = R"~({"subject": "v2", "period": "2024"})~",
                             std::string_view c1_size = "9") {
    std::string observations = R"~({"subject": "v1", "period": "2024", "incidents": 0},
            {"subject": "v3", "period": "2024", "incidents": 0},
            {"subject": "c1", "period": "2024", "size": )~";
    observations += c1_size;
    observations += R"~(},
            {"subject": "c2", "period": "2024", "size": 5},
            {"subject": "c3", "period": "2024", "size": 1},)~";
    observations += v2;
    return tree_dataset("", observations);
}

antq::evaluation evaluate_with(std::string_view on_error, const antq::dataset& data) {
    return antq::evaluate(data,
                          rulebooks({yaml_rulebook(incomplete_villages_rules, "villages.yaml"),
                                     yaml_rulebook(communes_with(on_error), "communes.yaml"),
                                     yaml_rulebook(province_rules, "province.yaml")}),
                          "2024");
}

constexpr std::string_view v2_problem =
    "missing indicator 'incidents' for subject 'v2' in period 2024";

}  // namespace

TEST(evaluate_incomplete, a_source_in_error_withholds_the_verdict_and_is_named) {
    const auto ev = evaluate_with("", broken_village());
    EXPECT_EQ(result_of(ev.at("villages"), "v2").status, result_status::error);
    EXPECT_EQ(result_of(ev.at("villages"), "v2").message, v2_problem);

    const auto c1 = result_of(ev.at("communes"), "c1");
    EXPECT_EQ(c1.status, result_status::incomplete);
    EXPECT_EQ(c1.message,
              "no verdict: roll-ups 'recognised', 'share_recognised' met 1 subject without a "
              "result: 'v2' (Thôn Hai) of 'villages' is error: missing indicator 'incidents' for "
              "subject 'v2' in period 2024");
    EXPECT_THAT(c1, antq::test_kit::has_status(result_status::incomplete));
    // A matcher on its tier says why it has none.
    EXPECT_TRUE(antq::test_kit::detail::not_evaluated(c1).starts_with(
        " (status incomplete: no verdict: roll-ups 'recognised'"));
    EXPECT_FALSE(c1.tier.has_value());
    EXPECT_EQ(c1.rank, antq::no_rank);
    EXPECT_TRUE(std::isnan(c1.score));
    for (const auto& c : c1.criteria) {
        EXPECT_FALSE(c.assessed) << c.id;
    }
    // The message reads back, for explanations in either language.
    const auto read = antq::detail::evaluation::read_incompleteness(c1.message);
    ASSERT_TRUE(read.has_value());
    EXPECT_EQ(read->count, 1U);
    ASSERT_EQ(read->sources.size(), 1U);
    EXPECT_EQ(read->sources[0].subject, "v2");
    EXPECT_EQ(read->sources[0].name, "Thôn Hai");
    EXPECT_EQ(read->sources[0].problem, v2_problem);

    // Other communes are unaffected: c2 (its village is fine) and c3 (none).
    EXPECT_EQ(result_of(ev.at("communes"), "c2").status, result_status::evaluated);
    EXPECT_EQ(result_of(ev.at("communes"), "c2").tier_id, "dat");
    EXPECT_EQ(result_of(ev.at("communes"), "c2").message, "");
    EXPECT_EQ(result_of(ev.at("communes"), "c3").status, result_status::evaluated);
    EXPECT_EQ(result_of(ev.at("communes"), "c3").tier_id, "chua_dat");
}

TEST(evaluate_incomplete, an_incomplete_subject_takes_no_quota_place_and_no_rank) {
    // Evaluated, c1 (size 9) would take the one place of the 50% quota over three communes
    // that qualify... with its data fixed, it does.
    const auto fixed = evaluate_with(
        "", broken_village(R"~({"subject": "v2", "period": "2024", "incidents": 0})~"));
    EXPECT_EQ(result_of(fixed.at("communes"), "c1").tier_id, "dat");
    EXPECT_EQ(result_of(fixed.at("communes"), "c1").rank, 1U);
    EXPECT_EQ(result_of(fixed.at("communes"), "c2").rank, 2U);

    // Incomplete, it takes neither a place nor a rank: c2 is first among the two evaluated
    // (the quota's n), floor(0.5 x 2) = 1 place, which c2 gets.
    const auto ev = evaluate_with("", broken_village());
    const auto& r = ev.at("communes");
    EXPECT_EQ(result_of(r, "c1").rank, antq::no_rank);
    EXPECT_EQ(r.columns().qualified_tier[*r.find("c1")], antq::no_tier);
    EXPECT_EQ(result_of(r, "c2").rank, 1U);
    EXPECT_EQ(result_of(r, "c2").tier_id, "dat");
    EXPECT_EQ(result_of(r, "c3").rank, 2U);
}

TEST(evaluate_incomplete, the_next_level_over_an_incomplete_subject_is_incomplete_too) {
    const auto ev = evaluate_with("", broken_village());
    const auto p = result_of(ev.at("province"), "p");
    EXPECT_EQ(p.status, result_status::incomplete);
    EXPECT_EQ(p.message,
              "no verdict: roll-up 'communes_dat' met 1 subject without a result: 'c1' (Xã Một) "
              "of 'communes' is incomplete");
}

TEST(evaluate_incomplete, skip_leaves_the_source_out_and_says_so) {
    const auto ev = evaluate_with(", on_error: skip", broken_village());
    const auto c1 = result_of(ev.at("communes"), "c1");
    EXPECT_EQ(c1.status, result_status::evaluated);
    // v2 is neither counted nor in the share's denominator: 1 of 1.
    EXPECT_EQ(criterion_value(ev.at("communes"), "c1", "most"), 1.0);
    EXPECT_EQ(c1.tier_id, "dat");
    EXPECT_EQ(c1.message,
              "roll-ups 'recognised', 'share_recognised' left out 1 subject without a result "
              "(on_error: skip): 'v2' (Thôn Hai) of 'villages' is error: missing indicator "
              "'incidents' for subject 'v2' in period 2024");
    // The explanation says it too, in both languages.
    const auto en = antq::explain(ev.at("communes"), "c1", antq::language::en).text;
    EXPECT_NE(en.find("Note: roll-ups 'recognised', 'share_recognised' left out 1 subject "
                      "without a result (on_error: skip):\n  * 'v2' (Thôn Hai) of 'villages' is "
                      "error: missing indicator"),
              std::string::npos)
        << en;
    const auto vi = antq::explain(ev.at("communes"), "c1", antq::language::vi).text;
    EXPECT_NE(vi.find("Lưu ý: tổng hợp 'recognised', 'share_recognised' đã bỏ qua 1 đối tượng "
                      "chưa có kết quả (on_error: skip):\n  * 'v2' (Thôn Hai) thuộc bộ tiêu chí "
                      "'villages': lỗi dữ liệu: thiếu chỉ số 'incidents' của đối tượng 'v2' "
                      "trong kỳ 2024"),
              std::string::npos)
        << vi;
}

TEST(evaluate_incomplete, fail_counts_the_source_as_not_meeting_the_condition) {
    const auto ev = evaluate_with(", on_error: fail", broken_village());
    const auto c1 = result_of(ev.at("communes"), "c1");
    EXPECT_EQ(c1.status, result_status::evaluated);
    // The behaviour before the policy existed: v2 counts, as not recognised (1 of 2 is
    // still a half: `each_policy_gives_its_own_verdict` tells the two policies apart).
    EXPECT_EQ(criterion_value(ev.at("communes"), "c1", "most"), 1.0);
    EXPECT_EQ(c1.message,
              "roll-ups 'recognised', 'share_recognised' counted 1 subject without a result as "
              "failing (on_error: fail): 'v2' (Thôn Hai) of 'villages' is error: missing "
              "indicator 'incidents' for subject 'v2' in period 2024");
}

namespace {

// The share alone decides, so that `fail` and `skip` give different verdicts.
constexpr std::string_view strict_rules = R"~(antq: 1
id: strict
title: "Xã (tất cả khu dân cư đạt)"
subject: unit
applies_to: 'kind == "commune"'
period: calendar-year
versions:
  - version: "1"
    effective: 2020-01-01
    rollups:
      share_recognised: {from: villages, over: children, value: 'share(tier == "dat")'ON_ERROR}
    criteria:
      - {id: all, kind: required, when: "share_recognised == 1"}
    tiers:
      - {id: dat, label: "Đạt", when: "passed(all)"}
      - {id: chua_dat, label: "Chưa đạt"}
)~";

antq::subject_result strict_c1(std::string_view on_error) {
    std::string text(strict_rules);
    text.replace(text.find("ON_ERROR"), 8, on_error);
    const auto ev = antq::evaluate(
        broken_village(),
        rulebooks({yaml_rulebook(incomplete_villages_rules), yaml_rulebook(text, "strict.yaml")}),
        "2024");
    return result_of(ev.at("strict"), "c1");
}

}  // namespace

TEST(evaluate_incomplete, each_policy_gives_its_own_verdict) {
    EXPECT_EQ(strict_c1("").status, result_status::incomplete);
    EXPECT_EQ(strict_c1(", on_error: incomplete").status, result_status::incomplete);
    EXPECT_EQ(strict_c1(", on_error: skip").tier_id, "dat");       // 1 of 1
    EXPECT_EQ(strict_c1(", on_error: fail").tier_id, "chua_dat");  // 1 of 2
}

TEST(evaluate_incomplete, a_roll_up_that_reads_no_result_counts_every_subject) {
    // `villages: count(true)` reads no result, so with only it c1 would be evaluated; the
    // other roll-ups read tiers. Here a rulebook of counts alone.
    constexpr std::string_view counts = R"~(antq: 1
id: counts
title: "Đếm"
subject: unit
applies_to: 'kind == "commune"'
period: calendar-year
versions:
  - version: "1"
    effective: 2020-01-01
    rollups:
      villages: {from: villages, over: children, value: "count(true)"}
      broken: {from: villages, over: children, value: 'count(status == "error")'}
    criteria:
      - {id: villages, kind: scored, points: 1, score: "villages"}
      - {id: broken, kind: scored, points: 1, score: "broken"}
    tiers:
      - {id: ok, label: "Có", when: "villages >= 1"}
      - {id: none, label: "Không"}
)~";
    const auto ev = antq::evaluate(
        broken_village(),
        rulebooks({yaml_rulebook(incomplete_villages_rules), yaml_rulebook(counts)}), "2024");
    const auto c1 = result_of(ev.at("counts"), "c1");
    EXPECT_EQ(c1.status, result_status::evaluated);
    EXPECT_EQ(c1.message, "");
    EXPECT_EQ(criterion_value(ev.at("counts"), "c1", "villages"), 2.0);
    EXPECT_EQ(criterion_value(ev.at("counts"), "c1", "broken"), 1.0);
}

TEST(evaluate_incomplete, a_subject_with_its_own_data_wrong_stays_an_error) {
    // c1's own size is -1, and its village v2 has no result: its own problem is what it
    // shows (the one its officer can correct).
    const auto ev =
        evaluate_with("", broken_village(R"~({"subject": "v2", "period": "2024"})~", "-1"));
    const auto c1 = result_of(ev.at("communes"), "c1");
    EXPECT_EQ(c1.status, result_status::error);
    EXPECT_EQ(c1.message,
              "test.json:/observations/2/size: indicator 'size' of subject 'c1' in period 2024 "
              "must be a count (a whole number >= 0), not -1");
}

namespace {

constexpr std::string_view incomplete_models_rules = R"~(antq: 1
id: models
title: "Mô hình"
subject: model
period: calendar-year
versions:
  - version: "1"
    effective: 2020-01-01
    eligibility: {min_active_months: 6}
    indicators:
      x: {type: ratio}
    criteria:
      - {id: x, kind: scored, points: 100, score: "x"}
    tiers:
      - {id: top, label: "Hiệu quả", when: "score >= 80"}
      - {id: low, label: "Chưa hiệu quả"}
)~";

constexpr std::string_view model_communes_rules = R"~(antq: 1
id: model-communes
title: "Xã theo mô hình"
subject: unit
applies_to: 'kind == "commune"'
period: calendar-year
versions:
  - version: "1"
    effective: 2020-01-01
    rollups:
      top_share: {from: models, over: descendants, value: 'share(tier == "top")'}
      top_count: {from: models, over: descendants, value: 'count(tier == "top")'}
      all_models: {from: models, over: descendants, value: "count(true)"}
    criteria:
      - {id: top_share, kind: scored, points: 1, score: "top_share"}
      - {id: top_count, kind: scored, points: 1, score: "top_count / 10"}
      - {id: all_models, kind: scored, points: 1, score: "all_models / 10"}
    tiers:
      - {id: good, label: "Tốt", when: "top_share >= 1"}
      - {id: other, label: "Khác"}
)~";

}  // namespace

TEST(evaluate_incomplete, a_source_not_eligible_is_left_out_not_counted_as_failing) {
    // a (v1) effective; b (v2) founded in November: not eligible (two months).
    const auto data = tree_dataset(
        R"~({"id": "a", "name": "", "type": "", "topic": "", "target_group": "", "unit": "v1",
             "established": "2020-01-01"},
            {"id": "b", "name": "", "type": "", "topic": "", "target_group": "", "unit": "v2",
             "established": "2024-11-01"})~",
        R"~({"subject": "a", "period": "2024", "x": 0.9},
            {"subject": "b", "period": "2024", "x": 0.2})~");
    const auto ev = antq::evaluate(data,
                                   rulebooks({yaml_rulebook(incomplete_models_rules),
                                              yaml_rulebook(model_communes_rules, "mc.yaml")}),
                                   "2024");
    EXPECT_EQ(result_of(ev.at("models"), "b").status, result_status::not_eligible);
    const auto& r = ev.at("model-communes");
    const auto c1 = result_of(r, "c1");
    EXPECT_EQ(c1.status, result_status::evaluated);
    EXPECT_EQ(c1.message, "");
    // Not in the share's denominator: 1 of 1, not 1 of 2.
    EXPECT_EQ(criterion_value(r, "c1", "top_share"), 1.0);
    EXPECT_EQ(criterion_value(r, "c1", "top_count"), 0.1);
    // A count of subjects reads no result: b is a model of c1 all the same.
    EXPECT_EQ(criterion_value(r, "c1", "all_models"), 0.2);
    EXPECT_EQ(c1.tier_id, "good");
}

TEST(evaluate_incomplete, explanations_name_the_sources_and_what_to_do_in_both_languages) {
    const auto ev = evaluate_with("", broken_village());
    const auto en = antq::explain(ev.at("communes"), "c1", antq::language::en).text;
    EXPECT_EQ(en,
              "c1 — Xã an toàn (communes), version 1, period 2024\n"
              "Status: incomplete\n"
              "No verdict: roll-ups 'recognised', 'share_recognised' met 1 subject without a "
              "result:\n"
              "  * 'v2' (Thôn Hai) of 'villages' is error: missing indicator 'incidents' for "
              "subject 'v2' in period 2024\n"
              "Correct the data of these subjects and evaluate again, or say in the rulebook how "
              "the roll-up treats them (on_error: skip or fail).\n");
    const auto vi = antq::explain(ev.at("communes"), "c1", antq::language::vi).text;
    EXPECT_EQ(vi,
              "c1 — Xã an toàn (communes), phiên bản 1, kỳ 2024\n"
              "Trạng thái: chưa đủ dữ liệu\n"
              "Chưa thể kết luận: tổng hợp 'recognised', 'share_recognised' gặp 1 đối tượng chưa "
              "có kết quả:\n"
              "  * 'v2' (Thôn Hai) thuộc bộ tiêu chí 'villages': lỗi dữ liệu: thiếu chỉ số "
              "'incidents' của đối tượng 'v2' trong kỳ 2024\n"
              "Cần sửa dữ liệu của các đối tượng trên rồi đánh giá lại, hoặc ghi rõ trong bộ tiêu "
              "chí cách tổng hợp xử lý chúng (on_error: skip hoặc fail).\n");
    EXPECT_EQ(antq::reason_text(result_status::incomplete,
                                result_of(ev.at("communes"), "c1").message, antq::language::vi),
              "chưa thể kết luận: tổng hợp 'recognised', 'share_recognised' gặp 1 đối tượng chưa "
              "có kết quả: 'v2' (Thôn Hai) thuộc bộ tiêu chí 'villages': lỗi dữ liệu: thiếu chỉ "
              "số 'incidents' của đối tượng 'v2' trong kỳ 2024");
}

TEST(evaluate_incomplete, output_formats_know_the_status) {
    const auto ev = evaluate_with("", broken_village());
    const auto& r = ev.at("communes");
    const std::string csv = antq::format_results(std::span(&r, 1), antq::result_format::csv);
    EXPECT_NE(csv.find("\nc1,2024,communes,1,incomplete,,,,,all,\n"), std::string::npos) << csv;
    const std::string json = antq::format_results(std::span(&r, 1), antq::result_format::json);
    EXPECT_NE(json.find("{\"subject\": \"c1\", \"period\": \"2024\", \"rulebook\": \"communes\", "
                        "\"version\": \"1\", \"status\": \"incomplete\", \"score\": null"),
              std::string::npos)
        << json;
    const std::string table =
        antq::format_results(std::span(&r, 1), antq::result_format::table, antq::language::vi);
    EXPECT_NE(table.find("\n  c1: chưa đủ dữ liệu: chưa thể kết luận: tổng hợp"), std::string::npos)
        << table;
}

TEST(evaluate_incomplete, a_rule_diff_shows_the_verdict_withheld_by_the_new_policy) {
    const auto old_rules = rulebooks({yaml_rulebook(incomplete_villages_rules, "villages.yaml"),
                                      yaml_rulebook(communes_with(", on_error: fail"))});
    const auto new_rules = rulebooks({yaml_rulebook(incomplete_villages_rules, "villages.yaml"),
                                      yaml_rulebook(communes_with(""))});
    const auto diffs = antq::diff_rulebooks(broken_village(), old_rules, new_rules, "2024");
    const auto communes = std::find_if(diffs.begin(), diffs.end(), [](const antq::rule_diff& d) {
        return d.new_rulebook == "communes";
    });
    ASSERT_NE(communes, diffs.end());
    // c1 loses its verdict; c2 takes the quota's place and the first rank; c3 moves up.
    ASSERT_EQ(communes->changes.size(), 3U);
    EXPECT_EQ(communes->changes[1].subject, "c2");
    EXPECT_EQ(communes->changes[1].new_tier, "dat");
    const auto& c1 = communes->changes[0];
    EXPECT_EQ(c1.subject, "c1");
    EXPECT_EQ(c1.old_status, result_status::evaluated);
    EXPECT_EQ(c1.new_status, result_status::incomplete);
    const std::string csv =
        antq::format_rule_diffs(std::span(&*communes, 1), antq::result_format::csv);
    EXPECT_NE(csv.find("\ncommunes,c1,evaluated,incomplete,"), std::string::npos) << csv;
}

TEST(evaluate_incomplete, a_message_reads_back_only_when_written_by_the_library) {
    namespace d = antq::detail::evaluation;
    d::incompleteness i;
    i.rollups = {"a"};
    i.count = 7;
    for (int k = 0; k < 5; ++k) {
        i.sources.push_back(d::make_source("v" + std::to_string(k), k == 0 ? "" : "Thôn; X",
                                           "villages", result_status::error, "bad\nvalue; here"));
    }
    const std::string text = d::to_message(i);
    EXPECT_EQ(text.find('\n'), std::string::npos);
    EXPECT_TRUE(text.ends_with("; and 2 more")) << text;
    EXPECT_EQ(i.sources[1].name, "Thôn, X");
    EXPECT_EQ(i.sources[1].problem, "bad value, here");
    EXPECT_EQ(d::read_incompleteness(text), i);
    EXPECT_FALSE(d::read_incompleteness("missing indicator 'x' for subject 'v' in period 2024"));
    EXPECT_FALSE(d::read_incompleteness(text + " and more"));
    EXPECT_TRUE(d::read_notes("").empty());
}

// ---- The shipped rulebooks on a copy of the Quảng Trung data with one bad cell ----------

namespace {

namespace fs = std::filesystem;
using antq::test_support::broken_copy;

antq::evaluation evaluate_quang_trung(const fs::path& data) {
    return antq::evaluate(antq::load_dataset(data),
                          antq::rulebook_set::load(fs::path(ANTQ_SOURCE_DIR) / "rulebooks"),
                          "2024");
}

/// The sources the commune's message names, read back.
antq::detail::evaluation::incompleteness commune_sources(const antq::evaluation& ev) {
    const auto commune = result_of(ev.at("tt124-commune"), "quang-trung");
    EXPECT_EQ(commune.status, result_status::incomplete) << commune.message;
    const auto read = antq::detail::evaluation::read_incompleteness(commune.message);
    EXPECT_TRUE(read.has_value()) << commune.message;
    return read.value_or(antq::detail::evaluation::incompleteness{});
}

}  // namespace

TEST(evaluate_incomplete_quang_trung, the_data_as_shipped_give_the_commune_a_verdict) {
    const auto ev =
        evaluate_quang_trung(fs::path(ANTQ_SOURCE_DIR) / "examples" / "data" / "quang-trung");
    const auto commune = result_of(ev.at("tt124-commune"), "quang-trung");
    EXPECT_EQ(commune.status, result_status::evaluated) << commune.message;
    EXPECT_EQ(commune.message, "");
}

TEST(evaluate_incomplete_quang_trung,
     a_blank_cell_makes_the_commune_incomplete_naming_the_village) {
    const broken_copy copy("qt-tan-loc", "2024", "households", "");
    const auto ev = evaluate_quang_trung(copy.folder());
    const auto village = result_of(ev.at("tt124-residential"), "qt-tan-loc");
    EXPECT_EQ(village.status, result_status::error);
    EXPECT_NE(village.message.find("'households'"), std::string::npos) << village.message;
    // The other villages are evaluated as before.
    const auto& villages = ev.at("tt124-residential");
    for (std::size_t row = 0; row < villages.size(); ++row) {
        if (villages.columns().subject[row] != "qt-tan-loc") {
            EXPECT_EQ(villages.columns().status[row], result_status::evaluated)
                << villages.columns().subject[row];
        }
    }
    const auto sources = commune_sources(ev);
    EXPECT_EQ(sources.count, 1U);
    ASSERT_EQ(sources.sources.size(), 1U);
    EXPECT_EQ(sources.sources[0].subject, "qt-tan-loc");
    EXPECT_EQ(sources.sources[0].name, "Thôn Tân Lộc");
    EXPECT_EQ(sources.sources[0].rulebook, "tt124-residential");
    EXPECT_EQ(sources.sources[0].problem, village.message);
    // Rulebooks that do not read the villages are unaffected.
    const auto shipped =
        evaluate_quang_trung(fs::path(ANTQ_SOURCE_DIR) / "examples" / "data" / "quang-trung");
    EXPECT_EQ(
        antq::format_results(std::span(&ev.at("model-effectiveness"), 1), antq::result_format::csv),
        antq::format_results(std::span(&shipped.at("model-effectiveness"), 1),
                             antq::result_format::csv));
}

TEST(evaluate_incomplete_quang_trung, the_report_counts_and_lists_the_commune_incomplete) {
    const broken_copy copy("qt-tan-loc", "2024", "households", "");
    const auto data = antq::load_dataset(copy.folder());
    const auto ev = evaluate_quang_trung(copy.folder());
    const std::string html = antq::render_report(data, ev);
    // The overview of the commune's rulebook counts it; its explanation says why.
    EXPECT_NE(html.find("<td class=\"muted\">Chưa đủ dữ liệu</td><td></td><td class=\"n\">1</td>"),
              std::string::npos);
    EXPECT_NE(html.find("quang-trung: Chưa đủ dữ liệu</summary>"), std::string::npos);
    EXPECT_NE(html.find("Chưa thể kết luận: tổng hợp &#39;villages_recognised&#39;"),
              std::string::npos);
}

TEST(evaluate_incomplete_quang_trung, a_mistyped_cell_makes_the_commune_incomplete_naming_it) {
    const broken_copy copy("qt-tan-loc", "2024", "households", "4l4");
    EXPECT_EQ(copy.original(), "414");
    const auto ev = evaluate_quang_trung(copy.folder());
    const auto village = result_of(ev.at("tt124-residential"), "qt-tan-loc");
    EXPECT_EQ(village.status, result_status::error);
    EXPECT_NE(village.message.find("'4l4'"), std::string::npos) << village.message;
    // Whatever else the typo does to the column, the commune names the village and why.
    const auto sources = commune_sources(ev);
    bool named = false;
    for (const auto& s : sources.sources) {
        named = named || (s.subject == "qt-tan-loc" && s.problem == village.message);
    }
    EXPECT_TRUE(named) << result_of(ev.at("tt124-commune"), "quang-trung").message;
}
