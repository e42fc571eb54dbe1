// When reports are printed: entry points, the precise re-check behind the
// report entries, one-shot, report_limit, halt_on_error, the abort flavour,
// the reentrancy guard, and addresses without shadow.
#include <gtest/gtest.h>

#include <csetjmp>

#include "abi.h"
#include "kasan.h"
#include "options.h"
#include "test_platform.h"

using namespace kmemsan;

namespace {

class ReportPolicy : public ::testing::Test {
protected:
  void SetUp() override {
    testplat::reset();
    bad = testplat::kArenaBase + 0xA000;
    kmemsan_kasan_poison(reinterpret_cast<void *>(bad), 64,
                         KMEMSAN_SLAB_REDZONE);
  }
  void TearDown() override { testplat::reset(); }
  size_t count(const char *needle) {
    size_t n = 0;
    const std::string &out = testplat::output();
    for (size_t pos = out.find(needle); pos != std::string::npos;
         pos = out.find(needle, pos + 1))
      n++;
    return n;
  }
  uintptr_t bad;
};

TEST_F(ReportPolicy, EntryPointsReportOnlyBadAccesses) {
  uintptr_t good = testplat::kArenaBase + 0xB000;
  __asan_load1_noabort(good);
  __asan_store8_noabort(good);
  __asan_loadN_noabort(good, 100);
  __asan_load16_noabort(good + 3);
  EXPECT_TRUE(testplat::output().empty());
  __asan_load4_noabort(bad + 4);
  EXPECT_NE(testplat::output().find("Read of size 4 at addr 000010000000a004"),
            std::string::npos)
      << testplat::output();
  __asan_storeN_noabort(bad - 8, 12);
  EXPECT_NE(
      testplat::output().find("Write of size 12 at addr 0000100000009ff8"),
      std::string::npos);
  EXPECT_EQ(count("BUG: KASAN: slab-out-of-bounds"), 2u);
}

TEST_F(ReportPolicy, ReportEntriesRecheckPrecisely) {
  uintptr_t good = testplat::kArenaBase + 0xB000;
  __asan_report_load8_noabort(good);
  __asan_report_store_n_noabort(good, 64);
  EXPECT_TRUE(testplat::output().empty());
  __asan_report_store2_noabort(bad);
  EXPECT_EQ(count("BUG: KASAN:"), 1u);
}

TEST_F(ReportPolicy, MultiShotIsTheDefault) {
  for (int i = 0; i < 3; i++)
    __asan_load1_noabort(bad);
  EXPECT_EQ(count("BUG: KASAN:"), 3u);
  EXPECT_EQ(testplat::reports_done.size(), 3u);
}

TEST_F(ReportPolicy, OneShot) {
  ASSERT_TRUE(options_parse("multi_shot=0"));
  for (int i = 0; i < 3; i++)
    __asan_load1_noabort(bad);
  EXPECT_EQ(count("BUG: KASAN:"), 1u);
}

TEST_F(ReportPolicy, ReportLimit) {
  ASSERT_TRUE(options_parse("report_limit=2"));
  for (int i = 0; i < 5; i++)
    __asan_load1_noabort(bad);
  EXPECT_EQ(count("BUG: KASAN:"), 2u);
}

TEST_F(ReportPolicy, HaltOnErrorHaltsAfterTheReport) {
  ASSERT_TRUE(options_parse("halt_on_error=1"));
  std::jmp_buf jb;
  testplat::halt_target = &jb;
  if (setjmp(jb) == 0) {
    __asan_store1_noabort(bad);
    FAIL() << "no halt";
  }
  EXPECT_EQ(testplat::halt_calls, 1);
  EXPECT_EQ(
      testplat::output_lines().back(),
      "==================================================================");
  // The report lock was released before halting.
  testplat::halt_target = nullptr;
  ASSERT_TRUE(options_parse("halt_on_error=0"));
  __asan_store1_noabort(bad);
  EXPECT_EQ(count("BUG: KASAN:"), 2u);
}

TEST_F(ReportPolicy, AbortFlavourHalts) {
  std::jmp_buf jb;
  testplat::halt_target = &jb;
  if (setjmp(jb) == 0) {
    __asan_load8(bad);
    FAIL() << "no halt";
  }
  EXPECT_EQ(testplat::halt_calls, 1);
  EXPECT_EQ(count("BUG: KASAN: slab-out-of-bounds"), 1u);
  uintptr_t good = testplat::kArenaBase + 0xB000;
  __asan_load8(good); // and no halt for a good access
}

// Inside the runtime (or a kasan_disable_current() section) a bad access
// is not reported, and the check lets it go on, as Linux's kasan_report()
// callers do: the kernel's text_poke() copies through a mapping that has
// no shadow with KASan disabled, and the copy must happen.
TEST_F(ReportPolicy, NothingReportedInsideTheRuntime) {
  ASSERT_TRUE(kmemsan_platform_enter());
  EXPECT_TRUE(kmemsan_kasan_check_range(bad, 1, 0, 0));
  __asan_load1_noabort(0);
  kmemsan_platform_leave();
  EXPECT_TRUE(testplat::output().empty());
}

TEST_F(ReportPolicy, NullPointerDereference) {
  __asan_load8_noabort(0x10);
  std::vector<std::string> lines = testplat::output_lines();
  ASSERT_GE(lines.size(), 6u) << testplat::output();
  EXPECT_EQ(lines[1].substr(0, 32), "BUG: KASAN: null-ptr-deref in 0x");
  EXPECT_EQ(lines[2],
            "Read of size 8 at addr 0000000000000010 by task test-task/42");
  EXPECT_EQ(lines[3], "");
  EXPECT_EQ(lines[4], "Call Trace:");
  EXPECT_EQ(testplat::reports_done.back(), "null-ptr-deref");
  EXPECT_EQ(testplat::output().find("Memory state"), std::string::npos);
}

TEST_F(ReportPolicy, WildAccess) {
  EXPECT_FALSE(kmemsan_kasan_check_range(0xdead000000000000UL, 4, 1, 0));
  EXPECT_NE(testplat::output().find("BUG: KASAN: wild-memory-access in"),
            std::string::npos);
  EXPECT_NE(testplat::output().find("Write of size 4 at addr dead000000000000"),
            std::string::npos);
}

TEST_F(ReportPolicy, NegativeSizeWrapsAround) {
  uintptr_t good = testplat::kArenaBase + 0xB000;
  EXPECT_FALSE(kmemsan_kasan_check_range(good, static_cast<size_t>(-2), 0, 0));
  EXPECT_NE(testplat::output().find(
                "BUG: KASAN: out-of-bounds in 0x0\n"
                "Read of size 18446744073709551614 at addr 000010000000b000"),
            std::string::npos)
      << testplat::output();
}

TEST_F(ReportPolicy, CheckByte) {
  EXPECT_TRUE(kmemsan_kasan_check_byte(reinterpret_cast<void *>(bad - 1), 0));
  EXPECT_FALSE(kmemsan_kasan_check_byte(reinterpret_cast<void *>(bad), 0));
  EXPECT_NE(testplat::output().find("Read of size 1 at addr 000010000000a000"),
            std::string::npos);
}

TEST_F(ReportPolicy, SymbolizeOffDropsFileAndLine) {
  testplat::add_symbol("caller", 0x405000, 0x100, "caller.c", 3);
  testplat::set_unwind({0x405010});
  __asan_load1_noabort(bad);
  EXPECT_NE(testplat::output().find("\n caller+0x10/0x100 (caller.c:3)\n"),
            std::string::npos);
  testplat::output().clear();
  ASSERT_TRUE(options_parse("symbolize=0"));
  __asan_load1_noabort(bad);
  EXPECT_NE(testplat::output().find("\n caller+0x10/0x100\n"), std::string::npos)
      << testplat::output();
}

TEST_F(ReportPolicy, StackDepthLimitsFrames) {
  ASSERT_TRUE(options_parse("stack_depth=2"));
  testplat::set_unwind({0x10, 0x20, 0x30, 0x40});
  EXPECT_FALSE(kmemsan_kasan_check_range(bad, 1, 0, 0x20));
  EXPECT_NE(testplat::output().find("Call Trace:\n 0x20\n 0x30\n\n"),
            std::string::npos)
      << testplat::output();
}

} // namespace
