// SQLite through its own C API: one file, prepared statements, a progress handler for the
// statement timeout.

#include "antq/database/connection.hpp"

#include "antq/io/csv.hpp"

#include <sqlite3.h>

#include <chrono>
#include <string>
#include <vector>

namespace antq::detail::db {

namespace {

using clock = std::chrono::steady_clock;

class sqlite_connection;

class sqlite_rows final : public rows {
  public:
    sqlite_rows(sqlite_connection& owner, sqlite3_stmt* statement)
        : owner_(owner), statement_(statement) {}
    ~sqlite_rows() override { sqlite3_finalize(statement_); }
    sqlite_rows(const sqlite_rows&) = delete;
    sqlite_rows& operator=(const sqlite_rows&) = delete;

    [[nodiscard]] std::size_t column_count() const override {
        return static_cast<std::size_t>(sqlite3_column_count(statement_));
    }
    [[nodiscard]] std::string column_name(std::size_t column) const override {
        const char* name = sqlite3_column_name(statement_, static_cast<int>(column));
        return name == nullptr ? std::string() : std::string(name);
    }
    bool next() override;
    [[nodiscard]] cell get(std::size_t column) override {
        const int c = static_cast<int>(column);
        cell out;
        switch (sqlite3_column_type(statement_, c)) {
            case SQLITE_NULL:
                return out;
            case SQLITE_INTEGER:
                out.kind = value_kind::number;
                out.number = static_cast<double>(sqlite3_column_int64(statement_, c));
                break;
            case SQLITE_FLOAT:
                out.kind = value_kind::number;
                out.number = sqlite3_column_double(statement_, c);
                break;
            default:
                out.kind = value_kind::text;
                break;
        }
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement_, c));
        out.text = std::string_view(text == nullptr ? "" : text,
                                    static_cast<std::size_t>(sqlite3_column_bytes(statement_, c)));
        return out;
    }

  private:
    sqlite_connection& owner_;
    sqlite3_stmt* statement_;
};

class sqlite_connection final : public connection {
  public:
    sqlite_connection(std::string_view path, open_mode mode, const database_options& options)
        : name_("sqlite:" + std::string(path)), statement_timeout_(options.statement_timeout) {
        const int flags = mode == open_mode::read ? SQLITE_OPEN_READONLY
                                                  : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
        const std::string file(path);
        if (sqlite3_open_v2(file.c_str(), &db_, flags | SQLITE_OPEN_NOMUTEX, nullptr) !=
            SQLITE_OK) {
            const std::string why = db_ == nullptr ? "out of memory" : sqlite3_errmsg(db_);
            sqlite3_close(db_);
            db_ = nullptr;
            throw database_error("cannot open the database '" + name_ + "': " + why);
        }
        sqlite3_busy_timeout(db_, static_cast<int>(options.connect_timeout.count() * 1000));
        sqlite3_progress_handler(db_, 10000, &sqlite_connection::on_progress, this);
        // A file that is not a database is found here, not halfway through a read. A
        // constructor that throws runs no destructor: the handle is closed here.
        try {
            execute("SELECT count(*) FROM sqlite_master");
        } catch (...) {
            sqlite3_close_v2(db_);
            db_ = nullptr;
            throw;
        }
    }
    ~sqlite_connection() override { sqlite3_close_v2(db_); }
    sqlite_connection(const sqlite_connection&) = delete;
    sqlite_connection& operator=(const sqlite_connection&) = delete;

    [[nodiscard]] const std::string& name() const override { return name_; }

    std::unique_ptr<rows> query(const std::string& sql) override {
        return std::make_unique<sqlite_rows>(*this, prepare(sql));
    }

    // Every statement of `sql`, one after another.
    void execute(const std::string& sql) override {
        start_statement();
        const char* next = sql.c_str();
        const char* const end = next + sql.size();
        while (next < end) {
            sqlite3_stmt* statement = nullptr;
            const char* tail = nullptr;
            if (sqlite3_prepare_v2(db_, next, static_cast<int>(end - next), &statement, &tail) !=
                SQLITE_OK) {
                sqlite3_finalize(statement);
                fail("cannot run '" + std::string(next, end).substr(0, 200) + "'");
            }
            next = tail;
            if (statement == nullptr) {
                continue;  // only spaces or a comment were left
            }
            sqlite_rows r(*this, statement);
            while (r.next()) {
            }
        }
    }

