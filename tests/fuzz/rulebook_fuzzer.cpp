// Fuzzes the rulebook loader: the input is a rulebook file's bytes (YAML or JSON, or
// anything else). It is loaded with parse_rulebook, checked with check_rulebook_text and
// read as a test file with parse_rulebook_cases.
//
// Invariants: only antq::error and its subclasses escape the loaders, and
// check_rulebook_text throws nothing; a refused input carries at least one error; every
// diagnostic (lint warnings too) has a message and a line within the text;
// check_rulebook_text accepts exactly what parse_rulebook accepts, and a loaded rulebook
// keeps its file name and source text.

#include "fuzz_support.hpp"

#include <antq/error.hpp>
#include <antq/rulebook.hpp>
#include <antq/rulebook_loader.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace {

using antq::fuzz::check;

constexpr const char* file_name = "fuzz.yaml";

void check_places(const std::vector<antq::diagnostic>& diagnostics, std::string_view text) {
    const std::size_t lines = antq::fuzz::line_count(text);
    for (const antq::diagnostic& d : diagnostics) {
        check(!d.message.empty(), "a diagnostic has no message");
        check(d.where.line <= lines, "a diagnostic's line lies past the end of the text");
    }
}

void check_diagnostics(const std::vector<antq::diagnostic>& diagnostics, std::string_view text) {
    const bool has_error = std::any_of(diagnostics.begin(), diagnostics.end(), [](const auto& d) {
        return d.severity == antq::severity::error;
    });
    check(has_error, "a refused rulebook carries no error");
    check_places(diagnostics, text);
}

// Whether parse_rulebook accepts the text; a refusal must be an antq::error.
bool loads(std::string_view text) {
    try {
        const antq::rulebook book = antq::parse_rulebook(text, file_name);
        check(book.file == file_name, "a loaded rulebook lost its file name");
        check(book.source_text == text, "a loaded rulebook lost its source text");
        return true;
    } catch (const antq::input_error& e) {
        check_diagnostics(e.diagnostics(), text);
    } catch (const antq::error&) {
        // Any other of the library's errors is a clean refusal too.
    }
    return false;
}

void check_cases(std::string_view text) {
    try {
        static_cast<void>(antq::parse_rulebook_cases(text, "fuzz.cases.yaml"));
    } catch (const antq::input_error& e) {
        check_diagnostics(e.diagnostics(), text);
    } catch (const antq::error&) {
        // A clean refusal.
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = antq::fuzz::as_text(data, size);
    const bool loaded = loads(text);

    const antq::rulebook_check checked = antq::check_rulebook_text(text, file_name);
    check(checked.ok() == loaded, "check_rulebook_text and parse_rulebook disagree");
    if (checked.ok()) {
        check_places(checked.diagnostics, text);  // lint warnings
    } else {
        check_diagnostics(checked.diagnostics, text);
    }

    check_cases(text);
    return 0;
}
