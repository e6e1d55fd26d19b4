// Tests for include/antq/decision.hpp and decisions in evaluations: on copies of the Quảng
// Trung example with a decisions.csv written per test. A decision that overrides a proposal
// shows beside it and leaves the score and rank alone, and the commune's roll-up counts the
// decided tier (a roll-up with `tiers: proposed` does not); a stale decision is flagged and
// not applied; every kind of bad row is an error at its file:line:col, all at once; other
// decisions give another fingerprint; snapshots keep decisions.

#include <antq/archive.hpp>
#include <antq/data_check.hpp>
#include <antq/dataset.hpp>
#include <antq/decision.hpp>
#include <antq/evaluate.hpp>
#include <antq/explain.hpp>
#include <antq/report.hpp>
#include <antq/result_io.hpp>
#include <antq/rule_diff.hpp>
#include <antq/rulebook_loader.hpp>
#include <antq/rulebook_writer.hpp>
#include <antq/snapshot.hpp>

#include <gtest/gtest.h>

#include "support/scratch_path.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

const fs::path example = fs::path(ANTQ_SOURCE_DIR) / "examples/data/quang-trung";
const fs::path rulebooks = fs::path(ANTQ_SOURCE_DIR) / "rulebooks";

const std::string header =
    "subject,rulebook,period,proposed_tier,decided_tier,reason,number,date,body,signer\n";

// The People's Committee recognises thôn Phú Trung in 2024 (proposed: chưa đạt, its Party
// cell's resolution came in quarter II). Without it the commune has 7 of 11 units
// recognised (< 70%) and is "chua_dat"; with it 8 of 11.
const std::string phu_trung_recognised =
    "qt-phu-trung,tt124-residential,2024,chua_dat,dat,Nghị quyết ban hành đầu quý II do kiện "
    "toàn chi bộ,215/QĐ-UBND,20/12/2024,UBND xã Quảng Trung,Chủ tịch Lê Quang Hải\n";

