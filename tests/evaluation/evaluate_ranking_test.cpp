// Quotas, groups and ranks through the whole pipeline (evaluate.hpp).

#include <antq/evaluate.hpp>

#include "evaluation/pipeline_support.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace antq::test_support;

namespace {

/// One scored criterion worth 100 points reading `x` in [0, 1]; `tiers` and `ranking` as
/// YAML lines (indented for a version).
std::string rules_with(std::string_view tiers, std::string_view ranking = "") {
    return fmt::format(R"~(antq: 1
id: q
title: "Hạn mức"
subject: model
period: calendar-year
versions:
  - version: "1"
    effective: 2020-01-01
    indicators:
      x: {{type: ratio}}
      y: {{type: number, missing: zero}}
    derived:
      half_y: "y / 2"
    criteria:
      - {{id: x, kind: scored, points: 100, score: "x"}}
    tiers:
{}{})~",
                       tiers, ranking);
}

/// Models with ids m<score> hosted by `unit`, one per score, x = score / 100.
struct model_spec {
    std::string id;
    std::string unit;
    double score;
    std::string topic = "ma-tuy";
    double y = 0;
};

antq::dataset models_dataset(const std::vector<model_spec>& specs) {
    std::string models;
    std::string observations;
    for (const auto& m : specs) {
        models += fmt::format(
            R"~({}{{"id": "{}", "name": "", "type": "", "topic": "{}", "target_group": "", "unit": "{}"}})~",
            models.empty() ? "" : ",\n", m.id, m.topic, m.unit);
        observations +=
            fmt::format(R"~({}{{"subject": "{}", "period": "2024", "x": {}, "y": {}}})~",
                        observations.empty() ? "" : ",\n", m.id, m.score / 100, m.y);
    }
    return tree_dataset(models, observations);
}

const antq::rulebook_results& evaluated(const antq::evaluation& ev) {
    return ev.results()[0];
}

}  // namespace

TEST(evaluate_quotas, keep_the_best_of_each_commune_and_move_the_rest_down) {
    const auto rules = rules_with(
        R"~(      - {id: top, label: "Cao", when: "score >= 80", quota: {max_share: 0.5, within: commune}}
      - {id: mid, label: "Vừa", when: "score >= 50"}
      - {id: low, label: "Thấp"}
)~",
        "    ranking: {within: commune}\n");
    // c1 (villages v1, v2): 95, 90, 85, 40 -> at most 2 of 4 on top. c2 (v3): 99, 30 -> 1 of 2.
    // The school s1 is in no commune: its own group of 1 -> none on top.
    const auto data = models_dataset({{"a", "v1", 95},
                                      {"b", "v2", 90},
                                      {"c", "v1", 85},
                                      {"d", "v2", 40},
                                      {"e", "v3", 99},
                                      {"f", "v3", 30},
                                      {"g", "s1", 88}});
    const auto ev = antq::evaluate(data, rulebooks({yaml_rulebook(rules)}), "2024");
    const auto& r = evaluated(ev);
    EXPECT_EQ(result_of(r, "a").tier_id, "top");
    EXPECT_EQ(result_of(r, "b").tier_id, "top");
    EXPECT_EQ(result_of(r, "c").tier_id, "mid");
    EXPECT_EQ(r.columns().qualified_tier[*r.find("c")], 0);
    EXPECT_EQ(result_of(r, "d").tier_id, "low");
    EXPECT_EQ(result_of(r, "e").tier_id, "top");
    EXPECT_EQ(result_of(r, "g").tier_id, "mid");
    EXPECT_EQ(result_of(r, "a").group, "c1");
    EXPECT_EQ(result_of(r, "e").group, "c2");
    EXPECT_EQ(result_of(r, "g").group, "(không thuộc xã nào)");
    EXPECT_EQ(result_of(r, "a").rank, 1U);
    EXPECT_EQ(result_of(r, "c").rank, 3U);
    EXPECT_EQ(result_of(r, "f").rank, 2U);
    EXPECT_EQ(result_of(r, "g").rank, 1U);
}

