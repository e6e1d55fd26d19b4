#include <antq/explain.hpp>

#include <antq/dataset.hpp>
#include <antq/error.hpp>
#include <antq/evaluate.hpp>
#include <antq/labels.hpp>
#include <antq/rulebook_set.hpp>

#include "antq/evaluation/grouping.hpp"
#include "antq/evaluation/incompleteness.hpp"
#include "antq/evaluation/ineligibility.hpp"
#include "antq/evaluation/rollups.hpp"
#include "antq/evaluation/subjects.hpp"
#include "antq/expr/parser.hpp"
#include "antq/io/terminal_text.hpp"
#include "antq/join.hpp"
#include "antq/rules/plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <optional>
#include <regex>
#include <set>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace antq {

namespace {

/// Points closer than this are equal (contributions are sums of binary fractions).
constexpr double epsilon = 1e-9;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

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
    e.note = info.note;
    e.condition = info.condition;
    e.kind = info.kind;
    e.max_points = info.points;
    e.assessed = cols.criterion_assessed[cell] != 0;
    e.passed = cols.criterion_passed[cell] != 0;
    e.value = cols.criterion_value[cell];
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

bool failed_at(const rulebook_results& r, std::size_t row, std::size_t c) {
    const std::size_t cell = r.at(c, row);
    return r.columns().criterion_assessed[cell] != 0 && r.columns().criterion_passed[cell] == 0;
}

std::vector<std::string> failed_of(const rulebook_results& r, std::size_t row,
                                   std::span<const std::uint32_t> criteria) {
    std::vector<std::string> failed;
    for (const std::uint32_t c : criteria) {
        if (failed_at(r, row, c)) {
            failed.push_back(r.header().criteria[c].id);
        }
    }
    return failed;
}

std::string label_of(const tier_summary& t) {
    return t.label.empty() ? t.id : t.label;
}

/// The tier a failed veto caps at: its `caps_at`, or the last tier.
std::size_t cap_of(const results_header& h, std::size_t veto) {
    const std::int32_t cap = h.criteria[veto].caps_at;
    return cap == no_tier || static_cast<std::size_t>(cap) >= h.tiers.size()
               ? h.tiers.size() - 1
               : static_cast<std::size_t>(cap);
}

bool meets_band(const tier_summary& t, double score) {
    if (!t.min_score) {
        return true;
    }
    return t.min_score_strict ? score > *t.min_score : score >= *t.min_score - epsilon;
}

/// What a tier's condition reads of the criteria' results.
struct condition_reads {
    bool counts = false;  ///< passed_count, failed_count or assessed_count: every criterion
    std::vector<std::size_t> criteria;  ///< passed(x), points(x), value(x)
};

/// Read from the condition as written, so that results from archives (which keep the text,
/// not the compiled program) are explained the same way.
condition_reads reads_of(std::string_view when, const results_header& h) {
    condition_reads out;
    if (when.empty()) {
        return out;
    }
    const auto tree = detail::expr::parse(when);
    if (!tree) {
        return out;
    }
    for (const auto& n : tree->nodes) {
        if (n.kind == detail::expr::node_kind::name &&
            (n.text == "failed_count" || n.text == "passed_count" || n.text == "assessed_count")) {
            out.counts = true;
        }
        if (n.kind != detail::expr::node_kind::call || n.children.size() != 1 ||
            (n.text != "passed" && n.text != "points" && n.text != "value")) {
            continue;
        }
        const auto& arg = tree->nodes[n.children[0]];
        for (std::size_t c = 0; c < h.criteria.size(); ++c) {
            if (h.criteria[c].id == arg.text &&
                std::find(out.criteria.begin(), out.criteria.end(), c) == out.criteria.end()) {
                out.criteria.push_back(c);
            }
        }
    }
    return out;
}

/// Names a formula reads (identifiers, and the arguments of `passed(x)` and the like).
std::vector<std::string> names_in(std::string_view text) {
    std::vector<std::string> out;
    const auto tree = detail::expr::parse(text);
    if (!tree) {
        return out;
    }
    for (const auto& n : tree->nodes) {
        if (n.kind == detail::expr::node_kind::name) {
            out.push_back(n.text);
        }
    }
    return out;
}

/// What explaining one results table may read besides it.
struct sources {
    const results_header& header;
    const dataset* data = nullptr;
    const registry* units = nullptr;
    const detail::rules::rulebook_plan* compiled = nullptr;
    const detail::rules::version_plan* plan = nullptr;
    const evaluation* results = nullptr;
};

/// The registry only when it is the dataset of `r`: the explained row's subject is there
/// under the same id and every row's index is in range (results of another dataset must not
/// be read through it). Integer compares only: the report explains thousands of rows.
const registry* units_for(const rulebook_results& r, std::size_t row, const explain_context& ctx) {
    if (ctx.data == nullptr) {
        return nullptr;
    }
    const detail::evaluation::subject_view view(ctx.data->registry, r.header().subject);
    const auto& index = r.columns().subject_index;
    const bool in_range =
        std::all_of(index.begin(), index.end(), [&](std::uint32_t i) { return i < view.size(); });
    if (!in_range || (row < index.size() && view.id(index[row]) != r.columns().subject[row])) {
        return nullptr;
    }
    return &ctx.data->registry;
}

sources sources_for(const rulebook_results& r, std::size_t row, const explain_context& ctx) {
    sources s{r.header()};
    s.data = ctx.data;
    s.units = units_for(r, row, ctx);
    s.results = ctx.sources;
    if (ctx.rules == nullptr) {
        return s;
    }
    const compiled_rulebook* book = ctx.rules->find(r.header().rulebook);
    if (book == nullptr) {
        return s;
    }
    s.compiled = &detail::rules::plan_of(*book);
    for (const auto& v : s.compiled->versions) {
        if (v.source != nullptr && v.source->version == r.header().version) {
            s.plan = &v;
        }
    }
    return s;
}

std::string name_in(const registry* units, subject_kind kind, std::uint32_t index) {
    if (units == nullptr) {
        return {};
    }
    const detail::evaluation::subject_view view(*units, kind);
    return std::string(view.text(detail::rules::attribute::name, index));
}

rollup_member member_of(const rulebook_results& r, std::size_t row, const registry* units) {
    const auto& cols = r.columns();
    rollup_member m;
    m.id = std::string(cols.subject[row]);
    m.name = name_in(units, r.header().subject, cols.subject_index[row]);
    m.status = cols.status[row];
    if (cols.tier[row] != no_tier) {
        m.tier_label = label_of(r.header().tiers[static_cast<std::size_t>(cols.tier[row])]);
    }
    return m;
}

/// The roll-ups (indices into the plan) a criterion reads, directly or through derived
/// values, in the order the plan declares them.
std::vector<std::size_t> rollups_read_by(const sources& s, std::string_view criterion_id) {
    std::vector<std::size_t> out;
    if (s.plan == nullptr) {
        return out;
    }
    const rulebook_version& v = *s.plan->source;
    const auto found = std::find_if(v.criteria.begin(), v.criteria.end(),
                                    [&](const antq::criterion& c) { return c.id == criterion_id; });
    if (found == v.criteria.end()) {
        return out;
    }
    std::set<std::string> seen;
    std::vector<std::string> pending;
    for (const expression* e : {&found->when, &found->score, &found->value}) {
        for (auto& n : names_in(e->text)) {
            pending.push_back(std::move(n));
        }
    }
    while (!pending.empty()) {
        const std::string name = std::move(pending.back());
        pending.pop_back();
        if (!seen.insert(name).second) {
            continue;
        }
        for (const auto& d : v.derived) {
            if (d.id == name) {
                for (auto& n : names_in(d.formula.text)) {
                    pending.push_back(std::move(n));
                }
            }
        }
    }
    for (std::size_t k = 0; k < s.plan->rollups.size(); ++k) {
        if (seen.count(s.plan->rollups[k].id) > 0) {
            out.push_back(k);
        }
    }
    return out;
}

/// What roll-up `k` counted for the subject of `row`, or nothing when its sources are not
/// at hand.
std::optional<rollup_detail> rollup_of(const sources& s, const rulebook_results& r, std::size_t row,
                                       std::size_t k) {
    if (s.plan == nullptr || s.units == nullptr || s.results == nullptr) {
        return std::nullopt;
    }
    const auto& plan = s.plan->rollups[k];
    const rulebook_results* source = s.results->find(plan.from);
    if (source == nullptr) {
        return std::nullopt;
    }
    explain_context source_context;
    source_context.data = s.units == nullptr ? nullptr : s.data;
    if (units_for(*source, 0, source_context) == nullptr) {
        return std::nullopt;  // the source results are not of this dataset
    }
    const detail::evaluation::subject_view subjects(*s.units, r.header().subject);
    const index_t subject = r.columns().subject_index[row];
    const index_t unit = subjects.unit(subject);
    detail::evaluation::text_ids texts(*s.compiled->strings);
    const auto members =
        detail::evaluation::rollup_members(plan, *source, *s.units, unit, subject, texts);

    rollup_detail d;
    d.id = plan.id;
    d.from = plan.from;
    d.from_title = source->header().title;
    d.formula = plan.inner.source.text;
    for (const auto& rv : s.plan->source->rollups) {
        if (rv.id == plan.id) {
            d.formula = rv.value.text;
        }
    }
    for (const std::string_view head :
         {"count(tier == \"", "share(tier == \"", "count(tier != \"", "share(tier != \""}) {
        const std::string_view formula = d.formula;
        if (formula.starts_with(head) && formula.ends_with("\")") &&
            formula.size() > head.size() + 2) {
            const std::string_view id =
                formula.substr(head.size(), formula.size() - head.size() - 2);
            for (const auto& t : source->header().tiers) {
                if (t.id == id && id.find('"') == std::string_view::npos) {
                    d.tier_label = t.label.empty() ? t.id : t.label;
                    d.tier_excluded = head.find("!=") != std::string_view::npos;
                }
            }
        }
    }
    using kind = detail::rules::aggregate_kind;
    d.condition = plan.aggregate == kind::count || plan.aggregate == kind::share;
    d.in_scope = members.size();
    double sum = 0;
    double low = std::numeric_limits<double>::infinity();
    double high = -low;
    for (const auto& m : members) {
        rollup_member out = member_of(*source, m.row, s.units);
        out.value = m.failed ? nan : m.value;
        out.counted = d.condition ? (!m.failed && m.value == 1.0) : !std::isnan(out.value);
        if (out.counted) {
            ++d.counted;
            if (!d.condition) {
                sum += out.value;
                low = std::min(low, out.value);
                high = std::max(high, out.value);
            }
        }
        d.members.push_back(std::move(out));
    }
    const auto n = static_cast<double>(d.counted);
    switch (plan.aggregate) {
        case kind::count:
            d.value = n;
            break;
        case kind::share:
            d.value = d.in_scope == 0 ? nan : n / static_cast<double>(d.in_scope);
            break;
        case kind::sum:
            d.value = sum;
            break;
        case kind::mean:
            d.value = d.counted == 0 ? nan : sum / n;
            break;
        case kind::minimum:
            d.value = d.counted == 0 ? nan : low;
            break;
        case kind::maximum:
            d.value = d.counted == 0 ? nan : high;
            break;
    }
    return d;
}

tier_blocker blocker_of(const sources& s, const rulebook_results& r, std::size_t row, std::size_t c,
                        tier_blocker::reason why) {
    tier_blocker b;
    b.criterion = effect_of(r, c, row);
    b.why = why;
    if (why == tier_blocker::reason::veto) {
        b.caps_at_label = label_of(r.header().tiers[cap_of(r.header(), c)]);
        b.caps_at_last = r.header().criteria[c].caps_at == no_tier;
    }
    for (const std::size_t k : rollups_read_by(s, b.criterion.id)) {
        if (auto d = rollup_of(s, r, row, k)) {
            b.rollups.push_back(std::move(*d));
        }
    }
    return b;
}

/// Every criterion that keeps `row` out of tier `target`: failed vetoes capping below it,
/// failed requirements, failed (or short) criteria its condition reads.
std::vector<tier_blocker> blockers_of(const sources& s, const rulebook_results& r, std::size_t row,
                                      std::size_t target) {
    const auto& h = r.header();
    const auto& t = h.tiers[target];
    std::vector<tier_blocker> out;
    std::vector<std::uint8_t> listed(h.criteria.size(), 0);
    const auto add = [&](std::size_t c, tier_blocker::reason why) {
        if (listed[c] == 0) {
            listed[c] = 1;
            out.push_back(blocker_of(s, r, row, c, why));
        }
    };
    for (std::size_t c = 0; c < h.criteria.size(); ++c) {
        if (h.criteria[c].kind == criterion_kind::veto && failed_at(r, row, c) &&
            cap_of(h, c) > target) {
            add(c, tier_blocker::reason::veto);
        }
    }
    for (const std::uint32_t c : t.requires_criteria) {
        if (failed_at(r, row, c)) {
            add(c, tier_blocker::reason::requirement);
        }
    }
    const condition_reads reads = reads_of(t.when, h);
    for (std::size_t c = 0; c < h.criteria.size(); ++c) {
        const bool read = reads.counts || std::find(reads.criteria.begin(), reads.criteria.end(),
                                                    c) != reads.criteria.end();
        if (!read) {
            continue;
        }
        const criterion_effect e = effect_of(r, c, row);
        const bool short_of = is_pointed(e.kind) && !reads.counts && e.missing > epsilon;
        if ((e.assessed && !e.passed) || short_of) {
            add(c, tier_blocker::reason::condition);
        }
    }
    return out;
}

/// Who holds the places of tier `t` in the quota group of `row`.
quota_detail quota_of(const sources& s, const rulebook_results& r, std::size_t row, std::size_t t) {
    const auto& h = r.header();
    const auto& cols = r.columns();
    const auto& tier = h.tiers[t];
    quota_detail q;
    q.tier = t;
    q.tier_label = label_of(tier);
    q.share = tier.quota_share;
    q.within = tier.quota_within;
    if (s.data != nullptr) {
        // The dataset's few labels, searched directly: a name book indexes every subject.
        for (const value_label& l : s.data->labels) {
            if (l.attribute == "unit_kind" && l.value == q.within) {
                q.within_label = l.label;
            }
        }
    }
    if (tier.quota_relative_to != no_tier &&
        static_cast<std::size_t>(tier.quota_relative_to) < h.tiers.size()) {
        q.relative_to_label = label_of(h.tiers[static_cast<std::size_t>(tier.quota_relative_to)]);
    }
    std::vector<std::uint32_t> group(r.size(), 0);
    std::uint32_t mine = 0;
    if (q.within == "all") {
        q.group = "all";
    } else if (!q.within.empty() && s.units != nullptr) {
        const detail::evaluation::subject_view view(*s.units, h.subject);
        std::vector<index_t> row_unit(r.size());
        for (std::size_t i = 0; i < r.size(); ++i) {
            row_unit[i] = view.unit(cols.subject_index[i]);
        }
        auto groups = detail::evaluation::assign_groups(*s.units, row_unit, false, q.within, {});
        group = std::move(groups.group);
        mine = group[row];
        q.group = groups.names[mine];
    } else {
        q.group_known = false;
        return q;
    }
    std::vector<std::size_t> holders;
    for (std::size_t i = 0; i < r.size(); ++i) {
        if (group[i] == mine && cols.tier[i] == static_cast<std::int32_t>(t)) {
            holders.push_back(i);
        }
    }
    std::stable_sort(holders.begin(), holders.end(), [&](std::size_t a, std::size_t b) {
        if (cols.score[a] != cols.score[b]) {
            return cols.score[a] > cols.score[b];
        }
        return cols.subject[a] < cols.subject[b];
    });
    for (const std::size_t i : holders) {
        rollup_member m = member_of(r, i, s.units);
        m.value = cols.score[i];
        m.counted = true;
        q.holders.push_back(std::move(m));
    }
    return q;
}

void decide(const sources& s, const rulebook_results& r, std::size_t row, explanation& e) {
    const auto& h = r.header();
    const auto& cols = r.columns();
    const auto tier = static_cast<std::size_t>(cols.tier[row]);
    // A failed veto decided the tier when the subject sits at its cap (below the cap, its
    // own conditions put it lower still).
    std::size_t cap = 0;
    for (std::size_t c = 0; c < h.criteria.size(); ++c) {
        if (h.criteria[c].kind == criterion_kind::veto && failed_at(r, row, c)) {
            cap = std::max(cap, cap_of(h, c));
        }
    }
    if (cap > 0 && tier <= cap) {
        e.decided_by = tier_decision::veto;
        for (std::size_t c = 0; c < h.criteria.size(); ++c) {
            if (h.criteria[c].kind == criterion_kind::veto && failed_at(r, row, c)) {
                e.deciding.push_back(h.criteria[c].id);
                e.vetoes.push_back(blocker_of(s, r, row, c, tier_blocker::reason::veto));
            }
        }
        return;
    }
    const std::int32_t qualified = cols.qualified_tier[row];
    if (qualified != no_tier && static_cast<std::size_t>(qualified) < tier) {
        e.decided_by = tier_decision::quota;
        e.deciding_tier = static_cast<std::size_t>(qualified);
        e.deciding = {h.tiers[e.deciding_tier.value()].id};
        e.deciding_tier_label = label_of(h.tiers[e.deciding_tier.value()]);
        e.quota = quota_of(s, r, row, e.deciding_tier.value());
        return;
    }
    // The highest tier above whose score band was met but a requirement failed is the one
    // the requirement took away.
    for (std::size_t t = 0; t < tier; ++t) {
        const auto& above = h.tiers[t];
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

/// What the engine says about the gap, when the compiled rulebook is at hand.
std::vector<std::string> engine_advice(const sources& s, const rulebook_results& r, std::size_t row,
                                       const tier_gap& gap, double score, language lang) {
    if (s.plan == nullptr || !s.plan->engine ||
        s.plan->engine_criteria.size() != r.criterion_count()) {
        return {};
    }
    std::vector<double> contributions(r.criterion_count(), 0);
    std::vector<std::uint8_t> assessed(r.criterion_count(), 0);
    for (std::size_t c = 0; c < r.criterion_count(); ++c) {
        const std::size_t cell = r.at(c, row);
        assessed[c] = r.columns().criterion_assessed[cell];
        const double p = r.columns().criterion_points[cell];
        contributions[c] = std::isnan(p) ? 0 : p;
    }
    gap_request request;
    request.criteria = s.plan->engine_criteria;
    request.contributions = contributions;
    request.assessed = assessed;
    request.score = score;
    request.target = gap.points_needed ? score + *gap.points_needed : nan;
    request.lang = lang;
    return s.plan->engine->gap_analysis(request);
}

tier_gap gap_to(const sources& s, const rulebook_results& r, std::size_t row, std::size_t target,
                const explanation& e, const std::vector<criterion_effect>& all) {
    const auto& t = r.header().tiers[target];
    tier_gap gap;
    gap.tier = target;
    gap.id = t.id;
    gap.label = t.label;
    gap.when = t.when;
    gap.additive = r.header().additive;
    if (t.min_score) {
        const double step = std::pow(10.0, -r.header().rounding_digits);
        const double needed = *t.min_score - e.score + (t.min_score_strict ? step : 0.0);
        gap.points_needed = needed > epsilon ? needed : 0.0;
    }
    gap.failed_requirements = failed_of(r, row, t.requires_criteria);
    for (std::size_t c = 0; c < r.criterion_count(); ++c) {
        if (r.header().criteria[c].kind == criterion_kind::veto && failed_at(r, row, c) &&
            cap_of(r.header(), c) > target) {
            gap.failed_requirements.push_back(r.header().criteria[c].id);
        }
    }
    gap.blockers = blockers_of(s, r, row, target);
    if (gap.additive) {
        find_closers(all, gap);
    }
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
explanation explain_row(const rulebook_results& r, std::size_t row, std::string_view subject_id,
                        const explain_context& context, language lang) {
    const auto& cols = r.columns();
    const sources s = sources_for(r, row, context);
    explanation e;
    e.subject = std::string(subject_id);
    e.subject_name = name_in(s.units, r.header().subject, cols.subject_index[row]);
    e.rulebook = r.header().rulebook;
    e.rulebook_title = r.header().title;
    e.version = r.header().version;
    e.period = r.header().period_text;
    e.status = cols.status[row];
    e.message = std::string(cols.message[row]);
    e.score = cols.score[row];
    e.max_score = cols.max_score[row];
    e.rounding_digits = r.header().rounding_digits;
    e.group = cols.group_names[cols.group[row]];
    e.group_name =
        context.data != nullptr ? name_book(*context.data).group_text(e.group, lang) : e.group;
    e.rank = cols.rank[row];
    e.engine = r.header().engine;
    e.additive = r.header().additive;
    if (const result_decision* d = r.decision_of(row)) {
        e.recorded_decision = *d;
        e.decision_text = decision_text(r, row, lang);
        if (r.columns().decided_tier[row] != no_tier) {
            const auto& t =
                r.header().tiers[static_cast<std::size_t>(r.columns().decided_tier[row])];
            e.decided_tier = static_cast<std::size_t>(r.columns().decided_tier[row]);
            e.decided_tier_label = t.label.empty() ? t.id : t.label;
        }
    }
    if (e.status != result_status::evaluated || cols.tier[row] == no_tier) {
        return e;
    }
    const auto tier = static_cast<std::size_t>(cols.tier[row]);
    e.tier = tier;
    e.tier_id = r.header().tiers[tier].id;
    e.tier_label = r.header().tiers[tier].label;
    e.action = std::string(r.action(row));
    e.action_branch = r.branch_of(row, cols.tier[row]);
    if (e.action_branch != action_branch::fixed) {
        const auto& t = r.header().tiers[tier];
        e.action_condition = t.action_when;
        e.action_instead = e.action_branch == action_branch::held ? t.otherwise : t.action;
    }

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
        // Points short of full marks are a loss only when contributions add up to the score.
        if (e.additive && effect.kind != criterion_kind::bonus && effect.missing > epsilon) {
            e.sank.push_back(effect);
        }
        all.push_back(std::move(effect));
    }
    sort_by(e.lifted, &criterion_effect::points, true);
    sort_by(e.sank, &criterion_effect::missing, true);
    decide(s, r, row, e);
    if (tier > 0) {
        e.next_tier = gap_to(s, r, row, tier - 1, e, all);
        if (!e.next_tier->additive) {
            e.next_tier->engine_advice = engine_advice(s, r, row, *e.next_tier, e.score, lang);
        }
    }
    return e;
}

}  // namespace

explanation explain(const rulebook_results& r, std::string_view subject_id, language lang,
                    const explain_context& context) {
    const std::size_t row = row_of(r, subject_id);
    explanation e = explain_row(r, row, subject_id, context, lang);
    if (r.has_previous()) {
        e.previous = previous_from_columns(r, row, e);
    }
    e.text = to_text(e, lang);
    return e;
}

explanation explain(const rulebook_results& r, const rulebook_results& previous,
                    std::string_view subject_id, language lang, const explain_context& context) {
    const std::size_t row = row_of(r, subject_id);
    explanation e = explain_row(r, row, subject_id, context, lang);
    e.previous = previous_from_results(r, row, previous, e);
    e.text = to_text(e, lang);
    return e;
}

namespace {

/// `v` with `digits` decimals; Vietnamese text takes the decimal comma ("72,50").
std::string number(double v, int digits, language lang) {
    if (std::isnan(v)) {
        return "—";
    }
    std::string out = fmt::format("{:.{}f}", v, digits);
    if (lang == language::vi) {
        std::replace(out.begin(), out.end(), '.', ',');
    }
    return out;
}

/// A roll-up value: whole numbers without decimals ("7"), others with the results' digits.
std::string amount(double v, int digits, language lang) {
    if (!std::isnan(v) && std::abs(v - std::round(v)) <= epsilon) {
        return fmt::format("{:.0f}", v);
    }
    return number(v, std::max(digits, 2), lang);
}

/// "id (title)", or the id alone when the criterion has no title.
template <class Criterion>
std::string name_of(const Criterion& c) {
    return c.title.empty() ? c.id : fmt::format("{} ({})", c.id, c.title);
}

/// "Name (id)", or the id alone when the name is not known.
std::string person(const std::string& id, const std::string& name) {
    return name.empty() || name == id ? id : fmt::format("{} ({})", name, id);
}

std::string_view tr(language lang, std::string_view vi, std::string_view en) {
    return lang == language::vi ? vi : en;
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
    std::string_view by_requirement;
    std::string_view by_quota;
    std::string_view top;
    std::string_view next;
    std::string_view needed;
    std::string_view band_met;
    std::string_view alone;
    std::string_view together;
    std::string_view unreachable;
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
    "Đủ điểm cho loại \"{}\" nhưng không đạt tiêu chí bắt buộc: {}.",
    "Đạt loại \"{}\" nhưng vượt tỷ lệ tối đa của loại đó trong nhóm, nên xuống loại sau.",
    "Đã ở loại cao nhất.",
    "Để lên loại \"{}\"",
    "cần thêm {} điểm",
    "đã đủ điểm",
    "chỉ cần đạt điểm tối đa ở một trong các tiêu chí",
    "cần đạt điểm tối đa ở tất cả các tiêu chí",
    "dù đạt điểm tối đa ở mọi tiêu chí cũng chưa đủ",
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
    "Scored enough for \"{}\" but failed the requirement: {}.",
    "Qualified for \"{}\" but that tier's quota in the group was full, so moved down.",
    "Already in the top tier.",
    "To reach \"{}\" ({})",
    "{} more points needed",
    "the score is already enough",
    "full marks on any one of",
    "full marks on all of",
    "even full marks on every criterion fall short",
    "{} short",
    "Status",
};

std::string status_word(result_status s, language lang) {
    return std::string(status_label(s, lang));
}

/// "; căn cứ: ..." when the criterion has a basis.
std::string basis_part(const criterion_effect& c, language lang) {
    return c.basis.empty() ? std::string()
                           : fmt::format("; {}: {}", tr(lang, "căn cứ", "basis"), c.basis);
}

/// The note on a line of its own, so that a criterion read from a self-reported value (whose
/// legal content the rulebook does not know) does not read as a verified one.
void render_note(std::string& out, const criterion_effect& c, language lang,
                 std::string_view indent) {
    if (!c.note.empty()) {
        out += fmt::format("{}{}: {}\n", indent, tr(lang, "ghi chú", "note"), c.note);
    }
}

/// A checklist's criteria: met ("đạt") and not met ("chưa đạt"), each with its basis and
/// note; the points a checklist gives are only its count.
void render_checklist(std::string& out, const explanation& e, language lang) {
    if (!e.lifted.empty()) {
        out += fmt::format("{}:\n", tr(lang, "Tiêu chí đạt", "Criteria met"));
        for (const auto& c : e.lifted) {
            out += fmt::format("  + {}{}\n", name_of(c), basis_part(c, lang));
            render_note(out, c, lang, "      ");
        }
    }
    if (!e.sank.empty()) {
        out += fmt::format("{}:\n", tr(lang, "Tiêu chí chưa đạt", "Criteria not met"));
        for (const auto& c : e.sank) {
            out += fmt::format("  - {}{}\n", name_of(c), basis_part(c, lang));
            render_note(out, c, lang, "      ");
        }
    }
}

void render_effects(std::string& out, std::string_view heading,
                    const std::vector<criterion_effect>& effects, const phrases& p, int digits,
                    bool losses, language lang) {
    if (effects.empty()) {
        return;
    }
    out += fmt::format("{}:\n", heading);
    for (const auto& c : effects) {
        if (!losses) {
            out += fmt::format("  + {}: {}{}\n", name_of(c), number(c.points, digits, lang),
                               basis_part(c, lang));
        } else {
            out += fmt::format("  - {}: {} {}{}\n", name_of(c),
                               c.kind == criterion_kind::penalty ? p.taken : p.short_of,
                               number(c.missing, digits, lang), basis_part(c, lang));
        }
        render_note(out, c, lang, "      ");
    }
}

constexpr std::size_t max_listed = 12;

/// Up to `max_listed` members, then "và N khác".
std::string members_text(const std::vector<const rollup_member*>& members, bool with_outcome,
                         language lang) {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < members.size() && i < max_listed; ++i) {
        const rollup_member& m = *members[i];
        std::string item = person(m.id, m.name);
        if (with_outcome) {
            const std::string outcome =
                m.status == result_status::evaluated && !m.tier_label.empty()
                    ? m.tier_label
                    : status_word(m.status, lang);
            item += fmt::format(" — {}", outcome);
        }
        names.push_back(std::move(item));
    }
    std::string out = detail::join(names, "; ");
    if (members.size() > max_listed) {
        out += fmt::format(fmt::runtime(tr(lang, "; và {} đối tượng khác", "; and {} more")),
                           members.size() - max_listed);
    }
    return out;
}

void render_rollup(std::string& out, const rollup_detail& d, int digits, language lang,
                   std::string_view indent) {
    const std::string source =
        d.from_title.empty() ? d.from : fmt::format("\"{}\" ({})", d.from_title, d.from);
    if (d.formula == "count(true)") {
        // Everything in scope counts: the number alone says it.
        out += fmt::format(
            fmt::runtime(tr(lang, "{}{} = {}: {} kết quả của {}", "{}{} = {}: {} results of {}")),
            indent, d.id, amount(d.value, digits, lang), d.in_scope, source);
    } else if (d.condition && !d.tier_label.empty() && d.tier_excluded) {
        out += fmt::format(
            fmt::runtime(tr(lang, "{}{} = {}: {}/{} kết quả của {} có loại khác \"{}\"",
                            "{}{} = {}: {} of {} results of {} in a tier other than \"{}\"")),
            indent, d.id, amount(d.value, digits, lang), d.counted, d.in_scope, source,
            d.tier_label);
    } else if (d.condition && !d.tier_label.empty()) {
        out += fmt::format(
            fmt::runtime(tr(lang, "{}{} = {}: {}/{} kết quả của {} được xếp loại \"{}\"",
                            "{}{} = {}: {} of {} results of {} in tier \"{}\"")),
            indent, d.id, amount(d.value, digits, lang), d.counted, d.in_scope, source,
            d.tier_label);
    } else if (d.condition) {
        out += fmt::format(fmt::runtime(tr(lang, "{}{} = {}: {}/{} kết quả của {} thỏa {}",
                                           "{}{} = {}: {} of {} results of {} meet {}")),
                           indent, d.id, amount(d.value, digits, lang), d.counted, d.in_scope,
                           source, d.formula);
    } else {
        out += fmt::format(
            fmt::runtime(tr(lang, "{}{} = {}: {} trên {}/{} kết quả có giá trị của {}",
                            "{}{} = {}: {} over {} of {} results with a value of {}")),
            indent, d.id, amount(d.value, digits, lang), d.formula, d.counted, d.in_scope, source);
    }
    out += '\n';
    std::vector<const rollup_member*> counted;
    std::vector<const rollup_member*> left;
    for (const auto& m : d.members) {
        (m.counted ? counted : left).push_back(&m);
    }
    // Every member counted (`count(true)`) needs no list; otherwise both sides are named.
    if (left.empty()) {
        return;
    }
    if (!counted.empty()) {
        out += fmt::format("{}  {}: {}\n", indent, tr(lang, "được tính", "counted"),
                           members_text(counted, false, lang));
    }
    out += fmt::format("{}  {}: {}\n", indent, tr(lang, "không được tính", "not counted"),
                       members_text(left, true, lang));
}

/// "tổng: 7/11 được tính" over the conditional counts of several source rulebooks (units of
/// three kinds counted as one share), when each source has exactly one of them: then the
/// members are distinct and the counts add up.
void render_rollup_total(std::string& out, const std::vector<rollup_detail>& rollups, language lang,
                         std::string_view indent) {
    std::vector<const rollup_detail*> counts;
    for (const auto& d : rollups) {
        if (!d.condition || d.formula == "count(true)" || !d.formula.starts_with("count(")) {
            continue;
        }
        const bool again = std::any_of(counts.begin(), counts.end(),
                                       [&](const rollup_detail* o) { return o->from == d.from; });
        if (again) {
            return;
        }
        counts.push_back(&d);
    }
    if (counts.size() < 2) {
        return;
    }
    std::size_t counted = 0;
    std::size_t in_scope = 0;
    std::vector<const rollup_member*> left;
    for (const auto* d : counts) {
        counted += d->counted;
        in_scope += d->in_scope;
        for (const auto& m : d->members) {
            if (!m.counted) {
                left.push_back(&m);
            }
        }
    }
    out +=
        fmt::format(fmt::runtime(tr(lang, "{}tổng: {}/{} được tính", "{}in all: {} of {} counted")),
                    indent, counted, in_scope);
    if (!left.empty()) {
        out += fmt::format("; {}: {}", tr(lang, "không được tính", "not counted"),
                           members_text(left, true, lang));
    }
    out += '\n';
}

/// One criterion that keeps the subject out of a tier, with its condition, basis, note
/// and the roll-ups it read.
void render_blocker(std::string& out, const tier_blocker& b, int digits, bool additive,
                    language lang) {
    const criterion_effect& c = b.criterion;
    std::string state;
    if (!c.assessed) {
        state = tr(lang, "chưa đánh giá", "not assessed");
    } else if (is_pointed(c.kind) && additive) {
        state = fmt::format(fmt::runtime(tr(lang, "đạt {}/{} điểm", "{}/{} points")),
                            number(c.points, digits, lang), number(c.max_points, digits, lang));
    } else if (is_pointed(c.kind)) {
        state = fmt::format(fmt::runtime(tr(lang, "giá trị {}", "value {}")),
                            number(c.value, digits, lang));
    } else {
        state = tr(lang, "chưa đạt", "failed");
    }
    std::string why;
    if (b.why == tier_blocker::reason::veto) {
        why = fmt::format(fmt::runtime(tr(lang, " (phủ quyết: không xếp trên loại \"{}\")",
                                          " (veto: no tier above \"{}\")")),
                          b.caps_at_label);
    } else if (b.why == tier_blocker::reason::requirement) {
        why = tr(lang, " (bắt buộc cho loại này)", " (required for this tier)");
    }
    const std::string condition =
        c.condition.empty()
            ? std::string()
            : fmt::format("; {}: {}", tr(lang, "điều kiện", "condition"), c.condition);
    out +=
        fmt::format("  - {}{}: {}{}{}\n", name_of(c), why, state, condition, basis_part(c, lang));
    render_note(out, c, lang, "      ");
    for (const auto& d : b.rollups) {
        render_rollup(out, d, digits, lang, "      ");
    }
    render_rollup_total(out, b.rollups, lang, "      ");
}

std::string quota_text(const explanation& e, const phrases& p, language lang) {
    if (!e.quota || e.quota->share <= 0) {
        return fmt::format(fmt::runtime(p.by_quota), e.deciding_tier_label);
    }
    const quota_detail& q = *e.quota;
    const std::string share = number(q.share * 100, 0, lang) + "%";
    std::string limit;
    if (!q.relative_to_label.empty()) {
        limit = fmt::format(
            fmt::runtime(tr(lang, "{} số đối tượng loại \"{}\"", "{} of the subjects in \"{}\"")),
            share, q.relative_to_label);
    } else {
        limit = share;
    }
    const std::string scope =
        q.within == "all"
            ? std::string(tr(lang, "trên toàn bộ", "over all subjects"))
            : fmt::format(
                  fmt::runtime(tr(lang, "trong mỗi {}", "per {}")),
                  lang == language::vi && !q.within_label.empty() ? q.within_label : q.within);
    std::string out =
        fmt::format(fmt::runtime(tr(lang, "Đạt loại \"{}\" nhưng loại đó có hạn mức {} {}",
                                    "Qualified for \"{}\" but that tier's quota is {} {}")),
                    e.deciding_tier_label, limit, scope);
    if (!q.group_known) {
        out += tr(lang, " và đã đủ chỗ", " and it was full");
    } else {
        std::vector<const rollup_member*> holders;
        for (const auto& h : q.holders) {
            holders.push_back(&h);
        }
        std::vector<std::string> names;
        names.reserve(holders.size());
        for (const auto* h : holders) {
            names.push_back(fmt::format("{} ({} {})", person(h->id, h->name),
                                        number(h->value, e.rounding_digits, lang), p.points));
        }
        const std::string group = q.group == "all" ? std::string() : fmt::format(" ({})", q.group);
        out += fmt::format(
            fmt::runtime(tr(lang, "{}: {} chỗ, đã dành cho {}", "{}: {} places, taken by {}")),
            group, q.holders.size(), names.empty() ? std::string("—") : detail::join(names, "; "));
    }
    out += tr(lang, "; nên xuống loại sau.", "; so moved down.");
    return out;
}

std::string decision_line(const explanation& e, const phrases& p, language lang) {
    switch (e.decided_by) {
        case tier_decision::veto: {
            std::vector<std::string> parts;
            for (const auto& v : e.vetoes) {
                parts.push_back(name_of(v.criterion));
            }
            const std::string cap = e.tier_label.empty() ? e.tier_id : e.tier_label;
            const bool last = std::all_of(e.vetoes.begin(), e.vetoes.end(),
                                          [](const tier_blocker& v) { return v.caps_at_last; });
            if (last) {
                return fmt::format(
                    fmt::runtime(tr(lang, "Không đạt tiêu chí phủ quyết {}: xuống loại cuối.",
                                    "Failed the veto {}: moved to the last tier.")),
                    detail::join(parts, "; "));
            }
            return fmt::format(
                fmt::runtime(tr(lang,
                                "Không đạt tiêu chí phủ quyết {}: không được xếp trên loại \"{}\".",
                                "Failed the veto {}: no tier above \"{}\".")),
                detail::join(parts, "; "), cap);
        }
        case tier_decision::requirement:
            return fmt::format(fmt::runtime(p.by_requirement), e.deciding_tier_label,
                               detail::join(e.deciding));
        case tier_decision::quota:
            return quota_text(e, p, lang);
        case tier_decision::conditions:
        case tier_decision::none:
            break;
    }
    return std::string(p.by_conditions);
}

void render_gap(std::string& out, const explanation& e, const phrases& p, language lang) {
    if (!e.next_tier) {
        out += fmt::format("{}\n", p.top);
        return;
    }
    const auto& gap = *e.next_tier;
    const int digits = e.rounding_digits;
    // In Vietnamese the tier's condition as written (`score >= 80`, code of the rulebook) is
    // left out: the points needed and the criteria not met below say it in words.
    out += fmt::format(fmt::runtime(p.next), gap.label.empty() ? gap.id : gap.label, gap.when);
    out += ':';
    if (gap.points_needed && gap.additive) {
        out += ' ';
        out += *gap.points_needed > 0
                   ? fmt::format(fmt::runtime(p.needed), number(*gap.points_needed, digits, lang))
                   : std::string(p.band_met);
    } else if (gap.points_needed) {
        // The score as a whole must reach the band; what each criterion would add is not
        // known when contributions do not add up.
        out += ' ';
        out += *gap.points_needed > 0
                   ? fmt::format(fmt::runtime(tr(lang, "điểm hiện {}, cần đạt {}",
                                                 "the score is {}, it needs {}")),
                                 number(e.score, digits, lang),
                                 number(e.score + *gap.points_needed, digits, lang))
                   : std::string(p.band_met);
    }
    out += '\n';
    if (!gap.closers.empty()) {
        std::vector<std::string> names;
        for (const auto& c : gap.closers) {
            names.push_back(fmt::format(
                "{}: {}", name_of(c),
                fmt::format(fmt::runtime(p.missing_points), number(c.missing, digits, lang))));
        }
        const std::string_view lead =
            !gap.reachable ? p.unreachable : (gap.closers_together ? p.together : p.alone);
        out += fmt::format("  {}: {}\n", lead, detail::join(names, "; "));
    }
    if (!gap.additive && gap.points_needed && *gap.points_needed > 0) {
        out += fmt::format(
            fmt::runtime(tr(lang,
                            "  điểm của phương pháp {} không cộng dồn theo tiêu chí, nên "
                            "không nêu số điểm theo từng tiêu chí\n",
                            "  the {} engine's score does not add up by criterion, so no "
                            "points per criterion are given\n")),
            e.engine.empty() ? std::string(tr(lang, "chấm điểm", "scoring")) : e.engine);
        for (const auto& line : gap.engine_advice) {
            out += fmt::format("  {}\n", line);
        }
    }
    if (!gap.blockers.empty()) {
        out += fmt::format("  {}:\n", tr(lang, "các tiêu chí chưa đạt", "criteria not met"));
        for (const auto& b : gap.blockers) {
            render_blocker(out, b, digits, gap.additive, lang);
        }
    }
}

/// The eligibility reason the evaluation stores in Vietnamese ("mới hoạt động 4 tháng trong
/// kỳ 2024, cần ít nhất 9 tháng"), or nothing when `message` is not one.
std::optional<std::string> vietnamese_ineligibility(std::string_view message) {
    const auto reason = detail::evaluation::read_ineligibility(message);
    if (!reason) {
        return std::nullopt;
    }
    return detail::evaluation::to_vietnamese(*reason);
}

std::string rank_text(std::uint32_t rank) {
    return rank == no_rank ? "—" : std::to_string(rank);
}

/// "đạt 30,00", "chưa đạt", or "—" when not assessed (or not in that version).
std::string outcome_text(std::optional<bool> passed, std::optional<double> points, int digits,
                         language lang) {
    const bool vi = lang == language::vi;
    if (!passed) {
        return "—";
    }
    const std::string verdict = *passed ? (vi ? "đạt" : "passed") : (vi ? "chưa đạt" : "failed");
    return points ? fmt::format("{} {}", verdict, number(*points, digits, lang)) : verdict;
}

/// "So với kỳ 2023: ..." and the criteria that changed.
/// Why the subject gets its action when its tier's action depends on a condition (most
/// often on earlier tiers: "hiệu quả 2 năm liền"): the condition as written, whether it
/// held, and the earlier result where the explanation has it. Empty for a fixed action.
std::string action_reason(const explanation& e, language lang) {
    if (e.action_branch == action_branch::fixed) {
        return {};
    }
    const auto action_word = [&](const std::string& a) {
        return a.empty() ? std::string(tr(lang, "không có", "none")) : std::string(word(a, lang));
    };
    // In Vietnamese the condition is named by the tier it belongs to, not written out: its
    // text holds ids and function names an officer does not read (JSON keeps the text).
    const std::string tier = e.tier_label.empty() ? e.tier_id : e.tier_label;
    const std::string condition =
        lang == language::vi
            ? fmt::format(
                  "{} của loại \"{}\"",
                  action_word(e.action_branch == action_branch::held ? e.action : e.action_instead),
                  tier)
            : e.action_condition;
    std::string out;
    switch (e.action_branch) {
        case action_branch::held:
            out = fmt::format(fmt::runtime(tr(lang, "Hướng xử lý {}: đạt điều kiện {}",
                                              "Action {}: the condition {} held")),
                              action_word(e.action), condition);
            break;
        case action_branch::failed:
            out = fmt::format(
                fmt::runtime(tr(lang, "Hướng xử lý {}, không {}: không đạt điều kiện {}",
                                "Action {}, not {}: the condition {} did not hold")),
                action_word(e.action), action_word(e.action_instead), condition);
            break;
        case action_branch::missing:
            out = fmt::format(
                fmt::runtime(tr(lang,
                                "Hướng xử lý {}, không {}: chưa xét được điều kiện {} (thiếu "
                                "dữ liệu điều kiện đọc, như kết quả kỳ trước)",
                                "Action {}, not {}: the condition {} could not be judged (a "
                                "value it reads is missing, such as an earlier result)")),
                action_word(e.action), action_word(e.action_instead), condition);
            break;
        case action_branch::fixed:
            break;
    }
    if (e.previous) {
        const auto& before = *e.previous;
        if (!before.tier_id.empty()) {
            out += fmt::format(fmt::runtime(tr(lang, "; kỳ {}: {}", "; in {}: {}")), before.period,
                               before.tier_label.empty() ? before.tier_id : before.tier_label);
        } else {
            out += fmt::format(
                fmt::runtime(tr(lang, "; kỳ {}: không có xếp loại", "; in {}: no tier")),
                before.period);
        }
    }
    return out + ".\n";
}

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
                                    number(*p.score, e.rounding_digits, lang),
                                    number(e.score, e.rounding_digits, lang), delta < 0 ? "" : "+",
                                    number(delta, e.rounding_digits, lang)));
    }
    out += detail::join(parts) + ".\n";
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

