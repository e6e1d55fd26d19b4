#pragma once

// RFC 4180 CSV, read from a buffer held whole in memory and written to a string.
//
// The reader hands out fields as views into the buffer: nothing is allocated per field.
// Only a quoted field that contains doubled quotes ("") is unescaped, into a scratch
// buffer the record owns. Problems are reported as `file:row:column: message`, where row
// is the 1-based line on which the record starts and column the 1-based field number.

#include <antq/error.hpp>

#include "antq/io/number_text.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace antq::detail {

/// One record: its fields and the line it starts on. Views stay valid until the next
/// call to `csv_reader::next` with this record (or until the buffer goes away).
struct csv_record {
    std::vector<std::string_view> fields;
    std::size_t line = 0;
    /// False when the record had a syntax error (already reported): skip it.
    bool ok = true;

    // Unescaped fields: the views above point into this.
    std::string scratch;
    std::vector<std::pair<std::size_t, std::size_t>> scratch_fields;  // (field, offset)
};

class csv_reader {
  public:
    /// Where `text` starts: the first byte of a file, or a record inside one.
    enum class origin { file, record };

    /// Reads `text`, which must outlive the reader. A UTF-8 byte-order mark is skipped only
    /// at the start of a file: in a chunk of a larger file it is the content of the first
    /// field, as it is when the whole file is read in one piece. `first_line` is the line
    /// number of the first byte of `text`, so that a chunk of a larger file reports the
    /// lines of the whole file.
    csv_reader(std::string_view text, std::string file, std::size_t first_line = 1,
               origin where = origin::file);

    /// Reads the next record; false at the end of the text. Blank lines are skipped.
    /// Syntax problems (unterminated quote, stray quote inside an unquoted field, text after
    /// a closing quote, invalid UTF-8) go to `problems`, and the record comes back with
    /// `ok == false`.
    bool next(csv_record& record, diagnostic_list& problems);

    /// Byte offset in `text` where the next record starts.
    [[nodiscard]] std::size_t offset() const noexcept {
        return static_cast<std::size_t>(at_ - begin_);
    }
    /// The line the next record starts on (or the line after the last one).
    [[nodiscard]] std::size_t line() const noexcept { return line_; }
    [[nodiscard]] const std::string& file() const noexcept { return file_; }

  private:
    void read_quoted(csv_record& record, diagnostic_list& problems, std::size_t field_number);
    void read_unquoted(csv_record& record, diagnostic_list& problems, std::size_t field_number);
    bool valid_utf8_at(const char*& p, csv_record& record, diagnostic_list& problems,
                       std::size_t field_number);

    const char* begin_;
    const char* at_;
    const char* end_;
    std::string file_;
    std::size_t line_;
};

/// Splits `data` (whole records, no header) into at most `parts` shares at record
/// boundaries: a line end outside quotes. The quote state at a point is the parity of the
/// quotes before it (a doubled quote counts twice), so it is counted from the start; input
/// with a quote out of place may split inside a record, which the syntax errors it also
/// causes reveal: callers read such input again in one piece.
[[nodiscard]] std::vector<std::string_view> split_csv_records(std::string_view data,
                                                              unsigned parts);

/// Reports a record whose field count is not `expected`, at its first wrong field
/// ("expected 4 fields, found 5"); true when the count is right.
bool check_field_count(const csv_record& record, std::size_t expected, const std::string& file,
                       diagnostic_list& problems);

/// `parse_number` for what its inline fast path does not take.
[[nodiscard]] std::optional<double> parse_number_slow(std::string_view cell) noexcept;

/// Reads a cell as a number: a decimal (`1.5`, `-2`, `1e3`) or a boolean (`true`/`false`
/// in any case, as 1/0). Infinities, NaN, hexadecimal, a leading `+` and surrounding
/// spaces are not numbers; neither is an empty cell.
[[nodiscard]] inline std::optional<double> parse_number(std::string_view cell) noexcept {
    // Most cells are small counts: read plain digits here, inline, exactly (< 2^53).
    if (!cell.empty() && cell.size() <= 15) {
        std::uint64_t value = 0;
        for (const char c : cell) {
            const auto digit = static_cast<unsigned>(c - '0');
            if (digit > 9) {
                return parse_number_slow(cell);
            }
            value = value * 10 + digit;
        }
        return static_cast<double>(value);
    }
    return parse_number_slow(cell);
}

/// Appends `field` for a file a person may open in a spreadsheet (results, gaps, rule
/// diffs): a text that a spreadsheet would take for a formula (starting with `=`, `+`, `-`,
/// `@`, TAB or CR, and not a number such as `-5`) gets a leading single quote, as
/// spreadsheets mark text themselves; then as `append_csv_field_verbatim`.
void append_csv_field(std::string& out, std::string_view field);

/// Appends `field` exactly, quoted (with doubled quotes) when it holds a comma, a quote, a
/// line break, or leading or trailing spaces. For antq's own dataset files, which must
/// read back to the same values (docs/cli.md, "Outputs and faults").
void append_csv_field_verbatim(std::string& out, std::string_view field);

/// Where each line starts in `text`, for turning byte offsets into line and column.
[[nodiscard]] std::vector<std::size_t> line_starts(std::string_view text);

}  // namespace antq::detail
