// The pipeline against a hand-written C++ loop that computes the same scores, tiers, groups
// and ranks as tests/data/evaluation/differential.yaml, on a generated dataset of 20,000
// models; and the same results (and refused cells) for any thread count and batch size.

#include <antq/data_check.hpp>
#include <antq/error.hpp>
#include <antq/evaluate.hpp>

#include <antq/result_io.hpp>
#include <antq/rulebook_loader.hpp>
#include <antq/rulebook_set.hpp>

#include "antq/synthetic.hpp"
#include "support/file_size_limit.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <numeric>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace {

const antq::dataset& generated() {
    static const antq::dataset data = [] {
        antq::detail::synthetic_options options;
        options.provinces = 3;
        options.communes = 60;
        options.villages_per_commune = 6;
        options.models = 20'000;
        options.exemplars = 0;
        options.periods = {"2023", "2024"};
        options.missing_share = 0.02;
        options.seed = 7;
        return antq::detail::generate_synthetic_dataset(options);
    }();
    return data;
}

/// What the hand-written loop computes for one model.
struct expected_result {
    antq::result_status status = antq::result_status::evaluated;
    double score = 0;
    double detection = 0;  ///< the detection criterion's points: the second ranking key
    std::string tier;
    std::string group;
    std::uint32_t rank = 0;
};

double ratio(double a, double b) {
    return b == 0 ? 1.0 : std::clamp(a / b, 0.0, 1.0);
}

/// Half away from zero at two decimals, on the decimal digits of the value (nine of them).
double round_two(double x) {
    const std::string text = fmt::format("{:.9f}", std::abs(x));
    const auto point = text.find('.');
    const double whole = std::stod(text.substr(0, point + 3));
    const bool up = text[point + 3] >= '5';
    const double rounded = up ? (std::round(whole * 100) + 1) / 100 : whole;
    return std::copysign(rounded, x);
}

std::string commune_of(const antq::registry& r, antq::index_t unit) {
    for (std::optional<antq::index_t> u = unit; u; u = r.parent(*u)) {
        if (r.units()[*u].kind == "commune") {
            return r.units()[*u].id;
        }
    }
    return "(không thuộc xã nào)";
}

/// Orders by score desc, detection points desc, id asc; `same` compares the first two.
struct hand_order {
    const std::vector<expected_result>* results;
    const antq::registry* registry;
    bool operator()(std::size_t a, std::size_t b) const {
        const auto& x = (*results)[a];
        const auto& y = (*results)[b];
        if (x.score != y.score) {
            return x.score > y.score;
        }
        if (x.detection != y.detection) {
            return x.detection > y.detection;
        }
        return registry->models()[a].id < registry->models()[b].id;
    }
};

