#include <antq/explain.hpp>

#include <antq/error.hpp>

#include "antq/evaluation/ineligibility.hpp"
#include "antq/io/terminal_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <optional>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace antq {

namespace {

/// Points closer than this are equal (contributions are sums of binary fractions).
constexpr double epsilon = 1e-9;

bool is_pointed(criterion_kind k) {
    return k == criterion_kind::scored || k == criterion_kind::bonus ||
           k == criterion_kind::penalty;
}

criterion_effect effect_of(const rulebook_results& r, std::size_t c, std::size_t row) {
    const auto& info = r.header().criteria[c];
    const auto& cols = r.columns();
    const std::size_t cell = r.at(c, row);
    criterion_effect e;
    e.criterion = c;
    e.id = info.id;
    e.title = info.title;
    e.basis = info.basis;
    e.kind = info.kind;
    e.max_points = info.points;
    e.assessed = cols.criterion_assessed[cell] != 0;
    e.passed = cols.criterion_passed[cell] != 0;
    const double points = cols.criterion_points[cell];
    e.points = std::isnan(points) ? 0 : points;
    if (!e.assessed || !is_pointed(info.kind)) {
        return e;
    }
    if (info.kind == criterion_kind::penalty) {
        e.missing = std::abs(e.points);
    } else {
        e.missing = std::max(0.0, info.points - e.points);
    }
    return e;
}

/// Stable orders: the larger first, declaration order among equals.
void sort_by(std::vector<criterion_effect>& effects, double criterion_effect::*field,
             bool descending) {
    std::stable_sort(effects.begin(), effects.end(),
                     [&](const criterion_effect& a, const criterion_effect& b) {
                         const double x = a.*field;
                         const double y = b.*field;
                         if (std::abs(x - y) <= epsilon) {
                             return false;
                         }
                         return descending ? x > y : x < y;
                     });
}

std::vector<std::string> failed_of(const rulebook_results& r, std::size_t row,
                                   std::span<const std::uint32_t> criteria) {
    std::vector<std::string> failed;
    for (const std::uint32_t c : criteria) {
        const std::size_t cell = r.at(c, row);
        if (r.columns().criterion_assessed[cell] != 0 && r.columns().criterion_passed[cell] == 0) {
            failed.push_back(r.header().criteria[c].id);
        }
    }
    return failed;
}

std::vector<std::uint32_t> vetoes_of(const rulebook_results& r) {
    std::vector<std::uint32_t> vetoes;
    for (std::size_t c = 0; c < r.criterion_count(); ++c) {
        if (r.header().criteria[c].kind == criterion_kind::veto) {
            vetoes.push_back(static_cast<std::uint32_t>(c));
        }
    }
    return vetoes;
}

std::string label_of(const tier_summary& t) {
    return t.label.empty() ? t.id : t.label;
}

bool meets_band(const tier_summary& t, double score) {
    if (!t.min_score) {
        return true;
    }
    return t.min_score_strict ? score > *t.min_score : score >= *t.min_score - epsilon;
}

void decide(const rulebook_results& r, std::size_t row, explanation& e) {
    const auto& cols = r.columns();
    const auto tier = static_cast<std::size_t>(cols.tier[row]);
    if (auto failed = failed_of(r, row, vetoes_of(r)); !failed.empty()) {
        e.decided_by = tier_decision::veto;
        e.deciding = std::move(failed);
        return;
    }
    const std::int32_t qualified = cols.qualified_tier[row];
    if (qualified != no_tier && static_cast<std::size_t>(qualified) < tier) {
        e.decided_by = tier_decision::quota;
        e.deciding_tier = static_cast<std::size_t>(qualified);
        e.deciding = {r.header().tiers[e.deciding_tier.value()].id};
        e.deciding_tier_label = label_of(r.header().tiers[e.deciding_tier.value()]);
        return;
    }
    // The highest tier above whose score band was met but a requirement failed is the one
    // the requirement took away.
    for (std::size_t t = 0; t < tier; ++t) {
        const auto& above = r.header().tiers[t];
        auto failed = failed_of(r, row, above.requires_criteria);
        if (!failed.empty() && meets_band(above, e.score)) {
            e.decided_by = tier_decision::requirement;
            e.deciding = std::move(failed);
            e.deciding_tier = t;
            e.deciding_tier_label = label_of(above);
            return;
        }
    }
    e.decided_by = tier_decision::conditions;
}

void find_closers(std::vector<criterion_effect> candidates, tier_gap& gap) {
    const double needed = gap.points_needed.value_or(0);
    if (needed <= epsilon) {
        return;
    }
    std::erase_if(candidates, [](const criterion_effect& c) { return c.missing <= epsilon; });
    std::vector<criterion_effect> alone;
    std::copy_if(candidates.begin(), candidates.end(), std::back_inserter(alone),
                 [&](const criterion_effect& c) { return c.missing >= needed - epsilon; });
    if (!alone.empty()) {
        sort_by(alone, &criterion_effect::missing, false);
        gap.closers = std::move(alone);
        return;
    }
    gap.closers_together = true;
    sort_by(candidates, &criterion_effect::missing, true);
    double total = 0;
    std::size_t taken = 0;
    while (taken < candidates.size() && total < needed - epsilon) {
        total += candidates[taken].missing;
        ++taken;
    }
    gap.reachable = total >= needed - epsilon;
    candidates.resize(taken);
    sort_by(candidates, &criterion_effect::missing, false);
    gap.closers = std::move(candidates);
}

tier_gap gap_to(const rulebook_results& r, std::size_t row, std::size_t target,
                const explanation& e, const std::vector<criterion_effect>& all) {
    const auto& t = r.header().tiers[target];
    tier_gap gap;
    gap.tier = target;
    gap.id = t.id;
    gap.label = t.label;
    gap.when = t.when;
    if (t.min_score) {
        const double step = std::pow(10.0, -r.header().rounding_digits);
        const double needed = *t.min_score - e.score + (t.min_score_strict ? step : 0.0);
        gap.points_needed = needed > epsilon ? needed : 0.0;
    }
    gap.failed_requirements = failed_of(r, row, t.requires_criteria);
    for (auto& veto : failed_of(r, row, vetoes_of(r))) {
        gap.failed_requirements.push_back(std::move(veto));
    }
    find_closers(all, gap);
    return gap;
}

}  // namespace

