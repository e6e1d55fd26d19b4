#pragma once

/// \file
/// Snapshots: the results of one or more rulebooks in one period, saved with where they
/// came from (the rulebooks' and the dataset's content hashes, the library version, the day
/// they were made), so that they can be shown, compared with a later period
/// (`evaluation::set_previous`) and reproduced. Saved in the checked container of
/// `antq/archive.hpp`.

#include <antq/archive.hpp>
#include <antq/evaluate.hpp>
#include <antq/export.hpp>
#include <antq/period.hpp>

#include <filesystem>

namespace antq {

/// An evaluation (results, rulebook and dataset hashes, library version, fingerprint) and
/// the day it was saved.
struct snapshot {
    antq::evaluation evaluation;
    date created;  ///< the day the snapshot was made; `not_a_date_time` when not known
};

/// A snapshot of `e` dated today (the local date).
[[nodiscard]] ANTQ_EXPORT snapshot make_snapshot(antq::evaluation e);

/// Saves `s` to `file` atomically (the previous file, if any, survives a failed save).
/// Throws `usage_error` when its results are of different periods (`period_text`),
/// `io_error` when the file cannot be written.
ANTQ_EXPORT void save_snapshot(const snapshot& s, const std::filesystem::path& file,
                               archive_format format = archive_format::binary);

/// Loads a snapshot, whatever archive format it was saved in (the header says). Throws
/// `corrupt_file_error` naming the file and what is wrong when it is not an antq archive,
/// holds something other than a snapshot, was written by a newer container or class
/// version, is truncated, or fails its checksum (all checked before anything is read); or
/// when its content cannot be read back. `io_error` when it cannot be read at all.
///
/// To compare a new evaluation with a saved one (`antq evaluate --previous FILE.antq`):
/// `current.set_previous(load_snapshot(file).evaluation)`.
[[nodiscard]] ANTQ_EXPORT snapshot load_snapshot(const std::filesystem::path& file);

}  // namespace antq
