# Architecture: no area includes a header of a higher layer (docs/architecture.md holds the
# layer table the check reads; these tests need only Python 3), and every public header
# compiles on its own.
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

if(NOT Python3_Interpreter_FOUND)
    message(STATUS "antq: no python3: the architecture tests are disabled")
    set_tests_properties(architecture.layers architecture.layers_refuse_upward_include
                         architecture.layers_refuse_private_header_in_public
                         architecture.layers_refuse_stale_exception PROPERTIES DISABLED TRUE)
endif()

# ---- Every public header compiles on its own ----
# One translation unit per header of include/antq/, holding only that header's #include
# (twice, so that a header without #pragma once fails too), built with the project's
# warnings as part of the tests: a header that leans on what its user happened to include
# first breaks the build, and architecture.headers_self_contained (which builds these
# targets again, a no-op when they are up to date) fails. The headers are globbed, unlike
# sources, so that a new header is checked without anyone remembering to list it.
# testing.hpp and engine_conformance.hpp need GoogleTest, serialization.hpp
# Boost.Serialization: the target links them. antq.h is C: it is also compiled as C99.
file(GLOB antq_public_headers CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/include/antq/*.hpp"
     "${PROJECT_SOURCE_DIR}/include/antq/*.h")
set(antq_header_units "")
foreach(header IN LISTS antq_public_headers)
    get_filename_component(header_name "${header}" NAME)
    string(MAKE_C_IDENTIFIER "${header_name}" unit_name)
    set(unit "${CMAKE_CURRENT_BINARY_DIR}/self_contained/${unit_name}.cpp")
    file(CONFIGURE OUTPUT "${unit}"
         CONTENT "#include <antq/${header_name}>\n#include <antq/${header_name}>\n")
    list(APPEND antq_header_units "${unit}")
endforeach()
add_library(antq_headers_self_contained OBJECT ${antq_header_units})
target_link_libraries(antq_headers_self_contained PRIVATE antq::antq GTest::gmock
                                                          Boost::serialization)
antq_target_warnings(antq_headers_self_contained)
set(antq_header_check_targets antq_headers_self_contained)
if(CMAKE_C_COMPILER_LOADED AND TARGET antq_c)
    set(unit "${CMAKE_CURRENT_BINARY_DIR}/self_contained/antq_h.c")
    file(CONFIGURE OUTPUT "${unit}" CONTENT "#include <antq/antq.h>\n#include <antq/antq.h>\n")
    add_library(antq_c_header_self_contained OBJECT "${unit}")
    set_target_properties(antq_c_header_self_contained
                          PROPERTIES C_STANDARD 99 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
    target_link_libraries(antq_c_header_self_contained PRIVATE antq::c)
    if(NOT MSVC)
        target_compile_options(antq_c_header_self_contained PRIVATE -Wall -Wextra -Wpedantic)
        if(ANTQ_WARNINGS_AS_ERRORS)
            target_compile_options(antq_c_header_self_contained PRIVATE -Werror)
        endif()
    endif()
    list(APPEND antq_header_check_targets antq_c_header_self_contained)
endif()
add_test(NAME architecture.headers_self_contained
         COMMAND "${CMAKE_COMMAND}" --build "${PROJECT_BINARY_DIR}" --target
                 ${antq_header_check_targets})
