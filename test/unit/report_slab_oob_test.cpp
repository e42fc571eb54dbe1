// The report for a synthetic slab out-of-bounds write, checked line by line
// against the format in DESIGN.md.
#include <gtest/gtest.h>

#include "kasan.h"
#include "test_platform.h"

using namespace kmemsan;

namespace {

constexpr uintptr_t kTestFunc = 0x401000; // kmalloc_oob_right, 0x1a0 bytes
constexpr uintptr_t kRunCase = 0x402000;  // kunit_try_run_case, 0x80 bytes
constexpr uintptr_t kRuntimePc = 0x7000;  // a runtime frame: trimmed away

std::string fc_row() {
  std::string s;
  for (int i = 0; i < 16; i++)
    s += " fc";
  return s;
}

TEST(ReportSlabOutOfBounds, MatchesTheDesignFormat) {
  testplat::reset();
  testplat::add_symbol("kmalloc_oob_right", kTestFunc, 0x1a0, "kasan_test.c",
                       12);
  testplat::add_symbol("kunit_try_run_case", kRunCase, 0x80, "kunit.c", 40);
  uintptr_t start = testplat::kArenaBase + 0x1000;
  // Neighbouring slots and redzones, as a slab page would look.
  kmemsan_kasan_poison(reinterpret_cast<void *>(start - 0x200), 0x400,
                       KMEMSAN_SLAB_REDZONE);
  testplat::FakeObject *f =
      testplat::add_object(KMEMSAN_OBJECT_SLAB, start, 128, "kmalloc-128");
  testplat::set_unwind({kRuntimePc, kTestFunc + 0x20, kRunCase + 0x10});
  kmemsan_kasan_alloc(&f->obj, 115, kTestFunc + 0x20);

  testplat::set_unwind(
      {kRuntimePc, kRuntimePc + 8, kTestFunc + 0x6c, kRunCase + 0x10});
  EXPECT_FALSE(kmemsan_kasan_check_range(start + 115, 1, 1, kTestFunc + 0x6c));

  std::vector<std::string> expected = {
      "==================================================================",
      "BUG: KASAN: slab-out-of-bounds in kmalloc_oob_right+0x6c/0x1a0",
      "Write of size 1 at addr 0000100000001073 by task test-task/42",
      "",
      "Call Trace:",
      " kmalloc_oob_right+0x6c/0x1a0 (kasan_test.c:12)",
      " kunit_try_run_case+0x10/0x80 (kunit.c:40)",
      "",
      "Allocated by task 42:",
      " kmalloc_oob_right+0x20/0x1a0 (kasan_test.c:12)",
      " kunit_try_run_case+0x10/0x80 (kunit.c:40)",
      "",
      "The buggy address belongs to the object at 0000100000001000",
      " which belongs to the cache kmalloc-128 of size 128",
      "The buggy address is located 0 bytes to the right of",
      " allocated 115-byte region [0000100000001000, 0000100000001073)",
      "",
      "Memory state around the buggy address:",
      " 0000100000000f00:" + fc_row(),
      " 0000100000000f80:" + fc_row(),
      ">0000100000001000: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 03 fc",
      "                                                             ^",
      " 0000100000001080:" + fc_row(),
      " 0000100000001100:" + fc_row(),
      "==================================================================",
  };
  std::vector<std::string> lines = testplat::output_lines();
  ASSERT_EQ(lines.size(), expected.size()) << testplat::output();
  for (size_t i = 0; i < expected.size(); i++)
    EXPECT_EQ(lines[i], expected[i]) << "line " << i;
  ASSERT_EQ(testplat::reports_done.size(), 1u);
  EXPECT_EQ(testplat::reports_done[0], "slab-out-of-bounds");
}

TEST(ReportSlabOutOfBounds, UseAfterFreeNamesFreedRegionAndBothStacks) {
  testplat::reset();
  testplat::add_symbol("kmalloc_uaf", kTestFunc, 0x100, "kasan_test.c", 30);
  uintptr_t start = testplat::kArenaBase + 0x3000;
  kmemsan_kasan_poison(reinterpret_cast<void *>(start - 0x200), 0x400,
                       KMEMSAN_SLAB_REDZONE);
  testplat::FakeObject *f =
      testplat::add_object(KMEMSAN_OBJECT_SLAB, start, 16, "kmalloc-16");
  testplat::set_unwind({kRuntimePc, kTestFunc + 0x10});
  kmemsan_kasan_alloc(&f->obj, 10, kTestFunc + 0x10);
  testplat::set_unwind({kRuntimePc, kTestFunc + 0x20});
  kmemsan_kasan_free(reinterpret_cast<void *>(start), kTestFunc + 0x20);
  testplat::set_unwind({kRuntimePc, kTestFunc + 0x30});
  EXPECT_FALSE(kmemsan_kasan_check_range(start + 8, 1, 0, kTestFunc + 0x30));
  std::vector<std::string> lines = testplat::output_lines();
  ASSERT_GE(lines.size(), 20u) << testplat::output();
  EXPECT_EQ(lines[1],
            "BUG: KASAN: slab-use-after-free in kmalloc_uaf+0x30/0x100");
  EXPECT_EQ(lines[2],
            "Read of size 1 at addr 0000100000003008 by task test-task/42");
  EXPECT_EQ(lines[7], "Allocated by task 42:");
  EXPECT_EQ(lines[8], " kmalloc_uaf+0x10/0x100 (kasan_test.c:30)");
  EXPECT_EQ(lines[10], "Freed by task 42:");
  EXPECT_EQ(lines[11], " kmalloc_uaf+0x20/0x100 (kasan_test.c:30)");
  EXPECT_EQ(lines[15], "The buggy address is located 8 bytes inside of");
  EXPECT_EQ(lines[16],
            " freed 10-byte region [0000100000003000, 000010000000300a)");
}

TEST(ReportSlabOutOfBounds, LeftOfObjectAndPageObject) {
  testplat::reset();
  uintptr_t start = testplat::kArenaBase + 0x8000;
  kmemsan_kasan_poison(reinterpret_cast<void *>(start - 0x100), 0x100,
                       KMEMSAN_PAGE_REDZONE);
  testplat::FakeObject *f =
      testplat::add_object(KMEMSAN_OBJECT_PAGE, start, 8192, nullptr, 1);
  kmemsan_kasan_alloc(&f->obj, 5000, 0);
  EXPECT_FALSE(kmemsan_kasan_check_range(start - 3, 2, 0, 0x1234));
  std::string out = testplat::output();
  EXPECT_NE(out.find("BUG: KASAN: slab-out-of-bounds in 0x1234\n"),
            std::string::npos)
      << out;
  EXPECT_NE(
      out.find(
          "The buggy address belongs to the physical page:\n"
          " page at 0000100000008000 order 1\n"
          "The buggy address is located 3 bytes to the left of\n"
          " allocated 5000-byte region [0000100000008000, 0000100000009388)\n"),
      std::string::npos)
      << out;
}

} // namespace
