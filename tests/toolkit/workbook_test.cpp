// Tests for include/antq/workbook.hpp: the Quảng Trung workbook, written with libxlsxwriter
// and read back cell by cell with openpyxl (tests/toolkit/read_workbook.py), an independent
// reader: sheets, titles, frozen header rows, footers, numbers as numbers in the Vietnamese
// format, dates as dates shown dd/mm/yyyy, named cells, a decision that overrides a proposal;
// the same bytes for the same inputs (in any time zone); atomic writes.

#include <antq/workbook.hpp>

#include <antq/dataset.hpp>
#include <antq/error.hpp>
#include <antq/evaluate.hpp>
#include <antq/rulebook_set.hpp>

#include "support/scratch_path.hpp"
#include "toolkit/toolkit_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace antq {
namespace {

using ::testing::HasSubstr;
using json = nlohmann::json;
namespace fs = std::filesystem;

const fs::path root(ANTQ_SOURCE_DIR);

// The workbook as openpyxl reads it (read_workbook.py's JSON).
json read_back(const fs::path& file) {
    // Beside no input: a scratch file of this process, removed at exit.
    const fs::path out = test_support::scratch_path(file.stem().string() + "-cells.json");
    const std::string command = std::string(ANTQ_OPENPYXL_PYTHON) + " '" +
                                (root / "tests" / "toolkit" / "read_workbook.py").string() + "' '" +
                                file.string() + "' > '" + out.string() + "'";
    if (std::system(command.c_str()) != 0) {
        ADD_FAILURE() << "openpyxl could not read " << file
                      << " (is python3-openpyxl installed? apt-get install python3-openpyxl)";
        return json::object();
    }
    return json::parse(test_support::read_text(out));
}

const json* find_sheet(const json& book, const std::string& name) {
    for (const auto& s : book["sheets"]) {
        if (s["name"] == name) {
            return &s;
        }
    }
    return nullptr;
}

// The cell at (row, col), 1-based as openpyxl counts; null when empty.
const json* cell(const json& sheet, int row, int col) {
    for (const auto& c : sheet["cells"]) {
        if (c["row"] == row && c["col"] == col) {
            return &c;
        }
    }
    return nullptr;
}

// The row whose cell in column `col` is the text `value`; 0 when none.
int row_of(const json& sheet, int col, const std::string& value) {
    for (const auto& c : sheet["cells"]) {
        if (c["col"] == col && c["type"] == "s" && c["value"] == value) {
            return c["row"].get<int>();
        }
    }
    return 0;
}

class workbook : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        data_ = new dataset(load_dataset(root / "examples" / "data" / "quang-trung"));
        rules_ = new rulebook_set(rulebook_set::load(root / "rulebooks"));
        results_ = new evaluation(evaluate(*data_, *rules_, "2025"));
        file_ = new fs::path(test_support::scratch_path("workbook-2025.xlsx"));
        const auto start = std::chrono::steady_clock::now();
        write_workbook(*file_, *data_, *results_);
        seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        book_ = new json(read_back(*file_));
    }
    static void TearDownTestSuite() {
        delete book_;
        delete file_;
        delete results_;
        delete rules_;
        delete data_;
    }

    static const json& sheet(const std::string& name) {
        const json* s = find_sheet(*book_, name);
        if (s == nullptr) {
            throw std::runtime_error("no sheet '" + name + "'");
        }
        return *s;
    }

    static inline dataset* data_ = nullptr;
    static inline rulebook_set* rules_ = nullptr;
    static inline evaluation* results_ = nullptr;
    static inline fs::path* file_ = nullptr;
    static inline json* book_ = nullptr;
    static inline double seconds_ = 0;
};

TEST_F(workbook, has_a_sheet_per_document_and_rulebook) {
    ASSERT_TRUE(workbook_support());
    std::vector<std::string> names;
    for (const auto& s : (*book_)["sheets"]) {
        names.push_back(s["name"]);
    }
    EXPECT_THAT(names, ::testing::ElementsAre("CN tt124-agency-enterprise", "CN tt124-residential",
                                              "CN tt124-school", "CN tt124-commune",
                                              "CĐ qd510-agency-enterprise", "CĐ qd510-commune",
                                              "CĐ qd510-residential", "CĐ qd510-school",
                                              "Tổng hợp mô hình", "Khen thưởng điển hình"));
    std::cout << "workbook for Quảng Trung 2025 written in " << seconds_ * 1000 << " ms, "
              << fs::file_size(*file_) << " bytes\n";
}

