#pragma once

/// \file
/// Checking a dataset against rulebooks before evaluating: every cell the rulebooks will
/// refuse, each with its place, all at once.

#include <antq/dataset.hpp>
#include <antq/error.hpp>
#include <antq/export.hpp>
#include <antq/rulebook_set.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace antq {

struct data_check_options {
    /// Only this period ("2024", "2024-Q3", ...); when unset, every period the observations
    /// name (read under each rulebook's yearly convention).
    std::optional<std::string> period;
    /// At most this many diagnostics per file, then one more saying how many were left out
    /// ("and 1,234 more problems in this file"); 0 keeps them all.
    std::size_t limit_per_file = 50;
    /// Threads to check on; 0 means one per hardware thread. The diagnostics are the same
    /// for any number.
    unsigned threads = 1;
};

/// The cells of `data` that the rulebooks of `rules` will refuse when evaluating, as errors
/// (`observations.csv:14:3: error: indicator 'crimes' of subject 'thon-1' in period 2024
/// must be a count (a whole number >= 0), not 'abc'`): a text that is not a number in a
/// number indicator, a number that does not fit the indicator's type (a count that is not a
/// whole number or is negative, a ratio above 1, a boolean other than 0/1), a value missing
/// where the indicator's missing policy is `error` (a missing column once, a subject with no
/// row for the period once), and two rows of one subject for one period. Only the subjects
/// each rulebook evaluates are checked (`applies_to`, eligible in the period); roll-up
/// indicators are not cells and are not checked. Sorted by file, line and column, repeats
/// removed. Throws `usage_error` when `options.period` cannot be read or no rulebook has a
/// version in force for it. Empty when the data are fine.
[[nodiscard]] ANTQ_EXPORT std::vector<diagnostic> check_data(
    const dataset& data, const rulebook_set& rules, const data_check_options& options = {});

/// The recorded decisions of `data` (antq/decision.hpp) that the rulebooks of `rules` refuse,
/// as errors at their cells: a rulebook that is not in `rules` ("unknown rulebook"), a
/// period the rulebook cannot read or has no version in force for, a proposed or decided tier
/// that is not a tier of that version, a subject of another kind than the rulebook
/// evaluates. Only the decisions of `options.period` when it is set; at most
/// `options.limit_per_file` of them (0: all). Whether the subject has a result is known only
/// by evaluating: `evaluate` checks it. Unlike `check_data`, meant for a whole folder of
/// rules (`antq check --data --rules`): evaluating a part of them ignores the decisions about
/// the others.
[[nodiscard]] ANTQ_EXPORT std::vector<diagnostic> check_decisions(
    const dataset& data, const rulebook_set& rules, const data_check_options& options = {});

}  // namespace antq