TEST(evaluate_quotas, relative_to_limits_a_tier_by_the_count_of_another) {
    // Grassroots security teams: "xuất sắc" at most 20% of the number rated "tốt".
    const auto rules = rules_with(
        R"~(      - {id: xuat_sac, label: "Hoàn thành xuất sắc", when: "score >= 90", quota: {max_share: 0.2, relative_to: tot}}
      - {id: tot, label: "Tốt", when: "score >= 70"}
      - {id: hoan_thanh, label: "Hoàn thành", when: "score >= 50"}
      - {id: khong, label: "Không hoàn thành"}
)~");
    std::vector<model_spec> teams = {{"t99", "v1", 99}, {"t95", "v1", 95}, {"t92", "v2", 92}};
    for (int k = 0; k < 10; ++k) {
        teams.push_back({fmt::format("t7{}", k), "v3", 70.0 + k});
    }
    teams.push_back({"t60", "v3", 60});
    const auto ev =
        antq::evaluate(models_dataset(teams), rulebooks({yaml_rulebook(rules)}), "2024");
    const auto& r = evaluated(ev);
    // Ten rated "tốt" before the quota: at most 2 "xuất sắc"; the third falls to "tốt".
    EXPECT_EQ(result_of(r, "t99").tier_id, "xuat_sac");
    EXPECT_EQ(result_of(r, "t95").tier_id, "xuat_sac");
    EXPECT_EQ(result_of(r, "t92").tier_id, "tot");
    EXPECT_EQ(result_of(r, "t70").tier_id, "tot");
    EXPECT_EQ(result_of(r, "t60").tier_id, "hoan_thanh");
}

// docs/rulebooks.md, "Ranking": a version without `ranking:` ranks no one (a pass/fail
// standard is not a competition), while its quota still keeps the highest scores;
// `ranking: {}` asks for ranks with every default.
TEST(evaluate_ranking, a_version_without_ranking_gives_no_ranks) {
    const std::string tiers =
        "      - {id: top, label: \"Cao\", when: \"score >= 80\", quota: {max_share: 0.5}}\n"
        "      - {id: low, label: \"Thấp\"}\n";
    const std::vector<model_spec> specs = {
        {"m1", "v1", 85}, {"m2", "v1", 95}, {"m3", "v2", 90}, {"m4", "v3", 40}};
    const auto unranked = antq::evaluate(models_dataset(specs),
                                         rulebooks({yaml_rulebook(rules_with(tiers))}), "2024");
    for (const char* id : {"m1", "m2", "m3", "m4"}) {
        EXPECT_EQ(result_of(evaluated(unranked), id).rank, antq::no_rank) << id;
    }
    // floor(0.5 × 4) = 2 on top: the two highest scores, m2 (95) and m3 (90).
    EXPECT_EQ(result_of(evaluated(unranked), "m2").tier_id, "top");
    EXPECT_EQ(result_of(evaluated(unranked), "m3").tier_id, "top");
    EXPECT_EQ(result_of(evaluated(unranked), "m1").tier_id, "low");
    const auto ranked =
        antq::evaluate(models_dataset(specs),
                       rulebooks({yaml_rulebook(rules_with(tiers, "    ranking: {}\n"))}), "2024");
    EXPECT_EQ(result_of(evaluated(ranked), "m2").rank, 1U);
    EXPECT_EQ(result_of(evaluated(ranked), "m3").rank, 2U);
    EXPECT_EQ(result_of(evaluated(ranked), "m1").rank, 3U);
    EXPECT_EQ(result_of(evaluated(ranked), "m4").rank, 4U);
}

