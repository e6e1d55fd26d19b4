# Toolkit: rule tests and coverage, boundary cases, matchers, rule diffs, reports, gaps.
antq_test(antq_toolkit_test
    toolkit/examples_test.cpp
    toolkit/exemplars_test.cpp
    toolkit/gaps_test.cpp
    toolkit/history_test.cpp
    toolkit/report_charts_test.cpp
    toolkit/report_test.cpp
    toolkit/rule_diff_test.cpp
    toolkit/rule_test_test.cpp
    toolkit/rulebooks_doc_test.cpp
    toolkit/sensitivity_test.cpp
    toolkit/shipped_rulebooks_test.cpp
    toolkit/testing_test.cpp)

# The toolkit's commands, run as a user would: exit status and output.
if(TARGET antq_cli)
    set(toolkit_data "${ANTQ_TEST_DATA_DIR}/toolkit")
    set(toolkit_out "${CMAKE_CURRENT_BINARY_DIR}/toolkit-cli")
    function(antq_cli_test name rc output)
        string(REPLACE ";" "|" args "${ARGN}")
        add_test(NAME cli.${name}
                 COMMAND "${CMAKE_COMMAND}" "-DPROGRAM=$<TARGET_FILE:antq_cli>" "-DARGS=${args}"
                         "-DEXPECT_RC=${rc}" "-DEXPECT_OUTPUT=${output}"
                         -P "${CMAKE_CURRENT_SOURCE_DIR}/toolkit/run_cli.cmake"
                 WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}")
    endfunction()
    antq_cli_test(test_passes 0 "độ phủ: 72,7% \\(8/11 mục\\).*\n4 ca khớp, 0 ca không khớp\n" test "${toolkit_data}/suite")
    antq_cli_test(test_passes_en 0 "coverage: 72\\.7% \\(8 of 11 items\\).*\n4 passed, 0 failed\n" test "${toolkit_data}/suite" --lang en)
    antq_cli_test(test_fails 1 "KHÔNG KHỚP [^\n]*patrol-model\\.cases\\.yaml:5:5: patrol-model: kỳ vọng sai\n  loại: cần “Hiệu quả” \\(effective\\), được “Trung bình” \\(average\\)\n  giải thích:\n.*\n2 ca khớp, 1 ca không khớp\n"
                  test "${toolkit_data}/failing")
    antq_cli_test(test_fails_en 1 "FAIL [^\n]*patrol-model\\.cases\\.yaml:5:5: patrol-model: kỳ vọng sai\n  tier: expected effective, got average\n  explanation:\n.*\n2 passed, 1 failed\n"
                  test "${toolkit_data}/failing" --lang en)
    antq_cli_test(test_below_min_coverage 1 "antq: lỗi: độ phủ 72,7% thấp hơn mức tối thiểu 90,0%"
                  test "${toolkit_data}/suite" --min-coverage 0.9)
    antq_cli_test(test_below_min_coverage_en 1 "antq: error: coverage 72\\.7% is below the minimum 90\\.0%"
                  test "${toolkit_data}/suite" --min-coverage 0.9 --lang en)
    antq_cli_test(test_bad_min_coverage 2 "antq: error: --min-coverage takes a fraction from 0 to 1, got 90"
                  test "${toolkit_data}/suite" --min-coverage 90)
    antq_cli_test(test_generates_boundaries 0 "patrol-model\\.boundaries\\.cases\\.yaml: 6 boundary cases written"
                  test "${toolkit_data}/suite/rules/patrol-model.yaml" --generate-boundaries "${toolkit_out}")
    antq_cli_test(test_runs_boundaries 0 "\n8 ca khớp, 0 ca không khớp\n"
                  test "${toolkit_data}/suite/rules/patrol-model.yaml" "${toolkit_out}/patrol-model.boundaries.cases.yaml")
    set_tests_properties(cli.test_generates_boundaries PROPERTIES FIXTURES_SETUP toolkit_boundaries)
    set_tests_properties(cli.test_runs_boundaries PROPERTIES FIXTURES_REQUIRED toolkit_boundaries)
    antq_cli_test(diff 0 "\\(model-effectiveness\\): phiên bản 2022\\.1 → phiên bản 2022\\.1, kỳ 2025\n.*0 đối tượng thay đổi kết quả"
                  diff --old rulebooks --new rulebooks --data examples/data/quang-trung --period 2025)
    antq_cli_test(diff_en 0 "model-effectiveness: 2022\\.1 -> 2022\\.1, period 2025\n.*0 subjects changed"
                  diff --old rulebooks --new rulebooks --data examples/data/quang-trung --period 2025 --lang en)
    antq_cli_test(diff_with_context 0 "^subject,|^rulebook,subject,old_status"
                  diff --old examples/rulebooks/before-tt124/tt124-residential.yaml --new rulebooks/tt124-residential.yaml
                  --with rulebooks --data examples/data/quang-trung --period 2025 --format csv)
    antq_cli_test(explain_not_eligible_vi 0
                  "Trạng thái: không đủ điều kiện đánh giá \\(mới hoạt động 2 tháng trong kỳ 2024, cần ít nhất 6 tháng\\)"
                  evaluate --rules rulebooks/model-effectiveness.yaml --data examples/data/quang-trung --period 2024
                  --explain qt-m16)
    antq_cli_test(explain_not_eligible_en 0
                  "Status: not eligible \\(active 2 months in period 2024, fewer than the 6 required\\)"
                  evaluate --rules rulebooks/model-effectiveness.yaml --data examples/data/quang-trung --period 2024
                  --explain qt-m16 --lang en)
    antq_cli_test(evaluate_skips_a_rulebook_not_in_force 0
                  "\nantq: lưu ý: bỏ qua “[^”\n]+” \\(exemplar-recognition\\): chưa có phiên bản có hiệu lực trong kỳ này; phiên bản đầu tiên có hiệu lực từ 18/11/2022\n.*antq: lưu ý: bỏ qua “Xếp loại Tổ bảo vệ an ninh, trật tự ở cơ sở” \\(grassroots-teams\\): chưa có phiên bản có hiệu lực trong kỳ này; phiên bản đầu tiên có hiệu lực từ 01/07/2024\n"
                  evaluate --rules rulebooks --data examples/data/quang-trung --period 2022)
    antq_cli_test(evaluate_skips_a_rulebook_not_in_force_en 0
                  "\nquang-trung +Xã Quảng Trung +2022 .*\nantq: note: skipped: rulebook 'exemplar-recognition' has no version in force on 2022-08-19 \\(the last day of period 2021-08-20/2022-08-19\\); its first version takes effect on 2022-11-18\nantq: note: skipped: rulebook 'commune-exemplars' [^\n]*\nantq: note: skipped: rulebook 'grassroots-teams' has no version in force on 2022-11-14 \\(the last day of period 2021-11-15/2022-11-14\\); its first version takes effect on 2024-07-01\nantq: note: skipped: rulebook 'grassroots-team-members' has no version in force on 2022-11-14 \\(the last day of period 2021-11-15/2022-11-14\\); its first version takes effect on 2024-07-01\nantq: note: skipped: rulebook 'model-exemplars' [^\n]*\n$"
                  evaluate --rules rulebooks --data examples/data/quang-trung --period 2022 --lang en)
    antq_cli_test(evaluate_one_rulebook_not_in_force 2
                  "^antq: error: rulebook 'grassroots-teams' has no version in force on 2022-11-14 \\(the last day of period 2021-11-15/2022-11-14\\); its first version takes effect on 2024-07-01\n$"
                  evaluate --rules rulebooks/grassroots-teams.yaml --data examples/data/quang-trung --period 2022)
    antq_cli_test(report_skips_a_rulebook_not_in_force 0 "quang-trung-2022\\.html\n.*antq: lưu ý: bỏ qua “[^”\n]+” \\(grassroots-teams\\)"
                  report --rules rulebooks --data examples/data/quang-trung --period 2022 --out "${toolkit_out}/quang-trung-2022.html")
    antq_cli_test(report 0 "quang-trung\\.html"
                  report --rules rulebooks --data examples/data/quang-trung --period 2025 --out "${toolkit_out}/quang-trung.html")
    # --lang en: the page in English, and the note on a rulebook not in force too.
    add_test(NAME cli.report_en
             COMMAND "${CMAKE_COMMAND}" "-DPROGRAM=$<TARGET_FILE:antq_cli>"
                     "-DARGS=report|--rules|rulebooks|--data|examples/data/quang-trung|--period|2022|--lang|en|--out|${toolkit_out}/quang-trung-2022-en.html"
                     "-DEXPECT_RC=0"
                     "-DEXPECT_OUTPUT=quang-trung-2022-en\\.html\n.*antq: note: skipped: rulebook 'grassroots-teams'"
                     "-DEXPECT_FILE=${toolkit_out}/quang-trung-2022-en.html"
                     "-DEXPECT_FILE_MATCHES=^<!DOCTYPE html>\n<html lang=\"en\">.*<h2>Overview by tier</h2>.*Decision no\\. 312/QĐ-UBND, dated 2022-12-15"
                     -P "${CMAKE_CURRENT_SOURCE_DIR}/toolkit/run_cli.cmake"
             WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}")
    # The reports' folder, made before them (a report is never written into a missing folder).
    add_test(NAME cli.toolkit_out COMMAND "${CMAKE_COMMAND}" -E make_directory "${toolkit_out}")
    set_tests_properties(cli.toolkit_out PROPERTIES FIXTURES_SETUP toolkit_out)
    set_tests_properties(cli.report_skips_a_rulebook_not_in_force cli.report cli.report_en
                         PROPERTIES FIXTURES_REQUIRED toolkit_out)
    antq_cli_test(gaps 0 "village,commune,topic,existing,candidate"
                  gaps --rules rulebooks --data examples/data/quang-trung --period 2025 --rulebook model-effectiveness --format csv)
    antq_cli_test(gaps_rulebook_not_in_force 2
                  "antq: error: no results for rulebook 'grassroots-teams' in this evaluation: rulebook 'grassroots-teams' has no version in force on 2022-11-14"
                  gaps --rules rulebooks --data examples/data/quang-trung --period 2022 --rulebook grassroots-teams)
    antq_cli_test(explain_exemplar 0
                  "Trần Văn Hùng \\(qt-e01\\) — Xét đề nghị khen thưởng điển hình tiên tiến [^\n]*\\(exemplar-recognition\\), phiên bản 2022\\.1, kỳ 2025\nKết quả: 100,00/100,00 điểm; xếp loại \"Đề nghị Bằng khen của Chủ tịch UBND tỉnh\";.*Đủ điểm cho loại \"Đề nghị xét tặng Kỷ niệm chương\" nhưng không đạt tiêu chí bắt buộc: medal_conditions"
                  evaluate --rules rulebooks --data examples/data/quang-trung --period 2025 --explain qt-e01)
    antq_cli_test(explain_exemplar_held_back_by_quota 0
                  "Tổ tuần tra nhân dân thôn Công Hòa \\(qt-e05\\) — Xét đề nghị khen thưởng.*Giấy khen.*hạn mức 20% trong mỗi xã.*Bằng khen"
                  evaluate --rules rulebooks --data examples/data/quang-trung --period 2025 --explain qt-e05)
    antq_cli_test(gaps_unknown_rulebook 2 "nope"
                  gaps --rules rulebooks --data examples/data/quang-trung --period 2025 --rulebook nope)
