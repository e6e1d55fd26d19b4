#pragma once

// Pieces every serialize function of antq uses, so that each one stays a list of fields:
//  - `field(ar, name, value)` saves or loads one member as a name-value pair (XML needs the
//    names) and knows antq's conventions: dates as ISO text, optional dates as text that is
//    empty when there is none, vectors as a count then the items, with the count checked
//    against the size of the file before anything is allocated, doubles with their NaN and
//    infinities kept in text and XML archives (which cannot read them back on their own).
//  - `load_context`: what the loader tells load functions: the bound on element counts (from
//    the content size) and the engines rulebooks are parsed with.
//  - `invalid_content`: what a load function throws when a value cannot be what was saved;
//    the loader adds the file name.
//  - `ANTQ_INSTANTIATE_SERIALIZE` and friends: explicit instantiations for the six archive
//    classes antq reads and writes.

#include <antq/error.hpp>
#include <antq/period.hpp>

#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/archive/text_iarchive.hpp>
#include <boost/archive/text_oarchive.hpp>
#include <boost/archive/xml_iarchive.hpp>
#include <boost/archive/xml_oarchive.hpp>
#include <boost/serialization/array_wrapper.hpp>
#include <boost/serialization/collection_size_type.hpp>
#include <boost/serialization/nvp.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/version.hpp>
#include <boost/serialization/wrapper.hpp>

#include <cmath>
#include <cstdint>
#include <istream>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace antq {
class compiled_rulebook;
class engine_registry;
}  // namespace antq

namespace antq::detail::persistence {

/// Thrown by load functions when a value read back cannot be valid (an unknown enum value,
/// a date that does not parse, a count larger than the file).
class invalid_content : public corrupt_file_error {
  public:
    using corrupt_file_error::corrupt_file_error;
};

/// Set by the loader on each input archive (Boost's helper mechanism keeps it with the
/// archive); default values when a user opened the archive on their own.
struct load_context {
    /// No collection may claim more elements than the content has bytes, since every
    /// element takes at least one byte in any archive format. Zero when unknown: then
    /// collections grow as their items are read instead of being reserved up front.
    std::uint64_t max_elements = 0;
    /// The engines saved rulebooks are parsed with; null for the built-in engines.
    const engine_registry* engines = nullptr;
    /// When set, each rulebook read appends here the compiled form its check made, so that
    /// a set is built from the archive without compiling the rulebooks again.
    std::vector<compiled_rulebook>* compiled = nullptr;
    /// The stream a text archive reads, for the characters of a string (see `field`).
    std::istream* text_stream = nullptr;
};

/// The address that identifies `load_context` among an archive's helpers.
inline char load_context_id = 0;

template <class Archive>
load_context& context(Archive& ar) {
    return ar.template get_helper<load_context>(&load_context_id);
}

template <class Archive>
inline constexpr bool is_binary_archive =
    std::is_same_v<Archive, boost::archive::binary_iarchive> ||
    std::is_same_v<Archive, boost::archive::binary_oarchive>;

/// Codes of the non-finite doubles kept aside in text and XML archives.
enum class non_finite : std::uint8_t { nan = 0, positive_infinity = 1, negative_infinity = 2 };

template <class T>
class sequence;

template <class Archive>
void field(Archive& ar, const char* name, std::string& value);

/// The wrapper for loading into `items`, or saving them.
template <class T>
const sequence<T> make_sequence(std::vector<T>& items) {
    return sequence<T>(items);
}

/// The wrapper for saving `items`.
template <class T>
const sequence<T> make_sequence(std::span<const T> items) {
    return sequence<T>(items);
}

/// A vector saved as `count` then its items; see `field`. Numbers (and one-byte enums) go
/// through Boost's array path, which binary archives copy in one block.
template <class T>
class sequence : public boost::serialization::wrapper_traits<const sequence<T>> {
  public:
    explicit sequence(std::vector<T>& items) : view_(items), target_(&items) {}
    explicit sequence(std::span<const T> items) : view_(items) {}

    template <class Archive>
    void save(Archive& ar, unsigned int /*version*/) const {
        const boost::serialization::collection_size_type count(view_.size());
        ar << boost::serialization::make_nvp("count", count);
        if constexpr (std::is_same_v<T, double> && !is_binary_archive<Archive>) {
            save_non_finite(ar);
        }
        if constexpr (is_block) {
            save_numbers(ar);
        } else {
            for (const T& item : view_) {
                ar << boost::serialization::make_nvp("item", item);
            }
        }
    }

