// Fuzzes the JSON dataset reader: the input is a dataset.json document's bytes.
//
// Invariants: only antq::error and its subclasses escape parse_dataset_json, a refused
// document carries at least one diagnostic with a message; a document read writes back
// (write_dataset_json) to a document that reads back to an equal dataset with the same
// content hash.

#include "fuzz_support.hpp"

#include <antq/dataset.hpp>
#include <antq/error.hpp>

#include "antq/dataset/dataset_io.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace {

using antq::fuzz::check;

std::optional<antq::dataset> read(std::string_view json) {
    try {
        return antq::parse_dataset_json(json, "fuzz.json");
    } catch (const antq::input_error& e) {
        check(!e.diagnostics().empty(), "a refused dataset carries no diagnostic");
        for (const antq::diagnostic& d : e.diagnostics()) {
            check(!d.message.empty(), "a diagnostic has no message");
        }
    } catch (const antq::error&) {
        // Any other of the library's errors is a clean refusal too.
    }
    return std::nullopt;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::optional<antq::dataset> first = read(antq::fuzz::as_text(data, size));
    if (!first) {
        return 0;
    }
    check(first->content_hash.size() == 64, "a read dataset has no content hash");
    const std::string written = antq::detail::write_dataset_json(*first);
    const std::optional<antq::dataset> again = read(written);
    check(again.has_value(), "a written dataset does not read back");
    check(*again == *first, "a written dataset reads back different");
    check(again->content_hash == first->content_hash,
          "a written dataset reads back with another hash");
    return 0;
}
