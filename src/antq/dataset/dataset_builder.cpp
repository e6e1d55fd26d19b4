#include <antq/dataset_builder.hpp>

// The builder hands its records to the loaders' own checks (src/antq/dataset/tables.hpp for the
// cells, registry::build, check_observation_key and finish_observations, check_labels,
// build_model_types, build_decisions), so that a dataset built in code is refused for
// exactly what a CSV folder would be; only the places are named differently, by table, key
// and column, as the database reader names them.

#include "antq/io/csv.hpp"
#include "antq/dataset/dataset_io.hpp"
#include "antq/dataset/observations_io.hpp"
#include "antq/dataset/tables.hpp"
#include "antq/dataset/decision_rows.hpp"

#include <antq/decision.hpp>

#include <array>
#include <cmath>
#include <unordered_map>

namespace antq {

struct dataset_builder::impl {
    std::vector<unit_entry> units;
    std::vector<model_entry> models;
    std::vector<exemplar_entry> exemplars;
    std::vector<std::string> indicators;
    std::vector<observation_entry> observations;
    std::vector<value_label> labels;
    std::vector<model_type> model_types;
    std::vector<decision_entry> decisions;
};

namespace {

using detail::cell_problem;
using detail::subject_resolver;

// A record's key in places: its id, or its position when it has none.
std::string key_of(std::string_view id, std::size_t index) {
    return id.empty() ? "row " + std::to_string(index + 1) : std::string(id);
}

std::string place(std::string_view table, std::string_view key, std::string_view column) {
    std::string text = std::string(table) + "[" + std::string(key) + "]";
    if (!column.empty()) {
        text += ".";
        text += column;
    }
    return text;
}

std::string_view table_name(record_table table) {
    switch (table) {
        case record_table::units:
            return "units";
        case record_table::models:
            return "models";
        case record_table::exemplars:
            return "exemplars";
    }
    return "units";
}

// A moved-from builder has no state; adding to it starts afresh rather than crashing.
template <class Impl>
Impl& filled(std::unique_ptr<Impl>& state) {
    if (!state) {
        state = std::make_unique<Impl>();
    }
    return *state;
}

// The records of one table made from their cells as the CSV reader makes them, with the
// problems of their cells at their places.
template <class Record, class Entry, std::size_t N, class Cells, class Make>
std::vector<Record> make_records(const std::vector<Entry>& entries, record_table table,
                                 const Cells& cells_of, const Make& make,
                                 std::vector<std::string>& keys, diagnostic_list& problems) {
    const detail::table_layout& layout = detail::layout_of(table);
    std::vector<Record> records;
    records.reserve(entries.size());
    std::vector<cell_problem> cell_problems;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const std::array<std::string, N> cells = cells_of(entries[i]);
        std::array<std::string_view, N> views;
        for (std::size_t c = 0; c < N; ++c) {
            views[c] = cells[c];
        }
        cell_problems.clear();
        records.push_back(make(std::span<const std::string_view>(views), cell_problems));
        keys.push_back(key_of(entries[i].id, i));
        for (const auto& p : cell_problems) {
            problems.add({place(table_name(table), keys.back(), layout.columns[p.column]), 0, 0},
                         p.message);
        }
    }
    return records;
}

// Observations: columns in order of first use, a column of texts when any of its values is
// a text (as a JSON document makes them), numbers otherwise.
std::optional<observation_table> make_observations(const std::vector<std::string>& indicators,
                                                   const std::vector<observation_entry>& entries,
                                                   const registry& reg, diagnostic_list& problems) {
    std::vector<std::string> names;
    std::vector<std::uint8_t> text;
    std::unordered_map<std::string_view, std::size_t> column_of;
    for (std::size_t i = 0; i < indicators.size(); ++i) {
        const std::string& name = indicators[i];
        const source_location at{place("indicators", "row " + std::to_string(i + 1), ""), 0, 0};
        if (name.empty()) {
            problems.add(at, "empty indicator name");
        } else if (!column_of.emplace(name, names.size()).second) {
            problems.add(at, "repeated indicator '" + name + "' (declared twice)");
        } else {
            names.push_back(name);
            text.push_back(0);
        }
    }
    for (const auto& row : entries) {
        for (const auto& [name, value] : row.values) {
            if (name.empty()) {
                continue;
            }
            const auto [at, fresh] = column_of.emplace(name, names.size());
            if (fresh) {
                names.push_back(name);
                text.push_back(0);
            }
            if (const auto* s = std::get_if<std::string>(&value.get()); s && !s->empty()) {
                text[at->second] = 1;
            }
        }
    }
    const subject_resolver subjects(reg);
    detail::observation_rows rows;
    rows.columns.resize(names.size());
    for (std::size_t j = 0; j < names.size(); ++j) {
        rows.columns[j].name = names[j];
        rows.columns[j].type =
            text[j] != 0 ? observation_column::kind::text : observation_column::kind::number;
    }
    std::vector<std::string> row_keys;  // "m1, 2024" per row kept, for places
    std::unordered_map<std::string, std::uint32_t> label_index;
    std::vector<const indicator_value*> cells(names.size());
    std::uint32_t hint = 0;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const observation_entry& row = entries[i];
        const std::string key = row.subject.empty() || row.period.empty()
                                    ? "row " + std::to_string(i + 1)
                                    : row.subject + ", " + row.period;
        const std::uint32_t k = detail::check_observation_key(
            row.subject, row.period, subjects, hint,
            [&] {
                return source_location{place("observations", key, "subject"), 0, 0};
            },
            [&] {
                return source_location{place("observations", key, "period"), 0, 0};
            },
            problems);
        std::fill(cells.begin(), cells.end(), nullptr);
        bool cells_ok = true;
        for (const auto& [name, value] : row.values) {
            if (name.empty()) {
                problems.add({place("observations", key, ""), 0, 0}, "empty indicator name");
                cells_ok = false;
                continue;
            }
            const std::size_t j = column_of.find(name)->second;
            if (cells[j] != nullptr) {
                problems.add({place("observations", key, name), 0, 0},
                             "repeated indicator '" + name + "' in one row");
                cells_ok = false;
            }
            cells[j] = &value;
        }
        if (k == subject_resolver::none || !cells_ok) {
            continue;
        }
        const auto l =
            label_index.emplace(row.period, static_cast<std::uint32_t>(rows.labels.size())).first;
        rows.periods.push_back(l->second);
        if (l->second == rows.labels.size()) {
            rows.labels.push_back(row.period);
        }
        rows.keys.push_back(k);
        row_keys.push_back(key);
        for (std::size_t j = 0; j < names.size(); ++j) {
            observation_column& column = rows.columns[j];
            const auto none = std::variant<std::monostate, double, bool, std::string>();
            const auto& v = cells[j] == nullptr ? none : cells[j]->get();
            if (column.type == observation_column::kind::number) {
                double number = missing_value;
                if (const auto* d = std::get_if<double>(&v)) {
                    number = *d;
                } else if (const auto* b = std::get_if<bool>(&v)) {
                    number = *b ? 1.0 : 0.0;
                }
                column.numbers.push_back(number);
                continue;
            }
            std::string cell;
            if (const auto* d = std::get_if<double>(&v); d && !std::isnan(*d)) {
                detail::append_number(cell, *d);
            } else if (const auto* b = std::get_if<bool>(&v)) {
                cell = *b ? "true" : "false";
            } else if (const auto* s = std::get_if<std::string>(&v)) {
                cell = *s;
            }
            column.present.push_back(cell.empty() ? 0 : 1);
            column.texts.push_back(std::move(cell));
        }
    }
    const detail::observation_places places{
        [&](std::size_t r, bool period_cell) {
            return source_location{
                place("observations", row_keys[r], period_cell ? "period" : "subject"), 0, 0};
        },
        [&](std::size_t r) { return "in observations[" + row_keys[r] + "]"; }};
    auto table = detail::finish_observations(std::move(rows), subjects, places, problems);
    if (table) {
        detail::set_cell_places(*table, {"observations", {}, {}, false, true});
    }
    return table;
}

