#include "antq/synthetic.hpp"

#include <antq/error.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <string_view>

namespace antq::detail {

namespace {

// SplitMix64: tiny, fast, and the same everywhere.
class random_stream {
  public:
    random_stream(std::uint64_t seed, std::uint64_t a, std::uint64_t b = 0)
        : state_(seed * 0x9E3779B97F4A7C15ULL ^
                 (a + 0x632BE59BD9B4E019ULL) * 0xBF58476D1CE4E5B9ULL ^
                 (b + 0x1F123BB5ULL) * 0x94D049BB133111EBULL) {
        next();
    }

    std::uint64_t next() noexcept {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }

    /// Uniform in [0, 1).
    double uniform() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    /// Uniform in [low, high].
    std::int64_t between(std::int64_t low, std::int64_t high) noexcept {
        const auto span = static_cast<std::uint64_t>(high - low + 1);
        return low + static_cast<std::int64_t>(next() % span);
    }
    /// A count with mean `mean`, skewed towards small values (geometric).
    double count(double mean) noexcept {
        const double u = uniform();
        return std::floor(-std::log1p(-u) * mean);
    }
    bool chance(double p) noexcept { return uniform() < p; }

  private:
    std::uint64_t state_;
};

constexpr std::array<std::string_view, 15> base_indicators{"crimes",
                                                           "crimes_detected",
                                                           "serious_crimes",
                                                           "reports",
                                                           "disputes",
                                                           "disputes_mediated",
                                                           "patrols",
                                                           "legal_sessions",
                                                           "weapons_recovered",
                                                           "drug_users",
                                                           "households",
                                                           "households_signed",
                                                           "residents",
                                                           "residents_participating",
                                                           "incidents"};

struct catalogue_entry {
    std::string_view topic;
    std::string_view type;
    std::string_view target_group;
};

constexpr std::array<catalogue_entry, 12> catalogue{{
    {"ma-tuy", "Xã, phường, thị trấn không có ma túy", "người dân"},
    {"ma-tuy", "Gia đình không có người nghiện ma túy", "hộ gia đình"},
    {"ma-tuy", "Câu lạc bộ thanh niên phòng, chống ma túy", "thanh niên"},
    {"trat-tu", "Tổ an ninh trật tự ở cơ sở", "người dân"},
    {"trat-tu", "Camera an ninh khu dân cư", "hộ gia đình"},
    {"trat-tu", "Khu dân cư an toàn về an ninh, trật tự", "người dân"},
    {"giao-thong", "Đoạn đường tự quản về trật tự an toàn giao thông", "người tham gia giao thông"},
    {"giao-thong", "Cổng trường an toàn giao thông", "học sinh"},
    {"hoa-giai", "Tổ hòa giải ở cơ sở", "người dân"},
    {"hoa-giai", "Dòng họ tự quản về an ninh, trật tự", "dòng họ"},
    {"tu-quan", "Tự phòng, tự quản, tự bảo vệ, tự hòa giải", "người dân"},
    {"tu-quan", "Thôn, bản tự quản về an ninh, trật tự", "người dân"},
}};

// numbered("m", 12) is "m12". Appending, because GCC 12 warns falsely (-Wrestrict) about
// `"m" + std::to_string(n)`.
std::string numbered(std::string_view prefix, std::size_t n) {
    std::string text(prefix);
    text += std::to_string(n);
    return text;
}

constexpr long first_day = 16436;  // 2015-01-01 as days since 1970-01-01
constexpr long last_day = 19904;   // 2024-06-30

date day_number(long days) {
    return date(1970, 1, 1) + boost::gregorian::days(days);
}

struct unit_plan {
    std::vector<unit> units;
    std::vector<std::size_t> villages;  // indices into units
    std::vector<std::size_t> communes;
    std::vector<std::size_t> others;  // schools and agencies
};

unit_plan make_units(const synthetic_options& o) {
    unit_plan plan;
    auto& units = plan.units;
    units.reserve(o.provinces + o.communes * (o.villages_per_commune + 1) + o.provinces * 2 +
                  o.communes / 4);
    for (std::size_t p = 0; p < o.provinces; ++p) {
        units.push_back({numbered("p", p + 1), "province", numbered("Tỉnh ", p + 1), ""});
    }
    for (std::size_t p = 0; p < o.provinces; ++p) {
        for (std::size_t a = 0; a < 2; ++a) {
            const std::size_t n = p * 2 + a + 1;
            plan.others.push_back(units.size());
            units.push_back({numbered("a", n), "agency", numbered("Cơ quan ", n), units[p].id});
        }
    }
    for (std::size_t c = 0; c < o.communes; ++c) {
        const std::size_t province = c * o.provinces / o.communes;
        const std::string commune_id = numbered("c", c + 1);
        plan.communes.push_back(units.size());
        units.push_back({commune_id, "commune", numbered("Xã ", c + 1), units[province].id});
        for (std::size_t v = 0; v < o.villages_per_commune; ++v) {
            const std::size_t n = c * o.villages_per_commune + v + 1;
            plan.villages.push_back(units.size());
            units.push_back({numbered("v", n), "village", numbered("Thôn ", n), commune_id});
        }
        if (c % 4 == 0) {
            const std::size_t n = c / 4 + 1;
            plan.others.push_back(units.size());
            units.push_back({numbered("s", n), "school", numbered("Trường THCS ", n), commune_id});
        }
    }
    return plan;
}

std::vector<model> make_models(const synthetic_options& o, const unit_plan& plan) {
    std::vector<model> models;
    models.reserve(o.models);
    std::array<std::vector<std::uint32_t>, catalogue.size()> of_type;
    for (std::size_t i = 0; i < o.models; ++i) {
        random_stream r(o.seed, 1, i);
        const std::size_t t = static_cast<std::size_t>(r.next() % catalogue.size());
        const catalogue_entry& entry = catalogue[t];
        const double where = r.uniform();
        const std::vector<std::size_t>& hosts =
            where < 0.85 || plan.communes.empty() ? plan.villages
            : where < 0.95 || plan.others.empty() ? plan.communes
                                                  : plan.others;
        const std::vector<std::size_t>& pool = hosts.empty() ? plan.communes : hosts;
        const unit& host = plan.units[pool[static_cast<std::size_t>(r.next() % pool.size())]];
        model m;
        m.id = numbered("m", i + 1);
        m.name = std::string(entry.type) + " – " + host.name;
        m.type = entry.type;
        m.topic = entry.topic;
        m.target_group = entry.target_group;
        m.unit = host.id;
        const long start = r.between(first_day, last_day);
        m.established = day_number(start);
        if (r.chance(0.03)) {
            m.ended = day_number(r.between(start, last_day + 180));
        }
        auto& earlier = of_type[t];
        if (!earlier.empty() && r.chance(0.3)) {
            m.replicated_from =
                models[earlier[static_cast<std::size_t>(r.next() % earlier.size())]].id;
        }
        earlier.push_back(static_cast<std::uint32_t>(i));
        models.push_back(std::move(m));
    }
    return models;
}

std::vector<exemplar> make_exemplars(const synthetic_options& o, const unit_plan& plan) {
    std::vector<exemplar> exemplars;
    exemplars.reserve(o.exemplars);
    const std::vector<std::size_t>& hosts = plan.villages.empty() ? plan.communes : plan.villages;
    for (std::size_t i = 0; i < o.exemplars && !hosts.empty(); ++i) {
        random_stream r(o.seed, 2, i);
        exemplar e;
        e.id = numbered("e", i + 1);
        e.kind = r.chance(0.7) ? exemplar_kind::individual : exemplar_kind::collective;
        e.name = numbered(e.kind == exemplar_kind::individual ? "Cá nhân " : "Tập thể ", i + 1);
        e.unit = plan.units[hosts[static_cast<std::size_t>(r.next() % hosts.size())]].id;
        e.recognized = day_number(r.between(first_day, last_day));
        exemplars.push_back(std::move(e));
    }
    return exemplars;
}

// One row of indicators for a model in a period. `quality` (0..1, fixed per model) makes
// good models have fewer crimes, more detection and more patrols, as in real data.
void fill_row(random_stream& r, double quality, bool drug_topic, std::array<double, 15>& v) {
    const double households = static_cast<double>(r.between(80, 600));
    const double residents = std::round(households * (3.0 + 1.5 * r.uniform()));
    const double crimes = r.count(0.3 + 2.5 * (1.0 - quality));
    v[0] = crimes;
    v[1] = std::min(crimes,
                    std::round(crimes * (0.4 + 0.6 * quality * r.uniform() + 0.3 * r.uniform())));
    v[2] = crimes > 0 && r.chance(0.1 * (1.0 - quality) + 0.01) ? 1 : 0;
    v[3] = r.count(1.0 + 6.0 * quality);
    const double disputes = r.count(2.0 + 3.0 * r.uniform());
    v[4] = disputes;
    v[5] = std::min(disputes, std::round(disputes * (0.5 + 0.5 * quality)));
    v[6] = static_cast<double>(r.between(6, 24)) + std::round(96.0 * quality * r.uniform());
    v[7] = static_cast<double>(r.between(1, 6)) + std::round(18.0 * quality * r.uniform());
    v[8] = r.chance(0.15) ? static_cast<double>(r.between(1, 5)) : 0;
    v[9] = r.count(drug_topic ? 3.0 * (1.2 - quality) : 0.8);
    v[10] = households;
    v[11] = std::round(households * (0.55 + 0.45 * quality));
    v[12] = residents;
    v[13] = std::round(residents * (0.15 + 0.75 * quality * (0.7 + 0.3 * r.uniform())));
    v[14] = r.count(0.5 + 2.0 * (1.0 - quality));
}

observation_table make_observations(const synthetic_options& o, const std::vector<model>& models) {
    const std::size_t rows = models.size() * o.periods.size();
    std::vector<observation_column> columns(o.indicators);
    const auto names = synthetic_indicator_names(o.indicators);
    for (std::size_t j = 0; j < o.indicators; ++j) {
        columns[j].name = names[j];
        columns[j].numbers.resize(rows);
    }
    std::vector<std::string> subjects;
    subjects.reserve(models.size());
    for (const model& m : models) {
        subjects.push_back(m.id);
    }
    std::vector<std::uint32_t> row_subject(rows);
    std::vector<std::uint32_t> row_period(rows);
    std::array<double, 15> values{};
    std::size_t row = 0;
    for (std::size_t p = 0; p < o.periods.size(); ++p) {
        for (std::size_t m = 0; m < models.size(); ++m, ++row) {
            const double quality = random_stream(o.seed, 3, m).uniform();
            random_stream r(o.seed, 4 + p, m);
            fill_row(r, quality, models[m].topic == "ma-tuy", values);
            row_subject[row] = static_cast<std::uint32_t>(m);
            row_period[row] = static_cast<std::uint32_t>(p);
            for (std::size_t j = 0; j < o.indicators; ++j) {
                const double value =
                    j < values.size() ? values[j] : static_cast<double>(r.between(0, 100));
                columns[j].numbers[row] = r.chance(o.missing_share) ? missing_value : value;
            }
        }
    }
    return observation_table(std::move(subjects), o.periods, std::move(row_subject),
                             std::move(row_period), std::move(columns));
}

}  // namespace

std::vector<std::string> synthetic_indicator_names(std::size_t count) {
    std::vector<std::string> names;
    for (std::size_t j = 0; j < count; ++j) {
        names.push_back(j < base_indicators.size() ? std::string(base_indicators[j])
                                                   : numbered("indicator_", j + 1));
    }
    return names;
}

dataset generate_synthetic_dataset(const synthetic_options& options) {
    if (options.provinces == 0 || options.communes < options.provinces) {
        throw usage_error(
            "a synthetic dataset needs at least one province and as many communes as provinces");
    }
    if (options.periods.empty()) {
        throw usage_error("a synthetic dataset needs at least one period");
    }
    if (!(options.missing_share >= 0 && options.missing_share <= 1)) {
        throw usage_error("the share of missing cells is a fraction from 0 to 1");
    }
    // Sizes a machine can hold, checked before anything is allocated: a mistyped option
    // (an extra zero or three) is refused with its numbers, not met by running out of memory.
    const auto product = [](std::size_t a, std::size_t b) {
        return a != 0 && b > max_synthetic_size / a ? max_synthetic_size + 1 : a * b;
    };
    const auto sum = [](std::size_t a, std::size_t b) {
        return a > max_synthetic_size || b > max_synthetic_size - a ? max_synthetic_size + 1
                                                                    : a + b;
    };
    const std::size_t units =
        sum(product(options.communes, options.villages_per_commune), options.communes);
    const std::size_t cells =
        product(product(options.models, options.periods.size()), options.indicators);
    if (units > max_synthetic_subjects || options.models > max_synthetic_subjects ||
        options.exemplars > max_synthetic_subjects) {
        throw usage_error(std::to_string(options.communes) + " communes with " +
                          std::to_string(options.villages_per_commune) + " villages each, " +
                          std::to_string(options.models) + " models and " +
                          std::to_string(options.exemplars) + " exemplars: at most " +
                          std::to_string(max_synthetic_subjects) + " of each can be generated");
    }
    if (cells > max_synthetic_cells) {
        throw usage_error(
            std::to_string(options.models) + " models x " + std::to_string(options.periods.size()) +
            " periods x " + std::to_string(options.indicators) + " indicators is more than the " +
            std::to_string(max_synthetic_cells) + " observation cells that can be generated");
    }
    for (const auto& label : options.periods) {
        static_cast<void>(period::parse(label));
    }
    const unit_plan plan = make_units(options);
    auto models = make_models(options, plan);
    auto exemplars = make_exemplars(options, plan);
    dataset d;
    d.observations = make_observations(options, models);
    d.registry = registry::build(plan.units, std::move(models), std::move(exemplars));
    d.content_hash = hash_dataset(d.registry, d.observations);
    return d;
}

}  // namespace antq::detail
