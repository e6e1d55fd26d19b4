#pragma once

// A hash index from ids to positions in a list the caller owns (units, models, subject
// ids...). It stores only positions and hash fragments, never the strings, so the owner
// can be copied or moved without dangling views, and a million ids cost 8 MB of slots
// instead of a node per id.

#include <array>
#include <cstddef>
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

    /// Starts loading the slot where the search for a key of hash `h` begins, so that a
    /// loop over many keys can overlap their cache misses (see `for_each_hashed`).
    void prefetch(std::uint64_t h) const noexcept {
#if defined(__GNUC__) || defined(__clang__)
        if (!slots_.empty()) {
            __builtin_prefetch(slots_.data() + (h & (slots_.size() - 1)));
        }
#else
        static_cast<void>(h);
#endif
    }

    /// Adds position `position` whose id is `key`. Returns the position that already holds
    /// an equal id (leaving the index unchanged), or `npos` when `key` was new. `key_of(p)`
    /// gives the id at position p; the index must have been reserved for every insert.
    template <class KeyOf>
    std::uint32_t insert(std::string_view key, std::uint32_t position, const KeyOf& key_of) {
        return insert(key, hash(key), position, key_of);
    }

    /// The same, with `h` = `hash(key)` already known.
    template <class KeyOf>
    std::uint32_t insert(std::string_view key, std::uint64_t h, std::uint32_t position,
                         const KeyOf& key_of) {
        if ((size_ + 1) * 2 > slots_.size()) {
            grow(key_of);
        }
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
        return find(key, hash(key), key_of);
    }

    /// The same, with `h` = `hash(key)` already known.
    template <class KeyOf>
    [[nodiscard]] std::uint32_t find(std::string_view key, std::uint64_t h,
                                     const KeyOf& key_of) const {
        if (slots_.empty()) {
            return npos;
        }
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

    [[nodiscard]] std::size_t size() const noexcept {
        return size_;
    }

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

/// Calls `visit(i, h)` for every i in [begin, end), in order, with h the hash of
/// `key_at(i)`, having asked `index` to load the slot of the key a few places ahead. A
/// million lookups or inserts into an index larger than the caches then wait for their
/// slots together rather than one after another. `visit` may insert into `index`.
template <class KeyAt, class Visit>
void for_each_hashed(const id_index& index, std::size_t begin, std::size_t end, const KeyAt& key_at,
                     const Visit& visit) {
    constexpr std::size_t ahead = 8;
    std::array<std::uint64_t, ahead> hashes{};
    for (std::size_t i = begin; i < end && i < begin + ahead; ++i) {
        hashes[i % ahead] = id_index::hash(key_at(i));
        index.prefetch(hashes[i % ahead]);
    }
    for (std::size_t i = begin; i < end; ++i) {
        const std::uint64_t h = hashes[i % ahead];
        if (i + ahead < end) {
            hashes[i % ahead] = id_index::hash(key_at(i + ahead));
            index.prefetch(hashes[i % ahead]);
        }
        visit(i, h);
    }
}

}  // namespace antq::detail
