// Exemplars (điển hình tiên tiến) as subjects: their links to models in the data, the
// shipped rulebook `exemplar-recognition` with its quota on the Bằng khen, and the roll-ups
// both ways (a model's linked exemplars count for the model; a commune counts the exemplars
// of its villages), on the Quảng Trung example and on small datasets written here.

#include "toolkit/toolkit_support.hpp"

#include <antq/error.hpp>
#include <antq/evaluate.hpp>
#include <antq/explain.hpp>
#include <antq/rulebook_loader.hpp>
#include <antq/rulebook_set.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace antq {
namespace {

using test_support::tier_of;

using test_support::source_root;

double score_of(const rulebook_results& r, std::string_view subject) {
    const auto row = r.find(subject);
    if (!row) {
        throw std::runtime_error("no result for " + std::string(subject));
    }
    return r.columns().score[*row];
}

const rulebook_results& results_of(const evaluation& e, std::string_view rulebook) {
    const auto* r = e.find(rulebook);
    if (r == nullptr) {
        throw std::runtime_error("no results of " + std::string(rulebook));
    }
    return *r;
}

// ---- Data ----

TEST(exemplar_data, links_read_from_models_and_leads_count_each_model_once) {
    const dataset data = load_dataset(source_root() / "examples/data/quang-trung");
    const auto& reg = data.registry;
    const auto e05 = reg.find_exemplar("qt-e05");
    ASSERT_TRUE(e05);
    std::vector<std::string> ids;
    for (const index_t m : reg.models_of_exemplar(*e05)) {
        ids.push_back(reg.models()[m].id);
    }
    EXPECT_EQ(ids, (std::vector<std::string>{"qt-m08", "qt-m10"}));
    const auto e01 = reg.find_exemplar("qt-e01");
    const auto m08 = reg.find_model("qt-m08");
    const auto m10 = reg.find_model("qt-m10");
    EXPECT_TRUE(reg.exemplar_leads(*e01, *m08));
    EXPECT_FALSE(reg.exemplar_leads(*e01, *m10));
    std::vector<std::string> of_m10;
    for (const index_t e : reg.exemplars_of_model(*m10)) {
        of_m10.push_back(reg.exemplars()[e].id);
    }
    EXPECT_EQ(of_m10, (std::vector<std::string>{"qt-e01", "qt-e05"}));
}

class exemplar_files : public ::testing::Test {
  protected:
    void write(const std::string& exemplars) {
        const auto& dir = folder_.path();
        test_support::write_text(dir / "units.csv",
                                 "id,kind,name,parent\nc,commune,Xã Mẫu,\nv,village,Thôn,c\n");
        test_support::write_text(dir / "models.csv",
                                 "id,name,unit\nm1,Mô hình Một,v\nm2,Mô hình Hai,v\n");
        test_support::write_text(dir / "exemplars.csv", exemplars);
    }
    test_support::scratch_folder folder_;
};

TEST_F(exemplar_files, an_unknown_model_is_an_error_at_its_cell) {
    write("id,name,kind,unit,models,leads\ne1,An,individual,v,m1,m9\n");
    try {
        (void)load_dataset(folder_.path());
        FAIL() << "expected an input_error";
    } catch (const input_error& e) {
        ASSERT_EQ(e.diagnostics().size(), 1u);
        EXPECT_NE(e.diagnostics()[0].to_string().find("exemplars.csv:2:6"), std::string::npos)
            << e.diagnostics()[0].to_string();
        EXPECT_NE(e.diagnostics()[0].to_string().find("unknown model 'm9' in column 'leads'"),
                  std::string::npos)
            << e.diagnostics()[0].to_string();
    }
}

TEST_F(exemplar_files, an_empty_id_in_a_list_is_an_error) {
    write("id,name,kind,unit,models\ne1,An,individual,v,m1;;m2\n");
    try {
        (void)load_dataset(folder_.path());
        FAIL() << "expected an input_error";
    } catch (const input_error& e) {
        ASSERT_EQ(e.diagnostics().size(), 1u);
        EXPECT_NE(e.diagnostics()[0].to_string().find("empty id in column 'models'"),
                  std::string::npos)
            << e.diagnostics()[0].to_string();
    }
}

TEST_F(exemplar_files, old_files_without_links_load_and_links_survive_a_round_trip) {
    write("id,name,kind,unit,recognized\ne1,An,individual,v,2024-08-19\n");
    const dataset old = load_dataset(folder_.path());
    EXPECT_TRUE(old.registry.exemplars()[0].models.empty());
    EXPECT_TRUE(old.registry.models_of_exemplar(0).empty());

    write("id,name,kind,unit,models,leads\ne1,An,individual,v, m2 ; m1 ,m1\n");
    const dataset linked = load_dataset(folder_.path());
    EXPECT_EQ(linked.registry.exemplars()[0].models, (std::vector<std::string>{"m2", "m1"}));
    EXPECT_EQ(linked.registry.models_of_exemplar(0).size(), 2u);  // m1 once
    test_support::scratch_folder copy;
    save_dataset_csv(linked, copy.path());
    const dataset again = load_dataset(copy.path());
    EXPECT_TRUE(again.registry == linked.registry);
    const auto json = copy.path() / "data.json";
    save_dataset_json(linked, json);
    EXPECT_TRUE(load_dataset(json).registry == linked.registry);
}

// ---- The shipped rulebook on Quảng Trung ----

class quang_trung_exemplars : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        data_ = new dataset(load_dataset(source_root() / "examples/data/quang-trung"));
        rules_ = new rulebook_set(rulebook_set::load(source_root() / "rulebooks"));
        results_ = new evaluation(evaluate(*data_, *rules_, "2025"));
    }
    static void TearDownTestSuite() {
        delete results_;
        delete rules_;
        delete data_;
    }
    static dataset* data_;
    static rulebook_set* rules_;
    static evaluation* results_;
};
dataset* quang_trung_exemplars::data_ = nullptr;
rulebook_set* quang_trung_exemplars::rules_ = nullptr;
evaluation* quang_trung_exemplars::results_ = nullptr;

