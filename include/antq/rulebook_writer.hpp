#pragma once

/// \file
/// Writing a rulebook back as text, and the text that describes a rulebook as it is now.
///
/// A rulebook read from a file keeps the text it was read from (`rulebook::source_text`),
/// but its fields stay public: a program may change a threshold after loading. Its hash, the
/// fingerprint of its results and a saved archive must then describe the changed rule, not
/// the file. `rulebook_text` is the one place that decides which text that is.

#include <antq/export.hpp>
#include <antq/rulebook.hpp>

#include <string>

namespace antq {

/// `book` as rulebook text that `parse_rulebook` reads back to the same rule: every field
/// of the value types (versions, criteria, tiers, ranking, roll-ups, engine options, notes,
/// inline tests), none of the places where values were written. The text is JSON, which
/// is also YAML; it is deterministic (the same rule gives the same bytes), and fields left
/// at their defaults are not written. It does not check the rule: a rulebook that fails
/// validation is written as it is, and reading it back reports the same problems.
[[nodiscard]] ANTQ_EXPORT std::string write_rulebook(const rulebook& book);

/// True when `book.source_text` still reads as `book`, field by field; false when there
/// is no source text, or when a field was changed in code after the text was read.
[[nodiscard]] ANTQ_EXPORT bool source_text_is_current(const rulebook& book);

/// The text that describes `book` as it is: its source text while that is current (so
/// that a rulebook loaded from a file keeps the hash of its file), else
/// `write_rulebook(book)`. Rulebook hashes and rulebook archives are made of this text.
[[nodiscard]] ANTQ_EXPORT std::string rulebook_text(const rulebook& book);

}  // namespace antq
