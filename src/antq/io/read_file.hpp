#pragma once

// Reading a whole file into memory with one read: loaders parse from the buffer.

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string_view>

namespace antq::detail {

/// A file's bytes, not zero-filled first (a dataset may be hundreds of megabytes).
class file_buffer {
  public:
    file_buffer() = default;
    file_buffer(std::unique_ptr<char[]> data, std::size_t size)
        : data_(std::move(data)), size_(size) {}

    [[nodiscard]] std::string_view view() const noexcept { return {data_.get(), size_}; }

  private:
    std::unique_ptr<char[]> data_;
    std::size_t size_ = 0;
};

/// Reads `path` whole; throws `io_error` naming it when it cannot be opened or read.
[[nodiscard]] file_buffer read_file(const std::filesystem::path& path);

}  // namespace antq::detail
