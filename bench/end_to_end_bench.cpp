// The national workload end to end, as `antq evaluate --rules R --data D --period 2024
// --format csv --out F --threads N` runs it: a million models read from CSV files, scored,
// classified, ranked and written as a CSV of results. Beside it, the breakdown by phase
// (read the folder, content hash, evaluate, format, save) and, in the same binary, a
// hand-written C++ program doing the same work with no antq code on its path: the practical
// limit. The hand-written output is compared byte for byte with antq's once, before timing
// (counter `identical`, expected 1). Memory: `peak_heap_mb` is the most heap in use at once
// during one run above what was in use before it, `dataset_mb` the heap a loaded dataset
// holds (its columns, tables and indexes), and `peak_per_dataset` their ratio (the aim of
// issue 17: at most 2). Run with `--benchmark_min_time=2` for steady figures.

#include "antq/dataset/dataset_io.hpp"
#include "antq/synthetic.hpp"
#include "heap_meter.hpp"
#include "national_workload.hpp"

#include <antq/dataset.hpp>
#include <antq/evaluate.hpp>
#include <antq/result_io.hpp>
#include <antq/rulebook_set.hpp>

#include <benchmark/benchmark.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

namespace {

namespace fs = std::filesystem;

// ---- The dataset folder ----------------------------------------------------------------------

// The synthetic national dataset as CSV files and the rulebook beside them, written on first
// use and removed at exit.
struct national_files {
    fs::path folder;
    fs::path rules_file;
    fs::path antq_output;
    fs::path hand_output;

    national_files() {
        folder =
            fs::temp_directory_path() / ("antq-end-to-end-bench-" + std::to_string(::getpid()));
        rules_file = folder / "national.yaml";
        antq_output = folder / "antq-results.csv";
        hand_output = folder / "hand-results.csv";
        const antq::detail::synthetic_options
            options;  // 34 provinces, 3,321 communes, 1,000,000 models
        antq::save_dataset_csv(antq::detail::generate_synthetic_dataset(options), folder);
        std::ofstream rules(rules_file, std::ios::binary);
        rules.write(national::national_rules.data(),
                    static_cast<std::streamsize>(national::national_rules.size()));
        if (!rules.flush()) {
            throw std::runtime_error("cannot write " + rules_file.string());
        }
    }
    ~national_files() {
        std::error_code ignored;
        fs::remove_all(folder, ignored);
    }
    national_files(const national_files&) = delete;
    national_files& operator=(const national_files&) = delete;
};

national_files& files() {
    static national_files instance;
    return instance;
}

// What the phases after reading work on, loaded once.
struct loaded_workload {
    antq::rulebook_set rules;
    antq::dataset data;
    antq::evaluation results;

    loaded_workload()
        : rules(antq::rulebook_set::load(files().rules_file)),
          data(antq::load_dataset(files().folder)),
          results(evaluate_on_two_threads(data, rules)) {}

    static antq::evaluation evaluate_on_two_threads(const antq::dataset& d,
                                                    const antq::rulebook_set& r) {
        antq::evaluate_options options;
        options.threads = 2;
        return antq::evaluate(d, r, "2024", options);
    }
};

loaded_workload& loaded() {
    static loaded_workload instance;
    return instance;
}

// ---- antq ------------------------------------------------------------------------------------

/// `antq evaluate --rules R --data D --period 2024 --format csv --out F --threads N`.
void antq_evaluate_command(const national_files& f, unsigned threads, const fs::path& out) {
    const auto rules = antq::rulebook_set::load(f.rules_file);
    const auto data = antq::load_dataset(f.folder);
    antq::evaluate_options options;
    options.threads = threads;
    const auto results = antq::evaluate(data, rules, "2024", options);
    antq::result_output_options output;
    output.threads = threads;
    antq::save_results(out, results.results(), antq::result_format::csv, output);
}

// ---- The hand-written program ----------------------------------------------------------------

std::string read_whole_file(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) {
        throw std::runtime_error("cannot open " + path.string());
    }
    struct stat info {};
    ::fstat(fd, &info);
    std::string text(static_cast<std::size_t>(info.st_size), '\0');
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t got = ::read(fd, text.data() + done, text.size() - done);
        if (got <= 0) {
            break;
        }
        done += static_cast<std::size_t>(got);
    }
    ::close(fd);
    text.resize(done);
    return text;
}

