// The golden archives of every released container format version (tests/data/archives/),
// loaded forever and checked field by field against what they were made from: a change
// that cannot read them back breaks old users' files. How to add a version without
// breaking these: docs/design/persistence.md.

#include <antq/archive.hpp>
#include <antq/rulebook_loader.hpp>
#include <antq/snapshot.hpp>

#include "persistence/expect_samples.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace antq {
namespace {

std::filesystem::path golden(const std::string& name) {
    return std::filesystem::path(ANTQ_TEST_DATA_DIR) / "archives" / "v1" / name;
}

class golden_v1 : public ::testing::TestWithParam<archive_format> {
  protected:
    [[nodiscard]] std::filesystem::path file(const std::string& kind) const {
        return golden(kind + "." + std::string(to_string(GetParam())) + ".antq");
    }
};

TEST_P(golden_v1, headers_say_version_1_and_what_they_hold) {
    for (const auto& [kind, content] : {std::pair{"snapshot", archive_content::snapshot},
                                        std::pair{"dataset", archive_content::dataset},
                                        std::pair{"rulebooks", archive_content::rulebooks}}) {
        const archive_info info = inspect_archive(file(kind));
        EXPECT_EQ(info.container_version, 1) << kind;
        EXPECT_EQ(info.format, GetParam()) << kind;
        EXPECT_EQ(info.content, content) << kind;
    }
}

TEST_P(golden_v1, snapshot_loads_field_by_field) {
    test_support::expect_sample_snapshot(load_snapshot(file("snapshot")));
}

// Written by the antq that added decisions (results columns version 2); the snapshots above
// hold version 0 and load with no decisions.
TEST_P(golden_v1, snapshot_with_decisions_loads_field_by_field) {
    test_support::expect_sample_snapshot_with_decisions(load_snapshot(file("snapshot-decisions")));
}

TEST_P(golden_v1, snapshots_before_decisions_load_without_any) {
    const snapshot s = load_snapshot(file("snapshot"));
    EXPECT_FALSE(s.evaluation.results()[0].has_decisions());
    EXPECT_TRUE(s.evaluation.results()[0].columns().decisions.empty());
}

// Written before conditional actions (results columns version 2 and older): no tier has a
// condition and every subject gets its tier's fixed action.
TEST_P(golden_v1, snapshots_before_conditional_actions_give_each_tier_its_fixed_action) {
    for (const char* kind : {"snapshot", "snapshot-decisions"}) {
        const snapshot s = load_snapshot(file(kind));
        for (const auto& r : s.evaluation.results()) {
            EXPECT_TRUE(r.columns().action_branches.empty()) << kind;
            for (const auto& t : r.header().tiers) {
                EXPECT_TRUE(t.action_when.empty()) << kind;
                EXPECT_TRUE(t.otherwise.empty()) << kind;
            }
            for (std::size_t row = 0; row < r.size(); ++row) {
                const auto tier = r.columns().tier[row];
                const std::string_view fixed =
                    tier == no_tier
                        ? std::string_view()
                        : std::string_view(r.header().tiers[static_cast<std::size_t>(tier)].action);
                EXPECT_EQ(r.action(row), fixed) << kind << " row " << row;
                EXPECT_EQ(r.row(row).action, fixed) << kind << " row " << row;
                EXPECT_EQ(r.row(row).action_branch, action_branch::fixed);
            }
        }
    }
}

TEST_P(golden_v1, dataset_loads_field_by_field) {
    test_support::expect_sample_dataset(load_dataset_archive(file("dataset")));
}

TEST_P(golden_v1, rulebooks_load_and_parse_again) {
    const std::vector<rulebook> books = load_rulebook_archive(file("rulebooks"));
    ASSERT_EQ(books.size(), 1U);
    const rulebook& b = books[0];
    EXPECT_EQ(b.id, "safe-village");
    EXPECT_EQ(b.file, "rules/safe-village.yaml");
    EXPECT_EQ(b.title, "Thôn an toàn về an ninh, trật tự");
    EXPECT_EQ(b.subject, subject_kind::unit);
    EXPECT_EQ(b.period, (year_start{11, 1}));
    ASSERT_EQ(b.versions.size(), 2U);
    EXPECT_EQ(b.versions[0].version, "2021.1");
    EXPECT_EQ(b.versions[0].effective, date(2021, 11, 1));
    EXPECT_EQ(b.versions[1].version, "2025.1");
    EXPECT_EQ(b.versions[1].effective, date(2025, 7, 1));
    EXPECT_EQ(b.versions[1].basis, "Thông tư 124/2021/TT-BCA, sửa đổi 2025");
    ASSERT_EQ(b.versions[1].criteria.size(), 1U);
    EXPECT_EQ(b.versions[1].criteria[0].score.text, "crimes <= 1 ? 1 : 0");
    ASSERT_EQ(b.versions[1].tiers.size(), 2U);
    EXPECT_EQ(b.versions[1].tiers[1].id, "chua_dat");
    EXPECT_EQ(b.versions[1].tiers[1].label, "Chưa đạt");
}

INSTANTIATE_TEST_SUITE_P(each, golden_v1,
                         ::testing::Values(archive_format::text, archive_format::xml,
                                           archive_format::binary),
                         [](const auto& test) { return std::string(to_string(test.param)); });

}  // namespace
}  // namespace antq
