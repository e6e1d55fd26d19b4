# Architecture: no area includes a header of a higher layer (docs/architecture.md holds the
# layer table the check reads). These tests need no compiled target, only Python 3.
find_package(Python3 COMPONENTS Interpreter)
set(architecture_check "${CMAKE_CURRENT_SOURCE_DIR}/architecture/check_layers.py")
set(architecture_data "${ANTQ_TEST_DATA_DIR}/architecture")

add_test(NAME architecture.layers
         COMMAND "${Python3_EXECUTABLE}" "${architecture_check}" --root "${PROJECT_SOURCE_DIR}")
set_tests_properties(architecture.layers PROPERTIES PASS_REGULAR_EXPRESSION "layers ok: ")

# The check can fail: a tree with an upward include and a public header that includes a
# private one, and a table with an exception that no include needs any more, each exit 1
# with the place of the problem.
function(antq_architecture_failure_test name tree output)
    add_test(NAME architecture.${name}
             COMMAND "${CMAKE_COMMAND}" "-DPROGRAM=${Python3_EXECUTABLE}"
                     "-DARGS=${architecture_check}|--root|${architecture_data}/${tree}"
                     "-DEXPECT_RC=1" "-DEXPECT_OUTPUT=${output}"
                     -P "${CMAKE_CURRENT_SOURCE_DIR}/toolkit/run_cli.cmake")
endfunction()
antq_architecture_failure_test(layers_refuse_upward_include upward
    "src/antq/low/low\\.hpp:3: error: low includes src/antq/high/high\\.hpp of high, a higher layer\n")
antq_architecture_failure_test(layers_refuse_private_header_in_public upward
    "include/antq/high\\.hpp:4: error: public header includes src/antq/high/high\\.hpp, which is not installed\n")
antq_architecture_failure_test(layers_refuse_stale_exception stale
    "docs/architecture\\.md:22: error: exception 'src/antq/low/low\\.hpp -> src/antq/high/high\\.hpp' matches no upward include any more")

# The symbols: the library's own objects, area by area (the list the build writes and checks
# after each link, cmake/sources.cmake), and two objects in a small tree where the low area
# declares a function of the high one itself and calls it, which no include shows.
set(symbols_check "${CMAKE_CURRENT_SOURCE_DIR}/architecture/check_symbols.py")
set(architecture_tests architecture.layers architecture.layers_refuse_upward_include
                       architecture.layers_refuse_private_header_in_public
                       architecture.layers_refuse_stale_exception)
if(DEFINED ANTQ_AREA_OBJECTS_FILE)
    add_test(NAME architecture.symbols
             COMMAND "${Python3_EXECUTABLE}" "${symbols_check}" --root "${PROJECT_SOURCE_DIR}"
                     --objects "${ANTQ_AREA_OBJECTS_FILE}" --nm "${CMAKE_NM}")
    set_tests_properties(architecture.symbols PROPERTIES PASS_REGULAR_EXPRESSION "symbols ok: ")
    list(APPEND architecture_tests architecture.symbols)
endif()
if(CMAKE_NM)
    set(symbols_tree "${architecture_data}/symbols")
    add_library(antq_architecture_low OBJECT "${symbols_tree}/src/antq/low/low.cpp")
    add_library(antq_architecture_high OBJECT "${symbols_tree}/src/antq/high/high.cpp")
    # Each file its own object, as a library area's sources are when built file by file.
    set_target_properties(antq_architecture_low antq_architecture_high PROPERTIES UNITY_BUILD OFF)
    set(symbols_objects "${CMAKE_CURRENT_BINARY_DIR}/architecture-symbols-$<CONFIG>.txt")
    file(GENERATE OUTPUT "${symbols_objects}"
         CONTENT "low: $<JOIN:$<TARGET_OBJECTS:antq_architecture_low>,;>
high: $<JOIN:$<TARGET_OBJECTS:antq_architecture_high>,;>
")
    add_test(NAME architecture.symbols_refuse_upward_call
             COMMAND "${CMAKE_COMMAND}" "-DPROGRAM=${Python3_EXECUTABLE}"
                     "-DARGS=${symbols_check}|--root|${symbols_tree}|--objects|${symbols_objects}|--nm|${CMAKE_NM}"
                     "-DEXPECT_RC=1"
                     "-DEXPECT_OUTPUT=src/antq/low/low\\.cpp: error: low uses high_total\\(\\), defined in [^ ]*src/antq/high/high\\.cpp of high, a higher layer\n1 symbol\\(s\\) used from a higher layer"
                     -P "${CMAKE_CURRENT_SOURCE_DIR}/toolkit/run_cli.cmake")
    list(APPEND architecture_tests architecture.symbols_refuse_upward_call)
endif()

if(NOT Python3_Interpreter_FOUND)
    message(STATUS "antq: no python3: the architecture tests are disabled")
    set_tests_properties(${architecture_tests} PROPERTIES DISABLED TRUE)
endif()

# antq added to another project with add_subdirectory: only the libraries by default
# (tests/subproject/CMakeLists.txt fails the configure otherwise). Configuring is enough.
add_test(NAME architecture.subproject_defaults
         COMMAND "${CMAKE_COMMAND}" --fresh -S "${CMAKE_CURRENT_SOURCE_DIR}/subproject" -B
                 "${PROJECT_BINARY_DIR}/subproject-test" -G "${CMAKE_GENERATOR}"
                 "-DANTQ_SOURCE=${PROJECT_SOURCE_DIR}")
set_tests_properties(architecture.subproject_defaults
                     PROPERTIES PASS_REGULAR_EXPRESSION "antq as a subproject: the libraries only")
