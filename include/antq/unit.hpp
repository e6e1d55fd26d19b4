#pragma once

/// \file
/// Administrative units: provinces, communes, villages, schools, agencies, enterprises.

#include <string>
#include <vector>

namespace antq {

/// Well-known unit kinds. Any other lowercase word is allowed as a kind too.
namespace unit_kinds {
inline constexpr const char* province = "province";
inline constexpr const char* commune = "commune";
inline constexpr const char* village = "village";
inline constexpr const char* school = "school";
inline constexpr const char* agency = "agency";
inline constexpr const char* enterprise = "enterprise";
}  // namespace unit_kinds

/// An administrative unit (tỉnh, xã, thôn, trường học, cơ quan, doanh nghiệp).
struct unit {
    std::string id;
    std::string kind;    ///< `province`, `commune`, `village`, ... (lowercase word)
    std::string name;    ///< UTF-8, e.g. "Thôn Công Hòa"
    std::string parent;  ///< id of the parent unit; empty only for roots
    /// What the unit is beside its kind, as words a model type's condition names
    /// (`model_type::unit_attributes`): `ven-song` for a village on a river. Column
    /// `attributes` of units.csv, separated by ';'; empty for most units.
    std::vector<std::string> attributes{};

    friend bool operator==(const unit&, const unit&) = default;
};

}  // namespace antq