namespace {

/// The phrases the evaluation stores its data errors in ("missing indicator 'x' for subject
/// 'y' in period 2024", "division by zero in criterion 'z' ..."), in Vietnamese; what they
/// quote (ids, cells, places, formulas) is kept. Text that is none of them is left as it is.
std::string vietnamese_data_errors(std::string text) {
    // The last line of a capped list ("and 19,540 more problems in this file"): its count is
    // written with the Vietnamese thousands separator.
    static const std::regex more_problems(
        R"(and ([0-9][0-9,]*) more problems in this file( \(only the first ([0-9]+) are shown\))?)",
        std::regex::ECMAScript | std::regex::optimize);
    if (std::smatch m; std::regex_match(text, m, more_problems)) {
        std::string count = m[1].str();
        std::replace(count.begin(), count.end(), ',', '.');
        return "và " + count + " vấn đề khác trong tệp này" +
               (m[2].matched ? " (chỉ hiện " + m[3].str() + " vấn đề đầu)" : std::string());
    }
    struct phrase {
        std::regex pattern;
        const char* replacement;
    };
    static const std::vector<phrase> phrases = [] {
        const auto flags = std::regex::ECMAScript | std::regex::optimize;
        std::vector<phrase> list;
        const auto add = [&](const char* pattern, const char* replacement) {
            list.push_back({std::regex(pattern, flags), replacement});
        };
        add(R"(must be a count \(a whole number >= 0\), not )",
            "phải là số đếm (số nguyên >= 0), không phải ");
        add(R"(must be a number, not )", "phải là một số, không phải ");
        add(R"(must be a ratio \(between 0 and 1\), not )",
            "phải là tỷ lệ (từ 0 đến 1), không phải ");
        add(R"(must be a boolean \(0 or 1\), not )", "phải là đúng/sai (0 hoặc 1), không phải ");
        add(R"(must be a text, not )", "phải là văn bản, không phải ");
        add(R"(\bindicator '([^']*)' of subject '([^']*)' in period )",
            "chỉ số '$1' của đối tượng '$2' trong kỳ ");
        add(R"(\bmissing indicators? )", "thiếu chỉ số ");
        add(R"(\(nothing to roll up from '([^']*)'\))",
            "(không có kết quả nào của '$1' để tổng hợp)");
        add(R"(\bbad inputs for subject )", "dữ liệu đầu vào sai của đối tượng ");
        add(R"(\bdivision by zero in )", "chia cho 0 ở ");
        add(R"(\bsquare root of a negative number in )", "căn bậc hai của số âm ở ");
        add(R"(\ba result too large to compute in )", "kết quả quá lớn, không tính được ở ");
        add(R"(\bcriterion '([^']*)')", "tiêu chí '$1'");
        add(R"(\bderived value '([^']*)')", "giá trị dẫn xuất '$1'");
        add(R"(\bat column (\d+) of )", "ở cột $1 của ");
        add(R"(\bat column (\d+))", "ở cột $1");
        add(R"( at ([^ ]+:\d+:\d+))", " tại $1");
        add(R"( for subject '([^']*)' in period )", " của đối tượng '$1' trong kỳ ");
        return list;
    }();
    for (const auto& p : phrases) {
        text = std::regex_replace(text, p.pattern, p.replacement);
    }
    return text;
}

}  // namespace

