#include "antq/rule_test.hpp"

#include "antq/dataset/tables.hpp"
#include "antq/io/read_file.hpp"
#include "antq/io/terminal_text.hpp"
#include "antq/join.hpp"
#include "antq/rules/validate.hpp"

#include <antq/error.hpp>
#include <antq/evaluate.hpp>
#include <antq/explain.hpp>
#include <antq/labels.hpp>
#include <antq/rulebook_loader.hpp>
#include <antq/rulebook_set.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <set>
#include <string_view>
#include <system_error>
#include <utility>

namespace antq {

namespace {

namespace fs = std::filesystem;

// ---- The form a rulebook's tests run in ----

// Roll-ups become indicators (a case gives their values) and quotas go (a case of one
// subject cannot fill a share of a group): see the file comment of rule_test.hpp.
rulebook test_form(const rulebook& book) {
    rulebook out = book;
    out.tests.clear();
    for (auto& v : out.versions) {
        for (const auto& r : v.rollups) {
            const bool declared = std::any_of(v.indicators.begin(), v.indicators.end(),
                                              [&](const indicator& i) { return i.id == r.id; });
            if (!declared) {
                v.indicators.push_back({r.id, indicator_type::number, missing_policy::error,
                                        "roll-up from " + r.from, r.where});
            }
        }
        v.rollups.clear();
        for (auto& t : v.tiers) {
            t.quota.reset();
        }
    }
    return out;
}

std::string number_text(double v) {
    return fmt::format("{}", v);
}

std::string attribute(const rulebook_test& t, const std::string& key, std::string fallback = {}) {
    const auto found = t.subject.find(key);
    return found == t.subject.end() ? std::move(fallback) : found->second;
}

std::vector<std::string> ids_of_indicators(const rulebook_version& v) {
    std::vector<std::string> ids;
    for (const auto& i : v.indicators) {
        ids.push_back(i.id);
    }
    for (const auto& r : v.rollups) {
        if (std::find(ids.begin(), ids.end(), r.id) == ids.end()) {
            ids.push_back(r.id);
        }
    }
    return ids;
}

template <class Items>
std::vector<std::string> ids_of(const Items& items) {
    std::vector<std::string> ids;
    for (const auto& item : items) {
        ids.push_back(item.id);
    }
    return ids;
}

bool contains(const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

void check_name(std::vector<std::string>& problems, std::string_view what, const std::string& name,
                const std::vector<std::string>& known) {
    if (!contains(known, name)) {
        problems.push_back(
            fmt::format("unknown {} '{}'{}", what, name, detail::rules::suggestion(name, known)));
    }
}

// A test subject's key that is not an attribute: the indicators its model type lists in a
// catalogue ("crimes;patrols"), for rulebooks whose indicators are read `by_type`.
constexpr std::string_view type_indicators_key = "type_indicators";

// The names a case uses that its version does not have; empty when all are known.
std::vector<std::string> unknown_names(const rulebook_test& t, const rulebook_version& v) {
    std::vector<std::string> problems;
    const std::vector<std::string> attributes(std::begin(detail::rules::attribute_names),
                                              std::end(detail::rules::attribute_names));
    for (const auto& [key, value] : t.subject) {
        if (key != type_indicators_key) {
            check_name(problems, "subject attribute", key, attributes);
        }
    }
    const auto indicators = ids_of_indicators(v);
    for (const auto& [key, value] : t.indicators) {
        check_name(problems, "indicator", key, indicators);
    }
    const auto own_indicators = ids_of(v.indicators);
    for (const auto& [key, value] : t.previous) {
        check_name(problems, "indicator", key, own_indicators);
    }
    const auto tiers = ids_of(v.tiers);
    if (t.expect.tier) {
        check_name(problems, "tier", *t.expect.tier, tiers);
    }
    if (t.expect.action) {
        std::vector<std::string> actions;
        for (const auto& tier : v.tiers) {
            for (const std::string* a : {&tier.action, &tier.otherwise}) {
                if (!a->empty() && !contains(actions, *a)) {
                    actions.push_back(*a);
                }
            }
        }
        check_name(problems, "action", *t.expect.action, actions);
    }
    const auto criteria = ids_of(v.criteria);
    for (const auto& id : t.expect.passed) {
        check_name(problems, "criterion", id, criteria);
    }
    for (const auto& id : t.expect.failed) {
        check_name(problems, "criterion", id, criteria);
    }
    return problems;
}

// ---- The one-subject dataset ----

long whole_days(const std::string& text) {
    std::size_t used = 0;
    long days = -1;
    try {
        days = std::stol(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || days < 0) {
        throw usage_error("subject attribute 'days_active' must be a whole number of days, got '" +
                          text + "'");
    }
    return days;
}

// The model's start so that it ran `days` days of `p` (to its end).
std::optional<date> start_for(const period& p, long days) {
    if (days > p.days()) {
        throw usage_error(
            fmt::format("days_active {} is more than the {} days of the period", days, p.days()));
    }
    if (days == p.days()) {
        return std::nullopt;
    }
    return p.last() - boost::gregorian::date_duration(days - 1);
}

registry case_registry(const rulebook& book, const rulebook_test& t, const period& p,
                       const std::string& id) {
    std::vector<unit> units;
    std::vector<model> models;
    std::vector<exemplar> exemplars;
    const std::string days = attribute(t, "days_active");
    switch (book.subject) {
        case subject_kind::model: {
            model m;
            m.id = id;
            m.name = attribute(t, "name");
            m.type = attribute(t, "kind");
            m.topic = attribute(t, "topic");
            m.target_group = attribute(t, "target_group");
            m.unit = attribute(t, "unit", "unit-of-" + id);
            if (!days.empty()) {
                m.established = start_for(p, whole_days(days));
            }
            units.push_back({m.unit, attribute(t, "unit_kind", unit_kinds::village), "", ""});
            models.push_back(std::move(m));
            break;
        }
        case subject_kind::unit: {
            const std::string kind = attribute(t, "kind");
            const std::string unit_kind = attribute(t, "unit_kind");
            if (!kind.empty() && !unit_kind.empty() && kind != unit_kind) {
                throw usage_error("subject 'kind' (" + kind + ") and 'unit_kind' (" + unit_kind +
                                  ") differ: a unit's kind is both");
            }
            const std::string own = attribute(t, "unit", id);
            if (own != id) {
                throw usage_error("subject 'unit' (" + own + ") must be the unit's own id (" + id +
                                  ")");
            }
            if (!days.empty() && whole_days(days) != p.days()) {
                throw usage_error(
                    fmt::format("subject 'days_active' ({}) must be the {} days of the period: "
                                "units are active the whole period",
                                days, p.days()));
            }
            units.push_back({id,
                             !kind.empty()        ? kind
                             : !unit_kind.empty() ? unit_kind
                                                  : unit_kinds::commune,
                             attribute(t, "name"), ""});
            break;
        }
        case subject_kind::exemplar: {
            exemplar e;
            e.id = id;
            e.name = attribute(t, "name");
            const std::string kind = attribute(t, "kind", "individual");
            if (kind != "individual" && kind != "collective") {
                throw usage_error(
                    "subject 'kind' of an exemplar must be 'individual' or 'collective', got '" +
                    kind + "'");
            }
            if (!days.empty() && whole_days(days) != p.days()) {
                throw usage_error(
                    fmt::format("subject 'days_active' ({}) must be the {} days of the period: "
                                "exemplars are active the whole period",
                                days, p.days()));
            }
            e.kind = kind == "individual" ? exemplar_kind::individual : exemplar_kind::collective;
            e.unit = attribute(t, "unit", "unit-of-" + id);
            units.push_back({e.unit, attribute(t, "unit_kind", unit_kinds::village), "", ""});
            exemplars.push_back(std::move(e));
            break;
        }
    }
    return registry::build(std::move(units), std::move(models), std::move(exemplars));
}

bool is_text(const test_value& v) {
    return v && std::holds_alternative<std::string>(*v);
}

double number_of(const test_value& v) {
    if (!v) {
        return missing_value;
    }
    if (const auto* d = std::get_if<double>(&*v)) {
        return *d;
    }
    return std::get<bool>(*v) ? 1.0 : 0.0;
}

// One column per name given in either period; row 0 is the case's period, row 1 (when
// there are previous values) the period before.
observation_table case_observations(const rulebook_test& t, const period& p,
                                    const std::string& id) {
    const bool with_previous = !t.previous.empty();
    std::vector<std::string> labels{t.period};
    std::vector<std::uint32_t> row_subject{0};
    std::vector<std::uint32_t> row_period{0};
    if (with_previous) {
        labels.push_back(p.previous().to_string());
        row_subject.push_back(0);
        row_period.push_back(1);
    }
    std::set<std::string> names;
    for (const auto& [key, value] : t.indicators) {
        names.insert(key);
    }
    for (const auto& [key, value] : t.previous) {
        names.insert(key);
    }
    const auto value_in = [](const std::map<std::string, test_value>& values,
                             const std::string& name) {
        const auto found = values.find(name);
        return found == values.end() ? test_value{} : found->second;
    };
    std::vector<observation_column> columns;
    for (const auto& name : names) {
        std::vector<test_value> cells{value_in(t.indicators, name)};
        if (with_previous) {
            cells.push_back(value_in(t.previous, name));
        }
        observation_column c;
        c.name = name;
        c.type = std::any_of(cells.begin(), cells.end(), is_text)
                     ? observation_column::kind::text
                     : observation_column::kind::number;
        for (const auto& cell : cells) {
            if (c.type == observation_column::kind::number) {
                c.numbers.push_back(number_of(cell));
                continue;
            }
            const bool present = cell.has_value();
            c.present.push_back(present ? 1 : 0);
            if (!present) {
                c.texts.emplace_back();
            } else if (const auto* s = std::get_if<std::string>(&*cell)) {
                c.texts.push_back(*s);
            } else {
                c.texts.push_back(number_text(number_of(cell)));
            }
        }
        columns.push_back(std::move(c));
    }
    return observation_table({id}, std::move(labels), std::move(row_subject), std::move(row_period),
                             std::move(columns), t.where.file);
}

// ---- Comparing with `expect` ----

bool in_range(double score, const std::pair<double, double>& range) {
    const double slack = 1e-9 * std::max({1.0, std::abs(range.first), std::abs(range.second)});
    return score >= range.first - slack && score <= range.second + slack;
}

std::string range_text(const std::pair<double, double>& range) {
    if (range.first == range.second) {
        return number_text(range.first);
    }
    return "[" + number_text(range.first) + ", " + number_text(range.second) + "]";
}

bool expects_evaluated(const test_expectation& e) {
    return e.tier || e.action || e.score || !e.passed.empty() || !e.failed.empty() || e.rank;
}

std::string tier_label(const rulebook_version& version, const std::string& id) {
    for (const auto& t : version.tiers) {
        if (t.id == id) {
            return t.label;
        }
    }
    return {};
}

test_mismatch status_mismatch(std::string expected, const subject_result& r) {
    test_mismatch m;
    m.about = test_mismatch::aspect::status;
    m.expected = std::move(expected);
    m.got = std::string(to_string(r.status));
    m.got_label = r.message;
    return m;
}

void compare_criterion(std::vector<test_mismatch>& out, const subject_result& r,
                       const rulebook_version& version, const std::string& id, bool want_passed) {
    using outcome = test_mismatch::criterion_outcome;
    const auto found = std::find_if(r.criteria.begin(), r.criteria.end(),
                                    [&](const criterion_result& c) { return c.id == id; });
    const outcome got = found == r.criteria.end() || !found->assessed ? outcome::not_assessed
                        : found->passed                               ? outcome::passed
                                                                      : outcome::failed;
    const outcome expected = want_passed ? outcome::passed : outcome::failed;
    if (got == expected) {
        return;
    }
    test_mismatch m;
    m.about = test_mismatch::aspect::criterion;
    m.criterion = id;
    for (const auto& c : version.criteria) {
        if (c.id == id) {
            m.criterion_title = c.title;
        }
    }
    m.expected_outcome = expected;
    m.got_outcome = got;
    out.push_back(std::move(m));
}

std::vector<test_mismatch> compare(const test_expectation& e, const subject_result& r,
                                   const rulebook_version& version) {
    using aspect = test_mismatch::aspect;
    std::vector<test_mismatch> out;
    if (e.status && *e.status != to_string(r.status)) {
        out.push_back(status_mismatch(*e.status, r));
        return out;
    }
    if (!e.status && r.status != result_status::evaluated && expects_evaluated(e)) {
        out.push_back(status_mismatch("evaluated", r));
        return out;
    }
    if (e.tier && *e.tier != r.tier_id) {
        test_mismatch m;
        m.about = aspect::tier;
        m.expected = *e.tier;
        m.got = r.tier_id;
        m.expected_label = tier_label(version, *e.tier);
        m.got_label = tier_label(version, r.tier_id);
        out.push_back(std::move(m));
    }
    if (e.action && *e.action != r.action) {
        test_mismatch m;
        m.about = aspect::action;
        m.expected = *e.action;
        m.got = r.action;
        out.push_back(std::move(m));
    }
    if (e.score && (std::isnan(r.score) || !in_range(r.score, *e.score))) {
        test_mismatch m;
        m.about = aspect::score;
        m.expected_score = *e.score;
        m.got_score = r.score;
        out.push_back(std::move(m));
    }
    for (const auto& id : e.passed) {
        compare_criterion(out, r, version, id, true);
    }
    for (const auto& id : e.failed) {
        compare_criterion(out, r, version, id, false);
    }
    if (e.rank && static_cast<std::uint32_t>(*e.rank) != r.rank) {
        test_mismatch m;
        m.about = aspect::rank;
        m.expected_rank = *e.rank;
        m.got_rank = r.rank;
        out.push_back(std::move(m));
    }
    return out;
}

// ---- Coverage ----

test_coverage empty_coverage(const rulebook& book) {
    test_coverage c;
    for (const auto& v : book.versions) {
        for (const auto& criterion : v.criteria) {
            c.criteria.push_back({book.id, v.version, criterion.id});
        }
        for (const auto& tier : v.tiers) {
            c.tiers.push_back({book.id, v.version, tier.id});
        }
    }
    return c;
}

void mark(test_coverage& c, const rulebook_results& results, std::size_t row) {
    const auto& h = results.header();
    const auto& cols = results.columns();
    if (cols.status[row] != result_status::evaluated) {
        return;
    }
    for (std::size_t k = 0; k < h.criteria.size(); ++k) {
        const std::size_t cell = results.at(k, row);
        if (cols.criterion_assessed[cell] == 0) {
            continue;
        }
        for (auto& item : c.criteria) {
            if (item.rulebook == h.rulebook && item.version == h.version &&
                item.criterion == h.criteria[k].id) {
                (cols.criterion_passed[cell] != 0 ? item.passed_seen : item.failed_seen) = true;
            }
        }
    }
    const std::string_view tier = results.tier_id(row);
    for (auto& item : c.tiers) {
        if (item.rulebook == h.rulebook && item.version == h.version && item.tier == tier) {
            item.reached = true;
        }
    }
}

std::string location_text(const source_location& where) {
    std::string text = where.file;
    if (where.line > 0) {
        text += ":" + std::to_string(where.line);
        if (where.column > 0) {
            text += ":" + std::to_string(where.column);
        }
    }
    return text;
}

}  // namespace

// ---- test_coverage, test_run ----

std::size_t test_coverage::covered_items() const noexcept {
    std::size_t n = 0;
    for (const auto& c : criteria) {
        n += (c.passed_seen ? 1 : 0) + (c.failed_seen ? 1 : 0);
    }
    for (const auto& t : tiers) {
        n += t.reached ? 1 : 0;
    }
    return n;
}

std::size_t test_coverage::total_items() const noexcept {
    return 2 * criteria.size() + tiers.size();
}

double test_coverage::fraction() const noexcept {
    const std::size_t total = total_items();
    return total == 0 ? 1.0 : static_cast<double>(covered_items()) / static_cast<double>(total);
}

std::size_t test_run::passed() const noexcept {
    return static_cast<std::size_t>(std::count_if(
        cases.begin(), cases.end(), [](const test_case_result& c) { return c.passed; }));
}

std::size_t test_run::failed() const noexcept {
    return cases.size() - passed();
}

void test_run::append(test_run other) {
    std::move(other.cases.begin(), other.cases.end(), std::back_inserter(cases));
    std::move(other.coverage.criteria.begin(), other.coverage.criteria.end(),
              std::back_inserter(coverage.criteria));
    std::move(other.coverage.tiers.begin(), other.coverage.tiers.end(),
              std::back_inserter(coverage.tiers));
}

// ---- rule_tester ----

struct rule_tester::impl {
    rulebook source;
    compiled_rulebook compiled;

    // The version a case runs under, and its period; throws `usage_error`.
    std::pair<const rulebook_version*, period> version_of(const rulebook_test& t) const {
        if (t.period.empty()) {
            throw usage_error("the test has no period");
        }
        const period p = period::parse(t.period, source.period);
        return {&source.version_for(p), p};
    }

    dataset make_dataset(const rulebook_test& t, const rulebook_version& version,
                         const period& p) const {
        if (const auto problems = unknown_names(t, version); !problems.empty()) {
            throw usage_error(detail::join(problems, "; "));
        }
        const std::string id = attribute(t, "id", "subject");
        dataset d;
        d.registry = case_registry(source, t, p, id);
        d.observations = case_observations(t, p, id);
        if (const auto listed = t.subject.find(std::string(type_indicators_key));
            listed != t.subject.end()) {
            if (source.subject != subject_kind::model) {
                throw usage_error("subject 'type_indicators' is for rulebooks about models");
            }
            std::string problem;
            model_type type{attribute(t, "kind"), "", attribute(t, "topic"),
                            detail::split_list(listed->second, problem)};
            if (!problem.empty()) {
                throw usage_error("subject 'type_indicators': " + problem);
            }
            d.model_types.push_back(std::move(type));
        }
        d.content_hash = hash_dataset(d);
        return d;
    }

    case_evaluation evaluate(const rulebook_test& t, const dataset& data) const {
        case_evaluation out;
        out.results = antq::evaluate(data, compiled, t.period);
        const std::string id = attribute(t, "id", "subject");
        const auto row = out.results.find(id);
        if (!row) {
            throw usage_error("subject '" + id + "' is not among the subjects of rulebook '" +
                              source.id + "' (its applies_to leaves it out)");
        }
        out.subject = out.results.row(*row);
        return out;
    }

    // Runs a case; the evaluation too when it ran (for coverage). Problems with the case
    // become its failures, one per line.
    std::pair<test_case_result, std::optional<case_evaluation>> run(const rulebook_test& t) const {
        test_case_result r;
        r.rulebook = source.id;
        r.name = t.name;
        r.where = t.where;
        std::optional<case_evaluation> ran;
        try {
            const auto [version, p] = version_of(t);
            r.failures = unknown_names(t, *version);
            if (!r.failures.empty()) {
                return {std::move(r), std::nullopt};
            }
            ran = evaluate(t, make_dataset(t, *version, p));
        } catch (const input_error& e) {
            for (const auto& d : e.diagnostics()) {
                r.failures.push_back(d.to_string());
            }
            return {std::move(r), std::nullopt};
        } catch (const error& e) {
            r.failures.emplace_back(e.what());
            return {std::move(r), std::nullopt};
        }
        r.mismatches = compare(t.expect, ran->subject, *version_of(t).first);
        for (const auto& m : r.mismatches) {
            r.failures.push_back(to_string(m));
        }
        r.passed = r.failures.empty();
        r.actual = ran->subject;
        if (!r.passed) {
            r.explanation = explain(ran->results, ran->subject.subject, language::vi).text;
        }
        return {std::move(r), std::move(ran)};
    }
};

rule_tester::rule_tester(rulebook book, const engine_registry& engines) {
    auto form = test_form(book);
    auto compiled = compile_rulebook(form, engines);
    impl_ = std::make_shared<const impl>(impl{std::move(book), std::move(compiled)});
}

rule_tester::rule_tester(const compiled_rulebook& rules) {
    const rulebook& book = rules.source();
    // A rulebook with no roll-up and no quota is its tests' form already (tests do not
    // reach the plan): its compiled form serves as it is, instead of being compiled again.
    const bool is_test_form = std::all_of(
        book.versions.begin(), book.versions.end(), [](const rulebook_version& v) {
            return v.rollups.empty() &&
                   std::none_of(v.tiers.begin(), v.tiers.end(),
                                [](const tier& t) { return t.quota.has_value(); });
        });
    auto compiled = is_test_form ? rules : compile_rulebook(test_form(book), rules.engines());
    impl_ = std::make_shared<const impl>(impl{book, std::move(compiled)});
}

rule_tester::rule_tester(const rulebook_set& rules, std::string_view id)
    : rule_tester(rules.at(id)) {}

const rulebook& rule_tester::source() const noexcept {
    return impl_->source;
}

dataset rule_tester::make_dataset(const rulebook_test& test) const {
    const auto [version, p] = impl_->version_of(test);
    return impl_->make_dataset(test, *version, p);
}

case_evaluation rule_tester::evaluate(const rulebook_test& test) const {
    return impl_->evaluate(test, make_dataset(test));
}

test_case_result rule_tester::run(const rulebook_test& test) const {
    return impl_->run(test).first;
}

test_run rule_tester::run_all(std::span<const rulebook_test> more) const {
    test_run out;
    out.coverage = empty_coverage(impl_->source);
    const auto run_one = [&](const rulebook_test& t) {
        auto [result, ran] = impl_->run(t);
        if (ran) {
            mark(out.coverage, ran->results, 0);
        }
        out.cases.push_back(std::move(result));
    };
    for (const auto& t : impl_->source.tests) {
        run_one(t);
    }
    for (const auto& t : more) {
        run_one(t);
    }
    return out;
}

// ---- Running the tests under paths ----

namespace {

bool ends_with(const std::string& text, std::string_view suffix) {
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_cases_file(const fs::path& p) {
    const std::string name = p.filename().string();
    return ends_with(name, ".cases.yaml") || ends_with(name, ".cases.yml");
}

std::vector<fs::path> cases_files_under(const fs::path& folder) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        if (is_cases_file(it->path()) && detail::is_regular_entry(*it)) {
            files.push_back(it->path());
        }
    }
    if (ec) {
        throw io_error("cannot read folder '" + folder.string() + "': " + ec.message());
    }
    return files;
}

fs::path canonical_or_same(const fs::path& p) {
    std::error_code ec;
    auto c = fs::weakly_canonical(p, ec);
    return ec ? p : c;
}

struct loaded_rulebook {
    fs::path path;  // canonical
    compiled_rulebook compiled;  // read, checked and compiled once; its tests run on this
    std::vector<rulebook_test> cases;
};

class test_collector {
  public:
    explicit test_collector(const engine_registry& engines) : engines_(engines) {}

    void add_path(const fs::path& path) {
        std::error_code ec;
        const auto status = fs::status(path, ec);
        if (ec && ec != std::errc::no_such_file_or_directory) {
            throw io_error("cannot read '" + path.string() + "': " + ec.message());
        }
        if (!fs::exists(status)) {
            throw io_error("cannot read '" + path.string() + "': no such file or folder");
        }
        if (fs::is_directory(status)) {
            for (const auto& file : find_rulebook_files(path)) {
                load(file);
            }
            for (const auto& file : cases_files_under(path)) {
                cases_files_.push_back(file);
            }
            return;
        }
        if (is_cases_file(path)) {
            cases_files_.push_back(path);
        } else {
            load(path);
        }
    }

    std::vector<loaded_rulebook> collect() {
        std::sort(cases_files_.begin(), cases_files_.end(),
                  [](const fs::path& a, const fs::path& b) {
                      return a.generic_string() < b.generic_string();
                  });
        cases_files_.erase(std::unique(cases_files_.begin(), cases_files_.end()),
                           cases_files_.end());
        for (const auto& file : cases_files_) {
            attach_cases(file);
        }
        if (!problems_.empty()) {
            throw input_error(std::move(problems_));
        }
        std::sort(books_.begin(), books_.end(),
                  [](const loaded_rulebook& a, const loaded_rulebook& b) {
                      return a.path.generic_string() < b.path.generic_string();
                  });
        return {std::make_move_iterator(books_.begin()), std::make_move_iterator(books_.end())};
    }

  private:
    loaded_rulebook* load(const fs::path& file) {
        const fs::path canonical = canonical_or_same(file);
        for (auto& b : books_) {
            if (b.path == canonical) {
                return &b;
            }
        }
        try {
            books_.push_back({canonical, load_compiled_rulebook(file, engines_), {}});
            return &books_.back();
        } catch (const input_error& e) {
            problems_.insert(problems_.end(), e.diagnostics().begin(), e.diagnostics().end());
            return nullptr;
        }
    }

    loaded_rulebook* find_id(const std::string& id) {
        for (auto& b : books_) {
            if (b.compiled.id() == id) {
                return &b;
            }
        }
        return nullptr;
    }

    // The rulebook a cases file tests (see `run_rule_tests`), or null after reporting why.
    loaded_rulebook* target_of(const fs::path& file, const std::string& named) {
        const fs::path folder = file.parent_path();
        if (named.empty()) {
            std::string stem = file.filename().string();
            stem.erase(stem.rfind(".cases."));
            for (const char* ext : {".yaml", ".yml", ".json"}) {
                const fs::path beside = folder / (stem + ext);
                std::error_code ec;
                if (fs::is_regular_file(beside, ec)) {
                    return load(beside);
                }
            }
            problems_.push_back({{file.string(), 0, 0},
                                 severity::error,
                                 "no rulebook '" + stem +
                                     ".yaml' beside this test file, and no 'rulebook:' key "
                                     "naming the rulebook it tests"});
            return nullptr;
        }
        if (auto* found = find_id(named)) {
            return found;
        }
        std::error_code ec;
        if (const fs::path relative = folder / named; fs::is_regular_file(relative, ec)) {
            return load(relative);
        }
        // Look through the folder without adding its other rulebooks to the run: only the
        // one named is tested, and a broken neighbour is not this file's problem.
        for (const auto& candidate : find_rulebook_files(folder.empty() ? fs::path(".") : folder)) {
            try {
                auto book = load_compiled_rulebook(candidate, engines_);
                if (book.id() == named) {
                    books_.push_back({canonical_or_same(candidate), std::move(book), {}});
                    return &books_.back();
                }
            } catch (const error&) {
                continue;
            }
        }
        problems_.push_back(
            {{file.string(), 0, 0},
             severity::error,
             "the rulebook '" + named +
                 "' this test file names is not found (no rulebook with "
                 "that id under the paths given or beside the file, and no such file)"});
        return nullptr;
    }

    void attach_cases(const fs::path& file) {
        rulebook_cases cases;
        try {
            cases = load_rulebook_cases(file);
        } catch (const input_error& e) {
            problems_.insert(problems_.end(), e.diagnostics().begin(), e.diagnostics().end());
            return;
        }
        if (auto* target = target_of(file, cases.rulebook)) {
            std::move(cases.tests.begin(), cases.tests.end(), std::back_inserter(target->cases));
        }
    }

    const engine_registry& engines_;
    std::deque<loaded_rulebook> books_;  // a deque: loading more keeps pointers to the others valid
    std::vector<fs::path> cases_files_;
    std::vector<diagnostic> problems_;
};

std::string_view outcome_text(test_mismatch::criterion_outcome o, language lang) {
    using outcome = test_mismatch::criterion_outcome;
    const bool vi = lang == language::vi;
    switch (o) {
        case outcome::passed:
            return vi ? "đạt" : "passed";
        case outcome::failed:
            return vi ? "không đạt" : "failed";
        case outcome::not_assessed:
            break;
    }
    return vi ? "không được đánh giá" : "not assessed";
}

// A score range in Vietnamese: "50", "từ 80 đến 100"; "không có" for no score.
std::string score_text_vi(const std::pair<double, double>& range) {
    const auto number = [](double v) {
        std::string text = number_text(v);
        std::replace(text.begin(), text.end(), '.', ',');
        return text;
    };
    if (range.first == range.second) {
        return number(range.first);
    }
    return "từ " + number(range.first) + " đến " + number(range.second);
}

// "“Hoạt động hiệu quả” (effective)"; the id alone when the rulebook has no label; "không
// có" for none.
std::string labelled_vi(const std::string& label, const std::string& id) {
    if (id.empty()) {
        return "không có";
    }
    return label.empty() || label == id ? id : "“" + label + "” (" + id + ")";
}

std::string status_text_vi(const std::string& status) {
    const std::string_view label = word(status, language::vi);
    return label == status ? status : std::string(label) + " (" + status + ")";
}

std::string mismatch_text_vi(const test_mismatch& m) {
    using aspect = test_mismatch::aspect;
    switch (m.about) {
        case aspect::status:
            return "trạng thái: cần " + status_text_vi(m.expected) + ", được " +
                   status_text_vi(m.got) + (m.got_label.empty() ? "" : " — " + m.got_label);
        case aspect::tier:
            return "loại: cần " + labelled_vi(m.expected_label, m.expected) + ", được " +
                   labelled_vi(m.got_label, m.got);
        case aspect::action:
            return "hành động: cần " +
                   labelled_vi(std::string(word(m.expected, language::vi)), m.expected) +
                   ", được " + labelled_vi(std::string(word(m.got, language::vi)), m.got);
        case aspect::score:
            return "điểm: cần " + score_text_vi(m.expected_score) + ", được " +
                   (std::isnan(m.got_score) ? std::string("không có")
                                            : score_text_vi({m.got_score, m.got_score}));
        case aspect::criterion:
            return "tiêu chí " + labelled_vi(m.criterion_title, m.criterion) + ": cần " +
                   std::string(outcome_text(m.expected_outcome, language::vi)) + ", được " +
                   std::string(outcome_text(m.got_outcome, language::vi));
        case aspect::rank:
            break;
    }
    return "thứ hạng: cần " + std::to_string(m.expected_rank) + ", được " +
           (m.got_rank == no_rank ? std::string("không có") : std::to_string(m.got_rank));
}

void render_coverage(std::string& out, const test_coverage& c, language lang) {
    const bool vi = lang == language::vi;
    if (vi) {
        std::string percent = fmt::format("{:.1f}", 100.0 * c.fraction());
        std::replace(percent.begin(), percent.end(), '.', ',');
        out +=
            fmt::format("độ phủ: {}% ({}/{} mục)\n", percent, c.covered_items(), c.total_items());
    } else {
        out += fmt::format("coverage: {:.1f}% ({} of {} items)\n", 100.0 * c.fraction(),
                           c.covered_items(), c.total_items());
    }
    // Per rulebook version, in the order they appear.
    std::vector<std::pair<std::string, std::string>> versions;
    const auto note_version = [&](const std::string& book, const std::string& version) {
        const std::pair key{book, version};
        if (std::find(versions.begin(), versions.end(), key) == versions.end()) {
            versions.push_back(key);
        }
    };
    for (const auto& item : c.criteria) {
        note_version(item.rulebook, item.version);
    }
    for (const auto& item : c.tiers) {
        note_version(item.rulebook, item.version);
    }
    for (const auto& [book, version] : versions) {
        std::size_t criteria = 0;
        std::size_t passing = 0;
        std::size_t failing = 0;
        std::vector<std::string> never_passed;
        std::vector<std::string> never_failed;
        for (const auto& item : c.criteria) {
            if (item.rulebook != book || item.version != version) {
                continue;
            }
            ++criteria;
            passing += item.passed_seen ? 1 : 0;
            failing += item.failed_seen ? 1 : 0;
            if (!item.passed_seen) {
                never_passed.push_back(item.criterion);
            }
            if (!item.failed_seen) {
                never_failed.push_back(item.criterion);
            }
        }
        std::size_t tiers = 0;
        std::size_t reached = 0;
        std::vector<std::string> never_reached;
        for (const auto& item : c.tiers) {
            if (item.rulebook != book || item.version != version) {
                continue;
            }
            ++tiers;
            reached += item.reached ? 1 : 0;
            if (!item.reached) {
                never_reached.push_back(item.tier);
            }
        }
        out += vi ? fmt::format(
                        "  {} {}: tiêu chí đã thấy đạt {}/{}, không đạt {}/{}; loại đã "
                        "đạt tới {}/{}\n",
                        book, version, passing, criteria, failing, criteria, reached, tiers)
                  : fmt::format(
                        "  {} {}: criteria seen passing {}/{}, failing {}/{}; tiers "
                        "reached {}/{}\n",
                        book, version, passing, criteria, failing, criteria, reached, tiers);
        if (!never_passed.empty()) {
            out += (vi ? "    chưa lần nào đạt: " : "    never passing: ") +
                   detail::join(never_passed, ", ") + "\n";
        }
        if (!never_failed.empty()) {
            out += (vi ? "    chưa lần nào không đạt: " : "    never failing: ") +
                   detail::join(never_failed, ", ") + "\n";
        }
        if (!never_reached.empty()) {
            out += (vi ? "    loại chưa lần nào đạt tới: " : "    tiers never reached: ") +
                   detail::join(never_reached, ", ") + "\n";
        }
    }
}

std::string indented(const std::string& text, std::size_t spaces) {
    std::string out;
    const std::string pad(spaces, ' ');
    std::size_t begin = 0;
    while (begin < text.size()) {
        std::size_t end = text.find('\n', begin);
        if (end == std::string::npos) {
            end = text.size();
        }
        const std::string_view line(text.data() + begin, end - begin);
        out += line.empty() ? std::string() : pad + std::string(line);
        out += '\n';
        begin = end + 1;
    }
    return out;
}

}  // namespace

std::vector<rulebook_tests> find_rule_tests(std::span<const fs::path> paths,
                                            const engine_registry& engines) {
    std::vector<rulebook_tests> out;
    test_collector collector(engines);
    for (const auto& p : paths) {
        collector.add_path(p);
    }
    for (auto& b : collector.collect()) {
        out.push_back({b.compiled.source(), std::move(b.cases), std::move(b.compiled)});
    }
    return out;
}

test_run run_rule_tests(std::span<const fs::path> paths, const engine_registry& engines) {
    test_run out;
    std::vector<diagnostic> problems;
    for (const auto& t : find_rule_tests(paths, engines)) {
        try {
            out.append(rule_tester(*t.compiled).run_all(t.cases));
        } catch (const input_error& e) {
            problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
        }
    }
    if (!problems.empty()) {
        throw input_error(std::move(problems));
    }
    return out;
}

std::string to_string(const test_mismatch& m) {
    using aspect = test_mismatch::aspect;
    const auto or_none = [](const std::string& text) { return text.empty() ? "none" : text; };
    switch (m.about) {
        case aspect::status:
            return fmt::format("status: expected {}, got {}{}", m.expected, m.got,
                               m.got_label.empty() ? "" : " (" + m.got_label + ")");
        case aspect::tier:
        case aspect::action:
            return fmt::format("{}: expected {}, got {}",
                               m.about == aspect::tier ? "tier" : "action", m.expected,
                               or_none(m.got));
        case aspect::score:
            return fmt::format("score: expected {}, got {}", range_text(m.expected_score),
                               std::isnan(m.got_score) ? "none" : number_text(m.got_score));
        case aspect::criterion:
            return fmt::format("criterion {}: expected {}, got {}", m.criterion,
                               outcome_text(m.expected_outcome, language::en),
                               outcome_text(m.got_outcome, language::en));
        case aspect::rank:
            break;
    }
    return fmt::format("rank: expected {}, got {}", m.expected_rank,
                       m.got_rank == no_rank ? std::string("none") : std::to_string(m.got_rank));
}

std::string format_test_run(const test_run& run, bool verbose, language lang) {
    const bool vi = lang == language::vi;
    std::string out;
    for (const auto& c : run.cases) {
        const std::string heading = location_text(c.where) + ": " + c.rulebook + ": " + c.name;
        if (c.passed) {
            if (verbose) {
                out += (vi ? "khớp " : "ok ") + heading + "\n";
            }
            continue;
        }
        out += (vi ? "KHÔNG KHỚP " : "FAIL ") + heading + "\n";
        // A case that ran lists its mismatches in the language asked; one that could not run
        // lists the loader's errors as they are.
        if (vi && !c.mismatches.empty()) {
            for (const auto& m : c.mismatches) {
                out += "  " + mismatch_text_vi(m) + "\n";
            }
        } else {
            for (const auto& f : c.failures) {
                out += "  " + f + "\n";
            }
        }
        if (!c.explanation.empty()) {
            out += (vi ? "  giải thích:\n" : "  explanation:\n") + indented(c.explanation, 4);
        }
    }
    if (!out.empty()) {
        out += '\n';
    }
    render_coverage(out, run.coverage, lang);
    out += vi ? fmt::format("{} ca khớp, {} ca không khớp\n", run.passed(), run.failed())
              : fmt::format("{} passed, {} failed\n", run.passed(), run.failed());
    // Case names, ids and failures come from rulebooks and test files: control characters
    // are shown, not sent raw to the terminal.
    return detail::has_controls(out) ? detail::escape_controls(out) : out;
}

}  // namespace antq
