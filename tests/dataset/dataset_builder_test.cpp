// Tests for include/antq/dataset_builder.hpp: each check of the loaders fires for a dataset
// built in code, at a place named by table, key and column; the Quảng Trung example built
// record by record from the text of its CSV files has the content hash of the folder, and
// evaluates to the same results.

#include <antq/dataset_builder.hpp>
#include <antq/evaluate.hpp>
#include <antq/rulebook_set.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

const fs::path example = fs::path(ANTQ_SOURCE_DIR) / "examples/data/quang-trung";
const fs::path rulebooks = fs::path(ANTQ_SOURCE_DIR) / "rulebooks";

// A small valid dataset: a commune, a village, two models, an exemplar.
antq::dataset_builder small() {
    antq::dataset_builder b;
    b.add_unit({.id = "xa", .kind = "commune", .name = "Xã A"});
    b.add_unit({.id = "thon-1", .kind = "village", .parent = "xa", .attributes = {"ven-song"}});
    b.add_model({.id = "m1",
                 .type = "t",
                 .topic = "ma-tuy",
                 .unit = "thon-1",
                 .established = "2020-01-01"});
    b.add_model({.id = "m2", .unit = "xa", .established = "15/03/2021", .replicated_from = "m1"});
    b.add_exemplar({.id = "e1", .kind = "individual", .unit = "thon-1", .models = {"m1"}});
    b.add_observation({.subject = "m1", .period = "2024", .values = {{"crimes", 2}}});
    b.add_observation(
        {.subject = "m2", .period = "2024", .values = {{"crimes", std::nullopt}, {"held", true}}});
    return b;
}

// Builds and returns the message of the input_error it must throw ("" when none).
std::string problems_of(const antq::dataset_builder& b) {
    try {
        static_cast<void>(b.build());
    } catch (const antq::input_error& e) {
        return e.what();
    }
    return "";
}

// Expects `text` among the problems of `b`'s build.
void expect_problem(const antq::dataset_builder& b, std::string_view text) {
    const std::string what = problems_of(b);
    EXPECT_NE(what.find(text), std::string::npos) << "expected: " << text << "\ngot: " << what;
}

TEST(dataset_builder, builds_a_valid_dataset_with_its_hash) {
    const antq::dataset d = small().build();
    EXPECT_EQ(d.registry.units().size(), 2U);
    EXPECT_EQ(d.registry.models().size(), 2U);
    EXPECT_EQ(d.registry.exemplars().size(), 1U);
    EXPECT_EQ(d.observations.row_count(), 2U);
    ASSERT_EQ(d.observations.columns().size(), 2U);
    EXPECT_EQ(d.observations.columns()[1].numbers[1], 1.0);
    EXPECT_TRUE(antq::is_missing(d.observations.columns()[0].numbers[1]));
    EXPECT_EQ(d.content_hash, antq::hash_dataset(d));
    EXPECT_FALSE(d.content_hash.empty());
}

TEST(dataset_builder, a_text_value_makes_a_text_column_as_json_does) {
    auto b = small();
    b.add_observation({.subject = "xa", .period = "2024", .values = {{"crimes", "không rõ"}}});
    const antq::dataset d = b.build();
    const auto& crimes = d.observations.columns()[0];
    ASSERT_EQ(crimes.type, antq::observation_column::kind::text);
    EXPECT_EQ(crimes.texts[0], "2");
    EXPECT_EQ(crimes.present[1], 0);
    EXPECT_EQ(crimes.texts[2], "không rõ");
}

TEST(dataset_builder, an_observation_of_an_unknown_subject_is_an_error) {
    auto b = small();
    b.add_observation({.subject = "m0042", .period = "2024", .values = {{"crimes", 1}}});
    expect_problem(b,
                   "observations[m0042, 2024].subject: error: unknown subject 'm0042' (not a "
                   "unit, model or exemplar id)");
}

TEST(dataset_builder, an_empty_subject_or_period_is_an_error_keyed_by_row) {
    auto b = small();
    b.add_observation({.subject = "", .period = "2024"});
    b.add_observation({.subject = "m1", .period = ""});
    expect_problem(b, "observations[row 3].subject: error: empty subject");
    expect_problem(b, "observations[row 4].period: error: empty period");
}

TEST(dataset_builder, a_period_that_is_not_a_period_is_an_error) {
    auto b = small();
    b.add_observation({.subject = "xa", .period = "2024-13", .values = {{"crimes", 0}}});
    expect_problem(b, "observations[xa, 2024-13].period: error:");
}