std::string read_all(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// A copy of the example whose decisions.csv is `decisions` (none when empty).
fs::path copy_with(const std::string& name, const std::string& decisions) {
    const fs::path dir = antq::test_support::scratch_path("decisions-" + name);
    fs::remove_all(dir);
    fs::copy(example, dir, fs::copy_options::recursive);
    fs::remove(dir / "decisions.csv");
    if (!decisions.empty()) {
        std::ofstream(dir / "decisions.csv", std::ios::binary) << decisions;
    }
    return dir;
}

const antq::rulebook_set& rules() {
    static const antq::rulebook_set set = antq::rulebook_set::load(rulebooks);
    return set;
}

std::size_t row_of(const antq::rulebook_results& r, const std::string& id) {
    const auto row = r.find(id);
    EXPECT_TRUE(row.has_value()) << id;
    return row.value_or(0);
}

std::vector<std::string> messages(const antq::input_error& e) {
    std::vector<std::string> out;
    for (const auto& d : e.diagnostics()) {
        out.push_back(d.to_string());
    }
    return out;
}

TEST(decisions, the_example_records_two_one_of_them_an_override) {
    const antq::dataset data = antq::load_dataset(example);
    ASSERT_EQ(data.decisions.size(), 2U);
    const antq::decision& tan_loc = data.decisions.rows[0];
    EXPECT_EQ(tan_loc.subject, "qt-tan-loc");
    EXPECT_EQ(tan_loc.rulebook, "tt124-residential");
    EXPECT_EQ(tan_loc.period, "2022");
    EXPECT_EQ(tan_loc.proposed_tier, "chua_dat");
    EXPECT_EQ(tan_loc.decided_tier, "dat");
    EXPECT_FALSE(tan_loc.confirms());
    EXPECT_EQ(tan_loc.number, "312/QĐ-UBND");
    EXPECT_EQ(tan_loc.decided_on, antq::date(2022, 12, 15));
    EXPECT_EQ(tan_loc.body, "UBND xã Quảng Trung");
    EXPECT_FALSE(tan_loc.reason.empty());
    EXPECT_TRUE(data.decisions.rows[1].confirms());
    // The place of each cell is kept for the checks that need the rules.
    const auto at = data.decisions.place(0, antq::decision_column::decided_tier);
    EXPECT_EQ(at.line, 2U);
    EXPECT_EQ(at.column, 5U);
}

TEST(decisions, an_override_shows_beside_the_proposal_and_changes_no_score_nor_rank) {
    const auto without = antq::evaluate(antq::load_dataset(copy_with("none", "")), rules(), "2024");
    const auto with = antq::evaluate(
        antq::load_dataset(copy_with("override", header + phu_trung_recognised)), rules(), "2024");
    const auto& before = without.at("tt124-residential");
    const auto& after = with.at("tt124-residential");
    const std::size_t row = row_of(after, "qt-phu-trung");
    EXPECT_EQ(after.tier_id(row), "chua_dat");  // the proposal stays
    ASSERT_TRUE(after.has_decisions());
    const auto& tiers = after.header().tiers;
    EXPECT_EQ(tiers[static_cast<std::size_t>(after.columns().decided_tier[row])].id, "dat");
    EXPECT_EQ(tiers[static_cast<std::size_t>(after.standing_tier(row))].id, "dat");
    const auto* d = after.decision_of(row);
    ASSERT_NE(d, nullptr);
    EXPECT_FALSE(d->stale);
    EXPECT_EQ(d->decision.number, "215/QĐ-UBND");
    // Nothing computed moved: scores, criteria, tiers and ranks of every row are the same.
    EXPECT_EQ(after.columns().score, before.columns().score);
    EXPECT_EQ(after.columns().tier, before.columns().tier);
    EXPECT_EQ(after.columns().rank, before.columns().rank);
    EXPECT_EQ(after.columns().criterion_passed, before.columns().criterion_passed);
    // Rows without a decision have no decided tier.
    EXPECT_EQ(after.columns().decided_tier[row_of(after, "qt-ha-thon")], antq::no_tier);
    EXPECT_EQ(after.decision_of(row_of(after, "qt-ha-thon")), nullptr);
    const auto materialised = after.row(row);
    EXPECT_EQ(materialised.tier_id, "chua_dat");
    EXPECT_EQ(materialised.decided_tier_id, "dat");
    ASSERT_TRUE(materialised.decision.has_value());
}

TEST(decisions, the_tier_that_stood_is_the_earlier_tier_of_a_comparison) {
    // Thôn Tân Lộc, 2022: proposed "chua_dat", recognised by QĐ 312/QĐ-UBND. Compared with
    // 2022, its earlier tier is the decided one, as previous_tier() in a rule reads it; with
    // no decision recorded it is the proposal.
    const auto earlier_tier = [](const antq::dataset& data) {
        const auto before = antq::evaluate(data, rules(), "2022");
        antq::rulebook_results now = antq::evaluate(data, rules(), "2023").at("tt124-residential");
        now.set_previous(before.at("tt124-residential"));
        return now.row(row_of(now, "qt-tan-loc")).previous_tier;
    };
    EXPECT_EQ(earlier_tier(antq::load_dataset(example)), "dat");
    EXPECT_EQ(earlier_tier(antq::load_dataset(copy_with("stood", ""))), "chua_dat");
}

TEST(decisions, the_commune_counts_the_villages_the_committee_recognised) {
    const auto without = antq::evaluate(antq::load_dataset(copy_with("none", "")), rules(), "2024");
    const auto with = antq::evaluate(
        antq::load_dataset(copy_with("override", header + phu_trung_recognised)), rules(), "2024");
    const auto& commune_before = without.at("tt124-commune");
    const auto& commune_after = with.at("tt124-commune");
    EXPECT_EQ(commune_before.tier_id(row_of(commune_before, "quang-trung")), "chua_dat");
    EXPECT_EQ(commune_after.tier_id(row_of(commune_after, "quang-trung")), "dat");
    // The explanation counts thôn Phú Trung among the recognised villages.
    const auto why = antq::explain(with, "quang-trung", antq::language::vi);
    const auto commune = std::find_if(why.begin(), why.end(), [](const antq::explanation& e) {
        return e.rulebook == "tt124-commune";
    });
    ASSERT_NE(commune, why.end());
    EXPECT_EQ(commune->tier_id, "dat");
}

TEST(decisions, a_rollup_with_tiers_proposed_reads_proposals) {
    const fs::path dir = antq::test_support::scratch_path("decisions-proposed-rules");
    fs::remove_all(dir);
    fs::copy(rulebooks, dir, fs::copy_options::recursive);
    std::string text = read_all(dir / "tt124-commune.yaml");
    const std::string from = R"(value: 'count(tier == "dat")'})";
    std::size_t replaced = 0;
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
        text.replace(at, from.size(), R"(value: 'count(tier == "dat")', tiers: proposed})");
        ++replaced;
        at += from.size();
    }
    ASSERT_GT(replaced, 0U);
    std::ofstream(dir / "tt124-commune.yaml", std::ios::binary | std::ios::trunc) << text;
    const auto proposed_rules = antq::rulebook_set::load(dir);
    const auto data = antq::load_dataset(copy_with("override", header + phu_trung_recognised));
    const auto e = antq::evaluate(data, proposed_rules, "2024");
    const auto& commune = e.at("tt124-commune");
    EXPECT_EQ(commune.tier_id(row_of(commune, "quang-trung")), "chua_dat");
    // The option is part of the rulebook's hash.
    EXPECT_NE(antq::rulebook_hash(proposed_rules.find("tt124-commune")->source()),
              antq::rulebook_hash(rules().find("tt124-commune")->source()));
    // A rulebook built in code writes it out, and reads it back.
    const std::string written = antq::rulebook_text(proposed_rules.find("tt124-commune")->source());
    EXPECT_NE(written.find("tiers: proposed"), std::string::npos);
}

