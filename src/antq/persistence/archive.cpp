#include <antq/archive.hpp>

#include <antq/error.hpp>
#include <antq/serialization.hpp>

#include "antq/persistence/archive_io.hpp"
#include "antq/persistence/container.hpp"

#include <fmt/format.h>
#include <boost/archive/archive_exception.hpp>
#include <boost/archive/basic_archive.hpp>
#include <boost/archive/xml_archive_exception.hpp>

#include <algorithm>
#include <cstring>
#include <ios>
#include <istream>
#include <new>
#include <stdexcept>
#include <string>
#include <string_view>

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

rulebook_set load_rulebook_set_archive(const std::filesystem::path& file,
                                       const engine_registry& engines) {
    std::vector<rulebook> books;
    std::vector<compiled_rulebook> compiled;
    const auto items = detail::persistence::make_sequence(books);
    detail::persistence::load_archive(file, archive_content::rulebooks, "rulebooks", items,
                                      &engines, &compiled);
    return rulebook_set::from(std::move(compiled));
}

namespace detail::persistence {

namespace {

/// What the XML archive class writes after the value.
constexpr std::string_view xml_end_tag = "</boost_serialization>";
/// More bytes than any archive class writes after the value.
constexpr std::uint64_t longest_ending = 64;

std::string_view whitespace() {
    return " \t\r\n";
}

std::string_view trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(whitespace());
    if (first == std::string_view::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(whitespace()) - first + 1);
}

/// The bytes every archive starts with: for text and binary archives the length of Boost's
/// signature, then the signature; for XML the declaration Boost's grammar requires.
std::string expected_signature(archive_format format) {
    if (format == archive_format::xml) {
        return "<?xml ";
    }
    const std::string signature = boost::archive::BOOST_ARCHIVE_SIGNATURE();
    if (format == archive_format::text) {
        return std::to_string(signature.size()) + " " + signature;
    }
    const std::size_t length = signature.size();
    std::string bytes(sizeof length, '\0');
    std::memcpy(bytes.data(), &length, sizeof length);
    return bytes + signature;
}

std::string truncated(archive_content content) {
    return fmt::format("truncated: the content ends in the middle of the {}", to_string(content));
}

std::string bytes_after_end(std::uint64_t count, archive_content content) {
    return fmt::format("content unreadable: {} {} after the end of the {}", count,
                       count == 1 ? "byte" : "bytes", to_string(content));
}

std::string unreadable_at(std::string_view what, const content_position& where) {
    return fmt::format("content unreadable: {} at byte {} of the content", what, where.offset);
}

}  // namespace

content_position position_of(std::istream& in, std::uint64_t content_end) {
    // The stream buffer, not the stream: binary archives read the buffer directly, and a
    // failed stream reports no position.
    const auto at = in.rdbuf()->pubseekoff(0, std::ios::cur, std::ios::in);
    if (at < 0) {
        return {0, false};
    }
    const auto offset = static_cast<std::uint64_t>(static_cast<std::streamoff>(at));
    return {offset - std::min<std::uint64_t>(offset, container_header_size), offset >= content_end};
}

std::string describe(const boost::archive::archive_exception& e, archive_format format,
                     archive_content content, const content_position& where) {
    using code = boost::archive::archive_exception::exception_code;
    if (where.at_end) {
        return truncated(content);
    }
    if (dynamic_cast<const boost::archive::xml_archive_exception*>(&e) != nullptr) {
        return unreadable_at("malformed XML", where);
    }
    switch (e.code) {
        case code::invalid_signature:
            return "content unreadable: it is not a Boost.Serialization archive";
        case code::unsupported_version:
            return "unsupported version: written by a newer Boost.Serialization than this antq "
                   "was built with";
        case code::incompatible_native_format: {
            // Boost names what differs ("size of int", "endian setting"), which helps.
            constexpr std::string_view boost_words = "incompatible native format - ";
            const std::string_view what = e.what();
            return fmt::format(
                "content unreadable: a binary archive written on an incompatible machine ({})",
                what.starts_with(boost_words) ? what.substr(boost_words.size())
                                              : "type sizes or byte order differ");
        }
        case code::input_stream_error:
            // What Boost's XML grammar could not parse, or a number that is not one.
            return unreadable_at(
                format == archive_format::xml ? "malformed XML" : "a malformed value", where);
        default:
            return unreadable_at(
                fmt::format("not laid out as antq writes a {}", to_string(content)), where);
    }
}

std::string describe(const std::exception& e, archive_content content,
                     const content_position& where) {
    if (dynamic_cast<const std::bad_alloc*>(&e) != nullptr) {
        return "not enough memory to load it";
    }
    if (where.at_end) {
        return truncated(content);
    }
    if (dynamic_cast<const std::length_error*>(&e) != nullptr) {
        return unreadable_at("a size larger than any text or list can be", where);
    }
    return unreadable_at(fmt::format("not laid out as antq writes a {}", to_string(content)),
                         where);
}

void check_signature(std::istream& in, archive_format format, std::uint64_t content_size) {
    const std::string expected = expected_signature(format);
    std::string start(
        static_cast<std::size_t>(std::min<std::uint64_t>(content_size, expected.size())), '\0');
    in.read(start.data(), static_cast<std::streamsize>(start.size()));
    if (static_cast<std::size_t>(in.gcount()) != start.size()) {
        throw io_error("read error: the file changed or could not be read");
    }
    if (start != std::string_view(expected).substr(0, start.size())) {
        throw error("content unreadable: it is not a Boost.Serialization archive");
    }
    if (start.size() < expected.size()) {
        throw error("truncated: the content ends in its first bytes");
    }
    in.seekg(static_cast<std::streamoff>(container_header_size));
}

void check_end(std::istream& in, archive_format format, archive_content content,
               std::uint64_t content_end) {
    const content_position where = position_of(in, content_end);
    const std::uint64_t left =
        content_end - std::min(content_end, container_header_size + where.offset);
    if (left > longest_ending) {
        throw error(bytes_after_end(left, content));
    }
    std::string rest(static_cast<std::size_t>(left), '\0');
    in.clear();
    in.read(rest.data(), static_cast<std::streamsize>(rest.size()));
    if (static_cast<std::size_t>(in.gcount()) != rest.size()) {
        throw io_error("read error: the file changed or could not be read");
    }
    const std::string_view ending = trimmed(rest);
    switch (format) {
        case archive_format::text:
            if (ending.empty()) {
                return;
            }
            break;
        case archive_format::xml:
            if (ending == xml_end_tag) {
                return;
            }
            if (xml_end_tag.starts_with(ending)) {
                throw error(truncated(content));
            }
            break;
        case archive_format::binary:
            if (rest.empty()) {
                return;
            }
            break;
    }
    throw error(bytes_after_end(left, content));
}

void throw_unreadable(const std::filesystem::path& file, archive_content content,
                      const std::string& why) {
    throw corrupt_file_error(
        fmt::format("{}: cannot read the {}: {}", file.string(), to_string(content), why));
}

}  // namespace detail::persistence

}  // namespace antq
