// `antq evaluate`: evaluates, classifies and ranks the subjects of a dataset under one
// rulebook or a folder of them, for one period, and prints or writes the results; with
// `--explain ID`, says why one subject got its result.

#include "antq/command.hpp"
#include "antq/progress.hpp"

#include <antq/database.hpp>
#include <antq/dataset.hpp>
#include <antq/error.hpp>
#include <antq/evaluate.hpp>
#include <antq/explain.hpp>
#include <antq/output.hpp>
#include <antq/result_io.hpp>
#include <antq/rulebook_set.hpp>
#include <antq/snapshot.hpp>

#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <system_error>
#include <utility>

namespace antq::cli {

namespace {

struct evaluate_command_options {
    std::string rules;
    std::string data;
    std::string period;
    std::string format = "table";
    std::string out;
    std::string previous;
    std::string previous_from;  // a database holding the earlier period's stored run
    std::string save;
    std::string explain;
    unsigned threads = 0;  // one per core: the output is the same for every count
    std::string lang = "vi";
    bool bom = false;
};

antq::language language_of(const std::string& text) {
    if (text == "vi") {
        return antq::language::vi;
    }
    if (text == "en") {
        return antq::language::en;
    }
    throw antq::usage_error("unknown language '" + text + "' (expected vi or en)");
}

/// `--previous` names an earlier period of the same dataset, or a snapshot file.
bool names_a_snapshot(const std::string& previous) {
    const std::filesystem::path path(previous);
    // Anything that exists and is not a folder is taken for a file, to be read (and refused
    // if it is not a regular file, or not a snapshot) rather than treated as a period; an
    // error (a symbolic link loop, a name too long) is reported by the snapshot reader.
    std::error_code error;
    const auto status = std::filesystem::status(path, error);
    return path.extension() == ".antq" ||
           (error && error != std::errc::no_such_file_or_directory) ||
           (std::filesystem::exists(status) && !std::filesystem::is_directory(status));
}

int run_evaluate(const evaluate_command_options& options, const antq::engine_registry& engines) {
    const auto format = antq::parse_result_format(options.format);
    const auto lang = language_of(options.lang);
    if (options.bom && format != antq::result_format::csv) {
        throw antq::usage_error("--bom applies to --format csv only");
    }
    progress bar;
    bar.step("đang nạp bộ tiêu chí");
    const auto rules = antq::rulebook_set::load(options.rules, engines);
    bar.step("đang nạp dữ liệu");
    const antq::dataset& data = load_command_dataset(options.data);
    bar.step("đang đánh giá");
    antq::evaluate_options evaluate_options;
    evaluate_options.threads = options.threads;
    const bool previous_snapshot = !options.previous.empty() && names_a_snapshot(options.previous);
    const bool previous_stored = !options.previous_from.empty();
    if (previous_stored && (options.previous.empty() || previous_snapshot)) {
        throw antq::usage_error(
            "--previous-from DATABASE needs --previous PERIOD: the period "
            "whose stored run to compare with");
    }
    if (previous_stored && !options.explain.empty()) {
        throw antq::usage_error(
            "--explain compares criterion by criterion, which a stored run "
            "does not keep: give --previous PERIOD without --previous-from");
    }
    if (!options.previous.empty() && !previous_snapshot && !previous_stored) {
        evaluate_options.previous_period = options.previous;
    }
    {
        // The cells the rulebooks will refuse, in one block before the results: each is an
        // error of its own subject only, and the other subjects are still evaluated.
        antq::data_check_options check;
        check.period = options.period;
        check.threads = options.threads;
        std::ostringstream problems;
        if (report_data_problems(data, rules, check, lang, problems)) {
            bar.done();
            std::cerr << (lang == antq::language::vi
                              ? "antq: cảnh báo: dữ liệu có ô bị bộ tiêu chí từ chối; các đối "
                                "tượng liên quan nhận trạng thái lỗi:\n"
                              : "antq: warning: the rulebooks refuse these cells; the subjects "
                                "they concern get the status error:\n")
                      << problems.str();
        }
    }
    auto results = antq::evaluate(data, rules, options.period, evaluate_options);
    if (!results.skipped().empty()) {
        bar.done();  // notes go on lines of their own
    }
    print_skipped(results, lang);
    std::optional<antq::evaluation> previous;
    if (previous_snapshot || previous_stored) {
        previous = previous_stored
                       ? antq::read_stored_evaluation(options.previous_from, options.previous)
                       : antq::load_snapshot(options.previous).evaluation;
        // Silence here would look like "no subject had a previous period".
        for (const auto& id : results.set_previous(*previous)) {
            bar.done();
            std::cerr << "antq: note: " << options.previous << " has no results of rulebook '" << id
                      << "': its previous_tier and previous_rank are left out\n";
        }
    }
    if (!options.explain.empty() && !options.previous.empty() && !previous) {
        // The earlier period's results themselves, to say what changed criterion by criterion.
        antq::evaluate_options earlier = evaluate_options;
        earlier.previous_period.reset();
        previous = antq::evaluate(data, rules, options.previous, earlier);
    }
    bar.step("đang ghi kết quả");
    // --out and --save land together or not at all: each is prepared in a temporary file
    // beside its target, and both are put in place only once both could be written.
    antq::output_batch outputs;
    if (!options.explain.empty()) {
        // With the dataset and the rulebooks, explanations name subjects beside their ids,
        // list what roll-ups counted and who took a quota's places.
        antq::explain_context context;
        context.data = &data;
        context.rules = &rules;
        const auto explanations =
            previous ? antq::explain(results, *previous, options.explain, lang, context)
                     : antq::explain(results, options.explain, lang, context);
        for (const auto& e : explanations) {
            std::cout << e.text;
        }
    } else {
        // Names beside ids and labels beside every id column, in the language asked.
        antq::result_output_options output;
        output.lang = lang;
        output.data = &data;
        output.label_columns = true;
        output.byte_order_mark = options.bom;
        output.threads = options.threads;
        if (options.out.empty()) {
            antq::write_results(std::cout, results.results(), format, output);
        } else {
            antq::save_results(options.out, results.results(), format, output);
        }
    }
    if (!options.save.empty()) {
        antq::save_snapshot(antq::make_snapshot(std::move(results)), options.save);
    }
    outputs.commit();
    bar.done();
    return success;
}

}  // namespace

void add_evaluate_command(CLI::App& app, command_runner& run,
                          const antq::engine_registry& engines) {
    auto options = std::make_shared<evaluate_command_options>();
    CLI::App* command = app.add_subcommand(
        "evaluate", "Evaluate, classify and rank the subjects of a dataset for one period");
    add_rules_option(*command, options->rules);
    add_data_option(*command, options->data);
    add_period_option(*command, options->period);
    command->add_option("--format", options->format, "Output format")
        ->check(CLI::IsMember({"table", "csv", "json"}));
    command->add_option("--out", options->out, "Write the results to this file (atomically)");
    command->add_option("--previous", options->previous,
                        "Compare with this earlier period, or with a snapshot file (FILE.antq) "
                        "(previous_tier, previous_rank)");
    command->add_option("--previous-from", options->previous_from,
                        "With --previous PERIOD: take that period's results from the run stored "
                        "in this database (antq db store) instead of evaluating it again");
    command->add_option("--save", options->save,
                        "Also save the results as a snapshot (FILE.antq, see antq show)");
    command->add_option("--explain", options->explain, "Explain the result of this subject");
    command->add_option(
        "--threads", options->threads,
        "Threads to use (default 0: one per core); the output is the same for any number");
    command
        ->add_option("--lang", options->lang,
                     "Language of the table, of explanations and of the label columns")
        ->check(CLI::IsMember({"vi", "en"}));
    command->add_flag("--bom", options->bom,
                      "CSV: begin with the UTF-8 byte-order mark, for Excel");
    command->callback([&run, &engines, options] {
        run = [&engines, options] { return run_evaluate(*options, engines); };
    });
}

}  // namespace antq::cli
