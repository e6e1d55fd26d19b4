#include <antq/explain.hpp>

#include <antq/error.hpp>

#include "antq/evaluation/ineligibility.hpp"
#include "evaluation/sample_results.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

using antq::language;
using antq::tier_decision;
using antq::test_support::sample_results;

namespace {

std::vector<std::string> ids(const std::vector<antq::criterion_effect>& effects) {
    std::vector<std::string> out;
    for (const auto& e : effects) {
        out.push_back(e.id);
    }
    return out;
}

bool has_line(const std::string& text, const std::string& line) {
    return text.find(line + "\n") != std::string::npos;
}

}  // namespace

TEST(explain, a_score_band_result_in_vietnamese) {
    const auto e = antq::explain(sample_results(), "m1", language::vi);
    EXPECT_EQ(e.text,
              "m1 — Đánh giá hiệu quả mô hình (model-effectiveness), phiên bản 2022.1, kỳ 2024\n"
              "Kết quả: 72,50/100,00 điểm; xếp loại \"Trung bình\"; hướng xử lý: "
              "nâng chất lượng; xếp hạng 2 trong nhóm c1\n"
              "Nâng điểm:\n"
              "  + detection (Tỷ lệ điều tra khám phá): 30,00; căn cứ: Điều 5, khoản 2\n"
              "  + patrols (Tuần tra): 30,00\n"
              "  + reports (Tố giác tội phạm): 12,50\n"
              "Làm mất điểm:\n"
              "  - reports (Tố giác tội phạm): thiếu 17,50\n"
              "  - detection (Tỷ lệ điều tra khám phá): thiếu 10,00; căn cứ: Điều 5, khoản 2\n"
              "Xếp loại theo điều kiện của các loại.\n"
              "Để lên loại \"Hoạt động hiệu quả\": cần thêm 7,50 điểm\n"
              "  chỉ cần đạt điểm tối đa ở một trong các tiêu chí: detection (Tỷ lệ điều tra "
              "khám phá): thiếu 10,00; reports (Tố giác tội phạm): thiếu 17,50\n");
}

TEST(explain, a_score_band_result_in_english) {
    const auto e = antq::explain(sample_results(), "m1", language::en);
    EXPECT_EQ(e.text,
              "m1 — Đánh giá hiệu quả mô hình (model-effectiveness), version 2022.1, period 2024\n"
              "Result: 72.50/100.00 points; tier \"Trung bình\" (average); action: improve; "
              "rank 2 in group c1\n"
              "Lifted the score:\n"
              "  + detection (Tỷ lệ điều tra khám phá): 30.00; basis: Điều 5, khoản 2\n"
              "  + patrols (Tuần tra): 30.00\n"
              "  + reports (Tố giác tội phạm): 12.50\n"
              "Sank the score:\n"
              "  - reports (Tố giác tội phạm): short by 17.50\n"
              "  - detection (Tỷ lệ điều tra khám phá): short by 10.00; basis: Điều 5, khoản 2\n"
              "The tier follows from the tiers' conditions.\n"
              "To reach \"Hoạt động hiệu quả\" (score >= 80): 7.50 more points needed\n"
              "  full marks on any one of: detection (Tỷ lệ điều tra khám phá): 10.00 short; "
              "reports (Tố giác tội phạm): 17.50 short\n");
    // The same structure renders in either language.
    EXPECT_EQ(antq::to_text(e, language::vi), antq::explain(sample_results(), "m1").text);
}

TEST(explain, structure_of_a_score_band_result) {
    const auto e = antq::explain(sample_results(), "m1");
    EXPECT_EQ(e.status, antq::result_status::evaluated);
    EXPECT_EQ(e.score, 72.5);
    EXPECT_EQ(e.tier, std::optional<std::size_t>(1));
    EXPECT_EQ(e.tier_id, "average");
    EXPECT_EQ(e.action, "improve");
    EXPECT_EQ(e.group, "c1");
    EXPECT_EQ(e.rank, 2U);
    EXPECT_EQ(ids(e.lifted), (std::vector<std::string>{"detection", "patrols", "reports"}));
    EXPECT_EQ(ids(e.sank), (std::vector<std::string>{"reports", "detection"}));
    EXPECT_EQ(e.sank[0].missing, 17.5);
    EXPECT_EQ(e.sank[0].basis, "");
    EXPECT_EQ(e.sank[1].basis, "Điều 5, khoản 2");
    EXPECT_EQ(e.decided_by, tier_decision::conditions);
    ASSERT_TRUE(e.next_tier.has_value());
    EXPECT_EQ(e.next_tier->id, "effective");
    EXPECT_EQ(e.next_tier->points_needed, std::optional<double>(7.5));
    EXPECT_EQ(ids(e.next_tier->closers), (std::vector<std::string>{"detection", "reports"}));
    EXPECT_FALSE(e.next_tier->closers_together);
    EXPECT_TRUE(e.next_tier->reachable);
    EXPECT_TRUE(e.next_tier->failed_requirements.empty());
}

