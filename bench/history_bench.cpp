// History over 5 periods of the national workload (1,000,000 models, observations for
// 2020-2024) against one period, with a hand-written C++ baseline doing the same work in the
// same binary: per period the scores, tiers (quota per commune) and ranks within communes,
// kept as compact columns, and the changes from one period to the next (tier moves, rank
// moves). Counters: `peak_heap_mb`, the most heap bytes in use above what was in use when
// the call began (counted by this binary's operator new and delete), and `mismatches`, the
// models whose 2024 score, tier or rank differ between the history and the hand-written
// loop (expected 0). The aim (issue 11): 5 periods cost at most 5 times one period, in time
// and in memory.

#include "antq/synthetic.hpp"
#include "heap_meter.hpp"
#include "national_workload.hpp"

#include <antq/evaluate.hpp>
#include <antq/history.hpp>
#include <antq/rulebook_loader.hpp>
#include <antq/rulebook_set.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace {

const std::vector<std::string> five_periods = {"2020", "2021", "2022", "2023", "2024"};

struct workload {
    antq::dataset data;
    antq::rulebook_set rules;

    workload() {
        antq::detail::synthetic_options options;  // 34 provinces, 3,321 communes, 1,000,000 models
        options.periods = five_periods;
        data = antq::detail::generate_synthetic_dataset(options);
        rules = antq::rulebook_set::from(
            {antq::parse_rulebook(national::national_rules, "national.yaml")});
    }
};

workload& shared_workload() {
    static workload instance;
    return instance;
}

// ---- The hand-written baseline ---------------------------------------------------------------

