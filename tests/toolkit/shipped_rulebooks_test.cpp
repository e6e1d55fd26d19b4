// The shipped rulebooks (rulebooks/) evaluated together, where a rulebook's own `tests:` cannot
// reach: roll-ups (a test case gives roll-up values as inputs), quotas (a test case is one
// subject) and ranks. Each test is one promise of rulebooks/README.md, on a small dataset
// written for it or on the Quảng Trung example.

#include "support/replaced.hpp"
#include "toolkit/toolkit_support.hpp"

#include <antq/evaluate.hpp>
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

using test_support::replaced;
using test_support::tier_of;

using test_support::source_root;

// One commune with two villages, an agency, and three models: one run by the commune itself,
// one by the agency, one by the first village. Every standard is met except where a test says.
//
// - Thôn Một registered in quarter I, Thôn Hai in quarter II (late: it fails its own
//   `registration`, but counts as registered for the commune).
// - The commune's and the agency's models score 100; the village's model scores 12.5 (poor).
class small_commune : public ::testing::Test {
  protected:
    void SetUp() override {
        const auto& dir = folder_.path();
        test_support::write_text(dir / "units.csv",
                                 "id,kind,name,parent\n"
                                 "p,province,Tỉnh Mẫu,\n"
                                 "c,commune,Xã Mẫu,p\n"
                                 "v1,village,Thôn Một,c\n"
                                 "v2,village,Thôn Hai,c\n"
                                 "a,agency,Trạm Y tế xã Mẫu,c\n");
        test_support::write_text(
            dir / "models.csv",
            "id,name,type,topic,target_group,unit,established,ended,replicated_from\n"
            "mc,Xã an toàn về ANTT xã Mẫu,xã an toàn về ANTT,an-ninh-trat-tu,,c,2020-01-01,,\n"
            "ma,5 an toàn Trạm Y tế,5 an toàn về ANTT,an-ninh-trat-tu,,a,2020-01-01,,\n"
            "mv,Thôn an toàn thôn Một,thôn an toàn về ANTT,an-ninh-trat-tu,,v1,2020-01-01,,\n");
        test_support::write_text(
            dir / "observations.csv",
            "subject,period,resolution_quarter,plan_quarter,registration_quarter,households,"
            "households_registered,policies_implemented,listed_incidents,criterion_3_rest_met,"
            "criterion_4_met,criterion_5_met,police_advised_well,officers_disciplined,"
            "internal_rules_issued,staff,staff_briefed,other_criteria_met,crimes,crimes_detected,"
            "reports,disputes,disputes_mediated,patrols,legal_sessions\n"
            "c,2024,1,1,1,,,true,0,true,true,,true,0,,,,,,,,,,,\n"
            "v1,2024,1,,1,100,100,true,0,true,true,true,,,,,,,,,,,,,\n"
            "v2,2024,1,,2,100,100,true,0,true,true,true,,,,,,,,,,,,,\n"
            "a,2024,1,1,1,,,,,,,,,,true,20,20,true,,,,,,,\n"
            "mc,2024,,,,,,,,,,,,,,,,,0,0,12,0,0,48,12\n"
            "ma,2024,,,,,,,,,,,,,,,,,0,0,12,0,0,48,12\n"
            "mv,2024,,,,,,,,,,,,,,,,,3,0,0,2,0,0,0\n");
        data_ = load_dataset(dir);
    }

    [[nodiscard]] evaluation evaluate_shipped() const {
        return evaluate(data_, rulebook_set::load(source_root() / "rulebooks"), "2024");
    }

    test_support::scratch_folder folder_;
    dataset data_;
};

bool passed(const rulebook_results& r, std::string_view subject, std::string_view criterion) {
    const auto& criteria = r.header().criteria;
    const auto k = std::find_if(criteria.begin(), criteria.end(),
                                [&](const auto& c) { return c.id == criterion; });
    if (k == criteria.end()) {
        throw std::runtime_error("no criterion " + std::string(criterion));
    }
    const auto cell = r.at(static_cast<std::size_t>(k - criteria.begin()), r.find(subject).value());
    return r.columns().criterion_assessed[cell] != 0 && r.columns().criterion_passed[cell] != 0;
}

