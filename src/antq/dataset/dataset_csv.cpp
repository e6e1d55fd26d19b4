#include "antq/dataset/dataset_io.hpp"

#include "antq/dataset/dataset_hash.hpp"
#include "antq/dataset/observations_io.hpp"
#include "antq/dataset/tables.hpp"
#include "antq/io/csv.hpp"
#include "antq/io/read_file.hpp"
#include "antq/parallel.hpp"

#include <algorithm>
#include <array>
#include <iterator>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <system_error>
#include <thread>
#include <tuple>
#include <vector>

namespace antq::detail {

namespace {

// One record table read from its CSV file, with where each record and column was.
template <class Record>
struct csv_table {
    std::string file;
    std::vector<Record> records;
    std::vector<std::size_t> lines;
    std::vector<std::size_t>
        file_columns;                  // 1-based file column of each layout column; 0 if absent
    bool structural_problems = false;  // records were dropped: references would mislead
};

// Tables larger than this are read on several threads; smaller ones would only pay for them.
constexpr std::size_t parallel_table_bytes = std::size_t{1} << 20;

unsigned reading_threads() {
    return std::clamp(std::thread::hardware_concurrency(), 1U, 8U);
}

// The records of one share of a table's rows, read on one thread.
template <class Record>
struct table_share {
    std::vector<Record> records;
    std::vector<std::size_t> lines;
    diagnostic_list problems;
    bool syntax_problems = false;  // records were dropped
};

// `room_for`: the bytes whose records `out` makes room for once the size of a record is
// known (the first share makes room for all, so that the others are appended in place).
template <class Record, class Make>
void read_rows(std::string_view text, std::size_t first_line, const std::string& file,
               std::span<const std::size_t> file_columns, std::size_t field_count, const Make& make,
               std::size_t room_for, table_share<Record>& out) {
    csv_reader reader(text, file, first_line, csv_reader::origin::record);
    csv_record record;
    std::array<std::string_view, 9> cells{};
    std::vector<cell_problem> cell_problems;
    constexpr std::size_t sample_rows = 256;
    while (reader.next(record, out.problems)) {
        if (out.records.size() == sample_rows && out.records.capacity() < 2 * sample_rows) {
            const double per_record =
                static_cast<double>(reader.offset()) / static_cast<double>(sample_rows + 1);
            const auto expected =
                static_cast<std::size_t>(static_cast<double>(room_for) / per_record * 1.05) + 16;
            out.records.reserve(expected);
            out.lines.reserve(expected);
        }
        if (!record.ok || !check_field_count(record, field_count, file, out.problems)) {
            out.syntax_problems = true;
            continue;
        }
        for (std::size_t c = 0; c < file_columns.size(); ++c) {
            cells[c] =
                file_columns[c] == 0 ? std::string_view() : record.fields[file_columns[c] - 1];
        }
        cell_problems.clear();
        out.records.push_back(make(
            std::span<const std::string_view>(cells.data(), file_columns.size()), cell_problems));
        out.lines.push_back(record.line);
        for (const auto& p : cell_problems) {
            out.problems.add({file, record.line, file_columns[p.column]}, p.message);
        }
    }
}

// Reads the rows of `data` (which starts on line `first_line`) in up to `parts` shares at
// once; the shares come back in file order, so the result does not depend on `parts`.
template <class Record, class Make>
std::vector<table_share<Record>> read_shares(std::string_view data, std::size_t first_line,
                                             const std::string& file,
                                             std::span<const std::size_t> file_columns,
                                             std::size_t field_count, const Make& make,
                                             unsigned parts) {
    const auto texts = split_csv_records(data, parts);
    std::vector<table_share<Record>> shares(texts.size());
    std::vector<std::size_t> lines(texts.size(), first_line);
    for (std::size_t k = 1; k < texts.size(); ++k) {
        // Shares end at a line end, and the reader counts lines by their '\n'.
        lines[k] = lines[k - 1] + static_cast<std::size_t>(
                                      std::count(texts[k - 1].begin(), texts[k - 1].end(), '\n'));
    }
    run_pieces(texts.size(), [&](std::size_t k) {
        read_rows(texts[k], lines[k], file, file_columns, field_count, make,
                  k == 0 ? data.size() : texts[k].size(), shares[k]);
    });
    return shares;
}

template <class Record, class Make>
// `file` is moved into `out.file`: performance-unnecessary-value-param misses a move into a
// member of a dependent type.
// NOLINTNEXTLINE(performance-unnecessary-value-param)
csv_table<Record> read_table(std::string_view text, std::string file, record_table table,
                             const Make& make, diagnostic_list& problems) {
    const table_layout& layout = layout_of(table);
    csv_table<Record> out;
    out.file = std::move(file);
    out.file_columns.assign(layout.columns.size(), 0);
    csv_reader reader(text, out.file);
    csv_record record;
    if (!reader.next(record, problems)) {
        problems.add({out.file, 1, 0}, "empty file: expected the header row '" +
                                           layout.column_list() + "' (in any order)");
        out.structural_problems = true;
        return out;
    }
    const std::size_t header_line = record.line;
    bool header_ok = record.ok;
    for (std::size_t f = 0; f < record.fields.size() && record.ok; ++f) {
        const std::string_view name = record.fields[f];
        const source_location at{out.file, header_line, f + 1};
        const std::size_t c = layout.find(name);
        if (c == layout.columns.size()) {
            problems.add(at, name.empty() ? "empty column name"
                                          : "unknown column '" + std::string(name) +
                                                "' (expected " + layout.column_list() + ")");
            header_ok = false;
        } else if (out.file_columns[c] != 0) {
            problems.add(at, "repeated column '" + std::string(name) + "' (first in column " +
                                 std::to_string(out.file_columns[c]) + ")");
            header_ok = false;
        } else {
            out.file_columns[c] = f + 1;
        }
    }
    for (std::size_t c = 0; c < layout.columns.size() && record.ok; ++c) {
        if (layout.required[c] && out.file_columns[c] == 0) {
            problems.add({out.file, header_line, 0},
                         "missing column '" + std::string(layout.columns[c]) + "'");
            header_ok = false;
        }
    }
    if (!header_ok) {
        out.structural_problems = true;
        return out;
    }
    const std::size_t field_count = record.fields.size();
    const std::string_view data = text.substr(reader.offset());
    const std::size_t data_line = reader.line();
    const unsigned parts = data.size() < parallel_table_bytes ? 1 : reading_threads();
    auto shares =
        read_shares<Record>(data, data_line, out.file, out.file_columns, field_count, make, parts);
    const bool split_wrongly =
        shares.size() > 1 &&
        std::any_of(shares.begin(), shares.end(), [](const auto& r) { return r.syntax_problems; });
    if (split_wrongly) {
        // A quote out of place may have split a record: read again in one piece.
        shares =
            read_shares<Record>(data, data_line, out.file, out.file_columns, field_count, make, 1);
    }
    std::size_t rows = 0;
    for (const auto& share : shares) {
        rows += share.records.size();
    }
    out.records = std::move(shares.front().records);
    out.lines = std::move(shares.front().lines);
    out.records.reserve(rows);
    out.lines.reserve(rows);
    for (auto& share : shares) {
        if (&share != &shares.front()) {
            std::move(share.records.begin(), share.records.end(), std::back_inserter(out.records));
            out.lines.insert(out.lines.end(), share.lines.begin(), share.lines.end());
        }
        for (auto& d : share.problems.take()) {
            problems.add(std::move(d));
        }
        out.structural_problems = out.structural_problems || share.syntax_problems;
    }
    return out;
}

std::optional<file_buffer> read_optional(const std::filesystem::path& path) {
    std::error_code error;
    const auto status = std::filesystem::status(path, error);
    if (error && error != std::errc::no_such_file_or_directory) {
        // Absent is fine for an optional table; a symbolic link loop is not absence.
        throw io_error("cannot read '" + path.string() + "': " + error.message());
    }
    if (!std::filesystem::exists(status)) {
        return std::nullopt;
    }
    return read_file(path);
}

// An optional table whose file is absent has no records (and no header to check).
template <class Record, class Make>
csv_table<Record> read_optional_table(const std::filesystem::path& path, record_table table,
                                      const Make& make, diagnostic_list& problems) {
    const auto text = read_optional(path);
    if (!text) {
        csv_table<Record> empty;
        empty.file = path.string();
        empty.file_columns.assign(layout_of(table).columns.size(), 0);
        return empty;
    }
    return read_table<Record>(text->view(), path.string(), table, make, problems);
}

template <std::size_t N>
void append_record(std::string& out, const std::array<std::string, N>& cells) {
    for (std::size_t c = 0; c < N; ++c) {
        if (c > 0) {
            out += ',';
        }
        append_csv_field_verbatim(out, cells[c]);
    }
    out += '\n';
}

template <class Record>
std::string write_table(record_table table, std::span<const Record> records) {
    const table_layout& layout = layout_of(table);
    std::string out;
    for (std::size_t c = 0; c < layout.columns.size(); ++c) {
        if (c > 0) {
            out += ',';
        }
        out += layout.columns[c];
    }
    out += '\n';
    for (const Record& r : records) {
        append_record(out, cells_of(r));
    }
    return out;
}

constexpr std::array<std::string_view, 3> label_columns{"attribute", "value", "label"};

// The header of a small keyed table (labels, model types): its columns in any order.
struct table_header {
    std::vector<std::size_t> column;  // 1-based file column of each known column, 0 if absent
    bool unknown_or_repeated = false;
    bool missing_required = false;
};

// Maps the header row onto `columns`, reporting unknown and repeated columns and missing
// required ones (`required[k]`) at their place.
table_header read_table_header(const csv_record& header, std::span<const std::string_view> columns,
                               std::span<const bool> required, const std::string& file,
                               diagnostic_list& problems) {
    table_header out;
    out.column.assign(columns.size(), 0);
    for (std::size_t c = 0; c < header.fields.size(); ++c) {
        const auto known = std::find(columns.begin(), columns.end(), header.fields[c]);
        if (known == columns.end()) {
            std::string expected;
            for (const auto name : columns) {
                expected += (expected.empty() ? "" : ", ") + std::string(name);
            }
            problems.add({file, header.line, c + 1}, "unknown column '" +
                                                         std::string(header.fields[c]) +
                                                         "' (expected " + expected + ")");
            out.unknown_or_repeated = true;
            continue;
        }
        auto& slot = out.column[static_cast<std::size_t>(known - columns.begin())];
        if (slot != 0) {
            problems.add({file, header.line, c + 1},
                         "repeated column '" + std::string(header.fields[c]) + "'");
            out.unknown_or_repeated = true;
        }
        slot = c + 1;
    }
    for (std::size_t k = 0; k < columns.size(); ++k) {
        if (required[k] && out.column[k] == 0) {
            problems.add({file, header.line, 0},
                         "missing column '" + std::string(columns[k]) + "'");
            out.missing_required = true;
        }
    }
    return out;
}

// `labels.csv`: a small file of `attribute,value,label` in any column order.
std::vector<value_label> read_labels(const std::filesystem::path& path, diagnostic_list& problems) {
    std::vector<value_label> labels;
    const auto text = read_optional(path);
    if (!text) {
        return labels;
    }
    const std::string file = path.string();
    csv_reader reader(text->view(), file);
    csv_record record;
    if (!reader.next(record, problems) || !record.ok) {
        if (record.ok) {
            problems.add({file, 1, 0},
                         "empty file: expected the header row 'attribute,value,label'");
        }
        return labels;
    }
    constexpr std::array<bool, 3> all_required{true, true, true};
    // Rows are still read after an unknown or repeated column, so that their problems are
    // reported in the same run; only a missing column leaves nothing to read.
    const table_header header =
        read_table_header(record, label_columns, all_required, file, problems);
    if (header.missing_required) {
        return labels;
    }
    const auto& column = header.column;
    const std::size_t fields = record.fields.size();
    std::vector<std::size_t> lines;
    while (reader.next(record, problems)) {
        if (!record.ok || !check_field_count(record, fields, file, problems)) {
            continue;
        }
        labels.push_back({std::string(record.fields[column[0] - 1]),
                          std::string(record.fields[column[1] - 1]),
                          std::string(record.fields[column[2] - 1])});
        lines.push_back(record.line);
    }
    check_labels(
        labels,
        [&](std::size_t i, std::size_t c) {
            return source_location{file, lines[i], column[c - 1]};
        },
        problems);
    return labels;
}

// `model-types.csv`: `type,name,topic,indicators,unit_attributes` in any column order, only
// `type` required. Rows come back with their lines and the file column of each cell.
struct model_type_rows {
    std::vector<std::array<std::string, 5>> rows;
    std::vector<std::size_t> lines;
    std::array<std::size_t, 5> column{};  // 1-based file column of each catalogue column
    bool present = false;
};

model_type_rows read_model_type_rows(const std::filesystem::path& path, diagnostic_list& problems) {
    model_type_rows out;
    const auto text = read_optional(path);
    if (!text) {
        return out;
    }
    const std::string file = path.string();
    csv_reader reader(text->view(), file);
    csv_record record;
    if (!reader.next(record, problems) || !record.ok) {
        if (record.ok) {
            problems.add({file, 1, 0},
                         "empty file: expected the header row "
                         "'type,name,topic,indicators,unit_attributes'");
        }
        return out;
    }
    const table_header header =
        read_table_header(record, model_type_columns, model_type_required, file, problems);
    if (header.unknown_or_repeated || header.missing_required) {
        return out;
    }
    std::copy(header.column.begin(), header.column.end(), out.column.begin());
    out.present = true;
    const std::size_t fields = record.fields.size();
    while (reader.next(record, problems)) {
        if (!record.ok || !check_field_count(record, fields, file, problems)) {
            continue;
        }
        std::array<std::string, 5> cells;
        for (std::size_t k = 0; k < cells.size(); ++k) {
            if (out.column[k] != 0) {
                cells[k] = std::string(record.fields[out.column[k] - 1]);
            }
        }
        out.rows.push_back(std::move(cells));
        out.lines.push_back(record.line);
    }
    return out;
}

bool is_indicator_name(std::string_view name) {
    if (name.empty() || !((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_')) {
        return false;
    }
    return std::all_of(name.begin(), name.end(), [](char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
    });
}

bool is_attribute_word(std::string_view word) {
    return !word.empty() && std::all_of(word.begin(), word.end(), [](char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
    });
}

}  // namespace

void check_labels(std::span<const value_label> labels,
                  const std::function<source_location(std::size_t, std::size_t)>& where,
                  diagnostic_list& problems) {
    std::vector<std::pair<std::string_view, std::string_view>> seen;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const value_label& l = labels[i];
        const bool word =
            !l.attribute.empty() &&
            std::all_of(l.attribute.begin(), l.attribute.end(), [](char ch) {
                return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
            });
        if (!word) {
            problems.add(where(i, 1), "the attribute '" + l.attribute +
                                          "' is not a lowercase word (topic, target_group, "
                                          "unit_kind, ...)");
        }
        if (l.value.empty()) {
            problems.add(where(i, 2), "empty value: a label names one value of the attribute");
        }
        if (l.label.empty()) {
            problems.add(where(i, 3), "empty label");
        }
        seen.emplace_back(l.attribute, l.value);
    }
    // Each (attribute, value) once: two labels for one value would make output depend on
    // which was read last.
    std::vector<std::size_t> order(labels.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return seen[a] < seen[b]; });
    for (std::size_t k = 1; k < order.size(); ++k) {
        if (seen[order[k]] == seen[order[k - 1]] && !labels[order[k]].value.empty()) {
            problems.add(where(order[k], 2), "repeated label of " + labels[order[k]].attribute +
                                                 " '" + labels[order[k]].value + "'");
        }
    }
}

std::string write_labels_csv(std::span<const value_label> labels) {
    std::string out = "attribute,value,label\n";
    for (const auto& l : labels) {
        append_csv_field_verbatim(out, l.attribute);
        out += ',';
        append_csv_field_verbatim(out, l.value);
        out += ',';
        append_csv_field_verbatim(out, l.label);
        out += '\n';
    }
    return out;
}

std::vector<model_type> build_model_types(
    std::vector<std::array<std::string, 5>> rows,
    const std::function<source_location(std::size_t, std::size_t)>& where, const registry& r,
    const observation_table& o,
    const std::function<source_location(std::size_t, std::size_t)>& model_where,
    diagnostic_list& problems) {
    std::vector<model_type> types;
    std::map<std::string, std::size_t, std::less<>> row_of;  // type id -> row
    for (std::size_t i = 0; i < rows.size(); ++i) {
        auto& cells = rows[i];
        model_type t;
        t.id = std::move(cells[0]);
        t.name = std::move(cells[1]);
        t.topic = std::move(cells[2]);
        std::string problem;
        t.indicators = split_list(cells[3], problem);
        if (!problem.empty()) {
            problems.add(where(i, 4), problem);
        }
        t.unit_attributes = split_list(cells[4], problem);
        if (!problem.empty()) {
            problems.add(where(i, 5), problem);
        }
        if (t.id.empty()) {
            problems.add(where(i, 1), "empty type: a row names one type as models.csv writes it");
        } else if (const auto [at, fresh] = row_of.emplace(t.id, i); !fresh) {
            problems.add(where(i, 1), "repeated type '" + t.id + "' (first in row " +
                                          std::to_string(at->second + 1) + " of the catalogue)");
        }
        for (const auto& name : t.indicators) {
            if (!is_indicator_name(name)) {
                problems.add(where(i, 4), "'" + name +
                                              "' is not an indicator name (lowercase letters, "
                                              "digits and '_', starting with a letter or '_')");
            } else if (!o.columns().empty() && !o.find_column(name)) {
                problems.add(where(i, 4),
                             "unknown indicator '" + name + "': not a column of the observations");
            }
        }
        for (const auto& word : t.unit_attributes) {
            if (!is_attribute_word(word)) {
                problems.add(where(i, 5),
                             "bad condition '" + word +
                                 "': a unit attribute is a word of lowercase letters, digits, "
                                 "'-' and '_' (several are separated by ';', all required)");
            }
        }
        types.push_back(std::move(t));
    }
    if (problems.has_errors()) {
        return types;
    }
    constexpr std::size_t type_column = 3;   // of models.csv
    constexpr std::size_t topic_column = 4;  // of models.csv
    for (std::size_t m = 0; m < r.models().size(); ++m) {
        const model& record = r.models()[m];
        if (record.type.empty()) {
            continue;
        }
        const auto found = row_of.find(record.type);
        if (found == row_of.end()) {
            problems.add(model_where(m, type_column), "unknown model type '" + record.type +
                                                          "' of model '" + record.id +
                                                          "': not in the model-type catalogue");
            continue;
        }
        const model_type& t = types[found->second];
        if (!t.topic.empty() && !record.topic.empty() && record.topic != t.topic) {
            problems.add(model_where(m, topic_column), "model '" + record.id + "' has the topic '" +
                                                           record.topic + "', its type '" + t.id +
                                                           "' the topic '" + t.topic + "'");
        }
        const unit& host = r.units()[r.unit_of_model(static_cast<index_t>(m))];
        for (const auto& word : t.unit_attributes) {
            if (std::find(host.attributes.begin(), host.attributes.end(), word) ==
                host.attributes.end()) {
                problems.add(model_where(m, type_column), "model '" + record.id + "' of type '" +
                                                              t.id + "' runs in unit '" + host.id +
                                                              "', which lacks the attribute '" +
                                                              word + "' the type requires");
            }
        }
    }
    return types;
}

std::string write_model_types_csv(std::span<const model_type> types) {
    std::string out = "type,name,topic,indicators,unit_attributes\n";
    for (const auto& t : types) {
        append_record(out,
                      std::array<std::string, 5>{t.id, t.name, t.topic, join_list(t.indicators),
                                                 join_list(t.unit_attributes)});
    }
    return out;
}

// Where each record of the three tables was, for the problems of the registry and of the
// model types. Reads the tables' lines and columns: they must outlive it.
registry_sources sources_of(const csv_table<unit>& units, const csv_table<model>& models,
                            const csv_table<exemplar>& exemplars) {
    registry_sources where;
    where.locate = [&units, &models, &exemplars](record_table table, std::size_t index,
                                                 std::size_t column) {
        const auto place = [&](const auto& t) {
            return source_location{t.file, t.lines[index],
                                   column == 0 ? 0 : t.file_columns[column - 1]};
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
    return where;
}

// Builds the registry from the tables' records (moved out of them). Its problems join the
// cells' problems already in `problems`, and the whole list is thrown in file order.
registry build_registry(csv_table<unit>& units, csv_table<model>& models,
                        csv_table<exemplar>& exemplars, diagnostic_list& problems) {
    try {
        return registry::build(std::move(units.records), std::move(models.records),
                               std::move(exemplars.records), sources_of(units, models, exemplars));
    } catch (const input_error& e) {
        for (const auto& d : e.diagnostics()) {
            problems.add(d);
        }
        // Cell problems come first in reading order; registry problems sorted by file: put
        // the whole list in file order (units, models, exemplars), then by place.
        std::vector<diagnostic> all = problems.take();
        const auto rank = [&](const diagnostic& d) {
            return d.where.file == units.file ? 0 : d.where.file == models.file ? 1 : 2;
        };
        std::stable_sort(all.begin(), all.end(), [&](const diagnostic& a, const diagnostic& b) {
            return std::tuple(rank(a), a.where.line, a.where.column) <
                   std::tuple(rank(b), b.where.line, b.where.column);
        });
        throw input_error(std::move(all));
    }
}

dataset read_dataset_folder(const std::filesystem::path& folder) {
    diagnostic_list problems;
    csv_table<unit> units;
    csv_table<model> models;
    csv_table<exemplar> exemplars;
    std::vector<value_label> labels;
    model_type_rows type_rows;
    registry reg;
    const auto read_registry = [&] {
        const file_buffer units_text = read_file(folder / "units.csv");
        units = read_table<unit>(units_text.view(), (folder / "units.csv").string(),
                                 record_table::units, make_unit, problems);
        models = read_optional_table<model>(folder / "models.csv", record_table::models, make_model,
                                            problems);
        exemplars = read_optional_table<exemplar>(folder / "exemplars.csv", record_table::exemplars,
                                                  make_exemplar, problems);
        labels = read_labels(folder / "labels.csv", problems);
        type_rows = read_model_type_rows(folder / "model-types.csv", problems);
        if (units.structural_problems || models.structural_problems ||
            exemplars.structural_problems) {
            // Records were dropped: unresolved references to them would only mislead.
            problems.throw_if_errors();
        }
        reg = build_registry(units, models, exemplars, problems);
        problems.throw_if_errors();
    };

    // The observations are read while the record tables are read and the registry built:
    // only looking their subjects up needs the registry, and together the two keep both
    // cores busy where each alone leaves one idle part of the time. The observations take
    // one thread while the models take two, unless they are the larger file (several
    // periods of a national dataset): on the national one (164 MB of models, 53 MB of
    // observations) this reads the folder in 841-882 ms instead of 1,019-1,032 ms, against
    // 914-938 ms with two threads for the observations too (docs/performance.md).
    //
    // What is reported is what reading one after the other reported: the record tables'
    // and the registry's problems first, the observations' only when those have none
    // (run_pieces rethrows the failure of the first piece first).
    const auto observations_path = folder / "observations.csv";
    std::optional<file_buffer> observations_text;
    std::optional<unresolved_observations> unresolved;
    run_pieces(2, [&](std::size_t k) {
        if (k == 0) {
            read_registry();
            return;
        }
        observations_text = read_optional(observations_path);
        if (observations_text) {
            std::error_code absent;
            const std::uintmax_t models_bytes =
                std::filesystem::file_size(folder / "models.csv", absent);
            observations_csv_options options;
            options.threads = !absent && observations_text->view().size() <= models_bytes ? 1 : 2;
            unresolved = read_observation_rows_csv(observations_text->view(),
                                                   observations_path.string(), options);
        }
    });

    dataset d;
    d.registry = std::move(reg);
    d.labels = std::move(labels);
    const auto read_the_rest = [&] {
        if (unresolved) {
            d.observations =
                resolve_observations(std::move(*unresolved), subject_resolver(d.registry));
            observations_text.reset();  // 50 MB for a national dataset, no longer read
        }
        const registry_sources where = sources_of(units, models, exemplars);
        if (type_rows.present) {
            const std::string types_file = (folder / "model-types.csv").string();
            diagnostic_list type_problems;
            d.model_types = build_model_types(
                std::move(type_rows.rows),
                [&](std::size_t i, std::size_t column) {
                    return source_location{types_file, type_rows.lines[i],
                                           type_rows.column[column - 1]};
                },
                d.registry, d.observations,
                [&](std::size_t m, std::size_t column) {
                    return where.locate(record_table::models, m, column);
                },
                type_problems);
            type_problems.throw_if_errors();
        }
        const auto decisions_path = folder / "decisions.csv";
        if (const auto decisions_text = read_optional(decisions_path)) {
            d.decisions =
                parse_decisions_csv(decisions_text->view(), decisions_path.string(), d.registry);
        }
    };
    // The registry's records are hashed on a thread of their own while the observations'
    // subjects are looked up, the rest of the folder is read and the observations are hashed
    // on this one: on the national dataset the two sides take about as long (163 ms for the
    // records; 70 ms to look up and 87 ms to hash the observations), where hashing after
    // reading put all three after the lookups (docs/performance.md, "hashed while read").
    // The other side only reads the registry, which this side no longer changes.
    std::string records;
    std::string observations;
    const registry& r = d.registry;
    run_pieces(2, [&](std::size_t k) {
        if (k == 1) {
            records = records_digest(r.units(), r.models(), r.exemplars());
            return;
        }
        read_the_rest();
        observations = observations_digest(d.observations);
    });
    d.content_hash = hash_dataset_with_digests(d, records, observations);
    return d;
}

std::string write_units_csv(const registry& r) {
    const auto units = r.units();
    if (std::any_of(units.begin(), units.end(),
                    [](const unit& u) { return !u.attributes.empty(); })) {
        return write_table(record_table::units, units);
    }
    // Without attributes, the four columns units.csv always had.
    std::string out = "id,kind,name,parent\n";
    for (const unit& u : units) {
        append_record(out, std::array<std::string, 4>{u.id, u.kind, u.name, u.parent});
    }
    return out;
}

std::string write_models_csv(const registry& r) {
    return write_table(record_table::models, r.models());
}

std::string write_exemplars_csv(const registry& r) {
    return write_table(record_table::exemplars, r.exemplars());
}

}  // namespace antq::detail
