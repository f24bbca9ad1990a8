// SPDX-License-Identifier: MIT
#include "modpost/prefetch.h"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>

namespace modlink::modpost {

Prefetcher::Prefetcher(const std::vector<std::string>& paths, std::size_t lead) : paths_(paths), lead_(lead) {
    if (paths_.size() > 1) thread_ = std::thread([this] { run(); });
}

Prefetcher::~Prefetcher() {
    stop_.store(true);
    if (thread_.joinable()) thread_.join();
}

void Prefetcher::run() {
    for (std::size_t i = 0; i < paths_.size() && !stop_.load(); ++i) {
        // Stay at most `lead_` files ahead, so prefetched pages are still
        // cached when the reader gets there.
        while (i > consumer_.load(std::memory_order_relaxed) + lead_) {
            if (stop_.load()) return;
            // Coarse naps: a warm run must not pay for thousands of wake-ups.
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        int fd = ::open(paths_[i].c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) continue;
        ::posix_fadvise(fd, 0, 0, POSIX_FADV_WILLNEED);
        ::close(fd);
    }
}

}  // namespace modlink::modpost
