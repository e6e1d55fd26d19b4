// The antq command: parses the command line and hands over to one subcommand. Every
// subcommand is a thin layer over the public API.

#include "antq/command.hpp"

#include <antq/output.hpp>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iostream>
#include <new>

#include <unistd.h>

namespace {

// The last line of defence: whatever escapes main's handlers (an exception thrown where
// none may be, such as from a destructor or a noexcept function) is reported in one line
// and the command fails with status 1, never with the runtime's `terminate called`.
[[noreturn]] void report_and_exit() noexcept {
    const char* what = "an unexpected internal error";
    try {
        if (const auto current = std::current_exception()) {
            std::rethrow_exception(current);
        }
    } catch (const std::bad_alloc&) {
        what = "not enough memory";
    } catch (const std::exception& e) {
        what = e.what();
    } catch (...) {
    }
    std::fprintf(stderr, "antq: error: %s\n", what);
    std::_Exit(antq::cli::input_failure);
}

// Standard output is checked once at the end: every write to it went through the same
// stdio buffer, whose error flag stays set after a failed write (a full disk, a closed
// pipe when SIGPIPE is ignored), and the final flush and close report the rest. The
// results are only claimed written when all of this succeeded.
int finish_standard_output(int status) {
    // The first flush that fails sets errno; a second one may find the buffer already
    // dropped and succeed, so the reason is taken from whichever failed.
    errno = 0;
    std::cout.flush();
    int error_number = std::cout ? 0 : errno;
    const bool flushed = std::fflush(stdout) == 0;
    if (!flushed && error_number == 0) {
        error_number = errno;
    }
    bool failed = !flushed || std::ferror(stdout) != 0 || !std::cout;
    if (::close(STDOUT_FILENO) != 0 && errno != EBADF && errno != EINTR) {
        error_number = errno;
        failed = true;
    }
    if (!failed) {
        return status;
    }
    std::cerr << "antq: error: cannot write to standard output"
              << (error_number != 0 ? std::string(": ") + std::strerror(error_number) : "") << '\n';
    return status == antq::cli::success ? antq::cli::input_failure : status;
}

}  // namespace

int main(int argc, char** argv) {
    std::set_terminate(report_and_exit);
    // A temporary file of a write in progress (a snapshot of hundreds of megabytes) is
    // removed when the run is interrupted.
    antq::remove_temporary_files_on_signals();
    return finish_standard_output(antq::cli::run_command_line(argc, argv));
}
