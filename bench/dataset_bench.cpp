// Reading a national dataset: a million models with fifteen indicators each, written once
// by the synthetic generator to a temporary folder, then read by antq and, beside it, by
// a hand-written loop that only splits lines and commas and converts numbers (no quotes,
// no UTF-8 or reference checks): the floor antq's reader is measured against.

#include "antq/dataset/observations_io.hpp"
#include "antq/io/read_file.hpp"
#include "antq/synthetic.hpp"

#include <antq/dataset.hpp>

#include <benchmark/benchmark.h>

#include <unistd.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <limits>
#include <string_view>
#include <vector>

namespace {

namespace fs = std::filesystem;

// The dataset folder, written on first use and removed at exit.
struct national_files {
    fs::path folder;
    antq::dataset generated;
    antq::detail::file_buffer observations;

    national_files() {
        folder = fs::temp_directory_path() / ("antq-dataset-bench-" + std::to_string(::getpid()));
        antq::detail::synthetic_options options;  // 34 provinces, 3,321 communes, 1,000,000 models
        generated = antq::detail::generate_synthetic_dataset(options);
        antq::save_dataset_csv(generated, folder);
        observations = antq::detail::read_file(folder / "observations.csv");
    }
    ~national_files() {
        std::error_code ignored;
        fs::remove_all(folder, ignored);
    }
    national_files(const national_files&) = delete;
    national_files& operator=(const national_files&) = delete;

    [[nodiscard]] std::size_t folder_bytes() const {
        std::size_t total = 0;
        for (const auto& entry : fs::directory_iterator(folder)) {
            total += entry.file_size();
        }
        return total;
    }
};

national_files& files() {
    static national_files instance;
    return instance;
}

// antq's observations reader: quotes, UTF-8, subjects resolved against the registry,
// repeated rows and period labels checked, columns built; on 1 or 2 threads.
void observations_csv(benchmark::State& state) {
    const auto& f = files();
    const antq::detail::subject_resolver subjects(f.generated.registry);
    const std::string_view text = f.observations.view();
    const antq::detail::observations_csv_options options{static_cast<unsigned>(state.range(0)), 0};
    for (auto _ : state) {
        auto table =
            antq::detail::parse_observations_csv(text, "observations.csv", subjects, options);
        benchmark::DoNotOptimize(table);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
    state.counters["rows"] = static_cast<double>(f.generated.observations.row_count());
}
BENCHMARK(observations_csv)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime();

// The floor: split at newlines and commas, convert each indicator with from_chars into
// columns, keep the subject and period as views. One thread.
void baseline_split_and_convert(benchmark::State& state) {
    const std::string_view text = files().observations.view();
    const std::size_t header_end = text.find('\n') + 1;
    std::size_t indicators = 0;
    for (std::size_t i = 0; i < header_end; ++i) {
        indicators += text[i] == ',' ? 1 : 0;
    }
    indicators -= 1;  // subject,period,<indicators>
    for (auto _ : state) {
        std::vector<std::string_view> subjects;
        std::vector<std::string_view> periods;
        std::vector<std::vector<double>> columns(indicators);
        const char* p = text.data() + header_end;
        const char* const end = text.data() + text.size();
        while (p < end) {
            const char* comma =
                static_cast<const char*>(std::memchr(p, ',', static_cast<std::size_t>(end - p)));
            subjects.emplace_back(p, static_cast<std::size_t>(comma - p));
            p = comma + 1;
            comma =
                static_cast<const char*>(std::memchr(p, ',', static_cast<std::size_t>(end - p)));
            periods.emplace_back(p, static_cast<std::size_t>(comma - p));
            p = comma + 1;
            for (std::size_t j = 0; j < indicators; ++j) {
                const char* cell_end = p;
                while (cell_end < end && *cell_end != ',' && *cell_end != '\n') {
                    ++cell_end;
                }
                double value = std::numeric_limits<double>::quiet_NaN();
                if (cell_end > p) {
                    std::from_chars(p, cell_end, value);
                }
                columns[j].push_back(value);
                p = cell_end + 1;
            }
        }
        benchmark::DoNotOptimize(columns);
        benchmark::DoNotOptimize(subjects);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(baseline_split_and_convert)
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime();

// The whole folder: units, models (a million), exemplars, observations, content hash.
void load_dataset_folder(benchmark::State& state) {
    const auto& f = files();
    for (auto _ : state) {
        auto d = antq::load_dataset(f.folder);
        benchmark::DoNotOptimize(d);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * f.folder_bytes()));
}
BENCHMARK(load_dataset_folder)
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime();

// SHA-256 over the canonical form of the whole dataset.
void content_hash(benchmark::State& state) {
    const auto& d = files().generated;
    for (auto _ : state) {
        auto hash = antq::hash_dataset(d.registry, d.observations);
        benchmark::DoNotOptimize(hash);
    }
}
BENCHMARK(content_hash)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
