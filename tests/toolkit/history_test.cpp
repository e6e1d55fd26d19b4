// antq/history.hpp: the Quảng Trung data over 2022-2025 (a decision that overrules the
// proposal, rulebooks not yet in force, entries and exits), cross-checked period by period
// against `evaluate`; a subject missing in a year; periods before a rulebook's first version;
// bad ranges; the CSV and JSON shapes.

#include "support/scratch_path.hpp"

#include <antq/dataset.hpp>
#include <antq/error.hpp>
#include <antq/evaluate.hpp>
#include <antq/history.hpp>
#include <antq/rulebook_set.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

const fs::path source_dir = ANTQ_SOURCE_DIR;

const antq::dataset& quang_trung() {
    static const antq::dataset data = antq::load_dataset(source_dir / "examples/data/quang-trung");
    return data;
}

const antq::rulebook_set& shipped() {
    static const antq::rulebook_set rules = antq::rulebook_set::load(source_dir / "rulebooks");
    return rules;
}

const antq::history& quang_trung_history() {
    static const antq::history h =
        antq::evaluate_history(quang_trung(), shipped(), antq::year_range(2022, 2025));
    return h;
}

std::size_t row_of(const antq::rulebook_history& h, std::string_view id) {
    const auto row = h.find(id);
    EXPECT_TRUE(row.has_value()) << id;
    return row.value_or(0);
}

TEST(history, year_range_lists_every_year_both_included) {
    EXPECT_EQ(antq::year_range(2022, 2025),
              (std::vector<std::string>{"2022", "2023", "2024", "2025"}));
    EXPECT_EQ(antq::year_range(2024, 2024), (std::vector<std::string>{"2024"}));
}

TEST(history, every_rulebook_of_the_set_in_evaluation_order) {
    const auto& h = quang_trung_history();
    ASSERT_EQ(h.rulebooks.size(), shipped().size());
    for (std::size_t b = 0; b < h.rulebooks.size(); ++b) {
        EXPECT_EQ(h.rulebooks[b].rulebook(), shipped().rulebooks()[b].id());
        EXPECT_EQ(h.rulebooks[b].periods().size(), 4u);
    }
    EXPECT_EQ(h.periods, antq::year_range(2022, 2025));
}

TEST(history, matches_evaluate_in_every_period) {
    const auto& h = quang_trung_history();
    for (std::size_t k = 0; k < h.periods.size(); ++k) {
        const auto results = antq::evaluate(quang_trung(), shipped(), h.periods[k]);
        for (const auto& book : h.rulebooks) {
            const auto* r = results.find(book.rulebook());
            EXPECT_EQ(book.periods()[k].skipped, r == nullptr) << book.rulebook() << k;
            if (r == nullptr) {
                continue;
            }
            EXPECT_EQ(book.periods()[k].version, r->header().version);
            for (std::size_t row = 0; row < r->size(); ++row) {
                const auto one = r->row(row);
                const auto entry = book.at(row_of(book, one.subject), k);
                ASSERT_TRUE(entry.present) << one.subject;
                EXPECT_EQ(entry.status, one.status) << one.subject;
                EXPECT_EQ(std::isnan(entry.score), std::isnan(one.score)) << one.subject;
                if (!std::isnan(one.score)) {
                    EXPECT_EQ(entry.score, one.score) << one.subject;
                }
                EXPECT_EQ(book.tier_id(k, entry.tier), one.tier_id) << one.subject;
                EXPECT_EQ(book.tier_id(k, entry.decided_tier), one.decided_tier_id) << one.subject;
                EXPECT_EQ(entry.rank, one.rank) << one.subject;
            }
            // Nobody more than evaluate has: the union over years is the same registry.
            EXPECT_EQ(book.size(), r->size()) << book.rulebook();
        }
    }
}

