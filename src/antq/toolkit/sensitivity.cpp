#include "antq/sensitivity.hpp"

#include "antq/evaluation/retier.hpp"
#include "antq/io/atomic_file.hpp"
#include "antq/io/csv.hpp"
#include "antq/io/terminal_text.hpp"
#include "antq/parallel.hpp"
#include "antq/rules/validate.hpp"
#include "antq/toolkit/html_page.hpp"
#include "antq/toolkit/json_number.hpp"
#include "antq/toolkit/rank_correlation.hpp"
#include "antq/toolkit/text_table.hpp"

#include <antq/compiled_rulebook.hpp>
#include <antq/error.hpp>
#include <antq/evaluate.hpp>
#include <antq/labels.hpp>
#include <antq/report.hpp>
#include <antq/result.hpp>
#include <antq/rule_diff.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <cstring>
#include <exception>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <random>
#include <regex>
#include <unordered_map>
#include <utility>

namespace antq {

namespace {

constexpr std::size_t max_draws = 100000;

double read_number(std::string_view text, std::string_view what, std::string_view whole) {
    double v = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, v);
    if (text.empty() || ec != std::errc{} || ptr != end || !std::isfinite(v)) {
        throw usage_error(fmt::format("--vary '{}': {} '{}' is not a number", whole, what, text));
    }
    return v;
}

// Sweep values are printed and written into conditions: 75 + 3 * 0.1 should read 75.3, not
// 75.30000000000001, so values are kept to nine decimals.
double tidy(double v) {
    return std::round(v * 1e9) / 1e9;
}

std::string tidy_number_text(double v) {
    return fmt::format("{}", tidy(v));
}

std::string value_text(double v, language lang) {
    std::string text = tidy_number_text(v);
    if (lang == language::vi) {
        std::replace(text.begin(), text.end(), '.', ',');
    }
    return text;
}

// ---- What a sweep name points at ----

enum class target_kind { parameter, points, literal_cutoff };

struct target {
    std::size_t book = 0;  // index into the set's rulebooks
    std::size_t version = 0;
    target_kind kind = target_kind::parameter;
    std::size_t item = 0;   // parameter, criterion or tier index
    std::string parameter;  // what the report says varies
    double written = 0;
    // literal_cutoff: where the number is in the tier's condition.
    std::size_t offset = 0;
    std::size_t length = 0;
};

// `score >= X` or `score > X`; X a number or a name.
const std::regex& cutoff_pattern() {
    static const std::regex pattern(
        R"(\bscore\s*(>=|>)\s*([0-9]+(?:\.[0-9]+)?|[A-Za-z_][A-Za-z0-9_]*)\b)");
    return pattern;
}

std::optional<std::size_t> find_parameter(const rulebook_version& v, std::string_view id) {
    for (std::size_t p = 0; p < v.parameters.size(); ++p) {
        if (v.parameters[p].id == id) {
            return p;
        }
    }
    return std::nullopt;
}

bool varies_points(const criterion& c) {
    return c.kind == criterion_kind::scored || c.kind == criterion_kind::penalty ||
           c.kind == criterion_kind::bonus;
}

std::vector<std::string> names_of(const rulebook_version& v) {
    std::vector<std::string> names;
    for (const auto& p : v.parameters) {
        names.push_back(p.id);
    }
    for (const auto& c : v.criteria) {
        if (varies_points(c)) {
            names.push_back("points." + c.id);
        }
    }
    for (const auto& t : v.tiers) {
        if (!t.when.empty()) {
            names.push_back("cutoff." + t.id);
        }
    }
    return names;
}

// The target of `name` in one rulebook's version, nullopt when it has no such name. Throws
// when the name is there but cannot be swept (a tier condition without a cut-off).
std::optional<target> resolve_in(const rulebook& book, std::size_t book_index, std::size_t version,
                                 std::string_view name) {
    const auto& v = book.versions[version];
    target t;
    t.book = book_index;
    t.version = version;
    t.parameter = std::string(name);
    if (name.starts_with("points.")) {
        const auto id = name.substr(7);
        for (std::size_t c = 0; c < v.criteria.size(); ++c) {
            if (v.criteria[c].id == id && varies_points(v.criteria[c])) {
                t.kind = target_kind::points;
                t.item = c;
                t.written = v.criteria[c].points;
                return t;
            }
        }
        return std::nullopt;
    }
    if (name.starts_with("cutoff.")) {
        const auto id = name.substr(7);
        for (std::size_t k = 0; k < v.tiers.size(); ++k) {
            const auto& tier = v.tiers[k];
            if (tier.id != id || tier.when.empty()) {
                continue;
            }
            const std::string& text = tier.when.text;
            std::vector<std::smatch> found;
            for (auto it = std::sregex_iterator(text.begin(), text.end(), cutoff_pattern());
                 it != std::sregex_iterator(); ++it) {
                found.push_back(*it);
            }
            if (found.size() != 1) {
                throw usage_error(fmt::format(
                    "tier '{}' of rulebook '{}' has no single cut-off to vary: its condition "
                    "'{}' should hold one 'score >= X' or 'score > X'",
                    tier.id, book.id, text));
            }
            const std::string operand = found.front()[2].str();
            if (std::isdigit(static_cast<unsigned char>(operand.front())) != 0) {
                t.kind = target_kind::literal_cutoff;
                t.item = k;
                t.offset = static_cast<std::size_t>(found.front().position(2));
                t.length = operand.size();
                t.written = std::stod(operand);
                return t;
            }
            const auto p = find_parameter(v, operand);
            if (!p) {
                throw usage_error(fmt::format(
                    "tier '{}' of rulebook '{}' compares the score with '{}', which is not a "
                    "parameter: write its cut-off as a number or a parameter to vary it",
                    tier.id, book.id, operand));
            }
            t.kind = target_kind::parameter;
            t.item = *p;
            t.parameter = operand;
            t.written = v.parameters[*p].value;
            return t;
        }
        return std::nullopt;
    }
    if (const auto p = find_parameter(v, name)) {
        t.kind = target_kind::parameter;
        t.item = *p;
        t.written = v.parameters[*p].value;
        return t;
    }
    return std::nullopt;
}

// The rulebooks a sensitivity run may vary: those evaluated for the period, with the
// version each used.
struct candidate {
    std::size_t book = 0;
    std::size_t version = 0;
};

std::vector<candidate> candidates_of(const rulebook_set& rules, std::string_view period_text,
                                     std::string_view only) {
    std::vector<candidate> out;
    const auto books = rules.rulebooks();
    for (std::size_t b = 0; b < books.size(); ++b) {
        const rulebook& book = books[b].source();
        if (!only.empty() && book.id != only) {
            continue;
        }
        if (const auto v = book.version_index_for(period::parse(period_text, book.period))) {
            out.push_back({b, *v});
        }
    }
    return out;
}

target resolve(const rulebook_set& rules, const std::vector<candidate>& candidates,
               std::string_view name) {
    const auto books = rules.rulebooks();
    std::vector<target> found;
    std::vector<std::string> known;
    for (const auto& c : candidates) {
        const rulebook& book = books[c.book].source();
        if (auto t = resolve_in(book, c.book, c.version, name)) {
            found.push_back(std::move(*t));
        }
        for (auto& n : names_of(book.versions[c.version])) {
            known.push_back(std::move(n));
        }
    }
    if (found.empty()) {
        std::sort(known.begin(), known.end());
        known.erase(std::unique(known.begin(), known.end()), known.end());
        throw usage_error(fmt::format(
            "unknown name '{}' to vary: not a parameter, 'points.CRITERION' or 'cutoff.TIER' of "
            "the rules in force{}",
            name, detail::rules::suggestion(name, known)));
    }
    if (found.size() > 1) {
        std::string ids;
        for (const auto& t : found) {
            ids += (ids.empty() ? "" : ", ") + books[t.book].source().id;
        }
        throw usage_error(fmt::format(
            "'{}' is in several rulebooks ({}): choose one with --rulebook", name, ids));
    }
    return found.front();
}

void set_value(rulebook& book, const target& t, double value) {
    auto& v = book.versions[t.version];
    switch (t.kind) {
        case target_kind::parameter:
            v.parameters[t.item].value = value;
            break;
        case target_kind::points:
            v.criteria[t.item].points = value;
            break;
        case target_kind::literal_cutoff:
            v.tiers[t.item].when.text.replace(t.offset, t.length, tidy_number_text(value));
            break;
    }
    // The text it was read from no longer says what it holds: hashes and archives take the
    // canonical text of the changed rulebook instead.
    book.source_text.clear();
}

// ---- Evaluating variants ----

// One variant: the varied rulebook compiled and evaluated on its own, with the results of
// the other rulebooks as written for its roll-ups.
rulebook_results evaluate_variant(const dataset& data, const rulebook& book,
                                  std::string_view period, const evaluation& base,
                                  const engine_registry& engines) {
    const compiled_rulebook compiled = compile_rulebook(book, engines);
    evaluate_options one;
    one.threads = 1;
    return evaluate(data, compiled, period, one, base.results());
}

// Runs `work(k)` for k in [0, count) on up to `threads` threads; each k writes only its own
// slot, so the report does not depend on which thread ran what. Every k runs, and the
// failure of the lowest k is rethrown: the same error whatever the thread count.
template <class Work>
void for_each_variant(std::size_t count, unsigned threads, const Work& work) {
    unsigned n = detail::threads_or_cores(threads);
    n = static_cast<unsigned>(std::min<std::size_t>(n, std::max<std::size_t>(count, 1)));
    std::vector<std::exception_ptr> failures(count);
    std::atomic<std::size_t> next{0};
    detail::run_pieces(n, [&](std::size_t) {
        for (std::size_t k = next++; k < count; k = next++) {
            try {
                work(k);
            } catch (...) {
                failures[k] = std::current_exception();
            }
        }
    });
    for (const auto& failure : failures) {
        if (failure) {
            std::rethrow_exception(failure);
        }
    }
}

// A value the rulebook's own checks refuse (points of 0, a cut-off the expression language
// cannot hold) is a bad range, said with the value that broke it.
template <class Work>
auto accepted(const rulebook& book, std::string_view name, double value, const Work& work) {
    try {
        return work();
    } catch (const input_error& e) {
        throw usage_error(fmt::format("--vary {}: rulebook '{}' does not accept the value {}: {}",
                                      name, book.id, tidy_number_text(value), e.what()));
    }
}

rulebook_results checked_variant(const dataset& data, const rulebook& book, std::string_view period,
                                 const evaluation& base, const engine_registry& engines,
                                 std::string_view name, double value) {
    return accepted(book, name, value,
                    [&] { return evaluate_variant(data, book, period, base, engines); });
}

// The variant's rows are the written results' rows, subject for subject: the same rulebook
// version over the same subjects, only a number changed.
bool same_rows(const rulebook_results& a, const rulebook_results& b) {
    // Both columns as a whole (their characters and row ends), not a million comparisons.
    return a.size() == b.size() && a.columns().subject == b.columns().subject;
}

// The rank correlations of the scores as written with themselves, which a variant that moves
// only tiers keeps: computed once, not twice per value over a million scores.
struct self_correlation {
    std::vector<double> scores;  // as written, of the rows evaluated there, in row order
    double spearman = std::numeric_limits<double>::quiet_NaN();
    double kendall_tau_b = std::numeric_limits<double>::quiet_NaN();
};

self_correlation self_correlation_of(const rulebook_results& base) {
    self_correlation c;
    const auto& col = base.columns();
    for (std::size_t row = 0; row < base.size(); ++row) {
        if (col.status[row] == result_status::evaluated) {
            c.scores.push_back(col.score[row]);
        }
    }
    const auto same = detail::correlations_with_itself(c.scores);
    c.spearman = same.spearman;
    c.kendall_tau_b = same.kendall_tau_b;
    return c;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() &&
           (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

// The rules as written for one rulebook: what each value of its sweeps is compared with.
struct written_rules {
    const rulebook_results* results = nullptr;
    /// Its rows in the order of their subjects' ids, in which moves are listed: sorted once
    /// rather than the moves of every value (rows are often in that order already).
    std::vector<std::uint32_t> by_id;
    /// On the fast path: the rank correlations of its scores with themselves.
    std::optional<self_correlation> same;
};

written_rules written_rules_of(const rulebook_results& results) {
    written_rules w;
    w.results = &results;
    const auto& subject = results.columns().subject;
    w.by_id.resize(results.size());
    std::iota(w.by_id.begin(), w.by_id.end(), 0U);
    const auto by_subject = [&](std::uint32_t a, std::uint32_t b) {
        return subject[a] < subject[b];
    };
    if (!std::is_sorted(w.by_id.begin(), w.by_id.end(), by_subject)) {
        std::stable_sort(w.by_id.begin(), w.by_id.end(), by_subject);
    }
    return w;
}

// The counts per tier of `tier` (per row of the rules as written, under the tiers `tiers`)
// and the subjects whose tier differs from theirs, in the order of their ids.
void count_moves(sweep_point& p, const written_rules& w, std::span<const std::int32_t> tier,
                 const std::vector<tier_summary>& tiers) {
    const rulebook_results& base = *w.results;
    const auto& before = base.columns();
    p.counts.assign(tiers.size() + 1, 0);
    // A sweep keeps the tiers' ids: then a tier differs where its index does.
    const auto& old_tiers = base.header().tiers;
    const bool same_ids =
        std::equal(old_tiers.begin(), old_tiers.end(), tiers.begin(), tiers.end(),
                   [](const tier_summary& a, const tier_summary& b) { return a.id == b.id; });
    const auto id_of = [&](std::int32_t t) {
        return t == no_tier ? std::string_view{} : std::string_view(tiers[t].id);
    };
    for (const std::int32_t t : tier) {
        ++p.counts[t == no_tier ? tiers.size() : static_cast<std::size_t>(t)];
    }
    for (const std::uint32_t row : w.by_id) {
        const auto t = tier[row];
        const bool moved = same_ids ? before.tier[row] != t : base.tier_id(row) != id_of(t);
        if (moved) {
            p.moves.push_back({std::string(before.subject[row]), std::string(base.tier_id(row)),
                               std::string(id_of(t))});
        }
    }
}

// A value whose tiers alone were computed (`tier_sweep`, on the fast path): every status and
// score is the one written, so the rank correlations are those of the scores with themselves.
sweep_point point_of_tiers(double value, const written_rules& w,
                           std::span<const std::int32_t> tier) {
    sweep_point p;
    p.value = value;
    count_moves(p, w, tier, w.results->header().tiers);
    p.compared = w.same->scores.size();
    p.spearman = w.same->spearman;
    p.kendall_tau_b = w.same->kendall_tau_b;
    return p;
}

// On the fast path, `w.same` holds the correlations of the scores as written with
// themselves: used when the pairs compared are exactly those.
sweep_point point_of(double value, const written_rules& w, const rulebook_results& variant) {
    const rulebook_results& base = *w.results;
    const self_correlation* same = w.same ? &*w.same : nullptr;
    sweep_point p;
    p.value = value;
    if (!same_rows(base, variant)) {
        // Rows that do not line up (a parameter read by `applies_to` or eligibility) are
        // matched by id, as `antq diff` matches them.
        const rule_diff d = diff_results(base, variant);
        p.counts.assign(d.new_tiers.size() + 1, 0);
        for (const auto& row : d.counts) {
            for (std::size_t j = 0; j < row.size(); ++j) {
                p.counts[j] += row[j];
            }
        }
        for (const auto& c : d.changes) {
            if (c.tier_changed()) {
                p.moves.push_back({c.subject, c.old_tier, c.new_tier});
            }
        }
        p.compared = d.compared;
        p.spearman = d.spearman;
        p.kendall_tau_b = d.kendall_tau_b;
        return p;
    }
    // Row by row: the same counts, moves and correlations as `diff_results`, without the
    // per-subject records it keeps for every change of score (a national sweep moves every
    // score when points vary).
    const auto& before = base.columns();
    const auto& after = variant.columns();
    count_moves(p, w, after.tier, variant.header().tiers);
    std::vector<double> old_scores;
    std::vector<double> new_scores;
    for (std::size_t row = 0; row < variant.size(); ++row) {
        if (before.status[row] == result_status::evaluated &&
            after.status[row] == result_status::evaluated) {
            old_scores.push_back(before.score[row]);
            new_scores.push_back(after.score[row]);
        }
    }
    p.compared = old_scores.size();
    if (same != nullptr && same_bits(old_scores, same->scores) &&
        same_bits(new_scores, same->scores)) {
        p.spearman = same->spearman;
        p.kendall_tau_b = same->kendall_tau_b;
        return p;
    }
    p.spearman = spearman_rho(old_scores, new_scores);
    p.kendall_tau_b = kendall_tau_b(old_scores, new_scores);
    return p;
}

// One value on the fast path (docs/sensitivity.md, "Fast path"): the varied rulebook compiled,
// its tiers taken from the sweep over the scores as written when it can give them, else its
// whole tier step run over those scores.
sweep_point retiered_point(const dataset& data, const rulebook& book, std::string_view period,
                           const evaluation& base, const engine_registry& engines,
                           const detail::evaluation::scored_rulebook& scored,
                           const detail::evaluation::tier_sweep& sweep,
                           const written_rules& written, std::string_view name, double value) {
    return accepted(book, name, value, [&] {
        const compiled_rulebook compiled = compile_rulebook(book, engines);
        if (const auto tiers = sweep.tiers_of(compiled, 1)) {
            return point_of_tiers(value, written, *tiers);
        }
        const detail::evaluation::pipeline_options one;
        return point_of(
            value, written,
            detail::evaluation::retier(data, compiled, period, scored, base.results(), one));
    });
}

// Every value's moves are sorted by subject: they are merged in one pass, each subject that
// moves anywhere taken in the order of ids with the values in sweep order.
std::vector<subject_changes> change_points(const std::vector<sweep_point>& points) {
    std::vector<std::size_t> at(points.size(), 0);
    std::vector<subject_changes> out;
    for (;;) {
        const tier_move* first = nullptr;
        for (std::size_t k = 0; k < points.size(); ++k) {
            const auto& moves = points[k].moves;
            if (at[k] < moves.size() &&
                (first == nullptr || moves[at[k]].subject < first->subject)) {
                first = &moves[at[k]];
            }
        }
        if (first == nullptr) {
            return out;
        }
        subject_changes s{first->subject, first->old_tier, {}};
        std::string_view previous = s.tier;
        for (std::size_t k = 0; k < points.size(); ++k) {
            const auto& moves = points[k].moves;
            const bool moved = at[k] < moves.size() && moves[at[k]].subject == s.subject;
            const std::string_view now = moved ? std::string_view(moves[at[k]].new_tier) : s.tier;
            if (now != previous) {
                s.changes.push_back({points[k].value, std::string(previous), std::string(now)});
                previous = now;
            }
            at[k] += moved ? 1 : 0;
        }
        out.push_back(std::move(s));
    }
}

// The factors of every draw, in draw order then criterion order, from one generator.
std::vector<double> draw_factors(std::size_t draws, std::size_t criteria, double spread,
                                 std::uint64_t seed) {
    std::mt19937_64 generator(seed);
    std::vector<double> factors(draws * criteria);
    for (double& f : factors) {
        const double u = static_cast<double>(generator() >> 11) * 0x1.0p-53;
        f = 1.0 - spread + 2.0 * spread * u;
    }
    return factors;
}

struct draw_outcome {
    std::vector<std::int32_t> tier;  // per row of the base results
    std::vector<std::uint32_t> rank;
};

draw_outcome outcome_of(const rulebook_results& base,
                        const std::unordered_map<std::string_view, std::size_t>& base_rows,
                        const rulebook_results& variant) {
    draw_outcome o;
    o.tier.assign(base.size(), no_tier);
    o.rank.assign(base.size(), no_rank);
    const auto& c = variant.columns();
    for (std::size_t row = 0; row < variant.size(); ++row) {
        const auto found = base_rows.find(c.subject[row]);
        if (found == base_rows.end()) {
            continue;
        }
        o.tier[found->second] = c.tier[row];
        o.rank[found->second] = c.rank[row];
    }
    return o;
}

weight_draws_report summarise_draws(const sensitivity_options& options,
                                    std::vector<std::string> criteria, const rulebook_results& base,
                                    const std::vector<draw_outcome>& outcomes) {
    weight_draws_report r;
    r.draws = options.draws;
    r.spread = options.spread;
    r.seed = options.seed;
    r.criteria = std::move(criteria);
    const auto& c = base.columns();
    const auto& tiers = base.header().tiers;
    std::vector<std::size_t> tier_subjects(tiers.size(), 0);
    std::vector<std::size_t> tier_kept(tiers.size(), 0);
    for (std::size_t row = 0; row < base.size(); ++row) {
        if (c.status[row] != result_status::evaluated) {
            continue;
        }
        subject_stability s;
        s.subject = std::string(c.subject[row]);
        s.tier = std::string(base.tier_id(row));
        s.rank = c.rank[row];
        s.min_rank = no_rank;
        s.max_rank = no_rank;
        for (const auto& o : outcomes) {
            s.kept_tier += o.tier[row] == c.tier[row] ? 1 : 0;
            s.kept_rank += o.rank[row] == c.rank[row] ? 1 : 0;
            if (o.rank[row] != no_rank) {
                s.min_rank =
                    s.min_rank == no_rank ? o.rank[row] : std::min(s.min_rank, o.rank[row]);
                s.max_rank = std::max(s.max_rank, o.rank[row]);
            }
        }
        if (c.tier[row] != no_tier) {
            const auto k = static_cast<std::size_t>(c.tier[row]);
            ++tier_subjects[k];
            tier_kept[k] += s.kept_tier;
        }
        r.subjects.push_back(std::move(s));
    }
    std::sort(r.subjects.begin(), r.subjects.end(),
              [](const subject_stability& a, const subject_stability& b) {
                  return a.subject < b.subject;
              });
    for (std::size_t k = 0; k < tiers.size(); ++k) {
        tier_stability t;
        t.tier = tiers[k].id;
        t.subjects = tier_subjects[k];
        if (tier_subjects[k] > 0 && options.draws > 0) {
            t.kept_share = static_cast<double>(tier_kept[k]) /
                           static_cast<double>(tier_subjects[k] * options.draws);
        }
        r.tiers.push_back(std::move(t));
    }
    return r;
}

sensitivity_report report_for(const rulebook_results& base) {
    const auto& h = base.header();
    sensitivity_report r;
    r.rulebook = h.rulebook;
    r.title = h.title;
    r.subject = h.subject;
    r.version = h.version;
    r.period = h.period_text;
    for (const auto& t : h.tiers) {
        r.tiers.push_back(t.id);
        r.tier_labels.push_back(t.label.empty() ? t.id : t.label);
    }
    return r;
}

// One sweep or the draws of one rulebook, with the variants to evaluate.
struct plan {
    std::size_t book = 0;
    std::optional<std::size_t> sweep;  // index into options.sweeps; none: the draws
    target what;
    std::vector<double> values;
    // Only the tiers move: each value re-tiers the scores as written.
    bool retier = false;
};

// Whether a sweep of `what` moves only tiers (detail::evaluation::only_tiers_move): a cut-off
// written as a number, or a parameter read by tier conditions alone; never points.
bool only_tiers_move(const rulebook& book, const target& what) {
    switch (what.kind) {
        case target_kind::literal_cutoff:
            return detail::evaluation::only_tiers_move(book, what.version, std::nullopt);
        case target_kind::parameter:
            return detail::evaluation::only_tiers_move(book, what.version, what.parameter);
        case target_kind::points:
            return false;
    }
    return false;
}

}  // namespace

// ---- Public functions ----

sweep parse_sweep(std::string_view text) {
    const auto equals = text.find('=');
    if (equals == std::string_view::npos || equals == 0) {
        throw usage_error(fmt::format("--vary '{}': expected NAME=FROM:TO:STEP", text));
    }
    sweep s;
    s.name = std::string(text.substr(0, equals));
    const auto range = text.substr(equals + 1);
    const auto first = range.find(':');
    const auto second = first == std::string_view::npos ? first : range.find(':', first + 1);
    if (second == std::string_view::npos || range.find(':', second + 1) != std::string_view::npos) {
        throw usage_error(fmt::format("--vary '{}': expected NAME=FROM:TO:STEP", text));
    }
    s.from = read_number(range.substr(0, first), "FROM", text);
    s.to = read_number(range.substr(first + 1, second - first - 1), "TO", text);
    s.step = read_number(range.substr(second + 1), "STEP", text);
    (void)sweep_values(s);
    return s;
}

std::vector<double> sweep_values(const sweep& s) {
    if (!(s.step > 0)) {
        throw usage_error(fmt::format("--vary {}: the step must be above 0, got {}", s.name,
                                      tidy_number_text(s.step)));
    }
    if (s.from > s.to) {
        throw usage_error(fmt::format("--vary {}: FROM ({}) is above TO ({})", s.name,
                                      tidy_number_text(s.from), tidy_number_text(s.to)));
    }
    const double steps = std::floor((s.to - s.from) / s.step + 1e-6);
    if (steps + 1 > static_cast<double>(max_sweep_values)) {
        throw usage_error(fmt::format("--vary {}: {} values, more than the {} allowed", s.name,
                                      tidy_number_text(steps + 1), max_sweep_values));
    }
    std::vector<double> values;
    for (std::size_t k = 0; k <= static_cast<std::size_t>(steps); ++k) {
        values.push_back(tidy(s.from + static_cast<double>(k) * s.step));
    }
    return values;
}

std::vector<sensitivity_report> analyse_sensitivity(const dataset& data, const rulebook_set& rules,
                                                    std::string_view period,
                                                    const sensitivity_options& options) {
    if (options.draws > 0 && !(options.spread > 0 && options.spread < 1)) {
        throw usage_error(
            fmt::format("the spread of the weight draws must be above 0 and below "
                        "1, got {}",
                        tidy_number_text(options.spread)));
    }
    if (options.draws > max_draws) {
        throw usage_error(
            fmt::format("{} weight draws, more than the {} allowed", options.draws, max_draws));
    }
    if (options.sweeps.empty() && options.draws == 0) {
        throw usage_error("nothing to vary: give a sweep (--vary) or weight draws (--draws)");
    }
    if (!options.rulebook.empty()) {
        (void)rules.at(options.rulebook);
    }
    // Names and ranges are checked before anything is evaluated but the rules as written.
    for (const auto& s : options.sweeps) {
        (void)sweep_values(s);
    }
    const auto candidates = candidates_of(rules, period, options.rulebook);
    if (candidates.empty()) {
        // The evaluation of the set says why when none of its rulebooks is in force.
        (void)evaluate(data, rules, period, {options.threads, {}, 4096});
        throw usage_error(fmt::format("rulebook '{}' has no version in force for period {}",
                                      options.rulebook, period));
    }
    const auto books = rules.rulebooks();
    const engine_registry& engines =
        options.engines != nullptr ? *options.engines : builtin_engines();
    std::vector<plan> plans;
    for (std::size_t k = 0; k < options.sweeps.size(); ++k) {
        plan p;
        p.what = resolve(rules, candidates, options.sweeps[k].name);
        p.book = p.what.book;
        p.sweep = k;
        p.values = sweep_values(options.sweeps[k]);
        p.retier = only_tiers_move(books[p.book].source(), p.what);
        plans.push_back(std::move(p));
    }
    std::vector<std::string> varied;
    if (options.draws > 0) {
        plan p;
        if (candidates.size() == 1) {
            p.book = candidates.front().book;
        } else if (!plans.empty() && std::all_of(plans.begin(), plans.end(), [&](const plan& q) {
                       return q.book == plans.front().book;
                   })) {
            p.book = plans.front().book;
        } else {
            throw usage_error(
                "weight draws vary one rulebook and several are in force: choose one with "
                "--rulebook");
        }
        const auto c = std::find_if(candidates.begin(), candidates.end(),
                                    [&](const candidate& q) { return q.book == p.book; });
        p.what.book = p.book;
        p.what.version = c->version;
        for (const auto& cr : books[p.book].source().versions[c->version].criteria) {
            if (varies_points(cr)) {
                varied.push_back(cr.id);
            }
        }
        if (varied.empty()) {
            throw usage_error(fmt::format("rulebook '{}' has no criterion with points to vary",
                                          books[p.book].source().id));
        }
        plans.push_back(std::move(p));
    }

    // The other rulebooks of the set are evaluated only when a varied one rolls them up:
    // their results are its sources. The varied rulebooks' own results as written come
    // from the path their variants take, below, not from this evaluation.
    const bool rolls_up = std::any_of(plans.begin(), plans.end(), [&](const plan& p) {
        return !books[p.book].source().versions[p.what.version].rollups.empty();
    });
    const evaluation base =
        rolls_up ? evaluate(data, rules, period, {options.threads, {}, 4096}) : evaluation{};

    // The varied rulebooks as written, evaluated alone the way their variants are, so that
    // both sides of every comparison come from the same path.
    // A rulebook swept on the fast path is scored once, on every thread, and the rules as
    // written are its scores re-tiered, the path its variants take.
    // Its variants' tiers come from a `tier_sweep` over those scores (map entries keep their
    // place, so the sweeps' references to `scored` and `written` hold).
    std::map<std::size_t, rulebook_results> written;
    std::map<std::size_t, detail::evaluation::scored_rulebook> scored;
    std::map<std::size_t, compiled_rulebook> compiled;
    const unsigned threads = detail::threads_or_cores(options.threads);
    for (const auto& p : plans) {
        if (!p.retier || scored.contains(p.book)) {
            continue;
        }
        const auto& book =
            compiled.emplace(p.book, compile_rulebook(books[p.book].source(), engines))
                .first->second;
        detail::evaluation::pipeline_options pipeline;
        pipeline.threads = threads;
        const auto& kept = scored
                               .emplace(p.book, detail::evaluation::score(data, book, period,
                                                                          base.results(), pipeline))
                               .first->second;
        written.emplace(
            p.book, detail::evaluation::retier(data, book, period, kept, base.results(), pipeline));
    }
    for (const auto& p : plans) {
        if (!written.contains(p.book)) {
            written.emplace(p.book,
                            evaluate_variant(data, books[p.book].source(), period, base, engines));
        }
    }
    // What every value is compared with (the rows in the order of ids, the correlations of
    // the scores as written), and the sweeps over the scores kept: on two threads at once.
    std::map<std::size_t, written_rules> compared_with;
    std::map<std::size_t, detail::evaluation::tier_sweep> sweeps;
    const auto compare_with_written = [&] {
        for (const auto& [book, r] : written) {
            auto& w = compared_with.emplace(book, written_rules_of(r)).first->second;
            if (scored.contains(book)) {
                w.same = self_correlation_of(r);
            }
        }
    };
    const auto start_sweeps = [&] {
        for (const auto& [book, kept] : scored) {
            sweeps.try_emplace(book, data, compiled.at(book), period, kept, written.at(book));
        }
    };
    if (threads > 1) {
        detail::run_pieces(
            2, [&](std::size_t k) { k == 0 ? start_sweeps() : compare_with_written(); });
    } else {
        start_sweeps();
        compare_with_written();
    }

    // Every variant of every plan, in plan order: the slots the threads fill.
    struct job {
        std::size_t plan = 0;
        std::size_t index = 0;  // value or draw
    };
    std::vector<job> jobs;
    for (std::size_t k = 0; k < plans.size(); ++k) {
        const std::size_t n = plans[k].sweep ? plans[k].values.size() : options.draws;
        for (std::size_t i = 0; i < n; ++i) {
            jobs.push_back({k, i});
        }
    }
    const auto factors = draw_factors(options.draws, varied.size(), options.spread, options.seed);
    std::vector<sweep_point> points(jobs.size());
    std::vector<draw_outcome> outcomes(jobs.size());
    std::map<std::size_t, std::unordered_map<std::string_view, std::size_t>> base_rows;
    for (const auto& [book, r] : written) {
        if (options.draws == 0) {
            break;  // only the draws look rows up by id
        }
        auto& rows = base_rows[book];
        for (std::size_t row = 0; row < r.size(); ++row) {
            rows.emplace(r.columns().subject[row], row);
        }
    }
    for_each_variant(jobs.size(), options.threads, [&](std::size_t j) {
        const plan& p = plans[jobs[j].plan];
        rulebook book = books[p.book].source();
        const rulebook_results& as_written = written.at(p.book);
        if (p.sweep) {
            const double value = p.values[jobs[j].index];
            const std::string& name = options.sweeps[*p.sweep].name;
            set_value(book, p.what, value);
            const written_rules& w = compared_with.at(p.book);
            points[j] =
                p.retier
                    ? retiered_point(data, book, period, base, engines, scored.at(p.book),
                                     sweeps.at(p.book), w, name, value)
                    : point_of(value, w,
                               checked_variant(data, book, period, base, engines, name, value));
            return;
        }
        auto& criteria = book.versions[p.what.version].criteria;
        std::size_t k = 0;
        for (auto& c : criteria) {
            if (!varies_points(c)) {
                continue;
            }
            const double f = factors[jobs[j].index * varied.size() + k++];
            c.points *= f;
            if (c.weight) {
                *c.weight *= f;
            }
        }
        book.source_text.clear();
        outcomes[j] = outcome_of(as_written, base_rows.at(p.book),
                                 evaluate_variant(data, book, period, base, engines));
    });

    std::vector<sensitivity_report> reports;
    const auto report_of = [&](std::size_t book) -> sensitivity_report& {
        const std::string& id = books[book].source().id;
        for (auto& r : reports) {
            if (r.rulebook == id) {
                return r;
            }
        }
        reports.push_back(report_for(written.at(book)));
        return reports.back();
    };
    std::size_t j = 0;
    for (const auto& p : plans) {
        sensitivity_report& r = report_of(p.book);
        if (p.sweep) {
            sweep_report s;
            s.name = options.sweeps[*p.sweep].name;
            s.parameter = p.what.parameter;
            s.written = p.what.written;
            s.retiered = p.retier;
            s.points.assign(points.begin() + static_cast<std::ptrdiff_t>(j),
                            points.begin() + static_cast<std::ptrdiff_t>(j + p.values.size()));
            j += p.values.size();
            s.subjects = change_points(s.points);
            r.sweeps.push_back(std::move(s));
            continue;
        }
        const std::vector<draw_outcome> mine(
            outcomes.begin() + static_cast<std::ptrdiff_t>(j),
            outcomes.begin() + static_cast<std::ptrdiff_t>(j + options.draws));
        j += options.draws;
        r.draws = summarise_draws(options, varied, written.at(p.book), mine);
    }
    return reports;
}

// ---- Rendering ----

namespace {

struct bilingual {
    language lang;
    [[nodiscard]] const char* operator()(const char* vi, const char* en) const {
        return lang == language::vi ? vi : en;
    }
};

std::string correlation_text(double v, language lang) {
    if (std::isnan(v)) {
        return lang == language::vi ? "không xác định" : "n/a";
    }
    return decimal_text(v, 4, lang);
}

std::string share_text(double v, language lang) {
    if (std::isnan(v)) {
        return "-";
    }
    return decimal_text(100.0 * v, 1, lang) + "%";
}

std::string rank_or_dash(std::uint32_t rank) {
    return rank == no_rank ? "-" : std::to_string(rank);
}

// A tier as the reader sees it: its label in Vietnamese, its id in English, and a word for
// no tier (empty id).
std::string tier_word(const sensitivity_report& r, const std::string& id, language lang) {
    const bilingual w{lang};
    if (id.empty()) {
        return w("không xếp loại", "no tier");
    }
    if (lang == language::en) {
        return id;
    }
    for (std::size_t k = 0; k < r.tiers.size(); ++k) {
        if (r.tiers[k] == id) {
            return r.tier_labels[k];
        }
    }
    return id;
}

// The words of one report's tables, shared by the text table and the HTML page.
struct sweep_words {
    const sensitivity_report& r;
    language lang;
    name_book names;
    bilingual w{lang};

    [[nodiscard]] std::string tier(const std::string& id) const { return tier_word(r, id, lang); }
    [[nodiscard]] std::string subject(const std::string& id) const {
        return lang == language::vi ? name_book::named(id, names.subject_name(r.subject, id)) : id;
    }
};

sweep_words sweep_words_for(const sensitivity_report& r, language lang, const dataset* data) {
    return sweep_words{r, lang, data != nullptr ? name_book(*data) : name_book()};
}

// A table as rows of cells, its header first: built once, drawn as text or as HTML.
using table_rows = std::vector<std::vector<std::string>>;

// Per value of a sweep: the count per tier, then the subjects without a tier (not
// eligible, or an error: a column of their own, so that the counts of a row add up to the
// subjects evaluated), the subjects that moved and the rank correlations.
table_rows sweep_rows(const sweep_words& t, const sweep_report& s) {
    table_rows rows;
    std::vector<std::string> header{t.w("giá trị", "value")};
    for (const auto& tier : t.r.tiers) {
        header.push_back(t.tier(tier));
    }
    header.emplace_back(t.w("không xếp loại", "no tier"));
    header.emplace_back(t.w("đổi loại", "moved"));
    header.emplace_back("Spearman");
    header.emplace_back("Kendall tau-b");
    rows.push_back(std::move(header));
    for (const auto& point : s.points) {
        std::vector<std::string> row{value_text(point.value, t.lang)};
        for (const std::size_t n : point.counts) {
            row.push_back(std::to_string(n));
        }
        row.push_back(std::to_string(point.moves.size()));
        row.push_back(correlation_text(point.spearman, t.lang));
        row.push_back(correlation_text(point.kendall_tau_b, t.lang));
        rows.push_back(std::move(row));
    }
    return rows;
}

// The subjects that change tier over a sweep, with the values where they do.
table_rows mover_rows(const sweep_words& t, const sweep_report& s, std::string_view arrow) {
    table_rows rows{{t.w("đối tượng", "subject"), t.w("theo quy định", "as written"),
                     t.w("thay đổi tại", "changes at")}};
    for (const auto& m : s.subjects) {
        std::string changes;
        for (const auto& c : m.changes) {
            changes += changes.empty() ? "" : "; ";
            changes += value_text(c.value, t.lang) + ": " + t.tier(c.from_tier) +
                       std::string(arrow) + t.tier(c.to_tier);
        }
        rows.push_back({t.subject(m.subject), t.tier(m.tier), changes});
    }
    return rows;
}

// Per tier as written: its subjects and the share that kept it in every draw.
table_rows draw_tier_rows(const sweep_words& t, const weight_draws_report& d) {
    table_rows rows{{t.w("xếp loại theo quy định", "tier as written"),
                     t.w("số đối tượng", "subjects"), t.w("giữ nguyên loại", "kept tier")}};
    for (const auto& tier : d.tiers) {
        rows.push_back({t.tier(tier.tier), std::to_string(tier.subjects),
                        share_text(tier.kept_share, t.lang)});
    }
    return rows;
}

// The subjects that did not keep their tier or rank in every draw; the header alone when
// every subject did.
table_rows unstable_rows(const sweep_words& t, const weight_draws_report& d) {
    table_rows rows{{t.w("đối tượng", "subject"), t.w("theo quy định", "as written"),
                     t.w("hạng", "rank"), t.w("giữ loại", "kept tier"),
                     t.w("giữ hạng", "kept rank"), t.w("hạng từ–đến", "rank range")}};
    for (const auto& s : d.subjects) {
        if (s.kept_tier == d.draws && s.kept_rank == d.draws) {
            continue;
        }
        rows.push_back(
            {t.subject(s.subject), t.tier(s.tier), rank_or_dash(s.rank),
             fmt::format("{}/{}", s.kept_tier, d.draws), fmt::format("{}/{}", s.kept_rank, d.draws),
             s.min_rank == no_rank ? "-" : fmt::format("{}–{}", s.min_rank, s.max_rank)});
    }
    return rows;
}

// Draws `rows` as a text table indented by `indent`; `right` says which columns are
// numbers, aligned right.
void render_rows(std::string& out, table_rows rows, std::vector<bool> right, std::size_t indent) {
    detail::text_table table(std::move(right));
    for (auto& row : rows) {
        table.add(std::move(row));
    }
    table.render(out, indent);
}

void render_table(std::string& out, const sensitivity_report& r, language lang,
                  const dataset* data) {
    const sweep_words t = sweep_words_for(r, lang, data);
    const bilingual& w = t.w;
    const std::string title = r.title.empty() ? r.rulebook : r.title + " (" + r.rulebook + ")";
    out += fmt::format("{}{}, {} {}, {} {}\n", w("Bộ tiêu chí: ", "Rulebook: "),
                       lang == language::vi ? title : r.rulebook, w("phiên bản", "version"),
                       r.version, w("kỳ", "period"), r.period);
    for (const auto& s : r.sweeps) {
        out += '\n';
        const std::string what = s.parameter == s.name ? s.name : s.name + " (" + s.parameter + ")";
        out += fmt::format("{} {} {} {}:\n", w("Thay đổi", "Varying"), what,
                           w("— theo quy định:", "— as written:"), value_text(s.written, lang));
        render_rows(out, sweep_rows(t, s), std::vector<bool>(r.tiers.size() + 5, true), 2);
        if (s.subjects.empty()) {
            out += w("  không đối tượng nào đổi xếp loại trong khoảng này\n",
                     "  no subject changes tier over this range\n");
            continue;
        }
        out += fmt::format("  {} {}\n", s.subjects.size(),
                           w("đối tượng đổi xếp loại (giá trị: loại trước → loại sau):",
                             "subjects change tier (value: tier before -> tier after):"));
        render_rows(out, mover_rows(t, s, w(" → ", " -> ")), {false, false, false}, 2);
    }
    if (r.draws) {
        const auto& d = *r.draws;
        out += '\n';
        out += fmt::format("{} {} ±{}%, {} {}:\n", d.draws,
                           w("lần rút ngẫu nhiên nhân điểm mỗi tiêu chí với một hệ số trong khoảng",
                             "draws multiplying each criterion's points by a factor within"),
                           decimal_text(100.0 * d.spread, 1, lang), w("hạt giống", "seed"), d.seed);
        render_rows(out, draw_tier_rows(t, d), {false, true, true}, 2);
        table_rows unstable = unstable_rows(t, d);
        if (unstable.size() == 1) {
            out += w("  mọi đối tượng giữ nguyên loại và hạng qua mọi lần rút\n",
                     "  every subject kept its tier and rank in every draw\n");
            return;
        }
        out += fmt::format("  {} {}\n", unstable.size() - 1,
                           w("đối tượng không luôn giữ nguyên loại hoặc hạng:",
                             "subjects did not always keep their tier or rank:"));
        render_rows(out, std::move(unstable), {false, false, true, true, true, true}, 2);
    }
}

// ---- HTML ----

// One chart per sweep: subjects per tier against the value, a step line per tier (a count
// holds from its value to the next), the value as written marked; each series carries its
// tier and counts (`data-tier`, `data-counts`) and a title that says them in words.
void sweep_chart(detail::html_page& p, const sensitivity_report& r, const sweep_report& s,
                 language lang) {
    const bilingual w{lang};
    if (s.points.empty() || r.tiers.empty()) {
        return;
    }
    constexpr double width = 640;
    constexpr double height = 260;
    constexpr double left = 50;
    constexpr double right = 170;  // room for the legend
    constexpr double top = 12;
    constexpr double bottom = 40;
    const double plot_w = width - left - right;
    const double plot_h = height - top - bottom;
    const double first = s.points.front().value;
    const double last = s.points.back().value;
    std::size_t most = 1;
    for (const auto& pt : s.points) {
        for (std::size_t t = 0; t < r.tiers.size() && t < pt.counts.size(); ++t) {
            most = std::max(most, pt.counts[t]);
        }
    }
    const auto x = [&](double v) {
        return last > first ? left + plot_w * (v - first) / (last - first) : left + plot_w / 2;
    };
    const auto y = [&](std::size_t n) {
        return top + plot_h * (1.0 - static_cast<double>(n) / static_cast<double>(most));
    };
    const std::string label =
        fmt::format("{} {}", w("Số đối tượng mỗi loại theo", "Subjects per tier by"), s.name);
    p.raw(
        fmt::format("<svg class=\"sweep-chart\" width=\"{0:.0f}\" "
                    "height=\"{1:.0f}\" viewBox=\"0 0 {0:.0f} {1:.0f}\" role=\"img\" aria-label=\"",
                    width, height));
    p.text(label);
    p.raw("\"><title>");
    p.text(label);
    p.raw("</title>\n");
    p.raw(fmt::format(
        "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{2:.1f}\" y2=\"{1:.1f}\" stroke=\"#444\"/>"
        "<line x1=\"{0:.1f}\" y1=\"{3:.1f}\" x2=\"{0:.1f}\" y2=\"{1:.1f}\" stroke=\"#444\"/>\n",
        left, top + plot_h, left + plot_w, top));
    // The count axis: 0 and the most; the value axis: the first and last values.
    p.raw(fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\" font-size=\"11\">0</text>"
        "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\" font-size=\"11\">{}</text>\n",
        left - 4, top + plot_h + 4, left - 4, top + 4, most));
    for (const double v : {first, last}) {
        p.raw(
            fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" font-size=\"11\">",
                        x(v), top + plot_h + 16));
        p.text(value_text(v, lang));
        p.raw("</text>\n");
        if (last == first) {
            break;
        }
    }
    p.raw(fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" font-size=\"12\">",
                      left + plot_w / 2, height - 6));
    p.text(s.name);
    p.raw("</text>\n");
    if (!std::isnan(s.written) && s.written >= first && s.written <= last) {
        p.raw(
            fmt::format("<line class=\"as-written\" x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" "
                        "y2=\"{2:.1f}\" stroke=\"#888\" stroke-dasharray=\"4 3\"><title>",
                        x(s.written), top, top + plot_h));
        p.text(
            fmt::format("{} {}", w("theo quy định:", "as written:"), value_text(s.written, lang)));
        p.raw("</title></line>\n");
    }
    const double half_step =
        s.points.size() > 1 ? (x(s.points[1].value) - x(s.points[0].value)) / 2 : plot_w / 2;
    for (std::size_t t = 0; t < r.tiers.size(); ++t) {
        std::string counts;
        std::string words_of;
        std::string line;
        for (std::size_t k = 0; k < s.points.size(); ++k) {
            const std::size_t n = t < s.points[k].counts.size() ? s.points[k].counts[t] : 0;
            counts += fmt::format("{}{}", k == 0 ? "" : " ", n);
            words_of +=
                fmt::format("{}{}: {}", k == 0 ? "" : "; ", value_text(s.points[k].value, lang), n);
            // A step: flat from this value to the next, up or down at the next; the last
            // value holds for half a step (none at the right edge).
            const double x0 = x(s.points[k].value);
            const double x1 = k + 1 < s.points.size() ? x(s.points[k + 1].value)
                                                      : std::min(left + plot_w, x0 + half_step);
            line += fmt::format("{}{:.1f},{:.1f}", line.empty() ? "" : " ", x0, y(n));
            if (x1 > x0) {
                line += fmt::format(" {:.1f},{:.1f}", x1, y(n));
            }
        }
        const std::string color = detail::tier_color(t, r.tiers.size());
        p.raw(fmt::format("<g class=\"series\" data-tier=\"{}\" data-counts=\"{}\"><title>",
                          html_escape(r.tiers[t]), counts));
        p.text(tier_word(r, r.tiers[t], lang) + ": " + words_of);
        p.raw(
            fmt::format("</title><polyline points=\"{}\" fill=\"none\" stroke=\"{}\" "
                        "stroke-width=\"2\"/></g>\n",
                        line, color));
        const double ly = top + 14 + 18 * static_cast<double>(t);
        p.raw(
            fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"12\" height=\"12\" fill=\"{}\"/>"
                        "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"12\">",
                        left + plot_w + 16, ly - 10, color, left + plot_w + 32, ly));
        p.text(tier_word(r, r.tiers[t], lang));
        p.raw("</text>\n");
    }
    p.raw("</svg>\n");
}

