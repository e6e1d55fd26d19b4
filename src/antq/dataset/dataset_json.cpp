#include "antq/dataset/dataset_io.hpp"

#include "antq/io/csv.hpp"
#include "antq/io/json_text.hpp"
#include "antq/dataset/observations_io.hpp"
#include "antq/dataset/tables.hpp"
#include "antq/dataset/decision_rows.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <optional>
#include <unordered_map>

namespace antq::detail {

namespace {

using json = nlohmann::ordered_json;

constexpr std::array<std::string_view, 5> top_level_keys{"units", "models", "exemplars",
                                                         "observations", "decisions"};

// Diagnostics point into the document with a JSON pointer where a line would go:
// `dataset.json:/models/3/unit: error: ...`.
source_location at(const std::string& name, const std::string& pointer) {
    return {name + ':' + pointer, 0, 0};
}

std::string type_name(const json& value) {
    switch (value.type()) {
        case json::value_t::null:
            return "null";
        case json::value_t::boolean:
            return "a boolean";
        case json::value_t::number_integer:
        case json::value_t::number_unsigned:
        case json::value_t::number_float:
            return "a number";
        case json::value_t::string:
            return "a string";
        case json::value_t::array:
            return "an array";
        case json::value_t::object:
            return "an object";
        default:
            return "something else";
    }
}

// A text cell: a string, or a whole number written without quotes (ids like 12, a period
// 2024); null or absent is empty. Anything else is reported.
std::optional<std::string> read_text(const json& value, const std::string& name,
                                     const std::string& pointer, diagnostic_list& problems) {
    if (value.is_null()) {
        return std::string();
    }
    if (value.is_string()) {
        return value.get<std::string>();
    }
    if (value.is_number_integer()) {
        return value.dump();
    }
    problems.add(at(name, pointer), "expected a string, found " + type_name(value));
    return std::nullopt;
}

// `"labels": [{"attribute": "topic", "value": "ma-tuy", "label": "Ma túy"}]`, as labels.csv.
std::vector<value_label> read_labels(const json& doc, const std::string& name,
                                     diagnostic_list& problems) {
    std::vector<value_label> labels;
    const auto found = doc.find("labels");
    if (found == doc.end() || found->is_null()) {
        return labels;
    }
    if (!found->is_array()) {
        problems.add(at(name, "/labels"),
                     "expected an array of objects, found " + type_name(*found));
        return labels;
    }
    constexpr std::array<std::string_view, 3> keys{"attribute", "value", "label"};
    for (std::size_t i = 0; i < found->size(); ++i) {
        const json& object = (*found)[i];
        const std::string pointer = "/labels/" + std::to_string(i);
        if (!object.is_object()) {
            problems.add(at(name, pointer), "expected an object, found " + type_name(object));
            continue;
        }
        for (const auto& [key, value] : object.items()) {
            if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
                problems.add(at(name, pointer + '/' + key),
                             "unknown key '" + key + "' (expected attribute, value, label)");
            }
        }
        value_label l;
        std::string* cells[] = {&l.attribute, &l.value, &l.label};
        for (std::size_t k = 0; k < keys.size(); ++k) {
            const std::string key(keys[k]);
            const auto cell = object.find(key);
            if (cell == object.end()) {
                continue;  // empty: check_labels says so
            }
            if (auto text = read_text(*cell, name, pointer + '/' + key, problems)) {
                *cells[k] = std::move(*text);
            }
        }
        labels.push_back(std::move(l));
    }
    check_labels(
        labels,
        [&](std::size_t i, std::size_t c) {
            return at(name, "/labels/" + std::to_string(i) + '/' + std::string(keys[c - 1]));
        },
        problems);
    return labels;
}

// `"model_types": [{"type": "...", "indicators": "crimes;patrols", ...}]`, the keys and cells
// of model-types.csv; a list may also be an array of strings. Null or absent: no catalogue.
std::optional<std::vector<std::array<std::string, 5>>> read_model_type_rows(
    const json& doc, const std::string& name, diagnostic_list& problems) {
    const auto found = doc.find("model_types");
    if (found == doc.end() || found->is_null()) {
        return std::nullopt;
    }
    std::vector<std::array<std::string, 5>> rows;
    if (!found->is_array()) {
        problems.add(at(name, "/model_types"),
                     "expected an array of objects, found " + type_name(*found));
        return rows;
    }
    for (std::size_t i = 0; i < found->size(); ++i) {
        const json& object = (*found)[i];
        const std::string pointer = "/model_types/" + std::to_string(i);
        if (!object.is_object()) {
            problems.add(at(name, pointer), "expected an object, found " + type_name(object));
            continue;
        }
        for (const auto& [key, value] : object.items()) {
            if (std::find(model_type_columns.begin(), model_type_columns.end(), key) ==
                model_type_columns.end()) {
                problems.add(at(name, pointer + '/' + key),
                             "unknown key '" + key +
                                 "' (expected type, name, topic, indicators, unit_attributes)");
            }
        }
        std::array<std::string, 5> cells;
        for (std::size_t k = 0; k < cells.size(); ++k) {
            const std::string key(model_type_columns[k]);
            const auto cell = object.find(key);
            if (cell == object.end() || cell->is_null()) {
                continue;
            }
            if (k >= 3 && cell->is_array()) {
                for (std::size_t j = 0; j < cell->size(); ++j) {
                    if (auto text =
                            read_text((*cell)[j], name,
                                      pointer + '/' + key + '/' + std::to_string(j), problems)) {
                        cells[k] += (j == 0 ? "" : ";") + *text;
                    }
                }
            } else if (auto text = read_text(*cell, name, pointer + '/' + key, problems)) {
                cells[k] = std::move(*text);
            }
        }
        rows.push_back(std::move(cells));
    }
    return rows;
}

std::string pointer_of(record_table table, std::size_t index) {
    const std::string_view key = top_level_keys[static_cast<std::size_t>(table)];
    return '/' + std::string(key) + '/' + std::to_string(index);
}

template <class Record, class Make>
std::vector<Record> read_records(const json& doc, record_table table, const std::string& name,
                                 const Make& make, diagnostic_list& problems, bool& structural) {
    std::vector<Record> records;
    const std::string key(top_level_keys[static_cast<std::size_t>(table)]);
    const auto found = doc.find(key);
    if (found == doc.end() || found->is_null()) {
        return records;
    }
    if (!found->is_array()) {
        problems.add(at(name, '/' + key),
                     "expected an array of objects, found " + type_name(*found));
        structural = true;
        return records;
    }
    const table_layout& layout = layout_of(table);
    std::array<std::string, 9> texts;
    std::array<std::string_view, 9> cells;
    std::vector<cell_problem> cell_problems;
    records.reserve(found->size());
    for (std::size_t i = 0; i < found->size(); ++i) {
        const json& object = (*found)[i];
        const std::string pointer = pointer_of(table, i);
        if (!object.is_object()) {
            problems.add(at(name, pointer), "expected an object, found " + type_name(object));
            structural = true;
            continue;
        }
        texts.fill({});
        bool ok = true;
        for (const auto& [field, value] : object.items()) {
            const std::size_t c = layout.find(field);
            const std::string field_pointer = pointer + '/' + field;
            if (c == layout.columns.size()) {
                problems.add(at(name, field_pointer),
                             "unknown key '" + field + "' (expected " + layout.column_list() + ")");
                ok = false;
                continue;
            }
            if (auto text = read_text(value, name, field_pointer, problems)) {
                texts[c] = std::move(*text);
            } else {
                ok = false;
            }
        }
        if (!ok) {
            structural = true;
            continue;
        }
        for (std::size_t c = 0; c < layout.columns.size(); ++c) {
            cells[c] = texts[c];
        }
        cell_problems.clear();
        records.push_back(make(
            std::span<const std::string_view>(cells.data(), layout.columns.size()), cell_problems));
        for (const auto& p : cell_problems) {
            problems.add(at(name, pointer + '/' + std::string(layout.columns[p.column])),
                         p.message);
        }
    }
    return records;
}

// The "decisions" array: objects keyed by the columns of decisions.csv, built as the CSV
// file's rows are (antq::build_decisions), each cell placed by its JSON pointer.
decision_table read_decisions(const json& doc, const std::string& name, const registry& r,
                              diagnostic_list& problems) {
    const auto found = doc.find("decisions");
    if (found == doc.end() || found->is_null()) {
        return {};
    }
    if (!found->is_array()) {
        problems.add(at(name, "/decisions"),
                     "expected an array of objects, found " + type_name(*found));
        return {};
    }
    const auto names = decision_column_names();
    std::vector<decision_cells> rows;
    for (std::size_t i = 0; i < found->size(); ++i) {
        const json& object = (*found)[i];
        const std::string pointer = "/decisions/" + std::to_string(i);
        if (!object.is_object()) {
            problems.add(at(name, pointer), "expected an object, found " + type_name(object));
            continue;
        }
        decision_cells row;
        for (std::size_t c = 0; c < decision_column_count; ++c) {
            row.places[c] = at(name, pointer + '/' + std::string(names[c]));
        }
        bool ok = true;
        for (const auto& [field, value] : object.items()) {
            const auto c = static_cast<std::size_t>(std::find(names.begin(), names.end(), field) -
                                                    names.begin());
            if (c == names.size()) {
                problems.add(at(name, pointer + '/' + field),
                             "unknown key '" + field +
                                 "' (expected subject, rulebook, period, proposed_tier, "
                                 "decided_tier, reason, number, date, body, signer)");
                ok = false;
            } else if (auto text = read_text(value, name, pointer + '/' + field, problems)) {
                row.cells[c] = std::move(*text);
            } else {
                ok = false;
            }
        }
        if (ok) {
            rows.push_back(std::move(row));
        }
    }
    if (problems.has_errors()) {
        return {};
    }
    return detail::build_decisions_reporting(std::move(rows), r, problems);
}

// What kind of values an indicator holds across the document.
struct column_plan {
    std::string name;
    bool text = false;
};

// The bound on a sparse observation table: cells (rows times indicators) at most this many
// times the values the document gives, plus a margin for small tables.
constexpr std::size_t max_cells_per_present_cell = 64;
constexpr std::size_t max_sparse_cells = std::size_t{1} << 20;

std::optional<observation_table> read_observations(const json& doc, const std::string& name,
                                                   const subject_resolver& subjects,
                                                   diagnostic_list& problems) {
    const auto found = doc.find("observations");
    if (found == doc.end() || found->is_null()) {
        return observation_table();
    }
    if (!found->is_array()) {
        problems.add(at(name, "/observations"),
                     "expected an array of objects, found " + type_name(*found));
        return std::nullopt;
    }
    // First pass: the columns, in order of first appearance, and whether any is text.
    std::vector<column_plan> plans;
    // Hashed, so that many columns cost linear time, not columns times cells.
    std::unordered_map<std::string, std::size_t> plan_index;
    const auto plan_of = [&plans, &plan_index](const std::string& key) {
        const auto known = plan_index.find(key);
        if (known != plan_index.end()) {
            return known->second;
        }
        plan_index.emplace(key, plans.size());
        return plans.size();
    };
    std::size_t present_cells = 0;
    for (const json& object : *found) {
        if (!object.is_object()) {
            continue;
        }
        for (const auto& [key, value] : object.items()) {
            if (key == "subject" || key == "period") {
                continue;
            }
            ++present_cells;
            std::size_t j = plan_of(key);
            if (j == plans.size()) {
                plans.push_back({key, false});
            }
            if (value.is_string() && !value.get_ref<const std::string&>().empty()) {
                plans[j].text = true;
            }
        }
    }
    // The table is stored in columns, a cell for every row in every column. Rows that each
    // name keys of their own (a hostile or broken export) would make that quadratic in the
    // file's size: 100,000 rows with a key each are 10^10 cells. A table far sparser than any
    // real one is refused before it is allocated (docs/limits.md).
    const std::size_t row_count = found->size();
    const std::size_t allowed_cells = max_sparse_cells + present_cells * max_cells_per_present_cell;
    if (!plans.empty() && row_count > allowed_cells / plans.size()) {
        problems.add(at(name, "/observations"), "too sparse: " + std::to_string(plans.size()) +
                                                    " different indicators over " +
                                                    std::to_string(row_count) +
                                                    " rows, most of them absent from most rows "
                                                    "(at most " +
                                                    std::to_string(max_cells_per_present_cell) +
                                                    " cells per value given, see docs/limits.md)");
        return std::nullopt;
    }
    observation_rows rows;
    rows.columns.resize(plans.size());
    for (std::size_t j = 0; j < plans.size(); ++j) {
        rows.columns[j].name = plans[j].name;
        rows.columns[j].type =
            plans[j].text ? observation_column::kind::text : observation_column::kind::number;
    }
    std::unordered_map<std::string, std::uint32_t> label_index;  // label -> rows.labels index
    std::vector<std::size_t> elements;                           // the array element of each row
    std::uint32_t hint = 0;
    for (std::size_t i = 0; i < found->size(); ++i) {
        const json& object = (*found)[i];
        const std::string pointer = "/observations/" + std::to_string(i);
        if (!object.is_object()) {
            problems.add(at(name, pointer), "expected an object, found " + type_name(object));
            continue;
        }
        const auto subject = object.contains("subject") ? read_text(object["subject"], name,
                                                                    pointer + "/subject", problems)
                                                        : std::optional<std::string>("");
        const auto label = object.contains("period")
                               ? read_text(object["period"], name, pointer + "/period", problems)
                               : std::optional<std::string>("");
        if (!subject || !label) {
            continue;
        }
        const std::uint32_t key = check_observation_key(
            *subject, *label, subjects, hint, [&] { return at(name, pointer + "/subject"); },
            [&] { return at(name, pointer + "/period"); }, problems);
        bool cells_ok = true;
        for (const auto& [field, value] : object.items()) {
            if (field == "subject" || field == "period") {
                continue;
            }
            if (field.empty()) {
                problems.add(at(name, pointer + '/'), "empty indicator name");
                cells_ok = false;
            } else if (value.is_array() || value.is_object()) {
                problems.add(
                    at(name, pointer + '/' + field),
                    "expected a number, a boolean, a string or null, found " + type_name(value));
                cells_ok = false;
            }
        }
        if (key == subject_resolver::none || !cells_ok) {
            continue;
        }
        const auto l =
            label_index.emplace(*label, static_cast<std::uint32_t>(rows.labels.size())).first;
        rows.periods.push_back(l->second);
        if (l->second == rows.labels.size()) {
            rows.labels.push_back(*label);
        }
        rows.keys.push_back(key);
        elements.push_back(i);
        for (std::size_t j = 0; j < plans.size(); ++j) {
            observation_column& column = rows.columns[j];
            const auto cell = object.find(plans[j].name);
            const bool missing = cell == object.end() || cell->is_null() ||
                                 (cell->is_string() && cell->get_ref<const std::string&>().empty());
            if (column.type == observation_column::kind::number) {
                column.numbers.push_back(missing              ? missing_value
                                         : cell->is_boolean() ? (cell->get<bool>() ? 1.0 : 0.0)
                                                              : cell->get<double>());
                continue;
            }
            column.present.push_back(missing ? 0 : 1);
            if (missing) {
                column.texts.emplace_back();
            } else if (cell->is_string()) {
                column.texts.push_back(cell->get<std::string>());
            } else if (cell->is_boolean()) {
                column.texts.emplace_back(cell->get<bool>() ? "true" : "false");
            } else {
                std::string text;
                append_number(text, cell->get<double>());
                column.texts.push_back(std::move(text));
            }
        }
    }
    const observation_places places{
        [&](std::size_t row, bool period_cell) {
            return at(name, "/observations/" + std::to_string(elements[row]) +
                                (period_cell ? "/period" : "/subject"));
        },
        [&](std::size_t row) { return "at /observations/" + std::to_string(elements[row]); }};
    auto table = finish_observations(std::move(rows), subjects, places, problems);
    if (table) {
        set_cell_places(*table, {name, std::move(elements), {}, true});
    }
    return table;
}

// A cell: null when empty (missing), else a string.
void append_json_cell(std::string& out, std::string_view text) {
    if (text.empty()) {
        out += "null";
        return;
    }
    append_json_string(out, text);
}

template <class Record>
void append_table(std::string& out, record_table table, std::span<const Record> records,
                  bool last) {
    const table_layout& layout = layout_of(table);
    out += "  ";
    append_json_string(out, top_level_keys[static_cast<std::size_t>(table)]);
    out += ": [";
    for (std::size_t i = 0; i < records.size(); ++i) {
        out += i == 0 ? "\n    {" : ",\n    {";
        const auto cells = cells_of(records[i]);
        for (std::size_t c = 0; c < cells.size(); ++c) {
            if (table == record_table::units && c == 4 && cells[c].empty()) {
                continue;  // a unit without attributes is written as before they existed
            }
            if (c > 0) {
                out += ", ";
            }
            append_json_string(out, layout.columns[c]);
            out += ": ";
            append_json_cell(out, cells[c]);
        }
        out += '}';
    }
    out += records.empty() ? "]" : "\n  ]";
    out += last ? "\n" : ",\n";
}

// A dataset nests three levels (document, table, record); a cell holding an array or an
// object is reported by the readers below. Deeper nesting is refused while parsing, so that
// no later walk over the document meets more than this.
constexpr int max_json_depth = 32;

// Thrown from the parser callback to stop at nesting deeper than max_json_depth.
struct too_deep {
    std::string pointer;
};

// Watches the parse for what nlohmann's DOM would hide: a key repeated in one object (the
// DOM keeps the last value silently), and nesting past max_json_depth. It keeps the JSON
// pointer of the open containers, so that each problem names its place.
class json_watch {
  public:
    json_watch(const std::string& name, diagnostic_list& problems)
        : name_(name), problems_(problems) {}