/// Splits the record at `p` into `fields` (RFC 4180, minimal: quoted fields may hold commas
/// and doubled quotes, undone in place so the views stay in the buffer); returns the start
/// of the next record.
char* split_record(char* p, char* const end, std::vector<std::string_view>& fields) {
    fields.clear();
    while (true) {
        char* const start = p;
        if (p < end && *p == '"') {
            char* read = p + 1;
            char* write = p;
            while (read < end) {
                if (*read == '"') {
                    if (read + 1 < end && read[1] == '"') {
                        *write++ = '"';
                        read += 2;
                        continue;
                    }
                    ++read;
                    break;
                }
                *write++ = *read++;
            }
            fields.emplace_back(start, static_cast<std::size_t>(write - start));
            p = read;
        } else {
            while (p < end && *p != ',' && *p != '\n') {
                ++p;
            }
            const bool carriage_return = p > start && p[-1] == '\r' && (p == end || *p == '\n');
            fields.emplace_back(start,
                                static_cast<std::size_t>(p - start) - (carriage_return ? 1 : 0));
        }
        if (p < end && *p == '\r') {
            ++p;
        }
        if (p >= end || *p == '\n') {
            return p < end ? p + 1 : p;
        }
        ++p;  // the comma
    }
}

std::size_t column_of(const std::vector<std::string_view>& header, std::string_view name) {
    const auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) {
        throw std::runtime_error("no column " + std::string(name));
    }
    return static_cast<std::size_t>(it - header.begin());
}

/// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
constexpr std::int32_t days_from_civil(std::int32_t y, std::int32_t m, std::int32_t d) {
    y -= m <= 2 ? 1 : 0;
    const std::int32_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int32_t yoe = y - era * 400;
    const std::int32_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const std::int32_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

std::int32_t digits_of(std::string_view text) {
    std::int32_t value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
}

/// A `YYYY-MM-DD` date in days, or `missing` when the cell is empty.
std::int32_t parse_date(std::string_view text, std::int32_t missing) {
    if (text.size() != 10) {
        return missing;
    }
    return days_from_civil(digits_of(text.substr(0, 4)), digits_of(text.substr(5, 2)),
                           digits_of(text.substr(8, 2)));
}

enum class hand_status : std::uint8_t { evaluated, not_eligible, error };

struct hand_units {
    std::string text;
    std::vector<std::string_view> id;
    std::unordered_map<std::string_view, std::uint32_t> index;
    std::vector<std::uint32_t> commune;  ///< the commune at or above each unit; `id.size()` if none
};

hand_units read_units(const fs::path& path) {
    hand_units u;
    u.text = read_whole_file(path);
    char* p = u.text.data();
    char* const end = p + u.text.size();
    std::vector<std::string_view> fields;
    p = split_record(p, end, fields);
    const std::size_t id_column = column_of(fields, "id");
    const std::size_t kind_column = column_of(fields, "kind");
    const std::size_t parent_column = column_of(fields, "parent");
    std::vector<std::string_view> parent_id;
    std::vector<std::uint8_t> is_commune;
    while (p < end) {
        p = split_record(p, end, fields);
        u.id.push_back(fields[id_column]);
        is_commune.push_back(fields[kind_column] == "commune" ? 1 : 0);
        parent_id.push_back(fields[parent_column]);
    }
    const auto count = static_cast<std::uint32_t>(u.id.size());
    u.index.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) {
        u.index.emplace(u.id[i], i);
    }
    std::vector<std::uint32_t> parent(count, count);
    for (std::uint32_t i = 0; i < count; ++i) {
        const auto found = parent_id[i].empty() ? u.index.end() : u.index.find(parent_id[i]);
        parent[i] = found == u.index.end() ? count : found->second;
    }
    // Walk up the parents of each unit, stopping at the first commune (or the root).
    constexpr std::uint32_t unknown = 0xFFFFFFFFU;
    u.commune.assign(count, unknown);
    std::vector<std::uint32_t> path_up;
    for (std::uint32_t i = 0; i < count; ++i) {
        std::uint32_t at = i;
        path_up.clear();
        while (at != count && u.commune[at] == unknown && is_commune[at] == 0) {
            path_up.push_back(at);
            at = parent[at];
        }
        const std::uint32_t found =
            at == count ? count : (is_commune[at] != 0 ? at : u.commune[at]);
        if (at != count) {
            u.commune[at] = found;
        }
        for (const auto v : path_up) {
            u.commune[v] = found;
        }
    }
    return u;
}

