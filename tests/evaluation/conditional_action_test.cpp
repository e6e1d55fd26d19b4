// Conditional actions (a tier's `action_when` and `otherwise`, rulebook.hpp): "nhân rộng"
// only after two effective years, "loại bỏ" only after two poor ones, a missing year taking
// `otherwise`; through the pipeline, decisions, roll-ups, outputs, explanations, snapshots,
// the rulebook reader and writer, and the thread count.

#include <antq/evaluate.hpp>

#include <antq/error.hpp>
#include <antq/explain.hpp>
#include <antq/result_io.hpp>
#include <antq/rulebook_writer.hpp>
#include <antq/snapshot.hpp>

#include "evaluation/pipeline_support.hpp"
#include "support/scratch_path.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace antq::test_support;
using antq::action_branch;

namespace {

// crimes 0: 10 points (effective); 1: 6 (average); 2 or more: 0 (poor).
constexpr std::string_view two_year_rules = R"~(antq: 1
id: models
title: "Hiệu quả mô hình"
subject: model
period: calendar-year
versions:
  - version: "1"
    effective: 2021-01-01
    indicators:
      crimes: {type: count}
    criteria:
      - {id: safe, kind: scored, points: 10, score: "crimes == 0 ? 1 : (crimes == 1 ? 0.6 : 0)"}
    tiers:
      - id: effective
        label: "Hiệu quả"
        when: "score >= 8"
        action: replicate
        action_when: 'previous_tier(1) == "effective"'
        otherwise: maintain
      - {id: average, label: "Trung bình", when: "score >= 5", action: improve}
      - id: poor
        label: "Kém"
        action: dissolve
        action_when: 'previous_tier(1) == "poor"'
        otherwise: improve
)~";

constexpr std::string_view models =
    R"~({"id": "m1", "name": "", "type": "", "topic": "", "target_group": "", "unit": "v1"},
        {"id": "m2", "name": "", "type": "", "topic": "", "target_group": "", "unit": "v1"},
        {"id": "m3", "name": "", "type": "", "topic": "", "target_group": "", "unit": "v2"},
        {"id": "m4", "name": "", "type": "", "topic": "", "target_group": "", "unit": "v2"},
        {"id": "m5", "name": "", "type": "", "topic": "", "target_group": "", "unit": "v3"},
        {"id": "m6", "name": "", "type": "", "topic": "", "target_group": "", "unit": "v3"})~";

// m1 effective twice; m2 average then effective; m3 effective in 2024 only (no 2023 row);
// m4 poor twice; m5 poor in 2023 then effective; m6 effective then poor.
constexpr std::string_view observations =
    R"~({"subject": "m1", "period": "2023", "crimes": 0},
        {"subject": "m1", "period": "2024", "crimes": 0},
        {"subject": "m2", "period": "2023", "crimes": 1},
        {"subject": "m2", "period": "2024", "crimes": 0},
        {"subject": "m3", "period": "2024", "crimes": 0},
        {"subject": "m4", "period": "2023", "crimes": 3},
        {"subject": "m4", "period": "2024", "crimes": 2},
        {"subject": "m5", "period": "2023", "crimes": 2},
        {"subject": "m5", "period": "2024", "crimes": 0},
        {"subject": "m6", "period": "2023", "crimes": 0},
        {"subject": "m6", "period": "2024", "crimes": 4})~";

antq::evaluation evaluate_2024(unsigned threads = 1) {
    antq::evaluate_options options;
    options.threads = threads;
    return antq::evaluate(tree_dataset(models, observations),
                          rulebooks({yaml_rulebook(two_year_rules)}), "2024", options);
}

// The dataset above with a decision: the committee kept m5 effective in 2023.
antq::dataset with_decision() {
    std::string json = "{";
    json += unit_tree;
    json += ",\n  \"models\": [";
    json += models;
    json += "],\n  \"observations\": [";
    json += observations;
    json += R"~(],
  "decisions": [
    {"subject": "m5", "rulebook": "models", "period": "2023", "proposed_tier": "poor",
     "decided_tier": "effective", "reason": "Vụ việc do người ngoài địa bàn gây ra",
     "number": "12/QĐ-UBND", "date": "2023-12-20", "body": "UBND xã", "signer": ""}
  ]
})~";
    return json_dataset(json);
}

