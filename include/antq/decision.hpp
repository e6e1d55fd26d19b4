#pragma once

/// \file
/// Decisions: what a People's Committee, council or police body decided about a proposal
/// (recognised a village, decided a model's tier), recorded beside the dataset and kept
/// apart from what antq computes. A decision names the subject, the rulebook, the period,
/// the tier proposed when it was made and the tier decided (or none: confirmed as
/// proposed), with its number, date, reason, body and signer. Results carry the proposal and
/// the decision side by side; a decision never changes a score, a criterion, a rank or a
/// quota (docs/datasets.md, "Decisions").

#include <antq/error.hpp>
#include <antq/export.hpp>
#include <antq/period.hpp>
#include <antq/registry.hpp>

#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace antq {

/// One recorded decision.
struct decision {
    std::string subject;   ///< a model, unit or exemplar id of the registry
    std::string rulebook;  ///< the rulebook whose proposal was decided
    std::string period;    ///< as written ("2024"), read under the rulebook's convention
    /// The tier id antq proposed when the decision was made: when today's proposal differs
    /// (the data or rules changed since), the decision is stale and not applied.
    std::string proposed_tier;
    /// The tier id decided; empty when the proposal was confirmed as it was.
    std::string decided_tier;
    std::string reason;  ///< why, in the body's words; may be empty for a confirmation
    std::string number;  ///< the decision's number ("123/QĐ-UBND")
    date decided_on;     ///< the decision's date
    std::string body;    ///< who decided ("UBND xã Quảng Trung")
    std::string signer;  ///< who signed ("Chủ tịch Nguyễn Văn A")

    /// True when the decision confirms the proposal (no other tier decided).
    [[nodiscard]] bool confirms() const noexcept { return decided_tier.empty(); }

    friend bool operator==(const decision&, const decision&) = default;
};

/// The columns of a decisions table, in the order files write them.
enum class decision_column : std::uint8_t {
    subject,
    rulebook,
    period,
    proposed_tier,
    decided_tier,
    reason,
    number,
    decided_on,  ///< the column `date`
    body,
    signer,
};

inline constexpr std::size_t decision_column_count = 10;

/// The column names as files spell them: `subject,rulebook,period,proposed_tier,`
/// `decided_tier,reason,number,date,body,signer`.
[[nodiscard]] ANTQ_EXPORT std::span<const std::string_view> decision_column_names() noexcept;

/// The decisions of a dataset, and where each cell was read (for diagnostics that need
/// the rules: an unknown tier, a period with no result). `places` is empty for decisions
/// built in code, or has one entry per decision.
struct decision_table {
    std::vector<decision> rows;
    std::vector<std::array<source_location, decision_column_count>> places;

    [[nodiscard]] bool empty() const noexcept { return rows.empty(); }
    [[nodiscard]] std::size_t size() const noexcept { return rows.size(); }

    /// Where column `c` of decision `i` was read; an empty place when it was built in code.
    [[nodiscard]] ANTQ_EXPORT source_location place(std::size_t i, decision_column c) const;

    /// The same decisions (places are not compared).
    friend bool operator==(const decision_table& a, const decision_table& b) {
        return a.rows == b.rows;
    }
};

/// One row of a decisions table as text cells, with where each cell is: what every source
/// (a CSV file, a JSON document, a database table) hands to `build_decisions`.
struct decision_cells {
    std::array<std::string, decision_column_count> cells;
    std::array<source_location, decision_column_count> places;
};

/// Builds decisions from text rows and checks what needs no rules: the subject, rulebook,
/// period, proposed tier, decision number, date and body are required; the date is ISO
/// `2024-12-14` or day-first `14/12/2024`; the subject is an id of `r` (a model, unit or
/// exemplar); no two rows decide the same subject, rulebook and period. Throws
/// `input_error` with every problem at once, each at its cell's place.
[[nodiscard]] ANTQ_EXPORT decision_table build_decisions(std::vector<decision_cells> rows,
                                                         const registry& r);

/// Reads a `decisions.csv` given as text (RFC 4180, a header row naming the columns of
/// `decision_column_names` in any order; `reason` and `decided_tier` and `signer` may be
/// absent): `file` names it in diagnostics (`decisions.csv:3:4: error: ...`). Throws
/// `input_error` with every problem.
[[nodiscard]] ANTQ_EXPORT decision_table parse_decisions_csv(std::string_view text,
                                                             const std::string& file,
                                                             const registry& r);

/// The decisions as a `decisions.csv` text (every column, formula-safe cells written
/// verbatim so that reading them back gives the same decisions).
[[nodiscard]] ANTQ_EXPORT std::string write_decisions_csv(const decision_table& t);

}  // namespace antq
