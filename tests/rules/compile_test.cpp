#include "antq/rules/compile.hpp"
#include "support/rulebook_test_data.hpp"

#include "antq/expr/program.hpp"
#include "antq/rules/plan.hpp"

#include <antq/compiled_rulebook.hpp>
#include <antq/rulebook_loader.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
namespace rules = antq::detail::rules;

using antq::test_support::rulebook_test_data;

std::vector<std::string> problems_of(const antq::rulebook& book) {
    std::vector<std::string> out;
    try {
        (void)antq::compile_rulebook(book);
    } catch (const antq::input_error& e) {
        for (const auto& d : e.diagnostics()) {
            out.push_back(d.to_string());
        }
    }
    return out;
}

antq::expression expr(std::string text) {
    return {std::move(text), {}};
}

// good/model-effectiveness.yaml, written in C++.
antq::rulebook model_effectiveness_in_code() {
    antq::rulebook book;
    book.id = "model-effectiveness";
    book.title = "Đánh giá hiệu quả mô hình";
    book.subject = antq::subject_kind::model;
    book.applies_to = expr("topic != \"\"");
    book.period = {11, 16};
    book.file = "in-code";
    antq::rulebook_version v;
    v.version = "2022.1";
    v.effective = antq::date(2022, 2, 15);
    v.engine = "weighted";
    v.basis = "Thông tư 124/2021/TT-BCA";
    v.rounding_digits = 2;
    v.eligibility.min_active_days = 180;
    v.parameters = {{"patrol_target", 48, {}}};
    v.indicators = {
        {"crimes", antq::indicator_type::count, antq::missing_policy::error, "Số vụ phạm tội", {}},
        {"crimes_detected", antq::indicator_type::count, antq::missing_policy::error, "", {}},
        {"serious_crimes", antq::indicator_type::count, antq::missing_policy::zero, "", {}},
        {"patrols",
         antq::indicator_type::count,
         antq::missing_policy::exclude,
         "Số buổi tuần tra",
         {}}};
    v.derived = {{"detection_rate", expr("ratio(crimes_detected, crimes)")},
                 {"patrol_rate", expr("min(patrols / patrol_target, 1)")}};
    antq::criterion veto;
    veto.id = "no_serious_crime";
    veto.title = "Không để xảy ra tội phạm đặc biệt nghiêm trọng";
    veto.kind = antq::criterion_kind::veto;
    veto.when = expr("serious_crimes == 0");
    antq::criterion detection;
    detection.id = "detection";
    detection.title = "Tỷ lệ điều tra khám phá";
    detection.group = "Tiêu chuẩn 2";
    detection.basis = "Điều 5, khoản 2";
    detection.points = 60;
    detection.score = expr("detection_rate");
    antq::criterion patrolling;
    patrolling.id = "patrolling";
    patrolling.title = "Tuần tra";
    patrolling.points = 40;
    patrolling.score = expr("patrol_rate");
    v.criteria = {veto, detection, patrolling};
    antq::tier effective;
    effective.id = "effective";
    effective.label = "Hoạt động hiệu quả";
    effective.when = expr("score >= 80");
    effective.quota = antq::quota{0.3, "commune", "", {}};
    effective.action = "replicate";
    antq::tier average;
    average.id = "average";
    average.label = "Trung bình";
    average.when = expr("score >= 50");
    average.action = "improve";
    antq::tier poor;
    poor.id = "poor";
    poor.label = "Kém hiệu quả";
    poor.action = "dissolve";
    v.tiers = {effective, average, poor};
    v.ranking.within = "commune";
    v.ranking.by = {"topic"};
    v.ranking.order = {{"score", true, {}}, {"detection", true, {}}, {"id", false, {}}};
    v.ranking.method = antq::rank_method::competition;
    book.versions.push_back(v);
    return book;
}

TEST(compile, a_rulebook_built_in_code_compiles_to_the_plan_of_the_same_yaml) {
    const auto from_yaml = antq::compile_rulebook(
        antq::load_rulebook(rulebook_test_data() / "good" / "model-effectiveness.yaml"));
    const auto from_code = antq::compile_rulebook(model_effectiveness_in_code());
    const auto& a = rules::plan_of(from_yaml);
    const auto& b = rules::plan_of(from_code);
    ASSERT_EQ(a.versions.size(), 1U);
    ASSERT_EQ(b.versions.size(), 1U);
    const std::string described = rules::describe(a.versions[0], *a.strings);
    EXPECT_EQ(described, rules::describe(b.versions[0], *b.strings));
    EXPECT_NE(described.find("criterion detection scored points 60"), std::string::npos);
    ASSERT_TRUE(a.applies_to && b.applies_to);
    EXPECT_EQ(a.applies_to->program->listing(), b.applies_to->program->listing());
    EXPECT_EQ(a.applies_to_slots.size(), 1U);
}

