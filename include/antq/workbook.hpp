#pragma once

/// \file
/// The documents a province files, as one Excel workbook (.xlsx), in Vietnamese, written
/// with libxlsxwriter. One sheet per document and rulebook:
///
/// - `CN <rulebook>`: the units proposed for recognition as "An toàn về an ninh, trật tự",
///   grouped by commune: for each unit, every criterion met ("Đạt") or not ("Không đạt"),
///   the number met, the proposal, and the decision where one is recorded (its kind, number,
///   date, body and reason). Rulebooks on units that have a tier `recognition_tier`.
/// - `CĐ <rulebook>`: the score sheet of the 100-point grading, unit by unit, criterion by
///   criterion with its group, basis, the points at stake and the points given, then the
///   unit's total, tier and decision. Rulebooks on units whose engine gives points (any
///   engine but `checklist`).
/// - `Tổng hợp mô hình`: the yearly summary of models, per model rulebook whose tiers carry
///   actions: by topic and by host unit, the number of model types and of models (điểm),
///   those new and those ended in the period, and the number in each tier (with its action:
///   nhân rộng, nâng chất lượng, loại bỏ), counting the decided tier where a decision
///   applies; then every model with its dates, score, rank, proposal, action and decision.
/// - `Khen thưởng điển hình`: the exemplars, per exemplar rulebook, by level (tier, best
///   first), with unit, kind, date recognised, models, score, rank and decision.
///
/// Every sheet has a title row (the document and the unit the workbook is about), a row
/// naming the period and each rulebook's version and basis, a frozen header row, columns as
/// wide as their content (long texts wrap), A4 page setup with the header row repeated on
/// every printed page, and the evaluation's fingerprint in the last row and in the printed
/// footer. Numbers are number cells in a Vietnamese number format (`[$-42A]#,##0.00`), dates
/// are date cells shown `dd/mm/yyyy`. Named cells: `ky_danh_gia` (the row naming the period
/// and the rulebooks, first sheet), `van_tay` (the fingerprint row, first sheet),
/// `tong_so_mo_hinh` (models in the first summary) and `so_dien_hinh_de_nghi` (exemplars
/// proposed at some level, first exemplar rulebook). libxlsxwriter runs in constant-memory
/// mode, with scratch files in the system's temporary folder.
///
/// The same inputs give the same bytes: the workbook's creation time is the last day of the
/// period, no clock or random value is read. docs/outputs.md describes each sheet.

#include <antq/dataset.hpp>
#include <antq/evaluate.hpp>
#include <antq/export.hpp>

#include <filesystem>
#include <string>

namespace antq {

struct workbook_options {
    /// The unit named in every title row ("Xã Quảng Trung"). Empty: the unit every other
    /// unit lies under (from the root, down while a unit has exactly one child unit), or the
    /// roots' names joined when the dataset has several.
    std::string unit_name;
    /// The tier id that means "recognised as meeting the standard" (the shipped TT 124
    /// rulebooks' `dat`): unit rulebooks with such a tier get a recognition sheet.
    std::string recognition_tier = "dat";
};

/// True when this antq was built with libxlsxwriter (CMake option `ANTQ_WITH_XLSX`, on by
/// default); without it the functions below throw `usage_error`.
[[nodiscard]] ANTQ_EXPORT bool workbook_support() noexcept;

/// The workbook as the bytes of an .xlsx file. Throws `usage_error` when a results table
/// does not match the dataset, or a sheet would need more rows than a worksheet holds
/// (1,048,576: export a province at a time), `io_error` when the scratch file libxlsxwriter
/// writes cannot be written or read back.
[[nodiscard]] ANTQ_EXPORT std::string render_workbook(const dataset& data,
                                                      const evaluation& results,
                                                      const workbook_options& options = {});

/// Writes the workbook to `file` atomically (a temporary file, then a rename; see
/// antq/output.hpp, which also covers `output_batch`). Throws as `render_workbook`.
ANTQ_EXPORT void write_workbook(const std::filesystem::path& file, const dataset& data,
                                const evaluation& results, const workbook_options& options = {});

}  // namespace antq
