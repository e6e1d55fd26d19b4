#include "antq/io/csv.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace antq::detail {

namespace {

// Bytes that end the fast scan of an unquoted field.
constexpr std::array<bool, 256> make_special() {
    std::array<bool, 256> table{};
    table[static_cast<unsigned char>(',')] = true;
    table[static_cast<unsigned char>('\n')] = true;
    table[static_cast<unsigned char>('\r')] = true;
    table[static_cast<unsigned char>('"')] = true;
    for (std::size_t c = 0x80; c < 256; ++c) {
        table[c] = true;
    }
    return table;
}
constexpr std::array<bool, 256> special = make_special();

bool is_special(char c) noexcept {
    return special[static_cast<unsigned char>(c)];
}

// The first special byte at or after `p`, or `end`. A plain loop: most fields are a few
// digits, too short for word-at-a-time tricks to pay (measured).
inline const char* skip_ordinary(const char* p, const char* end) noexcept {
    while (p < end && !is_special(*p)) {
        ++p;
    }
    return p;
}

// Length of the well-formed UTF-8 sequence at `p` (RFC 3629: no overlongs, no surrogates,
// nothing above U+10FFFF), or 0.
std::size_t utf8_length(const char* p, const char* end) noexcept {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(p[i]); };
    const unsigned char lead = byte(0);
    const auto remaining = static_cast<std::size_t>(end - p);
    const auto continuation = [&](std::size_t i) {
        return i < remaining && (byte(i) & 0xC0) == 0x80;
    };
    if (lead < 0x80) {
        return 1;
    }
    if (lead >= 0xC2 && lead <= 0xDF) {
        return continuation(1) ? 2 : 0;
    }
    if (lead >= 0xE0 && lead <= 0xEF) {
        if (!continuation(1) || !continuation(2)) {
            return 0;
        }
        if ((lead == 0xE0 && byte(1) < 0xA0) || (lead == 0xED && byte(1) > 0x9F)) {
            return 0;
        }
        return 3;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
        if (!continuation(1) || !continuation(2) || !continuation(3)) {
            return 0;
        }
        if ((lead == 0xF0 && byte(1) < 0x90) || (lead == 0xF4 && byte(1) > 0x8F)) {
            return 0;
        }
        return 4;
    }
    return 0;
}

bool is_line_end(const char* p, const char* end) noexcept {
    return *p == '\n' || (*p == '\r' && (p + 1 == end || p[1] == '\n'));
}

std::string hex_byte(char c) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "0x%02x",
                  static_cast<unsigned>(static_cast<unsigned char>(c)));
    return buffer;
}

bool equals_ignoring_case(std::string_view text, std::string_view lower) noexcept {
    if (text.size() != lower.size()) {
        return false;
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c =
            text[i] >= 'A' && text[i] <= 'Z' ? static_cast<char>(text[i] - 'A' + 'a') : text[i];
        if (c != lower[i]) {
            return false;
        }
    }
    return true;
}

}  // namespace

csv_reader::csv_reader(std::string_view text, std::string file, std::size_t first_line,
                       origin where)
    : begin_(text.data()),
      at_(text.data()),
      end_(text.data() + text.size()),
      file_(std::move(file)),
      line_(first_line) {
    if (where == origin::file && text.starts_with("\xEF\xBB\xBF")) {
        at_ += 3;
    }
}

bool csv_reader::valid_utf8_at(const char*& p, csv_record& record, diagnostic_list& problems,
                               std::size_t field_number) {
    const std::size_t length = utf8_length(p, end_);
    if (length == 0) {
        if (record.ok) {
            problems.add({file_, record.line, field_number},
                         "invalid UTF-8 (byte " + hex_byte(*p) + ")");
        }
        record.ok = false;
        ++p;
        return false;
    }
    p += length;
    return true;
}

void csv_reader::read_quoted(csv_record& record, diagnostic_list& problems,
                             std::size_t field_number) {
    const char* p = at_ + 1;
    const char* const start = p;
    bool doubled = false;
    for (;;) {
        if (p == end_) {
            problems.add({file_, record.line, field_number}, "unterminated quoted field");
            record.ok = false;
            record.fields.emplace_back(start, static_cast<std::size_t>(p - start));
            at_ = p;
            return;
        }
        const char c = *p;
        if (c == '"') {
            if (p + 1 < end_ && p[1] == '"') {
                doubled = true;
                p += 2;
                continue;
            }
            break;
        }
        if (c == '\n') {
            ++line_;
        }
        if (static_cast<unsigned char>(c) >= 0x80) {
            valid_utf8_at(p, record, problems, field_number);
            continue;
        }
        ++p;
    }
    const std::string_view raw(start, static_cast<std::size_t>(p - start));
    if (doubled) {
        record.scratch_fields.emplace_back(record.fields.size(), record.scratch.size());
        std::size_t length = 0;
        for (std::size_t i = 0; i < raw.size(); ++i) {
            record.scratch.push_back(raw[i]);
            ++length;
            if (raw[i] == '"') {
                ++i;
            }
        }
        // The view is fixed up once the record is complete and the scratch stops moving.
        record.fields.emplace_back(static_cast<const char*>(nullptr), length);
    } else {
        record.fields.push_back(raw);
    }
    ++p;  // the closing quote
    if (p < end_ && *p != ',' && !is_line_end(p, end_)) {
        if (record.ok) {
            problems.add(
                {file_, record.line, field_number},
                "unexpected text after the closing quote (a quoted field must end at the quote)");
        }
        record.ok = false;
        while (p < end_ && *p != ',' && !is_line_end(p, end_)) {
            ++p;
        }
    }
    at_ = p;
}