TEST_F(workbook, every_sheet_has_a_title_a_frozen_header_and_the_fingerprint) {
    for (const auto& s : (*book_)["sheets"]) {
        SCOPED_TRACE(s["name"].get<std::string>());
        const json* title = cell(s, 1, 1);
        ASSERT_NE(title, nullptr);
        EXPECT_THAT(title->at("value").get<std::string>(), HasSubstr("Xã Quảng Trung"));
        const json* subtitle = cell(s, 2, 1);
        ASSERT_NE(subtitle, nullptr);
        EXPECT_THAT(subtitle->at("value").get<std::string>(), HasSubstr("kỳ 2025"));
        EXPECT_THAT(subtitle->at("value").get<std::string>(), HasSubstr("phiên bản"));
        // The header row is row 3: rows 1 to 3 stay in view, and row 3 heads every page. The
        // summary of models has three tables, each with its header: its titles stay in view.
        if (s["name"] == "Tổng hợp mô hình") {
            EXPECT_EQ(s["freeze"], "A3");
            EXPECT_EQ(s["print_title_rows"], "");
        } else {
            EXPECT_EQ(s["freeze"], "A4");
            EXPECT_EQ(s["print_title_rows"], "3:3");
        }
        EXPECT_EQ(s["paper"], "9");  // A4
        EXPECT_THAT(s["footer"].get<std::string>(), HasSubstr(results_->fingerprint()));
        const auto& last = s["cells"].back();
        EXPECT_THAT(last["value"].get<std::string>(), HasSubstr(results_->fingerprint()));
        EXPECT_FALSE(s["widths"].empty());
    }
    EXPECT_THAT(sheet("CN tt124-residential")["cells"][0]["value"].get<std::string>(),
                HasSubstr("An toàn về an ninh, trật tự"));
    EXPECT_THAT(cell(sheet("CN tt124-residential"), 2, 1)->at("value").get<std::string>(),
                HasSubstr("tt124-residential (phiên bản 2022.1, Thông tư 124/2021/TT-BCA"));
}

TEST_F(workbook, recognition_lists_each_criterion_by_commune) {
    const json& s = sheet("CN tt124-residential");
    EXPECT_EQ(cell(s, 3, 1)->at("value"), "STT");
    EXPECT_EQ(cell(s, 3, 2)->at("value"), "Đơn vị");
    EXPECT_THAT(cell(s, 4, 1)->at("value").get<std::string>(),
                HasSubstr("Xã Quảng Trung (8 đơn vị, 8 đơn vị đề xuất Đạt)"));
    const int row = row_of(s, 3, "qt-cong-hoa");
    ASSERT_GT(row, 0);
    EXPECT_EQ(cell(s, row, 2)->at("value"), "Thôn Công Hòa");
    const auto& results = results_->at("tt124-residential");
    const int criteria = static_cast<int>(results.criterion_count());
    for (int k = 0; k < criteria; ++k) {
        EXPECT_EQ(cell(s, row, 4 + k)->at("value"), "Đạt");
    }
    const json* met = cell(s, row, 4 + criteria);
    ASSERT_NE(met, nullptr);
    EXPECT_EQ(met->at("type"), "n");
    EXPECT_EQ(met->at("value"), criteria);
    EXPECT_EQ(met->at("format"), "[$-42A]#,##0");
    EXPECT_EQ(cell(s, row, 5 + criteria)->at("value"), "Đạt");
    const json* number = cell(s, row, 1);
    EXPECT_EQ(number->at("type"), "n");
}

TEST_F(workbook, score_sheets_give_points_criterion_by_criterion_with_the_basis) {
    const json& s = sheet("CĐ qd510-residential");
    const int group = row_of(s, 1, "Thôn Công Hòa (qt-cong-hoa)");
    ASSERT_GT(group, 0);
    const auto& results = results_->at("qd510-residential");
    const int criteria = static_cast<int>(results.criterion_count());
    const int total = group + criteria + 1;
    EXPECT_EQ(cell(s, total, 2)->at("value"), "Tổng cộng");
    const json* score = cell(s, total, 6);
    ASSERT_NE(score, nullptr);
    EXPECT_EQ(score->at("type"), "n");
    EXPECT_DOUBLE_EQ(score->at("value").get<double>(), 95.0);
    EXPECT_EQ(score->at("format"), "[$-42A]#,##0.00");
    EXPECT_DOUBLE_EQ(cell(s, total, 5)->at("value").get<double>(), 100.0);
    EXPECT_EQ(cell(s, total, 7)->at("value"), "Xuất sắc");
    // The first criterion: its title, basis and points as numbers.
    const auto& first = results.header().criteria.front();
    EXPECT_EQ(cell(s, group + 1, 1)->at("value"), 1);
    EXPECT_EQ(cell(s, group + 1, 2)->at("value"), first.title);
    EXPECT_EQ(cell(s, group + 1, 4)->at("value"), first.basis);
    EXPECT_EQ(cell(s, group + 1, 5)->at("type"), "n");
    EXPECT_DOUBLE_EQ(cell(s, group + 1, 5)->at("value").get<double>(), first.points);
    EXPECT_EQ(cell(s, group + 1, 6)->at("type"), "n");
}

