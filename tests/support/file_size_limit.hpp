#pragma once

// A full disk, made on purpose: the largest file this process may write is lowered, so a
// write past it fails midway as it would when the disk fills.

#include <sys/resource.h>

#include <csignal>

namespace antq::test_support {

/// Lowers the largest file this process may write (RLIMIT_FSIZE) for its lifetime, so that
/// a write fails midway with EFBIG as on a full disk; SIGXFSZ is ignored meanwhile so that
/// the failure is an error code, not a signal.
class file_size_limit {
  public:
    explicit file_size_limit(rlim_t bytes) {
        ::getrlimit(RLIMIT_FSIZE, &saved_);
        previous_handler_ = std::signal(SIGXFSZ, SIG_IGN);
        rlimit lowered = saved_;
        lowered.rlim_cur = bytes;
        ::setrlimit(RLIMIT_FSIZE, &lowered);
    }
    ~file_size_limit() {
        ::setrlimit(RLIMIT_FSIZE, &saved_);
        std::signal(SIGXFSZ, previous_handler_);
    }
    file_size_limit(const file_size_limit&) = delete;
    file_size_limit& operator=(const file_size_limit&) = delete;

  private:
    rlimit saved_{};
    void (*previous_handler_)(int) = nullptr;
};

}  // namespace antq::test_support
