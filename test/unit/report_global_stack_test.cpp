// Reports that describe a registered global and an instrumented stack
// frame, and the redzones __asan_register_globals and the alloca entries
// write.
#include <gtest/gtest.h>

#include "abi.h"
#include "kasan.h"
#include "test_platform.h"

using namespace kmemsan;

namespace {

constexpr uintptr_t kFunc = 0x404000;

class ReportGlobalStack : public ::testing::Test {
protected:
  void SetUp() override {
    testplat::reset();
    testplat::add_symbol("stack_oob", kFunc, 0x90, "stack_test.c", 5);
  }
};

TEST_F(ReportGlobalStack, GlobalRedzoneAndDescription) {
  uintptr_t beg = testplat::kArenaBase + 0x7000;
  static GlobalDesc descs[1];
  descs[0] = {beg, 10, 64, "global_array", "test.c", 0, nullptr, 0};
  __asan_register_globals(descs, 1);
  const uint8_t *s = mem_to_shadow(beg);
  EXPECT_EQ(s[0], 0);
  EXPECT_EQ(s[1], 2);
  for (int i = 2; i < 8; i++)
    EXPECT_EQ(s[i], KMEMSAN_GLOBAL_REDZONE) << i;
  EXPECT_TRUE(kmemsan_kasan_check_range(beg, 10, 0, kFunc));
  EXPECT_FALSE(kmemsan_kasan_check_range(beg + 13, 1, 0, kFunc + 4));
  std::string out = testplat::output();
  EXPECT_NE(
      out.find("BUG: KASAN: global-out-of-bounds in stack_oob+0x4/0x90\n"),
      std::string::npos)
      << out;
  EXPECT_NE(out.find("\n\nThe buggy address belongs to the variable:\n"
                     " global_array+0xd/0xa\n"
                     "The buggy address is located 3 bytes to the right of\n"
                     " global variable 'global_array' of size 10\n"
                     "\n"
                     "Memory state around the buggy address:\n"),
            std::string::npos)
      << out;
  __asan_unregister_globals(descs, 1);
  EXPECT_EQ(s[2], 0);
  GlobalDesc g;
  EXPECT_FALSE(find_global(beg + 13, &g));
}

class StackFrame : public ReportGlobalStack {
protected:
  // An instrumented frame as LLVM lays it out: magic, descriptor, pc in
  // the 32-byte left redzone, then the object and its right redzone.
  uintptr_t make_frame(const char *descr) {
    uintptr_t frame = testplat::kStackBase + 0x1000;
    uintptr_t *w = reinterpret_cast<uintptr_t *>(frame);
    w[0] = kStackFrameMagic;
    w[1] = reinterpret_cast<uintptr_t>(descr);
    w[2] = kFunc;
    kmemsan_kasan_poison(reinterpret_cast<void *>(frame), 32,
                         KMEMSAN_STACK_LEFT);
    kmemsan_kasan_unpoison(reinterpret_cast<void *>(frame + 32), 10);
    kmemsan_kasan_poison(reinterpret_cast<void *>(frame + 48), 16,
                         KMEMSAN_STACK_RIGHT);
    return frame;
  }
};

TEST_F(StackFrame, NamesTheFrameAndItsObjects) {
  uintptr_t frame = make_frame("1 32 10 11 stack_array:7");
  EXPECT_FALSE(kmemsan_kasan_check_range(frame + 42, 1, 0, kFunc + 0x20));
  std::string out = testplat::output();
  EXPECT_NE(
      out.find("BUG: KASAN: stack-out-of-bounds in stack_oob+0x20/0x90\n"),
      std::string::npos)
      << out;
  EXPECT_NE(
      out.find("\n\nThe buggy address belongs to stack of task test-task/42\n"
               " and is located at offset 42 in frame:\n"
               " stack_oob+0x0/0x90\n"
               "\n"
               "This frame has 1 object:\n"
               " [32, 42) 'stack_array'\n"
               "\n"
               "Memory state around the buggy address:\n"),
      std::string::npos)
      << out;
}

TEST_F(StackFrame, TwoObjects) {
  uintptr_t frame = make_frame("2 32 10 1 a 64 8 3 buf");
  EXPECT_FALSE(kmemsan_kasan_check_range(frame + 48, 4, 1, kFunc));
  std::string out = testplat::output();
  EXPECT_NE(
      out.find("This frame has 2 objects:\n [32, 42) 'a'\n [64, 72) 'buf'\n"),
      std::string::npos)
      << out;
}

TEST_F(StackFrame, GarbageDescriptorsNeverCrash) {
  const char *bad[] = {"",
                       "zz",
                       "5",
                       "1 32",
                       "1 32 10 999 x",
                       "3 1 2 3",
                       "99999999999999999999999 1"};
  for (const char *d : bad) {
    testplat::output().clear();
    uintptr_t frame = make_frame(d);
    EXPECT_FALSE(kmemsan_kasan_check_range(frame + 42, 1, 0, kFunc));
    EXPECT_NE(testplat::output().find(" and is located at offset 42 in frame:"),
              std::string::npos)
        << d;
  }
}

TEST_F(StackFrame, NoFrameFound) {
  uintptr_t addr = testplat::kStackBase + 0x2000;
  kmemsan_kasan_poison(reinterpret_cast<void *>(addr), 8, KMEMSAN_STACK_MID);
  EXPECT_FALSE(kmemsan_kasan_check_range(addr, 1, 0, kFunc));
  std::string out = testplat::output();
  EXPECT_NE(
      out.find("The buggy address belongs to stack of task test-task/42\n\n"),
      std::string::npos)
      << out;
  EXPECT_EQ(out.find("in frame"), std::string::npos);
}

TEST_F(ReportGlobalStack, AllocaRedzones) {
  uintptr_t addr = testplat::kStackBase + 0x3000;
  __asan_alloca_poison(addr, 10);
  const uint8_t *s = mem_to_shadow(addr - 32);
  for (int i = 0; i < 4; i++)
    EXPECT_EQ(s[i], KMEMSAN_ALLOCA_LEFT);
  EXPECT_EQ(s[4], 0);
  EXPECT_EQ(s[5], 2);
  for (int i = 6; i < 12; i++)
    EXPECT_EQ(s[i], KMEMSAN_ALLOCA_RIGHT) << i;
  EXPECT_EQ(s[12], 0);
  EXPECT_FALSE(kmemsan_kasan_check_range(addr + 10, 1, 1, kFunc));
  EXPECT_NE(testplat::output().find("BUG: KASAN: alloca-out-of-bounds in"),
            std::string::npos);
  __asan_allocas_unpoison(reinterpret_cast<void *>(addr - 32),
                          reinterpret_cast<void *>(addr + 64));
  for (int i = 0; i < 12; i++)
    EXPECT_EQ(s[i], 0) << i;
}

} // namespace
