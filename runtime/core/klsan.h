// The private interface of the KLSan half of the core: tags, object records,
// the candidate list and the internal API its files share (the KLSan
// counterpart of kasan.h). Included by runtime/core/klsan_*.cpp and by the
// unit tests, never by platforms.
//
//   klsan_shadow.cpp   the tag shadow (directory of lazily mapped chunks)
//   klsan_records.cpp  object records, counts, drops, the suspect list,
//                      annotations
//   klsan_events.cpp   on/off, the __kmemsan_klsan_* entry points and the
//                      allocator hooks
//   klsan_confirm.cpp  safe points: the trace, trial deletion, what leaked
//   klsan_report.cpp   printing what leaked
#ifndef KMEMSAN_CORE_KLSAN_H
#define KMEMSAN_CORE_KLSAN_H

#include "freestanding.h"
#include "kmemsan_core.h"

// The KLSan services are weak references: a platform without them (a
// kernel port that has not wired them up yet) links, and runs with KLSan
// off (kmemsan_klsan_enabled() says 0).
extern "C" {
int kmemsan_platform_find_live_object(uintptr_t addr,
                                      struct kmemsan_object *out)
    __attribute__((weak));
void kmemsan_platform_stop_world(void) __attribute__((weak));
void kmemsan_platform_resume_world(void) __attribute__((weak));
void kmemsan_platform_for_each_root(kmemsan_root_fn cb, void *arg)
    __attribute__((weak));
}

