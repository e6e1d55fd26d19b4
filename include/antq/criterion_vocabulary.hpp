#pragma once

/// \file
/// The words a rulebook and a scoring engine share: what kind a criterion is, which way its
/// value counts, and the engine options a rulebook version hands to its engine.
///
/// `antq/rulebook.hpp` and `antq/engine.hpp` both include this header, so code that names
/// these types through either keeps compiling; an engine needs nothing else of the rulebook.

#include <antq/error.hpp>
#include <antq/export.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <string_view>

namespace antq {

/// What a criterion does to a subject's score and tier (docs/rulebooks.md): `scored` gives
/// points, `required` and `veto` pass or fail a subject, `penalty` takes points off and
/// `bonus` adds them.
enum class criterion_kind { scored, required, veto, penalty, bonus };

/// Whether a larger value of a criterion is better (`benefit`) or worse (`cost`); read by
/// the MCDA engines.
enum class criterion_direction { benefit, cost };

/// Options handed as they are to the scoring engine, which validates them.
struct engine_options {
    nlohmann::json values = nlohmann::json::object();
    source_location where;
    std::map<std::string, source_location> key_locations;  ///< where each top-level key is
};

/// The word a rulebook writes for the kind (`scored`, `required`, `veto`, `penalty`, `bonus`).
[[nodiscard]] ANTQ_EXPORT std::string_view to_string(criterion_kind k);
/// The word a rulebook writes for the direction (`benefit`, `cost`).
[[nodiscard]] ANTQ_EXPORT std::string_view to_string(criterion_direction d);

}  // namespace antq
