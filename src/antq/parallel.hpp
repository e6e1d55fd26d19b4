#pragma once

// The library's threads, started here only: a few pieces of work at once, one thread each
// (`run_pieces`, the shape of loading, hashing and ranking), and many items shared out among
// a few workers (`for_each_item`, the evaluation's batches). An exception in any piece
// reaches the caller (never std::terminate), after every thread has finished.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace antq::detail {

/// The thread count an option asks for, where 0 means one per core.
[[nodiscard]] inline unsigned threads_or_cores(unsigned asked) {
    return asked != 0 ? asked : std::max(1U, std::thread::hardware_concurrency());
}

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

/// Runs `work(item, state)` for every item in [0, count) on `min(workers, count)` threads
/// (at least one; the calling thread is one of them). Each thread makes its own `state` once
/// with `make_state()` (scratch memory sized once), then takes the next item from a shared
/// counter until none is left, so a slow item holds up only its own thread. A failure stops
/// every thread from taking more items; it is rethrown when all have finished (the failure of
/// the lowest-numbered thread that failed, as in `run_pieces`). Which thread runs which item
/// is not fixed: `work` must write only what belongs to its item.
template <class MakeState, class Work>
void for_each_item(std::size_t count, std::size_t workers, const MakeState& make_state,
                   const Work& work) {
    std::atomic<std::size_t> next{0};
    const std::size_t threads = std::min(std::max<std::size_t>(workers, 1), count);
    run_pieces(threads, [&](std::size_t) {
        try {
            auto state = make_state();
            for (std::size_t item = next++; item < count; item = next++) {
                work(item, state);
            }
        } catch (...) {
            next = count;
            throw;
        }
    });
}

}  // namespace antq::detail
