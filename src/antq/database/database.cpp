// The public database functions (include/antq/database.hpp): opening a source, reading a
// dataset, importing one.

#include "antq/database/connection.hpp"
#include "antq/database/mapping.hpp"

#include "antq/io/csv.hpp"
#include "antq/dataset/dataset_io.hpp"
#include "antq/dataset/tables.hpp"

#include <antq/database.hpp>
#include <antq/decision.hpp>
#include <antq/period.hpp>

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace antq {

namespace detail::db {

void append_value_text(std::string& out, double value) {
    constexpr double exact = 9007199254740992.0;  // 2^53: every whole number below is exact
    if (std::trunc(value) == value && std::fabs(value) < exact) {
        char digits[24];
        const auto end =
            std::to_chars(digits, digits + sizeof digits, static_cast<std::int64_t>(value)).ptr;
        out.append(digits, end);
        return;
    }
    append_number(out, value);
}

std::string quote_identifier(std::string_view name) {
    std::string out = "\"";
    for (const char c : name) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    return out + '"';
}

std::string quote_text(std::string_view text) {
    std::string out = "'";
    for (const char c : text) {
        out += c;
        if (c == '\'') {
            out += '\'';
        }
    }
    return out + '\'';
}

std::unique_ptr<connection> open(std::string_view source, open_mode mode,
                                 const database_options& options) {
    if (source.starts_with("sqlite:")) {
        return open_sqlite(source.substr(7), mode, options);
    }
    if (source.starts_with("postgresql://") || source.starts_with("postgres://")) {
        return open_postgresql(source, options);
    }
    throw database_error("'" + std::string(source) +
                         "' is not a database: write sqlite:path/to/file.db or "
                         "postgresql://user@host/dbname");
}

}  // namespace detail::db

bool database_support() noexcept {
    return true;
}

bool is_database_source(std::string_view source) noexcept {
    return source.starts_with("sqlite:") || source.starts_with("postgresql://") ||
           source.starts_with("postgres://");
}

dataset load_dataset_from_database(std::string_view source, const database_options& options) {
    const auto c = detail::db::open(source, detail::db::open_mode::read, options);
    // One snapshot of the data: rows written while antq reads do not mix with the others.
    dataset d = detail::db::in_transaction(
        *c, [&] { return detail::db::read_dataset(*c, detail::db::default_mapping()); },
        c->begin_snapshot());
    d.content_hash = hash_dataset(d);
    return d;
}

dataset load_dataset_with_mapping(const std::filesystem::path& mapping_file,
                                  const database_options& options) {
    auto mapping = detail::db::read_mapping(mapping_file);
    if (mapping.connection.starts_with("sqlite:")) {
        // A relative file is next to the mapping file, wherever the command is run from.
        const std::filesystem::path file = mapping.connection.substr(7);
        if (file.is_relative() && !file.empty()) {
            mapping.connection = "sqlite:" + (mapping_file.parent_path() / file).string();
        }
    }
    const auto c = detail::db::open(mapping.connection, detail::db::open_mode::read, options);
    dataset d = detail::db::in_transaction(
        *c, [&] { return detail::db::read_dataset(*c, mapping); }, c->begin_snapshot());
    d.content_hash = hash_dataset(d);
    return d;
}

dataset load_dataset_from(std::string_view source, const database_options& options) {
    if (is_database_source(source)) {
        return load_dataset_from_database(source, options);
    }
    const std::filesystem::path path(source);
    if (path.extension() == ".yaml" || path.extension() == ".yml") {
        return load_dataset_with_mapping(path, options);
    }
    return load_dataset(path);
}

namespace {

using detail::db::value;
using detail::db::value_kind;

value text_value(std::string_view text) {
    return text.empty() ? value{} : value{value_kind::text, text, 0};
}

template <class Record, std::size_t N = std::tuple_size_v<
                            decltype(detail::cells_of(std::declval<const Record&>()))>>
void import_records(detail::db::connection& c, std::string_view table, record_table kind,
                    std::span<const Record> records) {
    const detail::table_layout& layout = detail::layout_of(kind);
    std::string create = "CREATE TABLE " + detail::db::quote_identifier(table) +
                         " (antq_row INTEGER NOT NULL PRIMARY KEY";
    std::vector<std::string_view> columns{"antq_row"};
    for (const auto column : layout.columns) {
        create += ", " + detail::db::quote_identifier(column) + " TEXT";
        columns.push_back(column);
    }
    c.execute(create + ")");
    std::array<std::string, N> cells;
    std::string row_text;
    c.insert(table, columns, records.size(), [&](std::size_t row, std::span<value> values) {
        cells = detail::cells_of(records[row]);
        values[0] = value{value_kind::number, {}, static_cast<double>(row + 1)};
        for (std::size_t k = 0; k < N; ++k) {
            values[k + 1] = text_value(cells[k]);
        }
    });
}

// labels.csv as a table of its own (created only when there are labels).
void import_labels(detail::db::connection& c, std::span<const value_label> labels) {
    if (labels.empty()) {
        return;
    }
    c.execute(
        "CREATE TABLE labels (antq_row INTEGER NOT NULL PRIMARY KEY, attribute TEXT NOT "
        "NULL, value TEXT NOT NULL, label TEXT NOT NULL)");
    const std::array<std::string_view, 4> columns{"antq_row", "attribute", "value", "label"};
    c.insert("labels", columns, labels.size(), [&](std::size_t row, std::span<value> values) {
        values[0] = value{value_kind::number, {}, static_cast<double>(row + 1)};
        values[1] = value{value_kind::text, labels[row].attribute, 0};
        values[2] = value{value_kind::text, labels[row].value, 0};
        values[3] = value{value_kind::text, labels[row].label, 0};
    });
}

// model-types.csv as a table of its own (created only when there is a catalogue).
void import_model_types(detail::db::connection& c, std::span<const model_type> types) {
    if (types.empty()) {
        return;
    }
    std::string create = "CREATE TABLE model_types (antq_row INTEGER NOT NULL PRIMARY KEY";
    std::vector<std::string_view> columns{"antq_row"};
    for (const auto name : detail::model_type_columns) {
        create += ", " + detail::db::quote_identifier(name) + " TEXT";
        columns.push_back(name);
    }
    c.execute(create + ")");
    // The values point into `cells`, which must outlive the callback that fills them.
    std::array<std::string, 5> cells;
    c.insert("model_types", columns, types.size(), [&](std::size_t row, std::span<value> values) {
        const model_type& t = types[row];
        cells = {t.id, t.name, t.topic, detail::join_list(t.indicators),
                 detail::join_list(t.unit_attributes)};
        values[0] = value{value_kind::number, {}, static_cast<double>(row + 1)};
        for (std::size_t k = 0; k < cells.size(); ++k) {
            values[k + 1] = text_value(cells[k]);
        }
    });
}

// decisions.csv as a table of its own, its cells as the file writes them (created only when
// there are decisions).
void import_decisions(detail::db::connection& c, const decision_table& decisions) {
    if (decisions.empty()) {
        return;
    }
    std::string create = "CREATE TABLE decisions (antq_row INTEGER NOT NULL PRIMARY KEY";
    std::vector<std::string_view> columns{"antq_row"};
    for (const auto name : decision_column_names()) {
        create += ", " + detail::db::quote_identifier(name) + " TEXT";
        columns.push_back(name);
    }
    c.execute(create + ")");
    std::array<std::string, decision_column_count> cells;
    c.insert("decisions", columns, decisions.size(), [&](std::size_t row, std::span<value> values) {
        const decision& x = decisions.rows[row];
        cells = {
            x.subject,      x.rulebook,
            x.period,       x.proposed_tier,
            x.decided_tier, x.reason,
            x.number,       x.decided_on.is_special() ? std::string() : format_date(x.decided_on),
            x.body,         x.signer};
        values[0] = value{value_kind::number, {}, static_cast<double>(row + 1)};
        for (std::size_t k = 0; k < cells.size(); ++k) {
            values[k + 1] = text_value(cells[k]);
        }
    });
}

}  // namespace

void import_dataset(const dataset& data, std::string_view target, const database_options& options) {
    const auto c = detail::db::open(target, detail::db::open_mode::write, options);
    detail::db::in_transaction(*c, [&] {
        for (const auto table : {"units", "models", "exemplars", "observations", "labels",
                                 "model_types", "decisions"}) {
            if (c->table_exists(table)) {
                throw database_error("the database '" + c->name() + "' has a table '" + table +
                                     "' already: import into an empty database (nothing was "
                                     "written)");
            }
        }
        const registry& r = data.registry;
        import_records<unit>(*c, "units", record_table::units, r.units());
        import_records<model>(*c, "models", record_table::models, r.models());
        import_records<exemplar>(*c, "exemplars", record_table::exemplars, r.exemplars());

        const observation_table& o = data.observations;
        std::string create =
            "CREATE TABLE observations (antq_row INTEGER NOT NULL PRIMARY KEY, subject TEXT NOT "
            "NULL, period TEXT NOT NULL";
        std::vector<std::string_view> columns{"antq_row", "subject", "period"};
        for (const auto& column : o.columns()) {
            create += ", " + detail::db::quote_identifier(column.name) + " " +
                      std::string(column.type == observation_column::kind::number
                                      ? c->number_type()
                                      : std::string_view("TEXT"));
            columns.push_back(column.name);
        }
        c->execute(create + ", UNIQUE (subject, period))");
        c->insert("observations", columns, o.row_count(),
                  [&](std::size_t row, std::span<value> values) {
                      values[0] = value{value_kind::number, {}, static_cast<double>(row + 1)};
                      values[1] = text_value(o.subject_ids()[o.row_subjects()[row]]);
                      values[2] = text_value(o.period_labels()[o.row_periods()[row]]);
                      for (std::size_t j = 0; j < o.columns().size(); ++j) {
                          const observation_column& column = o.columns()[j];
                          if (column.type == observation_column::kind::number) {
                              values[j + 3] = value{value_kind::number, {}, column.numbers[row]};
                          } else if (column.present[row] != 0) {
                              values[j + 3] = text_value(column.texts[row]);
                          }
                      }
                  });
        import_labels(*c, data.labels);
        import_model_types(*c, data.model_types);
        import_decisions(*c, data.decisions);
    });
}

}  // namespace antq
