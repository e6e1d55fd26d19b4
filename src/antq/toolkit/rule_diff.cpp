#include "antq/rule_diff.hpp"

#include "antq/io/csv.hpp"
#include "antq/io/terminal_text.hpp"
#include "antq/toolkit/json_number.hpp"
#include "antq/toolkit/rank_correlation.hpp"
#include "antq/toolkit/text_table.hpp"

#include <antq/dataset.hpp>
#include <antq/error.hpp>
#include <antq/explain.hpp>
#include <antq/labels.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <numeric>
#include <string_view>
#include <unordered_map>

namespace antq {

namespace {

void check_pairs(std::span<const double> x, std::span<const double> y, std::string_view what) {
    if (x.size() != y.size()) {
        throw usage_error(fmt::format("{}: {} values against {}", what, x.size(), y.size()));
    }
    const auto nan = [](double v) { return std::isnan(v); };
    if (std::any_of(x.begin(), x.end(), nan) || std::any_of(y.begin(), y.end(), nan)) {
        throw usage_error(fmt::format("{}: a value is NaN", what));
    }
}

// 1-based ranks, tied values sharing the mean of the ranks they span.
std::vector<double> average_ranks(std::span<const double> v) {
    std::vector<std::size_t> order(v.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
    std::vector<double> ranks(v.size());
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i;
        while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]]) {
            ++j;
        }
        const double mean = (static_cast<double>(i + 1) + static_cast<double>(j + 1)) / 2.0;
        for (std::size_t k = i; k <= j; ++k) {
            ranks[order[k]] = mean;
        }
        i = j + 1;
    }
    return ranks;
}

// Pairs among runs of equal values in a sorted sequence: sum of t(t-1)/2.
template <class Equal>
std::uint64_t tied_pairs(std::size_t n, Equal equal) {
    std::uint64_t pairs = 0;
    std::uint64_t run = 1;
    for (std::size_t i = 1; i <= n; ++i) {
        if (i < n && equal(i - 1, i)) {
            ++run;
            continue;
        }
        pairs += run * (run - 1) / 2;
        run = 1;
    }
    return pairs;
}

// Sorts `v` ascending and returns the number of strict inversions it had.
std::uint64_t count_inversions(std::vector<double>& v) {
    std::vector<double> buffer(v.size());
    std::uint64_t swaps = 0;
    for (std::size_t width = 1; width < v.size(); width *= 2) {
        for (std::size_t lo = 0; lo < v.size(); lo += 2 * width) {
            const std::size_t mid = std::min(lo + width, v.size());
            const std::size_t hi = std::min(lo + 2 * width, v.size());
            std::size_t a = lo;
            std::size_t b = mid;
            std::size_t out = lo;
            while (a < mid && b < hi) {
                if (v[b] < v[a]) {
                    swaps += mid - a;
                    buffer[out++] = v[b++];
                } else {
                    buffer[out++] = v[a++];
                }
            }
            while (a < mid) {
                buffer[out++] = v[a++];
            }
            while (b < hi) {
                buffer[out++] = v[b++];
            }
        }
        v.swap(buffer);
    }
    return swaps;
}

constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();

bool same_number(double a, double b) {
    if (std::isnan(a) || std::isnan(b)) {
        return std::isnan(a) && std::isnan(b);
    }
    return std::abs(a - b) <= 1e-9 * std::max({1.0, std::abs(a), std::abs(b)});
}

bool same_points(const std::optional<double>& a, const std::optional<double>& b) {
    if (!a || !b) {
        return a.has_value() == b.has_value();
    }
    return same_number(*a, *b);
}

// One side of a criterion for one subject: its outcome when assessed.
struct criterion_side {
    std::optional<bool> passed;
    std::optional<double> points;
};

criterion_side outcome_of(const rulebook_results& r, std::optional<std::size_t> criterion,
                          std::size_t row) {
    if (!criterion) {
        return {};
    }
    const auto& c = r.columns();
    const std::size_t cell = r.at(*criterion, row);
    if (c.criterion_assessed[cell] == 0) {
        return {};
    }
    return {c.criterion_passed[cell] != 0, c.criterion_points[cell]};
}

