// Fuzzes the CSV layer of datasets. The input is cut at form feeds (\f) into up to six
// files: units.csv, models.csv, exemplars.csv, observations.csv, decisions.csv and
// labels.csv (an input without a form feed is units.csv alone). Each file is read record
// by record with csv_reader, the fourth (or the last, when there are fewer) is read as
// observations of a small fixed registry, sequentially and on two threads, and the files
// are loaded as a dataset folder with load_dataset.
//
// Invariants:
// - csv_reader ends, records start on non-decreasing lines within the text, its offset
//   only moves forward, and a record read without problems writes back with
//   append_csv_field to a line that reads back to the same fields;
// - a cell read as a number by parse_number is finite and reads back the same from
//   append_number's text;
// - observations read sequentially and in parallel give equal tables or the same
//   diagnostics; a table read writes back with write_observations_csv to an equal table
//   (unless a text column holds only number-like cells: those come back as numbers);
// - only antq::error and its subclasses escape, and a refused input carries an error.

#include "fuzz_support.hpp"

#include <antq/dataset.hpp>
#include <antq/error.hpp>
#include <antq/observations.hpp>

#include "antq/dataset/observations_io.hpp"
#include "antq/io/csv.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace {

using antq::fuzz::check;

constexpr std::string_view registry_json = R"({
  "units": [
    {"id": "qb", "kind": "province", "name": "Quảng Bình"},
    {"id": "qt", "kind": "commune", "name": "Xã Quảng Trung", "parent": "qb"},
    {"id": "ch", "kind": "village", "name": "Thôn Công Hòa", "parent": "qt"}
  ],
  "models": [
    {"id": "m1", "name": "Tổ tự quản", "unit": "ch", "established": "2019-03-01"},
    {"id": "m2", "name": "Camera an ninh", "unit": "qt", "established": "2020-06-15"}
  ],
  "exemplars": [
    {"id": "e1", "name": "Nguyễn Văn An", "kind": "individual", "unit": "ch"}
  ]
})";

const antq::registry& fixed_registry() {
    static const antq::dataset data = antq::parse_dataset_json(registry_json, "registry.json");
    return data.registry;
}

std::vector<std::string_view> split_files(std::string_view input) {
    constexpr std::size_t max_files = 6;
    return antq::fuzz::split_at_form_feeds(input, max_files);
}

