#pragma once

// Small hand-built datasets (JSON text) and rulebooks (YAML text) for tests of the
// evaluation pipeline, and shortcuts to read one subject's result.

#include <antq/dataset.hpp>
#include <antq/engine.hpp>
#include <antq/evaluate.hpp>
#include <antq/result.hpp>
#include <antq/rulebook_loader.hpp>
#include <antq/rulebook_set.hpp>

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace antq::test_support {

inline dataset json_dataset(std::string_view json) {
    return parse_dataset_json(json, "test.json");
}

inline rulebook yaml_rulebook(std::string_view yaml, std::string file = "rules.yaml",
                              const engine_registry& engines = builtin_engines()) {
    return parse_rulebook(yaml, std::move(file), engines);
}

inline rulebook_set rulebooks(std::vector<rulebook> books,
                              const engine_registry& engines = builtin_engines()) {
    return rulebook_set::from(std::move(books), engines);
}

/// The result of subject `id` in `r`; fails the test when it is absent.
inline subject_result result_of(const rulebook_results& r, std::string_view id) {
    const auto row = r.find(id);
    if (!row) {
        ADD_FAILURE() << "subject " << id << " is not in the results of " << r.header().rulebook;
        return {};
    }
    return r.row(*row);
}

/// The value of criterion `criterion` for subject `id` (NaN when not assessed).
inline double criterion_value(const rulebook_results& r, std::string_view id,
                              std::string_view criterion) {
    for (const auto& c : result_of(r, id).criteria) {
        if (c.id == criterion) {
            return c.assessed ? c.value : std::numeric_limits<double>::quiet_NaN();
        }
    }
    ADD_FAILURE() << "no criterion " << criterion;
    return 0;
}

/// A province `p` with communes `c1` (villages `v1`, `v2`) and `c2` (village `v3`), a
/// commune `c3` with nothing below it, and a school `s1` directly under the province.
inline constexpr std::string_view unit_tree = R"~(
  "units": [
    {"id": "p", "kind": "province", "name": "Tỉnh", "parent": null},
    {"id": "c1", "kind": "commune", "name": "Xã Một", "parent": "p"},
    {"id": "c2", "kind": "commune", "name": "Xã Hai", "parent": "p"},
    {"id": "c3", "kind": "commune", "name": "Xã Ba", "parent": "p"},
    {"id": "v1", "kind": "village", "name": "Thôn Một", "parent": "c1"},
    {"id": "v2", "kind": "village", "name": "Thôn Hai", "parent": "c1"},
    {"id": "v3", "kind": "village", "name": "Thôn Ba", "parent": "c2"},
    {"id": "s1", "kind": "school", "name": "Trường", "parent": "p"}
  ])~";

/// A dataset of `unit_tree`, the given models and observations (JSON array bodies).
inline dataset tree_dataset(std::string_view models, std::string_view observations) {
    std::string json = "{";
    json += unit_tree;
    json += ",\n  \"models\": [";
    json += models;
    json += "],\n  \"observations\": [";
    json += observations;
    json += "]\n}";
    return json_dataset(json);
}

}  // namespace antq::test_support
