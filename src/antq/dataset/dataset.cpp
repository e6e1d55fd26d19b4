#include <antq/dataset.hpp>

#include "antq/dataset/dataset_hash.hpp"
#include "antq/dataset/dataset_io.hpp"
#include "antq/dataset/observations_io.hpp"
#include "antq/dataset/tables.hpp"
#include "antq/io/atomic_file.hpp"
#include "antq/io/read_file.hpp"
#include "antq/parallel.hpp"

#include <antq/error.hpp>

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <exception>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <system_error>
#include <thread>

namespace antq {

namespace {

// Feeds the canonical form of a dataset to SHA-256: every string with its length, every
// count and index as 8 or 4 little-endian bytes, numbers as IEEE doubles (one NaN for
// every missing cell, no negative zero), buffered so OpenSSL sees large blocks.
class canonical_hasher {
  public:
    canonical_hasher() : context_(EVP_MD_CTX_new(), EVP_MD_CTX_free) {
        if (!context_ || EVP_DigestInit_ex(context_.get(), EVP_sha256(), nullptr) != 1) {
            throw error("cannot start SHA-256 (OpenSSL)");
        }
        buffer_.reserve(capacity);
    }

    void add_u64(std::uint64_t value) {
        unsigned char bytes[8];
        for (int i = 0; i < 8; ++i) {
            bytes[i] = static_cast<unsigned char>(value >> (8 * i));
        }
        add_bytes(bytes, 8);
    }

    void add_u32(std::uint32_t value) {
        unsigned char bytes[4];
        for (int i = 0; i < 4; ++i) {
            bytes[i] = static_cast<unsigned char>(value >> (8 * i));
        }
        add_bytes(bytes, 4);
    }

    void add_number(double value) { add_u64(std::bit_cast<std::uint64_t>(canonical(value))); }

    // A whole column at once: the same bytes as add_number on each, in large blocks.
    void add_numbers(std::span<const double> values) {
        std::array<std::uint64_t, 4096> block;
        while (!values.empty()) {
            const std::size_t count = std::min(values.size(), block.size());
            for (std::size_t i = 0; i < count; ++i) {
                block[i] = little_endian(std::bit_cast<std::uint64_t>(canonical(values[i])));
            }
            add_bytes(block.data(), count * sizeof(std::uint64_t));
            values = values.subspan(count);
        }
    }

    void add_text(std::string_view text) {
        add_u64(text.size());
        add_bytes(text.data(), text.size());
    }

    std::string finish() {
        flush();
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        if (EVP_DigestFinal_ex(context_.get(), digest, &length) != 1) {
            throw error("cannot finish SHA-256 (OpenSSL)");
        }
        static constexpr char hex[] = "0123456789abcdef";
        std::string text;
        for (unsigned int i = 0; i < length; ++i) {
            text += hex[digest[i] >> 4];
            text += hex[digest[i] & 0xF];
        }
        return text;
    }

  private:
    static constexpr std::size_t capacity = std::size_t{1} << 16;

    // One NaN for every missing value; no negative zero (-0 == 0: equal data, equal hash).
    static double canonical(double value) noexcept {
        if (std::isnan(value)) {
            return std::numeric_limits<double>::quiet_NaN();
        }
        return value == 0 ? 0.0 : value;
    }

    static std::uint64_t little_endian(std::uint64_t value) noexcept {
        if constexpr (std::endian::native == std::endian::little) {
            return value;
        } else {
            std::uint64_t swapped = 0;
            for (int i = 0; i < 8; ++i) {
                swapped = (swapped << 8) | ((value >> (8 * i)) & 0xFF);
            }
            return swapped;
        }
    }

    void add_bytes(const void* data, std::size_t size) {
        if (buffer_.size() + size > capacity) {
            flush();
        }
        if (size > capacity) {
            update(data, size);
            return;
        }
        const auto* bytes = static_cast<const char*>(data);
        buffer_.insert(buffer_.end(), bytes, bytes + size);
    }

