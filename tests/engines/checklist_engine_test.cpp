#include "antq/engines/checklist_engine.hpp"

#include "engines/cohort.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace {

using namespace engines_test;
using ::testing::ElementsAre;

// A residential area's "An toàn về an ninh, trật tự" standard, reduced: two required
// criteria, a veto, and a scored criterion the checklist does not read.
const std::vector<antq::criterion_info> standard = {
    required("no_hot_spot"), required("pledge_signed"), veto("no_serious_crime"),
    scored("patrols", 10)};

TEST(checklist_engine, counts_the_required_and_veto_criteria_passed) {
    const auto engine = make("checklist", nlohmann::json::object(), standard);
    const auto m = cohort::from_rows(standard, {{1, 1, 1, 0}, {1, 0, 1, 1}, {0, 0, 0, 1}});
    const auto o = run(*engine, m);
    EXPECT_THAT(o.scores, ElementsAre(3, 2, 0));
    EXPECT_THAT(o.row(0), ElementsAre(1, 1, 1, 0));
    EXPECT_THAT(o.row(1), ElementsAre(1, 0, 1, 0));
    EXPECT_THAT(o.row(2), ElementsAre(0, 0, 0, 0));
    EXPECT_EQ(engine->max_score(standard), 3);
}

TEST(checklist_engine, counts_nothing_for_a_criterion_not_assessed) {
    const auto engine = make("checklist", nlohmann::json::object(), standard);
    const auto o = run(*engine, cohort::from_rows(standard, {{1, na, 1, na}, {na, na, na, na}}));
    EXPECT_THAT(o.scores, ElementsAre(2, 0));
    EXPECT_THAT(o.row(0), ElementsAre(1, 0, 1, 0));
}

TEST(checklist_engine, reads_only_required_and_veto_criteria) {
    const auto engine = make("checklist", nlohmann::json::object(), standard);
    EXPECT_EQ(engine->name(), "checklist");
    EXPECT_FALSE(engine->cohort_relative());
    EXPECT_TRUE(engine->reads(antq::criterion_kind::required));
    EXPECT_TRUE(engine->reads(antq::criterion_kind::veto));
    EXPECT_FALSE(engine->reads(antq::criterion_kind::scored));
    EXPECT_FALSE(engine->reads(antq::criterion_kind::penalty));
    EXPECT_FALSE(engine->reads(antq::criterion_kind::bonus));
}

TEST(checklist_engine_options, take_no_option) {
    EXPECT_THAT(refusal("checklist", {{"base", 100}}, standard),
                ElementsAre("rules.yaml:10:21: error: unknown option 'base' for engine "
                            "'checklist' (it takes no options)"));
}

TEST(checklist_engine_options, need_a_criterion_to_check) {
    const std::vector criteria = {scored("patrols", 10), penalty("incidents", 5)};
    EXPECT_THAT(refusal("checklist", nlohmann::json::object(), criteria),
                ElementsAre("rules.yaml:9:5: error: engine 'checklist' needs at least one "
                            "required or veto criterion to check"));
}

TEST(checklist_engine_options, report_every_problem_at_once) {
    const std::vector criteria = {scored("patrols", 10)};
    EXPECT_THAT(refusal("checklist", {{"floor", 1}}, criteria),
                ElementsAre("rules.yaml:10:21: error: unknown option 'floor' for engine "
                            "'checklist' (it takes no options)",
                            "rules.yaml:9:5: error: engine 'checklist' needs at least one "
                            "required or veto criterion to check"));
}

}  // namespace
