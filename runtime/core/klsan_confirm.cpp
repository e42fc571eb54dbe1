// Safe points: confirming candidates. With the record lock held (so that no
// thread stops halfway through a record change) and the world stopped:
//
// 1. a conservative trace from the platform's roots (registers, stacks, TLS,
//    writable module data) through the contents of the objects it reaches
//    marks everything reachable;
// 2. a candidate (count 0) that is still live and unmarked leaked;
// 3. trial deletion (Bacon & Rajan 2001) over the tag shadow of object
//    contents, from the unmarked possible cycle roots, finds groups whose
//    counts are all explained by references from inside the group: garbage
//    cycles, reported once each;
// 4. what is reachable only from a leaked object is listed under it as
//    indirect;
// 5. at exit, every other unreachable object is reported too.
//
// What leaked is copied out, and printed after the world resumes (printing
// may run the symbolizer).
#include "klsan.h"

#include "kasan.h"
#include "options.h"

namespace kmemsan {
namespace {

constexpr size_t kMaxReports = 1024; // per confirmation; the rest wait
constexpr size_t kPage = 4096;

// Per-record state of one confirmation.
enum : uint8_t {
  kMarked = 1,    // reached from the roots
  kClaimed = 2,   // reported, as a leak, a cycle member or indirect
  kQueued = 4,    // in the scan stack of trial deletion
  kInGroup = 8,   // in the white group being collected
  kInCycle = 16,  // in the group's cycle through its root
  kRoot = 32,     // a trial deletion root
  kHasParent = 64 // (exit) referenced by another unreachable object
};

// Trial deletion colours (black: the counts are not all explained).
enum : uint8_t { kNone = 0, kGray, kWhite, kBlack };

struct Scratch {
  uint32_t capacity;
  uint8_t *state;
  uint8_t *color;
  int64_t *trial;
  uint32_t *stack;
  uint32_t *black_stack;
  uint32_t *list;    // roots, then a group
  uint32_t *pending; // unreachable candidates
  uint32_t *owner;   // per report: the record it describes
  LeakReport *reports;
};

Scratch g_scratch;
SpinLock g_confirm_lock;

void *map(size_t bytes) {
  return kmemsan_platform_map_metadata(round_up(bytes, kPage));
}

// Scratch arrays for LIMIT records; metadata memory, so a bigger set
// replaces the old one (which is never unmapped).
bool ensure_scratch(uint32_t limit) {
  Scratch &s = g_scratch;
  if (!s.reports) {
    s.reports =
        static_cast<LeakReport *>(map(kMaxReports * sizeof(LeakReport)));
    s.owner = static_cast<uint32_t *>(map(kMaxReports * sizeof(uint32_t)));
    if (!s.reports || !s.owner) {
      s.reports = nullptr;
      return false;
    }
  }
  if (limit > s.capacity) {
    uint32_t capacity = limit < 2048 ? 4096 : 2 * limit;
    Scratch n = s;
    n.capacity = capacity;
    n.state = static_cast<uint8_t *>(map(capacity));
    n.color = static_cast<uint8_t *>(map(capacity));
    n.trial = static_cast<int64_t *>(map(capacity * sizeof(int64_t)));
    n.stack = static_cast<uint32_t *>(map(capacity * sizeof(uint32_t)));
    n.black_stack = static_cast<uint32_t *>(map(capacity * sizeof(uint32_t)));
    n.list = static_cast<uint32_t *>(map(capacity * sizeof(uint32_t)));
    n.pending = static_cast<uint32_t *>(map(capacity * sizeof(uint32_t)));
    if (!n.state || !n.color || !n.trial || !n.stack || !n.black_stack ||
        !n.list || !n.pending)
      return false;
    s = n;
  }
  internal_memset(s.state, 0, limit);
  internal_memset(s.color, 0, limit);
  return true;
}

class Confirmation {
public:
  // DEADLINE_NS (kmemsan_platform_now_ns(); 0: none): the trace gives up
  // past it, before anything is judged or claimed.
  Confirmation(uint32_t limit, bool at_exit, uint64_t deadline_ns)
      : s_(g_scratch), limit_(limit), at_exit_(at_exit),
        deadline_ns_(deadline_ns) {}

  bool gave_up() const { return gave_up_; }

