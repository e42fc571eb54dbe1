// SPDX-License-Identifier: GPL-2.0
/*
 * kmemsan: the Linux platform layer of the runtime (mm/kmemsan/kmemsan_glue.c).
 *
 * Implements every kmemsan_platform_* function the core
 * (runtime/core/kmemsan_platform.h) needs, in plain C, and the entry points
 * mm/kasan calls when CONFIG_KMEMSAN is on (include/linux/kmemsan.h).
 *
 * Division of labour (see runtime/linux/README.md):
 *  - the kernel's generic KASAN sets up the shadow (kasan_init), poisons
 *    pages, vmalloc areas and new slabs, and keeps its own quarantine;
 *  - the kmemsan core defines the __asan_* entry points the pass calls,
 *    keeps the per-object slab metadata (stored in KASAN's per-object alloc
 *    meta area), decides what is an invalid or double free, checks every
 *    range the kernel asks about (kasan_check_range, kasan_report) and
 *    prints every report.
 *
 * This file is not instrumented (KASAN_SANITIZE := n).
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/export.h>
#include <linux/kasan.h>
#include <linux/kmemsan.h>
#include <linux/mm.h>
#include <linux/memblock.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/stacktrace.h>
#include <linux/kallsyms.h>
#include <linux/string.h>
#include <kunit/test.h>
#include <asm/sections.h>

#include "../slab.h"
#include "../kasan/kasan.h"

#include "kmemsan_core.h"

/* ---- Output, halting, options ---- */

void kmemsan_platform_write(const char *buf, size_t len)
{
	/* The core hands whole lines, '\n' included. */
	printk(KERN_ERR "%.*s", (int)len, buf);
}

void kmemsan_platform_halt(void)
{
	panic("kmemsan: halt_on_error\n");
}

/*
 * The option string: "kmemsan=<options>" on the kernel command line, after
 * the kernel's defaults. KASAN's quarantine (mm/kasan/quarantine.c) holds
 * freed slab objects, so the core's own is off.
 */
#define KMEMSAN_DEFAULT_OPTIONS "quarantine_size_mb=0"
static char kmemsan_options[256] = KMEMSAN_DEFAULT_OPTIONS;

static int __init kmemsan_parse_options(char *arg)
{
	if (!arg)
		return -EINVAL;
	snprintf(kmemsan_options, sizeof(kmemsan_options), "%s,%s",
		 KMEMSAN_DEFAULT_OPTIONS, arg);
	return 0;
}
early_param("kmemsan", kmemsan_parse_options);

const char *kmemsan_platform_options(void)
{
	return kmemsan_options;
}

/* ---- Addresses ---- */

int kmemsan_platform_addr_has_shadow(uintptr_t addr)
{
	/* The same test as KASAN's addr_has_metadata(). */
	return addr >= (uintptr_t)kasan_shadow_to_mem((void *)KASAN_SHADOW_START);
}

int kmemsan_platform_addr_is_user(uintptr_t addr)
{
	return addr < TASK_SIZE_MAX;
}

int kmemsan_platform_addr_on_stack(uintptr_t addr)
{
	return object_is_on_stack((void *)addr);
}

/* ---- The current task ---- */

uint32_t kmemsan_platform_task_id(void)
{
	return current->pid;
}

void kmemsan_platform_task_name(char *buf, size_t size)
{
	strscpy(buf, current->comm, size);
}

/*
 * Reentrancy guard: a per-CPU flag, taken with interrupts off, so that an
 * interrupt arriving while the runtime works on this CPU (holding one of
 * the core's spinlocks, say) cannot enter it again. NMIs never enter.
 * kasan_disable_current() sections (current->kasan_depth) are respected:
 * nothing is reported there, as with KASAN.
 */
static DEFINE_PER_CPU(int, kmemsan_in_runtime);
static DEFINE_PER_CPU(unsigned long, kmemsan_irq_flags);

