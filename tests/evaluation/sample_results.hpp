#pragma once

// A small results table built by hand, the shape the pipeline produces, for tests of
// results, exports and explanations that must not depend on the pipeline.

#include <antq/result.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace antq::test_support {

inline constexpr double not_assessed = std::numeric_limits<double>::quiet_NaN();

/// One subject of the sample: criterion points in the order of `sample_header().criteria`
/// (NaN = not assessed), and the veto and requirement outcomes.
struct sample_subject {
    std::string id;
    result_status status = result_status::evaluated;
    std::string message;
    double score = 0;
    std::int32_t tier = no_tier;
    std::int32_t qualified_tier = no_tier;
    std::uint32_t group = 0;
    std::uint32_t rank = no_rank;
    std::vector<double> points;  ///< detection, patrols, reports, violations
    bool veto_passed = true;
    bool pledge_passed = true;
};

inline results_header sample_header() {
    results_header h;
    h.rulebook = "model-effectiveness";
    h.title = "Đánh giá hiệu quả mô hình";
    h.subject = subject_kind::model;
    h.version = "2022.1";
    h.version_basis = "Hướng dẫn 22/HD-BCA-V05";
    h.period_text = "2024";
    h.period_first = date(2023, 11, 16);
    h.period_last = date(2024, 11, 15);
    h.rounding_digits = 2;
    h.criteria = {
        {"no_serious_crime", "Không để xảy ra tội phạm đặc biệt nghiêm trọng", "", "",
         criterion_kind::veto, 0},
        {"detection", "Tỷ lệ điều tra khám phá", "Tiêu chuẩn 2", "Điều 5, khoản 2",
         criterion_kind::scored, 40},
        {"patrols", "Tuần tra", "", "", criterion_kind::scored, 30},
        {"reports", "Tố giác tội phạm", "", "", criterion_kind::scored, 30},
        {"violations", "Vi phạm", "", "", criterion_kind::penalty, 10},
        {"pledge", "Ký cam kết", "", "", criterion_kind::required, 0},
    };
    h.tiers = {
        {"effective", "Hoạt động hiệu quả", "replicate", "score >= 80", 80.0, false, {5}, true},
        {"average", "Trung bình", "improve", "score >= 50", 50.0, false, {}, false},
        {"poor", "Kém hiệu quả", "dissolve", "", std::nullopt, false, {}, false},
    };
    h.fingerprint = std::string(64, '0');
    return h;
}

inline std::vector<sample_subject> sample_subjects() {
    using s = result_status;
    return {
        {"m1", s::evaluated, "", 72.5, 1, 1, 0, 2, {30, 30, 12.5, 0}},
        {"m2", s::evaluated, "", 85, 1, 1, 0, 1, {40, 30, 15, 0}, true, false},
        {"m3", s::evaluated, "", 90, 2, 2, 1, 1, {40, 30, 20, 0}, false, true},
        {"m4", s::evaluated, "", 82, 1, 0, 1, 2, {40, 30, 12, 0}},
        {"m5",
         s::not_eligible,
         "hoạt động 90 ngày trong kỳ, cần ít nhất 180",
         NAN,
         no_tier,
         no_tier,
         0,
         no_rank,
         {}},
        {"m6",
         s::error,
         "thiếu chỉ tiêu 'crimes' của m6 trong kỳ 2024",
         NAN,
         no_tier,
         no_tier,
         1,
         no_rank,
         {}},
        {"m7", s::evaluated, "", 40, 2, 2, 0, 3, {10, 20, 10, 0}},
        {"m8", s::evaluated, "", 40, 2, 2, 1, 3, {not_assessed, 22, 22, -4}},
        {"m9", s::evaluated, "", 10, 2, 2, 1, 5, {not_assessed, 10, not_assessed, 0}},
    };
}

inline results_columns sample_columns(
    const std::vector<sample_subject>& subjects = sample_subjects()) {
    const std::size_t n = subjects.size();
    const std::size_t criteria = sample_header().criteria.size();
    results_columns c;
    c.group_names = {"c1", "c2"};
    c.criterion_value.assign(criteria * n, not_assessed);
    c.criterion_points.assign(criteria * n, not_assessed);
    c.criterion_passed.assign(criteria * n, 0);
    c.criterion_assessed.assign(criteria * n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        const auto& s = subjects[i];
        c.subject.push_back(s.id);
        c.subject_index.push_back(static_cast<std::uint32_t>(i));
        c.status.push_back(s.status);
        c.message.push_back(s.message);
        const bool evaluated = s.status == result_status::evaluated;
        c.score.push_back(evaluated ? s.score : not_assessed);
        c.max_score.push_back(evaluated ? 100.0 : not_assessed);
        c.tier.push_back(s.tier);
        c.qualified_tier.push_back(s.qualified_tier);
        c.group.push_back(s.group);
        c.rank.push_back(s.rank);
        if (!evaluated) {
            continue;
        }
        const auto set = [&](std::size_t criterion, double value, double points, bool passed) {
            const std::size_t cell = criterion * n + i;
            c.criterion_value[cell] = value;
            c.criterion_points[cell] = points;
            c.criterion_passed[cell] = passed ? 1 : 0;
            c.criterion_assessed[cell] = 1;
        };
        set(0, s.veto_passed ? 1 : 0, 0, s.veto_passed);
        for (std::size_t k = 0; k < 4; ++k) {
            const double p = s.points[k];
            if (!std::isnan(p)) {
                set(k + 1, p, p, k == 3 ? p == 0 : p > 0);
            }
        }
        set(5, s.pledge_passed ? 1 : 0, 0, s.pledge_passed);
    }
    return c;
}

inline rulebook_results sample_results() {
    return {sample_header(), sample_columns()};
}

/// The sample's rulebook with other subjects, for another period.
inline rulebook_results sample_results(const std::vector<sample_subject>& subjects,
                                       std::string period) {
    results_header h = sample_header();
    h.period_text = std::move(period);
    return {std::move(h), sample_columns(subjects)};
}

}  // namespace antq::test_support
