#pragma once

/// \file
/// Where the movement has gaps: the villages where no model of a topic is effective, with
/// the best effective models of that topic nearby to replicate there ("nhân rộng"), and the
/// catalogue model types whose replication points are mostly ineffective (to redesign or
/// drop rather than copy further). With a model-type catalogue in the dataset, a type is
/// proposed only to villages where it applies (`model_type::applies_to`), and a topic is
/// looked for in a village only when one of the topic's types applies there.
///
/// Words used here, from a model rulebook's results: a model is *effective* when its tier's
/// action is `replicate` (the top tier when no tier has that action) and *ineffective* when
/// its tier's action is `dissolve` (the last tier when none has). Only evaluated models
/// count; a model not eligible or in error is neither. A village model is proposed as a
/// candidate for replication only when its own action is `replicate`: under a tier with
/// `action_when` ("hiệu quả 2 năm liền"), an effective model given `otherwise` still fills
/// its own village's gap but is not copied elsewhere.

#include <antq/dataset.hpp>
#include <antq/export.hpp>
#include <antq/result.hpp>
#include <antq/result_io.hpp>

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace antq {

struct gaps_options {
    /// At most this many models to replicate are proposed per gap.
    std::size_t max_candidates = 3;
    /// A model type is listed as weak when more than this share of its evaluated replication
    /// points are ineffective.
    double weak_share = 0.5;
    /// The topics to look for in every village. Empty: the topics of the models of the
    /// results that are hosted by villages, anywhere in the dataset (so that school or
    /// enterprise topics are not asked of villages).
    std::vector<std::string> topics;
    /// Propose only models hosted by villages: a village copies what villages run, not a
    /// school's or an enterprise's model of the same topic. False: models hosted anywhere.
    bool village_hosts_only = true;
};

/// An effective model proposed for replication.
struct replication_candidate {
    std::string model;  ///< id
    std::string name;
    std::string type;     ///< its catalogue model type
    std::string unit;     ///< host unit id
    std::string commune;  ///< commune id of the host unit (empty when none)
    double score = 0;
    bool same_commune = false;   ///< in the village's own commune
    std::string unit_name{};     ///< the host unit's name (empty when it has none)
    std::string commune_name{};  ///< the commune's name (empty when none)
};

/// A village and topic without an effective model.
struct village_gap {
    std::string village;  ///< unit id
    std::string village_name;
    std::string commune;  ///< commune id (empty when the village has none above it)
    std::string commune_name;
    std::string topic;
    /// The village's own models of the topic (hosted by it or below it) that were evaluated,
    /// as `id (tier)`, by id: what is there but not effective.
    std::vector<std::string> existing;
    /// The dataset's label of the topic (`labels.csv`), empty when it gives none.
    std::string topic_label{};
    /// `existing` as people read it: "Name (id) — tier label", by id.
    std::vector<std::string> existing_names{};
    /// Effective models of the topic in the same commune or in other communes of the same
    /// province, best first: score descending, then same commune first, then id. Empty when
    /// there is none.
    std::vector<replication_candidate> candidates;
    /// With `village_hosts_only`, when no village model of the topic is effective in the
    /// province: the effective models of the topic hosted elsewhere in the province (a
    /// commune, a school, an enterprise), best first, at most `max_candidates`: the topic has
    /// effective models, none a village runs.
    std::vector<replication_candidate> effective_elsewhere;
    /// With a model-type catalogue (`dataset::model_types`): the types of the topic's
    /// effective models in the province that do not apply to this village (it lacks a unit
    /// attribute they require), sorted, each once. Their models are not proposed here.
    std::vector<std::string> inapplicable_types{};
};

/// A catalogue model type whose replication points are mostly ineffective.
struct weak_model_type {
    std::string type;
    std::size_t points = 0;       ///< replication points (models of the type) in the results
    std::size_t evaluated = 0;    ///< of which evaluated
    std::size_t ineffective = 0;  ///< of which ineffective
    double share = 0;             ///< ineffective / evaluated
};

struct gaps_report {
    std::string rulebook;  ///< the model rulebook the results are of
    std::string rulebook_title{};
    std::string period;
    int rounding_digits = 2;                  ///< of the rulebook version, for printing scores
    std::vector<village_gap> gaps;            ///< villages in registry order, topics sorted
    std::vector<weak_model_type> weak_types;  ///< largest share first, then by type
};

/// Finds the gaps from the results of a rulebook whose subjects are models. Throws
/// `usage_error` when `model_results` are not about models, or when `options.weak_share` is
/// not in [0, 1].
[[nodiscard]] ANTQ_EXPORT gaps_report find_gaps(const dataset& data,
                                                const rulebook_results& model_results,
                                                const gaps_options& options = {});

/// Renders the report in Vietnamese: a table of gaps (village, commune, topic by their names
/// and labels, what is there by name and tier label, the models to replicate by name and id
/// with their score (decimal comma) and unit), then the weak model types. `csv`: one row per
/// gap and candidate (`village,commune,topic,existing,candidate,candidate_unit,
/// candidate_commune,score,same_commune`, ids, then the names and labels
/// `village_name,commune_name,topic_label,candidate_name,candidate_unit_name`); `json`: the
/// whole report.
/// Control characters from names and labels are shown (`\x1b`) in the table, not sent raw;
/// CSV text cells that a spreadsheet would run as a formula get a leading `'`.
[[nodiscard]] ANTQ_EXPORT std::string format_gaps(const gaps_report& report, result_format format);

}  // namespace antq
