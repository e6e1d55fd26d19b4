// Boost.Serialization of rulebooks (declared in antq/serialization.hpp): a rulebook is kept
// as the text it was read from, never as a compiled plan, and parsed again when loaded, so
// that an archive never outlives the checks its rules must pass. The id and version names
// are saved beside the text so that a source that now reads differently is caught.

#include <antq/rulebook_loader.hpp>
#include <antq/rulebook_writer.hpp>
#include <antq/serialization.hpp>

#include "antq/persistence/serialize_support.hpp"

#include <fmt/format.h>

#include <utility>

namespace antq {

using detail::persistence::check_version;
using detail::persistence::field;
using detail::persistence::invalid_content;

namespace {

std::vector<std::string> version_names(const rulebook& b) {
    std::vector<std::string> names;
    names.reserve(b.versions.size());
    for (const auto& v : b.versions) {
        names.push_back(v.version);
    }
    return names;
}

}  // namespace

template <class Archive>
void save(Archive& ar, const rulebook& b, unsigned int /*version*/) {
    field(ar, "id", b.id);
    field(ar, "file", b.file);
    field(ar, "versions", version_names(b));
    // The text that describes the rule as it is now: a rulebook changed in code after it
    // was read is saved as written from its fields, not as its stale file.
    const std::string text = rulebook_text(b);
    field(ar, "source_text", text);
}

template <class Archive>
void load(Archive& ar, rulebook& b, unsigned int version) {
    check_version<rulebook, Archive>(version, "rulebook");
    std::string id;
    std::string file;
    std::vector<std::string> versions;
    std::string source_text;
    field(ar, "id", id);
    field(ar, "file", file);
    field(ar, "versions", versions);
    field(ar, "source_text", source_text);

    const auto& loading = detail::persistence::context(ar);
    compiled_rulebook compiled = parse_compiled_rulebook(
        source_text, file, loading.engines ? *loading.engines : builtin_engines());
    const rulebook& parsed = compiled.source();
    if (parsed.id != id || version_names(parsed) != versions) {
        throw invalid_content(fmt::format(
            "the source of rulebook '{}' ({}) now reads as rulebook '{}' with versions {}, "
            "not versions {}",
            id, file, parsed.id, fmt::join(version_names(parsed), ", "),
            fmt::join(versions, ", ")));
    }
    b = parsed;
    if (loading.compiled != nullptr) {
        loading.compiled->push_back(std::move(compiled));
    }
}

ANTQ_INSTANTIATE_SAVE_LOAD(rulebook);

}  // namespace antq
