#pragma once

// Shared by the toolkit's tests: the test rulebook and a small dataset built in code.

#include <antq/dataset.hpp>
#include <antq/evaluate.hpp>
#include <antq/rulebook.hpp>
#include <antq/rulebook_loader.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace antq::test_support {

/// The source tree (the shipped rulebooks, the examples, the documentation).
inline std::filesystem::path source_root() {
    return ANTQ_SOURCE_DIR;
}

/// tests/data/toolkit/suite: a rulebook with its own tests and two cases files, all passing.
inline std::filesystem::path toolkit_data() {
    return std::filesystem::path(ANTQ_TEST_DATA_DIR) / "toolkit" / "suite";
}

inline std::string read_text(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

inline void write_text(const std::filesystem::path& file, const std::string& text) {
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
}

/// A fresh folder under the system's temporary folder, removed when it goes away.
class scratch_folder {
  public:
    scratch_folder() {
        std::random_device seed;
        path_ = std::filesystem::temp_directory_path() / ("antq-toolkit-" + std::to_string(seed()));
        std::filesystem::create_directories(path_);
    }
    ~scratch_folder() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    scratch_folder(const scratch_folder&) = delete;
    scratch_folder& operator=(const scratch_folder&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

  private:
    std::filesystem::path path_;
};

/// tests/data/toolkit/rules/patrol-model.yaml
inline rulebook patrol_rulebook() {
    return load_rulebook(toolkit_data() / "rules" / "patrol-model.yaml");
}

/// The text of tests/data/toolkit/rules/patrol-model.yaml, for variants of it.
inline std::string patrol_text() {
    return read_text(toolkit_data() / "rules" / "patrol-model.yaml");
}

/// The id of the tier `subject` was placed in ("" for none). Throws when `r` has no result
/// for `subject`.
inline std::string tier_of(const rulebook_results& r, std::string_view subject) {
    const auto row = r.find(subject);
    if (!row) {
        throw std::runtime_error("no result for " + std::string(subject));
    }
    const auto t = r.columns().tier[*row];
    return t == no_tier ? std::string() : r.header().tiers[static_cast<std::size_t>(t)].id;
}

/// One observation row: a subject, a period and its values (NaN = missing).
struct observation_row {
    std::string subject;
    std::string period;
    std::vector<std::pair<std::string, double>> values;
};

/// A number-only observation table from rows; columns in order of first appearance.
inline observation_table make_observations(const std::vector<observation_row>& rows) {
    std::vector<std::string> subjects;
    std::vector<std::string> periods;
    std::vector<std::string> names;
    const auto index_of = [](std::vector<std::string>& list, const std::string& text) {
        for (std::size_t i = 0; i < list.size(); ++i) {
            if (list[i] == text) {
                return static_cast<std::uint32_t>(i);
            }
        }
        list.push_back(text);
        return static_cast<std::uint32_t>(list.size() - 1);
    };
    std::vector<std::uint32_t> row_subject;
    std::vector<std::uint32_t> row_period;
    for (const auto& r : rows) {
        row_subject.push_back(index_of(subjects, r.subject));
        row_period.push_back(index_of(periods, r.period));
        for (const auto& [name, value] : r.values) {
            index_of(names, name);
        }
    }
    std::vector<observation_column> columns;
    for (const auto& name : names) {
        observation_column c;
        c.name = name;
        for (const auto& r : rows) {
            double v = missing_value;
            for (const auto& [n, x] : r.values) {
                if (n == name) {
                    v = x;
                }
            }
            c.numbers.push_back(v);
        }
        columns.push_back(std::move(c));
    }
    return observation_table(std::move(subjects), std::move(periods), std::move(row_subject),
                             std::move(row_period), std::move(columns));
}

inline dataset make_dataset(std::vector<unit> units, std::vector<model> models,
                            const std::vector<observation_row>& rows) {
    dataset d;
    d.registry = registry::build(std::move(units), std::move(models), {});
    d.observations = make_observations(rows);
    d.content_hash = hash_dataset(d.registry, d.observations);
    return d;
}

inline model make_model(std::string id, std::string name, std::string type, std::string topic,
                        std::string unit) {
    model m;
    m.id = std::move(id);
    m.name = std::move(name);
    m.type = std::move(type);
    m.topic = std::move(topic);
    m.unit = std::move(unit);
    return m;
}

/// Two provinces: p1 with communes c1 (villages v1, v2 and a school s1) and c2 (village v3);
/// p2 with commune c3 (village v4). Models scored by the patrol rulebook:
///
/// | model | host | topic | type | score | tier |
/// | m1 | v1 | a | t  | 100 | effective |
/// | m2 | v2 | a | t  | 69  | average   |
/// | m3 | v3 | a | t  | 90  | effective |
/// | m0 | v3 | a | t  | 100 | effective |
/// | m4 | v4 | b | t  | 95  | effective |
/// | m5 | s1 | a | t  | 100 | effective |
/// | m6 | v1 | a | t2 | 20  | poor      |
/// | m7 | v2 | b | t2 | 20  | poor      |
///
/// v2's name needs escaping in HTML.
inline dataset province_dataset() {
    const std::vector<unit> units{
        {"p1", "province", "Tỉnh Một", ""},   {"c1", "commune", "Xã Một", "p1"},
        {"v1", "village", "Thôn Một", "c1"},  {"v2", "village", "Thôn <Hai> & \"Ba\"", "c1"},
        {"s1", "school", "Trường Một", "c1"}, {"c2", "commune", "Xã Hai", "p1"},
        {"v3", "village", "Thôn Ba", "c2"},   {"p2", "province", "Tỉnh Hai", ""},
        {"c3", "commune", "Xã Ba", "p2"},     {"v4", "village", "Thôn Bốn", "c3"}};
    const std::vector<model> models{make_model("m1", "Mô hình một", "t", "a", "v1"),
                                    make_model("m2", "Mô hình hai", "t", "a", "v2"),
                                    make_model("m3", "Mô hình ba", "t", "a", "v3"),
                                    make_model("m0", "Mô hình không", "t", "a", "v3"),
                                    make_model("m4", "Mô hình bốn", "t", "b", "v4"),
                                    make_model("m5", "Mô hình trường", "t", "a", "s1"),
                                    make_model("m6", "Mô hình sáu", "t2", "a", "v1"),
                                    make_model("m7", "Mô hình bảy", "t2", "b", "v2")};
    const auto row = [](std::string id, double patrols, double households, double signed_up) {
        return observation_row{
            std::move(id),
            "2024",
            {{"patrols", patrols}, {"households", households}, {"households_signed", signed_up}}};
    };
    return make_dataset(units, models,
                        {row("m1", 40, 100, 100), row("m2", 30, 100, 60), row("m3", 40, 100, 75),
                         row("m0", 40, 100, 100), row("m4", 40, 200, 175), row("m5", 40, 100, 100),
                         row("m6", 0, 100, 50), row("m7", 0, 100, 50)});
}

/// A province, a commune, then `depth` villages each inside the one before: one chain as
/// deep as the dataset allows. The deepest village hosts m1, an effective model of topic a
/// (100 points with the patrol rulebook); the first village hosts m2 (poor, topic a).
inline dataset deep_chain_dataset(std::size_t depth) {
    std::vector<unit> units{{"p", "province", "Tỉnh", ""}, {"c", "commune", "Xã", "p"}};
    units.reserve(depth + 2);
    for (std::size_t i = 0; i < depth; ++i) {
        units.push_back({"v" + std::to_string(i), "village", "Thôn " + std::to_string(i),
                         i == 0 ? std::string("c") : "v" + std::to_string(i - 1)});
    }
    const std::vector<model> models{
        make_model("m1", "Mô hình một", "t", "a", "v" + std::to_string(depth - 1)),
        make_model("m2", "Mô hình hai", "t", "a", "v0")};
    return make_dataset(
        std::move(units), models,
        {observation_row{
             "m1", "2024", {{"patrols", 40}, {"households", 100}, {"households_signed", 100}}},
         observation_row{
             "m2", "2024", {{"patrols", 0}, {"households", 100}, {"households_signed", 50}}}});
}

}  // namespace antq::test_support
