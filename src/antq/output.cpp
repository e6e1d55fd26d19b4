#include <antq/output.hpp>

#include "antq/io/atomic_file.hpp"

#include <antq/error.hpp>

#include <csignal>

namespace antq {

output_batch::output_batch() : staging_(std::make_unique<detail::staging>()) {
    if (detail::current_staging() != nullptr) {
        throw usage_error("an output batch is already open on this thread");
    }
    detail::current_staging() = staging_.get();
}

output_batch::~output_batch() {
    if (detail::current_staging() == staging_.get()) {
        detail::current_staging() = nullptr;
    }
    // Destroying the staging destroys its prepared writers, which remove their temporary
    // files: nothing of an uncommitted batch reaches a target.
}

void output_batch::commit() {
    if (staging_->committed) {
        throw usage_error("this output batch was already committed");
    }
    staging_->committed = true;
    // Closed before the renames, so that a failure there leaves no batch open.
    detail::current_staging() = nullptr;
    detail::commit_staging(*staging_);
}

namespace {

extern "C" void remove_temporaries_and_reraise(int signal_number) {
    detail::remove_registered_temporaries();
    // The handler was installed with SA_RESETHAND: the default action is back, and the
    // raised signal is delivered when this handler returns, ending the process as the
    // signal would have (exit status 128 + signal for the shell).
    ::raise(signal_number);
}

}  // namespace

void remove_temporary_files_on_signals() {
    for (const int signal_number : {SIGINT, SIGTERM, SIGHUP}) {
        struct sigaction current {};
        if (::sigaction(signal_number, nullptr, &current) != 0 ||
            current.sa_handler != SIG_DFL) {  // ignored (nohup) or someone else's handler
            continue;
        }
        struct sigaction action {};
        action.sa_handler = remove_temporaries_and_reraise;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESETHAND;
        ::sigaction(signal_number, &action, nullptr);
    }
}

}  // namespace antq
