# The C API (include/antq/antq.h) from its three callers, each loading the built libantq-c:
# a C program, Python with only its standard library (ctypes), Java through JNA. Each loads
# examples/data/quang-trung, evaluates the shipped rulebooks for 2024, reads results and the
# explanation of qt-m03, and checks the error of a broken rulebook (status, file:line:col).
#
# A foreign caller is registered DISABLED (CTest prints "Not Run (Disabled)") only when its
# tool is absent; tools/install-dependencies installs them all, so CI runs all three.
#
# Sanitizer builds (the asan preset): the C program is compiled and linked with the same
# -fsanitize flags. Python and Java are not, so the sanitizer runtime must be loaded first:
# their tests get LD_PRELOAD of the compiler's libasan (and libstdc++, below), the preset's
# ASan options, and leak detection off (the interpreters' own allocations at exit are not
# antq's). The JVM uses SIGSEGV itself, which ASan's handler would take over, hence
# handle_segv=0.
if(NOT TARGET antq_c)
    return()
endif()

enable_language(C)

set(antq_capi_sanitizers "")
if(CMAKE_CXX_FLAGS MATCHES "-fsanitize=([^ ]+)")
    set(antq_capi_sanitizers "${CMAKE_MATCH_1}")
endif()

add_executable(antq_capi_c_test capi/capi_test.c)
set_target_properties(antq_capi_c_test PROPERTIES C_STANDARD 99 C_STANDARD_REQUIRED ON
                                                  C_EXTENSIONS OFF)
target_link_libraries(antq_capi_c_test PRIVATE antq::c)
if(NOT MSVC)
    target_compile_options(antq_capi_c_test PRIVATE -Wall -Wextra -Wpedantic)
    if(ANTQ_WARNINGS_AS_ERRORS)
        target_compile_options(antq_capi_c_test PRIVATE -Werror)
    endif()
endif()
if(antq_capi_sanitizers)
    target_compile_options(antq_capi_c_test PRIVATE "-fsanitize=${antq_capi_sanitizers}"
                                                    -fno-omit-frame-pointer)
    target_link_options(antq_capi_c_test PRIVATE "-fsanitize=${antq_capi_sanitizers}")
endif()
add_test(NAME capi.c COMMAND antq_capi_c_test "${PROJECT_SOURCE_DIR}")
set_tests_properties(capi.c PROPERTIES PASS_REGULAR_EXPRESSION "capi c: ok")

# What a foreign runtime needs in its environment to load a sanitized libantq-c: the ASan
# runtime first (else it refuses to start), and libstdc++ with it, because ASan resolves the
# real __cxa_throw when it starts and python3 and java do not link libstdc++ themselves
# (without it the first exception thrown inside antq aborts in ASan's CHECK).
set(antq_capi_foreign_env "")
if(antq_capi_sanitizers MATCHES "address")
    execute_process(COMMAND "${CMAKE_CXX_COMPILER}" -print-file-name=libasan.so
                    OUTPUT_VARIABLE antq_libasan OUTPUT_STRIP_TRAILING_WHITESPACE)
    execute_process(COMMAND "${CMAKE_CXX_COMPILER}" -print-file-name=libstdc++.so
                    OUTPUT_VARIABLE antq_libstdcxx OUTPUT_STRIP_TRAILING_WHITESPACE)
    get_filename_component(antq_libasan "${antq_libasan}" REALPATH)
    get_filename_component(antq_libstdcxx "${antq_libstdcxx}" REALPATH)
    set(antq_capi_foreign_env
        "LD_PRELOAD=${antq_libasan}:${antq_libstdcxx}"
        "ASAN_OPTIONS=strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1:detect_leaks=0:handle_segv=0:allow_user_segv_handler=1")
endif()

find_package(Python3 COMPONENTS Interpreter)
add_test(NAME capi.python
         COMMAND "${Python3_EXECUTABLE}" "${CMAKE_CURRENT_SOURCE_DIR}/capi/capi_test.py"
                 "$<TARGET_FILE:antq_c>" "${PROJECT_SOURCE_DIR}")
