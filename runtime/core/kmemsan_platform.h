/*
 * The services a platform gives the runtime core.
 *
 * The core (runtime/core) is freestanding and knows nothing of the system it
 * runs on; each platform (runtime/hosted for Linux processes, runtime/linux
 * for the kernel) implements every function declared here, in C linkage, so
 * the kernel glue can be plain C. The platform adapts; it never decides what
 * is a bug.
 */
#ifndef KMEMSAN_PLATFORM_H
#define KMEMSAN_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Output of reports and diagnostics; called with whole lines. */
void kmemsan_platform_write(const char *buf, size_t len);

/* Stops the program or kernel after a report when halt_on_error is set. */
void kmemsan_platform_halt(void) __attribute__((noreturn));

/* The option string (KMEMSAN_OPTIONS or a boot parameter), or NULL. */
const char *kmemsan_platform_options(void);

/* Nonzero when ADDR has shadow memory that the core may read and write. */
int kmemsan_platform_addr_has_shadow(uintptr_t addr);

/*
 * Only on a platform that builds the core with KMEMSAN_SHADOW_FLOOR_VARIABLE
 * (the kernel, whose shadow covers every address from a bound known only at
 * boot, with 4- or 5-level page tables): that bound, read once by the first
 * kmemsan_init(), which may come early in boot; from then on
 * kmemsan_platform_addr_has_shadow(addr) must be addr >= the bound.
 */
uintptr_t kmemsan_platform_shadow_floor(void);

/*
 * Optional (weak: a platform may leave it out): nonzero when ADDR, which has
 * no shadow, is a user-space address, so that the kernel reports a bad
 * access there as user-memory-access rather than wild-memory-access.
 */
int kmemsan_platform_addr_is_user(uintptr_t addr) __attribute__((weak));

/* Nonzero when ADDR lies on the stack of some thread or task. */
int kmemsan_platform_addr_on_stack(uintptr_t addr);

/*
 * Optional (weak): when SP lies on the current thread's stack, the top of
 * that stack (its highest address, exclusive); otherwise 0. With it,
 * __asan_handle_no_return clears the redzones of the frames that a longjmp
 * or a throw is about to skip; without it they stay until reused.
 */
uintptr_t kmemsan_platform_stack_top(uintptr_t sp) __attribute__((weak));

/* The current thread or task: its id and its name ("comm"). */
uint32_t kmemsan_platform_task_id(void);
void kmemsan_platform_task_name(char *buf, size_t size);

/*
 * Reentrancy guard: returns nonzero and marks the current thread as inside
 * the runtime, or returns zero when it already is (the caller then does
 * nothing). Every entry point that can report or allocate metadata uses it.
 */
int kmemsan_platform_enter(void);
void kmemsan_platform_leave(void);

/*
 * Unwinds the current stack, starting at the caller of this function, into
 * PCS (return addresses, innermost first). Returns how many were stored.
 */
size_t kmemsan_platform_unwind(uintptr_t *pcs, size_t max);

/*
 * Writes "func+0xoff/0xsize" for PC into BUF (NUL-terminated). With
 * WITH_LOCATION nonzero, appends " (file:line)" when it is known.
 * PC is a return address; the platform looks up PC - 1 for the line.
 */
void kmemsan_platform_symbolize(uintptr_t pc, int with_location, char *buf,
                                size_t size);

/*
 * Zeroed memory for the core's own bookkeeping (stack depot, quarantine
 * batches, global registry). SIZE is a multiple of 4096; never freed.
 * Returns NULL when out of memory.
 */
void *kmemsan_platform_map_metadata(size_t size);

/*
 * Copies N bytes (the ranges may overlap) and fills N bytes, unchecked: the
 * checked memory functions (__asan_memcpy and friends) call these once the
 * ranges passed, so each platform can use its fastest copy.
 */
void kmemsan_platform_memmove(void *dst, const void *src, size_t n);
void kmemsan_platform_memset(void *dst, int c, size_t n);

/* ---- The allocator, as the core sees it ---- */

enum kmemsan_object_kind {
  KMEMSAN_OBJECT_SLAB = 1,    /* a slot of a slab cache (kmalloc-N or named) */
  KMEMSAN_OBJECT_PAGE = 2,    /* pages from the page allocator */
  KMEMSAN_OBJECT_VMALLOC = 3, /* a vmalloc area */
};

