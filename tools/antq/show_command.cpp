// `antq show SNAPSHOT [--format table|csv|json]`: prints a saved snapshot: its results and
// where they came from (each rulebook's id, version and content hash, the dataset hash, the
// fingerprint, the library version and the day it was made). CSV has the result columns
// only, so that it reads like `antq evaluate --format csv`.

#include "antq/command.hpp"

#include <antq/dataset.hpp>
#include <antq/labels.hpp>
#include <antq/result_io.hpp>
#include <antq/snapshot.hpp>

#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>
#include <optional>
#include <string>

namespace antq::cli {

namespace {

struct show_command_options {
    std::string file;
    std::string format = "table";
    std::string lang = "vi";
    std::string data;  // names beside ids, when given
};

std::string created_text(const antq::snapshot& s, antq::language lang) {
    if (s.created.is_not_a_date()) {
        return lang == antq::language::vi ? "không rõ ngày" : "unknown";
    }
    return antq::date_text(s.created, lang);
}

void print_table(const antq::snapshot& s, const std::string& file,
                 const antq::result_output_options& output) {
    const antq::evaluation& e = s.evaluation;
    if (output.lang == antq::language::vi) {
        std::cout << "ảnh chụp kết quả " << file << " (lập " << created_text(s, output.lang)
                  << ", antq " << e.library_version() << ")\n"
                  << "dấu vân tay         " << e.fingerprint() << '\n'
                  << "mã băm dữ liệu      " << e.dataset_hash() << '\n';
        for (std::size_t i = 0; i < e.results().size(); ++i) {
            const auto& h = e.results()[i].header();
            std::cout << "bộ tiêu chí         " << h.title << " (" << h.rulebook << "), phiên bản "
                      << h.version << ", kỳ " << h.period_text << ", mã băm "
                      << e.rulebook_hashes()[i] << '\n';
        }
    } else {
        std::cout << "snapshot " << file << " (made " << created_text(s, output.lang) << " by antq "
                  << e.library_version() << ")\n"
                  << "fingerprint  " << e.fingerprint() << '\n'
                  << "dataset      " << e.dataset_hash() << '\n';
        for (std::size_t i = 0; i < e.results().size(); ++i) {
            const auto& h = e.results()[i].header();
            std::cout << "rulebook     " << h.rulebook << " version " << h.version << ", period "
                      << h.period_text << ", content hash " << e.rulebook_hashes()[i] << '\n';
        }
    }
    // The decisions recorded on the results, counted; each is listed under the results.
    std::size_t recorded = 0;
    std::size_t overrides = 0;
    std::size_t stale = 0;
    for (const auto& r : e.results()) {
        for (const auto& d : r.columns().decisions) {
            ++recorded;
            overrides += !d.stale && !d.decision.confirms() ? 1 : 0;
            stale += d.stale ? 1 : 0;
        }
    }
    if (recorded > 0) {
        std::cout << "quyết định   " << recorded << " đã ghi nhận (" << overrides
                  << " khác đề xuất, " << stale << " quyết định cũ không áp dụng)\n";
    }
    std::cout << '\n';
    antq::write_results(std::cout, e.results(), antq::result_format::table, output);
}

void print_json(const antq::snapshot& s, const std::string& file,
                antq::result_output_options output) {
    const antq::evaluation& e = s.evaluation;
    nlohmann::ordered_json out;
    out["snapshot"] = file;
    out["created"] = s.created.is_not_a_date()
                         ? nlohmann::ordered_json(nullptr)
                         : nlohmann::ordered_json(antq::format_date(s.created));
    out["library_version"] = e.library_version();
    out["fingerprint"] = e.fingerprint();
    out["dataset_hash"] = e.dataset_hash();
    out["rulebooks"] = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < e.results().size(); ++i) {
        const auto& h = e.results()[i].header();
        out["rulebooks"].push_back({{"id", h.rulebook},
                                    {"version", h.version},
                                    {"period", h.period_text},
                                    {"content_hash", e.rulebook_hashes()[i]}});
    }
    // The rows are spliced in as `format_results` writes them, so that numbers keep the
    // rulebook's digits exactly as `antq evaluate --format json` prints them.
    std::string head = out.dump(2);
    head.erase(head.size() - 2);  // the closing "\n}"
    output.label_columns = true;
    std::string rows = antq::format_results(e.results(), antq::result_format::json, output);
    while (!rows.empty() && rows.back() == '\n') {
        rows.pop_back();
    }
    std::cout << head << ",\n  \"results\": " << rows << "\n}\n";
}

int run_show(const show_command_options& options) {
    const auto format = antq::parse_result_format(options.format);
    const antq::snapshot s = antq::load_snapshot(options.file);
    // A snapshot keeps ids and hashes, not names: the dataset, when given, names the subjects.
    std::optional<antq::dataset> data;
    if (!options.data.empty()) {
        data = antq::load_dataset(options.data);
    }
    antq::result_output_options output;
    output.lang = options.lang == "en" ? antq::language::en : antq::language::vi;
    output.data = data ? &*data : nullptr;
    switch (format) {
        case antq::result_format::table:
            print_table(s, options.file, output);
            break;
        case antq::result_format::json:
            print_json(s, options.file, output);
            break;
        case antq::result_format::csv:
            output.label_columns = true;
            antq::write_results(std::cout, s.evaluation.results(), format, output);
            break;
    }
    return success;
}

}  // namespace

void add_show_command(CLI::App& app, command_runner& run) {
    auto options = std::make_shared<show_command_options>();
    CLI::App* command = app.add_subcommand(
        "show", "Print a saved snapshot: its results, rulebooks, content hashes and dataset hash");
    command->add_option("snapshot", options->file, "A snapshot file (antq evaluate --save)")
        ->required();
    command
        ->add_option("--format", options->format, "Output format (csv prints the result rows only)")
        ->check(CLI::IsMember({"table", "csv", "json"}));
    command->add_option("--lang", options->lang, "Language of the table and the label columns")
        ->check(CLI::IsMember({"vi", "en"}));
    command->add_option("--data", options->data,
                        "The dataset the snapshot was made from, to print names beside ids");
    command->callback([&run, options] { run = [options] { return run_show(*options); }; });
}

}  // namespace antq::cli
