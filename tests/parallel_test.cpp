// run_pieces (src/antq/parallel.hpp): every piece runs, and a failure on any thread reaches
// the caller instead of ending the program.

#include "antq/parallel.hpp"

#include <gtest/gtest.h>

#include <atomic>
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
