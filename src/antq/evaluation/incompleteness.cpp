#include "antq/evaluation/incompleteness.hpp"

#include "antq/io/text_scan.hpp"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <system_error>

namespace antq::detail::evaluation {

namespace {

constexpr std::string_view source_separator = "; ";
constexpr std::string_view note_separator = " | ";

/// The words of one language; `{}` is filled in order.
struct words {
    std::string_view no_verdict;  ///< before the roll-ups, incomplete only
    std::string_view rollup;
    std::string_view rollups;
    std::string_view met[3];    ///< by policy: "{} {} without a result"
    std::string_view after[3];  ///< by policy, after the count
    std::string_view subject;
    std::string_view subjects;
    std::string_view source;  ///< "'{}'{} of '{}' is {}"
    std::string_view more;    ///< "and {} more"
    std::string_view error;
    std::string_view incomplete;
    std::string_view advice;  ///< the paragraph's last line, incomplete only
};

constexpr words english{
    "no verdict: ",
    "roll-up",
    "roll-ups",
    {" met {} {} without a result", " left out {} {} without a result",
     " counted {} {} without a result"},
    {": ", " (on_error: skip): ", " as failing (on_error: fail): "},
    "subject",
    "subjects",
    "'{}'{} of '{}' is {}",
    "and {} more",
    "error",
    "incomplete",
    "Correct the data of these subjects and evaluate again, or say in the rulebook how the "
    "roll-up treats them (on_error: skip or fail).",
};

constexpr words vietnamese{
    "chưa thể kết luận: ",
    "tổng hợp",
    "tổng hợp",
    {" gặp {} {} chưa có kết quả", " đã bỏ qua {} {} chưa có kết quả",
     " đã tính {} {} chưa có kết quả"},
    {": ", " (on_error: skip): ", " là không đạt (on_error: fail): "},
    "đối tượng",
    "đối tượng",
    "'{}'{} thuộc bộ tiêu chí '{}': {}",
    "và {} đối tượng khác",
    "lỗi dữ liệu",
    "chưa đủ dữ liệu",
    "Cần sửa dữ liệu của các đối tượng trên rồi đánh giá lại, hoặc ghi rõ trong bộ tiêu chí "
    "cách tổng hợp xử lý chúng (on_error: skip hoặc fail).",
};

std::size_t policy_index(rollup_error_policy p) {
    return static_cast<std::size_t>(p);
}

std::string head(const incompleteness& i, const words& w) {
    std::string out;
    if (i.policy == rollup_error_policy::incomplete) {
        out += w.no_verdict;
    }
    out += i.rollups.size() == 1 ? w.rollup : w.rollups;
    for (std::size_t k = 0; k < i.rollups.size(); ++k) {
        out += k == 0 ? " '" : ", '";
        out += i.rollups[k];
        out += '\'';
    }
    out += fmt::format(fmt::runtime(w.met[policy_index(i.policy)]), i.count,
                       i.count == 1 ? w.subject : w.subjects);
    return out;
}

std::string source_text(const missing_source& s, const words& w) {
    const std::string name = s.name.empty() ? std::string() : fmt::format(" ({})", s.name);
    std::string out = fmt::format(fmt::runtime(w.source), s.subject, name, s.rulebook,
                                  s.status == result_status::incomplete ? w.incomplete : w.error);
    if (!s.problem.empty()) {
        out += ": ";
        out += s.problem;
    }
    return out;
}

std::string line(const incompleteness& i, const words& w) {
    std::string out = head(i, w);
    out += w.after[policy_index(i.policy)];
    for (std::size_t k = 0; k < i.sources.size(); ++k) {
        out += k == 0 ? "" : source_separator;
        out += source_text(i.sources[k], w);
    }
    if (i.count > i.sources.size()) {
        out += source_separator;
        out += fmt::format(fmt::runtime(w.more), i.count - i.sources.size());
    }
    return out;
}

/// `'text'` at the front of `rest`, up to the next quote.
std::optional<std::string> take_quoted(std::string_view& rest) {
    if (!take_prefix(rest, "'")) {
        return std::nullopt;
    }
    const std::size_t end = rest.find('\'');
    if (end == std::string_view::npos) {
        return std::nullopt;
    }
    std::string out(rest.substr(0, end));
    rest.remove_prefix(end + 1);
    return out;
}

std::optional<std::size_t> take_count(std::string_view& rest) {
    std::size_t n = 0;
    const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), n);
    if (ec != std::errc()) {
        return std::nullopt;
    }
    rest.remove_prefix(static_cast<std::size_t>(end - rest.data()));
    return n;
}

/// One source as `source_text` wrote it in English.
std::optional<missing_source> read_source(std::string_view piece) {
    missing_source s;
    const std::size_t is = piece.find("' is ");
    if (is == std::string_view::npos) {
        return std::nullopt;
    }
    std::string_view left = piece.substr(0, is);
    std::string_view right = piece.substr(is + 5);
    const std::size_t of = left.rfind(" of '");
    if (of == std::string_view::npos) {
        return std::nullopt;
    }
    s.rulebook = std::string(left.substr(of + 5));
    left = left.substr(0, of);
    auto id = take_quoted(left);
    if (!id) {
        return std::nullopt;
    }
    s.subject = std::move(*id);
    if (take_prefix(left, " (")) {
        if (!left.ends_with(")")) {
            return std::nullopt;
        }
        s.name = std::string(left.substr(0, left.size() - 1));
    } else if (!left.empty()) {
        return std::nullopt;
    }
    if (take_prefix(right, english.incomplete)) {
        s.status = result_status::incomplete;
    } else if (take_prefix(right, english.error)) {
        s.status = result_status::error;
    } else {
        return std::nullopt;
    }
    if (take_prefix(right, ": ")) {
        s.problem = std::string(right);
    } else if (!right.empty()) {
        return std::nullopt;
    }
    return s;
}