struct hand_models {
    std::string text;
    std::vector<std::string_view> id;
    std::vector<std::uint32_t> unit;
    std::vector<std::int32_t> established;
    std::vector<std::int32_t> ended;
    std::unordered_map<std::string_view, std::uint32_t> index;
};

constexpr std::int32_t no_start = std::numeric_limits<std::int32_t>::min();
constexpr std::int32_t no_end = std::numeric_limits<std::int32_t>::max();

hand_models read_models(const fs::path& path, const hand_units& units) {
    hand_models m;
    m.text = read_whole_file(path);
    char* p = m.text.data();
    char* const end = p + m.text.size();
    std::vector<std::string_view> fields;
    p = split_record(p, end, fields);
    const std::size_t id_column = column_of(fields, "id");
    const std::size_t unit_column = column_of(fields, "unit");
    const std::size_t established_column = column_of(fields, "established");
    const std::size_t ended_column = column_of(fields, "ended");
    const std::size_t expected = static_cast<std::size_t>(std::count(p, end, '\n'));
    m.id.reserve(expected);
    m.unit.reserve(expected);
    m.established.reserve(expected);
    m.ended.reserve(expected);
    m.index.reserve(expected);
    while (p < end) {
        p = split_record(p, end, fields);
        const auto unit = units.index.find(fields[unit_column]);
        if (unit == units.index.end()) {
            throw std::runtime_error("unknown unit " + std::string(fields[unit_column]));
        }
        m.index.emplace(fields[id_column], static_cast<std::uint32_t>(m.id.size()));
        m.id.push_back(fields[id_column]);
        m.unit.push_back(unit->second);
        m.established.push_back(parse_date(fields[established_column], no_start));
        m.ended.push_back(parse_date(fields[ended_column], no_end));
    }
    return m;
}

struct hand_observations {
    std::vector<std::vector<double>> columns;  ///< by indicator, as `national::indicator_names()`
    std::vector<std::int64_t> row_of;          ///< each model's row in 2024, or -1
};

/// Splits at commas and newlines, converts the cells with from_chars (empty is NaN), and
/// maps the subjects of 2024's rows to models.
hand_observations read_observations(const fs::path& path, const hand_models& models) {
    const std::string text = read_whole_file(path);
    const char* p = text.data();
    const char* const end = p + text.size();
    const char* const line_end = std::find(p, end, '\n');
    const char* const header_end = line_end > p && line_end[-1] == '\r' ? line_end - 1 : line_end;
    std::vector<std::string_view> header;
    for (const char* cell = p; cell < header_end;) {
        const char* const cell_end = std::find(cell, header_end, ',');
        header.emplace_back(cell, static_cast<std::size_t>(cell_end - cell));
        cell = cell_end + 1;
    }
    const std::size_t cells = header.size() - 2;  // subject,period,<indicators>
    std::vector<std::size_t> indicator_of_cell(cells, 15);
    for (std::size_t k = 0; k < 15; ++k) {
        indicator_of_cell[column_of(header, national::indicator_names()[k]) - 2] = k;
    }
    p = line_end + 1;
    const auto expected = static_cast<std::size_t>(std::count(p, end, '\n'));
    hand_observations o;
    o.columns.assign(16, {});
    for (auto& c : o.columns) {
        c.reserve(expected);
    }
    o.row_of.assign(models.id.size(), -1);
    const double missing = std::numeric_limits<double>::quiet_NaN();
    std::int64_t row = 0;
    while (p < end) {
        const char* comma =
            static_cast<const char*>(std::memchr(p, ',', static_cast<std::size_t>(end - p)));
        const std::string_view subject(p, static_cast<std::size_t>(comma - p));
        p = comma + 1;
        comma = static_cast<const char*>(std::memchr(p, ',', static_cast<std::size_t>(end - p)));
        const std::string_view period(p, static_cast<std::size_t>(comma - p));
        p = comma + 1;
        for (std::size_t j = 0; j < cells; ++j) {
            const char* cell_end = p;
            while (cell_end < end && *cell_end != ',' && *cell_end != '\n' && *cell_end != '\r') {
                ++cell_end;
            }
            double value = missing;
            if (cell_end > p) {
                std::from_chars(p, cell_end, value);
            }
            o.columns[indicator_of_cell[j]].push_back(value);
            p = cell_end + (cell_end < end && *cell_end == '\r' ? 2 : 1);
        }
        if (period == "2024") {
            const auto found = models.index.find(subject);
            if (found != models.index.end()) {
                o.row_of[found->second] = row;
            }
        }
        ++row;
    }
    return o;
}