  size_t run() {
    trace_roots();
    if (gave_up_)
      return 0;
    collect_candidates();
    // A candidate that another one refers to is listed under it (indirect)
    // rather than reported on its own.
    for (size_t i = 0; i < pending_; i++)
      mark_children_have_parent(s_.pending[i]);
    for (size_t i = 0; i < pending_; i++)
      if (!(s_.state[s_.pending[i]] & kHasParent))
        add_report(s_.pending[i], kLeakDropped);
    size_t candidate_reports = reports_;
    if (at_exit_)
      add_every_root();
    find_cycles();
    for (size_t i = 0; i < candidate_reports; i++)
      claim_indirect(&s_.owner[i], 1, &s_.reports[i]);
    // Candidates that only refer to each other.
    for (size_t i = 0; i < pending_; i++)
      report_with_indirect(s_.pending[i], kLeakDropped);
    if (at_exit_)
      collect_unreachable();
    return reports_;
  }

private:
  // ---- the conservative trace ----

  static void mark_range_cb(uintptr_t begin, uintptr_t end, void *arg) {
    static_cast<Confirmation *>(arg)->mark_range(begin, end);
  }

  // The record VALUE points into, 0 if none.
  uint32_t referent(uintptr_t value) {
    uintptr_t start;
    size_t size;
    uint32_t index = klsan_lookup(value, &start, &size);
    return index < limit_ ? index : 0;
  }

  void mark_range(uintptr_t begin, uintptr_t end) {
    for (uintptr_t w = round_up(begin, kWord); w + kWord <= end; w += kWord) {
      uint32_t index = referent(*reinterpret_cast<const uintptr_t *>(w));
      if (index && !(s_.state[index] & kMarked)) {
        s_.state[index] |= kMarked;
        s_.stack[top_++] = index;
      }
    }
  }

  bool scanned(uint32_t index) {
    return !(record_flags(record_at(index)) & (kRecordNoScan | kRecordIgnore));
  }

  void trace_roots() {
    top_ = 0;
    kmemsan_platform_for_each_root(mark_range_cb, this);
    if (options().klsan_trace_counted) {
      // Counted objects are held by something: what they hold is reached.
      for (uint32_t i = 1; i < limit_; i++) {
        LeakRecord *r = record_at(i);
        if ((record_flags(r) & kRecordLive) && record_count(r) > 0 &&
            !(s_.state[i] & kMarked)) {
          s_.state[i] |= kMarked;
          s_.stack[top_++] = i;
        }
      }
    }
    for (uint32_t n = 1; top_; n++) {
      if (deadline_ns_ && n % 1024 == 0 &&
          kmemsan_platform_now_ns() > deadline_ns_) {
        gave_up_ = true;
        top_ = 0;
        return;
      }
      uint32_t index = s_.stack[--top_];
      LeakRecord *r = record_at(index);
      if (scanned(index))
        mark_range(r->start, r->start + r->size);
    }
  }

  // ---- what may be reported ----

  // Live, unreachable, not annotated away, not reported before or now.
  bool unclaimed_leak(uint32_t index) {
    if (s_.state[index] & (kMarked | kClaimed))
      return false;
    uint32_t f = record_flags(record_at(index));
    return (f & kRecordLive) &&
           !(f & (kRecordNotLeak | kRecordIgnore | kRecordReported));
  }

  // A report for the record at INDEX, or NULL when this confirmation is
  // full (the object waits for the next one).
  LeakReport *add_report(uint32_t index, LeakKind kind) {
    if (reports_ == kMaxReports)
      return nullptr;
    LeakRecord *r = record_at(index);
    LeakReport *rep = &s_.reports[reports_];
    s_.owner[reports_] = index;
    reports_++;
    internal_memset(rep, 0, sizeof(*rep));
    uint32_t f = record_flags(r);
    rep->kind = kind;
    rep->folded = 1;
    rep->never_stored = !(f & kRecordEverStored);
    rep->start = r->start;
    rep->size = r->size;
    rep->object_size = r->object_size;
    rep->cache_name = r->cache_name;
    rep->object_kind = r->kind;
    rep->page_order = r->page_order;
    rep->alloc = r->alloc;
    internal_memcpy(rep->alloc_task, r->alloc_task, kTaskNameSize);
    // The object is unreachable: no thread is changing its last drop.
    internal_memcpy(&rep->drop, &r->drop, sizeof(rep->drop));
    rep->dump_len = r->size < kDumpBytes ? r->size : kDumpBytes;
    internal_memcpy(rep->dump, reinterpret_cast<const void *>(r->start),
                    rep->dump_len);
    claim(index);
    return rep;
  }

