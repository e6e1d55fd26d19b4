// Databases against CSV files, on the national workload (the synthetic generator; a
// million models with fifteen indicators by default, ANTQ_BENCH_DB_MODELS to change it):
// loading the dataset from PostgreSQL and from SQLite against `load_dataset` on its CSV
// folder, and writing one run's results into PostgreSQL (one transaction, COPY) against
// writing the results CSV. PostgreSQL is a real server on a Unix socket in a temporary
// folder, started by this program (tests/database/postgresql_server.hpp), on the same
// machine as the CSV files.

#include "national_workload.hpp"
#include "postgresql_server.hpp"

#include "antq/database/connection.hpp"
#include "antq/synthetic.hpp"

#include <antq/compiled_rulebook.hpp>
#include <antq/database.hpp>
#include <antq/dataset.hpp>
#include <antq/evaluate.hpp>
#include <antq/result_io.hpp>
#include <antq/rulebook_loader.hpp>
#include <antq/rulebook_set.hpp>
#include <antq/version.hpp>

#include <benchmark/benchmark.h>

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

namespace {

namespace fs = std::filesystem;

std::size_t model_count() {
    const char* text = std::getenv("ANTQ_BENCH_DB_MODELS");
    return text == nullptr ? 1'000'000 : static_cast<std::size_t>(std::strtoull(text, nullptr, 10));
}

struct workload {
    fs::path folder;
    std::unique_ptr<antq::test_support::postgresql_server> server;
    std::string pg;
    std::string sqlite;
    antq::dataset data;
    antq::evaluation run;

    workload() {
        folder = fs::temp_directory_path() / ("antq-database-bench-" + std::to_string(::getpid()));
        fs::create_directories(folder);
        antq::detail::synthetic_options options;
        options.models = model_count();
        data = antq::detail::generate_synthetic_dataset(options);
        antq::save_dataset_csv(data, folder / "csv");
        server = std::make_unique<antq::test_support::postgresql_server>();
        antq::detail::db::open(server->uri(), antq::detail::db::open_mode::write, {})
            ->execute("CREATE DATABASE national");
        pg = server->uri("national");
        antq::import_dataset(data, pg);
        antq::init_results_schema(pg);
        sqlite = "sqlite:" + (folder / "national.db").string();
        antq::import_dataset(data, sqlite);
        const auto rules = antq::rulebook_set::from(
            {antq::parse_rulebook(national::national_rules, "national.yaml")});
        antq::evaluate_options evaluate_options;
        evaluate_options.threads = 2;
        run = antq::evaluate(data, rules, "2024", evaluate_options);
    }
    ~workload() {
        server.reset();
        std::error_code ignored;
        fs::remove_all(folder, ignored);
    }
    workload(const workload&) = delete;
    workload& operator=(const workload&) = delete;
};

workload& national_workload() {
    static workload instance;
    return instance;
}

void load_csv(benchmark::State& state) {
    auto& w = national_workload();
    for (auto _ : state) {
        auto d = antq::load_dataset(w.folder / "csv");
        benchmark::DoNotOptimize(d);
    }
    state.counters["models"] = static_cast<double>(w.data.registry.models().size());
}
BENCHMARK(load_csv)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2);

void load_postgresql(benchmark::State& state) {
    auto& w = national_workload();
    for (auto _ : state) {
        auto d = antq::load_dataset_from_database(w.pg);
        if (d.content_hash != w.data.content_hash) {
            state.SkipWithError("PostgreSQL gave other data");
        }
    }
}
BENCHMARK(load_postgresql)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2);

void load_sqlite(benchmark::State& state) {
    auto& w = national_workload();
    for (auto _ : state) {
        auto d = antq::load_dataset_from_database(w.sqlite);
        if (d.content_hash != w.data.content_hash) {
            state.SkipWithError("SQLite gave other data");
        }
    }
}
BENCHMARK(load_sqlite)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2);

void write_results_csv(benchmark::State& state) {
    auto& w = national_workload();
    for (auto _ : state) {
        antq::save_results(w.folder / "results.csv", w.run.results(), antq::result_format::csv);
    }
}
BENCHMARK(write_results_csv)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2);

// One run stored per iteration; the previous one is deleted beforehand, off the clock.
void write_results_postgresql(benchmark::State& state) {
    auto& w = national_workload();
    for (auto _ : state) {
        state.PauseTiming();
        antq::detail::db::open(w.pg, antq::detail::db::open_mode::write, {})
            ->execute("TRUNCATE antq_results, antq_run_rulebooks, antq_runs");
        state.ResumeTiming();
        if (!antq::store_evaluation(w.run, w.pg)) {
            state.SkipWithError("the run was there already");
        }
    }
}
BENCHMARK(write_results_postgresql)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2);

// What the primary key's index costs the write: the same run stored into a results table
// without it, and then the index built once, after the COPY (as a table created per run
// could have it), on the clock.
void write_results_postgresql_key_after_copy(benchmark::State& state) {
    auto& w = national_workload();
    const auto c = antq::detail::db::open(w.pg, antq::detail::db::open_mode::write, {});
    for (auto _ : state) {
        state.PauseTiming();
        c->execute("TRUNCATE antq_results, antq_run_rulebooks, antq_runs");
        c->execute("ALTER TABLE antq_results DROP CONSTRAINT antq_results_v2_pkey");
        state.ResumeTiming();
        if (!antq::store_evaluation(w.run, w.pg)) {
            state.SkipWithError("the run was there already");
        }
        const auto stored = std::chrono::steady_clock::now();
        c->execute(
            "ALTER TABLE antq_results ADD CONSTRAINT antq_results_v2_pkey PRIMARY KEY (run, "
            "rulebook, subject)");
        state.counters["index_ms"] =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - stored)
                .count();
    }
}
BENCHMARK(write_results_postgresql_key_after_copy)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinTime(2);

}  // namespace

BENCHMARK_MAIN();
