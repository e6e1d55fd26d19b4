#include <antq/error.hpp>
#include <antq/limits.hpp>

#include <string_view>
#include <vector>

#include <gtest/gtest.h>

TEST(diagnostic, prints_file_line_column_and_severity) {
    const antq::diagnostic d{
        {"rules.yaml", 14, 9}, antq::severity::error, "unknown indicator 'crime'"};
    EXPECT_EQ(d.to_string(), "rules.yaml:14:9: error: unknown indicator 'crime'");
}

TEST(diagnostic, leaves_out_unknown_parts) {
    EXPECT_EQ((antq::diagnostic{{"a.csv", 3, 0}, antq::severity::warning, "w"}).to_string(),
              "a.csv:3: warning: w");
    EXPECT_EQ((antq::diagnostic{{}, antq::severity::error, "x"}).to_string(), "error: x");
}

TEST(diagnostic_list, throws_every_diagnostic_only_when_one_is_an_error) {
    antq::diagnostic_list list;
    list.add({"f", 1, 1}, "just a warning", antq::severity::warning);
    EXPECT_NO_THROW(list.throw_if_errors());
    list.add({"f", 2, 3}, "bad");
    try {
        list.throw_if_errors();
        FAIL() << "expected input_error";
    } catch (const antq::input_error& e) {
        ASSERT_EQ(e.diagnostics().size(), 2u);
        EXPECT_STREQ(e.what(), "f:1:1: warning: just a warning\nf:2:3: error: bad");
    }
}

TEST(error, every_leaf_is_an_antq_error) {
    EXPECT_THROW(throw antq::io_error("x"), antq::error);
    EXPECT_THROW(throw antq::corrupt_file_error("x"), antq::error);
    EXPECT_THROW(throw antq::usage_error("x"), antq::error);
    EXPECT_THROW(throw antq::input_error({}), antq::error);
}

TEST(input_error, keeps_the_first_problems_of_each_file_and_counts_the_rest) {
    std::vector<antq::diagnostic> many;
    for (std::size_t line = 1; line <= antq::max_diagnostics_per_file + 7; ++line) {
        many.push_back({{"models.csv", line, 2}, antq::severity::error, "bad"});
    }
    many.push_back({{"units.csv", 3, 1}, antq::severity::error, "also bad"});
    const antq::input_error e(std::move(many));
    ASSERT_EQ(e.diagnostics().size(), antq::max_diagnostics_per_file + 2);
    EXPECT_EQ(e.diagnostics()[antq::max_diagnostics_per_file - 1].where.line,
              antq::max_diagnostics_per_file);
    EXPECT_EQ(e.diagnostics()[antq::max_diagnostics_per_file].to_string(),
              "units.csv:3:1: error: also bad");
    EXPECT_EQ(e.diagnostics().back().to_string(),
              "models.csv: error: and 7 more problems in this file (only the first 100 are "
              "shown)");
    EXPECT_TRUE(std::string_view(e.what()).ends_with("(only the first 100 are shown)"));
}

TEST(input_error, keeps_every_problem_up_to_the_limit) {
    std::vector<antq::diagnostic> some(antq::max_diagnostics_per_file,
                                       {{"a.csv", 1, 1}, antq::severity::error, "x"});
    const antq::input_error e(std::move(some));
    EXPECT_EQ(e.diagnostics().size(), antq::max_diagnostics_per_file);
}