void html_table(detail::html_page& p, const std::vector<std::vector<std::string>>& rows,
                std::size_t numbers_from) {
    p.raw("<table>\n");
    for (std::size_t k = 0; k < rows.size(); ++k) {
        p.raw("<tr>");
        for (std::size_t c = 0; c < rows[k].size(); ++c) {
            const bool number = c >= numbers_from;
            p.element(k == 0 ? "th" : "td", rows[k][c], number ? "class=\"n\"" : "");
        }
        p.raw("</tr>\n");
    }
    p.raw("</table>\n");
}

void render_html(detail::html_page& p, const sensitivity_report& r, language lang,
                 const dataset* data) {
    const sweep_words t = sweep_words_for(r, lang, data);
    const bilingual& w = t.w;
    p.raw("<section class=\"rulebook\">\n");
    p.element("h1", lang == language::vi && !r.title.empty() ? r.title + " (" + r.rulebook + ")"
                                                             : r.rulebook);
    p.element("p", fmt::format("{} {}, {} {}", w("phiên bản", "version"), r.version,
                               w("kỳ", "period"), r.period));
    p.raw("\n");
    for (const auto& s : r.sweeps) {
        const std::string what = s.parameter == s.name ? s.name : s.name + " (" + s.parameter + ")";
        p.element("h2",
                  fmt::format("{} {} {} {}", w("Thay đổi", "Varying"), what,
                              w("— theo quy định:", "— as written:"), value_text(s.written, lang)));
        p.raw("\n");
        sweep_chart(p, r, s, lang);
        html_table(p, sweep_rows(t, s), 1);
        if (s.subjects.empty()) {
            p.element("p", w("Không đối tượng nào đổi xếp loại trong khoảng này.",
                             "No subject changes tier over this range."));
            p.raw("\n");
            continue;
        }
        p.element("h3", fmt::format("{} {}", s.subjects.size(),
                                    w("đối tượng đổi xếp loại (giá trị: loại trước → loại sau)",
                                      "subjects change tier (value: tier before → tier after)")));
        p.raw("\n");
        html_table(p, mover_rows(t, s, " → "), 3);
    }
    if (r.draws) {
        const auto& d = *r.draws;
        p.element("h2", fmt::format("{} {} ±{}%, {} {}", d.draws,
                                    w("lần rút ngẫu nhiên nhân điểm mỗi tiêu chí với một hệ số "
                                      "trong khoảng",
                                      "draws multiplying each criterion's points by a factor "
                                      "within"),
                                    decimal_text(100.0 * d.spread, 1, lang), w("hạt giống", "seed"),
                                    d.seed));
        p.raw("\n");
        html_table(p, draw_tier_rows(t, d), 1);
        const table_rows unstable = unstable_rows(t, d);
        if (unstable.size() > 1) {
            html_table(p, unstable, 2);
        } else {
            p.element("p", w("Mọi đối tượng giữ nguyên loại và hạng qua mọi lần rút.",
                             "Every subject kept its tier and rank in every draw."));
            p.raw("\n");
        }
    }
    p.raw("</section>\n");
}

