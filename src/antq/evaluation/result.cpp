#include <antq/result.hpp>

#include <antq/labels.hpp>

#include <antq/error.hpp>
#include <antq/limits.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <numeric>

namespace antq {

namespace {

void check_size(std::string_view what, std::size_t actual, std::size_t expected) {
    if (actual != expected) {
        throw usage_error(
            fmt::format("results column '{}' has {} entries, expected {}", what, actual, expected));
    }
}

void check_tiers(std::string_view what, std::span<const std::int32_t> tiers, std::size_t count) {
    for (const std::int32_t t : tiers) {
        if (t != no_tier && (t < 0 || static_cast<std::size_t>(t) >= count)) {
            throw usage_error(
                fmt::format("results column '{}' names tier {} of {}", what, t, count));
        }
    }
}

// A number of the results: finite, or NaN where the column allows "none".
void check_numbers(std::string_view what, std::span<const double> values) {
    for (const double v : values) {
        if (std::isinf(v)) {
            throw usage_error(fmt::format("results column '{}' holds an infinite number", what));
        }
    }
}

// What the header declares, within what a rulebook may declare (rulebooks.md, "Limits"):
// results read from a snapshot are checked here before any writer formats them.
void check_header(const results_header& h) {
    if (h.rounding_digits < 0 || h.rounding_digits > max_rounding_digits) {
        throw usage_error(fmt::format("results round to {} digits; expected 0 to {}",
                                      h.rounding_digits, max_rounding_digits));
    }
    for (const auto& c : h.criteria) {
        if (!(c.points >= 0 && c.points <= max_criterion_points)) {
            throw usage_error(
                fmt::format("criterion '{}' of the results has points {}; expected "
                            "0 to {}",
                            c.id, c.points, max_criterion_points));
        }
    }
    for (const auto& t : h.tiers) {
        if (t.min_score && !std::isfinite(*t.min_score)) {
            throw usage_error(fmt::format(
                "tier '{}' of the results has a minimum score that is not finite", t.id));
        }
    }
}

void check_columns(const results_header& h, const results_columns& c) {
    check_header(h);
    check_numbers("score", c.score);
    check_numbers("max_score", c.max_score);
    check_numbers("criterion_value", c.criterion_value);
    check_numbers("criterion_points", c.criterion_points);
    const std::size_t n = c.status.size();
    check_size("subject", c.subject.size(), n);
    check_size("subject_index", c.subject_index.size(), n);
    check_size("message", c.message.size(), n);
    check_size("score", c.score.size(), n);
    check_size("max_score", c.max_score.size(), n);
    check_size("tier", c.tier.size(), n);
    check_size("qualified_tier", c.qualified_tier.size(), n);
    check_size("group", c.group.size(), n);
    check_size("rank", c.rank.size(), n);
    const std::size_t cells = h.criteria.size() * n;
    check_size("criterion_value", c.criterion_value.size(), cells);
    check_size("criterion_points", c.criterion_points.size(), cells);
    check_size("criterion_passed", c.criterion_passed.size(), cells);
    check_size("criterion_assessed", c.criterion_assessed.size(), cells);
    if (h.previous_period_text) {
        check_size("previous_tier", c.previous_tier.size(), n);
        check_size("previous_rank", c.previous_rank.size(), n);
        check_tiers("previous_tier", c.previous_tier, c.previous_tier_ids.size());
    } else if (!c.previous_tier.empty() || !c.previous_rank.empty()) {
        throw usage_error("results have previous-period columns but no previous period");
    }
    check_tiers("tier", c.tier, h.tiers.size());
    check_tiers("qualified_tier", c.qualified_tier, h.tiers.size());
    if (!c.decided_tier.empty() || !c.decisions.empty()) {
        check_size("decided_tier", c.decided_tier.size(), n);
        check_tiers("decided_tier", c.decided_tier, h.tiers.size());
        for (std::size_t k = 0; k < c.decisions.size(); ++k) {
            const std::uint32_t row = c.decisions[k].row;
            if (row >= n || (k > 0 && row <= c.decisions[k - 1].row)) {
                throw usage_error(fmt::format(
                    "results decision {} names row {}: rows must rise and be below {}", k, row, n));
            }
        }
        for (std::size_t row = 0; row < n; ++row) {
            if (c.decided_tier[row] != no_tier && c.status[row] != result_status::evaluated) {
                throw usage_error(fmt::format(
                    "results row {} has a decided tier but no proposal (it was not evaluated)",
                    row));
            }
        }
    }
    if (!c.action_branches.empty()) {
        check_size("action_branches", c.action_branches.size(), h.tiers.size() * n);
        for (const action_branch b : c.action_branches) {
            if (b > action_branch::missing) {
                throw usage_error(
                    fmt::format("results column 'action_branches' holds {}", static_cast<int>(b)));
            }
        }
    }
    for (const std::uint32_t g : c.group) {
        if (g >= c.group_names.size()) {
            throw usage_error(fmt::format("results column 'group' names group {} of {}", g,
                                          c.group_names.size()));
        }
    }
    for (const auto& t : h.tiers) {
        for (const std::uint32_t r : t.requires_criteria) {
            if (r >= h.criteria.size()) {
                throw usage_error(fmt::format("tier '{}' requires criterion {} of {}", t.id, r,
                                              h.criteria.size()));
            }
        }
    }
}

std::vector<std::uint32_t> sorted_by_id(const text_column& ids) {
    std::vector<std::uint32_t> order(ids.size());
    std::iota(order.begin(), order.end(), 0U);
    std::sort(order.begin(), order.end(),
              [&](std::uint32_t a, std::uint32_t b) { return ids[a] < ids[b]; });
    return order;
}

void check_id_order(const text_column& ids, std::span<const std::uint32_t> order) {
    if (order.size() != ids.size()) {
        throw usage_error(fmt::format("the id order of the results has {} rows, expected {}",
                                      order.size(), ids.size()));
    }
    std::vector<bool> seen(order.size());
    for (std::size_t k = 0; k < order.size(); ++k) {
        const std::uint32_t row = order[k];
        if (row >= order.size() || seen[row]) {
            throw usage_error("the id order of the results does not list every row once");
        }
        seen[row] = true;
        if (k > 0 && ids[row] < ids[order[k - 1]]) {
            throw usage_error(
                fmt::format("the id order of the results is not sorted at position {}", k));
        }
    }
}

bool same_numbers(const std::vector<double>& a, const std::vector<double>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](double x, double y) {
        return x == y || (std::isnan(x) && std::isnan(y));
    });
}

}  // namespace

