#include "antq/io/csv.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace antq::detail {
namespace {

struct read_result {
    std::vector<std::vector<std::string>> records;
    std::vector<std::size_t> lines;
    std::vector<bool> ok;
    std::vector<std::string> problems;
};

read_result read_all(std::string_view text) {
    read_result out;
    csv_reader reader(text, "t.csv");
    csv_record record;
    diagnostic_list problems;
    while (reader.next(record, problems)) {
        out.records.emplace_back(record.fields.begin(), record.fields.end());
        out.lines.push_back(record.line);
        out.ok.push_back(record.ok);
    }
    for (const auto& d : problems.items()) {
        out.problems.push_back(d.to_string());
    }
    return out;
}

using rows = std::vector<std::vector<std::string>>;

TEST(csv_reader, reads_plain_records_with_lf) {
    const auto r = read_all("a,b,c\n1,2,3\n");
    EXPECT_EQ(r.records, (rows{{"a", "b", "c"}, {"1", "2", "3"}}));
    EXPECT_EQ(r.lines, (std::vector<std::size_t>{1, 2}));
    EXPECT_TRUE(r.problems.empty());
}

TEST(csv_reader, reads_crlf_and_a_last_line_without_line_end) {
    const auto r = read_all("a,b\r\n1,2\r\n3,4");
    EXPECT_EQ(r.records, (rows{{"a", "b"}, {"1", "2"}, {"3", "4"}}));
    EXPECT_EQ(r.lines, (std::vector<std::size_t>{1, 2, 3}));
}

TEST(csv_reader, skips_the_byte_order_mark) {
    const auto r = read_all("\xEF\xBB\xBFid,kind\nx,y\n");
    EXPECT_EQ(r.records, (rows{{"id", "kind"}, {"x", "y"}}));
}

TEST(csv_reader, quoted_fields_keep_commas_quotes_and_newlines) {
    const auto r = read_all("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\nnext,\"\",x\n");
    EXPECT_EQ(r.records, (rows{{"a,b", "say \"hi\"", "two\nlines"}, {"next", "", "x"}}));
    // The second record starts on line 3: the quoted newline counts.
    EXPECT_EQ(r.lines, (std::vector<std::size_t>{1, 3}));
    EXPECT_TRUE(r.problems.empty());
}

TEST(csv_reader, several_escaped_fields_in_one_record_stay_intact) {
    const auto r = read_all("\"\"\"a\"\"\",\"b\"\"\",\"\"\"\"\n");
    EXPECT_EQ(r.records, (rows{{"\"a\"", "b\"", "\""}}));
}

TEST(csv_reader, empty_fields_and_trailing_comma) {
    const auto r = read_all(",,\na,\n,b");
    EXPECT_EQ(r.records, (rows{{"", "", ""}, {"a", ""}, {"", "b"}}));
    const auto at_end = read_all("a,");
    EXPECT_EQ(at_end.records, (rows{{"a", ""}}));
}

TEST(csv_reader, skips_blank_lines_but_counts_them) {
    const auto r = read_all("a\n\n\r\nb\n\n");
    EXPECT_EQ(r.records, (rows{{"a"}, {"b"}}));
    EXPECT_EQ(r.lines, (std::vector<std::size_t>{1, 4}));
}

TEST(csv_reader, keeps_a_lone_carriage_return_inside_a_field) {
    const auto r = read_all("a\rb,c\n");
    EXPECT_EQ(r.records, (rows{{"a\rb", "c"}}));
}

TEST(csv_reader, accepts_utf8) {
    const auto r = read_all("Thôn Công Hòa,\"Xã Quảng Trung, Ba Đồn\",𝄞\n");
    EXPECT_EQ(r.records, (rows{{"Thôn Công Hòa", "Xã Quảng Trung, Ba Đồn", "𝄞"}}));
    EXPECT_TRUE(r.problems.empty());
}

TEST(csv_reader, reports_an_unterminated_quote) {
    const auto r = read_all("a,b\nx,\"never closed\ny,z\n");
    EXPECT_EQ(r.problems,
              (std::vector<std::string>{"t.csv:2:2: error: unterminated quoted field"}));
    ASSERT_EQ(r.ok.size(), 2U);
    EXPECT_FALSE(r.ok[1]);
}

TEST(csv_reader, reports_a_stray_quote_and_goes_on) {
    const auto r = read_all("a,b\nx,ab\"c\nd,e\n");
    EXPECT_EQ(r.problems,
              (std::vector<std::string>{
                  "t.csv:2:2: error: stray quote in an unquoted field (quote the whole field and "
                  "double its quotes)"}));
    ASSERT_EQ(r.records.size(), 3U);
    EXPECT_FALSE(r.ok[1]);
    EXPECT_TRUE(r.ok[2]);
    EXPECT_EQ(r.records[2], (std::vector<std::string>{"d", "e"}));
    EXPECT_EQ(r.lines[2], 3U);
}

TEST(csv_reader, reports_text_after_a_closing_quote) {
    const auto r = read_all("\"ab\"c,d\ne,f\n");
    EXPECT_EQ(r.problems,
              (std::vector<std::string>{
                  "t.csv:1:1: error: unexpected text after the closing quote (a quoted field must "
                  "end at the quote)"}));
    ASSERT_EQ(r.records.size(), 2U);
    EXPECT_EQ(r.records[0].size(), 2U);
    EXPECT_EQ(r.records[1], (std::vector<std::string>{"e", "f"}));
}

TEST(csv_reader, reports_invalid_utf8_with_its_field) {
    EXPECT_EQ(read_all("a,b\xff,c\n").problems,
              (std::vector<std::string>{"t.csv:1:2: error: invalid UTF-8 (byte 0xff)"}));
    // An overlong encoding, a lone continuation byte, a surrogate, a truncated sequence.
    EXPECT_EQ(read_all("x\n\xC0\x80\n").problems,
              (std::vector<std::string>{"t.csv:2:1: error: invalid UTF-8 (byte 0xc0)"}));
    EXPECT_EQ(read_all("x,\x80\n").problems,
              (std::vector<std::string>{"t.csv:1:2: error: invalid UTF-8 (byte 0x80)"}));
    EXPECT_EQ(read_all("x,y,\"\xED\xA0\x80\"\n").problems,
              (std::vector<std::string>{"t.csv:1:3: error: invalid UTF-8 (byte 0xed)"}));
    EXPECT_EQ(read_all("x,\xE1\x80").problems,
              (std::vector<std::string>{"t.csv:1:2: error: invalid UTF-8 (byte 0xe1)"}));
}

TEST(csv_reader, reports_one_syntax_problem_per_record) {
    const auto r = read_all("a\"b,c\"d\n");
    EXPECT_EQ(r.problems.size(), 1U);
}

TEST(csv_reader, chunks_report_lines_of_the_whole_file) {
    csv_reader reader("x,y\n", "t.csv", 41);
    csv_record record;
    diagnostic_list problems;
    ASSERT_TRUE(reader.next(record, problems));
    EXPECT_EQ(record.line, 41U);
    EXPECT_EQ(reader.line(), 42U);
    EXPECT_EQ(reader.offset(), 4U);
    EXPECT_FALSE(reader.next(record, problems));
}

TEST(csv_field_count, names_the_first_wrong_field) {
    diagnostic_list problems;
    csv_record record;
    record.line = 7;
    record.fields = {"a", "b", "c", "d", "e"};
    EXPECT_FALSE(check_field_count(record, 4, "t.csv", problems));
    record.fields = {"a", "b"};
    EXPECT_FALSE(check_field_count(record, 4, "t.csv", problems));
    record.fields = {"a", "b", "c", "d"};
    EXPECT_TRUE(check_field_count(record, 4, "t.csv", problems));
    ASSERT_EQ(problems.items().size(), 2U);
    EXPECT_EQ(problems.items()[0].to_string(), "t.csv:7:5: error: expected 4 fields, found 5");
    EXPECT_EQ(problems.items()[1].to_string(), "t.csv:7:3: error: expected 4 fields, found 2");
}

TEST(parse_number, reads_decimals_and_booleans) {
    EXPECT_EQ(parse_number("0"), 0.0);
    EXPECT_EQ(parse_number("42"), 42.0);
    EXPECT_EQ(parse_number("-2"), -2.0);
    EXPECT_EQ(parse_number("1.5"), 1.5);
    EXPECT_EQ(parse_number("-.5"), -0.5);
    EXPECT_EQ(parse_number("1e3"), 1000.0);
    EXPECT_EQ(parse_number("2.5E-1"), 0.25);
    EXPECT_EQ(parse_number("007"), 7.0);
    EXPECT_EQ(parse_number("123456789012345678"), 123456789012345678.0);
    EXPECT_EQ(parse_number("true"), 1.0);
    EXPECT_EQ(parse_number("TRUE"), 1.0);
    EXPECT_EQ(parse_number("False"), 0.0);
    const auto negative_zero = parse_number("-0");
    ASSERT_TRUE(negative_zero);
    EXPECT_TRUE(std::signbit(*negative_zero));
}

TEST(parse_number, refuses_what_is_not_a_decimal) {
    for (const char* text : {"", "abc", "nan", "NaN", "inf", "-inf", "infinity", "+1", " 1", "1 ",
                             "0x10", "1e400", "1,5", "1.2.3", "-", ".", "e3", "yes", "truth"}) {
        EXPECT_FALSE(parse_number(text)) << text;
    }
}

TEST(csv_writer, quotes_only_when_needed) {
    std::string out;
    append_csv_field(out, "plain");
    out += '|';
    append_csv_field(out, "a,b");
    out += '|';
    append_csv_field(out, "say \"hi\"");
    out += '|';
    append_csv_field(out, "two\nlines");
    out += '|';
    append_csv_field(out, " padded");
    out += '|';
    append_csv_field(out, "");
    EXPECT_EQ(out, "plain|\"a,b\"|\"say \"\"hi\"\"\"|\"two\nlines\"|\" padded\"|");
}

// Every quote doubled wherever it stands (first, last, in a row), and any one special
// character (a comma, a carriage return, a line feed, a quote) is enough to quote a field.
TEST(csv_writer, doubles_every_quote_wherever_it_stands) {
    const auto field = [](std::string_view text) {
        std::string out;
        append_csv_field(out, text);
        return out;
    };
    EXPECT_EQ(field("\""), "\"\"\"\"");
    EXPECT_EQ(field("\"\""), "\"\"\"\"\"\"");
    EXPECT_EQ(field("end\""), "\"end\"\"\"");
    EXPECT_EQ(field("\"a\"b\"c"), "\"\"\"a\"\"b\"\"c\"");
    EXPECT_EQ(field("x\r"), "\"x\r\"");
    EXPECT_EQ(field("Thôn Công Hòa, xã Quảng Trung"), "\"Thôn Công Hòa, xã Quảng Trung\"");
    EXPECT_EQ(field("Thôn Công Hòa"), "Thôn Công Hòa");
    EXPECT_EQ(field("trailing "), "\"trailing \"");
}

// The writer looks for the special characters eight bytes at a time: each of them, and
// every other byte value, at every place of fields of 1 to 40 bytes, against a byte-by-byte
// reading of what RFC 4180 asks.
TEST(csv_writer, finds_a_special_character_wherever_it_stands) {
    const auto expected = [](std::string_view text) {
        bool quote = !text.empty() && (text.front() == ' ' || text.back() == ' ');
        for (const char c : text) {
            quote = quote || c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        if (!quote) {
            return std::string(text);
        }
        std::string out = "\"";
        for (const char c : text) {
            out += c == '"' ? "\"\"" : std::string(1, c);
        }
        return out + "\"";
    };
    int checked = 0;
    for (std::size_t length = 1; length <= 40; ++length) {
        for (std::size_t at = 0; at < length; ++at) {
            for (int byte = 0; byte < 256; ++byte) {
                std::string text(length, 'x');
                text[at] = static_cast<char>(byte);
                // The byte beside a high one, as in UTF-8: a borrow must not spill into it.
                if (at + 1 < length) {
                    text[at + 1] = static_cast<char>(0xC3);
                }
                std::string out;
                append_csv_field_verbatim(out, text);
                ASSERT_EQ(out, expected(text))
                    << "length " << length << ", byte " << byte << " at " << at;
                ++checked;
            }
        }
    }
    EXPECT_EQ(checked, 256 * 40 * 41 / 2);
}

TEST(csv_writer, what_it_writes_reads_back) {
    const std::vector<std::string> fields{"a,b", "\"", "x\r\ny", "", "Thôn \"Công\" Hòa", " s "};
    std::string text;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) {
            text += ',';
        }
        append_csv_field(text, fields[i]);
    }
    text += '\n';
    const auto r = read_all(text);
    ASSERT_EQ(r.records.size(), 1U);
    EXPECT_EQ(r.records[0], fields);
    EXPECT_TRUE(r.problems.empty());
}

TEST(csv_writer, numbers_read_back_exactly) {
    for (const double value :
         {0.0, 1.0, -2.0, 0.1, 1.0 / 3.0, 1e-300, 123456789012345678.0, 48.5, 1e21}) {
        std::string text;
        append_number(text, value);
        const auto back = parse_number(text);
        ASSERT_TRUE(back) << text;
        EXPECT_EQ(*back, value) << text;
    }
    std::string whole;
    append_number(whole, 48.0);
    EXPECT_EQ(whole, "48");
}

TEST(line_starts, finds_every_line) {
    EXPECT_EQ(line_starts("ab\ncd\n\ne"), (std::vector<std::size_t>{0, 3, 6, 7}));
    EXPECT_EQ(line_starts(""), (std::vector<std::size_t>{0}));
}

}  // namespace
}  // namespace antq::detail
