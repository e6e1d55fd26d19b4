#pragma once

// What the samples of samples.hpp hold, written out as literals: the checks a loaded value
// (fresh, or from a golden archive made years ago) must pass field by field.

#include <antq/dataset.hpp>
#include <antq/evaluate.hpp>
#include <antq/result.hpp>
#include <antq/snapshot.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

namespace antq::test_support {

inline void expect_sample_dataset(const dataset& d) {
    const auto units = d.registry.units();
    ASSERT_EQ(units.size(), 4U);
    EXPECT_EQ(units[0], (unit{"p1", "province", "Tỉnh Quảng Trị", ""}));
    EXPECT_EQ(units[1], (unit{"c1", "commune", "Xã Quảng Trung", "p1"}));
    EXPECT_EQ(units[2], (unit{"v1", "village", "Thôn Công Hòa", "c1"}));
    EXPECT_EQ(units[3], (unit{"v2", "village", "Thôn Vĩnh Lộc", "c1"}));
    EXPECT_EQ(d.registry.descendants(0).size(), 3U);  // the tree is rebuilt

    const auto models = d.registry.models();
    ASSERT_EQ(models.size(), 2U);
    EXPECT_EQ(models[0].id, "m1");
    EXPECT_EQ(models[0].name, "Tổ tự quản an ninh trật tự");
    EXPECT_EQ(models[0].type, "tự phòng, tự quản, tự bảo vệ, tự hòa giải");
    EXPECT_EQ(models[0].topic, "ma-tuy");
    EXPECT_EQ(models[0].target_group, "thanh-nien");
    EXPECT_EQ(models[0].unit, "v1");
    EXPECT_EQ(models[0].established, date(2021, 3, 1));
    EXPECT_EQ(models[0].ended, std::nullopt);
    EXPECT_EQ(models[0].replicated_from, "");
    EXPECT_EQ(models[1].id, "m2");
    EXPECT_EQ(models[1].name, "Tổ tự quản <Vĩnh Lộc> & \"bến đò\"");
    EXPECT_EQ(models[1].topic, "giao-thong-thuy");
    EXPECT_EQ(models[1].target_group, "");
    EXPECT_EQ(models[1].unit, "v2");
    EXPECT_EQ(models[1].established, date(2022, 5, 15));
    EXPECT_EQ(models[1].ended, date(2024, 6, 30));
    EXPECT_EQ(models[1].replicated_from, "m1");

    const auto exemplars = d.registry.exemplars();
    ASSERT_EQ(exemplars.size(), 2U);
    EXPECT_EQ(exemplars[0], (exemplar{"e1", "Nguyễn Văn An", exemplar_kind::individual, "v1",
                                      date(2023, 11, 20)}));
    EXPECT_EQ(exemplars[1], (exemplar{"e2", "Tổ tuần tra thôn Công Hòa", exemplar_kind::collective,
                                      "c1", std::nullopt}));

    const auto& o = d.observations;
    ASSERT_EQ(o.row_count(), 4U);
    ASSERT_EQ(o.subject_ids().size(), 2U);
    EXPECT_EQ(o.subject_ids()[0], "m1");
    EXPECT_EQ(o.subject_ids()[1], "m2");
    ASSERT_EQ(o.period_labels().size(), 2U);
    EXPECT_EQ(o.period_labels()[0], "2023");
    EXPECT_EQ(o.period_labels()[1], "2024");
    EXPECT_EQ(std::vector<std::uint32_t>(o.row_subjects().begin(), o.row_subjects().end()),
              (std::vector<std::uint32_t>{0, 0, 1, 1}));
    EXPECT_EQ(std::vector<std::uint32_t>(o.row_periods().begin(), o.row_periods().end()),
              (std::vector<std::uint32_t>{0, 1, 0, 1}));
    ASSERT_EQ(o.columns().size(), 2U);
    const auto& crimes = o.columns()[0];
    EXPECT_EQ(crimes.name, "crimes");
    EXPECT_EQ(crimes.type, observation_column::kind::number);
    ASSERT_EQ(crimes.numbers.size(), 4U);
    EXPECT_EQ(crimes.numbers[0], 3.0);
    EXPECT_TRUE(std::isnan(crimes.numbers[1]));
    EXPECT_EQ(crimes.numbers[2], 0.1);  // exactly the double nearest 0.1, in every format
    EXPECT_EQ(crimes.numbers[3], std::numeric_limits<double>::infinity());
    const auto& note = o.columns()[1];
    EXPECT_EQ(note.name, "note");
    EXPECT_EQ(note.type, observation_column::kind::text);
    EXPECT_EQ(note.texts,
              (std::vector<std::string>{"tốt", "", "  có khoảng trắng  ", "dòng 1\ndòng 2"}));
    EXPECT_EQ(note.present, (std::vector<std::uint8_t>{1, 0, 1, 1}));
    EXPECT_EQ(o.find_row(1, 1), 3U);  // the index is rebuilt

    EXPECT_EQ(d.content_hash, "5f1d0c7e2b9a4d8e6c3b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d");
}

/// Both NaN, or equal.
inline bool same_number(double a, double b) {
    return (std::isnan(a) && std::isnan(b)) || a == b;
}

inline void expect_numbers(const std::vector<double>& actual, const std::vector<double>& expected) {
    ASSERT_EQ(actual.size(), expected.size());
    for (std::size_t i = 0; i < actual.size(); ++i) {
        EXPECT_TRUE(same_number(actual[i], expected[i]))
            << "at " << i << ": " << actual[i] << " instead of " << expected[i];
    }
}

inline void expect_sample_results(const rulebook_results& r) {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    const auto& h = r.header();
    EXPECT_EQ(h.rulebook, "model-effectiveness");
    EXPECT_EQ(h.title, "Đánh giá hiệu quả mô hình");
    EXPECT_EQ(h.subject, subject_kind::model);
    EXPECT_EQ(h.version, "2022.1");
    EXPECT_EQ(h.version_basis, "Thông tư 124/2021/TT-BCA");
    EXPECT_EQ(h.period_text, "2024");
    EXPECT_EQ(h.period_first, date(2023, 11, 16));
    EXPECT_EQ(h.period_last, date(2024, 11, 15));
    EXPECT_EQ(h.rounding_digits, 2);
    ASSERT_EQ(h.criteria.size(), 2U);
    EXPECT_EQ(h.criteria[0], (criterion_summary{"no_serious_crime",
                                                "Không để xảy ra tội phạm đặc biệt nghiêm trọng",
                                                "", "", criterion_kind::veto, 0}));
    EXPECT_EQ(h.criteria[1],
              (criterion_summary{"detection", "Tỷ lệ điều tra khám phá", "Tiêu chuẩn 2",
                                 "Điều 5, khoản 2", criterion_kind::scored, 20}));
    ASSERT_EQ(h.tiers.size(), 3U);
    EXPECT_EQ(h.tiers[0], (tier_summary{"effective",
                                        "Hoạt động hiệu quả",
                                        "replicate",
                                        "score >= 80",
                                        80.0,
                                        false,
                                        {0},
                                        true}));
    EXPECT_EQ(
        h.tiers[1],
        (tier_summary{"average", "Trung bình", "improve", "score > 50", 50.0, true, {}, false}));
    EXPECT_EQ(
        h.tiers[2],
        (tier_summary{"poor", "Kém hiệu quả", "dissolve", "", std::nullopt, false, {}, false}));
    EXPECT_EQ(h.fingerprint, "a3c1e5f7092b4d6f8a0c2e4f6a8b0d2f4a6c8e0f2b4d6f8a0c2e4f6a8b0d2f4a");
    EXPECT_EQ(h.previous_period_text, "2023");

    const auto& c = r.columns();
    ASSERT_EQ(r.size(), 3U);
    EXPECT_EQ(c.subject[0], "m1");
    EXPECT_EQ(c.subject[1], "m2");
    EXPECT_EQ(c.subject[2], "m3");
    EXPECT_EQ(c.subject_index, (std::vector<std::uint32_t>{0, 1, 2}));
    EXPECT_EQ(c.status,
              (std::vector<result_status>{result_status::evaluated, result_status::evaluated,
                                          result_status::not_eligible}));
    EXPECT_EQ(c.message[0], "");
    EXPECT_EQ(c.message[2], "hoạt động 90 ngày trong kỳ, cần ít nhất 180");
    expect_numbers(c.score, {85.25, 40, nan});
    expect_numbers(c.max_score, {100, 100, nan});
    EXPECT_EQ(c.tier, (std::vector<std::int32_t>{0, 2, no_tier}));
    EXPECT_EQ(c.qualified_tier, (std::vector<std::int32_t>{0, 1, no_tier}));
    EXPECT_EQ(c.group, (std::vector<std::uint32_t>{0, 0, 1}));
    EXPECT_EQ(c.group_names, (std::vector<std::string>{"c1", "(không thuộc xã nào)"}));
    EXPECT_EQ(c.rank, (std::vector<std::uint32_t>{1, 2, no_rank}));
    expect_numbers(c.criterion_value, {1, 0, nan, 0.7625, 0.25, nan});
    expect_numbers(c.criterion_points, {0, 0, nan, 15.25, 5, nan});
    EXPECT_EQ(c.criterion_passed, (std::vector<std::uint8_t>{1, 0, 0, 1, 1, 0}));
    EXPECT_EQ(c.criterion_assessed, (std::vector<std::uint8_t>{1, 1, 0, 1, 1, 0}));
    EXPECT_EQ(c.previous_tier, (std::vector<std::int32_t>{1, no_tier, 0}));
    EXPECT_EQ(c.previous_tier_ids, (std::vector<std::string>{"effective", "average", "poor"}));
    EXPECT_EQ(c.previous_rank, (std::vector<std::uint32_t>{3, no_rank, 1}));
    EXPECT_EQ(r.find("m2"), 1U);  // the lookup index is rebuilt
}

inline void expect_sample_snapshot(const snapshot& s) {
    const evaluation& e = s.evaluation;
    ASSERT_EQ(e.results().size(), 1U);
    expect_sample_results(e.results()[0]);
    const std::vector<std::string> hashes = {
        "0b8e1f2a3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7"};
    EXPECT_EQ(std::vector<std::string>(e.rulebook_hashes().begin(), e.rulebook_hashes().end()),
              hashes);
    EXPECT_EQ(e.dataset_hash(), "5f1d0c7e2b9a4d8e6c3b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d");
    EXPECT_EQ(e.library_version(), "0.1.0");
    EXPECT_EQ(e.fingerprint(), evaluation_fingerprint(hashes, e.dataset_hash(), "0.1.0"));
    EXPECT_EQ(s.created, date(2024, 12, 14));
}

/// The snapshot of `sample_snapshot_with_decisions`, field by field.
inline void expect_sample_snapshot_with_decisions(const snapshot& s) {
    ASSERT_EQ(s.evaluation.results().size(), 1U);
    const rulebook_results& r = s.evaluation.results()[0];
    ASSERT_TRUE(r.has_decisions());
    EXPECT_EQ(r.columns().decided_tier, (std::vector<std::int32_t>{0, 1, no_tier}));
    ASSERT_EQ(r.columns().decisions.size(), 2U);
    const auto& m1 = r.columns().decisions[0];
    EXPECT_EQ(m1.row, 0U);
    EXPECT_FALSE(m1.stale);
    EXPECT_TRUE(m1.decision.confirms());
    EXPECT_EQ(m1.decision.number, "12/QĐ-UBND");
    EXPECT_EQ(m1.decision.decided_on, date(2024, 12, 20));
    const auto& m2 = r.columns().decisions[1];
    EXPECT_EQ(m2.row, 1U);
    EXPECT_EQ(m2.decision.subject, "m2");
    EXPECT_EQ(m2.decision.rulebook, "model-effectiveness");
    EXPECT_EQ(m2.decision.period, "2024");
    EXPECT_EQ(m2.decision.proposed_tier, "poor");
    EXPECT_EQ(m2.decision.decided_tier, "average");
    EXPECT_EQ(m2.decision.reason, "Mô hình mới kiện toàn ban điều hành, cho thêm một kỳ");
    EXPECT_EQ(m2.decision.body, "UBND xã Quảng Trung");
    EXPECT_EQ(m2.decision.signer, "Chủ tịch Lê Quang Hải");
    // Everything computed is the sample's.
    EXPECT_EQ(r.columns().tier, (std::vector<std::int32_t>{0, 2, no_tier}));
    EXPECT_EQ(s.created, date(2024, 12, 14));
}

}  // namespace antq::test_support
