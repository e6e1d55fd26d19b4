#include <antq/dataset.hpp>
#include <antq/limits.hpp>

#include "antq/dataset/observations_io.hpp"
#include "antq/io/atomic_file.hpp"
#include "antq/io/read_file.hpp"
#include "antq/synthetic.hpp"

#include <antq/archive.hpp>
#include <antq/error.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <string>

namespace antq {
namespace {

namespace fs = std::filesystem;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

fs::path data_dir() {
    return fs::path(ANTQ_TEST_DATA_DIR) / "dataset";
}

// A fresh folder per test, removed afterwards.
class dataset_files_test : public ::testing::Test {
  protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        dir_ = fs::temp_directory_path() / ("antq-dataset-test-" + std::to_string(::getpid()) +
                                            "-" + info->test_suite_name() + "-" + info->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    void write(const std::string& name, const std::string& content) const {
        std::ofstream out(dir_ / name, std::ios::binary);
        out << content;
    }

    // Writes a valid registry (three units, two models, one exemplar) unless overridden.
    void write_registry() const {
        write("units.csv",
              "id,kind,name,parent\nqt,commune,Xã Quảng Trung,\nch,village,Thôn Công Hòa,qt\n"
              "ct,village,Thôn Cao Cựu,qt\n");
        write("models.csv",
              "id,name,type,topic,target_group,unit,established,ended,replicated_from\n"
              "m1,Camera,camera,trat-tu,,ch,2020-01-01,,\nm2,Camera 2,camera,trat-tu,,ct,,,m1\n");
        write("exemplars.csv", "id,name,kind,unit,recognized\ne1,Nguyễn Văn An,individual,ch,\n");
    }

    [[nodiscard]] std::string path(const std::string& name) const { return (dir_ / name).string(); }

    // The diagnostics of loading the folder, with the folder's path taken out.
    [[nodiscard]] std::vector<std::string> errors() const { return errors_of(dir_); }

    [[nodiscard]] std::vector<std::string> errors_of(const fs::path& p) const {
        try {
            static_cast<void>(load_dataset(p));
        } catch (const input_error& e) {
            std::vector<std::string> out;
            const std::string prefix = (dir_ / "").string();
            for (const auto& d : e.diagnostics()) {
                std::string text = d.to_string();
                if (text.starts_with(prefix)) {
                    text.erase(0, prefix.size());
                }
                out.push_back(text);
            }
            return out;
        }
        return {"no error"};
    }

    fs::path dir_;
};

// Two provinces, six communes of three villages, five exemplars, `models` models.
detail::synthetic_options small_country(std::size_t models) {
    detail::synthetic_options options;
    options.provinces = 2;
    options.communes = 6;
    options.villages_per_commune = 3;
    options.models = models;
    options.exemplars = 5;
    return options;
}

// The diagnostics that `read()` throws, as texts, or {"no error"}.
template <class Read>
std::vector<std::string> error_texts(const Read& read) {
    try {
        static_cast<void>(read());
    } catch (const input_error& e) {
        std::vector<std::string> out;
        for (const auto& d : e.diagnostics()) {
            out.push_back(d.to_string());
        }
        return out;
    }
    return {"no error"};
}

// Reading `text` as observations.csv ("o.csv") on `threads` threads.
std::vector<std::string> observation_errors(const std::string& text,
                                            const detail::subject_resolver& subjects,
                                            unsigned threads) {
    return error_texts([&] {
        return detail::parse_observations_csv(text, "o.csv", subjects, {threads, 0});
    });
}

std::vector<std::string> json_errors(const std::string& text) {
    return error_texts([&] { return parse_dataset_json(text, "d.json"); });
}

TEST(load_dataset, reads_the_good_folder) {
    const dataset d = load_dataset(data_dir() / "good");
    const registry& r = d.registry;
    ASSERT_EQ(r.units().size(), 7U);
    EXPECT_EQ(r.units()[0].id, "qb");  // after the byte-order mark
    EXPECT_EQ(r.units()[4].name, "Thôn Cao Cựu, Thượng");
    ASSERT_EQ(r.models().size(), 5U);
    EXPECT_EQ(r.models()[0].name, "Thôn \"không ma túy\"");
    EXPECT_EQ(r.models()[1].established, date(2020, 6, 15));  // day-first
    EXPECT_EQ(r.models()[2].name, "Tổ hòa giải\nQuảng Trung");
    EXPECT_EQ(r.models()[2].ended, date(2023, 12, 31));
    EXPECT_EQ(r.models()[3].replicated_from, "m2");
    EXPECT_FALSE(r.models()[4].established);
    EXPECT_EQ(r.lineage_root(3), 1U);
    ASSERT_EQ(r.exemplars().size(), 2U);
    EXPECT_EQ(r.exemplars()[1].kind, exemplar_kind::collective);
    EXPECT_FALSE(r.exemplars()[1].recognized);

    const observation_table& o = d.observations;
    ASSERT_EQ(o.row_count(), 5U);
    EXPECT_THAT(o.period_labels(), ElementsAre("2024", "2023"));
    EXPECT_THAT(o.subject_ids(), ElementsAre("m1", "m2", "m3", "ch"));
    ASSERT_EQ(o.columns().size(), 5U);
    const auto& patrols = o.columns()[*o.find_column("patrols")];
    EXPECT_EQ(patrols.type, observation_column::kind::number);
    EXPECT_EQ(patrols.numbers[0], 48);
    EXPECT_TRUE(patrols.is_missing(1));
    EXPECT_EQ(patrols.numbers[2], 24.5);
    const auto& note = o.columns()[*o.find_column("note")];
    EXPECT_EQ(note.type, observation_column::kind::text);
    EXPECT_TRUE(note.is_missing(0));
    EXPECT_EQ(note.texts[1], "camera, 12 mắt");
    EXPECT_EQ(note.texts[3], "ổn định");
    const auto& active = o.columns()[*o.find_column("active")];
    EXPECT_EQ(active.type, observation_column::kind::number);
    EXPECT_EQ(active.numbers[0], 1);
    EXPECT_EQ(active.numbers[1], 0);
    EXPECT_EQ(active.numbers[2], 1);
    EXPECT_TRUE(active.is_missing(4));
    EXPECT_EQ(o.find_row(*o.find_subject("m1"), *o.find_period_label("2023")), 3U);
    const observation_table copy = o;
    EXPECT_EQ(copy.find_subject("ch"), 3U);
    EXPECT_FALSE(copy.find_subject("qt"));
    EXPECT_EQ(d.content_hash.size(), 64U);
    EXPECT_EQ(d.content_hash, hash_dataset(d.registry, d.observations));
}

TEST(load_dataset, json_of_the_same_data_is_equal_and_hashes_the_same) {
    const dataset from_csv = load_dataset(data_dir() / "good");
    const dataset from_json = load_dataset(data_dir() / "good.json");
    EXPECT_EQ(from_json, from_csv);
    EXPECT_EQ(from_json.content_hash, from_csv.content_hash);
}

TEST(load_dataset, the_hash_changes_with_the_data) {
    const dataset d = load_dataset(data_dir() / "good");
    auto units = std::vector<unit>(d.registry.units().begin(), d.registry.units().end());
    units[0].name = "Quảng Trị";
    const registry changed =
        registry::build(units, {d.registry.models().begin(), d.registry.models().end()},
                        {d.registry.exemplars().begin(), d.registry.exemplars().end()});
    EXPECT_NE(hash_dataset(changed, d.observations), d.content_hash);
    EXPECT_NE(hash_dataset(d.registry, observation_table()), d.content_hash);
}

TEST_F(dataset_files_test, csv_round_trip) {
    const dataset original = load_dataset(data_dir() / "good");
    save_dataset_csv(original, dir_ / "copy");
    const dataset back = load_dataset(dir_ / "copy");
    EXPECT_EQ(back, original);
    EXPECT_EQ(back.content_hash, original.content_hash);
    // Saving what was read back gives the same bytes.
    save_dataset_csv(back, dir_ / "again");
    for (const char* name : {"units.csv", "models.csv", "exemplars.csv", "observations.csv"}) {
        EXPECT_EQ(detail::read_file(dir_ / "copy" / name).view(),
                  detail::read_file(dir_ / "again" / name).view())
            << name;
    }
}

TEST_F(dataset_files_test, json_round_trip) {
    const dataset original = load_dataset(data_dir() / "good");
    save_dataset_json(original, dir_ / "d.json");
    const dataset back = load_dataset(dir_ / "d.json");
    EXPECT_EQ(back, original);
    EXPECT_EQ(back.content_hash, original.content_hash);
    EXPECT_FALSE(fs::exists(dir_ / "d.json.tmp"));
}

TEST_F(dataset_files_test, synthetic_round_trips_through_both_formats) {
    detail::synthetic_options options = small_country(300);
    options.periods = {"2023", "2024"};
    options.missing_share = 0.05;
    const dataset d = detail::generate_synthetic_dataset(options);
    EXPECT_EQ(d.observations.row_count(), 600U);
    save_dataset_csv(d, dir_ / "csv");
    save_dataset_json(d, dir_ / "d.json");
    const dataset from_csv = load_dataset(dir_ / "csv");
    const dataset from_json = load_dataset(dir_ / "d.json");
    EXPECT_EQ(from_csv, d);
    EXPECT_EQ(from_json, d);
    EXPECT_EQ(from_csv.content_hash, d.content_hash);
    EXPECT_EQ(from_json.content_hash, d.content_hash);
}

// A folder is hashed while it is read (its records while the observations are looked up):
// the hash must be the one `hash_dataset` gives the whole dataset, labels, model types and
// decisions included, and the one its JSON document gets.
TEST_F(dataset_files_test, a_folder_hashed_while_read_has_the_hash_of_its_whole_content) {
    const dataset example =
        load_dataset(fs::path(ANTQ_SOURCE_DIR) / "examples" / "data" / "quang-trung");
    ASSERT_FALSE(example.labels.empty());
    ASSERT_FALSE(example.model_types.empty());
    ASSERT_FALSE(example.decisions.empty());
    EXPECT_EQ(example.content_hash, hash_dataset(example));
    save_dataset_json(example, dir_ / "example.json");
    EXPECT_EQ(load_dataset(dir_ / "example.json").content_hash, example.content_hash);

    // Large enough for `hash_dataset` to hash its two parts on two threads.
    const dataset large = detail::generate_synthetic_dataset(small_country(60'000));
    ASSERT_GE(large.registry.models().size() + large.observations.row_count(), 100'000U);
    save_dataset_csv(large, dir_ / "large");
    EXPECT_EQ(load_dataset(dir_ / "large").content_hash, large.content_hash);
    EXPECT_EQ(large.content_hash, hash_dataset(large));
}

TEST(synthetic, same_options_same_dataset) {
    detail::synthetic_options options;
    options.provinces = 2;
    options.communes = 4;
    options.villages_per_commune = 2;
    options.models = 50;
    options.exemplars = 3;
    const dataset a = detail::generate_synthetic_dataset(options);
    const dataset b = detail::generate_synthetic_dataset(options);
    EXPECT_EQ(a, b);
    EXPECT_EQ(a.content_hash, b.content_hash);
    options.seed = 2;
    EXPECT_NE(detail::generate_synthetic_dataset(options).content_hash, a.content_hash);
    EXPECT_EQ(a.registry.units_of_kind("province").size(), 2U);
    EXPECT_EQ(a.registry.units_of_kind("village").size(), 8U);
    EXPECT_EQ(a.observations.columns().size(), 15U);
    EXPECT_EQ(a.observations.columns()[0].name, "crimes");
}

TEST(synthetic, refuses_options_that_make_no_dataset) {
    detail::synthetic_options options;
    options.provinces = 3;
    options.communes = 2;
    EXPECT_THROW(static_cast<void>(detail::generate_synthetic_dataset(options)), usage_error);
    options.communes = 3;
    options.periods = {"someday"};
    EXPECT_THROW(static_cast<void>(detail::generate_synthetic_dataset(options)), usage_error);
}

// A mistyped size (an extra zero or three) is refused with its numbers before anything is
// allocated; before, `antq-generate --models 10000000000000` ended in std::bad_alloc.
TEST(synthetic, refuses_sizes_no_machine_holds) {
    const auto message_of = [](const detail::synthetic_options& options) {
        try {
            static_cast<void>(detail::generate_synthetic_dataset(options));
        } catch (const usage_error& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    detail::synthetic_options options;
    options.models = 10'000'000'000'000;
    EXPECT_THAT(message_of(options), HasSubstr("10000000000000 models"));
    options.models = 40'000'000;
    options.periods = {"2021", "2022", "2023", "2024", "2025"};
    EXPECT_THAT(message_of(options),
                HasSubstr("40000000 models x 5 periods x 15 indicators is more than the "
                          "500000000 observation cells"));
    options = {};
    options.villages_per_commune = std::numeric_limits<std::size_t>::max();
    EXPECT_THAT(message_of(options), HasSubstr("at most 100000000 of each"));
    options = {};
    options.indicators = std::numeric_limits<std::size_t>::max();
    EXPECT_THAT(message_of(options), HasSubstr("observation cells that can be generated"));
    options = {};
    options.missing_share = 2;
    EXPECT_THAT(message_of(options), HasSubstr("fraction from 0 to 1"));
}

// The parallel reader must give exactly what the sequential one gives, quoted newlines
// and all, whatever the split.
TEST(observations_csv, parallel_reading_equals_sequential_reading) {
    const registry r = registry::build({{"u", "village", "", ""}},
                                       [] {
                                           std::vector<model> models(400);
                                           for (std::size_t i = 0; i < models.size(); ++i) {
                                               models[i].id = "m" + std::to_string(i);
                                               models[i].unit = "u";
                                           }
                                           return models;
                                       }(),
                                       {});
    std::string text = "subject,period,a,note\r\n";
    std::mt19937 engine(7);
    for (std::size_t i = 0; i < 400; ++i) {
        text += "m" + std::to_string(i) + ",2024," + std::to_string(engine() % 100) + ",";
        text += i % 7 == 0 ? "\"line one\nline \"\"two\"\"\"" : i % 5 == 0 ? "" : "plain";
        text += "\r\n";
    }
    const detail::subject_resolver subjects(r);
    const auto sequential = detail::parse_observations_csv(text, "o.csv", subjects, {1, 0});
    for (unsigned threads : {2U, 3U, 8U}) {
        const auto parallel = detail::parse_observations_csv(text, "o.csv", subjects, {threads, 0});
        EXPECT_EQ(parallel, sequential) << threads;
    }
    EXPECT_EQ(sequential.row_count(), 400U);
    EXPECT_EQ(sequential.columns()[1].texts[0], "line one\nline \"two\"");
}

// A quoted period label ("2024", as spreadsheets often write every cell) may be unescaped
// into the record, which the reader reuses for the next row: the label must be kept as a
// copy. Before, the next row's label overwrote the first one's (found by csv_fuzzer under
// AddressSanitizer as a heap-use-after-free; corpus file quoted_period_labels.csv).
TEST(observations_csv, quoted_period_labels_keep_their_own_text) {
    const registry r =
        registry::build({{"u", "village", "", ""}, {"v", "village", "", ""}}, {}, {});
    const detail::subject_resolver subjects(r);
    const std::string text =
        "subject,period,a\n"
        "u,\"2024\",1\n"
        "v,\"2025\",2\n"
        "u,\"2025\",3\n"
        "v,\"20\"\"\"\"24\",5\n"
        "v,\"2024\",4\n";
    for (unsigned threads : {1U, 2U}) {
        SCOPED_TRACE(threads);
        EXPECT_THAT(observation_errors(text, subjects, threads),
                    ElementsAre(HasSubstr("o.csv:5:2: error: invalid period '20\"\"24'")));
        const std::string good =
            "subject,period,a\n"
            "u,\"2024\",1\n"
            "v,\"2025\",2\n"
            "u,\"2025\",3\n"
            "v,\"2024\",4\n";
        const auto table = detail::parse_observations_csv(good, "o.csv", subjects, {threads, 0});
        ASSERT_EQ(table.row_count(), 4U);
        const auto labels = table.period_labels();
        std::vector<std::string> by_row;
        for (const std::uint32_t p : table.row_periods()) {
            by_row.emplace_back(labels[p]);
        }
        EXPECT_EQ(by_row, (std::vector<std::string>{"2024", "2025", "2025", "2024"}));
    }
}

// A subject id with a quote in it is unescaped into the record the reader reuses for the
// next row; it is looked up only once the registry is built (after every row is read), so
// each share keeps a copy of it. Without the copy, every row would name the last row's id.
TEST(observations_csv, quoted_subject_ids_are_kept_until_they_are_looked_up) {
    std::vector<model> models(300);
    std::string text = "subject,period,a\n";
    for (std::size_t i = 0; i < models.size(); ++i) {
        models[i].id = "m\"" + std::to_string(i);
        models[i].unit = "u";
        text += "\"m\"\"" + std::to_string(i) + "\",2024," + std::to_string(i * 3) + "\n";
    }
    const registry r = registry::build({{"u", "village", "", ""}}, std::move(models), {});
    const detail::subject_resolver subjects(r);
    for (unsigned threads : {1U, 2U, 3U}) {
        SCOPED_TRACE(threads);
        const auto table = detail::parse_observations_csv(text, "o.csv", subjects, {threads, 0});
        ASSERT_EQ(table.row_count(), 300U);
        const auto ids = table.subject_ids();
        const auto row_subjects = table.row_subjects();
        for (std::size_t row = 0; row < 300; ++row) {
            EXPECT_EQ(ids[row_subjects[row]], "m\"" + std::to_string(row));
            EXPECT_EQ(table.columns()[0].numbers[row], static_cast<double>(row * 3));
        }
    }
}

// The subject cell and the period cell of a row are checked together once the registry is
// known: a row with both wrong gets both errors, and the rows dropped for them do not shift
// the lines of the rows after them.
TEST(observations_csv, a_row_gets_every_error_of_its_subject_and_period) {
    const registry r = registry::build({{"u", "village", "", ""}}, {}, {});
    const detail::subject_resolver subjects(r);
    const std::string text =
        "subject,period,a\n"
        "nobody,,1\n"
        "u,2024,1\n"
        "ghost,2024,2\n"
        ",2025,2\n"
        "u,2024,3\n";
    for (unsigned threads : {1U, 2U, 3U}) {
        SCOPED_TRACE(threads);
        EXPECT_THAT(
            observation_errors(text, subjects, threads),
            ElementsAre(
                "o.csv:2:1: error: unknown subject 'nobody' (not a unit, model or exemplar id)",
                "o.csv:2:2: error: empty period",
                "o.csv:4:1: error: unknown subject 'ghost' (not a unit, model or exemplar id)",
                "o.csv:5:1: error: empty subject",
                "o.csv:6:1: error: repeated observation for subject 'u' in period '2024' "
                "(first on line 3)"));
    }
}

// A byte-order mark is skipped only at the start of the file. One starting a row is content
// (here of the subject id), whichever piece of a parallel read the row falls in: before, a
// row starting a piece lost its mark silently and read as a known subject.
TEST(observations_csv, byte_order_mark_starting_a_row_is_content_whatever_the_split) {
    const registry r = registry::build({{"u", "village", "", ""}}, {}, {});
    std::string text = "\xEF\xBB\xBFsubject,period,a\n";
    for (int i = 0; i < 40; ++i) {
        text += "\xEF\xBB\xBFu," + std::to_string(2001 + i) + ",1\n";
    }
    const detail::subject_resolver subjects(r);
    for (unsigned threads : {1U, 2U, 3U, 8U}) {
        SCOPED_TRACE(threads);
        const auto errors = observation_errors(text, subjects, threads);
        ASSERT_EQ(errors.size(), 40U);
        for (std::size_t i = 0; i < 40; ++i) {
            EXPECT_EQ(errors[i], "o.csv:" + std::to_string(i + 2) +
                                     ":1: error: unknown subject '\xEF\xBB\xBFu' (not a unit, "
                                     "model or exemplar id)");
        }
    }
}

// Before: each header column was compared with every earlier one (200,000 columns: 22 s)
// and each new period label with every earlier label (100,000 labels: 12.7 s). Both are
// hashed now: linear in the size of the file.
TEST(observations_csv, many_columns_and_many_periods_take_linear_time) {
    const registry r = registry::build({{"u", "village", "", ""}}, {}, {});
    const detail::subject_resolver subjects(r);
    const auto start = std::chrono::steady_clock::now();

    std::string wide = "subject,period";
    std::string row = "u,2024";
    for (int i = 0; i < 200000; ++i) {
        wide += ",c" + std::to_string(i);
        row += ",1";
    }
    wide += ",c7\n" + row + ",1\n";
    try {
        static_cast<void>(detail::parse_observations_csv(wide, "o.csv", subjects, {1, 0}));
        ADD_FAILURE() << "no error";
    } catch (const input_error& e) {
        ASSERT_EQ(e.diagnostics().size(), 1U);
        EXPECT_EQ(e.diagnostics()[0].to_string(),
                  "o.csv:1:200003: error: repeated column 'c7' (first in column 10)");
    }

    std::string months = "subject,period,a\n";
    for (int year = 1500; year < 1500 + 8334; ++year) {
        for (int month = 1; month <= 12; ++month) {
            months += "u," + std::to_string(year) + (month < 10 ? "-0" : "-") +
                      std::to_string(month) + ",1\n";
        }
    }
    for (unsigned threads : {1U, 2U}) {
        const auto table = detail::parse_observations_csv(months, "o.csv", subjects, {threads, 0});
        EXPECT_EQ(table.period_labels().size(), 8334U * 12U);
    }
    const auto seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_LT(seconds, 60.0);
}

TEST(observations_csv, parallel_reading_reports_the_lines_of_the_whole_file) {
    const registry r = registry::build({{"u", "village", "", ""}}, {}, {});
    std::string text = "subject,period,a\n";
    for (int i = 0; i < 100; ++i) {
        text += i == 80 ? "nobody,2024,1\n" : "u,P" + std::to_string(i) + "-ignored,1\n";
    }
    const detail::subject_resolver subjects(r);
    for (unsigned threads : {1U, 2U}) {
        const auto errors = observation_errors(text, subjects, threads);
        ASSERT_FALSE(errors.empty());
        EXPECT_EQ(errors[0],
                  "o.csv:2:2: error: invalid period 'P0-ignored': expected a year \"2024\", a "
                  "quarter \"2024-Q3\", a month \"2024-05\" or a range \"2023-11-16/2024-11-15\"");
        EXPECT_THAT(errors, Contains("o.csv:82:1: error: unknown subject 'nobody' (not a unit, "
                                     "model or exemplar id)"));
    }
}

// A models.csv over a megabyte is read in pieces on several threads (where the machine has
// them): the records, their order and every problem's line must be those of one reading.
TEST_F(dataset_files_test, large_model_tables_read_in_pieces_as_one) {
    const dataset d = detail::generate_synthetic_dataset(small_country(9000));
    save_dataset_csv(d, dir_);
    ASSERT_GT(fs::file_size(dir_ / "models.csv"), std::size_t{1} << 20);
    EXPECT_EQ(load_dataset(dir_), d);

    // A quoted newline early (one record on two lines), a bad date late.
    std::vector<std::string> lines;
    {
        std::ifstream in(dir_ / "models.csv");
        for (std::string line; std::getline(in, line);) {
            lines.push_back(line);
        }
    }
    ASSERT_EQ(lines.size(), 9001U);
    lines[10] = "m10,\"Mô hình\nhai dòng\",t,trat-tu,,v1,2020-01-01,,";
    lines[8500] = "m8500,Mô hình,t,trat-tu,,v1,2024-13-01,,";
    const auto write_lines = [&] {
        std::string text;
        for (const auto& line : lines) {
            text += line + "\n";
        }
        write("models.csv", text);
    };
    write_lines();
    EXPECT_THAT(
        errors(),
        ElementsAre("models.csv:8502:7: error: invalid date '2024-13-01' in column 'established': "
                    "expected YYYY-MM-DD or DD/MM/YYYY"));

    // A stray quote makes the pieces split inside a record: the file is read again whole.
    lines[10] = "m10,Mô \"hình,t,trat-tu,,v1,2020-01-01,,";
    write_lines();
    EXPECT_THAT(
        errors(),
        ElementsAre(
            "models.csv:11:2: error: stray quote in an unquoted field (quote the whole field and "
            "double its quotes)",
            "models.csv:8501:7: error: invalid date '2024-13-01' in column 'established': "
            "expected YYYY-MM-DD or DD/MM/YYYY"));
}

TEST_F(dataset_files_test, only_units_are_required) {
    write("units.csv", "id,kind\nqt,commune\n");
    const dataset d = load_dataset(dir_);
    EXPECT_EQ(d.registry.units().size(), 1U);
    EXPECT_TRUE(d.registry.models().empty());
    EXPECT_EQ(d.observations.row_count(), 0U);
}

TEST_F(dataset_files_test, columns_may_come_in_any_order) {
    write("units.csv", "parent,name,kind,id\n,Xã,commune,qt\nqt,\"Thôn, A\",village,ch\n");
    const dataset d = load_dataset(dir_);
    EXPECT_EQ(d.registry.units()[1].name, "Thôn, A");
    EXPECT_EQ(d.registry.units()[1].parent, "qt");
}

TEST_F(dataset_files_test, missing_units_file_is_an_io_error) {
    write("models.csv", "id,unit\n");
    EXPECT_THROW(static_cast<void>(load_dataset(dir_)), io_error);
    EXPECT_THROW(static_cast<void>(load_dataset(dir_ / "absent")), io_error);
    write("data.txt", "x");
    EXPECT_THROW(static_cast<void>(load_dataset(dir_ / "data.txt")), io_error);
}

TEST_F(dataset_files_test, header_problems) {
    write("units.csv", "id,kind,name,parent,colour,\n");
    write("models.csv", "id,name,name\n");
    write("exemplars.csv", "");
    EXPECT_THAT(
        errors(),
        ElementsAre(
            "units.csv:1:5: error: unknown column 'colour' (expected id, kind, name, parent, "
            "attributes)",
            "units.csv:1:6: error: empty column name",
            "models.csv:1:3: error: repeated column 'name' (first in column 2)",
            "models.csv:1: error: missing column 'unit'",
            "exemplars.csv:1: error: empty file: expected the header row 'id, name, kind, "
            "unit, recognized, models, leads' (in any order)"));
}

TEST_F(dataset_files_test, syntax_problems_stop_before_references) {
    write_registry();
    // Line 3 has a field too many: reporting that the models on it are orphans would mislead.
    write("units.csv",
          "id,kind,name,parent\nqt,commune,Xã,\nch,village,Thôn, Công "
          "Hòa,qt\nct,village,\"x\"y,qt\n");
    EXPECT_THAT(
        errors(),
        ElementsAre("units.csv:3:5: error: expected 4 fields, found 5",
                    "units.csv:4:3: error: unexpected text after the closing quote (a quoted "
                    "field must end at the quote)"));
}

TEST_F(dataset_files_test, bad_cells_and_registry_problems_together) {
    write_registry();
    write("models.csv",
          "id,name,type,topic,target_group,unit,established,ended,replicated_from\n"
          "m1,Camera,camera,trat-tu,,ch,2020-13-01,,\n"
          "m2,Camera 2,camera,trat-tu,,nowhere,,31/02/2024,m1\n"
          "m3,Tổ,to,hoa-giai,,ct,2024-05-01,2024-04-01,m1\n"
          "m1,Again,camera,trat-tu,,ch,,,\n");
    write("exemplars.csv", "id,name,kind,unit,recognized\ne1,An,hero,ch,\ne2,Tổ,,ct,yesterday\n");
    EXPECT_THAT(
        errors(),
        ElementsAre(
            "models.csv:2:7: error: invalid date '2020-13-01' in column 'established': expected "
            "YYYY-MM-DD or DD/MM/YYYY",
            "models.csv:3:6: error: unknown unit 'nowhere'",
            "models.csv:3:8: error: invalid date '31/02/2024' in column 'ended': expected "
            "YYYY-MM-DD "
            "or DD/MM/YYYY",
            "models.csv:4:8: error: ended 2024-04-01 is before established 2024-05-01",
            "models.csv:5:1: error: duplicate model id 'm1' (first on line 2)",
            "exemplars.csv:2:3: error: invalid exemplar kind 'hero': expected 'individual' or "
            "'collective'",
            "exemplars.csv:3:3: error: missing exemplar kind: expected 'individual' or "
            "'collective'",
            "exemplars.csv:3:5: error: invalid date 'yesterday' in column 'recognized': expected "
            "YYYY-MM-DD or DD/MM/YYYY"));
}

TEST_F(dataset_files_test, registry_problems_point_at_the_real_column) {
    write("units.csv", "parent,id,kind\n,qt,Commune\nnowhere,ch,village\n");
    EXPECT_THAT(
        errors(),
        ElementsAre("units.csv:2:3: error: invalid unit kind 'Commune': expected a lowercase word "
                    "such as 'village'",
                    "units.csv:3:1: error: unknown parent unit 'nowhere'"));
}

TEST_F(dataset_files_test, registry_lines_count_quoted_newlines) {
    write("units.csv", "id,kind,name,parent\nqt,commune,\"Xã\nQuảng Trung\",\nqt,commune,x,\n");
    EXPECT_THAT(errors(),
                ElementsAre("units.csv:4:1: error: duplicate unit id 'qt' (first on line 2)"));
}

TEST_F(dataset_files_test, every_bad_observation_row_is_reported) {
    write_registry();
    write("observations.csv",
          "subject,period,crimes,note\n"
          "m1,2024,0,ok\n"
          ",2024,1,\n"
          "m9,2024,1,\n"
          "m2,,1,\n"
          "m1,2024,2,again\n"
          "m2,2024,1\n"
          "ch,2024-13,1,\n"
          "e1,2024,\"3\n");
    EXPECT_THAT(
        errors(),
        ElementsAre(
            "observations.csv:3:1: error: empty subject",
            "observations.csv:4:1: error: unknown subject 'm9' (not a unit, model or exemplar id)",
            "observations.csv:5:2: error: empty period",
            "observations.csv:6:1: error: repeated observation for subject 'm1' in period '2024' "
            "(first on line 2)",
            "observations.csv:7:4: error: expected 4 fields, found 3",
            "observations.csv:8:2: error: invalid period '2024-13': expected a year \"2024\", a "
            "quarter \"2024-Q3\", a month \"2024-05\" or a range \"2023-11-16/2024-11-15\"",
            "observations.csv:9:3: error: unterminated quoted field"));
}

// The observations are read while the registry is built; what is reported stays what was
// reported when they were read after it: the registry's problems alone when it has any.
TEST_F(dataset_files_test, registry_problems_come_before_the_observations) {
    write_registry();
    write("models.csv",
          "id,name,type,topic,target_group,unit,established,ended,replicated_from\n"
          "m1,Camera,camera,trat-tu,,ch,,,\nm1,Again,camera,trat-tu,,nowhere,,,\n");
    write("observations.csv", "subject,period,crimes\nm9,2024,1\n");
    EXPECT_THAT(errors(), ElementsAre("models.csv:3:1: error: duplicate model id 'm1' (first on "
                                      "line 2)",
                                      "models.csv:3:6: error: unknown unit 'nowhere'"));
    write("observations.csv", "subject,crimes\n");
    EXPECT_THAT(errors(), ElementsAre("models.csv:3:1: error: duplicate model id 'm1' (first on "
                                      "line 2)",
                                      "models.csv:3:6: error: unknown unit 'nowhere'"));
    write_registry();
    EXPECT_THAT(errors(), ElementsAre("observations.csv:1: error: missing column 'period'"));
    write("observations.csv", "subject,period,crimes\nm9,2024,1\n");
    EXPECT_THAT(errors(), ElementsAre("observations.csv:2:1: error: unknown subject 'm9' (not a "
                                      "unit, model or exemplar id)"));
}

TEST_F(dataset_files_test, observation_header_problems) {
    write_registry();
    write("observations.csv", "subject,crimes,,crimes\n");
    EXPECT_THAT(
        errors(),
        ElementsAre("observations.csv:1:3: error: empty column name",
                    "observations.csv:1:4: error: repeated column 'crimes' (first in column 2)",
                    "observations.csv:1: error: missing column 'period'"));
    write("observations.csv", "");
    EXPECT_THAT(errors(),
                ElementsAre("observations.csv:1: error: empty file: expected the header row "
                            "'subject,period,<indicator>...'"));
}

TEST_F(dataset_files_test, observation_columns_become_text_only_when_a_cell_is_not_a_number) {
    write_registry();
    write("observations.csv",
          "period,subject,crimes,flag,label\n2024,m1,1e3,TRUE,12\n2024,m2,-2.5,false,abc\n"
          "2023,e1,,,\n2023,qt,7,true,\"\"\n");
    const dataset d = load_dataset(dir_);
    const auto& o = d.observations;
    EXPECT_THAT(o.subject_ids(), ElementsAre("m1", "m2", "e1", "qt"));
    ASSERT_EQ(o.columns().size(), 3U);
    EXPECT_EQ(o.columns()[0].numbers[0], 1000);
    EXPECT_EQ(o.columns()[0].numbers[1], -2.5);
    EXPECT_TRUE(o.columns()[0].is_missing(2));
    EXPECT_EQ(o.columns()[0].numbers[3], 7);
    EXPECT_EQ(o.columns()[1].type, observation_column::kind::number);
    EXPECT_EQ(o.columns()[1].numbers[0], 1);
    EXPECT_EQ(o.columns()[1].numbers[1], 0);
    EXPECT_EQ(o.columns()[2].type, observation_column::kind::text);
    EXPECT_EQ(o.columns()[2].texts[0], "12");
    EXPECT_EQ(o.columns()[2].texts[1], "abc");
    EXPECT_TRUE(o.columns()[2].is_missing(2));
    EXPECT_TRUE(o.columns()[2].is_missing(3));
}

TEST_F(dataset_files_test, absent_observations_file_is_an_empty_table) {
    write_registry();
    const dataset d = load_dataset(dir_);
    EXPECT_EQ(d.observations.row_count(), 0U);
    EXPECT_TRUE(d.observations.columns().empty());
}

TEST(load_json, parse_errors_name_line_and_column) {
    EXPECT_THAT(
        json_errors("{\n  \"units\": [\n    {\"id\": \"a\",, }\n  ]\n}\n"),
        ElementsAre(
            "d.json:3:16: error: invalid JSON: syntax error while parsing object key - unexpected "
            "','; expected string literal"));
}

TEST(load_json, structure_problems_name_their_pointer) {
    EXPECT_THAT(json_errors("[1]"),
                ElementsAre("d.json: error: expected an object with \"units\" (and \"models\", "
                            "\"exemplars\", \"observations\"), found an array"));
    EXPECT_THAT(
        json_errors("{\"units\": {}, \"extra\": 1}"),
        ElementsAre("d.json:/extra: error: unknown key 'extra' (expected units, models, exemplars, "
                    "observations, decisions, labels, model_types)",
                    "d.json:/units: error: expected an array of objects, found an object"));
    EXPECT_THAT(json_errors("{\"models\": []}"), ElementsAre("d.json: error: missing key 'units'"));
    EXPECT_THAT(
        json_errors("{\"units\": [{\"id\": \"a\", \"kind\": \"x\", \"colour\": \"red\"}, 3, "
                    "{\"id\": true, \"kind\": \"x\"}]}"),
        ElementsAre(
            "d.json:/units/0/colour: error: unknown key 'colour' (expected id, kind, name, parent, "
            "attributes)",
            "d.json:/units/1: error: expected an object, found a number",
            "d.json:/units/2/id: error: expected a string, found a boolean"));
}

TEST(load_json, record_problems_name_their_pointer) {
    EXPECT_THAT(
        json_errors(
            R"({"units": [{"id": "a", "kind": "commune"}, {"id": "a", "kind": "Village", "parent": "z"}],
                "models": [{"id": "m1", "unit": "a", "established": "soon"}, {"id": "m2"}],
                "exemplars": [{"id": "e1", "unit": "a", "kind": "team"}]})"),
        ElementsAre(
            "d.json:/models/0/established: error: invalid date 'soon' in column 'established': "
            "expected YYYY-MM-DD or DD/MM/YYYY",
            "d.json:/exemplars/0/kind: error: invalid exemplar kind 'team': expected 'individual' "
            "or "
            "'collective'",
            "d.json:/units/1/id: error: duplicate unit id 'a' (first at d.json:/units/0)",
            "d.json:/units/1/kind: error: invalid unit kind 'Village': expected a lowercase word "
            "such as 'village'",
            "d.json:/units/1/parent: error: unknown parent unit 'z'",
            "d.json:/models/1/unit: error: missing host unit"));
}

TEST(load_json, observation_problems_name_their_pointer) {
    EXPECT_THAT(
        json_errors(R"({"units": [{"id": "a", "kind": "commune"}],
                "observations": [{"subject": "a", "period": 2024, "x": 1}, {"period": "2024"},
                                 {"subject": "b", "period": "2024"}, {"subject": "a", "period": "2024"},
                                 {"subject": "a", "period": "2023", "x": [1]}, {"subject": "a", "period": 2024.5},
                                 {"subject": "a", "period": "2022", "": 1}]})"),
        ElementsAre(
            "d.json:/observations/1/subject: error: empty subject",
            "d.json:/observations/2/subject: error: unknown subject 'b' (not a unit, model or "
            "exemplar id)",
            "d.json:/observations/4/x: error: expected a number, a boolean, a string or null, "
            "found "
            "an array",
            "d.json:/observations/5/period: error: expected a string, found a number",
            "d.json:/observations/6/: error: empty indicator name",
            "d.json:/observations/3/subject: error: repeated observation for subject 'a' in period "
            "'2024' (first at /observations/0)"));
}

// A key repeated in one object was kept silently with its last value (nlohmann's DOM); it
// is refused, naming its place, as rulebooks and CSV headers refuse theirs.
TEST(load_json, repeated_keys_are_refused_with_their_place) {
    EXPECT_THAT(
        json_errors(R"({"units": [{"id": "a", "kind": "commune"}],
                "observations": [{"subject": "a", "period": "2024", "crimes": 4, "crimes": 40}]})"),
        ElementsAre("d.json:/observations/0/crimes: error: repeated key 'crimes' (a key may "
                    "appear once in an object)"));
    EXPECT_THAT(json_errors(R"({"units": [{"id": "a", "kind": "commune"}],
                                "units": [{"id": "b", "kind": "commune"}]})"),
                ElementsAre("d.json:/units: error: repeated key 'units' (a key may appear once in "
                            "an object)"));
    EXPECT_THAT(
        json_errors(
            R"({"units": [{"id": "a", "kind": "commune", "id": "b", "kind": "x", "id": "c"}]})"),
        ElementsAre(
            "d.json:/units/0/id: error: repeated key 'id' (a key may appear once in an object)",
            "d.json:/units/0/kind: error: repeated key 'kind' (a key may appear once in an "
            "object)",
            "d.json:/units/0/id: error: repeated key 'id' (a key may appear once in an object)"));
}

// Nesting no dataset needs is refused while parsing, at its place, before anything walks it.
TEST(load_json, deep_nesting_is_refused_with_its_place) {
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    // The 33rd container opened: the document, the table, the record, then 29 arrays in the
    // cell, the last of which is the element where reading stopped.
    std::string place = "d.json:/units/0/name";
    for (int i = 0; i < 29; ++i) {
        place += "/0";
    }
    EXPECT_THAT(json_errors(R"({"units": [{"id": "a", "kind": "commune", "name": )" + deep + "}]}"),
                ElementsAre(place + ": error: nesting deeper than 32 levels (a dataset needs "
                                    "three: document, table, record)"));
}

TEST(load_json, values_of_every_kind) {
    const dataset d =
        parse_dataset_json(R"({"units": [{"id": 7, "kind": "commune", "parent": null}],
        "observations": [{"subject": "7", "period": "2024", "n": 2.5, "b": true, "t": "x", "e": ""},
                         {"subject": "7", "period": "2023", "n": null, "b": false, "t": 3}]})");
    EXPECT_EQ(d.registry.units()[0].id, "7");
    const auto& o = d.observations;
    ASSERT_EQ(o.columns().size(), 4U);
    EXPECT_EQ(o.columns()[0].numbers[0], 2.5);
    EXPECT_TRUE(o.columns()[0].is_missing(1));
    EXPECT_EQ(o.columns()[1].numbers[1], 0);
    EXPECT_EQ(o.columns()[2].type, observation_column::kind::text);
    EXPECT_EQ(o.columns()[2].texts[1], "3");
    EXPECT_TRUE(o.columns()[3].is_missing(0));
    EXPECT_FALSE(d.content_hash.empty());
}

TEST_F(dataset_files_test, atomic_writes_replace_whole_files_and_leave_nothing_behind) {
    const fs::path target = dir_ / "out.txt";
    detail::write_file_atomically(target, "first");
    detail::write_file_atomically(target, "second, longer");
    EXPECT_EQ(detail::read_file(target).view(), "second, longer");
    {
        detail::atomic_writer writer(dir_ / "pieces.txt");
        writer.write("a");
        writer.write("b");
        writer.commit();
    }
    EXPECT_EQ(detail::read_file(dir_ / "pieces.txt").view(), "ab");
    {
        detail::atomic_writer abandoned(target);
        abandoned.write("half");
    }
    EXPECT_EQ(detail::read_file(target).view(), "second, longer");
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir_)) {
        ++files;
    }
    EXPECT_EQ(files, 2U);
    EXPECT_THROW(detail::write_file_atomically(dir_ / "no" / "such" / "folder.txt", "x"), io_error);
}

TEST_F(dataset_files_test, reading_a_folder_as_a_file_is_an_io_error) {
    EXPECT_THROW(static_cast<void>(detail::read_file(dir_)), io_error);
    try {
        static_cast<void>(detail::read_file(dir_ / "absent.csv"));
    } catch (const io_error& e) {
        EXPECT_THAT(e.what(), HasSubstr("absent.csv': No such file or directory"));
    }
}

TEST_F(dataset_files_test, a_file_with_a_problem_on_every_row_lists_the_first_hundred) {
    write_registry();
    std::string observations = "subject,period,crimes\n";
    for (int i = 0; i < 5000; ++i) {
        observations += "nobody-" + std::to_string(i) + ",2024,1\n";
    }
    write("observations.csv", observations);
    try {
        (void)antq::load_dataset(dir_);
        FAIL() << "expected input_error";
    } catch (const antq::input_error& e) {
        ASSERT_EQ(e.diagnostics().size(), antq::max_diagnostics_per_file + 1);
        EXPECT_EQ(e.diagnostics().front().where.line, 2u);
        EXPECT_NE(e.diagnostics().back().message.find("and 4900 more problems in this file"),
                  std::string::npos)
            << e.diagnostics().back().message;
    }
}

TEST(dataset_json, a_table_of_rows_each_with_a_key_of_its_own_is_refused_before_it_is_allocated) {
    // 20,000 rows, each naming an indicator no other row has: stored in columns, 4 * 10^8
    // cells for 20,000 values given.
    std::string json = R"({"units": [], "models": [], "exemplars": [], "observations": [)";
    for (int i = 0; i < 20000; ++i) {
        json += (i == 0 ? "" : ",");
        json += R"({"subject": "m1", "period": "2024", "k)" + std::to_string(i) + R"(": 1})";
    }
    json += "]}";
    try {
        (void)antq::parse_dataset_json(json, "sparse.json");
        FAIL() << "expected input_error";
    } catch (const antq::input_error& e) {
        ASSERT_FALSE(e.diagnostics().empty());
        EXPECT_EQ(e.diagnostics().front().to_string().rfind(
                      "sparse.json:/observations: error: too sparse: "
                      "20000 different indicators over 20000 rows",
                      0),
                  0u)
            << e.what();
    }
}

TEST(dataset_json, a_table_with_some_cells_absent_is_read) {
    std::string json = R"({"units": [{"id": "qt", "kind": "commune", "name": "Q", "parent": null}],
        "models": [{"id": "m1", "name": "M", "unit": "qt"}], "exemplars": [], "observations": [)";
    for (int year = 2000; year < 2100; ++year) {
        json += (year == 2000 ? "" : ",");
        json += R"({"subject": "m1", "period": ")" + std::to_string(year) + R"(", "a": 1)" +
                (year % 2 == 0 ? R"(, "b": 2})" : "}");
    }
    json += "]}";
    const antq::dataset d = antq::parse_dataset_json(json, "sparse-ok.json");
    EXPECT_EQ(d.observations.period_labels().size(), 100u);
}

// labels.csv: the names people read beside topic, target group and unit kind ids.
TEST_F(dataset_files_test, labels_are_read_written_and_hashed_only_when_given) {
    write_registry();
    const dataset without = load_dataset(dir_);
    EXPECT_TRUE(without.labels.empty());
    write("labels.csv",
          "value,attribute,label\ntrat-tu,topic,\"An ninh, trật tự\"\ncommune,unit_kind,xã\n");
    const dataset with = load_dataset(dir_);
    EXPECT_EQ(with.labels, (std::vector<value_label>{{"topic", "trat-tu", "An ninh, trật tự"},
                                                     {"unit_kind", "commune", "xã"}}));
    // Labels are content: they change the hash; without them the hash is the old one.
    EXPECT_NE(with.content_hash, without.content_hash);
    EXPECT_EQ(without.content_hash, hash_dataset(without.registry, without.observations));
    EXPECT_EQ(with.content_hash, hash_dataset(with.registry, with.observations, with.labels));
    // Both layouts and the archive keep them.
    save_dataset_csv(with, dir_ / "copy");
    EXPECT_EQ(load_dataset(dir_ / "copy"), with);
    EXPECT_EQ(load_dataset(dir_ / "copy").content_hash, with.content_hash);
    save_dataset_json(with, dir_ / "copy.json");
    EXPECT_EQ(load_dataset(dir_ / "copy.json"), with);
    EXPECT_EQ(load_dataset(dir_ / "copy.json").content_hash, with.content_hash);
    save_dataset_archive(with, dir_ / "copy.antq");
    EXPECT_EQ(load_dataset_archive(dir_ / "copy.antq"), with);
    // A dataset without labels writes no labels.csv.
    save_dataset_csv(without, dir_ / "plain");
    EXPECT_FALSE(fs::exists(dir_ / "plain" / "labels.csv"));
}

TEST_F(dataset_files_test, bad_labels_are_reported_with_their_place) {
    write_registry();
    write("labels.csv",
          "attribute,value,label\nTopic,trat-tu,An ninh\ntopic,,Trống\ntopic,ma-tuy,\n"
          "topic,trat-tu,Lặp\ntopic,trat-tu,Lặp lại\n");
    EXPECT_THAT(errors(),
                ElementsAre("labels.csv:2:1: error: the attribute 'Topic' is not a lowercase "
                            "word (topic, target_group, unit_kind, ...)",
                            "labels.csv:3:2: error: empty value: a label names one value of the "
                            "attribute",
                            "labels.csv:4:3: error: empty label",
                            "labels.csv:6:2: error: repeated label of topic 'trat-tu'"));
    write("labels.csv", "attribute,name\ntopic,x\n");
    EXPECT_THAT(errors(), ElementsAre("labels.csv:1:2: error: unknown column 'name' (expected "
                                      "attribute, value, label)",
                                      "labels.csv:1: error: missing column 'value'",
                                      "labels.csv:1: error: missing column 'label'"));
}

TEST(dataset_json, labels_are_read_and_checked) {
    const std::string registry =
        R"({"units": [{"id": "qt", "kind": "commune", "name": "Xã Quảng Trung"}], )";
    const dataset d = parse_dataset_json(
        registry + R"("labels": [{"attribute": "topic", "value": "ma-tuy", "label": "Ma túy"}]})",
        "d.json");
    EXPECT_EQ(d.labels, (std::vector<value_label>{{"topic", "ma-tuy", "Ma túy"}}));
    try {
        static_cast<void>(parse_dataset_json(
            registry + R"("labels": [{"attribute": "topic", "value": "x", "name": "y"}]})",
            "d.json"));
        FAIL() << "expected an input_error";
    } catch (const input_error& e) {
        std::vector<std::string> messages;
        for (const auto& diagnostic : e.diagnostics()) {
            messages.push_back(diagnostic.to_string());
        }
        EXPECT_THAT(messages, ElementsAre("d.json:/labels/0/name: error: unknown key 'name' "
                                          "(expected attribute, value, label)",
                                          "d.json:/labels/0/label: error: empty label"));
    }
}

}  // namespace
}  // namespace antq
