#pragma once

// Progress of long runs on stderr, shown only when stderr is a terminal: a pipe or a log
// file gets nothing, so scripts see the same bytes whatever the terminal. Each step
// overwrites the line of the previous one; the line is cleared when the run is done, so
// that what follows on stderr (diagnostics) starts on a clean line.
//
//     antq::cli::progress progress;
//     progress.step("đang nạp dữ liệu");
//     const auto data = antq::load_dataset(path);
//     progress.step("đang đánh giá");
//     ...
//     progress.done();   // or let the destructor clear the line

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>

namespace antq::cli {

class progress {
  public:
    /// Shows progress when stderr is a terminal; `enabled` forces it off (e.g. `--quiet`).
    explicit progress(bool enabled = true) : shown_(enabled && isatty(STDERR_FILENO) == 1) {}
    ~progress() { done(); }
    progress(const progress&) = delete;
    progress& operator=(const progress&) = delete;

    /// Starts a new step: `antq: <what>…` replaces the previous step's line.
    void step(std::string_view what) {
        if (!shown_) {
            return;
        }
        what_ = std::string(what);
        print(what_ + "…");
    }

    /// Reports how far the current step is (`done` of `total` items), at most ten times a
    /// second so that a tight loop does not spend its time writing to the terminal.
    void advance(std::size_t done_items, std::size_t total) {
        if (!shown_ || total == 0) {
            return;
        }
        const auto now = std::chrono::steady_clock::now();
        if (done_items != total && now - last_print_ < std::chrono::milliseconds(100)) {
            return;
        }
        last_print_ = now;
        const auto percent = static_cast<unsigned>(100.0 * static_cast<double>(done_items) /
                                                   static_cast<double>(total));
        print(what_ + "… " + std::to_string(percent) + "%");
    }

    /// Clears the line; later steps start a new one.
    void done() {
        if (!shown_ || !printed_) {
            return;
        }
        std::fputs("\r\033[K", stderr);
        std::fflush(stderr);
        printed_ = false;
    }

  private:
    void print(const std::string& text) {
        std::fprintf(stderr, "\r\033[Kantq: %s", text.c_str());
        std::fflush(stderr);
        printed_ = true;
    }

    bool shown_;
    bool printed_ = false;
    std::string what_;
    std::chrono::steady_clock::time_point last_print_{};
};

}  // namespace antq::cli
