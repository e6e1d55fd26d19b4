#include "antq/evaluation/fingerprint.hpp"

#include <antq/error.hpp>

#include <fmt/format.h>
#include <openssl/evp.h>
#include <nlohmann/json.hpp>

#include <array>
#include <memory>
#include <vector>

namespace antq::detail::evaluation {

namespace {

using json = nlohmann::ordered_json;

json optional_number(const std::optional<double>& v) {
    return v ? json(*v) : json(nullptr);
}
json optional_int(const std::optional<int>& v) {
    return v ? json(*v) : json(nullptr);
}

json version_json(const rulebook_version& v) {
    json out;
    out["version"] = v.version;
    out["effective"] = format_date(v.effective);
    out["engine"] = v.engine;
    out["engine_options"] = json::parse(v.options.values.dump());
    out["basis"] = v.basis;
    out["note"] = v.note;
    out["rounding_digits"] = v.rounding_digits;
    out["min_active_days"] = optional_int(v.eligibility.min_active_days);
    out["min_active_months"] = optional_int(v.eligibility.min_active_months);
    for (const auto& p : v.parameters) {
        out["parameters"].push_back({p.id, p.value});
    }
    for (const auto& i : v.indicators) {
        out["indicators"].push_back({i.id, to_string(i.type), to_string(i.missing), i.title});
    }
    for (const auto& d : v.derived) {
        out["derived"].push_back({d.id, d.formula.text});
    }
    for (const auto& c : v.criteria) {
        out["criteria"].push_back({c.id, c.title, c.group, c.basis, c.note, to_string(c.kind),
                                   c.points, c.when.text, c.score.text, optional_number(c.weight),
                                   c.direction == criterion_direction::cost ? "cost" : "benefit",
                                   c.value.text});
    }
    for (const auto& t : v.tiers) {
        json quota = nullptr;
        if (t.quota) {
            quota = {t.quota->max_share, t.quota->within, t.quota->relative_to};
        }
        out["tiers"].push_back({t.id, t.label, t.when.text, t.requires_criteria, quota, t.action});
    }
    json order = json::array();
    for (const auto& k : v.ranking.order) {
        order.push_back({k.key, k.descending ? "desc" : "asc"});
    }
    out["ranking"] = {v.ranking.within, v.ranking.by, order, to_string(v.ranking.method)};
    for (const auto& r : v.rollups) {
        out["rollups"].push_back({r.id, r.from,
                                  r.over == rollup_scope::children ? "children" : "descendants",
                                  r.value.text});
    }
    return out;
}

}  // namespace

std::string canonical_text(const rulebook& book) {
    if (!book.source_text.empty()) {
        return book.source_text;
    }
    json out;
    out["antq"] = book.format;
    out["id"] = book.id;
    out["title"] = book.title;
    out["subject"] = to_string(book.subject);
    out["applies_to"] = book.applies_to.text;
    out["period"] = book.period.to_string();
    out["note"] = book.note;
    out["versions"] = json::array();
    for (const auto& v : book.versions) {
        out["versions"].push_back(version_json(v));
    }
    return out.dump();
}

namespace {

/// SHA-256 over the pieces, one after another (framing is the caller's business).
std::string digest_hex(std::span<const std::string_view> pieces) {
    const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                          &EVP_MD_CTX_free);
    if (!context || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1) {
        throw error("cannot start a SHA-256 digest");
    }
    for (const std::string_view piece : pieces) {
        if (EVP_DigestUpdate(context.get(), piece.data(), piece.size()) != 1) {
            throw error("cannot update a SHA-256 digest");
        }
    }
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    if (EVP_DigestFinal_ex(context.get(), digest.data(), &size) != 1) {
        throw error("cannot finish a SHA-256 digest");
    }
    std::string hex;
    hex.reserve(size * 2U);
    for (unsigned int i = 0; i < size; ++i) {
        hex += fmt::format("{:02x}", digest[i]);
    }
    return hex;
}

}  // namespace

std::string sha256_hex(std::string_view text) {
    const std::array<std::string_view, 1> pieces = {text};
    return digest_hex(pieces);
}

std::string rulebook_hash(const rulebook& book) {
    return sha256_hex(canonical_text(book));
}

std::string framed_sha256_hex(std::span<const std::string_view> parts) {
    std::vector<std::string> lengths;
    lengths.reserve(parts.size());
    std::vector<std::string_view> pieces;
    pieces.reserve(parts.size() * 2);
    for (const std::string_view part : parts) {
        lengths.push_back(fmt::format("{}:", part.size()));
    }
    for (std::size_t k = 0; k < parts.size(); ++k) {
        pieces.push_back(lengths[k]);
        pieces.push_back(parts[k]);
    }
    return digest_hex(pieces);
}

std::string fingerprint(std::span<const std::string> rulebook_hashes, std::string_view dataset_hash,
                        std::string_view library_version) {
    std::vector<std::string_view> parts;
    parts.reserve(rulebook_hashes.size() + 3);
    parts.emplace_back("antq-evaluation-1");
    for (const auto& text : rulebook_hashes) {
        parts.emplace_back(text);
    }
    parts.push_back(dataset_hash);
    parts.push_back(library_version);
    return framed_sha256_hex(parts);
}

}  // namespace antq::detail::evaluation
