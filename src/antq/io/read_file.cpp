#include "antq/io/read_file.hpp"

#include <antq/error.hpp>

#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace antq::detail {

namespace {

[[noreturn]] void fail(const std::filesystem::path& path, int error_number) {
    throw io_error("cannot read '" + path.string() + "': " + std::strerror(error_number));
}

// Closes the descriptor on every way out.
struct descriptor {
    int fd;
    ~descriptor() {
        if (fd >= 0) {
            ::close(fd);
        }
    }
};

}  // namespace

bool is_regular_entry(const std::filesystem::directory_entry& entry) {
    std::error_code ec;
    const auto status = entry.status(ec);
    if (ec && ec != std::errc::no_such_file_or_directory) {
        throw io_error("cannot read '" + entry.path().string() + "': " + ec.message());
    }
    return std::filesystem::is_regular_file(status);
}

std::uint64_t regular_file_size(const std::filesystem::path& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        fail(path, errno);
    }
    if (S_ISDIR(info.st_mode)) {
        fail(path, EISDIR);
    }
    if (!S_ISREG(info.st_mode)) {
        throw io_error("cannot read '" + path.string() +
                       "': not a regular file (a pipe, device or socket)");
    }
    return static_cast<std::uint64_t>(info.st_size);
}

file_buffer read_file(const std::filesystem::path& path) {
    // O_NONBLOCK: opening a FIFO for reading otherwise waits for a writer, forever when
    // there is none; what is opened is checked to be a regular file before any read.
    const descriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK)};
    if (file.fd < 0) {
        fail(path, errno);
    }
    struct stat info {};
    if (::fstat(file.fd, &info) != 0) {
        fail(path, errno);
    }
    if (S_ISDIR(info.st_mode)) {
        fail(path, EISDIR);
    }
    if (!S_ISREG(info.st_mode)) {
        throw io_error("cannot read '" + path.string() +
                       "': not a regular file (a pipe, device or socket)");
    }
    auto size = static_cast<std::size_t>(info.st_size);
    auto data = std::make_unique_for_overwrite<char[]>(size);
    std::size_t done = 0;
    while (done < size) {
        const ::ssize_t got = ::read(file.fd, data.get() + done, size - done);
        if (got < 0) {
            if (errno == EINTR) {
                continue;
            }
            fail(path, errno);
        }
        if (got == 0) {
            break;  // the file shrank while being read: keep what is there
        }
        done += static_cast<std::size_t>(got);
    }
    return {std::move(data), done};
}

}  // namespace antq::detail
