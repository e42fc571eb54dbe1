/*
 * The runtime core's C interface for platforms and allocators.
 *
 * An allocator (the hosted kernel-model allocator, or SLUB/vmalloc/page
 * allocator hooks in the kernel) calls these at each allocation and free;
 * the core decides what is poisoned, what is a bug, and reports it.
 */
#ifndef KMEMSAN_CORE_H
#define KMEMSAN_CORE_H

#include "kmemsan_platform.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Shadow geometry: one shadow byte for each 8-byte granule. */
#define KMEMSAN_GRANULE_SHIFT 3
#define KMEMSAN_GRANULE_SIZE (1UL << KMEMSAN_GRANULE_SHIFT)

/* Shadow values, the same numbers as Linux 6.1 generic KASAN. */
#define KMEMSAN_PAGE_FREE 0xFF
#define KMEMSAN_PAGE_REDZONE 0xFE
#define KMEMSAN_SLAB_REDZONE 0xFC
#define KMEMSAN_SLAB_FREE 0xFB
#define KMEMSAN_SLAB_FREETRACK 0xFA
#define KMEMSAN_GLOBAL_REDZONE 0xF9
#define KMEMSAN_VMALLOC_INVALID 0xF8
#define KMEMSAN_STACK_LEFT 0xF1
#define KMEMSAN_STACK_MID 0xF2
#define KMEMSAN_STACK_RIGHT 0xF3
#define KMEMSAN_ALLOCA_LEFT 0xCA
#define KMEMSAN_ALLOCA_RIGHT 0xCB

/* Reads KMEMSAN_OPTIONS (through the platform) and sets up the core. Idempotent. */
void kmemsan_init(void);

/*
 * The parsed options (runtime/core/options.def), for platforms: the value
 * of the string option NAME (e.g. "log_path"; "" when unset), or NULL when
 * NAME is not a string option; and the value of the bool, int or size
 * option NAME, or -1 when there is none. Valid after kmemsan_init().
 */
const char *kmemsan_option_string(const char *name);
long kmemsan_option_int(const char *name);

/* Nonzero when the KASan detector is on (option kasan=1, the default). */
int kmemsan_kasan_enabled(void);

/* Marks [ADDR, ADDR+SIZE) with VALUE; ADDR and SIZE granule-aligned. */
void kmemsan_kasan_poison(const void *addr, size_t size, uint8_t value);

/* Makes [ADDR, ADDR+SIZE) accessible; a partial last granule gets SIZE % 8. */
void kmemsan_kasan_unpoison(const void *addr, size_t size);

/*
 * The allocator hooks below take the reentrancy guard (kmemsan_platform_enter)
 * themselves to record stacks and to report; call them without holding it.
 * Called while it is held (an allocation made by the runtime itself), they
 * still poison and unpoison but record no stack and report nothing.
 */

/*
 * An object was handed out: unpoisons the REQUESTED bytes at OBJ->start,
 * poisons the rest of OBJ->size as the kind's redzone (slab 0xFC, page 0xFE,
 * vmalloc 0xF8) and records the allocation stack in OBJ->meta, dropping the
 * frames up to and including RET_IP's caller-side runtime frames.
 */
void kmemsan_kasan_alloc(const struct kmemsan_object *obj, size_t requested,
                         uintptr_t ret_ip);

enum kmemsan_free_result {
  KMEMSAN_FREE_REJECTED = 0,    /* invalid or double free: reported; leave it alone */
  KMEMSAN_FREE_QUARANTINED = 1, /* the quarantine holds it; released later */
  KMEMSAN_FREE_RELEASE = 2,     /* the allocator may reuse it now */
};

/*
 * The caller asked to free PTR. Looks the object up, reports invalid-free
 * (PTR not the start of a live object) or double-free, otherwise poisons it
 * (slab 0xFB, page 0xFF, vmalloc 0xF8), records the free stack and puts it
 * in the quarantine.
 */
enum kmemsan_free_result kmemsan_kasan_free(const void *ptr, uintptr_t ret_ip);

/*
 * Checks that one byte at ADDR is accessible, reporting a bad access of
 * size 1 otherwise (ksize() and kfree_sensitive() use it). Nonzero when OK.
 */
int kmemsan_kasan_check_byte(const void *addr, uintptr_t ret_ip);

/*
 * Checks [ADDR, ADDR+SIZE) and reports the first bad byte as an access of
 * SIZE at ADDR attributed to RET_IP. Nonzero when the whole range is fine.
 * The hosted mem and str functions use it.
 */
int kmemsan_kasan_check_range(uintptr_t addr, size_t size, int write,
                              uintptr_t ret_ip);

/* ---- KLSan ---- */

