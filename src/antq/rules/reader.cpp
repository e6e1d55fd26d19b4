#include "antq/rules/reader.hpp"

#include "antq/engines/criterion_words.hpp"
#include "antq/rules/rulebook_words.hpp"
#include "antq/rules/schema_fields.hpp"
#include "antq/suggestion.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <functional>
#include <map>
#include <span>
#include <vector>

namespace antq::detail::rules {

namespace {

// The statuses a test case may expect: the words of `result_status` (antq/result.hpp, a
// layer above), kept as text here and compared with the result's word by `antq test`.
constexpr std::array<detail::enum_word<std::string_view>, 4> expected_status_words = {{
    {"evaluated", "evaluated"},
    {"not_eligible", "not_eligible"},
    {"error", "error"},
    {"incomplete", "incomplete"},
}};

// The keys of a section of the schema (schema_fields.hpp); empty for a mapping of ids.
using keys = std::span<const schema_field>;

std::string join(keys fields) {
    std::string text;
    for (const auto& f : fields) {
        if (!text.empty()) {
            text += ", ";
        }
        text += f.key;
    }
    return text;
}

bool contains(keys fields, std::string_view key) {
    return std::any_of(fields.begin(), fields.end(),
                       [&](const schema_field& f) { return f.key == key; });
}

std::string shorten(std::string_view text) {
    constexpr std::size_t limit = 40;
    if (text.size() <= limit) {
        return std::string(text);
    }
    std::size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U) {
        --cut;  // never cut a character in two
    }
    return std::string(text.substr(0, cut)) + "...";
}

// The space-separated words of `text`, without empty ones.
std::vector<std::string_view> split_words(std::string_view text) {
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == ' ') {
            ++i;
            continue;
        }
        const std::size_t end = std::min(text.find(' ', i), text.size());
        words.push_back(text.substr(i, end - i));
        i = end;
    }
    return words;
}

bool is_null_word(std::string_view t) {
    return t == "~" || t == "null" || t == "Null" || t == "NULL";
}

// What a node is, as a message shows it: 'twenty', "twenty", a list, a mapping, nothing.
std::string describe(const yaml_node& n) {
    switch (n.type) {
        case yaml_node::kind::null:
            return "nothing";
        case yaml_node::kind::sequence:
            return "a list";
        case yaml_node::kind::mapping:
            return "a mapping";
        case yaml_node::kind::scalar:
            break;
    }
    if (n.plain && is_null_word(n.text)) {
        return "nothing";
    }
    return n.plain ? "'" + shorten(n.text) + "'" : "\"" + shorten(n.text) + "\"";
}

// A YAML 1.2 (core schema) number: decimal, optional sign, fraction and exponent.
std::optional<double> parse_number(std::string_view t) {
    if (t.empty()) {
        return std::nullopt;
    }
    std::string_view body = t;
    if (body.front() == '+') {
        body.remove_prefix(1);
    }
    if (body.empty() || body.front() == '+') {
        return std::nullopt;
    }
    double value = 0;
    const auto* end = body.data() + body.size();
    const auto [ptr, ec] = std::from_chars(body.data(), end, value, std::chars_format::general);
    if (ec != std::errc{} || ptr != end) {
        return std::nullopt;
    }
    // from_chars also reads "inf" and "nan", which are not numbers a rule should hold.
    const bool digits_only = std::all_of(body.begin(), body.end(), [](char c) {
        return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+';
    });
    if (!digits_only) {
        return std::nullopt;
    }
    return value;
}

std::optional<bool> parse_bool(std::string_view t) {
    if (t == "true" || t == "True" || t == "TRUE") {
        return true;
    }
    if (t == "false" || t == "False" || t == "FALSE") {
        return false;
    }
    return std::nullopt;
}

std::string join_path(const std::string& base, std::string_view key) {
    return base.empty() ? std::string(key) : base + "/" + std::string(key);
}

std::string join_path(const std::string& base, std::size_t index) {
    return join_path(base, std::to_string(index));
}

class reader {
  public:
    reader(const line_index& lines, rulebook& book, diagnostic_list& problems, broken_paths& broken)
        : lines_(lines), book_(book), problems_(problems), broken_(broken) {}

    bool read_document(const yaml_node& root);
    void read_cases(const yaml_node& root, std::vector<rulebook_test>& tests,
                    std::string& rulebook_id);

  private:
    using visitor = std::function<void(const std::string& key, const yaml_node& value,
                                       const std::string& path)>;

