// Boundary cases around tier thresholds (`generate_boundary_cases`) and writing cases as
// YAML (`format_cases_yaml`), declared in antq/rule_test.hpp.

#include "antq/rule_test.hpp"

#include "antq/io/atomic_file.hpp"
#include "antq/io/json_text.hpp"

#include <antq/error.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string_view>
#include <system_error>
#include <vector>

namespace antq {

namespace {

// ---- Which inputs a criterion reads ----

// The names in an expression's text (quoted texts skipped); function names and words of
// the language come too, and are filtered by the caller against the indicators.
std::vector<std::string> names_in(std::string_view text) {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < text.size();) {
        const char c = text[i];
        if (c == '"' || c == '\'') {
            const std::size_t close = text.find(c, i + 1);
            i = close == std::string_view::npos ? text.size() : close + 1;
            continue;
        }
        const auto word_char = [](char x) {
            return std::isalnum(static_cast<unsigned char>(x)) != 0 || x == '_';
        };
        if (std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_') {
            std::size_t end = i;
            while (end < text.size() && word_char(text[end])) {
                ++end;
            }
            names.emplace_back(text.substr(i, end - i));
            i = end;
            continue;
        }
        if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
            // A number, with its exponent (`1e3` is not the name `e3`).
            while (i < text.size() && (word_char(text[i]) || text[i] == '.')) {
                ++i;
            }
            continue;
        }
        ++i;
    }
    return names;
}

// Indicator (and roll-up) inputs an expression reads, through derived values too, in the
// order met.
std::vector<std::string> inputs_of(std::string_view text, const rulebook_version& v) {
    std::set<std::string> inputs_known;
    for (const auto& i : v.indicators) {
        inputs_known.insert(i.id);
    }
    for (const auto& r : v.rollups) {
        inputs_known.insert(r.id);
    }
    std::map<std::string, std::string, std::less<>> derived;
    for (const auto& d : v.derived) {
        derived.emplace(d.id, d.formula.text);
    }
    std::vector<std::string> out;
    std::set<std::string> seen;
    // Depth first with a stack of its own: a chain of derived values as long as a rulebook
    // allows must not overflow the call stack. Each entry: the names of an expression and
    // how many of them were looked at.
    std::vector<std::pair<std::vector<std::string>, std::size_t>> open;
    open.emplace_back(names_in(text), 0);
    while (!open.empty()) {
        auto& [names, next] = open.back();
        if (next == names.size()) {
            open.pop_back();
            continue;
        }
        const std::string name = names[next++];
        if (!seen.insert(name).second) {
            continue;
        }
        if (inputs_known.count(name) != 0) {
            out.push_back(name);
        } else if (const auto found = derived.find(name); found != derived.end()) {
            open.emplace_back(names_in(found->second), 0);
        }
    }
    return out;
}

indicator_type type_of(const std::string& input, const rulebook_version& v) {
    for (const auto& i : v.indicators) {
        if (i.id == input) {
            return i.type;
        }
    }
    return indicator_type::number;  // a roll-up without an indicator of its name
}

std::optional<double> number_in(const std::map<std::string, test_value>& values,
                                const std::string& name) {
    const auto found = values.find(name);
    if (found == values.end() || !found->second) {
        return std::nullopt;
    }
    if (const auto* d = std::get_if<double>(&*found->second)) {
        return *d;
    }
    return std::nullopt;
}

// ---- Reaching a target score ----

struct reached {
    rulebook_test test;
    subject_result result;
};

class boundary_solver {
  public:
    boundary_solver(const rule_tester& tester, const rulebook_version& version, int digits)
        : tester_(tester), version_(version), grid_(std::pow(10.0, -digits)) {}

    // Cases from `seed` whose rounded scores are the `targets`, one each, or nullopt. One
    // input moved for all of them when one can be (the cases then differ in that input
    // only), else each target by the first input that reaches it.
    std::optional<std::vector<reached>> reach(const rulebook_test& seed,
                                              std::span<const double> targets) const {
        const auto ways = ways_from(seed);
        for (const auto& w : ways) {
            std::vector<reached> all;
            for (const double target : targets) {
                auto r = solve(w.start, w.input, w.type, target);
                if (!r) {
                    break;
                }
                all.push_back(std::move(*r));
            }
            if (all.size() == targets.size()) {
                return all;
            }
        }
        std::vector<reached> mixed;
        for (const double target : targets) {
            std::optional<reached> found;
            for (const auto& w : ways) {
                if ((found = solve(w.start, w.input, w.type, target))) {
                    break;
                }
            }
            if (!found) {
                return std::nullopt;
            }
            mixed.push_back(std::move(*found));
        }
        return mixed;
    }

