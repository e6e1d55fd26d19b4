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

#include <filesystem>
#include <new>
#include <ostream>
#include <stdexcept>
#include <string>

namespace antq::detail::persistence {

/// Why Boost could not read an archive whose checksum was right, in words.
[[nodiscard]] std::string describe(const boost::archive::archive_exception& e);

/// `file: message`, as a `corrupt_file_error`.
[[noreturn]] void throw_unreadable(const std::filesystem::path& file, archive_content content,
                                   const std::string& why);

/// Writes `value` under the XML tag `root` in `format`, inside a checked container, to
/// `file` atomically.
template <class T>
void save_archive(const std::filesystem::path& file, archive_content content,
                  archive_format format, const char* root, const T& value) {
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
/// parsed with `engines` (null: the built-in engines).
template <class T>
void load_archive(const std::filesystem::path& file, archive_content content, const char* root,
                  T& value, const engine_registry* engines = nullptr) {
    verified_container opened = open_container(file, content);
    const auto read = [&](auto& ar) {
        context(ar).max_elements = opened.info.content_size;
        context(ar).engines = engines;
        ar >> boost::serialization::make_nvp(root, value);
    };
    try {
        switch (opened.info.format) {
            case archive_format::text: {
                boost::archive::text_iarchive ar(opened.stream);
                context(ar).text_stream = &opened.stream;
                read(ar);
                break;
            }
            case archive_format::xml: {
                boost::archive::xml_iarchive ar(opened.stream);
                read(ar);
                break;
            }
            case archive_format::binary: {
                boost::archive::binary_iarchive ar(*opened.stream.rdbuf());
                read(ar);
                break;
            }
        }
    } catch (const boost::archive::archive_exception& e) {
        throw_unreadable(file, content, describe(e));
    } catch (const input_error& e) {
        throw_unreadable(file, content, std::string("what it holds is not valid: ") + e.what());
    } catch (const error& e) {
        throw_unreadable(file, content, e.what());
    } catch (const std::bad_alloc&) {
        throw_unreadable(file, content, "out of memory");
    } catch (const std::length_error& e) {
        throw_unreadable(file, content, e.what());
    }
}

}  // namespace antq::detail::persistence
