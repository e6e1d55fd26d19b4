#pragma once

/// \file
/// The library's exceptions: one root, `antq::error`, and a few leaves. Expected
/// outcomes (a subject that is not eligible, data missing for one subject) are values
/// in the results, never exceptions.
///
/// What a call may throw: `antq::error` or one of its leaves, as each function says, and
/// `std::bad_alloc` when memory runs out (a dataset or snapshot too large for the machine,
/// an address-space limit). Nothing else: file-system failures (a symbolic link loop, a
/// name too long, a folder that cannot be read) are `io_error` naming the path, never
/// `std::filesystem::filesystem_error`. A failure on a worker thread is brought back to
/// the calling thread and thrown there.

#include <antq/export.hpp>

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace antq {

/// Where something is in a source file. Lines and columns are 1-based; 0 means unknown.
struct source_location {
    std::string file;
    std::size_t line = 0;
    std::size_t column = 0;

    friend bool operator==(const source_location&, const source_location&) = default;
};

enum class severity { error, warning };

/// One message about an input, printed as `file:line:col: error: message`.
struct diagnostic {
    source_location where;
    antq::severity severity = severity::error;
    std::string message;

    /// `file:line:col: error: message`; parts that are unknown (0 or empty) are left out.
    [[nodiscard]] ANTQ_EXPORT std::string to_string() const;

    friend bool operator==(const diagnostic&, const diagnostic&) = default;
};

/// The root of every exception antq throws.
class ANTQ_EXPORT error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// An input (rulebook, dataset) is wrong. Carries every problem found, not only the
/// first, up to `max_diagnostics_per_file` (antq/limits.hpp) per file, then one line saying
/// how many more there were; `what()` is all of them, one per line.
class ANTQ_EXPORT input_error : public error {
  public:
    explicit input_error(std::vector<diagnostic> diagnostics);

    [[nodiscard]] const std::vector<diagnostic>& diagnostics() const noexcept {
        return diagnostics_;
    }

  private:
    std::vector<diagnostic> diagnostics_;
};

/// A file could not be read or written (missing, permissions, full disk).
class ANTQ_EXPORT io_error : public error {
  public:
    using error::error;
};

/// A saved file is damaged or not what it claims to be (bad magic, checksum, truncated).
class ANTQ_EXPORT corrupt_file_error : public error {
  public:
    using error::error;
};

/// Something was asked that the library cannot answer (unknown subject, no version in
/// force for a date, unknown engine name).
class ANTQ_EXPORT usage_error : public error {
  public:
    using error::error;
};

/// A scoring engine failed: it gave a NaN or infinite score or contribution, or its
/// `do_score` threw. `what()` names the engine and what went wrong; inside an evaluation
/// it also names the rulebook, its version, the period and the subject (by id). `detail()`
/// is the message without the subject; `subject_index()` the subject's index in the cohort
/// handed to the engine, when the failure is about one subject.
class ANTQ_EXPORT engine_error : public error {
  public:
    explicit engine_error(const std::string& detail,
                          std::optional<std::size_t> subject_index = std::nullopt);
    /// The same failure, with `context` (the rulebook, period, subject...) before it.
    engine_error(const std::string& context, const engine_error& inner);

    [[nodiscard]] const std::string& detail() const noexcept { return detail_; }
    [[nodiscard]] std::optional<std::size_t> subject_index() const noexcept {
        return subject_index_;
    }

  private:
    std::string detail_;
    std::optional<std::size_t> subject_index_;
};

/// Collects diagnostics while an input is read, then throws them all at once.
class ANTQ_EXPORT diagnostic_list {
  public:
    void add(source_location where, std::string message, severity level = severity::error);
    void add(diagnostic d) { items_.push_back(std::move(d)); }

    [[nodiscard]] bool has_errors() const noexcept;
    [[nodiscard]] const std::vector<diagnostic>& items() const noexcept { return items_; }
    [[nodiscard]] std::vector<diagnostic> take() noexcept { return std::move(items_); }

    /// Throws `input_error` with every diagnostic (warnings included) when any is an error.
    void throw_if_errors();

  private:
    std::vector<diagnostic> items_;
};

}  // namespace antq
