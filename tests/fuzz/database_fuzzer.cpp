// Fuzzes the database readers: rows of an SQLite file read as a dataset, in antq's own
// layout and through a mapping file. The input is cut at form feeds (\f) into a mapping
// file and up to eight tables. A table's part is its name on the first line, then CSV: a
// header of column names (each optionally `name:TYPE`, the declared SQLite type) and rows.
// A cell is bound as SQL NULL when empty, as an integer or a real when it reads as one
// (strtoll / strtod over the whole cell), as a blob when it starts with `\b` (the rest of
// the cell), and as text otherwise. The fuzzer writes the tables into a fresh SQLite file
// with SQLite's C API, as a province's system would, then reads it.
//
// The mapping file is the first part with `connection: sqlite:fuzz.db` put before it; an
// empty first part, or one that names a connection of its own (which could reach a server
// or a file outside the scratch folder), is not read.
//
// Invariants:
// - only antq::error and its subclasses escape the readers; a refused dataset carries
//   diagnostics, each with a message;
// - a dataset read in antq's own layout has a content hash, and imported into another
//   SQLite file (import_dataset) reads back equal, with the same hash.

#include "fuzz_support.hpp"

#include <antq/database.hpp>
#include <antq/dataset.hpp>
#include <antq/error.hpp>

#include "antq/io/csv.hpp"

#include <sqlite3.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

using antq::fuzz::check;

constexpr std::size_t max_parts = 9;  // the mapping file and eight tables

struct close_database {
    void operator()(sqlite3* db) const { sqlite3_close(db); }
};
using database = std::unique_ptr<sqlite3, close_database>;

