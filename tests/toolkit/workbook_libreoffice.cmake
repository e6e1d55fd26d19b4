# Opens the Quảng Trung workbook in LibreOffice headless and converts every sheet to CSV as
# its cells are shown; checks that texts, numbers (Vietnamese format: 95,00) and dates
# (dd/mm/yyyy) come through.
#   cmake -DPROGRAM=antq -DSOFFICE=/usr/bin/soffice -DOUT=folder -P workbook_libreoffice.cmake
# Run from the repository root. LibreOffice gets a profile of its own under OUT, so that it
# neither reads nor writes the user's, and two runs do not share one.
if(NOT SOFFICE)
    message(FATAL_ERROR "no soffice: apt-get install libreoffice-calc-nogui")
endif()
file(REMOVE_RECURSE "${OUT}")
file(MAKE_DIRECTORY "${OUT}")
set(book "${OUT}/quang-trung.xlsx")
execute_process(COMMAND "${PROGRAM}" export --format xlsx --rules rulebooks
                        --data examples/data/quang-trung --period 2025 --out "${book}"
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "antq export failed (${rc}): ${err}")
endif()
# The CSV filter's options: comma, double quote, UTF-8 (76), from row 1, default columns,
# language 0, quote texts, detect special numbers, save cells as shown, export formulas no,
# remove spaces no, every sheet (-1: one file per sheet, named after it).
execute_process(
    COMMAND timeout 240 "${SOFFICE}" "-env:UserInstallation=file://${OUT}/profile" --headless
            --norestore --convert-to "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true,true,true,false,false,-1"
            --outdir "${OUT}" "${book}"
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "soffice failed (${rc}): ${out}${err}")
endif()
file(GLOB sheets "${OUT}/quang-trung-*.csv")
list(LENGTH sheets count)
if(NOT count EQUAL 10)
    message(FATAL_ERROR "expected 10 sheets converted, got ${count}: ${sheets} ${out}${err}")
endif()

# check(sheet regex...): each regex must match the sheet's CSV.
function(check sheet)
    set(csv "${OUT}/quang-trung-${sheet}.csv")
    if(NOT EXISTS "${csv}")
        message(FATAL_ERROR "LibreOffice wrote no ${csv}")
    endif()
    file(READ "${csv}" text)
    foreach(pattern IN LISTS ARGN)
        if(NOT text MATCHES "${pattern}")
            message(FATAL_ERROR "${sheet}: no match for ${pattern} in:\n${text}")
        endif()
    endforeach()
endfunction()

check("CN tt124-residential"
      "Xã Quảng Trung"
      "\n\"?1\"?,\"Thôn Công Hòa\",\"qt-cong-hoa\",\"Đạt\""
      "\"Đạt\",\"?8\"?,\"Đạt\"")
check("CĐ qd510-residential"
      "\"Thôn Công Hòa \\(qt-cong-hoa\\)\""
      "\"Tổng cộng\",,,\"?100,00\"?,\"?95,00\"?,\"Xuất sắc\"")
check("Tổng hợp mô hình"
      "\"Mô hình \"\"5 an toàn về ANTT\"\" thôn Trung Thôn\",\"Thôn Trung Thôn\",\"An ninh, trật tự\",\"?19/08/2018\"?,,\"?71,45\"?"
      "\"Tổng cộng\"")
check("Khen thưởng điển hình"
      "\"Trần Văn Hùng\",\"qt-e01\",\"Cá nhân\",\"Thôn Công Hòa\",\"?19/08/2023\"?"
      "\"?100,00\"?")
message("workbook.libreoffice: ok (${count} sheets)")
