// The antq command line as a function: builds the subcommands, parses the arguments and
// runs the one asked for. run() (the public entry, include/antq/command_line.hpp) adds what
// only a process may do (the terminate handler, signal handlers, the allocator's top pad,
// closing standard output); the command-line fuzz target calls run_command_line()
// directly, in process.

#include <antq/command_line.hpp>

#include "antq/command.hpp"

#include <antq/database.hpp>
#include <antq/error.hpp>
#include <antq/labels.hpp>
#include <antq/output.hpp>
#include <antq/version.hpp>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iostream>
#include <memory>
#include <mutex>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include <unistd.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace antq::cli {
namespace {

// Runs the parsed subcommand; every failure becomes a message and a status: antq's own
// errors as before, running out of memory (std::bad_alloc, e.g. under `ulimit -v`) as
// "not enough memory", anything else by its text. Status 1 for all but usage errors.
int run_command(const command_runner& run) {
    try {
        return run ? run() : antq::cli::usage_failure;
    } catch (const antq::input_error& e) {
        for (const auto& d : e.diagnostics()) {
            std::cerr << d.to_string() << '\n';
        }
        return antq::cli::input_failure;
    } catch (const antq::usage_error& e) {
        std::cerr << "antq: error: " << e.what() << '\n';
        return antq::cli::usage_failure;
    } catch (const antq::error& e) {
        std::cerr << "antq: error: " << e.what() << '\n';
        return antq::cli::input_failure;
    } catch (const std::bad_alloc&) {
        std::cerr << "antq: error: not enough memory\n";
        return antq::cli::input_failure;
    } catch (const std::exception& e) {
        std::cerr << "antq: error: " << e.what() << '\n';
        return antq::cli::input_failure;
    } catch (...) {
        std::cerr << "antq: error: an unexpected internal error\n";
        return antq::cli::input_failure;
    }
}

// The last line of defence: whatever escapes the handlers above (an exception thrown where
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

// A national run allocates and frees about a gigabyte in steps (the files read whole, the
// records, the scored columns). By default the C library hands freed memory at the top of
// the heap back to the system and asks for it again at the next step, and every page asked
// for again costs a page fault and a zeroed page: on the national workload page faults took
// a fifth of the run's CPU. Keeping 256 MiB at the top of the heap cut them by 13% and the
// run's CPU by about 6%, with the same peak resident memory (docs/performance.md): the heap
// also grows by that much address space at a time, and an address counts in resident memory
// only once it is used.
void keep_freed_memory_for_reuse() {
#if defined(__GLIBC__)
    constexpr int kept_at_heap_top = 256 << 20;
    mallopt(M_TOP_PAD, kept_at_heap_top);
#endif
}

using dataset_list = std::vector<std::unique_ptr<antq::dataset>>;

// The datasets read by the command line being run on this thread.
thread_local dataset_list* command_datasets = nullptr;

// Hands `datasets` over to the process's exit. They stay reachable from a pointer that is
// never deleted, so that leak checkers do not count them as lost. `cli::run` never throws:
// when there is no memory left to keep them, they are freed here instead.
void keep_until_exit(dataset_list datasets) noexcept {
    try {
        static auto* const kept = new dataset_list();
        static std::mutex guard;
        const std::lock_guard lock(guard);
        kept->reserve(kept->size() + datasets.size());
        for (auto& d : datasets) {
            kept->push_back(std::move(d));
        }
    } catch (...) {
        // Not kept: `datasets` frees what is still in it on the way out.
    }
}

}  // namespace

const antq::dataset& load_command_dataset(const std::string& path) {
    if (command_datasets == nullptr) {
        throw std::logic_error("load_command_dataset called outside run_command_line");
    }
    command_datasets->push_back(std::make_unique<antq::dataset>(antq::load_dataset_from(path)));
    return *command_datasets->back();
}

void print_skipped(const antq::evaluation& results, antq::language lang) {
    for (const auto& skipped : results.skipped()) {
        if (lang == antq::language::en) {
            std::cerr << "antq: note: skipped: " << skipped.reason << '\n';
            continue;
        }
        std::cerr << "antq: lưu ý: bỏ qua “"
                  << (skipped.title.empty() ? skipped.rulebook : skipped.title) << "” ("
                  << skipped.rulebook << "): chưa có phiên bản có hiệu lực trong kỳ này";
        if (skipped.first_effective) {
            std::cerr << "; phiên bản đầu tiên có hiệu lực từ "
                      << antq::date_text(*skipped.first_effective, lang);
        }
        std::cerr << '\n';
    }
}

int run(int argc, char** argv, const engine_registry& engines) {
    std::set_terminate(report_and_exit);
    // A temporary file of a write in progress (a snapshot of hundreds of megabytes) is
    // removed when the run is interrupted.
    antq::remove_temporary_files_on_signals();
    keep_freed_memory_for_reuse();
    return finish_standard_output(run_command_line(argc, argv, engines, dataset_lifetime::process));
}

int run_command_line(int argc, const char* const* argv, const engine_registry& engines,
                     dataset_lifetime datasets) {
    CLI::App app{
        "antq: đánh giá, xếp loại và xếp hạng mô hình, điển hình phong trào Toàn dân "
        "bảo vệ an ninh Tổ quốc"};
    app.set_version_flag("--version", std::string("antq ") + std::string(antq::version()));
    app.require_subcommand(1);

    command_runner run;
    add_check_command(app, run, engines);
    add_evaluate_command(app, run, engines);
    add_test_command(app, run, engines);
    add_diff_command(app, run, engines);
    add_report_command(app, run, engines);
    add_export_command(app, run, engines);
    add_gaps_command(app, run, engines);
    add_history_command(app, run, engines);
    add_sensitivity_command(app, run, engines);
    add_show_command(app, run);
    add_db_command(app, run, engines);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return usage_failure;
    }
    dataset_list loaded;
    dataset_list* const outer = command_datasets;
    command_datasets = &loaded;
    const int status = run_command(run);
    command_datasets = outer;
    if (datasets == dataset_lifetime::process) {
        keep_until_exit(std::move(loaded));
    }
    return status;
}

}  // namespace antq::cli