struct finalize_statement {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using statement = std::unique_ptr<sqlite3_stmt, finalize_statement>;

std::string quoted(std::string_view name) {
    std::string out = "\"";
    for (const char c : name) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    out += '"';
    return out;
}

std::optional<std::int64_t> as_integer(const std::string& cell) {
    errno = 0;
    char* end = nullptr;
    const long long value = std::strtoll(cell.c_str(), &end, 10);
    if (errno != 0 || end != cell.c_str() + cell.size()) {
        return std::nullopt;
    }
    return value;
}

std::optional<double> as_real(const std::string& cell) {
    char* end = nullptr;
    const double value = std::strtod(cell.c_str(), &end);
    if (end != cell.c_str() + cell.size()) {
        return std::nullopt;
    }
    return value;
}

bool bind_cell(sqlite3_stmt* insert, int index, const std::string& cell) {
    if (cell.empty()) {
        return sqlite3_bind_null(insert, index) == SQLITE_OK;
    }
    if (cell.starts_with("\\b")) {
        return sqlite3_bind_blob(insert, index, cell.data() + 2, static_cast<int>(cell.size() - 2),
                                 SQLITE_TRANSIENT) == SQLITE_OK;
    }
    if (const auto integer = as_integer(cell)) {
        return sqlite3_bind_int64(insert, index, *integer) == SQLITE_OK;
    }
    if (const auto real = as_real(cell)) {
        return sqlite3_bind_double(insert, index, *real) == SQLITE_OK;
    }
    return sqlite3_bind_text(insert, index, cell.data(), static_cast<int>(cell.size()),
                             SQLITE_TRANSIENT) == SQLITE_OK;
}

// Creates and fills one table from its part; false when SQLite refuses it (a name or a
// header it cannot take), which is not the code under test.
bool write_table(sqlite3* db, std::string_view part) {
    const std::size_t newline = part.find('\n');
    if (newline == std::string_view::npos || newline == 0) {
        return false;
    }
    const std::string_view name = part.substr(0, newline);
    antq::detail::csv_reader reader(part.substr(newline + 1), "table.csv");
    antq::detail::csv_record record;
    antq::diagnostic_list problems;
    if (!reader.next(record, problems) || !record.ok) {
        return false;
    }
    std::string create = "CREATE TABLE " + quoted(name) + " (";
    std::string insert_text = "INSERT INTO " + quoted(name) + " VALUES (";
    for (std::size_t c = 0; c < record.fields.size(); ++c) {
        const std::string_view field = record.fields[c];
        const std::size_t colon = field.find(':');
        create += (c > 0 ? ", " : "") + quoted(field.substr(0, colon));
        if (colon != std::string_view::npos) {
            create += ' ';
            create += field.substr(colon + 1);
        }
        insert_text += c > 0 ? ", ?" : "?";
    }
    create += ")";
    insert_text += ")";
    if (sqlite3_exec(db, create.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
        return false;
    }
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, insert_text.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
        return false;
    }
    const statement insert(raw);
    const std::size_t columns = record.fields.size();
    while (reader.next(record, problems)) {
        if (!record.ok || record.fields.size() != columns) {
            continue;  // rows SQLite could not hold as they are
        }
        sqlite3_reset(insert.get());
        for (std::size_t c = 0; c < columns; ++c) {
            if (!bind_cell(insert.get(), static_cast<int>(c + 1), std::string(record.fields[c]))) {
                return false;
            }
        }
        if (sqlite3_step(insert.get()) != SQLITE_DONE) {
            return false;
        }
    }
    return true;
}

// Writes the tables into `file`, made afresh; false when SQLite refuses any of them.
bool write_database(const std::filesystem::path& file,
                    const std::vector<std::string_view>& tables) {
    std::filesystem::remove(file);
    sqlite3* raw = nullptr;
    const int opened =
        sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    const database db(raw);
    if (opened != SQLITE_OK) {
        return false;
    }
    sqlite3_exec(db.get(), "BEGIN", nullptr, nullptr, nullptr);
    for (const std::string_view table : tables) {
        if (!write_table(db.get(), table)) {
            return false;
        }
    }
    return sqlite3_exec(db.get(), "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}

// Reads with `read`; the dataset, or nothing when it was refused as antq refuses.
template <typename Read>
std::optional<antq::dataset> read_checked(Read read) {
    try {
        return read();
    } catch (const antq::input_error& e) {
        check(!e.diagnostics().empty(), "a refused dataset carries no diagnostic");
        for (const antq::diagnostic& d : e.diagnostics()) {
            check(!d.message.empty(), "a database problem has no message");
        }
    } catch (const antq::error& e) {
        check(*e.what() != '\0', "a database error has no message");
    }
    return std::nullopt;
}

void check_own_layout(const std::filesystem::path& folder) {
    const std::string source = "sqlite:" + (folder / "fuzz.db").string();
    const std::optional<antq::dataset> data =
        read_checked([&] { return antq::load_dataset_from_database(source); });
    if (!data) {
        return;
    }
    check(data->content_hash.size() == 64, "a dataset read from a database has no content hash");
    const std::filesystem::path copy = folder / "copy.db";
    std::filesystem::remove(copy);
    antq::import_dataset(*data, "sqlite:" + copy.string());
    const std::optional<antq::dataset> again =
        read_checked([&] { return antq::load_dataset_from_database("sqlite:" + copy.string()); });
    check(again.has_value(), "an imported dataset does not read back");
    check(*again == *data, "an imported dataset reads back different");
    check(again->content_hash == data->content_hash,
          "an imported dataset reads back with another hash");
}

void check_mapping(const std::filesystem::path& folder, std::string_view mapping) {
    if (mapping.empty() || mapping.find("connection") != std::string_view::npos) {
        return;
    }
    const std::filesystem::path file = folder / "fuzz.antq.yaml";
    std::string text = "connection: sqlite:fuzz.db\n";
    text += mapping;
    antq::fuzz::write_file(file, text);
    read_checked([&] { return antq::load_dataset_with_mapping(file); });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<std::string_view> parts =
        antq::fuzz::split_at_form_feeds(antq::fuzz::as_text(data, size), max_parts);
    const std::string_view mapping = parts.front();
    parts.erase(parts.begin());
    const std::filesystem::path& folder = antq::fuzz::scratch_folder("database-fuzzer");
    if (!write_database(folder / "fuzz.db", parts)) {
        return 0;
    }
    check_own_layout(folder);
    check_mapping(folder, mapping);
    return 0;
}
