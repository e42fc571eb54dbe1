// Shadow encoding: poison/unpoison with partial granules, and the first bad
// address of ranges of every length and alignment against a byte-by-byte
// reference.
#include <gtest/gtest.h>

#include "kasan.h"
#include "test_platform.h"

using namespace kmemsan;

namespace {

class ShadowEncoding : public ::testing::Test {
protected:
  void SetUp() override { testplat::reset(); }
  uintptr_t base = testplat::kArenaBase + 0x10000;
};

TEST_F(ShadowEncoding, ShadowAddressIsShiftedPlusOffset) {
  EXPECT_EQ(reinterpret_cast<uintptr_t>(mem_to_shadow(base)),
            (base >> 3) + 0x7fff8000UL);
}

TEST_F(ShadowEncoding, UnpoisonEncodesPartialLastGranule) {
  kmemsan_kasan_poison(reinterpret_cast<void *>(base), 64,
                       KMEMSAN_SLAB_REDZONE);
  kmemsan_kasan_unpoison(reinterpret_cast<void *>(base), 19);
  const uint8_t *s = mem_to_shadow(base);
  EXPECT_EQ(s[0], 0);
  EXPECT_EQ(s[1], 0);
  EXPECT_EQ(s[2], 3);
  EXPECT_EQ(s[3], KMEMSAN_SLAB_REDZONE);
  EXPECT_EQ(s[7], KMEMSAN_SLAB_REDZONE);
  EXPECT_TRUE(byte_accessible(base + 18));
  EXPECT_FALSE(byte_accessible(base + 19));
}

TEST_F(ShadowEncoding, UnpoisonWholeGranulesLeavesNextAlone) {
  kmemsan_kasan_poison(reinterpret_cast<void *>(base), 32, KMEMSAN_PAGE_FREE);
  kmemsan_kasan_unpoison(reinterpret_cast<void *>(base), 16);
  const uint8_t *s = mem_to_shadow(base);
  EXPECT_EQ(s[1], 0);
  EXPECT_EQ(s[2], KMEMSAN_PAGE_FREE);
}

TEST_F(ShadowEncoding, PoisonRoundsToGranules) {
  kmemsan_kasan_poison(reinterpret_cast<void *>(base + 3), 6,
                       KMEMSAN_GLOBAL_REDZONE);
  const uint8_t *s = mem_to_shadow(base);
  EXPECT_EQ(s[0], KMEMSAN_GLOBAL_REDZONE);
  EXPECT_EQ(s[1], KMEMSAN_GLOBAL_REDZONE);
  EXPECT_EQ(s[2], 0);
}

TEST_F(ShadowEncoding, FirstBadAddressMatchesReference) {
  // 256 bytes with a varied pattern: accessible, partial, poisoned.
  uint8_t *s = mem_to_shadow(base);
  const uint8_t pattern[32] = {0, 0, 0, 5, 0, 0,    0,    0, 0xFC, 0, 0,
                               0, 0, 0, 0, 0, 0,    0,    0, 0,    0, 0,
                               0, 0, 1, 0, 7, 0xFB, 0xF9, 0, 0,    0};
  for (int i = 0; i < 32; i++)
    s[i] = pattern[i];
  for (uintptr_t start = base; start < base + 200; start++) {
    for (size_t size = 1; size <= 56 && start + size <= base + 256; size++) {
      uintptr_t expected = 0;
      bool expected_bad = false;
      for (uintptr_t a = start; a < start + size; a++) {
        if (!byte_accessible(a)) {
          expected = a;
          expected_bad = true;
          break;
        }
      }
      uintptr_t bad = 0;
      bool got = find_first_bad(start, size, &bad);
      ASSERT_EQ(got, expected_bad)
          << "start+" << start - base << " size " << size;
      if (got)
        ASSERT_EQ(bad, expected)
            << "start+" << start - base << " size " << size;
    }
  }
}

TEST_F(ShadowEncoding, LongRangeFindsLateBadGranule) {
  // A long clean run exercises the 8-shadow-bytes-at-a-time path.
  uint8_t *s = mem_to_shadow(base);
  s[100] = 2;
  uintptr_t bad;
  EXPECT_FALSE(find_first_bad(base, 800, &bad));
  EXPECT_TRUE(find_first_bad(base, 803, &bad));
  EXPECT_EQ(bad, base + 802);
  EXPECT_TRUE(find_first_bad(base + 1, 4000, &bad));
  EXPECT_EQ(bad, base + 802);
}

TEST_F(ShadowEncoding, ZeroSizeIsNeverBad) {
  mem_to_shadow(base)[0] = KMEMSAN_SLAB_REDZONE;
  uintptr_t bad;
  EXPECT_FALSE(find_first_bad(base, 0, &bad));
}

} // namespace