TEST(dataset_builder, a_repeated_observation_is_an_error) {
    auto b = small();
    b.add_observation({.subject = "m1", .period = "2024", .values = {{"crimes", 3}}});
    expect_problem(b,
                   "observations[m1, 2024].subject: error: repeated observation for subject "
                   "'m1' in period '2024' (first in observations[m1, 2024])");
}

TEST(dataset_builder, an_empty_or_repeated_indicator_is_an_error) {
    auto b = small();
    b.add_observation({.subject = "xa", .period = "2024", .values = {{"", 1}}});
    b.add_observation(
        {.subject = "xa", .period = "2023", .values = {{"crimes", 1}, {"crimes", 2}}});
    expect_problem(b, "observations[xa, 2024]: error: empty indicator name");
    expect_problem(b, "observations[xa, 2023].crimes: error: repeated indicator 'crimes'");
}

TEST(dataset_builder, declared_indicators_come_first_and_may_be_empty) {
    auto b = small();
    b.add_indicator("patrols");
    b.add_indicator("held");
    const antq::dataset d = b.build();
    ASSERT_EQ(d.observations.columns().size(), 3U);
    EXPECT_EQ(d.observations.columns()[0].name, "patrols");
    EXPECT_TRUE(antq::is_missing(d.observations.columns()[0].numbers[0]));
    EXPECT_EQ(d.observations.columns()[1].name, "held");
    EXPECT_EQ(d.observations.columns()[2].name, "crimes");
    b.add_indicator("held");
    b.add_indicator("");
    expect_problem(b, "indicators[row 3]: error: repeated indicator 'held' (declared twice)");
    expect_problem(b, "indicators[row 4]: error: empty indicator name");
}

TEST(dataset_builder, a_repeated_id_is_an_error) {
    auto b = small();
    b.add_unit({.id = "thon-1", .kind = "village", .parent = "xa"});
    const std::string what = problems_of(b);
    EXPECT_NE(what.find("units[thon-1]"), std::string::npos) << what;
    EXPECT_NE(what.find("thon-1"), std::string::npos) << what;
}

TEST(dataset_builder, a_unit_tree_cycle_is_an_error) {
    antq::dataset_builder b;
    b.add_unit({.id = "a", .kind = "commune", .parent = "b"});
    b.add_unit({.id = "b", .kind = "village", .parent = "a"});
    const std::string what = problems_of(b);
    EXPECT_NE(what.find("units[a].parent: error:"), std::string::npos) << what;
    EXPECT_NE(what.find("cycle"), std::string::npos) << what;
}

TEST(dataset_builder, an_unknown_parent_or_host_unit_is_an_error) {
    auto b = small();
    b.add_unit({.id = "thon-2", .kind = "village", .parent = "nowhere"});
    b.add_model({.id = "m3", .unit = "nowhere"});
    expect_problem(b, "units[thon-2].parent: error:");
    expect_problem(b, "models[m3].unit: error:");
}

TEST(dataset_builder, a_bad_date_is_an_error_at_its_cell) {
    auto b = small();
    b.add_model({.id = "m3", .unit = "xa", .established = "2024-02-30"});
    b.add_exemplar({.id = "e2", .kind = "individual", .unit = "xa", .recognized = "hôm qua"});
    expect_problem(b,
                   "models[m3].established: error: invalid date '2024-02-30' in column "
                   "'established': expected YYYY-MM-DD or DD/MM/YYYY");
    expect_problem(b, "exemplars[e2].recognized: error: invalid date 'hôm qua'");
}

TEST(dataset_builder, an_end_before_the_start_is_an_error) {
    auto b = small();
    b.add_model({.id = "m3", .unit = "xa", .established = "2024-01-01", .ended = "2023-01-01"});
    expect_problem(b, "models[m3].ended: error:");
}

TEST(dataset_builder, a_bad_exemplar_kind_unit_kind_or_list_is_an_error) {
    auto b = small();
    b.add_exemplar({.id = "e2", .kind = "team", .unit = "xa"});
    b.add_unit({.id = "thon-2", .kind = "Thôn", .parent = "xa"});
    b.add_unit({.id = "thon-3", .kind = "village", .parent = "xa", .attributes = {"a", ""}});
    expect_problem(b, "exemplars[e2].kind: error: invalid exemplar kind 'team'");
    expect_problem(b, "units[thon-2].kind: error:");
    expect_problem(b, "units[thon-3].attributes: error: empty id in column 'attributes'");
}