TEST(compile, resolves_names_to_slots_and_criteria_to_the_indicators_they_read) {
    const auto compiled = antq::compile_rulebook(model_effectiveness_in_code());
    const auto& plan = rules::plan_of(compiled).versions.at(0);
    // Each slot once, with what fills it.
    const auto slot_named = [&](const std::string& name) -> const rules::slot& {
        for (const auto& s : plan.slots) {
            if (s.name == name) {
                return s;
            }
        }
        throw std::runtime_error("no slot " + name);
    };
    EXPECT_EQ(slot_named("crimes").source, rules::slot_source::indicator);
    EXPECT_EQ(slot_named("crimes").index, 0U);
    EXPECT_EQ(slot_named("detection_rate").source, rules::slot_source::derived);
    EXPECT_EQ(slot_named("score").source, rules::slot_source::score);
    EXPECT_EQ(slot_named("id").source, rules::slot_source::attribute);
    EXPECT_EQ(slot_named("topic").type, rules::value_type::text);
    ASSERT_NE(plan.indicators[0].slot, rules::no_index);
    EXPECT_EQ(plan.slots[plan.indicators[0].slot].name, "crimes");
    EXPECT_EQ(plan.attribute_slots[static_cast<std::size_t>(rules::attribute::name)],
              rules::no_index);
    // Parameters fold: patrol_target is a constant in patrol_rate's program, not a slot.
    for (const auto& s : plan.slots) {
        EXPECT_NE(s.name, "patrol_target");
    }
    // Criteria know the indicators they read through derived values.
    EXPECT_EQ(plan.criteria[0].reads_indicators, (std::vector<std::uint32_t>{2}));
    EXPECT_EQ(plan.criteria[1].reads_indicators, (std::vector<std::uint32_t>{0, 1}));
    EXPECT_EQ(plan.criteria[2].reads_indicators, (std::vector<std::uint32_t>{3}));
    EXPECT_EQ(plan.criteria[2].excluded_by, (std::vector<std::uint32_t>{3}));
    EXPECT_TRUE(plan.criteria[1].excluded_by.empty());
    EXPECT_EQ(plan.engine_criteria[1].weight, 60);
    ASSERT_TRUE(plan.engine);
    EXPECT_EQ(plan.engine->name(), "weighted");
    EXPECT_EQ(plan.max_score, 100);
    // Tiers: thresholds read for "distance to the next tier"; quota groups by commune.
    EXPECT_EQ(plan.tiers[0].min_score, 80);
    EXPECT_FALSE(plan.tiers[0].min_score_strict);
    EXPECT_FALSE(plan.tiers[2].when);
    ASSERT_TRUE(plan.tiers[0].quota);
    EXPECT_FALSE(plan.tiers[0].quota->within.all);
    EXPECT_EQ(plan.tiers[0].quota->within.unit_kind, "commune");
    // Ranking: score, the detection criterion, then id ascending (already a key: not repeated).
    ASSERT_EQ(plan.ranking.order.size(), 3U);
    EXPECT_EQ(plan.ranking.order[1].source, rules::rank_key::kind::criterion);
    EXPECT_EQ(plan.ranking.order[1].index, 1U);
    EXPECT_EQ(plan.ranking.order[2].type, rules::value_type::text);
    EXPECT_FALSE(plan.ranking.order[2].descending);
    EXPECT_EQ(plan.ranking.by, std::vector<rules::attribute>{rules::attribute::topic});
    EXPECT_NE(plan.attribute_slots[static_cast<std::size_t>(rules::attribute::topic)],
              rules::no_index);
}

TEST(compile, derived_values_run_in_dependency_order_whatever_their_order_in_the_file) {
    auto book = model_effectiveness_in_code();
    auto& v = book.versions[0];
    v.derived = {{"weighted_rate", expr("detection_rate * 2")},
                 {"detection_rate", expr("ratio(crimes_detected, crimes)")},
                 {"patrol_rate", expr("min(patrols / patrol_target, 1)")}};
    const auto compiled = antq::compile_rulebook(book);
    const auto& plan = rules::plan_of(compiled).versions.at(0);
    ASSERT_EQ(plan.derived.size(), 3U);
    EXPECT_EQ(plan.derived[0].id, "detection_rate");
    EXPECT_EQ(plan.derived[1].id, "weighted_rate");
    EXPECT_EQ(plan.derived[2].id, "patrol_rate");
}

