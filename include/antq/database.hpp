#pragma once

/// \file
/// Databases: a dataset read from SQLite or PostgreSQL (antq's own tables, or a provincial
/// system's tables named in a mapping file), and evaluations written back, one run per
/// transaction. See docs/databases.md.
///
/// A database is named by a source text: `sqlite:path/to/file.db` for an SQLite file,
/// `postgresql://user@host:port/dbname?...` (or `postgres://`) for a PostgreSQL server, as
/// libpq reads it (a password is best kept in `~/.pgpass` or `PGPASSWORD`, not in the text).

#include <antq/dataset.hpp>
#include <antq/error.hpp>
#include <antq/evaluate.hpp>
#include <antq/export.hpp>
#include <antq/rulebook_set.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace antq {

/// A database could not be reached or refused a statement: a failed connection, a refused
/// login, a timeout, a missing table, a results schema of another version. `what()` names
/// the database (without its password) and says what failed.
class ANTQ_EXPORT database_error : public error {
  public:
    using error::error;
};

/// How long antq waits on a database.
struct database_options {
    /// For the connection to be made (PostgreSQL), or a locked SQLite file to be free.
    std::chrono::seconds connect_timeout{10};
    /// For any one statement; a query that runs longer is cancelled (`database_error`).
    std::chrono::seconds statement_timeout{600};
};

/// True when the library was built with database support (the CMake option
/// `ANTQ_WITH_DATABASES`, on by default). Without it every function below throws
/// `database_error` saying so.
[[nodiscard]] ANTQ_EXPORT bool database_support() noexcept;

/// True when `source` names a database (`sqlite:...`, `postgresql://...`,
/// `postgres://...`) rather than a file or folder.
[[nodiscard]] ANTQ_EXPORT bool is_database_source(std::string_view source) noexcept;

/// A data source as messages and outputs show it: a PostgreSQL URI without its password
/// (`postgresql://antq:secret@host/db?password=x&sslmode=require` reads
/// `postgresql://antq@host/db?sslmode=require`); any other source as given. Available with
/// or without database support.
[[nodiscard]] ANTQ_EXPORT std::string source_text(std::string_view source);

/// Reads a dataset from a database in antq's own layout: the tables `units` (required),
/// `models`, `exemplars` and `observations`, with the columns of the CSV files
/// (docs/datasets.md), in any column order. Rows are read in the order of an integer
/// column `antq_row` when the table has one (`import_dataset` writes it), else in the
/// order of their key (`id`; `subject, period`), compared byte by byte.
///
/// The same checks as `load_dataset`; diagnostics name the table, the row's key and the
/// column: `models[m0042].established: error: ...`, `observations[m0042, 2024]: error:
/// ...`. Throws `input_error` with every problem, `database_error` when the database
/// cannot be read. The content hash is the one the same data give from CSV files.
[[nodiscard]] ANTQ_EXPORT dataset load_dataset_from_database(std::string_view source,
                                                             const database_options& options = {});

/// Reads a dataset through a mapping file (YAML, docs/databases.md): the database to read
/// (`connection:`) and, per part (`units`, `models`, `exemplars`, `observations`), a
/// `table:` or an SQL `query:`, the `columns:` that stand for antq's columns, and for
/// observations the `indicators:`. Throws `input_error` for a wrong mapping file (naming
/// its line and column) and as `load_dataset_from_database` otherwise.
[[nodiscard]] ANTQ_EXPORT dataset load_dataset_with_mapping(
    const std::filesystem::path& mapping_file, const database_options& options = {});

/// What the command's `--data` takes: a database source, a mapping file (`.yaml`/`.yml`),
/// or what `load_dataset` reads (a folder of CSV files, a `.json` file).
[[nodiscard]] ANTQ_EXPORT dataset load_dataset_from(std::string_view source,
                                                    const database_options& options = {});

/// Writes `data` into `target` in antq's own layout (tables `units`, `models`,
/// `exemplars`, `observations`, each with an `antq_row` column keeping the row order), in
/// one transaction. An SQLite file is created when absent. Throws `database_error` when any
/// of the four tables exists already (nothing is written) or the database fails.
ANTQ_EXPORT void import_dataset(const dataset& data, std::string_view target,
                                const database_options& options = {});

/// The version of the results tables this library reads and writes. Version 2 numbers the
/// runs (result rows carry the run's number, not its fingerprint) and stores the decided
/// tier beside the proposed one; version 1 is upgraded by `upgrade_results_schema`.
inline constexpr int results_schema_version = 2;

/// Creates the results tables (`antq_schema`, `antq_runs`, `antq_run_rulebooks`,
/// `antq_results`; docs/databases.md) in `target` when they are absent; checks their
/// version when present. Throws `database_error` for a schema of another version (for
/// version 1, saying to upgrade with `antq db init --upgrade`).
ANTQ_EXPORT void init_results_schema(std::string_view target, const database_options& options = {});

