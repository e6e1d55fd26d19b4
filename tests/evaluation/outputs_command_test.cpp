// The command's contract on faults (docs/cli.md, "Outputs and faults"), run on the built
// `antq`: no `terminate`, file-system errors as antq errors naming the path, special files
// refused as input and written through as output, --out and --save together or not at all,
// no temporary file left on SIGTERM, failed writes to standard output reported, and
// spreadsheet formulas and terminal escapes in names neutralised.

#include "antq/io/atomic_file.hpp"
#include "antq/io/csv.hpp"
#include "antq/io/terminal_text.hpp"
#include "support/file_size_limit.hpp"
#include "support/run_cli.hpp"

#include <antq/error.hpp>
#include <antq/output.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <new>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {

namespace fs = std::filesystem;

using antq::test_support::cli_result;
using antq::test_support::read_text;

cli_result run(const std::string& arguments) {
    return antq::test_support::run_program(ANTQ_CLI_PATH, arguments);
}

std::string dir() {
    return std::string(ANTQ_TEST_DATA_DIR) + "/evaluation/cli";
}

std::string evaluate(const std::string& extra) {
    return "evaluate --rules '" + dir() + "/rules' --data '" + dir() + "/data' --period 2024 " +
           extra;
}

// A fresh scratch folder per test, removed afterwards.
class outputs : public ::testing::Test {
  protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        folder_ = fs::temp_directory_path() /
                  ("antq-outputs-" + std::to_string(::getpid()) + "-" + info->name());
        fs::remove_all(folder_);
        fs::create_directories(folder_);
    }
    void TearDown() override {
        std::error_code ignored;
        fs::remove_all(folder_, ignored);
    }
    [[nodiscard]] std::string at(const std::string& name) const {
        return (folder_ / name).string();
    }
    [[nodiscard]] bool has_temporary_files() const {
        for (const auto& entry : fs::directory_iterator(folder_)) {
            if (entry.path().filename().string().find(".tmp-") != std::string::npos) {
                return true;
            }
        }
        return false;
    }

    fs::path folder_;
};

