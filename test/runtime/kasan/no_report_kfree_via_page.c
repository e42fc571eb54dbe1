// no_report_kfree_via_page: kfree() through an address recomputed from the
// object's page (page_address(virt_to_page(p)) + offset_in_page(p)) is the
// same pointer and a valid free, for slab and page-allocator kmalloc sizes.
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log

#include <kmemsan/kernel.h>
#include <stdio.h>

static noinline int kfree_via_page(size_t size) {
  char *ptr = kmalloc(size, GFP_KERNEL);
  struct page *page;
  unsigned long offset;
  char *again;

  if (!ptr)
    return 0;
  ptr[0] = 1;
  page = virt_to_page(ptr);
  offset = offset_in_page(ptr);
  again = (char *)page_address(page) + offset;
  kfree(again);
  return again == ptr;
}

int main(void) {
  static const size_t sizes[] = {8, 16, 100, 128, 1000, 4096, 8192, 8193, 20000};
  size_t i;
  int ok = 1;

  for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
    ok &= kfree_via_page(sizes[i]);
  fprintf(stderr, "no_report_kfree_via_page: done (%s)\n",
          ok ? "same pointers" : "different pointers");
  return 0;
}

// CHECK-NOT: BUG: KASAN
// CHECK: no_report_kfree_via_page: done (same pointers)
// CHECK-NOT: BUG: KASAN