    template <class Archive>
    void load(Archive& ar, unsigned int /*version*/) {
        std::vector<T>& items = *target_;
        const std::size_t count = load_count(ar);
        std::vector<std::uint64_t> rows;
        std::vector<std::uint8_t> codes;
        if constexpr (std::is_same_v<T, double> && !is_binary_archive<Archive>) {
            ar >> boost::serialization::make_nvp("non_finite_rows", make_sequence(rows));
            ar >> boost::serialization::make_nvp("non_finite_kinds", make_sequence(codes));
        }
        items.clear();
        if constexpr (is_block) {
            load_numbers(ar, count);
        } else {
            const std::uint64_t limit = context(ar).max_elements;
            items.reserve(limit == 0 ? std::min<std::size_t>(count, 4096) : count);
            for (std::size_t i = 0; i < count; ++i) {
                items.emplace_back();
                if constexpr (std::is_same_v<T, std::string>) {
                    field(ar, "item", items.back());
                } else {
                    ar >> boost::serialization::make_nvp("item", items.back());
                }
            }
        }
        if constexpr (std::is_same_v<T, double> && !is_binary_archive<Archive>) {
            restore_non_finite(rows, codes);
        }
    }

    BOOST_SERIALIZATION_SPLIT_MEMBER()

  private:
    static constexpr bool is_enum_byte = [] {
        if constexpr (std::is_enum_v<T>) {
            return sizeof(T) == 1 && std::is_unsigned_v<std::underlying_type_t<T>>;
        } else {
            return false;
        }
    }();
    static constexpr bool is_block = std::is_arithmetic_v<T> || is_enum_byte;

    /// The items as Boost sees them: one-byte enums as their bytes (the containing load
    /// function checks their range).
    template <class Item>
    static auto* as_block(Item* items) {
        if constexpr (is_enum_byte) {
            using byte =
                std::conditional_t<std::is_const_v<Item>, const std::uint8_t, std::uint8_t>;
            return reinterpret_cast<byte*>(items);
        } else {
            return items;
        }
    }

    template <class Archive>
    std::size_t load_count(Archive& ar) const {
        boost::serialization::collection_size_type count;
        ar >> boost::serialization::make_nvp("count", count);
        const std::size_t n = std::as_const(count);
        const std::uint64_t limit = context(ar).max_elements;
        if (limit != 0 && n > limit) {
            throw invalid_content("a list claims " + std::to_string(n) +
                                  " items, more than the file holds");
        }
        return n;
    }

    template <class Archive>
    void save_numbers(Archive& ar) const {
        if (view_.empty()) {
            return;
        }
        if constexpr (std::is_same_v<T, double> && !is_binary_archive<Archive>) {
            // Text and XML streams cannot read "nan" or "inf" back: those items are written
            // as 0 and listed aside by `save_non_finite`.
            for (const double value : view_) {
                const double finite = std::isfinite(value) ? value : 0.0;
                ar << boost::serialization::make_nvp("item", finite);
            }
        } else {
            ar << boost::serialization::make_array(as_block(view_.data()), view_.size());
        }
    }

    template <class Archive>
    void load_numbers(Archive& ar, std::size_t count) {
        std::vector<T>& items = *target_;
        const std::uint64_t limit = context(ar).max_elements;
        // With a known limit the count was checked: read all at once. Without one, read in
        // blocks so that a wrong count runs out of input before it runs out of memory.
        const std::size_t block = limit == 0 ? std::size_t{1} << 16 : count;
        for (std::size_t done = 0; done < count;) {
            const std::size_t n = std::min(block, count - done);
            items.resize(done + n);
            ar >> boost::serialization::make_array(as_block(items.data() + done), n);
            done += n;
        }
    }

    template <class Archive>
    void save_non_finite(Archive& ar) const {
        std::vector<std::uint64_t> rows;
        std::vector<std::uint8_t> codes;
        for (std::size_t i = 0; i < view_.size(); ++i) {
            const double value = view_[i];
            if (std::isfinite(value)) {
                continue;
            }
            rows.push_back(i);
            codes.push_back(static_cast<std::uint8_t>(
                std::isnan(value)
                    ? non_finite::nan
                    : (value > 0 ? non_finite::positive_infinity : non_finite::negative_infinity)));
        }
        ar << boost::serialization::make_nvp("non_finite_rows", make_sequence(rows));
        ar << boost::serialization::make_nvp("non_finite_kinds", make_sequence(codes));
    }