/* Who did something to an object, and where: a stack depot handle. */
struct kmemsan_track {
  uint32_t stack; /* 0: none recorded */
  uint32_t task_id;
};

/*
 * Per-object state that the core reads and writes and the allocator stores,
 * outside the object's own memory so that a wild write cannot corrupt it.
 */
struct kmemsan_object_meta {
  struct kmemsan_track alloc;
  struct kmemsan_track free;
  size_t requested;  /* the size the caller asked for */
  uint8_t allocated; /* 1 between allocation and free */
  uint8_t pad[3];
  uint32_t klsan_record; /* KLSan: the object's record (0: none); core-owned */
};

struct kmemsan_object {
  enum kmemsan_object_kind kind;
  uintptr_t start;        /* first byte the caller got */
  size_t size;            /* slab: the cache's object size; page/vmalloc: the mapped span */
  const char *cache_name; /* slab: "kmalloc-128" or the kmem_cache name; else NULL */
  unsigned page_order;    /* page: the allocation order */
  struct kmemsan_object_meta *meta;
  void *owner; /* allocator's own handle (its cache), opaque to the core */
  size_t footprint; /* memory the object really ties up (its slot with the
                       redzones); 0: the same as size. The quarantine's
                       budget counts this. */
};

/*
 * Finds the allocator object that ADDR belongs to or is nearest to: the
 * object containing ADDR, or, for an address in a redzone between two
 * objects, the closer of the two (so that ptr[-1] is described as "to the
 * left of" the object PTR points to). Returns 0 when ADDR is not allocator
 * memory. The result describes free objects too (meta->allocated == 0).
 */
int kmemsan_platform_describe_object(uintptr_t addr, struct kmemsan_object *out);

/*
 * Gives an object that the quarantine held back to its allocator for reuse.
 * OBJ is what describe_object returned when it was freed.
 */
void kmemsan_platform_release_object(const struct kmemsan_object *obj);

/* ---- KLSan: what the leak detector needs from a platform ---- */

/*
 * Exact lookup for KLSan, on the hot path: fills OUT and returns nonzero
 * when ADDR lies inside [start, start + requested) of an object that is
 * currently allocated, or that its allocator keeps for reuse after a
 * KASan-only free while KLSan still tracks it (meta->klsan_record != 0: a
 * kernel mempool's reserved element is free for KASan, yet the pool holds
 * it). No nearest-object rule, no locks where avoidable.
 */
int kmemsan_platform_find_live_object(uintptr_t addr, struct kmemsan_object *out);

/*
 * Stops every other thread (task) of the program at a point where its
 * registers are saved where kmemsan_platform_for_each_root() will find
 * them, and resumes them. Calls nest: only the outermost pair acts.
 */
void kmemsan_platform_stop_world(void);
void kmemsan_platform_resume_world(void);

/*
 * Calls CB for every range of memory that may hold references the
 * instrumentation did not count: each thread's saved registers, the live
 * part of each thread's stack, thread-local storage, and the writable data
 * of every loaded module (globals of code built without the plugin
 * included). Ranges are word-aligned. Called with the world stopped.
 */
typedef void (*kmemsan_root_fn)(uintptr_t begin, uintptr_t end, void *arg);
void kmemsan_platform_for_each_root(kmemsan_root_fn cb, void *arg);

/*
 * Optional (weak): a safe point found a confirmation due, but this platform
 * cannot stop the world from there (the kernel: an allocation hook, maybe
 * with interrupts off). The platform arranges for
 * kmemsan_klsan_confirm_now() to run soon from a context where it can.
 * Without it, the safe point confirms at once.
 */
void kmemsan_platform_request_confirmation(void) __attribute__((weak));

/*
 * Optional (weak): a monotonic clock in nanoseconds that works with the
 * world stopped. With it, the option klsan_confirm_max_ms bounds how long a
 * confirmation traces; without it that option has no effect.
 */
uint64_t kmemsan_platform_now_ns(void) __attribute__((weak));

/*
 * Called once at the end of every report (the kernel glue flags the KUnit
 * resource here); BUG_TYPE is the report's bug type string.
 */
void kmemsan_platform_report_done(const char *bug_type);

#ifdef __cplusplus
}
#endif

#endif /* KMEMSAN_PLATFORM_H */
