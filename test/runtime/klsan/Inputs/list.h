/*
 * A minimal copy of the kernel's <linux/list.h> for the KLSan tests: the
 * same stores in the same order (so the same reference events), the same
 * poison values in a deleted entry.
 */
#ifndef KLSAN_TEST_LIST_H
#define KLSAN_TEST_LIST_H

#include <kmemsan/kernel.h>
#include <stddef.h>

struct list_head {
  struct list_head *next, *prev;
};

#define POISON_POINTER_DELTA 0xdead000000000000UL
#define LIST_POISON1 ((struct list_head *)(0x100 + POISON_POINTER_DELTA))
#define LIST_POISON2 ((struct list_head *)(0x122 + POISON_POINTER_DELTA))

#define LIST_HEAD_INIT(name) {&(name), &(name)}
#define LIST_HEAD(name) struct list_head name = LIST_HEAD_INIT(name)

static inline void INIT_LIST_HEAD(struct list_head *list) {
  WRITE_ONCE(list->next, list);
  WRITE_ONCE(list->prev, list);
}

static inline void __list_add(struct list_head *entry, struct list_head *prev,
                              struct list_head *next) {
  next->prev = entry;
  entry->next = next;
  entry->prev = prev;
  WRITE_ONCE(prev->next, entry);
}

static inline void list_add(struct list_head *entry, struct list_head *head) {
  __list_add(entry, head, head->next);
}

static inline void list_add_tail(struct list_head *entry,
                                 struct list_head *head) {
  __list_add(entry, head->prev, head);
}

static inline void __list_del(struct list_head *prev, struct list_head *next) {
  next->prev = prev;
  WRITE_ONCE(prev->next, next);
}

static inline void __list_del_entry(struct list_head *entry) {
  __list_del(entry->prev, entry->next);
}

static inline void list_del(struct list_head *entry) {
  __list_del_entry(entry);
  entry->next = LIST_POISON1;
  entry->prev = LIST_POISON2;
}

static inline void list_del_init(struct list_head *entry) {
  __list_del_entry(entry);
  INIT_LIST_HEAD(entry);
}

static inline int list_empty(const struct list_head *head) {
  return READ_ONCE(head->next) == head;
}

#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_first_entry(ptr, type, member)                                    \
  list_entry((ptr)->next, type, member)
#define list_next_entry(pos, member)                                           \
  list_entry((pos)->member.next, __typeof__(*(pos)), member)
#define list_for_each_entry(pos, head, member)                                 \
  for (pos = list_first_entry(head, __typeof__(*pos), member);                 \
       &pos->member != (head); pos = list_next_entry(pos, member))
#define list_for_each_entry_safe(pos, n, head, member)                         \
  for (pos = list_first_entry(head, __typeof__(*pos), member),                 \
      n = list_next_entry(pos, member);                                        \
       &pos->member != (head); pos = n, n = list_next_entry(n, member))

#endif /* KLSAN_TEST_LIST_H */
