#include "antq/evaluation/ranking.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <string_view>
#include <vector>

using namespace antq::detail::evaluation;

namespace {

constexpr double missing = std::numeric_limits<double>::quiet_NaN();

std::vector<std::uint32_t> ranks_of(std::vector<std::uint32_t> group, std::size_t group_count,
                                    std::span<const order_column> keys, antq::rank_method method) {
    auto groups = group_rows(group, group_count);
    std::vector<std::uint32_t> rank(group.size(), 0);
    rank_within_groups(groups, row_order(keys), method, rank);
    return rank;
}

}  // namespace

TEST(group_rows, lists_rows_group_by_group_in_row_order_and_skips_ungrouped) {
    const std::vector<std::uint32_t> group = {1, 0, no_group, 1, 0, 2};
    const auto g = group_rows(group, 3);
    EXPECT_EQ(g.offsets, (std::vector<std::uint32_t>{0, 2, 4, 5}));
    EXPECT_EQ(g.rows, (std::vector<std::uint32_t>{1, 4, 0, 3, 5}));
    EXPECT_EQ(g.group_count(), 3U);
}

TEST(rank_within_groups, numbers_ties_by_method) {
    // Scores 90, 80, 80, 70 and ids that would order the tie m2 before m3.
    const std::vector<double> score = {80, 90, 70, 80};
    const std::vector<std::string_view> id = {"m3", "m1", "m4", "m2"};
    const std::vector<order_column> keys = {order_column::by_number(score, true),
                                            order_column::by_text(id, false).tie_breaker()};
    const std::vector<std::uint32_t> one_group(4, 0);
    EXPECT_EQ(ranks_of(one_group, 1, keys, antq::rank_method::competition),
              (std::vector<std::uint32_t>{2, 1, 4, 2}));
    EXPECT_EQ(ranks_of(one_group, 1, keys, antq::rank_method::dense),
              (std::vector<std::uint32_t>{2, 1, 3, 2}));
    // Ordinal breaks the tie by id: m2 (row 3) before m3 (row 0).
    EXPECT_EQ(ranks_of(one_group, 1, keys, antq::rank_method::ordinal),
              (std::vector<std::uint32_t>{3, 1, 4, 2}));
}

TEST(rank_within_groups, an_id_key_written_as_separating_splits_ties) {
    const std::vector<double> score = {80, 80};
    const std::vector<std::string_view> id = {"b", "a"};
    const std::vector<order_column> keys = {order_column::by_number(score, true),
                                            order_column::by_text(id, false)};
    EXPECT_EQ(ranks_of({0, 0}, 1, keys, antq::rank_method::competition),
              (std::vector<std::uint32_t>{2, 1}));
}

TEST(rank_within_groups, ranks_each_group_on_its_own) {
    const std::vector<double> score = {10, 20, 30, 40, 50};
    const std::vector<order_column> keys = {order_column::by_number(score, true)};
    EXPECT_EQ(ranks_of({0, 1, 0, 1, no_group}, 2, keys, antq::rank_method::competition),
              (std::vector<std::uint32_t>{2, 2, 1, 1, 0}));
}

TEST(rank_within_groups, missing_values_come_last_in_either_direction) {
    const std::vector<double> value = {missing, 3, 1, 2};
    for (const bool descending : {true, false}) {
        const std::vector<order_column> keys = {order_column::by_number(value, descending)};
        const auto rank = ranks_of({0, 0, 0, 0}, 1, keys, antq::rank_method::competition);
        EXPECT_EQ(rank[0], 4U) << "descending " << descending;
        EXPECT_EQ(rank[1], descending ? 1U : 3U);
        EXPECT_EQ(rank[2], descending ? 3U : 1U);
    }
}

TEST(rank_within_groups, later_keys_order_ties_of_earlier_ones) {
    const std::vector<double> score = {80, 80, 80};
    const std::vector<double> detection = {5, 9, 5};
    const std::vector<std::string_view> topic = {"ma-tuy", "an-ninh", "an-ninh"};
    const std::vector<order_column> keys = {order_column::by_number(score, true),
                                            order_column::by_number(detection, true),
                                            order_column::by_text(topic, false)};
    EXPECT_EQ(ranks_of({0, 0, 0}, 1, keys, antq::rank_method::competition),
              (std::vector<std::uint32_t>{3, 1, 2}));
}

TEST(rank_within_groups, texts_compare_by_utf8_bytes_and_missing_texts_come_last) {
    const std::vector<std::string_view> name = {"Thôn Bắc", "Thôn An", "", "Thôn Đông"};
    const std::vector<std::uint8_t> present = {1, 1, 0, 1};
    const std::vector<order_column> keys = {order_column::by_text(name, false, present)};
    // "Đ" (C4 90) sorts after "B" and "A" byte-wise.
    EXPECT_EQ(ranks_of({0, 0, 0, 0}, 1, keys, antq::rank_method::ordinal),
              (std::vector<std::uint32_t>{2, 1, 4, 3}));
}

// Groups are ranked on several threads when there are many rows: the ranks are those of one
// thread, whatever the split (groups of every size, ties, missing scores, one group larger
// than all the others together).
TEST(rank_within_groups, several_threads_give_the_ranks_of_one) {
    constexpr std::size_t rows = 120'000;
    std::vector<double> score(rows);
    std::vector<std::string> names(rows);
    std::vector<std::string_view> id(rows);
    std::vector<std::uint32_t> group(rows);
    std::uint64_t state = 20261129;
    const auto next = [&state] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::uint32_t>(state >> 33);
    };
    for (std::size_t r = 0; r < rows; ++r) {
        score[r] = next() % 13 == 0 ? missing : static_cast<double>(next() % 50);
        names[r] = "s" + std::to_string(r);
        id[r] = names[r];
        // Half the rows in group 0, the rest in 997 groups; some rows ungrouped.
        group[r] = r % 2 == 0 ? 0 : next() % 50 == 0 ? no_group : 1 + next() % 997;
    }
    const std::vector<order_column> keys = {order_column::by_number(score, true),
                                            order_column::by_text(id, false).tie_breaker()};
    for (const auto method :
         {antq::rank_method::competition, antq::rank_method::dense, antq::rank_method::ordinal}) {
        auto one_groups = group_rows(group, 998);
        std::vector<std::uint32_t> one(rows, 0);
        rank_within_groups(one_groups, row_order(keys), method, one, 1);
        for (const unsigned threads : {2U, 3U, 8U}) {
            auto groups = group_rows(group, 998);
            std::vector<std::uint32_t> many(rows, 0);
            rank_within_groups(groups, row_order(keys), method, many, threads);
            EXPECT_EQ(many, one) << threads;
            EXPECT_EQ(groups.rows, one_groups.rows) << threads;
        }
    }
}
