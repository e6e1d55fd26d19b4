#include "antq/rules/validate.hpp"

#include "antq/suggestion.hpp"

#include <antq/limits.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

namespace antq::detail::rules {

namespace {

constexpr std::string_view reserved_words[] = {
    "score", "max_score", "passed_count", "failed_count", "assessed_count",
    "tier",  "action",    "status",       "rank",         "and",
    "or",    "not",       "in",           "true",         "false"};

constexpr std::string_view actions[] = {"replicate", "improve", "maintain", "dissolve"};

// Attributes a group can be formed by (texts; days_active is a number).
constexpr std::string_view grouping_attributes[] = {"id",           "name", "kind",     "topic",
                                                    "target_group", "unit", "unit_kind"};

bool is_lower_word(std::string_view w) noexcept {
    return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
}

std::vector<std::string> as_strings(std::span<const std::string_view> words) {
    return {words.begin(), words.end()};
}

bool counts_points(criterion_kind k) noexcept {
    return k == criterion_kind::scored || k == criterion_kind::penalty ||
           k == criterion_kind::bonus;
}

class checker {
  public:
    checker(const rulebook& book, const broken_paths& broken, diagnostic_list& problems)
        : book_(book), broken_(broken), problems_(problems) {}

    void run();

  private:
    [[nodiscard]] bool from_file() const noexcept { return !book_.locations.empty(); }
    [[nodiscard]] bool broken(const std::string& path) const { return broken_.count(path) > 0; }

    [[nodiscard]] source_location top() const {
        return from_file() ? source_location{book_.file, 1, 1} : source_location{book_.file, 0, 0};
    }

    void error(const source_location& at, std::string message) {
        problems_.add(at, std::move(message));
    }

    [[nodiscard]] std::string line_of(const std::string& path,
                                      const source_location& fallback) const {
        const source_location at = place(book_, path, fallback);
        return at.line > 0 ? " (line " + std::to_string(at.line) + ")" : "";
    }

    void check_version(const rulebook_version& v, const std::string& path);
    void check_names(const rulebook_version& v, const std::string& path);
    void check_criterion(const criterion& c, const std::string& path);
    void check_tiers(const rulebook_version& v, const std::string& path);
    void check_group(std::string_view within, const source_location& at, std::string_view key);
    void check_ranking(const ranking& r, const std::string& path);
    void check_rollups(const rulebook_version& v, const std::string& path);
    void check_tests();
    void check_test(const rulebook_test& t, const std::string& path);

