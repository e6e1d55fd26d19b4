#pragma once

/// \file
/// Boost.Serialization support for antq's persisted types, opt-in: no other antq header
/// includes Boost.Serialization. Include this to put antq values in your own archives, e.g.
///
///     boost::archive::xml_oarchive out(stream);
///     out << boost::serialization::make_nvp("dataset", data);
///
/// The free `serialize` (or `save`/`load`) functions declared here are defined inside the
/// library and instantiated for `text_`, `xml_` and `binary_` `iarchive`/`oarchive`; other
/// archive classes are not supported. Every name-value pair is named, so XML archives work.
/// Dates are ISO text. Rulebooks are stored as their source text and parsed again when
/// loaded; results and observations as columns. For files with a checked header, use
/// `antq/archive.hpp` and `antq/snapshot.hpp` instead.
///
/// Versions: every persisted type has a `BOOST_CLASS_VERSION` below. A field is only ever
/// appended, with the version bumped and the field read under `if (version >= N)`; see
/// docs/design/persistence.md. No type is saved through a pointer (no export keys), and
/// none is tracked.

#include <antq/dataset.hpp>
#include <antq/evaluate.hpp>
#include <antq/exemplar.hpp>
#include <antq/export.hpp>
#include <antq/model.hpp>
#include <antq/observations.hpp>
#include <antq/registry.hpp>
#include <antq/result.hpp>
#include <antq/rulebook.hpp>
#include <antq/snapshot.hpp>
#include <antq/unit.hpp>

#include <boost/serialization/split_free.hpp>
#include <boost/serialization/tracking.hpp>
#include <boost/serialization/version.hpp>

namespace antq {

template <class Archive>
ANTQ_EXPORT void serialize(Archive& ar, unit& u, unsigned int version);
template <class Archive>
ANTQ_EXPORT void serialize(Archive& ar, model& m, unsigned int version);
template <class Archive>
ANTQ_EXPORT void serialize(Archive& ar, exemplar& e, unsigned int version);
/// Saves the units, models and exemplars; loading rebuilds (and so validates) the registry.
template <class Archive>
ANTQ_EXPORT void save(Archive& ar, const registry& r, unsigned int version);
template <class Archive>
ANTQ_EXPORT void load(Archive& ar, registry& r, unsigned int version);

template <class Archive>
ANTQ_EXPORT void serialize(Archive& ar, observation_column& c, unsigned int version);
template <class Archive>
ANTQ_EXPORT void save(Archive& ar, const observation_table& t, unsigned int version);
template <class Archive>
ANTQ_EXPORT void load(Archive& ar, observation_table& t, unsigned int version);
template <class Archive>
ANTQ_EXPORT void serialize(Archive& ar, decision& d, unsigned int version);
template <class Archive>
ANTQ_EXPORT void serialize(Archive& ar, dataset& d, unsigned int version);

/// Saves the source text, file name, id and version names; loading parses the source again
/// and checks it gives the same id and versions.
template <class Archive>
ANTQ_EXPORT void save(Archive& ar, const rulebook& b, unsigned int version);
template <class Archive>
ANTQ_EXPORT void load(Archive& ar, rulebook& b, unsigned int version);

template <class Archive>
ANTQ_EXPORT void save(Archive& ar, const text_column& c, unsigned int version);
template <class Archive>
ANTQ_EXPORT void load(Archive& ar, text_column& c, unsigned int version);
template <class Archive>
ANTQ_EXPORT void serialize(Archive& ar, criterion_summary& c, unsigned int version);
template <class Archive>
ANTQ_EXPORT void serialize(Archive& ar, tier_summary& t, unsigned int version);
template <class Archive>
ANTQ_EXPORT void serialize(Archive& ar, results_header& h, unsigned int version);
template <class Archive>
ANTQ_EXPORT void serialize(Archive& ar, result_decision& d, unsigned int version);
template <class Archive>
ANTQ_EXPORT void serialize(Archive& ar, results_columns& c, unsigned int version);
/// Loading checks the columns against each other (sizes, tier and group indices).
template <class Archive>
ANTQ_EXPORT void save(Archive& ar, const rulebook_results& r, unsigned int version);
template <class Archive>
ANTQ_EXPORT void load(Archive& ar, rulebook_results& r, unsigned int version);

template <class Archive>
ANTQ_EXPORT void serialize(Archive& ar, skipped_rulebook& s, unsigned int version);
/// Saves the results, rulebook hashes, dataset hash, library version and (from version 1)
/// the rulebooks skipped; loading rebuilds the evaluation (and so its fingerprint) from them.
template <class Archive>
ANTQ_EXPORT void save(Archive& ar, const evaluation& e, unsigned int version);
template <class Archive>
ANTQ_EXPORT void load(Archive& ar, evaluation& e, unsigned int version);
template <class Archive>
ANTQ_EXPORT void serialize(Archive& ar, snapshot& s, unsigned int version);

}  // namespace antq