TEST(decisions, a_stale_decision_is_flagged_and_not_applied) {
    // Recorded against "dat", but today's proposal is "chua_dat": the data changed since.
    const std::string stale =
        "qt-phu-trung,tt124-residential,2024,dat,,,77/QĐ-UBND,2024-12-01,UBND xã Quảng Trung,\n";
    const auto e =
        antq::evaluate(antq::load_dataset(copy_with("stale", header + stale)), rules(), "2024");
    const auto& r = e.at("tt124-residential");
    const std::size_t row = row_of(r, "qt-phu-trung");
    const auto* d = r.decision_of(row);
    ASSERT_NE(d, nullptr);
    EXPECT_TRUE(d->stale);
    EXPECT_EQ(r.columns().decided_tier[row], antq::no_tier);
    EXPECT_EQ(r.tier_id(static_cast<std::size_t>(row)), "chua_dat");
    EXPECT_EQ(r.header().tiers[static_cast<std::size_t>(r.standing_tier(row))].id, "chua_dat");
    EXPECT_EQ(antq::decision_text(r, row),
              "quyết định cũ: đề xuất đã thay đổi từ Đạt sang Chưa đạt; QĐ số 77/QĐ-UBND, ngày "
              "01/12/2024 của UBND xã Quảng Trung (quyết định Đạt) không được áp dụng");
    // The commune is not recognised on the strength of a stale decision.
    const auto& commune = e.at("tt124-commune");
    EXPECT_EQ(commune.tier_id(row_of(commune, "quang-trung")), "chua_dat");
    const std::string csv = antq::format_results(e.results(), antq::result_format::csv);
    EXPECT_NE(csv.find(",77/QĐ-UBND,2024-12-01,true\n"), std::string::npos) << csv;
}

TEST(decisions, explain_says_proposal_and_decision) {
    const auto e = antq::evaluate(
        antq::load_dataset(copy_with("override", header + phu_trung_recognised)), rules(), "2024");
    const auto x = antq::explain(e.at("tt124-residential"), "qt-phu-trung", antq::language::vi);
    ASSERT_TRUE(x.recorded_decision.has_value());
    EXPECT_EQ(x.decided_tier_label, "Đạt");
    EXPECT_NE(x.text.find("Quyết định: đề xuất: Chưa đạt; quyết định: Đạt, QĐ số 215/QĐ-UBND, "
                          "ngày 20/12/2024 của UBND xã Quảng Trung (Chủ tịch Lê Quang Hải), lý do: "
                          "Nghị quyết ban hành đầu quý II do kiện toàn chi bộ"),
              std::string::npos)
        << x.text;
    const std::string json = antq::to_json(x);
    EXPECT_NE(json.find("\"number\": \"215/QĐ-UBND\""), std::string::npos) << json;
}