std::vector<std::string> tier_ids(const rulebook_results& r) {
    std::vector<std::string> ids;
    for (const auto& t : r.header().tiers) {
        ids.push_back(t.id);
    }
    return ids;
}

// Subject ids of both sides merged in id order, with each side's row.
struct pairing {
    std::string_view id;
    std::optional<std::size_t> old_row;
    std::optional<std::size_t> new_row;
};

std::vector<std::size_t> rows_by_id(const rulebook_results& r) {
    std::vector<std::size_t> rows(r.size());
    std::iota(rows.begin(), rows.end(), std::size_t{0});
    const auto& ids = r.columns().subject;
    std::sort(rows.begin(), rows.end(),
              [&](std::size_t a, std::size_t b) { return ids[a] < ids[b]; });
    return rows;
}

std::vector<pairing> pair_subjects(const rulebook_results& old_r, const rulebook_results& new_r) {
    const auto old_rows = rows_by_id(old_r);
    const auto new_rows = rows_by_id(new_r);
    const auto& old_ids = old_r.columns().subject;
    const auto& new_ids = new_r.columns().subject;
    std::vector<pairing> out;
    out.reserve(std::max(old_rows.size(), new_rows.size()));
    std::size_t a = 0;
    std::size_t b = 0;
    while (a < old_rows.size() || b < new_rows.size()) {
        if (b == new_rows.size() ||
            (a < old_rows.size() && old_ids[old_rows[a]] < new_ids[new_rows[b]])) {
            out.push_back({old_ids[old_rows[a]], old_rows[a], std::nullopt});
            ++a;
        } else if (a == old_rows.size() || new_ids[new_rows[b]] < old_ids[old_rows[a]]) {
            out.push_back({new_ids[new_rows[b]], std::nullopt, new_rows[b]});
            ++b;
        } else {
            out.push_back({old_ids[old_rows[a]], old_rows[a], new_rows[b]});
            ++a;
            ++b;
        }
    }
    return out;
}

// Matches criteria by id: for each new criterion the old one of the same id, and the old
// criteria that the new rules no longer have.
struct criterion_matching {
    std::vector<std::optional<std::size_t>> old_of_new;
    std::vector<std::size_t> removed;
};

criterion_matching match_criteria(const results_header& old_h, const results_header& new_h) {
    std::unordered_map<std::string_view, std::size_t> old_index;
    for (std::size_t c = 0; c < old_h.criteria.size(); ++c) {
        old_index.emplace(old_h.criteria[c].id, c);
    }
    criterion_matching m;
    std::vector<bool> kept(old_h.criteria.size(), false);
    for (const auto& c : new_h.criteria) {
        const auto found = old_index.find(c.id);
        if (found == old_index.end()) {
            m.old_of_new.emplace_back();
            continue;
        }
        m.old_of_new.emplace_back(found->second);
        kept[found->second] = true;
    }
    for (std::size_t c = 0; c < kept.size(); ++c) {
        if (!kept[c]) {
            m.removed.push_back(c);
        }
    }
    return m;
}

void add_cause(std::vector<criterion_change>& causes, const std::string& id,
               const std::string& title, const criterion_side& before,
               const criterion_side& after) {
    if (before.passed == after.passed && same_points(before.points, after.points)) {
        return;
    }
    causes.push_back({id, title, before.passed, after.passed, before.points, after.points});
}

std::vector<criterion_change> causes_of(const rulebook_results& old_r, std::size_t old_row,
                                        const rulebook_results& new_r, std::size_t new_row,
                                        const criterion_matching& m) {
    std::vector<criterion_change> causes;
    const auto& new_criteria = new_r.header().criteria;
    for (std::size_t c = 0; c < new_criteria.size(); ++c) {
        add_cause(causes, new_criteria[c].id, new_criteria[c].title,
                  outcome_of(old_r, m.old_of_new[c], old_row), outcome_of(new_r, c, new_row));
    }
    const auto& old_criteria = old_r.header().criteria;
    for (const std::size_t c : m.removed) {
        add_cause(causes, old_criteria[c].id, old_criteria[c].title, outcome_of(old_r, c, old_row),
                  {});
    }
    return causes;
}

