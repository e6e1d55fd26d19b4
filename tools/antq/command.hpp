#pragma once

// How the antq command's subcommands plug into main(): each command file adds its
// subcommand to the app and returns the function that runs it once parsed.

#include <CLI/CLI.hpp>

#include <functional>

namespace antq::cli {

/// Exit status, as ../spec/data-and-cli.md sets it.
enum exit_status : int { success = 0, input_failure = 1, usage_failure = 2 };

/// Runs a parsed subcommand; returns its exit status.
using command_runner = std::function<int()>;

/// Each command file defines one of these; main() calls them in order.
void add_check_command(CLI::App& app, command_runner& run);

}  // namespace antq::cli
