// `antq report --rules ... --data ... --period P --out report.html`: one self-contained HTML
// page of the results by unit, topic and tier, with charts, rankings and explanations; with
// `--history-from YEAR`, also a page per village over the years up to the period; in
// Vietnamese, or in English with `--lang en`.

#include "antq/command.hpp"
#include "antq/progress.hpp"

#include <antq/database.hpp>
#include <antq/dataset.hpp>
#include <antq/error.hpp>
#include <antq/evaluate.hpp>
#include <antq/history.hpp>
#include <antq/report.hpp>
#include <antq/rulebook_set.hpp>

#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace antq::cli {

namespace {

struct report_command_options {
    std::string rules;
    std::string data;
    std::string period;
    std::string out;
    std::string title;
    std::string history_from;
    std::string lang = "vi";
    bool explain_all = false;
    unsigned threads = 1;
};

int run_report(const report_command_options& options, const antq::engine_registry& engines) {
    std::vector<std::string> years;
    if (!options.history_from.empty()) {
        // Checked before anything is read: the years run up to the period, itself a year.
        years =
            antq::year_range(antq::parse_year(options.history_from, "--history-from"),
                             antq::parse_year(options.period, "--period (with --history-from)"));
    }
    progress bar;
    bar.step("đang nạp bộ tiêu chí");
    const auto rules = antq::rulebook_set::load(options.rules, engines);
    bar.step("đang nạp dữ liệu");
    const antq::dataset& data = load_command_dataset(options.data);
    bar.step("đang đánh giá");
    antq::evaluate_options evaluate_options;
    evaluate_options.threads = options.threads;
    const auto results = antq::evaluate(data, rules, options.period, evaluate_options);
    std::optional<antq::history> history;
    if (!years.empty()) {
        bar.step("đang đánh giá qua các năm");
        antq::history_options history_options;
        history_options.threads = options.threads;
        history = antq::evaluate_history(data, rules, years, history_options);
    }
    bar.step("đang viết báo cáo");
    const auto lang = options.lang == "en" ? antq::language::en : antq::language::vi;
    antq::report_options report_options;
    report_options.language = lang;
    if (!options.title.empty()) {
        report_options.title = options.title;
    }
    report_options.explain_all = options.explain_all;
    report_options.rules = &rules;
    report_options.history = history ? &*history : nullptr;
    antq::write_report(options.out, data, results, report_options);
    bar.done();
    print_skipped(results, lang);
    std::cout << options.out << '\n';
    return success;
}

}  // namespace

void add_report_command(CLI::App& app, command_runner& run, const antq::engine_registry& engines) {
    auto options = std::make_shared<report_command_options>();
    CLI::App* command =
        app.add_subcommand("report", "Write the results as one self-contained HTML page");
    add_rules_option(*command, options->rules);
    add_data_option(*command, options->data);
    add_period_option(*command, options->period);
    command->add_option("--out", options->out, "The HTML file to write (atomically)")->required();
    command->add_option("--title", options->title,
                        "The page's title (default: the report's title in --lang)");
    command->add_flag("--explain-all", options->explain_all,
                      "Explain every result (by default at most 5000 per rulebook)");
    command->add_option("--history-from", options->history_from,
                        "Add a page per village over the years from this one to --period (a "
                        "year)");
    command->add_option("--lang", options->lang, "Language of the page (vi or en)")
        ->check(CLI::IsMember({"vi", "en"}));
    command->add_option("--threads", options->threads, "Threads to use; 0 for one per core");
    command->callback([&run, &engines, options] {
        run = [&engines, options] { return run_report(*options, engines); };
    });
}

}  // namespace antq::cli
