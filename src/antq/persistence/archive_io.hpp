#pragma once

// Saving one value as an archive file, and loading it back, in whichever archive format:
// the part of `save_snapshot`, `save_dataset_archive`... that does not depend on what is
// saved. Every failure while deserialising becomes a `corrupt_file_error` naming the file.

#include <antq/archive.hpp>
#include <antq/error.hpp>
#include <antq/serialization.hpp>

#include "antq/io/atomic_file.hpp"
#include "antq/persistence/container.hpp"
#include "antq/persistence/serialize_support.hpp"

#include <boost/archive/archive_exception.hpp>

#include <cstdint>
#include <exception>
#include <filesystem>
#include <istream>
#include <ostream>
#include <string>

namespace antq::detail::persistence {

/// Where the reading of a content stopped: its offset in the content, and whether it had
/// reached the end (then a failed read means the content is truncated).
struct content_position {
    std::uint64_t offset = 0;
    bool at_end = false;
};

/// Where the reading of `in`, whose content ends at file offset `content_end`, stopped.
[[nodiscard]] content_position position_of(std::istream& in, std::uint64_t content_end);

/// Why Boost could not read an archive whose checksum was right, in plain words: Boost's own
/// texts ("input stream error-Success", with whatever `errno` held) never reach a user.
[[nodiscard]] std::string describe(const boost::archive::archive_exception& e,
                                   archive_format format, archive_content content,
                                   const content_position& where);

/// The same for the exceptions of the standard library.
[[nodiscard]] std::string describe(const std::exception& e, archive_content content,
                                   const content_position& where);

/// Checks that the content starts as Boost's archives do, before Boost reads it: text and
/// binary archives store the signature's length before it, and Boost resizes a string to
/// that length before reading a character, so a damaged length would allocate gigabytes.
/// XML archives must start with the XML declaration (their signature is an attribute, read
/// within the content's bounds): otherwise Boost's grammar reads to the end looking for a
/// `>`, and any file of another program would look truncated. Leaves `in` at the start of
/// the content.
void check_signature(std::istream& in, archive_format format, std::uint64_t content_size);

/// Checks that nothing but what the archive class writes after the value follows it: for
/// text archives white space, for XML the end tag of `boost_serialization`, for binary
/// archives nothing. Boost never checks this on its own.
void check_end(std::istream& in, archive_format format, archive_content content,
               std::uint64_t content_end);

/// `file: cannot read the <content>: why`, as a `corrupt_file_error`.
[[noreturn]] void throw_unreadable(const std::filesystem::path& file, archive_content content,
                                   const std::string& why);

/// Boost 1.74's `xml_iarchive` with the two parts that misbehave on content it did not
/// write left out; everything else (the grammar, every value) is Boost's own:
///  - the check that an end tag has the expected name (`basic_xml_iarchive::load_end`)
///    tests `name[tag.size()]` before comparing, reading past the end of the expected
///    name when the tag in the file is longer: a buffer over-read (AddressSanitizer:
///    global-buffer-overflow). `no_xml_tag_checking` skips that test. Boost reads XML by
///    position and never uses tag names otherwise, so the check only guarded against
///    hand-edited files; the checksum already refuses damaged ones, and every value read
///    is validated by the load functions.
///  - the destructor reads the final `</boost_serialization>` tag, and throws when the
///    content ends first: from a destructor, so `std::terminate`. `no_header` makes the
///    destructor skip it (and the constructor skip reading the header, done here by
///    `init()` instead); `check_end` checks that tag after the value is read.
class checked_xml_iarchive : public boost::archive::xml_iarchive {
  public:
    explicit checked_xml_iarchive(std::istream& in)
        : boost::archive::xml_iarchive(
              in, boost::archive::no_header | boost::archive::no_xml_tag_checking) {
        init();
    }
};

/// Writes `value` under the XML tag `root` in `format`, inside a checked container, to
/// `file` atomically.
template <class T>
void save_archive(const std::filesystem::path& file, archive_content content, archive_format format,
                  const char* root, const T& value) {
    const std::string bytes = build_container(format, content, [&](std::ostream& out) {
        // Each archive is closed (its destructor writes the XML end tag) before the
        // container is sealed.
        switch (format) {
            case archive_format::text: {
                boost::archive::text_oarchive ar(out);
                ar << boost::serialization::make_nvp(root, value);
                break;
            }
            case archive_format::xml: {
                boost::archive::xml_oarchive ar(out);
                ar << boost::serialization::make_nvp(root, value);
                break;
            }
            case archive_format::binary: {
                boost::archive::binary_oarchive ar(*out.rdbuf());
                ar << boost::serialization::make_nvp(root, value);
                break;
            }
        }
    });
    write_file_atomically(file, bytes);
}

/// Verifies `file` (magic, version, length, checksum, that it holds `content`), then reads
/// the value saved under `root` straight from the file into `value`. Rulebooks in it are
/// parsed with `engines` (null: the built-in engines), and their compiled forms appended to
/// `compiled` when given. Whatever goes wrong while reading a
/// content whose checksum was right is a `corrupt_file_error` naming the file, in antq's
/// words.
template <class T>
void load_archive(const std::filesystem::path& file, archive_content content, const char* root,
                  T& value, const engine_registry* engines = nullptr,
                  std::vector<compiled_rulebook>* compiled = nullptr) {
    verified_container opened = open_container(file, content);
    const std::uint64_t content_end = container_header_size + opened.info.content_size;
    const auto read = [&](auto& ar) {
        context(ar).max_elements = opened.info.content_size;
        context(ar).engines = engines;
        context(ar).compiled = compiled;
        ar >> boost::serialization::make_nvp(root, value);
    };
    try {
        check_signature(*opened.stream, opened.info.format, opened.info.content_size);
        switch (opened.info.format) {
            case archive_format::text: {
                boost::archive::text_iarchive ar(*opened.stream);
                context(ar).text_stream = opened.stream.get();
                read(ar);
                break;
            }
            case archive_format::xml: {
                checked_xml_iarchive ar(*opened.stream);
                read(ar);
                break;
            }
            case archive_format::binary: {
                boost::archive::binary_iarchive ar(*opened.stream->rdbuf());
                read(ar);
                break;
            }
        }
        check_end(*opened.stream, opened.info.format, content, content_end);
    } catch (const boost::archive::archive_exception& e) {
        throw_unreadable(
            file, content,
            describe(e, opened.info.format, content, position_of(*opened.stream, content_end)));
    } catch (const io_error& e) {
        throw io_error(file.string() + ": " + e.what());
    } catch (const input_error& e) {
        throw_unreadable(file, content, std::string("what it holds is not valid: ") + e.what());
    } catch (const error& e) {
        throw_unreadable(file, content, e.what());
    } catch (const std::exception& e) {
        throw_unreadable(file, content,
                         describe(e, content, position_of(*opened.stream, content_end)));
    }
}

}  // namespace antq::detail::persistence
