#include <antq/archive.hpp>

#include <antq/error.hpp>
#include <antq/serialization.hpp>

#include "antq/persistence/archive_io.hpp"
#include "antq/persistence/container.hpp"

#include <fmt/format.h>

namespace antq {

std::string_view to_string(archive_format f) noexcept {
    switch (f) {
        case archive_format::text:
            return "text";
        case archive_format::xml:
            return "xml";
        case archive_format::binary:
            return "binary";
    }
    return "binary";
}

std::string_view to_string(archive_content c) noexcept {
    switch (c) {
        case archive_content::snapshot:
            return "snapshot";
        case archive_content::dataset:
            return "dataset";
        case archive_content::rulebooks:
            return "rulebooks";
    }
    return "snapshot";
}

std::optional<archive_format> parse_archive_format(std::string_view text) noexcept {
    for (const auto f : {archive_format::text, archive_format::xml, archive_format::binary}) {
        if (text == to_string(f)) {
            return f;
        }
    }
    return std::nullopt;
}

archive_info inspect_archive(const std::filesystem::path& file) {
    return detail::open_container(file, std::nullopt).info;
}

void save_dataset_archive(const dataset& data, const std::filesystem::path& file,
                          archive_format format) {
    detail::persistence::save_archive(file, archive_content::dataset, format, "dataset", data);
}

dataset load_dataset_archive(const std::filesystem::path& file) {
    dataset data;
    detail::persistence::load_archive(file, archive_content::dataset, "dataset", data);
    return data;
}

void save_rulebook_archive(std::span<const rulebook> books, const std::filesystem::path& file,
                           archive_format format) {
    for (const auto& b : books) {
        if (b.source_text.empty()) {
            throw usage_error(fmt::format(
                "cannot save rulebook '{}' in '{}': it was built in code and has no source text",
                b.id, file.string()));
        }
    }
    detail::persistence::save_archive(file, archive_content::rulebooks, format, "rulebooks",
                                      detail::persistence::make_sequence(books));
}

std::vector<rulebook> load_rulebook_archive(const std::filesystem::path& file,
                                            const engine_registry& engines) {
    std::vector<rulebook> books;
    const auto items = detail::persistence::make_sequence(books);
    detail::persistence::load_archive(file, archive_content::rulebooks, "rulebooks", items,
                                      &engines);
    return books;
}

namespace detail::persistence {

std::string describe(const boost::archive::archive_exception& e) {
    using code = boost::archive::archive_exception::exception_code;
    switch (e.code) {
        case code::unsupported_version:
            return "written by a newer Boost.Serialization than this antq was built with";
        case code::incompatible_native_format:
            return "a binary archive written on an incompatible machine (type sizes or byte "
                   "order differ)";
        case code::invalid_signature:
            return "the content is not a Boost.Serialization archive";
        default:
            return std::string("the archive cannot be read: ") + e.what();
    }
}

void throw_unreadable(const std::filesystem::path& file, archive_content content,
                      const std::string& why) {
    throw corrupt_file_error(
        fmt::format("{}: cannot read the {}: {}", file.string(), to_string(content), why));
}

}  // namespace detail::persistence

}  // namespace antq
