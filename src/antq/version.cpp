#include <antq/version.hpp>

namespace antq {

std::string_view version() noexcept {
    return ANTQ_VERSION_STRING;
}

}  // namespace antq