TEST_F(workbook, the_models_summary_counts_by_topic_and_lists_models_with_dates) {
    const json& s = sheet("Tổng hợp mô hình");
    const auto& models = results_->at("model-effectiveness");
    const json& names = (*book_)["names"];
    ASSERT_TRUE(names.contains("tong_so_mo_hinh"));
    EXPECT_EQ(names["tong_so_mo_hinh"]["type"], "n");
    EXPECT_EQ(names["tong_so_mo_hinh"]["value"], models.size());
    EXPECT_GT(row_of(s, 2, "An ninh, trật tự"), 0);
    EXPECT_GT(row_of(s, 1, "III. Danh sách mô hình"), 0);
    // A tier heading carries its action: both, when the year before chooses.
    bool replicate = false;
    for (const auto& c : s["cells"]) {
        replicate = replicate || c["value"] == "Hoạt động hiệu quả (nhân rộng hoặc duy trì)";
    }
    EXPECT_TRUE(replicate);
    const int row = row_of(s, 2, "Mô hình \"5 an toàn về ANTT\" thôn Trung Thôn");
    ASSERT_GT(row, 0);
    const json* established = cell(s, row, 5);
    ASSERT_NE(established, nullptr);
    EXPECT_EQ(established->at("type"), "d");
    EXPECT_EQ(established->at("value"), "2018-08-19");
    EXPECT_EQ(established->at("format"), "dd/mm/yyyy");
    EXPECT_EQ(cell(s, row, 7)->at("type"), "n");
    EXPECT_DOUBLE_EQ(cell(s, row, 7)->at("value").get<double>(), 71.45);
    EXPECT_EQ(cell(s, row, 10)->at("value"), "nâng chất lượng");
}

TEST_F(workbook, exemplars_are_listed_by_level) {
    const json& s = sheet("Khen thưởng điển hình");
    const json& names = (*book_)["names"];
    ASSERT_TRUE(names.contains("so_dien_hinh_de_nghi"));
    EXPECT_EQ(names["so_dien_hinh_de_nghi"]["value"], 4);
    const int level = row_of(s, 1, "Đề nghị Bằng khen của Chủ tịch UBND tỉnh (1)");
    ASSERT_GT(level, 0);
    EXPECT_EQ(cell(s, level + 1, 2)->at("value"), "Trần Văn Hùng");
    const json* recognised = cell(s, level + 1, 6);
    ASSERT_NE(recognised, nullptr);
    EXPECT_EQ(recognised->at("type"), "d");
    EXPECT_EQ(recognised->at("value"), "2023-08-19");
    EXPECT_EQ(cell(s, level + 1, 8)->at("type"), "n");
    EXPECT_DOUBLE_EQ(cell(s, level + 1, 8)->at("value").get<double>(), 100.0);
}

TEST_F(workbook, names_the_period_and_the_fingerprint) {
    const json& names = (*book_)["names"];
    ASSERT_TRUE(names.contains("ky_danh_gia"));
    EXPECT_THAT(names["ky_danh_gia"]["value"].get<std::string>(), HasSubstr("kỳ 2025"));
    ASSERT_TRUE(names.contains("van_tay"));
    EXPECT_THAT(names["van_tay"]["value"].get<std::string>(), HasSubstr(results_->fingerprint()));
    // The creation time is the period's last day: 15/11/2025 for the rulebooks ending last.
    EXPECT_THAT((*book_)["created"].get<std::string>(), HasSubstr("2025-11-15"));
}

TEST_F(workbook, the_same_inputs_give_the_same_bytes_in_any_time_zone) {
    const std::string first = render_workbook(*data_, *results_);
    EXPECT_EQ(first, test_support::read_text(*file_));
    const char* was = std::getenv("TZ");
    const std::optional<std::string> saved = was ? std::optional<std::string>(was) : std::nullopt;
    ::setenv("TZ", "Asia/Ho_Chi_Minh", 1);
    ::tzset();
    const std::string elsewhere = render_workbook(*data_, *results_);
    if (saved) {
        ::setenv("TZ", saved->c_str(), 1);
    } else {
        ::unsetenv("TZ");
    }
    ::tzset();
    EXPECT_TRUE(first == elsewhere);
    EXPECT_EQ(first.substr(0, 2), "PK");  // a zip archive
}

