// Explanations of results the pipeline made (explain.hpp with an explain_context): the
// criteria that keep a subject out of the next tier whatever form the tier's condition
// takes, what roll-ups counted, basis and note, engines whose contributions do not add up,
// vetoes capped at a tier, and who took a quota's places.

#include <antq/evaluate.hpp>
#include <antq/explain.hpp>

#include "evaluation/pipeline_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

using namespace antq::test_support;
using antq::language;
using antq::tier_blocker;
using antq::tier_decision;

namespace {

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

std::vector<std::string> blocker_ids(const antq::tier_gap& gap) {
    std::vector<std::string> out;
    for (const auto& b : gap.blockers) {
        out.push_back(b.criterion.id);
    }
    return out;
}

constexpr std::string_view explained_villages_rules = R"~(antq: 1
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

// A checklist whose top tier reads `failed_count == 0`: the form that listed nothing before.
constexpr std::string_view explained_communes_rules = R"~(antq: 1
id: communes
title: "Xã an toàn"
subject: unit
applies_to: 'kind == "commune"'
period: calendar-year
versions:
  - version: "1"
    effective: 2020-01-01
    engine: checklist
    indicators:
      plan_done: {type: bool}
    rollups:
      villages_total: {from: villages, over: descendants, value: "count(true)"}
      villages_recognised: {from: villages, over: descendants, value: 'count(tier == "dat")'}
    derived:
      units_total: "villages_total"
    criteria:
      - id: plan
        title: "Có kế hoạch"
        basis: "Điều 5, khoản 1"
        note: "Nội dung chưa có trong tài liệu; đọc kết quả do Công an xã báo cáo."
        kind: required
        when: "plan_done"
      - id: recognised_70
        title: "Từ 70% khu dân cư được công nhận"
        basis: "Điều 5, khoản 4"
        note: "So sánh bằng số nguyên."
        kind: required
        when: "units_total > 0 and 10 * villages_recognised >= 7 * units_total"
    tiers:
      - {id: dat, label: "Đạt", when: "failed_count == 0"}
      - {id: chua_dat, label: "Chưa đạt"}
)~";

// c1: v1 quiet, v2 not (1 of 2 recognised); c2: v3 quiet (1 of 1).
antq::dataset commune_dataset() {
    return tree_dataset("",
                        R"~({"subject": "v1", "period": "2024", "incidents": 0},
            {"subject": "v2", "period": "2024", "incidents": 2},
            {"subject": "v3", "period": "2024", "incidents": 0},
            {"subject": "c1", "period": "2024", "plan_done": true},
            {"subject": "c2", "period": "2024", "plan_done": true},
            {"subject": "c3", "period": "2024", "plan_done": false})~");
}

}  // namespace