  void claim(uint32_t index) {
    s_.state[index] |= kClaimed;
    __atomic_fetch_or(&record_at(index)->flags, kRecordReported,
                      __ATOMIC_ACQ_REL);
  }

  // ---- candidates ----

  void collect_candidates() {
    size_t n;
    uint32_t *list = suspects(&n);
    size_t kept = 0;
    roots_ = 0;
    for (size_t i = 0; i < n; i++) {
      uint32_t index = list[i];
      LeakRecord *r = record_at(index);
      uint32_t f = record_flags(r);
      int64_t count = record_count(r);
      bool listed = (f & kRecordLive) &&
                    !(f & (kRecordNotLeak | kRecordIgnore | kRecordReported)) &&
                    (count == 0 || (f & kRecordPossibleRoot));
      if (!listed || index >= limit_) {
        __atomic_fetch_and(&r->flags, ~kRecordInList, __ATOMIC_ACQ_REL);
        continue;
      }
      list[kept++] = index;
      if (!unclaimed_leak(index))
        continue;
      if (count == 0)
        s_.pending[pending_++] = index;
      else
        add_root(index);
    }
    suspects_truncate(kept);
  }

  // Sets kHasParent on every other unreachable object INDEX's contents
  // point into.
  void mark_children_have_parent(uint32_t index) {
    if (!scanned(index))
      return;
    for_each_held(index, [&](uint32_t c) {
      if (c != index && unclaimed_leak(c))
        s_.state[c] |= kHasParent;
    });
  }

  // Calls FN with the record of every object INDEX's contents refer to:
  // by their raw words (conservative), or with klsan_indirect_counted by
  // its counted references only (for_each_child: kernel memory fresh from
  // kmalloc() holds stale pointers, such as SLUB's free pointer to the next
  // object, that would list an unrelated leak under this one).
  template <typename Fn> void for_each_held(uint32_t index, Fn fn) {
    if (options().klsan_indirect_counted) {
      for_each_child(index, fn);
      return;
    }
    LeakRecord *r = record_at(index);
    uintptr_t end = r->start + r->size;
    for (uintptr_t w = round_up(r->start, kWord); w + kWord <= end;
         w += kWord) {
      uint32_t c = referent(*reinterpret_cast<const uintptr_t *>(w));
      if (c)
        fn(c);
    }
  }

  // Reports INDEX, unless claimed already, with what hangs off it.
  void report_with_indirect(uint32_t index, LeakKind kind) {
    if (!unclaimed_leak(index))
      return;
    LeakReport *rep = add_report(index, kind);
    if (rep)
      claim_indirect(&index, 1, rep);
  }

  // ---- trial deletion ----

  void add_root(uint32_t index) {
    if (s_.state[index] & kRoot)
      return;
    s_.state[index] |= kRoot;
    s_.list[roots_++] = index;
  }

  void add_every_root() {
    for (uint32_t i = 1; i < limit_; i++)
      if (unclaimed_leak(i) && record_count(record_at(i)) > 0)
        add_root(i);
  }

  // Calls FN for each unreachable, unclaimed record that a word of INDEX's
  // contents is counted against (the tag shadow: counted references only).
  template <typename Fn> void for_each_child(uint32_t index, Fn fn) {
    LeakRecord *r = record_at(index);
    uintptr_t end = r->start + r->size;
    for (uintptr_t w = round_up(r->start, kWord); w + kWord <= end;) {
      uint64_t *slot = tag_slot(w);
      if (!slot) {
        w = tag_chunk_end(w);
        continue;
      }
      Tag t = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
      w += kWord;
      if (!t || !record_of_tag(t))
        continue;
      uint32_t child = tag_index(t);
      if (child < limit_ && unclaimed_leak(child))
        fn(child);
    }
  }