TEST(explain, a_failed_requirement_closes_the_tier_the_score_reached) {
    const auto e = antq::explain(sample_results(), "m2");
    EXPECT_EQ(e.decided_by, tier_decision::requirement);
    EXPECT_EQ(e.deciding, (std::vector<std::string>{"pledge"}));
    EXPECT_EQ(e.deciding_tier, std::optional<std::size_t>(0));
    ASSERT_TRUE(e.next_tier.has_value());
    EXPECT_EQ(e.next_tier->points_needed, std::optional<double>(0.0));
    EXPECT_TRUE(e.next_tier->closers.empty());
    EXPECT_EQ(e.next_tier->failed_requirements, (std::vector<std::string>{"pledge"}));
    EXPECT_TRUE(has_line(e.text,
                         "Đủ điểm cho loại \"Hoạt động hiệu quả\" nhưng không đạt tiêu "
                         "chí bắt buộc: pledge."));
    EXPECT_TRUE(has_line(e.text, "Để lên loại \"Hoạt động hiệu quả\": đã đủ điểm"));
    ASSERT_EQ(e.next_tier->blockers.size(), 1U);
    EXPECT_EQ(e.next_tier->blockers[0].criterion.id, "pledge");
    EXPECT_EQ(e.next_tier->blockers[0].why, antq::tier_blocker::reason::requirement);
    EXPECT_TRUE(has_line(e.text, "  các tiêu chí chưa đạt:"));
    EXPECT_TRUE(has_line(e.text, "  - pledge (Ký cam kết) (bắt buộc cho loại này): chưa đạt"));
    const auto en = antq::explain(sample_results(), "m2", language::en);
    EXPECT_TRUE(has_line(en.text,
                         "Scored enough for \"Hoạt động hiệu quả\" but failed the "
                         "requirement: pledge."));
    EXPECT_TRUE(has_line(en.text, "  - pledge (Ký cam kết) (required for this tier): failed"));
}

TEST(explain, a_failed_veto_sends_the_subject_to_the_last_tier) {
    const auto e = antq::explain(sample_results(), "m3");
    EXPECT_EQ(e.tier_id, "poor");
    EXPECT_EQ(e.decided_by, tier_decision::veto);
    EXPECT_EQ(e.deciding, (std::vector<std::string>{"no_serious_crime"}));
    ASSERT_TRUE(e.next_tier.has_value());
    EXPECT_EQ(e.next_tier->id, "average");
    EXPECT_EQ(e.next_tier->failed_requirements, (std::vector<std::string>{"no_serious_crime"}));
    EXPECT_TRUE(has_line(e.text,
                         "Không đạt tiêu chí phủ quyết no_serious_crime (Không để xảy ra tội phạm "
                         "đặc biệt nghiêm trọng): xuống loại cuối."));
    EXPECT_TRUE(has_line(antq::to_text(e, language::en),
                         "Failed the veto no_serious_crime (Không để xảy ra tội phạm đặc biệt "
                         "nghiêm trọng): moved to the last tier."));
    ASSERT_EQ(e.next_tier->blockers.size(), 1U);
    EXPECT_EQ(e.next_tier->blockers[0].why, antq::tier_blocker::reason::veto);
}

TEST(explain, a_full_quota_moved_the_subject_down) {
    const auto e = antq::explain(sample_results(), "m4");
    EXPECT_EQ(e.decided_by, tier_decision::quota);
    EXPECT_EQ(e.deciding, (std::vector<std::string>{"effective"}));
    EXPECT_TRUE(has_line(e.text,
                         "Đạt loại \"Hoạt động hiệu quả\" nhưng vượt tỷ lệ tối đa của "
                         "loại đó trong nhóm, nên xuống loại sau."));
    EXPECT_TRUE(has_line(antq::to_text(e, language::en),
                         "Qualified for \"Hoạt động hiệu quả\" but that tier's quota in the group "
                         "was full, so moved down."));
}

