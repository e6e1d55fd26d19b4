// PostgreSQL through libpq: queries streamed row by row by `COPY (query) TO STDOUT`, inserts
// by COPY.

#include "antq/database/connection.hpp"

#include "antq/io/csv.hpp"

#include <antq/database.hpp>

#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace antq::detail::db {

namespace {

// Type oids of PostgreSQL's built-in types (pg_type.dat); they never change.
constexpr Oid bool_oid = 16;
constexpr Oid int8_oid = 20;
constexpr Oid int2_oid = 21;
constexpr Oid int4_oid = 23;
constexpr Oid oid_oid = 26;
constexpr Oid float4_oid = 700;
constexpr Oid float8_oid = 701;
constexpr Oid numeric_oid = 1700;

value_kind kind_of(Oid type) {
    switch (type) {
        case bool_oid:
            return value_kind::boolean;
        case int8_oid:
        case int2_oid:
        case int4_oid:
        case oid_oid:
        case float4_oid:
        case float8_oid:
        case numeric_oid:
            return value_kind::number;
        default:
            return value_kind::text;
    }
}

std::string trimmed(const char* message) {
    std::string text = message == nullptr ? "" : message;
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
        text.pop_back();
    }
    // libpq's messages may span lines ("connection to server ... failed: ..."); one line
    // reads better after "antq: error:".
    std::string line;
    for (const char c : text) {
        const bool space = c == '\n' || c == '\t' || c == ' ';
        if (!space) {
            line += c;
        } else if (!line.empty() && line.back() != ' ') {
            line += ' ';
        }
    }
    return line;
}

struct result_deleter {
    void operator()(PGresult* r) const { PQclear(r); }
};
using result_ptr = std::unique_ptr<PGresult, result_deleter>;