std::string csv_number(double v) {
    return std::isnan(v) ? "" : fmt::format("{}", v);
}

void csv_row(std::string& out, const std::vector<std::string>& cells) {
    for (std::size_t k = 0; k < cells.size(); ++k) {
        if (k > 0) {
            out += ',';
        }
        detail::append_csv_field(out, cells[k]);
    }
    out += '\n';
}

void render_csv(std::string& out, const sensitivity_report& r) {
    for (const auto& s : r.sweeps) {
        for (const auto& p : s.points) {
            const std::string value = tidy_number_text(p.value);
            for (std::size_t k = 0; k < p.counts.size(); ++k) {
                csv_row(out, {r.rulebook, s.name, value, "count", "", "",
                              k < r.tiers.size() ? r.tiers[k] : "", std::to_string(p.counts[k]), "",
                              "", "", "", "", ""});
            }
            csv_row(out, {r.rulebook, s.name, value, "correlation", "", "", "",
                          std::to_string(p.compared), csv_number(p.spearman),
                          csv_number(p.kendall_tau_b), "", "", "", ""});
            for (const auto& m : p.moves) {
                csv_row(out, {r.rulebook, s.name, value, "move", m.subject, m.old_tier, m.new_tier,
                              "", "", "", "", "", "", ""});
            }
        }
        for (const auto& m : s.subjects) {
            for (const auto& c : m.changes) {
                csv_row(out, {r.rulebook, s.name, tidy_number_text(c.value), "change", m.subject,
                              c.from_tier, c.to_tier, "", "", "", "", "", "", ""});
            }
        }
    }
    if (r.draws) {
        const auto& d = *r.draws;
        for (const auto& t : d.tiers) {
            csv_row(out,
                    {r.rulebook, "draws", "", "draw_tier", "", t.tier, "",
                     std::to_string(t.subjects), "", "", csv_number(t.kept_share), "", "", ""});
        }
        for (const auto& s : d.subjects) {
            csv_row(out, {r.rulebook, "draws", "", "draw_subject", s.subject, s.tier, "", "", "",
                          "", std::to_string(s.kept_tier), std::to_string(s.kept_rank),
                          s.min_rank == no_rank ? "" : std::to_string(s.min_rank),
                          s.max_rank == no_rank ? "" : std::to_string(s.max_rank)});
        }
    }
}