// In English the sentence around the decision is English; what the committee filed (the
// number, the body, the signer, the reason) and the tiers' labels stay as they are.
TEST(decisions, explain_in_english_says_proposal_and_decision_in_english) {
    const auto e = antq::evaluate(
        antq::load_dataset(copy_with("override", header + phu_trung_recognised)), rules(), "2024");
    const auto& r = e.at("tt124-residential");
    const auto x = antq::explain(r, "qt-phu-trung", antq::language::en);
    EXPECT_EQ(x.decision_text,
              "proposed: Chưa đạt; decided: Đạt, decision no. 215/QĐ-UBND of 2024-12-20 by UBND "
              "xã Quảng Trung (Chủ tịch Lê Quang Hải), reason: Nghị quyết ban hành đầu quý II do "
              "kiện toàn chi bộ");
    EXPECT_EQ(x.text.find("QĐ số"), std::string::npos) << x.text;
    EXPECT_EQ(x.text.find("đề xuất"), std::string::npos) << x.text;
    EXPECT_EQ(antq::decision_text(r, row_of(r, "qt-phu-trung")),
              antq::explain(r, "qt-phu-trung", antq::language::vi).decision_text);

    const std::string stale =
        "qt-phu-trung,tt124-residential,2024,dat,,,77/QĐ-UBND,2024-12-01,UBND xã Quảng Trung,\n";
    const auto old =
        antq::evaluate(antq::load_dataset(copy_with("stale_en", header + stale)), rules(), "2024");
    const auto& o = old.at("tt124-residential");
    EXPECT_EQ(antq::decision_text(o, row_of(o, "qt-phu-trung"), antq::language::en),
              "old decision: the proposal changed from Đạt to Chưa đạt; decision no. 77/QĐ-UBND "
              "of 2024-12-01 by UBND xã Quảng Trung (decided Đạt) is not applied");
}

TEST(decisions, results_csv_and_json_carry_the_decision) {
    const auto e = antq::evaluate(
        antq::load_dataset(copy_with("override", header + phu_trung_recognised)), rules(), "2024");
    const std::string csv = antq::format_results(e.results(), antq::result_format::csv);
    EXPECT_EQ(csv.substr(0, csv.find('\n')),
              "subject,period,rulebook,version,status,score,max_score,tier,action,group,rank,"
              "decided_tier,decision_number,decision_date,decision_stale");
    EXPECT_NE(csv.find("qt-phu-trung,2024,tt124-residential,2022.1,evaluated,7.00,8.00,chua_dat,,"
                       "all,,dat,215/QĐ-UBND,2024-12-20,false\n"),
              std::string::npos)
        << csv;
    const std::string json = antq::format_results(e.results(), antq::result_format::json);
    EXPECT_NE(json.find("\"decided_tier\": \"dat\", \"decision_number\": \"215/QĐ-UBND\", "
                        "\"decision_date\": \"2024-12-20\", \"decision_stale\": false"),
              std::string::npos);
    // Without decisions the columns are those they always were.
    const auto plain = antq::evaluate(antq::load_dataset(copy_with("none", "")), rules(), "2024");
    const std::string plain_csv = antq::format_results(plain.results(), antq::result_format::csv);
    EXPECT_EQ(plain_csv.substr(0, plain_csv.find('\n')),
              "subject,period,rulebook,version,status,score,max_score,tier,action,group,rank");
}