// Fills one side of a change from a results row.
struct side {
    std::optional<result_status> status;
    double score = nan_value;
    std::string tier;
    std::uint32_t rank = no_rank;
    std::string message;
    std::string decision;
    std::size_t tier_cell = 0;  // row or column of the matrix
};

side side_of(const rulebook_results& r, std::optional<std::size_t> row) {
    side s;
    s.tier_cell = r.header().tiers.size();
    if (!row) {
        return s;
    }
    const auto& c = r.columns();
    s.status = c.status[*row];
    s.score = c.score[*row];
    s.tier = std::string(r.tier_id(*row));
    s.rank = c.rank[*row];
    s.message = std::string(c.message[*row]);
    s.decision = decision_text(r, *row);
    if (c.tier[*row] != no_tier) {
        s.tier_cell = static_cast<std::size_t>(c.tier[*row]);
    }
    return s;
}

// ---- Rendering ----

std::string number_text(double v, int digits) {
    if (std::isnan(v)) {
        return "";
    }
    return fmt::format("{:.{}f}", v, digits);
}

std::string rank_text(std::uint32_t rank) {
    return rank == no_rank ? "" : std::to_string(rank);
}

std::string status_text(const std::optional<result_status>& s) {
    return s ? std::string(to_string(*s)) : "absent";
}

std::string correlation_text(double v) {
    return std::isnan(v) ? "n/a" : fmt::format("{:.4f}", v);
}

std::string passed_text(const std::optional<bool>& p) {
    if (!p) {
        return "-";
    }
    return *p ? "passed" : "failed";
}

// `detection: passed->failed, 20.00->0.00`; a criterion assessed on one side only:
// `resolution: now passed (1.00)`, `tt23: no longer assessed (was passed, 1.00)`.
std::string cause_text(const criterion_change& c, int digits) {
    const auto pts = [digits](const std::optional<double>& p) {
        return p ? number_text(*p, digits) : std::string("-");
    };
    const bool before = c.old_passed.has_value();
    const bool after = c.new_passed.has_value();
    if (!before && after) {
        return c.id + ": now " + passed_text(c.new_passed) + " (" + pts(c.new_points) + ")";
    }
    if (before && !after) {
        return c.id + ": no longer assessed (was " + passed_text(c.old_passed) + ", " +
               pts(c.old_points) + ")";
    }
    std::string text = c.id + ": ";
    if (c.old_passed != c.new_passed) {
        text += passed_text(c.old_passed) + "->" + passed_text(c.new_passed);
    }
    if (!same_points(c.old_points, c.new_points)) {
        if (c.old_passed != c.new_passed) {
            text += ", ";
        }
        text += pts(c.old_points) + "->" + pts(c.new_points);
    }
    return text;
}

std::string causes_text(const subject_change& s, int digits) {
    std::string text;
    for (const auto& c : s.causes) {
        if (!text.empty()) {
            text += "; ";
        }
        text += cause_text(c, digits);
    }
    return text;
}

std::string heading_of(const rule_diff& d) {
    const std::string old_name =
        d.old_rulebook == d.new_rulebook ? d.old_version : d.old_rulebook + " " + d.old_version;
    return fmt::format("{}: {} -> {}, period {}\n", d.new_rulebook, old_name, d.new_version,
                       d.period);
}

