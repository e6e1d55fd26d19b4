// The suite every engine passes: each built-in with typical options, and the recording
// test double. A user engine can be checked by adding a case.

#include "engines/cohort.hpp"
#include "support/recording_engine.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <thread>

namespace {

using namespace engines_test;

struct engine_case {
    std::string label;
    std::function<std::shared_ptr<const antq::scoring_engine>(
        const std::vector<antq::criterion_info>&)>
        make;
};

std::ostream& operator<<(std::ostream& os, const engine_case& c) {
    return os << c.label;
}

engine_case builtin(std::string label, std::string engine, nlohmann::json options) {
    return {std::move(label), [engine = std::move(engine), options = std::move(options)](
                                  const std::vector<antq::criterion_info>& criteria) {
                return make(engine, options, criteria);
            }};
}

const std::vector<antq::criterion_info> criteria = {
    scored("patrols", 20),    cost("crimes", 30),       scored("mediation", 10), required("pledge"),
    veto("no_serious_crime"), penalty("incidents", 10), bonus("weapons", 5)};

std::vector<engine_case> all_engines() {
    return {
        builtin("weighted", "weighted", nlohmann::json::object()),
        builtin("weighted_declared_max", "weighted", {{"max_score", 100}}),
        builtin("checklist", "checklist", nlohmann::json::object()),
        builtin("deduction", "deduction", nlohmann::json::object()),
        builtin("deduction_base_floor", "deduction", {{"base", 50}, {"floor", 10}}),
        builtin("topsis", "topsis", nlohmann::json::object()),
        builtin("composite_min_max", "composite", nlohmann::json::object()),
        builtin("composite_z_score", "composite", {{"normalisation", "z-score"}}),
        builtin("composite_rank_geometric", "composite",
                {{"normalisation", "rank"}, {"aggregation", "geometric"}}),
        builtin(
            "composite_goalposts", "composite",
            {{"normalisation", "goalposts"},
             {"goalposts", {{"patrols", {0, 100}}, {"crimes", {0, 20}}, {"mediation", {0, 1}}}}}),
        {"recording",
         [](const std::vector<antq::criterion_info>&) {
             auto engine = std::make_shared<antq::test_support::recording_engine>();
             // Per subject: the sum of its assessed scores, and each as its contribution.
             engine->returns([](const antq::engine_input& in, std::size_t i) {
                 double sum = 0;
                 for (std::size_t c = 0; c < in.criteria.size(); ++c) {
                     sum += in.assessed[in.at(c, i)] != 0 ? in.scores[in.at(c, i)] : 0.0;
                 }
                 return sum;
             });
             engine->contributes([](const antq::engine_input& in, std::size_t c, std::size_t i) {
                 return in.assessed[in.at(c, i)] != 0 ? in.scores[in.at(c, i)] : 0.0;
             });
             return std::shared_ptr<const antq::scoring_engine>(engine);
         }},
    };
}

// A cohort with every kind of entry: values from 0 to 100 with repeats, some entries not
// assessed, pass/fail for required and veto.
cohort typical_cohort(std::size_t subjects) {
    std::uint32_t state = 12345;
    const auto next = [&state] {
        state = state * 1664525u + 1013904223u;
        return state >> 8;
    };
    std::vector<std::vector<double>> rows;
    for (std::size_t i = 0; i < subjects; ++i) {
        std::vector<double> row;
        for (const auto& c : criteria) {
            const bool check =
                c.kind == antq::criterion_kind::required || c.kind == antq::criterion_kind::veto;
            double v =
                check ? static_cast<double>(next() % 2) : static_cast<double>(next() % 101) / 4;
            if (next() % 9 == 0) {
                v = na;
            }
            row.push_back(v);
        }
        rows.push_back(row);
    }
    auto m = cohort::from_rows(criteria, rows);
    // Scores are what the pipeline hands over: pass/fail as 1/0, else clamped to [0, 1];
    // MCDA engines read the unclamped values (0 to 25).
    for (std::size_t c = 0; c < criteria.size(); ++c) {
        const bool check = criteria[c].kind == antq::criterion_kind::required ||
                           criteria[c].kind == antq::criterion_kind::veto;
        for (std::size_t i = 0; i < m.subject_count; ++i) {
            const std::size_t k = m.input().at(c, i);
            if (m.assessed[k] != 0 && !check) {
                m.scores[k] = std::clamp(m.values[k] / 25, 0.0, 1.0);
            }
        }
    }
    return m;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

// Subject i of the result is subject order[i] of the input.
cohort permuted(const cohort& m, const std::vector<std::size_t>& order) {
    cohort p = m;
    for (std::size_t c = 0; c < m.criteria.size(); ++c) {
        for (std::size_t i = 0; i < order.size(); ++i) {
            const std::size_t to = c * m.subject_count + i;
            const std::size_t from = c * m.subject_count + order[i];
            p.scores[to] = m.scores[from];
            p.values[to] = m.values[from];
            p.assessed[to] = m.assessed[from];
        }
    }
    return p;
}

class engine_conformance : public ::testing::TestWithParam<engine_case> {
  protected:
    std::shared_ptr<const antq::scoring_engine> engine_ = GetParam().make(criteria);
};

TEST_P(engine_conformance, gives_the_same_bits_for_the_same_input) {
    const auto m = typical_cohort(60);
    const auto first = run(*engine_, m);
    const auto second = run(*engine_, m);
    EXPECT_TRUE(same_bits(first.scores, second.scores));
    EXPECT_TRUE(same_bits(first.contributions, second.contributions));
}

TEST_P(engine_conformance, gives_one_finite_score_per_subject) {
    const auto o = run(*engine_, typical_cohort(60));
    ASSERT_EQ(o.scores.size(), 60u);
    EXPECT_TRUE(
        std::all_of(o.scores.begin(), o.scores.end(), [](double s) { return std::isfinite(s); }));
    EXPECT_TRUE(std::isfinite(engine_->max_score(criteria)));
}

TEST_P(engine_conformance, stays_finite_on_equal_columns_and_tiny_cohorts) {
    const std::vector<double> same_row = {10, 5, 0.5, 1, 1, 0, 0};
    for (const std::size_t n : {0u, 1u, 2u, 7u}) {
        const auto o = run(*engine_, cohort::from_rows(criteria, std::vector(n, same_row)));
        ASSERT_EQ(o.scores.size(), n);
        for (const double s : o.scores) {
            EXPECT_TRUE(std::isfinite(s)) << n << " subjects";
        }
        // Identical subjects get identical scores.
        for (const double s : o.scores) {
            EXPECT_EQ(s, o.scores[0]);
        }
    }
    const auto nothing_assessed =
        run(*engine_,
            cohort::from_rows(criteria, std::vector(3, std::vector<double>(criteria.size(), na))));
    for (const double s : nothing_assessed.scores) {
        EXPECT_TRUE(std::isfinite(s));
    }
}

TEST_P(engine_conformance, permutes_scores_exactly_when_subjects_are_permuted) {
    const auto m = typical_cohort(61);
    std::vector<std::size_t> order(m.subject_count);
    for (std::size_t i = 0; i < order.size(); ++i) {
        order[i] = (i * 17 + 5) % order.size();  // 17 is coprime with 61: a permutation
    }
    const auto base = run(*engine_, m);
    const auto shuffled = run(*engine_, permuted(m, order));
    for (std::size_t i = 0; i < order.size(); ++i) {
        EXPECT_EQ(std::memcmp(&shuffled.scores[i], &base.scores[order[i]], sizeof(double)), 0) << i;
        for (std::size_t c = 0; c < criteria.size(); ++c) {
            EXPECT_EQ(shuffled.contribution(c, i), base.contribution(c, order[i]))
                << c << ", " << i;
        }
    }
}

TEST_P(engine_conformance, never_reads_entries_that_were_not_assessed) {
    auto m = typical_cohort(40);
    const auto with_nan = run(*engine_, m);
    for (std::size_t k = 0; k < m.scores.size(); ++k) {
        if (m.assessed[k] == 0) {
            m.scores[k] = 0.75;
            m.values[k] = 1e9;
        }
    }
    const auto with_garbage = run(*engine_, m);
    EXPECT_TRUE(same_bits(with_nan.scores, with_garbage.scores));
    EXPECT_TRUE(same_bits(with_nan.contributions, with_garbage.contributions));
}

TEST_P(engine_conformance, serves_two_threads_at_once_with_the_same_results) {
    const auto m = typical_cohort(200);
    const auto alone = run(*engine_, m);
    std::vector<outcome> results(2);
    {
        std::vector<std::thread> threads;
        for (auto& r : results) {
            threads.emplace_back([&] {
                for (int round = 0; round < 5; ++round) {
                    r = run(*engine_, m);
                }
            });
        }
        for (auto& t : threads) {
            t.join();
        }
    }
    for (const auto& r : results) {
        EXPECT_TRUE(same_bits(alone.scores, r.scores));
        EXPECT_TRUE(same_bits(alone.contributions, r.contributions));
    }
}

INSTANTIATE_TEST_SUITE_P(every_engine, engine_conformance, ::testing::ValuesIn(all_engines()),
                         [](const auto& test) { return test.param.label; });

}  // namespace
