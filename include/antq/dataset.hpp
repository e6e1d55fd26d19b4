#pragma once

/// \file
/// Datasets: a folder of CSV files or one JSON document (units, models, exemplars,
/// observations), loaded whole or not at all.

#include <antq/export.hpp>
#include <antq/observations.hpp>
#include <antq/registry.hpp>

#include <filesystem>
#include <string>

namespace antq {

/// Everything one evaluation reads besides the rules.
struct dataset {
    antq::registry registry;
    observation_table observations;
    /// SHA-256 (hex) of the dataset's content, for fingerprints: the same data gives the
    /// same hash whatever the file layout it was read from.
    std::string content_hash;
};

/// Loads a folder of CSV files (`units.csv`, `models.csv`, `exemplars.csv`,
/// `observations.csv`; only `units.csv` is required) or a JSON document. Throws
/// `input_error` with every bad row or cell as `file:row:column: message`, `io_error` when a
/// file cannot be read.
[[nodiscard]] ANTQ_EXPORT dataset load_dataset(const std::filesystem::path& path);

/// Reads a JSON document given as text; `name` is used in diagnostics.
[[nodiscard]] ANTQ_EXPORT dataset parse_dataset_json(std::string_view json,
                                                     const std::string& name = "dataset.json");

/// Writes the dataset as a folder of CSV files (created if needed), each file atomically.
/// Loading it back gives an equal dataset.
ANTQ_EXPORT void save_dataset_csv(const dataset& d, const std::filesystem::path& folder);

/// Writes the dataset as one JSON document, atomically.
ANTQ_EXPORT void save_dataset_json(const dataset& d, const std::filesystem::path& file);

/// Computes `dataset::content_hash` from the registry and observations.
[[nodiscard]] ANTQ_EXPORT std::string hash_dataset(const registry& r, const observation_table& o);

}  // namespace antq