    [[nodiscard]] source_location at(const yaml_node& n) const { return lines_.locate(n.offset); }

    void note(const std::string& path, const yaml_node& n) { book_.locations[path] = at(n); }

    void fail(const yaml_node& n, const std::string& path, std::string message) {
        problems_.add(at(n), std::move(message));
        broken_.insert(path);
    }

    void type_error(const yaml_node& n, const std::string& path, std::string_view name,
                    std::string_view expected) {
        fail(n, path,
             "'" + std::string(name) + "' must be " + std::string(expected) + ", got " +
                 describe(n));
    }

    // Visits the entries of a mapping in order. Reports keys that repeat, keys that are not
    // scalars and, unless `known` is empty (a mapping of ids), keys not in `known`.
    void entries(const yaml_node& map, const std::string& path, std::string_view what, keys known,
                 const visitor& visit);

    // Reports the keys marked `required` in `fields` that `map` (at `path`) lacks, unless an
    // unknown key was already reported as a likely typo of it.
    void require(const yaml_node& map, const std::string& path, std::string_view what, keys fields);

    bool expect_mapping(const yaml_node& n, const std::string& path, std::string_view name) {
        if (n.is_mapping()) {
            return true;
        }
        type_error(n, path, name, "a mapping of keys");
        return false;
    }

    bool expect_list(const yaml_node& n, const std::string& path, std::string_view name) {
        if (n.is_sequence()) {
            return true;
        }
        type_error(n, path, name, "a list");
        return false;
    }

    std::optional<std::string> text(const yaml_node& n, const std::string& path,
                                    std::string_view name) {
        note(path, n);
        if (!n.is_scalar() || (n.plain && is_null_word(n.text))) {
            type_error(n, path, name, "a text");
            return std::nullopt;
        }
        return n.text;
    }

    std::optional<double> number(const yaml_node& n, const std::string& path,
                                 std::string_view name) {
        note(path, n);
        if (n.is_scalar() && n.plain) {
            if (const auto v = parse_number(n.text)) {
                return v;
            }
        }
        type_error(n, path, name, "a number");
        return std::nullopt;
    }

    std::optional<long long> integer(const yaml_node& n, const std::string& path,
                                     std::string_view name) {
        note(path, n);
        if (n.is_scalar() && n.plain) {
            long long v = 0;
            const auto* end = n.text.data() + n.text.size();
            const auto [ptr, ec] = std::from_chars(n.text.data(), end, v);
            if (ec == std::errc{} && ptr == end) {
                return v;
            }
        }
        type_error(n, path, name, "a whole number");
        return std::nullopt;
    }

    std::optional<int> count(const yaml_node& n, const std::string& path, std::string_view name,
                             long long most) {
        const auto v = integer(n, path, name);
        if (!v) {
            return std::nullopt;
        }
        if (*v < 0 || *v > most) {
            fail(n, path,
                 "'" + std::string(name) + "' must be between 0 and " + std::to_string(most) +
                     ", got " + n.text);
            return std::nullopt;
        }
        return static_cast<int>(*v);
    }

    std::optional<expression> formula(const yaml_node& n, const std::string& path,
                                      std::string_view name) {
        note(path, n);
        if (!n.is_scalar() || (n.plain && is_null_word(n.text))) {
            type_error(n, path, name, "an expression (a text)");
            return std::nullopt;
        }
        return expression{n.text, lines_.locate(content_offset(lines_.text(), n))};
    }

    std::optional<date> day(const yaml_node& n, const std::string& path, std::string_view name) {
        note(path, n);
        if (n.is_scalar()) {
            if (const auto d = try_parse_date(n.text)) {
                return d;
            }
        }
        type_error(n, path, name, "a date like 2024-12-14 or 14/12/2024");
        return std::nullopt;
    }

    // One of the words of `table`, as the value the table gives it.
    template <typename Enum, std::size_t N>
    std::optional<Enum> word(const yaml_node& n, const std::string& path, std::string_view name,
                             const std::array<detail::enum_word<Enum>, N>& table) {
        note(path, n);
        if (n.is_scalar()) {
            if (const auto value = detail::value_of<Enum>(table, n.text)) {
                return value;
            }
        }
        std::string message = "'" + std::string(name) + "' must be one of " +
                              detail::words_of<Enum>(table) + ", got " + describe(n);
        if (n.is_scalar()) {
            std::vector<std::string> candidates;
            candidates.reserve(N);
            for (const detail::enum_word<Enum>& e : table) {
                candidates.emplace_back(e.word);
            }
            if (const auto close = detail::closest_match(n.text, candidates)) {
                message += " (did you mean '" + *close + "'?)";
            }
        }
        fail(n, path, std::move(message));
        return std::nullopt;
    }