    bool table_exists(std::string_view table) override {
        auto r = query("SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = " +
                       quote_text(table));
        return r->next();
    }

    void insert(std::string_view table, std::span<const std::string_view> columns,
                std::size_t count,
                const std::function<void(std::size_t, std::span<value>)>& fill) override {
        std::string sql = "INSERT INTO " + quote_identifier(table) + " (";
        std::string marks;
        for (std::size_t c = 0; c < columns.size(); ++c) {
            sql += (c == 0 ? "" : ", ") + quote_identifier(columns[c]);
            marks += c == 0 ? "?" : ", ?";
        }
        sql += ") VALUES (" + marks + ")";
        sqlite3_stmt* statement = prepare(sql);
        std::vector<value> values(columns.size());
        try {
            for (std::size_t row = 0; row < count; ++row) {
                std::fill(values.begin(), values.end(), value{});
                fill(row, values);
                for (std::size_t c = 0; c < values.size(); ++c) {
                    const int i = static_cast<int>(c + 1);
                    const value& v = values[c];
                    if (v.kind == value_kind::null ||
                        (v.kind == value_kind::number && std::isnan(v.number))) {
                        sqlite3_bind_null(statement, i);
                    } else if (v.kind == value_kind::number || v.kind == value_kind::boolean) {
                        sqlite3_bind_double(statement, i, v.number);
                    } else {
                        sqlite3_bind_text64(statement, i, v.text.data(), v.text.size(),
                                            SQLITE_STATIC, SQLITE_UTF8);
                    }
                }
                const int status = sqlite3_step(statement);
                if (status != SQLITE_DONE) {
                    fail("cannot insert into '" + std::string(table) + "'");
                }
                sqlite3_reset(statement);
            }
        } catch (...) {
            sqlite3_finalize(statement);
            throw;
        }
        sqlite3_finalize(statement);
    }

    [[nodiscard]] std::string_view number_type() const override { return "REAL"; }
    // A deferred transaction reads one snapshot from its first read on.
    [[nodiscard]] std::string_view begin_snapshot() const override { return "BEGIN"; }
    // The file's write lock from the start: a deferred transaction that read first would
    // fail (busy) when another wrote in between, rather than wait.
    [[nodiscard]] std::string begin_writing(std::string_view) const override {
        return "BEGIN IMMEDIATE";
    }
    [[nodiscard]] std::string text_order(std::string_view expression) const override {
        return "CAST(" + std::string(expression) + " AS TEXT)";
    }

    [[noreturn]] void fail(const std::string& what) {
        const int code = sqlite3_errcode(db_);
        if (code == SQLITE_INTERRUPT && timed_out_) {
            throw database_error("the database '" + name_ + "': " + what +
                                 ": the statement ran longer than its timeout of " +
                                 std::to_string(statement_timeout_.count()) + " s");
        }
        throw database_error("the database '" + name_ + "': " + what + ": " + sqlite3_errmsg(db_));
    }

    void start_statement() {
        deadline_ = clock::now() + statement_timeout_;
        timed_out_ = false;
    }

  private:
    sqlite3_stmt* prepare(const std::string& sql) {
        start_statement();
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &statement,
                               nullptr) != SQLITE_OK) {
            sqlite3_finalize(statement);
            fail("cannot run '" + sql.substr(0, 200) + "'");
        }
        return statement;
    }

    static int on_progress(void* self) {
        auto* c = static_cast<sqlite_connection*>(self);
        if (clock::now() > c->deadline_) {
            c->timed_out_ = true;
            return 1;
        }
        return 0;
    }

    sqlite3* db_ = nullptr;
    std::string name_;
    std::chrono::seconds statement_timeout_;
    clock::time_point deadline_{};
    bool timed_out_ = false;

    friend class sqlite_rows;
};

bool sqlite_rows::next() {
    const int status = sqlite3_step(statement_);
    if (status == SQLITE_ROW) {
        return true;
    }
    if (status == SQLITE_DONE) {
        return false;
    }
    owner_.fail("cannot read the rows of '" + std::string(sqlite3_sql(statement_)).substr(0, 200) +
                "'");
}

}  // namespace

std::unique_ptr<connection> open_sqlite(std::string_view path, open_mode mode,
                                        const database_options& options) {
    if (path.empty()) {
        throw database_error("'sqlite:' names no file: write sqlite:path/to/file.db");
    }
    return std::make_unique<sqlite_connection>(path, mode, options);
}

}  // namespace antq::detail::db
