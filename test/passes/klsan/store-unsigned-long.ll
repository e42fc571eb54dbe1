; A pointer-sized store of any IR type is a store event: pointers are often
; stored as unsigned long (i64), and the optimizer stores doubles and
; <2 x i32> that may carry them. The value reaches the runtime as an i64.
; An integer no pointer can have flowed into within the function (an
; integer argument, a constant, arithmetic and phis of those) goes to
; __kmemsan_klsan_store_int: it counts the same, but when it is lost the
; drop site stays where the last real reference went (a TLB flush range's
; end that happens to equal a vmalloc area's start is no holder to blame).
; Anything a pointer may have flowed into (ptrtoint, a load, a call's
; result, a bitcast from another type) is a plain store event.
; RUN: %opt -passes=kmemsan-klsan -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define void @store_i64(ptr %p, i64 %v) {
; CHECK-LABEL: @store_i64(
; CHECK-NEXT: store i64 %v, ptr %p, align 8
; CHECK-NEXT: [[A:%.*]] = ptrtoint ptr %p to i64
; CHECK-NEXT: [[START:%.*]] = load i64, ptr @__kmemsan_klsan_heap_start
; CHECK-NEXT: [[END:%.*]] = load i64, ptr @__kmemsan_klsan_heap_end
; CHECK-NEXT: [[SIZE:%.*]] = sub i64 [[END]], [[START]]
; CHECK-NEXT: [[LAST:%.*]] = add i64 [[SIZE]], -1
; CHECK-NEXT: [[OFF:%.*]] = sub i64 %v, [[START]]
; CHECK-NEXT: [[IN:%.*]] = icmp ule i64 [[OFF]], [[LAST]]
; CHECK-NEXT: br i1 [[IN]], label %[[EVENT:.*]], label
; CHECK: lshr i64 [[A]], 21
; CHECK: [[EVENT]]:
; CHECK-NEXT: call void @__kmemsan_klsan_store_int(ptr %p, i64 %v)
  store i64 %v, ptr %p, align 8
  ret void
}

define void @store_range_end(ptr %p, i64 %start, i64 %len, i1 %all) {
; CHECK-LABEL: @store_range_end(
; CHECK: call void @__kmemsan_klsan_store_int(ptr %p, i64 %end)
  %e = add i64 %start, %len
  %end = select i1 %all, i64 -1, i64 %e
  store i64 %end, ptr %p, align 8
  ret void
}

define void @store_ptrtoint(ptr %p, ptr %q) {
; CHECK-LABEL: @store_ptrtoint(
; CHECK: call void @__kmemsan_klsan_store(ptr %p, i64 %v)
  %i = ptrtoint ptr %q to i64
  %v = or i64 %i, 1
  store i64 %v, ptr %p, align 8
  ret void
}

define void @store_loaded(ptr %p, ptr %q) {
; CHECK-LABEL: @store_loaded(
; CHECK: call void @__kmemsan_klsan_store(ptr %p, i64 %v)
  %v = load i64, ptr %q, align 8
  store i64 %v, ptr %p, align 8
  ret void
}

declare i64 @get_free_page()

define void @store_call_result(ptr %p) {
; CHECK-LABEL: @store_call_result(
; CHECK: call void @__kmemsan_klsan_store(ptr %p, i64 %v)
  %v = call i64 @get_free_page()
  store i64 %v, ptr %p, align 8
  ret void
}

define void @store_double(ptr %p, double %v) {
; CHECK-LABEL: @store_double(
; CHECK-NEXT: store double %v, ptr %p, align 8
; CHECK-NEXT: [[V:%.*]] = bitcast double %v to i64
; CHECK: sub i64 [[V]],
; CHECK: call void @__kmemsan_klsan_store(ptr %p, i64 [[V]])
  store double %v, ptr %p, align 8
  ret void
}

define void @store_v2i32(ptr %p, <2 x i32> %v) {
; CHECK-LABEL: @store_v2i32(
; CHECK-NEXT: store <2 x i32> %v, ptr %p, align 8
; CHECK-NEXT: [[V:%.*]] = bitcast <2 x i32> %v to i64
; CHECK: call void @__kmemsan_klsan_store(ptr %p, i64 [[V]])
  store <2 x i32> %v, ptr %p, align 8
  ret void
}

; The runtime counts aligned words only. An 8-byte store that may be
; unaligned tests the tags of both words it may touch, and decides at run
; time: a store event at an aligned address, else a partial overwrite.
define void @store_i64_align4(ptr %p, i64 %v) {
; CHECK-LABEL: @store_i64_align4(
; CHECK-NEXT: store i64 %v, ptr %p, align 4
; CHECK-NEXT: [[A:%.*]] = ptrtoint ptr %p to i64
; CHECK-NEXT: [[LAST:%.*]] = add i64 [[A]], 7
; CHECK: icmp ule i64
; CHECK: lshr i64 [[A]], 21
; CHECK: lshr i64 [[LAST]], 21
; CHECK: [[LOW:%.*]] = and i64 [[A]], 7
; CHECK-NEXT: [[ALIGNED:%.*]] = icmp eq i64 [[LOW]], 0
; CHECK-NEXT: br i1 [[ALIGNED]], label %[[THEN:.*]], label %[[ELSE:.*]]
; CHECK: [[THEN]]:
; CHECK-NEXT: call void @__kmemsan_klsan_store_int(ptr %p, i64 %v)
; CHECK: [[ELSE]]:
; CHECK-NEXT: call void @__kmemsan_klsan_clobber(ptr %p, i64 8)
  store i64 %v, ptr %p, align 4
  ret void
}
