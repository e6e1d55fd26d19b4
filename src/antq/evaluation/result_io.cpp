#include <antq/result_io.hpp>

#include <antq/error.hpp>
#include <antq/explain.hpp>

#include "antq/io/atomic_file.hpp"
#include "antq/io/csv.hpp"
#include "antq/io/json_text.hpp"
#include "antq/io/terminal_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <iterator>
#include <ostream>
#include <vector>

namespace antq {

namespace {

constexpr std::array<std::string_view, 11> base_columns = {
    "subject",   "period", "rulebook", "version", "status", "score",
    "max_score", "tier",   "action",   "group",   "rank"};
constexpr std::array<std::string_view, 2> previous_columns = {"previous_tier", "previous_rank"};
/// When decisions are recorded on any of the results (antq/decision.hpp).
constexpr std::array<std::string_view, 4> decision_columns = {"decided_tier", "decision_number",
                                                              "decision_date", "decision_stale"};
constexpr std::size_t max_cells = 17;

bool any_previous(std::span<const rulebook_results> results) {
    return std::any_of(results.begin(), results.end(),
                       [](const rulebook_results& r) { return r.has_previous(); });
}

bool any_decisions(std::span<const rulebook_results> results) {
    return std::any_of(results.begin(), results.end(),
                       [](const rulebook_results& r) { return r.has_decisions(); });
}

/// Which optional column groups a listing has (the same for every row).
struct layout {
    bool previous = false;
    bool decisions = false;