void write(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

// ---- 1. Nothing escapes as `terminate` ----

TEST_F(outputs, running_out_of_memory_is_reported_not_a_terminate) {
#if defined(__SANITIZE_ADDRESS__)
    // AddressSanitizer reserves terabytes of shadow address space at start: under a 512 MB
    // `ulimit -v` the sanitized command cannot even start, so the limit tests nothing there.
    GTEST_SKIP() << "an address-space limit cannot be tested under AddressSanitizer";
#endif
    // A dataset file of 2 GB (sparse: no disk used) read under a 512 MB address-space limit.
    const std::string big = at("big.json");
    ASSERT_EQ(::truncate((write(big, ""), big.c_str()), 2LL << 30), 0);
    const auto r = antq::test_support::run_program(
        "/bin/sh", "-c \"ulimit -v 524288; exec '" + std::string(ANTQ_CLI_PATH) + "' evaluate " +
                       "--rules '" + dir() + "/rules' --data '" + big + "' --period 2024\"");
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_EQ(r.err, "antq: error: not enough memory\n");
    EXPECT_EQ(r.err.find("terminate"), std::string::npos);
}

// ---- 2. File-system errors are antq errors naming the path ----

TEST_F(outputs, a_symbolic_link_loop_in_a_rulebook_folder_is_an_error_naming_it) {
    fs::create_directories(at("rules"));
    fs::copy_file(dir() + "/rules/patrols.yaml", at("rules/patrols.yaml"));
    fs::create_symlink("b.yaml", at("rules/a.yaml"));
    fs::create_symlink("a.yaml", at("rules/b.yaml"));
    const auto r =
        run("evaluate --rules '" + at("rules") + "' --data '" + dir() + "/data' --period 2024");
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_EQ(r.err, "antq: error: cannot read '" + at("rules/a.yaml") +
                         "': Too many levels of symbolic links\n");
    const auto check = run("check '" + at("rules") + "'");
    EXPECT_EQ(check.status, 1) << check.err;
    EXPECT_NE(check.err.find("Too many levels of symbolic links"), std::string::npos) << check.err;
}

TEST_F(outputs, a_previous_path_that_loops_or_is_too_long_is_an_error_naming_it) {
    fs::create_symlink("loop", at("loop"));
    const auto loop = run(evaluate("--previous '" + at("loop") + "'"));
    EXPECT_EQ(loop.status, 1) << loop.err;
    EXPECT_NE(loop.err.find(at("loop")), std::string::npos) << loop.err;
    EXPECT_NE(loop.err.find("Too many levels of symbolic links"), std::string::npos) << loop.err;

    const std::string long_name = at(std::string(300, 'x'));
    const auto too_long = run(evaluate("--previous '" + long_name + "'"));
    EXPECT_EQ(too_long.status, 1) << too_long.err;
    EXPECT_NE(too_long.err.find("File name too long"), std::string::npos) << too_long.err;
    // The same for the dataset and the rulebooks: the system's reason, not "no such file".
    const auto data =
        run("evaluate --rules '" + dir() + "/rules' --data '" + long_name + "' --period 2024");
    EXPECT_EQ(data.status, 1);
    EXPECT_EQ(data.err, "antq: error: cannot read '" + long_name + "': File name too long\n");
    const auto rules =
        run("evaluate --rules '" + long_name + "' --data '" + dir() + "/data' --period 2024");
    EXPECT_EQ(rules.status, 1);
    EXPECT_EQ(rules.err, "antq: error: cannot read '" + long_name + "': File name too long\n");
}

TEST_F(outputs, an_optional_dataset_table_that_loops_is_not_taken_for_absent) {
    fs::create_directories(at("data"));
    for (const char* name : {"units.csv", "models.csv", "observations.csv"}) {
        fs::copy_file(dir() + "/data/" + name, at(std::string("data/") + name));
    }
    fs::create_symlink("exemplars.csv", at("data/exemplars.csv"));
    const auto r =
        run("evaluate --rules '" + dir() + "/rules' --data '" + at("data") + "' --period 2024");
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_EQ(r.err, "antq: error: cannot read '" + at("data/exemplars.csv") +
                         "': Too many levels of symbolic links\n");
}

// ---- 3. Inputs that are not regular files are refused, without waiting ----

TEST_F(outputs, a_fifo_as_dataset_rulebook_or_snapshot_is_refused_at_once) {
    ASSERT_EQ(::mkfifo(at("dataset.json").c_str(), 0600), 0);
    ASSERT_EQ(::mkfifo(at("rules.yaml").c_str(), 0600), 0);
    ASSERT_EQ(::mkfifo(at("old.antq").c_str(), 0600), 0);
    // `timeout` turns the old endless wait into a failure of this test, not a hung suite.
    const std::string antq = "timeout 20 '" + std::string(ANTQ_CLI_PATH) + "' ";
    const auto data = antq::test_support::run_program(
        "/bin/sh", "-c \"" + antq + "evaluate --rules '" + dir() + "/rules' --data '" +
                       at("dataset.json") + "' --period 2024\"");
    EXPECT_EQ(data.status, 1);
    EXPECT_EQ(data.err, "antq: error: cannot read '" + at("dataset.json") +
                            "': not a regular file (a pipe, device or socket)\n");
    const auto rules = antq::test_support::run_program(
        "/bin/sh", "-c \"" + antq + "evaluate --rules '" + at("rules.yaml") + "' --data '" + dir() +
                       "/data' --period 2024\"");
    EXPECT_EQ(rules.status, 1);
    EXPECT_EQ(rules.err, "antq: error: cannot read '" + at("rules.yaml") +
                             "': not a regular file (a pipe, device or socket)\n");
    const auto check = antq::test_support::run_program(
        "/bin/sh", "-c \"" + antq + "check '" + at("rules.yaml") + "'\"");
    EXPECT_EQ(check.status, 1);
    EXPECT_NE(check.err.find("not a regular file"), std::string::npos) << check.err;
    const auto show = antq::test_support::run_program(
        "/bin/sh", "-c \"" + antq + "show '" + at("old.antq") + "'\"");
    EXPECT_EQ(show.status, 1);
    EXPECT_NE(show.err.find("not a regular file"), std::string::npos) << show.err;
}

TEST_F(outputs, a_symbolic_link_to_a_regular_rulebook_is_read) {
    fs::create_symlink(dir() + "/rules/patrols.yaml", at("link.yaml"));
    const auto r = run("evaluate --rules '" + at("link.yaml") + "' --data '" + dir() +
                       "/data' --period 2024 --format csv");
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("m1,2024,patrols"), std::string::npos);
}

