# Builds and runs programs against an installed antq with nothing but what pkg-config says,
# as a project without CMake would:
#     c++ -std=c++20 pkg_config_consumer.cpp $(pkg-config --cflags --libs antq)
#     c++ -std=c++20 own_command.cpp $(pkg-config --cflags --libs antq-command)
# `cmake -DPREFIX=... -DLIBDIR=lib -DCXX=c++ [-DCXX_FLAGS=...] -DSOURCE=... [-DCOMMAND_SOURCE=...]
#  -DSOURCE_DIR=<antq's source tree, where the programs run> -DOUT=... -P pkg_config.cmake`. PKG_CONFIG_PATH names only the installed prefix, which may have been
# moved since it was installed (the .pc files find it from where they are).
foreach(var PREFIX LIBDIR CXX SOURCE SOURCE_DIR OUT)
    if(NOT ${var})
        message(FATAL_ERROR "pkg_config.cmake needs -D${var}=...")
    endif()
endforeach()
set(ENV{PKG_CONFIG_PATH} "${PREFIX}/${LIBDIR}/pkgconfig")
file(MAKE_DIRECTORY "${OUT}")

# Compiles `source` with the flags of `package` into OUT/`name`, then runs it with ARGN.
function(build_and_run package source name)
    execute_process(COMMAND pkg-config --cflags --libs ${package} RESULT_VARIABLE rc
                    OUTPUT_VARIABLE flags ERROR_VARIABLE error OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "pkg-config --cflags --libs ${package} failed: ${error}")
    endif()
    message(STATUS "${package}: ${flags}")
    separate_arguments(flags UNIX_COMMAND "${flags}")
    # The build's own compiler flags (CXX_FLAGS): a library built with sanitizers needs the
    # consumer compiled and linked with them too, as a team would.
    separate_arguments(build_flags UNIX_COMMAND "${CXX_FLAGS}")
    # A shared libantq is found where the prefix is now.
    execute_process(COMMAND "${CXX}" -std=c++20 ${build_flags} "${source}" -o "${OUT}/${name}"
                            ${flags}
                            "-Wl,-rpath,${PREFIX}/${LIBDIR}"
                    RESULT_VARIABLE rc ERROR_VARIABLE error)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "building ${source} with only pkg-config's flags for ${package} "
                            "failed:\n${error}")
    endif()
    execute_process(COMMAND "${OUT}/${name}" ${ARGN} WORKING_DIRECTORY "${SOURCE_DIR}"
                    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE error)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "${name} ${ARGN} failed (${rc}):\n${out}${error}")
    endif()
    message(STATUS "${name}: ${out}")
endfunction()

build_and_run(antq "${SOURCE}" antq_pc_consumer)
if(COMMAND_SOURCE)
    # The team's command of examples/05_own_command/, its own engine in `evaluate`.
    build_and_run(antq-command "${COMMAND_SOURCE}" antq_pc_command evaluate --rules
                  examples/05_own_command/model-balance.yaml --data examples/data/quang-trung
                  --period 2025 --lang en)
endif()
