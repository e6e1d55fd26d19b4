// The national workload: 1,000,000 models in 3,321 communes with 15 indicators, a rulebook
// of 11 criteria (one veto, a bonus, a penalty, indicators excluded when missing), three
// tiers with a quota per commune, ranking within communes. The whole pipeline (from loaded
// columns to results) against a hand-written C++ loop computing the same scores, tiers and
// ranks in the same binary, each with 1 and 2 threads. The loop's results are checked
// against the pipeline's once, before timing (counter `mismatches`, expected 0).

#include "antq/synthetic.hpp"

#include <antq/evaluate.hpp>
#include <antq/rulebook_loader.hpp>
#include <antq/rulebook_set.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

namespace {

constexpr std::string_view national_rules = R"~(antq: 1
id: national
title: "Đánh giá mô hình toàn quốc"
subject: model
period: {year_starts: "11-16"}
versions:
  - version: "1"
    effective: 2015-01-01
    eligibility: {min_active_days: 90}
    indicators:
      crimes: {type: count}
      crimes_detected: {type: count}
      serious_crimes: {type: count, missing: zero}
      reports: {type: count, missing: zero}
      disputes: {type: count, missing: zero}
      disputes_mediated: {type: count, missing: zero}
      patrols: {type: count, missing: zero}
      legal_sessions: {type: count, missing: zero}
      weapons_recovered: {type: count, missing: zero}
      drug_users: {type: count, missing: exclude}
      households: {type: count, missing: exclude}
      households_signed: {type: count, missing: exclude}
      residents: {type: count, missing: zero}
      residents_participating: {type: count, missing: zero}
      incidents: {type: count, missing: zero}
    criteria:
      - {id: no_serious, title: "Không có tội phạm nghiêm trọng", kind: veto, when: "serious_crimes == 0"}
      - {id: detection, title: "Điều tra khám phá", kind: scored, points: 20, score: "ratio(crimes_detected, crimes)"}
      - {id: reports, title: "Tin báo", kind: scored, points: 10, score: "ratio(reports, 12)"}
      - {id: mediation, title: "Hòa giải", kind: scored, points: 15, score: "ratio(disputes_mediated, disputes)"}
      - {id: patrols, title: "Tuần tra", kind: scored, points: 15, score: "ratio(patrols, 48)"}
      - {id: legal, title: "Tuyên truyền", kind: scored, points: 10, score: "ratio(legal_sessions, 12)"}
      - {id: participation, title: "Hộ tham gia", kind: scored, points: 10, score: "ratio(households_signed, households)"}
      - {id: residents, title: "Người dân tham gia", kind: scored, points: 10, score: "ratio(residents_participating, residents)"}
      - {id: drugs, title: "Ma túy", kind: scored, points: 10, score: "1 - min(drug_users, 10) / 10"}
      - {id: weapons, title: "Thu hồi vũ khí", kind: bonus, points: 5, score: "ratio(weapons_recovered, 5)"}
      - {id: incidents, title: "Vụ việc", kind: penalty, points: 5, score: "min(incidents, 5) / 5"}
    tiers:
      - {id: effective, label: "Hiệu quả", when: "score >= 80", quota: {max_share: 0.3, within: commune}, action: replicate}
      - {id: average, label: "Trung bình", when: "score >= 50", action: improve}
      - {id: poor, label: "Kém", action: dissolve}
    ranking: {within: commune}
)~";

struct workload {
    antq::dataset data;
    antq::rulebook_set rules;

    workload() {
        antq::detail::synthetic_options options;  // 34 provinces, 3,321 communes, 1,000,000 models
        data = antq::detail::generate_synthetic_dataset(options);
        rules = antq::rulebook_set::from({antq::parse_rulebook(national_rules, "national.yaml")});
    }
};

workload& national() {
    static workload instance;
    return instance;
}

// ---- The hand-written loop ------------------------------------------------------------------

struct hand_results {
    std::vector<std::uint8_t> evaluated;
    std::vector<double> score;
    std::vector<std::int32_t> tier;
    std::vector<std::uint32_t> rank;
};

double ratio(double a, double b) { return b == 0 ? 1.0 : std::clamp(a / b, 0.0, 1.0); }
double zero_if_missing(double v) { return std::isnan(v) ? 0.0 : v; }

