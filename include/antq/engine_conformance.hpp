#pragma once

/// \file
/// The conformance checks every built-in scoring engine passes, for an engine of your own.
/// Part of the test kit (CMake target `antq::testing`, with GoogleTest): each check reports
/// a GoogleTest failure naming what the engine did wrong, inside whatever test calls it.
///
///     #include <antq/engine_conformance.hpp>
///
///     TEST(my_engine, passes_the_conformance_checks) {
///         antq::test_kit::expect_engine_conformance(
///             [](std::span<const antq::criterion_info>) {
///                 return std::make_shared<const my_engine>();
///             });
///     }
///
/// The checks hand the engine a cohort with every kind of criterion
/// (`conformance_criteria()`), values from 0 to 25 with repeats and entries not assessed,
/// and require: the same bits for the same input, one finite score per subject and a
/// finite maximum, finite and equal scores for identical subjects in cohorts of 0 to 7,
/// scores and contributions that follow the subjects when they are handed in another order,
/// entries not assessed never read, and the same results from two threads at once. An
/// engine that is cohort-relative (TOPSIS, composite indicators) passes them too: the checks
/// permute the whole cohort, they never change who is in it.

#include <antq/engine.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <thread>
#include <vector>

namespace antq::test_kit {

/// Makes the engine under test for the criteria the checks use.
using engine_maker =
    std::function<std::shared_ptr<const scoring_engine>(std::span<const criterion_info>)>;

/// The criteria of the checks: two scored (one a cost, for MCDA engines), one more scored, a
/// requirement, a veto, a penalty and a bonus.
[[nodiscard]] inline std::vector<criterion_info> conformance_criteria() {
    constexpr auto benefit = criterion_direction::benefit;
    return {{"patrols", criterion_kind::scored, 20, 20, benefit},
            {"crimes", criterion_kind::scored, 0, 30, criterion_direction::cost},
            {"mediation", criterion_kind::scored, 10, 10, benefit},
            {"pledge", criterion_kind::required, 0, 0, benefit},
            {"no_serious_crime", criterion_kind::veto, 0, 0, benefit},
            {"incidents", criterion_kind::penalty, 10, 10, benefit},
            {"weapons", criterion_kind::bonus, 5, 5, benefit}};
}

namespace detail {

/// A criterion matrix owning its data, laid out as `engine_input` reads it.
struct conformance_cohort {
    std::vector<criterion_info> criteria;
    std::size_t subject_count = 0;
    std::vector<double> scores;
    std::vector<double> values;
    std::vector<std::uint8_t> assessed;

