#pragma once

// Writing files so that an interrupted run never leaves a half-written one: the content
// goes to a temporary file in the same folder (`name.tmp-XXXXXX`), is flushed to disk,
// then renamed over the target, which POSIX makes atomic within one file system.

#include <filesystem>
#include <string_view>

namespace antq::detail {

/// Writes `content` to `path` atomically. Throws `io_error` naming the path when the
/// folder cannot be written, the disk is full or the rename fails; the target is then
/// untouched and no temporary file is left behind.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

/// For output written in pieces: `write` appends to a temporary file beside `path`;
/// `commit` flushes it and renames it over `path`. Destroyed without `commit` (an error
/// on the way), it removes the temporary file and leaves `path` as it was.
class atomic_writer {
  public:
    /// Creates the temporary file; throws `io_error`.
    explicit atomic_writer(std::filesystem::path path);
    ~atomic_writer();
    atomic_writer(const atomic_writer&) = delete;
    atomic_writer& operator=(const atomic_writer&) = delete;

    /// Appends `data`; throws `io_error`.
    void write(std::string_view data);
    /// Flushes to disk and renames over the target; throws `io_error`. Once only.
    void commit();

  private:
    void discard() noexcept;

    std::filesystem::path path_;
    std::filesystem::path temporary_;
    int fd_ = -1;
};

}  // namespace antq::detail
