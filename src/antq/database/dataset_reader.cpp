// A dataset read from database tables: antq's own layout, or a provincial system's tables
// and queries named by a mapping file. The same records and checks as the CSV loader
// (src/antq/dataset/tables.hpp, finish_observations); only the places are named differently,
// by table, row key and column.

#include "antq/database/connection.hpp"
#include "antq/database/mapping.hpp"

#include "antq/dataset/dataset_io.hpp"
#include "antq/dataset/decision_rows.hpp"
#include "antq/dataset/observations_io.hpp"
#include "antq/dataset/tables.hpp"
#include "antq/io/csv.hpp"

#include <antq/database.hpp>
#include <antq/decision.hpp>
#include <antq/registry.hpp>

#include <algorithm>
#include <unordered_map>

namespace antq::detail::db {

namespace {

// The text of a cell as the CSV files would hold it.
std::string_view text_of(const cell& c, std::string& scratch) {
    if (c.kind == value_kind::number) {
        scratch.clear();
        append_value_text(scratch, c.number);
        return scratch;
    }
    return c.text;
}

// One part's source columns: which source column stands for each antq column.
struct bound_part {
    std::string label;  // the table, or the part's name for a query: names places
    std::string select;
    std::vector<std::string> names;      // of the source, in its order
    std::vector<std::size_t> source_of;  // per antq column: index into names, or npos
    std::vector<std::string> extra;      // observations: indicator names, antq's
    std::vector<std::size_t> extra_source;
    bool exists = true;
};

constexpr std::size_t absent = static_cast<std::size_t>(-1);

std::size_t find_name(const std::vector<std::string>& names, std::string_view name) {
    const auto it = std::find(names.begin(), names.end(), name);
    return it == names.end() ? absent : static_cast<std::size_t>(it - names.begin());
}

// Reads the part's columns (a query returning no row) and checks them against `columns`
// (antq's), `required` marking those that must be there.
bound_part bind_part(connection& c, const part_mapping& part, std::string_view part_name,
                     std::span<const std::string_view> columns, std::span<const bool> required,
                     bool observations, diagnostic_list& problems) {
    bound_part out;
    out.label = part.query.empty() ? part.table : std::string(part_name);
    if (part.query.empty()) {
        if (!c.table_exists(part.table)) {
            if (part.required) {
                throw database_error("the database '" + c.name() + "' has no table '" + part.table +
                                     "' (for the " + std::string(part_name) + ")");
            }
            out.exists = false;
            return out;
        }
        // `schema.table` names a table of a schema, each part quoted on its own.
        std::string name;
        for (std::size_t start = 0; start <= part.table.size();) {
            const std::size_t dot = std::min(part.table.find('.', start), part.table.size());
            name += (name.empty() ? "" : ".") +
                    quote_identifier(std::string_view(part.table).substr(start, dot - start));
            start = dot + 1;
        }
        out.select = "SELECT * FROM " + name;
    } else {
        out.select = "SELECT * FROM (" + part.query + ") AS antq_source";
    }
    {
        auto probe = c.query(out.select + " LIMIT 0");
        for (std::size_t i = 0; i < probe->column_count(); ++i) {
            out.names.push_back(probe->column_name(i));
        }
    }
    const source_location at{out.label, 0, 0};
    out.source_of.assign(columns.size(), absent);
    for (std::size_t k = 0; k < columns.size(); ++k) {
        const auto mapped = part.columns.find(std::string(columns[k]));
        const std::string source =
            mapped == part.columns.end() ? std::string(columns[k]) : mapped->second;
        out.source_of[k] = find_name(out.names, source);
        if (out.source_of[k] != absent) {
            continue;
        }
        if (mapped != part.columns.end()) {
            problems.add(at, "no column '" + source + "', which the mapping gives for '" +
                                 std::string(columns[k]) + "'");
        } else if (required[k]) {
            problems.add(at, "missing column '" + std::string(columns[k]) + "'");
        }
    }
    const auto used = [&](std::size_t i) {
        return std::find(out.source_of.begin(), out.source_of.end(), i) != out.source_of.end() ||
               out.names[i] == "antq_row" ||
               (!part.order_by.empty() && out.names[i] == part.order_by);
    };
    if (observations) {
        if (!part.indicators.empty()) {
            for (const auto& [indicator, source] : part.indicators) {
                const std::size_t i = find_name(out.names, source);
                if (i == absent) {
                    problems.add(at, "no column '" + source +
                                         "', which the mapping gives for the indicator '" +
                                         indicator + "'");
                    continue;
                }
                out.extra.push_back(indicator);
                out.extra_source.push_back(i);
            }
        } else {
            for (std::size_t i = 0; i < out.names.size(); ++i) {
                if (used(i)) {
                    continue;
                }
                if (out.names[i].empty()) {
                    problems.add(at, "a column with no name");
                    continue;
                }
                out.extra.push_back(out.names[i]);
                out.extra_source.push_back(i);
            }
        }
    } else if (!part.mapped) {
        // antq's own layout is checked as strictly as its CSV files.
        for (std::size_t i = 0; i < out.names.size(); ++i) {
            if (!used(i)) {
                std::string expected;
                for (const auto name : columns) {
                    expected += (expected.empty() ? "" : ", ") + std::string(name);
                }
                problems.add(at, "unknown column '" + out.names[i] + "' (expected " + expected +
                                     ", and antq_row)");
            }
        }
    }
    std::string order;
    if (!part.order_by.empty()) {
        if (find_name(out.names, part.order_by) == absent) {
            problems.add(at, "no column '" + part.order_by + "', which the mapping orders by");
        }
        order = quote_identifier(part.order_by);
    } else if (find_name(out.names, "antq_row") != absent) {
        order = quote_identifier("antq_row");
    } else {
        // Without an order of their own, rows come in key order, compared byte by byte:
        // the same every time, on either database.
        for (std::size_t k = 0; k < (observations ? 2U : 1U); ++k) {
            if (out.source_of[k] != absent) {
                order += (order.empty() ? "" : ", ") +
                         c.text_order(quote_identifier(out.names[out.source_of[k]]));
            }
        }
    }
    if (!order.empty()) {
        out.select += " ORDER BY " + order;
    }
    return out;
}

template <class Record>
struct read_table {
    std::vector<Record> records;
    std::vector<std::string> keys;  // "qt-01", or "row 3" for a record with no id
    bound_part part;
    bool structural_problems = false;  // columns are wrong: no record was read
};

template <class Record, class Make>
read_table<Record> read_records(connection& c, const part_mapping& mapping,
                                std::string_view part_name, record_table table, const Make& make,
                                diagnostic_list& problems) {
    const table_layout& layout = layout_of(table);
    read_table<Record> out;
    const std::size_t before = problems.items().size();
    out.part = bind_part(c, mapping, part_name, layout.columns, layout.required, false, problems);
    out.structural_problems = problems.items().size() != before;
    if (!out.part.exists || out.structural_problems) {
        return out;
    }
    auto rows = c.query(out.part.select);
    std::vector<std::string> scratch(layout.columns.size());
    std::vector<std::string_view> cells(layout.columns.size());
    std::vector<cell_problem> cell_problems;
    std::size_t row = 0;
    while (rows->next()) {
        ++row;
        for (std::size_t k = 0; k < cells.size(); ++k) {
            const std::size_t s = out.part.source_of[k];
            cells[k] = s == absent ? std::string_view() : text_of(rows->get(s), scratch[k]);
        }
        cell_problems.clear();
        out.records.push_back(make(std::span<const std::string_view>(cells), cell_problems));
        out.keys.push_back(cells[0].empty() ? "row " + std::to_string(row) : std::string(cells[0]));
        for (const auto& p : cell_problems) {
            problems.add({out.part.label + "[" + out.keys.back() + "]." +
                              out.part.names[out.part.source_of[p.column]],
                          0, 0},
                         p.message);
        }
    }
    return out;
}

observation_table read_observations(connection& c, const part_mapping& mapping, const registry& reg,
                                    diagnostic_list& problems) {
    static constexpr std::array<std::string_view, 2> key_columns{"subject", "period"};
    static constexpr std::array<bool, 2> key_required{true, true};
    const bound_part part =
        bind_part(c, mapping, "observations", key_columns, key_required, true, problems);
    if (!part.exists) {
        return observation_table();
    }
    problems.throw_if_errors();
    const subject_resolver subjects(reg);
    observation_rows rows;
    rows.columns.resize(part.extra.size());
    for (std::size_t j = 0; j < part.extra.size(); ++j) {
        rows.columns[j].name = part.extra[j];
    }
    std::vector<std::string> row_keys;  // "m1, 2024" per row kept, for places
    std::unordered_map<std::string, std::uint32_t> label_index;
    std::uint32_t hint = 0;
    std::string scratch;
    auto result = c.query(part.select);
    std::size_t row = 0;
    while (result->next()) {
        ++row;
        const cell subject_cell = result->get(part.source_of[0]);
        const std::string subject(text_of(subject_cell, scratch));
        const cell period_cell = result->get(part.source_of[1]);
        const std::string label(text_of(period_cell, scratch));
        const std::string key = subject.empty() || label.empty() ? "row " + std::to_string(row)
                                                                 : subject + ", " + label;
        const auto place = [&](std::size_t column) {
            return source_location{
                part.label + "[" + key + "]." + part.names[part.source_of[column]], 0, 0};
        };
        const std::uint32_t k = check_observation_key(
            subject, label, subjects, hint, [&] { return place(0); }, [&] { return place(1); },
            problems);
        if (k == subject_resolver::none) {
            continue;
        }
        const auto l =
            label_index.emplace(label, static_cast<std::uint32_t>(rows.labels.size())).first;
        rows.periods.push_back(l->second);
        if (l->second == rows.labels.size()) {
            rows.labels.push_back(label);
        }
        rows.keys.push_back(k);
        row_keys.push_back(key);
        const std::size_t r = rows.keys.size() - 1;
        for (std::size_t j = 0; j < part.extra.size(); ++j) {
            observation_column& column = rows.columns[j];
            const cell v = result->get(part.extra_source[j]);
            const bool missing = v.kind == value_kind::null || v.text.empty();
            std::optional<double> number;
            if (!missing) {
                number = v.kind == value_kind::text ? parse_number(v.text)
                                                    : std::optional<double>(v.number);
            }
            if (column.type == observation_column::kind::number) {
                if (missing || number) {
                    column.numbers.push_back(missing ? missing_value : *number);
                    continue;
                }
                // A text that is not a number: the column is kept as texts, as a CSV
                // column with such a cell is; the cells before it as their numbers' text.
                column.type = observation_column::kind::text;
                column.texts.resize(r);
                column.present.resize(r);
                for (std::size_t before = 0; before < r; ++before) {
                    if (!std::isnan(column.numbers[before])) {
                        append_value_text(column.texts[before], column.numbers[before]);
                        column.present[before] = 1;
                    }
                }
                column.numbers.clear();
                column.numbers.shrink_to_fit();
            }
            column.present.push_back(missing ? 0 : 1);
            column.texts.emplace_back(missing ? std::string_view() : text_of(v, scratch));
        }
    }
    const observation_places places{
        [&](std::size_t r, bool period_cell) {
            return source_location{part.label + "[" + row_keys[r] + "]." +
                                       part.names[part.source_of[period_cell ? 1 : 0]],
                                   0, 0};
        },
        [&](std::size_t r) { return "in " + part.label + "[" + row_keys[r] + "]"; }};
    auto table = finish_observations(std::move(rows), subjects, places, problems);
    problems.throw_if_errors();
    set_cell_places(*table, {part.label, {}, {}, false, true});
    return std::move(*table);
}

// An optional part of text columns read whole (labels, decisions): the cells of `wanted`
// columns by row, in the order of the mapping's `order_by` or an `antq_row` column when
// there is one (tables `antq db import` made), else in the byte order of the first
// `key_count` cells. A wanted column that is not required and not there is empty in every
// row. `label` names the part in places (its table, or its name for a query). Nothing is
// read when the part's table is absent or its columns are wrong (`problems` says which).
struct text_table {
    std::vector<std::vector<std::string>> rows;
    std::string label;
};

text_table read_text_table(connection& c, const part_mapping& part, std::string_view part_name,
                           std::span<const std::string_view> wanted, std::span<const bool> required,
                           std::size_t key_count, diagnostic_list& problems) {
    text_table out;
    const std::size_t before = problems.items().size();
    const bound_part bound = bind_part(c, part, part_name, wanted, required, false, problems);
    out.label = bound.label;
    if (!bound.exists || problems.items().size() != before) {
        return out;
    }
    const auto result = c.query(bound.select);
    std::string scratch;
    while (result->next()) {
        std::vector<std::string> row(wanted.size());
        for (std::size_t w = 0; w < wanted.size(); ++w) {
            if (bound.source_of[w] != absent) {
                row[w] = std::string(text_of(result->get(bound.source_of[w]), scratch));
            }
        }
        out.rows.push_back(std::move(row));
    }
    const bool ordered = !part.order_by.empty() || find_name(bound.names, "antq_row") != absent;
    if (!ordered) {
        // The query orders by the first key; the others settle ties, the same every time.
        std::stable_sort(out.rows.begin(), out.rows.end(), [&](const auto& a, const auto& b) {
            for (std::size_t k = 0; k < key_count; ++k) {
                if (a[k] != b[k]) {
                    return a[k] < b[k];
                }
            }
            return false;
        });
    }
    return out;
}

// The labels part (attribute, value, label), when the database has one.
std::vector<value_label> read_labels(connection& c, const part_mapping& part,
                                     diagnostic_list& problems) {
    static constexpr std::array<std::string_view, 3> columns{"attribute", "value", "label"};
    static constexpr std::array<bool, 3> required{true, true, true};
    text_table table = read_text_table(c, part, "labels", columns, required, 2, problems);
    std::vector<value_label> labels;
    for (auto& row : table.rows) {
        labels.push_back({std::move(row[0]), std::move(row[1]), std::move(row[2])});
    }
    check_labels(
        labels,
        [&](std::size_t i, std::size_t column) {
            return source_location{table.label + "[" + labels[i].attribute + ", " +
                                       labels[i].value + "]." + std::string(columns.at(column - 1)),
                                   0, 0};
        },
        problems);
    return labels;
}

// The model-type catalogue (the columns of model-types.csv), when the database has one.
std::vector<model_type> read_model_types(
    connection& c, const part_mapping& part, const dataset& d,
    const std::function<source_location(std::size_t, std::size_t)>& model_where,
    diagnostic_list& problems) {
    const std::size_t before = problems.items().size();
    text_table table = read_text_table(c, part, "model_types", model_type_columns,
                                       model_type_required, 1, problems);
    if (table.rows.empty() || problems.items().size() != before) {
        return {};
    }
    std::vector<std::array<std::string, 5>> rows;
    std::vector<std::string> keys;
    for (auto& row : table.rows) {
        keys.push_back(row[0]);
        std::array<std::string, 5> cells;
        for (std::size_t k = 0; k < cells.size(); ++k) {
            cells[k] = std::move(row[k]);
        }
        rows.push_back(std::move(cells));
    }
    return build_model_types(
        std::move(rows),
        [&](std::size_t i, std::size_t column) {
            return source_location{
                table.label + "[" + keys[i] + "]." + std::string(model_type_columns[column - 1]), 0,
                0};
        },
        d.registry, d.observations, model_where, problems);
}

// The decisions part (the columns of decisions.csv), when the database has one.
decision_table read_decisions(connection& c, const part_mapping& part, const registry& r,
                              diagnostic_list& problems) {
    const auto names = decision_column_names();
    std::array<bool, decision_column_count> required{};
    for (std::size_t k = 0; k < names.size(); ++k) {
        // reason, decided_tier and signer may be absent, as in decisions.csv.
        required[k] = names[k] != "reason" && names[k] != "decided_tier" && names[k] != "signer";
    }
    text_table table = read_text_table(c, part, "decisions", names, required, 3, problems);
    if (table.rows.empty()) {
        return {};
    }
    std::vector<decision_cells> rows;
    rows.reserve(table.rows.size());
    for (auto& row : table.rows) {
        decision_cells cells;
        const std::string key = table.label + "[" + row[0] + ", " + row[1] + ", " + row[2] + "].";
        for (std::size_t k = 0; k < decision_column_count; ++k) {
            cells.places[k] = source_location{key + std::string(names[k]), 0, 0};
            cells.cells[k] = std::move(row[k]);
        }
        rows.push_back(std::move(cells));
    }
    return detail::build_decisions_reporting(std::move(rows), r, problems);
}

}  // namespace

dataset read_dataset(connection& c, const dataset_mapping& mapping) {
    diagnostic_list problems;
    auto units =
        read_records<unit>(c, mapping.units, "units", record_table::units, make_unit, problems);
    auto models = read_records<model>(c, mapping.models, "models", record_table::models, make_model,
                                      problems);
    auto exemplars = read_records<exemplar>(c, mapping.exemplars, "exemplars",
                                            record_table::exemplars, make_exemplar, problems);
    if (units.structural_problems || models.structural_problems || exemplars.structural_problems) {
        // Records were not read: references to them would only mislead.
        problems.throw_if_errors();
    }

    registry_sources where;
    where.locate = [&](record_table table, std::size_t index, std::size_t column) {
        const auto place = [&](const auto& t) {
            std::string text = t.part.label + "[" + t.keys[index] + "]";
            if (column > 0 && t.part.source_of[column - 1] != absent) {
                text += "." + t.part.names[t.part.source_of[column - 1]];
            }
            return source_location{std::move(text), 0, 0};
        };
        switch (table) {
            case record_table::units:
                return place(units);
            case record_table::models:
                return place(models);
            case record_table::exemplars:
                return place(exemplars);
        }
        return source_location{};
    };
    dataset d;
    try {
        d.registry = registry::build(std::move(units.records), std::move(models.records),
                                     std::move(exemplars.records), where);
    } catch (const input_error& e) {
        // Cell problems first, in reading order, then the registry's.
        for (const auto& problem : e.diagnostics()) {
            problems.add(problem);
        }
        problems.throw_if_errors();
    }
    problems.throw_if_errors();
    d.observations = read_observations(c, mapping.observations, d.registry, problems);
    d.labels = read_labels(c, mapping.labels, problems);
    d.model_types = read_model_types(
        c, mapping.model_types, d,
        [&](std::size_t m, std::size_t column) {
            return where.locate(record_table::models, m, column);
        },
        problems);
    d.decisions = read_decisions(c, mapping.decisions, d.registry, problems);
    problems.throw_if_errors();
    return d;
}

}  // namespace antq::detail::db
