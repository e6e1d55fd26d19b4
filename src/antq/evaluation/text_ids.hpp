#pragma once

// Text values in columns are numbers: the ids of the compiled rulebook's string pool, so a
// program compares a subject's topic with the literal "ma-tuy" as two doubles. Texts the
// pool does not hold (subject names, topics no rule mentions) get ids of this evaluation
// alone, so the shared, compiled rulebook is never written to and two evaluations may share
// it across threads.

#include "antq/expr/scope.hpp"

#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace antq::detail::evaluation {

class text_ids {
  public:
    explicit text_ids(const expr::string_pool& pool) : pool_(&pool) {}

    /// The id of `text`: the pool's when it has one, else one of this evaluation. `text` must
    /// outlive this object (it points into the dataset or the results). Not thread-safe.
    double id(std::string_view text) {
        if (const auto known = pool_->find(text)) {
            return static_cast<double>(*known);
        }
        const auto [it, added] = extra_.try_emplace(
            text, static_cast<std::uint32_t>(pool_->size() + extra_texts_.size()));
        if (added) {
            extra_texts_.push_back(text);
        }
        return static_cast<double>(it->second);
    }

    /// The id of a text that is known to be different from every other text given to this
    /// object except through `unique_id` with the same `key` (subject ids: one per row),
    /// without remembering it: `unique_text` gives it back through `resolve`.
    [[nodiscard]] double unique_id(std::string_view text, std::uint32_t key) const {
        if (const auto known = pool_->find(text)) {
            return static_cast<double>(*known);
        }
        return static_cast<double>(unique_base + key);
    }

    /// The text of an id given out here; `unique_text(key)` answers ids from `unique_id`.
    template <class UniqueText>
    [[nodiscard]] std::string_view text(double id, const UniqueText& unique_text) const {
        const auto n = static_cast<std::uint64_t>(id);
        if (n >= unique_base) {
            return unique_text(static_cast<std::uint32_t>(n - unique_base));
        }
        if (n < pool_->size()) {
            return pool_->text(static_cast<std::uint32_t>(n));
        }
        return extra_texts_[n - pool_->size()];
    }

  private:
    /// Ids from `unique_id` start here, far above any pool or extra id.
    static constexpr std::uint64_t unique_base = std::uint64_t{1} << 32U;

    const expr::string_pool* pool_;
    std::unordered_map<std::string_view, std::uint32_t> extra_;
    std::vector<std::string_view> extra_texts_;
};

}  // namespace antq::detail::evaluation