/// Upgrades results tables of schema version 1 to this library's version, in one
/// transaction: every stored run is kept, numbered in the order the runs were stored, its
/// results without decisions (version 1 stored none). Returns false, changing nothing,
/// when the tables are of this version already. Throws `database_error` when there are no
/// results tables, or they are of a newer version.
ANTQ_EXPORT bool upgrade_results_schema(std::string_view target,
                                        const database_options& options = {});

/// A stored run: one evaluation of one period.
struct stored_run {
    /// The run's number, its key in `antq_runs`: 1, 2, ... in the order runs were stored.
    std::int64_t run = 0;
    std::string fingerprint;
    std::string period;
    std::string stored_at;  ///< UTC, `2026-12-02T03:04:05Z`
    std::string library_version;
    std::string dataset_hash;
    /// The rulebooks evaluated, in evaluation order: `id@version`.
    std::vector<std::string> rulebooks;

    friend bool operator==(const stored_run&, const stored_run&) = default;
};

/// Writes an evaluation (every rulebook's results, the rulebook versions and hashes, the
/// dataset hash, the fingerprint, the library version and the time) into `target`, whose
/// results tables must exist (`init_results_schema`), in one transaction: all of it or,
/// on any failure, none. Returns false, writing nothing, when a run with the same
/// fingerprint and period is already there. Throws `database_error`.
ANTQ_EXPORT bool store_evaluation(const evaluation& run, std::string_view target,
                                  const database_options& options = {});

/// The runs stored in `target`, oldest first (by run number).
[[nodiscard]] ANTQ_EXPORT std::vector<stored_run> list_runs(std::string_view target,
                                                            const database_options& options = {});

/// One stored result row (the columns of the results CSV, the message, and the results
/// CSV's decision columns).
struct stored_result {
    std::string subject;
    std::string period;
    std::string rulebook;
    std::string version;
    std::string status;
    std::optional<double> score;
    std::optional<double> max_score;
    std::string tier;  ///< tier id; empty when none
    std::string action;
    std::string group;
    std::uint32_t rank = 0;  ///< 0 when none
    std::string message;
    /// The tier the committee decided (its id), where a decision applies; empty otherwise
    /// (none recorded, a stale one, or results stored without decisions).
    std::string decided_tier;
    std::string decision_number;  ///< of the decision recorded on the row, if any
    std::string decision_date;    ///< ISO `2024-12-20`, when a decision is recorded
    /// Whether the recorded decision is stale (the proposal changed since); none without one.
    std::optional<bool> decision_stale;

    friend bool operator==(const stored_result&, const stored_result&) = default;
};

/// The results of the latest run stored for `period` (or of the run whose fingerprint
/// starts with `fingerprint`, when not empty), by rulebook in evaluation order, then
/// subject. Throws `database_error` when there is no such run.
[[nodiscard]] ANTQ_EXPORT std::vector<stored_result> read_stored_results(
    std::string_view target, std::string_view period, std::string_view fingerprint = {},
    const database_options& options = {});

/// The same run as an `evaluation`, holding what the tables keep: per rulebook its version,
/// the period, and per subject its status, message, score, tier (by id and action), group
/// and rank; no criteria (their tier labels are their ids) and no decisions (the proposal is
/// what an earlier period is compared by). Its fingerprint is the stored
/// one. Enough to compare a new evaluation with it (`evaluation::set_previous`), not to
/// explain criterion by criterion. Throws `database_error` as `read_stored_results`.
[[nodiscard]] ANTQ_EXPORT evaluation read_stored_evaluation(std::string_view target,
                                                            std::string_view period,
                                                            std::string_view fingerprint = {},
                                                            const database_options& options = {});

/// As above, with what the tables do not keep taken from `rules`: each stored rulebook
/// that `rules` holds with the stored version (matched by the version's name) gets the
/// header `evaluate` gives it (`rulebook_header`: its title, the period's dates, rounding,
/// its tiers top to bottom with their labels and actions), and its rows point into those
/// tiers; a stored rulebook that `rules` holds in other versions only gets its title. The
/// criteria stay empty (the tables keep none) and so do the decisions' texts; the decided
/// tiers are there. Throws `database_error` as above, and, naming the database, the run and
/// the rulebook, when a stored tier is not a tier of the matching version.
[[nodiscard]] ANTQ_EXPORT evaluation read_stored_evaluation(std::string_view target,
                                                            std::string_view period,
                                                            const rulebook_set& rules,
                                                            std::string_view fingerprint = {},
                                                            const database_options& options = {});

}  // namespace antq