bool operator==(const results_columns& a, const results_columns& b) {
    return a.subject == b.subject && a.subject_index == b.subject_index && a.status == b.status &&
           a.message == b.message && same_numbers(a.score, b.score) &&
           same_numbers(a.max_score, b.max_score) && a.tier == b.tier &&
           a.qualified_tier == b.qualified_tier && a.group == b.group &&
           a.group_names == b.group_names && a.rank == b.rank &&
           same_numbers(a.criterion_value, b.criterion_value) &&
           same_numbers(a.criterion_points, b.criterion_points) &&
           a.criterion_passed == b.criterion_passed &&
           a.criterion_assessed == b.criterion_assessed && a.previous_tier == b.previous_tier &&
           a.previous_tier_ids == b.previous_tier_ids && a.previous_rank == b.previous_rank &&
           a.decided_tier == b.decided_tier && a.decisions == b.decisions &&
           a.action_branches == b.action_branches;
}

std::string_view to_string(action_branch b) noexcept {
    switch (b) {
        case action_branch::fixed:
            return "fixed";
        case action_branch::held:
            return "held";
        case action_branch::failed:
            return "failed";
        case action_branch::missing:
            return "missing";
    }
    return "fixed";
}

std::string_view to_string(result_status s) noexcept {
    switch (s) {
        case result_status::evaluated:
            return "evaluated";
        case result_status::not_eligible:
            return "not_eligible";
        case result_status::error:
            return "error";
        case result_status::incomplete:
            return "incomplete";
    }
    return "error";
}

text_column text_column::from_parts(std::string chars, std::vector<std::size_t> ends) {
    std::size_t last = 0;
    for (const std::size_t end : ends) {
        if (end < last || end > chars.size()) {
            throw usage_error("text column offsets do not rise within the buffer");
        }
        last = end;
    }
    if (last != chars.size()) {
        throw usage_error("text column offsets do not end at the buffer's size");
    }
    text_column column;
    column.chars_ = std::move(chars);
    column.ends_ = std::move(ends);
    return column;
}

struct rulebook_results::id_index {
    std::once_flag once;
    std::vector<std::uint32_t> rows;
};

rulebook_results::rulebook_results(results_header header, results_columns columns)
    : header_(std::move(header)),
      columns_(std::move(columns)),
      by_id_(std::make_shared<id_index>()) {
    check_columns(header_, columns_);
}