    bool operator()(int /*depth*/, nlohmann::detail::parse_event_t event, json& parsed) {
        using event_t = nlohmann::detail::parse_event_t;
        switch (event) {
            case event_t::object_start:
            case event_t::array_start:
                element_starts();
                if (open_ == max_json_depth) {
                    throw too_deep{pointer()};
                }
                if (open_ == frames_.size()) {
                    frames_.emplace_back();
                }
                frames_[open_].array = event == event_t::array_start;
                frames_[open_].index = 0;
                frames_[open_].keys.clear();
                ++open_;
                break;
            case event_t::key:
                frames_[open_ - 1].keys.push_back(parsed.get<std::string>());
                break;
            case event_t::object_end:
                // The object keeps one member per distinct key: fewer members than keys
                // read means a key came twice. Counting keeps the common case linear.
                if (parsed.size() != frames_[open_ - 1].keys.size()) {
                    report_repeats();
                }
                --open_;
                break;
            case event_t::array_end:
                --open_;
                break;
            case event_t::value:
                element_starts();
                break;
        }
        return true;
    }

  private:
    struct frame {
        bool array = false;
        std::size_t index = 0;          // elements started, for an array
        std::vector<std::string> keys;  // keys read, for an object
    };

    void element_starts() {
        if (open_ > 0 && frames_[open_ - 1].array) {
            ++frames_[open_ - 1].index;
        }
    }

