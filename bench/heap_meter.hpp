// Heap accounting for the benchmarks that report memory: a benchmark program linked with
// heap_meter.cpp counts every byte its operator new hands out and its operator delete takes
// back (malloc_usable_size, so the allocator's rounding is counted too).
#pragma once

#include <cstddef>

namespace bench {

/// Heap bytes in use now, in the whole program.
[[nodiscard]] std::size_t heap_bytes_in_use() noexcept;

/// The most heap bytes in use at once since it was made, above what was in use then.
class heap_meter {
  public:
    heap_meter() noexcept;
    [[nodiscard]] std::size_t peak_bytes() const noexcept;
    [[nodiscard]] double peak_mb() const noexcept;
    /// Heap bytes in use now above what was in use when it was made (what a call kept).
    [[nodiscard]] double held_mb() const noexcept;

  private:
    std::size_t base_;
};

/// Bytes as mebibytes, for counters.
[[nodiscard]] double as_mb(std::size_t bytes) noexcept;

}  // namespace bench
