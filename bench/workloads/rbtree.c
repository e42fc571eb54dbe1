/*
 * A compact kernel-style red-black tree (parent pointers, colour kept apart
 * from the pointer for clarity) used as an interval-free range map: insert,
 * lookup, in-order walks and erase over a churning key set.
 */
#include "bench.h"

enum { RB_RED, RB_BLACK };

struct rb_node {
  struct rb_node *parent, *left, *right;
  int color;
};
struct rb_root {
  struct rb_node *node;
};

static void rb_rotate(struct rb_root *root, struct rb_node *x, int left) {
  struct rb_node *y = left ? x->right : x->left;
  struct rb_node *mid = left ? y->left : y->right;
  if (left)
    x->right = mid;
  else
    x->left = mid;
  if (mid)
    mid->parent = x;
  y->parent = x->parent;
  if (!x->parent)
    root->node = y;
  else if (x == x->parent->left)
    x->parent->left = y;
  else
    x->parent->right = y;
  if (left)
    y->left = x;
  else
    y->right = x;
  x->parent = y;
}

/* Called with n linked as a red leaf under parent. */
static noinline void rb_insert_color(struct rb_node *n, struct rb_root *root) {
  struct rb_node *p, *g, *u;
  while ((p = n->parent) && p->color == RB_RED) {
    g = p->parent;
    int pleft = p == g->left;
    u = pleft ? g->right : g->left;
    if (u && u->color == RB_RED) {
      p->color = u->color = RB_BLACK;
      g->color = RB_RED;
      n = g;
      continue;
    }
    if (n == (pleft ? p->right : p->left)) {
      rb_rotate(root, p, pleft);
      n = p;
      p = n->parent;
    }
    p->color = RB_BLACK;
    g->color = RB_RED;
    rb_rotate(root, g, !pleft);
  }
  root->node->color = RB_BLACK;
}

static void rb_transplant(struct rb_root *root, struct rb_node *u,
                          struct rb_node *v) {
  if (!u->parent)
    root->node = v;
  else if (u == u->parent->left)
    u->parent->left = v;
  else
    u->parent->right = v;
  if (v)
    v->parent = u->parent;
}

static noinline void rb_erase(struct rb_node *z, struct rb_root *root) {
  struct rb_node *x, *xp, *y = z;
  int ycolor = y->color;
  if (!z->left) {
    x = z->right;
    xp = z->parent;
    rb_transplant(root, z, z->right);
  } else if (!z->right) {
    x = z->left;
    xp = z->parent;
    rb_transplant(root, z, z->left);
  } else {
    y = z->right;
    while (y->left)
      y = y->left;
    ycolor = y->color;
    x = y->right;
    if (y->parent == z) {
      xp = y;
    } else {
      xp = y->parent;
      rb_transplant(root, y, y->right);
      y->right = z->right;
      y->right->parent = y;
    }
    rb_transplant(root, z, y);
    y->left = z->left;
    y->left->parent = y;
    y->color = z->color;
  }
  if (ycolor != RB_BLACK)
    return;
  while (x != root->node && (!x || x->color == RB_BLACK)) {
    int xleft = x == xp->left;
    struct rb_node *w = xleft ? xp->right : xp->left;
    if (w->color == RB_RED) {
      w->color = RB_BLACK;
      xp->color = RB_RED;
      rb_rotate(root, xp, xleft);
      w = xleft ? xp->right : xp->left;
    }
    struct rb_node *wn = xleft ? w->left : w->right;  /* near child */
    struct rb_node *wf = xleft ? w->right : w->left;  /* far child */
    if ((!wn || wn->color == RB_BLACK) && (!wf || wf->color == RB_BLACK)) {
      w->color = RB_RED;
      x = xp;
      xp = x->parent;
      continue;
    }
    if (!wf || wf->color == RB_BLACK) {
      wn->color = RB_BLACK;
      w->color = RB_RED;
      rb_rotate(root, w, !xleft);
      w = xleft ? xp->right : xp->left;
      wf = xleft ? w->right : w->left;
    }
    w->color = xp->color;
    xp->color = RB_BLACK;
    if (wf)
      wf->color = RB_BLACK;
    rb_rotate(root, xp, xleft);
    x = root->node;
    break;
  }
  if (x)
    x->color = RB_BLACK;
}

static struct rb_node *rb_first(const struct rb_root *root) {
  struct rb_node *n = root->node;
  if (n)
    while (n->left)
      n = n->left;
  return n;
}
static struct rb_node *rb_next(const struct rb_node *n) {
  if (n->right) {
    n = n->right;
    while (n->left)
      n = n->left;
    return (struct rb_node *)n;
  }
  while (n->parent && n == n->parent->right)
    n = n->parent;
  return n->parent;
}

struct extent {
  struct rb_node node;
  unsigned long start;
  unsigned long len;
  char tag[16];
};

static struct rb_root tree;

static noinline struct extent *extent_find(unsigned long start) {
  struct rb_node *n = tree.node;
  while (n) {
    struct extent *e = container_of(n, struct extent, node);
    if (start < e->start)
      n = n->left;
    else if (start > e->start)
      n = n->right;
    else
      return e;
  }
  return NULL;
}

static noinline int extent_insert(struct extent *e) {
  struct rb_node **link = &tree.node, *parent = NULL;
  while (*link) {
    struct extent *cur = container_of(*link, struct extent, node);
    parent = *link;
    if (e->start < cur->start)
      link = &parent->left;
    else if (e->start > cur->start)
      link = &parent->right;
    else
      return 0;
  }
  e->node.parent = parent;
  e->node.left = e->node.right = NULL;
  e->node.color = RB_RED;
  *link = &e->node;
  rb_insert_color(&e->node, &tree);
  return 1;
}

int main(int argc, char **argv) {
  long ops = bench_scale(argc, argv, 1500000);
  unsigned long seed = 12345, sum = 0;
  long live = 0;

  for (long i = 0; i < ops; i++) {
    unsigned long r = bench_rand(&seed);
    unsigned long start = (r >> 8) % 200000;
    struct extent *e = extent_find(start);
    if (e && (r & 3) != 0) {
      sum = bench_mix(sum, e->len + (unsigned char)e->tag[r % 16]);
      rb_erase(&e->node, &tree);
      kfree(e);
      live--;
    } else if (!e) {
      e = kmalloc(sizeof(*e), GFP_KERNEL);
      e->start = start;
      e->len = r & 0xffff;
      for (int k = 0; k < 16; k++)
        e->tag[k] = (char)('a' + (start + k) % 26);
      if (extent_insert(e))
        live++;
      else
        kfree(e);
    }
    if ((i & 65535) == 0) {
      unsigned long walk = 0;
      for (struct rb_node *n = rb_first(&tree); n; n = rb_next(n))
        walk = bench_mix(walk, container_of(n, struct extent, node)->start);
      sum ^= walk;
    }
  }
  while (tree.node) {
    struct extent *e = container_of(tree.node, struct extent, node);
    rb_erase(&e->node, &tree);
    kfree(e);
    live--;
  }
  bench_done("rbtree", sum ^ (unsigned long)live);
  return 0;
}