TEST(history, the_committee_overruling_tan_loc_in2022) {
    const auto* h = quang_trung_history().find("tt124-residential");
    ASSERT_NE(h, nullptr);
    const auto row = row_of(*h, "qt-tan-loc");
    const auto e = h->at(row, 0);
    ASSERT_TRUE(e.present);
    EXPECT_EQ(h->tier_id(0, e.tier), "chua_dat");
    EXPECT_EQ(h->tier_id(0, e.decided_tier), "dat");
    EXPECT_EQ(h->tier_id(0, e.standing_tier()), "dat");
    EXPECT_TRUE(h->change(row, 0).decided_differently);
    EXPECT_THAT(h->change_text(row, 0, antq::language::en),
                HasSubstr("decided differently: proposed chua_dat, decided dat"));
    EXPECT_THAT(h->change_text(row, 0, antq::language::vi),
                HasSubstr("quyết định khác đề xuất: đề xuất "));
}

TEST(history, a_confirmation_is_not_a_different_decision) {
    const auto* h = quang_trung_history().find("model-effectiveness");
    ASSERT_NE(h, nullptr);
    const auto row = row_of(*h, "qt-m05");
    const auto e = h->at(row, 2);  // 2024
    EXPECT_EQ(h->tier_id(2, e.tier), "poor");
    EXPECT_EQ(h->tier_id(2, e.decided_tier), "poor");
    EXPECT_FALSE(h->change(row, 2).decided_differently);
    // Ended on 20/12/2024: in 2025 it is no longer graded, which is a change of status.
    const auto later = h->at(row, 3);
    ASSERT_TRUE(later.present);
    EXPECT_NE(later.status, antq::result_status::evaluated);
    EXPECT_TRUE(h->change(row, 3).status_changed);
}

TEST(history, teams_skipped_before_their_rulebook_and_entering_in2024) {
    const auto* h = quang_trung_history().find("grassroots-teams");
    ASSERT_NE(h, nullptr);
    for (const std::size_t k : {0u, 1u}) {
        const auto& p = h->periods()[k];
        EXPECT_TRUE(p.skipped);
        EXPECT_THAT(p.reason, HasSubstr("its first version takes effect on 2024-07-01"));
        ASSERT_TRUE(p.first_effective.has_value());
        EXPECT_EQ(antq::format_date(*p.first_effective), "2024-07-01");
    }
    EXPECT_FALSE(h->periods()[2].skipped);
    ASSERT_GT(h->size(), 0u);
    for (std::size_t row = 0; row < h->size(); ++row) {
        EXPECT_FALSE(h->at(row, 1).present);
        EXPECT_TRUE(h->at(row, 2).present);
        EXPECT_TRUE(h->change(row, 2).entered) << h->subject(row);
        EXPECT_FALSE(h->change(row, 2).left);
    }
}

TEST(history, tier_moves_follow_the_tiers_order) {
    const auto* h = quang_trung_history().find("model-effectiveness");
    ASSERT_NE(h, nullptr);
    std::size_t ups = 0;
    std::size_t downs = 0;
    for (std::size_t row = 0; row < h->size(); ++row) {
        for (std::size_t k = 1; k < 4; ++k) {
            const auto c = h->change(row, k);
            if (!c.tier_changed) {
                continue;
            }
            const auto& tiers = h->periods()[k].tiers;
            const auto position = [&](std::string_view id) {
                for (std::size_t t = 0; t < tiers.size(); ++t) {
                    if (tiers[t].id == id) {
                        return t;
                    }
                }
                return tiers.size();
            };
            const auto from = position(h->tier_id(k - 1, h->at(row, k - 1).standing_tier()));
            const auto to = position(h->tier_id(k, h->at(row, k).standing_tier()));
            EXPECT_EQ(c.tier_move, to < from ? 1 : -1);
            (c.tier_move > 0 ? ups : downs) += 1;
        }
    }
    // qt-m12 fell to poor by veto in 2023; others rose to effective in 2024.
    EXPECT_GT(ups, 0u);
    EXPECT_GT(downs, 0u);
    const auto m12 = row_of(*h, "qt-m12");
    EXPECT_EQ(h->tier_id(1, h->at(m12, 1).tier), "poor");
}

