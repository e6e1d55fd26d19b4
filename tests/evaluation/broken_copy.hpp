#pragma once

// A copy of the shipped Quảng Trung data with one cell of observations.csv changed (a blank
// or a typo), in a fresh folder removed afterwards: what an officer's broken spreadsheet
// looks like, without keeping a second copy of the data in the repository.

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

namespace antq::test_support {

/// A copy of examples/data/quang-trung in a fresh folder, with the cell `column` of the row
/// of `subject` in `period` of observations.csv replaced by `cell`.
class broken_copy {
  public:
    broken_copy(std::string_view subject, std::string_view period, std::string_view column,
                std::string_view cell) {
        static int made = 0;
        folder_ = std::filesystem::temp_directory_path() /
                  ("antq-broken-" + std::to_string(::getpid()) + "-" + std::to_string(made++));
        std::filesystem::remove_all(folder_);
        std::filesystem::copy(
            std::filesystem::path(ANTQ_SOURCE_DIR) / "examples" / "data" / "quang-trung", folder_);
        const std::filesystem::path file = folder_ / "observations.csv";
        std::ifstream in(file);
        std::stringstream buffer;
        buffer << in.rdbuf();
        in.close();
        std::string text = buffer.str();
        const std::string header = text.substr(0, text.find('\n'));
        std::size_t index = 0;
        bool found = false;
        for (std::size_t at = 0, k = 0; at <= header.size(); ++k) {
            const std::size_t end = std::min(header.find(',', at), header.size());
            if (header.substr(at, end - at) == column) {
                index = k;
                found = true;
                break;
            }
            at = end + 1;
        }
        EXPECT_TRUE(found) << column;
        const std::string key = "\n" + std::string(subject) + "," + std::string(period) + ",";
        const std::size_t row = text.find(key);
        EXPECT_NE(row, std::string::npos) << key;
        std::size_t at = row + 1;
        for (std::size_t k = 0; k < index; ++k) {
            at = text.find(',', at) + 1;
        }
        const std::size_t end = text.find_first_of(",\n", at);
        original_ = text.substr(at, end - at);
        text.replace(at, end - at, cell);
        std::ofstream(file, std::ios::trunc) << text;
    }
    ~broken_copy() {
        std::error_code ignored;
        std::filesystem::remove_all(folder_, ignored);
    }
    broken_copy(const broken_copy&) = delete;
    broken_copy& operator=(const broken_copy&) = delete;

    [[nodiscard]] const std::filesystem::path& folder() const noexcept { return folder_; }
    [[nodiscard]] const std::string& original() const noexcept { return original_; }

  private:
    std::filesystem::path folder_;
    std::string original_;
};

}  // namespace antq::test_support
