#include "antq/dataset/observations_io.hpp"

#include "antq/dataset/observations_index.hpp"
#include "antq/io/csv.hpp"
#include "antq/parallel.hpp"

#include <antq/period.hpp>

#include <algorithm>
#include <cstring>
#include <deque>
#include <exception>
#include <functional>
#include <optional>
#include <thread>
#include <tuple>
#include <unordered_map>

namespace antq::detail {

subject_resolver::subject_resolver(const registry& r)
    : registry_(&r),
      units_(r.units().size()),
      models_(r.models().size()),
      exemplars_(r.exemplars().size()) {}

const std::string& subject_resolver::id_of(std::uint32_t key) const {
    if (key < units_) {
        return registry_->units()[key].id;
    }
    if (key < units_ + models_) {
        return registry_->models()[key - units_].id;
    }
    return registry_->exemplars()[key - units_ - models_].id;
}

std::uint32_t subject_resolver::resolve(std::string_view id, std::uint32_t& hint) const {
    if (hint < key_count() && id_of(hint) == id) {
        return hint++;
    }
    std::uint32_t key = none;
    if (const auto m = registry_->find_model(id)) {
        key = static_cast<std::uint32_t>(units_ + *m);
    } else if (const auto u = registry_->find_unit(id)) {
        key = *u;
    } else if (const auto e = registry_->find_exemplar(id)) {
        key = static_cast<std::uint32_t>(units_ + models_ + *e);
    }
    if (key != none) {
        hint = key + 1;
    }
    return key;
}

std::optional<observation_table> finish_observations(observation_rows rows,
                                                     const subject_resolver& subjects,
                                                     const observation_places& places,
                                                     diagnostic_list& problems) {
    const std::size_t row_count = rows.keys.size();
    // Subjects are numbered in order of first use, which keeps a table read back from its
    // own output identical.
    std::vector<std::uint32_t> subject_of_key(subjects.key_count(), subject_resolver::none);
    std::vector<std::string> subject_ids;
    std::vector<std::uint32_t> row_subject(row_count);
    for (std::size_t r = 0; r < row_count; ++r) {
        std::uint32_t& s = subject_of_key[rows.keys[r]];
        if (s == subject_resolver::none) {
            s = static_cast<std::uint32_t>(subject_ids.size());
            subject_ids.push_back(subjects.id_of(rows.keys[r]));
        }
        row_subject[r] = s;
    }
    std::vector<std::uint8_t> label_checked(rows.labels.size(), 0);
    for (std::size_t r = 0; r < row_count; ++r) {
        const std::uint32_t p = rows.periods[r];
        if (label_checked[p] != 0) {
            continue;
        }
        label_checked[p] = 1;
        try {
            static_cast<void>(period::parse(rows.labels[p]));
        } catch (const usage_error& e) {
            problems.add(places.cell(r, true), e.what());
        }
    }
    auto index = index_rows_by_subject(row_subject, subject_ids.size());
    for (const auto& repeat : find_repeated_rows(index, rows.periods, rows.labels.size())) {
        problems.add(places.cell(repeat.row, false),
                     "repeated observation for subject '" + subject_ids[row_subject[repeat.row]] +
                         "' in period '" + rows.labels[rows.periods[repeat.row]] + "' (first " +
                         places.describe(repeat.first) + ")");
    }
    if (problems.has_errors()) {
        return std::nullopt;
    }
    // Everything the public constructor checks holds by construction here: subjects are
    // distinct registry records, labels are distinct, repeated rows were looked for above.
    return adopt_observations(std::move(subject_ids), std::move(rows.labels),
                              std::move(row_subject), std::move(rows.periods),
                              std::move(rows.columns), std::move(index));
}

// Where observations.csv keeps what: named outside an anonymous namespace because
// `unresolved_observations::parts` holds one.
struct observations_csv_header {
    std::size_t line = 1;
    std::size_t field_count = 0;
    std::size_t subject_field = 0;
    std::size_t period_field = 0;
    std::vector<std::size_t> indicator_fields;
    std::vector<std::string> indicator_names;
};

namespace {

observations_csv_header read_header(csv_reader& reader, diagnostic_list& problems) {
    observations_csv_header header;
    csv_record record;
    if (!reader.next(record, problems)) {
        problems.add({reader.file(), 1, 0},
                     "empty file: expected the header row 'subject,period,<indicator>...'");
        return header;
    }
    header.line = record.line;
    header.field_count = record.fields.size();
    if (!record.ok) {
        return header;
    }
    constexpr std::size_t absent = static_cast<std::size_t>(-1);
    header.subject_field = absent;
    header.period_field = absent;
    // Hashed, so that a header of many columns is checked in linear time.
    std::unordered_map<std::string_view, std::size_t> first_field;
    first_field.reserve(record.fields.size());
    for (std::size_t f = 0; f < record.fields.size(); ++f) {
        const std::string_view name = record.fields[f];
        const source_location at{reader.file(), record.line, f + 1};
        if (name.empty()) {
            problems.add(at, "empty column name");
            continue;
        }
        const auto [earlier, first] = first_field.emplace(name, f);
        if (!first) {
            problems.add(at, "repeated column '" + std::string(name) + "' (first in column " +
                                 std::to_string(earlier->second + 1) + ")");
            continue;
        }
        if (name == "subject") {
            header.subject_field = f;
        } else if (name == "period") {
            header.period_field = f;
        } else {
            header.indicator_fields.push_back(f);
            header.indicator_names.emplace_back(name);
        }
    }
    if (header.subject_field == absent) {
        problems.add({reader.file(), record.line, 0}, "missing column 'subject'");
    }
    if (header.period_field == absent) {
        problems.add({reader.file(), record.line, 0}, "missing column 'period'");
    }
    return header;
}

// Whether `part` is a view into `whole` (a field read as it is), rather than into a
// record's own storage (a quoted field, unescaped).
bool lies_within(std::string_view part, std::string_view whole) {
    const std::less_equal<const char*> at_or_before;
    return at_or_before(whole.data(), part.data()) &&
           at_or_before(part.data() + part.size(), whole.data() + whole.size());
}

// What one thread read from its share of the rows. Lines are relative to the share's
// first line until the shares are put together.
struct chunk_result {
    std::vector<std::string_view> subjects;  ///< into the text, or into `unescaped`
    std::vector<std::uint32_t> periods;
    std::vector<std::string_view> labels;  ///< into the text, or into `unescaped`
    /// Subjects and labels read from quoted cells: their unescaped text lives in the record
    /// the reader reuses for the next row, so a copy is kept here (a deque: copies stay put,
    /// also when the deque itself is moved).
    std::deque<std::string> unescaped;
    std::vector<std::vector<double>> numbers;
    std::vector<std::uint8_t> not_number;  // per indicator: a cell was neither number nor bool
    std::vector<std::size_t> lines;
    diagnostic_list problems;
    bool syntax_problems = false;
    std::size_t end_line = 1;
};

// `room_for` is the number of bytes whose rows `out` should make room for: the first share
// makes room for every share's rows, so that the others are appended to its columns
// without moving them.
//
// Every well-formed row is kept, with its subject as written: whether the subject is an id
// of the registry, and whether the row has a subject and a period at all, is checked when
// the rows are resolved (`resolve_observations`).
void parse_chunk(std::string_view text, std::size_t first_line,
                 const observations_csv_header& header, const std::string& file,
                 std::size_t room_for, chunk_result& out) {
    const std::size_t indicators = header.indicator_fields.size();
    out.numbers.assign(indicators, {});
    out.not_number.assign(indicators, 0);
    csv_reader reader(text, file, first_line, csv_reader::origin::record);
    csv_record record;
    record.fields.reserve(header.field_count + 8);
    std::uint32_t last_label = 0;
    std::unordered_map<std::string_view, std::uint32_t> label_index;  // label -> out.labels
    std::size_t rows = 0;
    bool reserved = false;
    while (reader.next(record, out.problems)) {
        if (!record.ok) {
            out.syntax_problems = true;
            continue;
        }
        if (!check_field_count(record, header.field_count, file, out.problems)) {
            continue;
        }
        const std::string_view subject = record.fields[header.subject_field];
        const std::string_view label = record.fields[header.period_field];
        if (last_label >= out.labels.size() || out.labels[last_label] != label) {
            // Hashed: a file of many distinct labels must not cost labels times rows.
            const auto found = label_index.find(label);
            if (found != label_index.end()) {
                last_label = found->second;
            } else {
                const std::string_view kept =
                    lies_within(label, text) ? label
                                             : std::string_view(out.unescaped.emplace_back(label));
                last_label = static_cast<std::uint32_t>(out.labels.size());
                label_index.emplace(kept, last_label);
                out.labels.push_back(kept);
            }
        }
        out.subjects.push_back(lies_within(subject, text)
                                   ? subject
                                   : std::string_view(out.unescaped.emplace_back(subject)));
        out.periods.push_back(last_label);
        out.lines.push_back(record.line);
        for (std::size_t j = 0; j < indicators; ++j) {
            const std::string_view cell = record.fields[header.indicator_fields[j]];
            double value = missing_value;
            if (!cell.empty()) {
                if (const auto number = parse_number(cell)) {
                    value = *number;
                } else {
                    out.not_number[j] = 1;
                }
            }
            out.numbers[j].push_back(value);
        }
        // Once the size of a row is known, make room for the whole share at once.
        if (++rows == 256 && !reserved) {
            reserved = true;
            const double per_row = static_cast<double>(reader.offset()) / 256.0;
            const auto expected =
                static_cast<std::size_t>(static_cast<double>(room_for) / per_row * 1.05) + 16;
            out.subjects.reserve(expected);
            out.periods.reserve(expected);
            out.lines.reserve(expected);
            for (auto& column : out.numbers) {
                column.reserve(expected);
            }
        }
    }
    out.end_line = reader.line();
}

// Reads the text cells of the columns that are not numbers, in a second pass over rows
// already known to be well-formed.
void read_text_columns(std::string_view data, std::size_t first_line,
                       const observations_csv_header& header, const std::string& file,
                       std::vector<observation_column>& columns, std::size_t row_count) {
    std::vector<std::size_t> text_columns;
    for (std::size_t j = 0; j < columns.size(); ++j) {
        if (columns[j].type == observation_column::kind::text) {
            text_columns.push_back(j);
            columns[j].texts.reserve(row_count);
            columns[j].present.reserve(row_count);
        }
    }
    if (text_columns.empty()) {
        return;
    }
    csv_reader reader(data, file, first_line, csv_reader::origin::record);
    csv_record record;
    diagnostic_list ignored;
    while (reader.next(record, ignored)) {
        for (const std::size_t j : text_columns) {
            const std::string_view cell = record.fields[header.indicator_fields[j]];
            columns[j].texts.emplace_back(cell);
            columns[j].present.push_back(cell.empty() ? 0 : 1);
        }
    }
}

}  // namespace

struct unresolved_observations::parts {
    std::string file;
    std::string_view data;  ///< the text after the header
    std::size_t data_line = 1;
    observations_csv_header header;
    std::vector<std::string_view> subjects;          ///< per row, as written
    std::vector<std::size_t> lines;                  ///< per row, of the whole file
    std::vector<std::size_t> share_ends;             ///< the row after each share's last
    std::vector<std::deque<std::string>> unescaped;  ///< each share's quoted cells
    observation_rows rows;                           ///< keys not set yet
    diagnostic_list problems;
};

unresolved_observations::unresolved_observations(std::unique_ptr<parts> found)
    : found_(std::move(found)) {}
unresolved_observations::unresolved_observations(unresolved_observations&&) noexcept = default;
unresolved_observations& unresolved_observations::operator=(unresolved_observations&&) noexcept =
    default;
unresolved_observations::~unresolved_observations() = default;

namespace {

unresolved_observations read_rows_with(std::string_view text, const std::string& file,
                                       unsigned threads, std::size_t min_parallel_bytes) {
    auto found = std::make_unique<unresolved_observations::parts>();
    unresolved_observations::parts& out = *found;
    out.file = file;
    csv_reader header_reader(text, file);
    out.header = read_header(header_reader, out.problems);
    if (out.problems.has_errors()) {
        out.problems.throw_if_errors();
    }
    const observations_csv_header& header = out.header;
    out.data = text.substr(header_reader.offset());
    out.data_line = header_reader.line();

    const unsigned parts = out.data.size() < min_parallel_bytes ? 1 : std::max(threads, 1U);
    const auto shares = split_csv_records(out.data, parts);
    std::vector<chunk_result> results(shares.size());
    run_pieces(shares.size(), [&](std::size_t k) {
        // The first share makes room for every share's rows (see parse_chunk).
        parse_chunk(shares[k], k == 0 ? out.data_line : 1, header, file,
                    k == 0 ? out.data.size() : shares[k].size(), results[k]);
    });
    const bool syntax_problems = std::any_of(
        results.begin(), results.end(), [](const chunk_result& r) { return r.syntax_problems; });
    if (syntax_problems && shares.size() > 1) {
        // A quote out of place may have split a record: read again in one piece.
        return read_rows_with(text, file, 1, min_parallel_bytes);
    }

    // Put the shares together: lines become lines of the whole file, labels one list.
    observation_rows& rows = out.rows;
    std::unordered_map<std::string_view, std::uint32_t> all_labels;  // label -> rows.labels
    std::size_t next_line = out.data_line;
    for (std::size_t k = 0; k < results.size(); ++k) {
        chunk_result& part = results[k];
        const std::size_t shift = k == 0 ? 0 : next_line - 1;
        next_line = part.end_line + shift;
        for (auto d : part.problems.take()) {
            d.where.line += shift;
            out.problems.add(std::move(d));
        }
        std::vector<std::uint32_t> label_map(part.labels.size());
        for (std::size_t l = 0; l < part.labels.size(); ++l) {
            const auto it =
                all_labels.emplace(part.labels[l], static_cast<std::uint32_t>(rows.labels.size()))
                    .first;
            label_map[l] = it->second;
            if (it->second == rows.labels.size()) {
                rows.labels.emplace_back(part.labels[l]);
            }
        }
        for (auto& p : part.periods) {
            p = label_map[p];
        }
        for (auto& line : part.lines) {
            line += shift;
        }
        if (k == 0) {
            out.subjects = std::move(part.subjects);
            rows.periods = std::move(part.periods);
            out.lines = std::move(part.lines);
        } else {
            out.subjects.insert(out.subjects.end(), part.subjects.begin(), part.subjects.end());
            rows.periods.insert(rows.periods.end(), part.periods.begin(), part.periods.end());
            out.lines.insert(out.lines.end(), part.lines.begin(), part.lines.end());
        }
        out.share_ends.push_back(out.subjects.size());
        out.unescaped.push_back(std::move(part.unescaped));
    }

    const std::size_t indicators = header.indicator_names.size();
    rows.columns.resize(indicators);
    for (std::size_t j = 0; j < indicators; ++j) {
        observation_column& column = rows.columns[j];
        column.name = header.indicator_names[j];
        const bool text_column =
            std::any_of(results.begin(), results.end(),
                        [j](const chunk_result& r) { return r.not_number[j] != 0; });
        if (text_column) {
            column.type = observation_column::kind::text;
            continue;
        }
        column.numbers = std::move(results[0].numbers[j]);
        for (std::size_t k = 1; k < results.size(); ++k) {
            column.numbers.insert(column.numbers.end(), results[k].numbers[j].begin(),
                                  results[k].numbers[j].end());
        }
    }
    return unresolved_observations(std::move(found));
}

// Keeps the rows whose `keys` are not `subject_resolver::none`, in their order, so that
// the checks of the whole table see only rows it could hold. Text columns are read later,
// from the kept rows only, so only number columns have cells to drop.
void drop_unresolved_rows(unresolved_observations::parts& found) {
    auto& rows = found.rows;
    std::size_t kept = 0;
    for (std::size_t r = 0; r < rows.keys.size(); ++r) {
        if (rows.keys[r] == subject_resolver::none) {
            continue;
        }
        rows.keys[kept] = rows.keys[r];
        rows.periods[kept] = rows.periods[r];
        found.lines[kept] = found.lines[r];
        for (auto& column : rows.columns) {
            if (column.type == observation_column::kind::number) {
                column.numbers[kept] = column.numbers[r];
            }
        }
        ++kept;
    }
    rows.keys.resize(kept);
    rows.periods.resize(kept);
    found.lines.resize(kept);
    for (auto& column : rows.columns) {
        if (column.type == observation_column::kind::number) {
            column.numbers.resize(kept);
        }
    }
}

}  // namespace

unresolved_observations read_observation_rows_csv(std::string_view text, const std::string& file,
                                                  const observations_csv_options& options) {
    return read_rows_with(text, file, options.threads, options.min_parallel_bytes);
}

observation_table resolve_observations(unresolved_observations unresolved,
                                       const subject_resolver& subjects) {
    auto& found = unresolved.found();
    const std::string& file = found.file;
    const observations_csv_header& header = found.header;
    observation_rows& rows = found.rows;
    const std::size_t subject_column = header.subject_field + 1;
    const std::size_t period_column = header.period_field + 1;

    // Each share is looked up on a thread of its own, the next subject expected after the
    // last (files list subjects in the registry's order), as it was read.
    rows.keys.resize(found.subjects.size());
    std::vector<diagnostic_list> share_problems(found.share_ends.size());
    run_pieces(found.share_ends.size(), [&](std::size_t k) {
        std::uint32_t hint = 0;
        for (std::size_t r = k == 0 ? 0 : found.share_ends[k - 1]; r < found.share_ends[k]; ++r) {
            rows.keys[r] = check_observation_key(
                found.subjects[r], rows.labels[rows.periods[r]], subjects, hint,
                [&] {
                    return source_location{file, found.lines[r], subject_column};
                },
                [&] {
                    return source_location{file, found.lines[r], period_column};
                },
                share_problems[k]);
        }
    });
    diagnostic_list& problems = found.problems;
    for (auto& list : share_problems) {
        for (auto& d : list.take()) {
            problems.add(std::move(d));
        }
    }
    if (std::find(rows.keys.begin(), rows.keys.end(), subject_resolver::none) != rows.keys.end()) {
        drop_unresolved_rows(found);
    }
    if (!problems.has_errors()) {
        read_text_columns(found.data, found.data_line, header, file, rows.columns,
                          rows.keys.size());
    }

    const observation_places places{
        [&](std::size_t row, bool period_cell) {
            return source_location{file, found.lines[row],
                                   period_cell ? period_column : subject_column};
        },
        [&](std::size_t row) { return "on line " + std::to_string(found.lines[row]); }};
    auto table = finish_observations(std::move(rows), subjects, places, problems);
    if (table) {
        std::vector<std::size_t> fields(header.indicator_fields.size());
        for (std::size_t j = 0; j < fields.size(); ++j) {
            fields[j] = header.indicator_fields[j] + 1;
        }
        set_cell_places(*table, {file, std::move(found.lines), std::move(fields), false});
        return std::move(*table);
    }
    std::vector<diagnostic> all = problems.take();
    std::stable_sort(all.begin(), all.end(), [](const diagnostic& a, const diagnostic& b) {
        return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
    });
    throw input_error(std::move(all));
}

observation_table parse_observations_csv(std::string_view text, const std::string& file,
                                         const subject_resolver& subjects,
                                         const observations_csv_options& options) {
    return resolve_observations(read_observation_rows_csv(text, file, options), subjects);
}

std::string write_observations_csv(const observation_table& table) {
    const auto columns = table.columns();
    std::string out;
    out.reserve(table.row_count() * (16 + columns.size() * 4) + 64);
    out += "subject,period";
    for (const auto& column : columns) {
        out += ',';
        append_csv_field_verbatim(out, column.name);
    }
    out += '\n';
    const auto subjects = table.subject_ids();
    const auto labels = table.period_labels();
    const auto row_subjects = table.row_subjects();
    const auto row_periods = table.row_periods();
    for (std::size_t r = 0; r < table.row_count(); ++r) {
        append_csv_field_verbatim(out, subjects[row_subjects[r]]);
        out += ',';
        append_csv_field_verbatim(out, labels[row_periods[r]]);
        for (const auto& column : columns) {
            out += ',';
            if (column.is_missing(r)) {
                continue;
            }
            if (column.type == observation_column::kind::number) {
                append_number(out, column.numbers[r]);
            } else {
                append_csv_field_verbatim(out, column.texts[r]);
            }
        }
        out += '\n';
    }
    return out;
}

}  // namespace antq::detail