std::string replace(std::string text, std::string_view from, std::string_view to) {
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) {
        text.replace(at, from.size(), to);
    }
    return text;
}

/// The first problem reading `yaml` reports, or empty when it reads.
std::string first_problem(const std::string& yaml) {
    try {
        (void)rulebooks({yaml_rulebook(yaml)});
    } catch (const antq::input_error& e) {
        return e.diagnostics().empty() ? std::string(e.what())
                                       : e.diagnostics().front().to_string();
    }
    return {};
}

}  // namespace

TEST(conditional_action, two_effective_years_replicate) {
    const auto ev = evaluate_2024();
    const auto m1 = result_of(ev.results()[0], "m1");
    EXPECT_EQ(m1.tier_id, "effective");
    EXPECT_EQ(m1.action, "replicate");
    EXPECT_EQ(m1.action_branch, action_branch::held);
}

TEST(conditional_action, effective_after_an_average_year_is_maintained) {
    const auto ev = evaluate_2024();
    const auto m2 = result_of(ev.results()[0], "m2");
    EXPECT_EQ(m2.tier_id, "effective");
    EXPECT_EQ(m2.action, "maintain");
    EXPECT_EQ(m2.action_branch, action_branch::failed);
}

TEST(conditional_action, a_missing_previous_year_takes_otherwise) {
    const auto ev = evaluate_2024();
    const auto m3 = result_of(ev.results()[0], "m3");
    EXPECT_EQ(m3.tier_id, "effective");
    EXPECT_EQ(m3.action, "maintain");
    EXPECT_EQ(m3.action_branch, action_branch::missing);
}

TEST(conditional_action, two_poor_years_dissolve_and_one_improves) {
    const auto ev = evaluate_2024();
    const auto& r = ev.results()[0];
    EXPECT_EQ(result_of(r, "m4").tier_id, "poor");
    EXPECT_EQ(result_of(r, "m4").action, "dissolve");
    EXPECT_EQ(result_of(r, "m6").tier_id, "poor");
    EXPECT_EQ(result_of(r, "m6").action, "improve");
    EXPECT_EQ(result_of(r, "m6").action_branch, action_branch::failed);
    // A tier without a condition keeps its fixed action (m2 was average in 2023).
    const auto ev2023 = antq::evaluate(tree_dataset(models, observations),
                                       rulebooks({yaml_rulebook(two_year_rules)}), "2023");
    EXPECT_EQ(result_of(ev2023.results()[0], "m2").action, "improve");
    EXPECT_EQ(result_of(ev2023.results()[0], "m2").action_branch, action_branch::fixed);
}

TEST(conditional_action, the_decided_tier_of_last_year_beats_the_proposal) {
    const auto books = rulebooks({yaml_rulebook(two_year_rules)});
    // Without the decision, m5 was poor in 2023: effective in 2024 is one year only.
    EXPECT_EQ(result_of(evaluate_2024().results()[0], "m5").action, "maintain");
    const auto ev = antq::evaluate(with_decision(), books, "2024");
    const auto m5 = result_of(ev.results()[0], "m5");
    EXPECT_EQ(m5.tier_id, "effective");
    EXPECT_EQ(m5.action, "replicate");
}

TEST(conditional_action, a_decided_tier_gets_its_own_action_for_the_subject) {
    // The committee decides m2's 2024 proposal (effective, maintain) down to poor: poor's
    // condition (poor in 2023) is false for m2, so its action is poor's `otherwise`.
    std::string json = "{";
    json += unit_tree;
    json += ",\n  \"models\": [";
    json += models;
    json += "],\n  \"observations\": [";
    json += observations;
    json += R"~(],
  "decisions": [
    {"subject": "m2", "rulebook": "models", "period": "2024", "proposed_tier": "effective",
     "decided_tier": "poor", "reason": "", "number": "3/QĐ-UBND", "date": "2024-12-20",
     "body": "UBND xã", "signer": ""},
    {"subject": "m1", "rulebook": "models", "period": "2024", "proposed_tier": "effective",
     "decided_tier": "poor", "reason": "", "number": "4/QĐ-UBND", "date": "2024-12-20",
     "body": "UBND xã", "signer": ""}
  ]
})~";
    const auto ev =
        antq::evaluate(json_dataset(json), rulebooks({yaml_rulebook(two_year_rules)}), "2024");
    const auto& r = ev.results()[0];
    const auto row = *r.find("m2");
    EXPECT_EQ(r.action(row), "maintain");
    EXPECT_EQ(r.standing_action(row), "improve");
    EXPECT_EQ(result_of(r, "m2").decided_action, "improve");
}

