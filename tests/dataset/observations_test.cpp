#include <antq/observations.hpp>

#include <antq/error.hpp>
#include <antq/model.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace antq {
namespace {

using ::testing::ElementsAre;

observation_column numbers(std::string name, std::vector<double> values) {
    observation_column c;
    c.name = std::move(name);
    c.numbers = std::move(values);
    return c;
}

observation_column texts(std::string name, std::vector<std::string> values,
                         std::vector<std::uint8_t> present) {
    observation_column c;
    c.name = std::move(name);
    c.type = observation_column::kind::text;
    c.texts = std::move(values);
    c.present = std::move(present);
    return c;
}

// Rows: (m1,2024) (m2,2024) (m1,2023) (m3,2023)
observation_table sample_observations() {
    return observation_table({"m1", "m2", "m3"}, {"2024", "2023"}, {0, 1, 0, 2}, {0, 0, 1, 1},
                             {numbers("crimes", {0, 2, 1, missing_value}),
                              texts("note", {"", "ổn định", "x", ""}, {0, 1, 1, 0})});
}

std::vector<std::string> construction_errors(std::vector<std::string> subjects,
                                             std::vector<std::string> labels,
                                             std::vector<std::uint32_t> row_subject,
                                             std::vector<std::uint32_t> row_period,
                                             std::vector<observation_column> columns,
                                             std::vector<std::size_t> row_lines = {}) {
    try {
        const observation_table t(std::move(subjects), std::move(labels), std::move(row_subject),
                                  std::move(row_period), std::move(columns), "obs.csv",
                                  std::move(row_lines));
    } catch (const input_error& e) {
        std::vector<std::string> out;
        for (const auto& d : e.diagnostics()) {
            out.push_back(d.to_string());
        }
        return out;
    }
    return {};
}

TEST(observation_table, empty_table) {
    const observation_table t;
    EXPECT_EQ(t.row_count(), 0U);
    EXPECT_TRUE(t.columns().empty());
    EXPECT_FALSE(t.find_subject("m1"));
    EXPECT_FALSE(t.find_row(0, 0));
    EXPECT_TRUE(t.rows_of_subject(0).empty());
    EXPECT_EQ(t, observation_table({}, {}, {}, {}, {}));
}

TEST(observation_table, finds_columns_subjects_labels_and_rows) {
    const observation_table t = sample_observations();
    EXPECT_EQ(t.row_count(), 4U);
    EXPECT_EQ(t.find_column("note"), 1U);
    EXPECT_FALSE(t.find_column("Note"));
    EXPECT_EQ(t.find_subject("m3"), 2U);
    EXPECT_FALSE(t.find_subject("m4"));
    EXPECT_EQ(t.find_period_label("2023"), 1U);
    EXPECT_FALSE(t.find_period_label("2022"));
    EXPECT_EQ(t.find_row(0, 1), 2U);
    EXPECT_EQ(t.find_row(1, 0), 1U);
    EXPECT_FALSE(t.find_row(1, 1));
    EXPECT_FALSE(t.find_row(7, 0));
    EXPECT_FALSE(t.find_row(0, 9));
    EXPECT_THAT(t.rows_of_subject(0), ElementsAre(0U, 2U));
    EXPECT_THAT(t.rows_of_subject(2), ElementsAre(3U));
}

TEST(observation_table, missing_cells_are_missing) {
    const observation_table t = sample_observations();
    const auto& crimes = t.columns()[0];
    const auto& note = t.columns()[1];
    EXPECT_FALSE(crimes.is_missing(0));
    EXPECT_TRUE(crimes.is_missing(3));
    EXPECT_TRUE(is_missing(crimes.numbers[3]));
    EXPECT_TRUE(note.is_missing(0));
    EXPECT_FALSE(note.is_missing(1));
    EXPECT_EQ(note.texts[1], "ổn định");
}

TEST(observation_table, an_empty_text_is_missing) {
    const observation_table t({"a"}, {"2024"}, {0}, {0}, {texts("note", {""}, {1})});
    EXPECT_TRUE(t.columns()[0].is_missing(0));
}

TEST(observation_table, resolves_records_to_rows_of_a_period) {
    const observation_table t = sample_observations();
    std::vector<model> models(4);
    models[0].id = "m3";
    models[1].id = "m9";
    models[2].id = "m1";
    models[3].id = "m2";
    const auto subjects = t.subject_indices(std::span<const model>(models));
    EXPECT_THAT(subjects, ElementsAre(2, no_row, 0, 1));
    EXPECT_THAT(t.rows_in_period(subjects, 0), ElementsAre(no_row, no_row, 0, 1));
    EXPECT_THAT(t.rows_in_period(subjects, 1), ElementsAre(3, no_row, 2, no_row));
    EXPECT_THAT(t.rows_in_period(subjects, 5), ElementsAre(no_row, no_row, no_row, no_row));
    EXPECT_THAT(t.rows_for(std::span<const model>(models), "2023"),
                ElementsAre(3, no_row, 2, no_row));
    EXPECT_THAT(t.rows_for(std::span<const model>(models), "1999"),
                ElementsAre(no_row, no_row, no_row, no_row));
}

TEST(observation_table, resolves_ids_in_table_order_and_out_of_order) {
    const observation_table t = sample_observations();
    const std::vector<std::string> in_order{"m1", "m2", "m3"};
    EXPECT_THAT(t.subject_indices(std::span<const std::string>(in_order)), ElementsAre(0, 1, 2));
    const std::vector<std::string> shuffled{"m3", "m3", "", "m1", "m2", "zz"};
    EXPECT_THAT(t.subject_indices(std::span<const std::string>(shuffled)),
                ElementsAre(2, 2, no_row, 0, 1, no_row));
    const std::vector<std::int64_t> odd{-5, 3, 1};
    EXPECT_THAT(t.rows_in_period(odd, 0), ElementsAre(no_row, no_row, 1));
}

TEST(observation_table, equality_ignores_interning) {
    const observation_table a = sample_observations();
    // The same rows, with subjects and labels numbered differently.
    const observation_table b({"m3", "m2", "m1", "unused"}, {"2023", "2024"}, {2, 1, 2, 0},
                              {1, 1, 0, 0},
                              {numbers("crimes", {0, 2, 1, missing_value}),
                               texts("note", {"", "ổn định", "x", "ignored"}, {0, 1, 1, 0})});
    EXPECT_EQ(a, b);
    const observation_table c(
        {"m3", "m2", "m1"}, {"2023", "2024"}, {2, 1, 2, 0}, {1, 1, 0, 0},
        {numbers("crimes", {0, 2, 1, 0}), texts("note", {"", "ổn định", "x", ""}, {0, 1, 1, 0})});
    EXPECT_NE(a, c);
}

TEST(observation_table, missing_equals_missing_whatever_the_column_type) {
    const observation_table a({"s"}, {"2024"}, {0}, {0}, {numbers("v", {missing_value})});
    const observation_table b({"s"}, {"2024"}, {0}, {0}, {texts("v", {""}, {0})});
    const observation_table c({"s"}, {"2024"}, {0}, {0}, {texts("v", {"1"}, {1})});
    const observation_table d({"s"}, {"2024"}, {0}, {0}, {numbers("v", {1})});
    EXPECT_EQ(a, b);
    EXPECT_NE(c, d);
    EXPECT_NE(a, d);
}

TEST(observation_table, copies_and_moves) {
    const observation_table original = sample_observations();
    observation_table copy = original;
    EXPECT_EQ(copy, original);
    EXPECT_EQ(copy.find_row(2, 1), 3U);
    observation_table moved = std::move(copy);
    EXPECT_EQ(moved.find_subject("m2"), 1U);
    observation_table assigned;
    assigned = moved;
    EXPECT_EQ(assigned, original);
}

TEST(observation_table_errors, repeated_subject_and_period_names_both_lines) {
    EXPECT_THAT(
        construction_errors({"m1", "m2"}, {"2024"}, {0, 1, 0, 1}, {0, 0, 0, 0}, {}),
        ElementsAre(
            "obs.csv:4:1: error: repeated observation for subject 'm1' in period '2024' (first on "
            "line 2)",
            "obs.csv:5:1: error: repeated observation for subject 'm2' in period '2024' (first on "
            "line 3)"));
    EXPECT_THAT(
        construction_errors({"m1"}, {"2024"}, {0, 0}, {0, 0}, {}, {7, 12}),
        ElementsAre(
            "obs.csv:12:1: error: repeated observation for subject 'm1' in period '2024' (first on "
            "line 7)"));
}

TEST(observation_table_errors, sizes_must_agree) {
    EXPECT_THAT(construction_errors({"a"}, {"2024"}, {0, 0}, {0}, {numbers("x", {1})}),
                ElementsAre("obs.csv: error: 2 row subjects but 1 row periods",
                            "obs.csv: error: column 'x' does not have one value per row (2 rows)"));
    EXPECT_THAT(construction_errors({"a"}, {"2024"}, {0}, {0}, {texts("t", {"x"}, {})}),
                ElementsAre("obs.csv: error: column 't' does not have one value per row (1 rows)"));
}

TEST(observation_table_errors, names_must_be_unique_and_not_empty) {
    EXPECT_THAT(
        construction_errors({"a", "a", ""}, {"2024", ""}, {0}, {0},
                            {numbers("x", {1}), numbers("x", {2})}),
        ElementsAre("obs.csv: error: repeated subject id 'a'", "obs.csv: error: empty subject id",
                    "obs.csv: error: empty period label", "obs.csv: error: repeated column 'x'"));
}

TEST(observation_table_errors, indices_must_be_in_range) {
    EXPECT_THAT(construction_errors({"a"}, {"2024"}, {1}, {3}, {}),
                ElementsAre("obs.csv: error: a row names a subject index out of range",
                            "obs.csv: error: a row names a period label index out of range"));
}

}  // namespace
}  // namespace antq
