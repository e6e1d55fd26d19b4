#pragma once

// The record tables of a dataset as the files spell them (docs/datasets.md): their
// columns, and records to and from cells. CSV and JSON loaders share this, so that a bad
// date says the same thing whatever the file.

#include <antq/exemplar.hpp>
#include <antq/model.hpp>
#include <antq/registry.hpp>
#include <antq/unit.hpp>

#include <array>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace antq::detail {

/// A table's columns in file order, and which of them a file must have.
struct table_layout {
    std::string_view noun;  // "unit"
    std::span<const std::string_view> columns;
    std::span<const bool> required;

    /// 0-based column of `name`, or columns.size().
    [[nodiscard]] std::size_t find(std::string_view name) const;
    /// "id, kind, name, parent"
    [[nodiscard]] std::string column_list() const;
};

[[nodiscard]] const table_layout& layout_of(record_table table);

/// A cell that cannot be read, by 0-based column.
struct cell_problem {
    std::size_t column;
    std::string message;
};

/// Records from cells in layout order (an absent column is an empty cell). Cells that
/// cannot be read (a bad date or exemplar kind) are reported and left empty.
[[nodiscard]] unit make_unit(std::span<const std::string_view> cells,
                             std::vector<cell_problem>& problems);

/// A list of words in one cell, separated by ';' (spaces around each trimmed): unit
/// attributes, the indicators of a model type. `problem` is set (and the list empty) when an
/// item is empty.
[[nodiscard]] std::vector<std::string> split_list(std::string_view text, std::string& problem);
/// The items joined by ';', as `split_list` reads them.
[[nodiscard]] std::string join_list(const std::vector<std::string>& items);
[[nodiscard]] model make_model(std::span<const std::string_view> cells,
                               std::vector<cell_problem>& problems);
[[nodiscard]] exemplar make_exemplar(std::span<const std::string_view> cells,
                                     std::vector<cell_problem>& problems);

/// Cells of a record in layout order; an empty cell is a missing value.
[[nodiscard]] std::array<std::string, 5> cells_of(const unit& u);
[[nodiscard]] std::array<std::string, 9> cells_of(const model& m);
[[nodiscard]] std::array<std::string, 7> cells_of(const exemplar& e);

}  // namespace antq::detail