    const rulebook& book_;
    const broken_paths& broken_;
    diagnostic_list& problems_;
};

void checker::run() {
    if (!from_file() && book_.format != 1) {
        error(top(), "unsupported format version " + std::to_string(book_.format) +
                         " (this library reads 'antq: 1')");
    }
    if (book_.id.empty()) {
        if (!broken("id")) {
            error(top(), "missing key 'id' in the rulebook");
        }
    } else if (!is_rulebook_id(book_.id)) {
        error(place(book_, "id", top()),
              "rulebook id '" + book_.id + "' may only use lowercase letters, digits and '-'");
    }
    if (book_.title.empty() && !broken("title")) {
        error(top(), "missing key 'title' in the rulebook");
    }
    if (book_.versions.empty()) {
        if (book_.locations.count("versions") > 0) {
            error(place(book_, "versions"), "'versions' is empty: a rulebook needs at least one");
        } else if (!broken("versions")) {
            error(top(), "missing key 'versions' in the rulebook");
        }
    }
    std::map<std::string, std::size_t> names;
    for (std::size_t i = 0; i < book_.versions.size(); ++i) {
        const auto& v = book_.versions[i];
        const std::string path = "versions/" + std::to_string(i);
        check_version(v, path);
        if (!v.version.empty()) {
            const auto [first, fresh] = names.emplace(v.version, i);
            if (!fresh) {
                error(place(book_, path + "/version", v.where),
                      "duplicate version '" + v.version + "'" +
                          line_of("versions/" + std::to_string(first->second) + "/version",
                                  book_.versions[first->second].where));
            }
        }
        if (i == 0 || v.effective.is_special()) {
            continue;
        }
        const auto& before = book_.versions[i - 1];
        if (!before.effective.is_special() && v.effective <= before.effective) {
            error(place(book_, path + "/effective", v.where),
                  "version '" + v.version + "' takes effect on " + format_date(v.effective) +
                      ", not after version '" + before.version + "' (" +
                      format_date(before.effective) +
                      "): list versions oldest first, each with a later date");
        }
    }
    check_tests();
}

void checker::check_version(const rulebook_version& v, const std::string& path) {
    const std::string label = v.version.empty() ? "a version" : "version '" + v.version + "'";
    if (v.version.empty() && !broken(path + "/version")) {
        error(v.where, "missing key 'version' in " + label);
    }
    if (v.effective.is_special() && !broken(path + "/effective")) {
        error(v.where, "missing key 'effective' in " + label);
    }
    if (v.engine.empty()) {
        error(place(book_, path + "/engine", v.where), "'engine' must name a scoring engine");
    }
    if (v.rounding_digits < 0 || v.rounding_digits > max_rounding_digits) {
        error(place(book_, path + "/rounding/digits", v.where),
              fmt::format("'digits' must be between 0 and {}, got {}", max_rounding_digits,
                          v.rounding_digits));
    }
    if (v.max_score && !(*v.max_score > 0)) {
        error(place(book_, path + "/max_score", v.where), "'max_score' must be above 0");
    } else if (v.max_score && *v.max_score > max_declared_number) {
        error(place(book_, path + "/max_score", v.where),
              fmt::format("'max_score' must be at most {}", max_declared_number));
    }
    // Counts a real version stays far below: past them the evaluation's memory and the
    // checks' work grow without use (docs/limits.md).
    const auto at_most = [&](std::size_t count, std::size_t limit, const std::string& key,
                             std::string_view what) {
        if (count > limit) {
            error(place(book_, path + "/" + key, v.where),
                  fmt::format("a version may declare at most {} {}; this one declares {}", limit,
                              what, count));
        }
    };
    at_most(v.criteria.size(), max_criteria_per_version, "criteria", "criteria");
    at_most(v.derived.size(), max_derived_per_version, "derived", "derived values");
    at_most(v.tiers.size(), max_tiers_per_version, "tiers", "tiers");
    for (const auto& p : v.parameters) {
        if (!(std::abs(p.value) <= max_declared_number)) {
            error(place(book_, path + "/parameters/" + p.id, p.where),
                  fmt::format("parameter '{}' must be between -{} and {}", p.id,
                              max_declared_number, max_declared_number));
        }
    }
    const auto& e = v.eligibility;
    if (e.min_active_days && e.min_active_months) {
        error(place(book_, path + "/eligibility", v.where),
              "'eligibility' takes min_active_days or min_active_months, not both");
    }
    if ((e.min_active_days && *e.min_active_days < 0) ||
        (e.min_active_months && *e.min_active_months < 0)) {
        error(place(book_, path + "/eligibility", v.where), "'eligibility' must not be negative");
    }
    check_names(v, path);
    if (v.criteria.empty() && !broken(path + "/criteria")) {
        error(place(book_, path + "/criteria", v.where),
              book_.locations.count(path + "/criteria") > 0
                  ? "'criteria' is empty: a version needs at least one criterion"
                  : "missing key 'criteria' in " + label);
    }
    std::map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < v.criteria.size(); ++i) {
        const auto& c = v.criteria[i];
        const std::string cpath = path + "/criteria/" + std::to_string(i);
        check_criterion(c, cpath);
        if (c.id.empty()) {
            continue;
        }
        const auto [first, fresh] = seen.emplace(c.id, i);
        if (!fresh) {
            error(place(book_, cpath + "/id", c.where),
                  "duplicate criterion '" + c.id + "'" +
                      line_of(path + "/criteria/" + std::to_string(first->second) + "/id",
                              v.criteria[first->second].where));
        }
    }
    check_tiers(v, path);
    check_ranking(v.ranking, path + "/ranking");
    check_rollups(v, path);
}

void checker::check_names(const rulebook_version& v, const std::string& path) {
    // Every name an expression can read, with what declared it first.
    struct declared {
        std::string what;
        std::string path;
        source_location where;
    };
    std::map<std::string, declared> names;
    const auto declare = [&](const std::string& id, const std::string& what, const std::string& p,
                             const source_location& where) {
        const source_location at = place(book_, p, where);
        if (!is_name(id)) {
            error(at, what + " name '" + id +
                          "' must start with a lowercase letter or '_' and use only lowercase "
                          "letters, digits and '_'");
            return;
        }
        if (is_reserved_name(id)) {
            error(at, "'" + id + "' is a reserved name; choose another " + what + " name");
            return;
        }
        const auto [first, fresh] = names.emplace(id, declared{what, p, where});
        if (fresh) {
            return;
        }
        // A roll-up may share its id with the indicator that declares its type and policy.
        const bool rollup_pair = (what == "roll-up" && first->second.what == "indicator") ||
                                 (what == "indicator" && first->second.what == "roll-up");
        if (!rollup_pair) {
            error(at, "'" + id + "' is already declared as " +
                          (first->second.what == "indicator" ? "an " : "a ") + first->second.what +
                          line_of(first->second.path, first->second.where));
        }
    };
    for (const auto& p : v.parameters) {
        declare(p.id, "parameter", path + "/parameters/" + p.id, p.where);
    }
    for (const auto& ind : v.indicators) {
        declare(ind.id, "indicator", path + "/indicators/" + ind.id, ind.where);
        if (ind.by_type && book_.subject != subject_kind::model) {
            error(place(book_, path + "/indicators/" + ind.id + "/by_type", ind.where),
                  "indicator '" + ind.id +
                      "': 'by_type' reads the model-type catalogue, so it needs 'subject: "
                      "model'");
        }
    }
    for (const auto& r : v.rollups) {
        declare(r.id, "roll-up", path + "/rollups/" + r.id, r.where);
    }
    for (const auto& d : v.derived) {
        declare(d.id, "derived value", path + "/derived/" + d.id, d.formula.where);
        if (d.formula.empty() && !broken(path + "/derived/" + d.id + "/value")) {
            error(place(book_, path + "/derived/" + d.id, d.formula.where),
                  "derived value '" + d.id + "' has no expression");
        }
    }
}

void checker::check_criterion(const criterion& c, const std::string& path) {
    if (c.id.empty()) {
        if (!broken(path + "/id")) {
            error(c.where, "missing key 'id' in a criterion");
        }
    } else if (!is_name(c.id)) {
        error(place(book_, path + "/id", c.where),
              "criterion id '" + c.id +
                  "' must start with a lowercase letter or '_' and use only lowercase letters, "
                  "digits and '_'");
    }
    if (broken(path)) {
        return;  // its kind could not be read: what it needs cannot be told
    }
    const std::string kind(to_string(c.kind));
    // "criterion 'detection' is scored: it needs ...", or "a scored criterion needs ...".
    const std::string subject = c.id.empty() ? "a " + kind + " criterion "
                                             : "criterion '" + c.id + "' is " + kind + ": it ";
    const std::string owner = c.id.empty() ? "a " + kind + " criterion does"
                                           : "criterion '" + c.id + "' is " + kind + ": it does";
    if (counts_points(c.kind)) {
        if (c.score.empty() && !broken(path + "/score")) {
            error(c.where, subject + "needs 'score' (a number from 0 to 1)");
        }
        if (!c.when.empty()) {
            error(place(book_, path + "/when", c.where),
                  owner + " not use 'when' (the points come from 'score')");
        }
        if (c.points < 0) {
            error(place(book_, path + "/points", c.where),
                  "'points' must not be negative" +
                      std::string(c.kind == criterion_kind::penalty
                                      ? " (a penalty subtracts its points)"
                                      : ""));
        } else if (c.points > max_criterion_points) {
            error(place(book_, path + "/points", c.where),
                  fmt::format("'points' must be at most {}", max_criterion_points));
        }
    } else {
        if (c.when.empty() && !broken(path + "/when")) {
            error(c.where, subject + "needs 'when' (a condition)");
        }
        if (!c.score.empty()) {
            error(place(book_, path + "/score", c.where),
                  owner + " not use 'score' (write the condition in 'when')");
        }
        if (c.points != 0) {
            error(place(book_, path + "/points", c.where),
                  owner + " not use 'points' (it passes or fails)");
        }
    }
    if (c.weight && *c.weight < 0) {
        error(place(book_, path + "/weight", c.where), "'weight' must not be negative");
    } else if (c.weight && *c.weight > max_criterion_weight) {
        error(place(book_, path + "/weight", c.where),
              fmt::format("'weight' must be at most {}", max_criterion_weight));
    }
}

void checker::check_group(std::string_view within, const source_location& at,
                          std::string_view key) {
    if (within == "all" ||
        (is_lower_word(within) && within.front() >= 'a' && within.front() <= 'z')) {
        return;
    }
    error(at, "'" + std::string(key) +
                  "' must be a unit kind (commune, village, ...) or all, got '" +
                  std::string(within) + "'");
}

void checker::check_tiers(const rulebook_version& v, const std::string& path) {
    if (v.tiers.empty()) {
        if (!broken(path + "/tiers")) {
            error(place(book_, path + "/tiers", v.where),
                  book_.locations.count(path + "/tiers") > 0
                      ? "'tiers' is empty: a version needs at least one tier"
                      : "missing key 'tiers' in version '" + v.version + "'");
        }
        return;
    }
    std::vector<std::string> criterion_ids;
    for (const auto& c : v.criteria) {
        criterion_ids.push_back(c.id);
    }
    std::vector<std::string> tier_ids;
    for (const auto& t : v.tiers) {
        tier_ids.push_back(t.id);
    }
    // A veto's `caps_at` names a tier of the same version; only vetoes cap.
    for (std::size_t i = 0; i < v.criteria.size(); ++i) {
        const auto& c = v.criteria[i];
        if (c.caps_at.empty()) {
            continue;
        }
        const source_location at =
            place(book_, path + "/criteria/" + std::to_string(i) + "/caps_at", c.where);
        if (c.kind != criterion_kind::veto) {
            error(at, "criterion '" + c.id + "' is " + std::string(to_string(c.kind)) +
                          ": only a veto takes 'caps_at'");
        } else if (std::find(tier_ids.begin(), tier_ids.end(), c.caps_at) == tier_ids.end()) {
            error(at, "unknown tier '" + c.caps_at + "' in 'caps_at' of veto '" + c.id + "'" +
                          suggestion(c.caps_at, tier_ids));
        } else if (c.caps_at == tier_ids.front()) {
            error(at, "veto '" + c.id + "' caps at the top tier '" + c.caps_at +
                          "', which caps nothing");
        }
    }
    std::map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < v.tiers.size(); ++i) {
        const auto& t = v.tiers[i];
        const std::string tpath = path + "/tiers/" + std::to_string(i);
        const bool last = i + 1 == v.tiers.size();
        if (t.id.empty()) {
            if (!broken(tpath + "/id")) {
                error(t.where, "missing key 'id' in a tier");
            }
        } else if (!is_name(t.id)) {
            error(place(book_, tpath + "/id", t.where),
                  "tier id '" + t.id +
                      "' must start with a lowercase letter or '_' and use only lowercase "
                      "letters, digits and '_'");
        } else if (const auto [first, fresh] = seen.emplace(t.id, i); !fresh) {
            error(place(book_, tpath + "/id", t.where),
                  "duplicate tier '" + t.id + "'" +
                      line_of(path + "/tiers/" + std::to_string(first->second) + "/id",
                              v.tiers[first->second].where));
        }
        const std::string name = t.id.empty() ? "a tier" : "tier '" + t.id + "'";
        if (t.label.empty() && !broken(tpath + "/label")) {
            error(t.where, "missing key 'label' in " + name);
        }
        if (last && !t.when.empty()) {
            error(place(book_, tpath + "/when", t.where),
                  "the last tier must not have 'when': it takes every subject the tiers above "
                  "did not");
        }
        if (!last && t.when.empty() && !broken(tpath + "/when")) {
            error(t.where, name + " needs 'when' (only the last tier has none)");
        }
        for (const auto& [key, word] :
             {std::pair<std::string, const std::string&>{"action", t.action},
              std::pair<std::string, const std::string&>{"otherwise", t.otherwise}}) {
            if (!word.empty() &&
                std::find(std::begin(actions), std::end(actions), word) == std::end(actions)) {
                error(place(book_, tpath + "/" + key, t.where),
                      "'" + key + "' must be one of replicate, improve, maintain, dissolve, got '" +
                          word + "'" + suggestion(word, as_strings(actions)));
            }
        }
        // `otherwise` and `action_when` only make sense together, and with an action to
        // choose: a lone one would be silently ignored, which hides a mistake in the rule.
        if (!t.otherwise.empty() && t.action_when.empty() && !broken(tpath + "/action_when")) {
            error(place(book_, tpath + "/otherwise", t.where),
                  "'otherwise' in " + name +
                      " needs 'action_when': the condition under which 'action' is proposed "
                      "instead");
        }
        if (!t.action_when.empty() && t.action.empty() && !broken(tpath + "/action")) {
            error(
                place(book_, tpath + "/action_when", t.where),
                "'action_when' in " + name + " needs 'action': the action proposed when it holds");
        }
        for (std::size_t k = 0; k < t.requires_criteria.size(); ++k) {
            const auto& id = t.requires_criteria[k];
            const source_location at =
                place(book_, tpath + "/requires/" + std::to_string(k), t.where);
            const auto found = std::find_if(v.criteria.begin(), v.criteria.end(),
                                            [&](const criterion& c) { return c.id == id; });
            if (found == v.criteria.end()) {
                error(at, "unknown criterion '" + id + "' in 'requires'" +
                              suggestion(id, criterion_ids));
            } else if (found->kind != criterion_kind::required) {
                error(at, "'requires' lists criterion '" + id + "', which is " +
                              std::string(to_string(found->kind)) +
                              "; a tier can only require criteria of kind required");
            }
        }
        if (!t.quota) {
            continue;
        }
        const auto& q = *t.quota;
        const std::string qpath = tpath + "/quota";
        if (last) {
            error(place(book_, qpath, q.where),
                  "the last tier cannot have a quota: there is no tier below for the excess");
        }
        if (!(q.max_share >= 0 && q.max_share <= 1)) {
            error(place(book_, qpath + "/max_share", q.where),
                  "'max_share' must be between 0 and 1 (a share: 0.3 is 30%)");
        }
        check_group(q.within, place(book_, qpath + "/within", q.where), "within");
        if (!q.relative_to.empty()) {
            const source_location at = place(book_, qpath + "/relative_to", q.where);
            if (q.relative_to == t.id) {
                error(at, "'relative_to' must name another tier, not '" + t.id + "' itself");
            } else if (std::find(tier_ids.begin(), tier_ids.end(), q.relative_to) ==
                       tier_ids.end()) {
                error(at, "unknown tier '" + q.relative_to + "' in 'relative_to'" +
                              suggestion(q.relative_to, tier_ids));
            }
        }
    }
}

