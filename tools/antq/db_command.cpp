// `antq db`: datasets and results in SQLite or PostgreSQL (docs/databases.md).
//   antq db import  --data DATASET --to DATABASE      copy a dataset into antq's tables
//   antq db init    --to DATABASE [--upgrade]         create (or upgrade) the results tables
//   antq db store   --rules R --data D --period P --to DATABASE
//   antq db runs    --from DATABASE                   the stored runs, oldest first
//   antq db results --from DATABASE --period P [--run FINGERPRINT]

#include "antq/command.hpp"

#include <antq/database.hpp>
#include <antq/error.hpp>
#include <antq/evaluate.hpp>
#include <antq/rulebook_set.hpp>

#include <cmath>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

namespace antq::cli {

namespace {

struct db_options {
    std::string data;
    std::string target;
    std::string rules;
    std::string period;
    std::string run;
    unsigned threads = 1;
    bool upgrade = false;
};

std::string short_fingerprint(const std::string& fingerprint) {
    return fingerprint.substr(0, 12);
}

// A CSV field: quoted when it holds a comma, a quote or a line break.
std::string csv(std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
        return std::string(text);
    }
    std::string out = "\"";
    for (const char c : text) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    return out + '"';
}

std::string number(const std::optional<double>& v) {
    if (!v) {
        return {};
    }
    std::ostringstream text;
    text.precision(15);
    text << *v;
    return text.str();
}

int run_import(const db_options& o) {
    const antq::dataset& data = load_command_dataset(o.data);
    antq::import_dataset(data, o.target);
    std::cout << "imported " << data.registry.units().size() << " units, "
              << data.registry.models().size() << " models, " << data.registry.exemplars().size()
              << " exemplars and " << data.observations.row_count()
              << " observation rows into the database\n"
              << "content hash: " << data.content_hash << '\n';
    return success;
}

int run_init(const db_options& o) {
    if (o.upgrade && antq::upgrade_results_schema(o.target)) {
        std::cout << "results tables upgraded to schema version " << antq::results_schema_version
                  << ": every run kept\n";
        return success;
    }
    antq::init_results_schema(o.target);
    std::cout << "results tables ready (schema version " << antq::results_schema_version << ")\n";
    return success;
}

int run_store(const db_options& o, const antq::engine_registry& engines) {
    const auto rules = antq::rulebook_set::load(o.rules, engines);
    const antq::dataset& data = load_command_dataset(o.data);
    antq::evaluate_options options;
    options.threads = o.threads;
    const auto run = antq::evaluate(data, rules, o.period, options);
    for (const auto& skipped : run.skipped()) {
        std::cerr << "antq: note: skipped: " << skipped.reason << '\n';
    }
    std::size_t rows = 0;
    for (const auto& r : run.results()) {
        rows += r.columns().subject.size();
    }
    if (antq::store_evaluation(run, o.target)) {
        std::cout << "stored run " << short_fingerprint(run.fingerprint()) << " for period "
                  << o.period << ": " << run.results().size() << " rulebooks, " << rows
                  << " results\n";
    } else {
        std::cout << "run " << short_fingerprint(run.fingerprint()) << " for period " << o.period
                  << " is already stored: nothing added\n";
    }
    return success;
}

int run_runs(const db_options& o) {
    std::cout << "run,stored_at,period,fingerprint,library_version,dataset_hash,rulebooks\n";
    for (const auto& r : antq::list_runs(o.target)) {
        std::string books;
        for (const auto& b : r.rulebooks) {
            books += (books.empty() ? "" : " ") + b;
        }
        std::cout << r.run << ',' << r.stored_at << ',' << csv(r.period) << ',' << r.fingerprint
                  << ',' << r.library_version << ',' << r.dataset_hash << ',' << csv(books) << '\n';
    }
    return success;
}

int run_results(const db_options& o) {
    std::cout << "subject,period,rulebook,version,status,score,max_score,tier,action,group,rank,"
                 "message,decided_tier,decision_number,decision_date,decision_stale\n";
    for (const auto& r : antq::read_stored_results(o.target, o.period, o.run)) {
        std::cout << csv(r.subject) << ',' << csv(r.period) << ',' << csv(r.rulebook) << ','
                  << csv(r.version) << ',' << r.status << ',' << number(r.score) << ','
                  << number(r.max_score) << ',' << csv(r.tier) << ',' << csv(r.action) << ','
                  << csv(r.group) << ',' << (r.rank == 0 ? std::string() : std::to_string(r.rank))
                  << ',' << csv(r.message) << ',' << csv(r.decided_tier) << ','
                  << csv(r.decision_number) << ',' << csv(r.decision_date) << ','
                  << (r.decision_stale ? (*r.decision_stale ? "true" : "false") : "") << '\n';
    }
    return success;
}

void add_target(CLI::App& command, std::string& target, const char* name) {
    command
        .add_option(name, target, "The database: sqlite:FILE.db or postgresql://user@host/dbname")
        ->required();
}

}  // namespace

void add_db_command(CLI::App& app, command_runner& run, const antq::engine_registry& engines) {
    auto o = std::make_shared<db_options>();
    CLI::App* db = app.add_subcommand(
        "db", "Datasets and results in a database (SQLite or PostgreSQL; docs/databases.md)");
    db->require_subcommand(1);

    // Not named `import`: clang-format reads that as a C++20 module import.
    CLI::App* import_data = db->add_subcommand(
        "import", "Copy a dataset into antq's tables of a database, in one transaction");
    add_data_option(*import_data, o->data);
    add_target(*import_data, o->target, "--to");
    import_data->callback([&run, o] { run = [o] { return run_import(*o); }; });

    CLI::App* init =
        db->add_subcommand("init", "Create the results tables, or check their version");
    add_target(*init, o->target, "--to");
    init->add_flag("--upgrade", o->upgrade,
                   "Upgrade results tables of schema version 1 (every run kept), in one "
                   "transaction");
    init->callback([&run, o] { run = [o] { return run_init(*o); }; });

    CLI::App* store = db->add_subcommand(
        "store", "Evaluate and store the run (results, rulebooks, fingerprint) in one transaction");
    add_rules_option(*store, o->rules);
    add_data_option(*store, o->data);
    add_period_option(*store, o->period);
    add_target(*store, o->target, "--to");
    store->add_option("--threads", o->threads, "Threads to use; 0 for one per core");
    store->callback(
        [&run, &engines, o] { run = [&engines, o] { return run_store(*o, engines); }; });

    CLI::App* runs = db->add_subcommand("runs", "List the stored runs, oldest first, as CSV");
    add_target(*runs, o->target, "--from");
    runs->callback([&run, o] { run = [o] { return run_runs(*o); }; });

    CLI::App* results = db->add_subcommand(
        "results", "Print a stored run's results as CSV (the latest run of the period by default)");
    add_target(*results, o->target, "--from");
    add_period_option(*results, o->period);
    results->add_option("--run", o->run, "The run: its fingerprint or the start of it");
    results->callback([&run, o] { run = [o] { return run_results(*o); }; });
}

}  // namespace antq::cli
