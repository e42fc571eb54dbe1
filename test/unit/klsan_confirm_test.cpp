// KLSan confirmation and reports: a candidate referenced from a root is not
// reported, an unreferenced one is, with the cause of its drop (overwrite,
// free of its holder, end of scope, never stored) in the documented format;
// trial deletion finds a lost 2-cycle and 3-ring and leaves a cycle with an
// outside reference alone; indirect objects are listed under their leak;
// klsan_fold, annotations, the exit pass, report_limit and halt_on_error;
// a confirmation past klsan_confirm_max_ms reports nothing and leaves its
// candidates to the next one; the other CPUs of a stopped machine share the
// trace and the verdict is the same as one CPU's.
#include "klsan_fixture.h"

#include <cstdio>
#include <thread>
#include <vector>

#include "kmemsan/klsan.h"

using namespace kmemsan;
using namespace klsantest;

namespace {

constexpr const char *kRule =
    "==================================================================";

std::string hex(uintptr_t v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%016lx", v);
  return buf;
}

class KlsanConfirm : public KlsanTest {
protected:
  void SetUp() override {
    KlsanTest::SetUp();
    testplat::add_root(kGlobals, kGlobals + 4096);
  }
  // Drops made from here on have this stack.
  static void at_drop(uintptr_t ip) {
    testplat::set_unwind({ip, kMainFn + 0x20});
  }
  std::string out() { return testplat::output(); }
  // The fixture's options plus EXTRA ("name=value").
  static void use_options(const char *extra) {
    testplat::set_options(
        (std::string("klsan=1:klsan_confirm_every=1:klsan_confirm_ratio=0:") +
         extra)
            .c_str());
    options_init();
  }
  size_t reports() { return count_of(out(), "BUG: KLSAN: memory leak in "); }
};

TEST_F(KlsanConfirm, OverwrittenReportFormat) {
  uintptr_t holder = alloc(64);
  store(kGlobals, holder);
  uintptr_t child = alloc(64);
  reinterpret_cast<uint8_t *>(child)[0] = 0x01;
  reinterpret_cast<uint8_t *>(child)[1] = 0xfe;
  reinterpret_cast<uint8_t *>(child)[31] = 0xa0;
  store(holder + 8, child);
  at_drop(kDropFn + 0x3b);
  store(holder + 8, 0);
  EXPECT_EQ(testplat::stop_world_calls, 0);
  safepoint();
  EXPECT_EQ(testplat::stop_world_calls, 1);
  std::vector<std::string> expected = {
      kRule,
      "BUG: KLSAN: memory leak in replace_buffer+0x3b/0x90",
      "Last reference to 64-byte object at " + hex(child) + " was overwritten",
      " at addr " + hex(holder + 8) + " by task test-task/42",
      "Call Trace:",
      " replace_buffer+0x3b/0x90 (driver.c:42)",
      " main+0x20/0x60 (driver.c:80)",
      "",
      "Allocated by task 42:",
      " make_thing+0x1e/0x90 (thing.c:40)",
      " main+0x20/0x60 (driver.c:80)",
      "",
      "The object belongs to the cache kmalloc-64 of size 64",
      "hex dump (first 32 bytes):",
      "  01 fe 00 00 00 00 00 00 00 00 00 00 00 00 00 00",
      "  00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 a0",
      kRule,
  };
  EXPECT_EQ(testplat::output_lines(), expected) << out();
  ASSERT_EQ(testplat::reports_done.size(), 1u);
  EXPECT_EQ(testplat::reports_done[0], "memory leak");
  // Never reported twice.
  alloc(16, kAllocFn + 0x40);
  store(kGlobals + 8, next_ - 128);
  safepoint();
  EXPECT_EQ(reports(), 1u) << out();
}

TEST_F(KlsanConfirm, ReferenceFromRootIsNotALeak) {
  uintptr_t child = alloc(32);
  // Only an uninstrumented write (a register, an uninstrumented global).
  *reinterpret_cast<uintptr_t *>(kGlobals + 64) = child;
  safepoint();
  EXPECT_TRUE(out().empty()) << out();
  EXPECT_TRUE(listed(child)); // still a candidate, checked again later
  // Reached through another object's contents counts too.
  uintptr_t holder = alloc(64);
  *reinterpret_cast<uintptr_t *>(kGlobals + 64) = holder;
  *reinterpret_cast<uintptr_t *>(holder + 16) = child;
  safepoint();
  EXPECT_TRUE(out().empty()) << out();
  // Gone from the roots: reported at the next safe point.
  *reinterpret_cast<uintptr_t *>(kGlobals + 64) = 0;
  alloc(16);
  store(kGlobals + 72, next_ - 128);
  safepoint();
  EXPECT_EQ(reports(), 1u) << out();
  EXPECT_NE(out().find("Last reference to 64-byte object at " + hex(holder) +
                       " was never stored; last seen in make_thing\n"
                       " by task test-task/42\n"),
            std::string::npos)
      << out();
  EXPECT_NE(out().find("Also lost with it: 1 object, 32 bytes (indirect)\n"),
            std::string::npos)
      << out();
}

// A word in a stack redzone of a live frame is never the program's (it does
// not store there): a pointer left in it by a dead frame is no root, or a
// lost object would wait for the exit pass. The same word outside a
// redzone still holds the object.
TEST_F(KlsanConfirm, StalePointerInAStackRedzoneIsNoRoot) {
  for (uint8_t redzone : {KMEMSAN_STACK_LEFT, KMEMSAN_STACK_MID,
                          KMEMSAN_STACK_RIGHT, KMEMSAN_ALLOCA_LEFT,
                          KMEMSAN_ALLOCA_RIGHT}) {
    SCOPED_TRACE(static_cast<int>(redzone));
    testplat::output().clear();
    uintptr_t kept = alloc(32);
    uintptr_t stale = alloc(32);
    uintptr_t frame = kGlobals + 256;
    kmemsan_kasan_poison(reinterpret_cast<void *>(frame), 32, redzone);
    *reinterpret_cast<uintptr_t *>(frame - 8) = kept;   // accessible
    *reinterpret_cast<uintptr_t *>(frame + 24) = stale; // in the redzone
    safepoint();
    EXPECT_EQ(reports(), 1u) << out();
    EXPECT_NE(out().find("Last reference to 32-byte object at " + hex(stale)),
              std::string::npos)
        << out();
    EXPECT_TRUE(listed(kept));
    kmemsan_kasan_poison(reinterpret_cast<void *>(frame), 32, 0);
    *reinterpret_cast<uintptr_t *>(frame - 8) = 0;
    *reinterpret_cast<uintptr_t *>(frame + 24) = 0;
    free_object(kept);
  }
}

TEST_F(KlsanConfirm, NeverStored) {
  uintptr_t obj = alloc(48);
  safepoint();
  std::vector<std::string> lines = testplat::output_lines();
  ASSERT_GE(lines.size(), 16u) << out();
  EXPECT_EQ(lines[1], "BUG: KLSAN: memory leak in make_thing+0x1e/0x90");
  EXPECT_EQ(lines[2], "Last reference to 48-byte object at " + hex(obj) +
                          " was never stored; last seen in make_thing");
  EXPECT_EQ(lines[3], " by task test-task/42");
  EXPECT_EQ(lines[4], "Call Trace:");
  EXPECT_EQ(lines[5], " make_thing+0x1e/0x90 (thing.c:40)");
}

TEST_F(KlsanConfirm, DroppedWithItsHolder) {
  uintptr_t holder = alloc(64);
  store(kGlobals, holder);
  uintptr_t child = alloc(64);
  store(holder + 24, child);
  free_object(holder, kDropFn + 0x50);
  safepoint();
  EXPECT_EQ(reports(), 1u) << out();
  EXPECT_NE(out().find("BUG: KLSAN: memory leak in replace_buffer+0x50/0x90\n"
                       "Last reference to 64-byte object at " +
                       hex(child) + " was dropped when its holder at " +
                       hex(holder) + " was freed\n by task test-task/42\n"),
            std::string::npos)
      << out();
}

TEST_F(KlsanConfirm, WentOutOfScope) {
  uintptr_t slot = testplat::kStackBase + 0x200;
  uintptr_t child = alloc(64);
  store(slot, child);
  at_drop(kDropFn + 0x44);
  __kmemsan_klsan_scope_exit(reinterpret_cast<void *>(slot), 8);
  safepoint();
  EXPECT_EQ(reports(), 1u) << out();
  EXPECT_NE(out().find("BUG: KLSAN: memory leak in replace_buffer+0x44/0x90\n"
                       "Last reference to 64-byte object at " +
                       hex(child) + " went out of scope when "),
            std::string::npos)
      << out();
  EXPECT_NE(out().find(" returned\n by task test-task/42\n"), std::string::npos)
      << out();
}

TEST_F(KlsanConfirm, TwoCycle) {
  uintptr_t a = alloc(64);
  uintptr_t b = alloc(64);
  store(a + 8, b);
  store(b + 8, a);
  store(kGlobals, a);
  safepoint();
  EXPECT_TRUE(out().empty()) << out();
  at_drop(kDropFn + 0x3b);
  store(kGlobals, 0);
  EXPECT_EQ(count(a), 1);
  safepoint();
  EXPECT_EQ(reports(), 1u) << out();
  EXPECT_NE(out().find("BUG: KLSAN: memory leak in replace_buffer+0x3b/0x90\n"
                       "Last reference to 64-byte object at " +
                       hex(a) +
                       " is held only by a cycle of 2 objects\n"
                       " the last outside reference was overwritten at addr " +
                       hex(kGlobals) + " by task test-task/42\n"),
            std::string::npos)
      << out();
  EXPECT_EQ(out().find("Also lost with it"), std::string::npos) << out();
}

TEST_F(KlsanConfirm, ThreeRingWithATail) {
  uintptr_t a = alloc(64);
  uintptr_t b = alloc(64);
  uintptr_t c = alloc(64);
  uintptr_t tail = alloc(40);
  store(a + 8, b);
  store(b + 8, c);
  store(c + 8, a);
  store(c + 16, tail);
  store(kGlobals, b);
  safepoint();
  EXPECT_TRUE(out().empty()) << out();
  at_drop(kDropFn + 0x3b);
  store(kGlobals, 0);
  safepoint();
  EXPECT_EQ(reports(), 1u) << out();
  EXPECT_NE(out().find("Last reference to 64-byte object at " + hex(b) +
                       " is held only by a cycle of 3 objects\n"),
            std::string::npos)
      << out();
  EXPECT_NE(out().find("Also lost with it: 1 object, 40 bytes (indirect)\n"),
            std::string::npos)
      << out();
}

TEST_F(KlsanConfirm, CycleWithAnOutsideReferenceIsKept) {
  uintptr_t a = alloc(64);
  uintptr_t b = alloc(64);
  store(a + 8, b);
  store(b + 8, a);
  // A counted reference from memory that is neither a root nor an object,
  // plus a dropped one that makes A a possible root.
  store(kPlain, a);
  store(kPlain + 8, a);
  store(kPlain + 8, 0);
  safepoint();
  EXPECT_TRUE(out().empty()) << out();
  // An uncounted reference from a root keeps it too.
  store(kPlain, 0);
  *reinterpret_cast<uintptr_t *>(kGlobals + 128) = b;
  safepoint();
  EXPECT_TRUE(out().empty()) << out();
}

TEST_F(KlsanConfirm, IndirectObjectsAreListedNotReported) {
  uintptr_t holder = alloc(64);
  store(kGlobals, holder);
  uintptr_t a = alloc(64);
  uintptr_t b = alloc(48);
  uintptr_t c = alloc(48);
  store(holder + 8, a);
  store(a + 8, b);
  store(a + 16, c);
  store(b + 8, c);
  at_drop(kDropFn + 0x3b);
  store(holder + 8, 0);
  safepoint();
  EXPECT_EQ(reports(), 1u) << out();
  EXPECT_NE(out().find("at " + hex(a) + " was overwritten"), std::string::npos)
      << out();
  EXPECT_NE(out().find("Also lost with it: 2 objects, 96 bytes (indirect)\n"),
            std::string::npos)
      << out();
  // They are not reported later either, not even at exit.
  kmemsan_klsan_at_exit();
  EXPECT_EQ(reports(), 1u) << out();
}

TEST_F(KlsanConfirm, OneReportPerLeakWithoutFold) {
  for (int i = 0; i < 3; i++)
    alloc(32);
  safepoint();
  EXPECT_EQ(reports(), 3u) << out();
  EXPECT_EQ(out().find("like this one"), std::string::npos);
}

class KlsanFold : public KlsanConfirm {
  const char *options() override {
    return "klsan=1:klsan_confirm_every=1:klsan_fold=1";
  }
};

TEST_F(KlsanFold, SameStacksFold) {
  for (int i = 0; i < 3; i++)
    alloc(32);
  alloc(32, kAllocFn + 0x30); // another allocation stack
  safepoint();
  EXPECT_EQ(reports(), 2u) << out();
  EXPECT_NE(out().find(" by task test-task/42\n"
                       "Leaked 3 objects like this one (same allocation and "
                       "drop stacks)\nCall Trace:\n"),
            std::string::npos)
      << out();
  EXPECT_EQ(count_of(out(), "like this one"), 1u) << out();
}

TEST_F(KlsanConfirm, NotLeakIsNeverReported) {
  uintptr_t a = alloc(32);
  kmemsan_not_leak(reinterpret_cast<void *>(a));
  safepoint();
  kmemsan_klsan_at_exit();
  EXPECT_TRUE(out().empty()) << out();
}

TEST_F(KlsanConfirm, IgnoredObjectIsNotScanned) {
  uintptr_t g = alloc(64);
  store(kGlobals, g);
  kmemsan_ignore(reinterpret_cast<void *>(g + 8)); // any address inside
  uintptr_t child = alloc(40);
  store(g + 8, child);
  safepoint();
  EXPECT_TRUE(out().empty()) << out(); // CHILD's count is 1
  // At exit CHILD is unreachable (G's contents are not scanned); G is
  // neither reported nor scanned.
  kmemsan_klsan_at_exit();
  EXPECT_EQ(reports(), 1u) << out();
  EXPECT_NE(
      out().find("BUG: KLSAN: memory leak in make_thing+0x1e/0x90 (found at "
                 "exit)\nLast reference to 40-byte object at " +
                 hex(child) +
                 " is unreachable at exit\n"
                 " where it was lost was not seen; found by task "
                 "test-task/42\nCall Trace:\n(stack is not available)\n"),
      std::string::npos)
      << out();
}

TEST_F(KlsanConfirm, NoScanObjectHidesWhatItHolds) {
  uintptr_t n = alloc(64);
  store(kGlobals, n);
  kmemsan_no_scan(reinterpret_cast<void *>(n));
  uintptr_t child = alloc(40);
  *reinterpret_cast<uintptr_t *>(n + 8) = child; // uncounted
  safepoint();
  EXPECT_EQ(reports(), 1u) << out();
  EXPECT_NE(out().find("at " + hex(child) + " was never stored"),
            std::string::npos)
      << out();
}

TEST_F(KlsanConfirm, ExitReportsEveryUnreachableObject) {
  uintptr_t kept = alloc(64);
  store(kGlobals, kept);
  uintptr_t lost = alloc(64);
  store(kPlain, lost); // counted, but nothing reachable holds it
  uintptr_t never = alloc(24);
  kmemsan_klsan_at_exit();
  EXPECT_EQ(reports(), 2u) << out();
  EXPECT_EQ(out().find(hex(kept)), std::string::npos) << out();
  EXPECT_NE(out().find("Last reference to 64-byte object at " + hex(lost) +
                       " is unreachable at exit\n"),
            std::string::npos)
      << out();
  EXPECT_NE(out().find("(found at exit)\nLast reference to 24-byte object at " +
                       hex(never) +
                       " was never stored; last seen in "
                       "make_thing\n"),
            std::string::npos)
      << out();
}

TEST_F(KlsanConfirm, ExitFindsACycleWithoutADrop) {
  uintptr_t a = alloc(64);
  uintptr_t b = alloc(64);
  store(a + 8, b);
  store(b + 8, a);
  kmemsan_klsan_at_exit();
  EXPECT_EQ(reports(), 1u) << out();
  EXPECT_NE(out().find("is held only by a cycle of 2 objects\n"
                       " the last outside reference was not seen by task "
                       "test-task/42\n"),
            std::string::npos)
      << out();
}

TEST_F(KlsanConfirm, ReportLimit) {
  testplat::set_options("klsan=1:klsan_confirm_every=1:report_limit=1");
  options_init();
  alloc(32);
  alloc(32);
  safepoint();
  EXPECT_EQ(reports(), 1u) << out();
}

TEST_F(KlsanConfirm, HaltOnError) {
  testplat::set_options("klsan=1:klsan_confirm_every=1:halt_on_error=1");
  options_init();
  alloc(32);
  alloc(32);
  std::jmp_buf env;
  testplat::halt_target = &env;
  if (setjmp(env) == 0) {
    safepoint();
    ADD_FAILURE() << "no halt";
  }
  testplat::halt_target = nullptr;
  EXPECT_EQ(testplat::halt_calls, 1);
  EXPECT_EQ(reports(), 1u) << out();
  // The runtime was left cleanly: the next report can be made.
  ASSERT_TRUE(kmemsan_platform_enter());
  kmemsan_platform_leave();
}

TEST_F(KlsanConfirm, NotDueBelowTheEventCount) {
  testplat::set_options("klsan=1:klsan_confirm_every=3:klsan_confirm_ratio=0");
  options_init();
  alloc(32);
  alloc(32);
  kmemsan_klsan_safepoint();
  EXPECT_EQ(testplat::stop_world_calls, 0);
  alloc(32);
  kmemsan_klsan_safepoint();
  EXPECT_EQ(testplat::stop_world_calls, 1);
  EXPECT_EQ(reports(), 3u) << out();
}

// Each confirmation traces every live object: with klsan_confirm_ratio=50
// it waits until the events since the last one reach half the live objects.
TEST_F(KlsanConfirm, PacedByTheLiveObjects) {
  testplat::set_options("klsan=1:klsan_confirm_every=1:klsan_confirm_ratio=50");
  options_init();
  uintptr_t held[8];
  for (uintptr_t &p : held)
    p = alloc(32);
  testplat::add_root(reinterpret_cast<uintptr_t>(&held[0]),
                     reinterpret_cast<uintptr_t>(&held[8]));
  kmemsan_klsan_safepoint(); // 8 events (births), 8 live: due
  EXPECT_EQ(testplat::stop_world_calls, 1);
  alloc(32);
  alloc(32);
  alloc(32);
  kmemsan_klsan_safepoint(); // 3 events, 11 live: 300% < 550%
  EXPECT_EQ(testplat::stop_world_calls, 1);
  alloc(32);
  alloc(32);
  alloc(32);
  kmemsan_klsan_safepoint(); // 6 events, 14 live: 600% < 700%
  EXPECT_EQ(testplat::stop_world_calls, 1);
  alloc(32);
  kmemsan_klsan_safepoint(); // 7 events, 15 live: 700% < 750%
  EXPECT_EQ(testplat::stop_world_calls, 1);
  alloc(32);
  kmemsan_klsan_safepoint(); // 8 events, 16 live: due
  EXPECT_EQ(testplat::stop_world_calls, 2);
}

// A confirmation that traces for longer than klsan_confirm_max_ms gives up
// before judging anything: the leak is not reported then, nor is anything
// reachable; its events are owed to the next confirmation, which (with
// time to finish) reports the leak with its original drop stack, once.
TEST_F(KlsanConfirm, GivesUpPastItsTimeBudget) {
  use_options("klsan_confirm_max_ms=1000");
  // A list of 1500 reachable nodes: the trace checks the clock every 1024.
  uintptr_t head = 0;
  for (int i = 0; i < 1500; i++) {
    uintptr_t node = alloc(32);
    store(node, head);
    head = node;
  }
  store(kGlobals, head);
  uintptr_t holder = alloc(64);
  store(kGlobals + 8, holder);
  uintptr_t child = alloc(64);
  store(holder + 8, child);
  at_drop(kDropFn + 0x3b);
  store(holder + 8, 0);
  uint64_t given_up = klsan_confirmations_given_up();
  // Every clock read advances 2 s: the deadline (1 s after the first read)
  // is passed at the first check.
  testplat::clock_step_ns = 2000000000;
  safepoint();
  EXPECT_EQ(testplat::stop_world_calls, 1);
  EXPECT_EQ(reports(), 0u) << out();
  EXPECT_EQ(klsan_confirmations_given_up(), given_up + 1);
  EXPECT_GT(kmemsan_klsan_pending_events(), 0u);
  // A clock that stands still: the next one finishes.
  testplat::clock_step_ns = 0;
  at_drop(kMainFn + 0x10);
  safepoint();
  EXPECT_EQ(klsan_confirmations_given_up(), given_up + 1);
  ASSERT_EQ(reports(), 1u) << out();
  EXPECT_NE(out().find("BUG: KLSAN: memory leak in replace_buffer+0x3b/0x90"),
            std::string::npos)
      << out();
  EXPECT_NE(out().find("64-byte object at " + hex(child) + " was overwritten"),
            std::string::npos)
      << out();
  safepoint();
  EXPECT_EQ(reports(), 1u) << out();
}

// Without the option, or at exit, a confirmation never looks at the clock.
TEST_F(KlsanConfirm, NoTimeBudgetByDefault) {
  uintptr_t holder = alloc(64);
  store(kGlobals, holder);
  uintptr_t child = alloc(64);
  store(holder + 8, child);
  at_drop(kDropFn + 0x3b);
  store(holder + 8, 0);
  testplat::clock_step_ns = 600000000;
  safepoint();
  EXPECT_EQ(testplat::clock_ns, 0u);
  EXPECT_EQ(reports(), 1u) << out();
}


// The kernel's stop: the confirming CPU calls kmemsan_klsan_confirm_stopped()
// while the other stopped CPUs (threads here) call
// kmemsan_klsan_confirm_help(). HOLDERS objects sit in a 1 MiB root (16
// pieces of the trace), each holding a child through a word that no
// instrumented store wrote (count 0, reachable only by the trace); one more
// child was overwritten in its holder. A correct trace, shared or not,
// reports that one child and no other object; the helpers must have done
// part of it (the confirming thread waits until one of them has).
class KlsanSharedTrace : public KlsanConfirm {
protected:
  static constexpr size_t kRootBytes = 1 << 20;
  void SetUp() override {
    KlsanConfirm::SetUp();
    std::memset(reinterpret_cast<void *>(kPlain), 0, kRootBytes);
    testplat::add_root(kPlain, kPlain + kRootBytes);
  }
  // Builds the heap, runs one shared confirmation with HELPERS threads, and
  // returns the overwritten child's address.
  uintptr_t confirm_shared(int helpers, int holders, bool gate) {
    for (int i = 0; i < holders; i++) {
      uintptr_t holder = alloc(64);
      uintptr_t child = alloc(32);
      // Uninstrumented stores: the root word and the holder's word.
      *reinterpret_cast<uintptr_t *>(kPlain + i * ((kRootBytes / holders) & ~size_t{7})) =
          holder;
      *reinterpret_cast<uintptr_t *>(holder + 8) = child;
    }
    uintptr_t holder = alloc(64);
    store(kGlobals + 16, holder);
    uintptr_t lost = alloc(48);
    store(holder + 24, lost);
    at_drop(kDropFn + 0x3b);
    store(holder + 24, 0);
    kmemsan_klsan_confirm_arm();
    std::vector<std::thread> cpus;
    for (int i = 0; i < helpers; i++)
      cpus.emplace_back([] { kmemsan_klsan_confirm_help(); });
    if (gate)
      testplat::gate_lookups();
    kmemsan_klsan_confirm_stopped();
    for (std::thread &t : cpus)
      t.join();
    kmemsan_klsan_print_confirmed();
    return lost;
  }
};

TEST_F(KlsanSharedTrace, HelpersShareTheTraceAndTheVerdictHolds) {
  uintptr_t lost = confirm_shared(3, 200, true);
  EXPECT_GT(testplat::foreign_lookups(), 0);
  ASSERT_EQ(reports(), 1u) << out();
  EXPECT_NE(out().find("48-byte object at " + hex(lost) + " was overwritten"),
            std::string::npos)
      << out();
  // The next confirmation, on one CPU, agrees: nothing new.
  safepoint();
  EXPECT_EQ(reports(), 1u) << out();
}

// Counted objects are traced from too (klsan_trace_counted, the kernel's
// default): their record blocks are shared like the root pieces.
TEST_F(KlsanSharedTrace, CountedObjectsAreSharedToo) {
  use_options("klsan_trace_counted=1");
  // Two objects that hold each other (counted) and that no root reaches,
  // one of them holding a child only the trace can see: under
  // klsan_trace_counted both count as held, so neither they nor the child
  // is reported (one CPU's trace would say the same).
  uintptr_t a = alloc(64);
  uintptr_t b = alloc(64);
  store(a + 8, b);
  store(b + 8, a);
  uintptr_t child = alloc(32);
  *reinterpret_cast<uintptr_t *>(a + 16) = child;
  uintptr_t lost = confirm_shared(2, 50, false);
  ASSERT_EQ(reports(), 1u) << out();
  EXPECT_NE(out().find("48-byte object at " + hex(lost)), std::string::npos)
      << out();
}

// Helpers that arrive when no trace opens (the confirmation found KLSan
// busy, or had nothing to trace) go when the confirming CPU is done; a
// stop that was never armed sends them away at once.
TEST_F(KlsanSharedTrace, HelpersAreReleasedWithoutATrace) {
  kmemsan_klsan_confirm_arm();
  std::thread early([] { kmemsan_klsan_confirm_help(); });
  kmemsan_klsan_confirm_stopped();
  early.join();
  // Disarmed: a late helper returns at once.
  kmemsan_klsan_confirm_help();
  EXPECT_TRUE(out().empty()) << out();
}

// A trace past klsan_confirm_max_ms gives up on every CPU at once, and
// nothing is judged.
TEST_F(KlsanSharedTrace, GivingUpStopsEveryHelper) {
  use_options("klsan_confirm_max_ms=1000");
  uintptr_t head = 0;
  for (int i = 0; i < 3000; i++) {
    uintptr_t node = alloc(32);
    store(node, head);
    head = node;
  }
  store(kGlobals, head);
  uint64_t given_up = klsan_confirmations_given_up();
  testplat::clock_step_ns = 2000000000;
  confirm_shared(3, 20, false);
  EXPECT_EQ(klsan_confirmations_given_up(), given_up + 1);
  EXPECT_EQ(reports(), 0u) << out();
  testplat::clock_step_ns = 0;
  safepoint();
  EXPECT_EQ(reports(), 1u) << out();
}

// klsan_explain: a candidate that the trace still reaches is not reported,
// and the line says which word holds it: a root's, or another object's
// (with that object's size, address and allocating function).
TEST_F(KlsanConfirm, ExplainNamesTheWordThatHoldsACandidate) {
  use_options("klsan_explain=1");
  uintptr_t in_root = alloc(32);
  *reinterpret_cast<uintptr_t *>(kGlobals + 40) = in_root; // uninstrumented
  uintptr_t holder = alloc(64);
  store(kGlobals + 48, holder);
  uintptr_t in_object = alloc(48);
  *reinterpret_cast<uintptr_t *>(holder + 16) = in_object;
  safepoint();
  EXPECT_EQ(reports(), 0u) << out();
  EXPECT_NE(out().find("KLSan: the 32-byte object at " + hex(in_root) +
                       " (allocated in make_thing) is held by the word at " +
                       hex(kGlobals + 40) + ", in a root"),
            std::string::npos)
      << out();
  EXPECT_NE(out().find("KLSan: the 48-byte object at " + hex(in_object) +
                       " (allocated in make_thing) is held by the word at " +
                       hex(holder + 16) + ", in the 64-byte object at " +
                       hex(holder) + " (allocated in make_thing)"),
            std::string::npos)
      << out();
  // The holder itself is counted (not a candidate): no line for it.
  EXPECT_EQ(count_of(out(), "KLSan: the "), 2u) << out();
}

// klsan_explain covers the newest 64 candidates that the trace reached,
// each held by its own root word: of 70, the 64 allocated last get a line
// naming their word, the 6 oldest none, and none is reported.
TEST_F(KlsanConfirm, ExplainCoversTheNewestSixtyFour) {
  use_options("klsan_explain=1");
  std::vector<uintptr_t> held;
  for (int i = 0; i < 70; i++) {
    held.push_back(alloc(32));
    *reinterpret_cast<uintptr_t *>(kGlobals + 64 + 8 * i) = held.back();
  }
  safepoint();
  EXPECT_EQ(reports(), 0u) << out();
  EXPECT_EQ(count_of(out(), "KLSan: the "), 64u) << out();
  for (int i = 0; i < 70; i++) {
    bool named = out().find("object at " + hex(held[i]) +
                            " (allocated in make_thing) is held by the word at " +
                            hex(kGlobals + 64 + 8 * i)) != std::string::npos;
    EXPECT_EQ(named, i >= 6) << i << "\n" << out();
  }
}

// Without the option nothing is said about what is held.
TEST_F(KlsanConfirm, NoExplanationByDefault) {
  uintptr_t in_root = alloc(32);
  *reinterpret_cast<uintptr_t *>(kGlobals + 40) = in_root;
  safepoint();
  EXPECT_TRUE(out().empty()) << out();
}

} // namespace