TEST(explain, subjects_not_evaluated_say_why) {
    const auto e = antq::explain(sample_results(), "m5", language::vi);
    EXPECT_EQ(e.status, antq::result_status::not_eligible);
    EXPECT_EQ(e.decided_by, tier_decision::none);
    EXPECT_FALSE(e.next_tier.has_value());
    EXPECT_EQ(e.text,
              "m5 — Đánh giá hiệu quả mô hình (model-effectiveness), phiên bản 2022.1, kỳ 2024\n"
              "Trạng thái: không đủ điều kiện đánh giá (hoạt động 90 ngày trong kỳ, cần "
              "ít nhất 180)\n");
    EXPECT_EQ(antq::explain(sample_results(), "m6", language::en).text,
              "m6 — Đánh giá hiệu quả mô hình (model-effectiveness), version 2022.1, period 2024\n"
              "Status: data error (thiếu chỉ tiêu 'crimes' của m6 trong kỳ 2024)\n");
}

TEST(explain, closers_are_listed_cheapest_first) {
    const auto e = antq::explain(sample_results(), "m7");
    ASSERT_TRUE(e.next_tier.has_value());
    EXPECT_EQ(e.next_tier->points_needed, std::optional<double>(10.0));
    EXPECT_EQ(ids(e.next_tier->closers),
              (std::vector<std::string>{"patrols", "reports", "detection"}));
    // Equal contributions keep declaration order.
    EXPECT_EQ(ids(e.lifted), (std::vector<std::string>{"patrols", "detection", "reports"}));
}

TEST(explain, when_no_criterion_closes_the_gap_alone_the_fewest_together_do) {
    const auto e = antq::explain(sample_results(), "m8");
    EXPECT_EQ(ids(e.not_assessed), (std::vector<std::string>{"detection"}));
    EXPECT_EQ(ids(e.sank), (std::vector<std::string>{"patrols", "reports", "violations"}));
    ASSERT_TRUE(e.next_tier.has_value());
    EXPECT_TRUE(e.next_tier->closers_together);
    EXPECT_TRUE(e.next_tier->reachable);
    EXPECT_EQ(ids(e.next_tier->closers), (std::vector<std::string>{"patrols", "reports"}));
    EXPECT_TRUE(has_line(e.text, "  - violations (Vi phạm): bị trừ 4,00"));
    EXPECT_TRUE(has_line(e.text, "Chưa đánh giá (thiếu dữ liệu):"));
    EXPECT_TRUE(
        has_line(e.text, "  ? detection (Tỷ lệ điều tra khám phá); căn cứ: Điều 5, khoản 2"));
    EXPECT_TRUE(has_line(e.text,
                         "  cần đạt điểm tối đa ở tất cả các tiêu chí: patrols (Tuần tra): thiếu "
                         "8,00; reports (Tố giác tội phạm): thiếu 8,00"));
}

TEST(explain, says_when_even_full_marks_fall_short) {
    const auto e = antq::explain(sample_results(), "m9", language::en);
    ASSERT_TRUE(e.next_tier.has_value());
    EXPECT_FALSE(e.next_tier->reachable);
    EXPECT_EQ(e.next_tier->points_needed, std::optional<double>(40.0));
    EXPECT_TRUE(has_line(e.text,
                         "  even full marks on every criterion fall short: patrols (Tuần tra): "
                         "20.00 short"));
}

TEST(explain, the_top_tier_has_no_next_tier) {
    auto header = antq::test_support::sample_header();
    auto columns = antq::test_support::sample_columns();
    columns.tier[0] = 0;
    columns.qualified_tier[0] = 0;
    const antq::rulebook_results r(header, columns);
    const auto e = antq::explain(r, "m1", language::en);
    EXPECT_FALSE(e.next_tier.has_value());
    EXPECT_TRUE(has_line(e.text, "Already in the top tier."));
}

TEST(explain, an_unknown_subject_is_a_usage_error) {
    try {
        (void)antq::explain(sample_results(), "m42");
        FAIL() << "expected usage_error";
    } catch (const antq::usage_error& e) {
        EXPECT_STREQ(e.what(),
                     "subject 'm42' is not in the results of 'model-effectiveness' for 2024");
    }
}

namespace {

// The sample a year earlier: m1 was poor (detection 10, reports failed), m2 the same as
// now, m5 was evaluated, m3 had no result.
antq::rulebook_results sample_2023() {
    using s = antq::result_status;
    return antq::test_support::sample_results(
        {
            {"m1", s::evaluated, "", 40, 2, 2, 0, 3, {10, 30, 0, 0}},
            {"m2", s::evaluated, "", 85, 1, 1, 0, 1, {40, 30, 15, 0}, true, false},
            {"m5",
             s::error,
             "thiếu chỉ tiêu 'crimes'",
             NAN,
             antq::no_tier,
             antq::no_tier,
             0,
             antq::no_rank,
             {}},
        },
        "2023");
}

}  // namespace

