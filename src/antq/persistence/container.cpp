#include "antq/persistence/container.hpp"

#include <antq/error.hpp>

#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <sstream>
#include <system_error>
#include <utility>
#include <vector>

// A stream buffer over an open descriptor (libstdc++, which GCC and Debian's clang use).
#include <ext/stdio_filebuf.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace antq::detail {

namespace {

constexpr std::size_t version_offset = 8;
constexpr std::size_t format_offset = 10;
constexpr std::size_t content_offset = 11;
constexpr std::size_t length_offset = 12;
constexpr std::size_t checksum_offset = 20;
/// Reads of this size verify the checksum without holding the content in memory.
constexpr std::size_t chunk_size = std::size_t{1} << 20;

static_assert(checksum_offset == container_checked_header_size);
static_assert(checksum_offset + sizeof(sha256_digest) == container_header_size);

struct md_context_deleter {
    void operator()(EVP_MD_CTX* context) const noexcept { EVP_MD_CTX_free(context); }
};

/// SHA-256 through OpenSSL's EVP interface, fed in pieces.
class sha256 {
  public:
    sha256() : context_(EVP_MD_CTX_new()) {
        if (!context_ || EVP_DigestInit_ex(context_.get(), EVP_sha256(), nullptr) != 1) {
            throw error("cannot initialise SHA-256 (OpenSSL)");
        }
    }

    void update(const char* data, std::size_t size) {
        if (size != 0 && EVP_DigestUpdate(context_.get(), data, size) != 1) {
            throw error("SHA-256 update failed (OpenSSL)");
        }
    }

    [[nodiscard]] sha256_digest finish() {
        sha256_digest digest{};
        unsigned int length = 0;
        if (EVP_DigestFinal_ex(context_.get(), digest.data(), &length) != 1 ||
            length != digest.size()) {
            throw error("SHA-256 final failed (OpenSSL)");
        }
        return digest;
    }

  private:
    std::unique_ptr<EVP_MD_CTX, md_context_deleter> context_;
};

void put_le(std::string& bytes, std::size_t offset, std::uint64_t value, std::size_t width) {
    for (std::size_t i = 0; i < width; ++i) {
        bytes[offset + i] = static_cast<char>((value >> (8 * i)) & 0xffu);
    }
}

std::uint64_t get_le(const char* bytes, std::size_t width) {
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < width; ++i) {
        value |= std::uint64_t{static_cast<unsigned char>(bytes[i])} << (8 * i);
    }
    return value;
}

/// Fills the header fields of `file`, whose first `container_header_size` bytes are
/// reserved for it and the rest is the content, then its checksum.
void seal(std::string& file, std::uint16_t version, std::uint8_t format, std::uint8_t content) {
    std::copy(container_magic.begin(), container_magic.end(), file.begin());
    put_le(file, version_offset, version, 2);
    file[format_offset] = static_cast<char>(format);
    file[content_offset] = static_cast<char>(content);
    put_le(file, length_offset, file.size() - container_header_size, 8);

    sha256 hash;
    hash.update(file.data(), container_checked_header_size);
    hash.update(file.data() + container_header_size, file.size() - container_header_size);
    const sha256_digest digest = hash.finish();
    std::copy(digest.begin(), digest.end(), file.begin() + checksum_offset);
}

std::string_view with_article(archive_content content) {
    switch (content) {
        case archive_content::snapshot:
            return "a snapshot";
        case archive_content::dataset:
            return "a dataset";
        case archive_content::rulebooks:
            return "rulebooks";
    }
    return "unknown content";
}

std::string byte_count(std::uint64_t n) {
    return fmt::format("{} {}", n, n == 1 ? "byte" : "bytes");
}

[[noreturn]] void corrupt(const std::filesystem::path& file, std::string_view what) {
    throw corrupt_file_error(fmt::format("{}: {}", file.string(), what));
}

[[noreturn]] void unreadable(const std::filesystem::path& file, std::string_view what) {
    throw io_error(fmt::format("{}: {}", file.string(), what));
}

/// Opens `file` for reading and returns it with its size. Anything but a regular file
/// (missing, a folder, a pipe, a device) is an `io_error`. The check is made on the open
/// descriptor, which is then read: opening does not wait for a pipe's writer (O_NONBLOCK),
/// and the file checked is the file read.
std::pair<std::unique_ptr<std::streambuf>, std::uint64_t> open_regular_file(
    const std::filesystem::path& file) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        unreadable(file, fmt::format("cannot open: {}", std::strerror(errno)));
    }
    // Owns the descriptor from here on: closes it on every way out.
    auto buffer = std::make_unique<__gnu_cxx::stdio_filebuf<char>>(fd, std::ios::in | std::ios::binary);
    struct stat info {};
    if (::fstat(fd, &info) != 0) {
        unreadable(file, fmt::format("cannot open: {}", std::strerror(errno)));
    }
    if (!S_ISREG(info.st_mode)) {
        unreadable(file, "cannot open: not a regular file");
    }
    return {std::move(buffer), static_cast<std::uint64_t>(info.st_size)};
}

void read_exactly(std::istream& in, char* into, std::size_t size,
                  const std::filesystem::path& file) {
    in.read(into, static_cast<std::streamsize>(size));
    if (static_cast<std::size_t>(in.gcount()) != size) {
        // The size was checked against the file's: fewer bytes now means the file shrank
        // while it was read, or the device failed.
        unreadable(file, "read error: the file changed or could not be read");
    }
}