TEST(evaluate_ranking, methods_number_ties_as_documented) {
    const std::vector<model_spec> specs = {
        {"m1", "v1", 80}, {"m2", "v1", 90}, {"m3", "v1", 80}, {"m4", "v1", 70}};
    const std::string tiers = "      - {id: all, label: \"Tất cả\"}\n";
    const auto ranks = [&](std::string_view method) {
        const auto rules = rules_with(tiers, fmt::format("    ranking: {{method: {}}}\n", method));
        const auto ev =
            antq::evaluate(models_dataset(specs), rulebooks({yaml_rulebook(rules)}), "2024");
        std::vector<std::uint32_t> out;
        for (const char* id : {"m1", "m2", "m3", "m4"}) {
            out.push_back(result_of(evaluated(ev), id).rank);
        }
        return out;
    };
    EXPECT_EQ(ranks("competition"), (std::vector<std::uint32_t>{2, 1, 2, 4}));
    EXPECT_EQ(ranks("dense"), (std::vector<std::uint32_t>{2, 1, 2, 3}));
    // Ordinal breaks the tie by id: m1 before m3.
    EXPECT_EQ(ranks("ordinal"), (std::vector<std::uint32_t>{2, 1, 3, 4}));
}

TEST(evaluate_ranking, order_keys_break_ties_of_the_score) {
    const std::vector<model_spec> specs = {{"m1", "v1", 80, "ma-tuy", 3},
                                           {"m2", "v1", 80, "ma-tuy", 9},
                                           {"m3", "v1", 80, "ma-tuy", 5},
                                           {"m4", "v1", 60, "ma-tuy", 99}};
    const auto rules = rules_with("      - {id: all, label: \"Tất cả\"}\n",
                                  "    ranking: {order: [\"score desc\", \"half_y desc\"]}\n");
    const auto ev =
        antq::evaluate(models_dataset(specs), rulebooks({yaml_rulebook(rules)}), "2024");
    EXPECT_EQ(result_of(evaluated(ev), "m2").rank, 1U);
    EXPECT_EQ(result_of(evaluated(ev), "m3").rank, 2U);
    EXPECT_EQ(result_of(evaluated(ev), "m1").rank, 3U);
    EXPECT_EQ(result_of(evaluated(ev), "m4").rank, 4U);

    const auto ascending =
        rules_with("      - {id: all, label: \"Tất cả\"}\n", "    ranking: {order: [\"x asc\"]}\n");
    const auto asc =
        antq::evaluate(models_dataset(specs), rulebooks({yaml_rulebook(ascending)}), "2024");
    EXPECT_EQ(result_of(evaluated(asc), "m4").rank, 1U);
    EXPECT_EQ(result_of(evaluated(asc), "m1").rank, 2U);
    EXPECT_EQ(result_of(evaluated(asc), "m3").rank, 2U);
}

TEST(evaluate_ranking, by_attributes_split_the_groups) {
    const std::vector<model_spec> specs = {{"m1", "v1", 80, "ma-tuy"},
                                           {"m2", "v2", 90, "giao-thong"},
                                           {"m3", "v1", 70, "ma-tuy"},
                                           {"m4", "v3", 95, "ma-tuy"}};
    const auto rules = rules_with("      - {id: all, label: \"Tất cả\"}\n",
                                  "    ranking: {within: commune, by: [topic]}\n");
    const auto ev =
        antq::evaluate(models_dataset(specs), rulebooks({yaml_rulebook(rules)}), "2024");
    const auto& r = evaluated(ev);
    EXPECT_EQ(result_of(r, "m1").group, "c1 / ma-tuy");
    EXPECT_EQ(result_of(r, "m1").rank, 1U);
    EXPECT_EQ(result_of(r, "m3").rank, 2U);
    EXPECT_EQ(result_of(r, "m2").group, "c1 / giao-thong");
    EXPECT_EQ(result_of(r, "m2").rank, 1U);
    EXPECT_EQ(result_of(r, "m4").group, "c2 / ma-tuy");
    EXPECT_EQ(result_of(r, "m4").rank, 1U);
}