TEST(explain_pipeline, a_failed_count_tier_names_the_failed_criterion_and_what_its_rollup_counted) {
    const auto data = commune_dataset();
    const auto rules = rulebooks({yaml_rulebook(explained_villages_rules, "villages.yaml"),
                                  yaml_rulebook(explained_communes_rules, "communes.yaml")});
    const auto ev = antq::evaluate(data, rules, "2024");
    antq::explain_context context;
    context.data = &data;
    context.rules = &rules;
    const auto all = antq::explain(ev, "c1", language::vi, context);
    ASSERT_EQ(all.size(), 1U);
    const auto& e = all[0];
    EXPECT_EQ(e.tier_id, "chua_dat");
    EXPECT_EQ(e.subject_name, "Xã Một");
    ASSERT_TRUE(e.next_tier);
    EXPECT_EQ(blocker_ids(*e.next_tier), (std::vector<std::string>{"recognised_70"}));
    const tier_blocker& b = e.next_tier->blockers[0];
    EXPECT_EQ(b.why, tier_blocker::reason::condition);
    EXPECT_EQ(b.criterion.basis, "Điều 5, khoản 4");
    EXPECT_EQ(b.criterion.note, "So sánh bằng số nguyên.");
    // Read through the derived value too: both roll-ups, in declaration order.
    ASSERT_EQ(b.rollups.size(), 2U);
    EXPECT_EQ(b.rollups[1].id, "villages_recognised");
    EXPECT_EQ(b.rollups[1].counted, 1U);
    EXPECT_EQ(b.rollups[1].in_scope, 2U);
    EXPECT_EQ(b.rollups[1].value, 1.0);
    ASSERT_EQ(b.rollups[1].members.size(), 2U);
    EXPECT_EQ(b.rollups[1].members[1].id, "v2");
    EXPECT_EQ(b.rollups[1].members[1].name, "Thôn Hai");
    EXPECT_FALSE(b.rollups[1].members[1].counted);
    EXPECT_EQ(b.rollups[1].members[1].tier_label, "Chưa đạt");

    EXPECT_TRUE(contains(e.text, "Xã Một (c1) — Xã an toàn (communes), phiên bản 1, kỳ 2024\n"))
        << e.text;
    EXPECT_TRUE(contains(e.text, "Để lên loại \"Đạt\":\n")) << e.text;
    EXPECT_TRUE(contains(e.text,
                         "  - recognised_70 (Từ 70% khu dân cư được công nhận): chưa đạt; điều "
                         "kiện: units_total > 0 and 10 * villages_recognised >= 7 * "
                         "units_total; căn cứ: Điều 5, khoản 4\n"
                         "      ghi chú: So sánh bằng số nguyên.\n"))
        << e.text;
    EXPECT_TRUE(contains(e.text,
                         "      villages_recognised = 1: 1/2 kết quả của \"Khu dân cư an toàn\" "
                         "(villages) được xếp loại \"Đạt\"\n"
                         "        được tính: Thôn Một (v1)\n"
                         "        không được tính: Thôn Hai (v2) — Chưa đạt\n"))
        << e.text;
    // A criterion that passed shows its basis and its note: a self-reported criterion does
    // not read as a verified one. A checklist lists the criteria met, without points.
    EXPECT_TRUE(contains(e.text,
                         "  + plan (Có kế hoạch); căn cứ: Điều 5, khoản 1\n"
                         "      ghi chú: Nội dung chưa có trong tài liệu; đọc kết quả do Công "
                         "an xã báo cáo.\n"))
        << e.text;

    const auto en = antq::explain(ev, "c1", language::en, context);
    EXPECT_TRUE(contains(en[0].text,
                         "      villages_recognised = 1: 1 of 2 results of \"Khu dân cư an toàn\" "
                         "(villages) in tier \"Đạt\"\n"
                         "        counted: Thôn Một (v1)\n"
                         "        not counted: Thôn Hai (v2) — Chưa đạt\n"))
        << en[0].text;
    EXPECT_TRUE(contains(en[0].text, "  criteria not met:\n")) << en[0].text;

    // Without the context, the criterion is still named, with its basis and note.
    const auto bare = antq::explain(ev.at("communes"), "c1", language::vi);
    ASSERT_TRUE(bare.next_tier);
    EXPECT_EQ(blocker_ids(*bare.next_tier), (std::vector<std::string>{"recognised_70"}));
    EXPECT_TRUE(bare.next_tier->blockers[0].rollups.empty());
    EXPECT_TRUE(contains(bare.text, "ghi chú: So sánh bằng số nguyên.")) << bare.text;

    // c3 failed its plan and has no village at all: both named.
    const auto c3 = antq::explain(ev, "c3", language::vi, context);
    ASSERT_TRUE(c3[0].next_tier);
    EXPECT_EQ(blocker_ids(*c3[0].next_tier), (std::vector<std::string>{"plan", "recognised_70"}));
}

namespace {

// Three criteria; `passed(a) and passed(b)` for the top tier, `requires` on the middle.
constexpr std::string_view forms_rules = R"~(antq: 1
id: forms
title: "forms"
subject: unit
applies_to: 'kind == "village"'
period: calendar-year
versions:
  - version: "1"
    effective: 2020-01-01
    engine: checklist
    indicators:
      x: {type: count}
    criteria:
      - {id: a, title: "A", kind: required, when: "x >= 1"}
      - {id: b, title: "B", kind: required, when: "x >= 2"}
      - {id: c, title: "C", kind: required, when: "x >= 3"}
    tiers:
      - {id: top, label: "Tốt", when: "passed(a) and passed(b)"}
      - {id: mid, label: "Khá", when: "true", requires: [a]}
      - {id: low, label: "Yếu"}
)~";

}  // namespace

