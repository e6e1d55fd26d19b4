#include <antq/shipped_rulebooks.hpp>

#include <antq/error.hpp>

#include <fmt/format.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <system_error>
#include <vector>

#include <link.h>

// The install layout, relative paths computed by CMake from GNUInstallDirs (CMakeLists.txt):
// from the library folder and from the program folder to share/antq/rulebooks.
#ifndef ANTQ_RULEBOOKS_FROM_LIBDIR
#define ANTQ_RULEBOOKS_FROM_LIBDIR "../share/antq/rulebooks"
#endif
#ifndef ANTQ_RULEBOOKS_FROM_BINDIR
#define ANTQ_RULEBOOKS_FROM_BINDIR "../share/antq/rulebooks"
#endif

namespace antq {
namespace {

const char code_marker = 0;

struct code_search {
    std::uintptr_t address = 0;
    bool found = false;
    bool main_program = false;
    std::string name;
};

// What dladdr does, but knowing which object is the main program: the dynamic linker
// names it by argv[0] at best (a bare `antq` run from PATH), so its path comes from
// /proc/self/exe instead.
int find_object(dl_phdr_info* info, std::size_t, void* data) {
    auto& search = *static_cast<code_search*>(data);
    for (int i = 0; i < info->dlpi_phnum; ++i) {
        const ElfW(Phdr)& segment = info->dlpi_phdr[i];
        if (segment.p_type != PT_LOAD) {
            continue;
        }
        const std::uintptr_t start = info->dlpi_addr + segment.p_vaddr;
        if (search.address >= start && search.address < start + segment.p_memsz) {
            search.found = true;
            search.name = info->dlpi_name != nullptr ? info->dlpi_name : "";
            search.main_program = search.name.empty();
            return 1;
        }
    }
    return 0;
}

// The file holding this code: libantq.so, or the program antq is linked into. Empty when
// it cannot be told.
std::filesystem::path file_of_this_code() {
    code_search search;
    // An object with internal linkage: its address is always inside antq's own code, where
    // an exported function's address may be a PLT entry in the program that calls it.
    search.address = reinterpret_cast<std::uintptr_t>(&code_marker);
    dl_iterate_phdr(find_object, &search);
    if (!search.found) {
        return {};
    }
    std::error_code ec;
    if (search.main_program) {
        auto program = std::filesystem::read_symlink("/proc/self/exe", ec);
        return ec ? std::filesystem::path() : program;
    }
    // The loader may have found the library through a symbolic link (libantq.so.0.1):
    // the prefix is where the link is, which is also where the real file is in an install.
    auto library = std::filesystem::absolute(search.name, ec);
    return ec ? std::filesystem::path() : library;
}

bool is_folder(const std::filesystem::path& path) {
    std::error_code ec;
    return std::filesystem::is_directory(path, ec);
}

}  // namespace

std::filesystem::path shipped_rulebooks_directory() {
    const std::string variable(rulebooks_directory_variable);
    if (const char* given = std::getenv(variable.c_str()); given != nullptr && *given != '\0') {
        std::error_code ec;
        const auto folder = std::filesystem::absolute(given, ec);
        if (ec || !is_folder(folder)) {
            throw io_error(fmt::format("{}={}: not a folder of rulebooks", variable, given));
        }
        return folder.lexically_normal();
    }

    std::vector<std::filesystem::path> tried;
    if (const auto file = file_of_this_code(); !file.empty()) {
        const auto folder = file.parent_path();
        for (const char* relative : {ANTQ_RULEBOOKS_FROM_LIBDIR, ANTQ_RULEBOOKS_FROM_BINDIR}) {
            auto candidate = (folder / relative).lexically_normal();
            if (is_folder(candidate)) {
                return candidate;
            }
            if (tried.empty() || tried.back() != candidate) {
                tried.push_back(std::move(candidate));
            }
        }
    }
    std::string places;
    for (const auto& p : tried) {
        places += (places.empty() ? "" : ", ") + p.string();
    }
    throw io_error(fmt::format(
        "the rulebooks shipped with antq were not found{}{}; set {} to their folder (installed "
        "in share/antq/rulebooks of antq's prefix)",
        tried.empty() ? " (where antq's code is could not be told)" : " in ", places, variable));
}

}  // namespace antq
