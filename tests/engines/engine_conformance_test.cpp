// The suite every engine passes (antq/engine_conformance.hpp, the checks a team runs on
// its own engine): each built-in with typical options, and the recording test double.

#include "engines/cohort.hpp"
#include "support/recording_engine.hpp"

#include <antq/engine_conformance.hpp>

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace {

using namespace engines_test;

struct engine_case {
    std::string label;
    std::function<std::shared_ptr<const antq::scoring_engine>(
        const std::vector<antq::criterion_info>&)>
        make;
};

std::ostream& operator<<(std::ostream& os, const engine_case& c) {
    return os << c.label;
}

engine_case builtin(std::string label, std::string engine, nlohmann::json options) {
    return {std::move(label), [engine = std::move(engine), options = std::move(options)](
                                  const std::vector<antq::criterion_info>& criteria) {
                return make(engine, options, criteria);
            }};
}

const std::vector<antq::criterion_info> conformance_set = antq::test_kit::conformance_criteria();

std::vector<engine_case> all_engines() {
    return {
        builtin("weighted", "weighted", nlohmann::json::object()),
        builtin("weighted_declared_max", "weighted", {{"max_score", 100}}),
        builtin("checklist", "checklist", nlohmann::json::object()),
        builtin("deduction", "deduction", nlohmann::json::object()),
        builtin("deduction_base_floor", "deduction", {{"base", 50}, {"floor", 10}}),
        builtin("topsis", "topsis", nlohmann::json::object()),
        builtin("composite_min_max", "composite", nlohmann::json::object()),
        builtin("composite_z_score", "composite", {{"normalisation", "z-score"}}),
        builtin("composite_rank_geometric", "composite",
                {{"normalisation", "rank"}, {"aggregation", "geometric"}}),
        builtin(
            "composite_goalposts", "composite",
            {{"normalisation", "goalposts"},
             {"goalposts", {{"patrols", {0, 100}}, {"crimes", {0, 20}}, {"mediation", {0, 1}}}}}),
        {"recording",
         [](const std::vector<antq::criterion_info>&) {
             auto engine = std::make_shared<antq::test_support::recording_engine>();
             // Per subject: the sum of its assessed scores, and each as its contribution.
             engine->returns([](const antq::engine_input& in, std::size_t i) {
                 double sum = 0;
                 for (std::size_t c = 0; c < in.criteria.size(); ++c) {
                     sum += in.assessed[in.at(c, i)] != 0 ? in.scores[in.at(c, i)] : 0.0;
                 }
                 return sum;
             });
             engine->contributes([](const antq::engine_input& in, std::size_t c, std::size_t i) {
                 return in.assessed[in.at(c, i)] != 0 ? in.scores[in.at(c, i)] : 0.0;
             });
             return std::shared_ptr<const antq::scoring_engine>(engine);
         }},
    };
}

class engine_conformance : public ::testing::TestWithParam<engine_case> {
  protected:
    std::shared_ptr<const antq::scoring_engine> engine_ = GetParam().make(conformance_set);
};

// One test per check of antq/engine_conformance.hpp, so that a failure names the check.
TEST_P(engine_conformance, gives_the_same_bits_for_the_same_input) {
    antq::test_kit::expect_same_bits_for_same_input(*engine_);
}

TEST_P(engine_conformance, gives_one_finite_score_per_subject) {
    antq::test_kit::expect_finite_scores(*engine_);
}

TEST_P(engine_conformance, stays_finite_on_equal_columns_and_tiny_cohorts) {
    antq::test_kit::expect_finite_on_equal_columns_and_tiny_cohorts(*engine_);
}

TEST_P(engine_conformance, permutes_scores_exactly_when_subjects_are_permuted) {
    antq::test_kit::expect_scores_follow_permuted_subjects(*engine_);
}

TEST_P(engine_conformance, never_reads_entries_that_were_not_assessed) {
    antq::test_kit::expect_unassessed_entries_unread(*engine_);
}

TEST_P(engine_conformance, serves_two_threads_at_once_with_the_same_results) {
    antq::test_kit::expect_same_results_on_two_threads(*engine_);
}

// All the checks at once, as a team calls them for its own engine.
TEST_P(engine_conformance, passes_every_check_through_the_test_kit_entry) {
    antq::test_kit::expect_engine_conformance([](std::span<const antq::criterion_info> c) {
        return GetParam().make({c.begin(), c.end()});
    });
}

INSTANTIATE_TEST_SUITE_P(every_engine, engine_conformance, ::testing::ValuesIn(all_engines()),
                         [](const auto& test) { return test.param.label; });

}  // namespace