namespace {

std::size_t row_of(const rulebook_results& r, std::string_view subject_id) {
    const auto found = r.find(subject_id);
    if (!found) {
        throw usage_error(fmt::format("subject '{}' is not in the results of '{}' for {}",
                                      subject_id, r.header().rulebook, r.header().period_text));
    }
    return *found;
}

/// +1 when `now` is a higher tier than the tier with id `before` (tiers listed top first),
/// -1 lower, 0 the same or not comparable.
/// The position of the tier with id `id` in `h`, if it has one.
std::optional<std::size_t> tier_index(const results_header& h, std::string_view id) {
    const auto it = std::find_if(h.tiers.begin(), h.tiers.end(),
                                 [&](const tier_summary& t) { return t.id == id; });
    return it == h.tiers.end() ? std::nullopt : std::optional<std::size_t>(it - h.tiers.begin());
}

int tier_move(const results_header& h, std::optional<std::size_t> now, std::string_view before) {
    const auto then = tier_index(h, before);
    if (!now || !then) {
        return 0;
    }
    return *now < *then ? 1 : *now > *then ? -1 : 0;
}

/// The earlier tier and rank as `set_previous` stored them beside the results.
previous_result previous_from_columns(const rulebook_results& r, std::size_t row,
                                      const explanation& e) {
    const auto& cols = r.columns();
    previous_result p;
    p.period = *r.header().previous_period_text;
    const std::int32_t tier = cols.previous_tier[row];
    if (tier != no_tier) {
        p.tier_id = cols.previous_tier_ids[static_cast<std::size_t>(tier)];
        const auto index = tier_index(r.header(), p.tier_id);
        p.tier_label = index ? label_of(r.header().tiers[*index]) : p.tier_id;
    }
    p.rank = cols.previous_rank[row];
    p.present = tier != no_tier || p.rank != no_rank;
    p.tier_move = tier_move(r.header(), e.tier, p.tier_id);
    return p;
}

/// Pass/fail and points of criterion `c` for `row`; none when it was not assessed.
std::pair<std::optional<bool>, std::optional<double>> outcome_of(const rulebook_results& r,
                                                                 std::size_t c, std::size_t row) {
    const std::size_t cell = r.at(c, row);
    if (r.columns().criterion_assessed[cell] == 0) {
        return {};
    }
    const double points = r.columns().criterion_points[cell];
    return {r.columns().criterion_passed[cell] != 0,
            std::isnan(points) ? std::nullopt : std::optional<double>(points)};
}

/// The earlier result itself: status, tier, rank, score and the criteria that changed.
previous_result previous_from_results(const rulebook_results& r, std::size_t row,
                                      const rulebook_results& before, const explanation& e) {
    previous_result p;
    p.period = before.header().period_text;
    const auto found = before.find(e.subject);
    if (!found) {
        p.present = false;
        return p;
    }
    const std::size_t then = *found;
    const auto& cols = before.columns();
    p.status = cols.status[then];
    p.rank = cols.rank[then];
    if (cols.status[then] == result_status::evaluated) {
        p.score = cols.score[then];
    }
    if (cols.tier[then] != no_tier) {
        const auto& t = before.header().tiers[static_cast<std::size_t>(cols.tier[then])];
        p.tier_id = t.id;
        p.tier_label = label_of(t);
    }
    p.tier_move = tier_move(r.header(), e.tier, p.tier_id);
    if (e.status != result_status::evaluated || cols.status[then] != result_status::evaluated) {
        return p;
    }
    const auto index_in = [](const rulebook_results& in, std::string_view id) {
        const auto& criteria = in.header().criteria;
        const auto it = std::find_if(criteria.begin(), criteria.end(),
                                     [&](const criterion_summary& k) { return k.id == id; });
        return it == criteria.end() ? std::nullopt
                                    : std::optional<std::size_t>(it - criteria.begin());
    };
    const auto add = [&](const criterion_summary& criterion, std::optional<std::size_t> now,
                         std::optional<std::size_t> earlier) {
        criterion_change change;
        change.id = criterion.id;
        change.title = criterion.title;
        if (earlier) {
            std::tie(change.old_passed, change.old_points) = outcome_of(before, *earlier, then);
        }
        if (now) {
            std::tie(change.new_passed, change.new_points) = outcome_of(r, *now, row);
        }
        const bool same_points =
            change.old_points.has_value() == change.new_points.has_value() &&
            (!change.old_points || std::abs(*change.old_points - *change.new_points) <= epsilon);
        if (change.old_passed != change.new_passed || !same_points) {
            p.criteria.push_back(std::move(change));
        }
    };
    for (std::size_t c = 0; c < r.criterion_count(); ++c) {
        add(r.header().criteria[c], c, index_in(before, r.header().criteria[c].id));
    }
    for (std::size_t c = 0; c < before.criterion_count(); ++c) {
        if (!index_in(r, before.header().criteria[c].id)) {
            add(before.header().criteria[c], std::nullopt, c);
        }
    }
    return p;
}

/// The explanation of `row` without its text.
explanation explain_row(const rulebook_results& r, std::size_t row, std::string_view subject_id) {
    const auto& cols = r.columns();
    explanation e;
    e.subject = std::string(subject_id);
    e.rulebook = r.header().rulebook;
    e.version = r.header().version;
    e.period = r.header().period_text;
    e.status = cols.status[row];
    e.message = std::string(cols.message[row]);
    e.score = cols.score[row];
    e.max_score = cols.max_score[row];
    e.rounding_digits = r.header().rounding_digits;
    e.group = cols.group_names[cols.group[row]];
    e.rank = cols.rank[row];
    if (e.status != result_status::evaluated || cols.tier[row] == no_tier) {
        return e;
    }
    const auto tier = static_cast<std::size_t>(cols.tier[row]);
    e.tier = tier;
    e.tier_id = r.header().tiers[tier].id;
    e.tier_label = r.header().tiers[tier].label;
    e.action = r.header().tiers[tier].action;

    std::vector<criterion_effect> all;
    for (std::size_t c = 0; c < r.criterion_count(); ++c) {
        auto effect = effect_of(r, c, row);
        if (!effect.assessed) {
            e.not_assessed.push_back(effect);
            continue;
        }
        if (effect.kind != criterion_kind::penalty && effect.points > epsilon) {
            e.lifted.push_back(effect);
        }
        if (effect.kind != criterion_kind::bonus && effect.missing > epsilon) {
            e.sank.push_back(effect);
        }
        all.push_back(std::move(effect));
    }
    sort_by(e.lifted, &criterion_effect::points, true);
    sort_by(e.sank, &criterion_effect::missing, true);
    decide(r, row, e);
    if (tier > 0) {
        e.next_tier = gap_to(r, row, tier - 1, e, all);
    }
    return e;
}

}  // namespace

