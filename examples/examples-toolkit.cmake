# The toolkit's examples: the quick start of the README, the Quảng Trung program, an analyst's
# program, and a rule owner's GoogleTest file.
antq_example(01_quick_start 01_quick_start.cpp)
antq_example(03_custom_program 03_custom_program.cpp)

# The Quảng Trung program, built where the README runs it from: build/<preset>/examples/quang_trung/.
add_executable(quang_trung quang_trung/main.cpp)
target_link_libraries(quang_trung PRIVATE antq::antq)
set_target_properties(quang_trung PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}/quang_trung")
antq_target_warnings(quang_trung)
add_test(NAME example.quang_trung
         COMMAND quang_trung --out "${CMAKE_CURRENT_BINARY_DIR}/quang_trung/quang-trung-report.html"
         WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}")
# Its main job writes the .xlsx beside the HTML report.
if(ANTQ_WITH_XLSX)
    add_test(NAME example.quang_trung_outputs
             COMMAND "${CMAKE_COMMAND}" "-DPROGRAM=$<TARGET_FILE:quang_trung>"
                     "-DOUT=${CMAKE_CURRENT_BINARY_DIR}/quang_trung/outputs"
                     -P "${CMAKE_CURRENT_SOURCE_DIR}/quang_trung/check_outputs.cmake"
             WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}")
    set_tests_properties(example.quang_trung_outputs PROPERTIES
                         PASS_REGULAR_EXPRESSION "quang_trung outputs: ok")
endif()
# What an officer reads is Vietnamese: no status or tier id, no topic slug, no English reason,
# no decimal point in points, no checklist shown as points.
set_tests_properties(example.quang_trung PROPERTIES FAIL_REGULAR_EXPRESSION
    "not_eligible|evaluated|incomplete|chua_dat|an-ninh-trat-tu|tu-quan|ma-tuy|active [0-9]+ (month|day)|[0-9][.][0-9][0-9] điểm|[0-9],[0-9][0-9]/[0-9]+,[0-9][0-9]\\)")

# A rule owner's tests of a rule change, with GoogleTest and antq/testing.hpp (built when
# GoogleTest is there: the library itself does not need it).
if(NOT TARGET GTest::gtest_main)
    find_package(GTest CONFIG QUIET)
endif()
if(TARGET GTest::gtest_main)
    add_executable(04_test_a_rule_change 04_test_a_rule_change.cpp)
    target_link_libraries(04_test_a_rule_change PRIVATE antq::antq GTest::gtest_main GTest::gmock)
    antq_target_warnings(04_test_a_rule_change)
    add_test(NAME example.04_test_a_rule_change COMMAND 04_test_a_rule_change
             WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}")
endif()
