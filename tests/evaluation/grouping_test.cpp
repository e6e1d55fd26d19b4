#include "antq/evaluation/grouping.hpp"

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

using namespace antq::detail::evaluation;

namespace {

// p1 (province) > c1, c2 (communes) > v1 (in c1), v2 (in c2); s1 (school) directly under p1.
antq::registry tree() {
    return antq::registry::build({{"p1", "province", "Tỉnh 1", ""},
                                  {"c1", "commune", "Xã 1", "p1"},
                                  {"c2", "commune", "Xã 2", "p1"},
                                  {"v1", "village", "Thôn 1", "c1"},
                                  {"v2", "village", "Thôn 2", "c2"},
                                  {"s1", "school", "Trường 1", "p1"}},
                                 {}, {});
}

antq::index_t unit(const antq::registry& r, std::string_view id) {
    return *r.find_unit(id);
}

}  // namespace

TEST(assign_groups, a_unit_of_the_kind_or_the_nearest_above_it_names_the_group) {
    const auto r = tree();
    const std::vector<antq::index_t> row_unit = {unit(r, "v2"), unit(r, "c1"), unit(r, "v1"),
                                                 unit(r, "s1"), unit(r, "p1"), unit(r, "c2")};
    const auto g = assign_groups(r, row_unit, false, "commune", {});
    EXPECT_EQ(g.group, (std::vector<std::uint32_t>{0, 1, 1, 2, 2, 0}));
    EXPECT_EQ(g.names, (std::vector<std::string>{"c2", "c1", "(không thuộc xã nào)"}));
}

TEST(assign_groups, all_is_one_group) {
    const auto r = tree();
    const std::vector<antq::index_t> row_unit = {unit(r, "v2"), unit(r, "s1")};
    const auto g = assign_groups(r, row_unit, true, "", {});
    EXPECT_EQ(g.group, (std::vector<std::uint32_t>{0, 0}));
    EXPECT_EQ(g.names, (std::vector<std::string>{"all"}));
}

TEST(assign_groups, by_attributes_split_groups_further) {
    const auto r = tree();
    const std::vector<antq::index_t> row_unit = {unit(r, "v1"), unit(r, "v1"), unit(r, "c1"),
                                                 unit(r, "v2")};
    const std::vector<std::string_view> topic = {"ma-tuy", "giao-thong", "ma-tuy", "ma-tuy"};
    const std::vector<std::span<const std::string_view>> by = {topic};
    const auto g = assign_groups(r, row_unit, false, "commune", by);
    EXPECT_EQ(g.group, (std::vector<std::uint32_t>{0, 1, 0, 2}));
    EXPECT_EQ(g.names, (std::vector<std::string>{"c1 / ma-tuy", "c1 / giao-thong", "c2 / ma-tuy"}));

    const auto everywhere = assign_groups(r, row_unit, true, "", by);
    EXPECT_EQ(everywhere.group, (std::vector<std::uint32_t>{0, 1, 0, 0}));
    EXPECT_EQ(everywhere.names, (std::vector<std::string>{"ma-tuy", "giao-thong"}));
}

TEST(assign_groups, two_by_attributes_join_their_values) {
    const auto r = tree();
    const std::vector<antq::index_t> row_unit = {unit(r, "v1"), unit(r, "v1")};
    const std::vector<std::string_view> topic = {"ma-tuy", "ma-tuy"};
    const std::vector<std::string_view> target = {"thanh-nien", "phu-nu"};
    const std::vector<std::span<const std::string_view>> by = {topic, target};
    const auto g = assign_groups(r, row_unit, true, "", by);
    EXPECT_EQ(g.names, (std::vector<std::string>{"ma-tuy / thanh-nien", "ma-tuy / phu-nu"}));
}

TEST(no_unit_group_name, uses_the_vietnamese_noun_of_known_kinds) {
    EXPECT_EQ(no_unit_group_name("province"), "(không thuộc tỉnh nào)");
    EXPECT_EQ(no_unit_group_name("village"), "(không thuộc thôn nào)");
    EXPECT_EQ(no_unit_group_name("ward"), "(không thuộc ward nào)");
}