void checker::check_ranking(const ranking& r, const std::string& path) {
    check_group(r.within, place(book_, path + "/within", r.where), "within");
    for (std::size_t i = 0; i < r.by.size(); ++i) {
        const auto& attr = r.by[i];
        if (std::find(std::begin(grouping_attributes), std::end(grouping_attributes), attr) ==
            std::end(grouping_attributes)) {
            error(
                place(book_, path + "/by/" + std::to_string(i), r.where),
                "'by' must name subject attributes (" +
                    [] {
                        std::string all;
                        for (const auto a : grouping_attributes) {
                            all += all.empty() ? "" : ", ";
                            all += a;
                        }
                        return all;
                    }() +
                    "), got '" + attr + "'" + suggestion(attr, as_strings(grouping_attributes)));
        }
    }
}

void checker::check_rollups(const rulebook_version& v, const std::string& path) {
    for (const auto& r : v.rollups) {
        const std::string rpath = path + "/rollups/" + r.id;
        const std::string name = "roll-up '" + r.id + "'";
        if (r.from.empty()) {
            if (!broken(rpath + "/from")) {
                error(r.where, "missing key 'from' in " + name);
            }
        } else if (!is_rulebook_id(r.from)) {
            error(place(book_, rpath + "/from", r.where),
                  "'from' must be a rulebook id (lowercase letters, digits and '-'), got '" +
                      r.from + "'");
        } else if (r.from == book_.id) {
            error(place(book_, rpath + "/from", r.where),
                  name + " reads its own rulebook; roll-ups read other rulebooks' results");
        }
        if (r.value.empty() && !broken(rpath + "/value")) {
            error(r.where, "missing key 'value' in " + name);
        }
    }
}