void render_table(std::string& out, const rule_diff& d) {
    out += heading_of(d);
    if (d.old_stored) {
        out += "old: the run stored for the period (criteria and decisions are not compared)\n";
    }
    out += "tiers (rows: old, columns: new; - is no tier):\n";
    std::vector<bool> right(d.new_tiers.size() + 2, true);
    right[0] = false;
    detail::text_table matrix(right);
    std::vector<std::string> header{""};
    header.insert(header.end(), d.new_tiers.begin(), d.new_tiers.end());
    header.emplace_back("-");
    matrix.add(header);
    for (std::size_t i = 0; i < d.counts.size(); ++i) {
        std::vector<std::string> row{i < d.old_tiers.size() ? d.old_tiers[i] : "-"};
        for (const std::size_t n : d.counts[i]) {
            row.push_back(std::to_string(n));
        }
        matrix.add(row);
    }
    matrix.render(out, 2);
    out += fmt::format(
        "rank correlation over {} subject{} evaluated under both: Spearman {}, Kendall tau-b {}\n",
        d.compared, d.compared == 1 ? "" : "s", correlation_text(d.spearman),
        correlation_text(d.kendall_tau_b));
    out +=
        fmt::format("{} subject{} changed\n", d.changes.size(), d.changes.size() == 1 ? "" : "s");
    if (d.changes.empty()) {
        return;
    }
    detail::text_table changes({false, false, false, true, true, true, true, false});
    changes.add({"subject", "old tier", "new tier", "old rank", "new rank", "old score",
                 "new score", "causes"});
    for (const auto& s : d.changes) {
        std::string causes = causes_text(s, d.rounding_digits);
        if (s.status_changed()) {
            const std::string& why = s.new_message.empty() ? s.old_message : s.new_message;
            causes = status_text(s.old_status) + "->" + status_text(s.new_status) +
                     (why.empty() ? "" : ": " + why);
        } else if (causes.empty()) {
            causes = d.old_stored ? "(criteria not compared)" : "(moved by other subjects)";
        }
        changes.add({s.subject, s.old_tier.empty() ? "-" : s.old_tier,
                     s.new_tier.empty() ? "-" : s.new_tier, rank_text(s.old_rank),
                     rank_text(s.new_rank), number_text(s.old_score, d.rounding_digits),
                     number_text(s.new_score, d.rounding_digits), causes});
    }
    changes.render(out, 2);
    for (const auto& s : d.changes) {
        if (s.decision_changed()) {
            out += fmt::format("  {}: quyết định: {} → {}\n", s.subject,
                               s.old_decision.empty() ? "-" : s.old_decision,
                               s.new_decision.empty() ? "-" : s.new_decision);
        }
    }
}

// ---- The Vietnamese table ----

std::string vi_number(double v, int digits) {
    return decimal_text(v, digits, language::vi);
}

std::string vi_passed(const std::optional<bool>& p) {
    if (!p) {
        return "-";
    }
    return *p ? "đạt" : "chưa đạt";
}

std::string vi_status(const std::optional<result_status>& s) {
    return s ? std::string(status_label(*s, language::vi)) : "không có kết quả";
}

// `detection (title): đạt→chưa đạt, 20,00→0,00`; on one side only: `nay đạt (1,00)`,
// `không còn được đánh giá (trước: đạt, 1,00)`.
std::string vi_cause(const criterion_change& c, int digits) {
    const auto pts = [digits](const std::optional<double>& p) {
        return p ? vi_number(*p, digits) : std::string("-");
    };
    const std::string name = c.title.empty() ? c.id : c.id + " (" + c.title + ")";
    const bool before = c.old_passed.has_value();
    const bool after = c.new_passed.has_value();
    if (!before && after) {
        return name + ": nay " + vi_passed(c.new_passed) + " (" + pts(c.new_points) + ")";
    }
    if (before && !after) {
        return name + ": không còn được đánh giá (trước: " + vi_passed(c.old_passed) + ", " +
               pts(c.old_points) + ")";
    }
    std::string text = name + ": ";
    if (c.old_passed != c.new_passed) {
        text += vi_passed(c.old_passed) + " → " + vi_passed(c.new_passed);
    }
    if (!same_points(c.old_points, c.new_points)) {
        if (c.old_passed != c.new_passed) {
            text += ", ";
        }
        text += pts(c.old_points) + " → " + pts(c.new_points);
    }
    return text;
}

std::string label_of(const std::vector<std::string>& ids, const std::vector<std::string>& labels,
                     const std::string& id) {
    for (std::size_t i = 0; i < ids.size() && i < labels.size(); ++i) {
        if (ids[i] == id) {
            return labels[i];
        }
    }
    return id.empty() ? "-" : id;
}