  void gray(uint32_t index) {
    s_.color[index] = kGray;
    s_.trial[index] = record_count(record_at(index));
    s_.stack[top_++] = index;
  }

  // MarkGray: subtract every reference from inside the subgraph.
  void mark_gray(uint32_t root) {
    if (s_.color[root] == kGray)
      return;
    top_ = 0;
    gray(root);
    while (top_) {
      uint32_t x = s_.stack[--top_];
      for_each_child(x, [&](uint32_t c) {
        if (s_.color[c] != kGray)
          gray(c);
        s_.trial[c]--;
      });
    }
  }

  // ScanBlack: X is referenced from outside; restore what its subgraph
  // subtracted.
  void scan_black(uint32_t x) {
    size_t top = 0;
    s_.color[x] = kBlack;
    s_.black_stack[top++] = x;
    while (top) {
      uint32_t y = s_.black_stack[--top];
      for_each_child(y, [&](uint32_t c) {
        s_.trial[c]++;
        if (s_.color[c] != kBlack) {
          s_.color[c] = kBlack;
          s_.black_stack[top++] = c;
        }
      });
    }
  }

  void push_scan(uint32_t x) {
    if (s_.state[x] & kQueued)
      return;
    s_.state[x] |= kQueued;
    s_.stack[top_++] = x;
  }

  // Scan: gray objects whose counts are all explained turn white.
  void scan(uint32_t root) {
    top_ = 0;
    push_scan(root);
    while (top_) {
      uint32_t x = s_.stack[--top_];
      s_.state[x] &= ~kQueued;
      if (s_.color[x] != kGray)
        continue;
      if (s_.trial[x] > 0) {
        scan_black(x);
        continue;
      }
      s_.color[x] = kWhite;
      for_each_child(x, [&](uint32_t c) {
        if (s_.color[c] == kGray)
          push_scan(c);
      });
    }
  }

  void find_cycles() {
    // The roots sit at the front of the list; a group is collected after
    // them.
    for (size_t i = 0; i < roots_; i++)
      mark_gray(s_.list[i]);
    for (size_t i = 0; i < roots_; i++)
      scan(s_.list[i]);
    for (size_t i = 0; i < roots_; i++) {
      uint32_t root = s_.list[i];
      if (s_.color[root] == kWhite && unclaimed_leak(root))
        collect_cycle(root);
    }
  }

  // Reports the white group hanging off ROOT: the cycle through ROOT once,
  // everything else in the group as indirect.
  void collect_cycle(uint32_t root) {
    uint32_t *group = s_.list + roots_;
    size_t n = 0;
    group[n++] = root;
    s_.state[root] |= kInGroup;
    for (size_t i = 0; i < n; i++) {
      for_each_child(group[i], [&](uint32_t c) {
        if (s_.color[c] == kWhite && !(s_.state[c] & kInGroup) &&
            n < s_.capacity - roots_) {
          s_.state[c] |= kInGroup;
          group[n++] = c;
        }
      });
    }
    // The cycle: the members from which ROOT can be reached again.
    s_.state[root] |= kInCycle;
    uint32_t cycle = 1;
    for (bool changed = true; changed;) {
      changed = false;
      for (size_t i = 1; i < n; i++) {
        uint32_t x = group[i];
        if (s_.state[x] & kInCycle)
          continue;
        bool reaches = false;
        for_each_child(
            x, [&](uint32_t c) { reaches |= (s_.state[c] & kInCycle) != 0; });
        if (reaches) {
          s_.state[x] |= kInCycle;
          cycle++;
          changed = true;
        }
      }
    }
    LeakReport *rep = add_report(root, cycle > 1 ? kLeakCycle : kLeakDropped);
    if (!rep)
      return;
    rep->cycle_size = cycle;
    for (size_t i = 1; i < n; i++) {
      uint32_t x = group[i];
      claim(x);
      if (!(s_.state[x] & kInCycle)) {
        rep->indirect_count++;
        rep->indirect_bytes += record_at(x)->size;
      }
    }
    claim_indirect(group, n, rep);
  }

  // ---- indirect leaks ----

