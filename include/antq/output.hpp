#pragma once

/// \file
/// How the library writes files, for programs that write several or may be interrupted.
///
/// Every file the library writes (`save_results`, `save_snapshot`, `write_report`,
/// `save_dataset_csv`, `save_dataset_json`, `save_boundary_cases`, the archives) goes
/// through one writer, which:
/// - replaces a regular file atomically: the content goes to a temporary file beside it
///   (`name.tmp-XXXXXX`), is flushed to disk, then renamed over it, so the old file
///   survives any failure;
/// - writes through a symbolic link as the user meant: the file it points to is replaced
///   atomically and the link stays a link;
/// - writes straight into what cannot be replaced: a character device (`/dev/null`,
///   a terminal), a FIFO, or a descriptor named under `/proc` (`/dev/stdout`,
///   `/dev/fd/N`), appending there; such a write is not atomic;
/// - refuses a folder (`io_error`).
/// Every failure is an `io_error` naming the file and the system's reason.

#include <antq/export.hpp>

#include <memory>

namespace antq {

namespace detail {
struct staging;
}

/// Groups the files that the library writes on this thread while the batch is alive, so
/// that they are all put in place or none is. Each file is written in full to its
/// temporary file and flushed to disk when the library call returns, but only `commit`
/// renames them over their targets (and writes what goes straight to a device, see the
/// file comment). A run that fails half way (an exception before `commit`) therefore
/// changes no file: the destructor removes the temporary files.
///
/// `commit` fails only if a rename or a device write fails after everything was prepared
/// (rare: a file system that changed under the run); its `io_error` then names the file
/// that failed and those already put in place. Batches do not nest: opening a second one
/// on a thread where one is open throws `usage_error`.
class ANTQ_EXPORT output_batch {
  public:
    output_batch();
    ~output_batch();
    output_batch(const output_batch&) = delete;
    output_batch& operator=(const output_batch&) = delete;

    /// Puts every prepared file in place, in the order written. Once only; throws
    /// `io_error` (see above) or `usage_error` when called twice.
    void commit();

  private:
    std::unique_ptr<detail::staging> staging_;
};

/// For programs: installs handlers for SIGINT, SIGTERM and SIGHUP that remove the
/// temporary files of writes in progress (and of an `output_batch` not yet committed),
/// then end the process by the same signal, as if there were no handler. The targets are
/// untouched. A signal the process ignores (`nohup`) or already handles is left alone.
/// The handlers only call async-signal-safe functions. Temporary files beyond the first
/// 64 in progress at once are not tracked (they are still removed on every error path).
ANTQ_EXPORT void remove_temporary_files_on_signals();

}  // namespace antq
