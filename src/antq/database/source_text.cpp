#include <antq/database.hpp>

#include <string>
#include <string_view>

// Compiled with or without database support: a command prints the source it was given
// either way, and a password in it must never reach a terminal, a log or a report.

namespace antq {

namespace {

// `user:secret@host` -> `user@host`, in the authority of a URI.
std::string without_user_password(std::string_view uri) {
    const auto scheme = uri.find("://");
    if (scheme == std::string_view::npos) {
        return std::string(uri);
    }
    const auto start = scheme + 3;
    const auto end = uri.find_first_of("/?", start);
    const std::string_view authority =
        uri.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    const auto at = authority.rfind('@');
    if (at == std::string_view::npos) {
        return std::string(uri);
    }
    const auto colon = authority.substr(0, at).find(':');
    if (colon == std::string_view::npos) {
        return std::string(uri);
    }
    std::string out(uri.substr(0, start));
    out += authority.substr(0, colon);
    out += uri.substr(start + at);
    return out;
}

// `?password=secret&sslmode=require` -> `?sslmode=require` (libpq takes the password as a
// query parameter too).
std::string without_password_parameter(std::string uri) {
    const auto query = uri.find('?');
    if (query == std::string::npos) {
        return uri;
    }
    std::string out = uri.substr(0, query);
    std::string_view rest = std::string_view(uri).substr(query + 1);
    char separator = '?';
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        const std::string_view parameter = rest.substr(0, amp);
        if (!parameter.starts_with("password=")) {
            out += separator;
            out += parameter;
            separator = '&';
        }
        rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    }
    return out;
}

}  // namespace

std::string source_text(std::string_view source) {
    if (!source.starts_with("postgresql://") && !source.starts_with("postgres://")) {
        return std::string(source);
    }
    return without_password_parameter(without_user_password(source));
}

}  // namespace antq
