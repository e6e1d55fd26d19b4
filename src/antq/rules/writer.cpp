#include <antq/rulebook_writer.hpp>

#include "antq/rules/reader.hpp"
#include "antq/rules/yaml_tree.hpp"

#include <antq/error.hpp>

#include <nlohmann/json.hpp>

namespace antq {

namespace {

// Insertion-ordered, so that the text follows the order of the rulebook format (and of
// the file it was read from) and is the same bytes for the same rule.
using json = nlohmann::ordered_json;

// Each writer below mirrors one reader of src/antq/rules/reader.cpp, key for key. A field
// left at the value the reader gives when its key is absent is not written, so that a
// rulebook read from a file and the same rulebook built in code write the same text.

void put_text(json& out, const char* key, const std::string& value) {
    if (!value.empty()) {
        out[key] = value;
    }
}

void put_expression(json& out, const char* key, const expression& e) {
    put_text(out, key, e.text);
}

json indicator_json(const indicator& i) {
    json out = json::object();
    out["type"] = std::string(to_string(i.type));
    if (i.missing != missing_policy::error) {
        out["missing"] = std::string(to_string(i.missing));
    }
    put_text(out, "title", i.title);
    if (i.by_type) {
        out["by_type"] = true;
    }
    return out;
}

json criterion_json(const criterion& c) {
    json out = json::object();
    put_text(out, "id", c.id);
    put_text(out, "title", c.title);
    put_text(out, "group", c.group);
    put_text(out, "basis", c.basis);
    put_text(out, "note", c.note);
    out["kind"] = std::string(to_string(c.kind));
    const bool has_points = c.kind == criterion_kind::scored || c.kind == criterion_kind::penalty ||
                            c.kind == criterion_kind::bonus;
    if (has_points || c.points != 0) {
        out["points"] = c.points;
    }
    put_expression(out, "when", c.when);
    put_expression(out, "score", c.score);
    if (c.weight) {
        out["weight"] = *c.weight;
    }
    if (c.direction != criterion_direction::benefit) {
        out["direction"] = std::string(to_string(c.direction));
    }
    put_expression(out, "value", c.value);
    put_text(out, "caps_at", c.caps_at);
    return out;
}

json tier_json(const tier& t) {
    json out = json::object();
    put_text(out, "id", t.id);
    put_text(out, "label", t.label);
    put_expression(out, "when", t.when);
    if (!t.requires_criteria.empty()) {
        out["requires"] = t.requires_criteria;
    }
    if (t.quota) {
        json q = json::object();
        q["max_share"] = t.quota->max_share;
        if (t.quota->within != quota{}.within) {
            q["within"] = t.quota->within;
        }
        put_text(q, "relative_to", t.quota->relative_to);
        out["quota"] = std::move(q);
    }
    put_text(out, "action", t.action);
    put_expression(out, "action_when", t.action_when);
    put_text(out, "otherwise", t.otherwise);
    return out;
}

// Written only when the version has one: an absent `ranking:` gives no ranks.
void put_ranking(json& out, const ranking& r) {
    const ranking defaults;
    json o = json::object();
    if (r.within != defaults.within) {
        o["within"] = r.within;
    }
    if (!r.by.empty()) {
        o["by"] = r.by;
    }
    if (!r.order.empty()) {
        json keys = json::array();
        for (const auto& k : r.order) {
            keys.push_back(k.key + (k.descending ? " desc" : " asc"));
        }
        o["order"] = std::move(keys);
    }
    if (r.method != defaults.method) {
        o["method"] = std::string(to_string(r.method));
    }
    // `ranking: {}` read from a file asks for ranks with every default (rulebook.hpp): it is
    // written back, so that the text read again still ranks.
    if (!o.empty() || r.where.line != 0) {
        out["ranking"] = std::move(o);
    }
}

json version_json(const rulebook_version& v) {
    const rulebook_version defaults;
    json out = json::object();
    out["version"] = v.version;
    out["effective"] = format_date(v.effective);
    if (v.engine != defaults.engine) {
        out["engine"] = v.engine;
    }
    if (!v.options.values.is_null() && !v.options.values.empty()) {
        out["engine_options"] = json::parse(v.options.values.dump());
    }
    put_text(out, "basis", v.basis);
    put_text(out, "note", v.note);
    if (v.rounding_digits != defaults.rounding_digits) {
        out["rounding"] = {{"digits", v.rounding_digits}};
    }
    if (v.max_score) {
        out["max_score"] = *v.max_score;
    }
    if (v.eligibility.min_active_days || v.eligibility.min_active_months) {
        json e = json::object();
        if (v.eligibility.min_active_days) {
            e["min_active_days"] = *v.eligibility.min_active_days;
        }
        if (v.eligibility.min_active_months) {
            e["min_active_months"] = *v.eligibility.min_active_months;
        }
        out["eligibility"] = std::move(e);
    }
    if (!v.parameters.empty()) {
        json p = json::object();
        for (const auto& param : v.parameters) {
            p[param.id] = param.value;
        }
        out["parameters"] = std::move(p);
    }
    if (!v.indicators.empty()) {
        json p = json::object();
        for (const auto& i : v.indicators) {
            p[i.id] = indicator_json(i);
        }
        out["indicators"] = std::move(p);
    }
    if (!v.derived.empty()) {
        json p = json::object();
        for (const auto& d : v.derived) {
            p[d.id] = d.formula.text;
        }
        out["derived"] = std::move(p);
    }
    if (!v.criteria.empty()) {
        json p = json::array();
        for (const auto& c : v.criteria) {
            p.push_back(criterion_json(c));
        }
        out["criteria"] = std::move(p);
    }
    if (!v.tiers.empty()) {
        json p = json::array();
        for (const auto& t : v.tiers) {
            p.push_back(tier_json(t));
        }
        out["tiers"] = std::move(p);
    }
    put_ranking(out, v.ranking);
    if (!v.rollups.empty()) {
        json p = json::object();
        for (const auto& r : v.rollups) {
            json o = json::object();
            o["from"] = r.from;
            o["over"] = std::string(to_string(r.over));
            o["value"] = r.value.text;
            // Only when not the default, so that rulebooks written before the policy existed
            // (which behave as the default now does) keep their text and hash.
            if (r.tiers != rollup_tier_source::decided) {
                o["tiers"] = std::string(to_string(r.tiers));
            }
            if (r.on_error != rollup_error_policy::incomplete) {
                o["on_error"] = std::string(to_string(r.on_error));
            }
            p[r.id] = std::move(o);
        }
        out["rollups"] = std::move(p);
    }
    return out;
}

json test_value_json(const test_value& value) {
    if (!value) {
        return nullptr;
    }
    return std::visit([](const auto& x) { return json(x); }, *value);
}

json test_values_json(const std::map<std::string, test_value>& values) {
    json out = json::object();
    for (const auto& [name, value] : values) {
        out[name] = test_value_json(value);
    }
    return out;
}

json test_json(const rulebook_test& t) {
    json out = json::object();
    put_text(out, "name", t.name);
    put_text(out, "period", t.period);
    if (!t.subject.empty()) {
        json s = json::object();
        for (const auto& [key, value] : t.subject) {
            s[key] = value;
        }
        out["subject"] = std::move(s);
    }
    if (!t.indicators.empty()) {
        out["indicators"] = test_values_json(t.indicators);
    }
    if (!t.previous.empty()) {
        out["previous"] = test_values_json(t.previous);
    }
    const test_expectation& e = t.expect;
    json x = json::object();
    if (e.status) {
        x["status"] = *e.status;
    }
    if (e.tier) {
        x["tier"] = *e.tier;
    }
    if (e.action) {
        x["action"] = *e.action;
    }
    if (e.score) {
        x["score"] = json::array({e.score->first, e.score->second});
    }
    if (!e.passed.empty()) {
        x["passed"] = e.passed;
    }
    if (!e.failed.empty()) {
        x["failed"] = e.failed;
    }
    if (e.rank) {
        x["rank"] = *e.rank;
    }
    out["expect"] = std::move(x);
    return out;
}

// The rulebook that `text` reads as, field by field, without the checks that need more
// than the text (names, types, engines): enough to tell whether it is still `book`.
std::optional<rulebook> read_fields(const rulebook& book) {
    rulebook read;
    read.file = book.file;
    diagnostic_list problems;
    const detail::rules::line_index lines(book.source_text, book.file);
    const auto root = detail::rules::read_yaml(lines, problems);
    if (!root) {
        return std::nullopt;
    }
    detail::rules::broken_paths broken;
    if (!detail::rules::read_rulebook(*root, lines, read, problems, broken) ||
        problems.has_errors()) {
        return std::nullopt;
    }
    return read;
}

}  // namespace

std::string write_rulebook(const rulebook& book) {
    json out = json::object();
    out["antq"] = book.format;
    put_text(out, "id", book.id);
    put_text(out, "title", book.title);
    out["subject"] = std::string(to_string(book.subject));
    put_expression(out, "applies_to", book.applies_to);
    if (!(book.period == year_start{})) {
        out["period"] = {{"year_starts", book.period.to_string()}};
    }
    put_text(out, "note", book.note);
    json versions = json::array();
    for (const auto& v : book.versions) {
        versions.push_back(version_json(v));
    }
    out["versions"] = std::move(versions);
    if (!book.tests.empty()) {
        json tests = json::array();
        for (const auto& t : book.tests) {
            tests.push_back(test_json(t));
        }
        out["tests"] = std::move(tests);
    }
    // Invalid UTF-8 (possible only in a rulebook built in code) is replaced rather than
    // thrown on: the text is still deterministic, and reading it back reports the field.
    return out.dump(2, ' ', false, json::error_handler_t::replace) + '\n';
}

bool source_text_is_current(const rulebook& book) {
    if (book.source_text.empty()) {
        return false;
    }
    const auto read = read_fields(book);
    return read && write_rulebook(*read) == write_rulebook(book);
}

std::string rulebook_text(const rulebook& book) {
    return source_text_is_current(book) ? book.source_text : write_rulebook(book);
}

}  // namespace antq
