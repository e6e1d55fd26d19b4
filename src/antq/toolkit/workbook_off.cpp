// The workbook functions of a library built without libxlsxwriter (ANTQ_WITH_XLSX=OFF):
// each says so, as `usage_error`.

#include <antq/workbook.hpp>

#include <antq/error.hpp>

namespace antq {

namespace {

[[noreturn]] void unsupported() {
    throw usage_error(
        "this antq was built without Excel workbooks (CMake option ANTQ_WITH_XLSX=OFF): "
        "rebuild it with libxlsxwriter-dev installed");
}

}  // namespace

bool workbook_support() noexcept {
    return false;
}

std::string render_workbook(const dataset&, const evaluation&, const workbook_options&) {
    unsupported();
}

void write_workbook(const std::filesystem::path&, const dataset&, const evaluation&,
                    const workbook_options&) {
    unsupported();
}

}  // namespace antq
