// What docs/rulebooks.md promises about the format, checked on whole evaluations where a unit
// test of one function would not show what a rule owner sees.

#include "toolkit/toolkit_support.hpp"

#include <antq/evaluate.hpp>
#include <antq/explain.hpp>
#include <antq/rulebook_set.hpp>

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace antq {
namespace {

using test_support::tier_of;

// The test rulebook with "at most 30% effective in each commune" on its top tier.
rulebook with_quota() {
    std::string text =
        test_support::read_text(test_support::toolkit_data() / "rules" / "patrol-model.yaml");
    const std::string tier = "when: \"score >= 80\", action: replicate}";
    text.replace(
        text.find(tier), tier.size(),
        "when: \"score >= 80\", action: replicate, quota: {max_share: 0.3, within: commune}}");
    return parse_rulebook(text, "patrol-model.yaml");
}

// docs/rulebooks.md, "quota": floor(0.3 × n) is 0 for a group of 1 to 3 subjects, so such a
// group has no subject in the tier, however high it scores; the first is allowed at n = 4.
TEST(rulebooks_doc, a_quota_allows_none_in_a_group_too_small_for_one) {
    const dataset data = test_support::province_dataset();
    const auto results = evaluate(data, rulebook_set::from({with_quota()}), "2024");
    const rulebook_results& r = results.results()[0];
    // Xã Hai: m0 (100) and m3 (90), two evaluated: floor(0.6) = 0.
    EXPECT_EQ(tier_of(r, "m0"), "average");
    EXPECT_EQ(tier_of(r, "m3"), "average");
    EXPECT_EQ(explain(r, "m0").decided_by, tier_decision::quota);
    // Xã Ba: m4 (95) alone: floor(0.3) = 0.
    EXPECT_EQ(tier_of(r, "m4"), "average");
    // Xã Một: five evaluated (m1 100, m5 100, m2 69, m6 20, m7 20): floor(1.5) = 1, and of
    // the two at 100 the ranking's order (then id) keeps m1.
    EXPECT_EQ(tier_of(r, "m1"), "effective");
    EXPECT_EQ(tier_of(r, "m5"), "average");
    EXPECT_EQ(tier_of(r, "m2"), "average");
}

}  // namespace
}  // namespace antq
