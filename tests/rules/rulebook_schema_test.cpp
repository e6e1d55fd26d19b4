// The schema's field table (src/antq/rules/schema_fields.hpp) against the writer, whose text
// is what a rulebook's hash and archives hold, and against docs/rulebooks.md. Every
// rulebook we ship or test with is read as a YAML tree and walked section by section by the
// table, beside the tree of the text the writer makes of it: a key of the file the written
// text lost (and not at the value leaving it out means) is a field the writer forgot, which
// would silently drop out of the hash.

#include "antq/rules/schema_fields.hpp"
#include "antq/rules/source_text.hpp"
#include "antq/rules/yaml_tree.hpp"

#include <antq/error.hpp>
#include <antq/rulebook_loader.hpp>
#include <antq/rulebook_set.hpp>
#include <antq/rulebook_writer.hpp>

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace fs = std::filesystem;
using antq::detail::rules::field_shape;
using antq::detail::rules::schema_field;
using antq::detail::rules::schema_section;
using antq::detail::rules::yaml_node;

std::string read_text(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

yaml_node parse_tree(const std::string& text, const std::string& name) {
    const antq::detail::rules::line_index lines(text, name);
    antq::diagnostic_list problems;
    auto root = antq::detail::rules::read_yaml(lines, problems);
    if (!root || problems.has_errors()) {
        ADD_FAILURE() << name << ": not read as YAML";
        return {};
    }
    return *root;
}

const schema_section* section_named(std::string_view name) {
    for (const auto& s : antq::detail::rules::schema_sections) {
        if (s.name == name) {
            return &s;
        }
    }
    return nullptr;
}

const schema_field* field_of(const schema_section& section, std::string_view key) {
    const auto f = std::find_if(section.fields.begin(), section.fields.end(),
                                [&](const schema_field& x) { return x.key == key; });
    return f == section.fields.end() ? nullptr : &*f;
}

const yaml_node* value_of(const yaml_node& map, std::string_view key) {
    if (!map.is_mapping()) {
        return nullptr;
    }
    for (std::size_t i = 0; i < map.entry_count(); ++i) {
        if (map.key(i).text == key) {
            return &map.value(i);
        }
    }
    return nullptr;
}

bool same_number(std::string_view a, std::string_view b) {
    double x = 0;
    double y = 0;
    const auto ra = std::from_chars(a.data(), a.data() + a.size(), x);
    const auto rb = std::from_chars(b.data(), b.data() + b.size(), y);
    return ra.ec == std::errc{} && ra.ptr == a.data() + a.size() && rb.ec == std::errc{} &&
           rb.ptr == b.data() + b.size() && x == y;
}

// Whether leaving `field` out says what `value` says, so that the writer may omit it.
bool means_the_same_as_absent(const schema_field& field, const yaml_node& value) {
    switch (value.type) {
        case yaml_node::kind::null:
            return true;
        case yaml_node::kind::scalar:
            return value.text.empty() || value.text == field.when_absent ||
                   same_number(value.text, field.when_absent);
        case yaml_node::kind::sequence:
            return value.items.empty();
        case yaml_node::kind::mapping: {
            if (value.entry_count() == 0) {
                return true;
            }
            const schema_section* inner = section_named(field.holds);
            if (inner == nullptr || field.holds_as != field_shape::one) {
                return false;
            }
            for (std::size_t i = 0; i < value.entry_count(); ++i) {
                const schema_field* f = field_of(*inner, value.key(i).text);
                if (f == nullptr || !means_the_same_as_absent(*f, value.value(i))) {
                    return false;
                }
            }
            return true;
        }
    }
    return false;
}

class schema_walk {
  public:
    std::set<std::string> covered;

    void walk(std::string_view section_name, const yaml_node& source, const yaml_node& written,
              const std::string& path) {
        const schema_section* section = section_named(section_name);
        ASSERT_NE(section, nullptr) << "no section '" << section_name << "' in the table";
        if (!source.is_mapping()) {
            return;  // a shorthand the reader accepts (an indicator written as its type)
        }
        for (std::size_t i = 0; i < source.entry_count(); ++i) {
            const std::string& key = source.key(i).text;
            const yaml_node& value = source.value(i);
            const std::string where = path + "/" + key;
            const schema_field* field = field_of(*section, key);
            if (field == nullptr) {
                ADD_FAILURE() << where << ": '" << key << "' is not a key of section '"
                              << section_name << "' in schema_fields.hpp, yet the reader took it";
                continue;
            }
            covered.insert(std::string(section_name) + "." + key);
            const yaml_node* kept = value_of(written, key);
            if (kept == nullptr) {
                EXPECT_TRUE(means_the_same_as_absent(*field, value))
                    << where << ": the writer lost '" << key << "' (section '" << section_name
                    << "'), so a change to it would not change the rulebook's hash";
                continue;
            }
            if (field->holds.empty()) {
                continue;
            }
            walk_held(*field, value, *kept, where);
        }
    }

  private:
    void walk_held(const schema_field& field, const yaml_node& value, const yaml_node& kept,
                   const std::string& where) {
        switch (field.holds_as) {
            case field_shape::one:
                walk(field.holds, value, kept, where);
                break;
            case field_shape::list:
                ASSERT_TRUE(value.is_sequence() && kept.is_sequence()) << where;
                ASSERT_EQ(value.items.size(), kept.items.size())
                    << where << ": the writer wrote another number of entries";
                for (std::size_t i = 0; i < value.items.size(); ++i) {
                    walk(field.holds, value.items[i], kept.items[i],
                         where + "/" + std::to_string(i));
                }
                break;
            case field_shape::by_id:
                ASSERT_TRUE(value.is_mapping() && kept.is_mapping()) << where;
                for (std::size_t i = 0; i < value.entry_count(); ++i) {
                    const std::string& id = value.key(i).text;
                    const yaml_node* entry = value_of(kept, id);
                    if (entry == nullptr) {
                        ADD_FAILURE() << where << ": the writer lost the entry '" << id << "'";
                        continue;
                    }
                    walk(field.holds, value.value(i), *entry, where + "/" + id);
                }
                break;
        }
    }
};

std::vector<fs::path> corpus() {
    std::vector<fs::path> files;
    for (const char* folder : {"/rulebooks", "/examples/rulebooks", "/tests/data/rulebooks/good",
                               "/tests/data/rulebooks/schema"}) {
        for (const auto& f : antq::find_rulebook_files(std::string(ANTQ_SOURCE_DIR) + folder)) {
            files.push_back(f);
        }
    }
    return files;
}

}  // namespace

