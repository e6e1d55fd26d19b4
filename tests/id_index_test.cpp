// The id index (src/antq/id_index.hpp): lookups and inserts with a hash known beforehand,
// and the loop that loads the slots of keys ahead of their lookups.

#include "antq/id_index.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using antq::detail::for_each_hashed;
using antq::detail::id_index;
using ::testing::ElementsAre;

std::vector<std::string> ids(std::size_t count) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < count; ++i) {
        out.push_back("m" + std::to_string(i));
    }
    return out;
}

// Every key is visited once, in order, with its own hash, whether the range is shorter or
// longer than the keys looked at ahead, and from any start.
TEST(for_each_hashed, visits_every_key_in_order_with_its_hash) {
    const auto keys = ids(40);
    const id_index empty;
    for (const auto& [begin, end] : std::vector<std::pair<std::size_t, std::size_t>>{
             {0, 0}, {0, 1}, {0, 3}, {0, 8}, {0, 9}, {0, 40}, {5, 6}, {5, 40}, {39, 40}}) {
        std::vector<std::size_t> visited;
        for_each_hashed(
            empty, begin, end, [&](std::size_t i) -> std::string_view { return keys[i]; },
            [&](std::size_t i, std::uint64_t h) {
                visited.push_back(i);
                EXPECT_EQ(h, id_index::hash(keys[i])) << i;
            });
        ASSERT_EQ(visited.size(), end - begin) << begin << ".." << end;
        for (std::size_t k = 0; k < visited.size(); ++k) {
            EXPECT_EQ(visited[k], begin + k);
        }
    }
}

// Inserting while the loop looks ahead into the same index finds the repeated ids, and the
// lookups with a known hash answer as the plain ones.
TEST(for_each_hashed, inserts_into_the_index_it_looks_ahead_in) {
    auto keys = ids(1000);
    keys[500] = "m7";
    keys[999] = "m998";
    id_index index;
    index.reserve(keys.size());
    const auto key_of = [&](std::uint32_t p) -> const std::string& { return keys[p]; };
    std::vector<std::pair<std::size_t, std::uint32_t>> repeated;
    for_each_hashed(
        index, 0, keys.size(), [&](std::size_t i) -> std::string_view { return keys[i]; },
        [&](std::size_t i, std::uint64_t h) {
            const auto first = index.insert(keys[i], h, static_cast<std::uint32_t>(i), key_of);
            if (first != id_index::npos) {
                repeated.emplace_back(i, first);
            }
        });
    EXPECT_THAT(repeated, ElementsAre(std::pair<std::size_t, std::uint32_t>{500, 7},
                                      std::pair<std::size_t, std::uint32_t>{999, 998}));
    EXPECT_EQ(index.size(), 998U);
    EXPECT_EQ(index.find("m123", key_of), 123U);
    EXPECT_EQ(index.find("m123", id_index::hash("m123"), key_of), 123U);
    EXPECT_EQ(index.find("m1000", key_of), id_index::npos);
    EXPECT_EQ(index.find("m1000", id_index::hash("m1000"), key_of), id_index::npos);
}

}  // namespace