    void restore_non_finite(const std::vector<std::uint64_t>& rows,
                            const std::vector<std::uint8_t>& codes) {
        std::vector<T>& items = *target_;
        if (rows.size() != codes.size()) {
            throw invalid_content("the lists of non-finite numbers differ in length");
        }
        for (std::size_t i = 0; i < rows.size(); ++i) {
            if (rows[i] >= items.size() || codes[i] > 2) {
                throw invalid_content("a non-finite number is out of range");
            }
            items[rows[i]] = codes[i] == 0
                                 ? std::numeric_limits<double>::quiet_NaN()
                                 : (codes[i] == 1 ? std::numeric_limits<double>::infinity()
                                                  : -std::numeric_limits<double>::infinity());
        }
    }

    std::span<const T> view_;
    std::vector<T>* target_ = nullptr;
};

/// A date as ISO text ("2024-12-14"); `not_a_date_time` (a default-constructed date) as
/// empty text.
template <class Archive>
void date_field(Archive& ar, const char* name, date& value) {
    std::string text;
    if constexpr (Archive::is_saving::value) {
        text = value.is_not_a_date() ? std::string() : format_date(value);
        ar << boost::serialization::make_nvp(name, text);
    } else {
        field(ar, name, text);
        if (text.empty()) {
            value = date();
            return;
        }
        const auto parsed = try_parse_date(text);
        if (!parsed) {
            throw invalid_content("'" + text + "' is not a date");
        }
        value = *parsed;
    }
}

/// An optional date as ISO text, empty when there is none.
template <class Archive>
void date_field(Archive& ar, const char* name, std::optional<date>& value) {
    std::string text;
    if constexpr (Archive::is_saving::value) {
        text = value ? format_date(*value) : std::string();
        ar << boost::serialization::make_nvp(name, text);
    } else {
        field(ar, name, text);
        value.reset();
        if (text.empty()) {
            return;
        }
        const auto parsed = try_parse_date(text);
        if (!parsed) {
            throw invalid_content("'" + text + "' is not a date");
        }
        value = *parsed;
    }
}

/// A flag, through a byte 0 or 1: what Boost writes for a bool in every archive format. Boost
/// reads a bool from a binary archive by copying the byte into it, so that any other byte
/// makes an invalid bool (undefined behaviour, and a failed assertion in debug builds).
template <class Archive>
void field(Archive& ar, const char* name, bool& value) {
    auto byte = static_cast<std::uint8_t>(value ? 1 : 0);
    ar& boost::serialization::make_nvp(name, byte);
    if constexpr (!Archive::is_saving::value) {
        if (byte > 1) {
            throw invalid_content(std::string(name) + " is " + std::to_string(byte) +
                                  ", neither 0 nor 1");
        }
        value = byte == 1;
    }
}

/// A string. Binary and text archives store its length before its characters, and Boost
/// would allocate that length before reading a character: when the loader gave a bound,
/// the length is read here and checked against it first, then the characters exactly as
/// Boost reads them (a text archive puts one space between the two). XML strings have no
/// length to trust.
template <class Archive>
void field(Archive& ar, const char* name, std::string& value) {
    const bool checked = [&] {
        if constexpr (Archive::is_saving::value ||
                      std::is_same_v<Archive, boost::archive::xml_iarchive>) {
            return false;
        } else {
            return context(ar).max_elements != 0 &&
                   (is_binary_archive<Archive> || context(ar).text_stream != nullptr);
        }
    }();
    if (!checked) {
        ar& boost::serialization::make_nvp(name, value);
        return;
    }
    if constexpr (!Archive::is_saving::value &&
                  !std::is_same_v<Archive, boost::archive::xml_iarchive>) {
        const load_context& c = context(ar);
        std::size_t length = 0;
        ar >> length;
        if (length > c.max_elements) {
            throw invalid_content("a text claims " + std::to_string(length) +
                                  " bytes, more than the file holds");
        }
        value.resize(length);
        if constexpr (is_binary_archive<Archive>) {
            if (length != 0) {
                ar.load_binary(value.data(), length);
            }
        } else {
            c.text_stream->get();
            c.text_stream->read(value.data(), static_cast<std::streamsize>(length));
            if (static_cast<std::size_t>(c.text_stream->gcount()) != length) {
                throw invalid_content("truncated: a text ends before its " +
                                      std::to_string(length) + " bytes");
            }
        }
    }
}

/// An optional value as a flag, `<name>_present`, then the value when there is one.
template <class Archive, class T>
void optional_field(Archive& ar, const char* flag_name, const char* name, std::optional<T>& value) {
    bool present = value.has_value();
    field(ar, flag_name, present);
    if (!present) {
        value.reset();
        return;
    }
    if (!value) {
        value.emplace();
    }
    ar& boost::serialization::make_nvp(name, *value);
}

/// One member, saved or loaded as a name-value pair; vectors through `sequence`.
template <class Archive, class T>
void field(Archive& ar, const char* name, T& value) {
    ar& boost::serialization::make_nvp(name, value);
}

template <class Archive, class T>
void field(Archive& ar, const char* name, std::vector<T>& value) {
    ar& boost::serialization::make_nvp(name, make_sequence(value));
}

template <class Archive, class T>
void field(Archive& ar, const char* name, const std::vector<T>& value) {
    static_assert(Archive::is_saving::value, "a const vector can only be saved");
    ar << boost::serialization::make_nvp(name, make_sequence(std::span<const T>(value)));
}

template <class Archive, class T>
void field(Archive& ar, const char* name, std::span<const T> value) {
    static_assert(Archive::is_saving::value, "a span can only be saved");
    ar << boost::serialization::make_nvp(name, make_sequence(value));
}

/// An enum stored as its number, checked against its last value when loaded.
template <class Enum, class Archive>
void enum_field(Archive& ar, const char* name, Enum& value, Enum last) {
    auto number = static_cast<std::uint32_t>(value);
    ar& boost::serialization::make_nvp(name, number);
    if constexpr (!Archive::is_saving::value) {
        if (number > static_cast<std::uint32_t>(last)) {
            throw invalid_content(std::string("unknown ") + name + " " + std::to_string(number));
        }
        value = static_cast<Enum>(number);
    }
}

/// Boost reads an object whose stored class version is newer than the program's without a
/// word (its own check is disabled), and the fields a newer antq appended would then be
/// misread: every load refuses versions from the future first.
template <class T, class Archive>
void check_version(unsigned int version, const char* type_name) {
    if constexpr (!Archive::is_saving::value) {
        constexpr unsigned int known = boost::serialization::version<T>::value;
        if (version > known) {
            throw invalid_content("written by a newer antq: it stores version " +
                                  std::to_string(version) + " of " + type_name +
                                  ", this antq reads up to version " + std::to_string(known));
        }
    }
}

}  // namespace antq::detail::persistence

