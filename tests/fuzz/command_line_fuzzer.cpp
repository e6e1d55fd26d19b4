// Fuzzes the antq command as a whole: its arguments and the files they name, together. The
// input is cut at form feeds (`\f`): the first part is the command line, one argument per
// line (without the program's name); each further part (at most six) is a file, whose first
// line is its name and the rest its bytes. Names are relative, of letters, digits, `.`, `_`
// and `-`, with at most one `/` (a dataset folder: `data/units.csv`). Everything happens
// inside this target's scratch folder, which is the working folder: an input with an
// argument holding `/` or `..` is skipped, so that no run reads or writes outside it.
//
// Invariants: the command returns 0, 1 or 2 and nothing escapes it; a run that failed left
// no temporary file of an unfinished write behind (`*.tmp-*`), and replaced no file: every
// file of the input keeps its bytes (outputs are committed together, or not at all).

#include "fuzz_support.hpp"

#include "antq/command.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace {

namespace fs = std::filesystem;
using antq::fuzz::check;

struct command_input {
    std::vector<std::string> arguments;
    std::map<std::string, std::string> files;  // name -> bytes
};

bool is_safe_name_part(std::string_view part) {
    if (part.empty() || part == "." || part == ".." || part.size() > 64) {
        return false;
    }
    for (const char c : part) {
        const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                             (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        if (!allowed) {
            return false;
        }
    }
    return true;
}

bool is_safe_file_name(std::string_view name) {
    const std::size_t slash = name.find('/');
    if (slash == std::string_view::npos) {
        return is_safe_name_part(name);
    }
    return is_safe_name_part(name.substr(0, slash)) && is_safe_name_part(name.substr(slash + 1));
}

std::optional<command_input> parse_input(std::string_view text) {
    const std::vector<std::string_view> parts = antq::fuzz::split_at_form_feeds(text, 8);

    command_input input;
    std::string_view line_text = parts.front();
    while (!line_text.empty() && input.arguments.size() < 32) {
        const std::size_t end = line_text.find('\n');
        const std::string_view argument = line_text.substr(0, end);
        if (argument.find('/') != std::string_view::npos ||
            argument.find("..") != std::string_view::npos ||
            argument.find('\0') != std::string_view::npos) {
            return std::nullopt;
        }
        input.arguments.emplace_back(argument);
        line_text = end == std::string_view::npos ? std::string_view() : line_text.substr(end + 1);
    }
    for (std::size_t i = 1; i < parts.size(); ++i) {
        const std::size_t end = parts[i].find('\n');
        const std::string_view name = parts[i].substr(0, end);
        if (!is_safe_file_name(name)) {
            return std::nullopt;
        }
        input.files[std::string(name)] =
            end == std::string_view::npos ? std::string() : std::string(parts[i].substr(end + 1));
    }
    // A file named like a folder another file is in (`r` and `r/rules.yaml`) cannot be made:
    // not an input for the command.
    for (const auto& [name, bytes] : input.files) {
        const std::size_t slash = name.find('/');
        if (slash != std::string::npos && input.files.contains(name.substr(0, slash))) {
            return std::nullopt;
        }
    }
    return input;
}

// The scratch folder, emptied, as the working folder; standard output goes nowhere (the
// command prints results there; its errors stay on standard error for the replay's log).
const fs::path& fresh_working_folder() {
    static const fs::path& folder = [] {
        const fs::path& scratch = antq::fuzz::scratch_folder("command-line");
        const int null_device = ::open("/dev/null", O_WRONLY);
        check(null_device >= 0 && ::dup2(null_device, STDOUT_FILENO) >= 0,
              "standard output cannot be sent to /dev/null");
        ::close(null_device);
        return std::ref(scratch);
    }();
    std::error_code ignored;
    fs::current_path(folder, ignored);
    for (const fs::directory_entry& entry : fs::directory_iterator(folder)) {
        fs::remove_all(entry.path(), ignored);
    }
    return folder;
}

// Whether the command left a temporary file (`*.tmp-*`) in `folder`; a file of the input
// that happens to have such a name is the input's, not the command's.
bool has_temporary_file(const fs::path& folder, const std::map<std::string, std::string>& given) {
    std::error_code ignored;
    for (auto it = fs::recursive_directory_iterator(folder, ignored);
         it != fs::recursive_directory_iterator(); it.increment(ignored)) {
        if (it->path().filename().string().find(".tmp-") != std::string::npos &&
            !given.contains(it->path().lexically_relative(folder).string())) {
            return true;
        }
    }
    return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::optional<command_input> input = parse_input(antq::fuzz::as_text(data, size));
    if (!input || input->arguments.empty()) {
        return 0;
    }
    const fs::path& folder = fresh_working_folder();
    for (const auto& [name, bytes] : input->files) {
        const fs::path file = folder / name;
        std::error_code ignored;
        fs::create_directories(file.parent_path(), ignored);
        antq::fuzz::write_file(file, bytes);
    }

    std::vector<const char*> argv{"antq"};
    for (const std::string& argument : input->arguments) {
        argv.push_back(argument.c_str());
    }
    argv.push_back(nullptr);
    const int status = antq::cli::run_command_line(static_cast<int>(argv.size() - 1), argv.data());
    check(status == 0 || status == 1 || status == 2, "the command returned another status");
    check(!has_temporary_file(folder, input->files), "the command left a temporary file behind");
    if (status != 0) {
        for (const auto& [name, bytes] : input->files) {
            std::ifstream in(folder / name, std::ios::binary);
            const std::string now((std::istreambuf_iterator<char>(in)),
                                  std::istreambuf_iterator<char>());
            check(in.good() || in.eof(), "a failed run removed a file of its input");
            check(now == bytes, "a failed run changed a file of its input");
        }
    }
    return 0;
}
