#include <antq/result_io.hpp>

#include <antq/dataset.hpp>
#include <antq/error.hpp>
#include <antq/explain.hpp>
#include <antq/labels.hpp>

#include "antq/io/atomic_file.hpp"
#include "antq/io/csv.hpp"
#include "antq/io/json_text.hpp"
#include "antq/io/terminal_text.hpp"
#include "antq/parallel.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <iterator>
#include <optional>
#include <ostream>
#include <vector>

namespace antq {

namespace {

constexpr std::array<std::string_view, 11> base_columns = {
    "subject",   "period", "rulebook", "version", "status", "score",
    "max_score", "tier",   "action",   "group",   "rank"};
constexpr std::array<std::string_view, 2> previous_columns = {"previous_tier", "previous_rank"};
constexpr std::array<std::string_view, 5> label_columns = {"name", "status_label", "tier_label",
                                                           "action_label", "group_label"};
/// When decisions are recorded on any of the results (antq/decision.hpp), last.
constexpr std::array<std::string_view, 4> decision_columns = {"decided_tier", "decision_number",
                                                              "decision_date", "decision_stale"};

/// True when row `row` gets its proposed tier's `otherwise` rather than its `action`.
bool takes_otherwise(const rulebook_results& r, std::size_t row) {
    const action_branch b = r.branch_of(row, r.columns().tier[row]);
    return b == action_branch::failed || b == action_branch::missing;
}

/// The label cells of one results table that repeat on many rows, computed once per table.
struct table_labels {
    std::array<std::string, static_cast<std::size_t>(last_result_status) + 1> status;
    std::vector<std::string> tier;  ///< by tier; last: no tier
    /// By tier, two each: its `action`, then its `otherwise`; last: no tier.
    std::vector<std::string> action;
    std::vector<std::string> group;  ///< by group
    const rulebook_results* results = nullptr;

    table_labels(const rulebook_results& r, const name_book& names, language lang) : results(&r) {
        for (std::size_t s = 0; s < status.size(); ++s) {
            status[s] = std::string(status_label(static_cast<result_status>(s), lang));
        }
        for (const auto& t : r.header().tiers) {
            tier.push_back(t.label.empty() ? t.id : t.label);
            for (const std::string* a : {&t.action, &t.otherwise}) {
                action.emplace_back(a->empty() ? std::string_view() : word(*a, lang));
            }
        }
        tier.emplace_back();
        action.emplace_back();
        for (const auto& g : r.columns().group_names) {
            group.push_back(names.group_text(g, lang));
        }
    }

    /// Every label as a CSV cell (quoted where it must be), once for all rows.
    void quote_for_csv() {
        const auto quote = [](std::string& label) {
            std::string cell;
            detail::append_csv_field(cell, label);
            label = std::move(cell);
        };
        std::for_each(status.begin(), status.end(), quote);
        std::for_each(tier.begin(), tier.end(), quote);
        std::for_each(action.begin(), action.end(), quote);
        std::for_each(group.begin(), group.end(), quote);
    }

    [[nodiscard]] const std::string& tier_of(std::int32_t t) const {
        return t == no_tier ? tier.back() : tier[static_cast<std::size_t>(t)];
    }
    /// The label of the action row `row` gets from its proposed tier.
    [[nodiscard]] const std::string& action_of(std::size_t row) const {
        const std::int32_t t = results->columns().tier[row];
        if (t == no_tier) {
            return action.back();
        }
        return action[2 * static_cast<std::size_t>(t) + (takes_otherwise(*results, row) ? 1 : 0)];
    }
};

bool any_previous(std::span<const rulebook_results> results) {
    return std::any_of(results.begin(), results.end(),
                       [](const rulebook_results& r) { return r.has_previous(); });
}

// Results are checked finite where they are made and where they are read from a snapshot;
// this is the last guard, so that no output ever carries `inf` (not a JSON number).
bool any_decisions(std::span<const rulebook_results> results) {
    return std::any_of(results.begin(), results.end(),
                       [](const rulebook_results& r) { return r.has_decisions(); });
}

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
    std::array<std::string, 13> text;
    std::array<bool, 13> missing{};  ///< null in JSON: no score, no tier, no rank
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
    row.text[8] = r.action(i);
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

std::size_t header_count(bool with_previous) {
    return with_previous ? 13 : 11;
}

std::string_view header_name(std::size_t k) {
    return k < base_columns.size() ? base_columns[k] : previous_columns[k - base_columns.size()];
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
        status;  ///< by `result_status`
    /// "tier,action" by tier, two each (its `action`, then its `otherwise`); last: ",".
    std::vector<std::string> tier_action;
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
            tier_action.push_back(csv_cell(t.id) + "," + csv_cell(t.otherwise));
        }
        tier_action.emplace_back(",");
        for (const auto& g : r.columns().group_names) {
            group.push_back(csv_cell(g));
        }
        for (const auto& t : r.columns().previous_tier_ids) {
            previous_tier.push_back(csv_cell(t));
        }
    }