double round_two(double x) {
    const double scaled = std::abs(x * 100);
    const double whole = std::floor(scaled);
    const double kept = std::abs(scaled - whole - 0.5) < 1e-7 ? whole + 1 : std::round(scaled);
    return std::copysign(kept, x) / 100;
}

/// Scores and tiers of models [begin, end).
void score_models(const antq::dataset& d, const std::vector<std::int64_t>& row_of,
                  std::size_t begin, std::size_t end, hand_results& out) {
    const auto& obs = d.observations;
    const auto column = [&](std::string_view name) { return obs.columns()[*obs.find_column(name)].numbers.data(); };
    const double* crimes = column("crimes");
    const double* detected = column("crimes_detected");
    const double* serious = column("serious_crimes");
    const double* reports = column("reports");
    const double* disputes = column("disputes");
    const double* mediated = column("disputes_mediated");
    const double* patrols = column("patrols");
    const double* legal = column("legal_sessions");
    const double* weapons = column("weapons_recovered");
    const double* drugs = column("drug_users");
    const double* households = column("households");
    const double* signed_up = column("households_signed");
    const double* residents = column("residents");
    const double* participating = column("residents_participating");
    const double* incidents = column("incidents");
    const antq::date first(2023, 11, 16);
    const antq::date last(2024, 11, 15);
    for (std::size_t m = begin; m < end; ++m) {
        const auto& model = d.registry.models()[m];
        out.evaluated[m] = 0;
        out.tier[m] = -1;
        const antq::date start = model.established ? std::max(*model.established, first) : first;
        const antq::date stop = model.ended ? std::min(*model.ended, last) : last;
        if (stop < start || (stop - start).days() + 1 < 90) {
            continue;
        }
        const std::int64_t r = row_of[m];
        if (r < 0 || std::isnan(crimes[r]) || std::isnan(detected[r])) {
            continue;
        }
        const auto i = static_cast<std::size_t>(r);
        const bool households_known = !std::isnan(households[i]) && !std::isnan(signed_up[i]);
        const bool drugs_known = !std::isnan(drugs[i]);
        const double c[11] = {
            0,
            20 * ratio(detected[i], crimes[i]),
            10 * ratio(zero_if_missing(reports[i]), 12),
            15 * ratio(zero_if_missing(mediated[i]), zero_if_missing(disputes[i])),
            15 * ratio(zero_if_missing(patrols[i]), 48),
            10 * ratio(zero_if_missing(legal[i]), 12),
            households_known ? 10 * ratio(signed_up[i], households[i]) : 0,
            10 * ratio(zero_if_missing(participating[i]), zero_if_missing(residents[i])),
            drugs_known ? 10 * std::clamp(1 - std::min(drugs[i], 10.0) / 10, 0.0, 1.0) : 0,
            5 * ratio(zero_if_missing(weapons[i]), 5),
            -5 * (std::min(zero_if_missing(incidents[i]), 5.0) / 5),
        };
        const double assessed = 100 - (households_known ? 0 : 10) - (drugs_known ? 0 : 10);
        const double factor = 100 / assessed;
        double score = 0;
        for (std::size_t k = 0; k < 11; ++k) {
            const bool scored = k >= 1 && k <= 8;
            score += scored && factor != 1.0 ? c[k] * factor : c[k];
        }
        score = round_two(score);
        out.evaluated[m] = 1;
        out.score[m] = score;
        const bool vetoed = zero_if_missing(serious[i]) != 0;
        out.tier[m] = vetoed ? 2 : score >= 80 ? 0 : score >= 50 ? 1 : 2;
    }
}

