#include <antq/engine.hpp>

#include "antq/engines/checklist_engine.hpp"
#include "antq/engines/composite_engine.hpp"
#include "antq/engines/deduction_engine.hpp"
#include "antq/engines/topsis_engine.hpp"
#include "antq/engines/weighted_engine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <new>

namespace antq {

namespace {

void expect_size(std::string_view engine, std::string_view what, std::size_t expected,
                 std::size_t actual, const engine_input& in) {
    if (expected == actual) {
        return;
    }
    throw usage_error(fmt::format("engine '{}': expected {} {} ({} subjects x {} criteria), got {}",
                                  engine, expected, what, in.subject_count, in.criteria.size(),
                                  actual));
}

void check_criteria(std::string_view engine, std::span<const criterion_info> criteria) {
    for (const auto& c : criteria) {
        if (!std::isfinite(c.points) || c.points < 0) {
            throw usage_error(fmt::format(
                "engine '{}': criterion '{}' has points {}; points must be finite and not negative",
                engine, c.id, c.points));
        }
        if (!std::isfinite(c.weight) || c.weight < 0) {
            throw usage_error(
                fmt::format("engine '{}': criterion '{}' has weight {}; weights must be finite and "
                            "not negative",
                            engine, c.id, c.weight));
        }
    }
}

void check_input(std::string_view engine, const engine_input& in, const engine_output& out) {
    const std::size_t cells = in.subject_count * in.criteria.size();
    expect_size(engine, "scores", cells, in.scores.size(), in);
    expect_size(engine, "values", cells, in.values.size(), in);
    expect_size(engine, "assessed flags", cells, in.assessed.size(), in);
    expect_size(engine, "contributions", cells, out.contributions.size(), in);
    if (out.scores.size() != in.subject_count) {
        throw usage_error(fmt::format("engine '{}': expected {} output scores, got {}", engine,
                                      in.subject_count, out.scores.size()));
    }
    check_criteria(engine, in.criteria);
    for (std::size_t c = 0; c < in.criteria.size(); ++c) {
        for (std::size_t i = 0; i < in.subject_count; ++i) {
            const std::size_t k = in.at(c, i);
            // `!(s >= 0 && s <= 1)` also catches NaN.
            if (in.assessed[k] != 0 && !(in.scores[k] >= 0 && in.scores[k] <= 1)) {
                throw usage_error(fmt::format(
                    "engine '{}': the score of criterion '{}' for subject {} is {}, outside [0, 1]",
                    engine, in.criteria[c].id, i, in.scores[k]));
            }
        }
    }
}

void check_output(std::string_view engine, const engine_input& in, const engine_output& out) {
    for (std::size_t i = 0; i < in.subject_count; ++i) {
        if (!std::isfinite(out.scores[i])) {
            throw engine_error(
                fmt::format("engine '{}' gave a non-finite score ({})", engine, out.scores[i]), i);
        }
    }
    for (std::size_t c = 0; c < in.criteria.size(); ++c) {
        for (std::size_t i = 0; i < in.subject_count; ++i) {
            const double v = out.contributions[in.at(c, i)];
            if (!std::isfinite(v)) {
                throw engine_error(fmt::format("engine '{}' gave a non-finite contribution ({}) "
                                               "for criterion '{}'",
                                               engine, v, in.criteria[c].id),
                                   i);
            }
        }
    }
}

bool valid_engine_name(std::string_view name) noexcept {
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-';
    });
}

}  // namespace

scoring_engine::~scoring_engine() = default;

void scoring_engine::score(const engine_input& in, const engine_output& out) const {
    check_input(name(), in, out);
    std::fill(out.scores.begin(), out.scores.end(), std::numeric_limits<double>::quiet_NaN());
    std::fill(out.contributions.begin(), out.contributions.end(), 0.0);
    // What an engine throws is wrapped, so that the caller learns which engine failed (and,
    // inside an evaluation, which rulebook and period). antq's own errors already name the
    // engine by convention (`usage_error` for a value it cannot take), and running out of
    // memory stays what it is.
    try {
        do_score(in, out);
    } catch (const antq::error&) {
        throw;
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const std::exception& e) {
        throw engine_error(fmt::format("engine '{}' failed: {}", name(), e.what()));
    } catch (...) {
        throw engine_error(
            fmt::format("engine '{}' failed with an exception that is not a "
                        "std::exception",
                        name()));
    }
    check_output(name(), in, out);
}

double scoring_engine::max_score(std::span<const criterion_info> criteria) const {
    const double max = do_max_score(criteria);
    if (!std::isfinite(max)) {
        throw error(fmt::format("engine '{}' gave a non-finite maximum score ({})", name(), max));
    }
    return max;
}

void engine_registry::add(std::string name, engine_factory factory) {
    if (!valid_engine_name(name)) {
        throw usage_error(fmt::format(
            "invalid engine name '{}': use lowercase letters, digits, '_' and '-'", name));
    }
    if (!factory) {
        throw usage_error(fmt::format("engine '{}' has no factory", name));
    }
    const auto at =
        std::lower_bound(entries_.begin(), entries_.end(), name,
                         [](const auto& entry, const std::string& n) { return entry.first < n; });
    if (at != entries_.end() && at->first == name) {
        at->second = std::move(factory);
        return;
    }
    entries_.emplace(at, std::move(name), std::move(factory));
}

const engine_factory* engine_registry::find(std::string_view name) const {
    const auto at =
        std::lower_bound(entries_.begin(), entries_.end(), name,
                         [](const auto& entry, std::string_view n) { return entry.first < n; });
    if (at == entries_.end() || at->first != name) {
        return nullptr;
    }
    return &at->second;
}

std::vector<std::string> engine_registry::names() const {
    std::vector<std::string> result;
    result.reserve(entries_.size());
    for (const auto& entry : entries_) {
        result.push_back(entry.first);
    }
    return result;
}

void register_builtin_engines(engine_registry& registry) {
    registry.add("weighted", engines::make_weighted_engine);
    registry.add("checklist", engines::make_checklist_engine);
    registry.add("deduction", engines::make_deduction_engine);
    registry.add("topsis", engines::make_topsis_engine);
    registry.add("composite", engines::make_composite_engine);
}

const engine_registry& builtin_engines() {
    static const engine_registry registry = [] {
        engine_registry r;
        register_builtin_engines(r);
        return r;
    }();
    return registry;
}

}  // namespace antq
