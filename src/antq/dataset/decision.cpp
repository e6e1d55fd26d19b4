#include <antq/decision.hpp>

#include "antq/dataset/decision_rows.hpp"

#include "antq/io/csv.hpp"

#include <algorithm>
#include <map>
#include <tuple>

namespace antq {

namespace {

constexpr std::array<std::string_view, decision_column_count> column_names = {
    "subject", "rulebook", "period", "proposed_tier", "decided_tier",
    "reason",  "number",   "date",   "body",          "signer"};

// A confirmation needs no reason and a signer may be recorded elsewhere; everything else
// identifies the decision or what it was made against.
constexpr std::array<bool, decision_column_count> required = {true,  true, true, true, false,
                                                              false, true, true, true, false};

constexpr std::size_t col(decision_column c) {
    return static_cast<std::size_t>(c);
}

std::string column_list() {
    std::string out;
    for (const auto name : column_names) {
        out += out.empty() ? "" : ", ";
        out += name;
    }
    return out;
}

/// `file:line:col`, leaving out what is unknown.
std::string place_text(const source_location& at) {
    std::string out = at.file;
    if (at.line != 0) {
        out += ':' + std::to_string(at.line);
        if (at.column != 0) {
            out += ':' + std::to_string(at.column);
        }
    }
    return out;
}

}  // namespace

std::span<const std::string_view> decision_column_names() noexcept {
    return column_names;
}

source_location decision_table::place(std::size_t i, decision_column c) const {
    return i < places.size() ? places[i][col(c)] : source_location{};
}

decision_table build_decisions(std::vector<decision_cells> rows, const registry& r) {
    diagnostic_list problems;
    decision_table out;
    out.rows.reserve(rows.size());
    out.places.reserve(rows.size());
    // (subject, rulebook, period) -> the row that decided it first.
    std::map<std::tuple<std::string, std::string, std::string>, std::size_t> seen;
    for (auto& row : rows) {
        const auto& at = row.places;
        bool ok = true;
        for (std::size_t c = 0; c < decision_column_count; ++c) {
            if (required[c] && row.cells[c].empty()) {
                problems.add(
                    at[c], "empty " + std::string(column_names[c]) + ": every decision needs one");
                ok = false;
            }
        }
        decision d;
        d.subject = std::move(row.cells[col(decision_column::subject)]);
        d.rulebook = std::move(row.cells[col(decision_column::rulebook)]);
        d.period = std::move(row.cells[col(decision_column::period)]);
        d.proposed_tier = std::move(row.cells[col(decision_column::proposed_tier)]);
        d.decided_tier = std::move(row.cells[col(decision_column::decided_tier)]);
        d.reason = std::move(row.cells[col(decision_column::reason)]);
        d.number = std::move(row.cells[col(decision_column::number)]);
        d.body = std::move(row.cells[col(decision_column::body)]);
        d.signer = std::move(row.cells[col(decision_column::signer)]);
        const std::string& date_text = row.cells[col(decision_column::decided_on)];
        if (!date_text.empty()) {
            if (const auto day = try_parse_date(date_text)) {
                d.decided_on = *day;
            } else {
                problems.add(
                    at[col(decision_column::decided_on)],
                    "date '" + date_text + "' is not a date (expected 2024-12-14 or 14/12/2024)");
                ok = false;
            }
        }
        if (!d.subject.empty() && !r.find_model(d.subject) && !r.find_unit(d.subject) &&
            !r.find_exemplar(d.subject)) {
            problems.add(at[col(decision_column::subject)],
                         "unknown subject '" + d.subject +
                             "' (not a model, unit or exemplar of the dataset)");
            ok = false;
        }
        if (!d.decided_tier.empty() && d.decided_tier == d.proposed_tier) {
            // Deciding the tier proposed is a confirmation: one spelling for one meaning,
            // so that the record (and its hash) does not depend on how it was written.
            d.decided_tier.clear();
        }
        if (!d.subject.empty() && !d.rulebook.empty() && !d.period.empty()) {
            const auto [it, inserted] =
                seen.emplace(std::tuple(d.subject, d.rulebook, d.period), out.rows.size());
            if (!inserted) {
                const auto& first = out.place(it->second, decision_column::subject);
                problems.add(at[col(decision_column::subject)],
                             "a second decision for subject '" + d.subject + "', rulebook '" +
                                 d.rulebook + "', period " + d.period + " (the first is at " +
                                 place_text(first) + ")");
                ok = false;
            }
        }
        if (ok) {
            out.rows.push_back(std::move(d));
            out.places.push_back(at);
        } else {
            // Kept so that later rows name the first of a duplicate; dropped below.
            out.rows.push_back(decision{});
            out.places.push_back(at);
        }
    }
    problems.throw_if_errors();
    return out;
}

decision_table parse_decisions_csv(std::string_view text, const std::string& file,
                                   const registry& r) {
    diagnostic_list problems;
    detail::csv_reader reader(text, file);
    detail::csv_record record;
    if (!reader.next(record, problems)) {
        problems.add({file, 1, 0},
                     "empty file: expected the header row '" + column_list() + "' (in any order)");
        problems.throw_if_errors();
    }
    if (!record.ok) {
        problems.throw_if_errors();
    }
    // 1-based file column of each decision column; 0 when absent.
    std::array<std::size_t, decision_column_count> where{};
    const std::size_t header_line = record.line;
    for (std::size_t f = 0; f < record.fields.size(); ++f) {
        const std::string_view name = record.fields[f];
        const auto found = std::find(column_names.begin(), column_names.end(), name);
        const source_location at{file, header_line, f + 1};
        if (found == column_names.end()) {
            problems.add(at, name.empty() ? "empty column name"
                                          : "unknown column '" + std::string(name) +
                                                "' (expected " + column_list() + ")");
            continue;
        }
        const auto c = static_cast<std::size_t>(found - column_names.begin());
        if (where[c] != 0) {
            problems.add(at, "repeated column '" + std::string(name) + "' (first in column " +
                                 std::to_string(where[c]) + ")");
        } else {
            where[c] = f + 1;
        }
    }
    for (std::size_t c = 0; c < decision_column_count; ++c) {
        if (required[c] && where[c] == 0) {
            problems.add({file, header_line, 0},
                         "missing column '" + std::string(column_names[c]) + "'");
        }
    }
    problems.throw_if_errors();
    const std::size_t field_count = record.fields.size();
    std::vector<decision_cells> rows;
    while (reader.next(record, problems)) {
        if (!record.ok || !detail::check_field_count(record, field_count, file, problems)) {
            continue;
        }
        decision_cells row;
        for (std::size_t c = 0; c < decision_column_count; ++c) {
            // An absent optional column is an empty cell, placed at the row's start.
            row.places[c] = {file, record.line, where[c]};
            if (where[c] != 0) {
                row.cells[c] = std::string(record.fields[where[c] - 1]);
            }
        }
        rows.push_back(std::move(row));
    }
    decision_table table = detail::build_decisions_reporting(std::move(rows), r, problems);
    auto all = problems.take();
    if (!all.empty()) {
        std::stable_sort(all.begin(), all.end(), [](const diagnostic& a, const diagnostic& b) {
            return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
        });
        throw input_error(std::move(all));
    }
    return table;
}

std::string write_decisions_csv(const decision_table& t) {
    std::string out;
    for (std::size_t c = 0; c < decision_column_count; ++c) {
        out += c == 0 ? "" : ",";
        out += column_names[c];
    }
    out += '\n';
    for (const decision& d : t.rows) {
        const std::array<std::string_view, decision_column_count> cells = {
            d.subject, d.rulebook, d.period, d.proposed_tier, d.decided_tier,
            d.reason,  d.number,   "",       d.body,          d.signer};
        for (std::size_t c = 0; c < decision_column_count; ++c) {
            out += c == 0 ? "" : ",";
            if (c == col(decision_column::decided_on)) {
                out += d.decided_on.is_special() ? std::string() : format_date(d.decided_on);
            } else {
                detail::append_csv_field_verbatim(out, cells[c]);
            }
        }
        out += '\n';
    }
    return out;
}

decision_table detail::build_decisions_reporting(std::vector<decision_cells> rows,
                                                 const registry& r, diagnostic_list& problems) {
    try {
        return build_decisions(std::move(rows), r);
    } catch (const input_error& e) {
        for (const auto& d : e.diagnostics()) {
            problems.add(d);
        }
    }
    return {};
}

}  // namespace antq
