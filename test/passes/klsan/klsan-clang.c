// KLSan from a plain clang command line: the plugin loaded both ways so
// that its -mllvm options parse, KASan off, KLSan on. At -O2 the pointer
// store, the unsigned long store and the memcpy get their events, and no
// KASan check appears. kmemsan-cc --klsan does the same.
// RUN: %clang -fpass-plugin=%plugin -Xclang -load -Xclang %plugin \
// RUN:   -mllvm -kmemsan-kasan=0 -mllvm -kmemsan-klsan=1 -O2 -S -emit-llvm \
// RUN:   -o - %s | FileCheck %s
// RUN: %clang_kmemsan --klsan -O2 -S -emit-llvm -o - %s | FileCheck %s
// Both detectors: KASan's check comes before the store, KLSan's after.
// RUN: %clang_kmemsan --kasan --klsan -O2 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefix=BOTH

struct node {
  struct node *next;
  unsigned long data;
  char name[16];
};
// CHECK: @link_node(ptr {{.*}}[[A:%[0-9a-z_.]+]], ptr {{.*}}[[B:%[0-9a-z_.]+]])
// CHECK: store ptr [[B]], ptr [[A]]
// CHECK: call void @__kmemsan_klsan_store(ptr [[A]], i64
// CHECK-NOT: @__asan_
// BOTH: @link_node(ptr {{.*}}[[A:%[0-9a-z_.]+]], ptr {{.*}}[[B:%[0-9a-z_.]+]])
// BOTH: call void @__asan_store8_noabort(
// BOTH: store ptr [[B]], ptr [[A]]
// BOTH: call void @__kmemsan_klsan_store(ptr [[A]], i64
void link_node(struct node *a, struct node *b) { a->next = b; }

// An unsigned long argument counts too, as an integer no pointer flowed
// into here (its loss does not name the drop site); one made from a
// pointer is a pointer store.
// CHECK: @set_data(ptr {{.*}}, i64 {{.*}}[[V:%[0-9a-z_.]+]])
// CHECK: store i64 [[V]]
// CHECK: call void @__kmemsan_klsan_store_int(ptr {{.*}}, i64 [[V]])
void set_data(struct node *a, unsigned long v) { a->data = v; }

// CHECK-LABEL: @set_data_ptr(
// CHECK: call void @__kmemsan_klsan_store(ptr {{.*}}, i64
void set_data_ptr(struct node *a, void *v) { a->data = (unsigned long)v; }

// CHECK-LABEL: @copy_node(
// CHECK: call void @__kmemsan_klsan_copy(
void copy_node(struct node *dst, const struct node *src, unsigned long n) {
  __builtin_memcpy(dst, src, n);
}