TEST(decisions, other_decisions_give_another_fingerprint) {
    const auto none = antq::load_dataset(copy_with("none", ""));
    const auto one = antq::load_dataset(copy_with("override", header + phu_trung_recognised));
    const std::string other_reason =
        "qt-phu-trung,tt124-residential,2024,chua_dat,dat,Lý do khác,215/QĐ-UBND,20/12/2024,"
        "UBND xã Quảng Trung,Chủ tịch Lê Quang Hải\n";
    const auto two = antq::load_dataset(copy_with("other", header + other_reason));
    // A dataset without decisions keeps the hash of its registry and observations (Quảng
    // Trung's model-type catalogue left aside: it has a hash step of its own).
    antq::dataset bare = none;
    bare.model_types.clear();
    EXPECT_EQ(antq::hash_dataset(bare),
              antq::hash_dataset(none.registry, none.observations, none.labels));
    EXPECT_EQ(none.content_hash, antq::hash_dataset(none));
    EXPECT_NE(one.content_hash, none.content_hash);
    EXPECT_NE(two.content_hash, one.content_hash);
    const auto f0 = antq::evaluate(none, rules(), "2024").fingerprint();
    const auto f1 = antq::evaluate(one, rules(), "2024").fingerprint();
    const auto f2 = antq::evaluate(two, rules(), "2024").fingerprint();
    EXPECT_NE(f0, f1);
    EXPECT_NE(f1, f2);
    // The same decisions from JSON hash the same.
    const fs::path json = antq::test_support::scratch_path("decisions-one.json");
    antq::save_dataset_json(one, json);
    const auto again = antq::load_dataset(json);
    EXPECT_EQ(again.decisions, one.decisions);
    EXPECT_EQ(again.content_hash, one.content_hash);
}

TEST(decisions, csv_and_json_round_trip) {
    const auto one = antq::load_dataset(copy_with("override", header + phu_trung_recognised));
    const fs::path folder = antq::test_support::scratch_path("decisions-saved");
    fs::remove_all(folder);
    antq::save_dataset_csv(one, folder);
    const auto back = antq::load_dataset(folder);
    EXPECT_EQ(back, one);
    EXPECT_EQ(back.content_hash, one.content_hash);
}

TEST(decisions, dataset_archives_keep_decisions) {
    const auto one = antq::load_dataset(copy_with("override", header + phu_trung_recognised));
    const fs::path file = antq::test_support::scratch_path("decisions-dataset.antq");
    antq::save_dataset_archive(one, file, antq::archive_format::text);
    const auto back = antq::load_dataset_archive(file);
    EXPECT_EQ(back.decisions, one.decisions);
    EXPECT_EQ(back.content_hash, one.content_hash);
    // Read from an archive, decisions have no file places left.
    EXPECT_TRUE(back.decisions.places.empty());
    EXPECT_EQ(back.decisions.place(0, antq::decision_column::subject), antq::source_location{});
}

TEST(decisions, bad_rows_are_errors_at_their_cells_all_at_once) {
    const std::string rows =
        // line 2: unknown subject (column 1)
        "thon-khong-co,tt124-residential,2024,chua_dat,dat,,1/QĐ-UBND,20/12/2024,UBND,\n"
        // line 3: a bad date (column 8)
        "qt-ha-thon,tt124-residential,2024,dat,,,2/QĐ-UBND,31/02/2024,UBND,\n"
        // line 4: an empty number (column 7)
        "qt-cong-hoa,tt124-residential,2024,dat,,,,20/12/2024,UBND,\n"
        // line 5, 6: the same subject, rulebook and period twice
        "qt-tan-loc,tt124-residential,2024,chua_dat,,,3/QĐ-UBND,20/12/2024,UBND,\n"
        "qt-tan-loc,tt124-residential,2024,chua_dat,dat,,4/QĐ-UBND,21/12/2024,UBND,\n";
    const fs::path dir = copy_with("bad-load", header + rows);
    const std::string f = (dir / "decisions.csv").string();
    try {
        static_cast<void>(antq::load_dataset(dir));
        FAIL() << "loaded";
    } catch (const antq::input_error& e) {
        EXPECT_EQ(messages(e),
                  (std::vector<std::string>{
                      f + ":2:1: error: unknown subject 'thon-khong-co' (not a model, unit or "
                          "exemplar of the dataset)",
                      f + ":3:8: error: date '31/02/2024' is not a date (expected 2024-12-14 or "
                          "14/12/2024)",
                      f + ":4:7: error: empty number: every decision needs one",
                      f +
                          ":6:1: error: a second decision for subject 'qt-tan-loc', rulebook "
                          "'tt124-residential', period 2024 (the first is at " +
                          f + ":5:1)",
                  }));
    }
}

