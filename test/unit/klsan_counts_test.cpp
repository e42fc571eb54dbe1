// KLSan counting: how each event moves tags and counts. A store re-points a
// word, a self reference does not count, copies move tags (memmove in both
// directions), memset and partial overwrites clear them, freeing a holder
// and leaving a scope drop what they held, and a stale tag (its object was
// freed, the address reused) counts nothing.
#include "klsan_fixture.h"

using namespace kmemsan;
using namespace klsantest;

namespace {

class KlsanCounts : public KlsanTest {};

TEST_F(KlsanCounts, StoreAndOverwrite) {
  uintptr_t holder = alloc(64);
  uintptr_t child = alloc(32);
  EXPECT_EQ(count(child), 0);
  store(holder + 8, child);
  EXPECT_EQ(count(child), 1);
  store(holder + 8, child); // the same reference again
  EXPECT_EQ(count(child), 1);
  store(holder + 16, child + 20 + 1); // interior, with a flag bit
  EXPECT_EQ(count(child), 2);
  store(holder + 24, child + 32); // one past the end: not a reference
  EXPECT_EQ(count(child), 2);
  store(holder + 8, 0);
  EXPECT_EQ(count(child), 1);
  store(holder + 16, 12345);
  EXPECT_EQ(count(child), 0);
  EXPECT_EQ(count(holder), 0);
}

TEST_F(KlsanCounts, SelfReferenceDoesNotCount) {
  uintptr_t node = alloc(64);
  store(node + 8, node + 8); // INIT_LIST_HEAD
  store(node + 16, node + 8);
  EXPECT_EQ(count(node), 0);
  store(kGlobals, node);
  EXPECT_EQ(count(node), 1);
}

TEST_F(KlsanCounts, MisalignedStoreClobbers) {
  uintptr_t holder = alloc(64);
  uintptr_t child = alloc(32);
  store(holder + 8, child);
  __kmemsan_klsan_store(reinterpret_cast<void *>(holder + 12), child);
  EXPECT_EQ(count(child), 0);
}

TEST_F(KlsanCounts, CopyMovesTags) {
  uintptr_t a = alloc(64);
  uintptr_t c = alloc(64);
  uintptr_t child = alloc(32);
  store(a + 8, child);
  std::memcpy(reinterpret_cast<void *>(c), reinterpret_cast<void *>(a), 64);
  __kmemsan_klsan_copy(reinterpret_cast<void *>(c), reinterpret_cast<void *>(a),
                       64);
  EXPECT_EQ(count(child), 2);
  // Copying a reference into the object it points to makes a self
  // reference, which does not count.
  __kmemsan_klsan_copy(reinterpret_cast<void *>(child),
                       reinterpret_cast<void *>(a), 16);
  EXPECT_EQ(count(child), 2);
  // The copy of zeros over C drops its reference.
  __kmemsan_klsan_copy(reinterpret_cast<void *>(c),
                       reinterpret_cast<void *>(kPlain), 64);
  EXPECT_EQ(count(child), 1);
}

TEST_F(KlsanCounts, OverlappingMoveForward) {
  uintptr_t a = alloc(64);
  uintptr_t b = alloc(32);
  uintptr_t d = alloc(32);
  store(a + 8, b);
  store(a + 16, d);
  // memmove(a + 16, a + 8, 16): a+16 = b, a+24 = d; a+8 keeps b.
  __kmemsan_klsan_copy(reinterpret_cast<void *>(a + 16),
                       reinterpret_cast<void *>(a + 8), 16);
  EXPECT_EQ(count(b), 2);
  EXPECT_EQ(count(d), 1);
  EXPECT_EQ(*tag_slot(a + 24) & 0xffffffffu, record(d) - record_at(0));
}

TEST_F(KlsanCounts, OverlappingMoveBackward) {
  uintptr_t a = alloc(64);
  uintptr_t b = alloc(32);
  uintptr_t d = alloc(32);
  store(a + 16, b);
  store(a + 24, d);
  // memmove(a + 8, a + 16, 16): a+8 = b, a+16 = d; a+24 keeps d.
  __kmemsan_klsan_copy(reinterpret_cast<void *>(a + 8),
                       reinterpret_cast<void *>(a + 16), 16);
  EXPECT_EQ(count(b), 1);
  EXPECT_EQ(count(d), 2);
}

TEST_F(KlsanCounts, LongOverlappingMove) {
  // More words than one batch of tags read ahead.
  uintptr_t a = alloc(2048);
  std::vector<uintptr_t> kids;
  for (int i = 0; i < 100; i++) {
    kids.push_back(alloc(16));
    store(a + 8 * i, kids.back());
  }
  __kmemsan_klsan_copy(reinterpret_cast<void *>(a + 8),
                       reinterpret_cast<void *>(a), 100 * 8);
  EXPECT_EQ(count(kids[0]), 2); // at a and a+8
  for (int i = 1; i < 100; i++)
    EXPECT_EQ(count(kids[i]), 1) << i;
  __kmemsan_klsan_copy(reinterpret_cast<void *>(a),
                       reinterpret_cast<void *>(a + 8), 100 * 8);
  // Back again: a = k0, a+8 = k1, ..., a+792 = k99, and a+800 keeps k99.
  for (int i = 0; i < 99; i++)
    EXPECT_EQ(count(kids[i]), 1) << i;
  EXPECT_EQ(count(kids[99]), 2); // a+792 and a+800
}

TEST_F(KlsanCounts, MisalignedCopyDropsEverything) {
  uintptr_t a = alloc(64);
  uintptr_t c = alloc(64);
  uintptr_t child = alloc(32);
  store(a + 8, child);
  store(c + 8, child);
  __kmemsan_klsan_copy(reinterpret_cast<void *>(c + 4),
                       reinterpret_cast<void *>(a), 16);
  EXPECT_EQ(count(child), 1);
}

TEST_F(KlsanCounts, ClearDropsTags) {
  uintptr_t a = alloc(64);
  uintptr_t b = alloc(32);
  store(a + 8, b);
  store(a + 16, b);
  __kmemsan_klsan_clear(reinterpret_cast<void *>(a), 64);
  EXPECT_EQ(count(b), 0);
  EXPECT_EQ(record(b)->drop.cause, kDropOverwritten);
  EXPECT_EQ(record(b)->drop.where, a + 16);
}

TEST_F(KlsanCounts, PartialClobber) {
  uintptr_t a = alloc(64);
  uintptr_t b = alloc(32);
  store(a + 8, b);
  store(a + 16, b);
  __kmemsan_klsan_clobber(reinterpret_cast<void *>(a + 12), 4);
  EXPECT_EQ(count(b), 1);
  EXPECT_EQ(*tag_slot(a + 8), 0u);
  EXPECT_EQ(record(b)->drop.where, a + 8);
  EXPECT_TRUE(record_flags(record(b)) & kRecordPossibleRoot);
}

TEST_F(KlsanCounts, FreeOfHolderDropsWhatItHeld) {
  uintptr_t a = alloc(64);
  uintptr_t b = alloc(32);
  store(a + 8, b);
  free_object(a);
  EXPECT_EQ(count(b), 0);
  EXPECT_EQ(record(b)->drop.cause, kDropHolderFreed);
  EXPECT_EQ(record(b)->drop.where, a);
  EXPECT_EQ(*tag_slot(a + 8), 0u);
}

TEST_F(KlsanCounts, ScopeExit) {
  uintptr_t slot = testplat::kStackBase + 0x100;
  uintptr_t b = alloc(32);
  store(slot, b);
  EXPECT_EQ(count(b), 1);
  __kmemsan_klsan_scope_exit(reinterpret_cast<void *>(slot), 16);
  EXPECT_EQ(count(b), 0);
  EXPECT_EQ(record(b)->drop.cause, kDropOutOfScope);
}

TEST_F(KlsanCounts, StaleTagAfterFreeAndReuse) {
  uintptr_t holder = alloc(64);
  uintptr_t b = alloc(32);
  store(holder + 8, b);
  free_object(b);
  uintptr_t b2 = alloc_at(b, 32); // same address, new record generation
  EXPECT_EQ(count(b2), 0);
  store(holder + 8, 0); // the old tag is stale: nothing to drop
  EXPECT_EQ(count(b2), 0);
  store(holder + 16, b2);
  store(holder + 24, b2);
  EXPECT_EQ(count(b2), 2);
  // A copy of the stale word carries nothing either.
  *reinterpret_cast<uintptr_t *>(holder + 8) = b2;
  EXPECT_EQ(count(b2), 2);
}

TEST_F(KlsanCounts, CandidatesComeAndGo) {
  uintptr_t holder = alloc(64);
  uintptr_t b = alloc(32);
  EXPECT_TRUE(listed(b)); // born, never stored
  EXPECT_EQ(record(b)->drop.cause, kDropNeverStored);
  store(kGlobals, holder);
  store(holder + 8, b);
  EXPECT_EQ(count(b), 1);
  safepoint(); // prunes what is no longer at zero
  EXPECT_FALSE(listed(b));
  EXPECT_FALSE(listed(holder));
  EXPECT_TRUE(testplat::output().empty()) << testplat::output();
  store(holder + 8, 0);
  EXPECT_TRUE(listed(b));
  EXPECT_EQ(record(b)->drop.cause, kDropOverwritten);
}

// A word that held an object's address as an integer (int-only: a range's
// end that equals it) and then holds the object as a real pointer keeps its
// one count, but the object is now stored: it leaves "never stored" and
// gives its birth's candidate event back, as a first real store does.
TEST_F(KlsanCounts, IntOnlyThenRealInTheSameWord) {
  uintptr_t b = alloc(32);
  uint64_t born = kmemsan_klsan_pending_events();
  *reinterpret_cast<uintptr_t *>(kGlobals) = b;
  __kmemsan_klsan_store_int(reinterpret_cast<void *>(kGlobals), b);
  EXPECT_EQ(count(b), 1);
  EXPECT_FALSE(record_flags(record(b)) & kRecordEverStored);
  EXPECT_EQ(kmemsan_klsan_pending_events(), born);
  store(kGlobals, b);
  EXPECT_EQ(count(b), 1);
  EXPECT_TRUE(record_flags(record(b)) & kRecordEverStored);
  EXPECT_EQ(kmemsan_klsan_pending_events(), born - 1);
  store(kGlobals, 0); // now the drop is a real one: overwritten here
  EXPECT_EQ(count(b), 0);
  EXPECT_EQ(record(b)->drop.cause, kDropOverwritten);
}

TEST_F(KlsanCounts, NothingWhenOff) {
  testplat::set_options("klsan=0");
  kmemsan::options_init();
  kmemsan::klsan_reset_for_testing();
  EXPECT_FALSE(kmemsan_klsan_enabled());
  uintptr_t b = alloc(32);
  EXPECT_EQ(record(b), nullptr);
  store(kGlobals, b);
  EXPECT_EQ(tag_slot(kGlobals) ? *tag_slot(kGlobals) : 0, 0u);
}

} // namespace

// The pacing of confirmations: a birth is a candidate event until the object
// is first stored; a decrement to zero is one; decrements that leave a count
// above zero (possible cycle roots) are one per eight.
TEST_F(KlsanCounts, ConfirmationPacing) {
  uintptr_t holder = alloc(64);
  uintptr_t a = alloc(32);
  uint64_t born = kmemsan_klsan_pending_events();
  EXPECT_GE(born, 2u);
  store(holder, a); // a is stored: its birth event is taken back
  EXPECT_EQ(kmemsan_klsan_pending_events(), born - 1);
  store(holder, 0); // a drops to zero: one event
  EXPECT_EQ(kmemsan_klsan_pending_events(), born);
  store(holder, a);
  store(holder + 8, a);
  uint64_t before = kmemsan_klsan_pending_events();
  for (int i = 0; i < 8; i++) { // 2 -> 1 -> 2 ...: possible roots only
    store(holder + 8, 0);
    store(holder + 8, a);
  }
  EXPECT_EQ(kmemsan_klsan_pending_events(), before + 1);
}
