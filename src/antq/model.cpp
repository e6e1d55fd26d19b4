#include <antq/model.hpp>

#include <algorithm>

namespace antq {

long days_active(const model& m, const period& p) {
    const date first = m.established ? std::max(*m.established, p.first()) : p.first();
    const date last = m.ended ? std::min(*m.ended, p.last()) : p.last();
    if (last < first) {
        return 0;
    }
    return (last - first).days() + 1;
}

}  // namespace antq