// Every key of every rulebook we ship or test with is in the written text, or at the value
// its absence means; and every key of the table is used by some rulebook of the corpus
// (tests/data/rulebooks/schema/every-key.yaml holds those nothing else uses), so that the
// first half covers the whole table.
TEST(rulebook_schema, the_writer_keeps_every_field_of_the_table) {
    const auto files = corpus();
    ASSERT_GE(files.size(), 10U);
    schema_walk walk;
    for (const auto& file : files) {
        SCOPED_TRACE(file.string());
        const antq::rulebook book = antq::load_rulebook(file);
        const yaml_node source = parse_tree(read_text(file), file.string());
        const yaml_node written = parse_tree(antq::write_rulebook(book), "written");
        walk.walk("rulebook", source, written, file.filename().string());
    }
    for (const auto& section : antq::detail::rules::schema_sections) {
        for (const auto& field : section.fields) {
            EXPECT_TRUE(
                walk.covered.count(std::string(section.name) + "." + std::string(field.key)) > 0)
                << "no rulebook of rulebooks/, examples/rulebooks/ or tests/data/rulebooks/ "
                   "(good/, schema/) uses '"
                << field.key << "' in section '" << section.name
                << "': add one, so that the writer is checked to keep it";
        }
    }
}

// The check can fail: a written text without a field the file sets is reported.
TEST(rulebook_schema, reports_a_field_the_written_text_lost) {
    const yaml_node source = parse_tree(
        "antq: 1\nsubject: model\nversions:\n  - version: \"1\"\n    engine: topsis\n", "file");
    const yaml_node written =
        parse_tree("antq: 1\nsubject: model\nversions:\n  - version: \"1\"\n", "written");
    ::testing::TestPartResultArray failures;
    {
        ::testing::ScopedFakeTestPartResultReporter reporter(
            ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &failures);
        schema_walk walk;
        walk.walk("rulebook", source, written, "file");
    }
    ASSERT_EQ(failures.size(), 1);
    EXPECT_NE(std::string(failures.GetTestPartResult(0).message())
                  .find("file/versions/0/engine: the writer lost 'engine'"),
              std::string::npos)
        << failures.GetTestPartResult(0).message();

    // At the value its absence means, the same omission is fine.
    const yaml_node as_default = parse_tree(
        "antq: 1\nsubject: model\nversions:\n  - version: \"1\"\n    engine: weighted\n"
        "    rounding: {digits: 2}\n",
        "file");
    schema_walk walk;
    walk.walk("rulebook", as_default, written, "file");
    EXPECT_EQ(walk.covered.count("version.rounding"), 1U);
}

// Every key of the table is documented in docs/rulebooks.md (as `key` or `key:`).
TEST(rulebook_schema, every_key_is_documented) {
    const std::string page = read_text(std::string(ANTQ_SOURCE_DIR) + "/docs/rulebooks.md");
    ASSERT_FALSE(page.empty());
    for (const auto& section : antq::detail::rules::schema_sections) {
        for (const auto& field : section.fields) {
            const std::string key(field.key);
            EXPECT_TRUE(page.find("`" + key + "`") != std::string::npos ||
                        page.find(key + ":") != std::string::npos)
                << "docs/rulebooks.md does not document '" << key << "' of section '"
                << section.name << "'";
        }
    }
}

// The reader refuses a key the table does not have, with the table's keys as suggestions.
TEST(rulebook_schema, the_reader_accepts_the_keys_of_the_table_and_no_other) {
    try {
        (void)antq::parse_rulebook(
            "antq: 1\nid: r\nsubject: model\nversions:\n  - version: \"1\"\n"
            "    effective: 2020-01-01\n    indicators:\n      x: {type: number}\n"
            "    criteria:\n      - {id: x, kind: scored, points: 100, score: \"x\", "
            "directon: cost}\n",
            "typo.yaml");
        FAIL() << "a key outside the table was accepted";
    } catch (const antq::input_error& e) {
        EXPECT_NE(std::string(e.what()).find(
                      "unknown key 'directon' in a criterion (did you mean 'direction'?)"),
                  std::string::npos)
            << e.what();
    }
}
