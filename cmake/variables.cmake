option(BUILD_SHARED_LIBS "Build antq as a shared library" OFF)
# The command, like the tests, examples and benchmarks, is built by default only when antq
# is the top-level project: a project that adds antq with add_subdirectory or FetchContent
# gets the library (and the C API) unless it asks for more.
option(ANTQ_BUILD_TOOLS "Build the antq command" ${PROJECT_IS_TOP_LEVEL})
option(ANTQ_CHECK_LAYERS
       "Check after each link of the library that no area depends on a higher one (needs python3 and nm)"
       ${PROJECT_IS_TOP_LEVEL})
option(ANTQ_BUILD_C_API "Build the C API, the shared library libantq-c (include/antq/antq.h)" ON)
option(ANTQ_BUILD_TESTS "Build the tests" OFF)
option(ANTQ_BUILD_EXAMPLES "Build the examples" OFF)
option(ANTQ_BUILD_BENCHMARKS "Build the benchmarks" OFF)
option(ANTQ_TEST_PACKAGE
       "Without the tests, still test the installed package with pkg-config (cmake/package-tests.cmake)"
       OFF)
option(ANTQ_WITH_DATABASES
       "Read datasets from, and write results into, SQLite and PostgreSQL (needs libsqlite3-dev, libpq-dev)"
       ON)
option(ANTQ_WITH_XLSX
       "Write Excel workbooks (antq export --format xlsx, antq/workbook.hpp; needs libxlsxwriter-dev)"
       ON)
option(ANTQ_REQUIRE_POSTGRESQL_TESTS
       "Fail, not skip, the PostgreSQL tests when no PostgreSQL server programs (initdb, pg_ctl) are found"
       OFF)
option(ANTQ_WARNINGS_AS_ERRORS "Treat antq's own warnings as errors" OFF)
option(ANTQ_THREADED_TESTS_ONLY
       "Build only the tests that start threads, as one program (the ThreadSanitizer preset, tsan)"
       OFF)
option(ANTQ_BUILD_FUZZERS "Build the parsers' fuzz targets as libFuzzer binaries (clang; needs ANTQ_BUILD_TESTS)" OFF)

# Consumers must not see antq's headers as system headers when they develop it, and
# must not get our warnings when they use it: warnings are target-scoped, see below.
set(warning_guard "")
if(NOT PROJECT_IS_TOP_LEVEL)
    set(warning_guard SYSTEM)
endif()

include(GNUInstallDirs)

# Warnings apply to antq's own targets only, never through INTERFACE properties.
function(antq_target_warnings target)
    if(MSVC)
        target_compile_options(${target} PRIVATE /W4)
    else()
        target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                                 -Wno-sign-conversion -Wnon-virtual-dtor)
        # GCC 12 optimising beyond -O1 gives two known false positives on std::string: a
        # string inside a braced temporary (`diagnostic{{file, 0, 0}, severity::error, text}`)
        # "may be used uninitialized", and `"text" + std::move(s)` "may overlap"
        # (-Wrestrict). The release build printed them some twenty times to a first-time
        # user. Debug builds (-O1) and other compilers keep both warnings.
        if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
            target_compile_options(
                ${target} PRIVATE $<$<NOT:$<CONFIG:Debug>>:-Wno-maybe-uninitialized -Wno-restrict>)
        endif()
        # A unity build (CMAKE_UNITY_BUILD: the dev, asan, tsan and clang presets) includes each
        # source into a generated one, so GCC takes a class defined in a source file, such as
        # a pimpl `impl` holding types of that file's anonymous namespace, for a class defined
        # in a header and warns that its field has internal linkage. Built file by file the
        # warning stays.
        if(CMAKE_UNITY_BUILD AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
            target_compile_options(${target} PRIVATE -Wno-subobject-linkage)
        endif()
        if(ANTQ_WARNINGS_AS_ERRORS)
            target_compile_options(${target} PRIVATE -Werror)
        endif()
    endif()
endfunction()
