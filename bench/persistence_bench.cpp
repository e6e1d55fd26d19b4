// Saving and loading archives: a snapshot of 1,000,000 results (five criteria each) and a
// dataset of 1,000,000 observation rows, in each archive format; against a hand-written
// baseline that writes and reads the same result columns as raw bytes with a SHA-256 over
// them (what no serialization library can beat).
//
// Counters: bytes/s of the file; `peak_x`, the peak resident memory during the operation
// over the memory the loaded value holds (both measured from /proc/self/status, with the
// peak reset through /proc/self/clear_refs before each run); `file_MB`.

#include <antq/archive.hpp>
#include <antq/snapshot.hpp>

#include <benchmark/benchmark.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace {

constexpr std::size_t result_rows = 1'000'000;
constexpr std::size_t criteria = 5;
constexpr std::size_t observation_subjects = 200'000;
constexpr std::size_t observation_periods = 5;
constexpr std::size_t observation_columns = 8;

// ---- Memory, from /proc/self/status ----

long status_kib(const char* field) {
    std::ifstream status("/proc/self/status");
    std::string line;
    const std::string prefix = std::string(field) + ":";
    while (std::getline(status, line)) {
        if (line.rfind(prefix, 0) == 0) {
            return std::stol(line.substr(prefix.size()));
        }
    }
    return 0;
}

/// Peak resident memory from the moment it is made.
class peak_probe {
  public:
    peak_probe() {
        std::ofstream("/proc/self/clear_refs") << "5";  // resets VmHWM to VmRSS
        start_ = status_kib("VmRSS");
    }
    [[nodiscard]] double peak_mib() const { return (status_kib("VmHWM") - start_) / 1024.0; }
    [[nodiscard]] double held_mib() const { return (status_kib("VmRSS") - start_) / 1024.0; }

  private:
    long start_ = 0;
};

// ---- The values saved ----

