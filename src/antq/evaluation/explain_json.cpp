#include <antq/explain.hpp>

#include <antq/rulebook.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <string>

// Explanations as JSON, kept apart from explain.cpp (which builds and words them): the JSON
// names every field of the struct as declared, so a front end reads what C++ reads. Bytes
// that are not UTF-8 (a data file's id, say) become U+FFFD instead of failing the dump.

namespace antq {
namespace {

using json = nlohmann::ordered_json;

json number(double v) {
    return std::isfinite(v) ? json(v) : json(nullptr);
}

template <class T>
json optional_value(const std::optional<T>& v) {
    return v ? json(*v) : json(nullptr);
}

json optional_number(const std::optional<double>& v) {
    return v ? number(*v) : json(nullptr);
}

json rank_value(std::uint32_t rank) {
    return rank == no_rank ? json(nullptr) : json(rank);
}

json effect_json(const criterion_effect& c) {
    json out;
    out["criterion"] = c.criterion;
    out["id"] = c.id;
    out["title"] = c.title;
    out["basis"] = c.basis;
    out["note"] = c.note;
    out["condition"] = c.condition;
    out["kind"] = std::string(to_string(c.kind));
    out["value"] = number(c.value);
    out["points"] = number(c.points);
    out["max_points"] = number(c.max_points);
    out["missing"] = number(c.missing);
    out["passed"] = c.passed;
    out["assessed"] = c.assessed;
    return out;
}

json effects_json(const std::vector<criterion_effect>& effects) {
    json out = json::array();
    for (const auto& c : effects) {
        out.push_back(effect_json(c));
    }
    return out;
}

json member_json(const rollup_member& m) {
    json out;
    out["id"] = m.id;
    out["name"] = m.name;
    out["tier_label"] = m.tier_label;
    out["status"] = std::string(to_string(m.status));
    out["counted"] = m.counted;
    out["value"] = number(m.value);
    return out;
}

json members_json(const std::vector<rollup_member>& members) {
    json out = json::array();
    for (const auto& m : members) {
        out.push_back(member_json(m));
    }
    return out;
}

json rollup_json(const rollup_detail& r) {
    json out;
    out["id"] = r.id;
    out["from"] = r.from;
    out["from_title"] = r.from_title;
    out["formula"] = r.formula;
    out["tier_label"] = r.tier_label;
    out["tier_excluded"] = r.tier_excluded;
    out["condition"] = r.condition;
    out["value"] = number(r.value);
    out["in_scope"] = r.in_scope;
    out["counted"] = r.counted;
    out["members"] = members_json(r.members);
    return out;
}

std::string_view reason_name(tier_blocker::reason r) {
    switch (r) {
        case tier_blocker::reason::veto:
            return "veto";
        case tier_blocker::reason::requirement:
            return "requirement";
        case tier_blocker::reason::condition:
            break;
    }
    return "condition";
}

json blockers_json(const std::vector<tier_blocker>& blockers) {
    json out = json::array();
    for (const auto& b : blockers) {
        json bj;
        bj["criterion"] = effect_json(b.criterion);
        bj["why"] = std::string(reason_name(b.why));
        bj["caps_at_label"] = b.caps_at_label;
        bj["caps_at_last"] = b.caps_at_last;
        json rollups = json::array();
        for (const auto& r : b.rollups) {
            rollups.push_back(rollup_json(r));
        }
        bj["rollups"] = std::move(rollups);
        out.push_back(std::move(bj));
    }
    return out;
}

json quota_json(const quota_detail& q) {
    json out;
    out["tier"] = q.tier;
    out["tier_label"] = q.tier_label;
    out["share"] = number(q.share);
    out["within"] = q.within;
    out["within_label"] = q.within_label;
    out["relative_to_label"] = q.relative_to_label;
    out["group"] = q.group;
    out["group_known"] = q.group_known;
    out["holders"] = members_json(q.holders);
    return out;
}

json gap_json(const tier_gap& g) {
    json out;
    out["tier"] = g.tier;
    out["id"] = g.id;
    out["label"] = g.label;
    out["when"] = g.when;
    out["points_needed"] = optional_number(g.points_needed);
    out["failed_requirements"] = g.failed_requirements;
    out["closers"] = effects_json(g.closers);
    out["closers_together"] = g.closers_together;
    out["reachable"] = g.reachable;
    out["blockers"] = blockers_json(g.blockers);
    out["additive"] = g.additive;
    out["engine_advice"] = g.engine_advice;
    return out;
}

json change_json(const criterion_change& c) {
    json out;
    out["criterion"] = c.id;
    out["title"] = c.title;
    out["old_passed"] = optional_value(c.old_passed);
    out["new_passed"] = optional_value(c.new_passed);
    out["old_points"] = optional_number(c.old_points);
    out["new_points"] = optional_number(c.new_points);
    return out;
}

json previous_json(const previous_result& p) {
    json out;
    out["period"] = p.period;
    out["present"] = p.present;
    out["status"] = p.status ? json(std::string(to_string(*p.status))) : json(nullptr);
    out["tier_id"] = p.tier_id.empty() ? json(nullptr) : json(p.tier_id);
    out["tier_label"] = p.tier_label;
    out["rank"] = rank_value(p.rank);
    out["tier_move"] = p.tier_move;
    out["score"] = optional_number(p.score);
    json criteria = json::array();
    for (const auto& c : p.criteria) {
        criteria.push_back(change_json(c));
    }
    out["criteria"] = std::move(criteria);
    return out;
}

json explanation_json(const explanation& e) {
    const bool evaluated = e.status == result_status::evaluated;
    json out;
    out["subject"] = e.subject;
    out["subject_name"] = e.subject_name;
    out["rulebook_title"] = e.rulebook_title;
    out["rulebook"] = e.rulebook;
    out["version"] = e.version;
    out["period"] = e.period;
    out["status"] = std::string(to_string(e.status));
    out["message"] = e.message;
    out["score"] = evaluated ? number(e.score) : json(nullptr);
    out["max_score"] = evaluated ? number(e.max_score) : json(nullptr);
    out["rounding_digits"] = e.rounding_digits;
    out["tier"] = optional_value(e.tier);
    out["tier_id"] = e.tier_id.empty() ? json(nullptr) : json(e.tier_id);
    out["tier_label"] = e.tier_label;
    out["action"] = e.action;
    out["action_branch"] = std::string(to_string(e.action_branch));
    out["action_condition"] = e.action_condition;
    out["action_instead"] = e.action_instead;
    out["group"] = e.group;
    out["group_name"] = e.group_name;
    out["rank"] = rank_value(e.rank);
    out["lifted"] = effects_json(e.lifted);
    out["sank"] = effects_json(e.sank);
    out["not_assessed"] = effects_json(e.not_assessed);
    out["decided_by"] = std::string(to_string(e.decided_by));
    out["deciding"] = e.deciding;
    out["deciding_tier"] = optional_value(e.deciding_tier);
    out["deciding_tier_label"] = e.deciding_tier_label;
    out["vetoes"] = blockers_json(e.vetoes);
    out["quota"] = e.quota ? quota_json(*e.quota) : json(nullptr);
    out["engine"] = e.engine;
    out["additive"] = e.additive;
    out["next_tier"] = e.next_tier ? gap_json(*e.next_tier) : json(nullptr);
    out["previous"] = e.previous ? previous_json(*e.previous) : json(nullptr);
    if (e.recorded_decision) {
        // Only when one is recorded: explanations without decisions keep their shape.
        const decision& d = e.recorded_decision->decision;
        json dj;
        dj["number"] = d.number;
        dj["date"] = d.decided_on.is_special() ? json(nullptr) : json(format_date(d.decided_on));
        dj["proposed_tier"] = d.proposed_tier;
        dj["decided_tier"] = d.confirms() ? json(nullptr) : json(d.decided_tier);
        dj["reason"] = d.reason;
        dj["body"] = d.body;
        dj["signer"] = d.signer;
        dj["stale"] = e.recorded_decision->stale;
        dj["applied_tier"] = optional_value(e.decided_tier);
        dj["applied_tier_label"] = e.decided_tier_label;
        dj["text"] = e.decision_text;
        out["decision"] = dj;
    }
    out["text"] = e.text;
    return out;
}

}  // namespace

std::string_view to_string(tier_decision d) noexcept {
    switch (d) {
        case tier_decision::none:
            return "none";
        case tier_decision::conditions:
            return "conditions";
        case tier_decision::veto:
            return "veto";
        case tier_decision::requirement:
            return "requirement";
        case tier_decision::quota:
            return "quota";
    }
    return "none";
}

std::string to_json(const explanation& e) {
    return explanation_json(e).dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string to_json(std::span<const explanation> explanations) {
    json all = json::array();
    for (const auto& e : explanations) {
        all.push_back(explanation_json(e));
    }
    return all.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace antq
