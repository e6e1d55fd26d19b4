#include "antq/evaluation/rollups.hpp"

#include "antq/evaluation/subjects.hpp"
#include "antq/expr/kernels.hpp"
#include "antq/expr/program.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace antq::detail::evaluation {

namespace {

using rules::rollup_input;

using expr::missing_value;

/// Counts over the source results of one row: assessed, passed, failed criteria.
double count_of(const rulebook_results& r, std::size_t row, rollup_input::field what) {
    const auto& c = r.columns();
    double n = 0;
    for (std::size_t k = 0; k < r.criterion_count(); ++k) {
        const std::size_t cell = r.at(k, row);
        const bool assessed = c.criterion_assessed[cell] != 0;
        const bool passed = c.criterion_passed[cell] != 0;
        switch (what) {
            case rollup_input::field::passed_count:
                n += assessed && passed ? 1 : 0;
                break;
            case rollup_input::field::failed_count:
                n += assessed && !passed ? 1 : 0;
                break;
            default:
                n += assessed ? 1 : 0;
                break;
        }
    }
    return n;
}

std::optional<std::size_t> criterion_index(const rulebook_results& r, const std::string& id) {
    const auto& criteria = r.header().criteria;
    const auto it = std::find_if(criteria.begin(), criteria.end(),
                                 [&](const criterion_summary& c) { return c.id == id; });
    if (it == criteria.end()) {
        return std::nullopt;
    }
    return static_cast<std::size_t>(it - criteria.begin());
}

/// The column of one input of the inner expression, over the source rows.
std::vector<double> input_column(const rollup_input& in, const rulebook_results& source,
                                 const registry& units, text_ids& texts, rollup_tier_source tiers) {
    using field = rollup_input::field;
    const auto& h = source.header();
    const auto& c = source.columns();
    const std::size_t n = source.size();
    std::vector<double> out(n, missing_value);
    const auto criterion =
        in.criterion.empty() ? std::nullopt : criterion_index(source, in.criterion);
    const subject_view subjects(units, h.subject);
    const period p(h.period_first, h.period_last);
    for (std::size_t i = 0; i < n; ++i) {
        // A decision stands for the proposal unless the roll-up asks for proposals.
        const std::int32_t tier =
            tiers == rollup_tier_source::decided ? source.standing_tier(i) : c.tier[i];
        switch (in.what) {
            case field::tier:
                out[i] = tier == no_tier ? missing_value : texts.id(h.tiers[tier].id);
                break;
            case field::action:
                // The subject's own action for that tier (a tier's `action_when` may give
                // it `otherwise`), not the tier's fixed word.
                out[i] = tier == no_tier ? missing_value : texts.id(source.action_of(i, tier));
                break;
            case field::status:
                out[i] = texts.id(to_string(c.status[i]));
                break;
            case field::score:
                out[i] = c.score[i];
                break;
            case field::max_score:
                out[i] = c.max_score[i];
                break;
            case field::rank:
                out[i] = c.rank[i] == no_rank ? missing_value : static_cast<double>(c.rank[i]);
                break;
            case field::passed_count:
            case field::failed_count:
            case field::assessed_count:
                out[i] = c.status[i] == result_status::evaluated ? count_of(source, i, in.what)
                                                                 : missing_value;
                break;
            case field::passed:
            case field::points:
            case field::value: {
                if (!criterion) {
                    break;
                }
                const std::size_t cell = source.at(*criterion, i);
                if (c.criterion_assessed[cell] == 0) {
                    break;
                }
                out[i] = in.what == field::passed   ? (c.criterion_passed[cell] != 0 ? 1.0 : 0.0)
                         : in.what == field::points ? c.criterion_points[cell]
                                                    : c.criterion_value[cell];
                break;
            }
            case field::attribute:
                out[i] = in.attr == rules::attribute::days_active
                             ? static_cast<double>(subjects.days_active(c.subject_index[i], p))
                             : texts.id(subjects.text(in.attr, c.subject_index[i]));
                break;
        }
    }
    return out;
}

/// The partial aggregate of the source subjects of one unit.
struct partial {
    double subjects = 0;
    double hits = 0;  ///< count, share: the condition held
    double sum = 0;
    double values = 0;  ///< sum, mean, min, max: values present
    double low = std::numeric_limits<double>::infinity();
    double high = -std::numeric_limits<double>::infinity();
    bool failed = false;

    void add(const partial& o) {
        subjects += o.subjects;
        hits += o.hits;
        sum += o.sum;
        values += o.values;
        low = std::min(low, o.low);
        high = std::max(high, o.high);
        failed = failed || o.failed;
    }
};

double finish(const partial& p, rules::aggregate_kind kind, bool share_of_nothing_is_missing) {
    using k = rules::aggregate_kind;
    switch (kind) {
        case k::count:
            return p.hits;
        case k::share:
            if (p.subjects == 0) {
                return share_of_nothing_is_missing ? missing_value : 0.0;
            }
            return p.hits / p.subjects;
        case k::sum:
            return p.sum;
        case k::mean:
            return p.values == 0 ? missing_value : p.sum / p.values;
        case k::minimum:
            return p.values == 0 ? missing_value : p.low;
        case k::maximum:
            return p.values == 0 ? missing_value : p.high;
    }
    return missing_value;
}

}  // namespace