    // The JSON pointer of the innermost open container (for an array: of the element being
    // read; for an object: of the member last named).
    std::string pointer(std::size_t levels) const {
        std::string out;
        for (std::size_t i = 0; i < levels; ++i) {
            const frame& f = frames_[i];
            out += '/';
            if (f.array) {
                out += std::to_string(f.index - 1);
            } else if (!f.keys.empty()) {
                out += f.keys.back();
            }
        }
        return out;
    }
    std::string pointer() const { return pointer(open_); }

    void report_repeats() {
        const frame& f = frames_[open_ - 1];
        std::vector<std::size_t> order(f.keys.size());
        for (std::size_t i = 0; i < order.size(); ++i) {
            order[i] = i;
        }
        std::stable_sort(order.begin(), order.end(),
                         [&f](std::size_t a, std::size_t b) { return f.keys[a] < f.keys[b]; });
        std::vector<std::size_t> repeats;
        for (std::size_t i = 1; i < order.size(); ++i) {
            if (f.keys[order[i]] == f.keys[order[i - 1]]) {
                repeats.push_back(order[i]);
            }
        }
        std::sort(repeats.begin(), repeats.end());
        const std::string object = pointer(open_ - 1);
        for (const std::size_t k : repeats) {
            problems_.add({name_ + ':' + object + '/' + f.keys[k], 0, 0},
                          "repeated key '" + f.keys[k] + "' (a key may appear once in an object)");
        }
    }

