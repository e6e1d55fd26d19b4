#pragma once

// Helpers for the engine tests: a criterion matrix written row by row (one row per
// subject, as a table reads), engines made through the built-in registry, and the
// diagnostics of a factory as printed text.

#include <antq/engine.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace engines_test {

/// Marks an entry that was not assessed.
inline constexpr double na = std::numeric_limits<double>::quiet_NaN();

inline antq::criterion_info scored(
    std::string id, double points,
    antq::criterion_direction direction = antq::criterion_direction::benefit) {
    return {std::move(id), antq::criterion_kind::scored, points, points, direction};
}
/// A scored criterion whose MCDA weight differs from its points.
inline antq::criterion_info weighted(
    std::string id, double weight,
    antq::criterion_direction direction = antq::criterion_direction::benefit) {
    return {std::move(id), antq::criterion_kind::scored, 0, weight, direction};
}
inline antq::criterion_info cost(std::string id, double weight) {
    return weighted(std::move(id), weight, antq::criterion_direction::cost);
}
inline antq::criterion_info required(std::string id) {
    return {std::move(id), antq::criterion_kind::required, 0, 0,
            antq::criterion_direction::benefit};
}
inline antq::criterion_info veto(std::string id) {
    return {std::move(id), antq::criterion_kind::veto, 0, 0, antq::criterion_direction::benefit};
}
inline antq::criterion_info penalty(std::string id, double points) {
    return {std::move(id), antq::criterion_kind::penalty, points, points,
            antq::criterion_direction::benefit};
}
inline antq::criterion_info bonus(std::string id, double points) {
    return {std::move(id), antq::criterion_kind::bonus, points, points,
            antq::criterion_direction::benefit};
}

/// A criterion matrix owning its data.
struct cohort {
    std::vector<antq::criterion_info> criteria;
    std::size_t subject_count = 0;
    std::vector<double> scores;
    std::vector<double> values;
    std::vector<std::uint8_t> assessed;

    /// `rows[i][c]` is the value of criterion c for subject i (`na`: not assessed); the
    /// score is the value clamped to [0, 1], as the pipeline hands it.
    static cohort from_rows(std::vector<antq::criterion_info> criteria,
                            const std::vector<std::vector<double>>& rows) {
        cohort m;
        m.criteria = std::move(criteria);
        m.subject_count = rows.size();
        const std::size_t cells = m.subject_count * m.criteria.size();
        m.scores.assign(cells, na);
        m.values.assign(cells, na);
        m.assessed.assign(cells, 0);
        for (std::size_t i = 0; i < rows.size(); ++i) {
            if (rows[i].size() != m.criteria.size()) {
                throw std::invalid_argument("row of the wrong width");
            }
            for (std::size_t c = 0; c < m.criteria.size(); ++c) {
                const double v = rows[i][c];
                if (std::isnan(v)) {
                    continue;
                }
                const std::size_t k = c * m.subject_count + i;
                m.values[k] = v;
                m.scores[k] = std::clamp(v, 0.0, 1.0);
                m.assessed[k] = 1;
            }
        }
        return m;
    }

    [[nodiscard]] antq::engine_input input() const {
        return {subject_count, criteria, scores, values, assessed};
    }
};

/// What an engine wrote.
struct outcome {
    std::size_t subject_count = 0;
    std::vector<double> scores;
    std::vector<double> contributions;

    [[nodiscard]] double contribution(std::size_t criterion, std::size_t subject) const {
        return contributions.at(criterion * subject_count + subject);
    }
    /// The contributions of one subject, criterion by criterion.
    [[nodiscard]] std::vector<double> row(std::size_t subject) const {
        std::vector<double> r;
        for (std::size_t c = 0; c * subject_count < contributions.size(); ++c) {
            r.push_back(contribution(c, subject));
        }
        return r;
    }
};

inline outcome run(const antq::scoring_engine& engine, const cohort& m) {
    outcome o;
    o.subject_count = m.subject_count;
    o.scores.assign(m.subject_count, 0.0);
    o.contributions.assign(m.subject_count * m.criteria.size(), 0.0);
    engine.score(m.input(), {o.scores, o.contributions});
    return o;
}

/// The diagnostics a factory reported, printed.
inline std::vector<std::string> printed(const antq::diagnostic_list& problems) {
    std::vector<std::string> lines;
    for (const auto& d : problems.items()) {
        lines.push_back(d.to_string());
    }
    return lines;
}

/// Options as a loader would hand them: each top-level key at `rules.yaml:<line>:21`,
/// one line per key in key order starting at line 10, the options at `rules.yaml:9:5`.
inline antq::engine_options options_at(nlohmann::json values) {
    antq::engine_options o;
    o.where = {"rules.yaml", 9, 5};
    if (values.is_object()) {
        std::size_t line = 10;
        for (const auto& [key, value] : values.items()) {
            o.key_locations[key] = {"rules.yaml", line++, 21};
        }
    }
    o.values = std::move(values);
    return o;
}

/// Makes a built-in engine; throws `antq::input_error` with the factory's diagnostics when
/// it refuses.
inline std::shared_ptr<const antq::scoring_engine> make(
    std::string_view name, nlohmann::json options,
    const std::vector<antq::criterion_info>& criteria) {
    const antq::engine_factory* factory = antq::builtin_engines().find(name);
    if (factory == nullptr) {
        throw std::invalid_argument("no such engine");
    }
    antq::diagnostic_list problems;
    auto engine = (*factory)(options_at(std::move(options)), criteria, problems);
    problems.throw_if_errors();
    return engine;
}

/// The printed diagnostics of a factory that must refuse (an empty list when it did not).
inline std::vector<std::string> refusal(std::string_view name, nlohmann::json options,
                                        const std::vector<antq::criterion_info>& criteria) {
    const antq::engine_factory* factory = antq::builtin_engines().find(name);
    if (factory == nullptr) {
        throw std::invalid_argument("no such engine");
    }
    antq::diagnostic_list problems;
    const auto engine = (*factory)(options_at(std::move(options)), criteria, problems);
    if (engine != nullptr) {
        return {};
    }
    return printed(problems);
}

}  // namespace engines_test
