// Boost.Serialization of evaluation results (declared in antq/serialization.hpp): every
// column, and the header explanations read (criteria, tiers). Loading goes through
// `rulebook_results`' checking constructor, so loaded results hold the same invariants as
// fresh ones.

#include <antq/serialization.hpp>

#include "antq/persistence/serialize_support.hpp"

#include <algorithm>
#include <utility>

namespace antq {

using detail::persistence::check_version;
using detail::persistence::date_field;
using detail::persistence::enum_field;
using detail::persistence::field;
using detail::persistence::invalid_content;
using detail::persistence::optional_field;

template <class Archive>
void save(Archive& ar, const text_column& c, unsigned int /*version*/) {
    field(ar, "chars", c.chars());
    field(ar, "ends", c.ends());
}

template <class Archive>
void load(Archive& ar, text_column& c, unsigned int version) {
    check_version<text_column, Archive>(version, "text column");
    std::string chars;
    std::vector<std::size_t> ends;
    field(ar, "chars", chars);
    field(ar, "ends", ends);
    c = text_column::from_parts(std::move(chars), std::move(ends));
}

template <class Archive>
void serialize(Archive& ar, criterion_summary& c, unsigned int version) {
    check_version<criterion_summary, Archive>(version, "criterion summary");
    field(ar, "id", c.id);
    field(ar, "title", c.title);
    field(ar, "group", c.group);
    field(ar, "basis", c.basis);
    enum_field(ar, "kind", c.kind, criterion_kind::bonus);
    field(ar, "points", c.points);
    if (version >= 1) {
        field(ar, "note", c.note);
        field(ar, "condition", c.condition);
        field(ar, "caps_at", c.caps_at);
    }
}

template <class Archive>
void serialize(Archive& ar, tier_summary& t, unsigned int version) {
    check_version<tier_summary, Archive>(version, "tier summary");
    field(ar, "id", t.id);
    field(ar, "label", t.label);
    field(ar, "action", t.action);
    field(ar, "when", t.when);
    optional_field(ar, "has_min_score", "min_score", t.min_score);
    field(ar, "min_score_strict", t.min_score_strict);
    field(ar, "requires_criteria", t.requires_criteria);
    field(ar, "has_quota", t.has_quota);
    if (version >= 1) {
        field(ar, "quota_share", t.quota_share);
        field(ar, "quota_within", t.quota_within);
        field(ar, "quota_relative_to", t.quota_relative_to);
    }
    // Version 2 adds the conditional action; an older tier's action is fixed, as it was.
    if (version >= 2) {
        field(ar, "action_when", t.action_when);
        field(ar, "otherwise", t.otherwise);
    }
}

template <class Archive>
void serialize(Archive& ar, results_header& h, unsigned int version) {
    check_version<results_header, Archive>(version, "results header");
    field(ar, "rulebook", h.rulebook);
    field(ar, "title", h.title);
    enum_field(ar, "subject", h.subject, subject_kind::exemplar);
    field(ar, "version", h.version);
    field(ar, "version_basis", h.version_basis);
    field(ar, "period_text", h.period_text);
    date_field(ar, "period_first", h.period_first);
    date_field(ar, "period_last", h.period_last);
    field(ar, "rounding_digits", h.rounding_digits);
    field(ar, "criteria", h.criteria);
    field(ar, "tiers", h.tiers);
    field(ar, "fingerprint", h.fingerprint);
    optional_field(ar, "has_previous_period", "previous_period_text", h.previous_period_text);
    if (version >= 1) {
        field(ar, "engine", h.engine);
        field(ar, "additive", h.additive);
    }
}

template <class Archive>
void serialize(Archive& ar, result_decision& d, unsigned int version) {
    check_version<result_decision, Archive>(version, "result decision");
    field(ar, "row", d.row);
    field(ar, "decision", d.decision);
    field(ar, "stale", d.stale);
}

template <class Archive>
void serialize(Archive& ar, results_columns& c, unsigned int version) {
    check_version<results_columns, Archive>(version, "results columns");
    field(ar, "subject", c.subject);
    field(ar, "subject_index", c.subject_index);
    field(ar, "status", c.status);
    if constexpr (!Archive::is_saving::value) {
        // Statuses travel as bytes: a byte no status has must not become one. Version 1 adds
        // `incomplete`; a version 0 archive was written before it existed.
        const auto last = version >= 1 ? last_result_status : result_status::error;
        const bool valid = std::all_of(c.status.begin(), c.status.end(), [&](result_status s) {
            return static_cast<std::uint8_t>(s) <= static_cast<std::uint8_t>(last);
        });
        if (!valid) {
            throw invalid_content("unknown result status");
        }
    }
    field(ar, "message", c.message);
    field(ar, "score", c.score);
    field(ar, "max_score", c.max_score);
    field(ar, "tier", c.tier);
    field(ar, "qualified_tier", c.qualified_tier);
    field(ar, "group", c.group);
    field(ar, "group_names", c.group_names);
    field(ar, "rank", c.rank);
    field(ar, "criterion_value", c.criterion_value);
    field(ar, "criterion_points", c.criterion_points);
    field(ar, "criterion_passed", c.criterion_passed);
    field(ar, "criterion_assessed", c.criterion_assessed);
    field(ar, "previous_tier", c.previous_tier);
    field(ar, "previous_tier_ids", c.previous_tier_ids);
    field(ar, "previous_rank", c.previous_rank);
    if (version >= 2) {
        field(ar, "decided_tier", c.decided_tier);
        field(ar, "decisions", c.decisions);
    }
    // Version 3 adds how each action was chosen; an older archive has none, and every
    // subject gets its tier's fixed action.
    if (version >= 3) {
        field(ar, "action_branches", c.action_branches);
    }
}

template <class Archive>
void save(Archive& ar, const rulebook_results& r, unsigned int /*version*/) {
    ar << boost::serialization::make_nvp("header", r.header());
    ar << boost::serialization::make_nvp("columns", r.columns());
    // Saved so that loading checks the order in one pass instead of sorting a million ids.
    field(ar, "rows_by_id", r.rows_by_id());
}

template <class Archive>
void load(Archive& ar, rulebook_results& r, unsigned int version) {
    check_version<rulebook_results, Archive>(version, "rulebook results");
    results_header header;
    results_columns columns;
    std::vector<std::uint32_t> rows_by_id;
    ar >> boost::serialization::make_nvp("header", header);
    ar >> boost::serialization::make_nvp("columns", columns);
    field(ar, "rows_by_id", rows_by_id);
    try {
        r = rulebook_results(std::move(header), std::move(columns), std::move(rows_by_id));
    } catch (const usage_error& e) {
        throw invalid_content(e.what());
    }
}

ANTQ_INSTANTIATE_SAVE_LOAD(text_column);
ANTQ_INSTANTIATE_SERIALIZE(criterion_summary);
ANTQ_INSTANTIATE_SERIALIZE(tier_summary);
ANTQ_INSTANTIATE_SERIALIZE(results_header);
ANTQ_INSTANTIATE_SERIALIZE(result_decision);
ANTQ_INSTANTIATE_SERIALIZE(results_columns);
ANTQ_INSTANTIATE_SAVE_LOAD(rulebook_results);

}  // namespace antq