void score_range(const hand_models& models, const hand_observations& obs, std::size_t begin,
                 std::size_t end, std::vector<hand_status>& status, national::hand_results& out) {
    national::indicator_columns columns{};
    for (std::size_t k = 0; k < 15; ++k) {
        columns.column[k] = obs.columns[k].data();
    }
    constexpr std::int32_t first = days_from_civil(2023, 11, 16);
    constexpr std::int32_t last = days_from_civil(2024, 11, 15);
    for (std::size_t m = begin; m < end; ++m) {
        out.evaluated[m] = 0;
        out.tier[m] = -1;
        const std::int32_t start = std::max(models.established[m], first);
        const std::int32_t stop = std::min(models.ended[m], last);
        if (stop < start || stop - start + 1 < national::eligibility_days) {
            status[m] = hand_status::not_eligible;
            continue;
        }
        // No row in 2024, or a required indicator missing: an error row, as antq reports it.
        const std::int64_t r = obs.row_of[m];
        if (r < 0 ||
            !national::score_row(columns, static_cast<std::size_t>(r), out.score[m], out.tier[m])) {
            status[m] = hand_status::error;
            continue;
        }
        status[m] = hand_status::evaluated;
        out.evaluated[m] = 1;
    }
}

void append_csv_field(std::string& out, std::string_view field) {
    if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
        out += field;
        return;
    }
    out += '"';
    for (const char ch : field) {
        out += ch;
        if (ch == '"') {
            out += '"';
        }
    }
    out += '"';
}

/// Writes `text` to `path` with plain write(2) calls: no temporary file, no fsync (antq's
/// save_results writes atomically and syncs; that difference is part of the gap measured).
void write_whole_file(const fs::path& path, std::string_view text) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        throw std::runtime_error("cannot create " + path.string());
    }
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t wrote = ::write(fd, text.data() + done, text.size() - done);
        if (wrote <= 0) {
            break;
        }
        done += static_cast<std::size_t>(wrote);
    }
    ::close(fd);
    if (done != text.size()) {
        throw std::runtime_error("cannot write " + path.string());
    }
}

/// The whole program: reads the folder, scores (on `threads`), applies the quota, ranks
/// within communes, writes the CSV of results. Returns the number of rows written.
std::size_t hand_written_program(const fs::path& folder, unsigned threads,
                                 const fs::path& out_file) {
    const hand_units units = read_units(folder / "units.csv");
    const hand_models models = read_models(folder / "models.csv", units);
    const hand_observations obs = read_observations(folder / "observations.csv", models);
    const std::size_t n = models.id.size();

    national::hand_results out{std::vector<std::uint8_t>(n), std::vector<double>(n),
                               std::vector<std::int32_t>(n), std::vector<std::uint32_t>(n, 0)};
    std::vector<hand_status> status(n);
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) {
        pool.emplace_back([&, t] {
            score_range(models, obs, n * t / threads, n * (t + 1) / threads, status, out);
        });
    }
    score_range(models, obs, 0, n / threads, status, out);
    for (auto& t : pool) {
        t.join();
    }

    const auto no_commune = static_cast<std::uint32_t>(units.id.size());
    std::vector<std::uint32_t> group(n);
    for (std::size_t m = 0; m < n; ++m) {
        group[m] = units.commune[models.unit[m]];
    }
    national::rank_within_groups(
        group, units.id.size() + 1, [&](std::uint32_t m) { return models.id[m]; }, out);

    constexpr std::string_view header =
        "subject,period,rulebook,version,status,score,max_score,tier,action,group,rank\n";
    constexpr std::string_view status_text[3] = {
        ",2024,national,1,evaluated,", ",2024,national,1,not_eligible,", ",2024,national,1,error,"};
    // max_score is the rulebook's: the scored criteria make 100 points (rescaled to 100 when
    // indicators are excluded); bonus and penalty do not raise it.
    constexpr std::string_view tier_text[3] = {
        ",100.00,effective,replicate,", ",100.00,average,improve,", ",100.00,poor,dissolve,"};
    std::vector<std::string> group_text(units.id.size() + 1);
    for (std::size_t g = 0; g < units.id.size(); ++g) {
        append_csv_field(group_text[g], units.id[g]);
    }
    append_csv_field(group_text[no_commune], "(không thuộc xã nào)");

    std::string text;
    text.reserve(header.size() + n * 72);
    text += header;
    char number[32];
    for (std::size_t m = 0; m < n; ++m) {
        append_csv_field(text, models.id[m]);
        const auto s = static_cast<std::size_t>(status[m]);
        text += status_text[s];
        if (status[m] == hand_status::evaluated) {
            const double score = out.score[m] == 0 ? 0.0 : out.score[m];
            const auto written =
                std::to_chars(number, number + sizeof number, score, std::chars_format::fixed, 2);
            text.append(number, written.ptr);
            text += tier_text[static_cast<std::size_t>(out.tier[m])];
            text += group_text[group[m]];
            text += ',';
            const auto rank = std::to_chars(number, number + sizeof number, out.rank[m]);
            text.append(number, rank.ptr);
        } else {
            text += ",,,,";
            text += group_text[group[m]];
            text += ',';
        }
        text += '\n';
    }
    write_whole_file(out_file, text);
    return n;
}

