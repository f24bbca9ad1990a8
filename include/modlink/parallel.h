// SPDX-License-Identifier: MIT
// A data-parallel loop over independent items. Each index is handled by
// exactly one worker and results go into slots owned by their index, so the
// output never depends on the number of threads.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace modlink {

// jobs <= 0 means one worker per core.
inline unsigned effective_jobs(int jobs) {
    if (jobs > 0) return static_cast<unsigned>(jobs);
    unsigned n = std::thread::hardware_concurrency();
    return n ? n : 1;
}

// Calls fn(i) for every i in [0, n). If calls throw, the exception of the
// lowest failing index is rethrown after all workers stop, whatever the
// thread count and scheduling: items above a failure are skipped, but every
// item below the lowest failure seen so far is still run, since one of them
// may fail too (items are handed out in increasing order, so each of them
// has been taken or will be).
template <typename Fn>
void parallel_for(std::size_t n, int jobs, Fn&& fn) {
    unsigned workers = std::min<std::size_t>(effective_jobs(jobs), n);
    if (workers <= 1) {
        for (std::size_t i = 0; i < n; ++i) fn(i);
        return;
    }
    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> limit{n};  // the lowest failing index so far
    std::exception_ptr error;
    std::mutex error_mutex;
    auto work = [&] {
        for (;;) {
            std::size_t i = next.fetch_add(1, std::memory_order_relaxed);
            if (i >= limit.load(std::memory_order_acquire)) return;
            try {
                fn(i);
            } catch (...) {
                std::lock_guard lock(error_mutex);
                if (i < limit.load(std::memory_order_relaxed)) {
                    error = std::current_exception();
                    limit.store(i, std::memory_order_release);
                }
            }
        }
    };
    {
        std::vector<std::jthread> pool;
        pool.reserve(workers - 1);
        for (unsigned t = 1; t < workers; ++t) pool.emplace_back(work);
        work();
    }
    if (error) std::rethrow_exception(error);
}

}  // namespace modlink