    explicit layout(std::span<const rulebook_results> results)
        : previous(any_previous(results)), decisions(any_decisions(results)) {}
};

/// The decision cells of row `i`: decided tier id, number, ISO date, stale ("true"/"false"),
/// each empty when there is none.
std::array<std::string, 4> decision_cells_of(const rulebook_results& r, std::size_t i) {
    std::array<std::string, 4> out;
    if (!r.has_decisions()) {
        return out;
    }
    const std::int32_t t = r.columns().decided_tier[i];
    if (t != no_tier) {
        out[0] = r.header().tiers[static_cast<std::size_t>(t)].id;
    }
    if (const result_decision* d = r.decision_of(i)) {
        out[1] = d->decision.number;
        out[2] = d->decision.decided_on.is_special() ? std::string()
                                                     : format_date(d->decision.decided_on);
        out[3] = d->stale ? "true" : "false";
    }
    return out;
}

// Results are checked finite where they are made and where they are read from a snapshot;
// this is the last guard, so that no output ever carries `inf` (not a JSON number).
void expect_finite(double v) {
    if (std::isinf(v)) {
        throw error("a result holds an infinite number, which cannot be written");
    }
}

std::string format_number(double v, int digits) {
    if (std::isnan(v)) {
        return {};
    }
    expect_finite(v);
    // -0.00 would read as a different value to a person.
    return fmt::format("{:.{}f}", v == 0 ? 0.0 : v, digits);
}

/// One row's cells as text; `numeric` marks the cells that are numbers (for JSON and for
/// right alignment in tables).
struct row_cells {
    std::array<std::string, max_cells> text;
    std::array<bool, max_cells> missing{};  ///< null in JSON: no score, no tier, no rank
    std::array<bool, max_cells> numeric{};  ///< written bare in JSON, right-aligned in tables
    std::size_t count = 11;
};

constexpr std::array<bool, 13> numeric_cell = {false, false, false, false, false, true, true,
                                               false, false, false, true,  false, true};

void fill_row(const rulebook_results& r, std::size_t i, bool with_previous, row_cells& row) {
    const auto& h = r.header();
    const auto& c = r.columns();
    const int digits = h.rounding_digits;
    row.text[0] = c.subject[i];
    row.text[1] = h.period_text;
    row.text[2] = h.rulebook;
    row.text[3] = h.version;
    row.text[4] = to_string(c.status[i]);
    row.text[5] = format_number(c.score[i], digits);
    row.text[6] = format_number(c.max_score[i], digits);
    row.text[7] = r.tier_id(i);
    row.text[8] = c.tier[i] == no_tier ? std::string() : h.tiers[c.tier[i]].action;
    row.text[9] = c.group_names[c.group[i]];
    row.text[10] = c.rank[i] == no_rank ? std::string() : fmt::format("{}", c.rank[i]);
    row.missing = {};
    row.missing[5] = std::isnan(c.score[i]);
    row.missing[6] = std::isnan(c.max_score[i]);
    row.missing[7] = c.tier[i] == no_tier;
    row.missing[8] = c.tier[i] == no_tier;
    row.missing[10] = c.rank[i] == no_rank;
    row.count = 11;
    if (!with_previous) {
        return;
    }
    row.count = 13;
    row.text[11].clear();
    row.text[12].clear();
    row.missing[11] = true;
    row.missing[12] = true;
    if (r.has_previous()) {
        const std::int32_t t = c.previous_tier[i];
        row.text[11] = t == no_tier ? std::string() : c.previous_tier_ids[t];
        row.text[12] =
            c.previous_rank[i] == no_rank ? std::string() : fmt::format("{}", c.previous_rank[i]);
        row.missing[11] = t == no_tier;
        row.missing[12] = c.previous_rank[i] == no_rank;
    }
}

/// `fill_row`, then the decision columns after the others when the listing has them.
void fill_row(const rulebook_results& r, std::size_t i, const layout& l, row_cells& row) {
    fill_row(r, i, l.previous, row);
    for (std::size_t k = 0; k < row.count; ++k) {
        row.numeric[k] = numeric_cell[k];
    }
    if (!l.decisions) {
        return;
    }
    const auto cells = decision_cells_of(r, i);
    for (std::size_t k = 0; k < cells.size(); ++k) {
        row.text[row.count + k] = cells[k];
        row.missing[row.count + k] = cells[k].empty();
        // The stale flag is a JSON boolean.
        row.numeric[row.count + k] = k == 3;
    }
    row.count += cells.size();
}

std::size_t header_count(const layout& l) {
    return (l.previous ? 13 : 11) + (l.decisions ? decision_columns.size() : 0);
}

std::string_view header_name(std::size_t k, const layout& l) {
    if (k < base_columns.size()) {
        return base_columns[k];
    }
    k -= base_columns.size();
    if (l.previous) {
        if (k < previous_columns.size()) {
            return previous_columns[k];
        }
        k -= previous_columns.size();
    }
    return decision_columns[k];
}

/// A number as `format_number` writes it, appended without a temporary string.
void append_number(std::string& out, double v, int digits) {
    if (std::isnan(v)) {
        return;
    }
    expect_finite(v);
    std::array<char, 64> buffer{};
    const auto written = std::to_chars(buffer.data(), buffer.data() + buffer.size(),
                                       v == 0 ? 0.0 : v, std::chars_format::fixed, digits);
    if (written.ec != std::errc()) {
        out += format_number(v, digits);  // beyond 64 characters: rare enough to allocate
        return;
    }
    out.append(buffer.data(), written.ptr);
}

void append_count(std::string& out, std::uint32_t v) {
    std::array<char, 16> buffer{};
    const auto written = std::to_chars(buffer.data(), buffer.data() + buffer.size(), v);
    out.append(buffer.data(), written.ptr);
}

std::string csv_cell(std::string_view field) {
    std::string out;
    detail::append_csv_field(out, field);
    return out;
}

/// The cells of one results table that repeat on many rows, quoted once: a million rows
/// then cost appends, not a million small strings per column.
struct csv_cells {
    std::string period_rulebook_version;  ///< ",period,rulebook,version,"
    std::array<std::string, static_cast<std::size_t>(last_result_status) + 1>
        status;                              ///< by `result_status`
    std::vector<std::string> tier_action;    ///< "tier,action" by tier; last: ","
    std::vector<std::string> group;          ///< by group
    std::vector<std::string> previous_tier;  ///< by previous tier

