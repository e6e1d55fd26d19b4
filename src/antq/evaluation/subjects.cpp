#include "antq/evaluation/subjects.hpp"

#include <antq/model.hpp>

#include <algorithm>

namespace antq::detail::evaluation {

namespace {

using rules::attribute;

std::string_view exemplar_kind_text(exemplar_kind k) {
    return k == exemplar_kind::collective ? "collective" : "individual";
}

/// Whole months from `first` to `last` inclusive: the number of times the day after `last`
/// is at least a month-day step beyond `first`.
long whole_months(date first, date last) {
    if (last < first) {
        return 0;
    }
    const date after = last + boost::gregorian::days(1);
    long months = (static_cast<long>(after.year()) - static_cast<long>(first.year())) * 12 +
                  (static_cast<long>(after.month()) - static_cast<long>(first.month()));
    if (after.day() < first.day()) {
        // The day after `last` is before the month's anniversary of `first`, unless the
        // anniversary does not exist in that month (Jan 31 -> Feb 28 counts as a month).
        const auto end_of_month =
            boost::gregorian::gregorian_calendar::end_of_month_day(after.year(), after.month());
        const bool anniversary_missing = first.day() > end_of_month && after.day() == end_of_month;
        if (!anniversary_missing) {
            --months;
        }
    }
    return std::max(0L, months);
}

}  // namespace

std::size_t subject_view::size() const noexcept {
    switch (kind_) {
        case subject_kind::model:
            return registry_->models().size();
        case subject_kind::unit:
            return registry_->units().size();
        case subject_kind::exemplar:
            return registry_->exemplars().size();
    }
    return 0;
}

std::optional<index_t> subject_view::find(std::string_view id) const {
    switch (kind_) {
        case subject_kind::model:
            return registry_->find_model(id);
        case subject_kind::unit:
            return registry_->find_unit(id);
        case subject_kind::exemplar:
            return registry_->find_exemplar(id);
    }
    return std::nullopt;
}

std::string_view subject_view::id(index_t s) const {
    return text(attribute::id, s);
}

index_t subject_view::unit(index_t s) const {
    switch (kind_) {
        case subject_kind::model:
            return registry_->unit_of_model(s);
        case subject_kind::unit:
            return s;
        case subject_kind::exemplar:
            return registry_->unit_of_exemplar(s);
    }
    return s;
}

std::string_view subject_view::text(attribute a, index_t s) const {
    if (a == attribute::unit) {
        return registry_->units()[unit(s)].id;
    }
    if (a == attribute::unit_kind) {
        return registry_->units()[unit(s)].kind;
    }
    switch (kind_) {
        case subject_kind::model: {
            const auto& m = registry_->models()[s];
            switch (a) {
                case attribute::id:
                    return m.id;
                case attribute::name:
                    return m.name;
                case attribute::kind:
                    return m.type;
                case attribute::topic:
                    return m.topic;
                case attribute::target_group:
                    return m.target_group;
                default:
                    return {};
            }
        }
        case subject_kind::unit: {
            const auto& u = registry_->units()[s];
            switch (a) {
                case attribute::id:
                    return u.id;
                case attribute::name:
                    return u.name;
                case attribute::kind:
                    return u.kind;
                default:
                    return {};
            }
        }
        case subject_kind::exemplar: {
            const auto& e = registry_->exemplars()[s];
            switch (a) {
                case attribute::id:
                    return e.id;
                case attribute::name:
                    return e.name;
                case attribute::kind:
                    return exemplar_kind_text(e.kind);
                default:
                    return {};
            }
        }
    }
    return {};
}

long subject_view::days_active(index_t s, const period& p) const {
    if (kind_ == subject_kind::model) {
        return antq::days_active(registry_->models()[s], p);
    }
    return p.days();
}

long subject_view::months_active(index_t s, const period& p) const {
    if (kind_ != subject_kind::model) {
        return whole_months(p.first(), p.last());
    }
    const auto& m = registry_->models()[s];
    const date first = m.established ? std::max(*m.established, p.first()) : p.first();
    const date last = m.ended ? std::min(*m.ended, p.last()) : p.last();
    return whole_months(first, last);
}

}  // namespace antq::detail::evaluation
