#include <antq/rulebook_set.hpp>

#include "antq/expr/parser.hpp"
#include "antq/io/read_file.hpp"
#include "antq/rules/compile.hpp"
#include "antq/rules/graph_order.hpp"
#include "antq/rules/validate.hpp"

#include <antq/rulebook_loader.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

namespace antq {

struct rulebook_set::impl {
    std::vector<compiled_rulebook> books;  // in dependency order
    std::map<std::string, std::size_t, std::less<>> by_id;
    std::vector<std::filesystem::path> case_files;
    // The registry the books were compiled with: builtin_engines() is not copied (it lives
    // as long as the program), any other registry is, since the caller's may not outlive
    // the set.
    std::shared_ptr<const engine_registry> engines =
        detail::rules::kept_registry(builtin_engines());
};

namespace {

using detail::is_regular_entry;

bool ends_with(const std::string& s, std::string_view suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_case_file(const std::filesystem::path& p) {
    const auto name = p.filename().string();
    return ends_with(name, ".cases.yaml") || ends_with(name, ".cases.yml");
}

bool is_rulebook_file(const std::filesystem::path& p) {
    const auto ext = p.extension().string();
    return (ext == ".yaml" || ext == ".yml" || ext == ".json") && !is_case_file(p);
}

std::string rollup_path(std::size_t version, const std::string& id, std::string_view key) {
    return "versions/" + std::to_string(version) + "/rollups/" + id + "/" + std::string(key);
}

// The criteria a roll-up's value reads through passed(id), points(id), value(id).
std::vector<std::string> criteria_read(const rollup& r) {
    std::vector<std::string> ids;
    auto aggregate = detail::expr::parse_aggregate(r.value.text);
    if (!aggregate) {
        return ids;
    }
    const auto& tree = aggregate->argument;
    for (const auto& n : tree.nodes) {
        if (n.kind == detail::expr::node_kind::call && n.children.size() == 1 &&
            (n.text == "passed" || n.text == "points" || n.text == "value") &&
            tree.at(n.children[0]).kind == detail::expr::node_kind::name) {
            ids.push_back(tree.at(n.children[0]).text);
        }
    }
    return ids;
}

// Depth-first order of the roll-up graph: sources before the rulebooks that read them.
// Reports each cycle once.
std::vector<std::size_t> dependency_order(std::span<const rulebook> books,
                                          std::vector<diagnostic>* problems) {
    std::map<std::string, std::size_t, std::less<>> index;
    for (std::size_t i = 0; i < books.size(); ++i) {
        index.emplace(books[i].id, i);
    }
    // Edges tagged with the version and the roll-up that makes them, to report a cycle there.
    std::vector<std::vector<detail::rules::graph_edge>> edges(books.size());
    std::vector<std::pair<std::size_t, const rollup*>> tags;
    for (std::size_t b = 0; b < books.size(); ++b) {
        const auto& book = books[b];
        for (std::size_t v = 0; v < book.versions.size(); ++v) {
            for (const auto& r : book.versions[v].rollups) {
                const auto found = index.find(r.from);
                if (found == index.end() || found->second == b) {
                    continue;
                }
                edges[b].push_back({found->second, tags.size()});
                tags.emplace_back(v, &r);
            }
        }
    }
    std::size_t cycles = 0;
    const auto name_of = [&books](std::size_t b) -> const std::string& { return books[b].id; };
    auto order = detail::rules::depth_first_order(edges, [&](std::size_t from,
                                                             const detail::rules::graph_edge& e,
                                                             std::span<const std::size_t> cycle) {
                     if (problems == nullptr || ++cycles > detail::rules::max_reported_cycles) {
                         return;
                     }
                     const auto [v, r] = tags[e.tag];
                     problems->push_back(diagnostic{
                         detail::rules::place(books[from], rollup_path(v, r->id, "from"), r->where),
                         severity::error,
                         "rulebooks roll each other up in a cycle: " +
                             detail::rules::cycle_text(cycle, name_of)});
                 }).order;
    if (problems != nullptr && cycles > detail::rules::max_reported_cycles) {
        problems->push_back(
            diagnostic{{},
                       severity::error,
                       "rulebooks roll each other up in " +
                           std::to_string(cycles - detail::rules::max_reported_cycles) +
                           " more cycles (only the first " +
                           std::to_string(detail::rules::max_reported_cycles) + " are shown)"});
    }
    return order;
}

}  // namespace

std::vector<std::filesystem::path> find_rulebook_files(const std::filesystem::path& path) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec && ec != std::errc::no_such_file_or_directory) {
        // A symbolic link loop, a name too long for the system, a folder not readable.
        throw io_error("cannot read '" + path.string() + "': " + ec.message());
    }
    if (!std::filesystem::exists(status)) {
        throw io_error("cannot read '" + path.string() + "': no such file or folder");
    }
    if (!std::filesystem::is_directory(status)) {
        return {path};
    }
    std::vector<std::filesystem::directory_entry> entries;
    for (std::filesystem::recursive_directory_iterator it(path, ec), end; !ec && it != end;
         it.increment(ec)) {
        if (is_rulebook_file(it->path())) {
            entries.push_back(*it);
        }
    }
    if (ec) {
        throw io_error("cannot read folder '" + path.string() + "': " + ec.message());
    }
    // Sorted before each is checked, so that the file an error names does not depend on
    // the order the folder lists its entries in.
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
        return a.path().generic_string() < b.path().generic_string();
    });
    std::vector<std::filesystem::path> files;
    for (const auto& entry : entries) {
        if (is_regular_entry(entry)) {
            files.push_back(entry.path());
        }
    }
    return files;
}

