// The antq command: parses the command line and hands over to one subcommand. Every
// subcommand is a thin layer over the public API.

#include "antq/command.hpp"

#include <antq/error.hpp>
#include <antq/version.hpp>

#include <iostream>

int main(int argc, char** argv) {
    CLI::App app{
        "antq: đánh giá, xếp loại và xếp hạng mô hình, điển hình phong trào Toàn dân "
        "bảo vệ an ninh Tổ quốc"};
    app.set_version_flag("--version", std::string("antq ") + std::string(antq::version()));
    app.require_subcommand(1);

    antq::cli::command_runner run;
    antq::cli::add_check_command(app, run);
    antq::cli::add_evaluate_command(app, run);
    antq::cli::add_test_command(app, run);
    antq::cli::add_diff_command(app, run);
    antq::cli::add_report_command(app, run);
    antq::cli::add_gaps_command(app, run);
    antq::cli::add_show_command(app, run);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return antq::cli::usage_failure;
    }
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
    }
}
