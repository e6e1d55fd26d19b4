// The README's quick start is examples/01_quick_start.cpp, verbatim: the example is built and
// run as a test, so the README cannot drift from code that works. And the shipped rulebooks
// on the shipped Quảng Trung data, where the docs promise an outcome.

#include "toolkit/toolkit_support.hpp"

#include <antq/error.hpp>
#include <antq/evaluate.hpp>
#include <antq/gaps.hpp>
#include <antq/report.hpp>
#include <antq/rulebook_set.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

namespace antq {
namespace {

TEST(examples, the_readme_quotes_the_quick_start_verbatim) {
    const std::filesystem::path root(ANTQ_SOURCE_DIR);
    const std::string example = test_support::read_text(root / "examples" / "01_quick_start.cpp");
    const std::string readme = test_support::read_text(root / "README.md");
    ASSERT_FALSE(example.empty());
    EXPECT_NE(readme.find("```cpp\n" + example + "```\n"), std::string::npos)
        << "README.md must quote examples/01_quick_start.cpp in a ```cpp block, unchanged";
}

// Quảng Trung's catalogue: the waterway model applies only to the two villages on the river
// (ven-song), so gaps neither asks the six others for one nor proposes qt-m08 there; the
// catalogue changes no score (the cells it leaves out are empty already).
TEST(examples, quang_trung_gaps_propose_the_waterway_model_only_on_the_river) {
    const std::filesystem::path root(ANTQ_SOURCE_DIR);
    const dataset data = load_dataset(root / "examples" / "data" / "quang-trung");
    ASSERT_EQ(data.model_types.size(), 9U);
    const auto rules = rulebook_set::load(root / "rulebooks");
    const evaluation results = evaluate(data, rules, "2024");
    const gaps_report r = find_gaps(data, results.at("model-effectiveness"));
    std::vector<std::string> waterway_gaps;
    for (const auto& g : r.gaps) {
        if (g.topic == "giao-thong-thuy") {
            waterway_gaps.push_back(g.village);
        }
        for (const auto& c : g.candidates) {
            EXPECT_FALSE(c.type == "an toàn giao thông đường thủy nội địa" &&
                         g.village != "qt-phu-trung" && g.village != "qt-cong-hoa")
                << g.village;
        }
    }
    // Thôn Phú Trung runs qt-m09 (average): qt-m08 of thôn Công Hòa is proposed to it.
    EXPECT_THAT(waterway_gaps, ::testing::ElementsAre("qt-phu-trung"));

    // Without the catalogue, the same data and rules give the same scores.
    dataset plain = data;
    plain.model_types.clear();
    const evaluation before = evaluate(plain, rules, "2024");
    const auto& a = results.at("model-effectiveness").columns();
    const auto& b = before.at("model-effectiveness").columns();
    ASSERT_EQ(a.score.size(), b.score.size());
    for (std::size_t i = 0; i < a.score.size(); ++i) {
        EXPECT_TRUE(a.score[i] == b.score[i] || (std::isnan(a.score[i]) && std::isnan(b.score[i])))
            << a.subject[i];
    }
}

// The shipped rulebooks for a year before the grassroots teams existed (Luật 30/2023/QH15,
// first version 01/07/2024): the folder is evaluated without them, and says so.
TEST(examples, quang_trung_2022_is_evaluated_without_the_rulebook_not_yet_in_force) {
    const std::filesystem::path root(ANTQ_SOURCE_DIR);
    const dataset data = load_dataset(root / "examples" / "data" / "quang-trung");
    const evaluation results = evaluate(data, rulebook_set::load(root / "rulebooks"), "2022");
    const std::string reason =
        "rulebook 'grassroots-teams' has no version in force on 2022-11-14 (the last day of period "
        "2021-11-15/2022-11-14); its first version takes effect on 2024-07-01";
    // The teams' members (grassroots-team-members) came with the teams, and are skipped too;
    // so are the exemplar rulebooks, whose movement year 2022 ends on 19/08/2022, before
    // their first version (18/11/2022).
    ASSERT_EQ(results.skipped().size(), 5U);
    EXPECT_EQ(results.skipped()[0].rulebook, "exemplar-recognition");
    EXPECT_EQ(results.skipped()[0].first_effective, date(2022, 11, 18));
    EXPECT_EQ(results.skipped()[1].rulebook, "commune-exemplars");
    EXPECT_EQ(results.skipped()[2].rulebook, "grassroots-teams");
    EXPECT_EQ(results.skipped()[2].reason, reason);
    EXPECT_EQ(results.skipped()[2].first_effective, date(2024, 7, 1));
    EXPECT_EQ(results.skipped()[3].rulebook, "grassroots-team-members");
    EXPECT_EQ(results.skipped()[3].first_effective, date(2024, 7, 1));
    EXPECT_EQ(results.skipped()[4].rulebook, "model-exemplars");
    EXPECT_EQ(results.find("grassroots-teams"), nullptr);
    EXPECT_EQ(results.find("grassroots-team-members"), nullptr);
    try {
        static_cast<void>(results.at("grassroots-teams"));
        FAIL() << "expected usage_error";
    } catch (const usage_error& e) {
        EXPECT_EQ(std::string(e.what()),
                  "no results for rulebook 'grassroots-teams' in this evaluation: " + reason);
    }
    std::vector<std::string> evaluated;
    for (const auto& r : results.results()) {
        evaluated.push_back(r.header().rulebook);
    }
    EXPECT_THAT(evaluated, ::testing::UnorderedElementsAre(
                               "model-effectiveness", "tt124-residential", "tt124-school",
                               "tt124-agency-enterprise", "tt124-commune", "qd510-residential",
                               "qd510-commune", "qd510-agency-enterprise", "qd510-school"));
    EXPECT_EQ(results.rulebook_hashes().size(), evaluated.size());
    // Designed outcome (examples/data/quang-trung/README.md): the commune passes 2022.
    const auto& commune = results.at("tt124-commune");
    EXPECT_EQ(commune.columns().tier[*commune.find("quang-trung")], 0);
    EXPECT_THAT(render_report(data, results),
                ::testing::HasSubstr(
                    "<p class=\"meta not-applicable\">Bộ tiêu chí grassroots-teams: không áp dụng "
                    "cho kỳ này, vì chưa có phiên bản nào có hiệu lực (phiên bản đầu tiên có hiệu "
                    "lực từ 2024-07-01).</p>"));
    // Alone, the same rulebook is an error that names it and the period.
    const auto teams = rulebook_set::load(root / "rulebooks" / "grassroots-teams.yaml");
    try {
        static_cast<void>(evaluate(data, teams, "2022"));
        FAIL() << "expected usage_error";
    } catch (const usage_error& e) {
        EXPECT_EQ(std::string(e.what()), reason);
    }
    // And so is a folder of which nothing is in force yet.
    EXPECT_THROW(static_cast<void>(evaluate(data, rulebook_set::load(root / "rulebooks"), "2011")),
                 usage_error);
}

}  // namespace
}  // namespace antq
