#pragma once

// One small interface over SQLite's C API and libpq: queries read forward row by row,
// statements, transactions and bulk inserts. The dataset reader and the results writer
// are written once against it; each database keeps its own fastest way (libpq's COPY,
// SQLite's prepared statements).

#include <antq/database.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

namespace antq::detail::db {

enum class value_kind : std::uint8_t { null, number, boolean, text };

/// A cell as the database gave it. `text` is its text form (for every kind but null),
/// valid until the next row; `number` is set for numbers and booleans (1/0).
struct cell {
    value_kind kind = value_kind::null;
    std::string_view text;
    double number = 0;
};

/// The rows of a query, read forward.
class rows {
  public:
    virtual ~rows() = default;
    [[nodiscard]] virtual std::size_t column_count() const = 0;
    [[nodiscard]] virtual std::string column_name(std::size_t column) const = 0;
    /// Moves to the next row; false after the last.
    virtual bool next() = 0;
    [[nodiscard]] virtual cell get(std::size_t column) = 0;
};

/// A value to insert: null, a number (NaN is null), or a text.
struct value {
    value_kind kind = value_kind::null;
    std::string_view text;
    double number = 0;
};

class connection {
  public:
    virtual ~connection() = default;
    /// The database as messages name it: `sqlite:file.db`, or the URI without a password.
    [[nodiscard]] virtual const std::string& name() const = 0;
    /// The rows of a SELECT, read forward. They may be streamed while the connection serves
    /// them: read or drop them before the next statement, and never keep them past the
    /// connection.
    [[nodiscard]] virtual std::unique_ptr<rows> query(const std::string& sql) = 0;
    virtual void execute(const std::string& sql) = 0;
    [[nodiscard]] virtual bool table_exists(std::string_view table) = 0;
    /// Inserts `count` rows into `table`; `fill(row, values)` sets one row's values (one
    /// per column), which must stay valid until the next call.
    virtual void insert(std::string_view table, std::span<const std::string_view> columns,
                        std::size_t count,
                        const std::function<void(std::size_t, std::span<value>)>& fill) = 0;
    /// The column type for numbers.
    [[nodiscard]] virtual std::string_view number_type() const = 0;
    /// The statement that starts a read-only transaction whose reads all see one
    /// snapshot of the data.
    [[nodiscard]] virtual std::string_view begin_snapshot() const = 0;
    /// The statement that starts a transaction which writes `table` after reading it, such
    /// that two of them run one after the other (a new run's number is the highest plus
    /// one, and a run is stored once).
    [[nodiscard]] virtual std::string begin_writing(std::string_view table) const = 0;
    /// `expression` as text, compared byte by byte in ORDER BY.
    [[nodiscard]] virtual std::string text_order(std::string_view expression) const = 0;
};

/// Appends a number as a database or a person writes it: a whole number as its digits
/// (`100000`, never `1e+05`: an integer column refuses that, and an id read from an integer
/// column is its digits), any other in the shortest form that reads back the same.
void append_value_text(std::string& out, double value);

/// `"name"`, with inner quotes doubled: an identifier in SQL for both databases.
[[nodiscard]] std::string quote_identifier(std::string_view name);
/// `'text'`, with inner quotes doubled.
[[nodiscard]] std::string quote_text(std::string_view text);

enum class open_mode { read, write };

/// Opens `source` (`sqlite:...`, `postgresql://...`, `postgres://...`). Throws
/// `database_error`.
[[nodiscard]] std::unique_ptr<connection> open(std::string_view source, open_mode mode,
                                               const database_options& options);

[[nodiscard]] std::unique_ptr<connection> open_sqlite(std::string_view path, open_mode mode,
                                                      const database_options& options);
[[nodiscard]] std::unique_ptr<connection> open_postgresql(std::string_view uri,
                                                          const database_options& options);

/// Runs `work` inside BEGIN (or `begin`) ... COMMIT; any exception rolls back and is
/// rethrown.
template <class Work>
auto in_transaction(connection& c, Work&& work, std::string_view begin = "BEGIN") {
    c.execute(std::string(begin));
    try {
        if constexpr (std::is_void_v<decltype(work())>) {
            work();
            c.execute("COMMIT");
        } else {
            auto result = work();
            c.execute("COMMIT");
            return result;
        }
    } catch (...) {
        try {
            c.execute("ROLLBACK");
        } catch (...) {
            // The first failure is the one to report; a lost connection rolls back itself.
        }
        throw;
    }
}

}  // namespace antq::detail::db
