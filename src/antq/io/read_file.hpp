#pragma once

// Reading a whole file into memory with one read: loaders parse from the buffer.

#include <cstddef>
#include <cstdint>
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

/// The size of `path`, which must be a regular file (or a symbolic link to one); throws
/// `io_error` naming it otherwise. For readers that check a size limit before reading.
[[nodiscard]] std::uint64_t regular_file_size(const std::filesystem::path& path);

/// Whether a folder entry is a regular file, following symbolic links; false for a link to
/// nothing. Throws `io_error` naming the entry when that cannot be known (a symbolic link
/// loop, a name too long for the system), rather than `std::filesystem::filesystem_error`.
[[nodiscard]] bool is_regular_entry(const std::filesystem::directory_entry& entry);

/// Reads `path` whole; throws `io_error` naming it when it cannot be opened or read, or
/// when it is not a regular file (a FIFO, device or socket is refused without waiting on
/// it; a symbolic link to a regular file is read).
[[nodiscard]] file_buffer read_file(const std::filesystem::path& path);

}  // namespace antq::detail
