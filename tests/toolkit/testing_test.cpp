#include <antq/testing.hpp>

#include "toolkit/toolkit_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace antq {
namespace {

using namespace antq::test_kit;
using ::testing::DescribeMatcher;
using ::testing::Not;

// What a matcher says about a value it is given.
template <class Matcher>
std::string explanation_of(const Matcher& m, const subject_result& r) {
    ::testing::StringMatchResultListener listener;
    static_cast<void>(::testing::ExplainMatchResult(m, r, &listener));
    return listener.str();
}

class testing_matchers : public ::testing::Test {
  protected:
    const rule_tester rules{test_support::patrol_rulebook()};

    // 20 of 40 patrols (30 points) and half the households (20 points): 50, average.
    const subject_result average = evaluate_case(rules, subject_case("m1")
                                                            .period("2024")
                                                            .attribute("unit_kind", "village")
                                                            .indicator("patrols", 20)
                                                            .indicator("households", 100)
                                                            .indicator("households_signed", 50));
    // Without patrols (missing: error): not evaluated.
    const subject_result broken =
        evaluate_case(rules, subject_case("m2").period("2024").indicator("households", 100));
};

TEST_F(testing_matchers, has_tier) {
    EXPECT_THAT(average, has_tier("average"));
    EXPECT_THAT(average, Not(has_tier("effective")));
    EXPECT_EQ(DescribeMatcher<subject_result>(has_tier("effective")), "has tier \"effective\"");
    EXPECT_EQ(DescribeMatcher<subject_result>(Not(has_tier("effective"))),
              "does not have tier \"effective\"");
    EXPECT_EQ(explanation_of(has_tier("effective"), average), "whose tier is average (score 50)");
    EXPECT_EQ(explanation_of(has_tier("effective"), broken),
              "whose tier is none (score none) (status error: " + broken.message + ")");
}

TEST_F(testing_matchers, has_status) {
    EXPECT_THAT(average, has_status(result_status::evaluated));
    EXPECT_THAT(broken, has_status(result_status::error));
    EXPECT_THAT(broken, Not(has_status(result_status::evaluated)));
    EXPECT_EQ(DescribeMatcher<subject_result>(has_status(result_status::not_eligible)),
              "has status not_eligible");
    EXPECT_EQ(DescribeMatcher<subject_result>(Not(has_status(result_status::error))),
              "does not have status error");
    EXPECT_EQ(explanation_of(has_status(result_status::evaluated), broken),
              "whose status is error (" + broken.message + ")");
}

TEST_F(testing_matchers, has_score_between) {
    EXPECT_THAT(average, has_score_between(50, 50));
    EXPECT_THAT(average, has_score_between(40, 60));
    EXPECT_THAT(average, Not(has_score_between(50.01, 100)));
    EXPECT_THAT(broken, Not(has_score_between(0, 100)));
    EXPECT_EQ(DescribeMatcher<subject_result>(has_score_between(80, 100)),
              "has a score between 80 and 100");
    EXPECT_EQ(DescribeMatcher<subject_result>(Not(has_score_between(80, 100))),
              "does not have a score between 80 and 100");
    EXPECT_EQ(explanation_of(has_score_between(80, 100), average), "whose score is 50");
}

TEST_F(testing_matchers, has_rank) {
    EXPECT_THAT(average, has_rank(1));
    EXPECT_THAT(average, Not(has_rank(2)));
    EXPECT_THAT(broken, Not(has_rank(1)));
    EXPECT_EQ(DescribeMatcher<subject_result>(has_rank(2)), "has rank 2");
    EXPECT_EQ(DescribeMatcher<subject_result>(Not(has_rank(2))), "does not have rank 2");
    EXPECT_EQ(explanation_of(has_rank(2), average), "whose rank is 1 in group " + average.group);
}

TEST_F(testing_matchers, passed_and_failed_criterion) {
    EXPECT_THAT(average, passed_criterion("patrols"));
    EXPECT_THAT(average, failed_criterion("reports_bonus"));
    EXPECT_THAT(average, Not(failed_criterion("patrols")));
    EXPECT_THAT(average, Not(passed_criterion("nothing")));
    EXPECT_THAT(average, Not(failed_criterion("nothing")));
    EXPECT_EQ(DescribeMatcher<subject_result>(passed_criterion("patrols")),
              "passed criterion \"patrols\"");
    EXPECT_EQ(DescribeMatcher<subject_result>(failed_criterion("patrols")),
              "failed criterion \"patrols\"");
    EXPECT_EQ(DescribeMatcher<subject_result>(Not(passed_criterion("patrols"))),
              "did not pass criterion \"patrols\"");
    EXPECT_EQ(DescribeMatcher<subject_result>(Not(failed_criterion("patrols"))),
              "did not fail criterion \"patrols\"");
    EXPECT_EQ(explanation_of(failed_criterion("patrols"), average),
              "whose criterion \"patrols\" passed (value 0.5, points 30)");
    EXPECT_EQ(explanation_of(passed_criterion("nothing"), average),
              "which has no criterion \"nothing\"");
    EXPECT_EQ(
        explanation_of(passed_criterion("patrols"), broken),
        "whose criterion \"patrols\" was not assessed (status error: " + broken.message + ")");
}

TEST_F(testing_matchers, has_action) {
    EXPECT_THAT(average, has_action("improve"));
    EXPECT_THAT(average, Not(has_action("replicate")));
    EXPECT_EQ(DescribeMatcher<subject_result>(has_action("replicate")), "has action \"replicate\"");
    EXPECT_EQ(DescribeMatcher<subject_result>(Not(has_action("replicate"))),
              "does not have action \"replicate\"");
    EXPECT_EQ(explanation_of(has_action("replicate"), average),
              "whose action is improve (tier average)");
}

TEST_F(testing_matchers, match_a_case_evaluation_by_its_subject) {
    const case_evaluation e = rules.evaluate(subject_case("m3")
                                                 .period("2024")
                                                 .indicator("patrols", 40)
                                                 .indicator("households", 10)
                                                 .indicator("households_signed", 10));
    EXPECT_THAT(e, ::testing::AllOf(has_tier("effective"), has_action("replicate"),
                                    has_score_between(100, 100)));
}

TEST(testing_subject_case, builds_the_case_a_yaml_test_would_hold) {
    const subject_case c = subject_case("m5")
                               .name("tên")
                               .period("2024-Q3")
                               .attribute("topic", "ma-tuy")
                               .indicator("a", 1)
                               .indicator("b", 2.5)
                               .indicator("c", true)
                               .indicator("d", "chữ")
                               .missing("e")
                               .previous("a", 3);
    const rulebook_test& t = c;
    EXPECT_EQ(t.name, "tên");
    EXPECT_EQ(t.period, "2024-Q3");
    EXPECT_EQ(t.subject.at("id"), "m5");
    EXPECT_EQ(t.subject.at("topic"), "ma-tuy");
    EXPECT_EQ(t.indicators.at("a"), test_value(1.0));
    EXPECT_EQ(t.indicators.at("b"), test_value(2.5));
    EXPECT_EQ(t.indicators.at("c"), test_value(true));
    EXPECT_EQ(t.indicators.at("d"), test_value(std::string("chữ")));
    EXPECT_EQ(t.indicators.at("e"), test_value());
    EXPECT_EQ(t.previous.at("a"), test_value(3.0));
}

TEST(testing_evaluate_case, evaluates_with_a_rulebook_compiled_for_the_call) {
    const auto r =
        evaluate_case(test_support::patrol_rulebook(), subject_case("m6")
                                                           .period("2024")
                                                           .indicator("patrols", 0)
                                                           .indicator("households", 1)
                                                           .indicator("households_signed", 0));
    EXPECT_THAT(r, has_tier("poor"));
    EXPECT_THAT(r, has_score_between(0, 0));
}

TEST_F(testing_matchers, a_failed_expectation_prints_the_result_as_words) {
    // Through GoogleTest's printer, as a failed EXPECT_THAT shows the value.
    const std::string text = ::testing::PrintToString(average);
    EXPECT_THAT(text, ::testing::StartsWith("m1: tier average"));
    EXPECT_THAT(text, ::testing::HasSubstr("score 50 of 100"));
    EXPECT_THAT(::testing::PrintToString(broken), ::testing::StartsWith("m2: "));
    EXPECT_THAT(::testing::PrintToString(broken), ::testing::HasSubstr("patrols"));
}

// Inside namespace antq, `testing::` names GoogleTest's namespace: the test kit's namespace
// is antq::test_kit, so it does not hide ::testing.
TEST(testing_namespace, does_not_hide_googletest_after_using_namespace_antq) {
    EXPECT_THAT(2, testing::Eq(2));
    EXPECT_THAT(std::string("Hiệu quả"), testing::HasSubstr("quả"));
}

// A rule change as diff_results gives it: m1 moves down a tier, m2 only changes rank, m3
// leaves the tiers (not evaluated under the new rules).
rule_diff three_changes() {
    rule_diff diff;
    subject_change down;
    down.subject = "m1";
    down.old_tier = "effective";
    down.new_tier = "average";
    subject_change rank_only;
    rank_only.subject = "m2";
    rank_only.old_tier = "average";
    rank_only.new_tier = "average";
    rank_only.old_rank = 3;
    rank_only.new_rank = 2;
    subject_change out;
    out.subject = "m3";
    out.old_tier = "poor";
    diff.changes = {down, rank_only, out};
    return diff;
}

TEST(testing_moves_exactly, matches_the_subjects_whose_tier_changed) {
    const rule_diff diff = three_changes();
    EXPECT_THAT(diff, moves_exactly({"m3", "m1"}));
    EXPECT_THAT(diff, Not(moves_exactly({"m1"})));
    EXPECT_THAT(diff, Not(moves_exactly({"m1", "m2", "m3"})));
    EXPECT_THAT(rule_diff{}, moves_exactly({}));
    EXPECT_EQ(DescribeMatcher<rule_diff>(moves_exactly({"m1", "m3"})),
              "moves exactly m1, m3 to another tier");
}

TEST(testing_moves_exactly, says_which_subjects_moved_or_kept_their_tier) {
    const rule_diff diff = three_changes();
    ::testing::StringMatchResultListener extra;
    EXPECT_FALSE(::testing::ExplainMatchResult(moves_exactly({"m1"}), diff, &extra));
    EXPECT_EQ(extra.str(), "which also moves m3 (poor -> none)");
    ::testing::StringMatchResultListener both;
    EXPECT_FALSE(::testing::ExplainMatchResult(moves_exactly({"m2", "m1"}), diff, &both));
    EXPECT_EQ(both.str(), "which also moves m3 (poor -> none); and in which m2 keeps its tier");
    ::testing::StringMatchResultListener nobody;
    EXPECT_FALSE(::testing::ExplainMatchResult(moves_exactly({}), diff, &nobody));
    EXPECT_EQ(nobody.str(), "which also moves m1 (effective -> average), m3 (poor -> none)");
}

}  // namespace
}  // namespace antq