    [[nodiscard]] const std::string& tier(const rulebook_results& r, std::size_t row) const {
        const std::int32_t t = r.columns().tier[row];
        return t == no_tier ? tier_action.back()
                            : tier_action[2 * static_cast<std::size_t>(t) +
                                          (takes_otherwise(r, row) ? 1 : 0)];
    }
};

/// The text of numbers rounded to `digits`, remembered by value: scores repeat (points are
/// few) and a rulebook's maximum is the same on every row, so most of a million cells are
/// copied rather than formatted again. The text is `append_number`'s, byte for byte.
class number_cells {
  public:
    explicit number_cells(int digits) : digits_(digits) {}

    void append(std::string& out, double v) {
        const auto bits = std::bit_cast<std::uint64_t>(v);
        entry& e = entries_[(bits ^ (bits >> 29) ^ (bits >> 47)) % entries_.size()];
        if (!e.used || e.bits != bits) {
            e.text.clear();
            append_number(e.text, v, digits_);
            e.bits = bits;
            e.used = true;
        }
        out += e.text;
    }

  private:
    struct entry {
        std::uint64_t bits = 0;
        bool used = false;
        std::string text;
    };
    int digits_;
    std::array<entry, 256> entries_{};
};

/// About the bytes of a CSV row, to reserve room for many at once.
std::size_t csv_row_bytes(const result_output_options& options) {
    return options.label_columns ? 192 : 96;
}

/// What every row of one results table shares in CSV, computed once for all rows.
struct csv_table_cells {
    const rulebook_results& r;
    csv_cells cells;
    name_book names;
    std::optional<table_labels> labels;
    bool with_previous;
    bool with_decisions;

    csv_table_cells(const rulebook_results& results, bool previous, bool decisions,
                    const result_output_options& options)
        : r(results),
          cells(results),
          names(options.data ? name_book(*options.data) : name_book()),
          with_previous(previous),
          with_decisions(decisions) {
        if (options.label_columns) {
            labels.emplace(r, names, options.lang);
            labels->quote_for_csv();
        }
    }
};

