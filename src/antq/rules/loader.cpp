#include <antq/rulebook_loader.hpp>

#include "antq/diagnostics_cap.hpp"
#include "antq/io/read_file.hpp"
#include "antq/rules/compile.hpp"
#include "antq/rules/reader.hpp"
#include "antq/rules/validate.hpp"
#include "antq/rules/yaml_tree.hpp"

#include <antq/compiled_rulebook.hpp>
#include <antq/rulebook_lint.hpp>

#include <algorithm>
#include <fstream>
#include <new>
#include <sstream>
#include <system_error>

namespace antq {

namespace {

using detail::rules::line_index;

// File order: what comes first in the file is reported first; problems of the whole file
// (no line) before all.
void sort_by_place(std::vector<diagnostic>& items) {
    std::stable_sort(items.begin(), items.end(), [](const diagnostic& a, const diagnostic& b) {
        return std::pair{a.where.line, a.where.column} < std::pair{b.where.line, b.where.column};
    });
}

// input_error keeps the first problems of the file in this order (cap_diagnostics_per_file).
[[noreturn]] void throw_sorted(diagnostic_list& problems) {
    auto items = problems.take();
    sort_by_place(items);
    throw input_error(std::move(items));
}

// Reads, validates and compiles; every problem goes to `problems`.
// `compiled`, when given, receives the compiled form, so that a caller who needs it (a set
// being loaded) does not compile the rulebook a second time.
rulebook read_checked(std::string text, std::string file,
                      std::shared_ptr<const engine_registry> engines, diagnostic_list& problems,
                      std::shared_ptr<compiled_rulebook::impl>* compiled = nullptr) {
    rulebook book;
    book.file = std::move(file);
    book.source_text = std::move(text);
    {
        const line_index lines(book.source_text, book.file);
        const auto root = detail::rules::read_yaml(lines, problems);
        if (!root) {
            return book;
        }
        detail::rules::broken_paths broken;
        if (!detail::rules::read_rulebook(*root, lines, book, problems, broken)) {
            return book;
        }
        detail::rules::validate_rulebook(book, broken, problems);
        if (!detail::rules::within_count_limits(book)) {
            return book;
        }
    }
    auto plans = detail::rules::compile_plans(std::make_shared<const rulebook>(book),
                                              std::move(engines), problems);
    if (compiled != nullptr) {
        *compiled = std::move(plans);
    }
    return book;
}

// The text of `path`, or nullopt (with a diagnostic) when it is too large to be a rulebook.
std::optional<std::string> read_text(const std::filesystem::path& path, diagnostic_list& problems) {
    // Refuses a FIFO or device before opening it (opening a FIFO would wait for a writer).
    const auto size = detail::regular_file_size(path);
    if (size > detail::rules::max_file_size) {
        problems.add({path.string(), 0, 0}, "file is too large (" + std::to_string(size) +
                                                " bytes; a rulebook may have at most " +
                                                std::to_string(detail::rules::max_file_size) +
                                                " bytes)");
        return std::nullopt;
    }
    const auto buffer = detail::read_file(path);
    return std::string(buffer.view());
}

rulebook_check check_text(std::string text, std::string file, const engine_registry& engines) {
    rulebook_check out;
    out.file = file;
    diagnostic_list problems;
    // A check reports; it does not throw for what it finds. Whatever a part of the library
    // (or a user's engine) throws becomes a diagnostic of the file, so that checking many
    // files goes on to the next one.
    try {
        std::shared_ptr<compiled_rulebook::impl> compiled;
        auto book = read_checked(std::move(text), file, detail::rules::kept_registry(engines),
                                 problems, &compiled);
        if (problems.has_errors()) {
            out.diagnostics = problems.take();
        } else {
            // The compiled form of the check, with the engines given: not compiled again.
            out.diagnostics =
                compiled ? detail::rules::lint_compiled(*compiled) : lint_rulebook(book);
            out.book = std::move(book);
        }
    } catch (const input_error& e) {
        out.book.reset();
        out.diagnostics = problems.take();
        out.diagnostics.insert(out.diagnostics.end(), e.diagnostics().begin(),
                               e.diagnostics().end());
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const std::exception& e) {
        out.book.reset();
        out.diagnostics = problems.take();
        out.diagnostics.push_back(diagnostic{{file, 0, 0}, severity::error, e.what()});
    }
    sort_by_place(out.diagnostics);
    detail::cap_diagnostics_per_file(out.diagnostics);
    return out;
}

rulebook_cases read_cases(std::string text, std::string file) {
    rulebook_cases out;
    out.file = file;
    diagnostic_list problems;
    const line_index lines(text, file);
    if (const auto root = detail::rules::read_yaml(lines, problems)) {
        detail::rules::read_test_cases(*root, lines, out.tests, out.rulebook, problems);
    }
    if (problems.has_errors()) {
        throw_sorted(problems);
    }
    return out;
}

}  // namespace

rulebook parse_rulebook(std::string_view yaml, std::string file_name,
                        const engine_registry& engines) {
    diagnostic_list problems;
    auto book = read_checked(std::string(yaml), std::move(file_name),
                             detail::rules::kept_registry(engines), problems);
    if (problems.has_errors()) {
        throw_sorted(problems);
    }
    return book;
}

compiled_rulebook parse_compiled_rulebook(std::string_view yaml, std::string file_name,
                                          const engine_registry& engines) {
    diagnostic_list problems;
    std::shared_ptr<compiled_rulebook::impl> compiled;
    static_cast<void>(read_checked(std::string(yaml), std::move(file_name),
                                   detail::rules::kept_registry(engines), problems, &compiled));
    if (problems.has_errors()) {
        throw_sorted(problems);
    }
    return detail::rules::access::make(std::move(compiled));
}

compiled_rulebook load_compiled_rulebook(const std::filesystem::path& path,
                                         const engine_registry& engines) {
    return detail::rules::load_compiled(path, detail::rules::kept_registry(engines));
}

rulebook load_rulebook(const std::filesystem::path& path, const engine_registry& engines) {
    diagnostic_list problems;
    auto text = read_text(path, problems);
    if (!text) {
        throw_sorted(problems);
    }
    return parse_rulebook(*text, path.string(), engines);
}

rulebook_check check_rulebook_text(std::string_view yaml, std::string file_name,
                                   const engine_registry& engines) {
    return check_text(std::string(yaml), std::move(file_name), engines);
}

rulebook_check check_rulebook(const std::filesystem::path& path, const engine_registry& engines) {
    diagnostic_list problems;
    auto text = read_text(path, problems);
    if (!text) {
        rulebook_check out;
        out.file = path.string();
        out.diagnostics = problems.take();
        return out;
    }
    return check_text(std::move(*text), path.string(), engines);
}

rulebook_cases parse_rulebook_cases(std::string_view yaml, std::string file_name) {
    return read_cases(std::string(yaml), std::move(file_name));
}

rulebook_cases load_rulebook_cases(const std::filesystem::path& path) {
    diagnostic_list problems;
    auto text = read_text(path, problems);
    if (!text) {
        throw_sorted(problems);
    }
    return read_cases(std::move(*text), path.string());
}

compiled_rulebook detail::rules::load_compiled(const std::filesystem::path& path,
                                               std::shared_ptr<const engine_registry> engines) {
    diagnostic_list problems;
    auto text = read_text(path, problems);
    if (!text) {
        throw_sorted(problems);
    }
    std::shared_ptr<compiled_rulebook::impl> compiled;
    static_cast<void>(
        read_checked(std::move(*text), path.string(), std::move(engines), problems, &compiled));
    if (problems.has_errors()) {
        throw_sorted(problems);
    }
    return detail::rules::access::make(std::move(compiled));
}

// ---- compiled_rulebook ----

compiled_rulebook::compiled_rulebook(std::shared_ptr<const impl> p) noexcept
    : impl_(std::move(p)) {}

const rulebook& compiled_rulebook::source() const noexcept {
    return *impl_->source;
}

const std::string& compiled_rulebook::id() const noexcept {
    return impl_->source->id;
}

std::size_t compiled_rulebook::version_index_for(const period& p) const {
    // version_for throws the message naming the rulebook and the date.
    const auto& versions = impl_->source->versions;
    return static_cast<std::size_t>(&impl_->source->version_for(p) - versions.data());
}

compiled_rulebook compile_rulebook(const rulebook& book, const engine_registry& engines) {
    return detail::rules::compile(book, detail::rules::kept_registry(engines));
}

const engine_registry& compiled_rulebook::engines() const noexcept {
    return *impl_->engines;
}

compiled_rulebook detail::rules::compile(const rulebook& book,
                                         std::shared_ptr<const engine_registry> engines) {
    diagnostic_list problems;
    detail::rules::validate_rulebook(book, {}, problems);
    if (!detail::rules::within_count_limits(book)) {
        throw_sorted(problems);
    }
    auto compiled = detail::rules::compile_plans(std::make_shared<const rulebook>(book),
                                                 std::move(engines), problems);
    if (problems.has_errors()) {
        throw_sorted(problems);
    }
    return detail::rules::access::make(std::move(compiled));
}

}  // namespace antq
