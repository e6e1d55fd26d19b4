#pragma once

// The two file layouts of a dataset, behind load_dataset and save_dataset_*: a folder of
// CSV files, and one JSON document.

#include <antq/dataset.hpp>
#include <antq/error.hpp>

#include <array>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <string_view>

namespace antq::detail {

/// Reads a dataset folder (units.csv required). Throws `input_error` with every problem,
/// `io_error` when a file cannot be read. Sets `content_hash` (the registry's records are
/// hashed while the observations' subjects are looked up).
[[nodiscard]] dataset read_dataset_folder(const std::filesystem::path& folder);

/// Reads a JSON document; `name` is the file in diagnostics. Does not compute the hash.
[[nodiscard]] dataset read_dataset_json(std::string_view json, const std::string& name);

/// The CSV files of a dataset, as text.
[[nodiscard]] std::string write_units_csv(const registry& r);
[[nodiscard]] std::string write_models_csv(const registry& r);
[[nodiscard]] std::string write_exemplars_csv(const registry& r);

/// `labels.csv`: `attribute,value,label`, one label per line.
[[nodiscard]] std::string write_labels_csv(std::span<const value_label> labels);

/// Checks labels read from a file (`where(i, column)` names the place of label i's cell,
/// column 1 to 3): every cell given, attribute a lowercase word, no attribute and value
/// twice. Adds each problem to `problems`.
void check_labels(std::span<const value_label> labels,
                  const std::function<source_location(std::size_t, std::size_t)>& where,
                  diagnostic_list& problems);

/// The columns of `model-types.csv`, in the order of the cells `build_model_types` reads.
inline constexpr std::array<std::string_view, 5> model_type_columns{
    "type", "name", "topic", "indicators", "unit_attributes"};
/// Which of them a catalogue must have.
inline constexpr std::array<bool, 5> model_type_required{true, false, false, false, false};

/// Builds the model-type catalogue from text rows (cells in `model_type_columns` order,
/// lists separated by ';') and checks it: a type given, once; indicator names that are
/// names (and columns of `o` when it has any); unit attributes that are words; and the
/// models of `r`: every non-empty type is in the catalogue, a model's topic is its type's,
/// its host unit has the attributes its type requires. `where(i, column)` names the place of
/// row i's cell (column 1 to 5), `model_where(m, column)` the cell of model m of `r` (its
/// models.csv column, 1-based). Adds each problem to `problems`.
[[nodiscard]] std::vector<model_type> build_model_types(
    std::vector<std::array<std::string, 5>> rows,
    const std::function<source_location(std::size_t, std::size_t)>& where, const registry& r,
    const observation_table& o,
    const std::function<source_location(std::size_t, std::size_t)>& model_where,
    diagnostic_list& problems);

/// `model-types.csv`, one type per line (the lists joined by ';').
[[nodiscard]] std::string write_model_types_csv(std::span<const model_type> types);

/// The dataset as one JSON document (one record per line).
[[nodiscard]] std::string write_dataset_json(const dataset& d);

}  // namespace antq::detail
