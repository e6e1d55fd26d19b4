#include "antq/io/atomic_file.hpp"

#include <antq/error.hpp>

#include <array>
#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <string>
#include <system_error>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace antq::detail {

namespace {

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& path,
                       int error_number) {
    throw io_error("cannot " + what + " '" + path.string() + "': " + std::strerror(error_number));
}

// The temporary files in progress, for a signal handler to unlink. Fixed storage and
// lock-free atomics only, because a handler may neither allocate nor take a lock. A slot
// goes free -> filling -> ready; the handler unlinks only ready slots.
enum slot_state : int { slot_free = 0, slot_filling = 1, slot_ready = 2 };
constexpr std::size_t slot_count = 64;
struct temporary_slot {
    std::atomic<int> state{slot_free};
    std::array<char, PATH_MAX> path{};
};
static_assert(std::atomic<int>::is_always_lock_free);
std::array<temporary_slot, slot_count> temporaries;

int register_temporary(const std::string& path) noexcept {
    if (path.size() >= PATH_MAX) {
        return -1;  // the system could not have created it anyway
    }
    for (std::size_t i = 0; i < slot_count; ++i) {
        int expected = slot_free;
        if (temporaries[i].state.compare_exchange_strong(expected, slot_filling)) {
            std::memcpy(temporaries[i].path.data(), path.c_str(), path.size() + 1);
            temporaries[i].state.store(slot_ready, std::memory_order_release);
            return static_cast<int>(i);
        }
    }
    return -1;  // more than slot_count at once: not removed on a signal
}

void unregister_temporary(int slot) noexcept {
    if (slot >= 0) {
        temporaries[static_cast<std::size_t>(slot)].state.store(slot_free,
                                                                std::memory_order_release);
    }
}

// Where the bytes for `path` go: a file to replace atomically, or something to write
// straight into.
struct output_target {
    std::filesystem::path path;
    bool direct = false;
};

bool under_proc(const std::filesystem::path& p) {
    const std::string text = p.lexically_normal().string();
    return text.starts_with("/proc/");
}

// Follows symbolic links one at a time (at most 40, as the kernel does) to what they name:
// a regular file or nothing is replaced atomically at the link's target, so that the
// link survives; a device or FIFO is written into. A link under /proc (/dev/stdout goes to
// /proc/self/fd/1) names an open descriptor, not a file: it is written into, so that the
// caller's redirection (`> out`, `>> out`, a pipe) gets the bytes.
output_target resolve_target(const std::filesystem::path& path) {
    std::filesystem::path current = path;
    for (int hops = 0;; ++hops) {
        struct stat info {};
        if (::lstat(current.c_str(), &info) != 0) {
            if (errno == ENOENT) {
                return {current, false};
            }
            fail("write", path, errno);
        }
        if (S_ISREG(info.st_mode)) {
            return {current, false};
        }
        if (S_ISDIR(info.st_mode)) {
            fail("write", path, EISDIR);
        }
        if (!S_ISLNK(info.st_mode)) {
            return {current, true};
        }
        if (hops == 40) {
            fail("write", path, ELOOP);
        }
        if (under_proc(current)) {
            return {current, true};
        }
        std::error_code error;
        const auto target = std::filesystem::read_symlink(current, error);
        if (error) {
            fail("write", path, error.value());
        }
        current = target.is_absolute() ? target : current.parent_path() / target;
    }
}

// Writes all of `data` to `fd`, again after an interrupted or partial write; returns 0, or
// the errno of the write that failed.
int write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        const ::ssize_t written = ::write(fd, data.data(), data.size());
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            return errno;
        }
        data.remove_prefix(static_cast<std::size_t>(written));
    }
    return 0;
}

// Writes into a device, a FIFO or an open descriptor, piece after piece: appending, so
// that a file behind /dev/stdout keeps what the shell's `>>` kept, and never creating
// anything.
class direct_writer {
  public:
    explicit direct_writer(std::filesystem::path path)
        : path_(std::move(path)),
          fd_(::open(path_.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC | O_NOCTTY)) {
        if (fd_ < 0) {
            fail("write", path_, errno);
        }
    }
    ~direct_writer() {
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }
    direct_writer(const direct_writer&) = delete;
    direct_writer& operator=(const direct_writer&) = delete;

    void write(std::string_view content) {
        if (const int error_number = write_all(fd_, content); error_number != 0) {
            fail("write", path_, error_number);
        }
    }

    void close() {
        const int closing = fd_;
        fd_ = -1;
        if (::close(closing) != 0 && errno != EINTR) {
            fail("close", path_, errno);
        }
    }

  private:
    std::filesystem::path path_;
    int fd_;
};

void write_directly(const std::filesystem::path& path, std::string_view content) {
    direct_writer out(path);
    out.write(content);
    out.close();
}

}  // namespace

