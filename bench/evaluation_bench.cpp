// The national workload: 1,000,000 models in 3,321 communes with 15 indicators, a rulebook
// of 11 criteria (one veto, a bonus, a penalty, indicators excluded when missing), three
// tiers with a quota per commune, ranking within communes. The whole pipeline (from loaded
// columns to results) against a hand-written C++ loop computing the same scores, tiers and
// ranks in the same binary, each with 1 and 2 threads. The loop's results are checked
// against the pipeline's once, before timing (counter `mismatches`, expected 0).

#include "antq/synthetic.hpp"
#include "national_workload.hpp"

#include <antq/evaluate.hpp>
#include <antq/rulebook_loader.hpp>
#include <antq/rulebook_set.hpp>

#include <benchmark/benchmark.h>

#include <optional>

namespace {

struct workload {
    antq::dataset data;
    antq::rulebook_set rules;

    workload() {
        antq::detail::synthetic_options options;  // 34 provinces, 3,321 communes, 1,000,000 models
        data = antq::detail::generate_synthetic_dataset(options);
        rules = antq::rulebook_set::from(
            {antq::parse_rulebook(national::national_rules, "national.yaml")});
    }
};

workload& shared_workload() {
    static workload instance;
    return instance;
}

// ---- Benchmarks ------------------------------------------------------------------------------

void pipeline(benchmark::State& state) {
    auto& w = shared_workload();
    antq::evaluate_options options;
    options.threads = static_cast<unsigned>(state.range(0));
    std::optional<antq::evaluation> last;
    for (auto _ : state) {
        last = antq::evaluate(w.data, w.rules, "2024", options);
        benchmark::DoNotOptimize(last->results()[0].columns().rank.data());
    }
    const auto& r = last->results()[0];
    state.counters["subjects"] = static_cast<double>(r.size());
    state.counters["subjects_per_second"] = benchmark::Counter(
        static_cast<double>(r.size()), benchmark::Counter::kIsIterationInvariantRate);
    state.counters["mismatches"] =
        static_cast<double>(national::mismatches(national::hand_loop(w.data, 1), r));
}

void hand_written(benchmark::State& state) {
    auto& w = shared_workload();
    const auto threads = static_cast<unsigned>(state.range(0));
    for (auto _ : state) {
        auto out = national::hand_loop(w.data, threads);
        benchmark::DoNotOptimize(out.rank.data());
    }
    state.counters["subjects_per_second"] =
        benchmark::Counter(static_cast<double>(w.data.registry.models().size()),
                           benchmark::Counter::kIsIterationInvariantRate);
}

BENCHMARK(pipeline)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);
BENCHMARK(hand_written)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

}  // namespace

BENCHMARK_MAIN();