    explicit csv_cells(const rulebook_results& r) {
        const auto& h = r.header();
        period_rulebook_version = "," + csv_cell(h.period_text) + "," + csv_cell(h.rulebook) + "," +
                                  csv_cell(h.version) + ",";
        for (std::size_t s = 0; s < status.size(); ++s) {
            status[s] = csv_cell(to_string(static_cast<result_status>(s)));
        }
        for (const auto& t : h.tiers) {
            tier_action.push_back(csv_cell(t.id) + "," + csv_cell(t.action));
        }
        tier_action.emplace_back(",");
        for (const auto& g : r.columns().group_names) {
            group.push_back(csv_cell(g));
        }
        for (const auto& t : r.columns().previous_tier_ids) {
            previous_tier.push_back(csv_cell(t));
        }
    }

    [[nodiscard]] const std::string& tier(std::int32_t t) const {
        return t == no_tier ? tier_action.back() : tier_action[static_cast<std::size_t>(t)];
    }
};

void append_csv_rows(std::string& out, const rulebook_results& r, const layout& l) {
    const bool with_previous = l.previous;
    const csv_cells cells(r);
    const auto& c = r.columns();
    const int digits = r.header().rounding_digits;
    for (std::size_t i = 0; i < r.size(); ++i) {
        detail::append_csv_field(out, c.subject[i]);
        out += cells.period_rulebook_version;
        out += cells.status[static_cast<std::size_t>(c.status[i])];
        out += ',';
        append_number(out, c.score[i], digits);
        out += ',';
        append_number(out, c.max_score[i], digits);
        out += ',';
        out += cells.tier(c.tier[i]);
        out += ',';
        out += cells.group[c.group[i]];
        out += ',';
        if (c.rank[i] != no_rank) {
            append_count(out, c.rank[i]);
        }
        if (with_previous) {
            out += ',';
            if (r.has_previous()) {
                if (c.previous_tier[i] != no_tier) {
                    out += cells.previous_tier[static_cast<std::size_t>(c.previous_tier[i])];
                }
                out += ',';
                if (c.previous_rank[i] != no_rank) {
                    append_count(out, c.previous_rank[i]);
                }
            } else {
                out += ',';
            }
        }
        if (l.decisions) {
            for (const auto& cell : decision_cells_of(r, i)) {
                out += ',';
                detail::append_csv_field(out, cell);
            }
        }
        out += '\n';
    }
}

std::string to_csv(std::span<const rulebook_results> results) {
    const layout with(results);
    std::string out;
    std::size_t rows = 0;
    for (const auto& r : results) {
        rows += r.size();
    }
    out.reserve(128 + rows * 96);
    for (std::size_t k = 0; k < header_count(with); ++k) {
        out += k == 0 ? "" : ",";
        out += header_name(k, with);
    }
    out += '\n';
    for (const auto& r : results) {
        append_csv_rows(out, r, with);
    }
    return out;
}

std::string to_json(std::span<const rulebook_results> results) {
    const layout with(results);
    std::string out = "[";
    bool first = true;
    row_cells row;
    for (const auto& r : results) {
        for (std::size_t i = 0; i < r.size(); ++i) {
            fill_row(r, i, with, row);
            out += first ? "\n  {" : ",\n  {";
            first = false;
            for (std::size_t k = 0; k < row.count; ++k) {
                if (k > 0) {
                    out += ", ";
                }
                detail::append_json_string(out, header_name(k, with));
                out += ": ";
                if (row.missing[k]) {
                    out += "null";
                } else if (row.numeric[k]) {
                    out += row.text[k];
                } else {
                    detail::append_json_string(out, row.text[k]);
                }
            }
            out += '}';
        }
    }
    out += first ? "]\n" : "\n]\n";
    return out;
}

/// Display width: code points, so Vietnamese labels line up.
std::size_t width_of(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char ch) {
        return (static_cast<unsigned char>(ch) & 0xC0U) != 0x80U;
    }));
}

