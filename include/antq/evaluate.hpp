#pragma once

/// \file
/// Evaluating, classifying and ranking: the rulebooks of a set (in roll-up dependency
/// order) or one compiled rulebook, over a dataset, for one period.
///
/// For each rulebook: the version in force for the period; its subjects (models, units or
/// exemplars, filtered by `applies_to`); eligibility; the indicators of the period with their
/// missing policies and type checks, the previous period for `previous()`, roll-ups of the
/// rulebooks before it; derived values; criteria; the scoring engine; scores rounded; vetoes,
/// requirements and tiers; quotas; groups and ranks. The period text is read under each
/// rulebook's yearly convention, and an observation row belongs to the period when its label
/// names the same days under that convention ("2024" and "2023-11-16/2024-11-15" alike).
/// Subjects that are not eligible or whose data are wrong get that status and a message;
/// they never stop the evaluation. Same inputs, same results, whatever the thread count.
/// The design and every choice the rulebook spec leaves open are in
/// docs/design/evaluation.md.

#include <antq/compiled_rulebook.hpp>
#include <antq/dataset.hpp>
#include <antq/export.hpp>
#include <antq/result.hpp>
#include <antq/rulebook_set.hpp>

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace antq {

struct evaluate_options {
    /// Threads evaluating batches of subjects; 0 means one per hardware thread.
    unsigned threads = 1;
    /// When set, the same rulebooks are also evaluated for this period and the results
    /// compared with it (`previous_tier`, `previous_rank`).
    std::optional<std::string> previous_period;
    /// Subjects evaluated together (a memory / speed trade-off; never changes results).
    std::size_t batch_size = 4096;
};

/// A rulebook of a set that `evaluate` left out because no version of it is in force for
/// the period (a rulebook whose first version came later).
struct skipped_rulebook {
    std::string rulebook;  ///< its id
    std::string title;
    /// Why, as `rulebook::version_for` words it: the rulebook, the period's last day and the
    /// date its first version takes effect.
    std::string reason;
    std::optional<date> first_effective;  ///< of its first version; none when it has none

    friend bool operator==(const skipped_rulebook&, const skipped_rulebook&) = default;
};

/// The results of every rulebook of a set for one period, and where they came from.
class ANTQ_EXPORT evaluation {
  public:
    evaluation() = default;

    /// Takes results (one per rulebook, in evaluation order) and their provenance:
    /// `rulebook_hashes` (one per results, see `rulebook_hash`), the dataset's content hash
    /// and the library version. The fingerprint is computed from them. Throws `usage_error`
    /// when the hashes do not match the results one to one. `skipped`: the rulebooks of the
    /// set that were not evaluated (they have no results and no hash).
    evaluation(std::vector<rulebook_results> results, std::vector<std::string> rulebook_hashes,
               std::string dataset_hash, std::string library_version,
               std::vector<skipped_rulebook> skipped = {});

    /// The rulebooks of the set with no version in force for the period, in set order.
    [[nodiscard]] std::span<const skipped_rulebook> skipped() const noexcept { return skipped_; }

    /// In evaluation order: every rulebook after those it rolls up.
    [[nodiscard]] std::span<const rulebook_results> results() const noexcept { return results_; }

    /// The results of one rulebook, or null.
    [[nodiscard]] const rulebook_results* find(std::string_view rulebook_id) const noexcept;

    /// Like `find`; throws `usage_error` naming the id (and, for a skipped rulebook, why).
    [[nodiscard]] const rulebook_results& at(std::string_view rulebook_id) const;

    /// SHA-256 (hex) over the rulebook hashes, the dataset hash and the library version
    /// (`evaluation_fingerprint`); also in each results' header.
    [[nodiscard]] const std::string& fingerprint() const noexcept { return fingerprint_; }
    [[nodiscard]] std::span<const std::string> rulebook_hashes() const noexcept {
        return rulebook_hashes_;
    }
    [[nodiscard]] const std::string& dataset_hash() const noexcept { return dataset_hash_; }
    [[nodiscard]] const std::string& library_version() const noexcept { return library_version_; }

    /// Compares with an earlier evaluation: each rulebook's results take `previous_tier` and
    /// `previous_rank` from the results of the same rulebook id there. Returns the ids of the
    /// rulebooks the earlier evaluation has no results for (a snapshot of other rulebooks):
    /// their results stay without a previous period, which a caller should say.
    std::vector<std::string> set_previous(const evaluation& previous);

  private:
    std::vector<rulebook_results> results_;
    std::vector<std::string> rulebook_hashes_;
    std::string dataset_hash_;
    std::string library_version_;
    std::string fingerprint_;
    std::vector<skipped_rulebook> skipped_;
};

/// Evaluates every rulebook of `rules` on `data` for `period` ("2024", "2024-Q3", "2024-05",
/// "2023-11-16/2024-11-15"). A rulebook with no version in force for the period is left out
/// and listed in `evaluation::skipped()`, as long as some rulebook of the set has one; a
/// rulebook that rolls up a skipped one fails (`usage_error`, like any missing roll-up).
/// Throws `usage_error` when the period cannot be read or no rulebook of the set (a set of
/// one included) has a version in force for it (naming the first rulebook and the date).
[[nodiscard]] ANTQ_EXPORT evaluation evaluate(const dataset& data, const rulebook_set& rules,
                                              std::string_view period,
                                              const evaluate_options& options = {});

/// Evaluates one compiled rulebook. A rulebook with roll-ups needs the results, for the
/// same period, of the rulebooks it rolls up in `rollup_sources` (`usage_error` otherwise).
/// `options.previous_period` is honoured only when the rulebook has no roll-ups (compare
/// with `rulebook_results::set_previous` otherwise). The fingerprint in the header covers
/// this rulebook and the dataset.
[[nodiscard]] ANTQ_EXPORT rulebook_results evaluate(
    const dataset& data, const compiled_rulebook& rulebook, std::string_view period,
    const evaluate_options& options = {}, std::span<const rulebook_results> rollup_sources = {});

/// The header `evaluate` gives `rulebook`'s results for `period` (title, version, the period's
/// dates, rounding, criteria and tiers in the rulebook's order with their labels and actions),
/// without evaluating anything: for results read back from elsewhere (a database keeps tier
/// ids, not the rulebook), so that they read as evaluated ones. `version_index` is the
/// position in `source().versions` (`compiled_rulebook::version_index_for`). The fingerprint
/// is empty. Throws `usage_error` when there is no such version or the period cannot be read.
[[nodiscard]] ANTQ_EXPORT results_header rulebook_header(const compiled_rulebook& rulebook,
                                                         std::size_t version_index,
                                                         std::string_view period);

/// SHA-256 (hex) of the text a rulebook was read from, or of a canonical rendering of it
/// when it was built in code (every field that can change a result, no source positions).
[[nodiscard]] ANTQ_EXPORT std::string rulebook_hash(const rulebook& book);

/// The fingerprint of an evaluation: SHA-256 (hex) over the rulebook hashes (in evaluation
/// order), the dataset's content hash and the library version, each framed by its length.
[[nodiscard]] ANTQ_EXPORT std::string evaluation_fingerprint(
    std::span<const std::string> rulebook_hashes, std::string_view dataset_hash,
    std::string_view library_version);

}  // namespace antq