int kmemsan_platform_enter(void)
{
	unsigned long flags;

	if (in_nmi() || current->kasan_depth)
		return 0;
	local_irq_save(flags);
	if (this_cpu_read(kmemsan_in_runtime)) {
		local_irq_restore(flags);
		return 0;
	}
	this_cpu_write(kmemsan_in_runtime, 1);
	this_cpu_write(kmemsan_irq_flags, flags);
	return 1;
}

void kmemsan_platform_leave(void)
{
	unsigned long flags = this_cpu_read(kmemsan_irq_flags);

	this_cpu_write(kmemsan_in_runtime, 0);
	local_irq_restore(flags);
}

/* ---- Stacks and symbols ---- */

size_t kmemsan_platform_unwind(uintptr_t *pcs, size_t max)
{
	/* Skip this function; the core drops its own frames by ret_ip. */
	return stack_trace_save((unsigned long *)pcs, max, 1);
}

void kmemsan_platform_symbolize(uintptr_t pc, int with_location, char *buf,
				size_t size)
{
	char sym[KSYM_SYMBOL_LEN];

	/* "func+0xoff/0xsize", as %pS prints it. */
	sprint_symbol(sym, pc);
	strscpy(buf, sym, size);
}

/* ---- Metadata memory ---- */

/*
 * The core's bookkeeping (stack depot, global registry) comes from a static
 * pool first, so that it works from the first allocation hook on, in any
 * context; then from the page allocator (GFP_ATOMIC: the core may ask from
 * inside allocator hooks, with interrupts off).
 */
#define KMEMSAN_POOL_SIZE (8UL << 20)
static char kmemsan_pool[KMEMSAN_POOL_SIZE] __aligned(PAGE_SIZE);
static unsigned long kmemsan_pool_used;
static DEFINE_RAW_SPINLOCK(kmemsan_pool_lock);

void *kmemsan_platform_map_metadata(size_t size)
{
	unsigned long flags;
	void *p = NULL;

	size = PAGE_ALIGN(size);
	raw_spin_lock_irqsave(&kmemsan_pool_lock, flags);
	if (kmemsan_pool_used + size <= KMEMSAN_POOL_SIZE) {
		p = kmemsan_pool + kmemsan_pool_used;
		kmemsan_pool_used += size;
	}
	raw_spin_unlock_irqrestore(&kmemsan_pool_lock, flags);
	if (p)
		return p;
	if (!slab_is_available() || in_nmi())
		return NULL;
	return (void *)__get_free_pages(GFP_ATOMIC | __GFP_ZERO | __GFP_NOWARN,
					get_order(size));
}

void kmemsan_platform_memmove(void *dst, const void *src, size_t n)
{
	__memmove(dst, src, n);
}

void kmemsan_platform_memset(void *dst, int c, size_t n)
{
	__memset(dst, c, n);
}

/* ---- Objects ---- */

/* The core's per-object state lives in KASAN's per-object alloc meta. */
static_assert(sizeof(struct kmemsan_object_meta) <=
	      sizeof(((struct kasan_alloc_meta *)0)->kmemsan));

/*
 * For objects without a meta area (pages, a cache without alloc meta): a
 * per-CPU stand-in computed from the shadow each time.
 */
static DEFINE_PER_CPU(struct kmemsan_object_meta, kmemsan_scratch_meta);

static size_t accessible_prefix(uintptr_t start, size_t size)
{
	size_t n = 0;

	while (n < size) {
		s8 v = *(s8 *)kasan_mem_to_shadow((void *)(start + n));

		if (v == 0) {
			n += KASAN_GRANULE_SIZE;
			continue;
		}
		if (v > 0)
			n += v;
		break;
	}
	return min(n, size);
}

static struct kmemsan_object_meta *scratch_meta(uintptr_t start, size_t size)
{
	struct kmemsan_object_meta *m = this_cpu_ptr(&kmemsan_scratch_meta);