void pad(std::string& out, std::string_view text, std::size_t width, bool right) {
    const std::size_t fill = width - std::min(width, width_of(text));
    if (right) {
        out.append(fill, ' ');
    }
    out += text;
    if (!right) {
        out.append(fill, ' ');
    }
}

/// A cell as the table prints it: ids, labels and messages come from rulebooks and
/// datasets, so their control characters (ESC...) are shown as `\x1b`, not sent raw to the
/// terminal. Almost every cell has none, and is used as it is; an escaped one is kept in
/// `buffer` until the next call.
std::string_view shown(std::string_view text, std::string& buffer) {
    if (!detail::has_controls(text)) {
        return text;
    }
    buffer = detail::escape_controls(text);
    return buffer;
}

std::string to_table(std::span<const rulebook_results> results, language reasons) {
    const layout with(results);
    const std::size_t columns = header_count(with);
    std::array<std::size_t, max_cells> width{};
    for (std::size_t k = 0; k < columns; ++k) {
        width[k] = width_of(header_name(k, with));
    }
    row_cells row;
    std::string escaped;
    for (const auto& r : results) {
        for (std::size_t i = 0; i < r.size(); ++i) {
            fill_row(r, i, with, row);
            for (std::size_t k = 0; k < columns; ++k) {
                width[k] = std::max(width[k], width_of(shown(row.text[k], escaped)));
            }
        }
    }
    std::string out;
    const auto line = [&](const auto& cell_of) {
        std::string text;
        for (std::size_t k = 0; k < columns; ++k) {
            if (k > 0) {
                text += "  ";
            }
            pad(text, cell_of(k), width[k], row.numeric[k] && k < columns);
        }
        text.erase(text.find_last_not_of(' ') + 1);
        out += text;
        out += '\n';
    };
    line([&](std::size_t k) { return header_name(k, with); });
    for (const auto& r : results) {
        for (std::size_t i = 0; i < r.size(); ++i) {
            fill_row(r, i, with, row);
            line([&](std::size_t k) { return shown(row.text[k], escaped); });
        }
    }
    for (const auto& r : results) {
        for (std::size_t i = 0; i < r.size(); ++i) {
            const auto status = r.columns().status[i];
            const auto message = r.columns().message[i];
            // Evaluated subjects have a message only when a roll-up skipped sources without a
            // result or counted them as failing: the table says so under the results too.
            if (status != result_status::evaluated || !message.empty()) {
                const std::string reason =
                    fmt::format("{} ({}): {}: {}", r.columns().subject[i], r.header().rulebook,
                                to_string(status), reason_text(status, message, reasons));
                out += shown(reason, escaped);
                out += '\n';
            }
        }
    }
    // Every recorded decision, in words, under the results.
    for (const auto& r : results) {
        for (const auto& d : r.columns().decisions) {
            const std::string text = fmt::format("{} ({}): {}", r.columns().subject[d.row],
                                                 r.header().rulebook, decision_text(r, d.row));
            out += shown(text, escaped);
            out += '\n';
        }
    }
    return out;
}

}  // namespace

result_format parse_result_format(std::string_view text) {
    if (text == "table") {
        return result_format::table;
    }
    if (text == "csv") {
        return result_format::csv;
    }
    if (text == "json") {
        return result_format::json;
    }
    throw usage_error(fmt::format("unknown format '{}' (expected table, csv or json)", text));
}

std::string format_results(std::span<const rulebook_results> results, result_format format,
                           language reasons) {
    switch (format) {
        case result_format::csv:
            return to_csv(results);
        case result_format::json:
            return to_json(results);
        case result_format::table:
            break;
    }
    return to_table(results, reasons);
}

void write_results(std::ostream& out, std::span<const rulebook_results> results,
                   result_format format, language reasons) {
    const std::string text = format_results(results, format, reasons);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

void save_results(const std::filesystem::path& file, std::span<const rulebook_results> results,
                  result_format format, language reasons) {
    detail::write_file_atomically(file, format_results(results, format, reasons));
}

}  // namespace antq