TEST(explain_pipeline, passed_calls_and_requires_name_the_criteria_they_read) {
    const auto data = tree_dataset("",
                                   R"~({"subject": "v1", "period": "2024", "x": 1},
            {"subject": "v2", "period": "2024", "x": 0},
            {"subject": "v3", "period": "2024", "x": 3})~");
    const auto rules = rulebooks({yaml_rulebook(forms_rules, "forms.yaml")});
    const auto ev = antq::evaluate(data, rules, "2024");
    // v1 passed a only: kept out of "top" by b (read by the condition); c is not read.
    const auto v1 = antq::explain(ev.at("forms"), "v1", language::en);
    EXPECT_EQ(v1.tier_id, "mid");
    ASSERT_TRUE(v1.next_tier);
    EXPECT_EQ(blocker_ids(*v1.next_tier), (std::vector<std::string>{"b"}));
    // v2 failed a, which "mid" requires: named as a requirement.
    const auto v2 = antq::explain(ev.at("forms"), "v2", language::en);
    EXPECT_EQ(v2.tier_id, "low");
    ASSERT_TRUE(v2.next_tier);
    EXPECT_EQ(blocker_ids(*v2.next_tier), (std::vector<std::string>{"a"}));
    EXPECT_EQ(v2.next_tier->blockers[0].why, tier_blocker::reason::requirement);
    EXPECT_TRUE(
        contains(v2.text, "  - a (A) (required for this tier): failed; condition: x >= 1\n"))
        << v2.text;
}

namespace {

constexpr std::string_view topsis_rules = R"~(antq: 1
id: ranked
title: "ranked"
subject: unit
applies_to: 'kind == "village"'
period: calendar-year
versions:
  - version: "1"
    effective: 2020-01-01
    engine: topsis
    indicators:
      x: {type: number}
      y: {type: number}
    criteria:
      - {id: x, title: "X", kind: scored, points: 50, score: "x / 10", value: "x"}
      - {id: y, title: "Y", kind: scored, points: 50, score: "y / 10", value: "y"}
    tiers:
      - {id: top, label: "Tốt", when: "score >= 90"}
      - {id: low, label: "Chưa tốt"}
)~";

}  // namespace

TEST(explain_pipeline, a_non_additive_engine_makes_no_point_shortfall_claim) {
    const auto data = tree_dataset("",
                                   R"~({"subject": "v1", "period": "2024", "x": 9, "y": 8},
            {"subject": "v2", "period": "2024", "x": 2, "y": 5},
            {"subject": "v3", "period": "2024", "x": 5, "y": 1})~");
    const auto rules = rulebooks({yaml_rulebook(topsis_rules, "ranked.yaml")});
    const auto ev = antq::evaluate(data, rules, "2024");
    EXPECT_EQ(ev.at("ranked").header().engine, "topsis");
    EXPECT_FALSE(ev.at("ranked").header().additive);
    for (const auto lang : {language::vi, language::en}) {
        const auto e = antq::explain(ev.at("ranked"), "v2", lang);
        EXPECT_FALSE(e.additive);
        EXPECT_TRUE(e.sank.empty());
        ASSERT_TRUE(e.next_tier);
        EXPECT_FALSE(e.next_tier->additive);
        EXPECT_TRUE(e.next_tier->closers.empty());
        for (const std::string_view claim :
             {"thiếu", "điểm tối đa", "cần thêm", "Làm mất điểm", "short", "full marks",
              "more points needed", "Sank the score"}) {
            EXPECT_FALSE(contains(e.text, claim)) << claim << " in\n" << e.text;
        }
    }
    const auto vi = antq::explain(ev.at("ranked"), "v2", language::vi);
    EXPECT_TRUE(contains(vi.text, "phương pháp topsis không cộng dồn theo tiêu chí")) << vi.text;
    EXPECT_TRUE(contains(vi.text, ", cần đạt 90,00\n")) << vi.text;
}

namespace {

/// A median of the criterion scores (x100): not additive, with its own gap analysis.
class median_engine final : public antq::scoring_engine {
  public:
    [[nodiscard]] std::string_view name() const noexcept override { return "median"; }
    [[nodiscard]] std::vector<std::string> gap_analysis(
        const antq::gap_request& request) const override {
        return {std::string(request.lang == language::vi ? "nâng trung vị lên "
                                                         : "lift the median to ") +
                std::to_string(static_cast<int>(request.target))};
    }