antq::rulebook_results big_results() {
    antq::results_header h;
    h.rulebook = "model-effectiveness";
    h.title = "Đánh giá hiệu quả mô hình";
    h.version = "2022.1";
    h.period_text = "2024";
    h.period_first = antq::date(2023, 11, 16);
    h.period_last = antq::date(2024, 11, 15);
    for (std::size_t k = 0; k < criteria; ++k) {
        h.criteria.push_back({"criterion_" + std::to_string(k), "Tiêu chí", "", "",
                              antq::criterion_kind::scored, 20});
    }
    h.tiers = {
        {"effective", "Hoạt động hiệu quả", "replicate", "score >= 80", 80.0, false, {}, false},
        {"average", "Trung bình", "improve", "score >= 50", 50.0, false, {}, false},
        {"poor", "Kém hiệu quả", "dissolve", "", std::nullopt, false, {}, false}};
    h.fingerprint = std::string(64, 'f');

    antq::results_columns c;
    c.subject.reserve(result_rows, result_rows * 8);
    c.message.reserve(result_rows, 0);
    for (std::size_t i = 0; i < result_rows; ++i) {
        c.subject.push_back("m" + std::to_string(i));
        c.message.push_back("");
        c.subject_index.push_back(static_cast<std::uint32_t>(i));
        c.status.push_back(antq::result_status::evaluated);
        const double score = static_cast<double>(i % 10'000) / 100.0;
        c.score.push_back(score);
        c.max_score.push_back(100);
        const std::int32_t tier = score >= 80 ? 0 : (score >= 50 ? 1 : 2);
        c.tier.push_back(tier);
        c.qualified_tier.push_back(tier);
        c.group.push_back(static_cast<std::uint32_t>(i % 3'321));
        c.rank.push_back(static_cast<std::uint32_t>(1 + i % 300));
    }
    for (std::size_t g = 0; g < 3'321; ++g) {
        c.group_names.push_back("c" + std::to_string(g));
    }
    for (std::size_t k = 0; k < criteria; ++k) {
        for (std::size_t i = 0; i < result_rows; ++i) {
            const double value = static_cast<double>((i * (k + 3)) % 101) / 100.0;
            c.criterion_value.push_back(value);
            c.criterion_points.push_back(20 * value);
            c.criterion_passed.push_back(value > 0 ? 1 : 0);
            c.criterion_assessed.push_back(1);
        }
    }
    return {std::move(h), std::move(c)};
}

const antq::snapshot& big_snapshot() {
    static const antq::snapshot s = [] {
        std::vector<antq::rulebook_results> results;
        results.push_back(big_results());
        return antq::snapshot{antq::evaluation(std::move(results), {std::string(64, 'a')},
                                               std::string(64, 'b'), "0.1.0"),
                              antq::date(2024, 12, 14)};
    }();
    return s;
}

const antq::dataset& big_dataset() {
    static const antq::dataset d = [] {
        std::vector<antq::unit> units = {{"p1", "province", "Tỉnh", ""}};
        for (std::size_t c = 0; c < 100; ++c) {
            units.push_back({"c" + std::to_string(c), "commune", "Xã", "p1"});
        }
        for (std::size_t v = 0; v < 10'000; ++v) {
            units.push_back(
                {"v" + std::to_string(v), "village", "Thôn", "c" + std::to_string(v % 100)});
        }
        std::vector<antq::model> models;
        std::vector<std::string> subjects;
        for (std::size_t m = 0; m < observation_subjects; ++m) {
            subjects.push_back("m" + std::to_string(m));
            models.push_back({subjects.back(), "Mô hình", "tự quản", "ma-tuy", "thanh-nien",
                              "v" + std::to_string(m % 10'000), antq::date(2021, 3, 1),
                              std::nullopt, ""});
        }
        std::vector<std::string> periods = {"2020", "2021", "2022", "2023", "2024"};
        std::vector<std::uint32_t> row_subject;
        std::vector<std::uint32_t> row_period;
        for (std::size_t s = 0; s < observation_subjects; ++s) {
            for (std::size_t p = 0; p < observation_periods; ++p) {
                row_subject.push_back(static_cast<std::uint32_t>(s));
                row_period.push_back(static_cast<std::uint32_t>(p));
            }
        }
        std::vector<antq::observation_column> columns(observation_columns);
        for (std::size_t k = 0; k < observation_columns; ++k) {
            columns[k].name = "indicator_" + std::to_string(k);
            for (std::size_t r = 0; r < row_subject.size(); ++r) {
                columns[k].numbers.push_back(r % 97 == 0 ? antq::missing_value
                                                         : static_cast<double>((r * (k + 1)) % 50));
            }
        }
        antq::dataset data;
        data.registry = antq::registry::build(std::move(units), std::move(models), {});
        data.observations =
            antq::observation_table(std::move(subjects), std::move(periods), std::move(row_subject),
                                    std::move(row_period), std::move(columns));
        data.content_hash = std::string(64, 'b');
        return data;
    }();
    return d;
}

std::filesystem::path bench_file(const std::string& name) {
    return std::filesystem::temp_directory_path() / ("antq-persistence-bench-" + name);
}

antq::archive_format format_of(const benchmark::State& state) {
    return static_cast<antq::archive_format>(state.range(0));
}

void report(benchmark::State& state, const std::filesystem::path& file, double peak_mib,
            double held_mib) {
    const auto size = static_cast<std::int64_t>(std::filesystem::file_size(file));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * size);
    state.counters["file_MB"] = static_cast<double>(size) / 1e6;
    state.counters["peak_MiB"] = peak_mib;
    if (held_mib > 0) {
        state.counters["held_MiB"] = held_mib;
        state.counters["peak_x"] = peak_mib / held_mib;
    }
    state.SetLabel(std::string(antq::to_string(format_of(state))));
}

// ---- antq ----

void save_snapshot(benchmark::State& state) {
    const auto& s = big_snapshot();
    const auto file = bench_file("snapshot." + std::string(antq::to_string(format_of(state))));
    double peak = 0;
    for (auto _ : state) {
        const peak_probe probe;
        antq::save_snapshot(s, file, format_of(state));
        peak = std::max(peak, probe.peak_mib());
    }
    report(state, file, peak, 0);
}

void load_snapshot(benchmark::State& state) {
    const auto file = bench_file("snapshot." + std::string(antq::to_string(format_of(state))));
    antq::save_snapshot(big_snapshot(), file, format_of(state));
    double peak = 0;
    double held = 0;
    std::optional<antq::snapshot> loaded;
    for (auto _ : state) {
        const peak_probe probe;
        loaded.emplace(antq::load_snapshot(file));
        state.PauseTiming();
        peak = std::max(peak, probe.peak_mib());
        held = std::max(held, probe.held_mib());
        loaded.reset();
        state.ResumeTiming();
    }
    report(state, file, peak, held);
}

void save_dataset(benchmark::State& state) {
    const auto& d = big_dataset();
    const auto file = bench_file("dataset." + std::string(antq::to_string(format_of(state))));
    double peak = 0;
    for (auto _ : state) {
        const peak_probe probe;
        antq::save_dataset_archive(d, file, format_of(state));
        peak = std::max(peak, probe.peak_mib());
    }
    report(state, file, peak, 0);
}

void load_dataset(benchmark::State& state) {
    const auto file = bench_file("dataset." + std::string(antq::to_string(format_of(state))));
    antq::save_dataset_archive(big_dataset(), file, format_of(state));
    double peak = 0;
    double held = 0;
    std::optional<antq::dataset> loaded;
    for (auto _ : state) {
        const peak_probe probe;
        loaded.emplace(antq::load_dataset_archive(file));
        state.PauseTiming();
        peak = std::max(peak, probe.peak_mib());
        held = std::max(held, probe.held_mib());
        loaded.reset();
        state.ResumeTiming();
    }
    report(state, file, peak, held);
}

// ---- The baseline: the result columns as raw bytes, a SHA-256 over them ----

template <class T>
void write_raw(std::ofstream& out, const std::vector<T>& v, EVP_MD_CTX* sha) {
    const auto bytes = v.size() * sizeof(T);
    const std::uint64_t count = v.size();
    out.write(reinterpret_cast<const char*>(&count), sizeof count);
    out.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(bytes));
    EVP_DigestUpdate(sha, v.data(), bytes);
}

template <class T>
void read_raw(std::ifstream& in, std::vector<T>& v, EVP_MD_CTX* sha) {
    std::uint64_t count = 0;
    in.read(reinterpret_cast<char*>(&count), sizeof count);
    v.resize(count);
    in.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(count * sizeof(T)));
    EVP_DigestUpdate(sha, v.data(), count * sizeof(T));
}

struct raw_columns {
    std::vector<char> subjects;
    std::vector<std::size_t> ends;
    std::vector<double> score;
    std::vector<std::int32_t> tier;
    std::vector<std::uint32_t> group;
    std::vector<std::uint32_t> rank;
    std::vector<double> criterion_value;
    std::vector<double> criterion_points;
    std::vector<std::uint8_t> criterion_passed;

    template <class F>
    void each(F&& f) {
        f(subjects), f(ends), f(score), f(tier), f(group), f(rank), f(criterion_value),
            f(criterion_points), f(criterion_passed);
    }
};

void raw_columns_baseline(benchmark::State& state) {
    const auto& c = big_snapshot().evaluation.results()[0].columns();
    raw_columns columns{{c.subject.chars().begin(), c.subject.chars().end()},
                        {c.subject.ends().begin(), c.subject.ends().end()},
                        c.score,
                        c.tier,
                        c.group,
                        c.rank,
                        c.criterion_value,
                        c.criterion_points,
                        c.criterion_passed};
    const auto file = bench_file("raw");
    {
        std::ofstream out(file, std::ios::binary);
        EVP_MD_CTX* sha = EVP_MD_CTX_new();
        EVP_DigestInit_ex(sha, EVP_sha256(), nullptr);
        columns.each([&](auto& v) { write_raw(out, v, sha); });
        EVP_MD_CTX_free(sha);
    }
    double peak = 0;
    double held = 0;
    std::optional<raw_columns> loaded;
    for (auto _ : state) {
        const peak_probe probe;
        loaded.emplace();
        std::ifstream in(file, std::ios::binary);
        EVP_MD_CTX* sha = EVP_MD_CTX_new();
        EVP_DigestInit_ex(sha, EVP_sha256(), nullptr);
        loaded->each([&](auto& v) { read_raw(in, v, sha); });
        EVP_MD_CTX_free(sha);
        state.PauseTiming();
        peak = std::max(peak, probe.peak_mib());
        held = std::max(held, probe.held_mib());
        loaded.reset();
        state.ResumeTiming();
    }
    const auto size = static_cast<std::int64_t>(std::filesystem::file_size(file));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * size);
    state.counters["file_MB"] = static_cast<double>(size) / 1e6;
    state.counters["peak_x"] = held > 0 ? peak / held : 0;
}

void formats(benchmark::internal::Benchmark* b) {
    b->Arg(static_cast<int>(antq::archive_format::binary))
        ->Arg(static_cast<int>(antq::archive_format::text))
        ->Arg(static_cast<int>(antq::archive_format::xml))
        ->Unit(benchmark::kMillisecond)
        ->Iterations(2);
}

}  // namespace

BENCHMARK(save_snapshot)->Apply(formats);
BENCHMARK(load_snapshot)->Apply(formats);
BENCHMARK(save_dataset)->Apply(formats);
BENCHMARK(load_dataset)->Apply(formats);
BENCHMARK(raw_columns_baseline)->Unit(benchmark::kMillisecond)->Iterations(2);

BENCHMARK_MAIN();