    std::vector<std::string> text_list(const yaml_node& n, const std::string& path,
                                       std::string_view name) {
        std::vector<std::string> out;
        note(path, n);
        if (!expect_list(n, path, name)) {
            return out;
        }
        for (std::size_t i = 0; i < n.items.size(); ++i) {
            if (auto t = text(n.items[i], join_path(path, i), name)) {
                out.push_back(std::move(*t));
            }
        }
        return out;
    }

    test_value value_of(const yaml_node& n) {
        if (n.is_null() || (n.plain && is_null_word(n.text))) {
            return std::nullopt;
        }
        if (n.plain) {
            if (const auto b = parse_bool(n.text)) {
                return *b;
            }
            if (const auto v = parse_number(n.text)) {
                return *v;
            }
        }
        return n.text;
    }

    void read_period(const yaml_node& n);
    void read_version(const yaml_node& n, const std::string& path, rulebook_version& v);
    void read_engine_options(const yaml_node& n, const std::string& path, engine_options& o);
    void read_indicator(const yaml_node& n, const std::string& path, indicator& ind);
    void read_criterion(const yaml_node& n, const std::string& path, criterion& c);
    void read_tier(const yaml_node& n, const std::string& path, tier& t);
    void read_quota(const yaml_node& n, const std::string& path, quota& q);
    void read_ranking(const yaml_node& n, const std::string& path, ranking& r);
    void read_rollup(const yaml_node& n, const std::string& path, rollup& r);
    void read_tests(const yaml_node& n, const std::string& path, std::vector<rulebook_test>& out);
    void read_test(const yaml_node& n, const std::string& path, rulebook_test& t);
    void read_expectation(const yaml_node& n, const std::string& path, test_expectation& e);
    void read_values(const yaml_node& n, const std::string& path, std::string_view name,
                     std::map<std::string, test_value>& out);

    const line_index& lines_;
    rulebook& book_;
    diagnostic_list& problems_;
    broken_paths& broken_;
};

void reader::entries(const yaml_node& map, const std::string& path, std::string_view what,
                     keys known, const visitor& visit) {
    std::map<std::string, std::size_t, std::less<>> seen;
    for (std::size_t i = 0; i < map.entry_count(); ++i) {
        const yaml_node& key = map.key(i);
        if (!key.is_scalar()) {
            problems_.add(at(key), "keys must be plain words, got " + describe(key));
            continue;
        }
        if (const auto first = seen.find(key.text); first != seen.end()) {
            problems_.add(at(key), "duplicate key '" + key.text + "' (first written at line " +
                                       std::to_string(lines_.locate(first->second).line) + ")");
            continue;
        }
        seen.emplace(key.text, key.offset);
        if (known.size() > 0 && !contains(known, key.text)) {
            std::string message = "unknown key '" + key.text + "' in " + std::string(what);
            std::vector<std::string> candidates;
            candidates.reserve(known.size());
            for (const auto& f : known) {
                candidates.emplace_back(f.key);
            }
            if (const auto close = detail::closest_match(key.text, candidates)) {
                message += " (did you mean '" + *close + "'?)";
                broken_.insert(join_path(path, *close));  // not also missing
            } else {
                message += " (expected one of: " + join(known) + ")";
            }
            problems_.add(at(key), std::move(message));
            continue;
        }
        const std::string child = join_path(path, key.text);
        if (known.size() == 0) {
            note(child, key);  // a mapping of ids: the id is where the entry is
        }
        visit(key.text, map.value(i), child);
    }
}

void reader::require(const yaml_node& map, const std::string& path, std::string_view what,
                     keys fields) {
    for (const auto& field : fields) {
        if (!field.required) {
            continue;
        }
        const std::string_view name = field.key;
        bool found = broken_.count(join_path(path, name)) > 0;
        for (std::size_t i = 0; i < map.entry_count() && !found; ++i) {
            found = map.key(i).is_scalar() && map.key(i).text == name;
        }
        if (!found) {
            problems_.add(at(map),
                          "missing key '" + std::string(name) + "' in " + std::string(what));
        }
    }
}