  private:
    // One way to move the score: an input of a scored criterion, from a starting case (the
    // seed, or the seed with that criterion's counts scaled up).
    struct way {
        rulebook_test start;
        std::string input;
        indicator_type type = indicator_type::number;
    };

    std::vector<way> ways_from(const rulebook_test& seed) const {
        std::vector<way> ways;
        std::vector<way> scaled_ways;
        for (const auto& c : version_.criteria) {
            if (c.kind == criterion_kind::required || c.kind == criterion_kind::veto) {
                continue;
            }
            for (const auto& input : inputs_of(c.score.text, version_)) {
                const indicator_type type = type_of(input, version_);
                if (type == indicator_type::boolean || type == indicator_type::text ||
                    !number_in(seed.indicators, input)) {
                    continue;
                }
                ways.push_back({seed, input, type});
                if (type == indicator_type::count) {
                    // Whole counts may step over the target: the counts this criterion reads,
                    // scaled up, keep a ratio of two of them in finer steps.
                    scaled_ways.push_back({scaled(seed, c), input, type});
                }
            }
        }
        std::move(scaled_ways.begin(), scaled_ways.end(), std::back_inserter(ways));
        return ways;
    }

    rulebook_test scaled(const rulebook_test& seed, const criterion& c) const {
        rulebook_test out = seed;
        for (const auto& input : inputs_of(c.score.text, version_)) {
            if (type_of(input, version_) != indicator_type::count) {
                continue;
            }
            for (auto* values : {&out.indicators, &out.previous}) {
                if (const auto v = number_in(*values, input)) {
                    (*values)[input] = *v * 1000;
                }
            }
        }
        return out;
    }

    std::optional<reached> evaluate(const rulebook_test& seed, const std::string& input,
                                    double value) const {
        rulebook_test t = seed;
        t.indicators[input] = value;
        try {
            auto e = tester_.evaluate(t);
            if (e.subject.status != result_status::evaluated) {
                return std::nullopt;
            }
            return reached{std::move(t), std::move(e.subject)};
        } catch (const error&) {
            return std::nullopt;
        }
    }

    [[nodiscard]] int side(double score, double target) const {
        if (std::abs(score - target) < grid_ / 4) {
            return 0;
        }
        return score < target ? -1 : 1;
    }

    // Bisection over the input's range for a value whose score is on the target.
    std::optional<reached> solve(const rulebook_test& seed, const std::string& input,
                                 indicator_type type, double target) const {
        const bool whole = type == indicator_type::count;
        double lo = 0;
        auto at_lo = evaluate(seed, input, lo);
        if (!at_lo) {
            return std::nullopt;
        }
        const int lo_side = side(at_lo->result.score, target);
        if (lo_side == 0) {
            return tidy(seed, input, lo, target, std::move(at_lo));
        }
        double hi = type == indicator_type::ratio
                        ? 1.0
                        : std::max(1.0, 2 * number_in(seed.indicators, input).value_or(1));
        std::optional<reached> at_hi;
        for (;;) {
            at_hi = evaluate(seed, input, hi);
            if (!at_hi) {
                return std::nullopt;
            }
            const int s = side(at_hi->result.score, target);
            if (s == 0) {
                return tidy(seed, input, hi, target, std::move(at_hi));
            }
            if (s != lo_side) {
                break;
            }
            if (type == indicator_type::ratio || hi > 1e9) {
                return std::nullopt;
            }
            hi *= 4;
        }
        for (int step = 0; step < 200; ++step) {
            if (whole ? hi - lo <= 1 : hi - lo <= 1e-12 * std::max(1.0, hi)) {
                return std::nullopt;
            }
            const double mid = whole ? std::floor((lo + hi) / 2) : (lo + hi) / 2;
            auto at_mid = evaluate(seed, input, mid);
            if (!at_mid) {
                return std::nullopt;
            }
            const int s = side(at_mid->result.score, target);
            if (s == 0) {
                return tidy(seed, input, mid, target, std::move(at_mid));
            }
            (s == lo_side ? lo : hi) = mid;
        }
        return std::nullopt;
    }