/*
 * The tag shadow (8:8): for every aligned 8-byte word of memory, the tag of
 * the object record its value is counted against (0: none). Only memory
 * that holds references costs anything; two layouts, chosen at build time
 * (the pass emits the same lookup inline, option -kmemsan-klsan-layout):
 *
 * Hosted (the default): a flat directory of chunk pointers at the fixed
 * address KMEMSAN_KLSAN_DIRECTORY (one 8-byte entry per 2 MiB of the 47-bit
 * user half, mapped NORESERVE by the platform), each chunk the tags of its
 * 2 MiB:
 *
 *   chunk = directory[addr >> 21]                           (0: all tags 0)
 *   tag   = *(uint64_t *)(chunk + (addr & (2 MiB - 1) & ~7))
 *
 * Kernel (KMEMSAN_KLSAN_KERNEL_LAYOUT): a radix tree whose root,
 * __kmemsan_klsan_root, is part of the image (zero from the first
 * instruction, so that instrumented code may look up at any point of
 * boot); tables and tag pages are 4 KiB, taken when first needed:
 *
 *   l1  = __kmemsan_klsan_root[(addr >> 30) & 0x1ffff]  (per GiB of the half)
 *   l2  = l1[(addr >> 21) & 511]                        (per 2 MiB)
 *   pg  = l2[(addr >> 12) & 511]                        (per 4 KiB)
 *   tag = *(uint64_t *)(pg + (addr & 4095 & ~7))        (any level 0: tag 0)
 *
 * KMEMSAN_KLSAN_CHUNK_SHIFT is the span of one tag chunk (the unit in which
 * tag memory is taken): 2 MiB hosted, 4 KiB in the kernel.
 */
#ifdef KMEMSAN_KLSAN_KERNEL_LAYOUT
#define KMEMSAN_KLSAN_CHUNK_SHIFT 12
#define KMEMSAN_KLSAN_ROOT_ENTRIES (1UL << 17)
#else
#define KMEMSAN_KLSAN_CHUNK_SHIFT 21
#endif
#define KMEMSAN_KLSAN_CHUNK_SIZE (1UL << KMEMSAN_KLSAN_CHUNK_SHIFT)
#define KMEMSAN_KLSAN_CHUNK_MASK (KMEMSAN_KLSAN_CHUNK_SIZE - 1)
#ifndef KMEMSAN_KLSAN_DIRECTORY
#define KMEMSAN_KLSAN_DIRECTORY 0x500000000000UL
#endif
/* Size of the hosted directory for a 47-bit (128 TiB) address space. */
#define KMEMSAN_KLSAN_DIRECTORY_SIZE ((1UL << 47) >> 21 << 3)

/*
 * Where tracked objects live: every allocation the platform's allocator
 * hands out lies in [heap_start, heap_end). The pass's inline test reads
 * these two words: a stored value outside the range (after the tag mask)
 * cannot be a reference. Set by the platform before the first allocation.
 */
extern uintptr_t __kmemsan_klsan_heap_start;
extern uintptr_t __kmemsan_klsan_heap_end;

/* Nonzero when KLSan is on: option klsan=1, or code built with KLSan linked in. */
int kmemsan_klsan_enabled(void);

/* A tracked object was handed out (after kmemsan_kasan_alloc). */
void kmemsan_klsan_alloc(const struct kmemsan_object *obj, size_t requested,
                         uintptr_t ret_ip);

/*
 * A tracked object is being freed (before kmemsan_kasan_free poisons it):
 * the references it holds are dropped ("dropped when its holder was
 * freed") and its record dies.
 */
void kmemsan_klsan_free(const struct kmemsan_object *obj, uintptr_t ret_ip);

/*
 * A safe point: the platform calls this where no runtime lock is held (for
 * example on entry to the allocator). Cheap unless confirmation is due.
 */
void kmemsan_klsan_safepoint(void);

/* The program is ending: report what is unreachable now ("found at exit"). */
void kmemsan_klsan_at_exit(void);

/*
 * Memory that is not a tracked object (a per-CPU area, module memory, an
 * unmapped vmalloc area) is going away: the references it holds are dropped
 * as when their holder is freed, and its tags are cleared.
 */
void kmemsan_klsan_forget_range(const void *addr, size_t size,
                                uintptr_t ret_ip);

/*
 * Runs a confirmation now (the trace, then the reports). The platform
 * calls it where kmemsan_platform_stop_world() can act: the kernel from
 * its stop_machine() callback, after kmemsan_platform_request_confirmation().
 */
void kmemsan_klsan_confirm_now(void);

/*
 * The same in two steps, for a platform that stops the world in a way that
 * printing would stall (the kernel's stop_machine(): every other CPU spins
 * with interrupts off, and a console at serial speed needs seconds for a
 * few reports): kmemsan_klsan_confirm_stopped() traces and keeps the
 * reports, kmemsan_klsan_print_confirmed() prints them once the world runs.
 */
void kmemsan_klsan_confirm_stopped(void);
void kmemsan_klsan_print_confirmed(void);

/*
 * The other CPUs of that stop share the trace: the platform calls
 * kmemsan_klsan_confirm_arm() before it stops the machine, then on every
 * stopped CPU but the one in kmemsan_klsan_confirm_stopped()
 * kmemsan_klsan_confirm_help(), which returns when the trace is over (or
 * at once when that confirmation ends without one).
 */
void kmemsan_klsan_confirm_arm(void);
void kmemsan_klsan_confirm_help(void);

/* Candidate events (new candidates, drops) since the last confirmation. */
uint64_t kmemsan_klsan_pending_events(void);
/* Confirmations that gave up (option klsan_confirm_max_ms). */
uint64_t kmemsan_klsan_confirmations_given_up(void);

#ifdef __cplusplus
}
#endif

#endif /* KMEMSAN_CORE_H */