  private:
    void do_score(const antq::engine_input& in, const antq::engine_output& out) const override {
        for (std::size_t i = 0; i < in.subject_count; ++i) {
            std::vector<double> s;
            for (std::size_t c = 0; c < in.criteria.size(); ++c) {
                if (in.assessed[in.at(c, i)] != 0) {
                    s.push_back(in.scores[in.at(c, i)]);
                }
            }
            std::sort(s.begin(), s.end());
            out.scores[i] = s.empty() ? 0 : 100 * s[s.size() / 2];
        }
    }
    [[nodiscard]] double do_max_score(std::span<const antq::criterion_info>) const override {
        return 100;
    }
};

}  // namespace

TEST(explain_pipeline, an_engine_gap_analysis_is_shown_when_the_rulebooks_are_at_hand) {
    antq::engine_registry engines = antq::builtin_engines();
    engines.add("median",
                [](const antq::engine_options&, std::span<const antq::criterion_info>,
                   antq::diagnostic_list&) { return std::make_shared<const median_engine>(); });
    std::string yaml(topsis_rules);
    yaml.replace(yaml.find("engine: topsis"), 14, "engine: median");
    const auto data = tree_dataset("",
                                   R"~({"subject": "v1", "period": "2024", "x": 9, "y": 8},
            {"subject": "v2", "period": "2024", "x": 2, "y": 5})~");
    const auto rules = rulebooks({yaml_rulebook(yaml, "ranked.yaml", engines)}, engines);
    const auto ev = antq::evaluate(data, rules, "2024");
    EXPECT_FALSE(ev.at("ranked").header().additive);  // an engine that says nothing
    antq::explain_context context;
    context.rules = &rules;
    const auto e = antq::explain(ev, "v2", language::vi, context);
    ASSERT_EQ(e.size(), 1U);
    ASSERT_TRUE(e[0].next_tier);
    EXPECT_EQ(e[0].next_tier->engine_advice, (std::vector<std::string>{"nâng trung vị lên 90"}));
    EXPECT_TRUE(contains(e[0].text, "  nâng trung vị lên 90\n")) << e[0].text;
    EXPECT_FALSE(contains(e[0].text, "thiếu")) << e[0].text;
}

namespace {

constexpr std::string_view capped_rules = R"~(antq: 1
id: capped
title: "capped"
subject: unit
applies_to: 'kind == "village"'
period: calendar-year
versions:
  - version: "1"
    effective: 2020-01-01
    indicators:
      x: {type: number}
      disciplined: {type: count}
    criteria:
      - {id: x, title: "X", kind: scored, points: 100, score: "x / 100"}
      - id: no_discipline
        title: "Không có cán bộ bị kỷ luật"
        basis: "Điều 7"
        kind: veto
        when: "disciplined == 0"
        caps_at: trung_binh
    tiers:
      - {id: tot, label: "Tốt", when: "score >= 80"}
      - {id: kha, label: "Khá", when: "score >= 65"}
      - {id: trung_binh, label: "Trung bình", when: "score >= 50"}
      - {id: yeu, label: "Yếu"}
)~";

}  // namespace