TEST(decisions, rows_the_rules_refuse_are_errors_at_their_cells) {
    const std::string rows =
        // line 2: unknown rulebook (column 2)
        "qt-ha-thon,tt124-thon,2024,dat,,,1/QĐ-UBND,20/12/2024,UBND,\n"
        // line 3: unknown decided tier (column 5)
        "qt-ha-thon,tt124-residential,2024,dat,xuat_sac,,2/QĐ-UBND,20/12/2024,UBND,\n"
        // line 4: a period with no version in force (column 3)
        "qt-cong-hoa,tt124-residential,2010,dat,,,3/QĐ-UBND,20/12/2010,UBND,\n"
        // line 5: a model has no result in a rulebook of villages (column 1)
        "qt-m01,tt124-residential,2024,dat,,,4/QĐ-UBND,20/12/2024,UBND,\n";
    const fs::path dir = copy_with("bad-rules", header + rows);
    const auto data = antq::load_dataset(dir);
    const std::string f = (dir / "decisions.csv").string();
    antq::data_check_options options;
    const auto problems = antq::check_decisions(data, rules(), options);
    std::vector<std::string> texts;
    for (const auto& d : problems) {
        if (d.where.file == f) {
            texts.push_back(d.to_string());
        }
    }
    ASSERT_EQ(texts.size(), 4U) << ::testing::PrintToString(texts);
    EXPECT_EQ(
        texts[0].rfind(f + ":2:2: error: unknown rulebook 'tt124-thon' (the rulebooks are ", 0), 0U)
        << texts[0];
    EXPECT_EQ(texts[1].rfind(f + ":3:5: error: unknown decided tier 'xuat_sac': rulebook "
                                 "'tt124-residential' version 2022.1 has the tiers dat, chua_dat",
                             0),
              0U)
        << texts[1];
    EXPECT_NE(texts[2].find(":4:3: error: rulebook 'tt124-residential' has no version in force "
                            "for period 2010"),
              std::string::npos)
        << texts[2];
    EXPECT_NE(texts[3].find(":5:1: error: subject 'qt-m01' has no result in rulebook "
                            "'tt124-residential'"),
              std::string::npos)
        << texts[3];
    // Evaluating 2024 refuses the rows of 2024 about the rulebooks it evaluates, at once.
    try {
        static_cast<void>(antq::evaluate(data, rules(), "2024"));
        FAIL() << "evaluated";
    } catch (const antq::input_error& e) {
        const auto m = messages(e);
        ASSERT_EQ(m.size(), 2U) << ::testing::PrintToString(m);
        EXPECT_NE(m[0].find(":3:5: error: unknown decided tier 'xuat_sac'"), std::string::npos);
        EXPECT_NE(m[1].find(":5:1: error: subject 'qt-m01' has no result"), std::string::npos);
    }
}

TEST(decisions, a_subject_without_a_result_cannot_be_decided) {
    // qt-m16 is not eligible in 2024 (running for two months only).
    const std::string row =
        "qt-m16,model-effectiveness,2024,average,effective,,5/QĐ-UBND,20/12/2024,UBND,\n";
    const fs::path dir = copy_with("no-result", header + row);
    try {
        static_cast<void>(antq::evaluate(antq::load_dataset(dir), rules(), "2024"));
        FAIL() << "evaluated";
    } catch (const antq::input_error& e) {
        const auto m = messages(e);
        ASSERT_EQ(m.size(), 1U);
        EXPECT_EQ(m[0].substr(0, (dir / "decisions.csv").string().size() + 4),
                  (dir / "decisions.csv").string() + ":2:3");
        EXPECT_NE(m[0].find("has no result in rulebook 'model-effectiveness' for period 2024 "
                            "(status not_eligible"),
                  std::string::npos)
            << m[0];
    }
}