// rulebooks/README.md, "Effective models": a roll-up sees the models the unit runs itself,
// so neither the commune nor the agency needs a hand-kept count.
TEST_F(small_commune, the_commune_and_the_agency_count_the_models_they_run_themselves) {
    const evaluation results = evaluate_shipped();
    const auto& models = results.at("model-effectiveness");
    EXPECT_EQ(tier_of(models, "mc"), "effective");
    EXPECT_EQ(tier_of(models, "ma"), "effective");
    EXPECT_EQ(tier_of(models, "mv"), "poor");
    EXPECT_TRUE(passed(results.at("tt124-agency-enterprise"), "a", "effective_model"));
    EXPECT_EQ(tier_of(results.at("tt124-agency-enterprise"), "a"), "dat");
    EXPECT_TRUE(passed(results.at("tt124-commune"), "c", "effective_model"));
}

// An agency whose only model is poor fails Điều 6's effective model, and a commune whose only
// effective model is its own still passes Điều 5 khoản 1.
TEST_F(small_commune, an_agency_without_an_effective_model_of_its_own_fails) {
    std::string models = test_support::read_text(folder_.path() / "models.csv");
    models.replace(models.find("an-ninh-trat-tu,,a,"), 19, "an-ninh-trat-tu,,v1,");
    test_support::write_text(folder_.path() / "models.csv", models);
    data_ = load_dataset(folder_.path());
    const evaluation results = evaluate_shipped();
    EXPECT_FALSE(passed(results.at("tt124-agency-enterprise"), "a", "effective_model"));
    EXPECT_EQ(tier_of(results.at("tt124-agency-enterprise"), "a"), "chua_dat");
    EXPECT_TRUE(passed(results.at("tt124-commune"), "c", "effective_model"));
}

// TT 124 Điều 5 khoản 4: a village that registered in quarter II is "chưa đạt" itself (quarter
// I is its own criterion) but counts as registered for its commune.
TEST_F(small_commune, a_unit_registered_after_quarter_one_counts_as_registered_for_the_commune) {
    const evaluation results = evaluate_shipped();
    const auto& villages = results.at("tt124-residential");
    EXPECT_FALSE(passed(villages, "v2", "registration"));
    EXPECT_EQ(tier_of(villages, "v2"), "chua_dat");
    const auto& commune = results.at("tt124-commune");
    EXPECT_TRUE(passed(commune, "c", "all_registered"));
    // 2 of 3 units recognised (67%) is below 70%: the commune fails on that, not on khoản 4.
    EXPECT_FALSE(passed(commune, "c", "recognised_70"));
}

// Three graded models in one commune, all scoring 100: all three are effective. A 30% quota
// would have allowed none (floor(0.9) = 0) and failed the commune on a local number.
TEST_F(small_commune, effective_models_are_not_capped) {
    std::string observations = test_support::read_text(folder_.path() / "observations.csv");
    observations.replace(observations.find("mv,2024,"), std::string::npos,
                         "mv,2024,,,,,,,,,,,,,,,,,0,0,12,0,0,48,12\n");
    test_support::write_text(folder_.path() / "observations.csv", observations);
    data_ = load_dataset(folder_.path());
    const evaluation results = evaluate_shipped();
    const auto& models = results.at("model-effectiveness");
    for (const auto* id : {"mc", "ma", "mv"}) {
        EXPECT_EQ(tier_of(models, id), "effective") << id;
    }
    for (const auto& tier : models.header().tiers) {
        EXPECT_FALSE(tier.has_quota) << tier.id;
    }
}