TEST(history, rank_moves_are_earlier_minus_later) {
    const auto* h = quang_trung_history().find("model-effectiveness");
    ASSERT_NE(h, nullptr);
    std::size_t moves = 0;
    for (std::size_t row = 0; row < h->size(); ++row) {
        for (std::size_t k = 1; k < 4; ++k) {
            const auto c = h->change(row, k);
            if (c.rank_move) {
                EXPECT_EQ(*c.rank_move, static_cast<std::int64_t>(h->at(row, k - 1).rank) -
                                            static_cast<std::int64_t>(h->at(row, k).rank));
                moves += *c.rank_move != 0 ? 1 : 0;
            }
        }
    }
    EXPECT_GT(moves, 0u);
}

TEST(history, a_period_before_every_rulebook_is_skipped_not_an_error) {
    const auto rules = antq::rulebook_set::load(source_dir / "rulebooks/model-effectiveness.yaml");
    const auto h = antq::evaluate_history(quang_trung(), rules, antq::year_range(2020, 2022));
    ASSERT_EQ(h.rulebooks.size(), 1u);
    const auto& book = h.rulebooks[0];
    EXPECT_TRUE(book.periods()[0].skipped);
    EXPECT_TRUE(book.periods()[1].skipped);
    EXPECT_THAT(book.periods()[0].reason, HasSubstr("2022-02-10"));
    EXPECT_FALSE(book.periods()[2].skipped);
    ASSERT_GT(book.size(), 0u);
    for (std::size_t row = 0; row < book.size(); ++row) {
        EXPECT_FALSE(book.at(row, 0).present);
        EXPECT_TRUE(book.at(row, 2).present);
        EXPECT_TRUE(book.change(row, 2).entered);
    }
    const std::string csv = antq::format_history(h, antq::result_format::csv);
    EXPECT_THAT(csv, HasSubstr(",2020,,qt-m01,"));
    EXPECT_THAT(csv, HasSubstr(",skipped,chưa áp dụng,"));
}

// A copy of the Quảng Trung data without one model: its registry of another year.
fs::path without_model(const std::string& id) {
    const fs::path folder = antq::test_support::scratch_path("history-without-" + id);
    fs::create_directories(folder);
    for (const auto& file : fs::directory_iterator(source_dir / "examples/data/quang-trung")) {
        if (file.path().extension() != ".csv") {
            continue;
        }
        std::ifstream in(file.path());
        std::ofstream out(folder / file.path().filename());
        std::string line;
        while (std::getline(in, line)) {
            if (line.rfind(id + ",", 0) != 0) {
                out << line << '\n';
            }
        }
    }
    return folder;
}

TEST(history, a_subject_missing_in_a_year_is_shown_missing_not_dropped) {
    const auto smaller = antq::load_dataset(without_model("qt-m16"));
    antq::history_options options;
    options.rulebooks = {"model-effectiveness"};
    antq::history_recorder recorder(shipped(), options);
    recorder.add("2023", antq::evaluate(smaller, shipped(), "2023"));
    recorder.add("2024", antq::evaluate(quang_trung(), shipped(), "2024"));
    recorder.add("2025", antq::evaluate(smaller, shipped(), "2025"));
    const auto h = recorder.finish();
    ASSERT_EQ(h.rulebooks.size(), 1u);
    const auto& book = h.rulebooks[0];
    const auto row = row_of(book, "qt-m16");
    EXPECT_FALSE(book.at(row, 0).present);
    EXPECT_TRUE(book.at(row, 1).present);
    EXPECT_FALSE(book.at(row, 2).present);
    EXPECT_FALSE(book.periods()[2].skipped);
    EXPECT_TRUE(book.change(row, 1).entered);
    EXPECT_TRUE(book.change(row, 2).left);
    EXPECT_EQ(book.change_text(row, 2, antq::language::vi), "không còn kết quả");
    // The others are there every year, their rows aligned by id after the merge.
    const auto m01 = row_of(book, "qt-m01");
    for (std::size_t k = 0; k < 3; ++k) {
        EXPECT_TRUE(book.at(m01, k).present);
    }
    const std::string csv = antq::format_history(h, antq::result_format::csv);
    EXPECT_THAT(csv, HasSubstr("model-effectiveness,2025,2022.1,qt-m16,,missing,không có,"));
}

