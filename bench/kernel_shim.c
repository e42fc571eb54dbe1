/*
 * The kernel.h API on top of libc malloc, for the benchmark configurations
 * that do not link the kmemsan hosted runtime: the uninstrumented baseline
 * and userspace ASan (whose own malloc then does the checking). The
 * -fsanitize=kernel-address configurations link the hosted runtime instead,
 * so that they differ from ours only in the instrumentation.
 *
 * struct page * is the page's address itself; nothing here looks inside it.
 */
#include <kmemsan/kernel.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

struct kmem_cache {
  size_t size, align;
  void (*ctor)(void *);
};

void *kmalloc(size_t size, gfp_t flags) {
  return flags & __GFP_ZERO ? calloc(1, size) : malloc(size);
}
void *kzalloc(size_t size, gfp_t flags) { return calloc(1, size); }
void *kmalloc_node(size_t size, gfp_t flags, int node) {
  return kmalloc(size, flags);
}
void *kzalloc_node(size_t size, gfp_t flags, int node) {
  return calloc(1, size);
}
void *kmalloc_array(size_t n, size_t size, gfp_t flags) {
  if (size && n > (size_t)-1 / size)
    return NULL;
  return kmalloc(n * size, flags);
}
void *kcalloc(size_t n, size_t size, gfp_t flags) { return calloc(n, size); }
void *krealloc(const void *p, size_t new_size, gfp_t flags) {
  return realloc((void *)p, new_size);
}
void *kmemdup(const void *src, size_t len, gfp_t flags) {
  void *p = malloc(len);
  if (p)
    memcpy(p, src, len);
  return p;
}
char *kstrdup(const char *s, gfp_t flags) { return s ? strdup(s) : NULL; }
void kfree(const void *p) { free((void *)p); }
void kfree_sensitive(const void *p) {
  if (p)
    memset((void *)p, 0, malloc_usable_size((void *)p));
  free((void *)p);
}
size_t ksize(const void *p) { return p ? malloc_usable_size((void *)p) : 0; }

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
                                     unsigned int align, unsigned long flags,
                                     void (*ctor)(void *)) {
  struct kmem_cache *s = malloc(sizeof(*s));
  if (!s)
    return NULL;
  if (flags & SLAB_HWCACHE_ALIGN && align < 64)
    align = 64;
  s->align = align < sizeof(void *) ? sizeof(void *) : align;
  s->size = (size + s->align - 1) / s->align * s->align;
  s->ctor = ctor;
  return s;
}
void kmem_cache_destroy(struct kmem_cache *s) { free(s); }
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t flags) {
  void *p = aligned_alloc(s->align, s->size);
  if (p && s->ctor)
    s->ctor(p);
  if (p && flags & __GFP_ZERO)
    memset(p, 0, s->size);
  return p;
}
void *kmem_cache_zalloc(struct kmem_cache *s, gfp_t flags) {
  return kmem_cache_alloc(s, flags | __GFP_ZERO);
}
void kmem_cache_free(struct kmem_cache *s, void *p) { free(p); }
int kmem_cache_alloc_bulk(struct kmem_cache *s, gfp_t flags, size_t n,
                          void **p) {
  for (size_t i = 0; i < n; i++) {
    p[i] = kmem_cache_alloc(s, flags);
    if (!p[i]) {
      kmem_cache_free_bulk(s, i, p);
      return 0;
    }
  }
  return (int)n;
}
void kmem_cache_free_bulk(struct kmem_cache *s, size_t n, void **p) {
  for (size_t i = 0; i < n; i++)
    free(p[i]);
}

void *vmalloc(unsigned long size) { return malloc(size); }
void *vzalloc(unsigned long size) { return calloc(1, size); }
void vfree(const void *p) { free((void *)p); }

struct page *alloc_pages(gfp_t flags, unsigned int order) {
  void *p = aligned_alloc(PAGE_SIZE, PAGE_SIZE << order);
  if (p && flags & __GFP_ZERO)
    memset(p, 0, PAGE_SIZE << order);
  return (struct page *)p;
}
void __free_pages(struct page *page, unsigned int order) { free(page); }
unsigned long __get_free_pages(gfp_t flags, unsigned int order) {
  return (unsigned long)alloc_pages(flags, order);
}
void free_pages(unsigned long addr, unsigned int order) {
  free((void *)addr);
}
void *page_address(const struct page *page) { return (void *)page; }
struct page *virt_to_page(const void *addr) {
  return (struct page *)((unsigned long)addr & ~(PAGE_SIZE - 1));
}