std::vector<diagnostic> check_rulebook_links(std::span<const rulebook> books,
                                             bool missing_is_warning) {
    std::vector<diagnostic> problems;
    std::map<std::string, std::size_t, std::less<>> first;
    std::vector<std::string> ids;
    for (std::size_t i = 0; i < books.size(); ++i) {
        const auto& b = books[i];
        ids.push_back(b.id);
        const auto [found, fresh] = first.emplace(b.id, i);
        if (!fresh) {
            problems.push_back(diagnostic{
                detail::rules::place(b, "id", {b.file, 0, 0}), severity::error,
                "rulebook id '" + b.id + "' is also the id of " + books[found->second].file});
        }
    }
    for (const auto& b : books) {
        for (std::size_t v = 0; v < b.versions.size(); ++v) {
            for (const auto& r : b.versions[v].rollups) {
                if (r.from == b.id) {
                    continue;  // reported when the rulebook itself is checked
                }
                const auto source = first.find(r.from);
                if (source == first.end()) {
                    problems.push_back(diagnostic{
                        detail::rules::place(b, rollup_path(v, r.id, "from"), r.where),
                        missing_is_warning ? severity::warning : severity::error,
                        "roll-up '" + r.id + "' reads rulebook '" + r.from + "', which is not " +
                            (missing_is_warning ? "among the rulebooks checked" : "in the set") +
                            detail::rules::suggestion(r.from, ids)});
                    continue;
                }
                const auto& from = books[source->second];
                const bool model_exemplar =
                    (b.subject == subject_kind::model && from.subject == subject_kind::exemplar) ||
                    (b.subject == subject_kind::exemplar && from.subject == subject_kind::model);
                if (r.over == rollup_scope::linked && !model_exemplar) {
                    problems.push_back(diagnostic{
                        detail::rules::place(b, rollup_path(v, r.id, "over"), r.where),
                        severity::error,
                        "roll-up '" + r.id +
                            "' is 'over: linked', which links models and exemplars only: "
                            "rulebook '" +
                            b.id + "' judges " + std::string(to_string(b.subject)) + "s and '" +
                            r.from + "' " + std::string(to_string(from.subject)) + "s"});
                }
                for (const auto& id : criteria_read(r)) {
                    const bool known = std::any_of(
                        from.versions.begin(), from.versions.end(),
                        [&](const rulebook_version& fv) {
                            return std::any_of(fv.criteria.begin(), fv.criteria.end(),
                                               [&](const criterion& c) { return c.id == id; });
                        });
                    if (!known) {
                        problems.push_back(diagnostic{
                            detail::rules::place(b, rollup_path(v, r.id, "value"), r.value.where),
                            severity::error,
                            "roll-up '" + r.id + "' reads criterion '" + id +
                                "', which rulebook '" + r.from + "' does not have"});
                    }
                }
            }
        }
    }
    (void)dependency_order(books, &problems);
    return problems;
}

rulebook_set::rulebook_set() : impl_(std::make_shared<impl>()) {}

