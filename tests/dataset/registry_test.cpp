#include <antq/registry.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

namespace antq {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<unit> sample_units() {
    return {
        {"qb", "province", "Quảng Bình", ""},       // 0
        {"qt", "commune", "Xã Quảng Trung", "qb"},  // 1
        {"qh", "commune", "Xã Quảng Hòa", "qb"},    // 2
        {"ch", "village", "Thôn Công Hòa", "qt"},   // 3
        {"ct", "village", "Thôn Cao Cựu", "qt"},    // 4
        {"tm", "village", "Thôn Tân Mỹ", "qh"},     // 5
        {"thcs", "school", "Trường THCS", "qt"},    // 6
        {"hn", "province", "Hà Nội", ""},           // 7
    };
}

model make_model(std::string id, std::string unit, std::string topic, std::string type,
                 std::string replicated_from = "") {
    model m;
    m.id = std::move(id);
    m.unit = std::move(unit);
    m.topic = std::move(topic);
    m.type = std::move(type);
    m.replicated_from = std::move(replicated_from);
    return m;
}

std::vector<model> sample_models() {
    return {
        make_model("m1", "ch", "ma-tuy", "gia-dinh"),           // 0
        make_model("m2", "ct", "trat-tu", "camera"),            // 1
        make_model("m3", "qt", "hoa-giai", "to-hoa-giai"),      // 2
        make_model("m4", "tm", "trat-tu", "camera", "m2"),      // 3
        make_model("m5", "ch", "trat-tu", "camera", "m4"),      // 4
        make_model("m6", "thcs", "giao-thong", "cong-truong"),  // 5
    };
}

std::vector<exemplar> sample_exemplars() {
    return {{"e1", "Nguyễn Văn An", exemplar_kind::individual, "ch", std::nullopt},
            {"e2", "Tổ an ninh", exemplar_kind::collective, "hn", std::nullopt}};
}

registry sample_registry() {
    return registry::build(sample_units(), sample_models(), sample_exemplars());
}

std::vector<std::string> messages_of(const input_error& e) {
    std::vector<std::string> out;
    for (const auto& d : e.diagnostics()) {
        out.push_back(d.to_string());
    }
    return out;
}

std::vector<std::string> build_errors(std::vector<unit> units, std::vector<model> models,
                                      std::vector<exemplar> exemplars,
                                      const registry_sources& where = {}) {
    try {
        static_cast<void>(
            registry::build(std::move(units), std::move(models), std::move(exemplars), where));
    } catch (const input_error& e) {
        return messages_of(e);
    }
    return {};
}

TEST(registry, empty_registry_has_nothing) {
    const registry r;
    EXPECT_TRUE(r.units().empty());
    EXPECT_TRUE(r.models().empty());
    EXPECT_TRUE(r.exemplars().empty());
    EXPECT_FALSE(r.find_unit("x"));
    EXPECT_THAT(r.unit_kinds(), IsEmpty());
    EXPECT_THAT(r.topics(), IsEmpty());
    EXPECT_THAT(r.roots(), IsEmpty());
    EXPECT_THAT(r.units_of_kind("village"), IsEmpty());
    EXPECT_EQ(r, registry::build({}, {}, {}));
}

TEST(registry, finds_by_id_case_sensitively) {
    const registry r = sample_registry();
    EXPECT_EQ(r.find_unit("tm"), 5U);
    EXPECT_EQ(r.find_model("m4"), 3U);
    EXPECT_EQ(r.find_exemplar("e2"), 1U);
    EXPECT_FALSE(r.find_unit("TM"));
    EXPECT_FALSE(r.find_unit("m1"));
    EXPECT_FALSE(r.find_model("ch"));
    EXPECT_FALSE(r.find_exemplar(""));
}

TEST(registry, keeps_the_order_given) {
    const registry r = sample_registry();
    ASSERT_EQ(r.units().size(), 8U);
    EXPECT_EQ(r.units()[6].id, "thcs");
    EXPECT_EQ(r.models()[2].topic, "hoa-giai");
    EXPECT_EQ(r.exemplars()[1].kind, exemplar_kind::collective);
}

TEST(registry, answers_tree_queries) {
    const registry r = sample_registry();
    EXPECT_THAT(r.roots(), ElementsAre(0U, 7U));
    EXPECT_FALSE(r.parent(0));
    EXPECT_EQ(r.parent(3), 1U);
    EXPECT_THAT(r.children(0), ElementsAre(1U, 2U));
    EXPECT_THAT(r.children(1), ElementsAre(3U, 4U, 6U));
    EXPECT_THAT(r.children(3), IsEmpty());
    // Pre-order, children in registry order.
    EXPECT_THAT(r.descendants(0), ElementsAre(1U, 3U, 4U, 6U, 2U, 5U));
    EXPECT_THAT(r.descendants(1), ElementsAre(3U, 4U, 6U));
    EXPECT_THAT(r.descendants(5), IsEmpty());
    EXPECT_THAT(r.descendants(7), IsEmpty());
}

TEST(registry, knows_ancestors) {
    const registry r = sample_registry();
    EXPECT_TRUE(r.is_ancestor_or_self(0, 5));
    EXPECT_TRUE(r.is_ancestor_or_self(1, 1));
    EXPECT_TRUE(r.is_ancestor_or_self(1, 6));
    EXPECT_FALSE(r.is_ancestor_or_self(1, 5));
    EXPECT_FALSE(r.is_ancestor_or_self(3, 1));
    EXPECT_FALSE(r.is_ancestor_or_self(7, 3));
    EXPECT_EQ(r.ancestor_of_kind(3, "commune"), 1U);
    EXPECT_EQ(r.ancestor_of_kind(1, "commune"), 1U);
    EXPECT_EQ(r.ancestor_of_kind(5, "province"), 0U);
    EXPECT_FALSE(r.ancestor_of_kind(0, "commune"));
    EXPECT_FALSE(r.ancestor_of_kind(3, "enterprise"));
    EXPECT_FALSE(r.ancestor_of_kind(7, "commune"));
}

TEST(registry, groups_units_by_kind) {
    const registry r = sample_registry();
    EXPECT_THAT(r.unit_kinds(), ElementsAre("commune", "province", "school", "village"));
    EXPECT_THAT(r.units_of_kind("village"), ElementsAre(3U, 4U, 5U));
    EXPECT_THAT(r.units_of_kind("province"), ElementsAre(0U, 7U));
    EXPECT_THAT(r.units_of_kind("agency"), IsEmpty());
}

TEST(registry, indexes_models) {
    const registry r = sample_registry();
    EXPECT_THAT(r.models_of_unit(3), ElementsAre(0U, 4U));
    EXPECT_THAT(r.models_of_unit(0), IsEmpty());
    EXPECT_THAT(r.models_in_subtree(1), ElementsAre(0U, 1U, 2U, 4U, 5U));
    EXPECT_THAT(r.models_in_subtree(0), ElementsAre(0U, 1U, 2U, 3U, 4U, 5U));
    EXPECT_THAT(r.models_in_subtree(7), IsEmpty());
    EXPECT_THAT(r.topics(), ElementsAre("giao-thong", "hoa-giai", "ma-tuy", "trat-tu"));
    EXPECT_THAT(r.models_of_topic("trat-tu"), ElementsAre(1U, 3U, 4U));
    EXPECT_THAT(r.models_of_topic("none"), IsEmpty());
    EXPECT_THAT(r.models_of_type("camera"), ElementsAre(1U, 3U, 4U));
    EXPECT_EQ(r.unit_of_model(5), 6U);
    EXPECT_EQ(r.unit_of_exemplar(1), 7U);
}

TEST(registry, follows_the_replication_lineage) {
    const registry r = sample_registry();
    EXPECT_THAT(r.replications_of(1), ElementsAre(3U));
    EXPECT_THAT(r.replications_of(3), ElementsAre(4U));
    EXPECT_THAT(r.replications_of(4), IsEmpty());
    EXPECT_EQ(r.lineage_root(4), 1U);
    EXPECT_EQ(r.lineage_root(3), 1U);
    EXPECT_EQ(r.lineage_root(1), 1U);
    EXPECT_EQ(r.lineage_root(0), 0U);
    EXPECT_THAT(r.lineage_roots(), ElementsAre(0U, 1U, 2U, 5U));
}

TEST(registry, lineage_defined_later_in_the_file_resolves) {
    const registry r =
        registry::build({{"u", "village", "", ""}},
                        {make_model("a", "u", "", "", "b"), make_model("b", "u", "", "", "c"),
                         make_model("c", "u", "", "")},
                        {});
    EXPECT_EQ(r.lineage_root(0), 2U);
    EXPECT_EQ(r.lineage_root(1), 2U);
    EXPECT_THAT(r.lineage_roots(), ElementsAre(2U));
}

TEST(registry, copies_and_moves_keep_everything) {
    const registry original = sample_registry();
    registry copy = original;
    EXPECT_EQ(copy, original);
    EXPECT_EQ(copy.find_model("m5"), 4U);
    EXPECT_THAT(copy.descendants(1), ElementsAre(3U, 4U, 6U));
    registry moved = std::move(copy);
    EXPECT_EQ(moved.find_unit("thcs"), 6U);
    registry assigned;
    assigned = moved;
    EXPECT_EQ(assigned, original);
    EXPECT_NE(assigned, registry());
}

TEST(registry, a_deep_chain_does_not_overflow_the_stack) {
    std::vector<unit> chain;
    constexpr std::size_t depth = 200'000;
    for (std::size_t i = 0; i < depth; ++i) {
        chain.push_back(
            {"u" + std::to_string(i), "level", "", i == 0 ? "" : "u" + std::to_string(i - 1)});
    }
    const registry r = registry::build(std::move(chain), {}, {});
    EXPECT_EQ(r.descendants(0).size(), depth - 1);
    EXPECT_EQ(r.descendants(0).back(), depth - 1);
    EXPECT_TRUE(r.is_ancestor_or_self(0, depth - 1));
}

TEST(registry_errors, duplicate_ids_name_the_first_line) {
    auto units = sample_units();
    units.push_back({"qt", "commune", "again", "qb"});
    auto models = sample_models();
    models.push_back(make_model("m1", "ch", "", ""));
    auto exemplars = sample_exemplars();
    exemplars.push_back({"e1", "", exemplar_kind::individual, "ch", std::nullopt});
    EXPECT_THAT(
        build_errors(units, models, exemplars),
        ElementsAre("units.csv:10:1: error: duplicate unit id 'qt' (first on line 3)",
                    "models.csv:8:1: error: duplicate model id 'm1' (first on line 2)",
                    "exemplars.csv:4:1: error: duplicate exemplar id 'e1' (first on line 2)"));
}

TEST(registry_errors, empty_ids) {
    auto units = sample_units();
    units.push_back({"", "village", "", "qt"});
    EXPECT_THAT(build_errors(units, {}, {}), ElementsAre("units.csv:10:1: error: empty unit id"));
}

TEST(registry_errors, ids_are_unique_across_tables) {
    auto models = sample_models();
    models.push_back(make_model("ch", "ch", "", ""));
    auto exemplars = sample_exemplars();
    exemplars.push_back({"m2", "", exemplar_kind::individual, "ch", std::nullopt});
    EXPECT_THAT(
        build_errors(sample_units(), models, exemplars),
        ElementsAre(
            "models.csv:8:1: error: model id 'ch' is also the id of the unit on units.csv:5",
            "exemplars.csv:4:1: error: exemplar id 'm2' is also the id of the model on "
            "models.csv:3"));
}

// Models whose ids are unit ids are found from the units' side when model ids are unique,
// from the models' side when some repeat; either way every such model is named once, in the
// order of the models, with the first unit of that id.
TEST(registry_errors, every_model_sharing_an_id_with_a_unit_is_named_in_model_order) {
    auto units = sample_units();
    units.push_back({"ct", "village", "", "qt"});  // a second 'ct': the first is named
    auto models = sample_models();
    models.push_back(make_model("ct", "ch", "", ""));
    models.push_back(make_model("qb", "ch", "", ""));
    EXPECT_THAT(
        build_errors(units, models, {}),
        ElementsAre(
            "units.csv:10:1: error: duplicate unit id 'ct' (first on line 6)",
            "models.csv:8:1: error: model id 'ct' is also the id of the unit on units.csv:6",
            "models.csv:9:1: error: model id 'qb' is also the id of the unit on units.csv:2"));

    models.push_back(make_model("qb", "ch", "", ""));  // a repeated model id
    EXPECT_THAT(
        build_errors(units, models, {}),
        ElementsAre(
            "units.csv:10:1: error: duplicate unit id 'ct' (first on line 6)",
            "models.csv:8:1: error: model id 'ct' is also the id of the unit on units.csv:6",
            "models.csv:9:1: error: model id 'qb' is also the id of the unit on units.csv:2",
            "models.csv:10:1: error: duplicate model id 'qb' (first on line 9)",
            "models.csv:10:1: error: model id 'qb' is also the id of the unit on "
            "units.csv:2"));
}

// Models one after another in the same unit share its lookup; a model in another unit
// between them, an unknown unit, or a blank one is still resolved on its own.
TEST(registry, models_of_the_same_unit_in_a_row_resolve_to_it) {
    auto models = sample_models();
    models.push_back(make_model("m7", "ch", "", ""));
    models.push_back(make_model("m8", "ch", "", ""));
    models.push_back(make_model("m9", "tm", "", ""));
    models.push_back(make_model("m10", "ch", "", ""));
    const registry r = registry::build(sample_units(), models, sample_exemplars());
    EXPECT_EQ(r.unit_of_model(6), 3U);
    EXPECT_EQ(r.unit_of_model(7), 3U);
    EXPECT_EQ(r.unit_of_model(8), 5U);
    EXPECT_EQ(r.unit_of_model(9), 3U);
    EXPECT_EQ(r.unit_of_model(0), 3U);

    models.push_back(make_model("m11", "xx", "", ""));
    models.push_back(make_model("m12", "xx", "", ""));
    models.push_back(make_model("m13", "", "", ""));
    models.push_back(make_model("m14", "ch", "", ""));
    EXPECT_THAT(build_errors(sample_units(), models, sample_exemplars()),
                ElementsAre("models.csv:12:6: error: unknown unit 'xx'",
                            "models.csv:13:6: error: unknown unit 'xx'",
                            "models.csv:14:6: error: missing host unit"));
}

// Enough models to be resolved in pieces on several threads: the same units, origins and
// problems, in the order of the file, as one piece would give.
TEST(registry_errors, many_models_resolved_in_pieces_keep_their_problems_in_file_order) {
    std::vector<model> models;
    const std::array<const char*, 4> hosts{"ch", "ct", "tm", "thcs"};
    for (std::size_t i = 0; i < 70'000; ++i) {
        models.push_back(make_model("m" + std::to_string(i), hosts[i % hosts.size()],
                                    i % 3 == 0 ? "ma-tuy" : "trat-tu", i % 5 == 0 ? "camera" : "",
                                    i > 0 && i % 7 == 0 ? "m" + std::to_string(i - 1) : ""));
    }
    {
        const registry r = registry::build(sample_units(), models, {});
        // The catalogue, built in pieces too.
        EXPECT_EQ(r.models_of_unit(3).size(), 17'500U);
        EXPECT_EQ(r.models_of_unit(3).front(), 0U);
        EXPECT_EQ(r.models_of_topic("ma-tuy").size(), 23'334U);
        EXPECT_EQ(r.models_of_topic("trat-tu").size(), 46'666U);
        EXPECT_EQ(r.models_of_type("camera").size(), 14'000U);
        EXPECT_THAT(r.replications_of(34'999), ElementsAre(35'000U));
        EXPECT_THAT(r.topics(), ElementsAre("ma-tuy", "trat-tu"));
        EXPECT_EQ(r.unit_of_model(0), 3U);
        EXPECT_EQ(r.unit_of_model(69'999), 6U);  // "thcs"
        EXPECT_EQ(r.unit_of_model(35'002), 5U);  // "tm"
        EXPECT_EQ(r.lineage_root(35'000), 34'999U);
        EXPECT_EQ(r.lineage_root(69'993), 69'992U);
        EXPECT_EQ(r.lineage_root(69'999), 69'999U);
    }
    models[69'990].unit = "xx";
    models[10].replicated_from = "nope";
    models[35'001].unit = "";
    models[34'999].unit = "yy";
    EXPECT_THAT(build_errors(sample_units(), models, {}),
                ElementsAre("models.csv:12:9: error: unknown model 'nope' in replicated_from",
                            "models.csv:35001:6: error: unknown unit 'yy'",
                            "models.csv:35003:6: error: missing host unit",
                            "models.csv:69992:6: error: unknown unit 'xx'"));
}

TEST(registry_errors, unresolved_references) {
    auto units = sample_units();
    units[3].parent = "nowhere";
    auto models = sample_models();
    models[1].unit = "xx";
    models[2].replicated_from = "m99";
    models[5].unit = "";
    auto exemplars = sample_exemplars();
    exemplars[0].unit = "zz";
    exemplars[1].unit = "";
    EXPECT_THAT(build_errors(units, models, exemplars),
                ElementsAre("units.csv:5:4: error: unknown parent unit 'nowhere'",
                            "models.csv:3:6: error: unknown unit 'xx'",
                            "models.csv:4:9: error: unknown model 'm99' in replicated_from",
                            "models.csv:7:6: error: missing host unit",
                            "exemplars.csv:2:4: error: unknown unit 'zz'",
                            "exemplars.csv:3:4: error: missing unit"));
}

TEST(registry_errors, unit_kinds_are_lowercase_words) {
    auto units = sample_units();
    units[0].kind = "Province";
    units[1].kind = "1commune";
    units[2].kind = "làng";
    units[3].kind = "";
    units[4].kind = "residential_area";
    units[5].kind = "to-dan-pho";
    EXPECT_THAT(
        build_errors(units, {}, {}),
        ElementsAre(
            "units.csv:2:2: error: invalid unit kind 'Province': expected a lowercase word such "
            "as 'village'",
            "units.csv:3:2: error: invalid unit kind '1commune': expected a lowercase word such "
            "as 'village'",
            "units.csv:4:2: error: invalid unit kind 'làng': expected a lowercase word such as "
            "'village'",
            "units.csv:5:2: error: missing unit kind"));
}

TEST(registry_errors, cycles_in_parents_are_named_once) {
    std::vector<unit> units{
        {"a", "x", "", "c"},       {"b", "x", "", "a"}, {"c", "x", "", "b"},  // a -> c -> b -> a
        {"d", "x", "", "a"},                                                  // hangs off the cycle
        {"self", "x", "", "self"},
    };
    EXPECT_THAT(build_errors(units, {}, {}),
                ElementsAre("units.csv:2:4: error: cycle in unit parents: a -> c -> b -> a",
                            "units.csv:6:4: error: cycle in unit parents: self -> self"));
}

TEST(registry_errors, cycles_in_replication) {
    std::vector<model> models{make_model("m1", "ch", "", "", "m3"),
                              make_model("m2", "ch", "", "", "m1"),
                              make_model("m3", "ch", "", "", "m2")};
    EXPECT_THAT(
        build_errors(sample_units(), models, {}),
        ElementsAre("models.csv:2:9: error: cycle in replicated_from: m1 -> m3 -> m2 -> m1"));
}

TEST(registry_errors, ended_before_established) {
    auto models = sample_models();
    models[0].established = date(2024, 5, 1);
    models[0].ended = date(2024, 4, 30);
    models[1].established = date(2024, 5, 1);
    models[1].ended = date(2024, 5, 1);  // the same day is fine
    EXPECT_THAT(
        build_errors(sample_units(), models, {}),
        ElementsAre("models.csv:2:8: error: ended 2024-04-30 is before established 2024-05-01"));
}

TEST(registry_errors, everything_is_reported_together_in_file_order) {
    auto units = sample_units();
    units[7].kind = "Bad";
    auto models = sample_models();
    models[0].unit = "xx";
    auto exemplars = sample_exemplars();
    exemplars[0].unit = "yy";
    const auto errors = build_errors(units, models, exemplars);
    EXPECT_THAT(
        errors,
        ElementsAre(
            "units.csv:9:2: error: invalid unit kind 'Bad': expected a lowercase word such as "
            "'village'",
            "models.csv:2:6: error: unknown unit 'xx'",
            "exemplars.csv:2:4: error: unknown unit 'yy'"));
}

TEST(registry_errors, sources_name_files_and_lines) {
    registry_sources where;
    where.units_file = "data/units.csv";
    where.unit_lines = {2, 3, 5, 9, 10, 11, 12, 13, 20};
    auto units = sample_units();
    units.push_back({"qt", "commune", "", ""});
    EXPECT_THAT(
        build_errors(units, {}, {}, where),
        ElementsAre("data/units.csv:20:1: error: duplicate unit id 'qt' (first on line 3)"));
}

TEST(registry_errors, a_locator_points_anywhere) {
    registry_sources where;
    where.locate = [](record_table table, std::size_t index, std::size_t column) {
        return source_location{"d.json:/" + std::to_string(static_cast<int>(table)) + "/" +
                                   std::to_string(index) + "/" + std::to_string(column),
                               0, 0};
    };
    auto units = sample_units();
    units.push_back({"qt", "commune", "", "qb"});
    units.push_back({"z", "commune", "", "nope"});
    EXPECT_THAT(build_errors(units, {}, {}, where),
                ElementsAre("d.json:/0/8/1: error: duplicate unit id 'qt' (first at d.json:/0/1/0)",
                            "d.json:/0/9/4: error: unknown parent unit 'nope'"));
}

}  // namespace
}  // namespace antq
