// `antq sensitivity --rules R --data D --period P --vary NAME=FROM:TO:STEP [--vary ...]
// [--draws N --spread 0.1 --seed S]`: what a draft pass mark or weight would do before it
// takes effect: counts per tier, the subjects that move and the rank correlation at each
// value, and how stable tiers and ranks are when the criteria's points vary together.

#include "antq/command.hpp"
#include "antq/progress.hpp"

#include <antq/database.hpp>
#include <antq/dataset.hpp>
#include <antq/error.hpp>
#include <antq/output.hpp>
#include <antq/rulebook_set.hpp>
#include <antq/sensitivity.hpp>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace antq::cli {

namespace {

struct sensitivity_command_options {
    std::string rules;
    std::string data;
    std::string period;
    std::string rulebook;
    std::vector<std::string> vary;
    std::size_t draws = 0;
    double spread = 0.1;
    std::uint64_t seed = antq::default_sensitivity_seed;
    std::string format = "table";
    std::string lang = "vi";
    std::string out;
    unsigned threads = 0;  // one per core: the output is the same for every count
};

int run_sensitivity(const sensitivity_command_options& options,
                    const antq::engine_registry& engines) {
    const bool html = options.format == "html";
    const auto format =
        html ? antq::result_format::table : antq::parse_result_format(options.format);
    const auto lang = options.lang == "en" ? antq::language::en : antq::language::vi;
    antq::sensitivity_options sensitivity;
    // Sweeps are read before anything is loaded: a typo in a range costs no loading.
    for (const auto& text : options.vary) {
        sensitivity.sweeps.push_back(antq::parse_sweep(text));
    }
    sensitivity.rulebook = options.rulebook;
    sensitivity.draws = options.draws;
    sensitivity.spread = options.spread;
    sensitivity.seed = options.seed;
    sensitivity.threads = options.threads;
    sensitivity.engines = &engines;
    progress bar;
    bar.step("đang nạp bộ tiêu chí");
    const auto rules = antq::rulebook_set::load(options.rules, engines);
    bar.step("đang nạp dữ liệu");
    const antq::dataset& data = load_command_dataset(options.data);
    bar.step("đang đánh giá các phương án");
    const auto reports = antq::analyse_sensitivity(data, rules, options.period, sensitivity);
    bar.done();
    if (options.out.empty()) {
        std::cout << (html ? antq::format_sensitivity_html(reports, lang, &data)
                           : antq::format_sensitivity(reports, format, lang, &data));
    } else {
        antq::output_batch outputs;
        if (html) {
            antq::save_sensitivity_html(options.out, reports, lang, &data);
        } else {
            antq::save_sensitivity(options.out, reports, format, lang, &data);
        }
        outputs.commit();
    }
    return success;
}

}  // namespace

void add_sensitivity_command(CLI::App& app, command_runner& run,
                             const antq::engine_registry& engines) {
    auto options = std::make_shared<sensitivity_command_options>();
    CLI::App* command = app.add_subcommand(
        "sensitivity",
        "Show who changes tier as a rulebook's numbers vary, and how stable the ranking is");
    add_rules_option(*command, options->rules);
    add_data_option(*command, options->data);
    add_period_option(*command, options->period);
    command->add_option("--vary", options->vary,
                        "NAME=FROM:TO:STEP: a parameter, points.CRITERION or cutoff.TIER swept "
                        "over a range (may be given more than once)");
    command->add_option("--rulebook", options->rulebook,
                        "The rulebook whose numbers vary, when several are in force");
    command->add_option("--draws", options->draws,
                        "Random draws varying every criterion's points together (0: none)");
    command->add_option("--spread", options->spread,
                        "Each draw multiplies points by a factor within 1 ± spread (0.1)");
    command->add_option("--seed", options->seed,
                        "Seed of the draws; the same seed gives the same report");
    command
        ->add_option("--format", options->format,
                     "Output format (html: a page with a chart per sweep)")
        ->check(CLI::IsMember({"table", "csv", "json", "html"}));
    command->add_option("--lang", options->lang, "Language of the table (vi or en)")
        ->check(CLI::IsMember({"vi", "en"}));
    command->add_option("--out", options->out, "Write the report to this file (atomically)");
    command->add_option(
        "--threads", options->threads,
        "Threads to use (default 0: one per core); the output is the same for any number");
    command->callback([&run, &engines, options] {
        run = [&engines, options] { return run_sensitivity(*options, engines); };
    });
}

}  // namespace antq::cli
