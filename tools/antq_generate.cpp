// antq-generate: writes a synthetic national dataset (a folder of CSV files) for
// benchmarks and demonstrations. The same arguments give the same bytes.

#include "antq/synthetic.hpp"

#include <antq/dataset.hpp>
#include <antq/error.hpp>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>
#include <new>
#include <string>
#include <vector>

namespace {

int generate(int argc, char** argv) {
    CLI::App app{
        "antq-generate: a synthetic national dataset of units, models, exemplars and observations"};
    antq::detail::synthetic_options options;
    std::vector<std::string> periods;
    std::string out;
    app.add_option("--provinces", options.provinces, "Provinces (tỉnh)")->capture_default_str();
    app.add_option("--communes", options.communes, "Communes (xã, phường, đặc khu)")
        ->capture_default_str();
    app.add_option("--villages-per-commune", options.villages_per_commune,
                   "Villages (thôn, tổ dân phố) per commune")
        ->capture_default_str();
    app.add_option("--models", options.models, "Models (replication points)")
        ->capture_default_str();
    app.add_option("--exemplars", options.exemplars,
                   "Exemplars (điển hình tiên tiến; default a third of the communes)");
    app.add_option("--periods", periods, "Period labels, e.g. 2024 or 2023,2024 (default 2024)")
        ->delimiter(',');
    app.add_option("--indicators", options.indicators, "Indicators per observation row")
        ->capture_default_str();
    app.add_option("--missing-share", options.missing_share,
                   "Share of observation cells left empty")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 1.0));
    app.add_option("--seed", options.seed, "Random seed")->capture_default_str();
    app.add_option("--out", out, "Folder to write (created if needed)")->required();
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int status = app.exit(e);
        return status == 0 ? 0 : 2;
    }
    if (!periods.empty()) {
        options.periods = periods;
    }
    if (app.count("--exemplars") == 0) {
        options.exemplars = options.communes / 3;  // about the national ratio
    }
    try {
        const antq::dataset d = antq::detail::generate_synthetic_dataset(options);
        antq::save_dataset_csv(d, out);
        std::cout << fmt::format(
            "wrote {} units, {} models, {} exemplars and {} observation rows to {}\n",
            d.registry.units().size(), d.registry.models().size(), d.registry.exemplars().size(),
            d.observations.row_count(), out);
        return 0;
    } catch (const antq::usage_error& e) {
        std::cerr << "antq-generate: error: " << e.what() << '\n';
        return 2;
    } catch (const antq::error& e) {
        std::cerr << "antq-generate: error: " << e.what() << '\n';
        return 1;
    } catch (const std::bad_alloc&) {
        // Within the limits, a machine smaller than the dataset (or `ulimit -v`).
        std::cerr << "antq-generate: error: out of memory: ask for fewer models, periods or "
                     "indicators\n";
        return 1;
    }
}

}  // namespace

// As the antq command does, whatever the handlers above do not expect is reported in one
// line with status 1, never with the runtime's `terminate called`.
int main(int argc, char** argv) {
    try {
        return generate(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "antq-generate: error: " << e.what() << '\n';
        return 1;
    } catch (...) {
        std::cerr << "antq-generate: error: an unexpected internal error\n";
        return 1;
    }
}
