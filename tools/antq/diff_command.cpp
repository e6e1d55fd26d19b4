// `antq diff --old RULEBOOK --new RULEBOOK --data DATASET --period P`: what a rule change
// does: the tier-to-tier count matrix, the rank correlation of the old and new orders, and
// every subject whose tier, rank or score changes, with the criteria that caused it.

#include "antq/command.hpp"
#include "antq/progress.hpp"

#include <antq/database.hpp>
#include <antq/dataset.hpp>
#include <antq/error.hpp>
#include <antq/rule_diff.hpp>
#include <antq/rulebook_loader.hpp>
#include <antq/rulebook_set.hpp>
#include <antq/stored_runs.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace antq::cli {

namespace {

struct diff_command_options {
    std::string old_rules;
    std::string old_from;
    std::string new_rules;
    std::string with;
    std::string data;
    std::string period;
    std::string format = "table";
    std::string lang = "vi";
    unsigned threads = 1;
};

// Each rulebook read, checked and compiled once: the sets below reuse the compiled forms.
std::vector<antq::compiled_rulebook> load_all(const std::string& path,
                                              const antq::engine_registry& engines) {
    std::vector<antq::compiled_rulebook> books;
    std::vector<antq::diagnostic> problems;
    for (const auto& file : antq::find_rulebook_files(path)) {
        try {
            books.push_back(antq::load_compiled_rulebook(file, engines));
        } catch (const antq::input_error& e) {
            problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
        }
    }
    if (!problems.empty()) {
        throw antq::input_error(std::move(problems));
    }
    return books;
}

// The rulebooks of `path`, with the rulebooks of `with` they do not replace (by id), so that
// a rulebook that rolls up others can be compared alone.
antq::rulebook_set rules_of(std::vector<antq::compiled_rulebook> books,
                            const std::vector<antq::compiled_rulebook>& with) {
    for (const auto& other : with) {
        const bool replaced =
            std::any_of(books.begin(), books.end(),
                        [&](const antq::compiled_rulebook& b) { return b.id() == other.id(); });
        if (!replaced) {
            books.push_back(other);
        }
    }
    return antq::rulebook_set::from(std::move(books));
}

void check_old_side(const diff_command_options& options) {
    if (!options.old_rules.empty() && !options.old_from.empty()) {
        throw antq::usage_error(
            "give either --old RULES (evaluate the old rules) or --old-from DATABASE (the run "
            "stored for the period), not both");
    }
    if (options.old_rules.empty() && options.old_from.empty()) {
        throw antq::usage_error(
            "diff needs the old side: --old RULES (evaluate the old rules) or --old-from "
            "DATABASE (the run stored for the period)");
    }
}

// The old side is the old rules evaluated (`--old`), or the run stored for the period in a
// database (`--old-from`: what was filed) against the new rules.
int run_diff(const diff_command_options& options, const antq::engine_registry& engines) {
    check_old_side(options);
    const auto format = antq::parse_result_format(options.format);
    const bool stored = !options.old_from.empty();
    progress bar;
    bar.step("đang nạp bộ tiêu chí");
    const std::vector<antq::compiled_rulebook> with = options.with.empty()
                                                          ? std::vector<antq::compiled_rulebook>{}
                                                          : load_all(options.with, engines);
    const std::optional<antq::rulebook_set> old_rules =
        stored ? std::nullopt : std::optional(rules_of(load_all(options.old_rules, engines), with));
    const auto compared = load_all(options.new_rules, engines);
    const auto new_rules = rules_of(compared, with);
    bar.step("đang nạp dữ liệu");
    const antq::dataset& data = load_command_dataset(options.data);
    bar.step(stored ? "đang đánh giá theo tiêu chí mới" : "đang đánh giá theo tiêu chí cũ và mới");
    antq::evaluate_options evaluate_options;
    evaluate_options.threads = options.threads;
    auto diffs = stored ? antq::diff_stored_run(options.old_from, options.period, new_rules, data,
                                                evaluate_options)
                        : antq::diff_rulebooks(data, *old_rules, new_rules, options.period,
                                               evaluate_options);
    if (!with.empty()) {
        // Rulebooks given only as context are the same on both sides: not what was asked.
        std::erase_if(diffs, [&](const antq::rule_diff& d) {
            return std::none_of(
                compared.begin(), compared.end(),
                [&](const antq::compiled_rulebook& b) { return b.id() == d.new_rulebook; });
        });
    }
    bar.done();
    const auto lang = options.lang == "en" ? antq::language::en : antq::language::vi;
    std::cout << antq::format_rule_diffs(diffs, format, lang, &data);
    return success;
}

}  // namespace

void add_diff_command(CLI::App& app, command_runner& run, const antq::engine_registry& engines) {
    auto options = std::make_shared<diff_command_options>();
    CLI::App* command = app.add_subcommand("diff", "Show what a rule change does to the results");
    command->add_option("--old", options->old_rules,
                        "The rules in force: a rulebook file or folder");
    command->add_option("--old-from", options->old_from,
                        "Instead of --old: the run stored for the period in this database "
                        "(sqlite:FILE.db, postgresql://...), what was filed");
    command->add_option("--new", options->new_rules, "The changed rules: a rulebook file or folder")
        ->required();
    command->add_option(
        "--with", options->with,
        "Other rulebooks the compared ones roll up from (a folder), the same on both sides");
    add_data_option(*command, options->data);
    add_period_option(*command, options->period);
    command->add_option("--format", options->format, "Output format")
        ->check(CLI::IsMember({"table", "csv", "json"}));
    command->add_option("--threads", options->threads, "Threads to use; 0 for one per core");
    command->add_option("--lang", options->lang, "Language of the table (vi or en)")
        ->check(CLI::IsMember({"vi", "en"}));
    command->callback([&run, &engines, options] {
        run = [&engines, options] { return run_diff(*options, engines); };
    });
}

}  // namespace antq::cli