// ---- The comparison --------------------------------------------------------------------------

struct comparison {
    bool identical = false;
    std::size_t differing_lines = 0;
};

/// Runs antq and the hand-written program once each (2 threads) and compares their files
/// line by line; prints the first differing line to stderr.
comparison compare_outputs() {
    const auto& f = files();
    antq_evaluate_command(f, 2, f.antq_output);
    hand_written_program(f.folder, 2, f.hand_output);
    const std::string a = read_whole_file(f.antq_output);
    const std::string b = read_whole_file(f.hand_output);
    comparison result;
    result.identical = a == b;
    if (result.identical) {
        return result;
    }
    std::size_t pa = 0;
    std::size_t pb = 0;
    std::size_t line = 1;
    while (pa < a.size() || pb < b.size()) {
        const std::size_t ea = std::min(a.find('\n', pa), a.size());
        const std::size_t eb = std::min(b.find('\n', pb), b.size());
        const std::string_view la(a.data() + pa, ea - pa);
        const std::string_view lb(b.data() + pb, eb - pb);
        if (la != lb) {
            if (result.differing_lines == 0) {
                std::fprintf(stderr, "first difference at line %zu:\n  antq: %.*s\n  hand: %.*s\n",
                             line, static_cast<int>(la.size()), la.data(),
                             static_cast<int>(lb.size()), lb.data());
            }
            ++result.differing_lines;
        }
        pa = std::min(ea + 1, a.size());
        pb = std::min(eb + 1, b.size());
        if (ea == a.size() && eb == b.size()) {
            break;
        }
        ++line;
    }
    return result;
}

const comparison& outputs_compared() {
    static const comparison instance = compare_outputs();
    return instance;
}

// ---- Benchmarks ------------------------------------------------------------------------------

void subjects_counter(benchmark::State& state, std::size_t subjects) {
    state.counters["subjects"] = static_cast<double>(subjects);
    state.counters["subjects_per_second"] = benchmark::Counter(
        static_cast<double>(subjects), benchmark::Counter::kIsIterationInvariantRate);
}

// The heap a dataset read from the folder holds once loaded, measured once.
double dataset_mb() {
    static const double mb = [] {
        const bench::heap_meter meter;
        const antq::dataset data = antq::load_dataset(files().folder);
        return meter.held_mb();
    }();
    return mb;
}

void memory_counters(benchmark::State& state, double peak_mb) {
    state.counters["peak_heap_mb"] = peak_mb;
    state.counters["dataset_mb"] = dataset_mb();
    state.counters["peak_per_dataset"] = peak_mb / dataset_mb();
}

