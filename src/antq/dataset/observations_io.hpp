#pragma once

// Reading and writing the observations table. The CSV reader is the hot one: a million
// rows of fifteen indicators are read in parallel straight into columns.

#include <antq/error.hpp>
#include <antq/observations.hpp>
#include <antq/registry.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace antq::detail {

/// Resolves subject ids against a registry to one number per record: units first
/// ([0, units)), then models, then exemplars. Thread-safe (read-only).
class subject_resolver {
  public:
    static constexpr std::uint32_t none = 0xFFFF'FFFFu;

    explicit subject_resolver(const registry& r);

    /// The key of `id`, or `none`. `hint` is the key expected next (ids usually come in
    /// registry order): one comparison when it is right, hash lookups otherwise.
    [[nodiscard]] std::uint32_t resolve(std::string_view id, std::uint32_t& hint) const;
    [[nodiscard]] const std::string& id_of(std::uint32_t key) const;
    [[nodiscard]] std::size_t key_count() const noexcept { return units_ + models_ + exemplars_; }

  private:
    const registry* registry_;
    std::size_t units_;
    std::size_t models_;
    std::size_t exemplars_;
};

/// The checks of an observation row's subject and period cells, one home for every source
/// (CSV, JSON, database, `dataset_builder`): an empty subject, a subject that is not an id of
/// the registry, an empty period. `subject_at()` and `period_at()` name the cells; they are
/// called only for a problem, so the hot CSV path builds no place for a good row. Returns the
/// subject's key, or `subject_resolver::none` when the row cannot be kept (also for an empty
/// period).
template <class SubjectAt, class PeriodAt>
[[nodiscard]] std::uint32_t check_observation_key(std::string_view subject, std::string_view period,
                                                  const subject_resolver& subjects,
                                                  std::uint32_t& hint, const SubjectAt& subject_at,
                                                  const PeriodAt& period_at,
                                                  diagnostic_list& problems) {
    std::uint32_t key = subject_resolver::none;
    if (subject.empty()) {
        problems.add(subject_at(), "empty subject");
    } else if ((key = subjects.resolve(subject, hint)) == subject_resolver::none) {
        problems.add(subject_at(), "unknown subject '" + std::string(subject) +
                                       "' (not a unit, model or exemplar id)");
    }
    if (period.empty()) {
        problems.add(period_at(), "empty period");
        return subject_resolver::none;
    }
    return key;
}

/// Rows read from a file, before they become a table.
struct observation_rows {
    std::vector<std::uint32_t> keys;     ///< subject key (see subject_resolver) per row
    std::vector<std::uint32_t> periods;  ///< index into `labels` per row
    std::vector<std::string> labels;     ///< distinct period labels, in order of first use
    std::vector<observation_column> columns;
};

/// Where a row's subject and period cells are, and how to name a row in "first on ...".
struct observation_places {
    std::function<source_location(std::size_t row, bool period_cell)> cell;
    std::function<std::string(std::size_t row)> describe;  // "on line 3", "at /observations/1"
};

/// Checks what needs all rows (a repeated subject and period, a period label that is not
/// a period) into `problems`; when `problems` then has no errors, returns the table, else
/// nothing (the caller sorts and throws the problems).
[[nodiscard]] std::optional<observation_table> finish_observations(observation_rows rows,
                                                                   const subject_resolver& subjects,
                                                                   const observation_places& places,
                                                                   diagnostic_list& problems);

struct observations_csv_options {
    /// Threads that parse (each a share of the rows); 1 reads sequentially.
    unsigned threads = 2;
    /// Smaller inputs are read on one thread: starting threads would cost more.
    std::size_t min_parallel_bytes = std::size_t{1} << 20;
};

/// The rows of an observations.csv whose subjects are not looked up yet. Reading them needs
/// no registry, so a folder's observations are read while its registry is built, and
/// `resolve_observations` makes the table once it is. Holds views into the file's text,
/// which must outlive it.
class unresolved_observations {
  public:
    struct parts;  // what the reader found, defined beside it
    explicit unresolved_observations(std::unique_ptr<parts> found);
    unresolved_observations(unresolved_observations&&) noexcept;
    unresolved_observations& operator=(unresolved_observations&&) noexcept;
    unresolved_observations(const unresolved_observations&) = delete;
    unresolved_observations& operator=(const unresolved_observations&) = delete;
    ~unresolved_observations();

    [[nodiscard]] parts& found() noexcept { return *found_; }

  private:
    std::unique_ptr<parts> found_;
};

/// Reads the rows of observations.csv (`text` is the whole file) into columns; only a
/// header that cannot be read throws here (`input_error`): every other problem is kept for
/// `resolve_observations`, which reports them all at once with the subjects' own.
[[nodiscard]] unresolved_observations read_observation_rows_csv(
    std::string_view text, const std::string& file, const observations_csv_options& options = {});

/// Looks the rows' subjects up in `subjects`' registry and makes the table. Throws
/// `input_error` with every problem of the file, sorted by line and column.
[[nodiscard]] observation_table resolve_observations(unresolved_observations rows,
                                                     const subject_resolver& subjects);

/// Reads observations.csv (`text` is the whole file) whose subjects are ids of
/// `subjects`' registry: `read_observation_rows_csv`, then `resolve_observations`.
[[nodiscard]] observation_table parse_observations_csv(
    std::string_view text, const std::string& file, const subject_resolver& subjects,
    const observations_csv_options& options = {});

/// The table as observations.csv (`subject,period,<indicator>...`, LF line ends).
[[nodiscard]] std::string write_observations_csv(const observation_table& table);

}  // namespace antq::detail
