// Uses the installed package the way a user's program would.
#include <antq/antq.hpp>

#include <iostream>

int main() {
    const auto p = antq::period::parse("2024", antq::year_start::parse("11-16"));
    if (p.to_string() != "2023-11-16/2024-11-15") {
        std::cerr << "unexpected period " << p.to_string() << '\n';
        return 1;
    }
    // Linking a workbook function pulls libxlsxwriter through the package's dependencies.
    std::cout << (antq::workbook_support() ? "Excel workbooks: yes\n" : "Excel workbooks: no\n");
    std::cout << "antq " << antq::version() << " ok\n";
    return 0;
}