    void flush() {
        update(buffer_.data(), buffer_.size());
        buffer_.clear();
    }

    void update(const void* data, std::size_t size) {
        if (size > 0 && EVP_DigestUpdate(context_.get(), data, size) != 1) {
            throw error("cannot compute SHA-256 (OpenSSL)");
        }
    }

    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context_;
    std::vector<char> buffer_;
};

template <class Record>
void add_record(canonical_hasher& h, const Record& r) {
    for (const auto& cell : detail::cells_of(r)) {
        h.add_text(cell);
    }
}

// The four cells units had before their attributes, then the attributes only when there are
// any: a dataset without them hashes as it did.
void add_record(canonical_hasher& h, const unit& u) {
    h.add_text(u.id);
    h.add_text(u.kind);
    h.add_text(u.name);
    h.add_text(u.parent);
    if (!u.attributes.empty()) {
        h.add_text("\x01attributes");
        h.add_text(detail::join_list(u.attributes));
    }
}

// The cells of `cells_of(model)`, without copying a million names and types.
void add_record(canonical_hasher& h, const model& m) {
    const auto add_date = [&h](const std::optional<date>& d) {
        h.add_text(d ? format_date(*d) : std::string());
    };
    h.add_text(m.id);
    h.add_text(m.name);
    h.add_text(m.type);
    h.add_text(m.topic);
    h.add_text(m.target_group);
    h.add_text(m.unit);
    add_date(m.established);
    add_date(m.ended);
    h.add_text(m.replicated_from);
}

// The five cells exemplars had before links to models, then the links only when there are
// any: a dataset without links hashes as it did, so results fingerprinted before keep
// matching their data.
void add_record(canonical_hasher& h, const exemplar& e) {
    const auto cells = detail::cells_of(e);
    for (std::size_t c = 0; c < 5; ++c) {
        h.add_text(cells[c]);
    }
    if (!e.models.empty() || !e.leads.empty()) {
        h.add_text("\x01links");
        h.add_text(cells[5]);
        h.add_text(cells[6]);
    }
}

template <class Record>
void add_table(canonical_hasher& h, std::string_view name, std::span<const Record> records) {
    h.add_text(name);
    h.add_u64(records.size());
    for (const Record& r : records) {
        add_record(h, r);
    }
}

// Subjects and labels renumbered in order of first use, so that two equal tables interned
// differently hash the same.
std::vector<std::uint32_t> first_use_order(std::span<const std::uint32_t> rows, std::size_t count,
                                           std::vector<std::uint32_t>& order) {
    constexpr std::uint32_t unseen = 0xFFFF'FFFFu;
    std::vector<std::uint32_t> number(count, unseen);
    std::vector<std::uint32_t> renumbered(rows.size());
    for (std::size_t r = 0; r < rows.size(); ++r) {
        if (number[rows[r]] == unseen) {
            number[rows[r]] = static_cast<std::uint32_t>(order.size());
            order.push_back(rows[r]);
        }
        renumbered[r] = number[rows[r]];
    }
    return renumbered;
}

void add_observations(canonical_hasher& h, const observation_table& table) {
    h.add_text("observations");
    std::vector<std::uint32_t> subjects;
    const auto row_subject =
        first_use_order(table.row_subjects(), table.subject_ids().size(), subjects);
    std::vector<std::uint32_t> labels;
    const auto row_period =
        first_use_order(table.row_periods(), table.period_labels().size(), labels);
    h.add_u64(subjects.size());
    for (const std::uint32_t s : subjects) {
        h.add_text(table.subject_ids()[s]);
    }
    h.add_u64(labels.size());
    for (const std::uint32_t l : labels) {
        h.add_text(table.period_labels()[l]);
    }
    const std::size_t rows = table.row_count();
    h.add_u64(rows);
    for (std::size_t r = 0; r < rows; ++r) {
        h.add_u32(row_subject[r]);
        h.add_u32(row_period[r]);
    }
    h.add_u64(table.columns().size());
    for (const auto& column : table.columns()) {
        h.add_text(column.name);
        const bool all_missing = column.type == observation_column::kind::text &&
                                 std::all_of(column.present.begin(), column.present.end(),
                                             [](std::uint8_t p) { return p == 0; });
        // A text column with no value is the same data as a number column with none.
        if (column.type == observation_column::kind::number || all_missing) {
            h.add_text("number");
            if (all_missing) {
                for (std::size_t r = 0; r < rows; ++r) {
                    h.add_number(missing_value);
                }
            } else {
                h.add_numbers(column.numbers);
            }
            continue;
        }
        h.add_text("text");
        for (std::size_t r = 0; r < rows; ++r) {
            h.add_u32(column.present[r]);
            h.add_text(column.present[r] != 0 ? std::string_view(column.texts[r])
                                              : std::string_view());
        }
    }
}

// The hash of the registry's and the observations' digests.
std::string combined_digest(std::string_view records, std::string_view observations) {
    canonical_hasher h;
    h.add_text("antq-dataset-2");
    h.add_text(records);
    h.add_text(observations);
    return h.finish();
}

std::string with_labels(std::string hash, std::span<const value_label> labels) {
    if (labels.empty()) {
        return hash;
    }
    canonical_hasher h;
    h.add_text("antq-dataset-2 labels");
    h.add_text(hash);
    h.add_u64(labels.size());
    for (const auto& l : labels) {
        h.add_text(l.attribute);
        h.add_text(l.value);
        h.add_text(l.label);
    }
    return h.finish();
}

// `base` (the hash of the registry, observations and labels) with the model types and the
// decisions, when the dataset has any.
std::string with_types_and_decisions(const dataset& d, std::string base) {
    if (!d.model_types.empty()) {
        canonical_hasher h;
        h.add_text("antq-dataset-2 model types");
        h.add_text(base);
        h.add_u64(d.model_types.size());
        for (const model_type& t : d.model_types) {
            h.add_text(t.id);
            h.add_text(t.name);
            h.add_text(t.topic);
            h.add_text(detail::join_list(t.indicators));
            h.add_text(detail::join_list(t.unit_attributes));
        }
        base = h.finish();
    }
    if (d.decisions.empty()) {
        return base;
    }
    canonical_hasher h;
    h.add_text("antq-dataset-2 with decisions");
    h.add_text(base);
    h.add_u64(d.decisions.size());
    for (const decision& x : d.decisions.rows) {
        for (const std::string_view cell :
             {std::string_view(x.subject), std::string_view(x.rulebook), std::string_view(x.period),
              std::string_view(x.proposed_tier), std::string_view(x.decided_tier),
              std::string_view(x.reason), std::string_view(x.number), std::string_view(x.body),
              std::string_view(x.signer)}) {
            h.add_text(cell);
        }
        h.add_text(x.decided_on.is_special() ? std::string() : format_date(x.decided_on));
    }
    return h.finish();
}

}  // namespace

std::string detail::records_digest(std::span<const unit> units, std::span<const model> models,
                                   std::span<const exemplar> exemplars) {
    canonical_hasher h;
    h.add_text("antq-dataset-2 records");
    add_table(h, "units", units);
    add_table(h, "models", models);
    add_table(h, "exemplars", exemplars);
    return h.finish();
}

std::string detail::observations_digest(const observation_table& o) {
    canonical_hasher h;
    h.add_text("antq-dataset-2 observations");
    add_observations(h, o);
    return h.finish();
}

std::string detail::hash_dataset_with_digests(const dataset& d, std::string_view records,
                                              std::string_view observations) {
    return with_types_and_decisions(d,
                                    with_labels(combined_digest(records, observations), d.labels));
}

std::string hash_dataset(const registry& r, const observation_table& o) {
    // Two parts, each hashed on its own (on two threads when the data are large), then the
    // hash of both digests: the same value however it was computed.
    const auto records = [&r] {
        return detail::records_digest(r.units(), r.models(), r.exemplars());
    };
    constexpr std::size_t parallel_rows = 100'000;
    if (r.models().size() + o.row_count() < parallel_rows ||
        std::thread::hardware_concurrency() < 2) {
        return combined_digest(records(), detail::observations_digest(o));
    }
    std::string records_part;
    std::string observations_part;
    detail::run_pieces(2, [&](std::size_t k) {
        if (k == 0) {
            observations_part = detail::observations_digest(o);
        } else {
            records_part = records();
        }
    });
    return combined_digest(records_part, observations_part);
}

std::string hash_dataset(const registry& r, const observation_table& o,
                         std::span<const value_label> labels) {
    return with_labels(hash_dataset(r, o), labels);
}

const model_type* dataset::find_model_type(std::string_view type) const {
    if (type.empty()) {
        return nullptr;
    }
    const auto found = std::find_if(model_types.begin(), model_types.end(),
                                    [&](const model_type& t) { return t.id == type; });
    return found == model_types.end() ? nullptr : &*found;
}

std::string hash_dataset(const dataset& d) {
    return with_types_and_decisions(d, hash_dataset(d.registry, d.observations, d.labels));
}

dataset load_dataset(const std::filesystem::path& path) {
    std::error_code error;
    const auto status = std::filesystem::status(path, error);
    if (error && error != std::errc::no_such_file_or_directory) {
        // A symbolic link loop, a name too long for the system, a folder not readable.
        throw io_error("cannot read '" + path.string() + "': " + error.message());
    }
    if (std::filesystem::is_directory(status)) {
        return detail::read_dataset_folder(path);  // hashed while it is read
    }
    if (!std::filesystem::exists(status)) {
        throw io_error("cannot read '" + path.string() + "': no such file or folder");
    }
    if (path.extension() != ".json") {
        throw io_error("cannot read '" + path.string() +
                       "': a dataset is a folder of CSV files or a .json file");
    }
    const auto text = detail::read_file(path);
    dataset d = detail::read_dataset_json(text.view(), path.string());
    d.content_hash = hash_dataset(d);
    return d;
}

dataset parse_dataset_json(std::string_view json, const std::string& name) {
    dataset d = detail::read_dataset_json(json, name);
    d.content_hash = hash_dataset(d);
    return d;
}

void save_dataset_csv(const dataset& d, const std::filesystem::path& folder) {
    std::error_code error;
    std::filesystem::create_directories(folder, error);
    if (error) {
        throw io_error("cannot create the folder '" + folder.string() + "': " + error.message());
    }
    detail::write_file_atomically(folder / "units.csv", detail::write_units_csv(d.registry));
    detail::write_file_atomically(folder / "models.csv", detail::write_models_csv(d.registry));
    detail::write_file_atomically(folder / "exemplars.csv",
                                  detail::write_exemplars_csv(d.registry));
    detail::write_file_atomically(folder / "observations.csv",
                                  detail::write_observations_csv(d.observations));
    if (!d.labels.empty()) {
        detail::write_file_atomically(folder / "labels.csv", detail::write_labels_csv(d.labels));
    }
    if (!d.model_types.empty()) {
        detail::write_file_atomically(folder / "model-types.csv",
                                      detail::write_model_types_csv(d.model_types));
    }
    // Written when there are decisions, or to empty a decisions file left by earlier data.
    const auto decisions_path = folder / "decisions.csv";
    if (!d.decisions.empty() || std::filesystem::exists(decisions_path, error)) {
        detail::write_file_atomically(decisions_path, write_decisions_csv(d.decisions));
    }
}

void save_dataset_json(const dataset& d, const std::filesystem::path& file) {
    detail::write_file_atomically(file, detail::write_dataset_json(d));
}

}  // namespace antq