using detail::json_number;

nlohmann::json json_tier(const std::string& id) {
    return id.empty() ? nlohmann::json(nullptr) : nlohmann::json(id);
}

nlohmann::json json_rank(std::uint32_t rank) {
    return rank == no_rank ? nlohmann::json(nullptr) : nlohmann::json(rank);
}

nlohmann::json report_json(const sensitivity_report& r) {
    nlohmann::json sweeps = nlohmann::json::array();
    for (const auto& s : r.sweeps) {
        nlohmann::json points = nlohmann::json::array();
        for (const auto& p : s.points) {
            nlohmann::json moves = nlohmann::json::array();
            for (const auto& m : p.moves) {
                moves.push_back({{"subject", m.subject},
                                 {"old_tier", json_tier(m.old_tier)},
                                 {"new_tier", json_tier(m.new_tier)}});
            }
            points.push_back({{"value", tidy(p.value)},
                              {"counts", p.counts},
                              {"moves", moves},
                              {"compared", p.compared},
                              {"spearman", json_number(p.spearman)},
                              {"kendall_tau_b", json_number(p.kendall_tau_b)}});
        }
        nlohmann::json subjects = nlohmann::json::array();
        for (const auto& m : s.subjects) {
            nlohmann::json changes = nlohmann::json::array();
            for (const auto& c : m.changes) {
                changes.push_back({{"value", tidy(c.value)},
                                   {"from", json_tier(c.from_tier)},
                                   {"to", json_tier(c.to_tier)}});
            }
            subjects.push_back(
                {{"subject", m.subject}, {"tier", json_tier(m.tier)}, {"changes", changes}});
        }
        sweeps.push_back({{"name", s.name},
                          {"parameter", s.parameter},
                          {"written", json_number(s.written)},
                          {"points", points},
                          {"subjects", subjects}});
    }
    nlohmann::json out = {{"rulebook", r.rulebook}, {"title", r.title},
                          {"version", r.version},   {"period", r.period},
                          {"tiers", r.tiers},       {"tier_labels", r.tier_labels},
                          {"sweeps", sweeps},       {"draws", nullptr}};
    if (r.draws) {
        const auto& d = *r.draws;
        nlohmann::json tiers = nlohmann::json::array();
        for (const auto& t : d.tiers) {
            tiers.push_back({{"tier", t.tier},
                             {"subjects", t.subjects},
                             {"kept_share", json_number(t.kept_share)}});
        }
        nlohmann::json subjects = nlohmann::json::array();
        for (const auto& s : d.subjects) {
            subjects.push_back({{"subject", s.subject},
                                {"tier", json_tier(s.tier)},
                                {"rank", json_rank(s.rank)},
                                {"kept_tier", s.kept_tier},
                                {"kept_rank", s.kept_rank},
                                {"min_rank", json_rank(s.min_rank)},
                                {"max_rank", json_rank(s.max_rank)}});
        }
        out["draws"] = {{"draws", d.draws},       {"spread", d.spread}, {"seed", d.seed},
                        {"criteria", d.criteria}, {"tiers", tiers},     {"subjects", subjects}};
    }
    return out;
}

}  // namespace

