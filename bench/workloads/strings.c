/*
 * String handling as in path lookup and sysfs/procfs attribute parsing:
 * building paths, splitting them into components, duplicating names with
 * kstrdup, comparing, searching, and formatting into fixed buffers.
 */
#include "bench.h"

static const char *const words[] = {
    "sys", "devices", "platform", "serial8250", "tty", "ttyS0", "power",
    "wakeup", "net", "eth0", "queues", "rx-0", "rps_cpus", "block", "sda",
    "queue", "scheduler", "kernel", "mm", "transparent_hugepage", "enabled"};

struct dentry_name {
  struct list_head list;
  char *name;
  unsigned long hash;
};

static noinline unsigned long name_hash(const char *s, size_t len) {
  unsigned long h = 0;
  for (size_t i = 0; i < len; i++)
    h = (h + (unsigned char)s[i]) * 0x9E3779B1UL;
  return h;
}

/* Split a path into components, as link_path_walk does. */
static noinline unsigned long walk_path(const char *path, struct list_head *out) {
  unsigned long h = 0;
  while (*path) {
    while (*path == '/')
      path++;
    const char *end = strchr(path, '/');
    size_t len = end ? (size_t)(end - path) : strlen(path);
    if (!len)
      break;
    struct dentry_name *d = kmalloc(sizeof(*d), GFP_KERNEL);
    d->name = kmalloc(len + 1, GFP_KERNEL);
    memcpy(d->name, path, len);
    d->name[len] = 0;
    d->hash = name_hash(d->name, len);
    list_add_tail(&d->list, out);
    h = bench_mix(h, d->hash);
    path += len;
  }
  return h;
}

static noinline unsigned long parse_attr(const char *buf) {
  /* "key=value key2=value2 ..." */
  unsigned long h = 0;
  char *copy = kstrdup(buf, GFP_KERNEL);
  char *s = copy;
  while (s && *s) {
    char *sp = strchr(s, ' ');
    if (sp)
      *sp = 0;
    char *eq = strchr(s, '=');
    if (eq) {
      *eq = 0;
      h = bench_mix(h, strlen(s) * 31 + strtoul(eq + 1, NULL, 10));
      if (!strcmp(s, "mode") || !strncmp(s, "uid", 3))
        h ^= 0x55;
    }
    s = sp ? sp + 1 : NULL;
  }
  kfree(copy);
  return h;
}

int main(int argc, char **argv) {
  long iters = bench_scale(argc, argv, 600000);
  unsigned long seed = 99, sum = 0;
  char path[256], attr[128];
  struct list_head comps;

  INIT_LIST_HEAD(&comps);
  for (long it = 0; it < iters; it++) {
    unsigned long r = bench_rand(&seed);
    size_t pos = 0;
    int depth = 2 + (int)(r % 6);
    for (int d = 0; d < depth; d++) {
      const char *w = words[(r >> (5 * d)) % ARRAY_SIZE(words)];
      size_t wl = strlen(w);
      path[pos++] = '/';
      memcpy(path + pos, w, wl);
      pos += wl;
    }
    path[pos] = 0;
    sum = bench_mix(sum, walk_path(path, &comps));

    snprintf(attr, sizeof(attr), "mode=%lu uid=%lu size=%lu name=x%lx",
             r & 0777, (r >> 12) & 0xffff, (r >> 20) & 0xfffff, r >> 40);
    sum = bench_mix(sum, parse_attr(attr));

    struct dentry_name *d, *tmp;
    list_for_each_entry_safe(d, tmp, &comps, list) {
      char *dup = kstrdup(d->name, GFP_KERNEL);
      if (strstr(dup, "queue") || strrchr(dup, '_'))
        sum = bench_mix(sum, d->hash);
      sum += (unsigned long)memcmp(dup, d->name, strlen(dup) + 1) + strlen(dup);
      kfree(dup);
      list_del(&d->list);
      kfree(d->name);
      kfree(d);
    }
  }
  bench_done("strings", sum);
  return 0;
}
