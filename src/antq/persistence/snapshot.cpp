#include <antq/snapshot.hpp>

#include <antq/error.hpp>
#include <antq/serialization.hpp>

#include "antq/persistence/archive_io.hpp"
#include "antq/persistence/serialize_support.hpp"

#include <fmt/format.h>
#include <boost/date_time/gregorian/gregorian_types.hpp>

#include <utility>

namespace antq {

using detail::persistence::check_version;
using detail::persistence::date_field;
using detail::persistence::field;

template <class Archive>
void serialize(Archive& ar, skipped_rulebook& s, unsigned int version) {
    check_version<skipped_rulebook, Archive>(version, "skipped rulebook");
    field(ar, "rulebook", s.rulebook);
    field(ar, "title", s.title);
    field(ar, "reason", s.reason);
    date_field(ar, "first_effective", s.first_effective);
}

template <class Archive>
void save(Archive& ar, const evaluation& e, unsigned int /*version*/) {
    field(ar, "results", e.results());
    field(ar, "rulebook_hashes", e.rulebook_hashes());
    field(ar, "dataset_hash", e.dataset_hash());
    field(ar, "library_version", e.library_version());
    field(ar, "skipped", e.skipped());
}

template <class Archive>
void load(Archive& ar, evaluation& e, unsigned int version) {
    check_version<evaluation, Archive>(version, "evaluation");
    std::vector<rulebook_results> results;
    std::vector<std::string> rulebook_hashes;
    std::string dataset_hash;
    std::string library_version;
    field(ar, "results", results);
    field(ar, "rulebook_hashes", rulebook_hashes);
    field(ar, "dataset_hash", dataset_hash);
    field(ar, "library_version", library_version);
    std::vector<skipped_rulebook> skipped;
    if (version >= 1) {
        field(ar, "skipped", skipped);
    }
    try {
        e = evaluation(std::move(results), std::move(rulebook_hashes), std::move(dataset_hash),
                       std::move(library_version), std::move(skipped));
    } catch (const usage_error& problem) {
        throw detail::persistence::invalid_content(problem.what());
    }
}

template <class Archive>
void serialize(Archive& ar, snapshot& s, unsigned int version) {
    check_version<snapshot, Archive>(version, "snapshot");
    date_field(ar, "created", s.created);
    field(ar, "evaluation", s.evaluation);
}

ANTQ_INSTANTIATE_SERIALIZE(skipped_rulebook);
ANTQ_INSTANTIATE_SAVE_LOAD(evaluation);
ANTQ_INSTANTIATE_SERIALIZE(snapshot);

snapshot make_snapshot(evaluation e) {
    return snapshot{std::move(e), boost::gregorian::day_clock::local_day()};
}

void save_snapshot(const snapshot& s, const std::filesystem::path& file, archive_format format) {
    const auto results = s.evaluation.results();
    for (const auto& r : results) {
        const auto& first = results.front().header();
        if (r.header().period_text != first.period_text) {
            throw usage_error(
                fmt::format("cannot save snapshot '{}': it mixes periods '{}' ({}) and '{}' ({})",
                            file.string(), first.period_text, first.rulebook,
                            r.header().period_text, r.header().rulebook));
        }
    }
    detail::persistence::save_archive(file, archive_content::snapshot, format, "snapshot", s);
}

snapshot load_snapshot(const std::filesystem::path& file) {
    snapshot s;
    detail::persistence::load_archive(file, archive_content::snapshot, "snapshot", s);
    return s;
}

}  // namespace antq