rollup_values compute_rollup(const rules::rollup_plan& plan, const rulebook_results& source,
                             const registry& units, std::span<const index_t> row_unit,
                             std::span<const index_t> row_subject, text_ids& texts,
                             bool share_of_nothing_is_missing) {
    const std::size_t n = source.size();
    // The inner expression over every source subject, at once.
    std::vector<std::vector<double>> columns;
    columns.reserve(plan.inputs.size());
    for (const auto& in : plan.inputs) {
        columns.push_back(input_column(in, source, units, texts, plan.tiers));
    }
    std::vector<std::span<const double>> inputs(columns.begin(), columns.end());
    std::vector<double> inner(n, missing_value);
    std::vector<std::uint32_t> errors(n, 0);
    if (plan.inner.constant) {
        std::fill(inner.begin(), inner.end(), *plan.inner.constant);
    } else if (n > 0) {
        plan.inner.program->run(inputs, inner, errors);
    }

    rollup_values out;
    const subject_view sources(units, source.header().subject);
    const bool conditions = plan.aggregate == rules::aggregate_kind::count ||
                            plan.aggregate == rules::aggregate_kind::share;
    const bool reads_results =
        std::any_of(plan.inputs.begin(), plan.inputs.end(),
                    [](const rollup_input& in) { return rules::reads_a_result(in); });
    const auto& status = source.columns().status;
    // Whether source row i is left out (not eligible), or has no result, and whether it is
    // then still counted (`on_error: fail`).
    enum class standing { counted, left_out, unresolved_left_out, unresolved_counted };
    const auto standing_of = [&](std::size_t i) {
        if (!reads_results || status[i] == result_status::evaluated) {
            return standing::counted;
        }
        if (status[i] == result_status::not_eligible) {
            return standing::left_out;
        }
        return plan.on_error == rollup_error_policy::fail ? standing::unresolved_counted
                                                          : standing::unresolved_left_out;
    };
    const auto accumulate = [&](partial& p, std::size_t i) {
        p.subjects += 1;
        if (errors[i] != 0) {
            p.failed = true;
            out.failed_column = out.failed_column == 0 ? errors[i] : out.failed_column;
            return;
        }
        const double v = inner[i];
        if (std::isnan(v)) {
            return;
        }
        if (conditions) {
            p.hits += v == 1.0 ? 1 : 0;
            return;
        }
        p.sum += v;
        p.values += 1;
        p.low = std::min(p.low, v);
        p.high = std::max(p.high, v);
    };

    if (plan.over == rollup_scope::linked) {
        // Models and exemplars linked by the exemplars' `models` and `leads` columns: each
        // target row reads the source rows of its own links.
        const std::size_t source_subjects = sources.size();
        std::vector<std::uint32_t> row_of(source_subjects,
                                          std::numeric_limits<std::uint32_t>::max());
        for (std::size_t i = 0; i < n; ++i) {
            row_of[source.columns().subject_index[i]] = static_cast<std::uint32_t>(i);
        }
        out.per_row = true;
        out.value.resize(row_subject.size());
        out.failed.resize(row_subject.size());
        for (std::size_t row = 0; row < row_subject.size(); ++row) {
            const index_t s = row_subject[row];
            const auto links = source.header().subject == subject_kind::exemplar
                                   ? units.exemplars_of_model(s)
                                   : units.models_of_exemplar(s);
            partial total;
            std::vector<std::uint32_t> unresolved;
            for (const index_t linked : links) {
                const std::uint32_t i = row_of[linked];
                if (i == std::numeric_limits<std::uint32_t>::max()) {
                    continue;  // not a subject of the source rulebook (its applies_to)
                }
                const standing st = standing_of(i);
                if (st == standing::left_out) {
                    continue;
                }
                if (st != standing::counted) {
                    unresolved.push_back(i);
                    if (st == standing::unresolved_left_out) {
                        continue;
                    }
                }
                accumulate(total, i);
            }
            out.value[row] = finish(total, plan.aggregate, share_of_nothing_is_missing);
            out.failed[row] = total.failed ? 1 : 0;
            if (!unresolved.empty()) {
                out.unresolved.resize(row_subject.size());
                std::sort(unresolved.begin(), unresolved.end());
                out.unresolved[row] = std::move(unresolved);
            }
        }
        return out;
    }

    // Partial aggregates per unit, in source row order.
    std::vector<partial> per_unit(units.units().size());
    std::vector<std::vector<std::uint32_t>> unresolved_here;
    for (std::size_t i = 0; i < n; ++i) {
        const index_t unit = sources.unit(source.columns().subject_index[i]);
        auto& p = per_unit[unit];
        const standing st = standing_of(i);
        if (st == standing::left_out) {
            continue;
        }
        if (st != standing::counted) {
            if (unresolved_here.empty()) {
                unresolved_here.resize(units.units().size());
            }
            unresolved_here[unit].push_back(static_cast<std::uint32_t>(i));
            if (st == standing::unresolved_left_out) {
                continue;
            }
        }
        accumulate(p, i);
    }

    // Each unit's value once, however many rows share it.
    const bool include_self = source.header().subject != subject_kind::unit;
    // Over descendants: the aggregate of everything below each unit, summed once bottom-up
    // (reverse preorder: children before their parent), so that a deep chain of units costs
    // linear time, not units times depth.
    std::vector<partial> below;
    if (plan.over == rollup_scope::descendants) {
        std::vector<index_t> preorder;
        preorder.reserve(units.units().size());
        for (const index_t root : units.roots()) {
            preorder.push_back(root);
            const auto d = units.descendants(root);
            preorder.insert(preorder.end(), d.begin(), d.end());
        }
        below.resize(units.units().size());
        for (auto it = preorder.rbegin(); it != preorder.rend(); ++it) {
            if (const auto up = units.parent(*it)) {
                below[*up].add(per_unit[*it]);
                below[*up].add(below[*it]);
            }
        }
    }
    std::vector<double> value_of_unit(units.units().size(), missing_value);
    std::vector<std::uint8_t> done(units.units().size(), 0);
    std::vector<std::uint8_t> failed_of_unit(units.units().size(), 0);
    out.value.resize(row_unit.size());
    out.failed.resize(row_unit.size());
    for (std::size_t row = 0; row < row_unit.size(); ++row) {
        const index_t u = row_unit[row];
        if (done[u] == 0) {
            partial total;
            if (include_self) {
                total.add(per_unit[u]);
            }
            if (plan.over == rollup_scope::children) {
                for (const index_t child : units.children(u)) {
                    total.add(per_unit[child]);
                }
            } else {
                total.add(below[u]);
            }
            value_of_unit[u] = finish(total, plan.aggregate, share_of_nothing_is_missing);
            failed_of_unit[u] = total.failed ? 1 : 0;
            done[u] = 1;
        }
        out.value[row] = value_of_unit[u];
        out.failed[row] = failed_of_unit[u];
    }
    if (unresolved_here.empty()) {
        return out;
    }
    // The same scopes again, for the few units whose scope holds a source without a result.
    out.unresolved.resize(units.units().size());
    for (std::size_t row = 0; row < row_unit.size(); ++row) {
        const index_t u = row_unit[row];
        if (done[u] != 1) {
            continue;
        }
        done[u] = 2;
        auto& list = out.unresolved[u];
        if (include_self) {
            list = unresolved_here[u];
        }
        const auto scope =
            plan.over == rollup_scope::children ? units.children(u) : units.descendants(u);
        for (const index_t member : scope) {
            list.insert(list.end(), unresolved_here[member].begin(), unresolved_here[member].end());
        }
        std::sort(list.begin(), list.end());
    }
    return out;
}

