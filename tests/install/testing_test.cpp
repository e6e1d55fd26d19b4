// A team's GoogleTest file against the installed package: a scoring engine of its own and a
// rulebook that names it, tested with the installed test kit (antq::testing, linked as the
// CMake target antq::testing, which brings GoogleTest and GoogleMock).
#include <antq/engine.hpp>
#include <antq/engine_conformance.hpp>
#include <antq/rule_test.hpp>
#include <antq/rulebook_loader.hpp>
#include <antq/testing.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <span>
#include <string_view>

namespace {

// All or nothing: the full points when every scored criterion is fully met, else 0.
class all_or_nothing_engine final : public antq::scoring_engine {
  public:
    [[nodiscard]] std::string_view name() const noexcept override { return "all-or-nothing"; }

  private:
    void do_score(const antq::engine_input& in, const antq::engine_output& out) const override {
        const double full = do_max_score(in.criteria);
        for (std::size_t i = 0; i < in.subject_count; ++i) {
            bool all = true;
            for (std::size_t c = 0; c < in.criteria.size(); ++c) {
                const std::size_t k = in.at(c, i);
                if (in.criteria[c].kind == antq::criterion_kind::scored &&
                    (in.assessed[k] == 0 || in.scores[k] < 1)) {
                    all = false;
                }
            }
            out.scores[i] = all ? full : 0;
        }
    }
    [[nodiscard]] double do_max_score(
        std::span<const antq::criterion_info> criteria) const override {
        double max = 0;
        for (const auto& c : criteria) {
            max += c.kind == antq::criterion_kind::scored ? c.points : 0;
        }
        return max;
    }
};

constexpr std::string_view rules = R"~(antq: 1
id: all-or-nothing
title: "Đạt mọi chỉ tiêu"
subject: model
period: calendar-year
versions:
  - version: "1"
    effective: 2024-01-01
    engine: all-or-nothing
    indicators:
      patrols: {type: count}
      reports: {type: count}
    criteria:
      - {id: patrol, kind: scored, points: 60, score: "patrols / 48"}
      - {id: report, kind: scored, points: 40, score: "reports / 10"}
    tiers:
      - {id: met, label: "Đạt", when: "score >= 100", action: replicate}
      - {id: not_met, label: "Chưa đạt", action: improve}
)~";

antq::rule_tester tester() {
    antq::engine_registry engines = antq::builtin_engines();
    engines.add("all-or-nothing",
                [](const antq::engine_options&, std::span<const antq::criterion_info>,
                   antq::diagnostic_list&) -> std::shared_ptr<const antq::scoring_engine> {
                    return std::make_shared<const all_or_nothing_engine>();
                });
    return antq::rule_tester(antq::parse_rulebook(rules, "all-or-nothing.yaml", engines), engines);
}

}  // namespace

TEST(installed_test_kit, every_target_met_gives_full_points) {
    using namespace antq::test_kit;
    const auto result = evaluate_case(
        tester(),
        subject_case("m1").period("2024").indicator("patrols", 48).indicator("reports", 10));
    EXPECT_THAT(result, has_tier("met"));
    EXPECT_THAT(result, ::testing::AllOf(has_score_between(100, 100), has_action("replicate"),
                                         passed_criterion("patrol")));
}

TEST(installed_test_kit, one_target_short_gives_nothing) {
    using namespace antq::test_kit;
    const auto result = evaluate_case(
        tester(),
        subject_case("m2").period("2024").indicator("patrols", 47).indicator("reports", 10));
    EXPECT_THAT(result, ::testing::AllOf(has_tier("not_met"), has_score_between(0, 0)));
    EXPECT_THAT(result, ::testing::Not(has_tier("met")));
}

// The conformance checks every built-in engine passes, run on the team's own engine.
TEST(installed_test_kit, the_teams_engine_passes_the_conformance_checks) {
    antq::test_kit::expect_engine_conformance(
        [](std::span<const antq::criterion_info>) -> std::shared_ptr<const antq::scoring_engine> {
            return std::make_shared<const all_or_nothing_engine>();
        });
}
