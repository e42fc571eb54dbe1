/*
 * A small kernel-flavoured API for programs checked with the hosted runtime,
 * so that test programs, examples and benchmarks read like kernel code.
 *
 * The allocator behind it models SLUB: kmalloc size classes 8..8192
 * (caches named kmalloc-N), larger kmalloc requests from the page allocator,
 * named caches from kmem_cache_create(), and vmalloc areas.
 */
#ifndef KMEMSAN_KERNEL_H
#define KMEMSAN_KERNEL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef unsigned int gfp_t;
#define GFP_KERNEL 0x0cc0u
#define GFP_ATOMIC 0x0a20u
#define __GFP_ZERO 0x100u
#define NUMA_NO_NODE (-1)

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define KMALLOC_MAX_CACHE_SIZE 8192UL
#define SLAB_HWCACHE_ALIGN 0x00002000UL
#define SLAB_ACCOUNT 0x04000000UL

struct kmem_cache;
struct page;

void *kmalloc(size_t size, gfp_t flags);
void *kzalloc(size_t size, gfp_t flags);
void *kmalloc_node(size_t size, gfp_t flags, int node);
void *kzalloc_node(size_t size, gfp_t flags, int node);
void *kmalloc_array(size_t n, size_t size, gfp_t flags);
void *kcalloc(size_t n, size_t size, gfp_t flags);
void *krealloc(const void *p, size_t new_size, gfp_t flags);
void *kmemdup(const void *src, size_t len, gfp_t flags);
char *kstrdup(const char *s, gfp_t flags);
void kfree(const void *p);
void kfree_sensitive(const void *p);
size_t ksize(const void *p);

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
                                     unsigned int align, unsigned long flags,
                                     void (*ctor)(void *));
void kmem_cache_destroy(struct kmem_cache *s);
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t flags);
void *kmem_cache_zalloc(struct kmem_cache *s, gfp_t flags);
void kmem_cache_free(struct kmem_cache *s, void *p);
int kmem_cache_alloc_bulk(struct kmem_cache *s, gfp_t flags, size_t n, void **p);
void kmem_cache_free_bulk(struct kmem_cache *s, size_t n, void **p);

void *vmalloc(unsigned long size);
void *vzalloc(unsigned long size);
void vfree(const void *p);

struct page *alloc_pages(gfp_t flags, unsigned int order);
void __free_pages(struct page *page, unsigned int order);
unsigned long __get_free_pages(gfp_t flags, unsigned int order);
void free_pages(unsigned long addr, unsigned int order);
void *page_address(const struct page *page);
struct page *virt_to_page(const void *addr);

#define offset_in_page(p) ((unsigned long)(p) & (PAGE_SIZE - 1))

/* Compiler helpers with their kernel meanings. */
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))
#define OPTIMIZER_HIDE_VAR(var) __asm__("" : "=r"(var) : "0"(var))
#define barrier() __asm__ __volatile__("" ::: "memory")
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define container_of(ptr, type, member)                                        \
  ((type *)((char *)(ptr)-offsetof(type, member)))
#define noinline __attribute__((noinline))

/*
 * Bit operations on unsigned long words, as the kernel's generic bitops:
 * plain C here, so the pass instruments the accesses they make.
 */
#define BITS_PER_LONG 64
#define BIT_WORD(nr) ((nr) / BITS_PER_LONG)
#define BIT_MASK(nr) (1UL << ((nr) % BITS_PER_LONG))

static inline void set_bit(long nr, volatile unsigned long *addr) {
  __atomic_fetch_or(addr + BIT_WORD(nr), BIT_MASK(nr), __ATOMIC_RELAXED);
}
static inline void clear_bit(long nr, volatile unsigned long *addr) {
  __atomic_fetch_and(addr + BIT_WORD(nr), ~BIT_MASK(nr), __ATOMIC_RELAXED);
}
static inline void change_bit(long nr, volatile unsigned long *addr) {
  __atomic_fetch_xor(addr + BIT_WORD(nr), BIT_MASK(nr), __ATOMIC_RELAXED);
}
static inline void __set_bit(long nr, volatile unsigned long *addr) {
  addr[BIT_WORD(nr)] |= BIT_MASK(nr);
}
static inline void __clear_bit(long nr, volatile unsigned long *addr) {
  addr[BIT_WORD(nr)] &= ~BIT_MASK(nr);
}
static inline void __change_bit(long nr, volatile unsigned long *addr) {
  addr[BIT_WORD(nr)] ^= BIT_MASK(nr);
}
static inline int test_bit(long nr, const volatile unsigned long *addr) {
  return (addr[BIT_WORD(nr)] & BIT_MASK(nr)) != 0;
}
static inline int test_and_set_bit(long nr, volatile unsigned long *addr) {
  return (__atomic_fetch_or(addr + BIT_WORD(nr), BIT_MASK(nr),
                            __ATOMIC_SEQ_CST) & BIT_MASK(nr)) != 0;
}
static inline int test_and_clear_bit(long nr, volatile unsigned long *addr) {
  return (__atomic_fetch_and(addr + BIT_WORD(nr), ~BIT_MASK(nr),
                             __ATOMIC_SEQ_CST) & BIT_MASK(nr)) != 0;
}
static inline int test_and_change_bit(long nr, volatile unsigned long *addr) {
  return (__atomic_fetch_xor(addr + BIT_WORD(nr), BIT_MASK(nr),
                             __ATOMIC_SEQ_CST) & BIT_MASK(nr)) != 0;
}
static inline int __test_and_set_bit(long nr, volatile unsigned long *addr) {
  int old = test_bit(nr, addr);
  __set_bit(nr, addr);
  return old;
}
static inline int __test_and_clear_bit(long nr, volatile unsigned long *addr) {
  int old = test_bit(nr, addr);
  __clear_bit(nr, addr);
  return old;
}

#ifdef __cplusplus
}
#endif

#endif /* KMEMSAN_KERNEL_H */