    const std::string& name_;
    diagnostic_list& problems_;
    std::vector<frame> frames_;
    std::size_t open_ = 0;
};

}  // namespace

dataset read_dataset_json(std::string_view text, const std::string& name) {
    json doc;
    try {
        diagnostic_list repeats;
        doc = json::parse(text, json_watch(name, repeats));
        repeats.throw_if_errors();
    } catch (const too_deep& e) {
        throw input_error(
            {diagnostic{{name + ':' + e.pointer, 0, 0},
                        severity::error,
                        "nesting deeper than " + std::to_string(max_json_depth) +
                            " levels (a dataset needs three: document, table, record)"}});
    } catch (const json::parse_error& e) {
        // e.byte is the 1-based offset of the byte where reading stopped.
        const auto starts = line_starts(
            text.substr(0, e.byte > 0 ? std::min<std::size_t>(e.byte - 1, text.size()) : 0));
        const std::string what = e.what();
        const auto colon = what.find(": ", what.find("column"));
        throw input_error({diagnostic{
            {name, starts.size(), e.byte - starts.back()},
            severity::error,
            "invalid JSON: " + (colon == std::string::npos ? what : what.substr(colon + 2))}});
    } catch (const json::out_of_range& e) {
        // A number too large for a double (`1e400`) is not a parse_error and has no position.
        const std::string what = e.what();
        const auto bracket = what.find("] ");
        throw input_error({diagnostic{
            {name, 0, 0},
            severity::error,
            "invalid JSON: " + (bracket == std::string::npos ? what : what.substr(bracket + 2))}});
    }
    diagnostic_list problems;
    if (!doc.is_object()) {
        problems.add({name, 0, 0},
                     "expected an object with \"units\" (and \"models\", \"exemplars\", "
                     "\"observations\"), found " +
                         type_name(doc));
        problems.throw_if_errors();
    }
    for (const auto& [key, value] : doc.items()) {
        if (std::find(top_level_keys.begin(), top_level_keys.end(), key) == top_level_keys.end() &&
            key != "labels" && key != "model_types") {
            problems.add(at(name, '/' + key),
                         "unknown key '" + key +
                             "' (expected units, models, exemplars, observations, decisions, "
                             "labels, model_types)");
        }
    }
    if (!doc.contains("units")) {
        problems.add({name, 0, 0}, "missing key 'units'");
    }
    bool structural = false;
    auto units =
        read_records<unit>(doc, record_table::units, name, make_unit, problems, structural);
    auto models =
        read_records<model>(doc, record_table::models, name, make_model, problems, structural);
    auto exemplars = read_records<exemplar>(doc, record_table::exemplars, name, make_exemplar,
                                            problems, structural);
    if (structural) {
        problems.throw_if_errors();
    }
    registry_sources where;
    where.locate = [&name](record_table table, std::size_t index, std::size_t column) {
        std::string pointer = pointer_of(table, index);
        if (column > 0) {
            pointer += '/' + std::string(layout_of(table).columns[column - 1]);
        }
        return at(name, pointer);
    };
    dataset d;
    try {
        d.registry =
            registry::build(std::move(units), std::move(models), std::move(exemplars), where);
    } catch (const input_error& e) {
        for (const auto& diagnostic : e.diagnostics()) {
            problems.add(diagnostic);
        }
        problems.throw_if_errors();
    }
    problems.throw_if_errors();
    auto observations = read_observations(doc, name, subject_resolver(d.registry), problems);
    d.labels = read_labels(doc, name, problems);
    auto type_rows = read_model_type_rows(doc, name, problems);
    problems.throw_if_errors();
    d.observations = std::move(*observations);
    if (type_rows) {
        d.model_types = build_model_types(
            std::move(*type_rows),
            [&](std::size_t i, std::size_t c) {
                return at(name, "/model_types/" + std::to_string(i) + '/' +
                                    std::string(model_type_columns[c - 1]));
            },
            d.registry, d.observations,
            [&](std::size_t m, std::size_t c) { return where.locate(record_table::models, m, c); },
            problems);
        problems.throw_if_errors();
    }
    d.decisions = read_decisions(doc, name, d.registry, problems);
    problems.throw_if_errors();
    return d;
}