  // Claims, as REP's indirect objects, every unreachable object reachable
  // (conservatively, through raw values) from SEEDS[0..N), which are
  // already claimed.
  void claim_indirect(const uint32_t *seeds, size_t n, LeakReport *rep) {
    size_t top = 0;
    for (size_t i = 0; i < n; i++)
      s_.black_stack[top++] = seeds[i];
    while (top) {
      uint32_t x = s_.black_stack[--top];
      if (!scanned(x))
        continue;
      for_each_held(x, [&](uint32_t c) {
        if (!unclaimed_leak(c))
          return;
        claim(c);
        rep->indirect_count++;
        rep->indirect_bytes += record_at(c)->size;
        s_.black_stack[top++] = c;
      });
    }
  }

  // ---- at exit: everything else that is unreachable ----

  void report_unreachable(uint32_t index) {
    LeakKind kind =
        record_count(record_at(index)) == 0 ? kLeakDropped : kLeakUnseen;
    report_with_indirect(index, kind);
  }

  void collect_unreachable() {
    // Objects that no other unreachable object refers to come first, so
    // that what hangs off them is listed under them.
    for (uint32_t i = 1; i < limit_; i++)
      if (unclaimed_leak(i))
        mark_children_have_parent(i);
    for (uint32_t i = 1; i < limit_; i++)
      if (!(s_.state[i] & kHasParent) && unclaimed_leak(i))
        report_unreachable(i);
    for (uint32_t i = 1; i < limit_; i++)
      if (unclaimed_leak(i))
        report_unreachable(i);
  }

  Scratch &s_;
  uint32_t limit_;
  bool at_exit_;
  size_t top_ = 0;
  size_t roots_ = 0;
  size_t reports_ = 0;
  size_t pending_ = 0;
  uint64_t deadline_ns_;
  bool gave_up_ = false;
};

} // namespace

namespace {
// Reports found by a confirmation whose caller prints them later (the
// kernel: after stop_machine() let the other CPUs go); under
// g_confirm_lock.
size_t g_deferred_reports;
uint64_t g_given_up;

// When a confirmation starting now must give up (0: never).
uint64_t confirm_deadline(bool at_exit) {
  long ms = options().klsan_confirm_max_ms;
  if (at_exit || ms <= 0 || !kmemsan_platform_now_ns)
    return 0;
  return kmemsan_platform_now_ns() + static_cast<uint64_t>(ms) * 1000000;
}

// Prints N reports of the scratch area and lets go of the confirmation
// (g_confirm_lock and the guard, both held); halts after a report when asked.
void print_and_release(size_t n, bool at_exit) {
  size_t printed = n ? print_leaks(g_scratch.reports, n, at_exit) : 0;
  g_confirm_lock.unlock();
  kmemsan_platform_leave();
  if (printed && options().halt_on_error)
    kmemsan_platform_halt();
}
} // namespace

void klsan_confirm(bool at_exit, bool defer_print) {
  if (!kmemsan_platform_enter())
    return;
  if (at_exit) {
    g_confirm_lock.lock();
  } else if (!g_confirm_lock.try_lock()) {
    kmemsan_platform_leave(); // another thread is confirming
    return;
  }
  size_t n = 0;
  {
    // Held across the stop so that no thread is stopped inside a record
    // change (and the records cannot change under the trace).
    SpinLockGuard guard(records_lock());
    uint64_t events = candidate_events_take();
    uint32_t limit = record_limit();
    if (ensure_scratch(limit)) {
      kmemsan_platform_stop_world();
      Confirmation c(limit, at_exit, confirm_deadline(at_exit));
      n = c.run();
      kmemsan_platform_resume_world();
      if (c.gave_up()) {
        // Nothing was judged: the next confirmation owes these events.
        candidate_events_add(events);
        __atomic_fetch_add(&g_given_up, 1, __ATOMIC_RELAXED);
      }
    }
  }
  if (defer_print) {
    g_deferred_reports = n;
    g_confirm_lock.unlock();
    kmemsan_platform_leave();
    return;
  }
  print_and_release(n, at_exit);
}

uint64_t klsan_confirmations_given_up() {
  return __atomic_load_n(&g_given_up, __ATOMIC_RELAXED);
}

void klsan_print_deferred() {
  if (!kmemsan_platform_enter())
    return;
  g_confirm_lock.lock();
  size_t n = g_deferred_reports;
  g_deferred_reports = 0;
  print_and_release(n, false);
}

} // namespace kmemsan
