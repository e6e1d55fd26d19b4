# Runs one antq command for a CLI test and checks its exit status and output.
#   cmake -DPROGRAM=antq -DARGS="test|dir" -DEXPECT_RC=1 -DEXPECT_OUTPUT=regex
#         [-DEXPECT_FILE=path [-DEXPECT_FILE_MATCHES=regex]] -P run_cli.cmake
# ARGS separates arguments with `|` (a CMake list would be split on the way here).
string(REPLACE "|" ";" arguments "${ARGS}")
execute_process(COMMAND "${PROGRAM}" ${arguments} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT rc STREQUAL EXPECT_RC)
    message(FATAL_ERROR "exit status ${rc}, expected ${EXPECT_RC}")
endif()
if(DEFINED EXPECT_OUTPUT AND NOT "${out}${err}" MATCHES "${EXPECT_OUTPUT}")
    message(FATAL_ERROR "the output does not match: ${EXPECT_OUTPUT}")
endif()
if(DEFINED EXPECT_FILE AND NOT EXISTS "${EXPECT_FILE}")
    message(FATAL_ERROR "${EXPECT_FILE} was not written")
endif()
if(DEFINED EXPECT_FILE_MATCHES)
    file(READ "${EXPECT_FILE}" written)
    if(NOT written MATCHES "${EXPECT_FILE_MATCHES}")
        message(FATAL_ERROR "${EXPECT_FILE} does not match: ${EXPECT_FILE_MATCHES}")
    endif()
endif()