    // The shortest decimal near `value` that still hits the target, so that the cases read
    // `0.6875`, not `0.68750000000291`.
    std::optional<reached> tidy(const rulebook_test& seed, const std::string& input, double value,
                                double target, std::optional<reached> found) const {
        if (value == std::round(value)) {
            return found;
        }
        for (int digits = 1; digits <= 12; ++digits) {
            const double scale = std::pow(10.0, digits);
            const double shorter = std::round(value * scale) / scale;
            if (auto at = evaluate(seed, input, shorter);
                at && side(at->result.score, target) == 0) {
                return at;
            }
        }
        return found;
    }

    const rule_tester& tester_;
    const rulebook_version& version_;
    double grid_;
};

struct seed {
    const rulebook_test* test = nullptr;
    double score = 0;
};

std::string fixed_text(double v, int digits) {
    return fmt::format("{:.{}f}", v, digits);
}

// ---- YAML ----

void append_value(std::string& out, const test_value& v) {
    if (!v) {
        out += '~';
    } else if (const auto* d = std::get_if<double>(&*v)) {
        out += fmt::format("{}", *d);
    } else if (const auto* b = std::get_if<bool>(&*v)) {
        out += *b ? "true" : "false";
    } else {
        detail::append_json_string(out, std::get<std::string>(*v));
    }
}

template <class Map, class Write>
void append_flow(std::string& out, std::string_view key, const Map& values, Write write) {
    if (values.empty()) {
        return;
    }
    out += fmt::format("    {}: {{", key);
    bool first = true;
    for (const auto& [name, value] : values) {
        out += first ? "" : ", ";
        first = false;
        out += name;
        out += ": ";
        write(value);
    }
    out += "}\n";
}

void append_list(std::string& out, const std::vector<std::string>& items) {
    out += '[';
    for (std::size_t i = 0; i < items.size(); ++i) {
        out += i == 0 ? "" : ", ";
        detail::append_json_string(out, items[i]);
    }
    out += ']';
}

void append_expectation(std::string& out, const test_expectation& e) {
    std::vector<std::string> parts;
    const auto quoted = [](std::string_view text) {
        std::string q;
        detail::append_json_string(q, text);
        return q;
    };
    if (e.status) {
        parts.push_back("status: " + *e.status);
    }
    if (e.tier) {
        parts.push_back("tier: " + quoted(*e.tier));
    }
    if (e.action) {
        parts.push_back("action: " + quoted(*e.action));
    }
    if (e.score) {
        parts.push_back(fmt::format("score: [{}, {}]", e.score->first, e.score->second));
    }
    if (!e.passed.empty()) {
        std::string list;
        append_list(list, e.passed);
        parts.push_back("passed: " + list);
    }
    if (!e.failed.empty()) {
        std::string list;
        append_list(list, e.failed);
        parts.push_back("failed: " + list);
    }
    if (e.rank) {
        parts.push_back(fmt::format("rank: {}", *e.rank));
    }
    out += "    expect: {";
    for (std::size_t i = 0; i < parts.size(); ++i) {
        out += i == 0 ? "" : ", ";
        out += parts[i];
    }
    out += "}\n";
}

}  // namespace