std::vector<rollup_member_value> rollup_members(const rules::rollup_plan& plan,
                                                const rulebook_results& source,
                                                const registry& units, index_t unit,
                                                index_t subject, text_ids& texts) {
    // Explanations only: one unit, so no per-unit partials; the inner expression runs over
    // every source row as in `compute_rollup`, so that both read the same values.
    const std::size_t n = source.size();
    std::vector<std::vector<double>> columns;
    columns.reserve(plan.inputs.size());
    for (const auto& in : plan.inputs) {
        columns.push_back(input_column(in, source, units, texts, plan.tiers));
    }
    std::vector<std::span<const double>> inputs(columns.begin(), columns.end());
    std::vector<double> inner(n, missing_value);
    std::vector<std::uint32_t> errors(n, 0);
    if (plan.inner.constant) {
        std::fill(inner.begin(), inner.end(), *plan.inner.constant);
    } else if (n > 0) {
        plan.inner.program->run(inputs, inner, errors);
    }
    const subject_view sources(units, source.header().subject);
    std::vector<rollup_member_value> out;
    if (plan.over == rollup_scope::linked) {
        const auto links = source.header().subject == subject_kind::exemplar
                               ? units.exemplars_of_model(subject)
                               : units.models_of_exemplar(subject);
        std::vector<std::uint8_t> linked(sources.size(), 0);
        for (const index_t l : links) {
            linked[l] = 1;
        }
        for (std::size_t i = 0; i < n; ++i) {
            if (linked[source.columns().subject_index[i]] != 0) {
                out.push_back({static_cast<std::uint32_t>(i), inner[i], errors[i] != 0});
            }
        }
        return out;
    }
    std::vector<std::uint8_t> in_scope(units.units().size(), 0);
    if (source.header().subject != subject_kind::unit) {
        in_scope[unit] = 1;
    }
    const auto scope =
        plan.over == rollup_scope::children ? units.children(unit) : units.descendants(unit);
    for (const index_t below : scope) {
        in_scope[below] = 1;
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (in_scope[sources.unit(source.columns().subject_index[i])] != 0) {
            out.push_back({static_cast<std::uint32_t>(i), inner[i], errors[i] != 0});
        }
    }
    return out;
}

}  // namespace antq::detail::evaluation
