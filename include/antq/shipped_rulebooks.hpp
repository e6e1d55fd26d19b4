#pragma once

/// \file
/// Where the rulebooks shipped with antq are at run time. They are installed in
/// `share/antq/rulebooks` of the install prefix and found from where antq's code is, so an
/// installed tree can be moved (or unpacked anywhere) and still find them.

#include <antq/export.hpp>

#include <filesystem>
#include <string_view>

namespace antq {

/// The environment variable that says where the shipped rulebooks are, before any other
/// place is tried.
inline constexpr std::string_view rulebooks_directory_variable = "ANTQ_RULEBOOKS_DIR";

/// The folder of the rulebooks shipped with antq (`model-effectiveness.yaml`,
/// `tt124-commune.yaml`...), ready for `rulebook_set::load`:
///
/// 1. `$ANTQ_RULEBOOKS_DIR` when it is set and not empty; it must then be a folder, and no
///    other place is tried (a wrong override is reported, never silently passed over);
/// 2. else `share/antq/rulebooks` of the install prefix, reached from the file that holds
///    this function: `<prefix>/lib/libantq.so` when antq is linked as a shared library
///    (`../share/antq/rulebooks` from the library's folder, following the install's
///    library folder, such as `lib/x86_64-linux-gnu`), or the program antq was linked
///    into when it is static (`../share/antq/rulebooks` from `<prefix>/bin`).
///
/// A program linked statically that is not installed in antq's prefix (a test binary in a
/// build tree) finds nothing by the second rule: give it `ANTQ_RULEBOOKS_DIR`, or the path
/// CMake knows (`${antq_RULEBOOKS_DIR}` after `find_package(antq)`).
///
/// Returns an absolute path. Throws `io_error` naming the variable when it does not name a
/// folder, and, when nothing was found, every place tried and how to set the variable.
/// Thread-safe; reads the environment and the file system each time it is called.
[[nodiscard]] ANTQ_EXPORT std::filesystem::path shipped_rulebooks_directory();

}  // namespace antq