// NOLINTBEGIN(bugprone-macro-parentheses): T is a type; `(T)&` would not compile.
/// Explicit instantiations of a free `serialize(Archive&, T&, unsigned)` for the six archive
/// classes.
#define ANTQ_INSTANTIATE_SERIALIZE(T)                                            \
    template void serialize(boost::archive::text_oarchive&, T&, unsigned int);   \
    template void serialize(boost::archive::text_iarchive&, T&, unsigned int);   \
    template void serialize(boost::archive::xml_oarchive&, T&, unsigned int);    \
    template void serialize(boost::archive::xml_iarchive&, T&, unsigned int);    \
    template void serialize(boost::archive::binary_oarchive&, T&, unsigned int); \
    template void serialize(boost::archive::binary_iarchive&, T&, unsigned int)

/// Explicit instantiations of free `save(Archive&, const T&, unsigned)` and
/// `load(Archive&, T&, unsigned)` for the six archive classes.
#define ANTQ_INSTANTIATE_SAVE_LOAD(T)                                             \
    template void save(boost::archive::text_oarchive&, const T&, unsigned int);   \
    template void load(boost::archive::text_iarchive&, T&, unsigned int);         \
    template void save(boost::archive::xml_oarchive&, const T&, unsigned int);    \
    template void load(boost::archive::xml_iarchive&, T&, unsigned int);          \
    template void save(boost::archive::binary_oarchive&, const T&, unsigned int); \
    template void load(boost::archive::binary_iarchive&, T&, unsigned int)
// NOLINTEND(bugprone-macro-parentheses)
