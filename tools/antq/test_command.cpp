// `antq test PATH...`: runs the tests of rulebooks (their `tests:` and the `*.cases.yaml`
// files beside them), prints every failure with the explanation of the result, the
// coverage, and last `N passed, N failed`; optionally writes boundary cases around every
// tier threshold.

#include "antq/command.hpp"

#include <antq/error.hpp>
#include <antq/labels.hpp>
#include <antq/rule_test.hpp>

#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace antq::cli {

namespace {

struct test_command_options {
    std::vector<std::string> paths;
    double min_coverage = 0;
    std::string boundaries;
    bool verbose = false;
    std::string lang = "vi";
};

int run_test(const test_command_options& options, const antq::engine_registry& engines) {
    if (!(options.min_coverage >= 0 && options.min_coverage <= 1)) {
        throw antq::usage_error(fmt::format("--min-coverage takes a fraction from 0 to 1, got {}",
                                            options.min_coverage));
    }
    const std::vector<std::filesystem::path> paths(options.paths.begin(), options.paths.end());
    antq::test_run run;
    for (const auto& t : antq::find_rule_tests(paths, engines)) {
        // Tested on the compiled form the check made: the rulebook is compiled once.
        const antq::rule_tester tester =
            t.compiled ? antq::rule_tester(*t.compiled) : antq::rule_tester(t.book, engines);
        run.append(tester.run_all(t.cases));
        if (options.boundaries.empty()) {
            continue;
        }
        const auto cases = antq::generate_boundary_cases(tester, t.cases);
        const auto file = antq::save_boundary_cases(cases, options.boundaries);
        std::cerr << fmt::format("{}: {} boundary cases written\n", file.string(),
                                 cases.tests.size());
        for (const auto& why : cases.unsolved) {
            std::cerr << fmt::format("{}: no boundary cases for {}\n", file.string(), why);
        }
    }
    const auto lang = options.lang == "en" ? antq::language::en : antq::language::vi;
    const std::string report = antq::format_test_run(run, options.verbose, lang);
    const double coverage = run.coverage.fraction();
    const bool covered = coverage >= options.min_coverage;
    if (!covered) {
        std::cerr << (lang == antq::language::vi
                          ? "antq: lỗi: độ phủ " + antq::decimal_text(100 * coverage, 1, lang) +
                                "% thấp hơn mức tối thiểu " +
                                antq::decimal_text(100 * options.min_coverage, 1, lang) + "%\n"
                          : fmt::format(
                                "antq: error: coverage {:.1f}% is below the minimum {:.1f}%\n",
                                100 * coverage, 100 * options.min_coverage));
    }
    std::cout << report;
    return run.failed() == 0 && covered ? success : input_failure;
}

}  // namespace

void add_test_command(CLI::App& app, command_runner& run, const antq::engine_registry& engines) {
    auto options = std::make_shared<test_command_options>();
    CLI::App* command = app.add_subcommand(
        "test", "Run the tests of rulebooks (tests: and *.cases.yaml files beside them)");
    command
        ->add_option("paths", options->paths,
                     "Rulebook files, *.cases.yaml files, or folders of them")
        ->required();
    command->add_option(
        "--min-coverage", options->min_coverage,
        "Fail when the coverage (0 to 1) of criteria passing, failing and tiers is lower");
    command->add_option("--generate-boundaries", options->boundaries,
                        "Write cases at every tier threshold (X-0.01, X, X+0.01) into this folder");
    command->add_flag("--verbose,-v", options->verbose, "List the cases that passed too");
    command->add_option("--lang", options->lang, "Language of the report (vi or en)")
        ->check(CLI::IsMember({"vi", "en"}));
    command->callback([&run, &engines, options] {
        run = [&engines, options] { return run_test(*options, engines); };
    });
}

}  // namespace antq::cli