std::string format_sensitivity(std::span<const sensitivity_report> reports, result_format format,
                               language lang, const dataset* data) {
    std::string out;
    switch (format) {
        case result_format::table:
            for (std::size_t i = 0; i < reports.size(); ++i) {
                if (i > 0) {
                    out += '\n';
                }
                render_table(out, reports[i], lang, data);
            }
            // Ids and labels come from rulebooks and datasets: control characters are shown,
            // not sent raw to the terminal.
            return detail::has_controls(out) ? detail::escape_controls(out) : out;
        case result_format::csv:
            out =
                "rulebook,name,value,record,subject,tier_as_written,tier,count,spearman,kendall_"
                "tau_b,kept_tier,kept_rank,min_rank,max_rank\n";
            for (const auto& r : reports) {
                render_csv(out, r);
            }
            return out;
        case result_format::json: {
            nlohmann::json all = nlohmann::json::array();
            for (const auto& r : reports) {
                all.push_back(report_json(r));
            }
            return all.dump(2) + "\n";
        }
    }
    return out;
}

std::string format_sensitivity_html(std::span<const sensitivity_report> reports, language lang,
                                    const dataset* data) {
    const bilingual w{lang};
    detail::html_page p;
    p.raw(fmt::format("<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n",
                      lang == language::vi ? "vi" : "en"));
    p.element("title", w("Thử thay đổi bộ tiêu chí", "Sensitivity of the rules"));
    p.raw(
        "\n<style>body{font-family:sans-serif;margin:1.5em;color:#222}"
        "table{border-collapse:collapse;margin:.5em 0 1.5em}"
        "th,td{border:1px solid #ccc;padding:.2em .5em;text-align:left}"
        "td.n,th.n{text-align:right}svg{max-width:100%;height:auto;display:block}</style>\n"
        "</head>\n<body>\n");
    for (const auto& r : reports) {
        render_html(p, r, lang, data);
    }
    p.raw("</body>\n</html>\n");
    return p.take();
}

void save_sensitivity_html(const std::filesystem::path& file,
                           std::span<const sensitivity_report> reports, language lang,
                           const dataset* data) {
    detail::write_file_atomically(file, format_sensitivity_html(reports, lang, data));
}

void save_sensitivity(const std::filesystem::path& file,
                      std::span<const sensitivity_report> reports, result_format format,
                      language lang, const dataset* data) {
    detail::write_file_atomically(file, format_sensitivity(reports, format, lang, data));
}

}  // namespace antq
