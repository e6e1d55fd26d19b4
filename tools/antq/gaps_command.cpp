// `antq gaps --rules ... --data ... --period P`: per village and topic where no model is
// effective, the best effective models of that topic nearby to replicate; and the model
// types whose replication points are mostly ineffective.

#include "antq/command.hpp"
#include "antq/progress.hpp"

#include <antq/database.hpp>
#include <antq/dataset.hpp>
#include <antq/error.hpp>
#include <antq/evaluate.hpp>
#include <antq/gaps.hpp>
#include <antq/rulebook_set.hpp>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace antq::cli {

namespace {

struct gaps_command_options {
    std::string rules;
    std::string data;
    std::string period;
    std::string rulebook;
    std::string format = "table";
    std::vector<std::string> topics;
    std::size_t max_candidates = 3;
    double weak_share = 0.5;
    unsigned threads = 1;
};

int run_gaps(const gaps_command_options& options, const antq::engine_registry& engines) {
    const auto format = antq::parse_result_format(options.format);
    progress bar;
    bar.step("đang nạp bộ tiêu chí");
    const auto rules = antq::rulebook_set::load(options.rules, engines);
    bar.step("đang nạp dữ liệu");
    const antq::dataset& data = load_command_dataset(options.data);
    bar.step("đang đánh giá");
    antq::evaluate_options evaluate_options;
    evaluate_options.threads = options.threads;
    const auto results = antq::evaluate(data, rules, options.period, evaluate_options);
    print_skipped(results, antq::language::vi);  // the output is in Vietnamese
    antq::gaps_options gaps_options;
    gaps_options.max_candidates = options.max_candidates;
    gaps_options.weak_share = options.weak_share;
    gaps_options.topics = options.topics;
    std::vector<antq::gaps_report> reports;
    if (!options.rulebook.empty()) {
        reports.push_back(antq::find_gaps(data, results.at(options.rulebook), gaps_options));
    } else {
        for (const auto& r : results.results()) {
            if (r.header().subject == antq::subject_kind::model) {
                reports.push_back(antq::find_gaps(data, r, gaps_options));
            }
        }
    }
    bar.done();
    if (reports.empty()) {
        throw antq::usage_error(
            "no rulebook about models among the rules: gaps are found from models' results");
    }
    for (std::size_t i = 0; i < reports.size(); ++i) {
        if (i > 0 && format == antq::result_format::table) {
            std::cout << '\n';
        }
        std::cout << antq::format_gaps(reports[i], format);
    }
    return success;
}

}  // namespace

void add_gaps_command(CLI::App& app, command_runner& run, const antq::engine_registry& engines) {
    auto options = std::make_shared<gaps_command_options>();
    CLI::App* command = app.add_subcommand(
        "gaps",
        "List villages and topics without an effective model, and the models to replicate there");
    add_rules_option(*command, options->rules);
    add_data_option(*command, options->data);
    add_period_option(*command, options->period);
    command->add_option("--rulebook", options->rulebook,
                        "The model rulebook to read (default: every rulebook about models)");
    command->add_option("--topic", options->topics, "Only these topics (repeatable)");
    command->add_option("--max-candidates", options->max_candidates, "Models proposed per gap");
    command->add_option(
        "--weak-share", options->weak_share,
        "A model type is weak when more than this share of its points are ineffective");
    command->add_option("--format", options->format, "Output format")
        ->check(CLI::IsMember({"table", "csv", "json"}));
    command->add_option("--threads", options->threads, "Threads to use; 0 for one per core");
    command->callback([&run, &engines, options] {
        run = [&engines, options] { return run_gaps(*options, engines); };
    });
}

}  // namespace antq::cli
