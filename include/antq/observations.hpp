#pragma once

/// \file
/// Observations: subject x period -> values of named indicators, stored in columns.

#include <antq/error.hpp>
#include <antq/export.hpp>

#include <cmath>
#include <concepts>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace antq {

/// "No such subject" or "no such row" in the vectors that lookups return.
inline constexpr std::int64_t no_row = -1;

/// The value that stands for "missing" in number columns (distinct from zero).
inline constexpr double missing_value = std::numeric_limits<double>::quiet_NaN();
[[nodiscard]] inline bool is_missing(double v) noexcept {
    return std::isnan(v);
}

/// One indicator's values, one per row.
///
/// A column is `number` when every present cell is a number or a boolean (`true`/`false`
/// read as 1/0); otherwise `text`. Missing cells are NaN in `numbers`, and an absent entry
/// (`present[i] == 0`) in `texts`; an empty text counts as missing.
///
/// How a column is stored is not what it means: the rulebook that reads it decides. A
/// rulebook's number indicator reads a text column cell by cell, each text that is written
/// as a number (as the CSV reader reads numbers) as that number, and any other text as a
/// wrong value of that one cell, so one mistyped cell spoils one subject and period only.
///
/// Read from CSV, a text cell that looks like a number is a number: a text column whose
/// present cells all look like numbers becomes a number column when written to CSV and
/// read back (JSON keeps the difference).
struct observation_column {
    enum class kind : std::uint8_t { number, text };

    std::string name;
    kind type = kind::number;
    std::vector<double> numbers;        ///< when type == number: one per row, NaN = missing
    std::vector<std::string> texts;     ///< when type == text: one per row
    std::vector<std::uint8_t> present;  ///< when type == text: 1 when the cell had a value

    [[nodiscard]] bool is_missing(std::size_t row) const {
        return type == kind::number ? std::isnan(numbers[row]) : present[row] == 0;
    }
};

class observation_table;

namespace detail {
struct subject_row_index;
/// For the library's own loaders, which have already checked everything the public
/// constructor checks (present text cells are not empty) and indexed the rows by
/// subject: takes the parts as they are.
[[nodiscard]] observation_table adopt_observations(std::vector<std::string> subject_ids,
                                                   std::vector<std::string> period_labels,
                                                   std::vector<std::uint32_t> row_subject,
                                                   std::vector<std::uint32_t> row_period,
                                                   std::vector<observation_column> columns,
                                                   subject_row_index rows_by_subject);

/// Where a loader read each cell from, kept to name a cell in diagnostics.
struct cell_places {
    std::string file;
    /// Per row: its line in `file`, or for a JSON document its index in "observations".
    std::vector<std::size_t> row_lines;
    /// Per column: its 1-based field in a CSV record (unused for JSON).
    std::vector<std::size_t> column_fields;
    bool json = false;
    /// Read from a database table named `file`: cells are named by their row's key,
    /// `file[subject, period].indicator`.
    bool keyed = false;
};
/// For the loaders: remembers where the cells came from.
void set_cell_places(observation_table& table, cell_places places);
}  // namespace detail

/// A table of observations: row i is (subject, period label) with one value per column.
/// Subjects and period labels are interned: rows hold small indices.
///
/// Rows are indexed by subject (the rows of each subject, in row order), so `find_row` and
/// `rows_in_period` look at a subject's few rows and never hash a string. To read the rows
/// of every model of a registry for one period, resolve the ids once and reuse them:
///
///     const auto subjects = table.subject_indices(registry.models());   // once per dataset
///     const auto rows = table.rows_in_period(subjects, *table.find_period_label("2024"));
///     // rows[m] is model m's row, or no_row
class ANTQ_EXPORT observation_table {
  public:
    observation_table();
    ~observation_table();
    observation_table(const observation_table&);
    observation_table(observation_table&&) noexcept;
    observation_table& operator=(const observation_table&);
    observation_table& operator=(observation_table&&) noexcept;

    /// Takes the columns as they are. `row_subject[i]` indexes `subject_ids`, `row_period[i]`
    /// indexes `period_labels`; every column has one value per row. Throws `input_error`
    /// listing every problem: sizes that disagree, an index out of range, an empty or
    /// repeated subject id, period label or column name, or a repeated (subject, period)
    /// pair, named by its line in `file` (`row_lines[i]` when given, else i + 2: 1-based
    /// plus one for the header). Present text cells that are empty become missing.
    observation_table(std::vector<std::string> subject_ids, std::vector<std::string> period_labels,
                      std::vector<std::uint32_t> row_subject, std::vector<std::uint32_t> row_period,
                      std::vector<observation_column> columns,
                      std::string file = "observations.csv",
                      std::vector<std::size_t> row_lines = {});