bool same_bits(double a, double b) {
    return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

void check_number(std::string_view cell) {
    if (cell.empty()) {
        return;
    }
    const std::optional<double> value = antq::detail::parse_number(cell);
    if (!value) {
        return;
    }
    check(std::isfinite(*value), "parse_number read a cell as an infinity or NaN");
    std::string printed;
    antq::detail::append_number(printed, *value);
    const std::optional<double> again = antq::detail::parse_number(printed);
    check(again.has_value() && same_bits(*again, *value),
          "append_number's text does not read back to the same number");
}

// Writes the record's fields as one line after a header line (so that a byte-order mark
// at the start of the first field is not taken for the file's) and reads them back.
void check_round_trip(const antq::detail::csv_record& record) {
    if (record.fields.size() == 1 && record.fields[0].empty()) {
        return;  // a line with one empty field is a blank line, which readers skip
    }
    std::string text = "header\n";
    for (std::size_t f = 0; f < record.fields.size(); ++f) {
        if (f > 0) {
            text += ',';
        }
        antq::detail::append_csv_field_verbatim(text, record.fields[f]);
    }
    text += '\n';
    antq::detail::csv_reader reader(text, "round-trip.csv");
    antq::detail::csv_record header;
    antq::detail::csv_record again;
    antq::diagnostic_list problems;
    check(reader.next(header, problems), "the round trip's header line is lost");
    check(reader.next(again, problems) && again.ok && !problems.has_errors(),
          "a written record does not read back");
    check(again.fields == record.fields, "a written record reads back with other fields");
    check(!reader.next(again, problems), "a written record reads back as several");
}

void check_reader(std::string_view text) {
    antq::detail::csv_reader reader(text, "fuzz.csv");
    antq::detail::csv_record record;
    antq::diagnostic_list problems;
    const std::size_t lines = antq::fuzz::line_count(text);
    std::size_t previous_line = 0;
    std::size_t previous_offset = 0;
    std::size_t records = 0;
    std::size_t reported = 0;
    while (reader.next(record, problems)) {
        check(record.ok || problems.items().size() > reported,
              "a record with a syntax error was not reported");
        for (; reported < problems.items().size(); ++reported) {
            const antq::diagnostic& d = problems.items()[reported];
            check(d.where.file == "fuzz.csv" && d.where.line >= 1 && d.where.line <= lines &&
                      !d.message.empty(),
                  "a CSV problem does not name its place in the text");
        }
        check(++records <= text.size() + 1,
              "csv_reader gives more records than the text has bytes");
        check(record.line >= 1 && record.line <= lines,
              "a record starts on a line outside the text");
        check(record.line >= previous_line, "records go back in lines");
        check(reader.offset() > previous_offset && reader.offset() <= text.size(),
              "csv_reader's offset does not move forward within the text");
        previous_line = record.line;
        previous_offset = reader.offset();
        for (const std::string_view field : record.fields) {
            check_number(field);
        }
        if (record.ok) {
            check(std::all_of(record.fields.begin(), record.fields.end(),
                              [](std::string_view f) { return antq::fuzz::is_valid_utf8(f); }),
                  "a record read without problems holds invalid UTF-8");
            check_round_trip(record);
        }
    }
}

using observations_outcome = std::variant<antq::observation_table, std::vector<antq::diagnostic>>;

observations_outcome read_observations(std::string_view text,
                                       const antq::detail::subject_resolver& subjects,
                                       unsigned threads) {
    antq::detail::observations_csv_options options;
    options.threads = threads;
    options.min_parallel_bytes = 0;
    try {
        return antq::detail::parse_observations_csv(text, "observations.csv", subjects, options);
    } catch (const antq::input_error& e) {
        check(!e.diagnostics().empty(), "refused observations carry no diagnostic");
        return e.diagnostics();
    }
}

// Whether a written table reads back equal: not when a text column holds only cells that
// look like numbers (see observation_column).
bool reads_back_equal(const antq::observation_table& table) {
    return std::none_of(table.columns().begin(), table.columns().end(), [](const auto& column) {
        if (column.type != antq::observation_column::kind::text) {
            return false;
        }
        for (std::size_t row = 0; row < column.texts.size(); ++row) {
            if (!column.is_missing(row) && !antq::detail::parse_number(column.texts[row])) {
                return false;
            }
        }
        return true;
    });
}

void check_observations(std::string_view text) {
    const antq::detail::subject_resolver subjects(fixed_registry());
    const observations_outcome sequential = read_observations(text, subjects, 1);
    const observations_outcome parallel = read_observations(text, subjects, 2);
    check(sequential.index() == parallel.index(),
          "observations read sequentially and in parallel: one refused, one not");
    if (const auto* problems = std::get_if<1>(&sequential)) {
        check(*problems == std::get<1>(parallel),
              "observations read sequentially and in parallel give other diagnostics");
        return;
    }
    const auto& table = std::get<0>(sequential);
    check(table == std::get<0>(parallel), "observations read sequentially and in parallel differ");
    if (!reads_back_equal(table)) {
        return;
    }
    const std::string written = antq::detail::write_observations_csv(table);
    const observations_outcome again = read_observations(written, subjects, 1);
    check(again.index() == 0, "written observations do not read back");
    check(std::get<0>(again) == table, "written observations read back different");
}

void check_folder(const std::vector<std::string_view>& files) {
    constexpr std::string_view names[] = {"units.csv",        "models.csv",    "exemplars.csv",
                                          "observations.csv", "decisions.csv", "labels.csv"};
    const std::filesystem::path& folder = antq::fuzz::scratch_folder("csv-fuzzer");
    for (std::size_t f = 0; f < std::size(names); ++f) {
        const auto file = folder / names[f];
        if (f < files.size()) {
            antq::fuzz::write_file(file, files[f]);
        } else {
            std::filesystem::remove(file);
        }
    }
    try {
        const antq::dataset data = antq::load_dataset(folder);
        check(data.content_hash.size() == 64, "a loaded dataset has no content hash");
    } catch (const antq::input_error& e) {
        check(!e.diagnostics().empty(), "a refused dataset carries no diagnostic");
    } catch (const antq::error&) {
        // Any other of the library's errors is a clean refusal too.
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::vector<std::string_view> files = split_files(antq::fuzz::as_text(data, size));
    for (const std::string_view file : files) {
        check_reader(file);
    }
    constexpr std::size_t observations_file = 3;
    check_observations(files[std::min(observations_file, files.size() - 1)]);
    check_folder(files);
    return 0;
}
