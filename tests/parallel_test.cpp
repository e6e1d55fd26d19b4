// run_pieces and for_each_item (src/antq/parallel.hpp): every piece or item runs once, and a
// failure on any thread reaches the caller instead of ending the program.

#include "antq/parallel.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

TEST(run_pieces, runs_every_piece_once) {
    std::vector<int> ran(5, 0);
    antq::detail::run_pieces(ran.size(), [&](std::size_t k) { ++ran[k]; });
    EXPECT_EQ(ran, (std::vector<int>{1, 1, 1, 1, 1}));
    antq::detail::run_pieces(0, [&](std::size_t) { ADD_FAILURE() << "no piece to run"; });
}

TEST(run_pieces, the_lowest_failure_reaches_the_caller_after_all_finished) {
    std::atomic<int> finished{0};
    try {
        antq::detail::run_pieces(4, [&](std::size_t k) {
            ++finished;
            if (k >= 2) {
                throw std::runtime_error("piece " + std::to_string(k));
            }
        });
        ADD_FAILURE() << "no exception";
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "piece 2");
    }
    EXPECT_EQ(finished.load(), 4);
}

TEST(for_each_item, runs_every_item_once_with_one_state_per_thread) {
    for (const std::size_t workers : {0U, 1U, 3U, 40U}) {
        std::vector<std::atomic<int>> ran(25);
        std::atomic<int> states{0};
        antq::detail::for_each_item(
            ran.size(), workers,
            [&] {
                ++states;
                return std::vector<int>(4);
            },
            [&](std::size_t item, std::vector<int>& state) {
                EXPECT_EQ(state.size(), 4U);
                ++ran[item];
            });
        for (const auto& count : ran) {
            EXPECT_EQ(count.load(), 1) << workers << " workers";
        }
        EXPECT_EQ(states.load(), static_cast<int>(std::clamp<std::size_t>(workers, 1, 25)));
    }
    antq::detail::for_each_item(
        0, 4, [] { return 0; }, [](std::size_t, int&) { ADD_FAILURE() << "no item to run"; });
}

TEST(for_each_item, a_failure_reaches_the_caller_and_no_item_is_taken_after_it) {
    for (const std::size_t workers : {1U, 2U}) {
        std::atomic<int> ran{0};
        try {
            antq::detail::for_each_item(
                1000, workers, [] { return 0; },
                [&](std::size_t item, int&) {
                    ++ran;
                    if (item == 3) {
                        throw std::runtime_error("item 3");
                    }
                });
            ADD_FAILURE() << "no exception";
        } catch (const std::runtime_error& e) {
            EXPECT_STREQ(e.what(), "item 3");
        }
        if (workers == 1) {
            EXPECT_EQ(ran.load(), 4);  // items 0 to 3, then none
        }
    }
}