boundary_cases generate_boundary_cases(const rule_tester& tester,
                                       std::span<const rulebook_test> tests) {
    const rulebook& book = tester.source();
    boundary_cases out;
    out.rulebook = book.id;
    std::vector<const rulebook_test*> all;
    for (const auto& t : book.tests) {
        all.push_back(&t);
    }
    for (const auto& t : tests) {
        all.push_back(&t);
    }
    std::map<std::string, std::vector<seed>> seeds;
    std::map<std::string, results_header> headers;
    for (const auto* t : all) {
        try {
            const auto e = tester.evaluate(*t);
            if (e.subject.status == result_status::evaluated) {
                seeds[e.results.header().version].push_back({t, e.subject.score});
                headers.emplace(e.results.header().version, e.results.header());
            }
        } catch (const error&) {
            // A case that cannot run is no seed; `antq test` reports it.
        }
    }
    for (const auto& v : book.versions) {
        const auto found = seeds.find(v.version);
        if (found == seeds.end()) {
            out.unsolved.push_back(
                v.version +
                ": no test case of this version is evaluated, so there is no seed to start from");
            continue;
        }
        const results_header& header = headers.at(v.version);
        const int digits = header.rounding_digits;
        const double grid = std::pow(10.0, -digits);
        const boundary_solver solver(tester, v, digits);
        for (std::size_t i = 0; i < header.tiers.size(); ++i) {
            const tier_summary& tier = header.tiers[i];
            if (!tier.min_score) {
                continue;
            }
            const double x = *tier.min_score;
            const std::string label = fmt::format("{} {} ({})", v.version, tier.id, tier.when);
            std::vector<seed> ordered = found->second;
            std::stable_sort(ordered.begin(), ordered.end(), [x](const seed& a, const seed& b) {
                return std::abs(a.score - x) < std::abs(b.score - x);
            });
            std::string reason =
                "no single input of a scored criterion of the seeds reaches these scores";
            bool solved = false;
            for (std::size_t s = 0; s < ordered.size() && s < 3 && !solved; ++s) {
                std::vector<double> targets;
                for (const int k : {-1, 0, 1}) {
                    targets.push_back(std::round((x + k * grid) / grid) * grid);
                }
                auto reached_all = solver.reach(*ordered[s].test, targets);
                if (!reached_all) {
                    continue;
                }
                auto& made = *reached_all;
                const reached& first_in = tier.min_score_strict ? made[2] : made[1];
                if (first_in.result.tier_id != tier.id) {
                    reason =
                        "the seeds reach the scores, but not the tier (its other conditions fail)";
                    continue;
                }
                for (auto& m : made) {
                    rulebook_test t = std::move(m.test);
                    const std::string target = fixed_text(m.result.score, digits);
                    t.name =
                        fmt::format("ranh giới '{}' ({}): {} điểm", tier.id, tier.when, target);
                    t.where = {};
                    t.expect = {};
                    t.expect.status = "evaluated";
                    t.expect.tier = m.result.tier_id;
                    if (!m.result.action.empty()) {
                        t.expect.action = m.result.action;
                    }
                    const double rounded = std::round(m.result.score / grid) * grid;
                    t.expect.score = std::pair{rounded, rounded};
                    out.tests.push_back(std::move(t));
                }
                solved = true;
            }
            if (!solved) {
                out.unsolved.push_back(label + ": " + reason);
            }
        }
    }
    return out;
}

std::string format_cases_yaml(const std::string& rulebook_id,
                              std::span<const rulebook_test> tests) {
    std::string out = "antq: 1\nrulebook: ";
    detail::append_json_string(out, rulebook_id);
    out += "\ntests:\n";
    if (tests.empty()) {
        out.erase(out.size() - 1);
        out += " []\n";
        return out;
    }
    for (const auto& t : tests) {
        out += "  - name: ";
        detail::append_json_string(out, t.name);
        out += "\n    period: ";
        detail::append_json_string(out, t.period);
        out += '\n';
        append_flow(out, "subject", t.subject,
                    [&](const std::string& v) { detail::append_json_string(out, v); });
        append_flow(out, "indicators", t.indicators,
                    [&](const test_value& v) { append_value(out, v); });
        append_flow(out, "previous", t.previous,
                    [&](const test_value& v) { append_value(out, v); });
        append_expectation(out, t.expect);
    }
    return out;
}

std::filesystem::path save_boundary_cases(const boundary_cases& cases,
                                          const std::filesystem::path& folder) {
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec) {
        throw io_error("cannot create folder '" + folder.string() + "': " + ec.message());
    }
    auto file = folder / (cases.rulebook + ".boundaries.cases.yaml");
    detail::write_file_atomically(file, format_cases_yaml(cases.rulebook, cases.tests));
    return file;
}

}  // namespace antq
