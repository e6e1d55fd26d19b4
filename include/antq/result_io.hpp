#pragma once

/// \file
/// Writing results as an aligned text table, CSV (RFC 4180) or JSON, with exactly the columns
/// `subject,period,rulebook,version,status,score,max_score,tier,action,group,rank`, plus
/// `previous_tier,previous_rank` when the results were compared with an earlier period, plus
/// `decided_tier,decision_number,decision_date,decision_stale` when decisions are recorded on
/// any of them (antq/decision.hpp): the tier that stands after a decision (empty when none
/// applies), the decision's number and ISO date, and `true` when it is stale (the proposal
/// changed since, so it is not applied). The table format also lists every decision in
/// words under the results (`decision_text`).
///
/// Scores are printed with the rulebook's rounding digits; missing values (the score of a
/// subject not evaluated, no tier, no rank) are empty cells in CSV and tables, `null` in
/// JSON. The same results give the same bytes.
///
/// Text from rulebooks and datasets is made safe for where it is read: in CSV, a text cell
/// that a spreadsheet would take for a formula (starting with `=`, `+`, `-`, `@`, TAB or CR,
/// and not a number such as `-5`) gets a leading `'`; in the table, control characters
/// (ESC, CR, TAB, DEL, U+0080 to U+009F) are shown as `\x1b`, never sent raw. JSON keeps
/// the text exactly (escaped as JSON requires).

#include <antq/export.hpp>
#include <antq/language.hpp>
#include <antq/result.hpp>

#include <filesystem>
#include <iosfwd>
#include <span>
#include <string>
#include <string_view>

namespace antq {

enum class result_format { table, csv, json };

/// Reads `table`, `csv` or `json`; throws `usage_error` naming the text otherwise.
[[nodiscard]] ANTQ_EXPORT result_format parse_result_format(std::string_view text);

/// The rows of every results table, one after another, in `format`. The table format ends
/// with one line per subject that was not evaluated, saying why in `reasons` (the reasons
/// as stored, in English, by default; see `reason_text`). CSV and JSON carry no reasons.
[[nodiscard]] ANTQ_EXPORT std::string format_results(std::span<const rulebook_results> results,
                                                     result_format format,
                                                     language reasons = language::en);

ANTQ_EXPORT void write_results(std::ostream& out, std::span<const rulebook_results> results,
                               result_format format, language reasons = language::en);

/// Writes `format_results` to `file` atomically (a temporary file, then a rename): an
/// interrupted run never leaves a half-written file. Throws `io_error`.
ANTQ_EXPORT void save_results(const std::filesystem::path& file,
                              std::span<const rulebook_results> results, result_format format,
                              language reasons = language::en);

}  // namespace antq
