#pragma once

// A real PostgreSQL server for the tests: initdb and pg_ctl (Debian's `postgresql`) in a
// temporary folder, listening on a Unix socket only, started once per test binary and
// stopped at its end. Run as root (CI), the server runs as the user `nobody`, since
// PostgreSQL refuses to run as root.

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace antq::test_support {

class postgresql_server {
  public:
    /// Where initdb and pg_ctl are (ANTQ_POSTGRESQL_BIN_DIR, found by CMake); empty when
    /// PostgreSQL's server programs are not installed.
    static std::filesystem::path bin_dir() {
#ifdef ANTQ_POSTGRESQL_BIN_DIR
        const std::filesystem::path dir = ANTQ_POSTGRESQL_BIN_DIR;
        if (std::filesystem::exists(dir / "initdb") && std::filesystem::exists(dir / "pg_ctl")) {
            return dir;
        }
#endif
        return {};
    }

    /// Starts the server; throws std::runtime_error saying what failed.
    postgresql_server() {
        const auto bin = bin_dir();
        if (bin.empty()) {
            throw std::runtime_error("PostgreSQL's initdb and pg_ctl were not found");
        }
        char pattern[] = "/tmp/antq-pg-XXXXXX";
        if (::mkdtemp(pattern) == nullptr) {
            throw std::runtime_error("cannot create a temporary folder for PostgreSQL");
        }
        root_ = pattern;
        ::chmod(root_.c_str(), 0755);
        if (::geteuid() == 0) {
            const passwd* user = ::getpwnam("nobody");
            if (user == nullptr) {
                throw std::runtime_error(
                    "running as root, and there is no user 'nobody' to run "
                    "PostgreSQL as");
            }
            uid_ = user->pw_uid;
            gid_ = user->pw_gid;
            if (::chown(root_.c_str(), uid_, gid_) != 0) {
                throw std::runtime_error("cannot give " + root_.string() + " to nobody");
            }
        }
        const std::string data = (root_ / "data").string();
        run({(bin / "initdb").string(), "-D", data, "-U", "antq", "--auth=trust", "--no-sync",
             "--encoding=UTF8", "--no-locale"},
            "initdb");
        {
            // A role that may never log in: the refused-login test connects as it.
            std::ofstream hba(root_ / "data" / "pg_hba.conf", std::ios::trunc);
            hba << "local all refused reject\nlocal all all trust\n";
        }
        const std::string options = "-k " + root_.string() +
                                    " -c listen_addresses='' -c fsync=off -c "
                                    "synchronous_commit=off -c full_page_writes=off -p 5432";
        run({(bin / "pg_ctl").string(), "-D", data, "-l", (root_ / "server.log").string(), "-o",
             options, "-w", "-t", "60", "start"},
            "pg_ctl start");
        started_ = true;
    }

    ~postgresql_server() {
        if (started_) {
            try {
                run({(bin_dir() / "pg_ctl").string(), "-D", (root_ / "data").string(), "-m",
                     "immediate", "-w", "stop"},
                    "pg_ctl stop");
            } catch (...) {
                // The folder goes anyway; a server left behind dies with its socket's folder.
            }
        }
        std::error_code ignored;
        std::filesystem::remove_all(root_, ignored);
    }

    postgresql_server(const postgresql_server&) = delete;
    postgresql_server& operator=(const postgresql_server&) = delete;

    /// A URI for `database` as `user`.
    [[nodiscard]] std::string uri(const std::string& database = "postgres",
                                  const std::string& user = "antq") const {
        return "postgresql:///" + database + "?host=" + root_.string() + "&port=5432&user=" + user;
    }

    /// The socket folder.
    [[nodiscard]] const std::filesystem::path& folder() const {
        return root_;
    }

  private:
    // Runs `arguments` (as nobody when root), output to a log file; throws when it fails.
    void run(const std::vector<std::string>& arguments, const std::string& what) const {
        const std::string log = (root_ / (what.substr(0, what.find(' ')) + ".log")).string();
        const pid_t child = ::fork();
        if (child < 0) {
            throw std::runtime_error("cannot start " + what);
        }
        if (child == 0) {
            if (uid_ != 0 &&
                (::setgroups(0, nullptr) != 0 || ::setgid(gid_) != 0 || ::setuid(uid_) != 0)) {
                std::_Exit(126);
            }
            // The current folder may be one nobody cannot enter (a checkout under /root).
            if (::chdir(root_.c_str()) != 0 || std::freopen(log.c_str(), "a", stdout) == nullptr ||
                std::freopen(log.c_str(), "a", stderr) == nullptr) {
                std::_Exit(126);
            }
            std::vector<char*> argv;
            for (const auto& a : arguments) {
                argv.push_back(const_cast<char*>(a.c_str()));
            }
            argv.push_back(nullptr);
            ::execv(argv[0], argv.data());
            std::_Exit(127);
        }
        int status = 0;
        while (::waitpid(child, &status, 0) < 0) {
        }
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            std::ifstream in(log);
            std::string text((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
            throw std::runtime_error(what + " failed (status " + std::to_string(status) +
                                     "): " + text);
        }
    }

    std::filesystem::path root_;
    uid_t uid_ = 0;
    gid_t gid_ = 0;
    bool started_ = false;
};

}  // namespace antq::test_support
