#pragma once

// Where each part of a dataset is in a database: antq's own tables by default, or what a
// mapping file says (docs/databases.md).

#include "antq/database/connection.hpp"

#include <antq/dataset.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace antq::detail::db {

struct part_mapping {
    std::string table;  ///< a table or view, or
    std::string query;  ///< an SQL query
    /// antq's column -> the source's column; a column not named here is looked for under
    /// antq's own name.
    std::map<std::string, std::string> columns;
    /// observations: (indicator, source column) in order; empty: every other column.
    std::vector<std::pair<std::string, std::string>> indicators;
    std::string order_by;   ///< a source column; empty: antq_row when present, else the key
    bool required = false;  ///< a missing table is an error, not an empty part
    bool mapped = false;    ///< from a mapping file: source columns it does not use are ignored
};

/// The parts of a dataset: each is one member here and one key in the mapping file.
struct dataset_mapping {
    std::string connection;  ///< from the mapping file; empty for antq's own layout
    part_mapping units;
    part_mapping models;
    part_mapping exemplars;
    part_mapping observations;
    part_mapping labels;       ///< optional: names of topics, target groups, unit kinds
    part_mapping model_types;  ///< optional: the model-type catalogue (model-types.csv)
    part_mapping decisions;    ///< optional: the decisions recorded on proposals
};

/// antq's own layout: tables units (required), models, exemplars, observations, labels,
/// model_types, decisions.
[[nodiscard]] dataset_mapping default_mapping();

/// Reads a mapping file. Throws `input_error` naming `file:line:col`, `io_error`.
[[nodiscard]] dataset_mapping read_mapping(const std::filesystem::path& file);

/// Reads the dataset `mapping` describes from `c` (no content hash).
[[nodiscard]] dataset read_dataset(connection& c, const dataset_mapping& mapping);

}  // namespace antq::detail::db