// A cell's text as PostgreSQL's text format gives it, typed by the column's type.
cell typed_cell(std::string_view text, value_kind kind) {
    cell out;
    out.text = text;
    out.kind = kind;
    if (out.kind == value_kind::boolean) {
        out.number = out.text == "t" ? 1.0 : 0.0;
        out.text = out.number != 0 ? "true" : "false";
    } else if (out.kind == value_kind::number) {
        const auto [end, error] =
            std::from_chars(out.text.data(), out.text.data() + out.text.size(), out.number);
        if (error != std::errc() || end != out.text.data() + out.text.size() ||
            !std::isfinite(out.number)) {
            // NaN or Infinity in a numeric column: a text, which checks then refuse.
            out.kind = value_kind::text;
        }
    }
    return out;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

// One field of COPY's text format with its backslash escapes undone (PostgreSQL's
// CopyReadAttributesText reads the same escapes).
void unescape_copy_text(std::string_view field, std::string& out) {
    out.clear();
    for (std::size_t i = 0; i < field.size(); ++i) {
        if (field[i] != '\\' || i + 1 == field.size()) {
            out += field[i];
            continue;
        }
        const char c = field[++i];
        switch (c) {
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case 'v':
                out += '\v';
                break;
            case 'x': {
                int v = 0;
                std::size_t digits = 0;
                while (digits < 2 && i + 1 < field.size() && hex_digit(field[i + 1]) >= 0) {
                    v = v * 16 + hex_digit(field[++i]);
                    ++digits;
                }
                out += digits == 0 ? 'x' : static_cast<char>(v);
                break;
            }
            default:
                if (c >= '0' && c <= '7') {
                    int v = c - '0';
                    for (int k = 0; k < 2 && i + 1 < field.size() && field[i + 1] >= '0' &&
                                    field[i + 1] <= '7';
                         ++k) {
                        v = v * 8 + (field[++i] - '0');
                    }
                    out += static_cast<char>(v);
                } else {
                    out += c;
                }
        }
    }
}

// The rows of `COPY (query) TO STDOUT`, one CopyData message per row, parsed in place:
// unlike PQexec, nothing holds the whole result, and the client reads rows while the
// server is still sending the rest. A failure the server reports while sending (a timeout,
// an error in a row's expression) ends the copy and is thrown by `next()`.
class pg_copy_rows final : public rows {
  public:
    using check_function = std::function<void(const PGresult*, ExecStatusType)>;

    pg_copy_rows(PGconn* conn, std::vector<std::string> names, std::vector<value_kind> kinds,
                 check_function check)
        : conn_(conn),
          names_(std::move(names)),
          kinds_(std::move(kinds)),
          check_(std::move(check)),
          fields_(kinds_.size()),
          nulls_(kinds_.size()),
          unescaped_(kinds_.size()) {}
    ~pg_copy_rows() override {
        free_row();
        if (done_) {
            return;
        }
        // Stopped before the end: the rest is read and dropped, so that the connection is
        // free for the next statement (or the rollback).
        char* data = nullptr;
        while (PQgetCopyData(conn_, &data, 0) > 0) {
            PQfreemem(data);
        }
        while (result_ptr more{PQgetResult(conn_)}) {
        }
    }
    pg_copy_rows(const pg_copy_rows&) = delete;
    pg_copy_rows& operator=(const pg_copy_rows&) = delete;

    [[nodiscard]] std::size_t column_count() const override { return kinds_.size(); }
    [[nodiscard]] std::string column_name(std::size_t column) const override {
        return names_[column];
    }

    bool next() override {
        free_row();
        if (done_) {
            return false;
        }
        const int length = PQgetCopyData(conn_, &row_, 0);
        if (length > 0) {
            split(std::string_view(row_, static_cast<std::size_t>(length)));
            return true;
        }
        row_ = nullptr;
        done_ = true;
        result_ptr r(PQgetResult(conn_));
        while (result_ptr more{PQgetResult(conn_)}) {
        }
        check_(r.get(), PGRES_COMMAND_OK);
        return false;
    }

    [[nodiscard]] cell get(std::size_t column) override {
        if (nulls_[column] != 0) {
            return {};
        }
        return typed_cell(fields_[column], kinds_[column]);
    }

  private:
    void free_row() {
        if (row_ != nullptr) {
            PQfreemem(row_);
            row_ = nullptr;
        }
    }

    void split(std::string_view line) {
        if (!line.empty() && line.back() == '\n') {
            line.remove_suffix(1);
        }
        std::size_t start = 0;
        for (std::size_t c = 0; c < fields_.size(); ++c) {
            const std::size_t tab = std::min(line.find('\t', start), line.size());
            const std::string_view field = line.substr(start, tab - start);
            start = tab + 1;
            nulls_[c] = field == "\\N" ? 1 : 0;
            if (field.find('\\') == std::string_view::npos) {
                fields_[c] = field;
            } else {
                unescape_copy_text(field, unescaped_[c]);
                fields_[c] = unescaped_[c];
            }
        }
    }

    PGconn* conn_;
    std::vector<std::string> names_;
    std::vector<value_kind> kinds_;
    check_function check_;
    char* row_ = nullptr;
    bool done_ = false;
    std::vector<std::string_view> fields_;
    std::vector<std::uint8_t> nulls_;
    std::vector<std::string> unescaped_;
};

// COPY's text format: backslash escapes for the characters that delimit rows and fields.
void append_copy_text(std::string& out, std::string_view text) {
    for (const char c : text) {
        switch (c) {
            case '\\':
                out += "\\\\";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                out += c;
        }
    }
}

class pg_connection final : public connection {
  public:
    pg_connection(std::string_view uri, const database_options& options) : name_(source_text(uri)) {
        const std::string timeout = std::to_string(options.connect_timeout.count());
        const std::string statement_timeout =
            "-c statement_timeout=" + std::to_string(options.statement_timeout.count() * 1000);
        const std::string dbname(uri);
        // Given before the URI, so that the URI's own values win over these defaults.
        const char* keys[] = {"connect_timeout", "options", "application_name", "dbname", nullptr};
        const char* values[] = {timeout.c_str(), statement_timeout.c_str(), "antq", dbname.c_str(),
                                nullptr};
        conn_ = PQconnectdbParams(keys, values, 1);
        if (conn_ == nullptr) {
            throw database_error("cannot connect to '" + name_ + "': out of memory");
        }
        if (PQstatus(conn_) != CONNECTION_OK) {
            const std::string why = trimmed(PQerrorMessage(conn_));
            PQfinish(conn_);
            conn_ = nullptr;
            throw database_error("cannot connect to '" + name_ + "': " + why);
        }
        PQsetClientEncoding(conn_, "UTF8");
        // Messages from the server in one language whatever the server's locale, and
        // notices ("table does not exist, skipping") kept off the terminal.
        PQsetNoticeProcessor(
            conn_, [](void*, const char*) {}, nullptr);
        execute("SET client_min_messages = warning");
        execute("SET DateStyle = 'ISO, YMD'");
        execute("SET extra_float_digits = 1");
    }
    ~pg_connection() override { PQfinish(conn_); }
    pg_connection(const pg_connection&) = delete;
    pg_connection& operator=(const pg_connection&) = delete;

    [[nodiscard]] const std::string& name() const override { return name_; }

    std::unique_ptr<rows> query(const std::string& sql) override {
        // The columns' names and types from the statement's description (COPY's text
        // gives neither), then its rows by COPY.
        {
            result_ptr r(PQprepare(conn_, "", sql.c_str(), 0, nullptr));
            check(r.get(), PGRES_COMMAND_OK, sql);
        }
        result_ptr described(PQdescribePrepared(conn_, ""));
        check(described.get(), PGRES_COMMAND_OK, sql);
        const int columns = PQnfields(described.get());
        std::vector<std::string> names;
        std::vector<value_kind> kinds;
        for (int c = 0; c < columns; ++c) {
            names.emplace_back(PQfname(described.get(), c));
            kinds.push_back(kind_of(PQftype(described.get(), c)));
        }
        {
            result_ptr r(PQexec(conn_, ("COPY (" + sql + ") TO STDOUT").c_str()));
            check(r.get(), PGRES_COPY_OUT, sql);
        }
        return std::make_unique<pg_copy_rows>(
            conn_, std::move(names), std::move(kinds),
            [this, sql](const PGresult* r, ExecStatusType expected) { check(r, expected, sql); });
    }

    void execute(const std::string& sql) override {
        result_ptr r(PQexec(conn_, sql.c_str()));
        const auto status = PQresultStatus(r.get());
        if (status != PGRES_TUPLES_OK) {
            check(r.get(), PGRES_COMMAND_OK, sql);
        }
    }

    bool table_exists(std::string_view table) override {
        std::string name;  // `schema.table` as two quoted names
        for (std::size_t start = 0; start <= table.size();) {
            const std::size_t dot = std::min(table.find('.', start), table.size());
            name += (name.empty() ? "" : ".") + quote_identifier(table.substr(start, dot - start));
            start = dot + 1;
        }
        auto r = query("SELECT to_regclass(" + quote_text(name) + ") IS NOT NULL");
        return r->next() && r->get(0).number != 0;
    }

    void insert(std::string_view table, std::span<const std::string_view> columns,
                std::size_t count,
                const std::function<void(std::size_t, std::span<value>)>& fill) override {
        std::string sql = "COPY " + quote_identifier(table) + " (";
        for (std::size_t c = 0; c < columns.size(); ++c) {
            sql += (c == 0 ? "" : ", ") + quote_identifier(columns[c]);
        }
        sql += ") FROM STDIN";
        {
            result_ptr r(PQexec(conn_, sql.c_str()));
            check(r.get(), PGRES_COPY_IN, sql);
        }
        std::vector<value> values(columns.size());
        std::string buffer;
        constexpr std::size_t flush_bytes = std::size_t{1} << 20;
        buffer.reserve(flush_bytes + 4096);
        bool sent = true;
        const auto send = [&] {
            if (sent && !buffer.empty()) {
                sent = PQputCopyData(conn_, buffer.data(), static_cast<int>(buffer.size())) == 1;
            }
            buffer.clear();
        };
        for (std::size_t row = 0; row < count && sent; ++row) {
            std::fill(values.begin(), values.end(), value{});
            try {
                fill(row, values);
            } catch (...) {
                PQputCopyEnd(conn_, "antq stopped the copy");
                result_ptr ignored(PQgetResult(conn_));
                while (result_ptr more{PQgetResult(conn_)}) {
                }
                throw;
            }
            for (std::size_t c = 0; c < values.size(); ++c) {
                if (c > 0) {
                    buffer += '\t';
                }
                const value& v = values[c];
                if (v.kind == value_kind::null ||
                    (v.kind == value_kind::number && std::isnan(v.number))) {
                    buffer += "\\N";
                } else if (v.kind == value_kind::number || v.kind == value_kind::boolean) {
                    append_value_text(buffer, v.number);
                } else {
                    append_copy_text(buffer, v.text);
                }
            }
            buffer += '\n';
            if (buffer.size() >= flush_bytes) {
                send();
            }
        }
        send();
        const bool ended = PQputCopyEnd(conn_, sent ? nullptr : "antq could not send") == 1;
        result_ptr r(PQgetResult(conn_));
        while (result_ptr more{PQgetResult(conn_)}) {
        }
        if (!ended) {
            throw database_error("the database '" + name_ + "': cannot insert into '" +
                                 std::string(table) + "': " + trimmed(PQerrorMessage(conn_)));
        }
        check(r.get(), PGRES_COMMAND_OK, "COPY into " + std::string(table));
    }

    [[nodiscard]] std::string_view number_type() const override { return "DOUBLE PRECISION"; }
    // Read committed would give each query its own snapshot: the tables of one dataset
    // could then come from before and after a write of the province's system.
    [[nodiscard]] std::string_view begin_snapshot() const override {
        return "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
    }
    // Readers go on; a second writer waits for the first to commit, then sees its run.
    [[nodiscard]] std::string begin_writing(std::string_view table) const override {
        return "BEGIN; LOCK TABLE " + quote_identifier(table) + " IN SHARE ROW EXCLUSIVE MODE";
    }
    [[nodiscard]] std::string text_order(std::string_view expression) const override {
        return "CAST(" + std::string(expression) + " AS TEXT) COLLATE \"C\"";
    }

  private:
    void check(const PGresult* r, ExecStatusType expected, const std::string& sql) {
        if (r != nullptr && PQresultStatus(r) == expected) {
            return;
        }
        std::string why =
            r == nullptr ? trimmed(PQerrorMessage(conn_)) : trimmed(PQresultErrorMessage(r));
        const char* state = r == nullptr ? nullptr : PQresultErrorField(r, PG_DIAG_SQLSTATE);
        if (state != nullptr && std::string_view(state) == "57014") {
            why += " (the statement timeout is set by antq's database options)";
        }
        if (PQstatus(conn_) == CONNECTION_BAD) {
            why += " (the connection was lost)";
        }
        throw database_error("the database '" + name_ + "': cannot run '" + sql.substr(0, 200) +
                             "': " + why);
    }

    PGconn* conn_ = nullptr;
    std::string name_;
};

}  // namespace

std::unique_ptr<connection> open_postgresql(std::string_view uri, const database_options& options) {
    return std::make_unique<pg_connection>(uri, options);
}

}  // namespace antq::detail::db
