// The antq command line as a function: builds the subcommands, parses the arguments and
// runs the one asked for. main() adds what only a process may do (the terminate handler,
// signal handlers, closing standard output); the command-line fuzz target calls this
// directly, in process.

#include "antq/command.hpp"

#include <antq/error.hpp>
#include <antq/version.hpp>

#include <exception>
#include <iostream>
#include <new>
#include <string>

namespace antq::cli {
namespace {

// Runs the parsed subcommand; every failure becomes a message and a status: antq's own
// errors as before, running out of memory (std::bad_alloc, e.g. under `ulimit -v`) as
// "not enough memory", anything else by its text. Status 1 for all but usage errors.
int run_command(const command_runner& run) {
    try {
        return run ? run() : antq::cli::usage_failure;
    } catch (const antq::input_error& e) {
        for (const auto& d : e.diagnostics()) {
            std::cerr << d.to_string() << '\n';
        }
        return antq::cli::input_failure;
    } catch (const antq::usage_error& e) {
        std::cerr << "antq: error: " << e.what() << '\n';
        return antq::cli::usage_failure;
    } catch (const antq::error& e) {
        std::cerr << "antq: error: " << e.what() << '\n';
        return antq::cli::input_failure;
    } catch (const std::bad_alloc&) {
        std::cerr << "antq: error: not enough memory\n";
        return antq::cli::input_failure;
    } catch (const std::exception& e) {
        std::cerr << "antq: error: " << e.what() << '\n';
        return antq::cli::input_failure;
    } catch (...) {
        std::cerr << "antq: error: an unexpected internal error\n";
        return antq::cli::input_failure;
    }
}

}  // namespace

int run_command_line(int argc, const char* const* argv) {
    CLI::App app{
        "antq: đánh giá, xếp loại và xếp hạng mô hình, điển hình phong trào Toàn dân "
        "bảo vệ an ninh Tổ quốc"};
    app.set_version_flag("--version", std::string("antq ") + std::string(antq::version()));
    app.require_subcommand(1);

    command_runner run;
    add_check_command(app, run);
    add_evaluate_command(app, run);
    add_test_command(app, run);
    add_diff_command(app, run);
    add_report_command(app, run);
    add_export_command(app, run);
    add_gaps_command(app, run);
    add_show_command(app, run);
    add_db_command(app, run);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return usage_failure;
    }
    return run_command(run);
}

}  // namespace antq::cli
