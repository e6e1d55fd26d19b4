#include <antq/version.hpp>

#include <gtest/gtest.h>

#include <regex>
#include <string>

TEST(version, matches_the_header_and_is_semantic) {
    EXPECT_EQ(antq::version(), ANTQ_VERSION_STRING);
    EXPECT_TRUE(std::regex_match(std::string(antq::version()), std::regex(R"(\d+\.\d+\.\d+)")));
}