std::vector<model_type> make_model_types(const std::vector<model_type>& types, const dataset& d,
                                         const registry_sources& where, diagnostic_list& problems) {
    std::vector<std::array<std::string, 5>> rows;
    std::vector<std::string> keys;
    rows.reserve(types.size());
    for (std::size_t i = 0; i < types.size(); ++i) {
        const model_type& t = types[i];
        rows.push_back({t.id, t.name, t.topic, detail::join_list(t.indicators),
                        detail::join_list(t.unit_attributes)});
        keys.push_back(key_of(t.id, i));
    }
    return detail::build_model_types(
        std::move(rows),
        [&](std::size_t i, std::size_t column) {
            return source_location{
                place("model_types", keys[i], detail::model_type_columns[column - 1]), 0, 0};
        },
        d.registry, d.observations,
        [&](std::size_t m, std::size_t column) {
            return where.locate(record_table::models, m, column);
        },
        problems);
}

decision_table make_decisions(const std::vector<decision_entry>& entries, const registry& r,
                              diagnostic_list& problems) {
    const auto names = decision_column_names();
    std::vector<decision_cells> rows;
    rows.reserve(entries.size());
    for (const auto& e : entries) {
        decision_cells row;
        row.cells = {e.subject, e.rulebook, e.period, e.proposed_tier, e.decided_tier,
                     e.reason,  e.number,   e.date,   e.body,          e.signer};
        const std::string key = e.subject + ", " + e.rulebook + ", " + e.period;
        for (std::size_t k = 0; k < decision_column_count; ++k) {
            row.places[k] = source_location{place("decisions", key, names[k]), 0, 0};
        }
        rows.push_back(std::move(row));
    }
    return detail::build_decisions_reporting(std::move(rows), r, problems);
}

}  // namespace

dataset_builder::dataset_builder() : impl_(std::make_unique<impl>()) {}
dataset_builder::~dataset_builder() = default;
dataset_builder::dataset_builder(const dataset_builder& other)
    : impl_(other.impl_ ? std::make_unique<impl>(*other.impl_) : std::make_unique<impl>()) {}