	memset(m, 0, sizeof(*m));
	m->requested = accessible_prefix(start, size);
	m->allocated = kasan_byte_accessible((void *)start);
	return m;
}

static struct kmemsan_object_meta *slab_meta(struct kmem_cache *cache,
					     void *object)
{
	struct kasan_alloc_meta *am = kasan_get_alloc_meta(cache, object);

	return am ? (struct kmemsan_object_meta *)am->kmemsan : NULL;
}

static void fill_slab_object(struct kmem_cache *cache, void *object,
			     struct kmemsan_object *out)
{
	memset(out, 0, sizeof(*out));
	out->kind = KMEMSAN_OBJECT_SLAB;
	out->start = (uintptr_t)object;
	out->size = cache->object_size;
	out->cache_name = cache->name;
	out->owner = cache;
	out->meta = slab_meta(cache, object);
	if (!out->meta)
		out->meta = scratch_meta(out->start, out->size);
}

int kmemsan_platform_describe_object(uintptr_t addr, struct kmemsan_object *out)
{
	struct folio *folio;
	void *p = (void *)addr;

	/* Globals and the kernel image are not allocator memory. */
	if (addr >= (uintptr_t)_stext && addr < (uintptr_t)_end)
		return 0;
	if (!virt_addr_valid(p))
		return 0;
	folio = virt_to_folio(p);
	if (folio_test_slab(folio)) {
		struct slab *slab = folio_slab(folio);
		struct kmem_cache *cache = slab->slab_cache;
		void *object = nearest_obj(cache, slab, p);
		void *next = object + cache->size;
		void *slab_end = slab_address(slab) + slab->objects * cache->size;

		/*
		 * In the redzone after OBJECT: describe the nearer of OBJECT
		 * and the next one (ptr[-1] is "to the left of" ptr's object).
		 */
		if (addr >= (uintptr_t)object + cache->object_size &&
		    next < slab_end &&
		    (uintptr_t)next - addr <
			    addr - ((uintptr_t)object + cache->object_size) + 1)
			object = next;
		fill_slab_object(cache, object, out);
		return 1;
	}
	memset(out, 0, sizeof(*out));
	out->kind = KMEMSAN_OBJECT_PAGE;
	out->start = (uintptr_t)folio_address(folio);
	out->size = folio_size(folio);
	out->page_order = folio_order(folio);
	out->meta = scratch_meta(out->start, out->size);
	return 1;
}

int kmemsan_platform_find_live_object(uintptr_t addr, struct kmemsan_object *out)
{
	if (!kmemsan_platform_describe_object(addr, out) || !out->meta ||
	    !out->meta->allocated)
		return 0;
	return addr >= out->start && addr < out->start + out->meta->requested;
}

void kmemsan_platform_release_object(const struct kmemsan_object *obj)
{
	/*
	 * Only reached when the core's own quarantine is on (option
	 * quarantine_size_mb): the real free, as mm/kasan/quarantine.c's
	 * qlink_free() does it.
	 */
	if (obj->kind == KMEMSAN_OBJECT_SLAB && obj->owner)
		___cache_free(obj->owner, (void *)obj->start, _THIS_IP_);
}

/* ---- KLSan (not yet for the kernel: CONFIG_KMEMSAN_KLSAN) ---- */

void kmemsan_platform_stop_world(void)
{
}

void kmemsan_platform_resume_world(void)
{
}

void kmemsan_platform_for_each_root(kmemsan_root_fn cb, void *arg)
{
}

/* ---- Reports ---- */

