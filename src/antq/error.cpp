#include <antq/error.hpp>

#include <antq/limits.hpp>
#include "antq/diagnostics_cap.hpp"

#include <algorithm>
#include <map>

namespace antq {

namespace {

std::string join_lines(const std::vector<diagnostic>& diagnostics) {
    std::string text;
    for (const auto& d : diagnostics) {
        if (!text.empty()) {
            text += '\n';
        }
        text += d.to_string();
    }
    return text;
}

}  // namespace

std::string diagnostic::to_string() const {
    std::string text;
    if (!where.file.empty()) {
        text += where.file;
        if (where.line > 0) {
            text += ':' + std::to_string(where.line);
            if (where.column > 0) {
                text += ':' + std::to_string(where.column);
            }
        }
        text += ": ";
    }
    text += severity == severity::error ? "error: " : "warning: ";
    text += message;
    return text;
}

namespace detail {

void cap_diagnostics_per_file(std::vector<diagnostic>& diagnostics) {
    if (diagnostics.size() <= max_diagnostics_per_file) {
        return;
    }
    std::map<std::string, std::size_t> per_file;
    std::vector<diagnostic> kept;
    kept.reserve(max_diagnostics_per_file);
    for (auto& d : diagnostics) {
        if (++per_file[d.where.file] <= max_diagnostics_per_file) {
            kept.push_back(std::move(d));
        }
    }
    for (const auto& [file, count] : per_file) {
        if (count > max_diagnostics_per_file) {
            kept.push_back(diagnostic{{file, 0, 0},
                                      severity::error,
                                      "and " + std::to_string(count - max_diagnostics_per_file) +
                                          " more problems in this file (only the first " +
                                          std::to_string(max_diagnostics_per_file) +
                                          " are shown)"});
        }
    }
    diagnostics = std::move(kept);
}

}  // namespace detail

namespace {

const std::vector<diagnostic>& capped(std::vector<diagnostic>& diagnostics) {
    detail::cap_diagnostics_per_file(diagnostics);
    return diagnostics;
}

}  // namespace

input_error::input_error(std::vector<diagnostic> diagnostics)
    : error(join_lines(capped(diagnostics))), diagnostics_(std::move(diagnostics)) {}

namespace {

std::string engine_message(const std::string& detail, std::optional<std::size_t> subject) {
    return subject ? detail + " for subject " + std::to_string(*subject) : detail;
}

}  // namespace

engine_error::engine_error(const std::string& detail, std::optional<std::size_t> subject_index)
    : error(engine_message(detail, subject_index)),
      detail_(detail),
      subject_index_(subject_index) {}

// Once the subject is named by its id in `context`, its index in the cohort means nothing
// to the reader, so the message is the context and the detail alone.
engine_error::engine_error(const std::string& context, const engine_error& inner)
    : error(context + ": " + inner.detail()),
      detail_(inner.detail()),
      subject_index_(inner.subject_index()) {}

void diagnostic_list::add(source_location where, std::string message, severity level) {
    items_.push_back(diagnostic{std::move(where), level, std::move(message)});
}

bool diagnostic_list::has_errors() const noexcept {
    return std::any_of(items_.begin(), items_.end(),
                       [](const diagnostic& d) { return d.severity == severity::error; });
}

void diagnostic_list::throw_if_errors() {
    if (has_errors()) {
        throw input_error(take());
    }
}

}  // namespace antq
