// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

#include "modlink/parallel.h"

namespace {

// Items 5 and 17 fail late (after a sleep), item 600 at once: with many
// workers 600 throws first in time, yet 5 is the lowest failing index.
void failing_item(std::size_t i) {
    if (i == 5 || i == 17) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        throw std::runtime_error("item " + std::to_string(i));
    }
    if (i == 600) throw std::runtime_error("item 600");
}

std::string first_error(int jobs) {
    try {
        modlink::parallel_for(1000, jobs, failing_item);
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("parallel_for rethrows the error of the lowest failing index, for any thread count") {
    for (int jobs : {1, 2, 16}) {
        for (int run = 0; run < 30; ++run) {
            CAPTURE(jobs);
            CAPTURE(run);
            CHECK(first_error(jobs) == "item 5");
        }
    }
}

TEST_CASE("parallel_for runs every item below a failure and none needed above it") {
    std::atomic<int> below{0};
    try {
        modlink::parallel_for(100, 8, [&](std::size_t i) {
            if (i == 50) throw std::runtime_error("50");
            if (i < 50) ++below;
        });
    } catch (const std::runtime_error&) {
    }
    CHECK(below == 50);
}