void csv_reader::read_unquoted(csv_record& record, diagnostic_list& problems,
                               std::size_t field_number) {
    const char* p = at_;
    const char* const start = p;
    for (;;) {
        p = skip_ordinary(p, end_);
        if (p == end_ || *p == ',' || is_line_end(p, end_)) {
            break;
        }
        if (*p == '"') {
            if (record.ok) {
                problems.add({file_, record.line, field_number},
                             "stray quote in an unquoted field (quote the whole field and double "
                             "its quotes)");
            }
            record.ok = false;
            ++p;
            continue;
        }
        if (*p == '\r') {
            ++p;
            continue;
        }
        valid_utf8_at(p, record, problems, field_number);
    }
    record.fields.emplace_back(start, static_cast<std::size_t>(p - start));
    at_ = p;
}

bool csv_reader::next(csv_record& record, diagnostic_list& problems) {
    // Blank lines separate nothing: skip them.
    while (at_ < end_ && is_line_end(at_, end_)) {
        at_ += *at_ == '\r' ? 2 : 1;
        if (at_ > end_) {
            at_ = end_;
        }
        ++line_;
    }
    if (at_ >= end_) {
        return false;
    }
    record.fields.clear();
    record.scratch.clear();
    record.scratch_fields.clear();
    record.line = line_;
    record.ok = true;
    for (;;) {
        const std::size_t field_number = record.fields.size() + 1;
        if (*at_ == '"') {
            read_quoted(record, problems, field_number);
        } else {
            // The common case inline: ordinary bytes up to a comma or a line end.
            const char* stop = skip_ordinary(at_, end_);
            if (stop == end_ || *stop == ',' || is_line_end(stop, end_)) {
                record.fields.emplace_back(at_, static_cast<std::size_t>(stop - at_));
                at_ = stop;
            } else {
                read_unquoted(record, problems, field_number);
            }
        }
        if (at_ >= end_) {
            break;
        }
        if (*at_ == ',') {
            ++at_;
            if (at_ == end_) {
                record.fields.emplace_back();
                break;
            }
            continue;
        }
        // Both readers stop only at the end, a comma or a line end.
        at_ += *at_ == '\r' ? 2 : 1;
        if (at_ > end_) {
            at_ = end_;
        }
        ++line_;
        break;
    }
    for (const auto& [field, offset] : record.scratch_fields) {
        record.fields[field] =
            std::string_view(record.scratch.data() + offset, record.fields[field].size());
    }
    return true;
}

bool check_field_count(const csv_record& record, std::size_t expected, const std::string& file,
                       diagnostic_list& problems) {
    const std::size_t found = record.fields.size();
    if (found == expected) {
        return true;
    }
    problems.add(
        {file, record.line, std::min(found, expected) + 1},
        "expected " + std::to_string(expected) + " fields, found " + std::to_string(found));
    return false;
}

