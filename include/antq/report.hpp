#pragma once

/// \file
/// A report of an evaluation as one self-contained HTML page, in Vietnamese or English
/// (`report_options::language`): inline CSS, charts as inline SVG, no script and nothing
/// fetched from the network, so that it opens offline, prints, and can be mailed as one file.
///
/// Sections: an overview by tier for every rulebook (counts, a bar chart of the tier
/// distribution and a histogram of scores); the results by unit (each commune, then the
/// units below it: its villages, schools...); by topic (models); ranking tables per group;
/// every subject's explanation in a `<details>` element; and the fingerprint of the
/// evaluation (rulebooks, dataset, library version), so that the report can be reproduced.
/// Given a history (`report_options::history`), also a page per village (thôn): its models,
/// its grassroots team, its standard result and its exemplars over the years, each with a
/// small trend chart of the score.
/// Every text from the data and the rules is HTML-escaped. The same evaluation gives the
/// same bytes (no date, no random ids).

#include <antq/dataset.hpp>
#include <antq/evaluate.hpp>
#include <antq/export.hpp>
#include <antq/history.hpp>
#include <antq/language.hpp>
#include <antq/rulebook_set.hpp>

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace antq {

struct report_options {
    /// The page's title, its heading and its printed footer. Empty (the default): the report's
    /// title in its language, "Báo cáo đánh giá phong trào Toàn dân bảo vệ an ninh Tổ quốc"
    /// in Vietnamese, "Evaluation report of the movement "All people protect national
    /// security"" in English.
    std::string title;
    /// The language of everything the report writes itself: headings, column names, notes,
    /// statuses, actions, explanations, the decimal separator and dates, and `<html lang>`.
    /// Vietnamese by default, for the people the report is for; English for partners and
    /// maintainers. Names and labels from the data and the rules are printed as written, and
    /// the sections' anchors (`#tong-quan`...) are the same in both languages.
    antq::language language = language::vi;
    /// Explanations per rulebook, in subject order; the rest are left out with a note (a
    /// national evaluation has a million subjects). `explain_all` lifts the limit.
    std::size_t max_explanations = 5000;
    bool explain_all = false;
    /// The rulebooks evaluated, when at hand: explanations then list what each roll-up of a
    /// failed criterion counted (which units were recognised, which models effective) and
    /// what a non-additive engine's `gap_analysis` says. Names beside ids, and who took a
    /// quota's places, need only the dataset.
    const rulebook_set* rules = nullptr;
    /// The history over the years (antq/history.hpp), when at hand: a section "Các thôn qua
    /// các năm" with a page per unit of kind `village`: for each rulebook of the history, the
    /// village itself (its standard result, e.g. `tt124-residential`) or the subjects it
    /// hosts (models, the grassroots team and its members, exemplars), one row each with the
    /// tier that stood and the score per year and an inline SVG line of the scores. Must
    /// outlive the call.
    const antq::history* history = nullptr;
};

/// The page, as UTF-8 text. Throws `usage_error` when a results table does not match the
/// dataset (a subject index out of range or naming another id).
[[nodiscard]] ANTQ_EXPORT std::string render_report(const dataset& data, const evaluation& results,
                                                    const report_options& options = {});

/// Writes the page to `file` atomically (a temporary file, then a rename). Throws `io_error`.
ANTQ_EXPORT void write_report(const std::filesystem::path& file, const dataset& data,
                              const evaluation& results, const report_options& options = {});

/// `text` with `&`, `<`, `>`, `"` and `'` replaced by entities, for HTML text and attributes.
[[nodiscard]] ANTQ_EXPORT std::string html_escape(std::string_view text);

}  // namespace antq
