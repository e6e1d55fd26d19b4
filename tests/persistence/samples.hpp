#pragma once

// Small values for the persistence tests and the golden archives of format version 1
// (tests/data/archives/v1/). The golden test checks what it loads against literals, not
// against these functions, so changing them cannot hide a broken old archive; but the
// goldens were generated from them, so change them only together with a new golden set.

#include <antq/dataset.hpp>
#include <antq/evaluate.hpp>
#include <antq/result.hpp>
#include <antq/snapshot.hpp>

#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

namespace antq::test_support {

inline constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();

/// A province, a commune, two villages; two models (one copied from the other and ended),
/// two exemplars; observations of both models in two periods, with a missing number, an
/// infinity and a text column with a missing cell.
inline dataset sample_dataset() {
    std::vector<unit> units = {
        {"p1", "province", "Tỉnh Quảng Trị", ""},
        {"c1", "commune", "Xã Quảng Trung", "p1"},
        {"v1", "village", "Thôn Công Hòa", "c1"},
        {"v2", "village", "Thôn Vĩnh Lộc", "c1"},
    };
    std::vector<model> models = {
        {"m1", "Tổ tự quản an ninh trật tự", "tự phòng, tự quản, tự bảo vệ, tự hòa giải", "ma-tuy",
         "thanh-nien", "v1", date(2021, 3, 1), std::nullopt, ""},
        {"m2", "Tổ tự quản <Vĩnh Lộc> & \"bến đò\"", "tự phòng, tự quản, tự bảo vệ, tự hòa giải",
         "giao-thong-thuy", "", "v2", date(2022, 5, 15), date(2024, 6, 30), "m1"},
    };
    std::vector<exemplar> exemplars = {
        {"e1", "Nguyễn Văn An", exemplar_kind::individual, "v1", date(2023, 11, 20)},
        {"e2", "Tổ tuần tra thôn Công Hòa", exemplar_kind::collective, "c1", std::nullopt},
    };
    observation_column crimes;
    crimes.name = "crimes";
    crimes.type = observation_column::kind::number;
    crimes.numbers = {3, nan_value, 0.1, std::numeric_limits<double>::infinity()};
    observation_column note;
    note.name = "note";
    note.type = observation_column::kind::text;
    note.texts = {"tốt", "", "  có khoảng trắng  ", "dòng 1\ndòng 2"};
    note.present = {1, 0, 1, 1};
    dataset d;
    d.registry = registry::build(std::move(units), std::move(models), std::move(exemplars));
    d.observations = observation_table({"m1", "m2"}, {"2023", "2024"}, {0, 0, 1, 1}, {0, 1, 0, 1},
                                       {crimes, note});
    d.content_hash = "5f1d0c7e2b9a4d8e6c3b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d";
    return d;
}

/// Results of one rulebook for three models: evaluated, evaluated and compared with an
/// earlier period, not eligible (NaN score); two criteria; three tiers.
inline rulebook_results sample_results() {
    results_header h;
    h.rulebook = "model-effectiveness";
    h.title = "Đánh giá hiệu quả mô hình";
    h.subject = subject_kind::model;
    h.version = "2022.1";
    h.version_basis = "Thông tư 124/2021/TT-BCA";
    h.period_text = "2024";
    h.period_first = date(2023, 11, 16);
    h.period_last = date(2024, 11, 15);
    h.rounding_digits = 2;
    h.criteria = {
        {"no_serious_crime", "Không để xảy ra tội phạm đặc biệt nghiêm trọng", "", "",
         criterion_kind::veto, 0},
        {"detection", "Tỷ lệ điều tra khám phá", "Tiêu chuẩn 2", "Điều 5, khoản 2",
         criterion_kind::scored, 20},
    };
    h.tiers = {
        {"effective", "Hoạt động hiệu quả", "replicate", "score >= 80", 80.0, false, {0}, true},
        {"average", "Trung bình", "improve", "score > 50", 50.0, true, {}, false},
        {"poor", "Kém hiệu quả", "dissolve", "", std::nullopt, false, {}, false},
    };
    h.fingerprint = "a3c1e5f7092b4d6f8a0c2e4f6a8b0d2f4a6c8e0f2b4d6f8a0c2e4f6a8b0d2f4a";
    h.previous_period_text = "2023";

    results_columns c;
    for (const char* id : {"m1", "m2", "m3"}) {
        c.subject.push_back(id);
    }
    c.subject_index = {0, 1, 2};
    c.status = {result_status::evaluated, result_status::evaluated, result_status::not_eligible};
    c.message.push_back("");
    c.message.push_back("");
    c.message.push_back("hoạt động 90 ngày trong kỳ, cần ít nhất 180");
    c.score = {85.25, 40, nan_value};
    c.max_score = {100, 100, nan_value};
    c.tier = {0, 2, no_tier};
    c.qualified_tier = {0, 1, no_tier};
    c.group = {0, 0, 1};
    c.group_names = {"c1", "(không thuộc xã nào)"};
    c.rank = {1, 2, no_rank};
    // Column-major: criterion 0 for rows 0..2, then criterion 1.
    c.criterion_value = {1, 0, nan_value, 0.7625, 0.25, nan_value};
    c.criterion_points = {0, 0, nan_value, 15.25, 5, nan_value};
    c.criterion_passed = {1, 0, 0, 1, 1, 0};
    c.criterion_assessed = {1, 1, 0, 1, 1, 0};
    c.previous_tier = {1, no_tier, 0};
    c.previous_tier_ids = {"effective", "average", "poor"};
    c.previous_rank = {3, no_rank, 1};
    return rulebook_results(std::move(h), std::move(c));
}

/// A rulebook source with two versions.
inline constexpr const char* sample_rulebook_text = R"(antq: 1
id: safe-village
title: "Thôn an toàn về an ninh, trật tự"
subject: unit
applies_to: 'kind == "village"'
period: {year_starts: "11-01"}
versions:
  - version: "2021.1"
    effective: 2021-11-01
    basis: "Thông tư 124/2021/TT-BCA"
    indicators:
      crimes: {type: count, missing: zero, title: "Số vụ phạm tội"}
    criteria:
      - id: few_crimes
        title: "Ít tội phạm"
        kind: scored
        points: 100
        score: "crimes <= 2 ? 1 : 0"
    tiers:
      - id: dat
        label: "Đạt"
        when: "score >= 50"
        action: replicate
      - id: chua_dat
        label: "Chưa đạt"
        action: improve
  - version: "2025.1"
    effective: 2025-07-01
    basis: "Thông tư 124/2021/TT-BCA, sửa đổi 2025"
    indicators:
      crimes: {type: count, missing: zero, title: "Số vụ phạm tội"}
    criteria:
      - id: few_crimes
        title: "Ít tội phạm"
        kind: scored
        points: 100
        score: "crimes <= 1 ? 1 : 0"
    tiers:
      - id: dat
        label: "Đạt"
        when: "score >= 50"
        action: replicate
      - id: chua_dat
        label: "Chưa đạt"
        action: improve
)";

