#pragma once

/// \file
/// Observations: subject x period -> values of named indicators, stored in columns.

#include <antq/export.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace antq {

/// The value that stands for "missing" in number columns (distinct from zero).
inline constexpr double missing_value = std::numeric_limits<double>::quiet_NaN();
[[nodiscard]] inline bool is_missing(double v) noexcept { return std::isnan(v); }

/// One indicator's values, one per row.
///
/// A column is `number` when every present cell is a number or a boolean (`true`/`false`
/// read as 1/0); otherwise `text`. Missing cells are NaN in `numbers`, and an absent entry
/// (`present[i] == 0`) in `texts`.
struct observation_column {
    enum class kind : std::uint8_t { number, text };

    std::string name;
    kind type = kind::number;
    std::vector<double> numbers;       ///< when type == number: one per row, NaN = missing
    std::vector<std::string> texts;    ///< when type == text: one per row
    std::vector<std::uint8_t> present; ///< when type == text: 1 when the cell had a value

    [[nodiscard]] bool is_missing(std::size_t row) const {
        return type == kind::number ? std::isnan(numbers[row]) : present[row] == 0;
    }
};

/// A table of observations: row i is (subject, period label) with one value per column.
/// Subjects and period labels are interned: rows hold small indices.
class ANTQ_EXPORT observation_table {
public:
    observation_table();
    ~observation_table();
    observation_table(const observation_table&);
    observation_table(observation_table&&) noexcept;
    observation_table& operator=(const observation_table&);
    observation_table& operator=(observation_table&&) noexcept;

    /// Takes the columns as they are. `row_subject[i]` indexes `subject_ids`, `row_period[i]`
    /// indexes `period_labels`; every column has one value per row. Throws `input_error` when
    /// sizes disagree, a column name repeats, or a (subject, period) pair repeats (naming the
    /// row, 1-based plus one for the header, of `file`).
    observation_table(std::vector<std::string> subject_ids, std::vector<std::string> period_labels,
                      std::vector<std::uint32_t> row_subject, std::vector<std::uint32_t> row_period,
                      std::vector<observation_column> columns, std::string file = "observations.csv");

    [[nodiscard]] std::size_t row_count() const noexcept;
    [[nodiscard]] std::span<const std::string> subject_ids() const noexcept;
    [[nodiscard]] std::span<const std::string> period_labels() const noexcept;
    [[nodiscard]] std::span<const std::uint32_t> row_subjects() const noexcept;
    [[nodiscard]] std::span<const std::uint32_t> row_periods() const noexcept;
    [[nodiscard]] std::span<const observation_column> columns() const noexcept;

    [[nodiscard]] std::optional<std::size_t> find_column(std::string_view name) const;
    [[nodiscard]] std::optional<std::uint32_t> find_subject(std::string_view id) const;
    [[nodiscard]] std::optional<std::uint32_t> find_period_label(std::string_view label) const;
    /// The row of (subject, period label), if any.
    [[nodiscard]] std::optional<std::size_t> find_row(std::uint32_t subject,
                                                      std::uint32_t period_label) const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace antq
