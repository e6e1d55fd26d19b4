#pragma once

/// \file
/// The `antq` command as a function, so that a team builds its own `antq` with its own
/// scoring engines in a few lines (examples/05_own_command/):
///
/// ```cpp
/// #include <antq/command_line.hpp>
///
/// int main(int argc, char** argv) {
///     antq::engine_registry engines = antq::builtin_engines();
///     engines.add("best-of", make_best_of);  // the team's engine factory
///     return antq::cli::run(argc, argv, engines);
/// }
/// ```
///
/// Every subcommand (`check`, `evaluate`, `test`, `diff`, `report`, `export`, `gaps`,
/// `history`, `sensitivity`, `show`, `db`) compiles rulebooks with the registry given, so
/// a rulebook that names the team's engine works everywhere the shipped command takes a
/// rulebook. The shipped `antq` is exactly this program with `antq::builtin_engines()`;
/// docs/cli.md is the contract of both.
///
/// Declared here, defined in the library `antq::command` (CMake target; link it instead
/// of, or beside, `antq::antq`). It is a static library whatever `BUILD_SHARED_LIBS` says:
/// the command line is a program's `main`, not a binary interface, so its options may grow
/// in any version without an ABI to keep.

#include <antq/engine.hpp>

namespace antq::cli {

/// Runs the whole `antq` command line: parses `argv`, runs the subcommand asked for with
/// the engines of `engines`, and returns the exit status (0 success, 1 the input or rules
/// are wrong or an output could not be written, 2 wrong usage). Meant to be the whole of
/// `main`: call it once and return what it returns.
///
/// Like the shipped command it also does what only a process may do, so that a team's
/// command keeps the contract of docs/cli.md on faults: it installs a terminate handler
/// (anything that escapes is reported in one line and the process exits with status 1),
/// handlers that remove a snapshot being written when the process is interrupted
/// (`antq::remove_temporary_files_on_signals`), and at the end it flushes and closes
/// standard output, turning a failed write (a full disk, a closed pipe) into status 1.
/// Standard output must therefore not be used after it returns. With the GNU C library it
/// also asks the allocator to keep 256 MiB of freed memory at the top of the heap
/// (`M_TOP_PAD`), so that a large run does not fault the same memory in again
/// (docs/performance.md). And a dataset a subcommand reads stays in memory until the
/// process exits, which takes the memory back at once: freeing a national dataset's
/// million records string by string took about 135 ms at the end of every run. Hence a
/// second call would keep the first call's datasets too.
///
/// `engines` must stay alive until it returns. Never throws: every error is a message on
/// standard error, prefixed `antq: error:`, and a status.
[[nodiscard]] int run(int argc, char** argv, const engine_registry& engines = builtin_engines());

}  // namespace antq::cli
