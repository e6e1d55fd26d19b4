#pragma once

/// \file
/// Views over the runs stored in a database (`store_evaluation`, antq/database.hpp): the
/// history of a range of periods read back from the runs stored for them, and the
/// comparison of a stored run (what was filed) with new rules' evaluation of the data. These
/// join the database (antq/database.hpp) with the history and the diff of the toolkit
/// (antq/history.hpp, antq/rule_diff.hpp), which do not know databases. An opt-in header,
/// like antq/database.hpp; see docs/databases.md, "History of stored runs".

#include <antq/database.hpp>
#include <antq/dataset.hpp>
#include <antq/evaluate.hpp>
#include <antq/export.hpp>
#include <antq/history.hpp>
#include <antq/rule_diff.hpp>
#include <antq/rulebook_set.hpp>

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace antq {

/// The history of `periods` (in that order) read from the runs stored in `target`: for each
/// period the latest run stored for it (the highest run number, as `read_stored_results`
/// chooses), read with `read_stored_evaluation(target, period, rules)`, so that titles,
/// tiers, their labels and order come from `rules` and the decided tiers stand where they
/// were stored. Nothing is evaluated and no dataset is needed. Subjects are in the order of
/// their ids (the tables keep no dataset order).
///
/// A period with no stored run is kept, every rulebook skipped there with
/// `history_period::not_stored`. A rulebook of `rules` that a stored run lacks is skipped
/// in that period with the reason `evaluate` gives when the rules have no version in force
/// then, and "no results" otherwise. `options.rulebooks` and `options.subjects` filter as
/// for `evaluate_history`; `threads` and `batch_size` are not used.
///
/// Throws `usage_error` when `periods` is empty or names a period twice, or for an
/// `options.rulebooks` id not in `rules`; `database_error`, naming the database, when it
/// has no results tables or tables of another schema version, when none of `periods` has a
/// stored run, when a rulebook of `options.rulebooks` (or, without it, every rulebook of
/// `rules`) has no results in the runs of the range, or when a stored tier is not a tier of
/// its rulebook's version.
[[nodiscard]] ANTQ_EXPORT history read_stored_history(std::string_view target,
                                                      const rulebook_set& rules,
                                                      std::span<const std::string> periods,
                                                      const history_options& options = {},
                                                      const database_options& database = {});

/// Compares the latest run stored in `target` for `period` (what was filed) with the
/// evaluation of `new_rules` on `data` for that period, as `diff_evaluations` with
/// `diff_side::stored`: who changes status, tier, rank or score. The stored run's rulebooks
/// read their titles, tiers and labels from `new_rules` where it holds the stored version;
/// else tiers are shown by their ids. The stored run keeps no criteria nor decisions' texts,
/// so causes and decisions are not compared (`rule_diff::old_stored`). Throws as
/// `read_stored_evaluation`, as `evaluate`, and `usage_error` when the run and the new rules
/// have no rulebook in common.
[[nodiscard]] ANTQ_EXPORT std::vector<rule_diff> diff_stored_run(
    std::string_view target, std::string_view period, const rulebook_set& new_rules,
    const dataset& data, const evaluate_options& options = {},
    const database_options& database = {});

}  // namespace antq
