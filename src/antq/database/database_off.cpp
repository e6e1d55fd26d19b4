// The database functions of a library built without database support
// (ANTQ_WITH_DATABASES=OFF): each says so, as `database_error`.

#include <antq/database.hpp>

namespace antq {

namespace {

[[noreturn]] void unsupported() {
    throw database_error(
        "this antq was built without database support (CMake option ANTQ_WITH_DATABASES=OFF): "
        "rebuild it with libpq-dev and libsqlite3-dev installed");
}

}  // namespace

bool database_support() noexcept {
    return false;
}

bool is_database_source(std::string_view source) noexcept {
    return source.starts_with("sqlite:") || source.starts_with("postgresql://") ||
           source.starts_with("postgres://");
}

dataset load_dataset_from_database(std::string_view, const database_options&) {
    unsupported();
}

dataset load_dataset_with_mapping(const std::filesystem::path&, const database_options&) {
    unsupported();
}

dataset load_dataset_from(std::string_view source, const database_options&) {
    const std::filesystem::path path(source);
    if (is_database_source(source) || path.extension() == ".yaml" || path.extension() == ".yml") {
        unsupported();
    }
    return load_dataset(path);
}

void import_dataset(const dataset&, std::string_view, const database_options&) {
    unsupported();
}

void init_results_schema(std::string_view, const database_options&) {
    unsupported();
}

bool upgrade_results_schema(std::string_view, const database_options&) {
    unsupported();
}

bool store_evaluation(const evaluation&, std::string_view, const database_options&) {
    unsupported();
}

std::vector<stored_run> list_runs(std::string_view, const database_options&) {
    unsupported();
}

std::vector<stored_result> read_stored_results(std::string_view, std::string_view, std::string_view,
                                               const database_options&) {
    unsupported();
}

evaluation read_stored_evaluation(std::string_view, std::string_view, std::string_view,
                                  const database_options&) {
    unsupported();
}

evaluation read_stored_evaluation(std::string_view, std::string_view, const rulebook_set&,
                                  std::string_view, const database_options&) {
    unsupported();
}

}  // namespace antq
