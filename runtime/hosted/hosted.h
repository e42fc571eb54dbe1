/*
 * What the hosted platform's files share with each other (never with the
 * core): start-up state, the reentrancy guard, options only the platform
 * reads, raw memory helpers and the allocator's internal interface.
 */
#ifndef KMEMSAN_HOSTED_H
#define KMEMSAN_HOSTED_H

#include "abi.h" /* the core's __kmemsan_klsan_* entry points */
#include "kmemsan/klsan.h"
#include "kmemsan_core.h"

#include <stddef.h>
#include <stdint.h>

#define KMEMSAN_INTERNAL __attribute__((visibility("hidden")))
#define KMEMSAN_ALWAYS_INLINE inline __attribute__((always_inline))
#define KMEMSAN_RET_IP ((uintptr_t)__builtin_return_address(0))

namespace kmemsan::hosted {

/* ---- Start-up (hosted_start.cpp) ---- */

/*
 * Maps the shadow and the allocator regions and runs kmemsan_init(), once.
 * Safe to call from the first malloc (before .preinit_array runs).
 */
KMEMSAN_INTERNAL void EnsureStarted();

/* True once the core has been initialised: checks and hooks may run. */
KMEMSAN_INTERNAL extern volatile int g_core_ready;

/* Reserves address space that is zero-filled on first touch; NULL on failure.
 */
KMEMSAN_INTERNAL void *MapAnonymous(size_t size, uintptr_t fixed_addr);

/* Writes a NUL-terminated message to stderr (before and outside reports). */
KMEMSAN_INTERNAL void WriteStderr(const char *msg);

/* Text for an errno value without touching locales or the allocator. */
KMEMSAN_INTERNAL const char *ErrnoText(int err);

/* getenv() that also works before libc has set up environ. */
KMEMSAN_INTERNAL const char *GetEnv(const char *name);
/* The envp .preinit_array received, for GetEnv() before libc's start-up. */
KMEMSAN_INTERNAL extern char **g_startup_envp;

/* ---- Per-thread state (hosted_thread.cpp) ---- */

/* Nonzero while the current thread runs runtime code (a report, a hook). */
KMEMSAN_INTERNAL extern __thread int t_in_runtime
    __attribute__((tls_model("initial-exec")));
KMEMSAN_ALWAYS_INLINE bool InRuntime() { return t_in_runtime != 0; }

/* The checks of instrumented-code helpers (mem/str functions) may run. */
KMEMSAN_ALWAYS_INLINE bool ChecksActive() {
  return g_core_ready && !InRuntime();
}

/*
 * Return addresses of the frame-pointer chain from FP, which must not go
 * below BOTTOM (an address known to be on the live part of this stack).
 */
KMEMSAN_INTERNAL size_t UnwindFrom(uintptr_t fp, uintptr_t bottom,
                                   uintptr_t *pcs, size_t max);

/* Installs the SIGSEGV handler unless the program has one (hosted_fault.cpp).
 */
KMEMSAN_INTERNAL void InstallFaultHandler();

/* Forgets cached per-process thread state in a forked child. */
KMEMSAN_INTERNAL void ResetThreadStateAfterFork();

/* ---- Raw memory (hosted_raw.cpp), never checked, never a libc call ---- */

KMEMSAN_INTERNAL void *RawMemcpy(void *dst, const void *src, size_t n);
KMEMSAN_INTERNAL void *RawMemmove(void *dst, const void *src, size_t n);
KMEMSAN_INTERNAL void *RawMemset(void *dst, int c, size_t n);
KMEMSAN_INTERNAL size_t RawStrlen(const char *s);
KMEMSAN_INTERNAL int RawStrcmp(const char *a, const char *b);
KMEMSAN_INTERNAL int RawStrncmp(const char *a, const char *b, size_t n);

/* Small formatting helpers for allocation-free output. */
KMEMSAN_INTERNAL char *AppendStr(char *p, char *end, const char *s);
KMEMSAN_INTERNAL char *AppendHex(char *p, char *end, uintptr_t v);
KMEMSAN_INTERNAL char *AppendDec(char *p, char *end, uintptr_t v);

/* ---- A lock that never allocates ---- */

class SpinLock {
public:
  void Lock();
  void Unlock() { __atomic_store_n(&state_, 0, __ATOMIC_RELEASE); }

private:
  int state_ = 0;
};

class LockGuard {
public:
  explicit LockGuard(SpinLock &l) : lock_(l) { lock_.Lock(); }
  ~LockGuard() { lock_.Unlock(); }

private:
  SpinLock &lock_;
};

/* ---- The kernel-model allocator (slab_allocator.cpp, page_allocator.cpp) ----
 */

/* Maps the heap (slab, page and vmalloc regions); false on failure. */
KMEMSAN_INTERNAL bool InitAllocatorRegions();
/* The page allocator and vmalloc, each SIZE bytes from BASE on. */
KMEMSAN_INTERNAL bool InitPageRegions(uintptr_t base, size_t size);

struct SlabCache;

/* The kmalloc cache for SIZE (0..KMALLOC_MAX_CACHE_SIZE), else NULL. */
KMEMSAN_INTERNAL SlabCache *KmallocCacheFor(size_t size);

/* kmem_cache_create()/destroy(); NULL for impossible geometry. */
KMEMSAN_INTERNAL SlabCache *SlabCacheCreate(const char *name, size_t size,
                                            size_t align, unsigned long flags,
                                            void (*ctor)(void *));
KMEMSAN_INTERNAL void SlabCacheDestroy(SlabCache *cache);
KMEMSAN_INTERNAL void (*SlabCacheCtor(SlabCache *cache))(void *);
KMEMSAN_INTERNAL size_t SlabCacheObjectSize(const SlabCache *cache);

/*
 * Takes a slot from CACHE and fills OUT; *FRESH tells whether the slot was
 * never handed out before (its constructor has not run). NULL when out of
 * memory or the cache was destroyed.
 */
KMEMSAN_INTERNAL void *SlabTake(SlabCache *cache, struct kmemsan_object *out,
                                bool *fresh);
/* Puts the slot back on its cache's free list. */
KMEMSAN_INTERNAL void SlabGiveBack(const struct kmemsan_object *obj);
KMEMSAN_INTERNAL bool SlabDescribe(uintptr_t addr, struct kmemsan_object *out);

/* Page allocator: blocks of 2^ORDER pages aligned to their size. */
KMEMSAN_INTERNAL void *PagesTake(unsigned order, struct kmemsan_object *out);
KMEMSAN_INTERNAL void PagesGiveBack(const struct kmemsan_object *obj);
KMEMSAN_INTERNAL bool PagesDescribe(uintptr_t addr, struct kmemsan_object *out);

/* vmalloc: page-granular areas followed by a guard page. */
KMEMSAN_INTERNAL void *VmallocTake(size_t size, struct kmemsan_object *out);
KMEMSAN_INTERNAL void VmallocGiveBack(const struct kmemsan_object *obj);
KMEMSAN_INTERNAL bool VmallocDescribe(uintptr_t addr,
                                      struct kmemsan_object *out);

/* Poisons memory an allocator takes from its region, when KASan is on. */
KMEMSAN_INTERNAL void PoisonNewMemory(const void *addr, size_t size,
                                      uint8_t value);

/* Smallest order with 2^order pages >= SIZE. */
KMEMSAN_INTERNAL unsigned PageOrderFor(size_t size);

/*
 * The allocation paths every API shares (kernel_api.cpp). They hand the
 * object to the core (or, inside the runtime, just unpoison it) and return
 * the pointer, or NULL.
 */
KMEMSAN_INTERNAL void *AllocKmalloc(size_t size, bool zero, uintptr_t ret_ip);
KMEMSAN_INTERNAL void *AllocAligned(size_t size, size_t align, bool zero,
                                    uintptr_t ret_ip);
KMEMSAN_INTERNAL void *AllocFromCache(SlabCache *cache, size_t requested,
                                      bool zero, uintptr_t ret_ip);
KMEMSAN_INTERNAL void *AllocPages(unsigned order, size_t requested, bool zero,
                                  uintptr_t ret_ip);
KMEMSAN_INTERNAL void *AllocVmalloc(size_t size, bool zero, uintptr_t ret_ip);
/* Frees any allocator object through the core's validation. */
KMEMSAN_INTERNAL void FreeObject(const void *ptr, uintptr_t ret_ip);

/* The core's view of ADDR's object (slab, pages or vmalloc). */
KMEMSAN_INTERNAL bool DescribeObject(uintptr_t addr,
                                     struct kmemsan_object *out);

/*
 * KLSan's exact lookups: the live object whose [start, start + requested)
 * holds ADDR (a zero-byte object holds its start address). Lock-free.
 */
KMEMSAN_INTERNAL bool SlabFindLive(uintptr_t addr, struct kmemsan_object *out);
KMEMSAN_INTERNAL bool PagesFindLive(uintptr_t addr, struct kmemsan_object *out);
KMEMSAN_INTERNAL bool VmallocFindLive(uintptr_t addr,
                                      struct kmemsan_object *out);

/* ---- KLSan platform support (hosted_klsan.cpp) ---- */

/*
 * The one contiguous region every allocator region is carved from: the
 * slab region, then the page allocator's, then vmalloc's. Sets the core's
 * __kmemsan_klsan_heap_start/_end. Called once, before the first allocation.
 */
KMEMSAN_INTERNAL void KlsanSetHeapRange(uintptr_t start, uintptr_t slab_end,
                                        uintptr_t end);

/* From Start(): maps the tag directory. Fatal when it cannot. */
KMEMSAN_INTERNAL void KlsanMapDirectory();
/* From Start(): the thread registry, the stop signal, the main thread. */
KMEMSAN_INTERNAL void KlsanThreadsInit();
/* From .preinit_array: the thread-exit key, the exit hook, TLS geometry. */
KMEMSAN_INTERNAL void KlsanPreinit();
/* In a forked child: only the current thread is left. */
KMEMSAN_INTERNAL void KlsanResetAfterFork();

/* The frame of the runtime's thread-start wrapper, hidden from stacks. */
KMEMSAN_INTERNAL extern __thread uintptr_t t_thread_start_fp
    __attribute__((tls_model("initial-exec")));

/* The current thread is in the stop-the-world machinery (no safepoints). */
KMEMSAN_INTERNAL extern __thread int t_klsan_busy
    __attribute__((tls_model("initial-exec")));

/* The dynamic loader's code: its allocations are never reported. */
KMEMSAN_INTERNAL extern uintptr_t g_linker_text_start, g_linker_text_size;

/* Runs the core's safepoint with this frame as the caller's stack limit. */
KMEMSAN_INTERNAL void KlsanSafepointSlow();

} // namespace kmemsan::hosted