std::optional<double> parse_number_slow(std::string_view cell) noexcept {
    if (cell.empty()) {
        return std::nullopt;
    }
    // Negative whole numbers, still without the general parser.
    const bool negative = cell[0] == '-';
    const std::size_t digits_from = negative ? 1 : 0;
    if (cell.size() > digits_from && cell.size() - digits_from <= 15) {
        std::int64_t value = 0;
        std::size_t i = digits_from;
        for (; i < cell.size(); ++i) {
            const auto digit = static_cast<unsigned>(cell[i] - '0');
            if (digit > 9) {
                break;
            }
            value = value * 10 + digit;
        }
        if (i == cell.size()) {
            return negative ? -static_cast<double>(value) : static_cast<double>(value);
        }
    }
    const char first = cell[digits_from < cell.size() ? digits_from : 0];
    if ((first >= '0' && first <= '9') || first == '.') {
        double value = 0;
        const auto [ptr, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
        if (ec == std::errc{} && ptr == cell.data() + cell.size() && std::isfinite(value)) {
            return value;
        }
        return std::nullopt;
    }
    if (equals_ignoring_case(cell, "true")) {
        return 1.0;
    }
    if (equals_ignoring_case(cell, "false")) {
        return 0.0;
    }
    return std::nullopt;
}

namespace {

// A spreadsheet takes a cell that starts with one of these for a formula (or, for TAB and
// CR, strips them and looks again): `=HYPERLINK(...)` or `@SUM(...)` in a name would run
// when an officer opens the file. A number such as `-5` is read as a number, not a formula.
bool looks_like_formula(std::string_view field) noexcept {
    if (field.empty()) {
        return false;
    }
    switch (field.front()) {
        case '=':
        case '+':
        case '-':
        case '@':
        case '\t':
        case '\r':
            return !parse_number(field).has_value();
        default:
            return false;
    }
}

}  // namespace

void append_csv_field(std::string& out, std::string_view field) {
    if (looks_like_formula(field)) {
        // The single quote spreadsheets themselves use to mark a cell as text; it is part
        // of the cell for any other reader.
        std::string neutral;
        neutral.reserve(field.size() + 1);
        neutral += '\'';
        neutral += field;
        append_csv_field_verbatim(out, neutral);
        return;
    }
    append_csv_field_verbatim(out, field);
}

namespace {

// Whether `field` holds a byte that makes a CSV field quoted: a comma, a quote, a carriage
// return or a line feed. Eight bytes at a time: a results file holds a million names of
// 40 to 100 bytes, and a loop over bytes (which the compiler did not widen) was most of the
// time of writing them (docs/performance.md). `has_byte` is the exact test for a zero byte
// of `word ^ c`: a borrow may mark the wrong byte, never a word without one.
bool has_csv_special(std::string_view field) noexcept {
    constexpr std::uint64_t ones = 0x0101'0101'0101'0101ULL;
    constexpr std::uint64_t highs = 0x8080'8080'8080'8080ULL;
    const auto has_byte = [](std::uint64_t word, unsigned char c) {
        const std::uint64_t x = word ^ (ones * c);
        return (x - ones) & ~x & highs;
    };
    const char* p = field.data();
    std::size_t left = field.size();
    std::uint64_t found = 0;
    for (; left >= sizeof(std::uint64_t);
         p += sizeof(std::uint64_t), left -= sizeof(std::uint64_t)) {
        std::uint64_t word = 0;
        std::memcpy(&word, p, sizeof word);
        found |=
            has_byte(word, ',') | has_byte(word, '"') | has_byte(word, '\r') | has_byte(word, '\n');
    }
    for (; left > 0; ++p, --left) {
        found |= static_cast<std::uint64_t>(*p == ',' || *p == '"' || *p == '\r' || *p == '\n');
    }
    return found != 0;
}

}  // namespace

void append_csv_field_verbatim(std::string& out, std::string_view field) {
    const bool needs_quotes =
        has_csv_special(field) || (!field.empty() && (field.front() == ' ' || field.back() == ' '));
    if (!needs_quotes) {
        out += field;
        return;
    }
    out += '"';
    for (std::size_t at = field.find('"'); at != std::string_view::npos; at = field.find('"')) {
        out.append(field.substr(0, at + 1));
        out += '"';
        field.remove_prefix(at + 1);
    }
    out += field;
    out += '"';
}

std::vector<std::size_t> line_starts(std::string_view text) {
    std::vector<std::size_t> starts{0};
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n') {
            starts.push_back(i + 1);
        }
    }
    return starts;
}

std::vector<std::string_view> split_csv_records(std::string_view data, unsigned parts) {
    std::vector<std::string_view> shares;
    std::size_t start = 0;
    std::size_t scanned = 0;
    bool in_quotes = false;
    for (unsigned k = 1; k < parts; ++k) {
        const std::size_t target = data.size() / parts * k;
        if (target <= start) {
            continue;
        }
        // Quotes are rare in observations: jump from one to the next.
        while (scanned < target) {
            const void* q = std::memchr(data.data() + scanned, '"', target - scanned);
            if (q == nullptr) {
                scanned = target;
                break;
            }
            in_quotes = !in_quotes;
            scanned = static_cast<std::size_t>(static_cast<const char*>(q) - data.data()) + 1;
        }
        std::size_t split = std::string_view::npos;
        for (std::size_t p = scanned; p < data.size(); ++p) {
            if (data[p] == '"') {
                in_quotes = !in_quotes;
            } else if (data[p] == '\n' && !in_quotes) {
                split = p + 1;
                break;
            }
        }
        if (split == std::string_view::npos || split >= data.size()) {
            break;
        }
        shares.push_back(data.substr(start, split - start));
        start = split;
        scanned = split;
    }
    shares.push_back(data.substr(start));
    return shares;
}

}  // namespace antq::detail
