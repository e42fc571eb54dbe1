// Safe points: confirming candidates. With the record lock held (so that no
// thread stops halfway through a record change) and the world stopped:
//
// 1. a conservative trace from the platform's roots (registers, stacks, TLS,
//    writable module data) through the contents of the objects it reaches
//    marks everything reachable; the CPUs that the platform stopped for it
//    may share that work (kmemsan_klsan_confirm_help());
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
// The parallel trace: root ranges are cut into pieces of at most
// kPieceBytes, counted records into blocks of kRecordBlock; each CPU marks
// with a stack of its own of kWorkerStack entries and shares what overflows
// it through the common stack.
constexpr size_t kMaxPieces = 16384;
constexpr uintptr_t kPieceBytes = 64 * 1024;
constexpr uint32_t kRecordBlock = 4096;
constexpr uint32_t kMaxWorkers = 32;
constexpr size_t kWorkerStack = 2048;
constexpr size_t kShareAtLeast = 16; // entries a CPU must have to share
constexpr size_t kMaxExplained = 64;

// Per-record state of one confirmation.
enum : uint8_t {
  kMarked = 1,    // reached from the roots
  kClaimed = 2,   // reported, as a leak, a cycle member or indirect
  kQueued = 4,    // in the scan stack of trial deletion
  kInGroup = 8,   // in the white group being collected
  kInCycle = 16,  // in the group's cycle through its root
  kRoot = 32,     // a trial deletion root
  kHasParent = 64, // (exit) referenced by another unreachable object
  kExplainTarget = 128 // klsan_explain: a candidate whose holder is looked for
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
  uintptr_t *pieces;     // root ranges to trace: begin, end pairs
  Explained *explained;  // klsan_explain: kMaxExplained entries
  uint32_t *worker_stacks; // kMaxWorkers stacks of kWorkerStack entries
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
    s.pieces = static_cast<uintptr_t *>(map(2 * kMaxPieces * sizeof(uintptr_t)));
    s.worker_stacks = static_cast<uint32_t *>(
        map(kMaxWorkers * kWorkerStack * sizeof(uint32_t)));
    s.explained =
        static_cast<Explained *>(map(kMaxExplained * sizeof(Explained)));
    if (!s.reports || !s.owner || !s.pieces || !s.worker_stacks ||
        !s.explained) {
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

class Confirmation;
// The helpers' side of a trace (below): the confirming CPU opens it to the
// CPUs waiting in kmemsan_klsan_confirm_help() once the roots are listed,
// and closes it when the trace is over, before anything is judged.
void help_open(Confirmation *c);
void help_close();

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
    if (options().klsan_explain)
      explain_held();
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
  //
  // The confirming CPU lists the roots as pieces (the platform's callback
  // must run there: it walks the task list and such), then every CPU
  // that helps (the other stopped CPUs in the kernel; none in processes)
  // claims pieces and blocks of counted records in turn and marks. An
  // object is pushed by the CPU whose atomic mark set its bit, so each is
  // scanned once; a CPU's own stack spills half of itself onto the common
  // one when full, and an idle CPU takes work from there. The trace is
  // over when every CPU in it is idle and the common stack is empty.

public:
  // One CPU's part of the trace (the confirming CPU's, or a helper's).
  void work() {
    Worker w{};
    if (!new_worker(&w))
      return; // enough CPUs already
    {
      SpinLockGuard g(shared_lock_);
      if (done_)
        return;
      __atomic_store_n(&active_, active_ + 1, __ATOMIC_RELAXED);
    }
    run_worker(w);
  }

private:
  struct Worker {
    uint32_t *stack;
    size_t top;
    uint32_t pops;
  };

  // The next worker slot's stack; false when every slot is taken.
  bool new_worker(Worker *w) {
    uint32_t slot = __atomic_fetch_add(&workers_, 1, __ATOMIC_RELAXED);
    if (slot >= kMaxWorkers)
      return false;
    *w = Worker{s_.worker_stacks + slot * kWorkerStack, 0, 0};
    return true;
  }

  static void record_piece_cb(uintptr_t begin, uintptr_t end, void *arg) {
    static_cast<Confirmation *>(arg)->record_pieces(begin, end);
  }

  // The record VALUE points into, 0 if none.
  uint32_t referent(uintptr_t value) {
    uintptr_t start;
    size_t size;
    uint32_t index = klsan_lookup(value, &start, &size);
    return index < limit_ ? index : 0;
  }

  void spill(Worker &w) {
    SpinLockGuard g(shared_lock_);
    size_t half = w.top / 2;
    internal_memcpy(s_.stack + shared_top_, w.stack, half * sizeof(uint32_t));
    __atomic_store_n(&shared_top_, shared_top_ + half, __ATOMIC_RELAXED);
    internal_memcpy(w.stack, w.stack + half,
                    (w.top - half) * sizeof(uint32_t));
    w.top -= half;
  }

  void mark(Worker &w, uint32_t index) {
    if (__atomic_fetch_or(&s_.state[index], kMarked, __ATOMIC_RELAXED) &
        kMarked)
      return;
    if (w.top == kWorkerStack)
      spill(w);
    w.stack[w.top++] = index;
  }

  // Marks what the words of [BEGIN, END) point into. In a root, a word in
  // a stack redzone is stale (in_stack_redzone()); its shadow is read only
  // for words that point into a record.
  void mark_range(Worker &w, uintptr_t begin, uintptr_t end, bool root) {
    for (uintptr_t v = round_up(begin, kWord); v + kWord <= end; v += kWord) {
      uint32_t index = referent(*reinterpret_cast<const uintptr_t *>(v));
      if (index && !(root && in_stack_redzone(v)))
        mark(w, index);
    }
  }

  // Roots, as the platform lists them: cut into pieces, or traced at once
  // by the confirming CPU when the piece list is full.
  void record_pieces(uintptr_t begin, uintptr_t end) {
    while (begin < end) {
      uintptr_t stop = end - begin > kPieceBytes ? begin + kPieceBytes : end;
      if (pieces_ == kMaxPieces) {
        mark_range(*leader_, begin, stop, true);
      } else {
        s_.pieces[2 * pieces_] = begin;
        s_.pieces[2 * pieces_ + 1] = stop;
        pieces_++;
      }
      begin = stop;
    }
  }

  // Claims the next piece or record block and marks from it; false when
  // none is left.
  bool claim_unit(Worker &w) {
    // Every piece or block reads the clock: roots alone (a large image's
    // data, many stacks) may take longer than the budget.
    if (deadline_ns_ && past_deadline())
      return false;
    size_t u = __atomic_fetch_add(&next_unit_, 1, __ATOMIC_RELAXED);
    if (u < pieces_) {
      mark_range(w, s_.pieces[2 * u], s_.pieces[2 * u + 1], true);
      return true;
    }
    u -= pieces_;
    if (u >= blocks_)
      return false;
    // Counted objects are held by something: what they hold is reached.
    uint32_t first = u * kRecordBlock ? u * kRecordBlock : 1;
    uint32_t last = (u + 1) * kRecordBlock < limit_ ? (u + 1) * kRecordBlock
                                                     : limit_;
    for (uint32_t i = first; i < last; i++) {
      LeakRecord *r = record_at(i);
      if ((record_flags(r) & kRecordLive) && record_count(r) > 0)
        mark(w, i);
    }
    return true;
  }

  // Takes work from the common stack; false when it is empty.
  bool take_shared(Worker &w) {
    SpinLockGuard g(shared_lock_);
    return take_shared_locked(w);
  }

  bool take_shared_locked(Worker &w) {
    size_t n = shared_top_ < kWorkerStack / 2 ? shared_top_ : kWorkerStack / 2;
    if (!n)
      return false;
    __atomic_store_n(&shared_top_, shared_top_ - n, __ATOMIC_RELAXED);
    internal_memcpy(w.stack, s_.stack + shared_top_, n * sizeof(uint32_t));
    w.top = n;
    return true;
  }

  bool past_deadline() {
    if (__atomic_load_n(&gave_up_, __ATOMIC_RELAXED))
      return true;
    if (deadline_ns_ && kmemsan_platform_now_ns() > deadline_ns_) {
      __atomic_store_n(&gave_up_, true, __ATOMIC_RELAXED);
      return true;
    }
    return false;
  }

  // Idle: waits until the common stack has work again (true) or the trace
  // is over (false: every CPU in it is idle and nothing is left).
  bool wait_for_work(Worker &w) {
    {
      SpinLockGuard g(shared_lock_);
      __atomic_store_n(&active_, active_ - 1, __ATOMIC_RELAXED);
    }
    __atomic_fetch_add(&waiting_, 1, __ATOMIC_RELAXED);
    bool more = false;
    for (;;) {
      // The lock only when there may be something to do: waiting CPUs that
      // took it in turn would keep it from the ones that share.
      bool gave_up = __atomic_load_n(&gave_up_, __ATOMIC_RELAXED);
      if ((!gave_up && __atomic_load_n(&shared_top_, __ATOMIC_RELAXED)) ||
          !__atomic_load_n(&active_, __ATOMIC_RELAXED)) {
        SpinLockGuard g(shared_lock_);
        if (!gave_up && take_shared_locked(w)) {
          __atomic_store_n(&active_, active_ + 1, __ATOMIC_RELAXED);
          more = true;
          break;
        }
        if (active_ == 0) {
          done_ = true;
          break;
        }
      }
      for (int i = 0; i < 64; i++)
        __builtin_ia32_pause();
    }
    __atomic_fetch_sub(&waiting_, 1, __ATOMIC_RELAXED);
    return more;
  }

  // A CPU waits for work and nothing is shared: give it half of ours (a
  // tree found from one root piece would otherwise be traced by one CPU).
  void share_if_wanted(Worker &w) {
    if (w.top >= kShareAtLeast &&
        __atomic_load_n(&waiting_, __ATOMIC_RELAXED) &&
        !__atomic_load_n(&shared_top_, __ATOMIC_RELAXED))
      spill(w);
  }

  void run_worker(Worker &w) {
    for (;;) {
      while (w.top) {
        if (deadline_ns_ && w.pops % 1024 == 1023 && past_deadline()) {
          w.top = 0;
          break;
        }
        if (__atomic_load_n(&gave_up_, __ATOMIC_RELAXED)) {
          w.top = 0;
          break;
        }
        if (w.pops++ % 64 == 0)
          share_if_wanted(w);
        uint32_t index = w.stack[--w.top];
        LeakRecord *r = record_at(index);
        if (scanned(index))
          mark_range(w, r->start, r->start + r->size, false);
      }
      if (!__atomic_load_n(&gave_up_, __ATOMIC_RELAXED) &&
          (claim_unit(w) || take_shared(w)))
        continue;
      if (!wait_for_work(w))
        return;
    }
  }

  bool scanned(uint32_t index) {
    return !(record_flags(record_at(index)) & (kRecordNoScan | kRecordIgnore));
  }

  void trace_roots() {
    Worker lead{};
    new_worker(&lead); // the first slot: always free
    blocks_ = options().klsan_trace_counted
                  ? (limit_ + kRecordBlock - 1) / kRecordBlock
                  : 0;
    leader_ = &lead;
    active_ = 1;
    kmemsan_platform_for_each_root(record_piece_cb, this);
    help_open(this);
    run_worker(lead);
    help_close();
    leader_ = nullptr;
  }

  // ---- klsan_explain: who holds a candidate that the trace reached ----

  // Up to kMaxExplained listed candidates (the newest) at count zero that
  // the trace reached get the first word found to point into them: in a
  // root piece, else in the contents of a reached object. One pass over
  // that memory for all of them.
  void explain_held() {
    size_t n;
    uint32_t *list = suspects(&n);
    uint32_t targets[kMaxExplained];
    size_t k = 0;
    // The newest candidates first (the list is in the order they came).
    for (size_t i = n; i-- > 0 && k < kMaxExplained;) {
      uint32_t index = list[i];
      LeakRecord *r = record_at(index);
      uint32_t f = record_flags(r);
      if ((s_.state[index] & kMarked) && record_count(r) == 0 &&
          (f & kRecordLive) &&
          !(f & (kRecordNotLeak | kRecordIgnore | kRecordReported)))
        targets[k++] = index;
    }
    explained_ = 0;
    if (!k)
      return;
    for (size_t t = 0; t < k; t++) {
      Explained &e = s_.explained[t];
      LeakRecord *r = record_at(targets[t]);
      internal_memset(&e, 0, sizeof(e));
      e.start = r->start;
      e.size = r->size;
      e.alloc_stack = r->alloc.stack;
      s_.state[targets[t]] |= kExplainTarget;
    }
    size_t found = 0;
    auto look = [&](uintptr_t begin, uintptr_t end, uint32_t holder) {
      for (uintptr_t w = round_up(begin, kWord); w + kWord <= end && found < k;
           w += kWord) {
        uint32_t index = referent(*reinterpret_cast<const uintptr_t *>(w));
        if (!index || !(s_.state[index] & kExplainTarget) ||
            (!holder && in_stack_redzone(w)))
          continue; // not a candidate, or (stale) not a root word either
        for (size_t t = 0; t < k; t++) {
          Explained &e = s_.explained[t];
          if (targets[t] != index || e.word || index == holder)
            continue;
          e.word = w;
          if (holder) {
            LeakRecord *h = record_at(holder);
            e.holder_start = h->start;
            e.holder_size = h->size;
            e.holder_alloc_stack = h->alloc.stack;
          }
          found++;
        }
      }
    };
    // Within the confirmation's time budget, like the trace.
    auto in_time = [&](uint32_t n) {
      return !deadline_ns_ || n % 1024 || kmemsan_platform_now_ns() <= deadline_ns_;
    };
    for (size_t p = 0; p < pieces_ && found < k && in_time(p); p++)
      look(s_.pieces[2 * p], s_.pieces[2 * p + 1], 0);
    for (uint32_t i = 1; i < limit_ && found < k && in_time(i); i++) {
      if (!(s_.state[i] & kMarked) || !scanned(i))
        continue;
      LeakRecord *r = record_at(i);
      look(r->start, r->start + r->size, i);
    }
    for (size_t t = 0; t < k; t++)
      s_.state[targets[t]] &= ~kExplainTarget;
    explained_ = k;
  }

public:
  size_t explained() const { return explained_; }

private:
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
  bool gave_up_ = false; // atomic while the trace runs
  // The trace's shared state.
  Worker *leader_ = nullptr;
  size_t pieces_ = 0;
  size_t next_unit_ = 0;     // atomic
  uint32_t blocks_ = 0;      // blocks of counted records to claim
  uint32_t workers_ = 0;     // atomic: slots handed out
  SpinLock shared_lock_ = {};
  size_t shared_top_ = 0;    // written under shared_lock_
  uint32_t waiting_ = 0;     // atomic: CPUs in wait_for_work()
  uint32_t active_ = 0;      // written under shared_lock_: CPUs with work
  bool done_ = false;        // under shared_lock_
  size_t explained_ = 0;
};

// ---- helpers: the other CPUs of a stopped machine ----
//
// The platform arms a stop (kmemsan_klsan_confirm_arm()) before it stops
// the machine; then one CPU confirms and every other one calls
// kmemsan_klsan_confirm_help(), which waits until the confirmation opens
// its trace, works in it, and returns when the trace is over, or at once
// when the confirmation ends without one (KLSan off, another one running).
enum : int { kHelpIdle = 0, kHelpArmed, kHelpOpen, kHelpOver };
int g_help_phase;             // atomic
Confirmation *g_help_trace;   // valid while kHelpOpen
uint32_t g_help_inside;       // atomic: helpers inside the trace

void help_open(Confirmation *c) {
  if (__atomic_load_n(&g_help_phase, __ATOMIC_ACQUIRE) != kHelpArmed)
    return;
  g_help_trace = c;
  __atomic_store_n(&g_help_phase, kHelpOpen, __ATOMIC_SEQ_CST);
}

void help_close() {
  int open = kHelpOpen;
  if (!__atomic_compare_exchange_n(&g_help_phase, &open, kHelpArmed, false,
                                   __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
    return;
  // A helper that saw the trace open is still in it, or about to notice
  // that it closed: wait until none is inside before anything is judged.
  while (__atomic_load_n(&g_help_inside, __ATOMIC_SEQ_CST))
    __builtin_ia32_pause();
  g_help_trace = nullptr;
}

} // namespace

namespace {
// Reports found by a confirmation whose caller prints them later (the
// kernel: after stop_machine() let the other CPUs go); under
// g_confirm_lock.
size_t g_deferred_reports;
size_t g_explained; // klsan_explain lines of the last confirmation
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
  if (g_explained)
    print_explained(g_scratch.explained, g_explained);
  g_explained = 0;
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
      g_explained = c.explained();
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

void klsan_confirm_arm() {
  __atomic_store_n(&g_help_phase, kHelpArmed, __ATOMIC_SEQ_CST);
}

void klsan_confirm_disarm() {
  __atomic_store_n(&g_help_phase, kHelpOver, __ATOMIC_SEQ_CST);
}

void klsan_confirm_help() {
  for (;;) {
    int phase = __atomic_load_n(&g_help_phase, __ATOMIC_SEQ_CST);
    if (phase == kHelpOpen)
      break;
    if (phase != kHelpArmed)
      return;
    __builtin_ia32_pause();
  }
  __atomic_fetch_add(&g_help_inside, 1, __ATOMIC_SEQ_CST);
  // The trace may have closed between the two loads: then it is not ours
  // to touch (help_close() waits only for helpers it can see inside).
  if (__atomic_load_n(&g_help_phase, __ATOMIC_SEQ_CST) == kHelpOpen)
    g_help_trace->work();
  __atomic_fetch_sub(&g_help_inside, 1, __ATOMIC_SEQ_CST);
}

} // namespace kmemsan
