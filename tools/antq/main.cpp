// The shipped antq command: the command line of include/antq/command_line.hpp with the
// built-in engines. A team's own command is this file with its engines added to the
// registry (examples/05_own_command/).

#include <antq/command_line.hpp>
#include <antq/engine.hpp>

int main(int argc, char** argv) {
    return antq::cli::run(argc, argv, antq::builtin_engines());
}