endif()

# `antq history` through the built command.
if(TARGET antq_cli)
    antq_test(antq_history_cli_test toolkit/history_command_test.cpp)
    add_dependencies(antq_history_cli_test antq_cli)
    target_compile_definitions(antq_history_cli_test PRIVATE ANTQ_CLI_PATH="$<TARGET_FILE:antq_cli>")
    antq_test(antq_sensitivity_cli_test toolkit/sensitivity_command_test.cpp)
    add_dependencies(antq_sensitivity_cli_test antq_cli)
    target_compile_definitions(antq_sensitivity_cli_test PRIVATE ANTQ_CLI_PATH="$<TARGET_FILE:antq_cli>")
endif()

# What `antq evaluate` prints for people in Vietnamese: no English word, no bare id.
if(TARGET antq_cli)
    antq_test(antq_vietnamese_output_test toolkit/vietnamese_output_test.cpp)
    add_dependencies(antq_vietnamese_output_test antq_cli)
    target_compile_definitions(antq_vietnamese_output_test PRIVATE ANTQ_CLI_PATH="$<TARGET_FILE:antq_cli>")
endif()

# The Excel workbook (antq/workbook.hpp), read back with openpyxl (Debian's
# python3-openpyxl, for Debian's own python3: a python3 earlier on the PATH may lack it).
if(ANTQ_WITH_XLSX)
    find_package(Python3 COMPONENTS Interpreter)
    set(antq_openpyxl_python "")
    foreach(candidate IN ITEMS /usr/bin/python3 "${Python3_EXECUTABLE}")
        if(candidate AND EXISTS "${candidate}")
            execute_process(COMMAND "${candidate}" -c "import openpyxl" RESULT_VARIABLE missing
                            OUTPUT_QUIET ERROR_QUIET)
            if(missing EQUAL 0)
                set(antq_openpyxl_python "${candidate}")
                break()
            endif()
        endif()
    endforeach()
    if(NOT antq_openpyxl_python)
        message(WARNING "antq: no python3 with openpyxl (apt-get install python3-openpyxl): "
                        "the workbook tests will fail")
        set(antq_openpyxl_python "python3")
    endif()
    antq_test(antq_workbook_test toolkit/workbook_test.cpp)
    target_compile_definitions(antq_workbook_test PRIVATE
                               ANTQ_OPENPYXL_PYTHON="${antq_openpyxl_python}")

    # Each sheet of the Quảng Trung workbook, opened by LibreOffice headless (Debian's
    # libreoffice-calc-nogui) and converted to CSV as shown: texts, numbers in the Vietnamese
    # format and dates dd/mm/yyyy come through.
    if(TARGET antq_cli)
        find_program(ANTQ_SOFFICE NAMES soffice libreoffice)
        add_test(NAME workbook.libreoffice
                 COMMAND "${CMAKE_COMMAND}" "-DPROGRAM=$<TARGET_FILE:antq_cli>"
                         "-DSOFFICE=${ANTQ_SOFFICE}"
                         "-DOUT=${CMAKE_CURRENT_BINARY_DIR}/workbook-libreoffice"
                         -P "${CMAKE_CURRENT_SOURCE_DIR}/toolkit/workbook_libreoffice.cmake"
                 WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}")
        set_tests_properties(workbook.libreoffice PROPERTIES TIMEOUT 300
                             PASS_REGULAR_EXPRESSION "workbook\\.libreoffice: ok")
        antq_cli_test(export_xlsx 0 "quang-trung-export\\.xlsx\n"
                      export --format xlsx --rules rulebooks --data examples/data/quang-trung
                      --period 2025 --out "${CMAKE_CURRENT_BINARY_DIR}/quang-trung-export.xlsx")
        antq_cli_test(export_unknown_format 2 "--format: ods not in \\{xlsx\\}"
                      export --format ods --rules rulebooks --data examples/data/quang-trung
                      --period 2025 --out "${CMAKE_CURRENT_BINARY_DIR}/quang-trung-export.ods")
    endif()
endif()

# The command with a team's own engine, run in process (tools/antq as antq_command).
if(TARGET antq_command)
    antq_test(antq_command_test tools/command_engines_test.cpp)
    target_link_libraries(antq_command_test PRIVATE antq_command CLI11::CLI11)
    target_include_directories(antq_command_test PRIVATE "${PROJECT_SOURCE_DIR}/tools")
endif()
