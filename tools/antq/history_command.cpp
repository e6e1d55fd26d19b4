// `antq history --rules R --data D --from 2021 --to 2025`: per subject, its tier, score and
// rank in each year of the range and what changed from one year to the next.

#include "antq/command.hpp"
#include "antq/progress.hpp"

#include <antq/database.hpp>
#include <antq/dataset.hpp>
#include <antq/error.hpp>
#include <antq/history.hpp>
#include <antq/labels.hpp>
#include <antq/output.hpp>
#include <antq/rulebook_set.hpp>
#include <antq/stored_runs.hpp>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace antq::cli {

namespace {

struct history_command_options {
    std::string rules;
    std::string data;
    std::string runs_from;
    std::string from;
    std::string to;
    std::vector<std::string> subjects;
    std::vector<std::string> rulebooks;
    std::string format = "table";
    std::string lang = "vi";
    std::string out;
    unsigned threads = 0;  // one per core: the output is the same for every count
};

// One note per rulebook and period skipped, worded as `print_skipped` words them for one
// period, so that a year before a rulebook existed is said, not silently empty.
void print_skipped_periods(const antq::history& h, antq::language lang,
                           const std::string& database) {
    // A period of which no run was stored is one note, not one per rulebook.
    if (!h.rulebooks.empty()) {
        for (const auto& p : h.rulebooks.front().periods()) {
            if (!p.not_stored) {
                continue;
            }
            if (lang == antq::language::en) {
                std::cerr << "antq: note: " << p.period << ": " << p.reason << '\n';
            } else {
                std::cerr << "antq: lưu ý: kỳ " << p.period
                          << ": không có lần đánh giá nào của kỳ này được lưu trong cơ sở dữ liệu '"
                          << antq::source_text(database) << "'\n";
            }
        }
    }
    for (const auto& book : h.rulebooks) {
        for (const auto& p : book.periods()) {
            if (!p.skipped || p.not_stored) {
                continue;
            }
            if (lang == antq::language::en) {
                std::cerr << "antq: note: " << p.period << ": skipped: " << p.reason << '\n';
                continue;
            }
            std::cerr << "antq: lưu ý: kỳ " << p.period << ": bỏ qua “"
                      << (book.title().empty() ? book.rulebook() : book.title()) << "” ("
                      << book.rulebook() << "): chưa có phiên bản có hiệu lực trong kỳ này";
            if (p.first_effective) {
                std::cerr << "; phiên bản đầu tiên có hiệu lực từ "
                          << antq::date_text(*p.first_effective, lang);
            }
            std::cerr << '\n';
        }
    }
}

int run_history(const history_command_options& options, const antq::engine_registry& engines) {
    const auto format = antq::parse_result_format(options.format);
    const auto lang = options.lang == "en" ? antq::language::en : antq::language::vi;
    // The range is checked before anything is read: a typo costs no loading.
    const auto periods = antq::year_range(antq::parse_year(options.from, "--from"),
                                          antq::parse_year(options.to, "--to"));
    if (options.data.empty() && options.runs_from.empty()) {
        throw antq::usage_error(
            "history needs --data DATASET (to evaluate each year) or --runs-from DATABASE (to "
            "read the runs stored for each year)");
    }
    progress bar;
    bar.step("đang nạp bộ tiêu chí");
    const auto rules = antq::rulebook_set::load(options.rules, engines);
    // With --runs-from the dataset only gives names: it is read when given.
    const antq::dataset* data = nullptr;
    if (!options.data.empty()) {
        bar.step("đang nạp dữ liệu");
        data = &load_command_dataset(options.data);
    }
    antq::history_options history_options;
    history_options.threads = options.threads;
    history_options.rulebooks = options.rulebooks;
    history_options.subjects = options.subjects;
    antq::history history;
    if (options.runs_from.empty()) {
        bar.step("đang đánh giá qua các kỳ");
        history = antq::evaluate_history(*data, rules, periods, history_options);
    } else {
        bar.step("đang đọc các lần đánh giá đã lưu");
        history = antq::read_stored_history(options.runs_from, rules, periods, history_options);
    }
    bar.done();
    print_skipped_periods(history, lang, options.runs_from);
    antq::history_output_options output;
    output.lang = lang;
    output.data = data;
    if (options.out.empty()) {
        std::cout << antq::format_history(history, format, output);
    } else {
        antq::output_batch outputs;
        antq::save_history(options.out, history, format, output);
        outputs.commit();
    }
    return success;
}

}  // namespace

void add_history_command(CLI::App& app, command_runner& run, const antq::engine_registry& engines) {
    auto options = std::make_shared<history_command_options>();
    CLI::App* command = app.add_subcommand(
        "history", "Tier, score and rank of each subject over a range of years, and what changed");
    add_rules_option(*command, options->rules);
    command->add_option("--data", options->data,
                        "A dataset: a folder of CSV files, a .json file, sqlite:FILE.db, "
                        "postgresql://..., or a mapping file (.yaml); with --runs-from, only "
                        "for the subjects' names");
    command->add_option("--runs-from", options->runs_from,
                        "Read each year's latest stored run from this database (sqlite:FILE.db, "
                        "postgresql://...) instead of evaluating the data");
    command->add_option("--from", options->from, "The first year of the range (2021)")->required();
    command->add_option("--to", options->to, "The last year of the range (2025)")->required();
    command->add_option("--subject", options->subjects,
                        "Only this subject (an id; may be given more than once)");
    command->add_option("--rulebook", options->rulebooks,
                        "Only this rulebook (an id; may be given more than once)");
    command->add_option("--format", options->format, "Output format")
        ->check(CLI::IsMember({"table", "csv", "json"}));
    command->add_option("--lang", options->lang, "Language of the table and of the labels")
        ->check(CLI::IsMember({"vi", "en"}));
    command->add_option("--out", options->out, "Write the history to this file (atomically)");
    command->add_option(
        "--threads", options->threads,
        "Threads to use (default 0: one per core); the output is the same for any number");
    command->callback([&run, &engines, options] {
        run = [&engines, options] { return run_history(*options, engines); };
    });
}

}  // namespace antq::cli