TEST_F(workbook, shows_a_decision_that_overrides_the_proposal) {
    // 2022: Thôn Tân Lộc was proposed "Chưa đạt" and recognised by QĐ 312/QĐ-UBND.
    const evaluation earlier = evaluate(*data_, *rules_, "2022");
    const fs::path file = test_support::scratch_path("workbook-2022.xlsx");
    write_workbook(file, *data_, earlier);
    const json book = read_back(file);
    const json* s = find_sheet(book, "CN tt124-residential");
    ASSERT_NE(s, nullptr);
    const int row = row_of(*s, 3, "qt-tan-loc");
    ASSERT_GT(row, 0);
    const int criteria = static_cast<int>(earlier.at("tt124-residential").criterion_count());
    const int proposal = 5 + criteria;
    EXPECT_EQ(cell(*s, row, proposal)->at("value"), "Chưa đạt");
    EXPECT_EQ(cell(*s, row, proposal + 1)->at("value"), "Đạt");
    EXPECT_EQ(cell(*s, row, proposal + 2)->at("value"), "312/QĐ-UBND");
    const json* decided_on = cell(*s, row, proposal + 3);
    ASSERT_NE(decided_on, nullptr);
    EXPECT_EQ(decided_on->at("type"), "d");
    EXPECT_EQ(decided_on->at("value"), "2022-12-15");
    EXPECT_THAT(cell(*s, row, proposal + 4)->at("value").get<std::string>(),
                HasSubstr("UBND xã Quảng Trung (Chủ tịch Lê Quang Hải)"));
    EXPECT_THAT(cell(*s, row, proposal + 5)->at("value").get<std::string>(),
                HasSubstr("7 hộ chưa đăng ký"));
    EXPECT_THAT(cell(*s, 4, 1)->at("value").get<std::string>(), HasSubstr("7 đơn vị đề xuất Đạt"));
}

TEST_F(workbook, shows_a_stale_decision_as_not_applied) {
    // Recorded when Thôn Công Hòa was proposed "Chưa đạt"; today it is proposed "Đạt".
    const fs::path folder = test_support::scratch_path("workbook-stale");
    fs::copy(root / "examples" / "data" / "quang-trung", folder, fs::copy_options::recursive);
    test_support::write_text(
        folder / "decisions.csv",
        "subject,rulebook,period,proposed_tier,decided_tier,reason,number,date,body,signer\n"
        "qt-cong-hoa,tt124-residential,2025,chua_dat,dat,Đã khắc phục,9/QĐ-UBND,01/12/2025,"
        "UBND xã Quảng Trung,\n");
    const dataset data = load_dataset(folder);
    const evaluation results = evaluate(data, *rules_, "2025");
    const fs::path file = folder / "stale.xlsx";
    write_workbook(file, data, results);
    const json book = read_back(file);
    const json* s = find_sheet(book, "CN tt124-residential");
    ASSERT_NE(s, nullptr);
    const int row = row_of(*s, 3, "qt-cong-hoa");
    ASSERT_GT(row, 0);
    const int proposal = 5 + static_cast<int>(results.at("tt124-residential").criterion_count());
    EXPECT_EQ(cell(*s, row, proposal)->at("value"), "Đạt");
    EXPECT_EQ(cell(*s, row, proposal + 1)->at("value"),
              "Không áp dụng: đề xuất đã thay đổi sau quyết định");
    EXPECT_EQ(cell(*s, row, proposal + 2)->at("value"), "9/QĐ-UBND");
    EXPECT_EQ(cell(*s, row, proposal + 3)->at("value"), "2025-12-01");
    // Other decisions, another fingerprint: in the footer and in the bytes.
    EXPECT_NE(results.fingerprint(), results_->fingerprint());
    EXPECT_THAT(s->at("footer").get<std::string>(), HasSubstr(results.fingerprint()));
}

TEST_F(workbook, is_written_atomically_and_never_clobbered) {
    const fs::path folder = test_support::scratch_path("workbook-atomic");
    fs::create_directories(folder);
    const fs::path file = folder / "so-tinh.xlsx";
    test_support::write_text(file, "old");
    const dataset other = test_support::make_dataset({{"x", "commune", "X", ""}}, {}, {});
    EXPECT_THROW(write_workbook(file, other, *results_), usage_error);
    EXPECT_EQ(test_support::read_text(file), "old");
    write_workbook(file, *data_, *results_);
    EXPECT_EQ(test_support::read_text(file), test_support::read_text(*file_));
    EXPECT_EQ(std::distance(fs::directory_iterator(folder), {}), 1);
    EXPECT_THROW(write_workbook(folder / "no" / "such" / "folder.xlsx", *data_, *results_),
                 io_error);
    EXPECT_EQ(std::distance(fs::directory_iterator(folder), {}), 1);
}

}  // namespace
}  // namespace antq
