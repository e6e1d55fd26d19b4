#pragma once

// The evaluation pipeline for one rulebook in one period (docs/design/evaluation.md):
//
//   version in force -> subjects (applies_to) -> eligibility -> inputs (indicators with their
//   missing policies and type checks, previous period, attributes, roll-ups) -> derived
//   values -> criteria -> engine -> rounding -> vetoes, requirements, tiers -> quotas ->
//   groups and ranks.
//
// Subjects are evaluated in batches of fixed size, each batch writing only its own rows,
// so any number of threads gives the same bytes.

#include <antq/compiled_rulebook.hpp>
#include <antq/dataset.hpp>
#include <antq/error.hpp>
#include <antq/result.hpp>

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace antq::detail::evaluation {

struct pipeline_options {
    unsigned threads = 1;  ///< at least 1
    std::size_t batch_size = 4096;
};

/// Evaluates `book` on `data` for the period `period_text` (read under the rulebook's
/// yearly convention). `sources` holds the results, for the same period, of the rulebooks
/// it rolls up. Throws `usage_error` when no version is in force, the period cannot be
/// read, or a roll-up's source is not among `sources`.
[[nodiscard]] rulebook_results evaluate_rulebook(const dataset& data, const compiled_rulebook& book,
                                                 std::string_view period_text,
                                                 std::span<const rulebook_results* const> sources,
                                                 const pipeline_options& options,
                                                 std::string fingerprint);

/// The header `evaluate_rulebook` gives the results of version `version_index` of `book` for
/// the period `period_text`, without a fingerprint. Throws `usage_error` when there is no such
/// version or the period cannot be read.
[[nodiscard]] results_header header_for(const compiled_rulebook& book, std::size_t version_index,
                                        std::string_view period_text);

/// Appends to `out` every cell of `data` that `book` will refuse in the period, as the
/// evaluation reads them (see `antq::check_data`). Throws like `evaluate_rulebook` when no
/// version is in force or the period cannot be read.
void check_rulebook_data(const dataset& data, const compiled_rulebook& book,
                         std::string_view period_text, std::vector<diagnostic>& out);

}  // namespace antq::detail::evaluation