void remove_registered_temporaries() noexcept {
    for (auto& slot : temporaries) {
        if (slot.state.load(std::memory_order_acquire) == slot_ready) {
            ::unlink(slot.path.data());
        }
    }
}

staging*& current_staging() noexcept {
    thread_local staging* current = nullptr;
    return current;
}

atomic_writer::atomic_writer(std::filesystem::path path) : path_(std::move(path)) {
    std::string pattern = path_.string() + ".tmp-XXXXXX";
    fd_ = ::mkstemp(pattern.data());
    if (fd_ < 0) {
        fail("create a temporary file beside", path_, errno);
    }
    temporary_ = pattern;
    slot_ = register_temporary(pattern);
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
    }
    if (!temporary_.empty()) {
        ::unlink(temporary_.c_str());
        temporary_.clear();
    }
    unregister_temporary(slot_);
    slot_ = -1;
}

void atomic_writer::write(std::string_view data) {
    if (fd_ < 0 || prepared_) {
        throw io_error("cannot write '" + path_.string() + "': already committed or discarded");
    }
    if (const int error_number = write_all(fd_, data); error_number != 0) {
        discard();
        fail("write", path_, error_number);
    }
    written_ += data.size();
    write_behind();
}

// A large output (190 MB of national results) is handed to the disk while it is written,
// a step at a time, and the writer waits for the step before the last: the kernel
// otherwise holds all of it in memory and writes it at the final fsync, which the command
// then waited for (85 ms for the national results; 1-3 ms with this), and writing many
// dirty pages at once was also the least steady way to write them (docs/performance.md).
// The final fsync still says whether everything reached the disk: these calls only ask
// early, and their failures are left to it.
void atomic_writer::write_behind() noexcept {
#if defined(__linux__)
    constexpr std::uint64_t step = std::uint64_t{16} << 20;
    if (written_ - started_ < step) {
        return;
    }
    ::sync_file_range(fd_, static_cast<off_t>(started_), static_cast<off_t>(written_ - started_),
                      SYNC_FILE_RANGE_WRITE);
    if (started_ > settled_) {
        ::sync_file_range(
            fd_, static_cast<off_t>(settled_), static_cast<off_t>(started_ - settled_),
            SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER);
    }
    settled_ = started_;
    started_ = written_;
#endif
}

void atomic_writer::prepare() {
    if (fd_ < 0 || prepared_) {
        throw io_error("cannot commit '" + path_.string() + "': already committed or discarded");
    }
    if (::fsync(fd_) != 0) {
        const int error_number = errno;
        discard();
        fail("flush", path_, error_number);
    }
    const int closing = fd_;
    fd_ = -1;
    if (::close(closing) != 0 && errno != EINTR) {
        const int error_number = errno;
        discard();
        fail("close", path_, error_number);
    }
    prepared_ = true;
}

void atomic_writer::publish() {
    if (!prepared_ || temporary_.empty()) {
        throw io_error("cannot commit '" + path_.string() + "': not prepared, or discarded");
    }
    if (::rename(temporary_.c_str(), path_.c_str()) != 0) {
        const int error_number = errno;
        discard();
        fail("rename a temporary file over", path_, error_number);
    }
    temporary_.clear();  // it is the target now: nothing to remove
    unregister_temporary(slot_);
    slot_ = -1;
}

void atomic_writer::commit() {
    prepare();
    publish();
}

void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(const piece_sink&)>& produce) {
    const output_target target = resolve_target(path);
    staging* batch = current_staging();
    if (target.direct) {
        if (batch == nullptr) {
            direct_writer out(target.path);
            produce([&](std::string_view piece) { out.write(piece); });
            out.close();
            return;
        }
        // Held until the batch commits, in one text of its own.
        std::string content;
        produce([&](std::string_view piece) { content += piece; });
        batch->direct.emplace_back(target.path, std::move(content));
        return;
    }
    auto writer = std::make_unique<atomic_writer>(target.path);
    produce([&](std::string_view piece) { writer->write(piece); });
    if (batch == nullptr) {
        writer->commit();
        return;
    }
    writer->prepare();
    batch->prepared.push_back(std::move(writer));
}

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
    write_file_atomically(path, [&](const piece_sink& sink) { sink(content); });
}

void commit_staging(staging& s) {
    std::string done;
    const auto failed = [&](const io_error& e) {
        throw io_error(std::string(e.what()) + (done.empty() ? std::string("; no file was written")
                                                             : "; already written: " + done));
    };
    for (const auto& [path, content] : s.direct) {
        try {
            write_directly(path, content);
        } catch (const io_error& e) {
            failed(e);
        }
        done += (done.empty() ? "'" : ", '") + path.string() + "'";
    }
    for (const auto& writer : s.prepared) {
        try {
            writer->publish();
        } catch (const io_error& e) {
            failed(e);
        }
        done += (done.empty() ? "'" : ", '") + writer->path().string() + "'";
    }
}

}  // namespace antq::detail