BOOST_SERIALIZATION_SPLIT_FREE(antq::registry)
BOOST_SERIALIZATION_SPLIT_FREE(antq::observation_table)
BOOST_SERIALIZATION_SPLIT_FREE(antq::rulebook)
BOOST_SERIALIZATION_SPLIT_FREE(antq::text_column)
BOOST_SERIALIZATION_SPLIT_FREE(antq::rulebook_results)
BOOST_SERIALIZATION_SPLIT_FREE(antq::evaluation)

// Format version 1 of the container holds these class versions.
// 1: `attributes` (units.csv's column of unit attributes).
BOOST_CLASS_VERSION(antq::unit, 1)
BOOST_CLASS_VERSION(antq::model, 0)
BOOST_CLASS_VERSION(antq::exemplar, 1)
BOOST_CLASS_VERSION(antq::registry, 0)
BOOST_CLASS_VERSION(antq::observation_column, 0)
BOOST_CLASS_VERSION(antq::observation_table, 0)
// 1: the recorded decisions (`dataset::decisions`, without their places).
// 2: `labels` (labels.csv).
// 3: `model_types` (model-types.csv).
BOOST_CLASS_VERSION(antq::dataset, 3)
BOOST_CLASS_VERSION(antq::decision, 0)
BOOST_CLASS_VERSION(antq::result_decision, 0)
BOOST_CLASS_VERSION(antq::rulebook, 0)
BOOST_CLASS_VERSION(antq::text_column, 0)
// 1: `note`, `condition` and `caps_at`.
BOOST_CLASS_VERSION(antq::criterion_summary, 1)
// 1: the quota's share, group and `relative_to`.
// 2: the conditional action (`action_when`, `otherwise`).
BOOST_CLASS_VERSION(antq::tier_summary, 2)
// 1: the engine's name and whether it is additive.
BOOST_CLASS_VERSION(antq::results_header, 1)
// 1: a status may be `incomplete` (an older antq must refuse it as a newer format, not as
// damaged content). The stored form is otherwise the same.
// 2: the decided tier per row and the decisions recorded on the results.
// 3: per tier and row, how the action was chosen (`action_branches`).
BOOST_CLASS_VERSION(antq::results_columns, 3)
BOOST_CLASS_VERSION(antq::rulebook_results, 0)
// 1: the rulebooks skipped for having no version in force (`evaluation::skipped`).
BOOST_CLASS_VERSION(antq::evaluation, 1)
BOOST_CLASS_VERSION(antq::skipped_rulebook, 0)
BOOST_CLASS_VERSION(antq::snapshot, 0)

// Values, never saved through pointers: no object tracking (which would cost a lookup per
// object in a million-row table).
BOOST_CLASS_TRACKING(antq::unit, boost::serialization::track_never)
BOOST_CLASS_TRACKING(antq::decision, boost::serialization::track_never)
BOOST_CLASS_TRACKING(antq::result_decision, boost::serialization::track_never)
BOOST_CLASS_TRACKING(antq::model, boost::serialization::track_never)
BOOST_CLASS_TRACKING(antq::exemplar, boost::serialization::track_never)
BOOST_CLASS_TRACKING(antq::registry, boost::serialization::track_never)
BOOST_CLASS_TRACKING(antq::observation_column, boost::serialization::track_never)
BOOST_CLASS_TRACKING(antq::observation_table, boost::serialization::track_never)
BOOST_CLASS_TRACKING(antq::dataset, boost::serialization::track_never)
BOOST_CLASS_TRACKING(antq::rulebook, boost::serialization::track_never)
BOOST_CLASS_TRACKING(antq::text_column, boost::serialization::track_never)
BOOST_CLASS_TRACKING(antq::criterion_summary, boost::serialization::track_never)
BOOST_CLASS_TRACKING(antq::tier_summary, boost::serialization::track_never)
BOOST_CLASS_TRACKING(antq::results_header, boost::serialization::track_never)
BOOST_CLASS_TRACKING(antq::results_columns, boost::serialization::track_never)
BOOST_CLASS_TRACKING(antq::rulebook_results, boost::serialization::track_never)
BOOST_CLASS_TRACKING(antq::evaluation, boost::serialization::track_never)
BOOST_CLASS_TRACKING(antq::skipped_rulebook, boost::serialization::track_never)
BOOST_CLASS_TRACKING(antq::snapshot, boost::serialization::track_never)