TEST_F(quang_trung_exemplars, the_five_exemplars_are_evaluated_on_the_movements_year) {
    const auto& r = results_of(*results_, "exemplar-recognition");
    EXPECT_EQ(r.size(), 5u);
    EXPECT_EQ(r.header().period_first, date(2024, 8, 20));
    EXPECT_EQ(r.header().period_last, date(2025, 8, 19));
    EXPECT_EQ(tier_of(r, "qt-e01"), "bang_khen_tinh");
    EXPECT_DOUBLE_EQ(score_of(r, "qt-e01"), 100);
    EXPECT_EQ(tier_of(r, "qt-e02"), "ky_niem_chuong");
    EXPECT_EQ(tier_of(r, "qt-e03"), "khong_de_nghi");
    EXPECT_EQ(tier_of(r, "qt-e04"), "giay_khen_xa");
    EXPECT_DOUBLE_EQ(score_of(r, "qt-e04"), 77.5);
}

TEST_F(quang_trung_exemplars, the_quota_on_the_bang_khen_keeps_one_place_per_commune) {
    // qt-e05 (a collective, 92.5 points) qualifies for the Bằng khen, but 20% of the five
    // exemplars of Quảng Trung is one place, taken by qt-e01 (100 points).
    const auto& r = results_of(*results_, "exemplar-recognition");
    EXPECT_DOUBLE_EQ(score_of(r, "qt-e05"), 92.5);
    EXPECT_EQ(tier_of(r, "qt-e05"), "giay_khen_xa");
    explain_context context;
    context.data = data_;
    context.sources = results_;
    const auto why = explain(r, "qt-e05", language::vi, context);
    EXPECT_EQ(why.decided_by, tier_decision::quota);
    ASSERT_TRUE(why.quota);
    ASSERT_EQ(why.quota->holders.size(), 1u);
    EXPECT_EQ(why.quota->holders[0].id, "qt-e01");
    EXPECT_NE(why.text.find("Bằng khen"), std::string::npos) << why.text;
}

