// The stack depot: identical stacks share a handle, fetch returns the
// frames, and depth is capped.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "stack_depot.h"

using namespace kmemsan;

namespace {

TEST(StackDepot, DeduplicatesAndFetches) {
  uintptr_t a[] = {0x1111, 0x2222, 0x3333};
  uintptr_t b[] = {0x1111, 0x2222, 0x4444};
  size_t before = depot_count();
  uint32_t ha = depot_put(a, 3);
  uint32_t hb = depot_put(b, 3);
  uint32_t ha2 = depot_put(a, 3);
  EXPECT_NE(ha, 0u);
  EXPECT_NE(hb, 0u);
  EXPECT_NE(ha, hb);
  EXPECT_EQ(ha, ha2);
  EXPECT_EQ(depot_count(), before + 2);
  const uintptr_t *pcs;
  ASSERT_EQ(depot_get(hb, &pcs), 3u);
  EXPECT_EQ(pcs[0], 0x1111u);
  EXPECT_EQ(pcs[2], 0x4444u);
  // A prefix is a different stack.
  EXPECT_NE(depot_put(a, 2), ha);
}

TEST(StackDepot, EmptyStackHasNoHandle) {
  uintptr_t a[] = {1};
  EXPECT_EQ(depot_put(a, 0), 0u);
  const uintptr_t *pcs;
  EXPECT_EQ(depot_get(0, &pcs), 0u);
}

TEST(StackDepot, ManyStacksStayDistinct) {
  // Enough records to fill more than one pool.
  std::vector<uint32_t> handles;
  uintptr_t pcs[kMaxStackFrames];
  for (uintptr_t i = 0; i < 3000; i++) {
    for (size_t j = 0; j < kMaxStackFrames; j++)
      pcs[j] = 0x500000 + i * 0x100 + j;
    handles.push_back(depot_put(pcs, kMaxStackFrames));
  }
  for (uintptr_t i = 0; i < 3000; i += 97) {
    const uintptr_t *got;
    ASSERT_EQ(depot_get(handles[i], &got), kMaxStackFrames);
    EXPECT_EQ(got[0], 0x500000 + i * 0x100);
    EXPECT_EQ(got[kMaxStackFrames - 1],
              0x500000 + i * 0x100 + kMaxStackFrames - 1);
    for (size_t j = 0; j < kMaxStackFrames; j++)
      pcs[j] = 0x500000 + i * 0x100 + j;
    EXPECT_EQ(depot_put(pcs, kMaxStackFrames), handles[i]);
  }
}

TEST(StackDepot, DepthIsCapped) {
  uintptr_t pcs[kMaxStackFrames + 10];
  for (size_t i = 0; i < kMaxStackFrames + 10; i++)
    pcs[i] = 0x9000 + i;
  uint32_t h = depot_put(pcs, kMaxStackFrames + 10);
  const uintptr_t *got;
  EXPECT_EQ(depot_get(h, &got), kMaxStackFrames);
}

TEST(StackDepot, ConcurrentPutsAgree) {
  // Threads storing the same stacks at once get the same handles.
  constexpr int kThreads = 4, kStacks = 200;
  std::vector<std::vector<uint32_t>> got(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; t++) {
    threads.emplace_back([t, &got] {
      for (uintptr_t i = 0; i < kStacks; i++) {
        uintptr_t pcs[3] = {0xabc000 + i, 0xdef000 + i, 0x123};
        got[t].push_back(depot_put(pcs, 3));
      }
    });
  }
  for (std::thread &th : threads)
    th.join();
  for (int t = 1; t < kThreads; t++)
    EXPECT_EQ(got[t], got[0]);
}

} // namespace