std::vector<expected_result> hand_written(const antq::dataset& data) {
    const auto& reg = data.registry;
    const auto& obs = data.observations;
    const antq::date first(2023, 11, 16);
    const antq::date last(2024, 11, 15);
    const auto label = *obs.find_period_label("2024");
    const auto column = [&](const char* name) {
        return &obs.columns()[*obs.find_column(name)].numbers;
    };
    const auto* crimes = column("crimes");
    const auto* detected = column("crimes_detected");
    const auto* serious = column("serious_crimes");
    const auto* reports = column("reports");
    const auto* patrols = column("patrols");
    const auto* households = column("households");
    const auto* signed_up = column("households_signed");
    const auto* incidents = column("incidents");
    const auto zero_if_missing = [](double v) { return std::isnan(v) ? 0.0 : v; };

    std::vector<expected_result> out(reg.models().size());
    for (std::size_t m = 0; m < reg.models().size(); ++m) {
        const auto& model = reg.models()[m];
        auto& e = out[m];
        e.group = commune_of(reg, reg.unit_of_model(static_cast<antq::index_t>(m)));
        const antq::date start = model.established ? std::max(*model.established, first) : first;
        const antq::date end = model.ended ? std::min(*model.ended, last) : last;
        const long days = end < start ? 0 : (end - start).days() + 1;
        if (days < 90) {
            e.status = antq::result_status::not_eligible;
            continue;
        }
        const auto row = obs.find_row(*obs.find_subject(model.id), label);
        if (!row || std::isnan((*crimes)[*row]) || std::isnan((*detected)[*row])) {
            e.status = antq::result_status::error;
            continue;
        }
        const std::size_t i = *row;
        const bool vetoed = zero_if_missing((*serious)[i]) != 0;
        const double d = 30 * ratio((*detected)[i], (*crimes)[i]);
        const double rp = 20 * ratio(zero_if_missing((*reports)[i]), 12);
        const double p = 30 * ratio(zero_if_missing((*patrols)[i]), 48);
        const bool households_known = !std::isnan((*households)[i]) && !std::isnan((*signed_up)[i]);
        const double q = households_known ? 20 * ratio((*signed_up)[i], (*households)[i]) : 0.0;
        const double penalty = -10 * (std::min(zero_if_missing((*incidents)[i]), 5.0) / 5);
        // The weighted engine rescales the scored part over the points assessed, then adds
        // the contributions up in criterion order.
        const double factor = households_known ? 1.0 : 100.0 / 80.0;
        const auto scaled = [&](double c) { return factor != 1.0 ? c * factor : c; };
        double score = 0;
        score += 0;  // the veto contributes nothing
        score += scaled(d);
        score += scaled(rp);
        score += scaled(p);
        score += scaled(q);
        score += penalty;
        e.score = round_two(score);
        e.detection = scaled(d);
        e.tier = vetoed ? "poor" : e.score >= 80 ? "effective" : e.score >= 50 ? "average" : "poor";
    }

    // Quota: at most 30% of each commune's evaluated models stay effective.
    std::map<std::string, std::vector<std::size_t>> groups;
    for (std::size_t m = 0; m < out.size(); ++m) {
        if (out[m].status == antq::result_status::evaluated) {
            groups[out[m].group].push_back(m);
        }
    }
    const hand_order order{&out, &reg};
    for (auto& [name, members] : groups) {
        std::sort(members.begin(), members.end(), order);
        const std::size_t allowed = members.size() * 3 / 10;
        std::size_t kept = 0;
        for (const std::size_t m : members) {
            if (out[m].tier == "effective" && kept++ >= allowed) {
                out[m].tier = "average";
            }
        }
        // Competition ranks: equal score and detection share a rank.
        for (std::size_t k = 0; k < members.size(); ++k) {
            const auto& x = out[members[k]];
            const bool tie = k > 0 && x.score == out[members[k - 1]].score &&
                             x.detection == out[members[k - 1]].detection;
            out[members[k]].rank =
                tie ? out[members[k - 1]].rank : static_cast<std::uint32_t>(k + 1);
        }
    }
    return out;
}

antq::rulebook_set differential_rules() {
    return antq::rulebook_set::load(std::string(ANTQ_TEST_DATA_DIR) +
                                    "/evaluation/differential.yaml");
}

}  // namespace

