// PostgreSQL through libpq: a query's whole result at once (PQexec), inserts by COPY.

#include "antq/database/connection.hpp"

#include "antq/io/csv.hpp"

#include <antq/database.hpp>

#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <cmath>
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

class pg_rows final : public rows {
  public:
    explicit pg_rows(result_ptr result) : result_(std::move(result)) {
        const int columns = PQnfields(result_.get());
        kinds_.resize(static_cast<std::size_t>(columns));
        for (int c = 0; c < columns; ++c) {
            kinds_[static_cast<std::size_t>(c)] = kind_of(PQftype(result_.get(), c));
        }
        count_ = PQntuples(result_.get());
    }

    [[nodiscard]] std::size_t column_count() const override { return kinds_.size(); }
    [[nodiscard]] std::string column_name(std::size_t column) const override {
        return PQfname(result_.get(), static_cast<int>(column));
    }
    bool next() override { return ++row_ < count_; }
    [[nodiscard]] cell get(std::size_t column) override {
        const int c = static_cast<int>(column);
        cell out;
        if (PQgetisnull(result_.get(), row_, c) != 0) {
            return out;
        }
        out.text = std::string_view(PQgetvalue(result_.get(), row_, c),
                                    static_cast<std::size_t>(PQgetlength(result_.get(), row_, c)));
        out.kind = kinds_[column];
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

  private:
    result_ptr result_;
    std::vector<value_kind> kinds_;
    int count_ = 0;
    int row_ = -1;
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
        result_ptr r(PQexec(conn_, sql.c_str()));
        check(r.get(), PGRES_TUPLES_OK, sql);
        return std::make_unique<pg_rows>(std::move(r));
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