void render_vietnamese_table(std::string& out, const rule_diff& d, const dataset* data) {
    const name_book names = data != nullptr ? name_book(*data) : name_book();
    const std::string rulebook =
        d.title.empty() ? d.new_rulebook : d.title + " (" + d.new_rulebook + ")";
    const std::string old_name = d.old_rulebook == d.new_rulebook
                                     ? "phiên bản " + d.old_version
                                     : d.old_rulebook + " phiên bản " + d.old_version;
    out +=
        fmt::format("{}: {} → phiên bản {}, kỳ {}\n", rulebook, old_name, d.new_version, d.period);
    if (d.old_stored) {
        out += "cũ: lần đánh giá đã lưu của kỳ (không so sánh tiêu chí và quyết định)\n";
    }
    out += "xếp loại (hàng: quy tắc cũ, cột: quy tắc mới; - là chưa xếp loại):\n";
    std::vector<bool> right(d.new_tiers.size() + 2, true);
    right[0] = false;
    detail::text_table matrix(right);
    std::vector<std::string> header{""};
    for (std::size_t i = 0; i < d.new_tiers.size(); ++i) {
        header.push_back(i < d.new_tier_labels.size() ? d.new_tier_labels[i] : d.new_tiers[i]);
    }
    header.emplace_back("-");
    matrix.add(header);
    for (std::size_t i = 0; i < d.counts.size(); ++i) {
        std::vector<std::string> row{
            i < d.old_tiers.size()
                ? (i < d.old_tier_labels.size() ? d.old_tier_labels[i] : d.old_tiers[i])
                : "-"};
        for (const std::size_t n : d.counts[i]) {
            row.push_back(std::to_string(n));
        }
        matrix.add(row);
    }
    matrix.render(out, 2);
    const auto correlation = [](double v) {
        return std::isnan(v) ? std::string("không xác định") : vi_number(v, 4);
    };
    out += fmt::format(
        "tương quan thứ hạng trên {} đối tượng được đánh giá theo cả hai: Spearman {}, "
        "Kendall tau-b {}\n",
        d.compared, correlation(d.spearman), correlation(d.kendall_tau_b));
    out += fmt::format("{} đối tượng thay đổi kết quả\n", d.changes.size());
    if (d.changes.empty()) {
        return;
    }
    // The subjects' kind is not in the diff: a name is looked up among units, models and
    // exemplars alike (ids are unique within a dataset's tables, and across them in practice).
    const auto name_of = [&](const std::string& id) {
        for (const auto kind : {subject_kind::unit, subject_kind::model, subject_kind::exemplar}) {
            if (const auto name = names.subject_name(kind, id); !name.empty()) {
                return std::string(name);
            }
        }
        return std::string();
    };
    const bool with_names =
        std::any_of(d.changes.begin(), d.changes.end(),
                    [&](const subject_change& s) { return !name_of(s.subject).empty(); });
    std::vector<bool> right_cells{false};
    std::vector<std::string> headings{"mã"};
    if (with_names) {
        right_cells.push_back(false);
        headings.emplace_back("tên");
    }
    for (const bool r : {false, false, true, true, true, true, false}) {
        right_cells.push_back(r);
    }
    for (const char* h : {"xếp loại cũ", "xếp loại mới", "hạng cũ", "hạng mới", "điểm cũ",
                          "điểm mới", "nguyên nhân"}) {
        headings.emplace_back(h);
    }
    detail::text_table changes(right_cells);
    changes.add(headings);
    for (const auto& s : d.changes) {
        std::string causes;
        for (const auto& c : s.causes) {
            causes += causes.empty() ? "" : "; ";
            causes += vi_cause(c, d.rounding_digits);
        }
        if (s.status_changed()) {
            const std::string& why = s.new_message.empty() ? s.old_message : s.new_message;
            const auto status = s.new_message.empty() ? s.old_status : s.new_status;
            causes = vi_status(s.old_status) + " → " + vi_status(s.new_status) +
                     (why.empty() || !status ? "" : ": " + reason_text(*status, why, language::vi));
        } else if (causes.empty()) {
            causes = d.old_stored ? "(không so sánh tiêu chí)"
                                  : "(do kết quả của đối tượng khác trong nhóm thay đổi)";
        }
        std::vector<std::string> row{s.subject};
        if (with_names) {
            row.push_back(name_of(s.subject));
        }
        const auto number = [&](double v) {
            return std::isnan(v) ? std::string() : vi_number(v, d.rounding_digits);
        };
        for (std::string cell :
             {label_of(d.old_tiers, d.old_tier_labels, s.old_tier),
              label_of(d.new_tiers, d.new_tier_labels, s.new_tier), rank_text(s.old_rank),
              rank_text(s.new_rank), number(s.old_score), number(s.new_score), causes}) {
            row.push_back(std::move(cell));
        }
        changes.add(row);
    }
    changes.render(out, 2);
}