set_tests_properties(capi.python PROPERTIES PASS_REGULAR_EXPRESSION "capi python: ok"
                                            ENVIRONMENT "${antq_capi_foreign_env}")
if(NOT Python3_Interpreter_FOUND)
    message(STATUS "antq: no python3: the test capi.python is disabled")
    set_tests_properties(capi.python PROPERTIES DISABLED TRUE)
endif()

find_package(Java 17 COMPONENTS Development)
find_file(ANTQ_JNA_JAR jna.jar PATHS /usr/share/java DOC "JNA, for the C API's Java test")
set(antq_capi_java_dir "${CMAKE_CURRENT_BINARY_DIR}/capi-java")
add_test(NAME capi.java_build
         COMMAND "${Java_JAVAC_EXECUTABLE}" -encoding UTF-8 -cp "${ANTQ_JNA_JAR}" -d
                 "${antq_capi_java_dir}" "${CMAKE_CURRENT_SOURCE_DIR}/capi/CApiTest.java")
add_test(NAME capi.java
         COMMAND "${Java_JAVA_EXECUTABLE}" -cp "${ANTQ_JNA_JAR}:${antq_capi_java_dir}" CApiTest
                 "$<TARGET_FILE:antq_c>" "${PROJECT_SOURCE_DIR}")
set_tests_properties(capi.java_build PROPERTIES FIXTURES_SETUP antq_capi_java)
set_tests_properties(capi.java PROPERTIES FIXTURES_REQUIRED antq_capi_java
                                          PASS_REGULAR_EXPRESSION "capi java: ok"
                                          ENVIRONMENT "${antq_capi_foreign_env}")
if(NOT Java_JAVAC_EXECUTABLE OR NOT Java_JAVA_EXECUTABLE OR NOT ANTQ_JNA_JAR)
    message(STATUS "antq: no JDK 17 or no JNA (libjna-java): the capi.java tests are disabled")
    set_tests_properties(capi.java_build capi.java PROPERTIES DISABLED TRUE)
endif()

# ---- The installed C API works for a C project ----
# After install.package (tests/CMakeLists.txt) has installed this build into a scratch prefix:
# configure, build and run tests/capi/consumer/ against it, in C only.
set(antq_c_consumer_dir "${PROJECT_BINARY_DIR}/install-test/c-consumer")
add_test(NAME install.c_consumer_configure
         COMMAND "${CMAKE_COMMAND}" --fresh -S "${CMAKE_CURRENT_SOURCE_DIR}/capi/consumer" -B
                 "${antq_c_consumer_dir}" -G "${CMAKE_GENERATOR}"
                 "-DCMAKE_PREFIX_PATH=${PROJECT_BINARY_DIR}/install-test/prefix"
                 "-DCMAKE_BUILD_TYPE=$<CONFIG>")
add_test(NAME install.c_consumer_build COMMAND "${CMAKE_COMMAND}" --build "${antq_c_consumer_dir}")
add_test(NAME install.c_consumer_run COMMAND "${antq_c_consumer_dir}/antq_c_consumer"
                                             "${PROJECT_SOURCE_DIR}/examples/data/quang-trung")
set_tests_properties(install.c_consumer_configure
                     PROPERTIES FIXTURES_REQUIRED antq_installed
                                FIXTURES_SETUP antq_c_consumer_configured)
set_tests_properties(install.c_consumer_build PROPERTIES FIXTURES_REQUIRED antq_c_consumer_configured
                                                         FIXTURES_SETUP antq_c_consumer_built)
set_tests_properties(install.c_consumer_run
                     PROPERTIES FIXTURES_REQUIRED antq_c_consumer_built
                                PASS_REGULAR_EXPRESSION "antq-c [0-9]+\\.[0-9]+\\.[0-9]+ ok"
                                ENVIRONMENT "${antq_capi_foreign_env}")

# How an exception becomes a status, with an engine that fails inside a real evaluation: the
# C API's source compiled into a GoogleTest binary (a C caller cannot register an engine).
antq_test(antq_capi_status_test capi/capi_status_test.cpp "${PROJECT_SOURCE_DIR}/src/antq/capi/capi.cpp")
target_compile_definitions(antq_capi_status_test PRIVATE ANTQ_C_BUILDING)
