// `antq export --format xlsx --rules ... --data ... --period P --out file.xlsx`: the documents
// a province files (recognition lists, score sheets, the yearly summary of models, the
// exemplars proposed for commendation) as one Excel workbook (antq/workbook.hpp).

#include "antq/command.hpp"
#include "antq/progress.hpp"

#include <antq/database.hpp>
#include <antq/dataset.hpp>
#include <antq/error.hpp>
#include <antq/evaluate.hpp>
#include <antq/rulebook_set.hpp>
#include <antq/workbook.hpp>

#include <iostream>
#include <memory>
#include <string>

namespace antq::cli {

namespace {

struct export_command_options {
    std::string rules;
    std::string data;
    std::string period;
    std::string format = "xlsx";
    std::string out;
    std::string unit;
    unsigned threads = 0;  // one per core: the workbook is the same for every count
};

int run_export(const export_command_options& options, const antq::engine_registry& engines) {
    if (!antq::workbook_support()) {
        throw antq::usage_error(
            "this antq was built without Excel workbooks (CMake option ANTQ_WITH_XLSX=OFF)");
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
    bar.step("đang ghi sổ tính Excel");
    antq::workbook_options workbook_options;
    workbook_options.unit_name = options.unit;
    antq::write_workbook(options.out, data, results, workbook_options);
    bar.done();
    print_skipped(results, antq::language::vi);  // the output is in Vietnamese
    std::cout << options.out << '\n';
    return success;
}

}  // namespace

void add_export_command(CLI::App& app, command_runner& run, const antq::engine_registry& engines) {
    auto options = std::make_shared<export_command_options>();
    CLI::App* command = app.add_subcommand(
        "export", "Write the documents a province files as one Excel workbook (.xlsx)");
    add_rules_option(*command, options->rules);
    add_data_option(*command, options->data);
    add_period_option(*command, options->period);
    command->add_option("--format", options->format, "Output format")
        ->check(CLI::IsMember({"xlsx"}));
    command->add_option("--out", options->out, "The workbook to write (atomically)")->required();
    command->add_option("--unit", options->unit,
                        "The unit named in every title row (default: the unit every other unit "
                        "lies under)");
    command->add_option(
        "--threads", options->threads,
        "Threads to use (default 0: one per core); the workbook is the same for any number");
    command->callback([&run, &engines, options] {
        run = [&engines, options] { return run_export(*options, engines); };
    });
}

}  // namespace antq::cli
