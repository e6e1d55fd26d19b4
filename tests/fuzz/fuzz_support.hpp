#pragma once

// What every fuzz target shares: the libFuzzer entry point's declaration, a check that
// aborts (so that libFuzzer, and the replay test, see a crash with the reason printed,
// whatever NDEBUG says), and helpers on text and scratch files.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace antq::fuzz {

/// Aborts with `what` when `condition` is false: an invariant of the code under test broke.
inline void check(bool condition, std::string_view what) {
    if (condition) {
        return;
    }
    std::fprintf(stderr, "fuzz invariant broken: %.*s\n", static_cast<int>(what.size()),
                 what.data());
    std::abort();
}

/// The input as text (bytes as they are, invalid UTF-8 included).
inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

/// Whether `text` is well-formed UTF-8 (no overlong forms, surrogates or code points above
/// U+10FFFF).
inline bool is_valid_utf8(std::string_view text) {
    std::size_t i = 0;
    const auto byte = [&](std::size_t at) -> unsigned {
        return at < text.size() ? static_cast<unsigned char>(text[at]) : 0u;
    };
    const auto continuation = [&](std::size_t at, unsigned lo = 0x80, unsigned hi = 0xBF) {
        return byte(at) >= lo && byte(at) <= hi;
    };
    while (i < text.size()) {
        const unsigned lead = byte(i);
        std::size_t length = 0;
        if (lead < 0x80) {
            length = 1;
        } else if (lead >= 0xC2 && lead <= 0xDF) {
            length = continuation(i + 1) ? 2 : 0;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            const unsigned lo = lead == 0xE0 ? 0xA0 : 0x80;
            const unsigned hi = lead == 0xED ? 0x9F : 0xBF;
            length = continuation(i + 1, lo, hi) && continuation(i + 2) ? 3 : 0;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            const unsigned lo = lead == 0xF0 ? 0x90 : 0x80;
            const unsigned hi = lead == 0xF4 ? 0x8F : 0xBF;
            length =
                continuation(i + 1, lo, hi) && continuation(i + 2) && continuation(i + 3) ? 4 : 0;
        }
        if (length == 0) {
            return false;
        }
        i += length;
    }
    return true;
}

/// Characters (code points) in valid UTF-8, bytes otherwise: the longest a line can be in
/// the columns an error reports.
inline std::size_t length_in_characters(std::string_view text) {
    if (!is_valid_utf8(text)) {
        return text.size();
    }
    std::size_t count = 0;
    for (const char c : text) {
        count += (static_cast<unsigned char>(c) & 0xC0u) != 0x80u ? 1 : 0;
    }
    return count;
}

/// Lines in `text`: one more than its line feeds.
/// The input cut at form feeds (`\f`) into at most `max_parts` parts: the first
/// `max_parts - 1` feeds cut, the last part keeps any further ones. Several targets take
/// several files in one input this way.
inline std::vector<std::string_view> split_at_form_feeds(std::string_view text,
                                                         std::size_t max_parts) {
    std::vector<std::string_view> parts;
    while (parts.size() + 1 < max_parts) {
        const std::size_t feed = text.find('\f');
        if (feed == std::string_view::npos) {
            break;
        }
        parts.push_back(text.substr(0, feed));
        text.remove_prefix(feed + 1);
    }
    parts.push_back(text);
    return parts;
}

inline std::size_t line_count(std::string_view text) {
    std::size_t lines = 1;
    for (const char c : text) {
        lines += c == '\n' ? 1 : 0;
    }
    return lines;
}

/// A folder of this process's own under the temporary folder, removed with its content
/// when the process exits normally.
class scratch_dir {
  public:
    explicit scratch_dir(std::string_view target)
        : path_(std::filesystem::temp_directory_path() /
                ("antq-" + std::string(target) + "-" + std::to_string(::getpid()))) {
        std::filesystem::create_directories(path_);
    }
    ~scratch_dir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    scratch_dir(const scratch_dir&) = delete;
    scratch_dir& operator=(const scratch_dir&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

  private:
    std::filesystem::path path_;
};

/// The scratch folder of `target`, made on first use and reused by every input (libFuzzer
/// runs inputs one after another in a process; parallel jobs are separate processes).
inline const std::filesystem::path& scratch_folder(std::string_view target) {
    static const scratch_dir folder(target);
    return folder.path();
}

/// Writes `bytes` to `file`, replacing it.
inline void write_file(const std::filesystem::path& file, std::string_view bytes) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    check(out.good(), "the scratch file could not be written");
}

}  // namespace antq::fuzz