rulebook_results::rulebook_results(results_header header, results_columns columns,
                                   std::vector<std::uint32_t> rows_by_id)
    : header_(std::move(header)),
      columns_(std::move(columns)),
      by_id_(std::make_shared<id_index>()) {
    check_columns(header_, columns_);
    check_id_order(columns_.subject, rows_by_id);
    std::call_once(by_id_->once, [&] { by_id_->rows = std::move(rows_by_id); });
}

std::span<const std::uint32_t> rulebook_results::rows_by_id() const {
    if (!by_id_) {
        return {};
    }
    std::call_once(by_id_->once, [this] { by_id_->rows = sorted_by_id(columns_.subject); });
    return by_id_->rows;
}

std::optional<std::size_t> rulebook_results::find(std::string_view subject_id) const {
    const auto index = rows_by_id();
    const auto it = std::lower_bound(
        index.begin(), index.end(), subject_id,
        [&](std::uint32_t row, std::string_view id) { return columns_.subject[row] < id; });
    if (it == index.end() || columns_.subject[*it] != subject_id) {
        return std::nullopt;
    }
    return *it;
}

std::string_view rulebook_results::tier_id(std::size_t row) const noexcept {
    const std::int32_t t = columns_.tier[row];
    return t == no_tier ? std::string_view{} : std::string_view(header_.tiers[t].id);
}

subject_result rulebook_results::row(std::size_t i) const {
    if (i >= size()) {
        throw usage_error(
            fmt::format("results of '{}' have {} rows; row {} asked", header_.rulebook, size(), i));
    }
    const auto& c = columns_;
    subject_result r;
    r.subject = std::string(c.subject[i]);
    r.row = i;
    r.subject_index = c.subject_index[i];
    r.status = c.status[i];
    r.message = std::string(c.message[i]);
    r.score = c.score[i];
    r.max_score = c.max_score[i];
    if (c.tier[i] != no_tier) {
        const auto& t = header_.tiers[c.tier[i]];
        r.tier = static_cast<std::size_t>(c.tier[i]);
        r.tier_id = t.id;
        r.tier_label = t.label;
        r.action = std::string(action(i));
        r.action_branch = branch_of(i, c.tier[i]);
    }
    r.group = c.group_names[c.group[i]];
    r.rank = c.rank[i];
    r.rulebook = header_.rulebook;
    r.version = header_.version;
    if (has_previous()) {
        if (c.previous_tier[i] != no_tier) {
            r.previous_tier = c.previous_tier_ids[c.previous_tier[i]];
        }
        r.previous_rank = c.previous_rank[i];
    }
    if (const result_decision* d = decision_of(i)) {
        r.decision = *d;
    }
    if (has_decisions() && c.decided_tier[i] != no_tier) {
        const auto& t = header_.tiers[c.decided_tier[i]];
        r.decided_tier = static_cast<std::size_t>(c.decided_tier[i]);
        r.decided_tier_id = t.id;
        r.decided_tier_label = t.label;
        r.decided_action = std::string(action_of(i, c.decided_tier[i]));
    }
    r.criteria.reserve(criterion_count());
    for (std::size_t k = 0; k < criterion_count(); ++k) {
        const std::size_t cell = at(k, i);
        r.criteria.push_back({header_.criteria[k].id, c.criterion_value[cell],
                              c.criterion_points[cell], c.criterion_passed[cell] != 0,
                              c.criterion_assessed[cell] != 0, header_.criteria[k].basis});
    }
    return r;
}

const result_decision* rulebook_results::decision_of(std::size_t row) const noexcept {
    const auto& d = columns_.decisions;
    const auto it =
        std::lower_bound(d.begin(), d.end(), row, [](const result_decision& x, std::size_t r) {
            return x.row < static_cast<std::uint32_t>(r);
        });
    return it != d.end() && it->row == row ? &*it : nullptr;
}