// ---- 4. --out writes through symbolic links and into special files ----

TEST_F(outputs, out_through_a_symbolic_link_replaces_its_target_and_keeps_the_link) {
    write(at("real.csv"), "old\n");
    fs::create_symlink("real.csv", at("link.csv"));
    const auto r = run(evaluate("--format csv --out '" + at("link.csv") + "'"));
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(fs::is_symlink(at("link.csv")));
    EXPECT_TRUE(read_text(at("real.csv")).starts_with("subject,period,rulebook"));
    EXPECT_FALSE(has_temporary_files());
}

TEST_F(outputs, out_into_a_fifo_writes_into_it) {
    ASSERT_EQ(::mkfifo(at("pipe").c_str(), 0600), 0);
    // A reader copies what comes through the FIFO to a file.
    const auto r = antq::test_support::run_program(
        "/bin/sh", "-c \"cat '" + at("pipe") + "' > '" + at("copy") + "' & timeout 20 '" +
                       std::string(ANTQ_CLI_PATH) + "' evaluate --rules '" + dir() +
                       "/rules' --data '" + dir() + "/data' --period 2024 --format csv --out '" +
                       at("pipe") + "'; status=$?; wait; exit $status\"");
    EXPECT_EQ(r.status, 0) << r.err;
    struct stat info {};
    ASSERT_EQ(::lstat(at("pipe").c_str(), &info), 0);
    EXPECT_TRUE(S_ISFIFO(info.st_mode));
    EXPECT_TRUE(read_text(at("copy")).starts_with("subject,period,rulebook"));
}

TEST_F(outputs, out_to_a_character_device_writes_into_it) {
    // A private null device (this test runs as root in CI; elsewhere it is skipped): the
    // system's /dev/null is never put at risk.
    if (::mknod(at("null").c_str(), S_IFCHR | 0666, makedev(1, 3)) != 0) {
        GTEST_SKIP() << "cannot create a device node here";
    }
    const auto r = run(evaluate("--format csv --out '" + at("null") + "'"));
    EXPECT_EQ(r.status, 0) << r.err;
    struct stat info {};
    ASSERT_EQ(::lstat(at("null").c_str(), &info), 0);
    EXPECT_TRUE(S_ISCHR(info.st_mode));
    EXPECT_FALSE(has_temporary_files());
}

TEST_F(outputs, out_to_dev_stdout_goes_to_standard_output) {
    const auto r = run(evaluate("--format csv --out /dev/stdout"));
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(r.out.starts_with("subject,period,rulebook")) << r.out;
    EXPECT_TRUE(fs::is_symlink("/dev/stdout"));
}

TEST_F(outputs, out_naming_a_folder_is_an_error) {
    const auto r = run(evaluate("--format csv --out '" + folder_.string() + "'"));
    EXPECT_EQ(r.status, 1);
    // The test data leave one cell empty on purpose: its warning block comes first.
    EXPECT_THAT(r.err, ::testing::EndsWith("antq: error: cannot write '" + folder_.string() +
                                           "': Is a directory\n"));
}

// ---- 5. No temporary file is left on SIGTERM or SIGINT ----

// The library's half, exactly: a child writes part of a file, then is terminated.
TEST_F(outputs, a_signal_removes_the_temporary_file_of_a_write_in_progress) {
    for (const int signal_number : {SIGTERM, SIGINT}) {
        const pid_t child = ::fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            antq::remove_temporary_files_on_signals();
            antq::detail::atomic_writer writer(at("target.antq"));
            writer.write(std::string(1 << 20, 'x'));
            ::raise(signal_number);
            ::_exit(0);  // not reached
        }
        int status = 0;
        ASSERT_EQ(::waitpid(child, &status, 0), child);
        EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == signal_number) << status;
        EXPECT_FALSE(has_temporary_files());
        EXPECT_FALSE(fs::exists(at("target.antq")));
    }
}