    [[nodiscard]] engine_input input() const {
        return {subject_count, criteria, scores, values, assessed};
    }
};

/// What an engine wrote for a cohort.
struct conformance_outcome {
    std::vector<double> scores;
    std::vector<double> contributions;
};

[[nodiscard]] inline bool is_check(const criterion_info& c) {
    return c.kind == criterion_kind::required || c.kind == criterion_kind::veto;
}

/// `subjects` subjects of pseudo-random values (a fixed sequence: the same cohort on every
/// run and machine); about one entry in nine not assessed. Scores are what the pipeline
/// hands over: pass/fail as 1/0, else the value (0 to 25) scaled and clamped to [0, 1].
[[nodiscard]] inline conformance_cohort typical_cohort(std::size_t subjects) {
    conformance_cohort m;
    m.criteria = conformance_criteria();
    m.subject_count = subjects;
    const std::size_t cells = subjects * m.criteria.size();
    m.scores.assign(cells, std::nan(""));
    m.values.assign(cells, std::nan(""));
    m.assessed.assign(cells, 0);
    std::uint32_t state = 12345;
    const auto next = [&state] {
        state = state * 1664525U + 1013904223U;
        return state >> 8;
    };
    for (std::size_t i = 0; i < subjects; ++i) {
        for (std::size_t c = 0; c < m.criteria.size(); ++c) {
            const bool check = is_check(m.criteria[c]);
            const double v =
                check ? static_cast<double>(next() % 2) : static_cast<double>(next() % 101) / 4;
            if (next() % 9 == 0) {
                continue;
            }
            const std::size_t k = c * subjects + i;
            m.values[k] = v;
            m.scores[k] = check ? v : std::clamp(v / 25, 0.0, 1.0);
            m.assessed[k] = 1;
        }
    }
    return m;
}

/// `subjects` identical subjects: every entry assessed, the same row each.
[[nodiscard]] inline conformance_cohort identical_cohort(std::size_t subjects, bool assessed) {
    conformance_cohort m;
    m.criteria = conformance_criteria();
    m.subject_count = subjects;
    const std::vector<double> row = {10, 5, 0.5, 1, 1, 0, 0};
    for (std::size_t c = 0; c < m.criteria.size(); ++c) {
        for (std::size_t i = 0; i < subjects; ++i) {
            m.values.push_back(assessed ? row[c] : std::nan(""));
            m.scores.push_back(assessed ? std::clamp(row[c], 0.0, 1.0) : std::nan(""));
            m.assessed.push_back(assessed ? 1 : 0);
        }
    }
    return m;
}

[[nodiscard]] inline conformance_outcome run(const scoring_engine& engine,
                                             const conformance_cohort& m) {
    conformance_outcome o;
    o.scores.assign(m.subject_count, 0.0);
    o.contributions.assign(m.subject_count * m.criteria.size(), 0.0);
    engine.score(m.input(), {o.scores, o.contributions});
    return o;
}

[[nodiscard]] inline bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() &&
           (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

}  // namespace detail

/// Scoring the same cohort twice gives the same bits, scores and contributions.
inline void expect_same_bits_for_same_input(const scoring_engine& engine) {
    const auto m = detail::typical_cohort(60);
    const auto first = detail::run(engine, m);
    const auto second = detail::run(engine, m);
    EXPECT_TRUE(detail::same_bits(first.scores, second.scores))
        << engine.name() << ": two runs on the same cohort gave different scores";
    EXPECT_TRUE(detail::same_bits(first.contributions, second.contributions))
        << engine.name() << ": two runs on the same cohort gave different contributions";
}

/// One finite score per subject, and a finite maximum score.
inline void expect_finite_scores(const scoring_engine& engine) {
    const auto o = detail::run(engine, detail::typical_cohort(60));
    ASSERT_EQ(o.scores.size(), 60U);
    for (std::size_t i = 0; i < o.scores.size(); ++i) {
        EXPECT_TRUE(std::isfinite(o.scores[i]))
            << engine.name() << ": subject " << i << " scored " << o.scores[i];
    }
    const auto criteria = conformance_criteria();
    EXPECT_TRUE(std::isfinite(engine.max_score(criteria)))
        << engine.name() << ": maximum score " << engine.max_score(criteria);
}

/// Cohorts of 0, 1, 2 and 7 identical subjects: finite scores, all equal; a cohort with
/// nothing assessed: finite scores.
inline void expect_finite_on_equal_columns_and_tiny_cohorts(const scoring_engine& engine) {
    for (const std::size_t n : {0U, 1U, 2U, 7U}) {
        const auto o = detail::run(engine, detail::identical_cohort(n, true));
        ASSERT_EQ(o.scores.size(), n);
        for (const double s : o.scores) {
            EXPECT_TRUE(std::isfinite(s)) << engine.name() << ": " << n << " identical subjects";
            EXPECT_EQ(s, o.scores[0])
                << engine.name() << ": " << n << " identical subjects scored differently";
        }
    }
    const auto nothing = detail::run(engine, detail::identical_cohort(3, false));
    for (const double s : nothing.scores) {
        EXPECT_TRUE(std::isfinite(s)) << engine.name() << ": nothing assessed, scored " << s;
    }
}

/// Handing the subjects in another order permutes scores and contributions exactly.
inline void expect_scores_follow_permuted_subjects(const scoring_engine& engine) {
    const auto m = detail::typical_cohort(61);
    std::vector<std::size_t> order(m.subject_count);
    for (std::size_t i = 0; i < order.size(); ++i) {
        order[i] = (i * 17 + 5) % order.size();  // 17 is coprime with 61: a permutation
    }
    auto shuffled_cohort = m;
    for (std::size_t c = 0; c < m.criteria.size(); ++c) {
        for (std::size_t i = 0; i < order.size(); ++i) {
            const std::size_t to = c * m.subject_count + i;
            const std::size_t from = c * m.subject_count + order[i];
            shuffled_cohort.scores[to] = m.scores[from];
            shuffled_cohort.values[to] = m.values[from];
            shuffled_cohort.assessed[to] = m.assessed[from];
        }
    }
    const auto base = detail::run(engine, m);
    const auto shuffled = detail::run(engine, shuffled_cohort);
    for (std::size_t i = 0; i < order.size(); ++i) {
        EXPECT_EQ(std::memcmp(&shuffled.scores[i], &base.scores[order[i]], sizeof(double)), 0)
            << engine.name() << ": subject " << order[i] << " handed in at " << i;
        for (std::size_t c = 0; c < m.criteria.size(); ++c) {
            EXPECT_EQ(shuffled.contributions[c * m.subject_count + i],
                      base.contributions[c * m.subject_count + order[i]])
                << engine.name() << ": criterion " << m.criteria[c].id << ", subject " << order[i]
                << " handed in at " << i;
        }
    }
}

/// Garbage in the entries that were not assessed changes nothing.
inline void expect_unassessed_entries_unread(const scoring_engine& engine) {
    auto m = detail::typical_cohort(40);
    const auto with_nan = detail::run(engine, m);
    for (std::size_t k = 0; k < m.scores.size(); ++k) {
        if (m.assessed[k] == 0) {
            m.scores[k] = 0.75;
            m.values[k] = 1e9;
        }
    }
    const auto with_garbage = detail::run(engine, m);
    EXPECT_TRUE(detail::same_bits(with_nan.scores, with_garbage.scores))
        << engine.name() << ": scores depend on entries that were not assessed";
    EXPECT_TRUE(detail::same_bits(with_nan.contributions, with_garbage.contributions))
        << engine.name() << ": contributions depend on entries that were not assessed";
}

/// Two threads scoring at once with the same engine get what one thread alone gets (the
/// evaluation shares one engine across its threads).
inline void expect_same_results_on_two_threads(const scoring_engine& engine) {
    const auto m = detail::typical_cohort(200);
    const auto alone = detail::run(engine, m);
    std::vector<detail::conformance_outcome> results(2);
    {
        std::vector<std::thread> threads;
        for (auto& r : results) {
            threads.emplace_back([&engine, &m, &r] {
                for (int round = 0; round < 5; ++round) {
                    r = detail::run(engine, m);
                }
            });
        }
        for (auto& t : threads) {
            t.join();
        }
    }
    for (const auto& r : results) {
        EXPECT_TRUE(detail::same_bits(alone.scores, r.scores))
            << engine.name() << ": scores differ when two threads score at once";
        EXPECT_TRUE(detail::same_bits(alone.contributions, r.contributions))
            << engine.name() << ": contributions differ when two threads score at once";
    }
}

/// Every check above, on an engine made by `make` for `conformance_criteria()`. A null
/// engine (the factory refused the criteria) is a failure.
inline void expect_engine_conformance(const engine_maker& make) {
    const auto criteria = conformance_criteria();
    const std::shared_ptr<const scoring_engine> engine = make(criteria);
    ASSERT_NE(engine, nullptr) << "the engine's factory refused the conformance criteria";
    expect_same_bits_for_same_input(*engine);
    expect_finite_scores(*engine);
    expect_finite_on_equal_columns_and_tiny_cohorts(*engine);
    expect_scores_follow_permuted_subjects(*engine);
    expect_unassessed_entries_unread(*engine);
    expect_same_results_on_two_threads(*engine);
}

}  // namespace antq::test_kit