bool reader::read_document(const yaml_node& root) {
    if (!root.is_mapping()) {
        problems_.add(at(root),
                      "a rulebook must be a mapping of keys (antq, id, title, subject, "
                      "versions...), got " +
                          describe(root));
        return false;
    }
    require(root, "", "the rulebook", rulebook_fields);
    book_.format = 0;  // until `antq:` is read
    entries(root, "", "the rulebook", rulebook_fields,
            [&](const std::string& key, const yaml_node& v, const std::string& path) {
                if (key == "antq") {
                    if (const auto f = integer(v, path, key)) {
                        if (*f != 1) {
                            fail(v, path,
                                 "unsupported format version " + v.text +
                                     " (this library reads 'antq: 1')");
                        }
                        book_.format = 1;
                    }
                } else if (key == "id") {
                    if (auto t = text(v, path, key)) {
                        book_.id = std::move(*t);
                    }
                } else if (key == "title") {
                    if (auto t = text(v, path, key)) {
                        book_.title = std::move(*t);
                    }
                } else if (key == "subject") {
                    if (const auto k = word(v, path, key, detail::subject_kind_words)) {
                        book_.subject = *k;
                    }
                } else if (key == "applies_to") {
                    if (auto e = formula(v, path, key)) {
                        book_.applies_to = std::move(*e);
                    }
                } else if (key == "period") {
                    read_period(v);
                } else if (key == "note") {
                    if (auto t = text(v, path, key)) {
                        book_.note = std::move(*t);
                    }
                } else if (key == "versions") {
                    if (!expect_list(v, path, key)) {
                        return;
                    }
                    note(path, v);
                    for (std::size_t i = 0; i < v.items.size(); ++i) {
                        rulebook_version version;
                        read_version(v.items[i], join_path(path, i), version);
                        book_.versions.push_back(std::move(version));
                    }
                } else if (key == "tests") {
                    read_tests(v, path, book_.tests);
                }
            });
    return true;
}

void reader::read_period(const yaml_node& n) {
    const std::string path = "period";
    note(path, n);
    const auto parse = [&](const yaml_node& v, const std::string& p) {
        try {
            book_.period = year_start::parse(v.text);
        } catch (const usage_error&) {
            fail(v, p, "'year_starts' must be a month and day like \"11-16\", got " + describe(v));
        }
    };
    if (n.is_scalar()) {
        if (n.text == "calendar-year") {
            book_.period = year_start{1, 1};
            return;
        }
        fail(n, path,
             "'period' must be calendar-year or {year_starts: \"MM-DD\"}, got " + describe(n));
        return;
    }
    if (!expect_mapping(n, path, "period")) {
        return;
    }
    require(n, path, "'period'", period_fields);
    entries(n, path, "'period'", period_fields,
            [&](const std::string& key, const yaml_node& v, const std::string& p) {
                if (text(v, p, key)) {
                    parse(v, p);
                }
            });
}

