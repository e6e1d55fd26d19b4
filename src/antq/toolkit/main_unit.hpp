#pragma once

// The unit a report or a workbook is about, named in its titles and page headers.

#include <antq/registry.hpp>

#include <string>

namespace antq::detail {

/// The unit every other unit lies under: from the single root down while a unit has exactly
/// one child unit ("Xã Quảng Trung" under "Tỉnh Quảng Bình"), by its name, or its id when it
/// has none; the roots' names joined by ", " when there are several; "" without units.
inline std::string main_unit_name(const registry& r) {
    const auto roots = r.roots();
    if (roots.size() != 1) {
        std::string names;
        for (const index_t u : roots) {
            names += (names.empty() ? "" : ", ") + r.units()[u].name;
        }
        return names;
    }
    index_t u = roots.front();
    while (r.children(u).size() == 1) {
        u = r.children(u).front();
    }
    return r.units()[u].name.empty() ? r.units()[u].id : r.units()[u].name;
}

}  // namespace antq::detail
