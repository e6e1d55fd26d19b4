// Evaluations written into a database, one run per transaction, and read back.

#include "antq/database/connection.hpp"

#include <antq/database.hpp>
#include <antq/period.hpp>
#include <antq/compiled_rulebook.hpp>
#include <antq/rulebook_set.hpp>
#include <antq/result.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <ctime>
#include <string>
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

// The tables of schema version 2. Constraints are named so that the tables of version 1,
// renamed aside while they are upgraded, keep their own index names (PostgreSQL names an
// index after its table, and two indexes cannot share a name).
std::string schema_sql(const connection& c, int table) {
    const std::string number(c.number_type());
    switch (table) {
        case 0:
            return "CREATE TABLE antq_schema (version INTEGER NOT NULL)";
        case 1:
            return "CREATE TABLE antq_runs (run INTEGER NOT NULL, fingerprint TEXT NOT NULL, "
                   "period TEXT NOT NULL, stored_at TEXT NOT NULL, library_version TEXT NOT NULL, "
                   "dataset_hash TEXT NOT NULL, CONSTRAINT antq_runs_v2_pkey PRIMARY KEY (run), "
                   "CONSTRAINT antq_runs_v2_fingerprint UNIQUE (fingerprint, period))";
        case 2:
            return "CREATE TABLE antq_run_rulebooks (run INTEGER NOT NULL, position INTEGER NOT "
                   "NULL, rulebook TEXT NOT NULL, version TEXT NOT NULL, rulebook_hash TEXT NOT "
                   "NULL, CONSTRAINT antq_run_rulebooks_v2_pkey PRIMARY KEY (run, rulebook), "
                   "CONSTRAINT antq_run_rulebooks_v2_run FOREIGN KEY (run) REFERENCES antq_runs "
                   "(run))";
        default:
            // No foreign key here: PostgreSQL would check one per result, a million for the
            // national run; the run's row is written first, in the same transaction. The key
            // is the run's number, not its 64-character fingerprint and the period: with the
            // smaller index and rows, a million results are written in half the time
            // (docs/performance.md).
            return "CREATE TABLE antq_results (run INTEGER NOT NULL, rulebook TEXT NOT NULL, "
                   "subject TEXT NOT NULL, status TEXT NOT NULL, score " +
                   number + ", max_score " + number +
                   ", tier TEXT, action TEXT, \"group\" TEXT, rank INTEGER, message TEXT, "
                   "decided_tier TEXT, decision_number TEXT, decision_date TEXT, decision_stale "
                   "BOOLEAN, CONSTRAINT antq_results_v2_pkey PRIMARY KEY (run, rulebook, "
                   "subject))";
    }
}

constexpr std::array<std::string_view, 4> schema_tables{"antq_schema", "antq_runs",
                                                        "antq_run_rulebooks", "antq_results"};

// The version in antq_schema; throws unless the table is there with one version row.
int schema_version(connection& c) {
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
    if (v.kind != value_kind::number || v.number != std::floor(v.number) || v.number < 1 ||
        v.number > 1e6) {
        throw database_error("the database '" + c.name() +
                             "': the table antq_schema holds the version '" + std::string(v.text) +
                             "', which is not a schema version");
    }
    return static_cast<int>(v.number);
}

std::string version_mismatch(const connection& c, int version) {
    return "the database '" + c.name() + "' has antq results tables of schema version " +
           std::to_string(version) + ", but this antq reads and writes version " +
           std::to_string(results_schema_version) +
           (version > results_schema_version
                ? ": use a newer antq"
                : ": upgrade them with `antq db init --upgrade --to ...` "
                  "(antq::upgrade_results_schema; docs/databases.md), which keeps every run");
}

