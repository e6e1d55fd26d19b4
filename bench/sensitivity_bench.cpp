// A cut-off swept over 21 values of the national workload (1,000,000 models, 3,321 communes)
// against one evaluation of the same rulebook: what `antq sensitivity --vary
// cutoff.effective=70:90:1` costs next to `antq evaluate`. A cut-off moves only tiers, so
// the sweep takes the fast path (docs/sensitivity.md, "Fast path"): it scores the rulebook
// once (it rolls up nothing, so the set is not evaluated first), runs the tier step for the
// rules as written, then makes only the tiers of each of the 21 values (`tier_sweep`). The
// counter `evaluations_per_second` still counts
// the 23 evaluations a sweep made before the fast path, so that the runs stay comparable
// with the earlier figures; `retiered` is 1 when the sweep took the fast path
// (docs/performance.md).

#include "antq/synthetic.hpp"
#include "national_workload.hpp"

#include <antq/evaluate.hpp>
#include <antq/rulebook_loader.hpp>
#include <antq/rulebook_set.hpp>
#include <antq/sensitivity.hpp>

#include <benchmark/benchmark.h>

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

void one_evaluation(benchmark::State& state) {
    auto& w = shared_workload();
    antq::evaluate_options options;
    options.threads = static_cast<unsigned>(state.range(0));
    for (auto _ : state) {
        auto results = antq::evaluate(w.data, w.rules, "2024", options);
        benchmark::DoNotOptimize(results.results()[0].columns().tier.data());
    }
    state.counters["evaluations_per_second"] =
        benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void cutoff_sweep_21_values(benchmark::State& state) {
    auto& w = shared_workload();
    antq::sensitivity_options options;
    options.sweeps.push_back({"cutoff.effective", 70, 90, 1});
    options.threads = static_cast<unsigned>(state.range(0));
    std::size_t moved = 0;
    bool retiered = false;
    for (auto _ : state) {
        const auto reports = antq::analyse_sensitivity(w.data, w.rules, "2024", options);
        moved = reports.front().sweeps.front().subjects.size();
        retiered = reports.front().sweeps.front().retiered;
        benchmark::DoNotOptimize(moved);
    }
    state.counters["models_changing_tier"] = static_cast<double>(moved);
    state.counters["retiered"] = retiered ? 1 : 0;
    state.counters["evaluations_per_second"] = benchmark::Counter(
        static_cast<double>(state.iterations() * 23), benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK(one_evaluation)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(3);
BENCHMARK(cutoff_sweep_21_values)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

BENCHMARK_MAIN();
