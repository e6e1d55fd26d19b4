// The replacement operator new and delete behind heap_meter.hpp. One definition per program:
// link this file into a benchmark binary, never into a library.
#include "heap_meter.hpp"

#include <malloc.h>

#include <atomic>
#include <cstdlib>
#include <new>

namespace {

std::atomic<std::size_t> heap_in_use{0};
std::atomic<std::size_t> heap_peak{0};

void* counted(std::size_t size) {
    void* p = std::malloc(size == 0 ? 1 : size);
    if (p == nullptr) {
        throw std::bad_alloc();
    }
    const std::size_t usable = malloc_usable_size(p);
    const std::size_t now = heap_in_use.fetch_add(usable) + usable;
    std::size_t peak = heap_peak.load(std::memory_order_relaxed);
    while (now > peak && !heap_peak.compare_exchange_weak(peak, now)) {
    }
    return p;
}

void uncounted(void* p) noexcept {
    if (p != nullptr) {
        heap_in_use.fetch_sub(malloc_usable_size(p));
        std::free(p);
    }
}

}  // namespace

namespace bench {

std::size_t heap_bytes_in_use() noexcept {
    return heap_in_use.load();
}

// The peak restarts from the level of now: meters are not nested.
heap_meter::heap_meter() noexcept : base_(heap_in_use.load()) {
    heap_peak.store(base_);
}

std::size_t heap_meter::peak_bytes() const noexcept {
    return heap_peak.load() - base_;
}

double heap_meter::peak_mb() const noexcept {
    return as_mb(peak_bytes());
}

double heap_meter::held_mb() const noexcept {
    const std::size_t now = heap_in_use.load();
    return now > base_ ? as_mb(now - base_) : -as_mb(base_ - now);
}

double as_mb(std::size_t bytes) noexcept {
    return static_cast<double>(bytes) / (1024.0 * 1024.0);
}

}  // namespace bench

void* operator new(std::size_t size) {
    return counted(size);
}
void* operator new[](std::size_t size) {
    return counted(size);
}
void operator delete(void* p) noexcept {
    uncounted(p);
}
void operator delete[](void* p) noexcept {
    uncounted(p);
}
void operator delete(void* p, std::size_t) noexcept {
    uncounted(p);
}
void operator delete[](void* p, std::size_t) noexcept {
    uncounted(p);
}
