#pragma once

// A place in the temporary folder that belongs to this test process alone.
//
// CTest runs each discovered test as its own process, several at once: two tests that write to
// the same fixed name under /tmp remove each other's files half-way (CI saw exactly that). The
// process id in the name keeps them apart; everything handed out is removed when the process
// ends, so nothing piles up in /tmp.

#include <unistd.h>

#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace antq::test_support {

namespace detail {

/// Removes, at the end of the process, every path handed out by scratch_path.
class scratch_paths {
  public:
    static scratch_paths& instance() {
        static scratch_paths paths;
        return paths;
    }
    void remember(const std::filesystem::path& p) {
        const std::lock_guard lock(mutex_);
        paths_.push_back(p);
    }
    scratch_paths(const scratch_paths&) = delete;
    scratch_paths& operator=(const scratch_paths&) = delete;
    ~scratch_paths() {
        for (const auto& p : paths_) {
            std::error_code ignored;  // a test may have removed it already
            std::filesystem::remove_all(p, ignored);
        }
    }

  private:
    scratch_paths() = default;
    std::mutex mutex_;
    std::vector<std::filesystem::path> paths_;
};

}  // namespace detail

/// `/tmp/antq-<name>-<pid>`: nothing there yet (a leftover is removed), removed at exit.
/// `name` may end in an extension (".json"): the process id goes before it.
inline std::filesystem::path scratch_path(std::string_view name) {
    const std::filesystem::path given(name);
    const auto p = std::filesystem::temp_directory_path() /
                   ("antq-" + given.stem().string() + "-" + std::to_string(::getpid()) +
                    given.extension().string());
    std::error_code ignored;
    std::filesystem::remove_all(p, ignored);
    detail::scratch_paths::instance().remember(p);
    return p;
}

}  // namespace antq::test_support
