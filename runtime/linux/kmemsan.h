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
/* An access of SIZE at ADDR; reports when it is bad. True when reported. */
bool kmemsan_report_access(unsigned long addr, size_t size, bool write,
			   unsigned long ip);
/* PTR was found to be an invalid or double free of non-slab memory. */
void kmemsan_report_free(void *ptr, unsigned long ip);
/* kasan_check_range(): the kmemsan core's check. True when the range is fine. */
bool kmemsan_check_range(unsigned long addr, size_t size, bool write,
			 unsigned long ip);

#endif /* _LINUX_KMEMSAN_H */
