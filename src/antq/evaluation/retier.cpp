#include "antq/evaluation/retier.hpp"

#include "antq/evaluation/decisions.hpp"

#include <antq/evaluate.hpp>
#include <antq/rulebook_writer.hpp>
#include <antq/version.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace antq::detail::evaluation {

namespace {

bool word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/// Whether `text` holds `word` with no letter, digit or underscore on either side.
bool holds_word(std::string_view text, std::string_view word) {
    for (auto at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
        const bool starts = at == 0 || !word_char(text[at - 1]);
        const std::size_t end = at + word.size();
        const bool ends = end == text.size() || !word_char(text[end]);
        if (starts && ends) {
            return true;
        }
    }
    return false;
}

std::vector<const rulebook_results*> pointers_to(std::span<const rulebook_results> results) {
    std::vector<const rulebook_results*> out;
    out.reserve(results.size());
    for (const auto& r : results) {
        out.push_back(&r);
    }
    return out;
}

}  // namespace

bool only_tiers_move(const rulebook& book, std::size_t version,
                     std::optional<std::string_view> parameter) {
    if (version >= book.versions.size()) {
        return false;
    }
    // The version alone, as canonical text, without its tier and action conditions: every
    // other field a program, an engine or a test may read a name from, whatever fields
    // rulebooks gain later.
    rulebook alone = book;
    alone.versions = {book.versions[version]};
    alone.source_text.clear();
    auto& v = alone.versions.front();
    for (auto& t : v.tiers) {
        t.when.text.clear();
        t.action_when.text.clear();
    }
    if (parameter) {
        const auto declared =
            std::find_if(v.parameters.begin(), v.parameters.end(),
                         [&](const antq::parameter& p) { return p.id == *parameter; });
        if (declared == v.parameters.end()) {
            return false;
        }
        v.parameters.erase(declared);
    }
    const std::string rest = write_rulebook(alone);
    // Earlier tiers read by anything but the tier step would carry the change into scores.
    if (holds_word(rest, "previous_tier")) {
        return false;
    }
    return !parameter || !holds_word(rest, *parameter);
}

scored_rulebook score(const dataset& data, const compiled_rulebook& book, std::string_view period,
                      std::span<const rulebook_results> rollup_sources,
                      const pipeline_options& options) {
    return score_rulebook(data, book, period, pointers_to(rollup_sources), options);
}

rulebook_results retier(const dataset& data, const compiled_rulebook& book, std::string_view period,
                        const scored_rulebook& scored,
                        std::span<const rulebook_results> rollup_sources,
                        const pipeline_options& options) {
    const std::vector<std::string> hashes = {antq::rulebook_hash(book.source())};
    const std::string dataset_hash =
        data.content_hash.empty() ? hash_dataset(data) : data.content_hash;
    auto results = tier_rulebook(data, book, period, pointers_to(rollup_sources), scored, options,
                                 evaluation_fingerprint(hashes, dataset_hash, version()));
    diagnostic_list problems;
    apply_decisions(data, book, results, problems);
    throw_decision_problems(problems);
    return results;
}

}  // namespace antq::detail::evaluation
