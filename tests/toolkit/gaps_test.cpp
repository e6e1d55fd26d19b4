#include <antq/gaps.hpp>

#include <antq/error.hpp>
#include <antq/evaluate.hpp>

#include "toolkit/toolkit_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <string>

namespace antq {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class gaps : public ::testing::Test {
  protected:
    const dataset data = test_support::province_dataset();
    const rulebook_results results =
        evaluate(data, compile_rulebook(test_support::patrol_rulebook()), "2024");
};

std::vector<std::string> candidate_ids(const village_gap& g) {
    std::vector<std::string> ids;
    for (const auto& c : g.candidates) {
        ids.push_back(c.model);
    }
    return ids;
}

TEST_F(gaps, lists_each_village_and_topic_without_an_effective_model) {
    const gaps_report r = find_gaps(data, results);
    EXPECT_EQ(r.rulebook, "patrol-model");
    EXPECT_EQ(r.period, "2024");
    // Topics a and b are run by villages; v1 has m1 (a), v3 m3 and m0 (a), v4 m4 (b).
    ASSERT_EQ(r.gaps.size(), 5U);
    EXPECT_EQ(r.gaps[0].village, "v1");
    EXPECT_EQ(r.gaps[0].topic, "b");
    EXPECT_EQ(r.gaps[1].village, "v2");
    EXPECT_EQ(r.gaps[1].topic, "a");
    EXPECT_EQ(r.gaps[2].village, "v2");
    EXPECT_EQ(r.gaps[2].topic, "b");
    EXPECT_EQ(r.gaps[3].village, "v3");
    EXPECT_EQ(r.gaps[3].topic, "b");
    EXPECT_EQ(r.gaps[4].village, "v4");
    EXPECT_EQ(r.gaps[4].topic, "a");
    EXPECT_EQ(r.gaps[1].village_name, "Thôn <Hai> & \"Ba\"");
    EXPECT_EQ(r.gaps[1].commune, "c1");
    EXPECT_EQ(r.gaps[1].commune_name, "Xã Một");
    EXPECT_THAT(r.gaps[1].existing, ElementsAre("m2 (average)"));
    EXPECT_THAT(r.gaps[2].existing, ElementsAre("m7 (poor)"));
    EXPECT_THAT(r.gaps[0].existing, IsEmpty());
}

TEST_F(gaps, proposes_effective_village_models_of_the_province_best_first) {
    const gaps_report r = find_gaps(data, results);
    // v2, topic a: m1 (100, same commune) before m0 (100, commune c2), then m3 (90). m5 is
    // hosted by a school; m4 is of topic b, and in the other province.
    const village_gap& g = r.gaps[1];
    EXPECT_THAT(candidate_ids(g), ElementsAre("m1", "m0", "m3"));
    EXPECT_TRUE(g.candidates[0].same_commune);
    EXPECT_FALSE(g.candidates[1].same_commune);
    EXPECT_EQ(g.candidates[1].commune, "c2");
    EXPECT_EQ(g.candidates[1].unit, "v3");
    EXPECT_EQ(g.candidates[1].name, "Mô hình không");
    EXPECT_DOUBLE_EQ(g.candidates[2].score, 90);
    // Topic b has no effective model in p1; p2 has no effective model of topic a.
    EXPECT_THAT(r.gaps[0].candidates, IsEmpty());
    EXPECT_THAT(r.gaps[4].candidates, IsEmpty());
}

TEST_F(gaps, options_limit_the_candidates_and_admit_other_hosts) {
    gaps_options options;
    options.max_candidates = 1;
    EXPECT_THAT(candidate_ids(find_gaps(data, results, options).gaps[1]), ElementsAre("m1"));
    options.max_candidates = 4;
    options.village_hosts_only = false;
    EXPECT_THAT(candidate_ids(find_gaps(data, results, options).gaps[1]),
                ElementsAre("m1", "m5", "m0", "m3"));
    options.topics = {"b"};
    const auto only_b = find_gaps(data, results, options);
    ASSERT_EQ(only_b.gaps.size(), 3U);
    EXPECT_EQ(only_b.gaps[0].topic, "b");
}

TEST(gaps_elsewhere, a_topic_effective_only_outside_villages_says_where_it_works) {
    // Topic a works in the commune's school (m5, 100 points) but in no village: the gap of
    // Thôn Một is not "(chưa có mô hình đủ điều kiện nhân rộng trong tỉnh)", it names m5 as
    // effective elsewhere.
    const std::vector<unit> units{{"p1", "province", "Tỉnh Một", ""},
                                  {"c1", "commune", "Xã Một", "p1"},
                                  {"v1", "village", "Thôn Một", "c1"},
                                  {"s1", "school", "Trường Một", "c1"}};
    const std::vector<model> models{
        test_support::make_model("m2", "Mô hình hai", "t", "a", "v1"),
        test_support::make_model("m5", "Mô hình trường", "t", "a", "s1")};
    const auto row = [](std::string id, double patrols, double households, double signed_up) {
        return test_support::observation_row{
            std::move(id),
            "2024",
            {{"patrols", patrols}, {"households", households}, {"households_signed", signed_up}}};
    };
    const dataset data = test_support::make_dataset(
        units, models, {row("m2", 30, 100, 60), row("m5", 40, 100, 100)});
    const rulebook_results results =
        evaluate(data, compile_rulebook(test_support::patrol_rulebook()), "2024");
    const gaps_report r = find_gaps(data, results);
    ASSERT_EQ(r.gaps.size(), 1U);
    EXPECT_THAT(r.gaps[0].candidates, IsEmpty());
    ASSERT_EQ(r.gaps[0].effective_elsewhere.size(), 1U);
    EXPECT_EQ(r.gaps[0].effective_elsewhere[0].model, "m5");
    EXPECT_TRUE(r.gaps[0].effective_elsewhere[0].same_commune);
    const std::string table = format_gaps(r, result_format::table);
    EXPECT_EQ(table.find("(chưa có mô hình đủ điều kiện nhân rộng trong tỉnh)"), std::string::npos)
        << table;
    // Worded as candidates are: the model and unit by name, the decimal comma.
    EXPECT_NE(table.find("(chưa có mô hình ở thôn đủ điều kiện nhân rộng; hiệu quả ở đơn vị khác) "
                         "Mô hình trường (m5)  100,00  "
                         "Trường Một (s1) (cùng xã)"),
              std::string::npos)
        << table;
    const auto json = nlohmann::json::parse(format_gaps(r, result_format::json));
    EXPECT_EQ(json["gaps"][0]["effective_elsewhere"][0]["model"], "m5");
}

// The province dataset with v1 and v3 on a river (`ven-song`) and a model-type catalogue:
// type t (m1, m3, m0, m5, m4) applies only on a river, t2 everywhere.
dataset province_with_types(bool t2_in_catalogue) {
    const dataset base = test_support::province_dataset();
    std::vector<unit> units(base.registry.units().begin(), base.registry.units().end());
    for (auto& u : units) {
        if (u.id == "v1" || u.id == "v3") {
            u.attributes = {"ven-song"};
        }
    }
    dataset d;
    d.registry = registry::build(
        std::move(units),
        std::vector<model>(base.registry.models().begin(), base.registry.models().end()), {});
    d.observations = base.observations;
    d.model_types.push_back({"t", "Đường thủy", "a", {}, {"ven-song"}});
    if (t2_in_catalogue) {
        d.model_types.push_back({"t2", "Thôn an toàn", "a", {}, {}});
    }
    d.content_hash = hash_dataset(d);
    return d;
}

TEST(gaps_types, a_model_type_that_does_not_apply_to_a_village_is_not_proposed_there) {
    const dataset data = province_with_types(true);
    const rulebook_results results =
        evaluate(data, compile_rulebook(test_support::patrol_rulebook()), "2024");
    const gaps_report r = find_gaps(data, results);
    // Thôn Hai (v2) is not on a river: topic a is still asked of it (type t2 applies there),
    // but m1, m0 and m3 (type t) are not proposed, nor the school's m5 (type t).
    const auto v2 = std::find_if(r.gaps.begin(), r.gaps.end(), [](const village_gap& g) {
        return g.village == "v2" && g.topic == "a";
    });
    ASSERT_NE(v2, r.gaps.end());
    EXPECT_THAT(v2->candidates, IsEmpty());
    EXPECT_THAT(v2->effective_elsewhere, IsEmpty());
    EXPECT_THAT(v2->inapplicable_types, ElementsAre("t"));
    // Not "none in the province": the table says the effective models' type does not apply.
    const std::string table = format_gaps(r, result_format::table);
    EXPECT_NE(table.find("Thôn <Hai> & \"Ba\"  Xã Một  a          Mô hình hai (m2) — Trung bình  "
                         "(mô hình hiệu quả trong tỉnh thuộc loại không áp dụng cho thôn: t)"),
              std::string::npos)
        << table;
    EXPECT_EQ(nlohmann::json::parse(
                  format_gaps(r, result_format::json))["gaps"][1]["inapplicable_types"][0],
              "t");
    // Topic b has no type in the catalogue: asked of every village, as without one.
    EXPECT_TRUE(std::any_of(r.gaps.begin(), r.gaps.end(), [](const village_gap& g) {
        return g.village == "v2" && g.topic == "b";
    }));
}

TEST(gaps_types, a_topic_whose_types_all_need_a_river_is_not_asked_of_other_villages) {
    const dataset data = province_with_types(false);
    const rulebook_results results =
        evaluate(data, compile_rulebook(test_support::patrol_rulebook()), "2024");
    const gaps_report r = find_gaps(data, results);
    for (const auto& g : r.gaps) {
        EXPECT_FALSE(g.topic == "a" && (g.village == "v2" || g.village == "v4")) << g.village;
    }
    // Without the catalogue the same data have the gap (v2, a), with m1 proposed.
    const dataset plain = test_support::province_dataset();
    const gaps_report before = find_gaps(
        plain, evaluate(plain, compile_rulebook(test_support::patrol_rulebook()), "2024"));
    EXPECT_EQ(before.gaps[1].village, "v2");
    EXPECT_EQ(before.gaps[1].topic, "a");
    EXPECT_THAT(candidate_ids(before.gaps[1]), ElementsAre("m1", "m0", "m3"));
}

TEST_F(gaps, lists_the_model_types_whose_points_are_mostly_ineffective) {
    const gaps_report r = find_gaps(data, results);
    ASSERT_EQ(r.weak_types.size(), 1U);
    EXPECT_EQ(r.weak_types[0].type, "t2");
    EXPECT_EQ(r.weak_types[0].points, 2U);
    EXPECT_EQ(r.weak_types[0].evaluated, 2U);
    EXPECT_EQ(r.weak_types[0].ineffective, 2U);
    EXPECT_DOUBLE_EQ(r.weak_types[0].share, 1.0);
    gaps_options strict;
    strict.weak_share = 1;
    EXPECT_THAT(find_gaps(data, results, strict).weak_types, IsEmpty());
}

TEST_F(gaps, refuses_results_not_about_models_and_a_share_out_of_range) {
    gaps_options bad;
    bad.weak_share = 1.5;
    EXPECT_THROW(static_cast<void>(find_gaps(data, results, bad)), usage_error);
    results_header h;
    h.rulebook = "units";
    h.subject = subject_kind::unit;
    try {
        static_cast<void>(find_gaps(data, rulebook_results(h, {})));
        FAIL() << "expected usage_error";
    } catch (const usage_error& e) {
        EXPECT_STREQ(e.what(),
                     "gaps need the results of a rulebook about models; 'units' is about units");
    }
}

TEST_F(gaps, table_is_in_vietnamese) {
    gaps_options options;
    options.topics = {"a"};
    EXPECT_EQ(format_gaps(find_gaps(data, results, options), result_format::table),
              "Mô hình tuần tra <thử nghiệm> (patrol-model), kỳ 2024: 2 chỗ trống (thôn, "
              "chuyên đề chưa có mô hình hiệu quả)\n"
              "  thôn               xã      chuyên đề  hiện có                        nên nhân "
              "rộng                                          điểm  tại\n"
              "  Thôn <Hai> & \"Ba\"  Xã Một  a          Mô hình hai (m2) — Trung bình  Mô "
              "hình một (m1)                                     100,00  Thôn Một (v1) (cùng "
              "xã)\n"
              "                                                                       Mô hình "
              "không (m0)                                   100,00  Thôn Ba (v3) (Xã Hai "
              "(c2))\n"
              "                                                                       Mô hình "
              "ba (m3)                                       90,00  Thôn Ba (v3) (Xã Hai "
              "(c2))\n"
              "  Thôn Bốn           Xã Ba   a          -                              (chưa có "
              "mô hình đủ điều kiện nhân rộng trong tỉnh)\n"
              "1 loại mô hình có đa số điểm nhân rộng kém hiệu quả\n"
              "  loại mô hình  số điểm  được đánh giá  kém hiệu quả  tỷ lệ\n"
              "  t2                  2              2             2   100%\n");
}

TEST_F(gaps, csv_and_json) {
    gaps_options options;
    options.topics = {"a"};
    options.max_candidates = 1;
    const auto r = find_gaps(data, results, options);
    EXPECT_EQ(format_gaps(r, result_format::csv),
              "village,commune,topic,existing,candidate,candidate_unit,candidate_commune,score,"
              "same_commune,village_name,commune_name,topic_label,candidate_name,"
              "candidate_unit_name\n"
              "v2,c1,a,m2 (average),m1,v1,c1,100.00,true,\"Thôn <Hai> & \"\"Ba\"\"\",Xã "
              "Một,,Mô hình một,Thôn Một\n"
              "v4,c3,a,,,,,,,Thôn Bốn,Xã Ba,,,\n");
    const auto j = nlohmann::json::parse(format_gaps(r, result_format::json));
    EXPECT_EQ(j["gaps"].size(), 2U);
    EXPECT_EQ(j["gaps"][0]["candidates"][0]["model"], "m1");
    EXPECT_EQ(j["weak_types"][0]["type"], "t2");
}

// Before: every unit looked up its commune and province by walking up, and every village
// walked its whole subtree: a chain of units took time squared in its depth (a million
// levels: over 5 minutes). Each village answers for the units below it down to the next
// village.
TEST(gaps_deep_tree, a_deep_chain_of_villages_takes_linear_time) {
    const std::size_t depth = 200000;
    const dataset data = test_support::deep_chain_dataset(depth);
    const rulebook_results results =
        evaluate(data, compile_rulebook(test_support::patrol_rulebook()), "2024");
    const auto start = std::chrono::steady_clock::now();
    const gaps_report r = find_gaps(data, results);
    const auto seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_LT(seconds, 60.0);
    // Every village but the deepest lacks an effective model of topic a.
    ASSERT_EQ(r.gaps.size(), depth - 1);
    EXPECT_EQ(r.gaps[0].village, "v0");
    EXPECT_EQ(r.gaps[0].commune, "c");
    EXPECT_THAT(r.gaps[0].existing, ElementsAre("m2 (poor)"));
    EXPECT_THAT(candidate_ids(r.gaps[0]), ElementsAre("m1"));
}

}  // namespace
}  // namespace antq
