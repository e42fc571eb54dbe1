; Rule: no check of an address range already checked on every path to the
; access, when nothing on any of those paths may free memory (any call but
; intrinsics such as dbg/lifetime/assume/mem* and calls marked nofree).
; The same address is the same SSA pointer after stripping constant
; offsets; a covering range at the same base and offset counts too.
; Merging is off in both runs so that this file sees one rule only.
; RUN: %opt -passes=kmemsan-kasan -kmemsan-merge-adjacent=0 -S %s \
; RUN:   | FileCheck %s --check-prefixes=CHECK,ON
; RUN: %opt -passes=kmemsan-kasan -kmemsan-skip-dominated=0 -kmemsan-merge-adjacent=0 \
; RUN:   -S %s | FileCheck %s --check-prefixes=CHECK,OFF

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare void @may_free(ptr)
declare void @no_free(ptr) nofree
declare void @llvm.assume(i1)

; Load then store of the same field: one check.
define void @same_address(ptr %p) {
; CHECK-LABEL: @same_address(
; CHECK: call void @__asan_load4_noabort(
; ON-NOT: call void @__asan_store4_noabort(
; OFF: call void @__asan_store4_noabort(
; CHECK: ret void
  %v = load i32, ptr %p
  %w = add i32 %v, 1
  store i32 %w, ptr %p
  ret void
}

; A wider earlier check covers a narrower later one at the same base.
define i32 @covered(ptr %p) {
; CHECK-LABEL: @covered(
; CHECK: call void @__asan_load8_noabort(
; ON-NOT: call void @__asan_load4_noabort(
; OFF: call void @__asan_load4_noabort(
; CHECK: ret i32
  %a = load i64, ptr %p
  %q = getelementptr i8, ptr %p, i64 4
  %b = load i32, ptr %q
  %t = trunc i64 %a to i32
  %s = add i32 %t, %b
  ret i32 %s
}

; Checked in the entry block, accessed in both arms and after the join.
define void @dominating_block(ptr %p, i1 %c) {
; CHECK-LABEL: @dominating_block(
; CHECK: call void @__asan_store4_noabort(
; ON-NOT: call void @__asan
; OFF-COUNT-3: call void @__asan_store4_noabort(
; CHECK: ret void
  store i32 0, ptr %p
  br i1 %c, label %a, label %b
a:
  store i32 1, ptr %p
  br label %join
b:
  store i32 2, ptr %p
  br label %join
join:
  store i32 3, ptr %p
  ret void
}

; Checked on both incoming paths (not in a common dominator): still skipped.
define void @both_paths(ptr %p, i1 %c) {
; CHECK-LABEL: @both_paths(
; CHECK: call void @__asan_store4_noabort(
; CHECK: call void @__asan_store4_noabort(
; ON-NOT: call void @__asan
; OFF: call void @__asan_store4_noabort(
; CHECK: ret void
  br i1 %c, label %a, label %b
a:
  store i32 1, ptr %p
  br label %join
b:
  store i32 2, ptr %p
  br label %join
join:
  store i32 3, ptr %p
  ret void
}

; Calls known not to free keep the earlier check valid.
define void @nofree_between(ptr %p, i1 %c) {
; CHECK-LABEL: @nofree_between(
; CHECK: call void @__asan_store4_noabort(
; ON-NOT: call void @__asan
; OFF: call void @__asan_store4_noabort(
; CHECK: ret void
  store i32 1, ptr %p
  call void @no_free(ptr %p)
  call void @llvm.assume(i1 %c)
  store i32 2, ptr %p
  ret void
}

; Negative: a call that may free the object in between.
define void @free_between(ptr %p) {
; CHECK-LABEL: @free_between(
; CHECK: call void @__asan_store4_noabort(
; CHECK: call void @may_free(
; CHECK: call void @__asan_store4_noabort(
; CHECK: ret void
  store i32 1, ptr %p
  call void @may_free(ptr %p)
  store i32 2, ptr %p
  ret void
}

; Negative: checked on one path only.
define void @one_path(ptr %p, i1 %c) {
; CHECK-LABEL: @one_path(
; CHECK: a:
; CHECK: call void @__asan_store4_noabort(
; CHECK: join:
; CHECK: call void @__asan_store4_noabort(
; CHECK: ret void
  br i1 %c, label %a, label %join
a:
  store i32 1, ptr %p
  br label %join
join:
  store i32 3, ptr %p
  ret void
}

; Negative: a may-free call on one path to the join.
define void @free_on_one_path(ptr %p, i1 %c) {
; CHECK-LABEL: @free_on_one_path(
; CHECK: call void @__asan_store4_noabort(
; CHECK: a:
; CHECK-NEXT: call void @may_free(
; CHECK: join:
; CHECK: call void @__asan_store4_noabort(
; CHECK: ret void
  store i32 0, ptr %p
  br i1 %c, label %a, label %join
a:
  call void @may_free(ptr %p)
  br label %join
join:
  store i32 3, ptr %p
  ret void
}

; Negative: a loop whose body frees; the header's check is needed on every
; iteration, but the header was checked before the loop: the back edge
; carries the free.
define void @loop_with_free(ptr %p, i32 %n) {
; CHECK-LABEL: @loop_with_free(
; CHECK: call void @__asan_store4_noabort(
; CHECK: loop:
; CHECK: call void @__asan_store4_noabort(
; CHECK: ret void
entry:
  store i32 0, ptr %p
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i1, %loop ]
  store i32 %i, ptr %p
  call void @may_free(ptr %p)
  %i1 = add i32 %i, 1
  %done = icmp eq i32 %i1, %n
  br i1 %done, label %exit, label %loop
exit:
  ret void
}

; Negative: a different, narrower earlier range does not cover a wider one.
define i64 @not_covered(ptr %p) {
; CHECK-LABEL: @not_covered(
; CHECK: call void @__asan_load4_noabort(
; CHECK: call void @__asan_load8_noabort(
; CHECK: ret i64
  %a = load i32, ptr %p
  %b = load i64, ptr %p
  %z = zext i32 %a to i64
  %s = add i64 %z, %b
  ret i64 %s
}
