#include "antq/evaluation/tiers.hpp"

#include <gtest/gtest.h>

#include <vector>

using namespace antq::detail::evaluation;

TEST(assign_tiers, first_tier_met_from_the_top_veto_to_last_none_when_not_evaluated) {
    // Three tiers; conditions of tiers 0 and 1 for five rows.
    const std::vector<std::uint8_t> met = {1, 0, 1, 0, 1,   // tier 0
                                           1, 1, 0, 0, 1};  // tier 1
    const std::vector<std::int32_t> vetoed = {0, 0, 0, 0, 2};
    const std::vector<std::uint8_t> evaluated = {1, 1, 0, 1, 1};
    std::vector<std::int32_t> tier(5, 99);
    assign_tiers({5, 3, met, vetoed, evaluated}, tier);
    EXPECT_EQ(tier, (std::vector<std::int32_t>{0, 1, -1, 2, 2}));
}

TEST(assign_tiers, a_veto_cap_keeps_a_row_at_or_below_the_tier_it_names) {
    // Four tiers; every row would reach tier 0 but for the caps; row 2's own tier (2) is
    // already below its cap (1), row 3's cap tier does not hold so it goes on down.
    const std::vector<std::uint8_t> met = {1, 1, 0, 1,   // tier 0
                                           1, 1, 0, 1,   // tier 1
                                           1, 1, 1, 0};  // tier 2
    const std::vector<std::int32_t> cap = {0, 1, 1, 2};
    const std::vector<std::uint8_t> evaluated = {1, 1, 1, 1};
    std::vector<std::int32_t> tier(4, 99);
    assign_tiers({4, 4, met, cap, evaluated}, tier);
    EXPECT_EQ(tier, (std::vector<std::int32_t>{0, 1, 2, 3}));
}

TEST(quota_limit, is_the_floor_of_the_share_forgiving_float_error) {
    EXPECT_EQ(quota_limit(0.29, 100), 29U);
    EXPECT_EQ(quota_limit(0.3, 10), 3U);
    EXPECT_EQ(quota_limit(0.3, 9), 2U);
    EXPECT_EQ(quota_limit(0.2, 4), 0U);
    EXPECT_EQ(quota_limit(0.2, 5), 1U);
    EXPECT_EQ(quota_limit(1, 7), 7U);
    EXPECT_EQ(quota_limit(0, 7), 0U);
}

namespace {

struct fixture {
    std::vector<double> score;
    std::vector<std::int32_t> tier;
    std::vector<std::uint32_t> group;
    std::size_t group_count = 1;
};

// The tiers after `quotas` (score descending, then row), by `apply_quotas`; checks that
// `apply_quotas_in_order` over the same groups sorted once gives the same tiers.
std::vector<std::int32_t> with_quotas(fixture f, std::vector<quota_rule> quotas,
                                      std::size_t tiers) {
    const auto groups = group_rows(f.group, f.group_count);
    for (auto& q : quotas) {
        q.groups = &groups;
    }
    std::vector<double> row_number(f.score.size());
    for (std::size_t row = 0; row < row_number.size(); ++row) {
        row_number[row] = static_cast<double>(row);
    }
    const std::vector<order_column> keys = {order_column::by_number(f.score, true),
                                            order_column::by_number(row_number, false)};
    const row_order order(keys);
    auto sorted = groups;
    std::vector<std::pair<double, std::uint32_t>> scratch;
    for (std::size_t g = 0; g < sorted.group_count(); ++g) {
        order.sort(sorted.members(g), scratch);
    }
    auto in_order = quotas;
    for (auto& q : in_order) {
        q.groups = &sorted;
    }
    auto walked = f.tier;
    apply_quotas_in_order(walked, tiers, in_order);
    apply_quotas(f.tier, tiers, quotas, order);
    EXPECT_EQ(walked, f.tier) << "apply_quotas_in_order";
    return f.tier;
}

}  // namespace

TEST(apply_quotas, keeps_the_best_ranked_and_moves_the_rest_to_the_next_tier) {
    // Ten evaluated rows, four qualify for the top tier; 30% of 10 is 3.
    fixture f;
    f.score = {95, 60, 90, 85, 50, 99, 40, 30, 20, 10};
    f.tier = {0, 1, 0, 0, 1, 0, 2, 2, 2, 2};
    f.group.assign(10, 0);
    EXPECT_EQ(with_quotas(f, {{0, 0.3}}, 3),
              (std::vector<std::int32_t>{0, 1, 0, 1, 1, 0, 2, 2, 2, 2}));
}

TEST(apply_quotas, counts_each_group_apart) {
    fixture f;
    // Group 0: rows 0-4 (all top); group 1: rows 5-9 (two top). 40% of 5 is 2.
    f.score = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
    f.tier = {0, 0, 0, 0, 0, 0, 0, 1, 1, 1};
    f.group = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1};
    f.group_count = 2;
    EXPECT_EQ(with_quotas(f, {{0, 0.4}}, 2),
              (std::vector<std::int32_t>{1, 1, 1, 0, 0, 0, 0, 1, 1, 1}));
}

TEST(apply_quotas, relative_to_counts_the_other_tier_before_this_quota_applies) {
    // Grassroots teams: "xuất sắc" (0) at most 20% of the number rated "tốt" (1).
    fixture f;
    f.score = {99, 98, 97, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 50};
    f.tier = {0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2};
    f.group.assign(14, 0);
    // Ten rated "tốt": at most 2 "xuất sắc"; the third falls to "tốt".
    const auto tier = with_quotas(f, {{.tier = 0, .max_share = 0.2, .relative_to = 1}}, 4);
    EXPECT_EQ(tier[0], 0);
    EXPECT_EQ(tier[1], 0);
    EXPECT_EQ(tier[2], 1);
    EXPECT_EQ(tier[13], 2);
}

TEST(apply_quotas, relative_to_an_empty_tier_allows_none) {
    fixture f;
    f.score = {99, 50};
    f.tier = {0, 2};
    f.group.assign(2, 0);
    EXPECT_EQ(with_quotas(f, {{.tier = 0, .max_share = 0.2, .relative_to = 1}}, 3),
              (std::vector<std::int32_t>{1, 2}));
}

TEST(apply_quotas, excess_cascades_through_the_quota_of_the_next_tier) {
    // Top: at most 25% of 8 = 2; second: at most 50% of 8 = 4.
    fixture f;
    f.score = {100, 99, 98, 97, 96, 95, 94, 10};
    f.tier = {0, 0, 0, 0, 0, 1, 1, 2};
    f.group.assign(8, 0);
    EXPECT_EQ(with_quotas(f, {{0, 0.25}, {1, 0.5}}, 3),
              (std::vector<std::int32_t>{0, 0, 1, 1, 1, 1, 2, 2}));
}

TEST(apply_quotas, rows_outside_every_group_are_untouched_and_a_last_tier_quota_is_ignored) {
    fixture f;
    f.score = {90, 80, 70};
    f.tier = {1, 1, -1};
    f.group = {0, 0, no_group};
    EXPECT_EQ(with_quotas(f, {{1, 0.0}}, 2), (std::vector<std::int32_t>{1, 1, -1}));
}
