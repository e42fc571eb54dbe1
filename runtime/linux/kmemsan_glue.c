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
#include <linux/seqlock.h>
#include <linux/slab.h>
#include <linux/stacktrace.h>
#include <linux/kallsyms.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/version.h>
#include <kunit/test.h>
#include <asm/sections.h>
#ifdef CONFIG_KMEMSAN_KLSAN
#include <linux/debugfs.h>
#include <linux/irq_work.h>
#include <linux/mutex.h>
#include <linux/sched/signal.h>
#include <linux/stop_machine.h>
#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/delay.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>
#endif

#include "../slab.h"
#include "../kasan/kasan.h"
#ifdef CONFIG_KMEMSAN_KLSAN
#include "../percpu-internal.h"
#endif

#include "kmemsan_core.h"

/* KLSan's annotation (include/kmemsan/klsan.h): OBJECT's contents are not traced. */
void kmemsan_no_scan(const void *p);

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
#ifdef CONFIG_KMEMSAN_KLSAN
/*
 * KLSan: files built without instrumentation (mm/slub.c, arch code, asm)
 * store references that are not counted; the objects that hold them
 * usually are, so the trace starts from every counted object too. A new
 * kmalloc() object may hold SLUB's stale free pointer to the next one: what
 * a leak holds is judged by counted references. A confirmation stops every
 * CPU: one that has traced for 5 s gives up and leaves its candidates to
 * the next, well inside RCU's stall timeout (21 s by default).
 */
#define KMEMSAN_DEFAULT_OPTIONS \
	"quarantine_size_mb=0,klsan_trace_counted=1,klsan_indirect_counted=1," \
	"klsan_confirm_max_ms=5000"
#else
#define KMEMSAN_DEFAULT_OPTIONS "quarantine_size_mb=0"
#endif
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

/*
 * The lowest address with shadow. It depends on the paging mode (4 or 5
 * levels), known from __startup_64() on, before the first instrumented
 * code: the core's hot paths (KMEMSAN_SHADOW_FLOOR_VARIABLE) read it once,
 * at the core's first kmemsan_init(), which comes before the early
 * initcall, and compare with it inline.
 */
uintptr_t kmemsan_platform_shadow_floor(void)
{
	return (uintptr_t)kasan_shadow_to_mem((void *)KASAN_SHADOW_START);
}

int kmemsan_platform_addr_has_shadow(uintptr_t addr)
{
	/* The same test as KASAN's addr_has_metadata(). */
	return addr >= kmemsan_platform_shadow_floor();
}

#ifdef CONFIG_KMEMSAN_KLSAN
/* For klsan_confirm_max_ms: read with every other CPU in the stop. */
uint64_t kmemsan_platform_now_ns(void)
{
	return ktime_get_mono_fast_ns();
}
#endif

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

/*
 * Module functions outlive their module in stacks: a leak is often
 * reported after the module's init code was freed, or after the module was
 * unloaded, when kallsyms no longer knows them. Their text symbols are
 * copied when a module comes in, and looked up when kallsyms fails.
 */
struct kmemsan_modsym {
	unsigned long addr, size;
	bool global;
	char name[48];
	char mod[24];
};
#define KMEMSAN_MODSYMS 4096
static struct kmemsan_modsym *kmemsan_modsyms;
static unsigned int kmemsan_nr_modsyms;
static DEFINE_RAW_SPINLOCK(kmemsan_modsym_lock);

static bool kmemsan_modsym_lookup(uintptr_t pc, char *buf, size_t size)
{
	unsigned long flags;
	bool found = false;
	unsigned int i;

	raw_spin_lock_irqsave(&kmemsan_modsym_lock, flags);
	/*
	 * A local symbol wins over a global one at the same place:
	 * module_init(f) makes init_module an alias of f.
	 */
	for (i = 0; i < kmemsan_nr_modsyms; i++) {
		struct kmemsan_modsym *m = &kmemsan_modsyms[i];

		if (pc - m->addr < m->size && (!found || !m->global)) {
			snprintf(buf, size, "%s+0x%lx/0x%lx [%s]", m->name,
				 pc - m->addr, m->size, m->mod);
			found = true;
			if (!m->global)
				break;
		}
	}
	raw_spin_unlock_irqrestore(&kmemsan_modsym_lock, flags);
	return found;
}

#if defined(CONFIG_MODULES) && defined(CONFIG_KALLSYMS)
static void kmemsan_modsyms_add(struct module *mod)
{
	struct mod_kallsyms *ks = rcu_dereference_raw(mod->kallsyms);
	unsigned long flags, lo = ULONG_MAX, hi = 0;
	unsigned int i, j;

	if (!ks)
		return;
	if (!kmemsan_modsyms) {
		kmemsan_modsyms = kmemsan_platform_map_metadata(
			KMEMSAN_MODSYMS * sizeof(*kmemsan_modsyms));
		if (!kmemsan_modsyms)
			return;
	}
	for (i = 0; i < ks->num_symtab; i++) {
		const Elf_Sym *sym = &ks->symtab[i];

		if (ks->typetab[i] != 't' && ks->typetab[i] != 'T')
			continue;
		lo = min_t(unsigned long, lo, sym->st_value);
		hi = max_t(unsigned long, hi, sym->st_value + sym->st_size);
	}
	raw_spin_lock_irqsave(&kmemsan_modsym_lock, flags);
	/* A new module may reuse an old one's addresses: forget those. */
	for (i = j = 0; i < kmemsan_nr_modsyms; i++) {
		struct kmemsan_modsym *m = &kmemsan_modsyms[i];

		if (m->addr + m->size > lo && m->addr < hi)
			continue;
		kmemsan_modsyms[j++] = *m;
	}
	kmemsan_nr_modsyms = j;
	for (i = 0; i < ks->num_symtab && kmemsan_nr_modsyms < KMEMSAN_MODSYMS; i++) {
		const Elf_Sym *sym = &ks->symtab[i];
		struct kmemsan_modsym *m;

		if ((ks->typetab[i] != 't' && ks->typetab[i] != 'T') ||
		    !sym->st_size)
			continue;
		m = &kmemsan_modsyms[kmemsan_nr_modsyms++];
		m->addr = sym->st_value;
		m->size = sym->st_size;
		m->global = ks->typetab[i] == 'T';
		strscpy(m->name, ks->strtab + sym->st_name, sizeof(m->name));
		strscpy(m->mod, mod->name, sizeof(m->mod));
	}
	raw_spin_unlock_irqrestore(&kmemsan_modsym_lock, flags);
}

