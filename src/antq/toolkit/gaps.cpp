#include "antq/gaps.hpp"

#include "antq/io/csv.hpp"
#include "antq/io/terminal_text.hpp"
#include "antq/join.hpp"
#include "antq/toolkit/text_table.hpp"

#include <antq/error.hpp>
#include <antq/labels.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <string_view>

namespace antq {

namespace {

// Which tiers count as effective and ineffective (see the file comment of gaps.hpp).
struct tier_roles {
    std::vector<bool> effective;
    std::vector<bool> ineffective;
    bool replicates = false;  ///< some tier's action is `replicate`
};

tier_roles roles_of(const results_header& h) {
    tier_roles r;
    const std::size_t n = h.tiers.size();
    r.effective.assign(n, false);
    r.ineffective.assign(n, false);
    bool any_replicate = false;
    bool any_dissolve = false;
    for (std::size_t i = 0; i < n; ++i) {
        if (h.tiers[i].action == "replicate") {
            r.effective[i] = any_replicate = true;
        }
        if (h.tiers[i].action == "dissolve") {
            r.ineffective[i] = any_dissolve = true;
        }
    }
    r.replicates = any_replicate;
    if (!any_replicate && n > 0) {
        r.effective[0] = true;
    }
    if (!any_dissolve && n > 0) {
        r.ineffective[n - 1] = true;
    }
    return r;
}

// A model of the results, with what the gaps need.
struct evaluated_model {
    index_t model = 0;
    std::size_t row = 0;
    double score = 0;
    bool effective = false;
    bool ineffective = false;
    /// Its own action is `replicate` (a tier's `action_when` may have given it `otherwise`:
    /// effective one year only); every effective model when no tier replicates.
    bool proposed = false;
};

struct unit_places {
    std::vector<std::optional<index_t>> commune;   // per unit
    std::vector<std::optional<index_t>> province;  // per unit
    std::vector<std::optional<index_t>> village;   // per unit: the nearest village at or above
};

// One pass over the tree in preorder (a parent before its children), so that a deep chain
// of units costs linear time, not units times depth.
unit_places places_of(const registry& r) {
    unit_places p;
    const std::size_t n = r.units().size();
    p.commune.resize(n);
    p.province.resize(n);
    p.village.resize(n);
    const auto place = [&](index_t u) {
        const auto up = r.parent(u);
        const std::string& kind = r.units()[u].kind;
        p.commune[u] = kind == unit_kinds::commune ? std::optional<index_t>(u)
                       : up                        ? p.commune[*up]
                                                   : std::nullopt;
        p.province[u] = kind == unit_kinds::province ? std::optional<index_t>(u)
                        : up                         ? p.province[*up]
                                                     : std::nullopt;
        p.village[u] = kind == unit_kinds::village ? std::optional<index_t>(u)
                       : up                        ? p.village[*up]
                                                   : std::nullopt;
    };
    for (const index_t root : r.roots()) {
        place(root);
        for (const index_t d : r.descendants(root)) {
            place(d);
        }
    }
    return p;
}

// The topics of the models of the results hosted by villages.
std::vector<std::string> village_topics(const registry& r, const rulebook_results& results) {
    std::set<std::string> topics;
    for (const index_t m : results.columns().subject_index) {
        const auto& record = r.models()[m];
        if (!record.topic.empty() && r.units()[r.unit_of_model(m)].kind == unit_kinds::village) {
            topics.insert(record.topic);
        }
    }
    return {topics.begin(), topics.end()};
}

bool better(const replication_candidate& a, const replication_candidate& b) {
    if (a.score != b.score) {
        return a.score > b.score;
    }
    if (a.same_commune != b.same_commune) {
        return a.same_commune;
    }
    return a.model < b.model;
}

std::string score_text(double v, int digits) {
    return fmt::format("{:.{}f}", v, digits);
}

void render_table(std::string& out, const gaps_report& r, int digits) {
    const std::string rulebook = r.rulebook_title.empty()
                                     ? r.rulebook
                                     : fmt::format("{} ({})", r.rulebook_title, r.rulebook);
    out += fmt::format("{}, kỳ {}: {} chỗ trống (thôn, chuyên đề chưa có mô hình hiệu quả)\n",
                       rulebook, r.period, r.gaps.size());
    if (!r.gaps.empty()) {
        detail::text_table t({false, false, false, false, false, true, false});
        t.add({"thôn", "xã", "chuyên đề", "hiện có", "nên nhân rộng", "điểm", "tại"});
        for (const auto& g : r.gaps) {
            const std::string existing =
                g.existing_names.empty() ? "-" : detail::join(g.existing_names, "; ");
            const std::string topic = g.topic_label.empty() ? g.topic : g.topic_label;
            const std::string village = g.village_name.empty() ? g.village : g.village_name;
            const std::string commune =
                g.commune_name.empty() ? (g.commune.empty() ? "-" : g.commune) : g.commune_name;
            if (g.candidates.empty() && !g.effective_elsewhere.empty()) {
                // The topic has effective models, but none a village runs: say which, so that
                // "nothing to copy" is not read as "nothing works".
                // Worded as the candidates are: names and labels, the decimal comma.
                for (std::size_t i = 0; i < g.effective_elsewhere.size(); ++i) {
                    const auto& c = g.effective_elsewhere[i];
                    const std::string where =
                        name_book::named(c.unit, c.unit_name) +
                        (c.same_commune ? " (cùng xã)"
                                        : " (" + name_book::named(c.commune, c.commune_name) + ")");
                    t.add({i == 0 ? village : "", i == 0 ? commune : "", i == 0 ? topic : "",
                           i == 0 ? existing : "",
                           "(chưa có mô hình ở thôn đủ điều kiện nhân rộng; hiệu quả ở đơn vị khác) " +
                               name_book::named(c.model, c.name),
                           decimal_text(c.score, digits, language::vi), where});
                }
                continue;
            }
            if (g.candidates.empty()) {
                // Effective models of a type that does not apply to the village are not "none
                // in the province": say which types, so that the officer sees why.
                const std::string none =
                    g.inapplicable_types.empty()
                        ? "(chưa có mô hình đủ điều kiện nhân rộng trong tỉnh)"
                        : "(mô hình hiệu quả trong tỉnh thuộc loại không áp dụng cho thôn: " +
                              detail::join(g.inapplicable_types, "; ") + ")";
                t.add({village, commune, topic, existing, none, "", ""});
                continue;
            }
            for (std::size_t i = 0; i < g.candidates.size(); ++i) {
                const auto& c = g.candidates[i];
                const std::string where =
                    name_book::named(c.unit, c.unit_name) +
                    (c.same_commune ? " (cùng xã)"
                                    : " (" + name_book::named(c.commune, c.commune_name) + ")");
                const std::string model = name_book::named(c.model, c.name);
                const std::string score = decimal_text(c.score, digits, language::vi);
                if (i == 0) {
                    t.add({village, commune, topic, existing, model, score, where});
                } else {
                    t.add({"", "", "", "", model, score, where});
                }
            }
        }
        t.render(out, 2);
    }
    out +=
        fmt::format("{} loại mô hình có đa số điểm nhân rộng kém hiệu quả\n", r.weak_types.size());
    if (!r.weak_types.empty()) {
        detail::text_table t({false, true, true, true, true});
        t.add({"loại mô hình", "số điểm", "được đánh giá", "kém hiệu quả", "tỷ lệ"});
        for (const auto& w : r.weak_types) {
            t.add({w.type, std::to_string(w.points), std::to_string(w.evaluated),
                   std::to_string(w.ineffective),
                   decimal_text(100 * w.share, 0, language::vi) + "%"});
        }
        t.render(out, 2);
    }
}

void render_csv(std::string& out, const gaps_report& r, int digits) {
    out +=
        "village,commune,topic,existing,candidate,candidate_unit,candidate_commune,score,same_"
        "commune,village_name,commune_name,topic_label,candidate_name,candidate_unit_name\n";
    const auto row = [&out](const std::vector<std::string>& cells) {
        for (std::size_t k = 0; k < cells.size(); ++k) {
            if (k > 0) {
                out += ',';
            }
            detail::append_csv_field(out, cells[k]);
        }
        out += '\n';
    };
    for (const auto& g : r.gaps) {
        const std::string existing = detail::join(g.existing, "; ");
        if (g.candidates.empty()) {
            row({g.village, g.commune, g.topic, existing, "", "", "", "", "", g.village_name,
                 g.commune_name, g.topic_label, "", ""});
        }
        for (const auto& c : g.candidates) {
            row({g.village, g.commune, g.topic, existing, c.model, c.unit, c.commune,
                 score_text(c.score, digits), c.same_commune ? "true" : "false", g.village_name,
                 g.commune_name, g.topic_label, c.name, c.unit_name});
        }
    }
}

nlohmann::json to_json(const gaps_report& r) {
    nlohmann::json gaps = nlohmann::json::array();
    for (const auto& g : r.gaps) {
        nlohmann::json candidates = nlohmann::json::array();
        for (const auto& c : g.candidates) {
            candidates.push_back({{"model", c.model},
                                  {"name", c.name},
                                  {"type", c.type},
                                  {"unit", c.unit},
                                  {"unit_name", c.unit_name},
                                  {"commune_name", c.commune_name},
                                  {"commune", c.commune},
                                  {"score", c.score},
                                  {"same_commune", c.same_commune}});
        }
        nlohmann::json elsewhere = nlohmann::json::array();
        for (const auto& c : g.effective_elsewhere) {
            elsewhere.push_back({{"model", c.model},
                                 {"name", c.name},
                                 {"type", c.type},
                                 {"unit", c.unit},
                                 {"commune", c.commune},
                                 {"score", c.score},
                                 {"same_commune", c.same_commune}});
        }
        gaps.push_back({{"village", g.village},
                        {"village_name", g.village_name},
                        {"commune", g.commune},
                        {"commune_name", g.commune_name},
                        {"topic", g.topic},
                        {"topic_label", g.topic_label},
                        {"existing", g.existing},
                        {"existing_names", g.existing_names},
                        {"candidates", candidates},
                        {"effective_elsewhere", elsewhere}});
        if (!g.inapplicable_types.empty()) {
            gaps.back()["inapplicable_types"] = g.inapplicable_types;
        }
    }
    nlohmann::json weak = nlohmann::json::array();
    for (const auto& w : r.weak_types) {
        weak.push_back({{"type", w.type},
                        {"points", w.points},
                        {"evaluated", w.evaluated},
                        {"ineffective", w.ineffective},
                        {"share", w.share}});
    }
    return {{"rulebook", r.rulebook},
            {"rulebook_title", r.rulebook_title},
            {"period", r.period},
            {"gaps", gaps},
            {"weak_types", weak}};
}

}  // namespace

gaps_report find_gaps(const dataset& data, const rulebook_results& model_results,
                      const gaps_options& options) {
    const results_header& h = model_results.header();
    if (h.subject != subject_kind::model) {
        throw usage_error("gaps need the results of a rulebook about models; '" + h.rulebook +
                          "' is about " + std::string(to_string(h.subject)) + "s");
    }
    if (!(options.weak_share >= 0 && options.weak_share <= 1)) {
        throw usage_error(fmt::format("weak_share must be in [0, 1], got {}", options.weak_share));
    }
    const registry& reg = data.registry;
    const auto& cols = model_results.columns();
    const tier_roles roles = roles_of(h);
    const unit_places places = places_of(reg);

    std::vector<std::optional<evaluated_model>> by_model(reg.models().size());
    std::map<std::string, weak_model_type> types;
    for (std::size_t row = 0; row < model_results.size(); ++row) {
        const index_t m = cols.subject_index[row];
        if (m >= reg.models().size() || reg.models()[m].id != cols.subject[row]) {
            throw usage_error("the results do not match the dataset: subject '" +
                              std::string(cols.subject[row]) + "' is not its model number " +
                              std::to_string(m));
        }
        auto& type = types[reg.models()[m].type];
        type.type = reg.models()[m].type;
        ++type.points;
        if (cols.status[row] != result_status::evaluated || cols.tier[row] == no_tier) {
            continue;
        }
        const auto tier = static_cast<std::size_t>(cols.tier[row]);
        evaluated_model e{m, row, cols.score[row], roles.effective[tier], roles.ineffective[tier]};
        e.proposed = roles.replicates ? model_results.action(row) == "replicate" : e.effective;
        ++type.evaluated;
        type.ineffective += e.ineffective ? 1 : 0;
        by_model[m] = e;
    }

    // Effective models per (province, topic), best first.
    std::map<std::pair<std::optional<index_t>, std::string>, std::vector<replication_candidate>>
        effective;
    // Effective models a village does not host, when only village models are proposed.
    std::map<std::pair<std::optional<index_t>, std::string>, std::vector<replication_candidate>>
        elsewhere;
    for (const auto& e : by_model) {
        if (!e || !e->effective) {
            continue;
        }
        const model& m = reg.models()[e->model];
        const index_t host = reg.unit_of_model(e->model);
        const auto commune = places.commune[host];
        replication_candidate c{
            m.id,     m.name, m.type, m.unit, commune ? reg.units()[*commune].id : std::string(),
            e->score, false};
        c.unit_name = reg.units()[host].name;
        c.commune_name = commune ? reg.units()[*commune].name : std::string();
        if (options.village_hosts_only && reg.units()[host].kind != unit_kinds::village) {
            elsewhere[{places.province[host], m.topic}].push_back(std::move(c));
            continue;
        }
        // Only a model proposed for replication is copied to other villages: one effective
        // for a single year under a rule that asks for two is maintained where it is.
        if (e->proposed) {
            effective[{places.province[host], m.topic}].push_back(std::move(c));
        }
    }
    for (auto& [key, list] : effective) {
        std::sort(list.begin(), list.end(), better);
    }
    for (auto& [key, list] : elsewhere) {
        std::sort(list.begin(), list.end(), better);
    }

    gaps_report out;
    out.rulebook = h.rulebook;
    out.rulebook_title = h.title;
    const name_book names(data);
    out.period = h.period_text;
    out.rounding_digits = h.rounding_digits;
    const std::vector<std::string> topics =
        options.topics.empty() ? village_topics(reg, model_results) : options.topics;
    // The units each village answers for: itself and the units below it down to the next
    // village (a village below a village answers for its own part). Each unit belongs to one
    // village at most, so the walk below is linear however deep the tree.
    std::vector<std::vector<index_t>> village_units(reg.units().size());
    for (index_t u = 0; u < reg.units().size(); ++u) {
        if (places.village[u]) {
            village_units[*places.village[u]].push_back(u);
        }
    }
    // With a model-type catalogue, a type is proposed only where it applies (a waterway model
    // only to villages on a river), and a topic is asked of a village only when one of the
    // topic's types applies there. Types outside the catalogue, and topics none of its types
    // has, are asked and proposed everywhere, as without a catalogue.
    const auto type_applies = [&](const std::string& type, const unit& where) {
        const model_type* t = data.find_model_type(type);
        return t == nullptr || t->applies_to(where.attributes);
    };
    const auto topic_applies = [&](const std::string& topic, const unit& where) {
        bool any = false;
        for (const model_type& t : data.model_types) {
            if (t.topic == topic) {
                any = true;
                if (t.applies_to(where.attributes)) {
                    return true;
                }
            }
        }
        return !any;
    };
    for (const index_t v : reg.units_of_kind(unit_kinds::village)) {
        const unit& village = reg.units()[v];
        const auto commune = places.commune[v];
        for (const auto& topic : topics) {
            if (!topic_applies(topic, village)) {
                continue;
            }
            std::vector<std::pair<std::string, std::string>> existing;  // (id text, names)
            bool has_effective = false;
            const auto look = [&](index_t u) {
                for (const index_t m : reg.models_of_unit(u)) {
                    const auto& e = by_model[m];
                    if (!e || reg.models()[m].topic != topic) {
                        continue;
                    }
                    has_effective = has_effective || e->effective;
                    const model& found = reg.models()[m];
                    const auto t = model_results.columns().tier[e->row];
                    const std::string label =
                        t == no_tier ? std::string(status_label(
                                           model_results.columns().status[e->row], language::vi))
                                     : (h.tiers[static_cast<std::size_t>(t)].label.empty()
                                            ? h.tiers[static_cast<std::size_t>(t)].id
                                            : h.tiers[static_cast<std::size_t>(t)].label);
                    existing.emplace_back(
                        found.id + " (" + std::string(model_results.tier_id(e->row)) + ")",
                        name_book::named(found.id, found.name) + " — " + label);
                }
            };
            for (const index_t u : village_units[v]) {
                look(u);
            }
            if (has_effective) {
                continue;
            }
            std::sort(existing.begin(), existing.end());
            village_gap g;
            g.village = village.id;
            g.village_name = village.name;
            if (commune) {
                g.commune = reg.units()[*commune].id;
                g.commune_name = reg.units()[*commune].name;
            }
            g.topic = topic;
            g.topic_label = std::string(names.label("topic", topic));
            for (auto& [id_text, name_text] : existing) {
                g.existing.push_back(std::move(id_text));
                g.existing_names.push_back(std::move(name_text));
            }
            if (const auto found = effective.find({places.province[v], topic});
                found != effective.end()) {
                // The list is by score then id; same-commune candidates go first among equal
                // scores, so take every candidate tied with the last one kept, then re-sort.
                for (const auto& c : found->second) {
                    if (g.candidates.size() >= options.max_candidates &&
                        c.score < g.candidates.back().score) {
                        break;
                    }
                    if (!type_applies(c.type, village)) {
                        g.inapplicable_types.push_back(c.type);
                        continue;
                    }
                    auto copy = c;
                    copy.same_commune = !g.commune.empty() && c.commune == g.commune;
                    g.candidates.push_back(std::move(copy));
                }
                std::sort(g.candidates.begin(), g.candidates.end(), better);
                if (g.candidates.size() > options.max_candidates) {
                    g.candidates.resize(options.max_candidates);
                }
            }
            if (g.candidates.empty()) {
                if (const auto found = elsewhere.find({places.province[v], topic});
                    found != elsewhere.end()) {
                    for (const auto& c : found->second) {
                        if (g.effective_elsewhere.size() >= options.max_candidates) {
                            break;
                        }
                        if (!type_applies(c.type, village)) {
                            g.inapplicable_types.push_back(c.type);
                            continue;
                        }
                        auto copy = c;
                        copy.same_commune = !g.commune.empty() && c.commune == g.commune;
                        g.effective_elsewhere.push_back(std::move(copy));
                    }
                }
            }
            std::sort(g.inapplicable_types.begin(), g.inapplicable_types.end());
            g.inapplicable_types.erase(
                std::unique(g.inapplicable_types.begin(), g.inapplicable_types.end()),
                g.inapplicable_types.end());
            out.gaps.push_back(std::move(g));
        }
    }

    for (auto& [name, t] : types) {
        if (t.evaluated == 0) {
            continue;
        }
        t.share = static_cast<double>(t.ineffective) / static_cast<double>(t.evaluated);
        if (t.share > options.weak_share) {
            out.weak_types.push_back(t);
        }
    }
    std::stable_sort(
        out.weak_types.begin(), out.weak_types.end(),
        [](const weak_model_type& a, const weak_model_type& b) { return a.share > b.share; });
    return out;
}

std::string format_gaps(const gaps_report& report, result_format format) {
    std::string out;
    const int digits = report.rounding_digits;
    switch (format) {
        case result_format::table:
            render_table(out, report, digits);
            // Names come from the dataset: control characters are shown, not sent raw.
            if (detail::has_controls(out)) {
                out = detail::escape_controls(out);
            }
            break;
        case result_format::csv:
            render_csv(out, report, digits);
            break;
        case result_format::json:
            out = to_json(report).dump(2) + "\n";
            break;
    }
    return out;
}

}  // namespace antq
