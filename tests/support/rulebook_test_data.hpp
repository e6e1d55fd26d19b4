#pragma once

// Where the test rulebooks are: tests/data/rulebooks (good/ and bad/ rulebooks, and the
// schema's rulebook that uses every key).

#include <filesystem>

namespace antq::test_support {

/// tests/data/rulebooks
inline std::filesystem::path rulebook_test_data() {
    return std::filesystem::path(ANTQ_TEST_DATA_DIR) / "rulebooks";
}

}  // namespace antq::test_support