void checker::check_tests() {
    std::map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < book_.tests.size(); ++i) {
        const auto& t = book_.tests[i];
        const std::string path = "tests/" + std::to_string(i);
        check_test(t, path);
        if (t.name.empty()) {
            continue;
        }
        const auto [first, fresh] = seen.emplace(t.name, i);
        if (!fresh) {
            error(place(book_, path + "/name", t.where),
                  "duplicate test name '" + t.name + "'" +
                      line_of("tests/" + std::to_string(first->second) + "/name",
                              book_.tests[first->second].where));
        }
    }
}

void checker::check_test(const rulebook_test& t, const std::string& path) {
    if (t.name.empty() && !broken(path + "/name")) {
        error(t.where, "missing key 'name' in a test");
    }
    const std::string name = t.name.empty() ? "a test" : "test '" + t.name + "'";
    for (const auto& [key, value] : t.subject) {
        if (key == "type_indicators") {
            // Not an attribute: the indicators of the subject's model type (rule_test.cpp).
            if (book_.subject != subject_kind::model) {
                error(place(book_, path + "/subject/" + key, t.where),
                      "'type_indicators' gives a model type's indicators: it needs 'subject: "
                      "model'");
            }
            continue;
        }
        if (std::find(std::begin(attribute_names), std::end(attribute_names), key) ==
            std::end(attribute_names)) {
            error(place(book_, path + "/subject/" + key, t.where),
                  "unknown subject attribute '" + key + "'" +
                      suggestion(key, as_strings(attribute_names)));
        }
    }
    if (t.period.empty()) {
        if (!broken(path + "/period")) {
            error(t.where, "missing key 'period' in " + name);
        }
        return;
    }
    const source_location period_at = place(book_, path + "/period", t.where);
    std::optional<antq::period> p;
    try {
        p = antq::period::parse(t.period, book_.period);
    } catch (const usage_error& e) {
        error(period_at, e.what());
        return;
    }
    const auto index = book_.version_index_for(*p);
    if (!index) {
        if (!book_.versions.empty() && !book_.versions.front().effective.is_special()) {
            error(period_at, "no version is in force for period " + t.period + " (it ends on " +
                                 format_date(p->last()) + "; the first version takes effect on " +
                                 format_date(book_.versions.front().effective) + ")");
        }
        return;
    }
    const auto& v = book_.versions[*index];
    std::vector<std::string> inputs;
    for (const auto& ind : v.indicators) {
        inputs.push_back(ind.id);
    }
    for (const auto& r : v.rollups) {
        inputs.push_back(r.id);
    }
    const auto check_inputs = [&](const std::map<std::string, test_value>& values,
                                  const std::string& key) {
        for (const auto& [id, value] : values) {
            if (std::find(inputs.begin(), inputs.end(), id) == inputs.end()) {
                error(place(book_, path + "/" + key + "/" + id, t.where),
                      "unknown indicator '" + id + "' in " + name + suggestion(id, inputs) +
                          "; version '" + v.version + "' is in force for " + t.period);
            }
        }
    };
    check_inputs(t.indicators, "indicators");
    check_inputs(t.previous, "previous");

    std::vector<std::string> tier_ids;
    std::vector<std::string> criterion_ids;
    for (const auto& tr : v.tiers) {
        tier_ids.push_back(tr.id);
    }
    for (const auto& c : v.criteria) {
        criterion_ids.push_back(c.id);
    }
    const auto& e = t.expect;
    if (e.tier && std::find(tier_ids.begin(), tier_ids.end(), *e.tier) == tier_ids.end()) {
        error(place(book_, path + "/expect/tier", t.where),
              "unknown tier '" + *e.tier + "' in " + name + suggestion(*e.tier, tier_ids));
    }
    if (e.action && !e.action->empty() &&
        std::find(std::begin(actions), std::end(actions), *e.action) == std::end(actions)) {
        error(place(book_, path + "/expect/action", t.where),
              "'action' must be one of replicate, improve, maintain, dissolve, got '" + *e.action +
                  "'" + suggestion(*e.action, as_strings(actions)));
    }
    const auto check_criteria = [&](const std::vector<std::string>& ids, const std::string& key) {
        for (std::size_t k = 0; k < ids.size(); ++k) {
            if (std::find(criterion_ids.begin(), criterion_ids.end(), ids[k]) ==
                criterion_ids.end()) {
                error(place(book_, path + "/expect/" + key + "/" + std::to_string(k), t.where),
                      "unknown criterion '" + ids[k] + "' in " + name +
                          suggestion(ids[k], criterion_ids));
            }
        }
    };
    check_criteria(e.passed, "passed");
    check_criteria(e.failed, "failed");
}

}  // namespace

