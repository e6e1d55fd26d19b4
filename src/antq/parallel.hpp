#pragma once

// A few pieces of work at once, one thread each: the shape every parallel step of loading,
// hashing and ranking has. An exception in any piece reaches the caller (never
// std::terminate), after every piece has finished.

#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace antq::detail {

/// Runs `work(k)` for every k in [0, count): k = 0 on the calling thread, the others on
/// threads of their own. Returns when all have finished; then rethrows the failure of the
/// lowest k that failed, if any.
template <class Work>
void run_pieces(std::size_t count, const Work& work) {
    std::vector<std::exception_ptr> failures(count);
    const auto run = [&](std::size_t k) {
        try {
            work(k);
        } catch (...) {
            failures[k] = std::current_exception();
        }
    };
    {
        std::vector<std::jthread> threads;
        for (std::size_t k = 1; k < count; ++k) {
            threads.emplace_back(run, k);
        }
        if (count > 0) {
            run(0);
        }
    }
    for (const auto& failure : failures) {
        if (failure) {
            std::rethrow_exception(failure);
        }
    }
}

}  // namespace antq::detail