void render_csv(std::string& out, const rule_diff& d) {
    for (const auto& s : d.changes) {
        const std::vector<std::string> cells{
            d.new_rulebook,
            s.subject,
            s.old_status ? std::string(to_string(*s.old_status)) : "",
            s.new_status ? std::string(to_string(*s.new_status)) : "",
            number_text(s.old_score, d.rounding_digits),
            number_text(s.new_score, d.rounding_digits),
            s.old_tier,
            s.new_tier,
            rank_text(s.old_rank),
            rank_text(s.new_rank),
            causes_text(s, d.rounding_digits)};
        for (std::size_t k = 0; k < cells.size(); ++k) {
            if (k > 0) {
                out += ',';
            }
            detail::append_csv_field(out, cells[k]);
        }
        out += '\n';
    }
}

using detail::json_number;

template <class T>
nlohmann::json json_optional(const std::optional<T>& v) {
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json json_side(const std::optional<result_status>& status, double score,
                         const std::string& tier, std::uint32_t rank, const std::string& message) {
    return {{"status",
             status ? nlohmann::json(std::string(to_string(*status))) : nlohmann::json(nullptr)},
            {"score", json_number(score)},
            {"tier", tier.empty() ? nlohmann::json(nullptr) : nlohmann::json(tier)},
            {"rank", rank == no_rank ? nlohmann::json(nullptr) : nlohmann::json(rank)},
            {"message", message}};
}

nlohmann::json diff_json(const rule_diff& d) {
    nlohmann::json changes = nlohmann::json::array();
    for (const auto& s : d.changes) {
        nlohmann::json causes = nlohmann::json::array();
        for (const auto& c : s.causes) {
            causes.push_back({{"criterion", c.id},
                              {"title", c.title},
                              {"old_passed", json_optional(c.old_passed)},
                              {"new_passed", json_optional(c.new_passed)},
                              {"old_points", json_optional(c.old_points)},
                              {"new_points", json_optional(c.new_points)}});
        }
        changes.push_back(
            {{"subject", s.subject},
             {"old", json_side(s.old_status, s.old_score, s.old_tier, s.old_rank, s.old_message)},
             {"new", json_side(s.new_status, s.new_score, s.new_tier, s.new_rank, s.new_message)},
             {"causes", causes}});
        if (!s.old_decision.empty() || !s.new_decision.empty()) {
            changes.back()["old_decision"] = s.old_decision;
            changes.back()["new_decision"] = s.new_decision;
        }
    }
    nlohmann::json old_side{
        {"rulebook", d.old_rulebook}, {"version", d.old_version}, {"tiers", d.old_tiers}};
    if (d.old_stored) {
        old_side["stored"] = true;
    }
    return {
        {"old", old_side},
        {"new", {{"rulebook", d.new_rulebook}, {"version", d.new_version}, {"tiers", d.new_tiers}}},
        {"period", d.period},
        {"matrix", d.counts},
        {"compared", d.compared},
        {"spearman", json_number(d.spearman)},
        {"kendall_tau_b", json_number(d.kendall_tau_b)},
        {"changes", changes}};
}

}  // namespace

std::string to_json(const rule_diff& diff) {
    return diff_json(diff).dump(2) + "\n";
}

