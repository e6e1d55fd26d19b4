#pragma once

// The national workload shared by the evaluation and end-to-end benchmarks: the rulebook
// (11 criteria, one veto, a bonus, a penalty, indicators excluded when missing, three tiers
// with a quota per commune, ranking within communes) and the hand-written loop computing
// the same scores, tiers and ranks without antq's pipeline, the practical limit antq is
// measured against. The per-row scoring and the ranking within groups are split out so a
// hand-written program reading its own plain arrays computes exactly the same numbers.

#include "antq/synthetic.hpp"

#include <antq/dataset.hpp>
#include <antq/result.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace national {

inline constexpr std::string_view national_rules = R"~(antq: 1
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

/// The 15 indicators of the rulebook, in the synthetic dataset's column order.
inline const std::vector<std::string>& indicator_names() {
    static const std::vector<std::string> names = antq::detail::synthetic_indicator_names(15);
    return names;
}

/// Days a model must run within the period (2023-11-16..2024-11-15) to be eligible.
inline constexpr int eligibility_days = 90;

struct hand_results {
    std::vector<std::uint8_t> evaluated;
    std::vector<double> score;
    std::vector<std::int32_t> tier;
    std::vector<std::uint32_t> rank;
};

inline double ratio(double a, double b) {
    return b == 0 ? 1.0 : std::clamp(a / b, 0.0, 1.0);
}
inline double zero_if_missing(double v) {
    return std::isnan(v) ? 0.0 : v;
}

inline double round_two(double x) {
    const double scaled = std::abs(x * 100);
    const double whole = std::floor(scaled);
    const double kept = std::abs(scaled - whole - 0.5) < 1e-7 ? whole + 1 : std::round(scaled);
    return std::copysign(kept, x) / 100;
}

/// The indicator columns, as `indicator_names()` orders them (NaN is missing).
struct indicator_columns {
    const double* column[15];
};

/// The score and tier (before the quota) of observation row `i`; false when a required
/// indicator (crimes, crimes_detected) is missing.
inline bool score_row(const indicator_columns& columns, std::size_t i, double& score_out,
                      std::int32_t& tier_out) {
    const double* const* c = columns.column;
    const double crimes = c[0][i];
    const double detected = c[1][i];
    if (std::isnan(crimes) || std::isnan(detected)) {
        return false;
    }
    const double serious = c[2][i];
    const double reports = c[3][i];
    const double disputes = c[4][i];
    const double mediated = c[5][i];
    const double patrols = c[6][i];
    const double legal = c[7][i];
    const double weapons = c[8][i];
    const double drugs = c[9][i];
    const double households = c[10][i];
    const double signed_up = c[11][i];
    const double residents = c[12][i];
    const double participating = c[13][i];
    const double incidents = c[14][i];
    const bool households_known = !std::isnan(households) && !std::isnan(signed_up);
    const bool drugs_known = !std::isnan(drugs);
    const double points[11] = {
        0,
        20 * ratio(detected, crimes),
        10 * ratio(zero_if_missing(reports), 12),
        15 * ratio(zero_if_missing(mediated), zero_if_missing(disputes)),
        15 * ratio(zero_if_missing(patrols), 48),
        10 * ratio(zero_if_missing(legal), 12),
        households_known ? 10 * ratio(signed_up, households) : 0,
        10 * ratio(zero_if_missing(participating), zero_if_missing(residents)),
        drugs_known ? 10 * std::clamp(1 - std::min(drugs, 10.0) / 10, 0.0, 1.0) : 0,
        5 * ratio(zero_if_missing(weapons), 5),
        -5 * (std::min(zero_if_missing(incidents), 5.0) / 5),
    };
    const double assessed = 100 - (households_known ? 0 : 10) - (drugs_known ? 0 : 10);
    const double factor = 100 / assessed;
    double score = 0;
    for (std::size_t k = 0; k < 11; ++k) {
        const bool scored = k >= 1 && k <= 8;
        score += scored && factor != 1.0 ? points[k] * factor : points[k];
    }
    score = round_two(score);
    score_out = score;
    const bool vetoed = zero_if_missing(serious) != 0;
    tier_out = vetoed ? 2 : score >= 80 ? 0 : score >= 50 ? 1 : 2;
    return true;
}

inline indicator_columns columns_of(const antq::observation_table& obs) {
    indicator_columns out{};
    for (std::size_t k = 0; k < 15; ++k) {
        out.column[k] = obs.columns()[*obs.find_column(indicator_names()[k])].numbers.data();
    }
    return out;
}

/// Scores and tiers of models [begin, end).
inline void score_models(const antq::dataset& d, const std::vector<std::int64_t>& row_of,
                         std::size_t begin, std::size_t end, hand_results& out) {
    const indicator_columns columns = columns_of(d.observations);
    const antq::date first(2023, 11, 16);
    const antq::date last(2024, 11, 15);
    for (std::size_t m = begin; m < end; ++m) {
        const auto& model = d.registry.models()[m];
        out.evaluated[m] = 0;
        out.tier[m] = -1;
        const antq::date start = model.established ? std::max(*model.established, first) : first;
        const antq::date stop = model.ended ? std::min(*model.ended, last) : last;
        if (stop < start || (stop - start).days() + 1 < eligibility_days) {
            continue;
        }
        const std::int64_t r = row_of[m];
        if (r < 0 || !score_row(columns, static_cast<std::size_t>(r), out.score[m], out.tier[m])) {
            continue;
        }
        out.evaluated[m] = 1;
    }
}

/// The quota (30% of each group's evaluated models may be effective; the rest drop to
/// average) and the ranks (competition ranking by score, ties broken by id for the order)
/// within groups; `group[m]` is below `group_count`, `id_of(m)` the model's id.
template <class IdOf>
void rank_within_groups(const std::vector<std::uint32_t>& group, std::size_t group_count,
                        IdOf id_of, hand_results& out) {
    const std::size_t n = group.size();
    std::vector<std::uint32_t> count(group_count + 1, 0);
    for (std::size_t m = 0; m < n; ++m) {
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
        return id_of(a) < id_of(b);
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
}

inline hand_results hand_loop(const antq::dataset& d, unsigned threads) {
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
    hand_results out{std::vector<std::uint8_t>(n), std::vector<double>(n),
                     std::vector<std::int32_t>(n), std::vector<std::uint32_t>(n, 0)};
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) {
        pool.emplace_back(
            [&, t] { score_models(d, row_of, n * t / threads, n * (t + 1) / threads, out); });
    }
    score_models(d, row_of, 0, n / threads, out);
    for (auto& t : pool) {
        t.join();
    }
    // Groups: the commune at or above each model's host unit (looked up once per unit).
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
    rank_within_groups(
        group, reg.units().size() + 1,
        [&](std::uint32_t m) -> const std::string& { return reg.models()[m].id; }, out);
    return out;
}

inline std::size_t mismatches(const hand_results& hand, const antq::rulebook_results& r) {
    const auto& c = r.columns();
    std::size_t wrong = 0;
    for (std::size_t m = 0; m < r.size(); ++m) {
        const bool evaluated = c.status[m] == antq::result_status::evaluated;
        const bool same = evaluated == (hand.evaluated[m] != 0) &&
                          (!evaluated || (c.score[m] == hand.score[m] &&
                                          c.tier[m] == hand.tier[m] && c.rank[m] == hand.rank[m]));
        wrong += same ? 0 : 1;
    }
    return wrong;
}

}  // namespace national