TEST_F(quang_trung_exemplars, a_models_linked_exemplars_count_for_the_model) {
    const auto& r = results_of(*results_, "model-exemplars");
    // qt-m10 has qt-e01 (Bằng khen) and qt-e05 (Giấy khen); qt-m09 only qt-e03, not proposed;
    // qt-m01 has none.
    EXPECT_EQ(tier_of(r, "qt-m10"), "co_dien_hinh");
    EXPECT_EQ(tier_of(r, "qt-m09"), "chua_co");
    EXPECT_EQ(tier_of(r, "qt-m01"), "chua_co");
    explain_context context;
    context.data = data_;
    context.rules = rules_;
    context.sources = results_;
    const auto why = explain(r, "qt-m09", language::vi, context);
    ASSERT_TRUE(why.next_tier);
    ASSERT_FALSE(why.next_tier->blockers.empty());
    const auto& rollups = why.next_tier->blockers.front().rollups;
    ASSERT_EQ(rollups.size(), 1u);
    EXPECT_EQ(rollups[0].id, "exemplars_proposed");
    ASSERT_EQ(rollups[0].members.size(), 1u);
    EXPECT_EQ(rollups[0].members[0].id, "qt-e03");
    EXPECT_FALSE(rollups[0].members[0].counted);
}

TEST_F(quang_trung_exemplars, the_commune_counts_the_exemplars_of_its_villages) {
    const auto& r = results_of(*results_, "commune-exemplars");
    EXPECT_EQ(r.size(), 1u);
    EXPECT_EQ(tier_of(r, "quang-trung"), "co_dien_hinh");
}

// ---- Roll-ups, counted exactly, on a small dataset ----

// Two villages of one commune; four exemplars, linked to two models. Each rulebook scores
// its roll-up as points (a count of n gives n points), so that the score is the count.
class linked_rollups : public ::testing::Test {
  protected:
    void SetUp() override {
        const auto& dir = folder_.path();
        test_support::write_text(dir / "units.csv",
                                 "id,kind,name,parent\nc,commune,Xã Mẫu,\nv1,village,Thôn Một,c\n"
                                 "v2,village,Thôn Hai,c\nc2,commune,Xã Khác,\n");
        test_support::write_text(dir / "models.csv",
                                 "id,name,unit\nm1,Mô hình Một,v1\nm2,Mô hình Hai,v2\n"
                                 "m3,Mô hình Ba,c2\n");
        test_support::write_text(dir / "exemplars.csv",
                                 "id,name,kind,unit,models,leads\n"
                                 "e1,An,individual,v1,m1,\n"
                                 "e2,Bình,individual,v1,,m1\n"
                                 "e3,Tổ tuần tra,collective,v2,m1;m2,\n"
                                 "e4,Chi,individual,c2,,\n");
        test_support::write_text(
            dir / "observations.csv",
            "subject,period,good\ne1,2025,1\ne2,2025,0\ne3,2025,1\ne4,2025,1\n");
        data_ = load_dataset(dir);
    }

    [[nodiscard]] static rulebook exemplar_book() {
        return parse_rulebook(R"(antq: 1
id: ex
title: Điển hình
subject: exemplar
versions:
  - version: "1"
    effective: 2020-01-01
    indicators:
      good: {type: count}
    criteria:
      - {id: good, kind: scored, points: 100, score: "good"}
    tiers:
      - {id: tot, label: Tốt, when: "score >= 50"}
      - {id: chua, label: Chưa}
)",
                              "ex.yaml");
    }

    [[nodiscard]] static rulebook counting_book(std::string_view id, std::string_view subject,
                                                std::string_view applies, std::string_view over,
                                                std::string_view value) {
        return parse_rulebook(
            std::string("antq: 1\nid: ") + std::string(id) +
                "\ntitle: Đếm\nsubject: " + std::string(subject) +
                (applies.empty() ? std::string() : "\napplies_to: '" + std::string(applies) + "'") +
                "\nversions:\n  - version: \"1\"\n    effective: 2020-01-01\n"
                "    rollups:\n      n: {from: ex, over: " +
                std::string(over) + ", value: '" + std::string(value) +
                "'}\n    criteria:\n      - {id: n, kind: scored, points: 100, "
                "score: \"n / 100\"}\n    tiers:\n      - {id: all, label: "
                "Tất cả}\n",
            std::string(id) + ".yaml");
    }

    test_support::scratch_folder folder_;
    dataset data_;
};