TEST(compile, the_plan_runs_over_a_batch_of_columns) {
    const auto compiled = antq::compile_rulebook(model_effectiveness_in_code());
    const auto& plan = rules::plan_of(compiled).versions.at(0);
    // Three subjects: crimes, crimes_detected filled; detection_rate computed by its program.
    std::vector<std::vector<double>> columns(plan.slots.size());
    for (std::size_t s = 0; s < plan.slots.size(); ++s) {
        const auto& sl = plan.slots[s];
        if (sl.source == rules::slot_source::indicator && sl.index == 0) {
            columns[s] = {4, 0, 10};
        } else if (sl.source == rules::slot_source::indicator && sl.index == 1) {
            columns[s] = {3, 0, 20};
        } else {
            columns[s] = {0, 0, 0};
        }
    }
    const auto& step = plan.derived.at(0);
    ASSERT_EQ(step.id, "detection_rate");
    std::vector<std::span<const double>> inputs(columns.begin(), columns.end());
    std::vector<double> out(3);
    std::vector<std::uint32_t> errors(3);
    step.formula.program->run(inputs, out, errors);
    EXPECT_EQ(out, (std::vector<double>{0.75, 1, 1}));
    EXPECT_EQ(errors, (std::vector<std::uint32_t>{0, 0, 0}));
}

TEST(compile, names_the_whole_cycle_of_derived_values) {
    auto book = model_effectiveness_in_code();
    auto& derived = book.versions[0].derived;
    derived.push_back({"a", expr("b + 1")});
    derived.push_back({"b", expr("c * 2")});
    derived.push_back({"c", expr("a")});
    derived.push_back({"d", expr("c + 1")});
    EXPECT_EQ(
        problems_of(book),
        std::vector<std::string>{"in-code: error: derived values form a cycle: a -> b -> c -> a"});
}

TEST(compile, a_rulebook_in_code_names_the_expression_and_column_of_each_error) {
    auto book = model_effectiveness_in_code();
    book.versions[0].criteria[1].score = expr("detection_rat + crimes > 0");
    book.versions[0].tiers[0].when = expr("score");
    EXPECT_EQ(
        problems_of(book),
        (std::vector<std::string>{
            "in-code: error: unknown name 'detection_rat' (did you mean 'detection_rate'?) "
            "(in 'score' of criterion 'detection', column 1)",
            "in-code: error: expected a boolean, got a number (in 'when' of tier 'effective', "
            "column 1)"}));
}

TEST(compile, a_rulebook_in_code_is_validated_like_a_file) {
    auto book = model_effectiveness_in_code();
    book.id = "Model";
    book.versions[0].tiers[1].requires_criteria = {"no_serious_crime"};
    book.versions[0].criteria[1].points = -5;
    book.versions[0].engine = "weigted";
    EXPECT_EQ(
        problems_of(book),
        (std::vector<std::string>{
            "in-code: error: rulebook id 'Model' may only use lowercase letters, digits and '-'",
            "in-code: error: 'points' must not be negative",
            "in-code: error: 'requires' lists criterion 'no_serious_crime', which is veto; a "
            "tier can only require criteria of kind required",
            "in-code: error: unknown engine 'weigted' (did you mean 'weighted'?); registered "
            "engines: checklist, composite, deduction, topsis, weighted"}));
}

TEST(compile, criteria_and_derived_values_cannot_read_tier_results) {
    auto book = model_effectiveness_in_code();
    book.versions[0].criteria[1].score = expr("points(patrolling) / 40");
    book.versions[0].derived[0].formula = expr("max_score / 2");
    EXPECT_EQ(
        problems_of(book),
        (std::vector<std::string>{
            "in-code: error: 'max_score' is only known in tiers, after the engine has scored "
            "(in derived value 'detection_rate', column 1)",
            "in-code: error: points() is only known in tiers, after the engine has scored (in "
            "'score' of criterion 'detection', column 1)"}));
}

