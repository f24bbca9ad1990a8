// SPDX-License-Identifier: MIT
// Bytes that parallel workers take before a job whose memory grows with its
// input, and give back after: the jobs in flight stay under the budget, and
// one bigger than the whole budget runs alone. Takers are served first come
// first served, so a big job waiting is not starved by small ones.
// `modlink leaks`: Debian 7.2's amdgpu.ko is 800 MB of DWARF, which libdw
// relocates in memory; two such modules at once would double the peak.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>

namespace modlink {

// Module file that workers reading DWARF (leaks, audit --leaks) hold
// between them: libdw relocates DWARF in memory, about 1.2 bytes per byte
// of module.
constexpr std::uint64_t kDwarfReadingBudget = 512ull << 20;

class MemoryBudget {
public:
    explicit MemoryBudget(std::uint64_t bytes) : budget_(bytes ? bytes : 1) {}

    class Lease {
    public:
        Lease(MemoryBudget& b, std::uint64_t bytes) : budget_(&b), bytes_(bytes) {}
        Lease(Lease&& o) noexcept : budget_(o.budget_), bytes_(o.bytes_) { o.bytes_ = 0; }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Lease& operator=(Lease&&) = delete;
        ~Lease() {
            if (bytes_) budget_->give_back(bytes_);
        }

    private:
        MemoryBudget* budget_;
        std::uint64_t bytes_;
    };

    // take() of a file's size (0 when it cannot be read: the reader will
    // say why).
    [[nodiscard]] Lease take_file(const std::string& path) {
        std::error_code ec;
        std::uint64_t size = std::filesystem::file_size(path, ec);
        return take(ec ? 0 : size);
    }

    // Waits for `bytes` (at most the whole budget) and holds them until the
    // lease ends.
    [[nodiscard]] Lease take(std::uint64_t bytes) {
        std::uint64_t want = bytes < budget_ ? bytes : budget_;
        std::unique_lock lock(mutex_);
        std::uint64_t ticket = next_ticket_++;
        freed_.wait(lock, [&] { return serving_ == ticket && in_flight_ + want <= budget_; });
        in_flight_ += want;
        ++serving_;
        freed_.notify_all();
        return Lease(*this, want);
    }

private:
    void give_back(std::uint64_t bytes) {
        {
            std::lock_guard lock(mutex_);
            in_flight_ -= bytes;
        }
        freed_.notify_all();
    }

    std::uint64_t budget_;
    std::uint64_t in_flight_ = 0;
    std::uint64_t next_ticket_ = 0;
    std::uint64_t serving_ = 0;
    std::mutex mutex_;
    std::condition_variable freed_;
};

}  // namespace modlink