TEST(dataset_builder, a_record_without_an_id_is_keyed_by_its_row) {
    auto b = small();
    b.add_model({.id = "", .unit = "xa"});
    expect_problem(b, "models[row 3]");
}

TEST(dataset_builder, labels_are_checked) {
    auto b = small();
    b.add_label({"topic", "ma-tuy", "Ma túy"});
    b.add_label({"topic", "ma-tuy", "Phòng chống ma túy"});
    expect_problem(b, "labels[topic, ma-tuy].value: error: repeated label of topic 'ma-tuy'");
}

TEST(dataset_builder, the_model_type_catalogue_is_checked) {
    auto b = small();
    b.add_model_type({"t", "", "ma-tuy", {"Crimes"}, {}});
    expect_problem(b, "model_types[t].indicators: error: 'Crimes' is not an indicator name");
    auto unknown = small();
    unknown.add_model_type({"other", "", "", {}, {}});
    expect_problem(unknown, "models[m1].type: error: unknown model type 't' of model 'm1'");
    auto needs = small();
    needs.add_model_type({"t", "", "", {}, {"bien-gioi"}});
    expect_problem(needs, "lacks the attribute 'bien-gioi'");
    auto fine = small();
    fine.add_model_type({"t", "", "ma-tuy", {"crimes"}, {"ven-song"}});
    EXPECT_EQ(fine.build().model_types.size(), 1U);
}

TEST(dataset_builder, decisions_are_checked) {
    auto b = small();
    b.add_decision({.subject = "m1",
                    .rulebook = "model-effectiveness",
                    .period = "2024",
                    .proposed_tier = "poor",
                    .number = "1/QĐ",
                    .date = "31/02/2024",
                    .body = "UBND xã A"});
    b.add_decision({.subject = "m9",
                    .rulebook = "model-effectiveness",
                    .period = "2024",
                    .proposed_tier = "poor",
                    .number = "2/QĐ",
                    .date = "2024-12-01",
                    .body = "UBND xã A"});
    expect_problem(b, "decisions[m1, model-effectiveness, 2024].date: error:");
    expect_problem(b, "decisions[m9, model-effectiveness, 2024].subject: error:");
}

TEST(dataset_builder, every_problem_of_a_layer_is_reported_at_once) {
    auto b = small();
    b.add_model({.id = "m3", .unit = "xa", .established = "x"});
    b.add_model({.id = "m4", .unit = "nowhere"});
    const std::string what = problems_of(b);
    EXPECT_NE(what.find("models[m3].established"), std::string::npos) << what;
    EXPECT_NE(what.find("models[m4].unit"), std::string::npos) << what;
}

TEST(dataset_builder, is_copyable_and_reusable) {
    auto b = small();
    const antq::dataset first = b.build();
    antq::dataset_builder copy = b;
    copy.add_observation({.subject = "xa", .period = "2024", .values = {{"crimes", 0}}});
    EXPECT_EQ(b.build(), first);
    EXPECT_EQ(copy.observation_count(), 3U);
    EXPECT_NE(copy.build().content_hash, first.content_hash);
    antq::dataset_builder moved = std::move(copy);
    EXPECT_EQ(moved.observation_count(), 3U);
    // A moved-from builder is empty and usable again.
    const antq::dataset_builder from_moved = copy;  // NOLINT(bugprone-use-after-move)
    EXPECT_EQ(from_moved.unit_count(), 0U);
    copy.add_unit({.id = "xa", .kind = "commune"});
    EXPECT_EQ(copy.build().registry.units().size(), 1U);
}

// ---- Quảng Trung, record by record from the text of its files ----

// The rows of a CSV file (RFC 4180: quoted fields, doubled quotes), header first.
std::vector<std::vector<std::string>> read_csv(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    std::vector<std::vector<std::string>> rows(1);
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            rows.back().push_back(std::move(field));
            field.clear();
        } else if (c == '\n') {
            rows.back().push_back(std::move(field));
            field.clear();
            rows.emplace_back();
        } else if (c != '\r') {
            field += c;
        }
    }
    if (!field.empty() || !rows.back().empty()) {
        rows.back().push_back(std::move(field));
    } else {
        rows.pop_back();
    }
    return rows;
}

// The row as column name -> cell.
struct named_row {
    const std::vector<std::string>& header;
    const std::vector<std::string>& cells;
    [[nodiscard]] std::string operator[](std::string_view name) const {
        for (std::size_t c = 0; c < header.size(); ++c) {
            if (header[c] == name) {
                return c < cells.size() ? cells[c] : std::string();
            }
        }
        return {};
    }
};

