#include <antq/error.hpp>

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
