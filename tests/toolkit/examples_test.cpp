// The README's quick start is examples/01_quick_start.cpp, verbatim: the example is built and
// run as a test, so the README cannot drift from code that works.

#include "toolkit/toolkit_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace antq {
namespace {

TEST(examples, the_readme_quotes_the_quick_start_verbatim) {
    const std::filesystem::path root(ANTQ_SOURCE_DIR);
    const std::string example = test_support::read_text(root / "examples" / "01_quick_start.cpp");
    const std::string readme = test_support::read_text(root / "README.md");
    ASSERT_FALSE(example.empty());
    EXPECT_NE(readme.find("```cpp\n" + example + "```\n"), std::string::npos)
        << "README.md must quote examples/01_quick_start.cpp in a ```cpp block, unchanged";
}

}  // namespace
}  // namespace antq
