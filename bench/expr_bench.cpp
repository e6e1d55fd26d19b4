// A 20-term scoring expression over 8 indicator columns and 1,000,000 subjects: the compiled
// program against the same formula written by hand in C++, in one plain loop.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "antq/expr/compiler.hpp"
#include "antq/expr/program.hpp"
#include "antq/expr/scope.hpp"

namespace {

using namespace antq::detail::expr;

constexpr std::size_t subjects = 1'000'000;

const std::array<const char*, 8> indicator_names{"crimes",   "detected",   "serious",  "patrols",
                                                 "meetings", "complaints", "disputes", "resolved"};

constexpr const char* formula =
    "20 * ratio(detected, crimes)"
    " + 10 * min(patrols / 48, 1)"
    " + (serious == 0 ? 15 : 0)"
    " + 10 * clamp(meetings / 12, 0, 1)"
    " + 5 * max(1 - complaints / 10, 0)"
    " + 10 * ratio(resolved, disputes)"
    " + (crimes < 5 ? 10 : 0)"
    " + 2 * min(meetings, 12) / 12"
    " + (complaints <= 2 and serious == 0 ? 5 : 0)"
    " + 4 * ratio(detected + resolved, crimes + disputes)"
    " + 3 * min(patrols, 60) / 60"
    " + (detected >= crimes ? 2 : 0)"
    " + 1.5 * ratio(meetings, 24)"
    " - 2 * min(serious, 3)"
    " - 0.5 * max(complaints - 5, 0)"
    " + (disputes == 0 ? 3 : 3 * ratio(resolved, disputes))"
    " + 2 * (patrols > 40 ? 1 : patrols / 40)"
    " + (crimes + serious > 10 ? -5 : 0)"
    " + 0.1 * min(resolved, 50)"
    " + max(detected - crimes, 0) * 0.25";

double ratio_of(double a, double b) {
    if (b == 0) {
        return 1;
    }
    const double q = a / b;
    return q < 0 ? 0 : (q > 1 ? 1 : q);
}

// The formula by hand, same operations in the same order (so the same bits).
void by_hand(const std::vector<std::vector<double>>& c, std::span<double> out) {
    const double* crimes = c[0].data();
    const double* detected = c[1].data();
    const double* serious = c[2].data();
    const double* patrols = c[3].data();
    const double* meetings = c[4].data();
    const double* complaints = c[5].data();
    const double* disputes = c[6].data();
    const double* resolved = c[7].data();
    for (std::size_t i = 0; i < out.size(); ++i) {
        double s = 20 * ratio_of(detected[i], crimes[i]);
        s = s + 10 * std::min(patrols[i] / 48, 1.0);
        s = s + (serious[i] == 0 ? 15 : 0);
        s = s + 10 * std::min(std::max(meetings[i] / 12, 0.0), 1.0);
        s = s + 5 * std::max(1 - complaints[i] / 10, 0.0);
        s = s + 10 * ratio_of(resolved[i], disputes[i]);
        s = s + (crimes[i] < 5 ? 10 : 0);
        s = s + 2 * std::min(meetings[i], 12.0) / 12;
        s = s + (complaints[i] <= 2 && serious[i] == 0 ? 5 : 0);
        s = s + 4 * ratio_of(detected[i] + resolved[i], crimes[i] + disputes[i]);
        s = s + 3 * std::min(patrols[i], 60.0) / 60;
        s = s + (detected[i] >= crimes[i] ? 2 : 0);
        s = s + 1.5 * ratio_of(meetings[i], 24);
        s = s - 2 * std::min(serious[i], 3.0);
        s = s - 0.5 * std::max(complaints[i] - 5, 0.0);
        s = s + (disputes[i] == 0 ? 3 : 3 * ratio_of(resolved[i], disputes[i]));
        s = s + 2 * (patrols[i] > 40 ? 1 : patrols[i] / 40);
        s = s + (crimes[i] + serious[i] > 10 ? -5 : 0);
        s = s + 0.1 * std::min(resolved[i], 50.0);
        s = s + std::max(detected[i] - crimes[i], 0.0) * 0.25;
        out[i] = s;
    }
}

class indicator_scope final : public scope {
  public:
    std::optional<symbol> find(std::string_view name) const override {
        for (std::size_t i = 0; i < indicator_names.size(); ++i) {
            if (name == indicator_names[i]) {
                return symbol{value_type::number, static_cast<std::uint32_t>(i)};
            }
        }
        return std::nullopt;
    }
};

struct data_set {
    std::vector<std::vector<double>> columns;
    std::vector<std::span<const double>> spans;
    program compiled;
};

program compile_formula() {
    string_pool texts;
    auto compiled = compile(formula, indicator_scope{}, texts, value_type::number);
    if (!compiled) {
        std::fprintf(stderr, "formula does not compile: %s\n",
                     compiled.error().front().message.c_str());
        std::abort();
    }
    return std::move(compiled).value();
}

const data_set& data() {
    static const data_set set = [] {
        std::mt19937 rng(20261128);
        std::uniform_int_distribution<int> count(0, 30);
        data_set d{std::vector<std::vector<double>>(8, std::vector<double>(subjects)),
                   {},
                   compile_formula()};
        for (auto& column : d.columns) {
            for (double& v : column) {
                v = count(rng) < 4 ? 0 : count(rng);  // plenty of zeros
            }
        }
        d.spans.assign(d.columns.begin(), d.columns.end());
        // Both ways must give the same bits before their speeds mean anything.
        std::vector<double> a(subjects), b(subjects);
        std::vector<std::uint32_t> errors(subjects);
        d.compiled.run(d.spans, a, errors);
        by_hand(d.columns, b);
        if (a != b || std::any_of(errors.begin(), errors.end(), [](auto e) { return e != 0; })) {
            std::fprintf(stderr, "compiled and hand-written results differ\n");
            std::abort();
        }
        return d;
    }();
    return set;
}

void compiled_program(benchmark::State& state) {
    const data_set& d = data();
    std::vector<double> out(subjects);
    std::vector<std::uint32_t> errors(subjects);
    program::workspace scratch;
    for (auto _ : state) {
        d.compiled.run(d.spans, out, errors, scratch);
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * subjects));
    state.counters["instructions"] = static_cast<double>(d.compiled.instructions().size());
}
BENCHMARK(compiled_program)->Unit(benchmark::kMillisecond);

void hand_written_loop(benchmark::State& state) {
    const data_set& d = data();
    std::vector<double> out(subjects);
    for (auto _ : state) {
        by_hand(d.columns, out);
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * subjects));
}
BENCHMARK(hand_written_loop)->Unit(benchmark::kMillisecond);

void compile_only(benchmark::State& state) {
    for (auto _ : state) {
        benchmark::DoNotOptimize(compile_formula());
    }
}
BENCHMARK(compile_only)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