explanation explain(const rulebook_results& r, std::string_view subject_id, language lang) {
    const std::size_t row = row_of(r, subject_id);
    explanation e = explain_row(r, row, subject_id);
    if (r.has_previous()) {
        e.previous = previous_from_columns(r, row, e);
    }
    e.text = to_text(e, lang);
    return e;
}

explanation explain(const rulebook_results& r, const rulebook_results& previous,
                    std::string_view subject_id, language lang) {
    const std::size_t row = row_of(r, subject_id);
    explanation e = explain_row(r, row, subject_id);
    e.previous = previous_from_results(r, row, previous, e);
    e.text = to_text(e, lang);
    return e;
}

namespace {

std::string number(double v, int digits) {
    return fmt::format("{:.{}f}", v, digits);
}

/// "id (title)", or the id alone when the criterion has no title.
template <class Criterion>
std::string name_of(const Criterion& c) {
    return c.title.empty() ? c.id : fmt::format("{} ({})", c.id, c.title);
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        out += out.empty() ? "" : ", ";
        out += item;
    }
    return out;
}

struct phrases {
    std::string_view result;
    std::string_view points;
    std::string_view tier;
    std::string_view action;
    std::string_view rank;
    std::string_view no_rank;
    std::string_view lifted;
    std::string_view sank;
    std::string_view short_of;
    std::string_view taken;
    std::string_view not_assessed;
    std::string_view by_conditions;
    std::string_view by_veto;
    std::string_view by_requirement;
    std::string_view by_quota;
    std::string_view top;
    std::string_view next;
    std::string_view needed;
    std::string_view band_met;
    std::string_view alone;
    std::string_view together;
    std::string_view unreachable;
    std::string_view must_pass;
    std::string_view missing_points;
    std::string_view status;
};