namespace kmemsan {

constexpr uintptr_t kWord = 8;

// ---- tags: int-only bit | (generation << 32) | record index; 0 is "no
// reference". The top bit marks a reference stored as an integer that no
// pointer flowed into (__kmemsan_klsan_store_int): it counts like any
// other, but when it goes, the drop site stays what it was. Generations are
// 31 bits; a record's counter is compared modulo that. ----

using Tag = uint64_t;

constexpr Tag kTagIntOnly = static_cast<Tag>(1) << 63;
constexpr uint32_t kGenerationMask = 0x7fffffffu;

inline Tag make_tag(uint32_t index, uint32_t generation) {
  return (static_cast<Tag>(generation & kGenerationMask) << 32) | index;
}
inline uint32_t tag_index(Tag t) { return static_cast<uint32_t>(t); }
inline uint32_t tag_generation(Tag t) {
  return static_cast<uint32_t>(t >> 32) & kGenerationMask;
}
inline bool tag_int_only(Tag t) { return (t & kTagIntOnly) != 0; }
// Whether A and B count against the same object (int-only or not).
inline bool tag_same_object(Tag a, Tag b) {
  return ((a ^ b) & ~kTagIntOnly) == 0;
}

// ---- klsan_events.cpp: on/off and value decoding ----

// 0: not decided yet, 1: off, 2: on.
extern int g_klsan_state;
bool klsan_decide();
// True when KLSan is on; one load and a branch once decided.
inline bool klsan_on() {
  int s = __atomic_load_n(&g_klsan_state, __ATOMIC_RELAXED);
  if (__builtin_expect(s == 2, 1))
    return true;
  return s == 0 && klsan_decide();
}
// VALUE with the pointer tag (top byte) removed when klsan_top_byte_ignore.
uintptr_t klsan_strip(uintptr_t value);
// The record index of the live tracked object VALUE points into, 0 if none.
// Sets *START and *SIZE to the object's bounds when found.
uint32_t klsan_lookup(uintptr_t value, uintptr_t *start, size_t *size);

// Tests: forget every record and the candidates, and decide on/off again
// from the current options.
void klsan_reset_for_testing();

// ---- klsan_shadow.cpp: the tag shadow ----

// The tag slot of the aligned word at ADDR, or NULL when its chunk was never
// written (every tag there is 0) or ADDR is beyond the directory.
uint64_t *tag_slot(uintptr_t addr);
// The same, mapping the chunk first; NULL only when out of metadata memory
// or beyond the directory.
uint64_t *tag_slot_create(uintptr_t addr);
// Where the next chunk starts after ADDR (to skip unmapped chunks); the
// last address when ADDR is in the last chunk of the address space, so
// that `while (w < end)` loops end.
inline uintptr_t tag_chunk_end(uintptr_t addr) {
  uintptr_t next = (addr | KMEMSAN_KLSAN_CHUNK_MASK) + 1;
  return next ? next : ~static_cast<uintptr_t>(0);
}
// Tests: zero the tags of [BEGIN, END) without counting anything.
void tags_zero(uintptr_t begin, uintptr_t end);

// ---- klsan_records.cpp: object records ----

enum DropCause : uint8_t {
  kDropNone = 0,
  kDropNeverStored, // WHERE: the allocating pc
  kDropOverwritten, // WHERE: the word
  kDropHolderFreed, // WHERE: the holder's start
  kDropOutOfScope,  // WHERE: a return address inside the function
};

constexpr size_t kTaskNameSize = 32;

// The last time the object lost a reference.
struct Drop {
  uint8_t cause;
  uintptr_t where;
  uint32_t stack;
  uint32_t task_id;
  char task[kTaskNameSize];
};

// A drop being applied: its stack is taken once, at the first decrement
// that needs it (a free or a memset may drop many references at once).
struct DropSite {
  DropCause cause;
  uintptr_t where;
  uintptr_t ip; // the frame the drop stack starts at
  bool have_stack;
  uint32_t stack;
};

enum RecordFlag : uint32_t {
  kRecordLive = 1u << 0,
  kRecordInList = 1u << 1,       // the index is in the suspect list
  kRecordPossibleRoot = 1u << 2, // a decrement left the count above zero
  kRecordEverStored = 1u << 3,
  kRecordNotLeak = 1u << 4,
  kRecordIgnore = 1u << 5,
  kRecordNoScan = 1u << 6,
  kRecordReported = 1u << 7,
};

struct LeakRecord {
  uintptr_t start;
  size_t size;        // requested
  size_t object_size; // the cache's size, or the mapped span
  const char *cache_name;
  uint32_t kind; // enum kmemsan_object_kind
  uint32_t page_order;
  struct kmemsan_track alloc;
  char alloc_task[kTaskNameSize];
  uint32_t generation; // atomic; bumps when the object is freed
  uint32_t flags;      // atomic RecordFlag bits
  int64_t count;       // atomic
  uint32_t next_free;
  SpinLock drop_lock;
  Drop drop;
};

// The record at INDEX (1..record_limit()-1), never NULL for such an index.
LeakRecord *record_at(uint32_t index);
// One past the highest index handed out so far.
uint32_t record_limit();
// The record T counts against, or NULL when T is 0 or stale.
LeakRecord *record_of_tag(Tag t);
// A new record for OBJ: count 0, a "born, never stored" candidate.
uint32_t record_create(const struct kmemsan_object *obj, size_t requested,
                       const struct kmemsan_track &alloc, const char *task);
// Another allocation hook for the object of record INDEX, live at START
// (kmalloc() after the slab hook, krealloc() in place): the record keeps its
// counts and takes the new size, and, while never stored, the new allocation
// stack. False (nothing done) when INDEX is not START's live record.
bool record_realloc(uint32_t index, uintptr_t start, size_t requested,
                    const struct kmemsan_track &alloc);
// The object died: stale tags stop counting, the index is reused.
void record_kill(uint32_t index);
inline uint32_t record_flags(const LeakRecord *r) {
  return __atomic_load_n(&r->flags, __ATOMIC_ACQUIRE);
}
inline int64_t record_count(const LeakRecord *r) {
  return __atomic_load_n(&r->count, __ATOMIC_ACQUIRE);
}

// A reference to T's object appeared / went away (at SITE).
void count_inc(Tag t);
void count_dec(Tag t, DropSite *site);
// A real (not int-only) reference to T's object was stored: it is no
// longer "never stored". count_inc() does this; a word that held the same
// object as an int-only reference and now holds it as a real one keeps its
// count and calls only this.
void note_stored(Tag t);

// The suspect list: candidates (count 0) and possible cycle roots. Read and
// pruned by the confirmation with records_lock() held.
SpinLock &records_lock();
uint32_t *suspects(size_t *n);
void suspects_truncate(size_t n);
// Candidate events (births, drops) since the last confirmation.
uint64_t candidate_events();
// Records of objects currently allocated.
uint64_t live_records();
// Returns the events since the last confirmation and zeroes the count.
uint64_t candidate_events_take();
// Gives back events that a confirmation took but did not judge (it gave up).
void candidate_events_add(uint64_t n);
// Confirmations that gave up (klsan_confirm_max_ms).
uint64_t klsan_confirmations_given_up();
void records_reset();

// ---- klsan_confirm.cpp / klsan_report.cpp: what leaked ----

enum LeakKind : uint8_t {
  kLeakDropped, // a candidate: the count reached zero (or never left it)
  kLeakCycle,   // held only by a garbage cycle
  kLeakUnseen,  // at exit: unreachable, where it was lost is not known
};

constexpr size_t kDumpBytes = 32;

// klsan_explain: a candidate that the trace reached, and the first word
// found to hold it.
struct Explained {
  uintptr_t start;
  size_t size;
  uint32_t alloc_stack;
  uintptr_t word;         // 0: not found in a root piece or a reached object
  uintptr_t holder_start; // 0: the word is a root's
  size_t holder_size;
  uint32_t holder_alloc_stack;
};
// Prints one "KLSan: ... is held by ..." line per entry.
void print_explained(const Explained *e, size_t n);

// A leak decided with the world stopped, copied out so that it can be
// printed after the world resumes.
struct LeakReport {
  uint8_t kind;
  bool never_stored;
  uint32_t cycle_size;
  uint32_t folded; // objects in this report (1 unless klsan_fold)
  uint32_t indirect_count;
  uint64_t indirect_bytes;
  uintptr_t start;
  size_t size;
  size_t object_size;
  const char *cache_name;
  uint32_t object_kind;
  uint32_t page_order;
  struct kmemsan_track alloc;
  char alloc_task[kTaskNameSize];
  Drop drop;
  uint32_t dump_len;
  uint8_t dump[kDumpBytes];
};

// Prints REPORTS[0..N) (folding them when klsan_fold), titled "(found at
// exit)" when AT_EXIT. Returns the number of reports printed. The caller
// holds the reentrancy guard and no KLSan lock.
size_t print_leaks(LeakReport *reports, size_t n, bool at_exit);

// Runs a confirmation now (the safe point decided it is due). With AT_EXIT
// every unreachable object is reported.
void klsan_confirm(bool at_exit, bool defer_print = false);
// The other CPUs of a stopped machine share the next confirmation's trace:
// arm before the stop; every CPU but the confirming one calls help(); the
// confirming CPU disarms when its confirmation is over (whether or not it
// traced), which lets helpers still waiting go.
void klsan_confirm_arm();
void klsan_confirm_help();
void klsan_confirm_disarm();

// Prints what a confirmation with DEFER_PRINT found (nothing if none).
void klsan_print_deferred();

} // namespace kmemsan

#endif // KMEMSAN_CORE_KLSAN_H
