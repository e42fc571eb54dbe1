// KLSan counts stay exact when threads store into different words at once:
// four threads re-point their own word of one shared holder thousands of
// times between two objects.
#include "klsan_fixture.h"

#include <thread>
#include <vector>

using namespace kmemsan;
using namespace klsantest;

namespace {

class KlsanConcurrency : public KlsanTest {};

TEST_F(KlsanConcurrency, DistinctWordsOfOneHolder) {
  constexpr int kThreads = 4;
  constexpr int kRounds = 20000;
  uintptr_t holder = alloc(64);
  uintptr_t b = alloc(32);
  uintptr_t c = alloc(32);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; t++) {
    threads.emplace_back([=] {
      uintptr_t word = holder + 8 * t;
      for (int i = 0; i < kRounds; i++)
        store(word, (i & 1) ? c : b + 8);
      store(word, b);
    });
  }
  for (std::thread &t : threads)
    t.join();
  EXPECT_EQ(count(b), kThreads);
  EXPECT_EQ(count(c), 0);
  for (int t = 0; t < kThreads; t++) {
    uintptr_t word = holder + 8 * t;
    *reinterpret_cast<uintptr_t *>(word) = 0;
    __kmemsan_klsan_store(reinterpret_cast<void *>(word), 0);
  }
  EXPECT_EQ(count(b), 0);
}

} // namespace