bool is_reserved_name(std::string_view name) noexcept {
    return std::find(std::begin(attribute_names), std::end(attribute_names), name) !=
               std::end(attribute_names) ||
           std::find(std::begin(reserved_words), std::end(reserved_words), name) !=
               std::end(reserved_words);
}

bool is_name(std::string_view id) noexcept {
    if (id.empty() || !((id.front() >= 'a' && id.front() <= 'z') || id.front() == '_')) {
        return false;
    }
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
}

bool is_rulebook_id(std::string_view id) noexcept {
    return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

source_location place(const rulebook& book, const std::string& path,
                      const source_location& fallback) {
    if (const auto found = book.locations.find(path); found != book.locations.end()) {
        return found->second;
    }
    if (fallback.file.empty()) {
        return {book.file, fallback.line, fallback.column};
    }
    return fallback;
}

std::string suggestion(std::string_view word, std::span<const std::string> candidates) {
    return detail::did_you_mean(word, candidates);
}

bool within_count_limits(const rulebook& book) noexcept {
    const auto bounded = [](const criterion& c) {
        return c.points <= max_criterion_points && (!c.weight || *c.weight <= max_criterion_weight);
    };
    return std::all_of(book.versions.begin(), book.versions.end(), [&](const auto& v) {
        return v.criteria.size() <= max_criteria_per_version &&
               v.derived.size() <= max_derived_per_version &&
               v.tiers.size() <= max_tiers_per_version &&
               std::all_of(v.criteria.begin(), v.criteria.end(), bounded);
    });
}

void validate_rulebook(const rulebook& book, const broken_paths& broken,
                       diagnostic_list& problems) {
    checker(book, broken, problems).run();
}

}  // namespace antq::detail::rules