double spearman_rho(std::span<const double> x, std::span<const double> y) {
    check_pairs(x, y, "spearman_rho");
    if (x.size() < 2) {
        return nan_value;
    }
    const auto rx = average_ranks(x);
    const auto ry = average_ranks(y);
    const double mean = (static_cast<double>(x.size()) + 1.0) / 2.0;
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (std::size_t i = 0; i < rx.size(); ++i) {
        const double dx = rx[i] - mean;
        const double dy = ry[i] - mean;
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if (sxx == 0 || syy == 0) {
        return nan_value;
    }
    return sxy / std::sqrt(sxx * syy);
}

double kendall_tau_b(std::span<const double> x, std::span<const double> y) {
    check_pairs(x, y, "kendall_tau_b");
    const std::size_t n = x.size();
    if (n < 2) {
        return nan_value;
    }
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return x[a] != x[b] ? x[a] < x[b] : y[a] < y[b];
    });
    const std::uint64_t x_ties =
        tied_pairs(n, [&](std::size_t a, std::size_t b) { return x[order[a]] == x[order[b]]; });
    const std::uint64_t joint_ties = tied_pairs(n, [&](std::size_t a, std::size_t b) {
        return x[order[a]] == x[order[b]] && y[order[a]] == y[order[b]];
    });
    std::vector<double> ys(n);
    for (std::size_t i = 0; i < n; ++i) {
        ys[i] = y[order[i]];
    }
    // Sorted by x (then y), every strict inversion left in y is a discordant pair.
    const std::uint64_t discordant = count_inversions(ys);
    const std::uint64_t y_ties =
        tied_pairs(n, [&](std::size_t a, std::size_t b) { return ys[a] == ys[b]; });
    const std::uint64_t pairs = static_cast<std::uint64_t>(n) * (n - 1) / 2;
    if (x_ties == pairs || y_ties == pairs) {
        return nan_value;
    }
    const auto signed_pairs = static_cast<std::int64_t>(pairs - x_ties - y_ties + joint_ties) -
                              2 * static_cast<std::int64_t>(discordant);
    const double denominator = std::sqrt(static_cast<double>(pairs - x_ties)) *
                               std::sqrt(static_cast<double>(pairs - y_ties));
    return static_cast<double>(signed_pairs) / denominator;
}

namespace detail {

rank_correlations correlations_with_itself(std::span<const double> x) {
    check_pairs(x, x, "spearman_rho");
    rank_correlations r{nan_value, nan_value};
    const std::size_t n = x.size();
    if (n < 2) {
        return r;
    }
    std::vector<double> sorted(x.begin(), x.end());
    std::sort(sorted.begin(), sorted.end());
    const std::uint64_t ties =
        tied_pairs(n, [&](std::size_t a, std::size_t b) { return sorted[a] == sorted[b]; });
    const std::uint64_t pairs = static_cast<std::uint64_t>(n) * (n - 1) / 2;
    if (ties == pairs) {
        return r;  // constant: both undefined, as there
    }
    // spearman_rho: s / sqrt(s * s) with the same s on both sides, and the square root of a
    // correctly rounded square is exact in binary floating point.
    r.spearman = 1.0;
    // kendall_tau_b with x_ties = y_ties = joint_ties and no discordant pair.
    const double root = std::sqrt(static_cast<double>(pairs - ties));
    r.kendall_tau_b = static_cast<double>(static_cast<std::int64_t>(pairs - ties)) / (root * root);
    return r;
}

}  // namespace detail

bool subject_change::score_changed() const noexcept {
    if (std::isnan(old_score) || std::isnan(new_score)) {
        return std::isnan(old_score) != std::isnan(new_score);
    }
    return old_score != new_score;
}

rule_diff diff_results(const rulebook_results& old_results, const rulebook_results& new_results) {
    return diff_results(old_results, new_results, diff_side::evaluated);
}