static int kmemsan_module_notify(struct notifier_block *nb,
				 unsigned long action, void *data)
{
	if (action == MODULE_STATE_COMING)
		kmemsan_modsyms_add(data);
	return NOTIFY_DONE;
}

static struct notifier_block kmemsan_module_nb = {
	.notifier_call = kmemsan_module_notify,
};

static int __init kmemsan_modsyms_init(void)
{
	return register_module_notifier(&kmemsan_module_nb);
}
early_initcall(kmemsan_modsyms_init);
#endif

void kmemsan_platform_symbolize(uintptr_t pc, int with_location, char *buf,
				size_t size)
{
	char sym[KSYM_SYMBOL_LEN];

	/* "func+0xoff/0xsize", as %pS prints it. */
	sprint_symbol(sym, pc);
	if (sym[0] == '0' && sym[1] == 'x' && kmemsan_modsym_lookup(pc, buf, size))
		return;
	strscpy(buf, sym, size);
}

/* ---- Metadata memory ---- */

/*
 * The core's bookkeeping (stack depot, global registry, KLSan records and
 * tag pages) comes from a static pool first, so that it works from the
 * first allocation hook on, in any context; then from reserve blocks taken
 * from the page allocator ahead of need, in process context. The core asks
 * from inside allocator hooks, with interrupts off and maybe with an
 * allocator lock held (an instrumented store in mm/page_alloc.c under
 * zone->lock), so it never calls the page allocator itself: when the
 * reserve runs low, a worker refills it.
 */
#define KMEMSAN_POOL_SIZE (8UL << 20)
static char kmemsan_pool[KMEMSAN_POOL_SIZE] __aligned(PAGE_SIZE);
static unsigned long kmemsan_pool_used;
static DEFINE_RAW_SPINLOCK(kmemsan_pool_lock);

#ifdef MAX_PAGE_ORDER
#define KMEMSAN_BLOCK_ORDER MAX_PAGE_ORDER	/* 6.8 and later: inclusive */
#else
#define KMEMSAN_BLOCK_ORDER (MAX_ORDER - 1)
#endif
#define KMEMSAN_BLOCK_SIZE (PAGE_SIZE << KMEMSAN_BLOCK_ORDER)
#define KMEMSAN_MAX_BLOCKS 1024
static void *kmemsan_blocks[KMEMSAN_MAX_BLOCKS]; /* filled, not yet used */
static unsigned int kmemsan_nr_blocks;
static char *kmemsan_block_cur;
static unsigned long kmemsan_block_used;
static unsigned long kmemsan_blocks_taken;
static bool kmemsan_metadata_warned;

static void kmemsan_request_refill(void);

void *kmemsan_platform_map_metadata(size_t size)
{
	unsigned long flags;
	void *p = NULL;
	bool low = false;

	size = PAGE_ALIGN(size);
	raw_spin_lock_irqsave(&kmemsan_pool_lock, flags);
	if (kmemsan_pool_used + size <= KMEMSAN_POOL_SIZE) {
		p = kmemsan_pool + kmemsan_pool_used;
		kmemsan_pool_used += size;
	} else if (size <= KMEMSAN_BLOCK_SIZE) {
		if (!kmemsan_block_cur ||
		    kmemsan_block_used + size > KMEMSAN_BLOCK_SIZE) {
			kmemsan_block_cur = NULL;
			if (kmemsan_nr_blocks) {
				kmemsan_block_cur =
					kmemsan_blocks[--kmemsan_nr_blocks];
				kmemsan_block_used = 0;
				kmemsan_blocks_taken++;
			}
		}
		if (kmemsan_block_cur) {
			p = kmemsan_block_cur + kmemsan_block_used;
			kmemsan_block_used += size;
		}
		low = kmemsan_nr_blocks < 2;
	}
	if (!p && !kmemsan_metadata_warned) {
		kmemsan_metadata_warned = true;
		raw_spin_unlock_irqrestore(&kmemsan_pool_lock, flags);
		pr_warn("kmemsan: out of metadata memory (%zu bytes asked); some events are lost\n",
			size);
		kmemsan_request_refill();
		return NULL;
	}
	raw_spin_unlock_irqrestore(&kmemsan_pool_lock, flags);
	if (low)
		kmemsan_request_refill();
	return p;
}