TEST(history, recording_a_period_twice_is_refused) {
    antq::history_recorder recorder(shipped());
    const auto results = antq::evaluate(quang_trung(), shipped(), "2024");
    recorder.add("2024", results);
    try {
        recorder.add("2024", results);
        FAIL() << "no error";
    } catch (const antq::usage_error& e) {
        EXPECT_THAT(e.what(), HasSubstr("period '2024' is in the history twice"));
    }
}

TEST(history, a_period_not_stored_counts_as_recorded_for_the_twice_check) {
    antq::history_recorder recorder(shipped());
    recorder.add_not_stored("2023", "no stored run");
    try {
        recorder.add_not_stored("2023", "no stored run");
        FAIL() << "no error";
    } catch (const antq::usage_error& e) {
        EXPECT_THAT(e.what(),
                    HasSubstr("period '2023' is in the history twice (positions 1 and 2)"));
    }
    recorder.add("2024", antq::evaluate(quang_trung(), shipped(), "2024"));
    try {
        recorder.add_not_stored("2024", "no stored run");
        FAIL() << "no error";
    } catch (const antq::usage_error& e) {
        EXPECT_THAT(e.what(),
                    HasSubstr("period '2024' is in the history twice (positions 2 and 3)"));
    }
}

TEST(history, bad_ranges_are_clear_errors) {
    try {
        static_cast<void>(antq::year_range(2025, 2021));
        FAIL() << "no error";
    } catch (const antq::usage_error& e) {
        EXPECT_THAT(e.what(), HasSubstr("starts in 2025 and ends in 2021"));
    }
    try {
        static_cast<void>(antq::parse_year("20x1", "--from"));
        FAIL() << "no error";
    } catch (const antq::usage_error& e) {
        EXPECT_THAT(e.what(), HasSubstr("--from: '20x1' is not a year"));
    }
    const std::vector<std::string> unreadable = {"2024", "2025-13"};
    try {
        static_cast<void>(antq::evaluate_history(quang_trung(), shipped(), unreadable));
        FAIL() << "no error";
    } catch (const antq::usage_error& e) {
        EXPECT_THAT(e.what(), HasSubstr("period 2 of the history"));
        EXPECT_THAT(e.what(), HasSubstr("2025-13"));
    }
    const std::vector<std::string> none;
    EXPECT_THROW(static_cast<void>(antq::evaluate_history(quang_trung(), shipped(), none)),
                 antq::usage_error);
}

TEST(history, filters_rulebooks_and_subjects) {
    antq::history_options options;
    options.rulebooks = {"tt124-residential"};
    options.subjects = {"qt-tan-loc"};
    const auto h =
        antq::evaluate_history(quang_trung(), shipped(), antq::year_range(2022, 2025), options);
    ASSERT_EQ(h.rulebooks.size(), 1u);
    ASSERT_EQ(h.rulebooks[0].size(), 1u);
    EXPECT_EQ(h.rulebooks[0].subject(0), "qt-tan-loc");

    options.subjects = {"qt-nowhere"};
    try {
        static_cast<void>(antq::evaluate_history(quang_trung(), shipped(),
                                                 antq::year_range(2024, 2025), options));
        FAIL() << "no error";
    } catch (const antq::usage_error& e) {
        EXPECT_THAT(e.what(), HasSubstr("subject 'qt-nowhere' has no result in any period from "
                                        "2024 to 2025"));
    }
    options.rulebooks = {"tt124-residentail"};
    options.subjects.clear();
    EXPECT_THROW(static_cast<void>(antq::evaluate_history(quang_trung(), shipped(),
                                                          antq::year_range(2024, 2025), options)),
                 antq::usage_error);
}

