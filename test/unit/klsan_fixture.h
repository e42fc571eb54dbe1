// What the KLSan unit tests share: KLSan turned on over the test platform,
// objects allocated and freed the way a platform's allocator does it, and
// instrumented stores written out as the pass would emit them.
#ifndef KMEMSAN_KLSAN_FIXTURE_H
#define KMEMSAN_KLSAN_FIXTURE_H

#include <gtest/gtest.h>

#include <cstring>

#include "abi.h"
#include "klsan.h"
#include "options.h"
#include "test_platform.h"

namespace klsantest {

// Fake code: one symbol per function a report may name.
constexpr uintptr_t kAllocFn = 0x501000; // make_thing
constexpr uintptr_t kDropFn = 0x502000;  // replace_buffer
constexpr uintptr_t kMainFn = 0x503000;  // main
// Heap objects, a fake global area (a root) and plain memory (no root).
constexpr uintptr_t kHeap = testplat::kArenaBase + (4UL << 20);
constexpr uintptr_t kGlobals = testplat::kArenaBase + (48UL << 20);
constexpr uintptr_t kPlain = testplat::kArenaBase + (56UL << 20);

class KlsanTest : public ::testing::Test {
protected:
  void SetUp() override {
    testplat::reset();
    testplat::set_options(options());
    kmemsan::options_init();
    kmemsan::klsan_reset_for_testing();
    ASSERT_TRUE(kmemsan_klsan_enabled());
    testplat::add_symbol("make_thing", kAllocFn, 0x90, "thing.c", 40);
    testplat::add_symbol("replace_buffer", kDropFn, 0x90, "driver.c", 42);
    testplat::add_symbol("main", kMainFn, 0x60, "driver.c", 80);
    std::memset(reinterpret_cast<void *>(kGlobals), 0, 4096);
    std::memset(reinterpret_cast<void *>(kPlain), 0, 4096);
    next_ = kHeap;
  }
  void TearDown() override { testplat::reset(); }

  virtual const char *options() { return "klsan=1:klsan_confirm_every=1:klsan_confirm_ratio=0"; }

  // An allocation of SIZE bytes from a kmalloc-like cache, made at kAllocFn.
  uintptr_t alloc(size_t size, uintptr_t ip = kAllocFn + 0x1e) {
    size_t slot = size <= 64 ? 64 : (size + 63) & ~size_t{63};
    uintptr_t start = next_;
    next_ += slot + 64;
    std::memset(reinterpret_cast<void *>(start), 0, slot);
    const char *cache = slot == 64 ? "kmalloc-64" : "kmalloc-big";
    testplat::FakeObject *f =
        testplat::add_object(KMEMSAN_OBJECT_SLAB, start, slot, cache);
    testplat::set_unwind({ip, kMainFn + 0x20});
    kmemsan_kasan_alloc(&f->obj, size, ip);
    kmemsan_klsan_alloc(&f->obj, size, ip);
    return start;
  }

  // A second object at START (the address reused after a free).
  uintptr_t alloc_at(uintptr_t start, size_t size) {
    testplat::FakeObject *f =
        testplat::add_object(KMEMSAN_OBJECT_SLAB, start, 64, "kmalloc-64");
    testplat::set_unwind({kAllocFn + 0x1e, kMainFn + 0x20});
    kmemsan_kasan_alloc(&f->obj, size, kAllocFn + 0x1e);
    kmemsan_klsan_alloc(&f->obj, size, kAllocFn + 0x1e);
    return start;
  }

  void free_object(uintptr_t start, uintptr_t ip = kDropFn + 0x50) {
    kmemsan_object obj;
    ASSERT_TRUE(kmemsan_platform_find_live_object(start, &obj));
    testplat::set_unwind({ip, kMainFn + 0x30});
    kmemsan_klsan_free(&obj, ip);
    kmemsan_kasan_free(reinterpret_cast<void *>(start), ip);
  }

  // An instrumented pointer store: the store, then the hook.
  static void store(uintptr_t addr, uintptr_t value) {
    *reinterpret_cast<uintptr_t *>(addr) = value;
    __kmemsan_klsan_store(reinterpret_cast<void *>(addr), value);
  }

  static kmemsan::LeakRecord *record(uintptr_t start) {
    kmemsan_object obj;
    if (!kmemsan_platform_find_live_object(start, &obj) ||
        !obj.meta->klsan_record)
      return nullptr;
    return kmemsan::record_at(obj.meta->klsan_record);
  }

  static int64_t count(uintptr_t start) {
    kmemsan::LeakRecord *r = record(start);
    return r ? kmemsan::record_count(r) : -1;
  }

  static bool listed(uintptr_t start) {
    kmemsan::LeakRecord *r = record(start);
    return r && (kmemsan::record_flags(r) & kmemsan::kRecordInList);
  }

  // Runs a confirmation, as a safe point does when one is due (the pacing
  // has its own tests: KlsanPacing).
  static void safepoint() { kmemsan_klsan_confirm_now(); }

  static size_t count_of(const std::string &hay, const std::string &needle) {
    size_t n = 0;
    for (size_t p = hay.find(needle); p != std::string::npos;
         p = hay.find(needle, p + 1))
      n++;
    return n;
  }

  uintptr_t next_ = kHeap;
};

} // namespace klsantest

#endif // KMEMSAN_KLSAN_FIXTURE_H
