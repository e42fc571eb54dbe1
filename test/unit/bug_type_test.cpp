// Bug types: one for each shadow value, partial granules looking at the
// next granule, and the addresses without shadow.
#include <gtest/gtest.h>

#include "kasan.h"
#include "test_platform.h"

using namespace kmemsan;

namespace {

class BugType : public ::testing::Test {
protected:
  void SetUp() override { testplat::reset(); }
  uintptr_t base = testplat::kArenaBase + 0x20000;
  const char *type_of(uint8_t value) {
    mem_to_shadow(base)[0] = value;
    return shadow_bug_type(base);
  }
};

TEST_F(BugType, EachMagicValue) {
  EXPECT_STREQ(type_of(KMEMSAN_SLAB_REDZONE), "slab-out-of-bounds");
  EXPECT_STREQ(type_of(KMEMSAN_PAGE_REDZONE), "slab-out-of-bounds");
  EXPECT_STREQ(type_of(KMEMSAN_SLAB_FREE), "slab-use-after-free");
  EXPECT_STREQ(type_of(KMEMSAN_SLAB_FREETRACK), "slab-use-after-free");
  EXPECT_STREQ(type_of(KMEMSAN_PAGE_FREE), "use-after-free");
  EXPECT_STREQ(type_of(KMEMSAN_GLOBAL_REDZONE), "global-out-of-bounds");
  EXPECT_STREQ(type_of(KMEMSAN_STACK_LEFT), "stack-out-of-bounds");
  EXPECT_STREQ(type_of(KMEMSAN_STACK_MID), "stack-out-of-bounds");
  EXPECT_STREQ(type_of(KMEMSAN_STACK_RIGHT), "stack-out-of-bounds");
  EXPECT_STREQ(type_of(KMEMSAN_ALLOCA_LEFT), "alloca-out-of-bounds");
  EXPECT_STREQ(type_of(KMEMSAN_ALLOCA_RIGHT), "alloca-out-of-bounds");
  EXPECT_STREQ(type_of(KMEMSAN_VMALLOC_INVALID), "vmalloc-out-of-bounds");
  EXPECT_STREQ(type_of(0xE0), "out-of-bounds");
}

TEST_F(BugType, PartialGranuleUsesNextGranule) {
  uint8_t *s = mem_to_shadow(base);
  s[0] = 3;
  s[1] = KMEMSAN_SLAB_FREE;
  EXPECT_STREQ(shadow_bug_type(base + 3), "slab-use-after-free");
  s[1] = KMEMSAN_GLOBAL_REDZONE;
  EXPECT_STREQ(shadow_bug_type(base + 5), "global-out-of-bounds");
  s[1] = 0;
  EXPECT_STREQ(shadow_bug_type(base + 5), "out-of-bounds");
}

TEST_F(BugType, AddressesWithoutShadow) {
  EXPECT_STREQ(access_bug_type(0, 8, 0), "null-ptr-deref");
  EXPECT_STREQ(access_bug_type(4095, 1, 4095), "null-ptr-deref");
  EXPECT_STREQ(access_bug_type(4096, 1, 4096), "wild-memory-access");
  EXPECT_STREQ(access_bug_type(0xdead000000000000UL, 1, 0xdead000000000000UL),
               "wild-memory-access");
}

TEST_F(BugType, WrappingRangeIsOutOfBounds) {
  EXPECT_STREQ(access_bug_type(base, static_cast<size_t>(-2), base),
               "out-of-bounds");
}

} // namespace