dataset_builder::dataset_builder(dataset_builder&&) noexcept = default;
dataset_builder& dataset_builder::operator=(const dataset_builder& other) {
    if (this != &other) {
        impl_ = other.impl_ ? std::make_unique<impl>(*other.impl_) : std::make_unique<impl>();
    }
    return *this;
}
dataset_builder& dataset_builder::operator=(dataset_builder&&) noexcept = default;

// A moved-from builder has no impl; adding to it starts afresh rather than crashing.
dataset_builder& dataset_builder::add_unit(unit_entry u) {
    filled(impl_).units.push_back(std::move(u));
    return *this;
}
dataset_builder& dataset_builder::add_model(model_entry m) {
    filled(impl_).models.push_back(std::move(m));
    return *this;
}
dataset_builder& dataset_builder::add_exemplar(exemplar_entry e) {
    filled(impl_).exemplars.push_back(std::move(e));
    return *this;
}
dataset_builder& dataset_builder::add_indicator(std::string name) {
    filled(impl_).indicators.push_back(std::move(name));
    return *this;
}
dataset_builder& dataset_builder::add_observation(observation_entry row) {
    filled(impl_).observations.push_back(std::move(row));
    return *this;
}
dataset_builder& dataset_builder::add_label(value_label label) {
    filled(impl_).labels.push_back(std::move(label));
    return *this;
}
dataset_builder& dataset_builder::add_model_type(model_type type) {
    filled(impl_).model_types.push_back(std::move(type));
    return *this;
}
dataset_builder& dataset_builder::add_decision(decision_entry d) {
    filled(impl_).decisions.push_back(std::move(d));
    return *this;
}

std::size_t dataset_builder::unit_count() const noexcept {
    return impl_ ? impl_->units.size() : 0;
}
std::size_t dataset_builder::model_count() const noexcept {
    return impl_ ? impl_->models.size() : 0;
}
std::size_t dataset_builder::exemplar_count() const noexcept {
    return impl_ ? impl_->exemplars.size() : 0;
}
std::size_t dataset_builder::observation_count() const noexcept {
    return impl_ ? impl_->observations.size() : 0;
}

dataset dataset_builder::build() const {
    const impl empty;
    const impl& in = impl_ ? *impl_ : empty;
    diagnostic_list problems;
    std::array<std::vector<std::string>, 3> keys;  // per record table
    auto units = make_records<unit, unit_entry, 5>(
        in.units, record_table::units,
        [](const unit_entry& u) {
            return std::array<std::string, 5>{u.id, u.kind, u.name, u.parent,
                                              detail::join_list(u.attributes)};
        },
        detail::make_unit, keys[0], problems);
    auto models = make_records<model, model_entry, 9>(
        in.models, record_table::models,
        [](const model_entry& m) {
            return std::array<std::string, 9>{m.id,          m.name,         m.type,
                                              m.topic,       m.target_group, m.unit,
                                              m.established, m.ended,        m.replicated_from};
        },
        detail::make_model, keys[1], problems);
    auto exemplars = make_records<exemplar, exemplar_entry, 7>(
        in.exemplars, record_table::exemplars,
        [](const exemplar_entry& e) {
            return std::array<std::string, 7>{e.id,
                                              e.name,
                                              e.kind,
                                              e.unit,
                                              e.recognized,
                                              detail::join_list(e.models),
                                              detail::join_list(e.leads)};
        },
        detail::make_exemplar, keys[2], problems);
    detail::check_labels(
        in.labels,
        [&](std::size_t i, std::size_t column) {
            static constexpr std::array<std::string_view, 3> columns{"attribute", "value", "label"};
            return source_location{
                place("labels", in.labels[i].attribute + ", " + in.labels[i].value,
                      columns[column - 1]),
                0, 0};
        },
        problems);

    registry_sources where;
    where.locate = [&](record_table table, std::size_t index, std::size_t column) {
        const auto& layout = detail::layout_of(table);
        const auto t = static_cast<std::size_t>(table);
        return source_location{place(table_name(table), keys[t][index],
                                     column == 0 ? std::string_view() : layout.columns[column - 1]),
                               0, 0};
    };
    dataset d;
    try {
        d.registry =
            registry::build(std::move(units), std::move(models), std::move(exemplars), where);
    } catch (const input_error& e) {
        // Cell problems first, in the order added, then the registry's.
        for (const auto& problem : e.diagnostics()) {
            problems.add(problem);
        }
    }
    problems.throw_if_errors();
    d.labels = in.labels;

    auto observations = make_observations(in.indicators, in.observations, d.registry, problems);
    problems.throw_if_errors();
    d.observations = std::move(*observations);

    if (!in.model_types.empty()) {
        d.model_types = make_model_types(in.model_types, d, where, problems);
        problems.throw_if_errors();
    }
    if (!in.decisions.empty()) {
        d.decisions = make_decisions(in.decisions, d.registry, problems);
        problems.throw_if_errors();
    }
    d.content_hash = hash_dataset(d);
    return d;
}

}  // namespace antq
