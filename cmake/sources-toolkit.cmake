# Toolkit: testing rule changes, comparing rules, reports and gaps (include/antq/rule_test.hpp,
# testing.hpp, rule_diff.hpp, report.hpp, gaps.hpp, history.hpp, sensitivity.hpp).
list(APPEND ANTQ_SOURCES
    src/antq/toolkit/boundaries.cpp
    src/antq/toolkit/gaps.cpp
    src/antq/toolkit/history.cpp
    src/antq/toolkit/report.cpp
    src/antq/toolkit/report_charts.cpp
    src/antq/toolkit/rule_diff.cpp
    src/antq/toolkit/rule_test.cpp
    src/antq/toolkit/sensitivity.cpp)
# The workbook (include/antq/workbook.hpp): with libxlsxwriter, or a library that says it
# was built without it.
if(ANTQ_WITH_XLSX)
    list(APPEND ANTQ_SOURCES src/antq/toolkit/workbook.cpp)
else()
    list(APPEND ANTQ_SOURCES src/antq/toolkit/workbook_off.cpp)
endif()