inline snapshot sample_snapshot() {
    std::vector<rulebook_results> results;
    results.push_back(sample_results());
    evaluation e(std::move(results),
                 {"0b8e1f2a3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7"},
                 "5f1d0c7e2b9a4d8e6c3b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d", "0.1.0");
    return snapshot{std::move(e), date(2024, 12, 14)};
}

/// The sample snapshot with two decisions on its results (class version 2 of
/// `results_columns`): m1's "effective" proposal confirmed, m2's "poor" proposal decided
/// "average" (an override).
inline snapshot sample_snapshot_with_decisions() {
    snapshot s = sample_snapshot();
    rulebook_results r = s.evaluation.results()[0];
    decision confirmed;
    confirmed.subject = "m1";
    confirmed.rulebook = "model-effectiveness";
    confirmed.period = "2024";
    confirmed.proposed_tier = "effective";
    confirmed.number = "12/QĐ-UBND";
    confirmed.decided_on = date(2024, 12, 20);
    confirmed.body = "UBND xã Quảng Trung";
    decision overridden = confirmed;
    overridden.subject = "m2";
    overridden.proposed_tier = "poor";
    overridden.decided_tier = "average";
    overridden.reason = "Mô hình mới kiện toàn ban điều hành, cho thêm một kỳ";
    overridden.number = "13/QĐ-UBND";
    overridden.signer = "Chủ tịch Lê Quang Hải";
    r.set_decisions({{0, confirmed, false}, {1, overridden, false}});
    std::vector<rulebook_results> results;
    results.push_back(std::move(r));
    const auto hashes = s.evaluation.rulebook_hashes();
    evaluation e(std::move(results), std::vector<std::string>(hashes.begin(), hashes.end()),
                 s.evaluation.dataset_hash(), s.evaluation.library_version());
    return snapshot{std::move(e), s.created};
}

}  // namespace antq::test_support
