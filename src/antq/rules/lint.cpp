#include <antq/rulebook_lint.hpp>

#include "antq/rules/compile.hpp"
#include "antq/rules/score_band.hpp"
#include "antq/rules/validate.hpp"

#include "antq/expr/parser.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace antq {

namespace {

using detail::rules::place;
using detail::rules::rulebook_plan;
using detail::rules::score_band;

constexpr double infinity = std::numeric_limits<double>::infinity();

// A band as an interval of scores; missing bounds are infinite.
struct interval {
    double low = -infinity;
    bool low_open = false;
    double high = infinity;
    bool high_open = false;
};

interval as_interval(const score_band& b) {
    interval i;
    if (b.low) {
        i.low = *b.low;
        i.low_open = b.low_strict;
    }
    if (b.high) {
        i.high = *b.high;
        i.high_open = b.high_strict;
    }
    return i;
}

bool is_empty(const interval& i) {
    return i.low > i.high || (i.low == i.high && (i.low_open || i.high_open));
}

// Whether every score of `target` lies in one of `cover`.
bool covered(const interval& target, std::vector<interval> cover) {
    std::sort(cover.begin(), cover.end(), [](const interval& a, const interval& b) {
        return a.low < b.low || (a.low == b.low && !a.low_open && b.low_open);
    });
    // `at` is the lowest score of target not yet known to be covered (excluded itself when
    // `at_open`).
    double at = target.low;
    bool at_open = target.low_open;
    bool progressed = true;
    while (progressed) {
        progressed = false;
        for (const auto& c : cover) {
            const bool starts_before = c.low < at || (c.low == at && (!c.low_open || at_open));
            const bool reaches_further = c.high > at || (c.high == at && !c.high_open && !at_open);
            if (!starts_before || !reaches_further) {
                continue;
            }
            at = c.high;
            at_open = !c.high_open;
            progressed = true;
            if (at > target.high || (at == target.high && (at_open || target.high_open))) {
                return true;
            }
        }
    }
    return false;
}

std::string number(double x) {
    return fmt::format("{}", x);
}

std::string band_text(const interval& i) {
    std::string text;
    if (i.low > -infinity) {
        text += std::string("score ") + (i.low_open ? "> " : ">= ") + number(i.low);
    }
    if (i.high < infinity) {
        text += text.empty() ? "" : " and ";
        text += std::string("score ") + (i.high_open ? "< " : "<= ") + number(i.high);
    }
    return text;
}

class linter {
  public:
    explicit linter(const rulebook& book) : book_(book) {}

    // Warnings about `compiled`, the compiled form of the linted rulebook.
    std::vector<diagnostic> run(const rulebook_plan& compiled);

  private:
    void warn(const source_location& at, std::string message) {
        out_.push_back(diagnostic{at, severity::warning, std::move(message)});
    }

    void lint_version(std::size_t vi, const detail::rules::version_plan& plan);

