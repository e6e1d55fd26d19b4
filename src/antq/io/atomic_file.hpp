#pragma once

// Writing files so that an interrupted run never leaves a half-written one: the content
// goes to a temporary file in the same folder (`name.tmp-XXXXXX`), is flushed to disk,
// then renamed over the target, which POSIX makes atomic within one file system. What
// cannot be replaced (a device, a FIFO, /dev/stdout) is written straight into, and a
// symbolic link's target is replaced, not the link (see include/antq/output.hpp).

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace antq::detail {

/// Writes `content` to `path`: atomically when `path` is (or links to) a regular file or
/// does not exist, directly into a device or FIFO. Throws `io_error` naming the path when
/// the folder cannot be written, the disk is full or the rename fails; the target is then
/// untouched and no temporary file is left behind. Inside an `output_batch` the write is
/// prepared now and completed by the batch's commit.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

/// Takes the pieces of a content one after another, in order.
using piece_sink = std::function<void(std::string_view)>;

/// The same for content made while it is written (a large output made on several
/// threads, a round at a time): `produce` is called once and hands its pieces to the sink
/// it is given, each written before the next is made, so that the whole content is never
/// held (a device or FIFO inside an `output_batch` still gets it in one text at the
/// commit). An exception from `produce` leaves `path` as it was, but for a device or FIFO
/// outside a batch, which keeps what was written into it.
void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(const piece_sink&)>& produce);

/// For output written in pieces: `write` appends to a temporary file beside `path`;
/// `commit` flushes it and renames it over `path`. Destroyed without `commit` (an error
/// on the way), it removes the temporary file and leaves `path` as it was. The temporary
/// file is registered for removal on SIGINT/SIGTERM/SIGHUP while it exists.
class atomic_writer {
  public:
    /// Creates the temporary file; throws `io_error`. `path` must be a regular file or
    /// absent (see `write_file_atomically` for the other cases).
    explicit atomic_writer(std::filesystem::path path);
    ~atomic_writer();
    atomic_writer(const atomic_writer&) = delete;
    atomic_writer& operator=(const atomic_writer&) = delete;

    /// Appends `data`; throws `io_error`.
    void write(std::string_view data);
    /// Flushes to disk and renames over the target; throws `io_error`. Once only.
    void commit();
    /// The first half of `commit`: flushes to disk and closes the temporary file.
    void prepare();
    /// The second half: renames the prepared temporary file over the target.
    void publish();

    [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

  private:
    void discard() noexcept;
    void write_behind() noexcept;

    std::filesystem::path path_;
    std::filesystem::path temporary_;
    int fd_ = -1;
    int slot_ = -1;  // in the registry of temporary files removed on a signal
    bool prepared_ = false;
    // Write-behind (`write_behind`): the bytes written, the end of those handed to the
    // disk, and the end of those known to be on it.
    std::uint64_t written_ = 0;
    std::uint64_t started_ = 0;
    std::uint64_t settled_ = 0;
};

/// The writes an `output_batch` holds until its commit.
struct staging {
    std::vector<std::unique_ptr<atomic_writer>> prepared;
    std::vector<std::pair<std::filesystem::path, std::string>> direct;  // devices, FIFOs
    bool committed = false;
};

/// The batch open on this thread, or null.
staging*& current_staging() noexcept;

/// Completes a batch's writes: direct writes first (they are the likelier to fail, and
/// then nothing has been replaced yet), then the renames. Throws `io_error`.
void commit_staging(staging& s);

/// Unlinks every registered temporary file; async-signal-safe.
void remove_registered_temporaries() noexcept;

}  // namespace antq::detail