TEST(decisions, a_diff_shows_a_decision_the_new_rules_make_stale) {
    // Under the TT 23 rules Phú Trung is proposed "dat": the decision made on TT 124's
    // "chua_dat" proposal is stale there.
    const auto data = antq::load_dataset(copy_with("override", header + phu_trung_recognised));
    const auto old_rules =
        antq::rulebook_set::load(fs::path(ANTQ_SOURCE_DIR) / "examples/rulebooks/before-tt124");
    const auto diffs = antq::diff_rulebooks(data, old_rules, rules(), "2024");
    const auto residential = std::find_if(diffs.begin(), diffs.end(), [](const auto& d) {
        return d.new_rulebook == "tt124-residential";
    });
    ASSERT_NE(residential, diffs.end());
    const auto change = std::find_if(residential->changes.begin(), residential->changes.end(),
                                     [](const auto& c) { return c.subject == "qt-phu-trung"; });
    ASSERT_NE(change, residential->changes.end());
    EXPECT_TRUE(change->decision_changed());
    EXPECT_EQ(
        change->old_decision.rfind("quyết định cũ: đề xuất đã thay đổi từ Chưa đạt sang Đạt", 0),
        0U)
        << change->old_decision;
    EXPECT_EQ(change->new_decision.rfind("đề xuất: Chưa đạt; quyết định: Đạt", 0), 0U);
    const std::string table = antq::format_rule_diffs(diffs, antq::result_format::table);
    EXPECT_NE(table.find("qt-phu-trung: quyết định: quyết định cũ"), std::string::npos);
}

TEST(decisions, the_report_lists_every_override_with_its_reason) {
    const auto data = antq::load_dataset(copy_with("override", header + phu_trung_recognised));
    const auto e = antq::evaluate(data, rules(), "2024");
    const std::string html = antq::render_report(data, e);
    EXPECT_NE(html.find("<li><a href=\"#quyet-dinh\">Quyết định công nhận</a></li>"),
              std::string::npos);
    EXPECT_NE(html.find("<tr><td>qt-phu-trung</td><td>Thôn Phú Trung</td><td>Chưa đạt</td>"
                        "<td>Đạt</td><td>QĐ số 215/QĐ-UBND, ngày 20/12/2024</td><td>UBND xã "
                        "Quảng Trung (Chủ tịch Lê Quang Hải)</td><td>Nghị quyết ban hành đầu quý "
                        "II do kiện toàn chi bộ</td><td>Khác đề xuất, đã áp dụng</td></tr>"),
              std::string::npos);
    const auto plain = antq::load_dataset(copy_with("none", ""));
    EXPECT_NE(antq::render_report(plain, antq::evaluate(plain, rules(), "2024"))
                  .find("Chưa có quyết định nào được ghi nhận cho kỳ này."),
              std::string::npos);
}

TEST(decisions, snapshots_keep_decisions) {
    const auto e = antq::evaluate(
        antq::load_dataset(copy_with("override", header + phu_trung_recognised)), rules(), "2024");
    for (const auto format :
         {antq::archive_format::binary, antq::archive_format::text, antq::archive_format::xml}) {
        const fs::path file = antq::test_support::scratch_path(
            "decisions-" + std::string(antq::to_string(format)) + ".antq");
        antq::save_snapshot(antq::make_snapshot(e), file, format);
        const auto back = antq::load_snapshot(file);
        const auto& r = back.evaluation.at("tt124-residential");
        EXPECT_EQ(r, e.at("tt124-residential"));
        const auto* d = r.decision_of(row_of(r, "qt-phu-trung"));
        ASSERT_NE(d, nullptr);
        EXPECT_EQ(d->decision.decided_on, antq::date(2024, 12, 20));
        EXPECT_EQ(back.evaluation.fingerprint(), e.fingerprint());
    }
}

TEST(decisions, set_decisions_refuses_what_results_cannot_hold) {
    const auto e = antq::evaluate(antq::load_dataset(copy_with("none", "")), rules(), "2024");
    auto r = e.at("tt124-residential");
    antq::decision d;
    d.proposed_tier = "chua_dat";
    d.decided_tier = "khong_co";
    d.number = "9/QĐ-UBND";
    EXPECT_THROW(
        r.set_decisions({{static_cast<std::uint32_t>(row_of(r, "qt-phu-trung")), d, false}}),
        antq::usage_error);
    d.decided_tier = "dat";
    EXPECT_THROW(r.set_decisions({{static_cast<std::uint32_t>(r.size()), d, false}}),
                 antq::usage_error);
    r.set_decisions({{static_cast<std::uint32_t>(row_of(r, "qt-phu-trung")), d, true}});
    // `stale` is worked out from the proposal, not taken from the caller.
    EXPECT_FALSE(r.decision_of(row_of(r, "qt-phu-trung"))->stale);
}

}  // namespace
