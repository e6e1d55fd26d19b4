// Replays inputs through a fuzz target without libFuzzer, so that every compiler builds the
// targets and CTest runs them over their seed corpus: each argument is a file, or a folder
// whose files (recursively, in sorted order) are fed one by one to LLVMFuzzerTestOneInput.
// A broken invariant aborts inside the target; the input being run is printed first, so
// that the failing file is named.

#include "fuzz_support.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

std::vector<std::filesystem::path> inputs_of(const std::filesystem::path& argument) {
    if (!std::filesystem::is_directory(argument)) {
        return {argument};
    }
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(argument)) {
        if (entry.is_regular_file()) {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::vector<std::uint8_t> read_bytes(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s FILE-OR-FOLDER...\n", argv[0]);
        return 2;
    }
    std::size_t replayed = 0;
    for (int a = 1; a < argc; ++a) {
        const std::filesystem::path argument(argv[a]);
        if (!std::filesystem::exists(argument)) {
            std::fprintf(stderr, "%s: no such file or folder\n", argv[a]);
            return 2;
        }
        for (const auto& file : inputs_of(argument)) {
            std::fprintf(stderr, "replaying %s\n", file.c_str());
            const std::vector<std::uint8_t> bytes = read_bytes(file);
            // A vector's data() may be null when empty; libFuzzer passes a valid pointer.
            const std::uint8_t empty = 0;
            LLVMFuzzerTestOneInput(bytes.empty() ? &empty : bytes.data(), bytes.size());
            ++replayed;
        }
    }
    if (replayed == 0) {
        std::fprintf(stderr, "no input to replay\n");
        return 1;
    }
    std::printf("%zu inputs replayed\n", replayed);
    return 0;
}
