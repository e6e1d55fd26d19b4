// Evaluations written into a database, one run per transaction, and read back.

#include "antq/database/connection.hpp"

#include <antq/database.hpp>
#include <antq/result.hpp>

#include <chrono>
#include <cmath>
#include <ctime>
#include <unordered_map>

namespace antq {

namespace {

using detail::db::connection;
using detail::db::quote_text;
using detail::db::value;
using detail::db::value_kind;

/// The database keeps each subject's action, not how it was chosen. A tier whose rows were
/// stored with two actions had a conditional action: the first seen is read as its
/// `action`, the other as its `otherwise`, so that every row reads back the action stored.
void restore_action_branches(results_header& h, results_columns& col,
                             const std::vector<std::string_view>& actions) {
    bool conditional = false;
    for (std::size_t row = 0; row < actions.size(); ++row) {
        if (col.tier[row] == no_tier) {
            continue;
        }
        tier_summary& t = h.tiers[static_cast<std::size_t>(col.tier[row])];
        if (actions[row] != t.action && t.otherwise.empty()) {
            t.otherwise = std::string(actions[row]);
            t.action_when = "(stored)";
            conditional = true;
        }
    }
    if (!conditional) {
        return;
    }
    const std::size_t n = actions.size();
    col.action_branches.assign(h.tiers.size() * n, action_branch::fixed);
    for (std::size_t row = 0; row < n; ++row) {
        if (col.tier[row] == no_tier) {
            continue;
        }
        const auto t = static_cast<std::size_t>(col.tier[row]);
        if (!h.tiers[t].action_when.empty()) {
            col.action_branches[t * n + row] =
                actions[row] == h.tiers[t].action ? action_branch::held : action_branch::failed;
        }
    }
}

std::string schema_sql(const connection& c, int table) {
    const std::string number(c.number_type());
    switch (table) {
        case 0:
            return "CREATE TABLE antq_schema (version INTEGER NOT NULL)";
        case 1:
            return "CREATE TABLE antq_runs (fingerprint TEXT NOT NULL, period TEXT NOT NULL, "
                   "stored_at TEXT NOT NULL, library_version TEXT NOT NULL, dataset_hash TEXT "
                   "NOT NULL, PRIMARY KEY (fingerprint, period))";
        case 2:
            return "CREATE TABLE antq_run_rulebooks (fingerprint TEXT NOT NULL, period TEXT NOT "
                   "NULL, position INTEGER NOT NULL, rulebook TEXT NOT NULL, version TEXT NOT "
                   "NULL, rulebook_hash TEXT NOT NULL, PRIMARY KEY (fingerprint, period, "
                   "rulebook), FOREIGN KEY (fingerprint, period) REFERENCES antq_runs "
                   "(fingerprint, period))";
        default:
            // No foreign key here: PostgreSQL would check one per result, a million for the
            // national run; the run's row is written first, in the same transaction.
            return "CREATE TABLE antq_results (fingerprint TEXT NOT NULL, period TEXT NOT NULL, "
                   "rulebook TEXT NOT NULL, subject TEXT NOT NULL, version TEXT NOT NULL, status "
                   "TEXT NOT NULL, score " +
                   number + ", max_score " + number +
                   ", tier TEXT, action TEXT, \"group\" TEXT, rank INTEGER, message TEXT, PRIMARY "
                   "KEY (fingerprint, period, rulebook, subject))";
    }
}

constexpr std::array<std::string_view, 4> schema_tables{"antq_schema", "antq_runs",
                                                        "antq_run_rulebooks", "antq_results"};

// Throws unless the results tables are there, of this library's version.
void check_schema(connection& c) {
    if (!c.table_exists("antq_schema")) {
        throw database_error("the database '" + c.name() +
                             "' has no antq results tables: create them with `antq db init "
                             "--to ...` (antq::init_results_schema)");
    }
    auto rows = c.query("SELECT version FROM antq_schema");
    if (!rows->next()) {
        throw database_error("the database '" + c.name() +
                             "': the table antq_schema has no version row");
    }
    const auto v = rows->get(0);
    const double version = v.kind == value_kind::number ? v.number : std::nan("");
    if (version != results_schema_version) {
        const std::string found(v.text);
        throw database_error(
            "the database '" + c.name() + "' has antq results tables of schema version " + found +
            ", but this antq reads and writes version " + std::to_string(results_schema_version) +
            (version > results_schema_version ? ": use a newer antq"
                                              : ": upgrade the tables (docs/databases.md)"));
    }
}

std::string utc_now() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm parts{};
    gmtime_r(&now, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return text;
}

std::string period_of(const evaluation& run) {
    return run.results().empty() ? std::string() : run.results().front().header().period_text;
}

}  // namespace

void init_results_schema(std::string_view target, const database_options& options) {
    const auto c = detail::db::open(target, detail::db::open_mode::write, options);
    detail::db::in_transaction(*c, [&] {
        std::size_t present = 0;
        for (const auto table : schema_tables) {
            present += c->table_exists(table) ? 1 : 0;
        }
        if (present == schema_tables.size()) {
            check_schema(*c);
            return;
        }
        if (present != 0) {
            throw database_error("the database '" + c->name() +
                                 "' has some of antq's results tables but not all (antq_schema, "
                                 "antq_runs, antq_run_rulebooks, antq_results): nothing was "
                                 "created");
        }
        for (int table = 0; table < 4; ++table) {
            c->execute(schema_sql(*c, table));
        }
        c->execute("INSERT INTO antq_schema (version) VALUES (" +
                   std::to_string(results_schema_version) + ")");
    });
}

bool store_evaluation(const evaluation& run, std::string_view target,
                      const database_options& options) {
    const auto c = detail::db::open(target, detail::db::open_mode::write, options);
    const std::string period = period_of(run);
    return detail::db::in_transaction(*c, [&] {
        check_schema(*c);
        {
            auto existing = c->query(
                "SELECT 1 FROM antq_runs WHERE fingerprint = " + quote_text(run.fingerprint()) +
                " AND period = " + quote_text(period));
            if (existing->next()) {
                return false;
            }
        }
        c->execute(
            "INSERT INTO antq_runs (fingerprint, period, stored_at, library_version, "
            "dataset_hash) VALUES (" +
            quote_text(run.fingerprint()) + ", " + quote_text(period) + ", " +
            quote_text(utc_now()) + ", " + quote_text(run.library_version()) + ", " +
            quote_text(run.dataset_hash()) + ")");
        const auto results = run.results();
        static constexpr std::array<std::string_view, 6> book_columns{
            "fingerprint", "period", "position", "rulebook", "version", "rulebook_hash"};
        c->insert("antq_run_rulebooks", book_columns, results.size(),
                  [&](std::size_t i, std::span<value> v) {
                      const results_header& h = results[i].header();
                      v[0] = {value_kind::text, run.fingerprint(), 0};
                      v[1] = {value_kind::text, period, 0};
                      v[2] = {value_kind::number, {}, static_cast<double>(i + 1)};
                      v[3] = {value_kind::text, h.rulebook, 0};
                      v[4] = {value_kind::text, h.version, 0};
                      v[5] = {value_kind::text, run.rulebook_hashes()[i], 0};
                  });
        static constexpr std::array<std::string_view, 13> result_columns{
            "fingerprint", "period", "rulebook", "subject", "version", "status", "score",
            "max_score",   "tier",   "action",   "group",   "rank",    "message"};
        for (const rulebook_results& r : results) {
            const results_header& h = r.header();
            const results_columns& col = r.columns();
            c->insert("antq_results", result_columns, col.subject.size(),
                      [&](std::size_t i, std::span<value> v) {
                          v[0] = {value_kind::text, run.fingerprint(), 0};
                          v[1] = {value_kind::text, period, 0};
                          v[2] = {value_kind::text, h.rulebook, 0};
                          v[3] = {value_kind::text, col.subject[i], 0};
                          v[4] = {value_kind::text, h.version, 0};
                          v[5] = {value_kind::text, to_string(col.status[i]), 0};
                          v[6] = {value_kind::number, {}, col.score[i]};
                          v[7] = {value_kind::number, {}, col.max_score[i]};
                          if (col.tier[i] != no_tier) {
                              const tier_summary& t =
                                  h.tiers[static_cast<std::size_t>(col.tier[i])];
                              v[8] = {value_kind::text, t.id, 0};
                              // The subject's own action: a tier's `action_when` may give
                              // it the tier's `otherwise`.
                              if (const std::string_view a = r.action(i); !a.empty()) {
                                  v[9] = {value_kind::text, a, 0};
                              }
                          }
                          if (col.group[i] < col.group_names.size() &&
                              !col.group_names[col.group[i]].empty()) {
                              v[10] = {value_kind::text, col.group_names[col.group[i]], 0};
                          }
                          if (col.rank[i] != no_rank) {
                              v[11] = {value_kind::number, {}, static_cast<double>(col.rank[i])};
                          }
                          if (!col.message[i].empty()) {
                              v[12] = {value_kind::text, col.message[i], 0};
                          }
                      });
        }
        return true;
    });
}

std::vector<stored_run> list_runs(std::string_view target, const database_options& options) {
    const auto c = detail::db::open(target, detail::db::open_mode::read, options);
    return detail::db::in_transaction(*c, [&] {
        check_schema(*c);
        std::vector<stored_run> runs;
        {
            auto rows = c->query(
                "SELECT fingerprint, period, stored_at, library_version, dataset_hash FROM "
                "antq_runs ORDER BY stored_at, " +
                c->text_order("fingerprint") + ", " + c->text_order("period"));
            while (rows->next()) {
                stored_run r;
                r.fingerprint = rows->get(0).text;
                r.period = rows->get(1).text;
                r.stored_at = rows->get(2).text;
                r.library_version = rows->get(3).text;
                r.dataset_hash = rows->get(4).text;
                runs.push_back(std::move(r));
            }
        }
        for (stored_run& r : runs) {
            auto rows = c->query(
                "SELECT rulebook, version FROM antq_run_rulebooks WHERE "
                "fingerprint = " +
                quote_text(r.fingerprint) + " AND period = " + quote_text(r.period) +
                " ORDER BY position");
            while (rows->next()) {
                r.rulebooks.push_back(std::string(rows->get(0).text) + "@" +
                                      std::string(rows->get(1).text));
            }
        }
        return runs;
    });
}

std::vector<stored_result> read_stored_results(std::string_view target, std::string_view period,
                                               std::string_view fingerprint,
                                               const database_options& options) {
    const auto c = detail::db::open(target, detail::db::open_mode::read, options);
    return detail::db::in_transaction(*c, [&] {
        check_schema(*c);
        std::string chosen;
        {
            std::string sql =
                "SELECT fingerprint FROM antq_runs WHERE period = " + quote_text(period);
            if (!fingerprint.empty()) {
                sql += " AND substr(fingerprint, 1, " + std::to_string(fingerprint.size()) +
                       ") = " + quote_text(fingerprint);
            }
            auto rows = c->query(sql + " ORDER BY stored_at DESC, " + c->text_order("fingerprint") +
                                 " DESC");
            if (!rows->next()) {
                throw database_error("the database '" + c->name() +
                                     "' has no stored run for period " + std::string(period) +
                                     (fingerprint.empty() ? std::string()
                                                          : " with a fingerprint starting " +
                                                                std::string(fingerprint)));
            }
            chosen = rows->get(0).text;
        }
        std::vector<stored_result> out;
        auto rows = c->query(
            "SELECT r.subject, r.period, r.rulebook, r.version, r.status, r.score, r.max_score, "
            "r.tier, r.action, r.\"group\", r.rank, r.message FROM antq_results r JOIN "
            "antq_run_rulebooks b ON b.fingerprint = r.fingerprint AND b.period = r.period AND "
            "b.rulebook = r.rulebook WHERE r.fingerprint = " +
            quote_text(chosen) + " AND r.period = " + quote_text(period) +
            " ORDER BY b.position, " + c->text_order("r.subject"));
        while (rows->next()) {
            stored_result s;
            s.subject = rows->get(0).text;
            s.period = rows->get(1).text;
            s.rulebook = rows->get(2).text;
            s.version = rows->get(3).text;
            s.status = rows->get(4).text;
            if (const auto v = rows->get(5); v.kind == value_kind::number) {
                s.score = v.number;
            }
            if (const auto v = rows->get(6); v.kind == value_kind::number) {
                s.max_score = v.number;
            }
            s.tier = rows->get(7).text;
            s.action = rows->get(8).text;
            s.group = rows->get(9).text;
            if (const auto v = rows->get(10); v.kind == value_kind::number) {
                s.rank = static_cast<std::uint32_t>(v.number);
            }
            s.message = rows->get(11).text;
            out.push_back(std::move(s));
        }
        return out;
    });
}

evaluation read_stored_evaluation(std::string_view target, std::string_view period,
                                  std::string_view fingerprint, const database_options& options) {
    const std::vector<stored_result> rows =
        read_stored_results(target, period, fingerprint, options);
    const auto c = detail::db::open(target, detail::db::open_mode::read, options);
    std::string chosen;
    std::string dataset_hash;
    std::string library_version;
    std::vector<std::string> hashes;
    std::vector<std::string> books;
    std::vector<std::string> versions;
    detail::db::in_transaction(*c, [&] {
        std::string sql =
            "SELECT fingerprint, dataset_hash, library_version FROM antq_runs WHERE "
            "period = " +
            quote_text(period);
        if (!fingerprint.empty()) {
            sql += " AND substr(fingerprint, 1, " + std::to_string(fingerprint.size()) +
                   ") = " + quote_text(fingerprint);
        }
        auto run =
            c->query(sql + " ORDER BY stored_at DESC, " + c->text_order("fingerprint") + " DESC");
        if (!run->next()) {
            throw database_error("the database '" + c->name() + "' has no stored run for period " +
                                 std::string(period));
        }
        chosen = run->get(0).text;
        dataset_hash = run->get(1).text;
        library_version = run->get(2).text;
        auto rulebooks = c->query(
            "SELECT rulebook, version, rulebook_hash FROM antq_run_rulebooks WHERE fingerprint = " +
            quote_text(chosen) + " AND period = " + quote_text(period) + " ORDER BY position");
        while (rulebooks->next()) {
            books.emplace_back(rulebooks->get(0).text);
            versions.emplace_back(rulebooks->get(1).text);
            hashes.emplace_back(rulebooks->get(2).text);
        }
    });
    std::vector<rulebook_results> results;
    auto next = rows.begin();
    for (std::size_t b = 0; b < books.size(); ++b) {
        results_header h;
        h.rulebook = books[b];
        h.title = books[b];
        h.version = versions[b];
        h.period_text = std::string(period);
        h.fingerprint = chosen;
        results_columns col;
        std::unordered_map<std::string, std::int32_t> tier_of;
        std::unordered_map<std::string, std::uint32_t> group_of;
        std::vector<std::string_view> actions;  ///< per row, as stored
        for (; next != rows.end() && next->rulebook == books[b]; ++next) {
            const stored_result& r = *next;
            col.subject.push_back(r.subject);
            col.subject_index.push_back(static_cast<std::uint32_t>(col.subject_index.size()));
            result_status status = result_status::evaluated;
            for (int k = 0; k <= static_cast<int>(last_result_status); ++k) {
                if (to_string(static_cast<result_status>(k)) == r.status) {
                    status = static_cast<result_status>(k);
                }
            }
            col.status.push_back(status);
            col.message.push_back(r.message);
            col.score.push_back(r.score.value_or(std::nan("")));
            col.max_score.push_back(r.max_score.value_or(std::nan("")));
            std::int32_t tier = no_tier;
            if (!r.tier.empty()) {
                const auto [it, added] =
                    tier_of.emplace(r.tier, static_cast<std::int32_t>(h.tiers.size()));
                if (added) {
                    tier_summary t;
                    t.id = r.tier;
                    t.label = r.tier;
                    t.action = r.action;
                    h.tiers.push_back(std::move(t));
                }
                tier = it->second;
            }
            col.tier.push_back(tier);
            actions.push_back(r.action);
            col.qualified_tier.push_back(tier);
            const auto [g, added] =
                group_of.emplace(r.group, static_cast<std::uint32_t>(col.group_names.size()));
            if (added) {
                col.group_names.push_back(r.group);
            }
            col.group.push_back(g->second);
            col.rank.push_back(r.rank);
        }
        restore_action_branches(h, col, actions);
        results.emplace_back(std::move(h), std::move(col));
    }
    return evaluation(std::move(results), std::move(hashes), std::move(dataset_hash),
                      std::move(library_version));
}

}  // namespace antq
