#pragma once

// Runs a built program the way a user's shell would and keeps what it said: the tests of the
// `antq` command use this to check exit status, standard output and standard error.

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace antq::test_support {

struct cli_result {
    int status = -1;  ///< the exit status; -1 when the program did not exit normally
    std::string out;
    std::string err;
};

/// The whole content of a file (empty when it cannot be read).
inline std::string read_text(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

/// Runs `program arguments` from `folder` (the current one when empty), with no input.
inline cli_result run_program(const std::filesystem::path& program, const std::string& arguments,
                              const std::filesystem::path& folder = {}) {
    static std::atomic<int> runs{0};
    const auto base =
        std::filesystem::temp_directory_path() /
        ("antq-cli-test-" + std::to_string(::getpid()) + "-" + std::to_string(runs++));
    const std::string out = base.string() + ".out";
    const std::string err = base.string() + ".err";
    const std::string in_folder = folder.empty() ? "" : "cd '" + folder.string() + "' && ";
    const std::string command = in_folder + "'" + program.string() + "' " + arguments + " >'" +
                                out + "' 2>'" + err + "' </dev/null";
    const int raw = std::system(command.c_str());
    cli_result r;
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    r.out = read_text(out);
    r.err = read_text(err);
    std::filesystem::remove(out);
    std::filesystem::remove(err);
    return r;
}

#ifdef ANTQ_CLI_PATH
/// Runs the built `antq` command (its path is the test target's ANTQ_CLI_PATH) with
/// `arguments`, as a shell would.
inline cli_result run_antq(const std::string& arguments) {
    return run_program(ANTQ_CLI_PATH, arguments);
}
#endif

}  // namespace antq::test_support
