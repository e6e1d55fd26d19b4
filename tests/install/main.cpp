// Uses the installed package the way a user's program would, from an install that was moved
// after it was installed (tests/CMakeLists.txt): the rulebooks shipped with antq are found
// at run time where the install is now, loaded, evaluated, and the results saved and read
// back as a snapshot; the dataset is built again in code (antq::dataset_builder) with the
// same content hash.
//
// Arguments: the install prefix as it is now, the Quảng Trung dataset, a scratch folder.
#include <antq/antq.hpp>

#include <filesystem>
#include <iostream>
#include <optional>
#include <string>

namespace {

int fail(const std::string& what) {
    std::cerr << "antq_consumer: " << what << '\n';
    return 1;
}

std::string text_of(const std::optional<antq::date>& d) {
    return d ? antq::format_date(*d) : std::string();
}

// The loaded dataset again, record by record through antq::dataset_builder, as an
// integrator filling it from another system would.
antq::dataset rebuild(const antq::dataset& data) {
    antq::dataset_builder b;
    for (const auto& u : data.registry.units()) {
        b.add_unit({u.id, u.kind, u.name, u.parent, u.attributes});
    }
    for (const auto& m : data.registry.models()) {
        b.add_model({m.id, m.name, m.type, m.topic, m.target_group, m.unit, text_of(m.established),
                     text_of(m.ended), m.replicated_from});
    }
    for (const auto& e : data.registry.exemplars()) {
        b.add_exemplar({e.id, e.name,
                        e.kind == antq::exemplar_kind::collective ? "collective" : "individual",
                        e.unit, text_of(e.recognized), e.models, e.leads});
    }
    const auto& o = data.observations;
    for (const auto& column : o.columns()) {
        b.add_indicator(column.name);
    }
    for (std::size_t r = 0; r < o.row_count(); ++r) {
        antq::observation_entry row{
            o.subject_ids()[o.row_subjects()[r]], o.period_labels()[o.row_periods()[r]], {}};
        for (const auto& column : o.columns()) {
            if (column.type == antq::observation_column::kind::number) {
                row.values.emplace_back(column.name, column.numbers[r]);
            } else if (column.present[r] != 0) {
                row.values.emplace_back(column.name, column.texts[r]);
            }
        }
        b.add_observation(std::move(row));
    }
    for (const auto& label : data.labels) {
        b.add_label(label);
    }
    for (const auto& type : data.model_types) {
        b.add_model_type(type);
    }
    for (const auto& x : data.decisions.rows) {
        b.add_decision({x.subject, x.rulebook, x.period, x.proposed_tier, x.decided_tier, x.reason,
                        x.number, antq::format_date(x.decided_on), x.body, x.signer});
    }
    return b.build();
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
    if (rebuild(data).content_hash != data.content_hash) {
        return fail("the dataset built in code has another content hash than the folder");
    }
    try {
        antq::dataset_builder bad;
        bad.add_unit({.id = "xa", .kind = "commune"});
        bad.add_observation({.subject = "m0042", .period = "2024", .values = {{"crimes", 1}}});
        static_cast<void>(bad.build());
        return fail("an observation of an unknown subject was accepted");
    } catch (const antq::input_error& e) {
        if (std::string(e.what()).find("observations[m0042, 2024].subject: error: unknown "
                                       "subject") == std::string::npos) {
            return fail(std::string("unexpected builder problem: ") + e.what());
        }
    }
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