TEST_F(linked_rollups, a_model_counts_the_exemplars_that_belong_to_or_lead_it) {
    std::vector<rulebook> books{
        exemplar_book(),
        counting_book("models", "model", "", "linked", "count(true)"),
        counting_book("models-good", "model", "", "linked", R"(count(tier == "tot"))"),
    };
    const auto e = evaluate(data_, rulebook_set::from(std::move(books)), "2025");
    const auto& all = results_of(e, "models");
    EXPECT_DOUBLE_EQ(score_of(all, "m1"), 3);  // e1 (member), e2 (leader), e3
    EXPECT_DOUBLE_EQ(score_of(all, "m2"), 1);  // e3
    EXPECT_DOUBLE_EQ(score_of(all, "m3"), 0);  // e4 is in its commune but not linked
    const auto& good = results_of(e, "models-good");
    EXPECT_DOUBLE_EQ(score_of(good, "m1"), 2);  // e1, e3; e2 scored 0
}

TEST_F(linked_rollups, an_exemplar_reads_the_models_it_is_linked_to) {
    // The other direction of the same links: a rulebook on exemplars over the models.
    std::vector<rulebook> books{
        parse_rulebook(R"(antq: 1
id: ex
title: Mô hình
subject: model
versions:
  - version: "1"
    effective: 2020-01-01
    criteria:
      - {id: one, kind: scored, points: 100, score: "1"}
    tiers:
      - {id: all, label: Tất cả}
)",
                       "ex.yaml"),
        counting_book("exemplar-models", "exemplar", "", "linked", "count(true)"),
    };
    const auto e = evaluate(data_, rulebook_set::from(std::move(books)), "2025");
    const auto& r = results_of(e, "exemplar-models");
    EXPECT_DOUBLE_EQ(score_of(r, "e1"), 1);
    EXPECT_DOUBLE_EQ(score_of(r, "e3"), 2);
    EXPECT_DOUBLE_EQ(score_of(r, "e4"), 0);
}

TEST_F(linked_rollups, a_commune_counts_the_exemplars_of_its_villages) {
    std::vector<rulebook> books{
        exemplar_book(),
        counting_book("communes", "unit", R"(unit_kind == "commune")", "descendants",
                      R"(count(tier == "tot"))"),
    };
    const auto e = evaluate(data_, rulebook_set::from(std::move(books)), "2025");
    const auto& r = results_of(e, "communes");
    EXPECT_DOUBLE_EQ(score_of(r, "c"), 2);   // e1, e3 of its villages
    EXPECT_DOUBLE_EQ(score_of(r, "c2"), 1);  // e4, its own
}

TEST_F(linked_rollups, linked_between_units_and_exemplars_is_refused_at_its_place) {
    std::vector<rulebook> books{
        exemplar_book(),
        counting_book("communes", "unit", "", "linked", "count(true)"),
    };
    try {
        (void)rulebook_set::from(std::move(books));
        FAIL() << "expected an input_error";
    } catch (const input_error& e) {
        ASSERT_EQ(e.diagnostics().size(), 1u);
        const std::string text = e.diagnostics()[0].to_string();
        EXPECT_NE(text.find("communes.yaml"), std::string::npos) << text;
        EXPECT_NE(text.find("'over: linked', which links models and exemplars only"),
                  std::string::npos)
            << text;
    }
}

}  // namespace
}  // namespace antq
