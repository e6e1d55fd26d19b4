#include "antq/io/read_file.hpp"

#include <antq/error.hpp>

#include <cerrno>
#include <cstring>
#include <string>

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

file_buffer read_file(const std::filesystem::path& path) {
    const descriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
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