TEST(explain_pipeline, a_veto_capped_at_a_tier_keeps_the_subject_at_or_below_it) {
    const auto data =
        tree_dataset("",
                     R"~({"subject": "v1", "period": "2024", "x": 90, "disciplined": 1},
            {"subject": "v2", "period": "2024", "x": 40, "disciplined": 1},
            {"subject": "v3", "period": "2024", "x": 90, "disciplined": 0})~");
    const auto rules = rulebooks({yaml_rulebook(capped_rules, "capped.yaml")});
    const auto ev = antq::evaluate(data, rules, "2024");
    const auto& r = ev.at("capped");
    EXPECT_EQ(result_of(r, "v1").tier_id, "trung_binh");  // would be tot: capped
    EXPECT_EQ(result_of(r, "v2").tier_id, "yeu");         // below the cap already
    EXPECT_EQ(result_of(r, "v3").tier_id, "tot");         // passed the veto
    EXPECT_EQ(r.header().criteria[1].caps_at, 2);

    const auto e = antq::explain(r, "v1", language::vi);
    EXPECT_EQ(e.decided_by, tier_decision::veto);
    ASSERT_EQ(e.vetoes.size(), 1U);
    EXPECT_EQ(e.vetoes[0].caps_at_label, "Trung bình");
    EXPECT_TRUE(contains(e.text,
                         "Không đạt tiêu chí phủ quyết no_discipline (Không có cán bộ bị kỷ "
                         "luật): không được xếp trên loại \"Trung bình\".\n"))
        << e.text;
    ASSERT_TRUE(e.next_tier);
    EXPECT_EQ(e.next_tier->id, "kha");
    EXPECT_EQ(blocker_ids(*e.next_tier), (std::vector<std::string>{"no_discipline"}));
    EXPECT_TRUE(contains(e.text,
                         "  - no_discipline (Không có cán bộ bị kỷ luật) (phủ quyết: không xếp "
                         "trên loại \"Trung bình\"): chưa đạt; điều kiện: disciplined == 0; căn "
                         "cứ: Điều 7\n"))
        << e.text;
    const auto en = antq::explain(r, "v1", language::en);
    EXPECT_TRUE(contains(en.text,
                         "Failed the veto no_discipline (Không có cán bộ bị kỷ luật): no tier "
                         "above \"Trung bình\".\n"))
        << en.text;

    // Below its cap, the subject's own score decided.
    const auto v2 = antq::explain(r, "v2", language::vi);
    EXPECT_EQ(v2.decided_by, tier_decision::conditions);
}

namespace {

constexpr std::string_view quota_rules = R"~(antq: 1
id: quota
title: "quota"
subject: model
period: calendar-year
versions:
  - version: "1"
    effective: 2020-01-01
    indicators:
      x: {type: number}
    criteria:
      - {id: x, title: "X", kind: scored, points: 100, score: "x / 100"}
    tiers:
      - id: top
        label: "Hiệu quả"
        when: "score >= 80"
        quota: {max_share: 0.5, within: commune}
      - {id: low, label: "Chưa hiệu quả"}
)~";

}  // namespace

TEST(explain_pipeline, a_quota_demotion_names_who_took_the_places) {
    const auto data = tree_dataset(
        R"~({"id": "a", "name": "Mô hình A", "type": "", "topic": "", "target_group": "", "unit": "v1"},
            {"id": "b", "name": "Mô hình B", "type": "", "topic": "", "target_group": "", "unit": "v2"},
            {"id": "c", "name": "Mô hình C", "type": "", "topic": "", "target_group": "", "unit": "c1"},
            {"id": "d", "name": "Mô hình D", "type": "", "topic": "", "target_group": "", "unit": "v3"})~",
        R"~({"subject": "a", "period": "2024", "x": 95},
            {"subject": "b", "period": "2024", "x": 90},
            {"subject": "c", "period": "2024", "x": 85},
            {"subject": "d", "period": "2024", "x": 99})~");
    const auto rules = rulebooks({yaml_rulebook(quota_rules, "quota.yaml")});
    const auto ev = antq::evaluate(data, rules, "2024");
    // c1 holds a, b, c: floor(0.5 x 3) = 1 place, taken by a. d is in c2.
    EXPECT_EQ(result_of(ev.at("quota"), "a").tier_id, "top");
    EXPECT_EQ(result_of(ev.at("quota"), "c").tier_id, "low");
    antq::explain_context context;
    context.data = &data;
    const auto e = antq::explain(ev.at("quota"), "c", language::vi, context);
    EXPECT_EQ(e.decided_by, tier_decision::quota);
    ASSERT_TRUE(e.quota);
    EXPECT_EQ(e.quota->group, "c1");
    EXPECT_EQ(e.quota->share, 0.5);
    ASSERT_EQ(e.quota->holders.size(), 1U);
    EXPECT_EQ(e.quota->holders[0].id, "a");
    EXPECT_TRUE(contains(e.text,
                         "Đạt loại \"Hiệu quả\" nhưng loại đó có hạn mức 50% trong mỗi commune "
                         "(c1): 1 chỗ, đã dành cho Mô hình A (a) (95,00 điểm); nên xuống loại "
                         "sau.\n"))
        << e.text;
    const auto en = antq::explain(ev.at("quota"), "c", language::en, context);
    EXPECT_TRUE(contains(en.text,
                         "Qualified for \"Hiệu quả\" but that tier's quota is 50% per commune "
                         "(c1): 1 places, taken by Mô hình A (a) (95.00 points); so moved "
                         "down.\n"))
        << en.text;
    // Without the dataset the group of a commune quota cannot be told: no names.
    const auto bare = antq::explain(ev.at("quota"), "c", language::vi);
    ASSERT_TRUE(bare.quota);
    EXPECT_FALSE(bare.quota->group_known);
    EXPECT_TRUE(contains(bare.text,
                         "hạn mức 50% trong mỗi commune và đã đủ chỗ; nên xuống loại "
                         "sau.\n"))
        << bare.text;
}