void reader::read_version(const yaml_node& n, const std::string& path, rulebook_version& v) {
    v.where = at(n);
    note(path, n);
    if (!expect_mapping(n, path, "versions")) {
        return;
    }
    entries(n, path, "a version", version_fields,
            [&](const std::string& key, const yaml_node& value, const std::string& p) {
                if (key == "version") {
                    if (auto t = text(value, p, key)) {
                        v.version = std::move(*t);
                    }
                } else if (key == "effective") {
                    if (const auto d = day(value, p, key)) {
                        v.effective = *d;
                    }
                } else if (key == "engine") {
                    if (auto t = text(value, p, key)) {
                        v.engine = std::move(*t);
                    }
                } else if (key == "engine_options") {
                    read_engine_options(value, p, v.options);
                } else if (key == "basis") {
                    if (auto t = text(value, p, key)) {
                        v.basis = std::move(*t);
                    }
                } else if (key == "note") {
                    if (auto t = text(value, p, key)) {
                        v.note = std::move(*t);
                    }
                } else if (key == "max_score") {
                    v.max_score = number(value, p, key);
                } else if (key == "rounding") {
                    if (!expect_mapping(value, p, key)) {
                        return;
                    }
                    note(p, value);
                    entries(value, p, "'rounding'", rounding_fields,
                            [&](const std::string& k, const yaml_node& x, const std::string& q) {
                                if (const auto d = count(x, q, k, 6)) {
                                    v.rounding_digits = *d;
                                }
                            });
                } else if (key == "eligibility") {
                    if (!expect_mapping(value, p, key)) {
                        return;
                    }
                    note(p, value);
                    entries(value, p, "'eligibility'", eligibility_fields,
                            [&](const std::string& k, const yaml_node& x, const std::string& q) {
                                const auto d = count(x, q, k, 366LL * 100);
                                (k == "min_active_days" ? v.eligibility.min_active_days
                                                        : v.eligibility.min_active_months) = d;
                            });
                } else if (key == "parameters") {
                    if (!expect_mapping(value, p, key)) {
                        return;
                    }
                    entries(value, p, "'parameters'", {},
                            [&](const std::string& id, const yaml_node& x, const std::string& q) {
                                parameter param;
                                param.id = id;
                                param.where = book_.locations[q];
                                if (const auto d = number(x, q + "/value", id)) {
                                    param.value = *d;
                                }
                                v.parameters.push_back(std::move(param));
                            });
                } else if (key == "indicators") {
                    if (!expect_mapping(value, p, key)) {
                        return;
                    }
                    entries(value, p, "'indicators'", {},
                            [&](const std::string& id, const yaml_node& x, const std::string& q) {
                                indicator ind;
                                ind.id = id;
                                ind.where = book_.locations[q];
                                read_indicator(x, q, ind);
                                v.indicators.push_back(std::move(ind));
                            });
                } else if (key == "derived") {
                    if (!expect_mapping(value, p, key)) {
                        return;
                    }
                    entries(value, p, "'derived'", {},
                            [&](const std::string& id, const yaml_node& x, const std::string& q) {
                                derived_value d;
                                d.id = id;
                                if (auto e = formula(x, q + "/value", id)) {
                                    d.formula = std::move(*e);
                                } else {
                                    d.formula.where = book_.locations[q];
                                }
                                v.derived.push_back(std::move(d));
                            });
                } else if (key == "criteria") {
                    if (!expect_list(value, p, key)) {
                        return;
                    }
                    note(p, value);
                    for (std::size_t i = 0; i < value.items.size(); ++i) {
                        criterion c;
                        read_criterion(value.items[i], join_path(p, i), c);
                        v.criteria.push_back(std::move(c));
                    }
                } else if (key == "tiers") {
                    if (!expect_list(value, p, key)) {
                        return;
                    }
                    note(p, value);
                    for (std::size_t i = 0; i < value.items.size(); ++i) {
                        tier t;
                        read_tier(value.items[i], join_path(p, i), t);
                        v.tiers.push_back(std::move(t));
                    }
                } else if (key == "ranking") {
                    read_ranking(value, p, v.ranking);
                } else if (key == "rollups") {
                    if (!expect_mapping(value, p, key)) {
                        return;
                    }
                    entries(value, p, "'rollups'", {},
                            [&](const std::string& id, const yaml_node& x, const std::string& q) {
                                rollup r;
                                r.id = id;
                                read_rollup(x, q, r);
                                r.where = book_.locations[q];
                                v.rollups.push_back(std::move(r));
                            });
                }
            });
}

nlohmann::json to_json(const yaml_node& n) {
    switch (n.type) {
        case yaml_node::kind::null:
            return nullptr;
        case yaml_node::kind::sequence: {
            auto array = nlohmann::json::array();
            for (const auto& item : n.items) {
                array.push_back(to_json(item));
            }
            return array;
        }
        case yaml_node::kind::mapping: {
            auto object = nlohmann::json::object();
            for (std::size_t i = 0; i < n.entry_count(); ++i) {
                object[n.key(i).text] = to_json(n.value(i));
            }
            return object;
        }
        case yaml_node::kind::scalar:
            break;
    }
    if (n.plain) {
        if (is_null_word(n.text)) {
            return nullptr;
        }
        if (const auto b = parse_bool(n.text)) {
            return *b;
        }
        long long whole = 0;
        const auto* end = n.text.data() + n.text.size();
        if (const auto [ptr, ec] = std::from_chars(n.text.data(), end, whole);
            ec == std::errc{} && ptr == end) {
            return whole;
        }
        if (const auto v = parse_number(n.text)) {
            return *v;
        }
    }
    return n.text;
}

void reader::read_engine_options(const yaml_node& n, const std::string& path, engine_options& o) {
    o.where = at(n);
    note(path, n);
    if (n.is_null()) {
        return;
    }
    if (!expect_mapping(n, path, "engine_options")) {
        return;
    }
    // Keys are the engine's to judge; only their repetition is a YAML matter.
    entries(n, path, "'engine_options'", {},
            [&](const std::string& key, const yaml_node&, const std::string& p) {
                o.key_locations[key] = book_.locations[p];
            });
    o.values = to_json(n);
}

