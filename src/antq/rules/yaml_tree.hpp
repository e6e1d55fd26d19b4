#pragma once

// A YAML document read into a small tree of our own, through yaml-cpp's event parser: every
// node keeps its byte offset, whether a scalar was plain (unquoted) and every key of a
// mapping in order, duplicates included, so that the loader can report them. Anchors,
// aliases and tags are refused (an alias can expand a small file into an enormous tree).

#include "antq/rules/source_text.hpp"

#include <antq/error.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace antq::detail::rules {

struct yaml_node {
    enum class kind : std::uint8_t { null, scalar, sequence, mapping };

    kind type = kind::null;
    bool plain = true;             ///< a scalar written without quotes or `|`/`>`
    std::size_t offset = 0;        ///< byte offset of the node in the text
    std::string text;              ///< a scalar's value
    std::vector<yaml_node> items;  ///< a sequence's items; a mapping's keys and values, alternating

    [[nodiscard]] bool is_null() const noexcept { return type == kind::null; }
    [[nodiscard]] bool is_scalar() const noexcept { return type == kind::scalar; }
    [[nodiscard]] bool is_sequence() const noexcept { return type == kind::sequence; }
    [[nodiscard]] bool is_mapping() const noexcept { return type == kind::mapping; }
    /// Entries of a mapping.
    [[nodiscard]] std::size_t entry_count() const noexcept { return items.size() / 2; }
    [[nodiscard]] const yaml_node& key(std::size_t i) const { return items[2 * i]; }
    [[nodiscard]] const yaml_node& value(std::size_t i) const { return items[2 * i + 1]; }
};

/// Checks the limits (size, UTF-8, nesting) and reads the one document of `text`. Problems
/// go to `problems` with their line and column; returns nullopt when the text could not be
/// read as YAML.
[[nodiscard]] std::optional<yaml_node> read_yaml(const line_index& lines,
                                                 diagnostic_list& problems);

/// The offset where the content of a scalar starts: after the opening quote, or on the
/// first line of a `|`/`>` block.
[[nodiscard]] std::size_t content_offset(std::string_view text, const yaml_node& scalar) noexcept;

}  // namespace antq::detail::rules