TEST(explain, compared_with_the_earlier_results_in_vietnamese) {
    const auto e = antq::explain(sample_results(), sample_2023(), "m1", language::vi);
    ASSERT_TRUE(e.previous);
    EXPECT_EQ(e.previous->period, "2023");
    EXPECT_EQ(e.previous->tier_id, "poor");
    EXPECT_EQ(e.previous->tier_move, 1);
    EXPECT_EQ(e.previous->rank, 3U);
    EXPECT_EQ(e.previous->score, std::optional<double>(40));
    ASSERT_EQ(e.previous->criteria.size(), 2U);
    EXPECT_EQ(e.previous->criteria[0].id, "detection");
    EXPECT_EQ(e.previous->criteria[1].id, "reports");
    EXPECT_EQ(e.previous->criteria[1].old_passed, std::optional<bool>(false));
    EXPECT_EQ(e.previous->criteria[1].new_passed, std::optional<bool>(true));
    EXPECT_EQ(e.previous->criteria[1].new_points, std::optional<double>(12.5));
    EXPECT_TRUE(e.text.ends_with(
        "So với kỳ 2023: xếp loại \"Kém hiệu quả\" → \"Trung bình\" (lên loại), hạng 3 → 2, "
        "điểm 40,00 → 72,50 (+32,50).\n"
        "Tiêu chí thay đổi:\n"
        "  * detection (Tỷ lệ điều tra khám phá): đạt 10,00 → đạt 30,00\n"
        "  * reports (Tố giác tội phạm): chưa đạt 0,00 → đạt 12,50\n"))
        << e.text;
}

TEST(explain, compared_with_the_earlier_results_in_english) {
    const auto same = antq::explain(sample_results(), sample_2023(), "m2", language::en);
    EXPECT_TRUE(
        same.text.ends_with("Compared with 2023: tier \"Trung bình\" → \"Trung bình\" "
                            "(unchanged), rank 1 → 1, score 85.00 → 85.00 (+0.00).\n"))
        << same.text;
    ASSERT_TRUE(same.previous);
    EXPECT_TRUE(same.previous->criteria.empty());

    const auto absent = antq::explain(sample_results(), sample_2023(), "m3", language::en);
    ASSERT_TRUE(absent.previous);
    EXPECT_FALSE(absent.previous->present);
    EXPECT_TRUE(absent.text.ends_with("Compared with 2023: no result then.\n")) << absent.text;

    // Not evaluated now, evaluated with an error then: both said.
    const auto m5 = antq::explain(sample_results(), sample_2023(), "m5", language::en);
    EXPECT_TRUE(m5.text.ends_with("Compared with 2023: then data error.\n")) << m5.text;
}

TEST(explain, compared_through_the_previous_columns_alone) {
    auto now = sample_results();
    now.set_previous(sample_2023());
    const auto e = antq::explain(now, "m1", language::vi);
    ASSERT_TRUE(e.previous);
    EXPECT_EQ(e.previous->tier_id, "poor");
    EXPECT_FALSE(e.previous->score);
    EXPECT_TRUE(e.previous->criteria.empty());
    EXPECT_TRUE(e.text.ends_with(
        "So với kỳ 2023: xếp loại \"Kém hiệu quả\" → \"Trung bình\" (lên loại), hạng 3 → 2.\n"))
        << e.text;
    // Without a comparison, nothing is said about an earlier period.
    EXPECT_FALSE(antq::explain(sample_results(), "m1").previous);
}

// The pipeline writes the reason and explanations read it back through one pair of
// functions: every reason they write reads back the same, and nothing else reads as one.
TEST(ineligibility, the_stored_reason_reads_back) {
    using antq::detail::evaluation::ineligibility;
    using antq::detail::evaluation::read_ineligibility;
    using antq::detail::evaluation::to_message;
    const ineligibility months{4, 9, true, "2024"};
    EXPECT_EQ(to_message(months), "active 4 months in period 2024, fewer than the 9 required");
    EXPECT_EQ(read_ineligibility(to_message(months)), months);
    const ineligibility days{92, 180, false, "2023-11-16/2024-11-15"};
    EXPECT_EQ(read_ineligibility(to_message(days)), days);
    EXPECT_FALSE(read_ineligibility("missing indicator 'patrols' for subject 'm4'"));
    EXPECT_FALSE(read_ineligibility("active 4 weeks in period 2024, fewer than the 9 required"));
    EXPECT_FALSE(read_ineligibility("active 4 days in period 2024, fewer than the 9 required!"));
    EXPECT_EQ(antq::reason_text(antq::result_status::not_eligible, to_message(days), language::vi),
              "mới hoạt động 92 ngày trong kỳ 2023-11-16/2024-11-15, cần ít nhất 180 ngày");
}
