// The history and the diff read from stored runs: the database gives evaluations back, the
// toolkit's history recorder and diff take them as they take evaluations made here.

#include <antq/stored_runs.hpp>

#include <antq/compiled_rulebook.hpp>
#include <antq/error.hpp>
#include <antq/period.hpp>
#include <antq/rulebook.hpp>

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace antq {

namespace {

/// `stored` with the rulebooks of `rules` that it lacks listed as skipped, with the reason
/// `evaluate` gives when no version is in force for the period (a rulebook that did not exist
/// yet was not evaluated, so the run holds nothing of it).
evaluation with_skipped(const evaluation& stored, const rulebook_set& rules,
                        const std::string& period_text) {
    std::vector<skipped_rulebook> skipped;
    for (const auto& book : rules.rulebooks()) {
        if (stored.find(book.id()) != nullptr) {
            continue;
        }
        const rulebook& source = book.source();
        try {
            static_cast<void>(source.version_for(period::parse(period_text, source.period)));
        } catch (const usage_error& e) {
            skipped.push_back({source.id, source.title, e.what(),
                               source.versions.empty() ? std::optional<date>()
                                                       : source.versions.front().effective});
        }
    }
    if (skipped.empty()) {
        return stored;
    }
    const auto results = stored.results();
    const auto hashes = stored.rulebook_hashes();
    return evaluation(std::vector<rulebook_results>(results.begin(), results.end()),
                      std::vector<std::string>(hashes.begin(), hashes.end()),
                      stored.dataset_hash(), stored.library_version(), std::move(skipped));
}

}  // namespace

history read_stored_history(std::string_view target, const rulebook_set& rules,
                            std::span<const std::string> periods, const history_options& options,
                            const database_options& database) {
    if (periods.empty()) {
        throw usage_error("a history needs at least one period");
    }
    // The recorder checks the rulebooks asked for and the periods named twice before the
    // database is read.
    history_recorder recorder(rules, options);
    const std::string name = source_text(target);
    std::set<std::string, std::less<>> stored_periods;
    for (const auto& run : list_runs(target, database)) {
        stored_periods.insert(run.period);
    }
    if (std::none_of(periods.begin(), periods.end(),
                     [&](const std::string& p) { return stored_periods.contains(p); })) {
        throw database_error("the database '" + name + "' has no stored run for any period from " +
                             periods.front() + " to " + periods.back());
    }
    std::set<std::string, std::less<>> found;  // rulebooks with results in some run
    for (const auto& period : periods) {
        if (!stored_periods.contains(period)) {
            recorder.add_not_stored(period, "no run of period " + period +
                                                " is stored in the database '" + name + "'");
            continue;
        }
        const evaluation stored = read_stored_evaluation(target, period, rules, {}, database);
        for (const auto& r : stored.results()) {
            found.insert(r.header().rulebook);
        }
        recorder.add(period, with_skipped(stored, rules, period));
    }
    const auto range = periods.front() + " to " + periods.back();
    for (const auto& id : options.rulebooks) {
        if (!found.contains(id)) {
            throw database_error("the database '" + name + "' has no stored results of rulebook '" +
                                 id + "' in the runs of the periods from " + range);
        }
    }
    if (options.rulebooks.empty() &&
        std::none_of(rules.rulebooks().begin(), rules.rulebooks().end(),
                     [&](const compiled_rulebook& b) { return found.contains(b.id()); })) {
        std::string stored_ids;
        for (const auto& id : found) {
            stored_ids += (stored_ids.empty() ? "" : ", ") + id;
        }
        throw database_error("the database '" + name +
                             "' has no stored results of any rulebook of the rules given in the "
                             "runs of the periods from " +
                             range + " (it has results of: " + stored_ids + ")");
    }
    return recorder.finish();
}

std::vector<rule_diff> diff_stored_run(std::string_view target, std::string_view period,
                                       const rulebook_set& new_rules, const dataset& data,
                                       const evaluate_options& options,
                                       const database_options& database) {
    const evaluation filed = read_stored_evaluation(target, period, new_rules, {}, database);
    const evaluation now = evaluate(data, new_rules, period, options);
    return diff_evaluations(filed, now, diff_side::stored);
}

}  // namespace antq
