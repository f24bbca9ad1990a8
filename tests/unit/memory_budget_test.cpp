// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <thread>

#include "modlink/memory_budget.h"

using namespace modlink;

TEST_CASE("a job bigger than the budget waits for the others and runs alone") {
    MemoryBudget budget(10);
    std::atomic<bool> big_running{false};
    std::optional<MemoryBudget::Lease> a(std::in_place, budget.take(4));
    std::optional<MemoryBudget::Lease> b(std::in_place, budget.take(4));  // 8 of 10: both fit
    std::thread big([&] {
        MemoryBudget::Lease l = budget.take(20);  // capped at 10: needs all
        big_running = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    CHECK_FALSE(big_running.load());
    a.reset();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    CHECK_FALSE(big_running.load());  // 4 still in flight
    b.reset();
    big.join();
    CHECK(big_running.load());
}
