// Uses the installed package the way a user's program would, from an install that was moved
// after it was installed (tests/CMakeLists.txt): the rulebooks shipped with antq are found
// at run time where the install is now, loaded, evaluated, and the results saved and read
// back as a snapshot.
//
// Arguments: the install prefix as it is now, the Quảng Trung dataset, a scratch folder.
#include <antq/antq.hpp>

#include <filesystem>
#include <iostream>
#include <string>

namespace {

int fail(const std::string& what) {
    std::cerr << "antq_consumer: " << what << '\n';
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        return fail("usage: antq_consumer PREFIX DATASET SCRATCH");
    }
    const std::filesystem::path prefix = std::filesystem::canonical(argv[1]);
    const std::filesystem::path scratch = argv[3];

    const auto p = antq::period::parse("2024", antq::year_start::parse("11-16"));
    if (p.to_string() != "2023-11-16/2024-11-15") {
        return fail("unexpected period " + p.to_string());
    }

    // Found from where antq's code is (this program, or libantq.so), never from the place
    // the package was installed to first.
    const std::filesystem::path shipped =
        std::filesystem::canonical(antq::shipped_rulebooks_directory());
    if (shipped != prefix / "share" / "antq" / "rulebooks") {
        return fail("the shipped rulebooks were found in " + shipped.string() + ", not under " +
                    prefix.string());
    }
    const auto rules = antq::rulebook_set::load(shipped / "model-effectiveness.yaml");
    const auto data = antq::load_dataset(argv[2]);
    const auto results = antq::evaluate(data, rules, "2025");
    const auto& models = results.at("model-effectiveness");
    if (models.size() == 0) {
        return fail("no results");
    }

    const auto file = scratch / "consumer.antq";
    std::filesystem::create_directories(scratch);
    antq::save_snapshot(antq::make_snapshot(results), file);
    const auto loaded = antq::load_snapshot(file);
    if (!(loaded.evaluation.at("model-effectiveness") == models)) {
        return fail("the snapshot read back differs from the results saved");
    }
    std::filesystem::remove(file);

    // Linking a workbook function pulls libxlsxwriter through the package's dependencies.
    std::cout << (antq::workbook_support() ? "Excel workbooks: yes\n" : "Excel workbooks: no\n");
    std::cout << "antq " << antq::version() << " ok: " << models.size()
              << " models evaluated with the rulebooks in " << shipped.string() << '\n';
    return 0;
}