// The command's half: `--out` is prepared in its temporary file while `--save` waits on a
// FIFO that nobody reads; SIGTERM then must leave neither behind.
TEST_F(outputs, the_command_killed_while_writing_leaves_no_temporary_file) {
    write(at("out.csv"), "old\n");
    ASSERT_EQ(::mkfifo(at("save.antq").c_str(), 0600), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        const int null = ::open("/dev/null", O_RDWR);
        ::dup2(null, 0);
        ::dup2(null, 1);
        ::dup2(null, 2);
        const std::string rules = dir() + "/rules";
        const std::string data = dir() + "/data";
        const std::string out = at("out.csv");
        const std::string save = at("save.antq");
        ::execl(ANTQ_CLI_PATH, "antq", "evaluate", "--rules", rules.c_str(), "--data", data.c_str(),
                "--period", "2024", "--format", "csv", "--out", out.c_str(), "--save", save.c_str(),
                static_cast<char*>(nullptr));
        ::_exit(127);
    }
    bool seen = false;
    for (int i = 0; i < 2000 && !seen; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        seen = has_temporary_files();
    }
    ASSERT_TRUE(seen) << "the command never prepared its output";
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // blocked on the FIFO
    ::kill(child, SIGTERM);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM) << status;
    EXPECT_FALSE(has_temporary_files());
    EXPECT_EQ(read_text(at("out.csv")), "old\n");
}

// ---- 6. Failed writes to standard output are failures ----

TEST_F(outputs, a_full_disk_on_standard_output_is_an_error) {
    const auto r = antq::test_support::run_program(
        "/bin/sh", "-c \"'" + std::string(ANTQ_CLI_PATH) + "' evaluate --rules '" + dir() +
                       "/rules' --data '" + dir() + "/data' --period 2024 --format csv " +
                       "> /dev/full\"");
    EXPECT_EQ(r.status, 1);
    EXPECT_THAT(r.err,
                ::testing::EndsWith(
                    "antq: error: cannot write to standard output: No space left on device\n"));
}