TEST(conditional_action, roll_ups_read_each_subjects_own_action) {
    constexpr std::string_view communes = R"~(antq: 1
id: communes
title: "Xã"
subject: unit
applies_to: 'kind == "commune"'
period: calendar-year
versions:
  - version: "1"
    effective: 2021-01-01
    rollups:
      replicated: {from: models, over: descendants, value: 'count(action == "replicate")'}
      maintained: {from: models, over: descendants, value: 'count(action == "maintain")'}
    criteria:
      - {id: any, kind: required, when: "replicated >= 1"}
      - {id: kept, kind: scored, points: 1, score: "min(maintained, 1)"}
    tiers:
      - {id: dat, label: "Đạt", when: "passed(any)"}
      - {id: chua_dat, label: "Chưa đạt"}
)~";
    const auto ev = antq::evaluate(
        tree_dataset(models, observations),
        rulebooks({yaml_rulebook(two_year_rules), yaml_rulebook(communes, "communes.yaml")}),
        "2024");
    const auto& c = ev.at("communes");
    // c1 holds m1 (replicate) and m2 (maintain), m3 (maintain); c2 holds m5 and m6, whose
    // actions are maintain and improve: no replication there.
    EXPECT_EQ(result_of(c, "c1").tier_id, "dat");
    EXPECT_EQ(result_of(c, "c2").tier_id, "chua_dat");
    EXPECT_EQ(result_of(c, "c2").criteria[1].value, 1.0);
}

TEST(conditional_action, outputs_and_explanations_carry_the_subjects_action) {
    const auto ev = evaluate_2024();
    const std::string csv = antq::format_results(ev.results(), antq::result_format::csv);
    EXPECT_NE(csv.find("m1,2024,models,1,evaluated,10.00,10.00,effective,replicate,"),
              std::string::npos)
        << csv;
    EXPECT_NE(csv.find("m2,2024,models,1,evaluated,10.00,10.00,effective,maintain,"),
              std::string::npos)
        << csv;
    const std::string json = antq::format_results(ev.results(), antq::result_format::json);
    EXPECT_NE(json.find(R"("subject": "m3")"), std::string::npos) << json;
    EXPECT_NE(json.find(R"("action": "maintain")"), std::string::npos) << json;

    const auto before = antq::evaluate(tree_dataset(models, observations),
                                       rulebooks({yaml_rulebook(two_year_rules)}), "2023");
    const auto e = antq::explain(ev.results()[0], before.results()[0], "m2");
    EXPECT_EQ(e.action, "maintain");
    EXPECT_EQ(e.action_branch, action_branch::failed);
    EXPECT_EQ(e.action_instead, "replicate");
    const std::string text = antq::to_text(e, antq::language::vi);
    EXPECT_NE(text.find("Hướng xử lý duy trì, không nhân rộng: không đạt điều kiện nhân rộng "
                        "của loại \"Hiệu quả\"; kỳ 2023: Trung bình."),
              std::string::npos)
        << text;
    const std::string english = antq::to_text(e, antq::language::en);
    EXPECT_NE(english.find("the condition previous_tier(1) == \"effective\" did not hold"),
              std::string::npos)
        << english;
    const std::string missing =
        antq::to_text(antq::explain(ev.results()[0], "m3"), antq::language::vi);
    EXPECT_NE(missing.find("chưa xét được điều kiện"), std::string::npos) << missing;
    const std::string held =
        antq::to_text(antq::explain(ev.results()[0], "m1"), antq::language::vi);
    EXPECT_NE(held.find("Hướng xử lý nhân rộng: đạt điều kiện"), std::string::npos) << held;
}

