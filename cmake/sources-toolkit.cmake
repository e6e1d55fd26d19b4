# Toolkit: testing rule changes, comparing rules, reports and gaps (include/antq/rule_test.hpp,
# testing.hpp, rule_diff.hpp, report.hpp, gaps.hpp, history.hpp, sensitivity.hpp).
# The workbook (include/antq/workbook.hpp): with libxlsxwriter, or a library that says it
# was built without it.
if(ANTQ_WITH_XLSX)
    set(antq_workbook_source src/antq/toolkit/workbook.cpp)
else()
    set(antq_workbook_source src/antq/toolkit/workbook_off.cpp)
endif()
antq_area(
    toolkit
    BELOW evaluation
    SOURCES src/antq/toolkit/boundaries.cpp
            src/antq/toolkit/gaps.cpp
            src/antq/toolkit/history.cpp
            src/antq/toolkit/report.cpp
            src/antq/toolkit/report_charts.cpp
            src/antq/toolkit/rule_diff.cpp
            src/antq/toolkit/rule_test.cpp
            src/antq/toolkit/sensitivity.cpp
            ${antq_workbook_source})