namespace kmemsan::hosted {

/* KLSan is linked in and on: the allocator calls its hooks. */
KMEMSAN_ALWAYS_INLINE bool KlsanOn() {
  return g_core_ready && kmemsan_klsan_enabled();
}

/* On allocator entry, where no allocator lock is held. */
KMEMSAN_ALWAYS_INLINE void KlsanMaybeSafepoint() {
  if (g_core_ready && !InRuntime() && !t_klsan_busy && KlsanOn())
    KlsanSafepointSlow();
}

/* A new object: tell KLSan, after KASan (see kernel_api.cpp HandOut). */
KMEMSAN_ALWAYS_INLINE void KlsanAllocated(const struct kmemsan_object *obj,
                                          size_t requested, uintptr_t ret_ip) {
  if (!KlsanOn())
    return;
  kmemsan_klsan_alloc(obj, requested, ret_ip);
  if (ret_ip - g_linker_text_start < g_linker_text_size)
    kmemsan_not_leak((const void *)obj->start);
}

/* Tags move with data the allocator copies (realloc, krealloc, kmemdup). */
KMEMSAN_ALWAYS_INLINE void KlsanCopied(void *dst, const void *src, size_t n) {
  if (n && KlsanOn())
    __kmemsan_klsan_copy(dst, (void *)src, n);
}

/* ---- /proc/self/maps (proc_maps.cpp), read without allocating ---- */

struct Mapping {
  uintptr_t start, end;
  bool readable, writable;
};

/* Calls FN(mapping, ARG) for every mapping; FN returns false to stop. */
void ForEachMapping(bool (*fn)(const Mapping &, void *), void *arg);

template <typename Fn> void ForEachMapping(Fn fn) {
  ForEachMapping(
      [](const Mapping &m, void *a) { return (*static_cast<Fn *>(a))(m); },
      &fn);
}

/* The mapping that contains ADDR. */
bool MappingOf(uintptr_t addr, Mapping *out);

} // namespace kmemsan::hosted

#endif /* KMEMSAN_HOSTED_H */