void reader::read_indicator(const yaml_node& n, const std::string& path, indicator& ind) {
    if (!expect_mapping(n, path, ind.id)) {
        return;
    }
    require(n, path, "indicator '" + ind.id + "'", indicator_fields);
    entries(n, path, "an indicator", indicator_fields,
            [&](const std::string& key, const yaml_node& v, const std::string& p) {
                if (key == "type") {
                    if (const auto t = word(v, p, key, detail::indicator_type_words)) {
                        ind.type = *t;
                    }
                } else if (key == "missing") {
                    if (const auto m = word(v, p, key, detail::missing_policy_words)) {
                        ind.missing = *m;
                    }
                } else if (key == "title") {
                    if (auto t = text(v, p, key)) {
                        ind.title = std::move(*t);
                    }
                } else if (key == "by_type") {
                    if (const auto b = word(v, p, key, detail::boolean_words)) {
                        ind.by_type = *b;
                    }
                }
            });
}

void reader::read_criterion(const yaml_node& n, const std::string& path, criterion& c) {
    c.where = at(n);
    note(path, n);
    if (!expect_mapping(n, path, "criteria")) {
        broken_.insert(path);
        return;
    }
    require(n, path, "a criterion", criterion_fields);
    bool has_points = false;
    entries(
        n, path, "a criterion", criterion_fields,
        [&](const std::string& key, const yaml_node& v, const std::string& p) {
            if (key == "id" || key == "title" || key == "group" || key == "basis" ||
                key == "note" || key == "caps_at") {
                if (auto t = text(v, p, key)) {
                    (key == "id"      ? c.id
                     : key == "title" ? c.title
                     : key == "group" ? c.group
                     : key == "basis" ? c.basis
                     : key == "note"  ? c.note
                                      : c.caps_at) = std::move(*t);
                }
            } else if (key == "kind") {
                if (const auto k = word(v, p, key, detail::criterion_kind_words)) {
                    c.kind = *k;
                } else {
                    broken_.insert(path);  // what it needs cannot be told
                }
            } else if (key == "points") {
                has_points = true;
                if (const auto d = number(v, p, key)) {
                    c.points = *d;
                }
            } else if (key == "weight") {
                c.weight = number(v, p, key);
            } else if (key == "direction") {
                if (const auto d = word(v, p, key, detail::criterion_direction_words)) {
                    c.direction = *d;
                }
            } else {
                if (auto e = formula(v, p, key)) {
                    (key == "when" ? c.when : key == "score" ? c.score : c.value) = std::move(*e);
                }
            }
        });
    const bool counts_points = c.kind == criterion_kind::scored ||
                               c.kind == criterion_kind::penalty || c.kind == criterion_kind::bonus;
    if (counts_points && !has_points && broken_.count(path) == 0 &&
        broken_.count(path + "/points") == 0) {
        problems_.add(at(n), "missing key 'points' in criterion '" + c.id + "' (a " +
                                 std::string(to_string(c.kind)) + " criterion gives points)");
    }
}

void reader::read_tier(const yaml_node& n, const std::string& path, tier& t) {
    t.where = at(n);
    note(path, n);
    if (!expect_mapping(n, path, "tiers")) {
        return;
    }
    entries(n, path, "a tier", tier_fields,
            [&](const std::string& key, const yaml_node& v, const std::string& p) {
                if (key == "id" || key == "label" || key == "action" || key == "otherwise") {
                    if (auto x = text(v, p, key)) {
                        (key == "id"       ? t.id
                         : key == "label"  ? t.label
                         : key == "action" ? t.action
                                           : t.otherwise) = std::move(*x);
                    }
                } else if (key == "when" || key == "action_when") {
                    if (auto e = formula(v, p, key)) {
                        (key == "when" ? t.when : t.action_when) = std::move(*e);
                    }
                } else if (key == "requires") {
                    t.requires_criteria = text_list(v, p, key);
                } else if (key == "quota") {
                    quota q;
                    read_quota(v, p, q);
                    t.quota = std::move(q);
                }
            });
}