// The command, from CSV files to a CSV of results.
void antq_evaluate_csv(benchmark::State& state) {
    const auto& f = files();
    const auto threads = static_cast<unsigned>(state.range(0));
    double peak = 0;
    for (auto _ : state) {
        const bench::heap_meter meter;
        antq_evaluate_command(f, threads, f.antq_output);
        peak = std::max(peak, meter.peak_mb());
    }
    subjects_counter(state, loaded().data.registry.models().size());
    memory_counters(state, peak);
}
BENCHMARK(antq_evaluate_csv)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

// Reading the folder: parsing the four files, building the registry and observation table,
// and the content hash, computed while the folder is read (all that load_dataset does).
void phase_read_csv(benchmark::State& state) {
    const auto& f = files();
    for (auto _ : state) {
        auto d = antq::detail::read_dataset_folder(f.folder);
        benchmark::DoNotOptimize(d);
    }
}
BENCHMARK(phase_read_csv)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();

// The dataset's content hash (SHA-256 over its canonical form) computed on its own, from a
// loaded dataset (load_dataset computes it while it reads).
void phase_content_hash(benchmark::State& state) {
    const auto& d = loaded().data;
    for (auto _ : state) {
        auto hash = antq::hash_dataset(d.registry, d.observations);
        benchmark::DoNotOptimize(hash);
    }
}
BENCHMARK(phase_content_hash)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

// Scores, tiers, quota and ranks on the loaded dataset.
void phase_evaluate(benchmark::State& state) {
    auto& w = loaded();
    antq::evaluate_options options;
    options.threads = static_cast<unsigned>(state.range(0));
    for (auto _ : state) {
        auto results = antq::evaluate(w.data, w.rules, "2024", options);
        benchmark::DoNotOptimize(results.results()[0].columns().rank.data());
    }
    subjects_counter(state, w.data.registry.models().size());
}
BENCHMARK(phase_evaluate)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

// The results as the bench's command writes them (the columns alone, 72 MB for the
// national results), or as the shipped command does (`named`: beside them each subject's
// name and the labels of its status, tier, action and group, in Vietnamese; 190 MB), on
// the threads of the benchmark's argument.
antq::result_output_options csv_output(const benchmark::State& state, bool named) {
    antq::result_output_options output;
    output.threads = static_cast<unsigned>(state.range(0));
    if (named) {
        output.data = &loaded().data;
        output.label_columns = true;
    }
    return output;
}

// The CSV text of the results, in memory.
void write_csv_text(benchmark::State& state, bool named) {
    const auto& results = loaded().results.results();
    const auto output = csv_output(state, named);
    std::size_t bytes = 0;
    for (auto _ : state) {
        const std::string text = antq::format_results(results, antq::result_format::csv, output);
        bytes = text.size();
        benchmark::DoNotOptimize(text.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(bytes));
}

// The CSV text written to a file atomically (temporary file, fsync, rename).
void save_csv_file(benchmark::State& state, bool named) {
    const auto& f = files();
    const auto& results = loaded().results.results();
    const auto output = csv_output(state, named);
    for (auto _ : state) {
        antq::save_results(f.antq_output, results, antq::result_format::csv, output);
    }
}

void phase_write_csv(benchmark::State& state) {
    write_csv_text(state, false);
}
void phase_save_csv(benchmark::State& state) {
    save_csv_file(state, false);
}
void phase_write_named_csv(benchmark::State& state) {
    write_csv_text(state, true);
}
void phase_save_named_csv(benchmark::State& state) {
    save_csv_file(state, true);
}
BENCHMARK(phase_write_csv)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime();
BENCHMARK(phase_save_csv)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime();
BENCHMARK(phase_write_named_csv)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime();
BENCHMARK(phase_save_named_csv)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

// The same work by hand, with no antq code on its path.
void hand_written_csv_to_csv(benchmark::State& state) {
    const auto& f = files();
    const auto threads = static_cast<unsigned>(state.range(0));
    const comparison& compared = outputs_compared();
    std::size_t rows = 0;
    double peak = 0;
    for (auto _ : state) {
        const bench::heap_meter meter;
        rows = hand_written_program(f.folder, threads, f.hand_output);
        peak = std::max(peak, meter.peak_mb());
    }
    subjects_counter(state, rows);
    memory_counters(state, peak);
    state.counters["identical"] = compared.identical ? 1 : 0;
    state.counters["differing_lines"] = static_cast<double>(compared.differing_lines);
}
BENCHMARK(hand_written_csv_to_csv)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

}  // namespace

BENCHMARK_MAIN();