void rulebook_results::set_decisions(std::vector<result_decision> decisions) {
    std::sort(decisions.begin(), decisions.end(),
              [](const result_decision& a, const result_decision& b) { return a.row < b.row; });
    std::vector<std::int32_t> decided(size(), no_tier);
    for (std::size_t k = 0; k < decisions.size(); ++k) {
        auto& d = decisions[k];
        if (d.row >= size() || (k > 0 && decisions[k - 1].row == d.row)) {
            throw usage_error(fmt::format("a decision on row {} of results of {} rows ({})", d.row,
                                          size(), k > 0 ? "repeated" : "out of range"));
        }
        if (columns_.status[d.row] != result_status::evaluated) {
            throw usage_error(fmt::format("decision {} is about subject '{}', which has no result",
                                          d.decision.number, columns_.subject[d.row]));
        }
        std::int32_t target = columns_.tier[d.row];
        if (!d.decision.confirms()) {
            const auto it = std::find_if(
                header_.tiers.begin(), header_.tiers.end(),
                [&](const tier_summary& t) { return t.id == d.decision.decided_tier; });
            if (it == header_.tiers.end()) {
                throw usage_error(fmt::format("decision {} decides tier '{}', not a tier of '{}'",
                                              d.decision.number, d.decision.decided_tier,
                                              header_.rulebook));
            }
            target = static_cast<std::int32_t>(it - header_.tiers.begin());
        }
        d.stale = d.decision.proposed_tier != tier_id(d.row);
        decided[d.row] = d.stale ? no_tier : target;
    }
    if (decisions.empty()) {
        decided.clear();
    }
    columns_.decided_tier = std::move(decided);
    columns_.decisions = std::move(decisions);
}

namespace {

/// A tier's label (its id when it has none, or the id as recorded when the results have no
/// such tier).
std::string tier_name(const results_header& h, std::string_view id) {
    const auto it = std::find_if(h.tiers.begin(), h.tiers.end(),
                                 [&](const tier_summary& t) { return t.id == id; });
    return it == h.tiers.end() || it->label.empty() ? std::string(id) : it->label;
}

}  // namespace

std::string decision_text(const rulebook_results& r, std::size_t row, language lang) {
    const result_decision* rd = r.decision_of(row);
    if (rd == nullptr) {
        return {};
    }
    const bool vi = lang == language::vi;
    const decision& d = rd->decision;
    const auto& h = r.header();
    std::string document = (vi ? "QĐ số " : "decision no. ") + d.number;
    if (!d.decided_on.is_special()) {
        document += (vi ? ", ngày " : " of ") + date_text(d.decided_on, lang);
    }
    if (!d.body.empty()) {
        document += (vi ? " của " : " by ") + d.body;
    }
    if (!d.signer.empty()) {
        document += " (" + d.signer + ")";
    }
    const std::string now = tier_name(h, r.tier_id(row));
    const std::string decided =
        d.confirms() ? tier_name(h, d.proposed_tier) : tier_name(h, d.decided_tier);
    if (rd->stale) {
        return vi ? fmt::format(
                        "quyết định cũ: đề xuất đã thay đổi từ {} sang {}; {} (quyết định {}) "
                        "không được áp dụng",
                        tier_name(h, d.proposed_tier), now, document, decided)
                  : fmt::format(
                        "old decision: the proposal changed from {} to {}; {} (decided {}) "
                        "is not applied",
                        tier_name(h, d.proposed_tier), now, document, decided);
    }
    std::string out =
        (vi ? "đề xuất: " : "proposed: ") + now + (vi ? "; quyết định: " : "; decided: ");
    if (d.confirms()) {
        out += (vi ? "giữ nguyên đề xuất (" : "kept the proposal (") + decided + ")";
    } else {
        out += decided;
    }
    out += ", " + document;
    if (!d.reason.empty()) {
        out += (vi ? ", lý do: " : ", reason: ") + d.reason;
    }
    return out;
}

void rulebook_results::set_previous(const rulebook_results& previous) {
    auto& c = columns_;
    c.previous_tier_ids.clear();
    for (const auto& t : previous.header_.tiers) {
        c.previous_tier_ids.push_back(t.id);
    }
    c.previous_tier.assign(size(), no_tier);
    c.previous_rank.assign(size(), no_rank);
    // Both sides are sorted by id: one merge pass instead of a search per subject.
    const auto theirs = previous.rows_by_id();
    auto other = theirs.begin();
    for (const std::uint32_t row : rows_by_id()) {
        const std::string_view id = c.subject[row];
        while (other != theirs.end() && previous.columns_.subject[*other] < id) {
            ++other;
        }
        if (other == theirs.end()) {
            break;
        }
        if (previous.columns_.subject[*other] == id) {
            // The tier that stood: the committee's where it decided one, as previous_tier()
            // in a rule reads it, so that a comparison and a rule never disagree.
            c.previous_tier[row] = previous.standing_tier(*other);
            c.previous_rank[row] = previous.columns_.rank[*other];
        }
    }
    header_.previous_period_text = previous.header_.period_text;
}

}  // namespace antq