rule_diff diff_results(const rulebook_results& old_results, const rulebook_results& new_results,
                       diff_side old_side) {
    const bool stored = old_side == diff_side::stored;
    const auto& oh = old_results.header();
    const auto& nh = new_results.header();
    rule_diff d;
    d.old_rulebook = oh.rulebook;
    d.new_rulebook = nh.rulebook;
    d.old_version = oh.version;
    d.new_version = nh.version;
    d.period = nh.period_text;
    d.rounding_digits = std::max(oh.rounding_digits, nh.rounding_digits);
    d.old_tiers = tier_ids(old_results);
    d.new_tiers = tier_ids(new_results);
    d.title = nh.title;
    d.old_stored = stored;
    for (const auto& t : oh.tiers) {
        d.old_tier_labels.push_back(t.label.empty() ? t.id : t.label);
    }
    for (const auto& t : nh.tiers) {
        d.new_tier_labels.push_back(t.label.empty() ? t.id : t.label);
    }
    d.counts.assign(d.old_tiers.size() + 1, std::vector<std::size_t>(d.new_tiers.size() + 1, 0));

    const criterion_matching matching = match_criteria(oh, nh);
    std::vector<double> old_scores;
    std::vector<double> new_scores;
    for (const auto& p : pair_subjects(old_results, new_results)) {
        const side before = side_of(old_results, p.old_row);
        const side after = side_of(new_results, p.new_row);
        ++d.counts[before.tier_cell][after.tier_cell];
        const bool both_evaluated =
            before.status == result_status::evaluated && after.status == result_status::evaluated;
        if (both_evaluated) {
            old_scores.push_back(before.score);
            new_scores.push_back(after.score);
        }
        subject_change s;
        s.subject = std::string(p.id);
        s.old_status = before.status;
        s.new_status = after.status;
        s.old_score = before.score;
        s.new_score = after.score;
        s.old_tier = before.tier;
        s.new_tier = after.tier;
        s.old_rank = before.rank;
        s.new_rank = after.rank;
        s.old_message = before.message;
        s.new_message = after.message;
        if (!stored) {
            s.old_decision = before.decision;
            s.new_decision = after.decision;
        }
        if (!(s.status_changed() || s.tier_changed() || s.rank_changed() || s.score_changed() ||
              s.decision_changed())) {
            continue;
        }
        if (both_evaluated && !stored) {
            s.causes = causes_of(old_results, *p.old_row, new_results, *p.new_row, matching);
        }
        d.changes.push_back(std::move(s));
    }
    d.compared = old_scores.size();
    d.spearman = spearman_rho(old_scores, new_scores);
    d.kendall_tau_b = kendall_tau_b(old_scores, new_scores);
    return d;
}

std::vector<rule_diff> diff_rulebooks(const dataset& data, const rulebook_set& old_rules,
                                      const rulebook_set& new_rules, std::string_view period,
                                      const evaluate_options& options) {
    const evaluation before = evaluate(data, old_rules, period, options);
    const evaluation after = evaluate(data, new_rules, period, options);
    return diff_evaluations(before, after);
}

std::vector<rule_diff> diff_evaluations(const evaluation& before, const evaluation& after,
                                        diff_side old_side) {
    std::vector<rule_diff> out;
    for (const auto& r : after.results()) {
        if (const auto* old_r = before.find(r.header().rulebook)) {
            out.push_back(diff_results(*old_r, r, old_side));
        }
    }
    if (out.empty() && before.results().size() == 1 && after.results().size() == 1) {
        out.push_back(diff_results(before.results().front(), after.results().front(), old_side));
    }
    if (out.empty()) {
        throw usage_error(old_side == diff_side::stored
                              ? "the stored run and the new rules have no rulebook id in common: "
                                "nothing to compare"
                              : "the old and the new rules have no rulebook id in common: "
                                "nothing to compare");
    }
    return out;
}

std::string format_rule_diffs(std::span<const rule_diff> diffs, result_format format) {
    return format_rule_diffs(diffs, format, language::en);
}

std::string format_rule_diffs(std::span<const rule_diff> diffs, result_format format, language lang,
                              const dataset* data) {
    std::string out;
    switch (format) {
        case result_format::table:
            for (std::size_t i = 0; i < diffs.size(); ++i) {
                if (i > 0) {
                    out += '\n';
                }
                if (lang == language::vi) {
                    render_vietnamese_table(out, diffs[i], data);
                } else {
                    render_table(out, diffs[i]);
                }
            }
            // Ids, labels and causes come from rulebooks and datasets: control characters
            // are shown, not sent raw to the terminal.
            return detail::has_controls(out) ? detail::escape_controls(out) : out;
        case result_format::csv:
            out =
                "rulebook,subject,old_status,new_status,old_score,new_score,old_tier,new_tier,old_"
                "rank,"
                "new_rank,causes\n";
            for (const auto& d : diffs) {
                render_csv(out, d);
            }
            return out;
        case result_format::json: {
            nlohmann::json all = nlohmann::json::array();
            for (const auto& d : diffs) {
                all.push_back(diff_json(d));
            }
            return all.dump(2) + "\n";
        }
    }
    return out;
}

}  // namespace antq