std::optional<incompleteness> read_one(std::string_view message) {
    incompleteness out;
    std::string_view rest = message;
    const bool withheld = take_prefix(rest, english.no_verdict);
    if (!take_prefix(rest, english.rollups) && !take_prefix(rest, english.rollup)) {
        return std::nullopt;
    }
    if (!take_prefix(rest, " ")) {
        return std::nullopt;
    }
    do {
        auto id = take_quoted(rest);
        if (!id) {
            return std::nullopt;
        }
        out.rollups.push_back(std::move(*id));
    } while (take_prefix(rest, ", "));
    if (withheld) {
        out.policy = rollup_error_policy::incomplete;
        if (!take_prefix(rest, " met ")) {
            return std::nullopt;
        }
    } else if (take_prefix(rest, " left out ")) {
        out.policy = rollup_error_policy::skip;
    } else if (take_prefix(rest, " counted ")) {
        out.policy = rollup_error_policy::fail;
    } else {
        return std::nullopt;
    }
    const auto count = take_count(rest);
    if (!count) {
        return std::nullopt;
    }
    out.count = *count;
    if (!take_prefix(rest, out.count == 1 ? " subject" : " subjects") ||
        !take_prefix(rest, " without a result") ||
        !take_prefix(rest, english.after[policy_index(out.policy)])) {
        return std::nullopt;
    }
    while (!rest.empty()) {
        const std::size_t end = rest.find(source_separator);
        const std::string_view piece = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view()
                                             : rest.substr(end + source_separator.size());
        if (piece.starts_with("and ") && rest.empty()) {
            break;  // "and 3 more": checked by the round trip below
        }
        auto s = read_source(piece);
        if (!s) {
            return std::nullopt;
        }
        out.sources.push_back(std::move(*s));
    }
    // What does not read back to the very same text was not written by `to_message`.
    if (line(out, english) != message) {
        return std::nullopt;
    }
    return out;
}

std::string one_line(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t k = 0; k < text.size(); ++k) {
        const char c = text[k];
        if (c == '\n' || c == '\r') {
            out += ' ';
        } else if (c == ';' && k + 1 < text.size() && text[k + 1] == ' ') {
            out += ',';
        } else if (c == '|' && k > 0 && text[k - 1] == ' ') {
            out += '/';
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace

missing_source make_source(std::string_view subject, std::string_view name,
                           std::string_view rulebook, result_status status,
                           std::string_view problem) {
    missing_source s;
    s.subject = one_line(subject);
    s.name = one_line(name);
    s.rulebook = std::string(rulebook);
    s.status = status;
    s.problem = status == result_status::incomplete ? std::string() : one_line(problem);
    return s;
}

std::string to_message(const incompleteness& i) {
    return line(i, english);
}

std::string to_message(const std::vector<incompleteness>& notes) {
    std::string out;
    for (const auto& i : notes) {
        out += out.empty() ? "" : note_separator;
        out += to_message(i);
    }
    return out;
}

std::optional<incompleteness> read_incompleteness(std::string_view message) {
    return read_one(message);
}

std::vector<incompleteness> read_notes(std::string_view message) {
    std::vector<incompleteness> out;
    std::string_view rest = message;
    while (!rest.empty()) {
        const std::size_t end = rest.find(note_separator);
        auto one = read_one(rest.substr(0, end));
        if (!one) {
            return {};
        }
        out.push_back(std::move(*one));
        rest = end == std::string_view::npos ? std::string_view()
                                             : rest.substr(end + note_separator.size());
    }
    return out;
}

std::string to_line(const incompleteness& i, language lang) {
    return line(i, lang == language::vi ? vietnamese : english);
}

std::string to_paragraph(const incompleteness& i, language lang) {
    const words& w = lang == language::vi ? vietnamese : english;
    std::string first = head(i, w);
    if (i.policy != rollup_error_policy::incomplete) {
        first = (lang == language::vi ? "Lưu ý: " : "Note: ") + first;
        first += w.after[policy_index(i.policy)];
        first.erase(first.size() - 1);  // the ": " ends in a space
    } else {
        first += ':';
        first[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(first[0])));
    }
    std::string out = first + "\n";
    for (const auto& s : i.sources) {
        out += "  * " + source_text(s, w) + "\n";
    }
    if (i.count > i.sources.size()) {
        out += "  * " + fmt::format(fmt::runtime(w.more), i.count - i.sources.size()) + "\n";
    }
    if (i.policy == rollup_error_policy::incomplete) {
        out += std::string(w.advice) + "\n";
    }
    return out;
}

}  // namespace antq::detail::evaluation
