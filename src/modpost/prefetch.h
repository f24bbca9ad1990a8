// SPDX-License-Identifier: MIT
// Cold-cache speed: modpost reads thousands of object files one after the
// other, each read waiting on the disk. A helper thread walks ahead of the
// reader and asks the kernel to start reading the next files
// (posix_fadvise WILLNEED), so the disk always has work queued. It only
// warms the page cache; what the run reads and prints does not change.
#pragma once

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace modlink::modpost {

class Prefetcher {
public:
    // `paths` must outlive the Prefetcher.
    explicit Prefetcher(const std::vector<std::string>& paths, std::size_t lead = 64);
    ~Prefetcher();
    Prefetcher(const Prefetcher&) = delete;
    Prefetcher& operator=(const Prefetcher&) = delete;

    // The reader has reached paths[index].
    void reached(std::size_t index) { consumer_.store(index, std::memory_order_relaxed); }

private:
    void run();
    const std::vector<std::string>& paths_;
    std::size_t lead_;
    std::atomic<std::size_t> consumer_{0};
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

}  // namespace modlink::modpost