TEST(compile, tiers_read_results_and_criteria) {
    auto book = model_effectiveness_in_code();
    book.versions[0].tiers[0].when =
        expr("score > 80 and passed(detection) and points(patrolling) >= 20 and failed_count == 0");
    const auto compiled = antq::compile_rulebook(book);
    const auto& plan = rules::plan_of(compiled).versions.at(0);
    EXPECT_EQ(plan.tiers[0].min_score, 80);
    EXPECT_TRUE(plan.tiers[0].min_score_strict);
    std::vector<rules::slot_source> sources;
    for (const auto s : plan.tiers[0].when->program->slots()) {
        sources.push_back(plan.slots[s].source);
    }
    EXPECT_EQ(sources,
              (std::vector<rules::slot_source>{
                  rules::slot_source::score, rules::slot_source::criterion_passed,
                  rules::slot_source::criterion_points, rules::slot_source::failed_count}));
}

TEST(compile, constant_conditions_are_folded) {
    auto book = model_effectiveness_in_code();
    book.versions[0].criteria[0].when = expr("patrol_target > 10");
    const auto compiled = antq::compile_rulebook(book);
    const auto& plan = rules::plan_of(compiled).versions.at(0);
    ASSERT_TRUE(plan.criteria[0].when);
    EXPECT_EQ(plan.criteria[0].when->constant, 1.0);
    EXPECT_FALSE(plan.criteria[1].score->constant);
}

TEST(compile, previous_reads_indicators_of_the_previous_period) {
    auto book = model_effectiveness_in_code();
    book.versions[0].criteria[1].score = expr("crimes < default(previous(crimes), 0) ? 1 : 0");
    const auto compiled = antq::compile_rulebook(book);
    const auto& plan = rules::plan_of(compiled).versions.at(0);
    ASSERT_EQ(plan.indicators[0].previous_slots.size(), 1U);
    const auto previous = plan.indicators[0].previous_slots[0];
    ASSERT_NE(previous, rules::no_index);
    EXPECT_EQ(plan.slots[previous].source, rules::slot_source::previous_indicator);
    EXPECT_EQ(plan.slots[previous].name, "previous(crimes)");
    // Only the current period's indicators make a criterion not assessed.
    EXPECT_EQ(plan.criteria[1].reads_indicators, std::vector<std::uint32_t>{0});
}

TEST(compile, rollups_read_the_results_of_another_rulebook) {
    const auto book = antq::load_rulebook(rulebook_test_data() / "good" / "tt124-commune.yaml");
    const auto compiled = antq::compile_rulebook(book);
    const auto& plan = rules::plan_of(compiled).versions.at(0);
    ASSERT_EQ(plan.rollups.size(), 2U);
    const auto& share = plan.rollups[0];
    EXPECT_EQ(share.from, "tt124-residential");
    EXPECT_EQ(share.over, antq::rollup_scope::descendants);
    EXPECT_EQ(share.aggregate, antq::detail::expr::aggregate_kind::share);
    // Declared as an indicator too: that gives its missing policy.
    EXPECT_EQ(share.missing, antq::missing_policy::exclude);
    EXPECT_EQ(plan.indicators[1].rollup, 0U);
    ASSERT_EQ(share.inputs.size(), 1U);
    EXPECT_EQ(share.inputs[0].what, rules::rollup_input::field::tier);
    const auto& models = plan.rollups[1];
    EXPECT_EQ(models.aggregate, antq::detail::expr::aggregate_kind::count);
    ASSERT_EQ(models.inputs.size(), 2U);
    EXPECT_EQ(models.inputs[1].what, rules::rollup_input::field::passed);
    EXPECT_EQ(models.inputs[1].criterion, "no_serious_crime");
    EXPECT_EQ(models.missing, antq::missing_policy::error);
    ASSERT_NE(models.slot, rules::no_index);
    EXPECT_EQ(plan.slots[models.slot].source, rules::slot_source::rollup);
    // The criterion reading recognised_share is excluded when it is missing.
    EXPECT_EQ(plan.criteria[2].excluded_by, std::vector<std::uint32_t>{1});
}

TEST(compile, compiled_rulebook_finds_the_version_in_force) {
    const auto compiled = antq::compile_rulebook(
        antq::load_rulebook(rulebook_test_data() / "good" / "tt124-residential.yaml"));
    EXPECT_EQ(compiled.id(), "tt124-residential");
    EXPECT_EQ(compiled.version_index_for(antq::period::parse("2021", compiled.source().period)),
              0U);
    EXPECT_EQ(compiled.version_index_for(antq::period::parse("2023", compiled.source().period)),
              1U);
    EXPECT_EQ(&rules::plan_for(compiled, antq::period::parse("2023", compiled.source().period)),
              &rules::plan_of(compiled).versions[1]);
    EXPECT_THROW((void)compiled.version_index_for(antq::period::parse("2010")), antq::usage_error);
}

}  // namespace