// rulebooks/README.md, "Capping proposals for replication", evaluated as written there: the
// cap is a tier of its own above `effective`, and the commune counts both tiers. The models
// over the cap stay effective, and the commune does not fail because of the cap.
TEST_F(small_commune, a_cap_on_proposals_for_replication_does_not_decide_the_standard) {
    const auto shipped = source_root() / "rulebooks";
    std::string models = test_support::read_text(shipped / "model-effectiveness.yaml");
    models = replaced(models, "    tiers:\n      - id: effective\n",
                      "    tiers:\n"
                      "      - id: replicate\n"
                      "        label: \"Hoạt động hiệu quả, đề xuất nhân rộng\"\n"
                      "        when: \"score >= 80\"\n"
                      "        quota: {max_share: 0.3, within: commune}\n"
                      "        action: replicate\n"
                      "      - id: effective\n");
    models =
        replaced(models,
                 "        when: \"score >= 80\"\n        action: replicate\n"
                 "        action_when: 'previous_tier(1) == \"effective\"'\n"
                 "        otherwise: maintain\n      - id: average",
                 "        when: \"score >= 80\"\n        action: improve\n      - id: average");
    const std::string count_both = "'count(tier in [\"replicate\", \"effective\"])'";
    std::string commune = test_support::read_text(shipped / "tt124-commune.yaml");
    commune = replaced(
        commune,
        "effective_models:    {from: model-effectiveness, over: descendants, value: "
        "'count(tier == \"effective\")'}",
        "effective_models:    {from: model-effectiveness, over: descendants, value: " + count_both +
            "}");
    std::string agency = test_support::read_text(shipped / "tt124-agency-enterprise.yaml");
    agency = replaced(agency, "value: 'count(tier == \"effective\")'", "value: " + count_both);
    std::vector<rulebook> books{parse_rulebook(models, "model-effectiveness.yaml"),
                                parse_rulebook(commune, "tt124-commune.yaml"),
                                parse_rulebook(agency, "tt124-agency-enterprise.yaml")};
    for (const auto* other : {"tt124-residential.yaml", "tt124-school.yaml"}) {
        books.push_back(load_rulebook(shipped / other));
    }
    const evaluation results = evaluate(data_, rulebook_set::from(std::move(books)), "2024");
    const auto& graded = results.at("model-effectiveness");
    // Two models score 100 in a commune of three graded: floor(0.3 × 3) = 0 proposed.
    EXPECT_EQ(tier_of(graded, "mc"), "effective");
    EXPECT_EQ(tier_of(graded, "ma"), "effective");
    EXPECT_TRUE(passed(results.at("tt124-commune"), "c", "effective_model"));
    EXPECT_TRUE(passed(results.at("tt124-agency-enterprise"), "a", "effective_model"));
}

// A pass/fail standard declares no ranking and its results carry no rank; the model scheme
// ranks.
TEST_F(small_commune, pass_fail_standards_are_not_ranked) {
    const evaluation results = evaluate_shipped();
    for (const auto* id : {"tt124-residential", "tt124-commune", "tt124-agency-enterprise"}) {
        const auto& r = results.at(id);
        ASSERT_GT(r.size(), 0U) << id;
        for (const auto rank : r.columns().rank) {
            EXPECT_EQ(rank, no_rank) << id;
        }
    }
    const auto& models = results.at("model-effectiveness");
    EXPECT_EQ(models.columns().rank[*models.find("mc")], 1U);
    EXPECT_EQ(models.columns().rank[*models.find("mv")], 3U);
}

// Quảng Trung 2025 (examples/data/quang-trung/README.md): two teams qualify for "xuất sắc",
// five are "tốt", the 20% quota keeps one (qt-t02) and moves qt-t01 to "tốt". Members read
// their team's result after the quota: qt-t01's leader, who meets every member criterion, is
// "tốt" like the team; a member of the same team who is not its leader is "xuất sắc"; the
// leader of qt-t02 is "xuất sắc".
TEST(shipped_rulebooks, a_team_leader_is_never_above_the_team) {
    const dataset data = load_dataset(source_root() / "examples" / "data" / "quang-trung");
    const evaluation results =
        evaluate(data, rulebook_set::load(source_root() / "rulebooks"), "2025");
    const auto& teams = results.at("grassroots-teams");
    EXPECT_EQ(tier_of(teams, "qt-t01"), "tot");
    EXPECT_EQ(tier_of(teams, "qt-t02"), "xuat_sac");
    const auto& members = results.at("grassroots-team-members");
    EXPECT_EQ(tier_of(members, "qt-tv01"), "tot");
    EXPECT_FALSE(passed(members, "qt-tv01", "leader_within_excellent"));
    EXPECT_TRUE(passed(members, "qt-tv01", "excellent"));
    EXPECT_EQ(tier_of(members, "qt-tv02"), "xuat_sac");
    EXPECT_EQ(tier_of(members, "qt-tv03"), "xuat_sac");
}

// Members joined on 01/07/2024: under 9 months in period 2024, not graded.
TEST(shipped_rulebooks, members_under_nine_months_are_not_graded) {
    const dataset data = load_dataset(source_root() / "examples" / "data" / "quang-trung");
    const evaluation results =
        evaluate(data, rulebook_set::load(source_root() / "rulebooks"), "2024");
    const auto& members = results.at("grassroots-team-members");
    ASSERT_EQ(members.size(), 3U);
    for (const auto status : members.columns().status) {
        EXPECT_EQ(status, result_status::not_eligible);
    }
}

}  // namespace
}  // namespace antq
