// Reports for bad frees: double-free, invalid-free inside an object, and
// invalid-free of memory no allocator knows.
#include <gtest/gtest.h>

#include "kasan.h"
#include "test_platform.h"

using namespace kmemsan;

namespace {

constexpr uintptr_t kFunc = 0x403000;

class ReportFree : public ::testing::Test {
protected:
  void SetUp() override {
    testplat::reset();
    testplat::add_symbol("kfree_twice", kFunc, 0x200, "free_test.c", 7);
    start = testplat::kArenaBase + 0x5000;
    kmemsan_kasan_poison(reinterpret_cast<void *>(start - 0x200), 0x400,
                         KMEMSAN_SLAB_REDZONE);
    f = testplat::add_object(KMEMSAN_OBJECT_SLAB, start, 16, "kmalloc-16");
    testplat::set_unwind({kFunc + 0x10});
    kmemsan_kasan_alloc(&f->obj, 16, kFunc + 0x10);
  }
  uintptr_t start;
  testplat::FakeObject *f;
};

TEST_F(ReportFree, DoubleFree) {
  testplat::set_unwind({kFunc + 0x20});
  EXPECT_EQ(kmemsan_kasan_free(reinterpret_cast<void *>(start), kFunc + 0x20),
            KMEMSAN_FREE_QUARANTINED);
  EXPECT_TRUE(testplat::output().empty());
  testplat::set_unwind({kFunc + 0x30});
  EXPECT_EQ(kmemsan_kasan_free(reinterpret_cast<void *>(start), kFunc + 0x30),
            KMEMSAN_FREE_REJECTED);
  std::vector<std::string> lines = testplat::output_lines();
  ASSERT_GE(lines.size(), 22u) << testplat::output();
  EXPECT_EQ(
      lines[0],
      "==================================================================");
  EXPECT_EQ(lines[1], "BUG: KASAN: double-free in kfree_twice+0x30/0x200");
  EXPECT_EQ(lines[2], "Free of addr 0000100000005000 by task test-task/42");
  EXPECT_EQ(lines[3], "");
  EXPECT_EQ(lines[4], "Call Trace:");
  EXPECT_EQ(lines[5], " kfree_twice+0x30/0x200 (free_test.c:7)");
  EXPECT_EQ(lines[6], "");
  EXPECT_EQ(lines[7], "Allocated by task 42:");
  EXPECT_EQ(lines[8], " kfree_twice+0x10/0x200 (free_test.c:7)");
  EXPECT_EQ(lines[10], "Freed by task 42:");
  EXPECT_EQ(lines[11], " kfree_twice+0x20/0x200 (free_test.c:7)");
  EXPECT_EQ(lines[13],
            "The buggy address belongs to the object at 0000100000005000");
  EXPECT_EQ(lines[14], " which belongs to the cache kmalloc-16 of size 16");
  EXPECT_EQ(lines[15], "The buggy address is located 0 bytes inside of");
  EXPECT_EQ(lines[16],
            " freed 16-byte region [0000100000005000, 0000100000005010)");
  EXPECT_EQ(lines[17], "");
  EXPECT_EQ(lines[18], "Memory state around the buggy address:");
  EXPECT_EQ(lines[21].substr(0, 36), ">0000100000005000: fb fb fc fc fc fc");
  EXPECT_EQ(lines[22], std::string(19, ' ') + "^");
  EXPECT_EQ(
      lines.back(),
      "==================================================================");
  EXPECT_EQ(testplat::reports_done.back(), "double-free");
}

TEST_F(ReportFree, InvalidFreeInsideObject) {
  EXPECT_EQ(
      kmemsan_kasan_free(reinterpret_cast<void *>(start + 8), kFunc + 0x40),
      KMEMSAN_FREE_REJECTED);
  std::string out = testplat::output();
  EXPECT_NE(out.find("BUG: KASAN: invalid-free in kfree_twice+0x40/0x200\n"
                     "Free of addr 0000100000005008 by task test-task/42\n"),
            std::string::npos)
      << out;
  EXPECT_NE(
      out.find(
          "The buggy address is located 8 bytes inside of\n"
          " allocated 16-byte region [0000100000005000, 0000100000005010)\n"),
      std::string::npos)
      << out;
  EXPECT_EQ(out.find("Freed by task"), std::string::npos);
  // Still allocated: a later good free works.
  EXPECT_EQ(f->meta.allocated, 1);
  EXPECT_EQ(testplat::reports_done.back(), "invalid-free");
}

TEST_F(ReportFree, InvalidFreeOfUnknownMemory) {
  uintptr_t stray = testplat::kArenaBase + 0x900000;
  EXPECT_EQ(kmemsan_kasan_free(reinterpret_cast<void *>(stray), kFunc),
            KMEMSAN_FREE_REJECTED);
  std::string out = testplat::output();
  EXPECT_NE(out.find("BUG: KASAN: invalid-free in kfree_twice+0x0/0x200\n"),
            std::string::npos)
      << out;
  EXPECT_EQ(out.find("The buggy address belongs"), std::string::npos);
  EXPECT_NE(out.find("Memory state around the buggy address:"),
            std::string::npos);
}

} // namespace
