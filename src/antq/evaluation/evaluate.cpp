#include <antq/evaluate.hpp>

#include <antq/error.hpp>
#include <antq/explain.hpp>
#include <antq/period.hpp>
#include <antq/version.hpp>

#include "antq/evaluation/decisions.hpp"
#include "antq/evaluation/fingerprint.hpp"
#include "antq/evaluation/pipeline.hpp"
#include "antq/parallel.hpp"
#include "antq/rules/plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <span>
#include <vector>

namespace antq {

namespace {

detail::evaluation::pipeline_options pipeline_options_of(const evaluate_options& options) {
    detail::evaluation::pipeline_options out;
    out.threads = detail::threads_or_cores(options.threads);
    out.batch_size = options.batch_size;
    return out;
}

std::string dataset_hash_of(const dataset& data) {
    return data.content_hash.empty() ? hash_dataset(data) : data.content_hash;
}

/// The rulebooks of `all` with a version in force for `period_text`; the others go to
/// `skipped`. A folder holds rulebooks of different ages (the grassroots teams' begins in
/// 2024): one that did not exist yet must not stop the others. Throws `version_for`'s error
/// for the first rulebook when none is in force, since then nothing was asked that exists.
std::vector<const compiled_rulebook*> in_force(std::span<const compiled_rulebook> all,
                                               std::string_view period_text,
                                               std::vector<skipped_rulebook>& skipped) {
    std::vector<const compiled_rulebook*> out;
    for (const auto& book : all) {
        const rulebook& source = book.source();
        const period when = period::parse(period_text, source.period);
        try {
            // version_for words why no version is in force; that is the note to keep.
            static_cast<void>(source.version_for(when));
            out.push_back(&book);
        } catch (const usage_error& e) {
            skipped.push_back({source.id, source.title, e.what(),
                               source.versions.empty() ? std::optional<date>()
                                                       : source.versions.front().effective});
        }
    }
    if (out.empty() && !all.empty()) {
        const rulebook& first = all.front().source();
        static_cast<void>(first.version_for(period::parse(period_text, first.period)));
    }
    return out;
}

evaluation evaluate_once(const dataset& data, const rulebook_set& rules, std::string_view period,
                         const evaluate_options& options) {
    std::vector<skipped_rulebook> skipped;
    const auto books = in_force(rules.rulebooks(), period, skipped);
    std::vector<std::string> hashes;
    hashes.reserve(books.size());
    for (const auto* book : books) {
        hashes.push_back(antq::rulebook_hash(book->source()));
    }
    const std::string dataset_hash = dataset_hash_of(data);
    const std::string library_version(version());
    const std::string fingerprint = evaluation_fingerprint(hashes, dataset_hash, library_version);
    std::vector<rulebook_results> results;
    results.reserve(books.size());
    diagnostic_list decision_problems;
    for (const auto& book : rules.rulebooks()) {
        if (std::find(books.begin(), books.end(), &book) == books.end()) {
            detail::evaluation::refuse_decisions_without_result(data, book, period,
                                                                decision_problems);
        }
    }
    for (const auto* book : books) {
        // Earlier results are the roll-up sources: the set is in dependency order.
        std::vector<const rulebook_results*> sources;
        sources.reserve(results.size());
        for (const auto& r : results) {
            sources.push_back(&r);
        }
        results.push_back(detail::evaluation::evaluate_rulebook(
            data, *book, period, sources, pipeline_options_of(options), fingerprint));
        // Before the rulebooks that roll this one up read it: they read decided tiers.
        detail::evaluation::apply_decisions(data, *book, results.back(), decision_problems);
    }
    detail::evaluation::throw_decision_problems(decision_problems);
    return evaluation(std::move(results), std::move(hashes), dataset_hash, library_version,
                      std::move(skipped));
}

}  // namespace

evaluation::evaluation(std::vector<rulebook_results> results,
                       std::vector<std::string> rulebook_hashes, std::string dataset_hash,
                       std::string library_version, std::vector<skipped_rulebook> skipped)
    : results_(std::move(results)),
      rulebook_hashes_(std::move(rulebook_hashes)),
      dataset_hash_(std::move(dataset_hash)),
      library_version_(std::move(library_version)),
      skipped_(std::move(skipped)) {
    if (results_.size() != rulebook_hashes_.size()) {
        throw usage_error(fmt::format("an evaluation of {} rulebooks was given {} rulebook hashes",
                                      results_.size(), rulebook_hashes_.size()));
    }
    fingerprint_ = evaluation_fingerprint(rulebook_hashes_, dataset_hash_, library_version_);
}

const rulebook_results* evaluation::find(std::string_view rulebook_id) const noexcept {
    const auto it = std::find_if(results_.begin(), results_.end(), [&](const rulebook_results& r) {
        return r.header().rulebook == rulebook_id;
    });
    return it == results_.end() ? nullptr : &*it;
}

const rulebook_results& evaluation::at(std::string_view rulebook_id) const {
    if (const auto* r = find(rulebook_id)) {
        return *r;
    }
    const auto skipped =
        std::find_if(skipped_.begin(), skipped_.end(),
                     [&](const skipped_rulebook& s) { return s.rulebook == rulebook_id; });
    if (skipped != skipped_.end()) {
        throw usage_error(fmt::format("no results for rulebook '{}' in this evaluation: {}",
                                      rulebook_id, skipped->reason));
    }
    throw usage_error(fmt::format("no results for rulebook '{}' in this evaluation", rulebook_id));
}

std::vector<std::string> evaluation::set_previous(const evaluation& previous) {
    std::vector<std::string> unmatched;
    for (auto& r : results_) {
        if (const auto* before = previous.find(r.header().rulebook)) {
            r.set_previous(*before);
        } else {
            unmatched.push_back(r.header().rulebook);
        }
    }
    return unmatched;
}

evaluation evaluate(const dataset& data, const rulebook_set& rules, std::string_view period,
                    const evaluate_options& options) {
    evaluation current = evaluate_once(data, rules, period, options);
    if (options.previous_period) {
        current.set_previous(evaluate_once(data, rules, *options.previous_period, options));
    }
    return current;
}

results_header rulebook_header(const compiled_rulebook& rulebook, std::size_t version_index,
                               std::string_view period) {
    return detail::evaluation::header_for(rulebook, version_index, period);
}

rulebook_results evaluate(const dataset& data, const compiled_rulebook& rulebook,
                          std::string_view period, const evaluate_options& options,
                          std::span<const rulebook_results> rollup_sources) {
    const std::vector<std::string> hashes = {antq::rulebook_hash(rulebook.source())};
    const std::string fingerprint =
        evaluation_fingerprint(hashes, dataset_hash_of(data), version());
    std::vector<const rulebook_results*> sources;
    sources.reserve(rollup_sources.size());
    for (const auto& r : rollup_sources) {
        sources.push_back(&r);
    }
    auto results = detail::evaluation::evaluate_rulebook(data, rulebook, period, sources,
                                                         pipeline_options_of(options), fingerprint);
    diagnostic_list decision_problems;
    detail::evaluation::apply_decisions(data, rulebook, results, decision_problems);
    if (options.previous_period && rollup_sources.empty()) {
        auto previous =
            detail::evaluation::evaluate_rulebook(data, rulebook, *options.previous_period, sources,
                                                  pipeline_options_of(options), fingerprint);
        detail::evaluation::apply_decisions(data, rulebook, previous, decision_problems);
        results.set_previous(previous);
    }
    detail::evaluation::throw_decision_problems(decision_problems);
    return results;
}

std::string evaluation_fingerprint(std::span<const std::string> rulebook_hashes,
                                   std::string_view dataset_hash,
                                   std::string_view library_version) {
    return detail::evaluation::fingerprint(rulebook_hashes, dataset_hash, library_version);
}

namespace {

/// Every rulebook's explanation of the subject, compared with `previous` where it holds the
/// same rulebook.
std::vector<explanation> explain_each(const evaluation& results, const evaluation* previous,
                                      std::string_view subject_id, language lang,
                                      explain_context context) {
    // Roll-ups read the rulebooks evaluated before, all of them in these results.
    context.sources = &results;
    std::vector<explanation> out;
    for (const auto& r : results.results()) {
        if (!r.find(subject_id)) {
            continue;
        }
        const rulebook_results* before = previous ? previous->find(r.header().rulebook) : nullptr;
        out.push_back(before ? explain(r, *before, subject_id, lang, context)
                             : explain(r, subject_id, lang, context));
    }
    if (out.empty()) {
        throw usage_error(
            fmt::format("subject '{}' is in none of the evaluated rulebooks", subject_id));
    }
    return out;
}

}  // namespace

std::vector<explanation> explain(const evaluation& results, std::string_view subject_id,
                                 language lang, const explain_context& context) {
    return explain_each(results, nullptr, subject_id, lang, context);
}

std::vector<explanation> explain(const evaluation& results, const evaluation& previous,
                                 std::string_view subject_id, language lang,
                                 const explain_context& context) {
    return explain_each(results, &previous, subject_id, lang, context);
}

}  // namespace antq
