// `antq check`: validates a dataset (`--data DATASET`) and prints what it holds, or every
// problem, one per line; with `--rules`, also every cell those rulebooks will refuse
// (`--period` for one period only); rulebooks given as positional arguments are checked by
// check_rulebooks (tools/antq/check_rules.cpp).

#include "antq/command.hpp"

#include <antq/labels.hpp>

#include <antq/data_check.hpp>
#include <antq/database.hpp>
#include <antq/dataset.hpp>
#include <antq/error.hpp>
#include <antq/explain.hpp>
#include <antq/rulebook_set.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace antq::cli {

namespace {

struct check_options {
    std::string data;
    std::vector<std::string> rulebooks;
    std::string rules;
    std::string period;
    std::string lang = "vi";
};

// 1234567 -> "1,234,567" in English, "1.234.567" in Vietnamese: counts people read at a
// glance.
std::string grouped(std::size_t n, antq::language lang) {
    std::string digits = std::to_string(n);
    const char* const separator = lang == antq::language::vi ? "." : ",";
    for (auto i = static_cast<std::ptrdiff_t>(digits.size()) - 3; i > 0; i -= 3) {
        digits.insert(static_cast<std::size_t>(i), separator);
    }
    return digits;
}

// A two-column table of counts: a heading with its total, then indented rows.
class count_table {
  public:
    explicit count_table(antq::language lang) : lang_(lang) {}

    void heading(std::string label, std::size_t count) {
        rows_.push_back({std::move(label), grouped(count, lang_), false});
    }
    void row(std::string label, std::size_t count) {
        rows_.push_back({std::move(label), grouped(count, lang_), true});
    }

    void print(std::ostream& out) const {
        std::size_t label_width = 0;
        std::size_t count_width = 0;
        for (const auto& r : rows_) {
            label_width = std::max(label_width, display_width(r.label) + (r.indented ? 2 : 0));
            count_width = std::max(count_width, r.value.size());
        }
        for (const auto& r : rows_) {
            const std::string label = (r.indented ? "  " : "") + r.label;
            const std::size_t pad = label_width - display_width(label);
            out << label << std::string(pad + 2 + count_width - r.value.size(), ' ') << r.value
                << '\n';
        }
    }

  private:
    // Characters, not bytes: topics and kinds may be Vietnamese.
    static std::size_t display_width(const std::string& text) {
        return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
            return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        }));
    }

    struct line {
        std::string label;
        std::string value;
        bool indented;
    };
    antq::language lang_;
    std::vector<line> rows_;
};

int check_data(const std::string& path, const std::string& rules_path, const std::string& period,
               antq::language lang, const antq::engine_registry& engines) {
    const antq::dataset& d = load_command_dataset(path);
    const bool vi = lang == antq::language::vi;
    // A value by the dataset's label (labels.csv) in Vietnamese, else as written.
    const antq::name_book names(d);
    const auto shown = [&](std::string_view attribute, const std::string& value) {
        const auto label = vi ? names.label(attribute, value) : std::string_view();
        return label.empty() ? value : std::string(label);
    };
    if (!rules_path.empty()) {
        const auto rules = antq::rulebook_set::load(rules_path, engines);
        antq::data_check_options options;
        options.threads = 0;  // one per core, as the commands that evaluate by default
        if (!period.empty()) {
            options.period = period;
        }
        const bool cells = report_data_problems(d, rules, options, lang, std::cerr);
        const auto decisions = antq::check_decisions(d, rules, options);
        for (const auto& problem : decisions) {
            std::cerr << diagnostic_text(problem, lang) << '\n';
        }
        if (cells || !decisions.empty()) {
            return input_failure;
        }
    }
    const antq::registry& r = d.registry;
    count_table table(lang);
    table.heading(vi ? "đơn vị" : "units", r.units().size());
    for (const auto& kind : r.unit_kinds()) {
        table.row(shown("unit_kind", kind), r.units_of_kind(kind).size());
    }
    table.heading(vi ? "mô hình" : "models", r.models().size());
    for (const auto& topic : r.topics()) {
        table.row(
            topic.empty() ? (vi ? "(không có chuyên đề)" : "(no topic)") : shown("topic", topic),
            r.models_of_topic(topic).size());
    }
    table.heading(vi ? "điển hình" : "exemplars", r.exemplars().size());
    if (!d.decisions.empty()) {
        table.heading(vi ? "quyết định" : "decisions", d.decisions.size());
    }
    const antq::observation_table& o = d.observations;
    table.heading(vi ? "dòng số liệu" : "observations", o.row_count());
    std::vector<std::size_t> per_period(o.period_labels().size(), 0);
    for (const auto p : o.row_periods()) {
        ++per_period[p];
    }
    for (std::size_t p = 0; p < per_period.size(); ++p) {
        table.row(fmt::format("{} {}", vi ? "kỳ" : "period", o.period_labels()[p]), per_period[p]);
    }
    // Each indicator with the number of rows that have a value for it.
    table.heading(vi ? "chỉ số" : "indicators", o.columns().size());
    for (const auto& column : o.columns()) {
        std::size_t present = 0;
        for (std::size_t row = 0; row < o.row_count(); ++row) {
            present += column.is_missing(row) ? 0 : 1;
        }
        const bool text = column.type == antq::observation_column::kind::text;
        table.row(text ? column.name + (vi ? " (văn bản)" : " (text)") : column.name, present);
    }
    // A database URI is shown without its password: this line goes to terminals and logs.
    std::cout << (vi ? "dữ liệu " : "dataset ") << antq::source_text(path)
              << (vi ? ": hợp lệ" : ": ok");
    if (!rules_path.empty()) {
        std::cout << (vi ? " theo bộ tiêu chí " : " for the rulebooks ") << rules_path;
        if (!period.empty()) {
            std::cout << (vi ? " trong kỳ " : " in period ") << period;
        }
    }
    std::cout << '\n';
    table.print(std::cout);
    std::cout << (vi ? "mã băm nội dung: " : "content hash: ") << d.content_hash << '\n';
    return success;
}