constexpr phrases vietnamese{
    "Kết quả",
    "điểm",
    "xếp loại",
    "hướng xử lý",
    "xếp hạng {} trong nhóm {}",
    "không xếp hạng",
    "Nâng điểm",
    "Làm mất điểm",
    "thiếu",
    "bị trừ",
    "Chưa đánh giá (thiếu dữ liệu)",
    "Xếp loại theo điều kiện của các loại.",
    "Không đạt tiêu chí phủ quyết {}: xuống loại cuối.",
    "Đủ điểm cho loại \"{}\" nhưng không đạt tiêu chí bắt buộc: {}.",
    "Đạt loại \"{}\" nhưng vượt tỷ lệ tối đa của loại đó trong nhóm, nên xuống loại sau.",
    "Đã ở loại cao nhất.",
    "Để lên loại \"{}\" ({})",
    "cần thêm {} điểm",
    "đã đủ điểm",
    "chỉ cần đạt điểm tối đa ở một trong các tiêu chí",
    "cần đạt điểm tối đa ở tất cả các tiêu chí",
    "dù đạt điểm tối đa ở mọi tiêu chí cũng chưa đủ",
    "phải đạt",
    "thiếu {}",
    "Trạng thái",
};

constexpr phrases english{
    "Result",
    "points",
    "tier",
    "action",
    "rank {} in group {}",
    "not ranked",
    "Lifted the score",
    "Sank the score",
    "short by",
    "lost",
    "Not assessed (data missing)",
    "The tier follows from the tiers' conditions.",
    "Failed the veto {}: moved to the last tier.",
    "Scored enough for \"{}\" but failed the requirement: {}.",
    "Qualified for \"{}\" but that tier's quota in the group was full, so moved down.",
    "Already in the top tier.",
    "To reach \"{}\" ({})",
    "{} more points needed",
    "the score is already enough",
    "full marks on any one of",
    "full marks on all of",
    "even full marks on every criterion fall short",
    "must pass",
    "{} short",
    "Status",
};

std::string status_word(result_status s, language lang) {
    if (lang == language::en) {
        return std::string(to_string(s));
    }
    switch (s) {
        case result_status::evaluated:
            return "đã đánh giá";
        case result_status::not_eligible:
            return "không đủ điều kiện đánh giá";
        case result_status::error:
            return "lỗi dữ liệu";
    }
    return "lỗi dữ liệu";
}