rulebook_set rulebook_set::from(std::vector<rulebook> books, const engine_registry& engines) {
    std::vector<diagnostic> problems;
    std::vector<std::optional<compiled_rulebook>> compiled(books.size());
    auto kept = detail::rules::kept_registry(engines);
    for (std::size_t i = 0; i < books.size(); ++i) {
        try {
            compiled[i] = detail::rules::compile(books[i], kept);
        } catch (const input_error& e) {
            problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
        }
    }
    return assemble(books, std::move(compiled), std::move(problems), std::move(kept));
}

rulebook_set rulebook_set::from(std::vector<compiled_rulebook> books) {
    std::vector<rulebook> sources;
    sources.reserve(books.size());
    std::vector<std::optional<compiled_rulebook>> compiled;
    compiled.reserve(books.size());
    for (auto& b : books) {
        sources.push_back(b.source());
        compiled.emplace_back(std::move(b));
    }
    auto kept = compiled.empty() ? detail::rules::kept_registry(builtin_engines())
                                 : detail::rules::plan_of(*compiled.front()).engines;
    return assemble(sources, std::move(compiled), {}, std::move(kept));
}

rulebook_set rulebook_set::assemble(std::span<const rulebook> books,
                                    std::vector<std::optional<compiled_rulebook>> compiled,
                                    std::vector<diagnostic> problems,
                                    std::shared_ptr<const engine_registry> engines) {
    for (auto& d : check_rulebook_links(books)) {
        problems.push_back(std::move(d));
    }
    if (std::any_of(problems.begin(), problems.end(),
                    [](const diagnostic& d) { return d.severity == severity::error; })) {
        throw input_error(std::move(problems));
    }
    auto out = std::make_shared<impl>();
    for (const auto b : dependency_order(books, nullptr)) {
        out->by_id.emplace(books[b].id, out->books.size());
        out->books.push_back(std::move(*compiled[b]));
    }
    out->engines = std::move(engines);
    rulebook_set set;
    set.impl_ = std::move(out);
    return set;
}

rulebook_set rulebook_set::load(const std::filesystem::path& path, const engine_registry& engines) {
    std::vector<rulebook> books;
    std::vector<std::optional<compiled_rulebook>> compiled;
    std::vector<diagnostic> problems;
    auto kept = detail::rules::kept_registry(engines);
    for (const auto& file : find_rulebook_files(path)) {
        try {
            // Read, checked and compiled once: the set keeps this compiled form.
            auto book = detail::rules::load_compiled(file, kept);
            books.push_back(book.source());
            compiled.emplace_back(std::move(book));
        } catch (const input_error& e) {
            problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
        }
    }
    if (!problems.empty()) {
        throw input_error(std::move(problems));
    }
    rulebook_set set = assemble(books, std::move(compiled), {}, std::move(kept));
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        auto out = std::make_shared<impl>(*set.impl_);
        for (std::filesystem::recursive_directory_iterator it(path, ec), end; !ec && it != end;
             it.increment(ec)) {
            if (is_case_file(it->path()) && is_regular_entry(*it)) {
                out->case_files.push_back(it->path());
            }
        }
        if (ec) {
            throw io_error("cannot read folder '" + path.string() + "': " + ec.message());
        }
        std::sort(out->case_files.begin(), out->case_files.end(), [](const auto& a, const auto& b) {
            return a.generic_string() < b.generic_string();
        });
        set.impl_ = std::move(out);
    }
    return set;
}

std::span<const compiled_rulebook> rulebook_set::rulebooks() const noexcept {
    return impl_->books;
}

const compiled_rulebook* rulebook_set::find(std::string_view id) const noexcept {
    const auto found = impl_->by_id.find(id);
    return found == impl_->by_id.end() ? nullptr : &impl_->books[found->second];
}

const compiled_rulebook& rulebook_set::at(std::string_view id) const {
    if (const auto* found = find(id)) {
        return *found;
    }
    std::vector<std::string> ids;
    for (const auto& [known, index] : impl_->by_id) {
        ids.push_back(known);
    }
    throw usage_error("no rulebook with id '" + std::string(id) + "'" +
                      detail::rules::suggestion(id, ids));
}

std::size_t rulebook_set::size() const noexcept {
    return impl_->books.size();
}

std::span<const std::filesystem::path> rulebook_set::case_files() const noexcept {
    return impl_->case_files;
}

const engine_registry& rulebook_set::engines() const noexcept {
    return *impl_->engines;
}

}  // namespace antq
