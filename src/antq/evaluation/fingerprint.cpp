#include "antq/evaluation/fingerprint.hpp"

#include <antq/error.hpp>
#include <antq/evaluate.hpp>
#include <antq/rulebook_writer.hpp>

#include <fmt/format.h>
#include <openssl/evp.h>

#include <array>
#include <memory>
#include <vector>

namespace antq::detail::evaluation {

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

namespace antq {

// Beside the fingerprint it feeds. The library has no internal function of this name: one
// taking a rulebook would make unqualified calls ambiguous through argument-dependent lookup.
std::string rulebook_hash(const rulebook& book) {
    return detail::evaluation::sha256_hex(rulebook_text(book));
}

}  // namespace antq