// One period of the national workload by hand (national::hand_loop, for any year of the
// 11-16 convention), on `threads` threads for the scoring.
national::hand_results hand_period(const antq::dataset& d, int year, unsigned threads) {
    const auto& reg = d.registry;
    const auto& obs = d.observations;
    const std::size_t n = reg.models().size();
    std::vector<std::int64_t> row_of(n, -1);
    const auto label = obs.find_period_label(std::to_string(year));
    std::vector<std::int64_t> model_of(obs.subject_ids().size(), -2);
    for (std::size_t r = 0; r < obs.row_count(); ++r) {
        if (!label || obs.row_periods()[r] != *label) {
            continue;
        }
        auto& m = model_of[obs.row_subjects()[r]];
        if (m == -2) {
            const auto found = reg.find_model(obs.subject_ids()[obs.row_subjects()[r]]);
            m = found ? static_cast<std::int64_t>(*found) : -1;
        }
        if (m >= 0) {
            row_of[static_cast<std::size_t>(m)] = static_cast<std::int64_t>(r);
        }
    }
    national::hand_results out{std::vector<std::uint8_t>(n), std::vector<double>(n),
                               std::vector<std::int32_t>(n), std::vector<std::uint32_t>(n, 0)};
    const national::indicator_columns columns = national::columns_of(obs);
    const antq::date first(year - 1, 11, 16);
    const antq::date last(year, 11, 15);
    const auto score = [&](std::size_t begin, std::size_t end) {
        for (std::size_t m = begin; m < end; ++m) {
            const auto& model = reg.models()[m];
            out.evaluated[m] = 0;
            out.tier[m] = -1;
            const antq::date start =
                model.established ? std::max(*model.established, first) : first;
            const antq::date stop = model.ended ? std::min(*model.ended, last) : last;
            if (stop < start || (stop - start).days() + 1 < national::eligibility_days) {
                continue;
            }
            const std::int64_t r = row_of[m];
            if (r < 0 || !national::score_row(columns, static_cast<std::size_t>(r), out.score[m],
                                              out.tier[m])) {
                continue;
            }
            out.evaluated[m] = 1;
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) {
        pool.emplace_back([&, t] { score(n * t / threads, n * (t + 1) / threads); });
    }
    score(0, n / threads);
    for (auto& t : pool) {
        t.join();
    }
    std::vector<std::uint32_t> commune_of(reg.units().size(), 0xFFFFFFFFU);
    const auto none = static_cast<std::uint32_t>(reg.units().size());
    std::vector<std::uint32_t> group(n);
    for (std::size_t m = 0; m < n; ++m) {
        const auto u = reg.unit_of_model(static_cast<antq::index_t>(m));
        if (commune_of[u] == 0xFFFFFFFFU) {
            const auto c = reg.ancestor_of_kind(u, "commune");
            commune_of[u] = c ? *c : none;
        }
        group[m] = commune_of[u];
    }
    national::rank_within_groups(
        group, reg.units().size() + 1,
        [&](std::uint32_t m) -> const std::string& { return reg.models()[m].id; }, out);
    return out;
}

// The history by hand: each period's results kept, then per model and period the tier and
// rank moves from the period before (the groups do not change between periods here).
struct hand_history {
    std::vector<national::hand_results> periods;
    std::vector<std::int8_t> tier_move;   // period-major, models per period
    std::vector<std::int64_t> rank_move;  // 0 when either is unranked
};

hand_history hand_history_of(const antq::dataset& d, unsigned threads) {
    hand_history h;
    for (const auto& p : five_periods) {
        h.periods.push_back(hand_period(d, std::stoi(p), threads));
    }
    const std::size_t n = d.registry.models().size();
    h.tier_move.assign(n * five_periods.size(), 0);
    h.rank_move.assign(n * five_periods.size(), 0);
    for (std::size_t k = 1; k < h.periods.size(); ++k) {
        const auto& before = h.periods[k - 1];
        const auto& now = h.periods[k];
        for (std::size_t m = 0; m < n; ++m) {
            if (before.tier[m] >= 0 && now.tier[m] >= 0 && before.tier[m] != now.tier[m]) {
                h.tier_move[k * n + m] = now.tier[m] < before.tier[m] ? 1 : -1;
            }
            if (before.rank[m] != 0 && now.rank[m] != 0) {
                h.rank_move[k * n + m] = static_cast<std::int64_t>(before.rank[m]) -
                                         static_cast<std::int64_t>(now.rank[m]);
            }
        }
    }
    return h;
}

// Models whose last period differs between the history and the hand-written results.
std::size_t mismatches(const antq::history& h, const national::hand_results& hand,
                       const antq::dataset& d) {
    const auto& book = h.rulebooks.front();
    const std::size_t last = book.periods().size() - 1;
    std::size_t wrong = 0;
    for (std::size_t m = 0; m < d.registry.models().size(); ++m) {
        const auto row = book.find(d.registry.models()[m].id);
        if (!row) {
            ++wrong;
            continue;
        }
        const auto e = book.at(*row, last);
        const bool evaluated = e.present && e.status == antq::result_status::evaluated;
        const bool same = evaluated == (hand.evaluated[m] != 0) &&
                          (!evaluated || (e.score == hand.score[m] && e.tier == hand.tier[m] &&
                                          e.rank == hand.rank[m]));
        wrong += same ? 0 : 1;
    }
    return wrong;
}

// ---- Benchmarks ------------------------------------------------------------------------------

void one_period(benchmark::State& state) {
    auto& w = shared_workload();
    antq::evaluate_options options;
    options.threads = static_cast<unsigned>(state.range(0));
    double peak = 0;
    for (auto _ : state) {
        const bench::heap_meter meter;
        auto results = antq::evaluate(w.data, w.rules, "2024", options);
        benchmark::DoNotOptimize(results.results()[0].columns().rank.data());
        peak = std::max(peak, meter.peak_mb());
    }
    state.counters["peak_heap_mb"] = peak;
}

void history_one_period(benchmark::State& state) {
    auto& w = shared_workload();
    antq::history_options options;
    options.threads = static_cast<unsigned>(state.range(0));
    const std::vector<std::string> one = {"2024"};
    double peak = 0;
    std::optional<antq::history> last;
    for (auto _ : state) {
        last.reset();
        const bench::heap_meter meter;
        last = antq::evaluate_history(w.data, w.rules, one, options);
        benchmark::DoNotOptimize(last->rulebooks.data());
        peak = std::max(peak, meter.peak_mb());
    }
    state.counters["peak_heap_mb"] = peak;
}

void history_five_periods(benchmark::State& state) {
    auto& w = shared_workload();
    antq::history_options options;
    options.threads = static_cast<unsigned>(state.range(0));
    double peak = 0;
    double kept = 0;
    std::optional<antq::history> last;
    for (auto _ : state) {
        last.reset();
        const bench::heap_meter meter;
        last = antq::evaluate_history(w.data, w.rules, five_periods, options);
        benchmark::DoNotOptimize(last->rulebooks.data());
        peak = std::max(peak, meter.peak_mb());
        kept = meter.held_mb();
    }
    state.counters["peak_heap_mb"] = peak;
    state.counters["kept_mb"] = kept;
    state.counters["mismatches"] =
        static_cast<double>(mismatches(*last, hand_period(w.data, 2024, 1), w.data));
}

void hand_one_period(benchmark::State& state) {
    auto& w = shared_workload();
    const auto threads = static_cast<unsigned>(state.range(0));
    double peak = 0;
    for (auto _ : state) {
        const bench::heap_meter meter;
        auto out = hand_period(w.data, 2024, threads);
        benchmark::DoNotOptimize(out.rank.data());
        peak = std::max(peak, meter.peak_mb());
    }
    state.counters["peak_heap_mb"] = peak;
}

void hand_five_periods(benchmark::State& state) {
    auto& w = shared_workload();
    const auto threads = static_cast<unsigned>(state.range(0));
    double peak = 0;
    for (auto _ : state) {
        const bench::heap_meter meter;
        auto out = hand_history_of(w.data, threads);
        benchmark::DoNotOptimize(out.rank_move.data());
        peak = std::max(peak, meter.peak_mb());
    }
    state.counters["peak_heap_mb"] = peak;
}

// Few iterations: a history of a million models takes seconds, and the machine is shared.
BENCHMARK(one_period)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK(history_one_period)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK(history_five_periods)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(2);
BENCHMARK(hand_one_period)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK(hand_five_periods)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);

}  // namespace

BENCHMARK_MAIN();