// Runs the command with standard output into a pipe whose reader has gone, SIGPIPE
// ignored or not; returns the wait status.
int run_into_a_closed_pipe(bool ignore_sigpipe, const std::string& error_file) {
    int ends[2];
    if (::pipe(ends) != 0) {
        return -1;
    }
    ::close(ends[0]);
    const pid_t child = ::fork();
    if (child == 0) {
        ::signal(SIGPIPE, ignore_sigpipe ? SIG_IGN : SIG_DFL);
        ::dup2(ends[1], 1);
        const int err = ::open(error_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        ::dup2(err, 2);
        const std::string rules = dir() + "/rules";
        const std::string data = dir() + "/data";
        ::execl(ANTQ_CLI_PATH, "antq", "evaluate", "--rules", rules.c_str(), "--data", data.c_str(),
                "--period", "2024", "--format", "csv", static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(ends[1]);
    int status = 0;
    ::waitpid(child, &status, 0);
    return status;
}

TEST_F(outputs, a_closed_pipe_never_ends_in_success) {
    // SIGPIPE at its default: the command ends by it, as `cat` or `grep` do (141 in a shell).
    const int by_signal = run_into_a_closed_pipe(false, at("err"));
    EXPECT_TRUE(WIFSIGNALED(by_signal) && WTERMSIG(by_signal) == SIGPIPE) << by_signal;
    // SIGPIPE ignored by the caller: the write fails, and the command says so, status 1.
    const int ignored = run_into_a_closed_pipe(true, at("err"));
    EXPECT_TRUE(WIFEXITED(ignored) && WEXITSTATUS(ignored) == 1) << ignored;
    EXPECT_THAT(read_text(at("err")),
                ::testing::EndsWith("antq: error: cannot write to standard output: Broken pipe\n"));
}

// ---- 7. --out and --save land together or not at all ----

TEST_F(outputs, a_failed_save_leaves_out_as_it_was) {
    write(at("out.csv"), "old\n");
    const auto r = run(evaluate("--format csv --out '" + at("out.csv") + "' --save '" +
                                at("missing/snapshot.antq") + "'"));
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find(at("missing/snapshot.antq")), std::string::npos) << r.err;
    EXPECT_EQ(read_text(at("out.csv")), "old\n");
    EXPECT_FALSE(has_temporary_files());

    fs::remove(at("out.csv"));
    const auto fresh = run(evaluate("--format csv --out '" + at("out.csv") + "' --save '" +
                                    at("missing/snapshot.antq") + "'"));
    EXPECT_EQ(fresh.status, 1);
    EXPECT_FALSE(fs::exists(at("out.csv")));
}

TEST_F(outputs, out_and_save_are_both_written_when_both_can_be) {
    const auto r = run(evaluate("--format csv --out '" + at("out.csv") + "' --save '" +
                                at("snapshot.antq") + "'"));
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(read_text(at("out.csv")).starts_with("subject,period"));
    EXPECT_TRUE(fs::is_regular_file(at("snapshot.antq")));
    EXPECT_FALSE(has_temporary_files());
}

// Content that hands `pieces` to the writer one after another.
std::function<void(const antq::detail::piece_sink&)> pieces_of(std::vector<std::string> pieces) {
    return [pieces = std::move(pieces)](const antq::detail::piece_sink& sink) {
        for (const std::string& piece : pieces) {
            sink(piece);
        }
    };
}

// Outside a batch, content in pieces goes into a FIFO one piece after another, as written;
// inside a batch it is held and goes through at the commit.
TEST_F(outputs, pieces_go_into_a_fifo_in_order) {
    ASSERT_EQ(::mkfifo(at("pipe").c_str(), 0600), 0);
    const std::vector<std::string> pieces{"subject,period\n", "", "qt,2024\n", "ch,2024\n"};
    for (const bool in_a_batch : {false, true}) {
        std::string received;
        std::thread reader([&] {
            std::ifstream in(at("pipe"), std::ios::binary);
            received.assign(std::istreambuf_iterator<char>(in), {});
        });
        if (in_a_batch) {
            antq::output_batch batch;
            antq::detail::write_file_atomically(at("pipe"), pieces_of(pieces));
            batch.commit();
        } else {
            antq::detail::write_file_atomically(at("pipe"), pieces_of(pieces));
        }
        reader.join();
        EXPECT_EQ(received, "subject,period\nqt,2024\nch,2024\n") << "in a batch: " << in_a_batch;
    }
    struct stat info {};
    ASSERT_EQ(::lstat(at("pipe").c_str(), &info), 0);
    EXPECT_TRUE(S_ISFIFO(info.st_mode));
}

// Content made while it is written (the results CSV, a round of row ranges at a time):
// each piece is in the temporary file before the next is made, so the whole content is
// never held; the target changes only once the last piece is in.
TEST_F(outputs, content_made_while_written_is_in_the_file_a_piece_at_a_time) {
    write(at("out.csv"), "old\n");
    const auto temporary_text = [&] {
        std::string text;
        for (const auto& entry : fs::directory_iterator(fs::path(at("out.csv")).parent_path())) {
            if (entry.path().filename().string().find(".tmp-") != std::string::npos) {
                text += read_text(entry.path().string());
            }
        }
        return text;
    };
    std::vector<std::string> seen;
    antq::detail::write_file_atomically(at("out.csv"), [&](const antq::detail::piece_sink& sink) {
        for (const std::string piece : {"subject,period\n", "qt,2024\n", "", "ch,2024\n"}) {
            sink(piece);
            seen.push_back(temporary_text());
            EXPECT_EQ(read_text(at("out.csv")), "old\n");
        }
    });
    EXPECT_THAT(seen, ::testing::ElementsAre("subject,period\n", "subject,period\nqt,2024\n",
                                             "subject,period\nqt,2024\n",
                                             "subject,period\nqt,2024\nch,2024\n"));
    EXPECT_EQ(read_text(at("out.csv")), "subject,period\nqt,2024\nch,2024\n");
    EXPECT_FALSE(has_temporary_files());
}

// Content of tens of megabytes is handed to the disk while it is written, a step of 16 MiB
// at a time (atomic_writer::write_behind): whole and in order in the file, in a batch or not,
// and a full disk past the first steps still leaves the target as it was.
TEST_F(outputs, large_content_handed_to_the_disk_while_written_is_whole) {
    std::vector<std::string> pieces;
    std::string expected;
    for (char letter = 'a'; letter < 'a' + 9; ++letter) {
        // Pieces of 5 MiB and a few bytes, so that the steps fall inside pieces.
        std::string piece(std::size_t{5} << 20, letter);
        piece += std::to_string(letter - 'a') + "\n";
        expected += piece;
        pieces.push_back(std::move(piece));
    }
    write(at("out.csv"), "old\n");
    antq::detail::write_file_atomically(at("out.csv"), pieces_of(pieces));
    EXPECT_TRUE(read_text(at("out.csv")) == expected);  // not printed whole when it fails
    EXPECT_EQ(fs::file_size(at("out.csv")), expected.size());
    {
        antq::output_batch batch;
        antq::detail::write_file_atomically(at("b.csv"), pieces_of(pieces));
        EXPECT_FALSE(fs::exists(at("b.csv")));
        batch.commit();
    }
    EXPECT_TRUE(read_text(at("b.csv")) == expected);

    write(at("out.csv"), "old\n");
    {
        const antq::test_support::file_size_limit limit(std::size_t{40} << 20);
        try {
            antq::detail::write_file_atomically(at("out.csv"), pieces_of(pieces));
            ADD_FAILURE() << "a write past the file size limit succeeded";
        } catch (const antq::io_error& e) {
            EXPECT_EQ(std::string(e.what()),
                      "cannot write '" + at("out.csv") + "': File too large");
        }
    }
    EXPECT_EQ(read_text(at("out.csv")), "old\n");
    EXPECT_FALSE(has_temporary_files());
}

// A producer that fails half-way (running out of memory while making a piece) leaves the
// target as it was and no temporary file, inside a batch or not.
TEST_F(outputs, content_whose_making_fails_changes_no_file) {
    write(at("out.csv"), "old\n");
    const auto failing = [](const antq::detail::piece_sink& sink) {
        sink("subject,period\n");
        throw std::bad_alloc();
    };
    EXPECT_THROW(antq::detail::write_file_atomically(at("out.csv"), failing), std::bad_alloc);
    EXPECT_EQ(read_text(at("out.csv")), "old\n");
    EXPECT_FALSE(has_temporary_files());
    {
        antq::output_batch batch;
        antq::detail::write_file_atomically(at("b.txt"), "b\n");
        EXPECT_THROW(antq::detail::write_file_atomically(at("out.csv"), failing), std::bad_alloc);
    }
    EXPECT_EQ(read_text(at("out.csv")), "old\n");
    EXPECT_FALSE(fs::exists(at("b.txt")));
    EXPECT_FALSE(has_temporary_files());
}

TEST_F(outputs, an_uncommitted_batch_changes_no_file) {
    write(at("a.txt"), "old a\n");
    {
        antq::output_batch batch;
        antq::detail::write_file_atomically(at("a.txt"), "new a\n");
        antq::detail::write_file_atomically(at("b.txt"), "new b\n");
        EXPECT_EQ(read_text(at("a.txt")), "old a\n");
        EXPECT_FALSE(fs::exists(at("b.txt")));
    }
    EXPECT_EQ(read_text(at("a.txt")), "old a\n");
    EXPECT_FALSE(fs::exists(at("b.txt")));
    EXPECT_FALSE(has_temporary_files());
    {
        antq::output_batch batch;
        antq::detail::write_file_atomically(at("a.txt"), "new a\n");
        antq::detail::write_file_atomically(at("b.txt"), "new b\n");
        batch.commit();
    }
    EXPECT_EQ(read_text(at("a.txt")), "new a\n");
    EXPECT_EQ(read_text(at("b.txt")), "new b\n");
    // Content in pieces (a large CSV written on several threads) is held the same way.
    const std::vector<std::string> pieces{"pieces ", "", "of a\n"};
    {
        antq::output_batch batch;
        antq::detail::write_file_atomically(at("a.txt"), pieces_of(pieces));
        EXPECT_EQ(read_text(at("a.txt")), "new a\n");
    }
    EXPECT_EQ(read_text(at("a.txt")), "new a\n");
    EXPECT_FALSE(has_temporary_files());
    antq::detail::write_file_atomically(at("a.txt"), pieces_of(pieces));
    EXPECT_EQ(read_text(at("a.txt")), "pieces of a\n");
    EXPECT_THROW(
        {
            antq::output_batch outer;
            antq::output_batch inner;
        },
        antq::usage_error);
}

// ---- 8. Spreadsheet formulas and terminal escapes ----

std::string csv_field(std::string_view text) {
    std::string out;
    antq::detail::append_csv_field(out, text);
    return out;
}

TEST(csv_field, text_a_spreadsheet_would_run_gets_a_leading_quote) {
    EXPECT_EQ(csv_field("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
    EXPECT_EQ(csv_field("+cmd"), "'+cmd");
    EXPECT_EQ(csv_field("-2+3"), "'-2+3");
    EXPECT_EQ(csv_field("@SUM(A1)"), "'@SUM(A1)");
    EXPECT_EQ(csv_field("\t=1"), "'\t=1");
    EXPECT_EQ(csv_field("\r=1"), "\"'\r=1\"");
    // Numbers stay numbers; other text is as it was.
    EXPECT_EQ(csv_field("-5"), "-5");
    EXPECT_EQ(csv_field("-2.5"), "-2.5");
    EXPECT_EQ(csv_field("Thôn Công Hòa"), "Thôn Công Hòa");
    EXPECT_EQ(csv_field("a=b"), "a=b");
    // antq's own dataset files keep the text exactly, to read back the same.
    std::string verbatim;
    antq::detail::append_csv_field_verbatim(verbatim, "=x");
    EXPECT_EQ(verbatim, "=x");
}

TEST(terminal_text, control_characters_are_shown_not_sent) {
    EXPECT_EQ(antq::detail::escape_controls("a\x1b[31mb\nc\td\x7f"), "a\\x1b[31mb\nc\\x09d\\x7f");
    EXPECT_EQ(antq::detail::escape_controls("x\xc2\x9b"
                                            "y"),
              "x\\u009by");
    EXPECT_EQ(antq::detail::escape_controls("Thôn Công Hòa"), "Thôn Công Hòa");
    EXPECT_FALSE(antq::detail::has_controls("Thôn Công Hòa\n"));
}

// A dataset whose model id holds a formula and a terminal escape, and a rulebook whose
// tier label holds escapes that would retitle the terminal window.
void write_hostile_inputs(const std::string& rules, const std::string& data) {
    std::string text = read_text(dir() + "/rules/patrols.yaml");
    const std::string from = R"(label: "Trung bình")";
    const auto at_tier = text.find(from);
    ASSERT_NE(at_tier, std::string::npos);
    text.replace(at_tier, from.size(), R"(label: "\e]0;pwned\aTrung bình")");
    write(rules + "/patrols.yaml", text);
    for (const char* name : {"units.csv", "models.csv", "observations.csv"}) {
        std::string table = read_text(dir() + "/data/" + name);
        for (std::size_t at = table.find("\nm1,"); at != std::string::npos;
             at = table.find("\nm1,", at)) {
            table.replace(at + 1, 2, "\"=HYPERLINK(\"\"x\"\")\x1b[2J\"");
        }
        write(data + "/" + name, table);
    }
}

TEST_F(outputs, results_neutralise_formulas_in_csv_and_escapes_on_the_terminal) {
    fs::create_directories(at("rules"));
    fs::create_directories(at("data"));
    write_hostile_inputs(at("rules"), at("data"));
    const std::string base =
        "evaluate --rules '" + at("rules") + "' --data '" + at("data") + "' --period 2024 ";
    const auto csv = run(base + "--format csv");
    ASSERT_EQ(csv.status, 0) << csv.err;
    EXPECT_NE(csv.out.find("\n\"'=HYPERLINK(\"\"x\"\")\x1b[2J\",2024,patrols,2024.1,evaluated,"),
              std::string::npos)
        << csv.out;
    const auto table = run(base);
    ASSERT_EQ(table.status, 0) << table.err;
    EXPECT_EQ(table.out.find('\x1b'), std::string::npos) << table.out;
    EXPECT_NE(table.out.find("\n=HYPERLINK(\"x\")\\x1b[2J  "), std::string::npos) << table.out;
    const auto explain = run(base + "--explain m2");
    ASSERT_EQ(explain.status, 0) << explain.err;
    EXPECT_EQ(explain.out.find('\x1b'), std::string::npos) << explain.out;
    EXPECT_EQ(explain.out.find('\a'), std::string::npos) << explain.out;
    EXPECT_NE(explain.out.find("\\x1b]0;pwned\\x07Trung bình"), std::string::npos) << explain.out;
}

}  // namespace