void render_effects(std::string& out, std::string_view heading,
                    const std::vector<criterion_effect>& effects, const phrases& p, int digits,
                    bool losses) {
    if (effects.empty()) {
        return;
    }
    out += fmt::format("{}:\n", heading);
    for (const auto& c : effects) {
        if (!losses) {
            out += fmt::format("  + {}: {}\n", name_of(c), number(c.points, digits));
        } else if (c.kind == criterion_kind::penalty) {
            out += fmt::format("  - {}: {} {}\n", name_of(c), p.taken, number(c.missing, digits));
        } else {
            out +=
                fmt::format("  - {}: {} {}\n", name_of(c), p.short_of, number(c.missing, digits));
        }
    }
}

std::string decision_line(const explanation& e, const phrases& p) {
    switch (e.decided_by) {
        case tier_decision::veto:
            return fmt::format(fmt::runtime(p.by_veto), join(e.deciding));
        case tier_decision::requirement:
            return fmt::format(fmt::runtime(p.by_requirement), e.deciding_tier_label,
                               join(e.deciding));
        case tier_decision::quota:
            return fmt::format(fmt::runtime(p.by_quota), e.deciding_tier_label);
        case tier_decision::conditions:
        case tier_decision::none:
            break;
    }
    return std::string(p.by_conditions);
}

void render_gap(std::string& out, const explanation& e, const phrases& p) {
    if (!e.next_tier) {
        out += fmt::format("{}\n", p.top);
        return;
    }
    const auto& gap = *e.next_tier;
    const int digits = e.rounding_digits;
    out += fmt::format(fmt::runtime(p.next), gap.label.empty() ? gap.id : gap.label, gap.when);
    out += ':';
    if (gap.points_needed) {
        out += ' ';
        out += *gap.points_needed > 0
                   ? fmt::format(fmt::runtime(p.needed), number(*gap.points_needed, digits))
                   : std::string(p.band_met);
    }
    out += '\n';
    if (!gap.closers.empty()) {
        std::vector<std::string> names;
        for (const auto& c : gap.closers) {
            names.push_back(fmt::format(
                "{} ({})", c.id,
                fmt::format(fmt::runtime(p.missing_points), number(c.missing, digits))));
        }
        const std::string_view lead =
            !gap.reachable ? p.unreachable : (gap.closers_together ? p.together : p.alone);
        out += fmt::format("  {}: {}\n", lead, join(names));
    }
    if (!gap.failed_requirements.empty()) {
        out += fmt::format("  {}: {}\n", p.must_pass, join(gap.failed_requirements));
    }
}

/// The eligibility reason the evaluation stores in Vietnamese ("mới hoạt động 4 tháng trong
/// kỳ 2024, cần ít nhất 9 tháng"), or nothing when `message` is not one.
std::optional<std::string> vietnamese_ineligibility(std::string_view message) {
    const auto reason = detail::evaluation::read_ineligibility(message);
    if (!reason) {
        return std::nullopt;
    }
    const std::string_view unit = reason->months ? "tháng" : "ngày";
    return fmt::format("mới hoạt động {} {} trong kỳ {}, cần ít nhất {} {}", reason->active, unit,
                       reason->period, reason->required, unit);
}

std::string rank_text(std::uint32_t rank) {
    return rank == no_rank ? "—" : std::to_string(rank);
}

/// "đạt 30.00", "chưa đạt", or "—" when not assessed (or not in that version).
std::string outcome_text(std::optional<bool> passed, std::optional<double> points, int digits,
                         language lang) {
    const bool vi = lang == language::vi;
    if (!passed) {
        return "—";
    }
    const std::string verdict = *passed ? (vi ? "đạt" : "passed") : (vi ? "chưa đạt" : "failed");
    return points ? fmt::format("{} {}", verdict, number(*points, digits)) : verdict;
}

