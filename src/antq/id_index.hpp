#pragma once

// A hash index from ids to positions in a list the caller owns (units, models, subject
// ids...). It stores only positions and hash fragments, never the strings, so the owner
// can be copied or moved without dangling views, and a million ids cost 8 MB of slots
// instead of a node per id.

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace antq::detail {

class id_index {
  public:
    static constexpr std::uint32_t npos = 0xFFFF'FFFFu;

    [[nodiscard]] static std::uint64_t hash(std::string_view key) noexcept {
        return std::hash<std::string_view>{}(key);
    }

    /// Prepares room for `count` ids so that inserting them never rehashes.
    void reserve(std::size_t count) {
        std::size_t capacity = 16;
        while (capacity < count * 2) {
            capacity *= 2;
        }
        if (capacity > slots_.size()) {
            slots_.assign(capacity, 0);
            size_ = 0;
        }
    }

    /// Adds position `position` whose id is `key`. Returns the position that already holds
    /// an equal id (leaving the index unchanged), or `npos` when `key` was new. `key_of(p)`
    /// gives the id at position p; the index must have been reserved for every insert.
    template <class KeyOf>
    std::uint32_t insert(std::string_view key, std::uint32_t position, const KeyOf& key_of) {
        if ((size_ + 1) * 2 > slots_.size()) {
            grow(key_of);
        }
        const std::uint64_t h = hash(key);
        const std::uint64_t tag = h >> 32;
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t slot = h & mask;; slot = (slot + 1) & mask) {
            const std::uint64_t entry = slots_[slot];
            if (entry == 0) {
                slots_[slot] = (tag << 32) | (static_cast<std::uint64_t>(position) + 1);
                ++size_;
                return npos;
            }
            const auto held = static_cast<std::uint32_t>(entry - 1);
            if ((entry >> 32) == tag && std::string_view(key_of(held)) == key) {
                return held;
            }
        }
    }

    /// The position whose id is `key`, or `npos`.
    template <class KeyOf>
    [[nodiscard]] std::uint32_t find(std::string_view key, const KeyOf& key_of) const {
        if (slots_.empty()) {
            return npos;
        }
        const std::uint64_t h = hash(key);
        const std::uint64_t tag = h >> 32;
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t slot = h & mask;; slot = (slot + 1) & mask) {
            const std::uint64_t entry = slots_[slot];
            if (entry == 0) {
                return npos;
            }
            const auto held = static_cast<std::uint32_t>(entry - 1);
            if ((entry >> 32) == tag && std::string_view(key_of(held)) == key) {
                return held;
            }
        }
    }

    [[nodiscard]] std::size_t size() const noexcept { return size_; }

  private:
    template <class KeyOf>
    void grow(const KeyOf& key_of) {
        std::vector<std::uint64_t> old = std::move(slots_);
        slots_.assign(old.empty() ? 16 : old.size() * 2, 0);
        const std::size_t mask = slots_.size() - 1;
        for (const std::uint64_t entry : old) {
            if (entry == 0) {
                continue;
            }
            const auto held = static_cast<std::uint32_t>(entry - 1);
            std::size_t slot = hash(key_of(held)) & mask;
            while (slots_[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots_[slot] = entry;
        }
    }

    std::vector<std::uint64_t> slots_;
    std::size_t size_ = 0;
};

}  // namespace antq::detail