void kmemsan_platform_report_done(const char *bug_type)
{
#if IS_ENABLED(CONFIG_KASAN_KUNIT_TEST)
	/* What mm/kasan/report.c's update_kunit_status() does. */
	struct kunit *test = current->kunit_test;
	struct kunit_resource *resource;
	struct kunit_kasan_status *status;

	if (!test)
		return;
	resource = kunit_find_named_resource(test, "kasan_status");
	if (!resource) {
		kunit_set_failure(test);
		return;
	}
	status = (struct kunit_kasan_status *)resource->data;
	WRITE_ONCE(status->report_found, true);
	WRITE_ONCE(status->sync_fault, true);
	kunit_put_resource(resource);
#endif
}

/* ---- The entry points mm/kasan calls (include/linux/kmemsan.h) ---- */

void kmemsan_slab_alloc(struct kmem_cache *cache, void *object, size_t size,
			unsigned long ip)
{
	struct kmemsan_object obj;

	if (!object)
		return;
	fill_slab_object(cache, object, &obj);
	kmemsan_kasan_alloc(&obj, size, ip);
}

bool kmemsan_slab_free(struct kmem_cache *cache, void *object,
		       unsigned long ip)
{
	return kmemsan_kasan_free(object, ip) == KMEMSAN_FREE_REJECTED;
}

bool kmemsan_check_range(unsigned long addr, size_t size, bool write,
			 unsigned long ip)
{
	return kmemsan_kasan_check_range(addr, size, write, ip);
}

bool kmemsan_report_access(unsigned long addr, size_t size, bool write,
			   unsigned long ip)
{
	return !kmemsan_kasan_check_range(addr, size, write, ip);
}

void kmemsan_report_free(void *ptr, unsigned long ip)
{
	/* The core finds the object, sees the bad free and reports it. */
	kmemsan_kasan_free(ptr, ip);
}

static int __init kmemsan_linux_init(void)
{
	kmemsan_init();
	pr_info("kmemsan: KASan detector %s (runtime core, options \"%s\")\n",
		kmemsan_kasan_enabled() ? "on" : "off", kmemsan_options);
	return 0;
}
early_initcall(kmemsan_linux_init);

/*
 * ---- Exports of the core's compiler entry points, for modules ----
 * (declared by mm/kasan/kasan.h with the kernel's signatures; the core
 * defines them from include/kmemsan/abi.def with the same ABI).
 */
void *__asan_memcpy(void *dst, const void *src, size_t n);
void *__asan_memmove(void *dst, const void *src, size_t n);
void *__asan_memset(void *dst, int c, size_t n);

#define KMEMSAN_EXPORT_SIZED(size)					\
	EXPORT_SYMBOL(__asan_load##size);				\
	EXPORT_SYMBOL(__asan_store##size);				\
	EXPORT_SYMBOL(__asan_load##size##_noabort);			\
	EXPORT_SYMBOL(__asan_store##size##_noabort);			\
	EXPORT_SYMBOL(__asan_report_load##size##_noabort);		\
	EXPORT_SYMBOL(__asan_report_store##size##_noabort)

KMEMSAN_EXPORT_SIZED(1);
KMEMSAN_EXPORT_SIZED(2);
KMEMSAN_EXPORT_SIZED(4);
KMEMSAN_EXPORT_SIZED(8);
KMEMSAN_EXPORT_SIZED(16);
EXPORT_SYMBOL(__asan_loadN);
EXPORT_SYMBOL(__asan_storeN);
EXPORT_SYMBOL(__asan_loadN_noabort);
EXPORT_SYMBOL(__asan_storeN_noabort);
EXPORT_SYMBOL(__asan_report_load_n_noabort);
EXPORT_SYMBOL(__asan_report_store_n_noabort);
EXPORT_SYMBOL(__asan_memcpy);
EXPORT_SYMBOL(__asan_memmove);
EXPORT_SYMBOL(__asan_memset);
EXPORT_SYMBOL(__asan_register_globals);
EXPORT_SYMBOL(__asan_unregister_globals);
EXPORT_SYMBOL(__asan_alloca_poison);
EXPORT_SYMBOL(__asan_allocas_unpoison);
EXPORT_SYMBOL(__asan_handle_no_return);