/// Checks everything the fixed header says, in the order that gives the most useful
/// message: the magic first (is it ours at all?), then the version (can we read the rest
/// of this header?), then the length against the file's size.
void check_header(const std::filesystem::path& file, const char* header, std::uint64_t file_size) {
    const std::size_t present =
        static_cast<std::size_t>(std::min<std::uint64_t>(file_size, container_magic.size()));
    if (std::string_view(header, present) != container_magic.substr(0, present)) {
        corrupt(file,
                fmt::format("not an antq archive (it does not start with {})", container_magic));
    }
    if (file_size < container_header_size) {
        corrupt(file, fmt::format("truncated: {}, shorter than the {}-byte header",
                                  byte_count(file_size), container_header_size));
    }
    const auto version = get_le(header + version_offset, 2);
    if (version != container_version) {
        corrupt(file,
                fmt::format("unsupported container format version {} (this antq reads version {})",
                            version, container_version));
    }
    const std::uint64_t length = get_le(header + length_offset, 8);
    const std::uint64_t held = file_size - container_header_size;
    if (length > held) {
        corrupt(file, fmt::format("truncated: the header announces {} of content, the file "
                                  "holds {}",
                                  byte_count(length), held));
    }
    if (length < held) {
        corrupt(file, fmt::format("{} after the end of the content", byte_count(held - length)));
    }
}

sha256_digest hash_content(std::istream& in, const char* header, std::uint64_t length,
                           const std::filesystem::path& file) {
    sha256 hash;
    hash.update(header, container_checked_header_size);
    std::vector<char> chunk(static_cast<std::size_t>(std::min<std::uint64_t>(length, chunk_size)));
    for (std::uint64_t left = length; left > 0;) {
        const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(left, chunk.size()));
        read_exactly(in, chunk.data(), n, file);
        hash.update(chunk.data(), n);
        left -= n;
    }
    return hash.finish();
}

}  // namespace

std::string to_hex(const sha256_digest& digest) {
    std::string hex;
    hex.reserve(2 * digest.size());
    for (const unsigned char byte : digest) {
        hex += fmt::format("{:02x}", byte);
    }
    return hex;
}

std::string build_container(archive_format format, archive_content content,
                            const std::function<void(std::ostream&)>& write_content) {
    std::ostringstream out(std::ios::binary);
    out.write(std::string(container_header_size, '\0').data(),
              static_cast<std::streamsize>(container_header_size));
    write_content(out);
    if (!out) {
        throw io_error("cannot build the archive in memory");
    }
    std::string file = std::move(out).str();
    seal(file, container_version, static_cast<std::uint8_t>(format),
         static_cast<std::uint8_t>(content));
    return file;
}

std::string seal_container(std::uint16_t version, std::uint8_t format, std::uint8_t content,
                           std::string_view payload) {
    std::string file(container_header_size, '\0');
    file.append(payload);
    seal(file, version, format, content);
    return file;
}

verified_container open_container(const std::filesystem::path& file,
                                  std::optional<archive_content> expected) {
    verified_container opened;
    auto [buffer, file_size] = open_regular_file(file);
    opened.buffer = std::move(buffer);
    opened.stream = std::make_unique<std::istream>(opened.buffer.get());
    std::istream& in = *opened.stream;

    std::array<char, container_header_size> header{};
    const auto header_bytes =
        static_cast<std::size_t>(std::min<std::uint64_t>(file_size, container_header_size));
    read_exactly(in, header.data(), header_bytes, file);
    check_header(file, header.data(), file_size);

    const std::uint64_t length = get_le(header.data() + length_offset, 8);
    const sha256_digest digest = hash_content(in, header.data(), length, file);
    if (std::memcmp(digest.data(), header.data() + checksum_offset, digest.size()) != 0) {
        corrupt(file, "checksum mismatch: the file is damaged");
    }

    // Only now, with the checksum verified, are the format and content bytes trusted: a
    // damaged byte there was reported as a mismatch above, so what is left is a file from
    // a newer antq.
    const auto format = static_cast<std::uint8_t>(header[format_offset]);
    if (format > static_cast<std::uint8_t>(archive_format::binary)) {
        corrupt(file, fmt::format("unknown archive format {}", format));
    }
    const auto content = static_cast<std::uint8_t>(header[content_offset]);
    if (content < static_cast<std::uint8_t>(archive_content::snapshot) ||
        content > static_cast<std::uint8_t>(archive_content::rulebooks)) {
        corrupt(file, fmt::format("unknown content kind {}", content));
    }
    opened.info.container_version = container_version;
    opened.info.format = static_cast<archive_format>(format);
    opened.info.content = static_cast<archive_content>(content);
    opened.info.content_size = length;
    opened.info.checksum = to_hex(digest);
    if (expected && *expected != opened.info.content) {
        corrupt(file, fmt::format("holds {}, not {}", with_article(opened.info.content),
                                  with_article(*expected)));
    }

    in.clear();
    in.seekg(static_cast<std::streamoff>(container_header_size));
    if (!in) {
        unreadable(file, "cannot seek to the content");
    }
    return opened;
}

}  // namespace antq::detail