/* Adds up to NR fresh zeroed blocks to the reserve (process context). */
static void kmemsan_refill_blocks(unsigned int nr)
{
	while (nr--) {
		struct page *page;
		unsigned long flags;

		page = alloc_pages(GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN,
				   KMEMSAN_BLOCK_ORDER);
		if (!page)
			return;
		raw_spin_lock_irqsave(&kmemsan_pool_lock, flags);
		if (kmemsan_nr_blocks < KMEMSAN_MAX_BLOCKS) {
			kmemsan_blocks[kmemsan_nr_blocks++] = page_address(page);
			page = NULL;
		}
		raw_spin_unlock_irqrestore(&kmemsan_pool_lock, flags);
		if (page) {
			__free_pages(page, KMEMSAN_BLOCK_ORDER);
			return;
		}
	}
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

/* ---- KLSan (CONFIG_KMEMSAN_KLSAN) ---- */

#ifdef CONFIG_KMEMSAN_KLSAN

static bool kmemsan_klsan_ready;

/*
 * vmalloc areas. Those in the vmalloc range that vmalloc() and friends hand
 * out are tracked objects; the others (module memory) are roots. A small
 * registry of our own, sorted by address, answers "which area holds this
 * address" without vmap_area_lock, which instrumented code may hold.
 *
 * Changes take kmemsan_vm_lock and bump kmemsan_vm_seq; lookups take no
 * lock. A lookup comes with every counted store into vmalloc memory (task
 * stacks are vmalloc'ed), on every CPU at once: under a spinlock, CPUs
 * spent their time waiting for each other there. A lookup that overlaps a
 * change may read a half-moved array; it keeps its indices in bounds and
 * its answer is thrown away and retried.
 */
struct kmemsan_vmarea {
	unsigned long start, span, requested;
	bool root;
	struct kmemsan_object_meta meta;
};

#define KMEMSAN_VM_MAX 16384
static struct kmemsan_vmarea *kmemsan_vm;  /* slots */
static u32 *kmemsan_vm_sorted;             /* slot numbers, by start */
static u32 *kmemsan_vm_free;               /* free slot numbers */
static u32 kmemsan_vm_count, kmemsan_vm_nfree;
static DEFINE_RAW_SPINLOCK(kmemsan_vm_lock);
static seqcount_raw_spinlock_t kmemsan_vm_seq =
	SEQCNT_RAW_SPINLOCK_ZERO(kmemsan_vm_seq, &kmemsan_vm_lock);

/* The area in sorted position POS; in bounds even if read mid-change. */
static struct kmemsan_vmarea *kmemsan_vm_at(u32 pos)
{
	return &kmemsan_vm[READ_ONCE(kmemsan_vm_sorted[pos % KMEMSAN_VM_MAX]) %
			   KMEMSAN_VM_MAX];
}

static bool kmemsan_vm_init(void)
{
	u32 i;

	kmemsan_vm = kmemsan_platform_map_metadata(KMEMSAN_VM_MAX *
						   sizeof(*kmemsan_vm));
	kmemsan_vm_sorted = kmemsan_platform_map_metadata(KMEMSAN_VM_MAX * 4);
	kmemsan_vm_free = kmemsan_platform_map_metadata(KMEMSAN_VM_MAX * 4);
	if (!kmemsan_vm || !kmemsan_vm_sorted || !kmemsan_vm_free)
		return false;
	for (i = 0; i < KMEMSAN_VM_MAX; i++)
		kmemsan_vm_free[i] = KMEMSAN_VM_MAX - 1 - i;
	kmemsan_vm_nfree = KMEMSAN_VM_MAX;
	return true;
}

/*
 * The first sorted position whose area starts above ADDR. Under the lock,
 * or inside a kmemsan_vm_seq read section.
 */
static u32 kmemsan_vm_upper(unsigned long addr)
{
	u32 lo = 0, hi = min_t(u32, READ_ONCE(kmemsan_vm_count), KMEMSAN_VM_MAX);

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (READ_ONCE(kmemsan_vm_at(mid)->start) <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The area containing ADDR, or NULL. As kmemsan_vm_upper(). */
static struct kmemsan_vmarea *kmemsan_vm_find(unsigned long addr)
{
	u32 pos = kmemsan_vm_upper(addr);
	struct kmemsan_vmarea *a;

	if (!pos)
		return NULL;
	a = kmemsan_vm_at(pos - 1);
	return addr - READ_ONCE(a->start) < READ_ONCE(a->span) ? a : NULL;
}

static bool kmemsan_in_vmalloc(unsigned long addr)
{
	return addr >= VMALLOC_START && addr < VMALLOC_END;
}

static void fill_vm_object(struct kmemsan_vmarea *a, struct kmemsan_object *out)
{
	memset(out, 0, sizeof(*out));
	out->kind = KMEMSAN_OBJECT_VMALLOC;
	out->start = a->start;
	out->size = a->span;
	out->meta = &a->meta;
}

void kmemsan_vmalloc(const void *addr, unsigned long requested,
		     unsigned long span, const void *area, const void *va,
		     unsigned long ip)
{
	struct kmemsan_vmarea *a = NULL;
	struct kmemsan_object obj;
	unsigned long start = (unsigned long)addr, flags;
	u32 pos;

	if (!READ_ONCE(kmemsan_klsan_ready) || !addr)
		return;
	raw_spin_lock_irqsave(&kmemsan_vm_lock, flags);
	write_seqcount_begin(&kmemsan_vm_seq);
	if (kmemsan_vm_nfree) {
		u32 slot = kmemsan_vm_free[--kmemsan_vm_nfree];

		a = &kmemsan_vm[slot];
		memset(a, 0, sizeof(*a));
		a->start = start;
		a->span = span;
		a->requested = min(requested, span);
		a->root = !kmemsan_in_vmalloc(start);
		a->meta.requested = a->requested;
		a->meta.allocated = 1;
		pos = kmemsan_vm_upper(start);
		memmove(&kmemsan_vm_sorted[pos + 1], &kmemsan_vm_sorted[pos],
			(kmemsan_vm_count - pos) * sizeof(u32));
		kmemsan_vm_sorted[pos] = slot;
		kmemsan_vm_count++;
	}
	write_seqcount_end(&kmemsan_vm_seq);
	raw_spin_unlock_irqrestore(&kmemsan_vm_lock, flags);
	if (!a) {
		pr_warn_once("kmemsan: more than %d vmalloc areas; the rest are not tracked\n",
			     KMEMSAN_VM_MAX);
		return;
	}
	if (a->root)
		return;
	/*
	 * vmalloc's own bookkeeping (the vm_struct and the vmap_area) holds the
	 * area's address: its contents are not traced, or no vmalloc leak
	 * could ever be found (kmemleak counts that reference with a
	 * min_count of 2 instead).
	 */
	if (area)
		kmemsan_no_scan(area);
	if (va)
		kmemsan_no_scan(va);
	/* Slots never move, so the meta pointer stays valid. */
	fill_vm_object(a, &obj);
	kmemsan_klsan_alloc(&obj, a->requested, ip);
}

/*
 * A task stack is a vmalloc area, reached from its task and, between two
 * tasks, from fork.c's per-CPU cache of free stacks (or from the RCU
 * callback that frees it). Its words below the saved stack pointer are
 * dead frames: traced as an object's contents they would keep whatever a
 * finished task last held (the pointers a module's init function dropped,
 * say) reachable until another task reuses that stack, on whichever CPU
 * cached it. The live part is a root, scanned through the task
 * (kmemsan_scan_task_stack()).
 */
void kmemsan_thread_stack(const void *stack)
{
	if (READ_ONCE(kmemsan_klsan_ready) && stack)
		kmemsan_no_scan(stack);
}

void kmemsan_vunmap(const void *addr, unsigned long span, unsigned long ip)
{
	unsigned long start = (unsigned long)addr, flags;
	struct kmemsan_vmarea *a;
	struct kmemsan_object obj;
	bool tracked = false;
	u32 pos;

	if (!READ_ONCE(kmemsan_klsan_ready) || !addr)
		return;
	raw_spin_lock_irqsave(&kmemsan_vm_lock, flags);
	a = kmemsan_vm_find(start);
	if (a && a->start == start && !a->root) {
		tracked = true;
		write_seqcount_begin(&kmemsan_vm_seq);
		a->meta.allocated = 0;
		write_seqcount_end(&kmemsan_vm_seq);
		fill_vm_object(a, &obj);
	}
	raw_spin_unlock_irqrestore(&kmemsan_vm_lock, flags);
	/* The object's own references go first, then any tag left in it. */
	if (tracked)
		kmemsan_klsan_free(&obj, ip);
	kmemsan_klsan_forget_range(addr, span, ip);
	raw_spin_lock_irqsave(&kmemsan_vm_lock, flags);
	a = kmemsan_vm_find(start);
	if (a && a->start == start) {
		write_seqcount_begin(&kmemsan_vm_seq);
		pos = kmemsan_vm_upper(start) - 1;
		memmove(&kmemsan_vm_sorted[pos], &kmemsan_vm_sorted[pos + 1],
			(kmemsan_vm_count - pos - 1) * sizeof(u32));
		kmemsan_vm_count--;
		kmemsan_vm_free[kmemsan_vm_nfree++] = a - kmemsan_vm;
		write_seqcount_end(&kmemsan_vm_seq);
	}
	raw_spin_unlock_irqrestore(&kmemsan_vm_lock, flags);
}

void __kmemsan_klsan_copy(void *d, void *s, uintptr_t size);

void kmemsan_copy_refs(void *dst, const void *src, size_t n)
{
	if (READ_ONCE(kmemsan_klsan_ready))
		__kmemsan_klsan_copy(dst, (void *)src, n);
}

void kmemsan_percpu_free(void __percpu *ptr, size_t size, unsigned long ip)
{
	int cpu;

	if (!READ_ONCE(kmemsan_klsan_ready))
		return;
	/*
	 * The area is free: its references are dropped, and its bytes wiped,
	 * so that the confirmation (which scans every CPU's unit whole) does
	 * not find them again.
	 */
	for_each_possible_cpu(cpu) {
		kmemsan_klsan_forget_range(per_cpu_ptr(ptr, cpu), size, ip);
		memset(per_cpu_ptr(ptr, cpu), 0, size);
	}
}

/*
 * Freed pages (a large kmalloc() buffer, a task stack outside vmalloc, any
 * alloc_pages() memory) keep their tags otherwise: the references counted
 * in them would outlive them, keep their objects from ever being reported,
 * and later be "overwritten" by whoever reuses the memory (the report would
 * name that code as the one that lost the object).
 */
void kmemsan_pages_free(const void *addr, size_t size, unsigned long ip)
{
	if (READ_ONCE(kmemsan_klsan_ready))
		kmemsan_klsan_forget_range(addr, size, ip);
}

int kmemsan_platform_find_live_object(uintptr_t addr, struct kmemsan_object *out)
{
	struct kmemsan_object_meta *meta;
	struct folio *folio;
	struct slab *slab;
	void *object;

	if (kmemsan_in_vmalloc(addr)) {
		struct kmemsan_vmarea *a;
		unsigned int seq;
		int live;

		do {
			seq = read_seqcount_begin(&kmemsan_vm_seq);
			live = 0;
			a = kmemsan_vm_find(addr);
			if (a && !READ_ONCE(a->root) &&
			    READ_ONCE(a->meta.allocated) &&
			    addr - READ_ONCE(a->start) < READ_ONCE(a->requested)) {
				fill_vm_object(a, out);
				live = 1;
			}
		} while (read_seqcount_retry(&kmemsan_vm_seq, seq));
		return live;
	}
	/*
	 * Slab objects only (pages are not tracked). Any word of memory may
	 * come here (the confirmation's trace reads them all): nothing is
	 * touched before the address is known to be a slab's.
	 */
	if (addr >= (uintptr_t)_stext && addr < (uintptr_t)_end)
		return 0;
	if (!virt_addr_valid((void *)addr))
		return 0;
	folio = virt_to_folio((void *)addr);
	if (!folio_test_slab(folio))
		return 0;
	slab = folio_slab(folio);
	if (!slab->slab_cache)
		return 0;
	object = nearest_obj(slab->slab_cache, slab, (void *)addr);
	meta = slab_meta(slab->slab_cache, object);
	/*
	 * A mempool's reserved element is free for KASan (poisoned, so that a
	 * use is a use-after-free) but the pool holds it: the store into
	 * pool->elements[] is a reference like any other. The KLSan record
	 * says the object is tracked (KLSan frees it only when the pool gives
	 * it back to the slab); kasan_init_object_meta() zeroes the metadata
	 * of every new object, so the field is never stale garbage.
	 */
	if (!meta ||
	    !(READ_ONCE(meta->allocated) || READ_ONCE(meta->klsan_record)) ||
	    addr - (uintptr_t)object >= meta->requested)
		return 0;
	fill_slab_object(slab->slab_cache, object, out);
	return 1;
}

/*
 * Stopping the world: confirmations run only inside kmemsan_scan_stopped(),
 * run by every CPU's stopper thread at once (kmemsan_stop_and_confirm()),
 * where every other CPU runs with interrupts off, sharing the trace or
 * waiting for it to end. No CPU can be stopped inside the runtime: it runs
 * with interrupts off and never sleeps, so a stopper thread cannot get in.
 */
static bool kmemsan_world_stopped;

void kmemsan_platform_stop_world(void)
{
	WARN_ONCE(!kmemsan_world_stopped,
		  "kmemsan: KLSan confirmation outside the stop\n");
}

void kmemsan_platform_resume_world(void)
{
}

static bool kmemsan_task_running(struct task_struct *t)
{
	return t == current || task_curr(t);
}

/*
 * Where each CPU's stopper thread stood when it entered the stop
 * (kmemsan_scan_stopped()): what its stack holds below that is dead
 * frames, among them the previous confirmation's own, whose words are the
 * very pointers that trace read. 0: not recorded for this stop.
 */
static DEFINE_PER_CPU(unsigned long, kmemsan_stop_sp);
static DEFINE_PER_CPU(struct task_struct *, kmemsan_stop_task);

/*
 * The live part of T's kernel stack: above its saved stack pointer, or for
 * a CPU's stopper thread above where it entered the stop (all of it for a
 * running task whose stack pointer is not known).
 */
static void kmemsan_scan_task_stack(struct task_struct *t, kmemsan_root_fn cb,
				    void *arg)
{
	unsigned long stack = (unsigned long)task_stack_page(t);
	unsigned long begin = stack, end = stack + THREAD_SIZE, sp;

	if (!stack)
		return;
	if (kmemsan_task_running(t)) {
		int cpu = task_cpu(t);

		sp = per_cpu(kmemsan_stop_task, cpu) == t ?
		     per_cpu(kmemsan_stop_sp, cpu) : 0;
	} else {
		sp = t->thread.sp;
	}
	if (sp > stack && sp < end)
		begin = sp;
	cb(begin, end, arg);
}

/*
 * CPU's hardirq stack as an address of its per-CPU unit (0 if unknown).
 * During the stop every CPU runs its stopper thread with interrupts off, so
 * no interrupt is running on it: all of it is dead frames, which may hold
 * whatever an interrupted function kept in a callee-saved register (an
 * interrupt handler's prologue spills it there), for as long as no later
 * interrupt of that CPU overwrites it.
 */
static unsigned long kmemsan_irq_stack(int cpu)
{
#ifdef CONFIG_X86_64
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
	unsigned long top = (unsigned long)per_cpu(pcpu_hot.hardirq_stack_ptr, cpu);
#else
	unsigned long top = (unsigned long)per_cpu(hardirq_stack_ptr, cpu);
#endif
	unsigned long bottom;
	struct page *page;

	if (!top)
		return 0;
	/* irq_64.c: the pointer is the stack's top minus 8. */
	bottom = top + 8 - IRQ_STACK_SIZE;
	if (!is_vmalloc_addr((void *)bottom))
		return bottom;
	/* VMAP_STACK: a vmap alias of the per-CPU backing store. */
	page = vmalloc_to_page((void *)bottom);
	return page ? (unsigned long)page_address(page) : 0;
#else
	return 0;
#endif
}

/* CPU's unit of the first per-CPU chunk, its hardirq stack left out. */
static void kmemsan_scan_pcpu_unit(int cpu, kmemsan_root_fn cb, void *arg)
{
	unsigned long unit = (unsigned long)pcpu_base_addr + pcpu_unit_offsets[cpu];
	unsigned long end = unit + kmemsan_pcpu_unit_size();
	unsigned long irq = kmemsan_irq_stack(cpu);

#ifdef CONFIG_X86_64
	if (irq >= unit && irq + IRQ_STACK_SIZE <= end) {
		cb(unit, irq, arg);
		cb(irq + IRQ_STACK_SIZE, end, arg);
		return;
	}
#endif
	cb(unit, end, arg);
}

/*
 * The populated pages of every per-CPU chunk after the first (alloc_percpu()
 * memory once the first chunk is full; this_cpu_write() stores there are
 * asm, not counted). During the stop no CPU holds pcpu_lock (a stopped
 * CPU was preemptible), so the lists are walked without it.
 */
static void kmemsan_scan_pcpu_chunks(kmemsan_root_fn cb, void *arg)
{
	unsigned long unit_size = kmemsan_pcpu_unit_size();
	struct pcpu_chunk *chunk;
	int slot, cpu, page;

	if (!pcpu_chunk_lists)
		return;
	for (slot = 0; slot < pcpu_nr_slots; slot++) {
		list_for_each_entry(chunk, &pcpu_chunk_lists[slot], list) {
			if (chunk == pcpu_first_chunk ||
			    chunk == pcpu_reserved_chunk)
				continue;
			for_each_possible_cpu(cpu) {
				unsigned long unit = (unsigned long)chunk->base_addr +
						     pcpu_unit_offsets[cpu];

				for (page = 0; page < chunk->nr_pages &&
				     ((unsigned long)page << PAGE_SHIFT) < unit_size; page++)
					if (test_bit(page, chunk->populated))
						cb(unit + ((unsigned long)page << PAGE_SHIFT),
						   unit + ((unsigned long)(page + 1) << PAGE_SHIFT),
						   arg);
			}
		}
	}
}

void kmemsan_platform_for_each_root(kmemsan_root_fn cb, void *arg)
{
	unsigned long pool = (unsigned long)kmemsan_pool;
	struct task_struct *g, *t;
	u32 i;
	int cpu;

	/* The image's data; the runtime's own pool is left out. */
	cb((uintptr_t)_sdata, (uintptr_t)_edata, arg);
	cb((uintptr_t)__start_ro_after_init, (uintptr_t)__end_ro_after_init, arg);
	cb((uintptr_t)__bss_start, pool, arg);
	cb(pool + KMEMSAN_POOL_SIZE, (uintptr_t)__bss_stop, arg);
	/* Every CPU's unit of the first per-CPU chunk (not its IRQ stack). */
	for_each_possible_cpu(cpu)
		kmemsan_scan_pcpu_unit(cpu, cb, arg);
	kmemsan_scan_pcpu_chunks(cb, arg);
	/* Module memory. */
	for (i = 0; i < kmemsan_vm_count; i++) {
		struct kmemsan_vmarea *a = &kmemsan_vm[kmemsan_vm_sorted[i]];

		if (a->root)
			cb(a->start, a->start + a->span, arg);
	}
	/*
	 * Tasks: their stacks (registers of stopped tasks are saved there) and
	 * their task_structs, which hold references stored by code nobody
	 * counts (task_work_add()'s cmpxchg is asm) and may predate KLSan
	 * (init's was allocated before early_initcall), so the trace would
	 * not reach through them otherwise.
	 */
	for_each_possible_cpu(cpu) {
		t = idle_task(cpu);
		kmemsan_scan_task_stack(t, cb, arg);
		cb((uintptr_t)t, (uintptr_t)t + arch_task_struct_size, arg);
	}
	for_each_process_thread(g, t) {
		kmemsan_scan_task_stack(t, cb, arg);
		cb((uintptr_t)t, (uintptr_t)t + arch_task_struct_size, arg);
	}
}

/*
 * Confirmations: the core's safe points ask for one; an irq_work (callable
 * from any context) queues the scan worker, which stops the machine and
 * runs the core's confirmation there. The same irq_work queues the refill
 * of the metadata reserve.
 *
 * Each request bit stays set from the request until its worker starts: once
 * past the core's thresholds every safe point (every allocation and free)
 * asks again, and while the worker waits for its turn (the duty cycle below
 * can be seconds) those requests must cost an atomic bit test, not a
 * self-IPI each.
 */
static DEFINE_MUTEX(kmemsan_scan_mutex);
static unsigned long kmemsan_kick_bits;
#define KMEMSAN_KICK_SCAN 0
#define KMEMSAN_KICK_REFILL 1

/*
 * The stop: our own rendezvous of every online CPU's stopper thread
 * (stop_one_cpu_nowait()), like stop_machine()'s, but one that can give
 * up. A stopper runs only where its CPU reaches a preemption point, and a
 * CPU in a long stretch of kernel code without one (an AML loop, a test
 * module's loop; the real profile saw such waits of 44 and 91 s) kept
 * stop_machine()'s other CPUs spinning all that time: the machine ran on
 * one CPU, watchdogs fired, ACPI's 30 s AML loop limit was hit. Here the
 * CPUs that came wait KMEMSAN_STOP_GATHER_MS at most; then they all go
 * back to work, and the confirmation is tried again later.
 *
 * One atomic decides: the CPU that completes the gathering moves it to GO,
 * a CPU whose wait ran out moves it to ABORT, whichever comes first. On
 * GO every CPU turns interrupts off and waits for the others to have done
 * so; the first of them confirms, the others share its trace
 * (kmemsan_klsan_confirm_help() returns when the trace is over).
 */
#define KMEMSAN_STOP_GATHER_MS 100
enum { KMEMSAN_STOP_GATHER, KMEMSAN_STOP_GO, KMEMSAN_STOP_ABORT };
static DEFINE_PER_CPU(struct cpu_stop_work, kmemsan_stop_work);
static atomic_t kmemsan_stop_state, kmemsan_stop_in, kmemsan_stop_irqs_off,
	kmemsan_stop_out, kmemsan_stop_leader;
static int kmemsan_stop_cpus;	/* stoppers queued for this stop */
static u64 kmemsan_stop_deadline;
static DECLARE_COMPLETION(kmemsan_stop_done);
/*
 * Of a confirmation's time, how long the CPUs were stopped, and how long
 * the gathering took before (the wait for the last CPU); stops given up.
 */
static u64 kmemsan_stopped_ns, kmemsan_gathered_ns;
static u64 kmemsan_stopped_ns_max, kmemsan_gather_ns_max, kmemsan_stops_given_up;

static void kmemsan_stop_leave(void)
{
	if (atomic_inc_return(&kmemsan_stop_out) == kmemsan_stop_cpus)
		complete(&kmemsan_stop_done);
}

static int kmemsan_scan_stopped(void *unused)
{
	unsigned long flags;
	int state;

	this_cpu_write(kmemsan_stop_task, current);
	this_cpu_write(kmemsan_stop_sp, current_stack_pointer);
	if (atomic_inc_return(&kmemsan_stop_in) == kmemsan_stop_cpus)
		atomic_cmpxchg(&kmemsan_stop_state, KMEMSAN_STOP_GATHER,
			       KMEMSAN_STOP_GO);
	while ((state = atomic_read(&kmemsan_stop_state)) == KMEMSAN_STOP_GATHER) {
		if (ktime_get_mono_fast_ns() > kmemsan_stop_deadline)
			atomic_cmpxchg(&kmemsan_stop_state, KMEMSAN_STOP_GATHER,
				       KMEMSAN_STOP_ABORT);
		cpu_relax();
	}
	if (state == KMEMSAN_STOP_ABORT) {
		kmemsan_stop_leave();
		return 0;
	}
	local_irq_save(flags);
	atomic_inc(&kmemsan_stop_irqs_off);
	while (atomic_read(&kmemsan_stop_irqs_off) < kmemsan_stop_cpus)
		cpu_relax();
	if (atomic_inc_return(&kmemsan_stop_leader) == 1) {
		kmemsan_gathered_ns = ktime_get_mono_fast_ns();
		WRITE_ONCE(kmemsan_world_stopped, true);
		kmemsan_klsan_confirm_stopped();
		WRITE_ONCE(kmemsan_world_stopped, false);
		kmemsan_stopped_ns = ktime_get_mono_fast_ns() - kmemsan_gathered_ns;
	} else {
		kmemsan_klsan_confirm_help();
	}
	local_irq_restore(flags);
	kmemsan_stop_leave();
	return 0;
}

/*
 * Stops every online CPU and confirms; false when the stop was given up.
 * Returns once every queued stopper has run (after a give-up that may be
 * when the slow CPU reaches its preemption point: this worker sleeps, the
 * other CPUs run).
 */
static bool kmemsan_stop_and_confirm(void)
{
	int cpu;

	cpus_read_lock();
	atomic_set(&kmemsan_stop_state, KMEMSAN_STOP_GATHER);
	atomic_set(&kmemsan_stop_in, 0);
	atomic_set(&kmemsan_stop_irqs_off, 0);
	atomic_set(&kmemsan_stop_out, 0);
	atomic_set(&kmemsan_stop_leader, 0);
	kmemsan_stopped_ns = 0;
	kmemsan_gathered_ns = 0;
	for_each_possible_cpu(cpu)
		per_cpu(kmemsan_stop_task, cpu) = NULL;
	kmemsan_stop_cpus = num_online_cpus();
	reinit_completion(&kmemsan_stop_done);
	kmemsan_klsan_confirm_arm();
	kmemsan_stop_deadline = ktime_get_mono_fast_ns() +
				KMEMSAN_STOP_GATHER_MS * NSEC_PER_MSEC;
	for_each_online_cpu(cpu)
		if (!stop_one_cpu_nowait(cpu, kmemsan_scan_stopped, NULL,
					 per_cpu_ptr(&kmemsan_stop_work, cpu))) {
			/* Its stopper is off: nobody will complete the gathering. */
			atomic_cmpxchg(&kmemsan_stop_state, KMEMSAN_STOP_GATHER,
				       KMEMSAN_STOP_ABORT);
			kmemsan_stop_leave();
		}
	wait_for_completion(&kmemsan_stop_done);
	cpus_read_unlock();
	return atomic_read(&kmemsan_stop_state) == KMEMSAN_STOP_GO;
}

/*
 * A confirmation stops every CPU while they trace what the kernel can reach:
 * on a large heap that takes a while (seconds under emulation). The machine
 * spends at most 1/KMEMSAN_SCAN_DUTY of its time stopped: after a
 * confirmation that took D, the next automatic one waits at least
 * (KMEMSAN_SCAN_DUTY - 1) * D. Candidates wait meanwhile (their drop stacks
 * are recorded when they drop); "echo scan" to debugfs runs one at once.
 */
#define KMEMSAN_SCAN_DUTY 10
static unsigned long kmemsan_scan_next; /* jiffies: no automatic one before */
static u64 kmemsan_scans, kmemsan_scan_ns_total, kmemsan_scan_ns_max;
static unsigned int kmemsan_stops_given_up_in_row;

/* One confirmation; false when its stop was given up (nothing confirmed). */
static bool kmemsan_scan(void)
{
	u64 start, took, given_up;
	bool stopped;

	mutex_lock(&kmemsan_scan_mutex);
	/* Events from here on may ask for the next one. */
	clear_bit(KMEMSAN_KICK_SCAN, &kmemsan_kick_bits);
	given_up = kmemsan_klsan_confirmations_given_up();
	start = ktime_get_mono_fast_ns();
	stopped = kmemsan_stop_and_confirm();
	if (!stopped) {
		kmemsan_stops_given_up++;
		/*
		 * Try again after a while; the candidates wait. A CPU that
		 * kept the last stops from gathering is likely still in the
		 * same stretch (a test module's loop): each retry waits twice
		 * as long as the one before, up to 8 s, so that the CPUs that
		 * came do not spend 100 ms of every second spinning meanwhile.
		 */
		if (kmemsan_stops_given_up_in_row < 4)
			kmemsan_stops_given_up_in_row++;
		WRITE_ONCE(kmemsan_scan_next,
			   jiffies + (HZ << (kmemsan_stops_given_up_in_row - 1)));
		mutex_unlock(&kmemsan_scan_mutex);
		return false;
	}
	kmemsan_stops_given_up_in_row = 0;
	/* Gathering (until every CPU was in) and the stop; not the stragglers. */
	took = kmemsan_gathered_ns - start + kmemsan_stopped_ns;
	kmemsan_stopped_ns_max = max(kmemsan_stopped_ns_max, kmemsan_stopped_ns);
	kmemsan_gather_ns_max = max(kmemsan_gather_ns_max,
				    kmemsan_gathered_ns - start);
	if (kmemsan_klsan_confirmations_given_up() != given_up)
		pr_warn_ratelimited("kmemsan: KLSan: a confirmation gave up after %llu ms (klsan_confirm_max_ms); its candidates wait for the next one\n",
				    div_u64(took, NSEC_PER_MSEC));
	kmemsan_scans++;
	kmemsan_scan_ns_total += took;
	kmemsan_scan_ns_max = max(kmemsan_scan_ns_max, took);
	WRITE_ONCE(kmemsan_scan_next,
		   jiffies + nsecs_to_jiffies((KMEMSAN_SCAN_DUTY - 1) * took));
	/* The reports, once the other CPUs run again (no stall on a slow console). */
	kmemsan_klsan_print_confirmed();
	mutex_unlock(&kmemsan_scan_mutex);
	return true;
}

/* Jiffies until an automatic confirmation may run (0: now). */
static long kmemsan_scan_wait(void)
{
	long wait = (long)(READ_ONCE(kmemsan_scan_next) - jiffies);

	return wait > 0 ? wait : 0;
}

static void kmemsan_scan_fn(struct work_struct *work);
static DECLARE_DELAYED_WORK(kmemsan_scan_work, kmemsan_scan_fn);

static void kmemsan_scan_fn(struct work_struct *work)
{
	long wait = kmemsan_scan_wait();

	/* A periodic or debugfs confirmation already answered the request. */
	if (!test_bit(KMEMSAN_KICK_SCAN, &kmemsan_kick_bits))
		return;
	if (wait) {
		queue_delayed_work(system_unbound_wq, &kmemsan_scan_work, wait);
		return;
	}
	kmemsan_scan();
}

/*
 * A quiet system may never reach the safe points' thresholds: every
 * kmemsan_scan_ms (boot parameter; default 2000, 0: never) a confirmation
 * runs if anything became a candidate since the last one.
 */
static unsigned int kmemsan_scan_ms = 2000;

static int __init kmemsan_parse_scan_ms(char *arg)
{
	return kstrtouint(arg, 0, &kmemsan_scan_ms);
}
early_param("kmemsan_scan_ms", kmemsan_parse_scan_ms);

static void kmemsan_periodic_fn(struct work_struct *work);
static DECLARE_DELAYED_WORK(kmemsan_periodic_work, kmemsan_periodic_fn);

static void kmemsan_periodic_fn(struct work_struct *work)
{
	if (kmemsan_klsan_pending_events() && !kmemsan_scan_wait())
		kmemsan_scan();
	queue_delayed_work(system_unbound_wq, &kmemsan_periodic_work,
			   msecs_to_jiffies(kmemsan_scan_ms));
}

static void kmemsan_refill_fn(struct work_struct *work)
{
	clear_bit(KMEMSAN_KICK_REFILL, &kmemsan_kick_bits);
	kmemsan_refill_blocks(4);
}
static DECLARE_WORK(kmemsan_refill_work, kmemsan_refill_fn);

static void kmemsan_kick_fn(struct irq_work *work)
{
	if (test_bit(KMEMSAN_KICK_REFILL, &kmemsan_kick_bits))
		queue_work(system_unbound_wq, &kmemsan_refill_work);
	if (test_bit(KMEMSAN_KICK_SCAN, &kmemsan_kick_bits))
		queue_delayed_work(system_unbound_wq, &kmemsan_scan_work,
				   msecs_to_jiffies(100));
}
static DEFINE_IRQ_WORK(kmemsan_kick, kmemsan_kick_fn);

static bool kmemsan_workers_ready;

void kmemsan_platform_request_confirmation(void)
{
	if (!READ_ONCE(kmemsan_workers_ready) ||
	    test_bit(KMEMSAN_KICK_SCAN, &kmemsan_kick_bits) ||
	    test_and_set_bit(KMEMSAN_KICK_SCAN, &kmemsan_kick_bits))
		return;
	irq_work_queue(&kmemsan_kick);
}

static void kmemsan_request_refill(void)
{
	if (!READ_ONCE(kmemsan_workers_ready) ||
	    test_bit(KMEMSAN_KICK_REFILL, &kmemsan_kick_bits) ||
	    test_and_set_bit(KMEMSAN_KICK_REFILL, &kmemsan_kick_bits))
		return;
	irq_work_queue(&kmemsan_kick);
}

/*
 * /sys/kernel/debug/kmemsan: write "scan" to run a confirmation now (as
 * "echo scan > /sys/kernel/debug/kmemleak" does for kmemleak); reading it
 * says what KLSan holds.
 */
static ssize_t kmemsan_debugfs_write(struct file *file, const char __user *ubuf,
				     size_t count, loff_t *ppos)
{
	char buf[16] = {};
	int i;

	if (copy_from_user(buf, ubuf, min(count, sizeof(buf) - 1)))
		return -EFAULT;
	if (!sysfs_streq(buf, "scan"))
		return -EINVAL;
	/* A stop given up (a CPU without a preemption point) is tried again. */
	for (i = 0; !kmemsan_scan(); i++) {
		if (i == 50)
			return -EBUSY;
		msleep(100);
	}
	return count;
}

static ssize_t kmemsan_debugfs_read(struct file *file, char __user *ubuf,
				    size_t count, loff_t *ppos)
{
	char buf[448];
	int n;

	n = scnprintf(buf, sizeof(buf),
		      "klsan: %s\npending events: %llu\nmetadata: pool %lu KiB, blocks taken %lu, in reserve %u\nconfirmations: %llu, %llu ms stopped in all, longest %llu ms, %llu gave up\nlongest with every CPU stopped: %llu ms, longest wait for the last CPU: %llu ms, stops given up: %llu\n",
		      kmemsan_klsan_enabled() ? "on" : "off",
		      (unsigned long long)kmemsan_klsan_pending_events(),
		      kmemsan_pool_used >> 10, kmemsan_blocks_taken,
		      kmemsan_nr_blocks, kmemsan_scans,
		      div_u64(kmemsan_scan_ns_total, NSEC_PER_MSEC),
		      div_u64(kmemsan_scan_ns_max, NSEC_PER_MSEC),
		      (unsigned long long)kmemsan_klsan_confirmations_given_up(),
		      div_u64(kmemsan_stopped_ns_max, NSEC_PER_MSEC),
		      div_u64(kmemsan_gather_ns_max, NSEC_PER_MSEC),
		      kmemsan_stops_given_up);
	return simple_read_from_buffer(ubuf, count, ppos, buf, n);
}

static const struct file_operations kmemsan_debugfs_fops = {
	.owner = THIS_MODULE,
	.read = kmemsan_debugfs_read,
	.write = kmemsan_debugfs_write,
	.llseek = default_llseek,
};

static int __init kmemsan_klsan_late_init(void)
{
	if (kmemsan_klsan_ready && kmemsan_scan_ms)
		queue_delayed_work(system_unbound_wq, &kmemsan_periodic_work,
				   msecs_to_jiffies(kmemsan_scan_ms));
	debugfs_create_file("kmemsan", 0600, NULL, NULL, &kmemsan_debugfs_fops);
	return 0;
}
late_initcall(kmemsan_klsan_late_init);

static void kmemsan_klsan_init(void)
{
	if (!kmemsan_klsan_enabled())
		return;
	/*
	 * Boot allocates a lot before late_initcall: the reserve starts at
	 * 64 MiB; the worker tops it up from then on.
	 */
	kmemsan_refill_blocks(16);
	WRITE_ONCE(kmemsan_workers_ready, true);
	if (!kmemsan_vm_init()) {
		pr_err("kmemsan: no memory for the KLSan vmalloc registry; KLSan stays off\n");
		return;
	}
	/* Tracked objects: slab objects (direct map) and vmalloc areas. */
	__kmemsan_klsan_heap_start = PAGE_OFFSET;
	__kmemsan_klsan_heap_end = VMALLOC_END;
	WRITE_ONCE(kmemsan_klsan_ready, true);
}

#else /* !CONFIG_KMEMSAN_KLSAN */

#define kmemsan_klsan_ready false
static void kmemsan_request_refill(void)
{
}
static void kmemsan_klsan_init(void)
{
}

#endif /* CONFIG_KMEMSAN_KLSAN */

/* ---- Reports ---- */

void kmemsan_platform_report_done(const char *bug_type)
{
	/*
	 * 6.1's KASAN suite looks for a KUnit resource; 6.12's watches the
	 * console tracepoint for "BUG: KASAN:", which our printk feeds.
	 */
#if IS_ENABLED(CONFIG_KASAN_KUNIT_TEST) && LINUX_VERSION_CODE < KERNEL_VERSION(6, 12, 0)
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
	if (kmemsan_klsan_ready) {
		kmemsan_klsan_alloc(&obj, size, ip);
		kmemsan_klsan_safepoint();
	}
}

bool kmemsan_slab_free(struct kmem_cache *cache, void *object,
		       unsigned long ip)
{
	struct kmemsan_object obj;

	if (kmemsan_kasan_free(object, ip) == KMEMSAN_FREE_REJECTED)
		return true;
	if (kmemsan_klsan_ready) {
		fill_slab_object(cache, object, &obj);
		kmemsan_klsan_free(&obj, ip);
	}
	return false;
}

void kmemsan_slab_free_rcu(struct kmem_cache *cache, void *object,
			   unsigned long ip)
{
	struct kmemsan_object obj;

	if (!kmemsan_klsan_ready)
		return;
	fill_slab_object(cache, object, &obj);
	kmemsan_klsan_free(&obj, ip);
}

bool kmemsan_slab_free_after_rcu(struct kmem_cache *cache, void *object,
				 unsigned long ip)
{
	return kmemsan_kasan_free(object, ip) == KMEMSAN_FREE_REJECTED;
}

/*
 * Mempool elements: in the pool an element is free for KASan (a use is a
 * use-after-free, a second mempool_free() a double free) but still held by
 * the pool for KLSan, so only the KASan state changes.
 */
bool kmemsan_mempool_poison(struct kmem_cache *cache, void *object,
			    unsigned long ip)
{
	/* The same KASan-only free as after an RCU delay. */
	return kmemsan_slab_free_after_rcu(cache, object, ip);
}

void kmemsan_mempool_unpoison(struct kmem_cache *cache, void *object,
			      size_t size, unsigned long ip)
{
	struct kmemsan_object obj;

	fill_slab_object(cache, object, &obj);
	kmemsan_kasan_alloc(&obj, size, ip);
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
	kmemsan_klsan_init();
	pr_info("kmemsan: KASan detector %s, KLSan detector %s (runtime core, options \"%s\")\n",
		kmemsan_kasan_enabled() ? "on" : "off",
		kmemsan_klsan_ready ? "on" : "off", kmemsan_options);
	return 0;
}
early_initcall(kmemsan_linux_init);

/*
 * ---- Exports of the core's compiler entry points, for modules ----
 * (declared by mm/kasan/kasan.h with the kernel's signatures; the core
 * defines them from include/kmemsan/abi.def with the same ABI).
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 3, 0)
/* (mm/kasan/kasan.h declares these itself from 6.3 on.) */
void *__asan_memcpy(void *dst, const void *src, size_t n);
void *__asan_memmove(void *dst, const void *src, size_t n);
void *__asan_memset(void *dst, int c, size_t n);
#endif

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

#ifdef CONFIG_KMEMSAN_KLSAN
/* KLSan's events and the tag shadow's root, for modules. */
void __kmemsan_klsan_store(void *p, uintptr_t value);
void __kmemsan_klsan_store_int(void *p, uintptr_t value);
void __kmemsan_klsan_clobber(void *p, uintptr_t size);
void __kmemsan_klsan_clear(void *p, uintptr_t size);
void __kmemsan_klsan_scope_exit(void *p, uintptr_t size);
extern uint64_t __kmemsan_klsan_root[];
EXPORT_SYMBOL(__kmemsan_klsan_store);
EXPORT_SYMBOL(__kmemsan_klsan_store_int);
EXPORT_SYMBOL(__kmemsan_klsan_clobber);
EXPORT_SYMBOL(__kmemsan_klsan_copy);
EXPORT_SYMBOL(__kmemsan_klsan_clear);
EXPORT_SYMBOL(__kmemsan_klsan_scope_exit);
EXPORT_SYMBOL(__kmemsan_klsan_root);
EXPORT_SYMBOL(__kmemsan_klsan_heap_start);
EXPORT_SYMBOL(__kmemsan_klsan_heap_end);
/* kmemleak's annotations reach these (include/linux/kmemleak.h). */
void kmemsan_not_leak(const void *p);
void kmemsan_ignore(const void *p);
EXPORT_SYMBOL(kmemsan_not_leak);
EXPORT_SYMBOL(kmemsan_ignore);
EXPORT_SYMBOL(kmemsan_no_scan);
#endif