TEST(evaluate_differential, agrees_exactly_with_a_hand_written_loop) {
    const auto& data = generated();
    const auto expected = hand_written(data);
    const auto ev = antq::evaluate(data, differential_rules(), "2024");
    const auto& r = ev.results()[0];
    ASSERT_EQ(r.size(), expected.size());
    std::size_t evaluated = 0;
    std::size_t effective = 0;
    std::size_t mismatches = 0;
    for (std::size_t m = 0; m < expected.size(); ++m) {
        const auto& e = expected[m];
        const auto& c = r.columns();
        const bool same =
            c.status[m] == e.status && c.group_names[c.group[m]] == e.group &&
            (e.status != antq::result_status::evaluated ||
             (c.score[m] == e.score && r.tier_id(m) == e.tier && c.rank[m] == e.rank));
        if (!same && ++mismatches <= 5) {
            ADD_FAILURE() << "model " << c.subject[m] << ": pipeline "
                          << antq::to_string(c.status[m]) << " " << c.score[m] << " "
                          << r.tier_id(m) << " rank " << c.rank[m] << " in "
                          << c.group_names[c.group[m]] << "; hand " << antq::to_string(e.status)
                          << " " << e.score << " " << e.tier << " rank " << e.rank << " in "
                          << e.group;
        }
        evaluated += e.status == antq::result_status::evaluated ? 1 : 0;
        effective += e.tier == "effective" ? 1 : 0;
    }
    EXPECT_EQ(mismatches, 0U);
    // The data exercise every path: most evaluated, some not, quotas biting.
    EXPECT_GT(evaluated, 15'000U);
    EXPECT_LT(evaluated, expected.size());
    EXPECT_GT(effective, 100U);
}

TEST(evaluate_differential, the_same_bytes_for_any_thread_count_and_batch_size) {
    const auto& data = generated();
    const auto rules = differential_rules();
    antq::evaluate_options one;
    one.threads = 1;
    antq::evaluate_options two;
    two.threads = 2;
    two.batch_size = 333;
    const auto a = antq::evaluate(data, rules, "2024", one);
    const auto b = antq::evaluate(data, rules, "2024", two);
    EXPECT_EQ(antq::format_results(a.results(), antq::result_format::csv),
              antq::format_results(b.results(), antq::result_format::csv));
    EXPECT_EQ(a.results()[0], b.results()[0]);
}

// The cells a rulebook refuses are the same, in the same order, whatever the threads that
// look up the subjects' rows and check them. The differential rulebook is read with its
// `households` a ratio, which the generated counts almost never are: nearly every subject
// has a refused cell, so a subject left out or checked twice by a share shows.
TEST(evaluate_differential, the_same_refused_cells_for_any_thread_count) {
    const auto& data = generated();
    std::ifstream file(std::string(ANTQ_TEST_DATA_DIR) + "/evaluation/differential.yaml",
                       std::ios::binary);
    std::string yaml((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    const std::string counted = "households: {type: count, missing: exclude}";
    const auto at = yaml.find(counted);
    ASSERT_NE(at, std::string::npos);
    yaml.replace(at, counted.size(), "households: {type: ratio, missing: exclude}");
    std::vector<antq::compiled_rulebook> books;
    books.push_back(antq::parse_compiled_rulebook(yaml, "differential.yaml"));
    const auto rules = antq::rulebook_set::from(std::move(books));
    antq::data_check_options one;
    one.period = "2024";
    one.limit_per_file = 0;
    one.threads = 1;
    const auto expected = antq::check_data(data, rules, one);
    ASSERT_GT(expected.size(), 15'000U);
    for (unsigned threads : {2U, 3U}) {
        antq::data_check_options more = one;
        more.threads = threads;
        EXPECT_EQ(antq::check_data(data, rules, more), expected) << threads;
    }
}

// A large table's CSV rows are written in ranges on several threads: the text, with the
// label columns, the previous period's and the byte-order mark, must be the same bytes.
TEST(evaluate_differential, the_same_csv_text_for_any_thread_count_of_the_writer) {
    const auto& data = generated();
    const auto rules = antq::rulebook_set::load(std::string(ANTQ_SOURCE_DIR) +
                                                "/rulebooks/model-effectiveness.yaml");
    antq::evaluate_options evaluation;
    evaluation.previous_period = "2023";
    const auto results = antq::evaluate(data, rules, "2024", evaluation);
    ASSERT_GE(results.results()[0].size(), 4U * 4'096U);  // four ranges of 4,096 rows or more
    // Two tables in one span: the second's first range goes after the first's last.
    const std::vector<antq::rulebook_results> twice{results.results()[0], results.results()[0]};
    for (const antq::language lang : {antq::language::vi, antq::language::en}) {
        antq::result_output_options one;
        one.lang = lang;
        one.data = &data;
        one.label_columns = true;
        one.byte_order_mark = true;
        one.threads = 1;
        const std::string expected =
            antq::format_results(results.results(), antq::result_format::csv, one);
        ASSERT_EQ(std::count(expected.begin(), expected.end(), '\n'),
                  static_cast<std::ptrdiff_t>(results.results()[0].size() + 1));
        const std::string expected_twice =
            antq::format_results(twice, antq::result_format::csv, one);
        ASSERT_EQ(std::count(expected_twice.begin(), expected_twice.end(), '\n'),
                  static_cast<std::ptrdiff_t>(2 * twice[0].size() + 1));
        for (const unsigned threads : {2U, 3U, 4U}) {
            antq::result_output_options more = one;
            more.threads = threads;
            EXPECT_EQ(antq::format_results(twice, antq::result_format::csv, more), expected_twice)
                << threads << " threads, two tables";
            EXPECT_EQ(antq::format_results(results.results(), antq::result_format::csv, more),
                      expected)
                << threads << " threads";
            // Saved and written, the ranges go out one after another, never joined, each
            // round while the next is made.
            std::ostringstream written;
            antq::write_results(written, results.results(), antq::result_format::csv, more);
            EXPECT_EQ(written.str(), expected) << threads << " threads";
            std::ostringstream written_twice;
            antq::write_results(written_twice, twice, antq::result_format::csv, more);
            EXPECT_EQ(written_twice.str(), expected_twice) << threads << " threads, two tables";
            const auto file = std::filesystem::temp_directory_path() /
                              ("antq-csv-writer-" + std::to_string(::getpid()) + ".csv");
            antq::save_results(file, results.results(), antq::result_format::csv, more);
            std::ifstream saved(file, std::ios::binary);
            EXPECT_EQ(std::string(std::istreambuf_iterator<char>(saved), {}), expected)
                << threads << " threads";
            std::filesystem::remove(file);
        }
    }
}

// A results CSV saved while it is made, round after round, that cannot be finished (the
// disk fills half-way) leaves the file as it was and no temporary file beside it.
TEST(evaluate_differential, a_csv_saved_in_rounds_that_fills_the_disk_changes_nothing) {
    const auto& data = generated();
    const auto rules = antq::rulebook_set::load(std::string(ANTQ_SOURCE_DIR) +
                                                "/rulebooks/model-effectiveness.yaml");
    const auto results = antq::evaluate(data, rules, "2024");
    ASSERT_GE(results.results()[0].size(), 4U * 4'096U);
    antq::result_output_options options;
    options.threads = 2;
    const std::size_t size =
        antq::format_results(results.results(), antq::result_format::csv, options).size();
    const auto folder = std::filesystem::temp_directory_path() /
                        ("antq-csv-full-disk-" + std::to_string(::getpid()));
    std::filesystem::create_directories(folder);
    const auto file = folder / "results.csv";
    std::ofstream(file) << "old\n";
    {
        const antq::test_support::file_size_limit limit(size / 2);  // past the first round
        try {
            antq::save_results(file, results.results(), antq::result_format::csv, options);
            ADD_FAILURE() << "the save did not fail";
        } catch (const antq::io_error& e) {
            EXPECT_EQ(std::string(e.what()),
                      "cannot write '" + file.string() + "': File too large");
        }
    }
    std::ifstream kept(file, std::ios::binary);
    EXPECT_EQ(std::string(std::istreambuf_iterator<char>(kept), {}), "old\n");
    std::vector<std::string> entries;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        entries.push_back(entry.path().filename().string());
    }
    EXPECT_EQ(entries, std::vector<std::string>{"results.csv"});
    std::filesystem::remove_all(folder);
}

TEST(evaluate_differential, the_shipped_model_rulebook_gives_the_same_bytes_on_any_thread_count) {
    const auto& data = generated();
    const auto rules = antq::rulebook_set::load(std::string(ANTQ_SOURCE_DIR) +
                                                "/rulebooks/model-effectiveness.yaml");
    antq::evaluate_options one;
    antq::evaluate_options two;
    two.threads = 2;
    two.batch_size = 1000;
    two.previous_period = "2023";
    one.previous_period = "2023";
    const auto a = antq::evaluate(data, rules, "2024", one);
    const auto b = antq::evaluate(data, rules, "2024", two);
    const auto csv = antq::format_results(a.results(), antq::result_format::csv);
    EXPECT_EQ(csv, antq::format_results(b.results(), antq::result_format::csv));
    EXPECT_EQ(a.results()[0], b.results()[0]);
}