/// Appends rows [begin, end) of the table to `out`. Reads `shared` only: several ranges
/// of one table may be written at once.
void append_csv_row_range(std::string& out, const csv_table_cells& shared, std::size_t begin,
                          std::size_t end) {
    const rulebook_results& r = shared.r;
    const csv_cells& cells = shared.cells;
    const name_book& names = shared.names;
    const std::optional<table_labels>& labels = shared.labels;
    const bool with_previous = shared.with_previous;
    const bool with_decisions = shared.with_decisions;
    const auto& c = r.columns();
    const int digits = r.header().rounding_digits;
    number_cells scores(digits);
    number_cells max_scores(digits);
    for (std::size_t i = begin; i < end; ++i) {
        detail::append_csv_field(out, c.subject[i]);
        out += cells.period_rulebook_version;
        out += cells.status[static_cast<std::size_t>(c.status[i])];
        out += ',';
        scores.append(out, c.score[i]);
        out += ',';
        max_scores.append(out, c.max_score[i]);
        out += ',';
        out += cells.tier(r, i);
        out += ',';
        out += cells.group[c.group[i]];
        out += ',';
        if (c.rank[i] != no_rank) {
            append_count(out, c.rank[i]);
        }
        if (labels) {
            out += ',';
            detail::append_csv_field(
                out, names.subject_name(r.header().subject, c.subject[i], c.subject_index[i]));
            out += ',';
            out += labels->status[static_cast<std::size_t>(c.status[i])];
            out += ',';
            out += labels->tier_of(c.tier[i]);
            out += ',';
            out += labels->action_of(i);
            out += ',';
            out += labels->group[c.group[i]];
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
        if (with_decisions) {
            for (const auto& cell : decision_cells_of(r, i)) {
                out += ',';
                detail::append_csv_field(out, cell);
            }
        }
        out += '\n';
    }
}

/// When a round of CSV text goes to its sink (`for_each_csv_row_range`).
enum class hand_over { after_making, while_next_is_made };

/// Hands the rows of `r` to `sink` as CSV text, in ranges of rows made on the threads the
/// options ask for. A million rows take about 100 ms to write on one core (4,096 about 0.4
/// ms, several times the start of a thread), so a large table is made in about eight rounds
/// of ranges, one range per thread, each round handed over in order: the same bytes on any
/// number of threads, and no more text held than two rounds' (the national results are
/// about 190 MB of text; a round of two ranges about 24 MB). Fewer, longer rounds: each
/// starts its threads and waits for the slowest.
///
/// A sink that writes (`hand_over::while_next_is_made`) is given a round while the next is
/// made, on more than one thread: writing into a file takes the kernel about as long as
/// making the text (copying into the page cache), and one after the other left a core idle
/// through most of the writing (docs/performance.md). Gathering into one text is a copy,
/// which a third thread would only slow. Either way the sink is called on the calling
/// thread only, in order.
void for_each_csv_row_range(const rulebook_results& r, bool with_previous, bool with_decisions,
                            const result_output_options& options, const detail::piece_sink& sink,
                            hand_over when) {
    constexpr std::size_t min_rows_per_range = std::size_t{1} << 12;
    constexpr std::size_t rounds = 8;
    const csv_table_cells shared(r, with_previous, with_decisions, options);
    const std::size_t asked = detail::threads_or_cores(options.threads);
    const std::size_t rows_per_range =
        std::max(min_rows_per_range, r.size() / (asked * rounds) + 1);
    const std::size_t ranges = (r.size() + rows_per_range - 1) / rows_per_range;
    const std::size_t threads = std::min(asked, std::max<std::size_t>(ranges, 1));
    // With the overlap, the round being made and the round before it, handed over
    // meanwhile; without, one round. Each text keeps its room from one round to the next.
    const bool overlapped = when == hand_over::while_next_is_made && asked > 1 && ranges > 1;
    std::array<std::vector<std::string>, 2> texts{
        std::vector<std::string>(threads), std::vector<std::string>(overlapped ? threads : 0)};
    const auto hand_over_texts = [&](const std::vector<std::string>& round_texts,
                                     std::size_t count) {
        for (std::size_t k = 0; k < count; ++k) {
            sink(round_texts[k]);
        }
    };
    std::size_t waiting = 0;  // ranges of the round before, made and not yet handed over
    for (std::size_t step = 0, first = 0; first < ranges || waiting > 0; ++step) {
        const std::size_t round = std::min(threads, ranges - first);
        std::vector<std::string>& made = texts[overlapped ? step % 2 : 0];
        const auto make = [&](std::size_t k) {
            const std::size_t begin = (first + k) * rows_per_range;
            const std::size_t end = std::min(begin + rows_per_range, r.size());
            std::string& text = made[k];
            text.clear();
            text.reserve((end - begin) * csv_row_bytes(options));
            append_csv_row_range(text, shared, begin, end);
        };
        if (overlapped) {
            detail::run_pieces(round + 1, [&](std::size_t k) {
                if (k == 0) {
                    hand_over_texts(texts[(step + 1) % 2], waiting);
                } else {
                    make(k - 1);
                }
            });
            waiting = round;
        } else {
            detail::run_pieces(round, make);
            hand_over_texts(made, round);
        }
        first += round;
    }
}

/// Hands the results as CSV to `sink`, piece after piece: the header, then each table's
/// rows (`for_each_csv_row_range`).
void for_each_csv_piece(std::span<const rulebook_results> results,
                        const result_output_options& options, const detail::piece_sink& sink,
                        hand_over when) {
    const bool with_previous = any_previous(results);
    const bool with_decisions = any_decisions(results);
    // Excel takes a file without the mark for the locale's code page, and Vietnamese
    // letters come out garbled.
    std::string header = options.byte_order_mark ? "\xEF\xBB\xBF" : "";
    for (std::size_t k = 0; k < base_columns.size(); ++k) {
        header += k == 0 ? "" : ",";
        header += base_columns[k];
    }
    if (options.label_columns) {
        for (const auto name : label_columns) {
            header += ',';
            header += name;
        }
    }
    if (with_previous) {
        for (const auto name : previous_columns) {
            header += ',';
            header += name;
        }
    }
    if (with_decisions) {
        for (const auto name : decision_columns) {
            header += ',';
            header += name;
        }
    }
    header += '\n';
    sink(header);
    for (const auto& r : results) {
        for_each_csv_row_range(r, with_previous, with_decisions, options, sink, when);
    }
}

std::string to_csv(std::span<const rulebook_results> results,
                   const result_output_options& options) {
    std::size_t rows = 0;
    for (const auto& r : results) {
        rows += r.size();
    }
    std::string out;
    out.reserve(128 + rows * csv_row_bytes(options));
    for_each_csv_piece(
        results, options, [&](std::string_view piece) { out += piece; }, hand_over::after_making);
    return out;
}

/// The label fields of row `i`, each after ", ": no name, tier or action is null, as the
/// id fields have it.
void append_json_labels(std::string& out, const rulebook_results& r, std::size_t i,
                        const name_book& names, const table_labels& labels) {
    const auto& c = r.columns();
    const std::array<std::string_view, 5> cells = {
        names.subject_name(r.header().subject, c.subject[i], c.subject_index[i]),
        labels.status[static_cast<std::size_t>(c.status[i])], labels.tier_of(c.tier[i]),
        labels.action_of(i), labels.group[c.group[i]]};
    for (std::size_t l = 0; l < cells.size(); ++l) {
        out += ", ";
        detail::append_json_string(out, label_columns[l]);
        out += ": ";
        if (cells[l].empty()) {
            out += "null";
        } else {
            detail::append_json_string(out, cells[l]);
        }
    }
}

std::string to_json(std::span<const rulebook_results> results,
                    const result_output_options& options) {
    const bool with_previous = any_previous(results);
    const bool with_decisions = any_decisions(results);
    const name_book names = options.data ? name_book(*options.data) : name_book();
    std::string out = "[";
    bool first = true;
    row_cells row;
    for (const auto& r : results) {
        std::optional<table_labels> labels;
        if (options.label_columns) {
            labels.emplace(r, names, options.lang);
        }
        for (std::size_t i = 0; i < r.size(); ++i) {
            fill_row(r, i, with_previous, row);
            out += first ? "\n  {" : ",\n  {";
            first = false;
            for (std::size_t k = 0; k < row.count; ++k) {
                if (k == base_columns.size() && labels) {
                    append_json_labels(out, r, i, names, *labels);
                }
                if (k > 0) {
                    out += ", ";
                }
                detail::append_json_string(out, header_name(k));
                out += ": ";
                if (row.missing[k]) {
                    out += "null";
                } else if (numeric_cell[k]) {
                    out += row.text[k];
                } else {
                    detail::append_json_string(out, row.text[k]);
                }
            }
            if (row.count == base_columns.size() && labels) {
                append_json_labels(out, r, i, names, *labels);
            }
            if (with_decisions) {
                const auto cells = decision_cells_of(r, i);
                for (std::size_t d = 0; d < cells.size(); ++d) {
                    out += ", ";
                    detail::append_json_string(out, decision_columns[d]);
                    out += ": ";
                    if (cells[d].empty()) {
                        out += "null";
                    } else if (d == 3) {
                        out += cells[d];  // the stale flag is a JSON boolean
                    } else {
                        detail::append_json_string(out, cells[d]);
                    }
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

/// A table of `rows` rows and `columns` columns rendered in two passes (widths, then text),
/// so that a million rows are never all held as strings: `cell(i, k, buffer)` gives row i's
/// cell k (kept in `buffer` or elsewhere until the next call), `heading(k)` the headings.
template <class Heading, class Cell>
void render_table(std::string& out, std::size_t rows, std::size_t columns,
                  const std::vector<bool>& right, const Heading& heading, const Cell& cell) {
    std::vector<std::size_t> width(columns);
    std::string buffer;
    std::string escaped;
    for (std::size_t k = 0; k < columns; ++k) {
        width[k] = width_of(heading(k));
    }
    for (std::size_t i = 0; i < rows; ++i) {
        for (std::size_t k = 0; k < columns; ++k) {
            width[k] = std::max(width[k], width_of(shown(cell(i, k, buffer), escaped)));
        }
    }
    const auto line = [&](const auto& cell_of) {
        std::string text;
        for (std::size_t k = 0; k < columns; ++k) {
            if (k > 0) {
                text += "  ";
            }
            pad(text, cell_of(k), width[k], right[k]);
        }
        text.erase(text.find_last_not_of(' ') + 1);
        out += text;
        out += '\n';
    };
    line(heading);
    for (std::size_t i = 0; i < rows; ++i) {
        line([&](std::size_t k) { return shown(cell(i, k, buffer), escaped); });
    }
}

/// The machine layout (ids), with a `name` column after `subject` when names are known and
/// the decision columns last when decisions are recorded, then one line per subject not
/// evaluated and one per decision.
std::string to_english_table(std::span<const rulebook_results> results, const name_book& names,
                             bool with_names) {
    const bool with_previous = any_previous(results);
    const bool with_decisions = any_decisions(results);
    const std::size_t base = header_count(with_previous);
    const std::size_t before_decisions = base + (with_names ? 1 : 0);
    const std::size_t columns = before_decisions + (with_decisions ? decision_columns.size() : 0);
    // Output column k is base column `source(k)`, the name column, or a decision column.
    const auto source = [&](std::size_t k) { return with_names && k > 0 ? k - 1 : k; };
    const auto is_name = [&](std::size_t k) { return with_names && k == 1; };
    const auto is_decision = [&](std::size_t k) { return k >= before_decisions; };
    std::vector<bool> right(columns);
    for (std::size_t k = 0; k < columns; ++k) {
        right[k] = !is_name(k) && !is_decision(k) && numeric_cell[source(k)];
    }
    std::string out;
    // One table over every rulebook: rows are numbered across them.
    std::vector<std::pair<const rulebook_results*, std::size_t>> where;
    for (const auto& r : results) {
        for (std::size_t i = 0; i < r.size(); ++i) {
            where.emplace_back(&r, i);
        }
    }
    row_cells row;
    std::size_t filled = where.size();
    std::array<std::string, decision_columns.size()> decision_cells;
    std::size_t decisions_filled = where.size();
    render_table(
        out, where.size(), columns, right,
        [&](std::size_t k) {
            return is_name(k)       ? std::string_view("name")
                   : is_decision(k) ? decision_columns[k - before_decisions]
                                    : header_name(source(k));
        },
        [&](std::size_t i, std::size_t k, std::string&) -> std::string_view {
            const auto& [r, row_index] = where[i];
            if (is_name(k)) {
                return names.subject_name(r->header().subject, r->columns().subject[row_index],
                                          r->columns().subject_index[row_index]);
            }
            if (is_decision(k)) {
                if (decisions_filled != i) {
                    decision_cells = decision_cells_of(*r, row_index);
                    decisions_filled = i;
                }
                return decision_cells[k - before_decisions];
            }
            if (filled != i) {
                fill_row(*r, row_index, with_previous, row);
                filled = i;
            }
            return row.text[source(k)];
        });
    std::string escaped;
    for (const auto& r : results) {
        for (std::size_t i = 0; i < r.size(); ++i) {
            const auto status = r.columns().status[i];
            const auto message = r.columns().message[i];
            // Evaluated subjects have a message only when a roll-up skipped sources without a
            // result or counted them as failing: the table says so under the results too.
            if (status != result_status::evaluated || !message.empty()) {
                const std::string reason =
                    fmt::format("{} ({}): {}: {}", r.columns().subject[i], r.header().rulebook,
                                to_string(status), reason_text(status, message, language::en));
                out += shown(reason, escaped);
                out += '\n';
            }
        }
    }
    // Every recorded decision, in words, under the results (the decision's own number,
    // body, signer and reason stay as they were filed).
    for (const auto& r : results) {
        for (const auto& d : r.columns().decisions) {
            const std::string text =
                fmt::format("{} ({}): {}", r.columns().subject[d.row], r.header().rulebook,
                            decision_text(r, d.row, language::en));
            out += shown(text, escaped);
            out += '\n';
        }
    }
    return out;
}

/// A score as the Vietnamese table shows it: "91,67/100,00", or "11/12" (criteria met) for
/// a checklist, whose score counts criteria.
std::string score_text(double score, double max, int digits, bool checklist) {
    if (std::isnan(score)) {
        return {};
    }
    expect_finite(score);
    expect_finite(max);
    const int shown_digits = checklist ? 0 : digits;
    return decimal_text(score, shown_digits, language::vi) + "/" +
           decimal_text(max, shown_digits, language::vi);
}

/// One block per rulebook, for people: its title, version and period, then the subjects
/// with their names, in Vietnamese words; then why each subject not evaluated was not.
std::string to_vietnamese_table(std::span<const rulebook_results> results, const name_book& names) {
    constexpr language vi = language::vi;
    std::string out;
    std::string escaped;
    for (const auto& r : results) {
        if (r.size() == 0) {
            continue;
        }
        const auto& h = r.header();
        const auto& c = r.columns();
        const bool checklist = h.engine == "checklist";
        const table_labels labels(r, names, vi);
        out += out.empty() ? "" : "\n";
        const std::string title =
            h.title.empty() ? h.rulebook : fmt::format("{} ({})", h.title, h.rulebook);
        out += shown(fmt::format("{}, {} {}, {} {} ({} – {})\n", title, word("version", vi),
                                 h.version, word("period", vi), h.period_text,
                                 date_text(h.period_first, vi), date_text(h.period_last, vi)),
                     escaped);
        bool any_name = false;
        bool any_score = false;
        bool any_tier = false;
        bool any_action = false;
        bool any_rank = false;
        for (std::size_t i = 0; i < r.size(); ++i) {
            any_name = any_name ||
                       !names.subject_name(h.subject, c.subject[i], c.subject_index[i]).empty();
            any_score = any_score || !std::isnan(c.score[i]);
            any_tier = any_tier || c.tier[i] != no_tier;
            any_action = any_action || !labels.action_of(i).empty();
            any_rank = any_rank || c.rank[i] != no_rank;
        }
        const bool any_group = any_rank || c.group_names.size() > 1;
        enum class column {
            id,
            name,
            status,
            score,
            tier,
            action,
            group,
            rank,
            previous_tier,
            previous_rank,
            decided_tier
        };
        std::vector<column> shown_columns{column::id};
        const auto add = [&](bool wanted, column k) {
            if (wanted) {
                shown_columns.push_back(k);
            }
        };
        add(any_name, column::name);
        add(true, column::status);
        add(any_score, column::score);
        add(any_tier, column::tier);
        add(any_action, column::action);
        add(any_group, column::group);
        add(any_rank, column::rank);
        add(r.has_previous(), column::previous_tier);
        add(r.has_previous(), column::previous_rank);
        add(r.has_decisions(), column::decided_tier);
        std::vector<bool> right;
        right.reserve(shown_columns.size());
        for (const auto k : shown_columns) {
            right.push_back(k == column::score || k == column::rank || k == column::previous_rank);
        }
        // The earlier tier by its label in this version, when it has that tier.
        std::vector<std::string> previous_labels;
        for (const auto& id : c.previous_tier_ids) {
            const auto found = std::find_if(h.tiers.begin(), h.tiers.end(),
                                            [&](const tier_summary& t) { return t.id == id; });
            previous_labels.push_back(
                found == h.tiers.end() || found->label.empty() ? id : found->label);
        }
        render_table(
            out, r.size(), shown_columns.size(), right,
            [&](std::size_t k) -> std::string_view {
                switch (shown_columns[k]) {
                    case column::id:
                        return word("subject", vi);
                    case column::name:
                        return word("name", vi);
                    case column::status:
                        return word("status", vi);
                    case column::score:
                        return checklist ? "số tiêu chí đạt" : word("score", vi);
                    case column::tier:
                        return word("tier", vi);
                    case column::action:
                        return word("action", vi);
                    case column::group:
                        return word("group", vi);
                    case column::rank:
                        return word("rank", vi);
                    case column::previous_tier:
                        return word("previous_tier", vi);
                    case column::previous_rank:
                        return word("previous_rank", vi);
                    case column::decided_tier:
                        return word("decided_tier", vi);
                }
                return {};
            },
            [&](std::size_t i, std::size_t k, std::string& buffer) -> std::string_view {
                switch (shown_columns[k]) {
                    case column::id:
                        return c.subject[i];
                    case column::name:
                        return names.subject_name(h.subject, c.subject[i], c.subject_index[i]);
                    case column::status:
                        return labels.status[static_cast<std::size_t>(c.status[i])];
                    case column::score:
                        buffer =
                            score_text(c.score[i], c.max_score[i], h.rounding_digits, checklist);
                        return buffer;
                    case column::tier:
                        return labels.tier_of(c.tier[i]);
                    case column::action:
                        return labels.action_of(i);
                    case column::group:
                        return labels.group[c.group[i]];
                    case column::rank:
                        buffer = c.rank[i] == no_rank ? std::string() : std::to_string(c.rank[i]);
                        return buffer;
                    case column::previous_tier:
                        return c.previous_tier[i] == no_tier
                                   ? std::string_view()
                                   : std::string_view(previous_labels[static_cast<std::size_t>(
                                         c.previous_tier[i])]);
                    case column::previous_rank:
                        buffer = c.previous_rank[i] == no_rank ? std::string()
                                                               : std::to_string(c.previous_rank[i]);
                        return buffer;
                    case column::decided_tier:
                        return c.decided_tier.empty() ? std::string_view()
                                                      : labels.tier_of(c.decided_tier[i]);
                }
                return {};
            });
        for (std::size_t i = 0; i < r.size(); ++i) {
            const auto status = c.status[i];
            const auto message = c.message[i];
            if (status != result_status::evaluated || !message.empty()) {
                const std::string reason = fmt::format(
                    "  {}: {}: {}",
                    name_book::named(c.subject[i], names.subject_name(h.subject, c.subject[i],
                                                                      c.subject_index[i])),
                    labels.status[static_cast<std::size_t>(status)],
                    reason_text(status, message, vi));
                out += shown(reason, escaped);
                out += '\n';
            }
        }
        for (const auto& d : c.decisions) {
            const std::string text = fmt::format(
                "  {}: {}",
                name_book::named(c.subject[d.row], names.subject_name(h.subject, c.subject[d.row],
                                                                      c.subject_index[d.row])),
                decision_text(r, d.row));
            out += shown(text, escaped);
            out += '\n';
        }
    }
    return out;
}

std::string to_table(std::span<const rulebook_results> results,
                     const result_output_options& options) {
    const name_book names = options.data ? name_book(*options.data) : name_book();
    if (options.lang == language::vi) {
        return to_vietnamese_table(results, names);
    }
    return to_english_table(results, names, options.data != nullptr);
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
                           const result_output_options& options) {
    switch (format) {
        case result_format::csv:
            return to_csv(results, options);
        case result_format::json:
            return to_json(results, options);
        case result_format::table:
            break;
    }
    return to_table(results, options);
}

std::string format_results(std::span<const rulebook_results> results, result_format format,
                           language reasons) {
    result_output_options options;
    options.lang = reasons;
    return format_results(results, format, options);
}

void write_results(std::ostream& out, std::span<const rulebook_results> results,
                   result_format format, const result_output_options& options) {
    if (format == result_format::csv) {
        for_each_csv_piece(
            results, options,
            [&](std::string_view piece) {
                out.write(piece.data(), static_cast<std::streamsize>(piece.size()));
            },
            hand_over::while_next_is_made);
        return;
    }
    const std::string text = format_results(results, format, options);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

void write_results(std::ostream& out, std::span<const rulebook_results> results,
                   result_format format, language reasons) {
    result_output_options options;
    options.lang = reasons;
    write_results(out, results, format, options);
}

void save_results(const std::filesystem::path& file, std::span<const rulebook_results> results,
                  result_format format, const result_output_options& options) {
    if (format == result_format::csv) {
        detail::write_file_atomically(file, [&](const detail::piece_sink& sink) {
            for_each_csv_piece(results, options, sink, hand_over::while_next_is_made);
        });
        return;
    }
    detail::write_file_atomically(file, format_results(results, format, options));
}

void save_results(const std::filesystem::path& file, std::span<const rulebook_results> results,
                  result_format format, language reasons) {
    result_output_options options;
    options.lang = reasons;
    save_results(file, results, format, options);
}

}  // namespace antq