// The shipped rulebooks on the Quảng Trung example: in 2024 the commune is "Chưa đạt" for
// recognised_70 alone (7 of 11 units recognised, under 70%); its explanation says so and
// names the units not recognised.
TEST(explain_pipeline, the_quang_trung_commune_explanation_names_recognised_70_and_the_units) {
    const std::filesystem::path root(ANTQ_SOURCE_DIR);
    const auto data = antq::load_dataset(root / "examples" / "data" / "quang-trung");
    const auto rules = antq::rulebook_set::load(root / "rulebooks");
    const auto ev = antq::evaluate(data, rules, "2024");
    antq::explain_context context;
    context.data = &data;
    context.rules = &rules;
    const auto all = antq::explain(ev, "quang-trung", language::vi, context);
    const auto commune = std::find_if(all.begin(), all.end(), [](const antq::explanation& e) {
        return e.rulebook == "tt124-commune";
    });
    ASSERT_NE(commune, all.end());
    const antq::explanation& e = *commune;
    EXPECT_EQ(e.tier_label, "Chưa đạt");
    ASSERT_TRUE(e.next_tier);
    ASSERT_EQ(blocker_ids(*e.next_tier), (std::vector<std::string>{"recognised_70"}));
    const tier_blocker& b = e.next_tier->blockers[0];
    EXPECT_EQ(b.criterion.basis, "Thông tư 124/2021/TT-BCA, Điều 5, khoản 4");
    std::size_t recognised = 0;
    std::size_t total = 0;
    std::vector<std::string> not_recognised;
    for (const auto& d : b.rollups) {
        if (d.formula == "count(true)") {
            total += d.counted;
            continue;
        }
        recognised += d.counted;
        for (const auto& m : d.members) {
            if (!m.counted) {
                not_recognised.push_back(m.id);
            }
        }
    }
    EXPECT_EQ(recognised, 7U);
    EXPECT_EQ(total, 11U);
    EXPECT_EQ(not_recognised, (std::vector<std::string>{"qt-tan-loc", "qt-phu-trung",
                                                        "qt-tram-y-te", "qt-dong-tau"}));
    // The text no longer ends with an empty "Để lên loại Đạt" line: it names the criterion,
    // its basis, and the units by name beside their ids.
    EXPECT_TRUE(contains(e.text,
                         "Để lên loại \"Đạt\":\n  các tiêu chí chưa "
                         "đạt:\n  - recognised_70 ("))
        << e.text;
    EXPECT_TRUE(contains(e.text,
                         "không được tính: Thôn Tân Lộc (qt-tan-loc) — Chưa đạt; Thôn "
                         "Phú Trung (qt-phu-trung) — Chưa đạt\n"))
        << e.text;
    EXPECT_TRUE(contains(e.text, "Trạm Y tế xã Quảng Trung (qt-tram-y-te) — Chưa đạt")) << e.text;
    EXPECT_TRUE(contains(e.text,
                         "      tổng: 7/11 được tính; không được tính: Thôn Tân Lộc (qt-tan-loc) — "
                         "Chưa đạt; Thôn Phú Trung (qt-phu-trung) — Chưa đạt; Trạm Y tế xã Quảng "
                         "Trung (qt-tram-y-te) — Chưa đạt; Công ty TNHH Đóng tàu Quảng Trung "
                         "(qt-dong-tau) — Chưa đạt\n"))
        << e.text;
}
