// The quarantine: FIFO order, the byte bound, release callbacks, and the
// free hook's use of it.
#include <gtest/gtest.h>

#include <vector>

#include "kasan.h"
#include "test_platform.h"

using namespace kmemsan;

namespace {

class Quarantine : public ::testing::Test {
protected:
  void SetUp() override { testplat::reset(); }
  void TearDown() override { testplat::reset(); }

  kmemsan_object object(uintptr_t start, size_t size) {
    kmemsan_object o = {};
    o.kind = KMEMSAN_OBJECT_SLAB;
    o.start = start;
    o.size = size;
    return o;
  }
};

TEST_F(Quarantine, ReleasesOldestFirstToStayUnderTheLimit) {
  quarantine_set_limit(300);
  for (uintptr_t i = 0; i < 3; i++) {
    kmemsan_object o = object(0x1000 + i * 0x100, 100);
    ASSERT_TRUE(quarantine_put(&o));
  }
  EXPECT_TRUE(testplat::released.empty());
  EXPECT_EQ(quarantine_bytes(), 300u);
  kmemsan_object o = object(0x2000, 150);
  ASSERT_TRUE(quarantine_put(&o));
  // 450 bytes: the two oldest go, in order.
  ASSERT_EQ(testplat::released.size(), 2u);
  EXPECT_EQ(testplat::released[0].start, 0x1000u);
  EXPECT_EQ(testplat::released[1].start, 0x1100u);
  EXPECT_EQ(quarantine_bytes(), 250u);
  EXPECT_EQ(quarantine_count(), 2u);
  quarantine_drain();
  ASSERT_EQ(testplat::released.size(), 4u);
  EXPECT_EQ(testplat::released[2].start, 0x1200u);
  EXPECT_EQ(testplat::released[3].start, 0x2000u);
  EXPECT_EQ(quarantine_bytes(), 0u);
}

TEST_F(Quarantine, FifoAcrossManyBatches) {
  quarantine_set_limit(1UL << 30);
  const uintptr_t n = 1000; // several 4 KiB batches
  for (uintptr_t i = 0; i < n; i++) {
    kmemsan_object o = object(0x10000 + i * 16, 16);
    ASSERT_TRUE(quarantine_put(&o));
  }
  EXPECT_EQ(quarantine_count(), n);
  quarantine_set_limit(16 * 10);
  ASSERT_EQ(testplat::released.size(), n - 10);
  for (uintptr_t i = 0; i < n - 10; i++)
    ASSERT_EQ(testplat::released[i].start, 0x10000 + i * 16);
  quarantine_drain();
  ASSERT_EQ(testplat::released.size(), n);
  EXPECT_EQ(testplat::released.back().start, 0x10000 + (n - 1) * 16);
  // Batches are reused after draining.
  kmemsan_object o = object(0x9000, 8);
  EXPECT_TRUE(quarantine_put(&o));
  EXPECT_EQ(quarantine_count(), 1u);
}

// Entries are stored compactly (the kind of object once, then start and
// meta); what comes back must be the object that went in, field by field,
// for interleaved kinds and past the size of the kind table.
TEST_F(Quarantine, ReleasesExactlyWhatWasPut) {
  quarantine_set_limit(1UL << 30);
  static const char *const names[] = {"kmalloc-16", "kmalloc-64", "inode"};
  static kmemsan_object_meta metas[1200];
  std::vector<kmemsan_object> put;
  for (uintptr_t i = 0; i < 1200; i++) {
    kmemsan_object o = {};
    if (i % 3 == 2) { // pages of many sizes: more kinds than the table holds
      o.kind = KMEMSAN_OBJECT_PAGE;
      o.size = 4096 * (i / 3 + 1);
      o.page_order = static_cast<unsigned>(i % 7);
      o.owner = reinterpret_cast<void *>(0x7000);
    } else {
      o.kind = KMEMSAN_OBJECT_SLAB;
      o.size = 16 << (i % 3);
      o.cache_name = names[i % 3];
      o.owner = reinterpret_cast<void *>(0x5000 + 0x100 * (i % 3));
      o.footprint = o.size + 16;
    }
    o.start = 0x100000 + i * 0x10000;
    o.meta = &metas[i];
    ASSERT_TRUE(quarantine_put(&o));
    put.push_back(o);
  }
  EXPECT_EQ(quarantine_count(), put.size());
  quarantine_drain();
  ASSERT_EQ(testplat::released.size(), put.size());
  for (size_t i = 0; i < put.size(); i++) {
    const kmemsan_object &a = put[i], &b = testplat::released[i];
    EXPECT_EQ(a.kind, b.kind) << i;
    EXPECT_EQ(a.start, b.start) << i;
    EXPECT_EQ(a.size, b.size) << i;
    EXPECT_EQ(a.cache_name, b.cache_name) << i;
    EXPECT_EQ(a.page_order, b.page_order) << i;
    EXPECT_EQ(a.meta, b.meta) << i;
    EXPECT_EQ(a.owner, b.owner) << i;
    EXPECT_EQ(a.footprint, b.footprint) << i;
  }
  EXPECT_EQ(quarantine_bytes(), 0u);
}

TEST_F(Quarantine, OffOrTooBigMeansReleaseNow) {
  quarantine_set_limit(0);
  kmemsan_object o = object(0x1000, 8);
  EXPECT_FALSE(quarantine_put(&o));
  quarantine_set_limit(64);
  o.size = 128;
  EXPECT_FALSE(quarantine_put(&o));
}

TEST_F(Quarantine, FreeHookPoisonsAndQuarantines) {
  uintptr_t start = testplat::kArenaBase + 0x40000;
  testplat::FakeObject *f =
      testplat::add_object(KMEMSAN_OBJECT_SLAB, start, 32, "kmalloc-32");
  kmemsan_kasan_alloc(&f->obj, 20, 0);
  EXPECT_EQ(f->meta.requested, 20u);
  EXPECT_EQ(f->meta.allocated, 1);
  EXPECT_EQ(mem_to_shadow(start)[2], 4);
  EXPECT_EQ(mem_to_shadow(start)[3], KMEMSAN_SLAB_REDZONE);
  EXPECT_EQ(kmemsan_kasan_free(reinterpret_cast<void *>(start), 0),
            KMEMSAN_FREE_QUARANTINED);
  EXPECT_EQ(f->meta.allocated, 0);
  for (int i = 0; i < 4; i++)
    EXPECT_EQ(mem_to_shadow(start)[i], KMEMSAN_SLAB_FREE);
  EXPECT_EQ(quarantine_count(), 1u);
  quarantine_set_limit(0);
  ASSERT_EQ(testplat::released.size(), 1u);
  EXPECT_EQ(testplat::released[0].start, start);
  // With the quarantine off the allocator gets objects back at once.
  kmemsan_kasan_alloc(&f->obj, 20, 0);
  EXPECT_EQ(kmemsan_kasan_free(reinterpret_cast<void *>(start), 0),
            KMEMSAN_FREE_RELEASE);
  EXPECT_TRUE(testplat::output().empty());
}

TEST_F(Quarantine, PageAndVmallocPoisonValues) {
  uintptr_t page = testplat::kArenaBase + 0x50000;
  uintptr_t vm = testplat::kArenaBase + 0x60000;
  testplat::FakeObject *p =
      testplat::add_object(KMEMSAN_OBJECT_PAGE, page, 8192, nullptr, 1);
  testplat::FakeObject *v =
      testplat::add_object(KMEMSAN_OBJECT_VMALLOC, vm, 4096);
  kmemsan_kasan_alloc(&p->obj, 5000, 0);
  kmemsan_kasan_alloc(&v->obj, 100, 0);
  EXPECT_EQ(mem_to_shadow(page + 5000)[0], KMEMSAN_PAGE_REDZONE);
  EXPECT_EQ(mem_to_shadow(vm + 96)[0], 4);
  EXPECT_EQ(mem_to_shadow(vm + 104)[0], KMEMSAN_VMALLOC_INVALID);
  kmemsan_kasan_free(reinterpret_cast<void *>(page), 0);
  kmemsan_kasan_free(reinterpret_cast<void *>(vm), 0);
  EXPECT_EQ(mem_to_shadow(page)[0], KMEMSAN_PAGE_FREE);
  EXPECT_EQ(mem_to_shadow(page + 8184)[0], KMEMSAN_PAGE_FREE);
  EXPECT_EQ(mem_to_shadow(vm)[0], KMEMSAN_VMALLOC_INVALID);
}

} // namespace