    const rulebook& book_;
    std::vector<diagnostic> out_;
};

std::vector<diagnostic> linter::run(const rulebook_plan& compiled) {
    for (std::size_t vi = 0; vi < compiled.versions.size(); ++vi) {
        lint_version(vi, compiled.versions[vi]);
    }
    std::stable_sort(out_.begin(), out_.end(), [](const diagnostic& a, const diagnostic& b) {
        return std::pair{a.where.line, a.where.column} < std::pair{b.where.line, b.where.column};
    });
    return std::move(out_);
}

void linter::lint_version(std::size_t vi, const detail::rules::version_plan& plan) {
    const auto& v = book_.versions[vi];
    const std::string base = "versions/" + std::to_string(vi);

    // ---- Criteria that can never change a result ----
    double scored_points = 0;
    double bonus_points = 0;
    for (std::size_t c = 0; c < v.criteria.size(); ++c) {
        const auto& cr = v.criteria[c];
        const std::string path = base + "/criteria/" + std::to_string(c);
        const bool gives_points = cr.kind == criterion_kind::scored ||
                                  cr.kind == criterion_kind::penalty ||
                                  cr.kind == criterion_kind::bonus;
        if (cr.kind == criterion_kind::scored) {
            scored_points += cr.points;
        }
        if (cr.kind == criterion_kind::bonus) {
            bonus_points += cr.points;
        }
        if (gives_points && cr.points == 0) {
            warn(place(book_, path + "/points", cr.where),
                 "criterion '" + cr.id + "' gives 0 points: it can never change a result");
        }
        if (c >= plan.criteria.size()) {
            continue;
        }
        const auto& cp = plan.criteria[c];
        if (cp.when && cp.when->constant) {
            warn(place(book_, path + "/when", cr.where),
                 *cp.when->constant == 1
                     ? "criterion '" + cr.id +
                           "' is always met ('when' is always true): it can never change a result"
                     : "criterion '" + cr.id + "' is never met ('when' is always false)");
        }
        if (gives_points && cr.points != 0 && cp.score && cp.score->constant &&
            *cp.score->constant <= 0) {
            warn(place(book_, path + "/score", cr.where),
                 "criterion '" + cr.id +
                     "' always scores 0 ('score' is a constant): it can never change a result");
        }
        if (cr.kind == criterion_kind::required && v.engine == "weighted" &&
            std::none_of(v.tiers.begin(), v.tiers.end(), [&](const tier& t) {
                return std::find(t.requires_criteria.begin(), t.requires_criteria.end(), cr.id) !=
                       t.requires_criteria.end();
            })) {
            warn(place(book_, path, cr.where),
                 "required criterion '" + cr.id +
                     "' is in no tier's 'requires': it can never change a result");
        }
    }

    // ---- Tier bands ----
    // What a subject can score at most: for `weighted` the points themselves (a declared
    // maximum does not add points), for other engines what the engine says.
    const double reachable = v.engine == "weighted" || !plan.engine ? scored_points + bonus_points
                                                                    : plan.max_score + bonus_points;
    std::vector<score_band> bands(v.tiers.size());
    for (std::size_t t = 0; t < v.tiers.size(); ++t) {
        if (t < plan.tiers.size() && plan.tiers[t].when) {
            // Parameters are folded into the program; read the band from the text with the
            // same folding (compile already checked it parses).
            if (auto tree = detail::expr::parse(v.tiers[t].when.text)) {
                for (auto& n : tree->nodes) {
                    const auto p = std::find_if(v.parameters.begin(), v.parameters.end(),
                                                [&](const parameter& x) { return x.id == n.text; });
                    if (n.kind == detail::expr::node_kind::name && p != v.parameters.end()) {
                        n.kind = detail::expr::node_kind::number;
                        n.number = p->value;
                    }
                }
                bands[t] = detail::rules::read_score_band(*tree);
            }
        }
    }
    std::vector<interval> above;  // bands of the tiers above that take everyone in them
    std::optional<double> highest_threshold;
    for (std::size_t t = 0; t + 1 < v.tiers.size(); ++t) {
        const auto& tr = v.tiers[t];
        const auto& band = bands[t];
        const source_location at =
            place(book_, base + "/tiers/" + std::to_string(t) + "/when", tr.where);
        if (band.low) {
            highest_threshold = std::max(highest_threshold.value_or(*band.low), *band.low);
        }
        if (band.low && (*band.low > reachable || (*band.low == reachable && band.low_strict))) {
            warn(at, "tier '" + tr.id + "' cannot be reached: it needs a score " +
                         (band.low_strict ? "above " : "of at least ") + number(*band.low) +
                         ", and the maximum is " + number(reachable));
            continue;
        }
        if (!band.pure) {
            continue;
        }
        const interval mine = as_interval(band);
        if (is_empty(mine)) {
            warn(at,
                 "tier '" + tr.id + "' cannot be reached: no score satisfies " + band_text(mine));
            continue;
        }
        if (!above.empty() && covered(mine, above)) {
            warn(at, "tier '" + tr.id +
                         "' cannot be reached: every score it accepts is taken by a tier above");
            continue;
        }
        // Against the tier just above, when both are plain bands.
        if (t > 0 && bands[t - 1].pure && mine.high < infinity) {
            const interval upper = as_interval(bands[t - 1]);
            if (upper.low > -infinity) {
                const bool gap = mine.high < upper.low ||
                                 (mine.high == upper.low && mine.high_open && upper.low_open);
                const bool overlap = mine.high > upper.low ||
                                     (mine.high == upper.low && !mine.high_open && !upper.low_open);
                if (gap) {
                    warn(at, "tiers '" + v.tiers[t - 1].id + "' (" + band_text(upper) + ") and '" +
                                 tr.id + "' (" + band_text(mine) +
                                 ") leave a gap: scores between them fall to a lower tier");
                } else if (overlap) {
                    warn(at, "tiers '" + v.tiers[t - 1].id + "' (" + band_text(upper) + ") and '" +
                                 tr.id + "' (" + band_text(mine) + ") overlap; '" +
                                 v.tiers[t - 1].id + "' takes the scores they share");
                }
            }
        }
        if (tr.requires_criteria.empty() && !tr.quota) {
            above.push_back(mine);
        }
    }

    // ---- Points against the declared maximum ----
    std::optional<double> declared = v.max_score;
    std::string declared_path = base + "/max_score";
    if (!declared && v.options.values.is_object() && v.options.values.contains("max_score") &&
        v.options.values["max_score"].is_number()) {
        declared = v.options.values["max_score"].get<double>();
        declared_path = base + "/engine_options/max_score";
    }
    const bool point_engine = v.engine == "weighted";
    if (declared) {
        if (std::abs(scored_points - *declared) > 1e-9 && point_engine) {
            warn(place(book_, declared_path, v.where),
                 "the points of the scored criteria add up to " + number(scored_points) +
                     ", not the declared maximum " + number(*declared));
        }
    } else if (point_engine && highest_threshold && *highest_threshold > 50 &&
               *highest_threshold <= 100 && std::abs(scored_points - 100) > 1e-9 &&
               !v.criteria.empty()) {
        warn(place(book_, base + "/criteria", v.where),
             "the points of the scored criteria add up to " + number(scored_points) +
                 ", but the tier thresholds (up to " + number(*highest_threshold) +
                 ") read as out of 100; declare 'max_score' if that is meant");
    }
}

}  // namespace

std::vector<diagnostic> lint_rulebook(const rulebook& book) {
    diagnostic_list ignored;  // a rulebook with errors lints as well as it can
    const auto compiled =
        detail::rules::compile_plans(std::make_shared<const rulebook>(book),
                                     detail::rules::kept_registry(builtin_engines()), ignored);
    return linter(book).run(*compiled);
}

std::vector<diagnostic> detail::rules::lint_compiled(const rulebook_plan& compiled) {
    return linter(*compiled.source).run(compiled);
}

}  // namespace antq