std::string reason_text(result_status status, std::string_view message, language lang) {
    if (lang == language::vi && status == result_status::not_eligible) {
        if (auto translated = vietnamese_ineligibility(message)) {
            return std::move(*translated);
        }
    }
    if (lang == language::vi && status == result_status::incomplete) {
        if (const auto i = detail::evaluation::read_incompleteness(message)) {
            return vietnamese_data_errors(detail::evaluation::to_line(*i, lang));
        }
    }
    if (lang == language::vi && status == result_status::evaluated) {
        std::string lines;
        for (const auto& note : detail::evaluation::read_notes(message)) {
            lines += lines.empty() ? "" : " | ";
            lines += detail::evaluation::to_line(note, lang);
        }
        if (!lines.empty()) {
            return vietnamese_data_errors(std::move(lines));
        }
    }
    if (lang == language::vi && status == result_status::error) {
        return vietnamese_data_errors(std::string(message));
    }
    return std::string(message);
}

namespace {

/// The paragraph on sources without a result, when `message` is one (roll-ups, "Sources
/// without a result" in docs/rulebooks.md).
std::string sources_paragraph(result_status status, std::string_view message, language lang) {
    std::string out;
    if (status == result_status::incomplete) {
        if (const auto i = detail::evaluation::read_incompleteness(message)) {
            out = detail::evaluation::to_paragraph(*i, lang);
        }
    } else if (status == result_status::evaluated) {
        for (const auto& note : detail::evaluation::read_notes(message)) {
            out += detail::evaluation::to_paragraph(note, lang);
        }
    }
    // The problems the paragraph quotes are stored in English.
    return lang == language::vi ? vietnamese_data_errors(std::move(out)) : out;
}

std::string render_text(const explanation& e, language lang) {
    const phrases& p = lang == language::vi ? vietnamese : english;
    const int digits = e.rounding_digits;
    const std::string rulebook = e.rulebook_title.empty()
                                     ? e.rulebook
                                     : fmt::format("{} ({})", e.rulebook_title, e.rulebook);
    std::string out =
        fmt::format("{} — {}, {} {}, {} {}\n", person(e.subject, e.subject_name), rulebook,
                    word("version", lang), e.version, word("period", lang), e.period);
    if (e.status != result_status::evaluated || !e.tier) {
        out += fmt::format("{}: {}", p.status, status_word(e.status, lang));
        if (auto paragraph = sources_paragraph(e.status, e.message, lang); !paragraph.empty()) {
            out += "\n" + paragraph;
        } else {
            out += e.message.empty()
                       ? "\n"
                       : fmt::format(" ({})\n", reason_text(e.status, e.message, lang));
        }
        render_previous(out, e, lang);
        return out;
    }
    const std::string rank = e.rank == no_rank
                                 ? std::string(p.no_rank)
                                 : fmt::format(fmt::runtime(p.rank), e.rank,
                                               e.group_name.empty() ? e.group : e.group_name);
    // A checklist's score counts the criteria met: "đạt 11/12 tiêu chí", not points.
    const bool checklist = e.engine == "checklist";
    const std::string score =
        checklist
            ? fmt::format(fmt::runtime(tr(lang, "đạt {}/{} tiêu chí", "{} of {} criteria met")),
                          number(e.score, 0, lang), number(e.max_score, 0, lang))
            : fmt::format("{}/{} {}", number(e.score, digits, lang),
                          number(e.max_score, digits, lang), p.points);
    // The tier's id beside its label only in English: Vietnamese readers read the label.
    const std::string tier = e.tier_label.empty() ? fmt::format("\"{}\"", e.tier_id)
                             : lang == language::vi
                                 ? fmt::format("\"{}\"", e.tier_label)
                                 : fmt::format("\"{}\" ({})", e.tier_label, e.tier_id);
    out += fmt::format(
        "{}: {}; {} {}{}; {}\n", p.result, score, p.tier, tier,
        e.action.empty() ? "" : fmt::format("; {}: {}", p.action, word(e.action, lang)), rank);
    out += action_reason(e, lang);
    if (!e.decision_text.empty()) {
        // Decisions are filed in Vietnamese whatever the language of the explanation.
        out += fmt::format("{}: {}\n", tr(lang, "Quyết định", "Decision"), e.decision_text);
    }
    if (checklist) {
        // Pass/fail criteria: which were met and which not, without points.
        render_checklist(out, e, lang);
    } else if (e.additive) {
        render_effects(out, p.lifted, e.lifted, p, digits, false, lang);
        render_effects(out, p.sank, e.sank, p, digits, true, lang);
    } else {
        const std::string engine =
            e.engine.empty() ? std::string(tr(lang, "chấm điểm", "scoring")) : e.engine;
        const std::string heading = fmt::format(
            fmt::runtime(tr(lang,
                            "Đóng góp của tiêu chí (phương pháp {} không cộng dồn theo tiêu "
                            "chí: chỉ để tham khảo)",
                            "Contributions (the {} engine does not add up by criterion: "
                            "indicative only)")),
            engine);
        render_effects(out, heading, e.lifted, p, digits, false, lang);
    }
    if (!e.not_assessed.empty()) {
        out += fmt::format("{}:\n", p.not_assessed);
        for (const auto& c : e.not_assessed) {
            out += fmt::format("  ? {}{}\n", name_of(c), basis_part(c, lang));
            render_note(out, c, lang, "      ");
        }
    }
    out += decision_line(e, p, lang);
    out += '\n';
    out += sources_paragraph(e.status, e.message, lang);
    render_gap(out, e, p, lang);
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