    [[nodiscard]] std::size_t row_count() const noexcept;
    [[nodiscard]] std::span<const std::string> subject_ids() const noexcept;
    [[nodiscard]] std::span<const std::string> period_labels() const noexcept;
    [[nodiscard]] std::span<const std::uint32_t> row_subjects() const noexcept;
    [[nodiscard]] std::span<const std::uint32_t> row_periods() const noexcept;
    [[nodiscard]] std::span<const observation_column> columns() const noexcept;

    [[nodiscard]] std::optional<std::size_t> find_column(std::string_view name) const;
    [[nodiscard]] std::optional<std::uint32_t> find_subject(std::string_view id) const;
    [[nodiscard]] std::optional<std::uint32_t> find_period_label(std::string_view label) const;
    /// The row of (subject, period label), if any. Out-of-range indices find nothing.
    [[nodiscard]] std::optional<std::size_t> find_row(std::uint32_t subject,
                                                      std::uint32_t period_label) const;
    /// Every row of `subject`, in row order; empty when out of range.
    [[nodiscard]] std::span<const std::uint32_t> rows_of_subject(std::uint32_t subject) const;

    /// The subject index of each id in `ids` (same order), or `no_row` for an id the table
    /// does not have. Ids in the table's own order cost one comparison each; others one
    /// hash lookup.
    [[nodiscard]] std::vector<std::int64_t> subject_indices(std::span<const std::string> ids) const;

    /// The same for records with an `id` (`registry::units()`, `models()`, `exemplars()`).
    template <class Record>
    requires requires(const Record& r) { std::string_view(r.id); }
    [[nodiscard]] std::vector<std::int64_t> subject_indices(std::span<const Record> records) const {
        std::vector<std::int64_t> out(records.size());
        std::uint32_t hint = 0;
        for (std::size_t i = 0; i < records.size(); ++i) {
            out[i] = subject_index_near(records[i].id, hint);
        }
        return out;
    }

    /// For each entry of `subjects` (a subject index, or `no_row`), its row in
    /// `period_label`, or `no_row` when it has none (also for every entry when the label
    /// is out of range). One pass over those subjects' rows; no string is looked up.
    [[nodiscard]] std::vector<std::int64_t> rows_in_period(std::span<const std::int64_t> subjects,
                                                           std::uint32_t period_label) const;

    /// `rows_in_period(subject_indices(records), label)`, all `no_row` for an unknown label.
    /// Resolve the subjects once with `subject_indices` when asking for several periods.
    template <class Record>
    [[nodiscard]] std::vector<std::int64_t> rows_for(std::span<const Record> records,
                                                     std::string_view period_label) const {
        const auto label = find_period_label(period_label);
        if (!label) {
            return std::vector<std::int64_t>(records.size(), no_row);
        }
        return rows_in_period(subject_indices(records), *label);
    }

    /// Where the cell of `row` in column `column` was read: `file:line:column` for a CSV
    /// file, `file:/observations/<i>/<column name>` (a JSON pointer, line 0) for a JSON
    /// document, `table[subject, period].indicator` for a database table. For a table built in
    /// code, the file and lines given to the constructor (line `row + 2` by default) and column
    /// `column + 3` (after subject and period).
    [[nodiscard]] source_location cell_location(std::size_t row, std::size_t column) const;

    /// The file the rows were read from ("observations.csv" for a table built in code
    /// without one; empty for an empty table).
    [[nodiscard]] const std::string& source_file() const noexcept;

    /// Same rows in the same order: equal subject ids, period labels and cells (a missing
    /// cell equals a missing cell, whatever the column type). How subjects and labels are
    /// interned does not matter.
    [[nodiscard]] bool operator==(const observation_table& other) const;

  private:
    friend observation_table detail::adopt_observations(
        std::vector<std::string>, std::vector<std::string>, std::vector<std::uint32_t>,
        std::vector<std::uint32_t>, std::vector<observation_column>, detail::subject_row_index);
    friend void detail::set_cell_places(observation_table&, detail::cell_places);

    // The subject index of `id`, trying `hint` first; moves `hint` past the match.
    [[nodiscard]] std::int64_t subject_index_near(std::string_view id, std::uint32_t& hint) const;

    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace antq