std::string write_dataset_json(const dataset& d) {
    std::string out = "{\n";
    append_table(out, record_table::units, d.registry.units(), false);
    append_table(out, record_table::models, d.registry.models(), false);
    append_table(out, record_table::exemplars, d.registry.exemplars(), false);
    const observation_table& table = d.observations;
    out += "  \"observations\": [";
    const auto columns = table.columns();
    for (std::size_t r = 0; r < table.row_count(); ++r) {
        out += r == 0 ? "\n    {\"subject\": " : ",\n    {\"subject\": ";
        append_json_string(out, table.subject_ids()[table.row_subjects()[r]]);
        out += ", \"period\": ";
        append_json_string(out, table.period_labels()[table.row_periods()[r]]);
        for (const auto& column : columns) {
            out += ", ";
            append_json_string(out, column.name);
            out += ": ";
            if (column.is_missing(r)) {
                out += "null";
            } else if (column.type == observation_column::kind::number) {
                append_number(out, column.numbers[r]);
            } else {
                append_json_string(out, column.texts[r]);
            }
        }
        out += '}';
    }
    out += table.row_count() == 0 ? "]" : "\n  ]";
    if (!d.labels.empty()) {
        out += ",\n  \"labels\": [";
        for (std::size_t i = 0; i < d.labels.size(); ++i) {
            out += i == 0 ? "\n    {\"attribute\": " : ",\n    {\"attribute\": ";
            append_json_string(out, d.labels[i].attribute);
            out += ", \"value\": ";
            append_json_string(out, d.labels[i].value);
            out += ", \"label\": ";
            append_json_string(out, d.labels[i].label);
            out += '}';
        }
        out += "\n  ]";
    }
    if (!d.model_types.empty()) {
        out += ",\n  \"model_types\": [";
        for (std::size_t i = 0; i < d.model_types.size(); ++i) {
            const model_type& t = d.model_types[i];
            const std::array<std::string, 5> cells{t.id, t.name, t.topic, join_list(t.indicators),
                                                   join_list(t.unit_attributes)};
            out += i == 0 ? "\n    {" : ",\n    {";
            for (std::size_t c = 0; c < cells.size(); ++c) {
                out += c == 0 ? "" : ", ";
                append_json_string(out, model_type_columns[c]);
                out += ": ";
                append_json_cell(out, cells[c]);
            }
            out += '}';
        }
        out += "\n  ]";
    }
    if (!d.decisions.empty()) {
        out += ",\n  \"decisions\": [";
        const auto names = decision_column_names();
        for (std::size_t i = 0; i < d.decisions.size(); ++i) {
            const decision& x = d.decisions.rows[i];
            const std::array<std::string, decision_column_count> cells = {
                x.subject,
                x.rulebook,
                x.period,
                x.proposed_tier,
                x.decided_tier,
                x.reason,
                x.number,
                x.decided_on.is_special() ? std::string() : format_date(x.decided_on),
                x.body,
                x.signer};
            out += i == 0 ? "\n    {" : ",\n    {";
            for (std::size_t c = 0; c < decision_column_count; ++c) {
                out += c == 0 ? "" : ", ";
                append_json_string(out, names[c]);
                out += ": ";
                append_json_cell(out, cells[c]);
            }
            out += '}';
        }
        out += "\n  ]";
    }
    out += "\n}\n";
    return out;
}

}  // namespace antq::detail