TEST(conditional_action, one_and_four_threads_give_the_same_bytes) {
    const auto one = evaluate_2024(1);
    const auto four = evaluate_2024(4);
    EXPECT_EQ(one.results()[0].columns().action_branches,
              four.results()[0].columns().action_branches);
    for (const auto format : {antq::result_format::csv, antq::result_format::json}) {
        EXPECT_EQ(antq::format_results(one.results(), format),
                  antq::format_results(four.results(), format));
    }
}

TEST(conditional_action, a_snapshot_keeps_how_each_action_was_chosen) {
    const auto ev = evaluate_2024();
    const auto file = scratch_path("conditional-action.antq");
    antq::save_snapshot(antq::make_snapshot(ev), file);
    const auto loaded = antq::load_snapshot(file);
    const auto& r = loaded.evaluation.results()[0];
    EXPECT_EQ(r, ev.results()[0]);
    EXPECT_EQ(r.header().tiers[0].action_when, "previous_tier(1) == \"effective\"");
    EXPECT_EQ(r.header().tiers[0].otherwise, "maintain");
    EXPECT_EQ(result_of(r, "m2").action, "maintain");
    EXPECT_EQ(result_of(r, "m4").action, "dissolve");
}

TEST(conditional_action, the_keys_are_written_back_and_hashed) {
    const auto book = yaml_rulebook(two_year_rules);
    ASSERT_EQ(book.versions[0].tiers[0].action_when.text, "previous_tier(1) == \"effective\"");
    ASSERT_EQ(book.versions[0].tiers[0].otherwise, "maintain");
    const auto again = yaml_rulebook(antq::write_rulebook(book));
    EXPECT_EQ(again.versions[0].tiers[0].action_when.text,
              book.versions[0].tiers[0].action_when.text);
    EXPECT_EQ(again.versions[0].tiers[0].otherwise, "maintain");
    EXPECT_EQ(again.versions[0].tiers[2].otherwise, "improve");
    EXPECT_EQ(antq::write_rulebook(again), antq::write_rulebook(book));

    const std::string changed =
        replace(std::string(two_year_rules), "previous_tier(1) == \"effective\"",
                "previous_tier(1) in [\"effective\", \"average\"]");
    const auto a = antq::evaluate(tree_dataset(models, observations),
                                  rulebooks({yaml_rulebook(two_year_rules)}), "2024");
    const auto b = antq::evaluate(tree_dataset(models, observations),
                                  rulebooks({yaml_rulebook(changed)}), "2024");
    EXPECT_NE(a.fingerprint(), b.fingerprint());
    // And the change is the one intended: m2 (average in 2023) is now replicated.
    EXPECT_EQ(result_of(b.results()[0], "m2").action, "replicate");
}

TEST(conditional_action, mistakes_are_reported_at_their_place) {
    const std::string rules(two_year_rules);
    EXPECT_EQ(first_problem(replace(rules, "otherwise: maintain", "otherwise: keep")),
              "rules.yaml:19:20: error: 'otherwise' must be one of replicate, improve, maintain, "
              "dissolve, got 'keep'");
    EXPECT_EQ(first_problem(
                  replace(rules, "        action_when: 'previous_tier(1) == \"effective\"'\n", "")),
              "rules.yaml:18:20: error: 'otherwise' in tier 'effective' needs 'action_when': the "
              "condition under which 'action' is proposed instead");
    const std::string bad_expression = first_problem(
        replace(rules, "previous_tier(1) == \"effective\"", "previous_tier(1) == effectiv"));
    EXPECT_EQ(bad_expression, "rules.yaml:18:43: error: unknown name 'effectiv'");
    const std::string not_boolean =
        first_problem(replace(rules, "previous_tier(1) == \"effective\"", "score"));
    EXPECT_EQ(not_boolean, "rules.yaml:18:23: error: expected a boolean, got a number");
    EXPECT_EQ(first_problem(rules), "");
}