hand_results hand_loop(const antq::dataset& d, unsigned threads) {
    const auto& reg = d.registry;
    const auto& obs = d.observations;
    const std::size_t n = reg.models().size();
    // The row of each model in 2024: one lookup per observation subject.
    std::vector<std::int64_t> row_of(n, -1);
    const auto label = obs.find_period_label("2024");
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
    hand_results out{std::vector<std::uint8_t>(n), std::vector<double>(n), std::vector<std::int32_t>(n),
                     std::vector<std::uint32_t>(n, 0)};
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) {
        pool.emplace_back([&, t] { score_models(d, row_of, n * t / threads, n * (t + 1) / threads, out); });
    }
    score_models(d, row_of, 0, n / threads, out);
    for (auto& t : pool) {
        t.join();
    }
    // Groups: the commune at or above each model's host unit (looked up once per unit).
    std::vector<std::uint32_t> commune_of(reg.units().size(), 0xFFFFFFFFU);
    const auto none = static_cast<std::uint32_t>(reg.units().size());
    std::vector<std::uint32_t> group(n);
    std::vector<std::uint32_t> count(reg.units().size() + 2, 0);
    for (std::size_t m = 0; m < n; ++m) {
        const auto u = reg.unit_of_model(static_cast<antq::index_t>(m));
        if (commune_of[u] == 0xFFFFFFFFU) {
            const auto c = reg.ancestor_of_kind(u, "commune");
            commune_of[u] = c ? *c : none;
        }
        group[m] = commune_of[u];
        if (out.evaluated[m] != 0) {
            ++count[group[m] + 1];
        }
    }
    for (std::size_t g = 1; g < count.size(); ++g) {
        count[g] += count[g - 1];
    }
    std::vector<std::uint32_t> members(count.back());
    std::vector<std::uint32_t> next(count.begin(), count.end() - 1);
    for (std::size_t m = 0; m < n; ++m) {
        if (out.evaluated[m] != 0) {
            members[next[group[m]]++] = static_cast<std::uint32_t>(m);
        }
    }
    const auto better = [&](std::uint32_t a, std::uint32_t b) {
        if (out.score[a] != out.score[b]) {
            return out.score[a] > out.score[b];
        }
        return reg.models()[a].id < reg.models()[b].id;
    };
    for (std::size_t g = 0; g + 1 < count.size(); ++g) {
        const auto first = members.begin() + count[g];
        const auto last = members.begin() + count[g + 1];
        std::sort(first, last, better);
        const std::size_t allowed = static_cast<std::size_t>(last - first) * 3 / 10;
        std::size_t kept = 0;
        for (auto it = first; it != last; ++it) {
            if (out.tier[*it] == 0 && kept++ >= allowed) {
                out.tier[*it] = 1;
            }
            const bool tie = it != first && out.score[*it] == out.score[*(it - 1)];
            out.rank[*it] = tie ? out.rank[*(it - 1)] : static_cast<std::uint32_t>(it - first + 1);
        }
    }
    return out;
}

std::size_t mismatches(const hand_results& hand, const antq::rulebook_results& r) {
    const auto& c = r.columns();
    std::size_t wrong = 0;
    for (std::size_t m = 0; m < r.size(); ++m) {
        const bool evaluated = c.status[m] == antq::result_status::evaluated;
        const bool same = evaluated == (hand.evaluated[m] != 0) &&
                          (!evaluated || (c.score[m] == hand.score[m] && c.tier[m] == hand.tier[m] &&
                                          c.rank[m] == hand.rank[m]));
        wrong += same ? 0 : 1;
    }
    return wrong;
}

// ---- Benchmarks ------------------------------------------------------------------------------

void pipeline(benchmark::State& state) {
    auto& w = national();
    antq::evaluate_options options;
    options.threads = static_cast<unsigned>(state.range(0));
    std::optional<antq::evaluation> last;
    for (auto _ : state) {
        last = antq::evaluate(w.data, w.rules, "2024", options);
        benchmark::DoNotOptimize(last->results()[0].columns().rank.data());
    }
    const auto& r = last->results()[0];
    state.counters["subjects"] = static_cast<double>(r.size());
    state.counters["subjects_per_second"] =
        benchmark::Counter(static_cast<double>(r.size()), benchmark::Counter::kIsIterationInvariantRate);
    state.counters["mismatches"] = static_cast<double>(mismatches(hand_loop(w.data, 1), r));
}

void hand_written(benchmark::State& state) {
    auto& w = national();
    const auto threads = static_cast<unsigned>(state.range(0));
    for (auto _ : state) {
        auto out = hand_loop(w.data, threads);
        benchmark::DoNotOptimize(out.rank.data());
    }
    state.counters["subjects_per_second"] = benchmark::Counter(
        static_cast<double>(w.data.registry.models().size()), benchmark::Counter::kIsIterationInvariantRate);
}

BENCHMARK(pipeline)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);
BENCHMARK(hand_written)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

}  // namespace

BENCHMARK_MAIN();