int run_check(const check_options& options, const antq::engine_registry& engines) {
    const auto lang = options.lang == "en" ? antq::language::en : antq::language::vi;
    if (options.data.empty() && options.rulebooks.empty()) {
        throw antq::usage_error("check needs rulebook files or --data DATASET");
    }
    if (options.data.empty() && (!options.rules.empty() || !options.period.empty())) {
        throw antq::usage_error("--rules and --period check a dataset: give --data DATASET");
    }
    if (!options.period.empty() && options.rules.empty()) {
        throw antq::usage_error("--period needs --rules RULEBOOKS to check the data against");
    }
    if (!options.rulebooks.empty()) {
        const int rules = check_rulebooks(options.rulebooks, lang, engines);
        return options.data.empty() ? rules
                                    : std::max(rules, check_data(options.data, options.rules,
                                                                 options.period, lang, engines));
    }
    return check_data(options.data, options.rules, options.period, lang, engines);
}

}  // namespace

std::string diagnostic_text(const antq::diagnostic& d, antq::language lang) {
    if (lang == antq::language::en) {
        return d.to_string();
    }
    // The place stays as compilers and editors write it; the words are Vietnamese where the
    // library has them, else the line stays whole in English (never half and half).
    antq::diagnostic shown = d;
    shown.message = antq::reason_text(antq::result_status::error, d.message, lang);
    if (shown.message == d.message) {
        return d.to_string();
    }
    std::string text = shown.to_string();
    const std::string_view english = d.severity == antq::severity::error ? "error: " : "warning: ";
    const std::size_t at = text.size() - shown.message.size() - english.size();
    text.replace(at, english.size(), d.severity == antq::severity::error ? "lỗi: " : "cảnh báo: ");
    return text;
}

bool report_data_problems(const antq::dataset& data, const antq::rulebook_set& rules,
                          const antq::data_check_options& options, antq::language lang,
                          std::ostream& out) {
    const auto problems = antq::check_data(data, rules, options);
    for (const auto& d : problems) {
        out << diagnostic_text(d, lang) << '\n';
    }
    return !problems.empty();
}

void add_check_command(CLI::App& app, command_runner& run, const antq::engine_registry& engines) {
    auto options = std::make_shared<check_options>();
    CLI::App* command =
        app.add_subcommand("check", "Validate rulebooks or a dataset and report every problem");
    command->add_option("rulebooks", options->rulebooks, "Rulebook files or folders to validate");
    command->add_option(
        "--data", options->data,
        "A dataset to validate: a folder of CSV files, a .json file, sqlite:FILE.db, "
        "postgresql://..., or a mapping file (.yaml)");
    command->add_option("--rules", options->rules,
                        "Also check the dataset's cells against these rulebooks (a file or a "
                        "folder): every cell they will refuse");
    command
        ->add_option("--lang", options->lang,
                     "Language of the dataset summary and of the rulebook check (vi or en)")
        ->check(CLI::IsMember({"vi", "en"}));
    command->add_option("--period", options->period,
                        "With --rules, check this period only (default: every period of the "
                        "data)");
    command->callback([&run, &engines, options] {
        run = [&engines, options] { return run_check(*options, engines); };
    });
}

}  // namespace antq::cli