// Throws unless the results tables are there, of this library's version.
void check_schema(connection& c) {
    const int version = schema_version(c);
    if (version != results_schema_version) {
        throw database_error(version_mismatch(c, version));
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

// Counts present of the four tables; throws when some are there but not all.
bool schema_present(connection& c) {
    std::size_t present = 0;
    for (const auto table : schema_tables) {
        present += c.table_exists(table) ? 1 : 0;
    }
    if (present != 0 && present != schema_tables.size()) {
        throw database_error("the database '" + c.name() +
                             "' has some of antq's results tables but not all (antq_schema, "
                             "antq_runs, antq_run_rulebooks, antq_results): nothing was "
                             "created");
    }
    return present != 0;
}

// The run chosen for `period`: the latest stored (the highest number), or the latest whose
// fingerprint starts with `fingerprint`. Throws when there is none.
struct chosen_run {
    std::int64_t run = 0;
    std::string fingerprint;
    std::string dataset_hash;
    std::string library_version;
};

chosen_run choose_run(connection& c, std::string_view period, std::string_view fingerprint) {
    std::string sql =
        "SELECT run, fingerprint, dataset_hash, library_version FROM antq_runs WHERE period = " +
        quote_text(period);
    if (!fingerprint.empty()) {
        sql += " AND substr(fingerprint, 1, " + std::to_string(fingerprint.size()) +
               ") = " + quote_text(fingerprint);
    }
    auto rows = c.query(sql + " ORDER BY run DESC");
    if (!rows->next()) {
        throw database_error(
            "the database '" + c.name() + "' has no stored run for period " + std::string(period) +
            (fingerprint.empty() ? std::string()
                                 : " with a fingerprint starting " + std::string(fingerprint)));
    }
    chosen_run out;
    out.run = static_cast<std::int64_t>(rows->get(0).number);
    out.fingerprint = rows->get(1).text;
    out.dataset_hash = rows->get(2).text;
    out.library_version = rows->get(3).text;
    return out;
}

}  // namespace

void init_results_schema(std::string_view target, const database_options& options) {
    const auto c = detail::db::open(target, detail::db::open_mode::write, options);
    detail::db::in_transaction(*c, [&] {
        if (schema_present(*c)) {
            check_schema(*c);
            return;
        }
        for (int table = 0; table < 4; ++table) {
            c->execute(schema_sql(*c, table));
        }
        c->execute("INSERT INTO antq_schema (version) VALUES (" +
                   std::to_string(results_schema_version) + ")");
    });
}

bool upgrade_results_schema(std::string_view target, const database_options& options) {
    const auto c = detail::db::open(target, detail::db::open_mode::write, options);
    return detail::db::in_transaction(*c, [&] {
        if (!schema_present(*c)) {
            throw database_error("the database '" + c->name() +
                                 "' has no antq results tables to upgrade: create them with "
                                 "`antq db init --to ...` (antq::init_results_schema)");
        }
        const int version = schema_version(*c);
        if (version == results_schema_version) {
            return false;
        }
        if (version != 1) {
            throw database_error(version_mismatch(*c, version));
        }
        // Version 1 keyed every row by the fingerprint and the period: the tables are set
        // aside, version 2's made, the rows copied with run numbers given in the order the
        // runs were stored, and the old tables dropped, all in this one transaction.
        for (const std::string_view table : {"antq_runs", "antq_run_rulebooks", "antq_results"}) {
            c->execute("ALTER TABLE " + std::string(table) + " RENAME TO antq_v1_" +
                       std::string(table.substr(5)));
        }
        for (int table = 1; table < 4; ++table) {
            c->execute(schema_sql(*c, table));
        }
        c->execute(
            "INSERT INTO antq_runs (run, fingerprint, period, stored_at, library_version, "
            "dataset_hash) SELECT ROW_NUMBER() OVER (ORDER BY stored_at, " +
            c->text_order("fingerprint") + ", " + c->text_order("period") +
            "), fingerprint, period, stored_at, library_version, dataset_hash FROM antq_v1_runs");
        c->execute(
            "INSERT INTO antq_run_rulebooks (run, position, rulebook, version, rulebook_hash) "
            "SELECT u.run, b.position, b.rulebook, b.version, b.rulebook_hash FROM "
            "antq_v1_run_rulebooks b JOIN antq_runs u ON u.fingerprint = b.fingerprint AND "
            "u.period = b.period");
        // Version 1 stored no decisions: their columns stay NULL.
        c->execute(
            "INSERT INTO antq_results (run, rulebook, subject, status, score, max_score, tier, "
            "action, \"group\", rank, message) SELECT u.run, r.rulebook, r.subject, r.status, "
            "r.score, r.max_score, r.tier, r.action, r.\"group\", r.rank, r.message FROM "
            "antq_v1_results r JOIN antq_runs u ON u.fingerprint = r.fingerprint AND u.period = "
            "r.period");
        for (const std::string_view table : {"results", "run_rulebooks", "runs"}) {
            c->execute("DROP TABLE antq_v1_" + std::string(table));
        }
        c->execute("UPDATE antq_schema SET version = " + std::to_string(results_schema_version));
        return true;
    });
}

bool store_evaluation(const evaluation& run, std::string_view target,
                      const database_options& options) {
    const auto c = detail::db::open(target, detail::db::open_mode::write, options);
    const std::string period = period_of(run);
    const bool tables = c->table_exists("antq_runs");
    return detail::db::in_transaction(
        *c,
        [&] {
            check_schema(*c);
            {
                auto existing = c->query(
                    "SELECT 1 FROM antq_runs WHERE fingerprint = " + quote_text(run.fingerprint()) +
                    " AND period = " + quote_text(period));
                if (existing->next()) {
                    return false;
                }
            }
            double number = 1;
            {
                auto last = c->query("SELECT max(run) FROM antq_runs");
                if (last->next()) {
                    if (const auto v = last->get(0); v.kind == value_kind::number) {
                        number = v.number + 1;
                    }
                }
            }
            std::string run_text;
            detail::db::append_value_text(run_text, number);
            c->execute(
                "INSERT INTO antq_runs (run, fingerprint, period, stored_at, library_version, "
                "dataset_hash) VALUES (" +
                run_text + ", " + quote_text(run.fingerprint()) + ", " + quote_text(period) + ", " +
                quote_text(utc_now()) + ", " + quote_text(run.library_version()) + ", " +
                quote_text(run.dataset_hash()) + ")");
            const auto results = run.results();
            static constexpr std::array<std::string_view, 5> book_columns{
                "run", "position", "rulebook", "version", "rulebook_hash"};
            c->insert("antq_run_rulebooks", book_columns, results.size(),
                      [&](std::size_t i, std::span<value> v) {
                          const results_header& h = results[i].header();
                          v[0] = {value_kind::number, {}, number};
                          v[1] = {value_kind::number, {}, static_cast<double>(i + 1)};
                          v[2] = {value_kind::text, h.rulebook, 0};
                          v[3] = {value_kind::text, h.version, 0};
                          v[4] = {value_kind::text, run.rulebook_hashes()[i], 0};
                      });
            static constexpr std::array<std::string_view, 15> result_columns{
                "run",       "rulebook",     "subject",         "status",        "score",
                "max_score", "tier",         "action",          "group",         "rank",
                "message",   "decided_tier", "decision_number", "decision_date", "decision_stale"};
            std::string date_text;
            for (const rulebook_results& r : results) {
                const results_header& h = r.header();
                const results_columns& col = r.columns();
                const bool decided = r.has_decisions();
                c->insert(
                    "antq_results", result_columns, col.subject.size(),
                    [&](std::size_t i, std::span<value> v) {
                        v[0] = {value_kind::number, {}, number};
                        v[1] = {value_kind::text, h.rulebook, 0};
                        v[2] = {value_kind::text, col.subject[i], 0};
                        v[3] = {value_kind::text, to_string(col.status[i]), 0};
                        v[4] = {value_kind::number, {}, col.score[i]};
                        v[5] = {value_kind::number, {}, col.max_score[i]};
                        if (col.tier[i] != no_tier) {
                            const tier_summary& t = h.tiers[static_cast<std::size_t>(col.tier[i])];
                            v[6] = {value_kind::text, t.id, 0};
                            // The subject's own action: a tier's `action_when` may give
                            // it the tier's `otherwise`.
                            if (const std::string_view a = r.action(i); !a.empty()) {
                                v[7] = {value_kind::text, a, 0};
                            }
                        }
                        if (col.group[i] < col.group_names.size() &&
                            !col.group_names[col.group[i]].empty()) {
                            v[8] = {value_kind::text, col.group_names[col.group[i]], 0};
                        }
                        if (col.rank[i] != no_rank) {
                            v[9] = {value_kind::number, {}, static_cast<double>(col.rank[i])};
                        }
                        if (!col.message[i].empty()) {
                            v[10] = {value_kind::text, col.message[i], 0};
                        }
                        if (!decided) {
                            return;
                        }
                        // The cells of the results CSV's decision columns.
                        if (const std::int32_t t = col.decided_tier[i]; t != no_tier) {
                            v[11] = {value_kind::text, h.tiers[static_cast<std::size_t>(t)].id, 0};
                        }
                        if (const result_decision* d = r.decision_of(i)) {
                            v[12] = {value_kind::text, d->decision.number, 0};
                            if (!d->decision.decided_on.is_special()) {
                                date_text = format_date(d->decision.decided_on);
                                v[13] = {value_kind::text, date_text, 0};
                            }
                            v[14] = {value_kind::boolean, {}, d->stale ? 1.0 : 0.0};
                        }
                    });
            }
            return true;
        },
        tables ? c->begin_writing("antq_runs") : std::string("BEGIN"));
}

std::vector<stored_run> list_runs(std::string_view target, const database_options& options) {
    const auto c = detail::db::open(target, detail::db::open_mode::read, options);
    return detail::db::in_transaction(*c, [&] {
        check_schema(*c);
        std::vector<stored_run> runs;
        {
            auto rows = c->query(
                "SELECT run, fingerprint, period, stored_at, library_version, dataset_hash FROM "
                "antq_runs ORDER BY run");
            while (rows->next()) {
                stored_run r;
                r.run = static_cast<std::int64_t>(rows->get(0).number);
                r.fingerprint = rows->get(1).text;
                r.period = rows->get(2).text;
                r.stored_at = rows->get(3).text;
                r.library_version = rows->get(4).text;
                r.dataset_hash = rows->get(5).text;
                runs.push_back(std::move(r));
            }
        }
        auto rows = c->query(
            "SELECT run, rulebook, version FROM antq_run_rulebooks ORDER BY run, position");
        auto r = runs.begin();
        while (rows->next()) {
            const auto number = static_cast<std::int64_t>(rows->get(0).number);
            while (r != runs.end() && r->run < number) {
                ++r;
            }
            if (r != runs.end() && r->run == number) {
                r->rulebooks.push_back(std::string(rows->get(1).text) + "@" +
                                       std::string(rows->get(2).text));
            }
        }
        return runs;
    });
}

namespace {

std::vector<stored_result> read_results_of(connection& c, const chosen_run& chosen,
                                           std::string_view period) {
    std::vector<stored_result> out;
    auto rows = c.query(
        "SELECT r.subject, r.rulebook, b.version, r.status, r.score, r.max_score, r.tier, "
        "r.action, r.\"group\", r.rank, r.message, r.decided_tier, r.decision_number, "
        "r.decision_date, r.decision_stale FROM antq_results r JOIN antq_run_rulebooks b ON "
        "b.run = r.run AND b.rulebook = r.rulebook WHERE r.run = " +
        std::to_string(chosen.run) + " ORDER BY b.position, " + c.text_order("r.subject"));
    while (rows->next()) {
        stored_result s;
        s.subject = rows->get(0).text;
        s.period = std::string(period);
        s.rulebook = rows->get(1).text;
        s.version = rows->get(2).text;
        s.status = rows->get(3).text;
        if (const auto v = rows->get(4); v.kind == value_kind::number) {
            s.score = v.number;
        }
        if (const auto v = rows->get(5); v.kind == value_kind::number) {
            s.max_score = v.number;
        }
        s.tier = rows->get(6).text;
        s.action = rows->get(7).text;
        s.group = rows->get(8).text;
        if (const auto v = rows->get(9); v.kind == value_kind::number) {
            s.rank = static_cast<std::uint32_t>(v.number);
        }
        s.message = rows->get(10).text;
        s.decided_tier = rows->get(11).text;
        s.decision_number = rows->get(12).text;
        s.decision_date = rows->get(13).text;
        if (const auto v = rows->get(14);
            v.kind == value_kind::number || v.kind == value_kind::boolean) {
            s.decision_stale = v.number != 0;
        }
        out.push_back(std::move(s));
    }
    return out;
}

}  // namespace

std::vector<stored_result> read_stored_results(std::string_view target, std::string_view period,
                                               std::string_view fingerprint,
                                               const database_options& options) {
    const auto c = detail::db::open(target, detail::db::open_mode::read, options);
    return detail::db::in_transaction(*c, [&] {
        check_schema(*c);
        return read_results_of(*c, choose_run(*c, period, fingerprint), period);
    });
}

namespace {

/// The version of `book` named `version`, or nullopt.
std::optional<std::size_t> version_named(const compiled_rulebook& book, std::string_view version) {
    const auto& versions = book.source().versions;
    for (std::size_t v = 0; v < versions.size(); ++v) {
        if (versions[v].version == version) {
            return v;
        }
    }
    return std::nullopt;
}

/// Gives results read back from the tables the header their rulebook's version gives
/// (`rulebook_header`), with every row's tier and decided tier pointing into its tiers and the
/// action each row was stored with read as the branch of its tier's conditional action.
rulebook_results with_rulebook_header(const rulebook_results& stored, const compiled_rulebook& book,
                                      std::size_t version, const std::string& database,
                                      std::int64_t run) {
    const results_header& sh = stored.header();
    results_header h = rulebook_header(book, version, sh.period_text);
    h.fingerprint = sh.fingerprint;
    h.criteria.clear();  // the tables keep no criterion columns
    for (auto& t : h.tiers) {
        t.requires_criteria.clear();
    }
    results_columns col = stored.columns();
    const auto index_of = [&](std::int32_t stored_tier, std::size_t row) -> std::int32_t {
        if (stored_tier == no_tier) {
            return no_tier;
        }
        const std::string& id = sh.tiers[static_cast<std::size_t>(stored_tier)].id;
        for (std::size_t t = 0; t < h.tiers.size(); ++t) {
            if (h.tiers[t].id == id) {
                return static_cast<std::int32_t>(t);
            }
        }
        throw database_error("the database '" + database + "' has run " + std::to_string(run) +
                             " of period " + sh.period_text + " give subject '" +
                             std::string(col.subject[row]) + "' the tier '" + id +
                             "', which version " + h.version + " of rulebook '" + h.rulebook +
                             "' does not have");
    };
    const std::size_t n = col.tier.size();
    for (std::size_t row = 0; row < n; ++row) {
        col.tier[row] = index_of(col.tier[row], row);
        col.qualified_tier[row] = col.tier[row];
        if (!col.decided_tier.empty()) {
            col.decided_tier[row] = index_of(col.decided_tier[row], row);
        }
    }
    // The action each row was stored with says which branch of a conditional action held.
    col.action_branches.clear();
    const bool conditional = std::any_of(h.tiers.begin(), h.tiers.end(),
                                         [](const tier_summary& t) { return !t.action_when.empty(); });
    if (conditional) {
        col.action_branches.assign(h.tiers.size() * n, action_branch::fixed);
        for (std::size_t row = 0; row < n; ++row) {
            if (col.tier[row] == no_tier) {
                continue;
            }
            const auto t = static_cast<std::size_t>(col.tier[row]);
            if (!h.tiers[t].action_when.empty()) {
                col.action_branches[t * n + row] =
                    stored.action(row) == h.tiers[t].action ? action_branch::held
                                                             : action_branch::failed;
            }
        }
    }
    return rulebook_results(std::move(h), std::move(col));
}

evaluation read_evaluation(std::string_view target, std::string_view period,
                           std::string_view fingerprint, const database_options& options,
                           const rulebook_set* rules) {
    const auto c = detail::db::open(target, detail::db::open_mode::read, options);
    std::vector<stored_result> rows;
    chosen_run chosen;
    std::vector<std::string> hashes;
    std::vector<std::string> books;
    std::vector<std::string> versions;
    // One snapshot: the run, its rulebooks and its results as one transaction saw them.
    detail::db::in_transaction(*c, [&] {
        check_schema(*c);
        chosen = choose_run(*c, period, fingerprint);
        rows = read_results_of(*c, chosen, period);
        auto rulebooks = c->query(
            "SELECT rulebook, version, rulebook_hash FROM antq_run_rulebooks WHERE run = " +
            std::to_string(chosen.run) + " ORDER BY position");
        while (rulebooks->next()) {
            books.emplace_back(rulebooks->get(0).text);
            versions.emplace_back(rulebooks->get(1).text);
            hashes.emplace_back(rulebooks->get(2).text);
        }
    });
    std::string dataset_hash = std::move(chosen.dataset_hash);
    std::string library_version = std::move(chosen.library_version);
    std::vector<rulebook_results> results;
    auto next = rows.begin();
    for (std::size_t b = 0; b < books.size(); ++b) {
        results_header h;
        h.rulebook = books[b];
        h.title = books[b];
        h.version = versions[b];
        h.period_text = std::string(period);
        h.fingerprint = chosen.fingerprint;
        results_columns col;
        std::unordered_map<std::string, std::int32_t> tier_of;
        std::unordered_map<std::string, std::uint32_t> group_of;
        std::vector<std::string_view> actions;  ///< per row, as stored
        std::vector<std::string_view> decided;  ///< per row, as stored
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
            decided.push_back(r.decided_tier);
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
        // The decided tiers stored beside the proposals (schema version 2), so that what
        // stood in a stored period is read as it stood (`standing_tier`).
        if (std::any_of(decided.begin(), decided.end(),
                        [](std::string_view t) { return !t.empty(); })) {
            col.decided_tier.assign(decided.size(), no_tier);
            for (std::size_t row = 0; row < decided.size(); ++row) {
                if (decided[row].empty()) {
                    continue;
                }
                const auto [it, added] = tier_of.emplace(std::string(decided[row]),
                                                         static_cast<std::int32_t>(h.tiers.size()));
                if (added) {
                    tier_summary t;
                    t.id = it->first;
                    t.label = it->first;
                    h.tiers.push_back(std::move(t));
                }
                col.decided_tier[row] = it->second;
            }
        }
        restore_action_branches(h, col, actions);
        const compiled_rulebook* book = rules == nullptr ? nullptr : rules->find(books[b]);
        if (book == nullptr) {
            results.emplace_back(std::move(h), std::move(col));
            continue;
        }
        const auto version = version_named(*book, versions[b]);
        if (!version) {
            h.title = book->source().title;
            results.emplace_back(std::move(h), std::move(col));
            continue;
        }
        results.push_back(with_rulebook_header(rulebook_results(std::move(h), std::move(col)),
                                               *book, *version, c->name(), chosen.run));
    }
    return evaluation(std::move(results), std::move(hashes), std::move(dataset_hash),
                      std::move(library_version));
}

}  // namespace

evaluation read_stored_evaluation(std::string_view target, std::string_view period,
                                  std::string_view fingerprint, const database_options& options) {
    return read_evaluation(target, period, fingerprint, options, nullptr);
}

evaluation read_stored_evaluation(std::string_view target, std::string_view period,
                                  const rulebook_set& rules, std::string_view fingerprint,
                                  const database_options& options) {
    return read_evaluation(target, period, fingerprint, options, &rules);
}

}  // namespace antq
