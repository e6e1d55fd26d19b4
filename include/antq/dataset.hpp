#pragma once

/// \file
/// Datasets: a folder of CSV files or one JSON document (units, models, exemplars,
/// observations), loaded whole or not at all.

#include <antq/decision.hpp>
#include <antq/export.hpp>
#include <antq/model.hpp>
#include <antq/observations.hpp>
#include <antq/registry.hpp>

#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace antq {

/// The label a dataset gives to one value of an attribute: the name people read beside a
/// topic, a target group or a unit kind written as an id ("an-ninh-trat-tu" is "An ninh,
/// trật tự"; "commune" is "xã"). Read from the optional `labels.csv` (docs/datasets.md).
struct value_label {
    std::string attribute;  ///< `topic`, `target_group`, `unit_kind`, ... (lowercase word)
    std::string value;      ///< the id as the data write it
    std::string label;      ///< what people read

    friend bool operator==(const value_label&, const value_label&) = default;
};

/// Everything one evaluation reads besides the rules.
struct dataset {
    antq::registry registry;
    observation_table observations;
    /// Labels of attribute values, in file order; empty when the dataset gives none (output
    /// then shows the values as written). No two share an attribute and a value.
    std::vector<value_label> labels;
    /// The model-type catalogue (`model-types.csv`, optional), in file order, one row per
    /// type. Empty: no catalogue, and every model is judged and proposed as before. When
    /// given, every non-empty `type` of models.csv is one of its ids.
    std::vector<model_type> model_types;
    /// The decisions recorded on antq's proposals (`decisions.csv`, optional; antq/decision.hpp).
    decision_table decisions;
    /// SHA-256 (hex) of the dataset's content, labels and decisions included, for
    /// fingerprints: the same data gives the same hash whatever the file layout it was read
    /// from.
    std::string content_hash;

    /// The catalogue row of `type`, or null (no catalogue, or a model without a type).
    [[nodiscard]] ANTQ_EXPORT const model_type* find_model_type(std::string_view type) const;

    /// Same registry, observations (see `observation_table::operator==`) and decisions; the
    /// hash is not compared, being computed from those.
    [[nodiscard]] bool operator==(const dataset& other) const {
        return registry == other.registry && observations == other.observations &&
               labels == other.labels && decisions == other.decisions &&
               model_types == other.model_types;
    }
};

/// Loads a folder of CSV files (`units.csv`, `models.csv`, `exemplars.csv`,
/// `observations.csv`, `labels.csv`, `model-types.csv`, `decisions.csv`; only `units.csv`
/// is required) or a
/// JSON document (a path ending in `.json`), and computes `content_hash`. Throws
/// `input_error` with every bad row or cell as `file:row:column: message` (file being the
/// path of the CSV file), `io_error` when a file cannot be read or `path` is neither a folder
/// nor a `.json` file.
///
/// CSV files are RFC 4180 (quoted fields, CRLF or LF, optional UTF-8 byte-order mark,
/// blank lines skipped); the registry files may order their columns freely, but an
/// unknown or missing required column is an error (units need `id,kind`, models
/// `id,unit`, exemplars `id,kind,unit`). Dates are ISO `2024-12-14` or day-first
/// `14/12/2024`. An observation cell that is neither a number nor `true`/`false` makes
/// its column stored as text; an empty cell is missing. What a cell means is the reading
/// rulebook's: a number indicator reads a text column cell by cell, and a text that is not
/// a number is an error of that cell's subject and period only (docs/datasets.md). Problems are
/// found in layers: syntax and columns of the registry files first, then the registry's references,
/// then the observations (whose subjects must be ids of the registry); each layer reports all of
/// its problems.
[[nodiscard]] ANTQ_EXPORT dataset load_dataset(const std::filesystem::path& path);

/// Reads a JSON document given as text; `name` is used in diagnostics, which name the
/// place by a JSON pointer where a line would go: `dataset.json:/models/3/unit: error: ...`.
///
/// `{"units": [{"id": .., "kind": .., "name": .., "parent": ..}], "models": [..],
/// "exemplars": [..], "observations": [{"subject": "m1", "period": "2024", "crimes": 0}],
/// "decisions": [{"subject": "thon-1", "rulebook": "tt124-residential", ...}]}`
/// with the columns of the CSV files as keys; null or absent is missing; a whole number
/// may stand for a string (`"period": 2024`). Observation values are numbers, booleans
/// (1/0), strings (making the column text) or null.
[[nodiscard]] ANTQ_EXPORT dataset parse_dataset_json(std::string_view json,
                                                     const std::string& name = "dataset.json");

/// Writes the dataset as a folder of CSV files (created if needed), each file atomically.
/// Loading it back gives an equal dataset (but see `observation_column` on text cells
/// that look like numbers). Throws `io_error`.
ANTQ_EXPORT void save_dataset_csv(const dataset& d, const std::filesystem::path& folder);

/// Writes the dataset as one JSON document, atomically; loading it back gives an equal
/// dataset. Throws `io_error`.
ANTQ_EXPORT void save_dataset_json(const dataset& d, const std::filesystem::path& file);

/// Computes `dataset::content_hash` from the registry and observations: SHA-256 over a
/// canonical form of their content, so equal data (from CSV or JSON, interned in any
/// order) gives the same hash.
[[nodiscard]] ANTQ_EXPORT std::string hash_dataset(const registry& r, const observation_table& o);

/// `hash_dataset` with the labels too: the same as `hash_dataset(r, o)` when there are none
/// (datasets without `labels.csv` keep their hash), else the SHA-256 of that hash and the
/// labels in order.
[[nodiscard]] ANTQ_EXPORT std::string hash_dataset(const registry& r, const observation_table& o,
                                                   std::span<const value_label> labels);

/// The content hash of a whole dataset: `hash_dataset(registry, observations, labels)` when
/// it has no decisions and no model types (such datasets keep the hash they always had),
/// otherwise the hash of that, of every decision and of every model type, so that other
/// decisions or another catalogue give another fingerprint.
[[nodiscard]] ANTQ_EXPORT std::string hash_dataset(const dataset& d);

}  // namespace antq
