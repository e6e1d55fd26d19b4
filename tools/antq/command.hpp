#pragma once

// How the antq command's subcommands plug into main(): each command file adds its
// subcommand to the app and returns the function that runs it once parsed.

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

namespace antq::cli {

/// Exit status, as ../spec/data-and-cli.md sets it.
enum exit_status : int { success = 0, input_failure = 1, usage_failure = 2 };

/// Runs a parsed subcommand; returns its exit status.
using command_runner = std::function<int()>;

/// Each command file defines one of these; main() calls them in order.
void add_check_command(CLI::App& app, command_runner& run);

/// `antq evaluate`: evaluates, classifies and ranks (tools/antq/evaluate_command.cpp).
void add_evaluate_command(CLI::App& app, command_runner& run);

/// `antq test`, `antq diff`, `antq report`, `antq gaps`: the toolkit's commands
/// (tools/antq/test_command.cpp, diff_command.cpp, report_command.cpp, gaps_command.cpp).
void add_test_command(CLI::App& app, command_runner& run);
void add_diff_command(CLI::App& app, command_runner& run);
void add_report_command(CLI::App& app, command_runner& run);
void add_gaps_command(CLI::App& app, command_runner& run);

/// `antq show SNAPSHOT`: prints a saved snapshot's results and provenance
/// (tools/antq/show_command.cpp).
void add_show_command(CLI::App& app, command_runner& run);

/// `antq check RULEBOOK...`: validates rulebook files or folders, prints `ok` per file or
/// every diagnostic; returns the exit status (tools/antq/check_rules.cpp).
int check_rulebooks(const std::vector<std::string>& paths);

}  // namespace antq::cli
