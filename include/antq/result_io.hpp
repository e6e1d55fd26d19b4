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

struct dataset;

enum class result_format { table, csv, json };

/// How results are written. The defaults give the machine layout above, English reasons.
struct result_output_options {
    /// The language of the table (headings, statuses, labels, numbers, reasons) and of the
    /// label columns. In Vietnamese the table is written for people: one block per rulebook,
    /// headed by its title, version and period (dd/mm/yyyy), with the columns `mã`, `tên`,
    /// `trạng thái`, the score (`điểm`, or `số tiêu chí đạt` "11/12" for a `checklist`),
    /// `xếp loại` (the tier's label), `hướng xử lý` (the action's word), `nhóm` (unit names
    /// and the dataset's labels) and `hạng`, numbers with the decimal comma, and why each
    /// subject not evaluated was not; columns that are empty for every row of a block are
    /// left out. In English the table keeps the machine layout (ids), with a `name` column
    /// after `subject` when `data` is given.
    language lang = language::en;
    /// Names beside subject ids and labels of group parts (units, `labels.csv`); must
    /// outlive the call. Without it names are empty and groups are shown as written.
    const dataset* data = nullptr;
    /// CSV and JSON: after `rank` (and before `previous_*`), the columns `name` (the
    /// subject's name), `status_label`, `tier_label`, `action_label` and `group_label`,
    /// in `lang`. The id columns stay as they are.
    bool label_columns = false;
    /// CSV only: begin with the UTF-8 byte-order mark (EF BB BF), which spreadsheet programs
    /// such as Excel need to read the file as UTF-8 rather than in the locale's code page.
    bool byte_order_mark = false;
    /// CSV: the threads that write the rows of a large table (each a range of at least
    /// 4,096 rows, in rounds, each written out by the calling thread while the next is
    /// made, so that a file or stream never waits for the whole text; the same bytes on any
    /// number); 0 means one per hardware thread.
    unsigned threads = 1;
};

/// Reads `table`, `csv` or `json`; throws `usage_error` naming the text otherwise.
[[nodiscard]] ANTQ_EXPORT result_format parse_result_format(std::string_view text);

/// The rows of every results table, one after another, in `format`. The table format ends
/// with one line per subject that was not evaluated, saying why in `reasons` (the reasons
/// as stored, in English, by default; see `reason_text`); `reasons` is the table's language
/// (`result_output_options::lang`). CSV and JSON carry no reasons.
[[nodiscard]] ANTQ_EXPORT std::string format_results(std::span<const rulebook_results> results,
                                                     result_format format,
                                                     language reasons = language::en);

ANTQ_EXPORT void write_results(std::ostream& out, std::span<const rulebook_results> results,
                               result_format format, language reasons = language::en);

/// As above, written as `options` says.
[[nodiscard]] ANTQ_EXPORT std::string format_results(std::span<const rulebook_results> results,
                                                     result_format format,
                                                     const result_output_options& options);
ANTQ_EXPORT void write_results(std::ostream& out, std::span<const rulebook_results> results,
                               result_format format, const result_output_options& options);
ANTQ_EXPORT void save_results(const std::filesystem::path& file,
                              std::span<const rulebook_results> results, result_format format,
                              const result_output_options& options);

/// Writes `format_results` to `file` atomically (a temporary file, then a rename): an
/// interrupted run never leaves a half-written file. Throws `io_error`.
ANTQ_EXPORT void save_results(const std::filesystem::path& file,
                              std::span<const rulebook_results> results, result_format format,
                              language reasons = language::en);

}  // namespace antq
