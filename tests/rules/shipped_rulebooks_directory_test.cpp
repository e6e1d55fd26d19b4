// Where the shipped rulebooks are found at run time (antq/shipped_rulebooks.hpp): the
// environment override, its errors, and the error when nothing is found. That they are
// found from a moved install is the install test's (tests/CMakeLists.txt, install.*).

#include <antq/shipped_rulebooks.hpp>

#include <antq/error.hpp>
#include <antq/rulebook_set.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

using ::testing::HasSubstr;

namespace {

// Sets ANTQ_RULEBOOKS_DIR for one test and puts back what was there.
class rulebooks_variable {
  public:
    explicit rulebooks_variable(const char* value) {
        if (const char* before = std::getenv(name)) {
            before_ = before;
            had_ = true;
        }
        if (value == nullptr) {
            ::unsetenv(name);
        } else {
            ::setenv(name, value, 1);
        }
    }
    rulebooks_variable(const rulebooks_variable&) = delete;
    rulebooks_variable& operator=(const rulebooks_variable&) = delete;
    ~rulebooks_variable() {
        if (had_) {
            ::setenv(name, before_.c_str(), 1);
        } else {
            ::unsetenv(name);
        }
    }

  private:
    static constexpr const char* name = "ANTQ_RULEBOOKS_DIR";
    std::string before_;
    bool had_ = false;
};

std::string message_of(const char* value) {
    const rulebooks_variable set(value);
    try {
        static_cast<void>(antq::shipped_rulebooks_directory());
    } catch (const antq::io_error& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST(shipped_rulebooks_directory, the_variable_names_it) {
    EXPECT_EQ(antq::rulebooks_directory_variable, "ANTQ_RULEBOOKS_DIR");
    const rulebooks_variable set(ANTQ_SOURCE_DIR "/rulebooks/");
    const auto folder = antq::shipped_rulebooks_directory();
    EXPECT_TRUE(folder.is_absolute());
    EXPECT_TRUE(std::filesystem::equivalent(folder, ANTQ_SOURCE_DIR "/rulebooks"));
    const auto rules = antq::rulebook_set::load(folder);
    EXPECT_TRUE(rules.find("model-effectiveness") != nullptr);
}

TEST(shipped_rulebooks_directory, a_variable_that_is_not_a_folder_is_an_error_not_passed_over) {
    EXPECT_EQ(message_of(ANTQ_SOURCE_DIR "/no-such-folder"),
              "ANTQ_RULEBOOKS_DIR=" ANTQ_SOURCE_DIR "/no-such-folder: not a folder of rulebooks");
    EXPECT_THAT(message_of(ANTQ_SOURCE_DIR "/rulebooks/model-effectiveness.yaml"),
                HasSubstr("not a folder of rulebooks"));
}

TEST(shipped_rulebooks_directory, an_empty_variable_counts_as_unset) {
    EXPECT_EQ(message_of(""), message_of(nullptr));
}

// This test program is not installed: share/antq/rulebooks is not beside it, and the error
// says where it looked and what to set.
TEST(shipped_rulebooks_directory, not_found_says_where_it_looked_and_what_to_set) {
    const std::string message = message_of(nullptr);
    EXPECT_THAT(message, HasSubstr("the rulebooks shipped with antq were not found in "));
    EXPECT_THAT(message, HasSubstr("share/antq/rulebooks"));
    EXPECT_THAT(message, HasSubstr("set ANTQ_RULEBOOKS_DIR to their folder"));
}