void reader::read_quota(const yaml_node& n, const std::string& path, quota& q) {
    q.where = at(n);
    note(path, n);
    if (!expect_mapping(n, path, "quota")) {
        return;
    }
    require(n, path, "a quota", quota_fields);
    entries(n, path, "a quota", quota_fields,
            [&](const std::string& key, const yaml_node& v, const std::string& p) {
                if (key == "max_share") {
                    if (const auto d = number(v, p, key)) {
                        q.max_share = *d;
                    }
                } else if (auto t = text(v, p, key)) {
                    (key == "within" ? q.within : q.relative_to) = std::move(*t);
                }
            });
}

void reader::read_ranking(const yaml_node& n, const std::string& path, ranking& r) {
    r.where = at(n);  // also marks the ranking as declared (rulebook.hpp)
    note(path, n);
    if (!expect_mapping(n, path, "ranking")) {
        return;
    }
    entries(n, path, "'ranking'", ranking_fields,
            [&](const std::string& key, const yaml_node& v, const std::string& p) {
                if (key == "within") {
                    if (auto t = text(v, p, key)) {
                        r.within = std::move(*t);
                    }
                } else if (key == "by") {
                    r.by = text_list(v, p, key);
                } else if (key == "method") {
                    if (const auto m = word(v, p, key, detail::rank_method_words)) {
                        r.method = *m;
                    }
                } else if (key == "order") {
                    note(p, v);
                    if (!expect_list(v, p, key)) {
                        return;
                    }
                    for (std::size_t i = 0; i < v.items.size(); ++i) {
                        const std::string q = join_path(p, i);
                        const auto t = text(v.items[i], q, key);
                        if (!t) {
                            continue;
                        }
                        order_key k;
                        k.where = at(v.items[i]);
                        // Split into words on spaces, never indexing past the text: a
                        // key may be all spaces, or end in spaces ("score ").
                        const auto words = split_words(*t);
                        k.key = words.empty() ? std::string() : std::string(words.front());
                        const std::string direction =
                            words.size() == 2 ? std::string(words[1]) : std::string();
                        if (words.empty()) {
                            fail(v.items[i], q, "empty ranking key");
                            continue;
                        }
                        if (direction == "desc" || direction == "asc") {
                            k.descending = direction == "desc";
                        } else if (words.size() == 1) {
                            fail(v.items[i], q,
                                 "ranking key '" + k.key + "' needs a direction: '" + k.key +
                                     " desc' or '" + k.key + " asc'");
                        } else {
                            fail(v.items[i], q,
                                 "ranking key '" + *t + "' must be a name then asc or desc");
                        }
                        r.order.push_back(std::move(k));
                    }
                }
            });
}

void reader::read_rollup(const yaml_node& n, const std::string& path, rollup& r) {
    if (!expect_mapping(n, path, r.id)) {
        return;
    }
    entries(n, path, "a roll-up", rollup_fields,
            [&](const std::string& key, const yaml_node& v, const std::string& p) {
                if (key == "from") {
                    if (auto t = text(v, p, key)) {
                        r.from = std::move(*t);
                    }
                } else if (key == "over") {
                    if (const auto o = word(v, p, key, detail::rollup_scope_words)) {
                        r.over = *o;
                    }
                } else if (key == "on_error") {
                    if (const auto o = word(v, p, key, detail::rollup_error_policy_words)) {
                        r.on_error = *o;
                    }
                } else if (key == "tiers") {
                    if (const auto o = word(v, p, key, detail::rollup_tier_source_words)) {
                        r.tiers = *o;
                    }
                } else if (auto e = formula(v, p, key)) {
                    r.value = std::move(*e);
                }
            });
}

void reader::read_tests(const yaml_node& n, const std::string& path,
                        std::vector<rulebook_test>& out) {
    note(path, n);
    if (!expect_list(n, path, "tests")) {
        return;
    }
    for (std::size_t i = 0; i < n.items.size(); ++i) {
        rulebook_test t;
        read_test(n.items[i], join_path(path, i), t);
        out.push_back(std::move(t));
    }
}

void reader::read_values(const yaml_node& n, const std::string& path, std::string_view name,
                         std::map<std::string, test_value>& out) {
    note(path, n);
    if (!expect_mapping(n, path, name)) {
        return;
    }
    entries(n, path, "'" + std::string(name) + "'", {},
            [&](const std::string& key, const yaml_node& v, const std::string& p) {
                if (v.is_sequence() || v.is_mapping()) {
                    type_error(v, p, key, "a number, true, false, a text or ~ (missing)");
                    return;
                }
                out[key] = value_of(v);
            });
}

