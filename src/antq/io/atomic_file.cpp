#include "antq/io/atomic_file.hpp"

#include <antq/error.hpp>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace antq::detail {

namespace {

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& path,
                       int error_number) {
    throw io_error("cannot " + what + " '" + path.string() + "': " + std::strerror(error_number));
}

}  // namespace

atomic_writer::atomic_writer(std::filesystem::path path) : path_(std::move(path)) {
    std::string pattern = path_.string() + ".tmp-XXXXXX";
    fd_ = ::mkstemp(pattern.data());
    if (fd_ < 0) {
        fail("create a temporary file beside", path_, errno);
    }
    temporary_ = pattern;
    // mkstemp makes the file private (0600): keep the mode of the file replaced, or give
    // a new file the usual 0644 (asking the umask would race with other threads).
    std::error_code error;
    const auto status = std::filesystem::status(path_, error);
    const auto mode = !error && std::filesystem::exists(status)
                          ? static_cast<mode_t>(status.permissions() & std::filesystem::perms::mask)
                          : static_cast<mode_t>(0644);
    ::fchmod(fd_, mode);
}

atomic_writer::~atomic_writer() {
    discard();
}

void atomic_writer::discard() noexcept {
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
        std::error_code ignored;
        std::filesystem::remove(temporary_, ignored);
    }
}

void atomic_writer::write(std::string_view data) {
    if (fd_ < 0) {
        throw io_error("cannot write '" + path_.string() + "': already committed or discarded");
    }
    while (!data.empty()) {
        const ::ssize_t written = ::write(fd_, data.data(), data.size());
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            const int error_number = errno;
            discard();
            fail("write", path_, error_number);
        }
        data.remove_prefix(static_cast<std::size_t>(written));
    }
}

void atomic_writer::commit() {
    if (fd_ < 0) {
        throw io_error("cannot commit '" + path_.string() + "': already committed or discarded");
    }
    if (::fsync(fd_) != 0) {
        const int error_number = errno;
        discard();
        fail("flush", path_, error_number);
    }
    if (::close(fd_) != 0) {
        const int error_number = errno;
        fd_ = -1;
        std::error_code ignored;
        std::filesystem::remove(temporary_, ignored);
        fail("close", path_, error_number);
    }
    fd_ = -1;
    std::error_code error;
    std::filesystem::rename(temporary_, path_, error);
    if (error) {
        std::error_code ignored;
        std::filesystem::remove(temporary_, ignored);
        fail("rename a temporary file over", path_, error.value());
    }
}

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
    atomic_writer writer(path);
    writer.write(content);
    writer.commit();
}

}  // namespace antq::detail