TEST(history, csv_has_one_row_per_rulebook_subject_and_period) {
    const auto& h = quang_trung_history();
    antq::history_output_options output;
    output.data = &quang_trung();
    const std::string csv = antq::format_history(h, antq::result_format::csv, output);
    std::istringstream lines(csv);
    std::string line;
    std::getline(lines, line);
    EXPECT_EQ(line,
              "rulebook,period,version,subject,name,status,status_label,score,tier,decided_tier,"
              "standing_tier,tier_label,group,rank,tier_move,rank_move,changes,message");
    std::size_t rows = 0;
    while (std::getline(lines, line)) {
        ++rows;
    }
    std::size_t expected = 0;
    for (const auto& book : h.rulebooks) {
        expected += book.size() * h.periods.size();
    }
    EXPECT_EQ(rows, expected);
    EXPECT_THAT(csv, HasSubstr("tt124-residential,2022,"));
    EXPECT_THAT(csv, HasSubstr(",qt-tan-loc,Thôn Tân Lộc,evaluated,đã đánh giá,"));
    // Deterministic: the same history, the same bytes; any thread count, the same history.
    EXPECT_EQ(csv, antq::format_history(h, antq::result_format::csv, output));
    antq::history_options threads;
    threads.threads = 3;
    threads.batch_size = 2;
    const auto again =
        antq::evaluate_history(quang_trung(), shipped(), antq::year_range(2022, 2025), threads);
    EXPECT_EQ(csv, antq::format_history(again, antq::result_format::csv, output));
}

TEST(history, json_nests_rulebooks_subjects_and_periods) {
    antq::history_output_options output;
    output.lang = antq::language::en;
    output.data = &quang_trung();
    const auto json = nlohmann::json::parse(
        antq::format_history(quang_trung_history(), antq::result_format::json, output));
    EXPECT_EQ(json["periods"], nlohmann::json({"2022", "2023", "2024", "2025"}));
    const auto& books = json["rulebooks"];
    ASSERT_EQ(books.size(), shipped().size());
    for (const auto& book : books) {
        if (book["rulebook"] == "grassroots-teams") {
            EXPECT_EQ(book["periods"][0]["skipped"], true);
            EXPECT_THAT(book["periods"][0]["reason"].get<std::string>(), HasSubstr("2024-07-01"));
            EXPECT_EQ(book["periods"][2]["skipped"], false);
        }
        if (book["rulebook"] != "tt124-residential") {
            continue;
        }
        EXPECT_EQ(book["subject_kind"], "unit");
        for (const auto& subject : book["subjects"]) {
            ASSERT_EQ(subject["periods"].size(), 4u);
            if (subject["subject"] != "qt-tan-loc") {
                continue;
            }
            EXPECT_EQ(subject["name"], "Thôn Tân Lộc");
            const auto& first = subject["periods"][0];
            EXPECT_EQ(first["period"], "2022");
            EXPECT_EQ(first["status"], "evaluated");
            EXPECT_EQ(first["tier"], "chua_dat");
            EXPECT_EQ(first["decided_tier"], "dat");
            EXPECT_EQ(first["standing_tier"], "dat");
            EXPECT_EQ(first["change"]["decided_differently"], true);
            EXPECT_TRUE(first["score"].is_number());
        }
    }
}

TEST(history, save_history_leaves_the_file_whole_on_success) {
    const auto file = antq::test_support::scratch_path("history.json");
    antq::save_history(file, quang_trung_history(), antq::result_format::json);
    std::ifstream in(file);
    const auto parsed = nlohmann::json::parse(in);
    EXPECT_EQ(parsed["periods"].size(), 4u);
}

}  // namespace