void reader::read_test(const yaml_node& n, const std::string& path, rulebook_test& t) {
    t.where = at(n);
    note(path, n);
    if (!expect_mapping(n, path, "tests")) {
        return;
    }
    entries(n, path, "a test", test_fields,
            [&](const std::string& key, const yaml_node& v, const std::string& p) {
                if (key == "name" || key == "period") {
                    if (auto x = text(v, p, key)) {
                        (key == "name" ? t.name : t.period) = std::move(*x);
                    }
                } else if (key == "subject") {
                    note(p, v);
                    if (!expect_mapping(v, p, key)) {
                        return;
                    }
                    entries(v, p, "'subject'", {},
                            [&](const std::string& k, const yaml_node& x, const std::string& q) {
                                if (auto s = text(x, q + "/value", k)) {
                                    t.subject[k] = std::move(*s);
                                }
                            });
                } else if (key == "indicators") {
                    read_values(v, p, key, t.indicators);
                } else if (key == "previous") {
                    read_values(v, p, key, t.previous);
                } else if (key == "expect") {
                    read_expectation(v, p, t.expect);
                }
            });
}

void reader::read_expectation(const yaml_node& n, const std::string& path, test_expectation& e) {
    note(path, n);
    if (!expect_mapping(n, path, "expect")) {
        return;
    }
    entries(n, path, "'expect'", expect_fields,
            [&](const std::string& key, const yaml_node& v, const std::string& p) {
                if (key == "status") {
                    if (const auto status = word(v, p, key, expected_status_words)) {
                        e.status = std::string(*status);
                    }
                } else if (key == "tier" || key == "action") {
                    if (auto x = text(v, p, key)) {
                        (key == "tier" ? e.tier : e.action) = std::move(*x);
                    }
                } else if (key == "score") {
                    note(p, v);
                    if (v.is_sequence()) {
                        if (v.items.size() != 2) {
                            type_error(v, p, key, "a number or a range [low, high]");
                            return;
                        }
                        const auto low = number(v.items[0], join_path(p, 0), key);
                        const auto high = number(v.items[1], join_path(p, 1), key);
                        if (low && high) {
                            if (*low > *high) {
                                fail(v, p,
                                     "'score' range [" + v.items[0].text + ", " + v.items[1].text +
                                         "] is empty (low above high)");
                                return;
                            }
                            e.score = std::pair{*low, *high};
                        }
                        return;
                    }
                    if (const auto x = number(v, p, key)) {
                        e.score = std::pair{*x, *x};
                    }
                } else if (key == "passed" || key == "failed") {
                    (key == "passed" ? e.passed : e.failed) = text_list(v, p, key);
                } else if (key == "rank") {
                    const auto r = integer(v, p, key);
                    if (r && *r < 1) {
                        fail(v, p, "'rank' must be 1 or more, got " + v.text);
                        return;
                    }
                    if (r) {
                        e.rank = static_cast<long>(*r);
                    }
                }
            });
}

void reader::read_cases(const yaml_node& root, std::vector<rulebook_test>& tests,
                        std::string& rulebook_id) {
    if (root.is_sequence()) {
        read_tests(root, "tests", tests);
        return;
    }
    if (!root.is_mapping()) {
        problems_.add(at(root),
                      "a test file must be a list of tests or a mapping with 'tests', "
                      "got " +
                          describe(root));
        return;
    }
    require(root, "", "the test file", cases_fields);
    entries(root, "", "the test file", cases_fields,
            [&](const std::string& key, const yaml_node& v, const std::string& path) {
                if (key == "antq") {
                    const auto f = integer(v, path, key);
                    if (f && *f != 1) {
                        fail(v, path,
                             "unsupported format version " + v.text +
                                 " (this library reads 'antq: 1')");
                    }
                } else if (key == "rulebook") {
                    if (auto t = text(v, path, key)) {
                        rulebook_id = std::move(*t);
                    }
                } else {
                    read_tests(v, path, tests);
                }
            });
}

}  // namespace

bool read_rulebook(const yaml_node& root, const line_index& lines, rulebook& book,
                   diagnostic_list& problems, broken_paths& broken) {
    return reader(lines, book, problems, broken).read_document(root);
}

void read_test_cases(const yaml_node& root, const line_index& lines,
                     std::vector<rulebook_test>& tests, std::string& rulebook_id,
                     diagnostic_list& problems) {
    rulebook scratch;
    broken_paths broken;
    reader(lines, scratch, problems, broken).read_cases(root, tests, rulebook_id);
}

}  // namespace antq::detail::rules
