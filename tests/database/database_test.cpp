// Datasets from, and results into, a database: compiled twice, once against SQLite files
// (ANTQ_TEST_SQLITE) and once against a real PostgreSQL server that the test binary
// starts for itself (ANTQ_TEST_POSTGRESQL; see postgresql_server.hpp).

#include <antq/database.hpp>

#include "antq/database/connection.hpp"

#include <antq/data_check.hpp>
#include <antq/dataset.hpp>
#include <antq/error.hpp>
#include <antq/evaluate.hpp>
#include <antq/period.hpp>
#include <antq/result.hpp>
#include <antq/rulebook_loader.hpp>
#include <antq/rulebook_set.hpp>
#include <antq/stored_runs.hpp>

#ifdef ANTQ_TEST_POSTGRESQL
#include "postgresql_server.hpp"
#endif

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace antq {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

const fs::path quang_trung = fs::path(ANTQ_SOURCE_DIR) / "examples" / "data" / "quang-trung";
const fs::path rulebooks = fs::path(ANTQ_SOURCE_DIR) / "rulebooks";

#ifdef ANTQ_TEST_POSTGRESQL
// One server for the whole binary (ctest runs this binary as one test), started before the
// first test and stopped after the last.
class server_environment : public ::testing::Environment {
  public:
    void SetUp() override {
        if (test_support::postgresql_server::bin_dir().empty()) {
            problem =
                "PostgreSQL's server programs (initdb, pg_ctl) were not found: install "
                "Debian's 'postgresql' package (tools/install-dependencies)";
            return;
        }
        try {
            server = std::make_unique<test_support::postgresql_server>();
        } catch (const std::exception& e) {
            problem = std::string("cannot start a PostgreSQL server: ") + e.what();
        }
    }
    void TearDown() override { server.reset(); }

    static inline std::unique_ptr<test_support::postgresql_server> server;
    static inline std::string problem;
};
const auto* const environment = ::testing::AddGlobalTestEnvironment(new server_environment);
#endif

class database_test : public ::testing::Test {
  protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        dir_ = fs::temp_directory_path() /
               ("antq-database-test-" + std::to_string(::getpid()) + "-" + info->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
#ifdef ANTQ_TEST_POSTGRESQL
        if (!server_environment::server) {
#ifdef ANTQ_REQUIRE_POSTGRESQL_TESTS
            FAIL() << server_environment::problem;
#else
            GTEST_SKIP() << server_environment::problem;
#endif
        }
#endif
    }
    void TearDown() override {
        fs::remove_all(dir_);
    }

    // A new, empty database.
    std::string fresh() {
        static std::atomic<int> count{0};
        const std::string name = "db" + std::to_string(count++);
#ifdef ANTQ_TEST_POSTGRESQL
        sql(server_environment::server->uri(), "CREATE DATABASE " + name);
        return server_environment::server->uri(name);
#else
        return "sqlite:" + (dir_ / (name + ".db")).string();
#endif
    }

    static void sql(const std::string& source, const std::string& statements) {
        detail::db::open(source, detail::db::open_mode::write, {})->execute(statements);
    }

    static bool postgresql() {
#ifdef ANTQ_TEST_POSTGRESQL
        return true;
#else
        return false;
#endif
    }

    // The exception's text, or "" when `f` did not throw `E`.
    template <class E, class F>
    static std::string error_of(F&& f) {
        try {
            f();
        } catch (const E& e) {
            return e.what();
        }
        return "";
    }

    fs::path write(const std::string& name, const std::string& text) {
        std::ofstream(dir_ / name) << text;
        return dir_ / name;
    }

    fs::path dir_;
};

TEST(database_source, a_password_is_never_shown) {
    EXPECT_EQ(antq::source_text("postgresql://antq:secret@db.local:5432/antq"),
              "postgresql://antq@db.local:5432/antq");
    EXPECT_EQ(antq::source_text("postgres://antq:s:e@c@host/db?password=x&sslmode=require"),
              "postgres://antq@host/db?sslmode=require");
    EXPECT_EQ(antq::source_text("postgresql://host/db?password=x"), "postgresql://host/db");
    EXPECT_EQ(antq::source_text("postgresql://antq@host/db"), "postgresql://antq@host/db");
    EXPECT_EQ(antq::source_text("sqlite:quang-trung.db"), "sqlite:quang-trung.db");
    EXPECT_EQ(antq::source_text("examples/data/quang-trung"), "examples/data/quang-trung");
}

TEST_F(database_test, quang_trung_reads_back_equal_with_the_same_content_hash) {
    const dataset csv = load_dataset(quang_trung);
    const std::string db = fresh();
    import_dataset(csv, db);
    const dataset back = load_dataset_from_database(db);
    // The model-type catalogue and the unit attributes travel with the rest.
    ASSERT_FALSE(csv.model_types.empty());
    EXPECT_EQ(back.model_types, csv.model_types);
    EXPECT_THAT(back.registry.units()[*back.registry.find_unit("qt-cong-hoa")].attributes,
                ::testing::ElementsAre("ven-song"));
    EXPECT_TRUE(back == csv);
    EXPECT_EQ(back.content_hash, csv.content_hash);
    EXPECT_EQ(load_dataset_from(db).content_hash, csv.content_hash);
    // And the evaluation gives the same fingerprint and results.
    const auto rules = rulebook_set::load(rulebooks);
    const auto a = evaluate(csv, rules, "2024");
    const auto b = evaluate(back, rules, "2024");
    EXPECT_EQ(a.fingerprint(), b.fingerprint());
    ASSERT_EQ(a.results().size(), b.results().size());
    for (std::size_t i = 0; i < a.results().size(); ++i) {
        EXPECT_TRUE(a.results()[i].columns() == b.results()[i].columns());
    }
}

#ifdef ANTQ_TEST_POSTGRESQL
TEST_F(database_test, csv_sqlite_and_postgresql_give_one_content_hash) {
    const dataset csv = load_dataset(quang_trung);
    const std::string sqlite = "sqlite:" + (dir_ / "qt.db").string();
    const std::string pg = fresh();
    import_dataset(csv, sqlite);
    import_dataset(csv, pg);
    const dataset from_sqlite = load_dataset_from(sqlite);
    const dataset from_pg = load_dataset_from(pg);
    EXPECT_TRUE(from_sqlite == csv);
    EXPECT_TRUE(from_pg == csv);
    EXPECT_EQ(from_sqlite.content_hash, csv.content_hash);
    EXPECT_EQ(from_pg.content_hash, csv.content_hash);
}
#endif

TEST_F(database_test, tables_written_by_hand_are_read_in_key_order_with_csv_cell_rules) {
    const std::string db = fresh();
    sql(db,
        "CREATE TABLE units (kind TEXT, id TEXT, name TEXT);"
        "INSERT INTO units VALUES ('village', 'u2', 'Thôn Hai'), ('commune', 'u1', 'Xã Một');"
        "CREATE TABLE models (id TEXT, unit TEXT, established DATE);"
        "INSERT INTO models VALUES ('m1', 'u1', '2020-01-15');"
        "CREATE TABLE observations (subject TEXT, period TEXT, crimes INTEGER, note TEXT, "
        "share TEXT);"
        "INSERT INTO observations VALUES ('m1', '2024', 3, 'tốt', '0.5'), "
        "('m1', '2023', NULL, '', '');");
    const dataset d = load_dataset_from_database(db);
    ASSERT_EQ(d.registry.units().size(), 2U);
    EXPECT_EQ(d.registry.units()[0].id, "u1");  // key order, byte by byte
    EXPECT_EQ(d.registry.units()[1].name, "Thôn Hai");
    ASSERT_EQ(d.registry.models().size(), 1U);
    EXPECT_EQ(format_date(*d.registry.models()[0].established), "2020-01-15");
    const observation_table& o = d.observations;
    ASSERT_EQ(o.row_count(), 2U);
    EXPECT_EQ(o.period_labels()[o.row_periods()[0]], "2023");
    const auto crimes = o.columns()[*o.find_column("crimes")];
    EXPECT_EQ(crimes.type, observation_column::kind::number);
    EXPECT_TRUE(crimes.is_missing(0));
    EXPECT_EQ(crimes.numbers[1], 3.0);
    // A text column whose cells all read as numbers is numbers, as in a CSV file.
    const auto share = o.columns()[*o.find_column("share")];
    EXPECT_EQ(share.type, observation_column::kind::number);
    EXPECT_EQ(share.numbers[1], 0.5);
    const auto note = o.columns()[*o.find_column("note")];
    EXPECT_EQ(note.type, observation_column::kind::text);
    EXPECT_TRUE(note.is_missing(0));
    EXPECT_EQ(note.texts[1], "tốt");
}

// PostgreSQL's rows come by COPY's text format, whose escapes must be undone exactly.
TEST_F(database_test, texts_with_tabs_line_breaks_and_backslashes_read_back_as_written) {
    const std::string db = fresh();
    const std::string chr = postgresql() ? "chr" : "char";
    sql(db,
        "CREATE TABLE units (id TEXT, kind TEXT, name TEXT); INSERT INTO units VALUES ('u1', "
        "'commune', 'a' || " +
            chr + "(9) || 'b' || " + chr + "(10) || 'c\\d' || " + chr + "(13) || '\\N' || " + chr +
            "(11) || 'Xã Một'), ('u2', 'village', NULL)");
    const dataset d = load_dataset_from_database(db);
    ASSERT_EQ(d.registry.units().size(), 2U);
    EXPECT_EQ(d.registry.units()[0].name, "a\tb\nc\\d\r\\N\vXã Một");
    EXPECT_EQ(d.registry.units()[1].name, "");
}

TEST_F(database_test, numbers_from_integer_columns_are_their_digits) {
    const std::string db = fresh();
    sql(db,
        "CREATE TABLE units (id INTEGER, kind TEXT);"
        "INSERT INTO units VALUES (1000000, 'commune'), (100000, 'village');"
        "CREATE TABLE observations (subject INTEGER, period INTEGER, note TEXT);"
        "INSERT INTO observations VALUES (1000000, 2024, NULL), (100000, 2024, 'x');");
    const dataset d = load_dataset_from_database(db);
    ASSERT_EQ(d.registry.units().size(), 2U);
    EXPECT_EQ(d.registry.units()[0].id, "100000");
    EXPECT_EQ(d.registry.units()[1].id, "1000000");
    EXPECT_EQ(d.observations.period_labels()[0], "2024");
    // Written back, whole numbers go into integer columns as digits.
    const std::string copy = fresh();
    import_dataset(d, copy);
    EXPECT_TRUE(load_dataset_from_database(copy) == d);
    // The 100,000th row of an import, whose antq_row a shortest-form writer would spell 1e+05.
    const auto c = detail::db::open(copy, detail::db::open_mode::write, {});
    c->execute("CREATE TABLE whole (n INTEGER)");
    const std::array<std::string_view, 1> columns{"n"};
    c->insert("whole", columns, 1, [](std::size_t, std::span<detail::db::value> v) {
        v[0] = {detail::db::value_kind::number, {}, 100000};
    });
    auto rows = c->query("SELECT n FROM whole");
    ASSERT_TRUE(rows->next());
    EXPECT_EQ(rows->get(0).number, 100000.0);
}

TEST_F(database_test, a_missing_table_is_an_error) {
    const std::string db = fresh();
    sql(db, "CREATE TABLE models (id TEXT, unit TEXT)");
    const auto what = error_of<database_error>([&] { (void)load_dataset_from_database(db); });
    EXPECT_THAT(what, HasSubstr("has no table 'units'"));
}

TEST_F(database_test, a_missing_or_unknown_column_is_an_error) {
    const std::string db = fresh();
    sql(db, "CREATE TABLE units (id TEXT, name TEXT, colour TEXT)");
    const auto what = error_of<input_error>([&] { (void)load_dataset_from_database(db); });
    EXPECT_THAT(what, HasSubstr("units: error: missing column 'kind'"));
    EXPECT_THAT(what, HasSubstr("units: error: unknown column 'colour'"));
}

TEST_F(database_test, a_type_error_in_a_row_names_table_row_and_column) {
    const std::string db = fresh();
    sql(db,
        "CREATE TABLE units (id TEXT, kind TEXT);"
        "INSERT INTO units VALUES ('u1', 'commune');"
        "CREATE TABLE models (id TEXT, unit TEXT, established TEXT);"
        "INSERT INTO models VALUES ('m1', 'u1', '31/02/2020'), ('m2', 'u9', NULL);"
        "CREATE TABLE observations (subject TEXT, period TEXT, crimes INTEGER);");
    const auto what = error_of<input_error>([&] { (void)load_dataset_from_database(db); });
    EXPECT_THAT(what, HasSubstr("models[m1].established: error: invalid date '31/02/2020'"));
    EXPECT_THAT(what, HasSubstr("models[m2].unit: error:"));
}

TEST_F(database_test, a_bad_observation_names_its_row_key) {
    const std::string db = fresh();
    sql(db,
        "CREATE TABLE units (id TEXT, kind TEXT);"
        "INSERT INTO units VALUES ('u1', 'commune');"
        "CREATE TABLE observations (subject TEXT, period TEXT, crimes INTEGER);"
        "INSERT INTO observations VALUES ('zz', '2024', 1), ('u1', '2024', 1), "
        "('u1', 'năm 2024', 2);");
    const auto what = error_of<input_error>([&] { (void)load_dataset_from_database(db); });
    EXPECT_THAT(what, HasSubstr("observations[zz, 2024].subject: error: unknown subject 'zz'"));
    EXPECT_THAT(what, HasSubstr("observations[u1, năm 2024].period: error:"));
}

TEST_F(database_test, a_cell_the_rulebook_refuses_is_named_by_its_key) {
    const std::string db = fresh();
    import_dataset(load_dataset(quang_trung), db);
    if (postgresql()) {
        sql(db, "ALTER TABLE observations ALTER COLUMN households TYPE TEXT");
    }
    sql(db,
        "UPDATE observations SET households = 'abc' WHERE subject = 'qt-trung-thon' AND "
        "period = '2024'");
    const dataset d = load_dataset_from_database(db);
    data_check_options options;
    options.period = "2024";
    const auto problems = check_data(d, rulebook_set::load(rulebooks), options);
    ASSERT_FALSE(problems.empty());
    EXPECT_EQ(problems[0].to_string(),
              "observations[qt-trung-thon, 2024].households: error: indicator 'households' of "
              "subject 'qt-trung-thon' in period 2024 must be a count (a whole number >= 0), not "
              "'abc'");
}

TEST_F(database_test, a_mapping_file_reads_a_provincial_systems_tables) {
    const dataset csv = load_dataset(quang_trung);
    const std::string db = fresh();
    import_dataset(csv, db);
    // The province's own tables, with its own names, built from antq's.
    sql(db,
        "CREATE TABLE dm_donvi AS SELECT antq_row AS stt, id AS ma_dv, kind AS cap, name AS "
        "ten_dv, parent AS ma_cha, attributes AS dac_diem FROM units;"
        "CREATE TABLE loai_mo_hinh AS SELECT antq_row AS stt, type AS loai, name AS ten_loai, "
        "topic AS chuyen_de, indicators AS chi_tieu, unit_attributes AS noi_ap_dung FROM "
        "model_types;"
        "CREATE TABLE mo_hinh AS SELECT * FROM models;"
        "CREATE TABLE chi_so AS SELECT * FROM observations;"
        "CREATE TABLE nhan AS SELECT antq_row AS stt, attribute AS thuoc_tinh, value AS "
        "gia_tri, label AS ten FROM labels;"
        "CREATE TABLE quyet_dinh AS SELECT antq_row AS stt, subject AS doi_tuong, rulebook AS "
        "bo_tieu_chi, period AS ky, proposed_tier AS de_xuat, decided_tier AS quyet_dinh, "
        "reason AS ly_do, \"number\" AS so_qd, \"date\" AS ngay, body AS co_quan, signer AS "
        "nguoi_ky FROM decisions;"
        "DROP TABLE units; DROP TABLE models; DROP TABLE observations; DROP TABLE labels; "
        "DROP TABLE decisions; DROP TABLE model_types;");
    const std::string connection =
        postgresql() ? db : "sqlite:" + db.substr(db.rfind('/') + 1);  // next to the file
    const auto mapping = write(
        fs::path(db.substr(db.rfind('/') + 1)).stem().string() + ".yaml",
        "connection: " + connection +
            "\n"
            "units:\n"
            "  table: dm_donvi\n"
            "  order_by: stt\n"
            "  columns: {id: ma_dv, kind: cap, name: ten_dv, parent: ma_cha,\n"
            "            attributes: dac_diem}\n"
            "models:\n"
            "  table: mo_hinh\n"
            "observations:\n"
            "  query: SELECT * FROM chi_so\n"
            "labels:\n"
            "  table: nhan\n"
            "  order_by: stt\n"
            "  columns: {attribute: thuoc_tinh, value: gia_tri, label: ten}\n"
            "model_types:\n"
            "  table: loai_mo_hinh\n"
            "  order_by: stt\n"
            "  columns: {type: loai, name: ten_loai, topic: chuyen_de, indicators: chi_tieu,\n"
            "            unit_attributes: noi_ap_dung}\n"
            "decisions:\n"
            "  table: quyet_dinh\n"
            "  order_by: stt\n"
            "  columns: {subject: doi_tuong, rulebook: bo_tieu_chi, period: ky,\n"
            "            proposed_tier: de_xuat, decided_tier: quyet_dinh, reason: ly_do,\n"
            "            number: so_qd, date: ngay, body: co_quan, signer: nguoi_ky}\n");
    const dataset d = load_dataset_from(mapping.string());
    ASSERT_FALSE(csv.decisions.empty());
    ASSERT_FALSE(csv.labels.empty());
    EXPECT_EQ(d.decisions, csv.decisions);
    EXPECT_EQ(d.labels, csv.labels);
    ASSERT_FALSE(csv.model_types.empty());
    EXPECT_EQ(d.model_types, csv.model_types);
    EXPECT_TRUE(d == csv);
    EXPECT_EQ(d.content_hash, csv.content_hash);
}

TEST_F(database_test, a_mapping_file_is_checked) {
    const std::string db = fresh();
    sql(db, "CREATE TABLE dm_donvi (ma_dv TEXT, cap TEXT)");
    const auto bad_key = write("bad-key.yaml", "connection: " + db + "\nunits:\n  tabel: x\n");
    EXPECT_THAT(error_of<input_error>([&] { (void)load_dataset_with_mapping(bad_key); }),
                HasSubstr("bad-key.yaml:3:3: error: unknown key 'tabel'"));
    const auto bad_column = write("bad-column.yaml", "connection: " + db +
                                                         "\nunits:\n  table: dm_donvi\n"
                                                         "  columns: {id: ma_dv, kind: cap_dv}\n");
    EXPECT_THAT(error_of<input_error>([&] { (void)load_dataset_with_mapping(bad_column); }),
                HasSubstr("dm_donvi: error: no column 'cap_dv', which the mapping gives for "
                          "'kind'"));
    // A decisions part named in the mapping must be there, with the columns it gives.
    const auto no_decisions = write("no-decisions.yaml", "connection: " + db +
                                                             "\nunits:\n  table: dm_donvi\n"
                                                             "  columns: {id: ma_dv, kind: cap}\n"
                                                             "decisions:\n  table: quyet_dinh\n");
    EXPECT_THAT(error_of<database_error>([&] { (void)load_dataset_with_mapping(no_decisions); }),
                HasSubstr("has no table 'quyet_dinh' (for the decisions)"));
    sql(db, "CREATE TABLE quyet_dinh (doi_tuong TEXT)");
    const auto bad_decisions =
        write("bad-decisions.yaml", "connection: " + db +
                                        "\nunits:\n  table: dm_donvi\n"
                                        "  columns: {id: ma_dv, kind: cap}\n"
                                        "decisions:\n  table: quyet_dinh\n"
                                        "  columns: {subject: doi_tuong, rulebook: bo_tc}\n");
    const std::string bad =
        error_of<input_error>([&] { (void)load_dataset_with_mapping(bad_decisions); });
    EXPECT_THAT(bad, HasSubstr("quyet_dinh: error: no column 'bo_tc', which the mapping gives for "
                               "'rulebook'"));
    EXPECT_THAT(bad, HasSubstr("quyet_dinh: error: missing column 'period'"));
}

TEST_F(database_test, a_bad_model_type_row_is_named_by_its_table_and_type) {
    const std::string db = fresh();
    sql(db,
        "CREATE TABLE units (id TEXT, kind TEXT, attributes TEXT);"
        "INSERT INTO units VALUES ('ch', 'village', 'ven-song'), ('ct', 'village', NULL);"
        "CREATE TABLE models (id TEXT, type TEXT, unit TEXT);"
        "INSERT INTO models VALUES ('m1', 'duong-thuy', 'ch'), ('m2', 'khac', 'ct');"
        "CREATE TABLE model_types (type TEXT, indicators TEXT, unit_attributes TEXT);"
        "INSERT INTO model_types VALUES ('duong-thuy', 'crimes;;patrols', 'ven song');");
    const std::string bad = error_of<input_error>([&] { (void)load_dataset_from(db); });
    EXPECT_THAT(bad, HasSubstr("model_types[duong-thuy].indicators: error: empty item in "
                               "'crimes;;patrols'"));
    EXPECT_THAT(bad, HasSubstr("model_types[duong-thuy].unit_attributes: error: bad condition "
                               "'ven song'"));
    sql(db, "UPDATE model_types SET indicators = 'crimes', unit_attributes = 'ven-song'");
    EXPECT_THAT(error_of<input_error>([&] { (void)load_dataset_from(db); }),
                HasSubstr("models[m2].type: error: unknown model type 'khac' of model 'm2': not "
                          "in the model-type catalogue"));
    sql(db, "INSERT INTO model_types VALUES ('khac', NULL, NULL)");
    const dataset d = load_dataset_from(db);
    ASSERT_EQ(d.model_types.size(), 2U);
    EXPECT_THAT(d.model_types[0].unit_attributes, ::testing::ElementsAre("ven-song"));
    EXPECT_TRUE(d.model_types[1].indicators.empty());
}

// A bad labels row is named by its table, its keys and the column, for each of the three
// columns (before, the last one read past the column names: found by database_fuzzer under
// AddressSanitizer, corpus file labels_row_without_label).
TEST_F(database_test, a_bad_labels_row_is_named_by_its_table_keys_and_column) {
    const std::string db = fresh();
    sql(db,
        "CREATE TABLE units (id TEXT, kind TEXT);"
        "INSERT INTO units VALUES ('ch', 'village');"
        "CREATE TABLE labels (attribute TEXT, value TEXT, label TEXT);"
        "INSERT INTO labels VALUES ('Topic', 'ma-tuy', 'Ma túy'), ('topic', '', 'Rỗng'), "
        "('topic', 'trat-tu', '');");
    const std::string bad = error_of<input_error>([&] { (void)load_dataset_from(db); });
    EXPECT_THAT(bad, HasSubstr("labels[Topic, ma-tuy].attribute: error:"));
    EXPECT_THAT(bad, HasSubstr("labels[topic, ].value: error: empty value"));
    EXPECT_THAT(bad, HasSubstr("labels[topic, trat-tu].label: error: empty label"));
}

// An evaluation of Quảng Trung for `period`, from `data`.
evaluation run_of(const dataset& data, const std::string& period) {
    return evaluate(data, rulebook_set::load(rulebooks), period);
}

TEST_F(database_test, a_stored_run_reads_back_and_a_rerun_adds_nothing) {
    const std::string db = fresh();
    init_results_schema(db);
    init_results_schema(db);  // present and of this version: nothing to do
    const dataset data = load_dataset(quang_trung);
    const auto run = run_of(data, "2024");
    EXPECT_TRUE(store_evaluation(run, db));
    EXPECT_FALSE(store_evaluation(run, db));
    const auto runs = list_runs(db);
    ASSERT_EQ(runs.size(), 1U);
    EXPECT_EQ(runs[0].fingerprint, run.fingerprint());
    EXPECT_EQ(runs[0].period, "2024");
    EXPECT_EQ(runs[0].dataset_hash, data.content_hash);
    ASSERT_EQ(runs[0].rulebooks.size(), run.results().size());
    EXPECT_EQ(runs[0].rulebooks[0],
              run.results()[0].header().rulebook + "@" + run.results()[0].header().version);
    const auto stored = read_stored_results(db, "2024");
    std::size_t rows = 0;
    for (const auto& r : run.results()) {
        rows += r.columns().subject.size();
    }
    EXPECT_EQ(stored.size(), rows);
    // Each stored row is the evaluation's row.
    const auto& first = run.results()[0];
    const auto row = std::find_if(stored.begin(), stored.end(), [&](const stored_result& s) {
        return s.rulebook == first.header().rulebook && s.subject == first.columns().subject[0];
    });
    ASSERT_NE(row, stored.end());
    EXPECT_EQ(row->status, std::string(to_string(first.columns().status[0])));
    EXPECT_EQ(row->message, first.columns().message[0]);
    // Another period is another run; results of 2024 stay as they were.
    EXPECT_TRUE(store_evaluation(run_of(data, "2025"), db));
    EXPECT_EQ(list_runs(db).size(), 2U);
    EXPECT_EQ(read_stored_results(db, "2024"), stored);
}

TEST_F(database_test, a_stored_run_serves_as_the_previous_period) {
    const std::string db = fresh();
    init_results_schema(db);
    const dataset data = load_dataset(quang_trung);
    const auto earlier = run_of(data, "2024");
    ASSERT_TRUE(store_evaluation(earlier, db));
    const evaluation stored = read_stored_evaluation(db, "2024");
    EXPECT_EQ(stored.fingerprint(), earlier.fingerprint());
    ASSERT_EQ(stored.results().size(), earlier.results().size());
    // Compared with the stored run, a new period gets the tiers and ranks that comparing
    // with a new evaluation of 2024 gives.
    auto with_stored = run_of(data, "2025");
    EXPECT_TRUE(with_stored.set_previous(stored).empty());
    auto with_evaluated = run_of(data, "2025");
    EXPECT_TRUE(with_evaluated.set_previous(earlier).empty());
    for (std::size_t i = 0; i < with_stored.results().size(); ++i) {
        const auto& a = with_stored.results()[i];
        const auto& b = with_evaluated.results()[i];
        ASSERT_EQ(a.size(), b.size());
        for (std::size_t row = 0; row < a.size(); ++row) {
            const auto tier_of = [](const rulebook_results& r, std::size_t k) {
                const auto t = r.columns().previous_tier[k];
                return t == no_tier ? std::string()
                                    : r.columns().previous_tier_ids[static_cast<std::size_t>(t)];
            };
            EXPECT_EQ(tier_of(a, row), tier_of(b, row)) << a.columns().subject[row];
            EXPECT_EQ(a.columns().previous_rank[row], b.columns().previous_rank[row]);
        }
    }
}

TEST_F(database_test, a_write_interrupted_halfway_leaves_nothing_and_the_previous_run_intact) {
    const std::string db = fresh();
    init_results_schema(db);
    const dataset data = load_dataset(quang_trung);
    ASSERT_TRUE(store_evaluation(run_of(data, "2024"), db));
    const auto before = read_stored_results(db, "2024");
    const auto later = run_of(data, "2025");
    // The database itself refuses one row of the last rulebook, after the rows before it
    // were inserted: the whole run must go.
    const std::string victim(later.results().back().columns().subject[0]);
    if (postgresql()) {
        sql(db,
            "CREATE FUNCTION antq_stop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF "
            "NEW.run = 2 AND NEW.subject = '" +
                victim +
                "' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$;"
                "CREATE TRIGGER antq_stop BEFORE INSERT ON antq_results FOR EACH ROW "
                "EXECUTE FUNCTION antq_stop();");
    } else {
        sql(db,
            "CREATE TRIGGER antq_stop BEFORE INSERT ON antq_results WHEN NEW.run = 2 "
            "AND NEW.subject = '" +
                victim + "' BEGIN SELECT RAISE(ABORT, 'injected failure'); END;");
    }
    EXPECT_THAT(error_of<database_error>([&] { (void)store_evaluation(later, db); }),
                HasSubstr("injected failure"));
    const auto runs = list_runs(db);
    ASSERT_EQ(runs.size(), 1U);
    EXPECT_EQ(runs[0].period, "2024");
    EXPECT_EQ(read_stored_results(db, "2024"), before);
    EXPECT_THAT(error_of<database_error>([&] { (void)read_stored_results(db, "2025"); }),
                HasSubstr("no stored run for period 2025"));
    const auto c = detail::db::open(db, detail::db::open_mode::read, {});
    auto rows = c->query("SELECT count(*) FROM antq_run_rulebooks WHERE run = 2");
    ASSERT_TRUE(rows->next());
    EXPECT_EQ(rows->get(0).number, 0.0);
}

TEST_F(database_test, the_results_schema_version_is_checked) {
    const std::string db = fresh();
    EXPECT_THAT(error_of<database_error>(
                    [&] { (void)store_evaluation(run_of(load_dataset(quang_trung), "2024"), db); }),
                HasSubstr("antq db init"));
    init_results_schema(db);
    sql(db, "UPDATE antq_schema SET version = 3");
    EXPECT_THAT(error_of<database_error>([&] { init_results_schema(db); }),
                HasSubstr("schema version 3, but this antq reads and writes version 2: use a "
                          "newer antq"));
    EXPECT_THAT(error_of<database_error>([&] { (void)list_runs(db); }),
                HasSubstr("schema version 3"));
    EXPECT_THAT(error_of<database_error>([&] { (void)upgrade_results_schema(db); }),
                HasSubstr("schema version 3, but this antq reads and writes version 2"));
}

TEST_F(database_test, runs_are_numbered_and_result_rows_carry_the_number) {
    const std::string db = fresh();
    init_results_schema(db);
    const dataset data = load_dataset(quang_trung);
    const auto first = run_of(data, "2024");
    const auto second = run_of(data, "2025");
    ASSERT_TRUE(store_evaluation(first, db));
    ASSERT_TRUE(store_evaluation(second, db));
    EXPECT_FALSE(store_evaluation(first, db));  // the fingerprint and period are unique
    const auto runs = list_runs(db);
    ASSERT_EQ(runs.size(), 2U);
    EXPECT_EQ(runs[0].run, 1);
    EXPECT_EQ(runs[0].fingerprint, first.fingerprint());
    EXPECT_EQ(runs[1].run, 2);
    EXPECT_EQ(runs[1].period, "2025");
    auto c = detail::db::open(db, detail::db::open_mode::read, {});
    auto rows = c->query("SELECT run, count(*) FROM antq_results GROUP BY run ORDER BY run");
    std::size_t first_rows = 0;
    for (const auto& r : first.results()) {
        first_rows += r.size();
    }
    ASSERT_TRUE(rows->next());
    EXPECT_EQ(rows->get(0).number, 1.0);
    EXPECT_EQ(rows->get(1).number, static_cast<double>(first_rows));
    ASSERT_TRUE(rows->next());
    EXPECT_EQ(rows->get(0).number, 2.0);
    // No fingerprint in the rows: the run's number is their key.
    auto columns = c->query("SELECT * FROM antq_results LIMIT 0");
    for (std::size_t k = 0; k < columns->column_count(); ++k) {
        EXPECT_NE(columns->column_name(k), "fingerprint");
    }
}

// Each store reads the highest run number and writes the next: two at once must take turns
// (a lock on antq_runs; SQLite's BEGIN IMMEDIATE), not both take the same number.
TEST_F(database_test, two_stores_at_once_get_the_next_numbers_in_turn) {
    const std::string db = fresh();
    init_results_schema(db);
    const dataset data = load_dataset(quang_trung);
    const std::array<evaluation, 4> runs{run_of(data, "2022"), run_of(data, "2023"),
                                         run_of(data, "2024"), run_of(data, "2025")};
    std::array<std::string, 4> failures;
    {
        std::vector<std::thread> stores;
        for (std::size_t i = 0; i < runs.size(); ++i) {
            stores.emplace_back([&, i] {
                try {
                    (void)store_evaluation(runs[i], db);
                } catch (const std::exception& e) {
                    failures[i] = e.what();
                }
            });
        }
        for (auto& t : stores) {
            t.join();
        }
    }
    for (const auto& f : failures) {
        EXPECT_EQ(f, "");
    }
    const auto stored = list_runs(db);
    ASSERT_EQ(stored.size(), runs.size());
    for (std::size_t i = 0; i < stored.size(); ++i) {
        EXPECT_EQ(stored[i].run, static_cast<std::int64_t>(i + 1));
    }
}

TEST_F(database_test, the_decided_tier_is_stored_beside_the_proposal) {
    const std::string db = fresh();
    init_results_schema(db);
    const dataset data = load_dataset(quang_trung);
    ASSERT_FALSE(data.decisions.empty());
    const auto run = run_of(data, "2024");
    ASSERT_TRUE(store_evaluation(run, db));
    const auto stored = read_stored_results(db, "2024");
    std::size_t decided = 0;
    std::size_t checked = 0;
    for (const rulebook_results& r : run.results()) {
        for (std::size_t i = 0; i < r.size(); ++i) {
            const subject_result expected = r.row(i);
            const auto s = std::find_if(stored.begin(), stored.end(), [&](const stored_result& x) {
                return x.rulebook == r.header().rulebook && x.subject == expected.subject;
            });
            ASSERT_NE(s, stored.end()) << expected.subject;
            ++checked;
            EXPECT_EQ(s->tier, expected.tier_id) << expected.subject;
            EXPECT_EQ(s->decided_tier, expected.decided_tier_id) << expected.subject;
            if (expected.decision) {
                ++decided;
                EXPECT_EQ(s->decision_number, expected.decision->decision.number);
                EXPECT_EQ(s->decision_date, format_date(expected.decision->decision.decided_on));
                EXPECT_EQ(s->decision_stale, expected.decision->stale);
            } else {
                EXPECT_EQ(s->decision_number, "");
                EXPECT_EQ(s->decision_stale, std::nullopt);
            }
        }
    }
    EXPECT_EQ(checked, stored.size());
    EXPECT_GE(decided, 1U);  // Quảng Trung's committee decided on a model of 2024
    const auto qt_m05 = std::find_if(stored.begin(), stored.end(), [](const stored_result& x) {
        return x.subject == "qt-m05" && x.rulebook == "model-effectiveness";
    });
    ASSERT_NE(qt_m05, stored.end());
    EXPECT_EQ(qt_m05->decision_number, "198/QĐ-UBND");
    EXPECT_EQ(qt_m05->decision_date, "2024-12-18");
}

TEST_F(database_test, a_stored_run_reads_back_the_tier_that_stood) {
    // Thôn Tân Lộc, 2022: proposed "chua_dat", decided "dat". Read back as an evaluation (what
    // --previous-from compares with), the proposal stays and the decided tier stands.
    const std::string db = fresh();
    init_results_schema(db);
    const dataset data = load_dataset(quang_trung);
    ASSERT_TRUE(store_evaluation(run_of(data, "2022"), db));
    const evaluation back = read_stored_evaluation(db, "2022");
    const rulebook_results& r = back.at("tt124-residential");
    const auto row = r.find("qt-tan-loc");
    ASSERT_TRUE(row.has_value());
    EXPECT_EQ(r.tier_id(*row), "chua_dat");
    ASSERT_TRUE(r.has_decisions());
    EXPECT_EQ(r.header().tiers[static_cast<std::size_t>(r.standing_tier(*row))].id, "dat");
    const auto other = r.find("qt-cong-hoa");
    ASSERT_TRUE(other.has_value());
    EXPECT_EQ(r.standing_tier(*other), r.columns().tier[*other]);
}

// The tables of schema version 1 as antq 1's `antq db init` made them, with one run.
void make_version_1(const std::string& db, bool postgresql) {
    const std::string number = postgresql ? "DOUBLE PRECISION" : "REAL";
    for (const std::string& statement :
         {std::string("CREATE TABLE antq_schema (version INTEGER NOT NULL)"),
          std::string("CREATE TABLE antq_runs (fingerprint TEXT NOT NULL, period TEXT NOT "
                      "NULL, stored_at TEXT NOT NULL, library_version TEXT NOT NULL, "
                      "dataset_hash TEXT NOT NULL, PRIMARY KEY (fingerprint, period))"),
          std::string("CREATE TABLE antq_run_rulebooks (fingerprint TEXT NOT NULL, period TEXT "
                      "NOT NULL, position INTEGER NOT NULL, rulebook TEXT NOT NULL, version "
                      "TEXT NOT NULL, rulebook_hash TEXT NOT NULL, PRIMARY KEY (fingerprint, "
                      "period, rulebook), FOREIGN KEY (fingerprint, period) REFERENCES "
                      "antq_runs (fingerprint, period))"),
          "CREATE TABLE antq_results (fingerprint TEXT NOT NULL, period TEXT NOT NULL, "
          "rulebook TEXT NOT NULL, subject TEXT NOT NULL, version TEXT NOT NULL, status TEXT "
          "NOT NULL, score " +
              number + ", max_score " + number +
              ", tier TEXT, action TEXT, \"group\" TEXT, rank INTEGER, message TEXT, "
              "PRIMARY KEY (fingerprint, period, rulebook, subject))",
          std::string("INSERT INTO antq_schema VALUES (1)"),
          std::string("INSERT INTO antq_runs VALUES ('bbbb', '2024', '2026-01-02T00:00:00Z', "
                      "'1.0.0', 'd2'), ('aaaa', '2023', '2026-01-01T00:00:00Z', '1.0.0', "
                      "'d1')"),
          std::string("INSERT INTO antq_run_rulebooks VALUES ('aaaa', '2023', 1, 'model-"
                      "effectiveness', '1.0', 'h1'), ('bbbb', '2024', 1, 'model-"
                      "effectiveness', '1.1', 'h2')"),
          std::string("INSERT INTO antq_results VALUES ('aaaa', '2023', 'model-effectiveness', "
                      "'qt-m01', '1.0', 'evaluated', 72.5, 100, 'good', 'commend', '', 1, "
                      "NULL), ('bbbb', '2024', 'model-effectiveness', 'qt-m01', '1.1', "
                      "'evaluated', 80, 100, 'good', 'commend', '', 2, NULL), ('bbbb', "
                      "'2024', 'model-effectiveness', 'qt-m02', '1.1', 'not_eligible', NULL, "
                      "NULL, NULL, NULL, '', NULL, 'ended in 2020')")}) {
        detail::db::open(db, detail::db::open_mode::write, {})->execute(statement);
    }
}

TEST_F(database_test,
       a_version1_schema_is_refused_naming_the_upgrade_and_upgraded_keeping_its_runs) {
    const std::string db = fresh();
    make_version_1(db, postgresql());
    const dataset data = load_dataset(quang_trung);
    const auto run = run_of(data, "2025");
    const std::string expected =
        "has antq results tables of schema version 1, but this antq reads and writes version 2: "
        "upgrade them with `antq db init --upgrade --to ...`";
    EXPECT_THAT(error_of<database_error>([&] { (void)store_evaluation(run, db); }),
                HasSubstr(expected));
    EXPECT_THAT(error_of<database_error>([&] { init_results_schema(db); }), HasSubstr(expected));
    EXPECT_THAT(error_of<database_error>([&] { (void)list_runs(db); }), HasSubstr(expected));

    EXPECT_TRUE(upgrade_results_schema(db));
    EXPECT_FALSE(upgrade_results_schema(db));  // of this version now: nothing to do
    init_results_schema(db);
    const auto runs = list_runs(db);
    ASSERT_EQ(runs.size(), 2U);
    // Numbered in the order they were stored.
    EXPECT_EQ(runs[0].run, 1);
    EXPECT_EQ(runs[0].fingerprint, "aaaa");
    EXPECT_EQ(runs[0].period, "2023");
    EXPECT_EQ(runs[0].rulebooks, std::vector<std::string>{"model-effectiveness@1.0"});
    EXPECT_EQ(runs[1].run, 2);
    EXPECT_EQ(runs[1].fingerprint, "bbbb");
    EXPECT_EQ(runs[1].dataset_hash, "d2");
    const auto stored = read_stored_results(db, "2024");
    ASSERT_EQ(stored.size(), 2U);
    EXPECT_EQ(stored[0].subject, "qt-m01");
    EXPECT_EQ(stored[0].version, "1.1");
    EXPECT_EQ(stored[0].score, 80.0);
    EXPECT_EQ(stored[0].rank, 2U);
    EXPECT_EQ(stored[0].tier, "good");
    EXPECT_EQ(stored[0].decided_tier, "");
    EXPECT_EQ(stored[1].status, "not_eligible");
    EXPECT_EQ(stored[1].message, "ended in 2020");
    EXPECT_EQ(stored[1].score, std::nullopt);
    // The upgraded tables take new runs, numbered after the old ones.
    EXPECT_TRUE(store_evaluation(run, db));
    EXPECT_EQ(list_runs(db).back().run, 3);
    EXPECT_EQ(read_stored_results(db, "2023").size(), 1U);
}

TEST_F(database_test, an_upgrade_without_results_tables_says_to_create_them) {
    const std::string db = fresh();
    EXPECT_THAT(error_of<database_error>([&] { (void)upgrade_results_schema(db); }),
                HasSubstr("no antq results tables to upgrade: create them with `antq db init"));
}

TEST_F(database_test, import_refuses_a_database_with_tables_and_writes_nothing) {
    const std::string db = fresh();
    sql(db, "CREATE TABLE observations (x TEXT)");
    EXPECT_THAT(error_of<database_error>([&] { import_dataset(load_dataset(quang_trung), db); }),
                HasSubstr("has a table 'observations' already"));
    EXPECT_FALSE(detail::db::open(db, detail::db::open_mode::read, {})->table_exists("units"));
}

#ifdef ANTQ_TEST_POSTGRESQL
TEST_F(database_test, a_connection_refused_is_a_clear_error) {
    database_options quick;
    quick.connect_timeout = std::chrono::seconds(2);
    EXPECT_THAT(error_of<database_error>([&] {
                    (void)load_dataset_from_database("postgresql://antq@127.0.0.1:1/x", quick);
                }),
                HasSubstr("cannot connect to 'postgresql://antq@127.0.0.1:1/x'"));
    // No server behind a socket folder.
    EXPECT_THAT(error_of<database_error>([&] {
                    (void)load_dataset_from_database(
                        "postgresql:///x?host=" + dir_.string() + "&user=antq", quick);
                }),
                HasSubstr("cannot connect to"));
}

TEST_F(database_test, a_refused_login_and_a_missing_database_are_clear_errors) {
    EXPECT_THAT(error_of<database_error>([&] {
                    (void)load_dataset_from_database(
                        server_environment::server->uri("postgres", "refused"));
                }),
                HasSubstr("pg_hba.conf rejects connection"));
    EXPECT_THAT(error_of<database_error>([&] {
                    (void)load_dataset_from_database(server_environment::server->uri("nothere"));
                }),
                HasSubstr("database \"nothere\" does not exist"));
}

TEST_F(database_test, a_statement_timeout_stops_a_slow_query) {
    const std::string db = fresh();
    sql(db, "CREATE TABLE units (id TEXT, kind TEXT); INSERT INTO units VALUES ('u1', 'commune')");
    const auto mapping = write("slow.yaml", "connection: " + db +
                                                "\nunits:\n  query: SELECT id, kind FROM units, "
                                                "pg_sleep(3)\n");
    database_options quick;
    quick.statement_timeout = std::chrono::seconds(1);
    EXPECT_THAT(error_of<database_error>([&] { (void)load_dataset_with_mapping(mapping, quick); }),
                HasSubstr("statement timeout"));
}

// The block of `language` that follows `heading` in docs/databases.md.
std::string doc_block(const std::string& heading, const std::string& language) {
    std::ifstream in(fs::path(ANTQ_SOURCE_DIR) / "docs" / "databases.md");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto start = text.find("```" + language + "\n", text.find(heading));
    if (start == std::string::npos) {
        return "";
    }
    const auto body = start + 4 + language.size();
    return text.substr(body, text.find("```", body) - body);
}

TEST_F(database_test, the_worked_example_of_the_docs_reads_as_it_says) {
    const std::string db = fresh();
    const std::string tables = doc_block("### Worked example", "sql");
    ASSERT_FALSE(tables.empty());
    sql(db, "CREATE SCHEMA ttxh;" + tables);
    sql(db,
        "INSERT INTO ttxh.dm_donvi VALUES ('tinh', 'Tỉnh', 'province', NULL), "
        "('xa-a', 'Xã A', 'commune', 'tinh'), ('thon-1', 'Thôn 1', 'village', 'xa-a');"
        "INSERT INTO ttxh.mo_hinh VALUES ('MH-0001', 'Tổ tự quản', 'an ninh', 'thon-1', "
        "'2020-03-01', NULL, 1), ('MH-0042', 'Đã xóa', 'an ninh', 'thon-1', '2019-01-01', "
        "NULL, 0);"
        "INSERT INTO ttxh.chi_so_ky VALUES ('thon-1', 2024, 'SO_HO', 120), "
        "('thon-1', 2024, 'SO_HO_CAM_KET', 118), ('thon-1', 2024, 'SO_VU_AN', 0), "
        "('MH-0001', 2024, 'SO_VU_AN', 1);");
    std::string mapping = doc_block("### Worked example", "yaml");
    ASSERT_EQ(mapping.rfind("connection: ", 0), 0U);
    mapping = "connection: " + db + mapping.substr(mapping.find('\n'));
    const dataset d = load_dataset_with_mapping(write("tinh.antq.yaml", mapping));
    ASSERT_EQ(d.registry.units().size(), 3U);
    // In key order, byte by byte: thon-1, tinh, xa-a.
    EXPECT_EQ(d.registry.units()[0].id, "thon-1");
    EXPECT_EQ(d.registry.units()[0].parent, "xa-a");
    ASSERT_EQ(d.registry.models().size(), 1U);  // the deleted model is left out
    EXPECT_EQ(d.registry.models()[0].topic, "an ninh");
    EXPECT_EQ(format_date(*d.registry.models()[0].established), "2020-03-01");
    const observation_table& o = d.observations;
    ASSERT_EQ(o.row_count(), 2U);
    const auto households = o.columns()[*o.find_column("households")];
    const auto row = *o.find_row(*o.find_subject("thon-1"), *o.find_period_label("2024"));
    EXPECT_EQ(households.numbers[row], 120.0);
    const auto crimes = o.columns()[*o.find_column("crimes")];
    EXPECT_EQ(crimes.numbers[1 - row], 1.0);
}

TEST_F(database_test, a_password_is_not_shown_in_messages) {
    EXPECT_THAT(error_of<database_error>([&] {
                    (void)load_dataset_from_database("postgresql://antq:secret@127.0.0.1:1/x");
                }),
                ::testing::Not(HasSubstr("secret")));
}
#else
TEST_F(database_test, a_missing_file_or_one_that_is_not_a_database_is_a_clear_error) {
    EXPECT_THAT(error_of<database_error>([&] {
                    (void)load_dataset_from_database("sqlite:" + (dir_ / "none.db").string());
                }),
                HasSubstr("cannot open the database 'sqlite:"));
    const auto text = write("text.db", "units,kind\nthis is not a database file at all......\n");
    EXPECT_THAT(error_of<database_error>(
                    [&] { (void)load_dataset_from_database("sqlite:" + text.string()); }),
                HasSubstr("file is not a database"));
    EXPECT_THAT(error_of<database_error>([&] { (void)load_dataset_from_database("sqlite:"); }),
                HasSubstr("names no file"));
}
#endif

// ---- The history and the diff read from stored runs (antq/stored_runs.hpp) -----------------

// Every period and every subject of two histories of the same rulebooks alike: what each
// entry holds (tiers by id, groups by name) and what changed, in words.
void expect_same_history(const history& evaluated, const history& stored) {
    ASSERT_EQ(evaluated.periods, stored.periods);
    ASSERT_EQ(evaluated.rulebooks.size(), stored.rulebooks.size());
    for (std::size_t b = 0; b < evaluated.rulebooks.size(); ++b) {
        const rulebook_history& e = evaluated.rulebooks[b];
        const rulebook_history& s = stored.rulebooks[b];
        ASSERT_EQ(e.rulebook(), s.rulebook());
        EXPECT_EQ(e.title(), s.title());
        ASSERT_EQ(e.size(), s.size()) << e.rulebook();
        for (std::size_t k = 0; k < e.periods().size(); ++k) {
            const history_period& ep = e.periods()[k];
            const history_period& sp = s.periods()[k];
            EXPECT_EQ(ep.skipped, sp.skipped) << e.rulebook() << " " << ep.period;
            EXPECT_EQ(ep.reason, sp.reason);
            EXPECT_EQ(ep.version, sp.version);
            EXPECT_EQ(ep.first, sp.first);
            EXPECT_EQ(ep.last, sp.last);
            EXPECT_EQ(ep.rounding_digits, sp.rounding_digits);
            ASSERT_EQ(ep.tiers.size(), sp.tiers.size());
            for (std::size_t t = 0; t < ep.tiers.size(); ++t) {
                EXPECT_EQ(ep.tiers[t].id, sp.tiers[t].id);
                EXPECT_EQ(ep.tiers[t].label, sp.tiers[t].label);
            }
        }
        for (std::size_t row = 0; row < e.size(); ++row) {
            const auto subject = e.subject(row);
            const auto other = s.find(subject);
            ASSERT_TRUE(other.has_value()) << e.rulebook() << " " << subject;
            for (std::size_t k = 0; k < e.periods().size(); ++k) {
                const history_entry a = e.at(row, k);
                const history_entry c = s.at(*other, k);
                const std::string where =
                    e.rulebook() + " " + std::string(subject) + " " + e.periods()[k].period;
                EXPECT_EQ(a.present, c.present) << where;
                if (!a.present || !c.present) {
                    continue;
                }
                EXPECT_EQ(a.status, c.status) << where;
                EXPECT_EQ(std::isnan(a.score), std::isnan(c.score)) << where;
                if (!std::isnan(a.score)) {
                    EXPECT_DOUBLE_EQ(a.score, c.score) << where;
                }
                EXPECT_EQ(e.tier_id(k, a.tier), s.tier_id(k, c.tier)) << where;
                EXPECT_EQ(e.tier_id(k, a.decided_tier), s.tier_id(k, c.decided_tier)) << where;
                EXPECT_EQ(a.rank, c.rank) << where;
                EXPECT_EQ(e.periods()[k].group_names.at(a.group),
                          s.periods()[k].group_names.at(c.group))
                    << where;
                EXPECT_EQ(e.change_text(row, k, language::vi),
                          s.change_text(*other, k, language::vi))
                    << where;
            }
        }
    }
}

TEST_F(database_test, the_history_of_stored_runs_is_the_history_evaluated_from_the_data) {
    const std::string db = fresh();
    init_results_schema(db);
    const dataset data = load_dataset(quang_trung);
    const auto rules = rulebook_set::load(rulebooks);
    const std::vector<std::string> years{"2022", "2023", "2024", "2025"};
    for (const auto& year : years) {
        ASSERT_TRUE(store_evaluation(evaluate(data, rules, year), db)) << year;
    }
    const history evaluated = evaluate_history(data, rules, years);
    const history stored = read_stored_history(db, rules, years);
    expect_same_history(evaluated, stored);
    // The rulebooks that did not exist yet in 2022 are skipped there, as from the data.
    const rulebook_history* teams = stored.find("grassroots-teams");
    ASSERT_NE(teams, nullptr);
    EXPECT_TRUE(teams->periods()[0].skipped);
    EXPECT_FALSE(teams->periods()[0].not_stored);
}

TEST_F(database_test, the_latest_run_of_a_period_is_the_one_in_the_history) {
    const std::string db = fresh();
    init_results_schema(db);
    const dataset data = load_dataset(quang_trung);
    // 2024 stored first under the rules before Circular 124, then under today's rules.
    std::vector<rulebook> before;
    before.push_back(load_rulebook(fs::path(ANTQ_SOURCE_DIR) / "examples" / "rulebooks" /
                                   "before-tt124" / "tt124-residential.yaml"));
    const auto old_rules = rulebook_set::from(before);
    const auto rules = rulebook_set::load(rulebooks / "tt124-residential.yaml");
    ASSERT_TRUE(store_evaluation(evaluate(data, old_rules, "2024"), db));
    ASSERT_TRUE(store_evaluation(evaluate(data, rules, "2024"), db));
    const std::vector<std::string> years{"2024"};
    expect_same_history(evaluate_history(data, rules, years),
                        read_stored_history(db, rules, years));
}

TEST_F(database_test, a_stored_history_reports_a_period_without_a_run) {
    const std::string db = fresh();
    init_results_schema(db);
    const dataset data = load_dataset(quang_trung);
    const auto rules = rulebook_set::load(rulebooks);
    ASSERT_TRUE(store_evaluation(evaluate(data, rules, "2023"), db));
    ASSERT_TRUE(store_evaluation(evaluate(data, rules, "2025"), db));
    const std::vector<std::string> years{"2023", "2024", "2025"};
    history_options options;
    options.rulebooks = {"tt124-residential"};
    const history h = read_stored_history(db, rules, years, options);
    ASSERT_EQ(h.rulebooks.size(), 1U);
    const auto periods = h.rulebooks[0].periods();
    ASSERT_EQ(periods.size(), 3U);
    EXPECT_FALSE(periods[0].skipped);
    EXPECT_TRUE(periods[1].skipped);
    EXPECT_TRUE(periods[1].not_stored);
    EXPECT_THAT(periods[1].reason, HasSubstr("no run of period 2024 is stored in the database '" +
                                             source_text(db) + "'"));
    EXPECT_FALSE(periods[2].skipped);
    // After a period without a run, a subject is not said to enter.
    const auto row = h.rulebooks[0].find("qt-cong-hoa");
    ASSERT_TRUE(row.has_value());
    EXPECT_FALSE(h.rulebooks[0].change(*row, 2).entered);
    const std::string csv = format_history(h, result_format::csv);
    EXPECT_THAT(csv, HasSubstr(",2024,,qt-cong-hoa,,not_stored,"));
    EXPECT_THAT(format_history(h, result_format::table), HasSubstr("chưa lưu"));
}

TEST_F(database_test, a_stored_history_keeps_the_decided_tier) {
    // Thôn Tân Lộc, 2022: proposed "chua_dat", the committee decided "dat": that stands.
    const std::string db = fresh();
    init_results_schema(db);
    const dataset data = load_dataset(quang_trung);
    const auto rules = rulebook_set::load(rulebooks);
    ASSERT_TRUE(store_evaluation(evaluate(data, rules, "2022"), db));
    const std::vector<std::string> years{"2022"};
    const history h = read_stored_history(db, rules, years);
    const rulebook_history* r = h.find("tt124-residential");
    ASSERT_NE(r, nullptr);
    const auto row = r->find("qt-tan-loc");
    ASSERT_TRUE(row.has_value());
    const history_entry e = r->at(*row, 0);
    EXPECT_EQ(r->tier_id(0, e.tier), "chua_dat");
    EXPECT_EQ(r->tier_id(0, e.decided_tier), "dat");
    EXPECT_EQ(r->tier_id(0, e.standing_tier()), "dat");
    EXPECT_TRUE(r->change(*row, 0).decided_differently);
    // Read back with the rules, the run's tiers are the rulebook's, in its order, with labels.
    const evaluation back = read_stored_evaluation(db, "2022", rules);
    const rulebook_results& results = back.at("tt124-residential");
    const auto evaluated = evaluate(data, rules, "2022");
    const auto& expected = evaluated.at("tt124-residential").header();
    EXPECT_EQ(results.header().title, expected.title);
    ASSERT_EQ(results.header().tiers.size(), expected.tiers.size());
    for (std::size_t t = 0; t < expected.tiers.size(); ++t) {
        EXPECT_EQ(results.header().tiers[t].id, expected.tiers[t].id);
        EXPECT_EQ(results.header().tiers[t].label, expected.tiers[t].label);
    }
}

TEST_F(database_test, a_stored_history_is_refused_clearly) {
    const std::string db = fresh();
    init_results_schema(db);
    const dataset data = load_dataset(quang_trung);
    const auto rules = rulebook_set::load(rulebooks);
    const std::vector<std::string> years{"2022", "2023"};
    // No run in the range.
    EXPECT_THAT(error_of<database_error>([&] { (void)read_stored_history(db, rules, years); }),
                HasSubstr("the database '" + source_text(db) +
                          "' has no stored run for any period from 2022 to 2023"));
    // A rulebook asked for that no run of the range holds.
    ASSERT_TRUE(store_evaluation(
        evaluate(data, rulebook_set::load(rulebooks / "model-effectiveness.yaml"), "2023"), db));
    history_options options;
    options.rulebooks = {"tt124-residential"};
    EXPECT_THAT(
        error_of<database_error>([&] { (void)read_stored_history(db, rules, years, options); }),
        HasSubstr("has no stored results of rulebook 'tt124-residential' in the runs of the "
                  "periods from 2022 to 2023"));
    // Rules none of whose rulebooks were stored.
    const auto other = rulebook_set::load(rulebooks / "tt124-residential.yaml");
    EXPECT_THAT(error_of<database_error>([&] { (void)read_stored_history(db, other, years); }),
                HasSubstr("has no stored results of any rulebook of the rules given"));
    // A rulebook unknown to the rules is a usage error, as for evaluate_history.
    options.rulebooks = {"no-such-rulebook"};
    EXPECT_THROW((void)read_stored_history(db, rules, years, options), usage_error);
    // Tables of schema version 1.
    const std::string old = fresh();
    make_version_1(old, postgresql());
    EXPECT_THAT(error_of<database_error>([&] { (void)read_stored_history(old, rules, years); }),
                HasSubstr("has antq results tables of schema version 1"));
}

TEST_F(database_test, a_diff_from_a_stored_run_gives_the_changes_of_the_rules_that_made_it) {
    const std::string db = fresh();
    init_results_schema(db);
    const dataset data = load_dataset(quang_trung);
    // The rules before Circular 124 made the stored run; today's rules are the new ones.
    std::vector<rulebook> before;
    before.push_back(load_rulebook(fs::path(ANTQ_SOURCE_DIR) / "examples" / "rulebooks" /
                                   "before-tt124" / "tt124-residential.yaml"));
    const auto old_rules = rulebook_set::from(before);
    const auto new_rules = rulebook_set::load(rulebooks / "tt124-residential.yaml");
    for (const std::string period : {"2022", "2025"}) {
        ASSERT_TRUE(store_evaluation(evaluate(data, old_rules, period), db));
        const auto expected = diff_rulebooks(data, old_rules, new_rules, period);
        const auto got = diff_stored_run(db, period, new_rules, data);
        ASSERT_EQ(got.size(), expected.size());
        ASSERT_FALSE(expected.front().changes.empty()) << period;  // the rule change shows
        for (std::size_t i = 0; i < got.size(); ++i) {
            const rule_diff& e = expected[i];
            const rule_diff& g = got[i];
            EXPECT_TRUE(g.old_stored);
            EXPECT_EQ(g.old_rulebook, e.old_rulebook);
            EXPECT_EQ(g.old_version, e.old_version);
            EXPECT_EQ(g.new_version, e.new_version);
            EXPECT_EQ(g.old_tiers, e.old_tiers);
            EXPECT_EQ(g.old_tier_labels, e.old_tier_labels);
            EXPECT_EQ(g.counts, e.counts) << period;
            EXPECT_EQ(g.compared, e.compared);
            ASSERT_EQ(g.changes.size(), e.changes.size()) << period;
            for (std::size_t c = 0; c < g.changes.size(); ++c) {
                const subject_change& a = e.changes[c];
                const subject_change& b = g.changes[c];
                EXPECT_EQ(a.subject, b.subject);
                EXPECT_EQ(a.old_status, b.old_status);
                EXPECT_EQ(a.new_status, b.new_status);
                EXPECT_EQ(a.old_tier, b.old_tier);
                EXPECT_EQ(a.new_tier, b.new_tier);
                EXPECT_EQ(a.old_rank, b.old_rank);
                EXPECT_EQ(a.new_rank, b.new_rank);
                EXPECT_EQ(a.score_changed(), b.score_changed()) << a.subject;
                EXPECT_TRUE(b.causes.empty());  // the stored run keeps no criteria
            }
        }
        EXPECT_THAT(format_rule_diffs(got, result_format::table, language::vi, &data),
                    HasSubstr("cũ: lần đánh giá đã lưu của kỳ (không so sánh tiêu chí và quyết "
                              "định)"));
    }
}

}  // namespace
}  // namespace antq
