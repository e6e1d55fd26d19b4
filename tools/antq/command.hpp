#pragma once

// How the antq command's subcommands plug into main(): each command file adds its
// subcommand to the app and returns the function that runs it once parsed.

#include <antq/data_check.hpp>
#include <antq/dataset.hpp>
#include <antq/engine.hpp>
#include <antq/evaluate.hpp>
#include <antq/language.hpp>

#include <CLI/CLI.hpp>

#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace antq::cli {

/// Exit status, as docs/cli.md sets it.
enum exit_status : int { success = 0, input_failure = 1, usage_failure = 2 };

/// Runs a parsed subcommand; returns its exit status.
using command_runner = std::function<int()>;

/// The options the evaluating commands share, required and worded the same everywhere.
inline void add_rules_option(CLI::App& command, std::string& rules) {
    command.add_option("--rules", rules, "A rulebook file, or a folder of rulebooks")->required();
}
inline void add_data_option(CLI::App& command, std::string& data) {
    command
        .add_option("--data", data,
                    "A dataset: a folder of CSV files, a .json file, sqlite:FILE.db, "
                    "postgresql://..., or a mapping file (.yaml)")
        ->required();
}
inline void add_period_option(CLI::App& command, std::string& period) {
    command
        .add_option("--period", period,
                    "The period: 2024, 2024-Q3, 2024-05 or 2023-11-16/2024-11-15")
        ->required();
}

/// Prints, on standard error, one note per rulebook the evaluation skipped (no version in
/// force for the period), in `lang`: "antq: lưu ý: bỏ qua “Title” (id): chưa có phiên bản có
/// hiệu lực trong kỳ này; phiên bản đầu tiên có hiệu lực từ 18/11/2022"
/// (tools/antq/command_line.cpp).
void print_skipped(const antq::evaluation& results, antq::language lang);

/// One problem as a line for people: `file:line:col: error: ...` in English; in Vietnamese
/// the same place, then "lỗi:" or "cảnh báo:" and the message in Vietnamese where the
/// library words it (`antq::reason_text`: the cell and data errors), quoting ids and cells
/// as they are; a message it does not word stays a whole English line
/// (tools/antq/check_command.cpp).
std::string diagnostic_text(const antq::diagnostic& d, antq::language lang);

/// Prints every cell of `data` the rulebooks will refuse (`antq::check_data`), one
/// `diagnostic_text` per line, to `out`; true when there was any.
bool report_data_problems(const antq::dataset& data, const antq::rulebook_set& rules,
                          const antq::data_check_options& options, antq::language lang,
                          std::ostream& out);

/// How long the datasets a command line reads (`load_command_dataset`) live: until it
/// returns, for a caller that goes on (the command-line fuzz target), or until the process
/// exits, for `antq::cli::run`, which is the whole of a process's main.
enum class dataset_lifetime { command, process };

/// The whole command line: builds every subcommand, parses `argv` and runs the one asked for,
/// compiling every rulebook with `engines`; returns the exit status. Whatever a subcommand
/// throws becomes a message on standard error and status 1 (2 for usage errors). Standard
/// output is left open and unflushed, and no handler is installed: `antq::cli::run`
/// (include/antq/command_line.hpp) adds what a process does, the command-line fuzz target
/// calls this in process. tools/antq/command_line.cpp.
int run_command_line(int argc, const char* const* argv,
                     const antq::engine_registry& engines = antq::builtin_engines(),
                     dataset_lifetime datasets = dataset_lifetime::command);

/// Reads the dataset at `path` (`antq::load_dataset_from`) for the subcommand being run by
/// `run_command_line` on this thread, which keeps it as long as its `dataset_lifetime` says.
/// Left to the process's exit, a national dataset costs nothing more: the system takes the
/// process's memory back at once, where freeing its million records string by string took
/// about 135 ms at the end of every run (docs/performance.md). tools/antq/command_line.cpp.
const antq::dataset& load_command_dataset(const std::string& path);

/// Each command file defines one of these; run_command_line() calls them in order. Those
/// that read rulebooks compile them with `engines`, which outlives the parsed command.
void add_check_command(CLI::App& app, command_runner& run, const antq::engine_registry& engines);

/// `antq evaluate`: evaluates, classifies and ranks (tools/antq/evaluate_command.cpp).
void add_evaluate_command(CLI::App& app, command_runner& run, const antq::engine_registry& engines);

/// `antq test`, `antq diff`, `antq report`, `antq gaps`: the toolkit's commands
/// (tools/antq/test_command.cpp, diff_command.cpp, report_command.cpp, gaps_command.cpp).
void add_test_command(CLI::App& app, command_runner& run, const antq::engine_registry& engines);
void add_diff_command(CLI::App& app, command_runner& run, const antq::engine_registry& engines);
void add_report_command(CLI::App& app, command_runner& run, const antq::engine_registry& engines);
void add_gaps_command(CLI::App& app, command_runner& run, const antq::engine_registry& engines);

/// `antq history`: tier, score and rank over a range of years, and what changed
/// (tools/antq/history_command.cpp).
void add_history_command(CLI::App& app, command_runner& run, const antq::engine_registry& engines);

/// `antq sensitivity`: who changes tier as a rulebook's numbers vary, and how stable the
/// ranking is when the criteria's points vary together (tools/antq/sensitivity_command.cpp).
void add_sensitivity_command(CLI::App& app, command_runner& run,
                             const antq::engine_registry& engines);

/// `antq export --format xlsx`: the documents a province files as one Excel workbook
/// (tools/antq/export_command.cpp).
void add_export_command(CLI::App& app, command_runner& run, const antq::engine_registry& engines);

/// `antq db import|init|store|runs|results`: datasets and results in SQLite or
/// PostgreSQL (tools/antq/db_command.cpp).
void add_db_command(CLI::App& app, command_runner& run, const antq::engine_registry& engines);

/// `antq show SNAPSHOT`: prints a saved snapshot's results and provenance
/// (tools/antq/show_command.cpp). A snapshot holds results, not rules: no engine is needed.
void add_show_command(CLI::App& app, command_runner& run);

/// `antq check RULEBOOK...`: validates rulebook files or folders with `engines`, prints `ok`
/// (`hợp lệ` in Vietnamese) per file or every diagnostic; returns the exit status
/// (tools/antq/check_rules.cpp).
int check_rulebooks(const std::vector<std::string>& paths, antq::language lang,
                    const antq::engine_registry& engines);

}  // namespace antq::cli
