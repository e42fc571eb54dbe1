/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmemsan: what mm/kasan calls in the kmemsan runtime (mm/kmemsan) when
 * CONFIG_KMEMSAN is on. Installed as include/linux/kmemsan.h.
 *
 * mm/kasan keeps the shadow set-up, the page/vmalloc poisoning and its
 * quarantine; slab object bookkeeping, free checks, access checks and
 * every report are the kmemsan core's.
 */
#ifndef _LINUX_KMEMSAN_H
#define _LINUX_KMEMSAN_H

#include <linux/types.h>

struct kmem_cache;

/* A slab object was handed out with SIZE usable bytes. */
void kmemsan_slab_alloc(struct kmem_cache *cache, void *object, size_t size,
			unsigned long ip);
/*
 * OBJECT (possibly not an object start) is being freed to CACHE. Returns
 * true when the free was rejected (invalid or double free, reported): the
 * allocator must leave the object alone. Otherwise the object is poisoned.
 */
bool kmemsan_slab_free(struct kmem_cache *cache, void *object,
		       unsigned long ip);
/*
 * OBJECT of a SLAB_TYPESAFE_BY_RCU cache is being freed (KASan leaves such
 * objects alone): KLSan forgets it.
 */
void kmemsan_slab_free_rcu(struct kmem_cache *cache, void *object,
			   unsigned long ip);

/*
 * OBJECT of a SLAB_TYPESAFE_BY_RCU cache stops being accessible (after the
 * RCU delay of CONFIG_SLUB_RCU_DEBUG): KASan poisons it. True when the
 * free was rejected, as for kmemsan_slab_free().
 */
bool kmemsan_slab_free_after_rcu(struct kmem_cache *cache, void *object,
				 unsigned long ip);

/*
 * A mempool element goes into its pool (poison; true when rejected as an
 * invalid or double free) or out of it with SIZE usable bytes (unpoison).
 */
bool kmemsan_mempool_poison(struct kmem_cache *cache, void *object,
			    unsigned long ip);
void kmemsan_mempool_unpoison(struct kmem_cache *cache, void *object,
			      size_t size, unsigned long ip);
/* An access of SIZE at ADDR; reports when it is bad. True when reported. */
bool kmemsan_report_access(unsigned long addr, size_t size, bool write,
			   unsigned long ip);
/* PTR was found to be an invalid or double free of non-slab memory. */
void kmemsan_report_free(void *ptr, unsigned long ip);
/* kasan_check_range(): the kmemsan core's check. True when the range is fine. */
bool kmemsan_check_range(unsigned long addr, size_t size, bool write,
			 unsigned long ip);

#ifdef CONFIG_KMEMSAN_KLSAN
/*
 * KLSan: vmalloc areas (tracked objects in the vmalloc range, extra roots
 * in the module range) and memory that goes away without a free of a
 * tracked object (unmapped areas, per-CPU areas).
 */
void kmemsan_vmalloc(const void *addr, unsigned long requested,
		     unsigned long span, const void *area, const void *va,
		     unsigned long ip);
void kmemsan_vunmap(const void *addr, unsigned long span, unsigned long ip);
void kmemsan_percpu_free(void __percpu *ptr, size_t size, unsigned long ip);
/* Pages go back to the page allocator: the references they hold die. */
void kmemsan_pages_free(const void *addr, size_t size, unsigned long ip);
/* The size of one CPU's unit of the first per-CPU chunk (mm/percpu.c). */
unsigned long kmemsan_pcpu_unit_size(void);
/* N bytes were copied from SRC to DST by code that is not instrumented. */
void kmemsan_copy_refs(void *dst, const void *src, size_t n);
/*
 * STACK (a vmalloc area) is a task's kernel stack (kernel/fork.c): what it
 * holds is traced only from its task's saved stack pointer up, never as an
 * object's contents.
 */
void kmemsan_thread_stack(const void *stack);
#else
static inline void kmemsan_thread_stack(const void *stack) { }
static inline void kmemsan_copy_refs(void *dst, const void *src, size_t n) { }
static inline void kmemsan_vmalloc(const void *addr, unsigned long requested,
				   unsigned long span, const void *area,
				   const void *va, unsigned long ip) { }
static inline void kmemsan_vunmap(const void *addr, unsigned long span,
				  unsigned long ip) { }
static inline void kmemsan_percpu_free(void __percpu *ptr, size_t size,
				       unsigned long ip) { }
static inline void kmemsan_pages_free(const void *addr, size_t size,
				      unsigned long ip) { }
#endif

#endif /* _LINUX_KMEMSAN_H */