std::vector<std::string> split(const std::string& text) {
    std::vector<std::string> items;
    std::istringstream in(text);
    for (std::string item; std::getline(in, item, ';');) {
        items.push_back(item);
    }
    return items;
}

template <class Each>
void for_each_row(const fs::path& file, const Each& each) {
    const auto rows = read_csv(file);
    for (std::size_t r = 1; r < rows.size(); ++r) {
        each(named_row{rows[0], rows[r]});
    }
}

antq::dataset quang_trung_in_code() {
    antq::dataset_builder b;
    for_each_row(example / "units.csv", [&](const named_row& r) {
        b.add_unit({r["id"], r["kind"], r["name"], r["parent"], split(r["attributes"])});
    });
    for_each_row(example / "models.csv", [&](const named_row& r) {
        b.add_model({r["id"], r["name"], r["type"], r["topic"], r["target_group"], r["unit"],
                     r["established"], r["ended"], r["replicated_from"]});
    });
    for_each_row(example / "exemplars.csv", [&](const named_row& r) {
        b.add_exemplar({r["id"], r["name"], r["kind"], r["unit"], r["recognized"],
                        split(r["models"]), split(r["leads"])});
    });
    const auto observations = read_csv(example / "observations.csv");
    for (std::size_t c = 2; c < observations[0].size(); ++c) {
        b.add_indicator(observations[0][c]);
    }
    for (std::size_t r = 1; r < observations.size(); ++r) {
        antq::observation_entry row{observations[r][0], observations[r][1], {}};
        for (std::size_t c = 2; c < observations[0].size(); ++c) {
            const std::string& cell = observations[r][c];
            if (cell.empty()) {
                continue;
            }
            antq::indicator_value value;
            if (cell == "true" || cell == "false") {
                value = cell == "true";
            } else {
                value = std::stod(cell);
            }
            row.values.emplace_back(observations[0][c], value);
        }
        b.add_observation(std::move(row));
    }
    for_each_row(example / "labels.csv", [&](const named_row& r) {
        b.add_label({r["attribute"], r["value"], r["label"]});
    });
    for_each_row(example / "model-types.csv", [&](const named_row& r) {
        b.add_model_type({r["type"], r["name"], r["topic"], split(r["indicators"]),
                          split(r["unit_attributes"])});
    });
    for_each_row(example / "decisions.csv", [&](const named_row& r) {
        b.add_decision({r["subject"], r["rulebook"], r["period"], r["proposed_tier"],
                        r["decided_tier"], r["reason"], r["number"], r["date"], r["body"],
                        r["signer"]});
    });
    return b.build();
}

TEST(dataset_builder, quang_trung_built_in_code_has_the_hash_of_its_csv_folder) {
    const antq::dataset from_csv = antq::load_dataset(example);
    const antq::dataset in_code = quang_trung_in_code();
    EXPECT_FALSE(in_code.decisions.empty());
    EXPECT_FALSE(in_code.model_types.empty());
    EXPECT_FALSE(in_code.labels.empty());
    EXPECT_TRUE(in_code == from_csv);
    EXPECT_TRUE(in_code.registry == from_csv.registry);
    EXPECT_TRUE(in_code.observations == from_csv.observations);
    EXPECT_EQ(in_code.labels, from_csv.labels);
    EXPECT_EQ(in_code.model_types, from_csv.model_types);
    EXPECT_EQ(in_code.decisions, from_csv.decisions);
    EXPECT_EQ(in_code.content_hash, from_csv.content_hash);
}

TEST(dataset_builder, quang_trung_built_in_code_evaluates_as_its_csv_folder) {
    const antq::dataset from_csv = antq::load_dataset(example);
    const antq::dataset in_code = quang_trung_in_code();
    const auto rules = antq::rulebook_set::load(rulebooks);
    for (const char* period : {"2023", "2024"}) {
        const auto a = antq::evaluate(from_csv, rules, period);
        const auto b = antq::evaluate(in_code, rules, period);
        EXPECT_EQ(a.fingerprint(), b.fingerprint()) << period;
        ASSERT_EQ(a.results().size(), b.results().size()) << period;
        for (std::size_t i = 0; i < a.results().size(); ++i) {
            EXPECT_EQ(a.results()[i], b.results()[i]) << period << " " << i;
        }
    }
}

}  // namespace