/// "So với kỳ 2023: ..." and the criteria that changed.
void render_previous(std::string& out, const explanation& e, language lang) {
    if (!e.previous) {
        return;
    }
    const previous_result& p = *e.previous;
    const bool vi = lang == language::vi;
    out += fmt::format(fmt::runtime(vi ? "So với kỳ {}: " : "Compared with {}: "), p.period);
    if (!p.present) {
        out += vi ? "không có kết quả kỳ đó.\n" : "no result then.\n";
        return;
    }
    if (p.status && *p.status != result_status::evaluated) {
        out += fmt::format(fmt::runtime(vi ? "kỳ đó {}.\n" : "then {}.\n"),
                           status_word(*p.status, lang));
        return;
    }
    std::vector<std::string> parts;
    const std::string now_label = e.tier ? (e.tier_label.empty() ? e.tier_id : e.tier_label) : "—";
    const std::string then_label = p.tier_id.empty() ? "—" : p.tier_label;
    const std::string_view move = p.tier_move > 0           ? (vi ? "lên loại" : "up")
                                  : p.tier_move < 0         ? (vi ? "xuống loại" : "down")
                                  : then_label == now_label ? (vi ? "giữ nguyên" : "unchanged")
                                                            : "";
    parts.push_back(fmt::format("{} \"{}\" → \"{}\"{}", vi ? "xếp loại" : "tier", then_label,
                                now_label, move.empty() ? "" : fmt::format(" ({})", move)));
    parts.push_back(
        fmt::format("{} {} → {}", vi ? "hạng" : "rank", rank_text(p.rank), rank_text(e.rank)));
    if (p.score && e.status == result_status::evaluated) {
        const double delta = e.score - *p.score;
        parts.push_back(fmt::format("{} {} → {} ({}{})", vi ? "điểm" : "score",
                                    number(*p.score, e.rounding_digits),
                                    number(e.score, e.rounding_digits), delta < 0 ? "" : "+",
                                    number(delta, e.rounding_digits)));
    }
    out += join(parts) + ".\n";
    if (p.criteria.empty()) {
        return;
    }
    out += vi ? "Tiêu chí thay đổi:\n" : "Criteria that changed:\n";
    for (const auto& c : p.criteria) {
        out += fmt::format("  * {}: {} → {}\n", name_of(c),
                           outcome_text(c.old_passed, c.old_points, e.rounding_digits, lang),
                           outcome_text(c.new_passed, c.new_points, e.rounding_digits, lang));
    }
}

}  // namespace

std::string reason_text(result_status status, std::string_view message, language lang) {
    if (lang == language::vi && status == result_status::not_eligible) {
        if (auto translated = vietnamese_ineligibility(message)) {
            return std::move(*translated);
        }
    }
    return std::string(message);
}

namespace {

std::string render_text(const explanation& e, language lang) {
    const phrases& p = lang == language::vi ? vietnamese : english;
    const int digits = e.rounding_digits;
    std::string out = fmt::format("{} — {} {}, {}\n", e.subject, e.rulebook, e.version, e.period);
    if (e.status != result_status::evaluated || !e.tier) {
        out += fmt::format("{}: {}", p.status, status_word(e.status, lang));
        out += e.message.empty() ? "\n"
                                 : fmt::format(" ({})\n", reason_text(e.status, e.message, lang));
        render_previous(out, e, lang);
        return out;
    }
    const std::string rank = e.rank == no_rank ? std::string(p.no_rank)
                                               : fmt::format(fmt::runtime(p.rank), e.rank, e.group);
    out += fmt::format("{}: {}/{} {}; {} \"{}\" ({}){}; {}\n", p.result, number(e.score, digits),
                       number(e.max_score, digits), p.points, p.tier,
                       e.tier_label.empty() ? e.tier_id : e.tier_label, e.tier_id,
                       e.action.empty() ? "" : fmt::format("; {}: {}", p.action, e.action), rank);
    render_effects(out, p.lifted, e.lifted, p, digits, false);
    render_effects(out, p.sank, e.sank, p, digits, true);
    if (!e.not_assessed.empty()) {
        std::vector<std::string> names;
        for (const auto& c : e.not_assessed) {
            names.push_back(c.id);
        }
        out += fmt::format("{}: {}\n", p.not_assessed, join(names));
    }
    out += decision_line(e, p);
    out += '\n';
    render_gap(out, e, p);
    render_previous(out, e, lang);
    return out;
}

}  // namespace

// Names and labels come from rulebooks and datasets, so a control character in them is
// shown (`\x1b`), never sent raw to the terminal the explanation is printed on.
std::string to_text(const explanation& e, language lang) {
    std::string text = render_text(e, lang);
    return detail::has_controls(text) ? detail::escape_controls(text) : text;
}

}  // namespace antq
