#include <antq/explain.hpp>

#include <antq/dataset.hpp>
#include <antq/evaluate.hpp>
#include <antq/rule_diff.hpp>
#include <antq/rulebook_set.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

// Explanations and rule diffs as JSON (antq::to_json): every field of the struct under its
// own name, nulls for what is absent, deterministic bytes. Checked against the structs the
// same calls return, on the Quảng Trung example.

namespace antq {
namespace {

using nlohmann::json;

const std::filesystem::path source_dir = ANTQ_SOURCE_DIR;

const evaluation& quang_trung_2024() {
    static const evaluation results =
        evaluate(load_dataset(source_dir / "examples" / "data" / "quang-trung"),
                 rulebook_set::load(source_dir / "rulebooks"), "2024");
    return results;
}

TEST(explain_json, every_field_of_an_evaluated_subject) {
    const auto& models = quang_trung_2024().at("model-effectiveness");
    const explanation e = explain(models, "qt-m03", language::en);
    const std::string text = to_json(e);
    ASSERT_FALSE(text.empty());
    EXPECT_EQ(text.back(), '\n');
    const json j = json::parse(text);

    EXPECT_EQ(j.at("subject"), "qt-m03");
    EXPECT_EQ(j.at("rulebook"), "model-effectiveness");
    EXPECT_EQ(j.at("version"), e.version);
    EXPECT_EQ(j.at("period"), "2024");
    EXPECT_EQ(j.at("status"), "evaluated");
    EXPECT_DOUBLE_EQ(j.at("score").get<double>(), e.score);
    EXPECT_DOUBLE_EQ(j.at("max_score").get<double>(), e.max_score);
    ASSERT_TRUE(e.tier.has_value());
    EXPECT_EQ(j.at("tier"), *e.tier);
    EXPECT_EQ(j.at("tier_id"), e.tier_id);
    EXPECT_EQ(j.at("tier_label"), e.tier_label);
    EXPECT_EQ(j.at("rank"), e.rank);
    EXPECT_EQ(j.at("decided_by"), std::string(to_string(e.decided_by)));
    EXPECT_EQ(j.at("text"), e.text);

    ASSERT_EQ(j.at("lifted").size(), e.lifted.size());
    ASSERT_FALSE(e.lifted.empty());
    const json& first = j.at("lifted").at(0);
    EXPECT_EQ(first.at("id"), e.lifted[0].id);
    EXPECT_EQ(first.at("criterion"), e.lifted[0].criterion);
    EXPECT_EQ(first.at("kind"), "scored");
    EXPECT_DOUBLE_EQ(first.at("points").get<double>(), e.lifted[0].points);
    EXPECT_EQ(first.at("passed"), e.lifted[0].passed);
    EXPECT_EQ(j.at("sank").size(), e.sank.size());
    EXPECT_EQ(j.at("not_assessed").size(), e.not_assessed.size());

    // qt-m03 is in the top tier: nothing above it, no earlier period asked.
    EXPECT_FALSE(e.next_tier.has_value());
    EXPECT_TRUE(j.at("next_tier").is_null());
    EXPECT_TRUE(j.at("previous").is_null());
    EXPECT_TRUE(j.at("deciding_tier").is_null());

    // The same explanation, the same bytes.
    EXPECT_EQ(to_json(explain(models, "qt-m03", language::en)), text);
}

TEST(explain_json, a_subject_below_the_top_has_its_next_tier) {
    const auto& models = quang_trung_2024().at("model-effectiveness");
    // The first evaluated subject not in the top tier.
    for (std::size_t row = 0; row < models.size(); ++row) {
        const auto r = models.row(row);
        if (r.status != result_status::evaluated || r.tier == std::optional<std::size_t>(0)) {
            continue;
        }
        const explanation e = explain(models, r.subject);
        ASSERT_TRUE(e.next_tier.has_value()) << r.subject;
        const json j = json::parse(to_json(e));
        const json& next = j.at("next_tier");
        EXPECT_EQ(next.at("id"), e.next_tier->id);
        EXPECT_EQ(next.at("tier"), e.next_tier->tier);
        EXPECT_EQ(next.at("reachable"), e.next_tier->reachable);
        EXPECT_EQ(next.at("closers").size(), e.next_tier->closers.size());
        if (e.next_tier->points_needed) {
            EXPECT_DOUBLE_EQ(next.at("points_needed").get<double>(), *e.next_tier->points_needed);
        } else {
            EXPECT_TRUE(next.at("points_needed").is_null());
        }
        return;
    }
    FAIL() << "no subject below the top tier in the example";
}

TEST(explain_json, a_subject_not_evaluated_has_null_score_tier_and_rank) {
    const auto& models = quang_trung_2024().at("model-effectiveness");
    const explanation e = explain(models, "qt-m16", language::en);
    ASSERT_EQ(e.status, result_status::not_eligible);
    const json j = json::parse(to_json(e));
    EXPECT_EQ(j.at("status"), "not_eligible");
    EXPECT_EQ(j.at("message"), e.message);
    EXPECT_TRUE(j.at("score").is_null());
    EXPECT_TRUE(j.at("max_score").is_null());
    EXPECT_TRUE(j.at("tier").is_null());
    EXPECT_TRUE(j.at("tier_id").is_null());
    EXPECT_TRUE(j.at("rank").is_null());
    EXPECT_EQ(j.at("decided_by"), "none");
}

TEST(explain_json, several_explanations_are_an_array_in_order) {
    const auto all = explain(quang_trung_2024(), "qt-m03");
    ASSERT_FALSE(all.empty());
    const json j = json::parse(to_json(all));
    ASSERT_TRUE(j.is_array());
    ASSERT_EQ(j.size(), all.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
        EXPECT_EQ(j[i].at("rulebook"), all[i].rulebook);
        EXPECT_EQ(j[i], json::parse(to_json(all[i])));
    }
}

TEST(explain_json, an_earlier_period_is_in_previous) {
    const auto data = load_dataset(source_dir / "examples" / "data" / "quang-trung");
    const auto rules = rulebook_set::load(source_dir / "rulebooks" / "model-effectiveness.yaml");
    const auto now = evaluate(data, rules, "2025");
    const auto before = evaluate(data, rules, "2024");
    const explanation e =
        explain(now.at("model-effectiveness"), before.at("model-effectiveness"), "qt-m03");
    ASSERT_TRUE(e.previous.has_value());
    const json j = json::parse(to_json(e));
    const json& p = j.at("previous");
    EXPECT_EQ(p.at("period"), "2024");
    EXPECT_EQ(p.at("present"), e.previous->present);
    EXPECT_EQ(p.at("tier_id"), e.previous->tier_id);
    EXPECT_EQ(p.at("tier_move"), e.previous->tier_move);
    EXPECT_EQ(p.at("criteria").size(), e.previous->criteria.size());
}

// With the dataset and the rulebooks, an explanation holds names, labels and what each
// roll-up counted; the JSON carries all of it, so that a front end shows what the text says.
TEST(explain_json, names_labels_and_rollups_come_with_the_context) {
    const auto data = load_dataset(source_dir / "examples" / "data" / "quang-trung");
    const auto rules = rulebook_set::load(source_dir / "rulebooks");
    const evaluation results = evaluate(data, rules, "2024");
    explain_context context;
    context.data = &data;
    context.rules = &rules;
    context.sources = &results;
    // Every explanation with a roll-up among the criteria that keep it from the next tier.
    std::size_t with_rollups = 0;
    for (const auto& book : results.results()) {
        if (!book.header().rulebook.starts_with("tt124")) {
            continue;  // the units' rulebooks, which roll up their villages and models
        }
        for (std::size_t row = 0; row < book.size(); ++row) {
            const explanation e = explain(book, book.row(row).subject, language::vi, context);
            const json j = json::parse(to_json(e));
            EXPECT_EQ(j.at("subject_name"), e.subject_name);
            EXPECT_EQ(j.at("rulebook_title"), e.rulebook_title);
            EXPECT_EQ(j.at("group_name"), e.group_name);
            EXPECT_EQ(j.at("engine"), e.engine);
            EXPECT_EQ(j.at("additive"), e.additive);
            EXPECT_EQ(j.at("vetoes").size(), e.vetoes.size());
            EXPECT_EQ(j.at("quota").is_null(), !e.quota.has_value());
            if (e.quota) {
                EXPECT_EQ(j.at("quota").at("holders").size(), e.quota->holders.size());
                EXPECT_EQ(j.at("quota").at("within_label"), e.quota->within_label);
            }
            if (!e.next_tier) {
                continue;
            }
            const json& blockers = j.at("next_tier").at("blockers");
            ASSERT_EQ(blockers.size(), e.next_tier->blockers.size());
            for (std::size_t b = 0; b < blockers.size(); ++b) {
                const auto& blocker = e.next_tier->blockers[b];
                EXPECT_EQ(blockers[b].at("criterion").at("id"), blocker.criterion.id);
                EXPECT_EQ(blockers[b].at("criterion").at("basis"), blocker.criterion.basis);
                ASSERT_EQ(blockers[b].at("rollups").size(), blocker.rollups.size());
                for (std::size_t r = 0; r < blocker.rollups.size(); ++r) {
                    const json& rollup = blockers[b].at("rollups")[r];
                    const auto& detail = blocker.rollups[r];
                    EXPECT_EQ(rollup.at("tier_label"), detail.tier_label);
                    EXPECT_EQ(rollup.at("counted"), detail.counted);
                    EXPECT_EQ(rollup.at("in_scope"), detail.in_scope);
                    ASSERT_EQ(rollup.at("members").size(), detail.members.size());
                    for (std::size_t m = 0; m < detail.members.size(); ++m) {
                        EXPECT_EQ(rollup.at("members")[m].at("name"), detail.members[m].name);
                        EXPECT_EQ(rollup.at("members")[m].at("tier_label"),
                                  detail.members[m].tier_label);
                    }
                    if (!detail.tier_label.empty() && !detail.members.empty()) {
                        ++with_rollups;
                    }
                }
            }
        }
    }
    // Quảng Trung in 2024 has communes and agencies held back by what their units reached.
    EXPECT_GT(with_rollups, 0U);
}

TEST(explain_json, tier_decisions_have_names) {
    EXPECT_EQ(to_string(tier_decision::none), "none");
    EXPECT_EQ(to_string(tier_decision::conditions), "conditions");
    EXPECT_EQ(to_string(tier_decision::veto), "veto");
    EXPECT_EQ(to_string(tier_decision::requirement), "requirement");
    EXPECT_EQ(to_string(tier_decision::quota), "quota");
}

TEST(rule_diff_json, one_diff_is_the_object_format_rule_diffs_writes) {
    const auto data = load_dataset(source_dir / "examples" / "data" / "quang-trung");
    const auto old_rules =
        rulebook_set::load(source_dir / "examples" / "rulebooks" / "before-tt124");
    const auto new_rules = rulebook_set::load(source_dir / "rulebooks");
    const auto diffs = diff_rulebooks(data, old_rules, new_rules, "2025");
    ASSERT_FALSE(diffs.empty());
    const json all = json::parse(format_rule_diffs(diffs, result_format::json));
    ASSERT_EQ(all.size(), diffs.size());
    bool some_change = false;
    for (std::size_t i = 0; i < diffs.size(); ++i) {
        const std::string text = to_json(diffs[i]);
        EXPECT_EQ(text.back(), '\n');
        const json one = json::parse(text);
        EXPECT_EQ(one, all[i]);
        EXPECT_EQ(one.at("new").at("rulebook"), diffs[i].new_rulebook);
        EXPECT_EQ(one.at("changes").size(), diffs[i].changes.size());
        some_change = some_change || !diffs[i].changes.empty();
    }
    EXPECT_TRUE(some_change) << "the TT 124 change moves some subject of the example";
}

}  // namespace
}  // namespace antq
