// Boost.Serialization of the registry, the observations and whole datasets (declared in
// antq/serialization.hpp). Loading rebuilds each value through its validating constructor,
// so a loaded dataset holds the same invariants as one read from CSV.

#include <antq/serialization.hpp>

#include "antq/dataset/tables.hpp"
#include "antq/persistence/serialize_support.hpp"

#include <string>
#include <utility>
#include <vector>

namespace antq {

using detail::persistence::check_version;
using detail::persistence::date_field;
using detail::persistence::enum_field;
using detail::persistence::field;

template <class Archive>
void serialize(Archive& ar, unit& u, unsigned int version) {
    check_version<unit, Archive>(version, "unit");
    field(ar, "id", u.id);
    field(ar, "kind", u.kind);
    field(ar, "name", u.name);
    field(ar, "parent", u.parent);
    if (version >= 1) {
        field(ar, "attributes", u.attributes);
    }
}

template <class Archive>
void serialize(Archive& ar, model& m, unsigned int version) {
    check_version<model, Archive>(version, "model");
    field(ar, "id", m.id);
    field(ar, "name", m.name);
    field(ar, "type", m.type);
    field(ar, "topic", m.topic);
    field(ar, "target_group", m.target_group);
    field(ar, "unit", m.unit);
    date_field(ar, "established", m.established);
    date_field(ar, "ended", m.ended);
    field(ar, "replicated_from", m.replicated_from);
}

template <class Archive>
void serialize(Archive& ar, exemplar& e, unsigned int version) {
    check_version<exemplar, Archive>(version, "exemplar");
    field(ar, "id", e.id);
    field(ar, "name", e.name);
    enum_field(ar, "kind", e.kind, exemplar_kind::collective);
    field(ar, "unit", e.unit);
    date_field(ar, "recognized", e.recognized);
    if (version >= 1) {
        field(ar, "models", e.models);
        field(ar, "leads", e.leads);
    }
}

template <class Archive>
void save(Archive& ar, const registry& r, unsigned int /*version*/) {
    field(ar, "units", r.units());
    field(ar, "models", r.models());
    field(ar, "exemplars", r.exemplars());
}

template <class Archive>
void load(Archive& ar, registry& r, unsigned int version) {
    check_version<registry, Archive>(version, "registry");
    std::vector<unit> units;
    std::vector<model> models;
    std::vector<exemplar> exemplars;
    field(ar, "units", units);
    field(ar, "models", models);
    field(ar, "exemplars", exemplars);
    r = registry::build(std::move(units), std::move(models), std::move(exemplars));
}

template <class Archive>
void serialize(Archive& ar, observation_column& c, unsigned int version) {
    check_version<observation_column, Archive>(version, "observation column");
    field(ar, "name", c.name);
    enum_field(ar, "type", c.type, observation_column::kind::text);
    field(ar, "numbers", c.numbers);
    field(ar, "texts", c.texts);
    field(ar, "present", c.present);
}

template <class Archive>
void save(Archive& ar, const observation_table& t, unsigned int /*version*/) {
    field(ar, "subjects", t.subject_ids());
    field(ar, "periods", t.period_labels());
    field(ar, "row_subjects", t.row_subjects());
    field(ar, "row_periods", t.row_periods());
    field(ar, "columns", t.columns());
}

template <class Archive>
void load(Archive& ar, observation_table& t, unsigned int version) {
    check_version<observation_table, Archive>(version, "observation table");
    std::vector<std::string> subjects;
    std::vector<std::string> periods;
    std::vector<std::uint32_t> row_subjects;
    std::vector<std::uint32_t> row_periods;
    std::vector<observation_column> columns;
    field(ar, "subjects", subjects);
    field(ar, "periods", periods);
    field(ar, "row_subjects", row_subjects);
    field(ar, "row_periods", row_periods);
    field(ar, "columns", columns);
    t = observation_table(std::move(subjects), std::move(periods), std::move(row_subjects),
                          std::move(row_periods), std::move(columns));
}

template <class Archive>
void serialize(Archive& ar, decision& d, unsigned int version) {
    check_version<decision, Archive>(version, "decision");
    field(ar, "subject", d.subject);
    field(ar, "rulebook", d.rulebook);
    field(ar, "period", d.period);
    field(ar, "proposed_tier", d.proposed_tier);
    field(ar, "decided_tier", d.decided_tier);
    field(ar, "reason", d.reason);
    field(ar, "number", d.number);
    date_field(ar, "date", d.decided_on);
    field(ar, "body", d.body);
    field(ar, "signer", d.signer);
}

template <class Archive>
void serialize_labels(Archive& ar, dataset& d);

template <class Archive>
void serialize(Archive& ar, dataset& d, unsigned int version) {
    check_version<dataset, Archive>(version, "dataset");
    field(ar, "registry", d.registry);
    field(ar, "observations", d.observations);
    field(ar, "content_hash", d.content_hash);
    if (version >= 1) {
        field(ar, "decisions", d.decisions.rows);
        if constexpr (!Archive::is_saving::value) {
            // Read from an archive: no file places to point at.
            d.decisions.places.clear();
        }
    }
    if (version < 2) {
        return;  // versions 0 and 1 predate labels.csv: no labels
    }
    serialize_labels(ar, d);
    if (version < 3) {
        return;  // versions 0 to 2 predate model-types.csv: no catalogue
    }
    // Five columns, the lists as model-types.csv writes them.
    std::vector<std::string> ids;
    std::vector<std::string> names;
    std::vector<std::string> topics;
    std::vector<std::string> indicators;
    std::vector<std::string> attributes;
    if constexpr (Archive::is_saving::value) {
        for (const auto& t : d.model_types) {
            ids.push_back(t.id);
            names.push_back(t.name);
            topics.push_back(t.topic);
            indicators.push_back(detail::join_list(t.indicators));
            attributes.push_back(detail::join_list(t.unit_attributes));
        }
    }
    field(ar, "model_type_ids", ids);
    field(ar, "model_type_names", names);
    field(ar, "model_type_topics", topics);
    field(ar, "model_type_indicators", indicators);
    field(ar, "model_type_unit_attributes", attributes);
    if constexpr (!Archive::is_saving::value) {
        const std::size_t n = ids.size();
        if (names.size() != n || topics.size() != n || indicators.size() != n ||
            attributes.size() != n) {
            throw detail::persistence::invalid_content(
                "the dataset's model types have columns of different lengths");
        }
        d.model_types.clear();
        for (std::size_t i = 0; i < n; ++i) {
            std::string problem;
            model_type t{std::move(ids[i]), std::move(names[i]), std::move(topics[i]),
                         detail::split_list(indicators[i], problem),
                         detail::split_list(attributes[i], problem)};
            if (!problem.empty()) {
                throw detail::persistence::invalid_content("a model type of the dataset: " +
                                                           problem);
            }
            d.model_types.push_back(std::move(t));
        }
    }
}

template <class Archive>
void serialize_labels(Archive& ar, dataset& d) {
    // Three columns of texts, as the other tables are stored.
    std::vector<std::string> attributes;
    std::vector<std::string> values;
    std::vector<std::string> labels;
    if constexpr (Archive::is_saving::value) {
        for (const auto& l : d.labels) {
            attributes.push_back(l.attribute);
            values.push_back(l.value);
            labels.push_back(l.label);
        }
    }
    field(ar, "label_attributes", attributes);
    field(ar, "label_values", values);
    field(ar, "label_texts", labels);
    if constexpr (!Archive::is_saving::value) {
        if (values.size() != attributes.size() || labels.size() != attributes.size()) {
            throw detail::persistence::invalid_content(
                "the dataset's labels have columns of different lengths");
        }
        d.labels.clear();
        for (std::size_t i = 0; i < attributes.size(); ++i) {
            d.labels.push_back(
                {std::move(attributes[i]), std::move(values[i]), std::move(labels[i])});
        }
    }
}

ANTQ_INSTANTIATE_SERIALIZE(unit);
ANTQ_INSTANTIATE_SERIALIZE(model);
ANTQ_INSTANTIATE_SERIALIZE(exemplar);
ANTQ_INSTANTIATE_SAVE_LOAD(registry);
ANTQ_INSTANTIATE_SERIALIZE(observation_column);
ANTQ_INSTANTIATE_SAVE_LOAD(observation_table);
ANTQ_INSTANTIATE_SERIALIZE(decision);
ANTQ_INSTANTIATE_SERIALIZE(dataset);

}  // namespace antq
