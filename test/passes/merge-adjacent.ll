; Rule: accesses of one kind (all loads or all stores) at constant offsets
; off one base, in one block with nothing in between that may free memory
; or leave the block, forming one contiguous range of at most 32 bytes, get
; one range check at the first of them: a sized entry for 1/2/4/8/16
; bytes, __asan_{load,store}N_noabort otherwise.
; RUN: %opt -passes=kmemsan-kasan -S %s | FileCheck %s --check-prefixes=CHECK,ON
; RUN: %opt -passes=kmemsan-kasan -kmemsan-merge-adjacent=0 -S %s \
; RUN:   | FileCheck %s --check-prefixes=CHECK,OFF
; Inline mode: one range test for the merged range (one byte per granule
; and the last byte, as the fields are only 4-byte aligned).
; RUN: %opt -passes=kmemsan-kasan -kmemsan-kasan-mode=inline -S %s \
; RUN:   | FileCheck %s --check-prefix=INLINE

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare void @may_free(ptr)

; Four adjacent i32 fields: one 16-byte check at the base.
define void @four_fields(ptr %p) {
; CHECK-LABEL: @four_fields(
; ON: [[A:%.*]] = ptrtoint ptr %p to i64
; ON-NEXT: call void @__asan_store16_noabort(i64 [[A]])
; ON-NOT: call void @__asan
; OFF-COUNT-4: call void @__asan_store4_noabort(
; CHECK: ret void
; INLINE-LABEL: @four_fields(
; INLINE: [[A:%.*]] = ptrtoint ptr %p to i64
; INLINE-COUNT-3: call void @__asan_report_store_n_noabort(i64 [[A]], i64 16)
; INLINE-NOT: call void @__asan
; INLINE: ret void
  %f1 = getelementptr i8, ptr %p, i64 4
  %f2 = getelementptr i8, ptr %p, i64 8
  %f3 = getelementptr i8, ptr %p, i64 12
  store i32 0, ptr %p
  store i32 1, ptr %f1
  store i32 2, ptr %f2
  store i32 3, ptr %f3
  ret void
}

; Out of order and not starting at the base: the check covers [8, 20), 12
; bytes, placed before the first access in program order.
define i32 @offset_range(ptr %p) {
; CHECK-LABEL: @offset_range(
; ON: [[G:%[0-9]+]] = getelementptr i8, ptr %p, i64 8
; ON-NEXT: [[A:%.*]] = ptrtoint ptr [[G]] to i64
; ON-NEXT: call void @__asan_loadN_noabort(i64 [[A]], i64 12)
; ON-NEXT: load i32, ptr %f16
; ON-NOT: call void @__asan
; OFF-COUNT-3: call void @__asan_load4_noabort(
; CHECK: ret i32
  %f8 = getelementptr i8, ptr %p, i64 8
  %f12 = getelementptr i8, ptr %p, i64 12
  %f16 = getelementptr i8, ptr %p, i64 16
  %c = load i32, ptr %f16
  %a = load i32, ptr %f8
  %b = load i32, ptr %f12
  %s = add i32 %a, %b
  %t = add i32 %s, %c
  ret i32 %t
}

; Negative: a gap between the fields.
define void @gap(ptr %p) {
; CHECK-LABEL: @gap(
; CHECK: call void @__asan_store4_noabort(
; CHECK: call void @__asan_store4_noabort(
; CHECK: ret void
  %f8 = getelementptr i8, ptr %p, i64 8
  store i32 0, ptr %p
  store i32 1, ptr %f8
  ret void
}

; Negative: a load and a store are not merged.
define void @mixed_kinds(ptr %p) {
; CHECK-LABEL: @mixed_kinds(
; CHECK: call void @__asan_load4_noabort(
; CHECK: call void @__asan_store4_noabort(
; CHECK: ret void
  %f4 = getelementptr i8, ptr %p, i64 4
  %v = load i32, ptr %p
  store i32 %v, ptr %f4
  ret void
}

; Negative: a call that may free between the accesses.
define void @free_between(ptr %p) {
; CHECK-LABEL: @free_between(
; CHECK: call void @__asan_store4_noabort(
; CHECK: call void @may_free(
; CHECK: call void @__asan_store4_noabort(
; CHECK: ret void
  %f4 = getelementptr i8, ptr %p, i64 4
  store i32 0, ptr %p
  call void @may_free(ptr %p)
  store i32 1, ptr %f4
  ret void
}

; Negative: different blocks.
define void @two_blocks(ptr %p) {
; CHECK-LABEL: @two_blocks(
; CHECK: call void @__asan_store4_noabort(
; CHECK: next:
; CHECK: call void @__asan_store4_noabort(
; CHECK: ret void
  %f4 = getelementptr i8, ptr %p, i64 4
  store i32 0, ptr %p
  br label %next
next:
  store i32 1, ptr %f4
  ret void
}

; Five adjacent i64 stores span 40 bytes: the first four merge into one
; 32-byte check, the fifth is checked alone.
define void @span_limit(ptr %p) {
; CHECK-LABEL: @span_limit(
; ON: call void @__asan_storeN_noabort(i64 {{%.*}}, i64 32)
; ON: call void @__asan_store8_noabort(
; ON-NOT: call void @__asan
; OFF-COUNT-5: call void @__asan_store8_noabort(
; CHECK: ret void
  %f8 = getelementptr i8, ptr %p, i64 8
  %f16 = getelementptr i8, ptr %p, i64 16
  %f24 = getelementptr i8, ptr %p, i64 24
  %f32 = getelementptr i8, ptr %p, i64 32
  store i64 0, ptr %p
  store i64 1, ptr %f8
  store i64 2, ptr %f16
  store i64 3, ptr %f24
  store i64 4, ptr %f32
  ret void
}
