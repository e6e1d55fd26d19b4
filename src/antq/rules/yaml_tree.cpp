#include "antq/rules/yaml_tree.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <sstream>

namespace antq::detail::rules {

namespace {

// Builds the tree from yaml-cpp's events. The first anchor, alias or tag is reported and
// the document is then refused.
class tree_builder : public YAML::EventHandler {
  public:
    tree_builder(const line_index& lines, diagnostic_list& problems)
        : lines_(lines), problems_(problems), skipped_(skipped_bytes(lines.text())) {}

    // yaml-cpp counts positions after a byte-order mark.
    static std::size_t skipped_bytes(std::string_view text) noexcept {
        return text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
    }

    [[nodiscard]] std::optional<yaml_node> take() {
        if (refused_ || root_.empty()) {
            return std::nullopt;
        }
        return std::move(root_.front());
    }

    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        check_anchor(mark, anchor);
        yaml_node n;
        n.offset = offset_of(mark);
        add(std::move(n));
    }

    void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
        refuse(mark, "aliases ('*name') are not supported in rulebooks; write the value out");
        add(yaml_node{});
    }

    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& value) override {
        check_anchor(mark, anchor);
        check_tag(mark, tag);
        yaml_node n;
        n.type = yaml_node::kind::scalar;
        n.plain = tag != "!";
        n.offset = offset_of(mark);
        n.text = value;
        add(std::move(n));
    }

    void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        open(mark, tag, anchor, yaml_node::kind::sequence);
    }
    void OnSequenceEnd() override { close(); }

    void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override {
        open(mark, tag, anchor, yaml_node::kind::mapping);
    }
    void OnMapEnd() override { close(); }

    void OnAnchor(const YAML::Mark& mark, const std::string&) override {
        refuse(mark, "anchors ('&name') are not supported in rulebooks; write the value out");
    }

  private:
    std::size_t offset_of(const YAML::Mark& mark) const {
        return mark.pos < 0 ? 0 : static_cast<std::size_t>(mark.pos) + skipped_;
    }

    void refuse(const YAML::Mark& mark, std::string message) {
        if (!refused_) {
            problems_.add(lines_.locate(offset_of(mark)), std::move(message));
        }
        refused_ = true;
    }

    void check_anchor(const YAML::Mark& mark, YAML::anchor_t anchor) {
        if (anchor != YAML::NullAnchor) {
            refuse(mark, "anchors ('&name') are not supported in rulebooks; write the value out");
        }
    }

    void check_tag(const YAML::Mark& mark, const std::string& tag) {
        if (!tag.empty() && tag != "?" && tag != "!") {
            refuse(mark, "tags ('" + tag + "') are not supported in rulebooks");
        }
    }

    void open(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
              yaml_node::kind k) {
        check_anchor(mark, anchor);
        check_tag(mark, tag);
        yaml_node n;
        n.type = k;
        n.offset = offset_of(mark);
        open_.push_back(std::move(n));
    }

    void close() {
        yaml_node done = std::move(open_.back());
        open_.pop_back();
        add(std::move(done));
    }

    void add(yaml_node n) {
        if (open_.empty()) {
            root_.push_back(std::move(n));
        } else {
            open_.back().items.push_back(std::move(n));
        }
    }

    const line_index& lines_;
    diagnostic_list& problems_;
    std::vector<yaml_node> open_;
    std::vector<yaml_node> root_;
    std::size_t skipped_ = 0;
    bool refused_ = false;
};

std::string lowercase_first(std::string text) {
    if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') {
        text[0] = static_cast<char>(text[0] - 'A' + 'a');
    }
    return text;
}

}  // namespace

std::optional<yaml_node> read_yaml(const line_index& lines, diagnostic_list& problems) {
    const std::string_view text = lines.text();
    if (text.size() > max_file_size) {
        problems.add({lines.file(), 0, 0}, "file is too large (" + std::to_string(text.size()) +
                                               " bytes; a rulebook may have at most " +
                                               std::to_string(max_file_size) + " bytes)");
        return std::nullopt;
    }
    if (const auto bad = find_invalid_utf8(text)) {
        problems.add(
            lines.locate(*bad), "invalid UTF-8 (byte 0x" + [&] {
                static constexpr char hex[] = "0123456789ABCDEF";
                const auto b = static_cast<unsigned char>(text[*bad]);
                return std::string{hex[b >> 4U], hex[b & 0xFU]};
            }() + "); rulebooks must be saved as UTF-8");
        return std::nullopt;
    }
    if (const auto deep = find_excess_nesting(text, max_yaml_depth)) {
        problems.add(lines.locate(*deep), "nesting is too deep (more than " +
                                              std::to_string(max_yaml_depth) + " levels)");
        return std::nullopt;
    }

    std::istringstream in{std::string(text)};
    tree_builder builder(lines, problems);
    try {
        YAML::Parser parser(in);
        if (!parser.HandleNextDocument(builder)) {
            problems.add({lines.file(), 1, 1},
                         "the file is empty; a rulebook starts with 'antq: 1'");
            return std::nullopt;
        }
        diagnostic_list ignored;
        tree_builder second(lines, ignored);
        if (parser.HandleNextDocument(second)) {
            problems.add({lines.file(), 1, 1},
                         "the file holds more than one YAML document ('---'); a rulebook is one "
                         "document");
            return std::nullopt;
        }
    } catch (const YAML::Exception& e) {
        const source_location at = e.mark.is_null() || e.mark.pos < 0
                                       ? source_location{lines.file(), 0, 0}
                                       : lines.locate(static_cast<std::size_t>(e.mark.pos) +
                                                      tree_builder::skipped_bytes(text));
        problems.add(at, "invalid YAML: " + lowercase_first(e.msg));
        return std::nullopt;
    }
    return builder.take();
}

std::size_t content_offset(std::string_view text, const yaml_node& scalar) noexcept {
    const std::size_t at = scalar.offset;
    if (scalar.plain || at >= text.size()) {
        return at;
    }
    const char first = text[at];
    if (first == '"' || first == '\'') {
        return at + 1;
    }
    if (first == '|' || first == '>') {
        std::size_t next = text.find('\n', at);
        if (next == std::string_view::npos) {
            return at;
        }
        ++next;
        // The first line with content (blank lines may come first).
        while (next < text.size()) {
            std::size_t i = next;
            while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) {
                ++i;
            }
            if (i < text.size() && text[i] != '\n' && text[i] != '\r') {
                return i;
            }
            const std::size_t end = text.find('\n', next);
            if (end == std::string_view::npos) {
                return at;
            }
            next = end + 1;
        }
    }
    return at;
}

}  // namespace antq::detail::rules
