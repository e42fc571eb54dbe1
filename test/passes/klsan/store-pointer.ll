; A pointer store is followed by the inline test: the value lies in
; [heap_start, heap_end) (one compare: v - start <= end - start - 1, which
; an unset range, both 0, passes, like the runtime's own test), else the
; word's tag, read from the tag shadow (directory entry, then the tag only
; if the chunk exists), is non-zero. Only then, in a cold block,
; __kmemsan_klsan_store(addr, value).
; RUN: %opt -passes=kmemsan-klsan -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; CHECK: @__kmemsan_klsan_heap_start = external dso_local global i64
; CHECK: @__kmemsan_klsan_heap_end = external dso_local global i64

define void @store_ptr(ptr %p, ptr %v) {
; CHECK-LABEL: @store_ptr(
; CHECK-NEXT: store ptr %v, ptr %p, align 8
; CHECK-NEXT: [[V:%.*]] = ptrtoint ptr %v to i64, !nosanitize
; CHECK-NEXT: [[A:%.*]] = ptrtoint ptr %p to i64, !nosanitize
; CHECK-NEXT: [[START:%.*]] = load i64, ptr @__kmemsan_klsan_heap_start, align 8, !nosanitize
; CHECK-NEXT: [[END:%.*]] = load i64, ptr @__kmemsan_klsan_heap_end, align 8, !nosanitize
; CHECK-NEXT: [[SIZE:%.*]] = sub i64 [[END]], [[START]], !nosanitize
; CHECK-NEXT: [[LAST:%.*]] = add i64 [[SIZE]], -1, !nosanitize
; CHECK-NEXT: [[OFF:%.*]] = sub i64 [[V]], [[START]], !nosanitize
; CHECK-NEXT: [[IN:%.*]] = icmp ule i64 [[OFF]], [[LAST]], !nosanitize
; CHECK-NEXT: br i1 [[IN]], label %[[EVENT:.*]], label %[[TAGTEST:.*]], !prof [[UNLIKELY:![0-9]+]], !nosanitize
; CHECK: [[TAGTEST]]:
; CHECK-NEXT: [[IDX:%.*]] = lshr i64 [[A]], 21, !nosanitize
; CHECK-NEXT: [[EOFF:%.*]] = shl i64 [[IDX]], 3, !nosanitize
; CHECK-NEXT: [[E:%.*]] = add i64 [[EOFF]], 87960930222080, !nosanitize
; CHECK-NEXT: [[EP:%.*]] = inttoptr i64 [[E]] to ptr, !nosanitize
; CHECK-NEXT: [[CHUNK:%.*]] = load i64, ptr [[EP]], align 8, !nosanitize
; CHECK-NEXT: [[NOCHUNK:%.*]] = icmp eq i64 [[CHUNK]], 0, !nosanitize
; CHECK-NEXT: br i1 [[NOCHUNK]], label %[[CONT:.*]], label %[[HASCHUNK:.*]], !nosanitize
; CHECK: [[HASCHUNK]]:
; CHECK-NEXT: [[W:%.*]] = and i64 [[A]], 2097144, !nosanitize
; CHECK-NEXT: [[T:%.*]] = add i64 [[CHUNK]], [[W]], !nosanitize
; CHECK-NEXT: [[TP:%.*]] = inttoptr i64 [[T]] to ptr, !nosanitize
; CHECK-NEXT: [[TAG:%.*]] = load i64, ptr [[TP]], align 8, !nosanitize
; CHECK-NEXT: [[TAGGED:%.*]] = icmp ne i64 [[TAG]], 0, !nosanitize
; CHECK-NEXT: br i1 [[TAGGED]], label %[[EVENT]], label %[[CONT]], !prof [[UNLIKELY]], !nosanitize
; CHECK: [[EVENT]]:
; CHECK-NEXT: call void @__kmemsan_klsan_store(ptr %p, i64 [[V]]), !nosanitize
; CHECK-NEXT: br label %[[CONT]]
; CHECK: [[CONT]]:
; CHECK-NEXT: ret void
  store ptr %v, ptr %p, align 8
  ret void
}

; A null (or small constant) can be no reference: no value test, but it
; still overwrites whatever the word held.
define void @store_null(ptr %p) {
; CHECK-LABEL: @store_null(
; CHECK-NEXT: store ptr null, ptr %p, align 8
; CHECK-NOT: @__kmemsan_klsan_heap_start
; CHECK: load i64
; CHECK: [[TAG:%.*]] = load i64
; CHECK: icmp ne i64 [[TAG]], 0
; CHECK: call void @__kmemsan_klsan_store(ptr %p, i64 0)
  store ptr null, ptr %p, align 8
  ret void
}

; Stores to other address spaces (per-cpu segments) have no tag shadow.
define void @store_other_as(ptr addrspace(256) %p, ptr %v) {
; CHECK-LABEL: @store_other_as(
; CHECK-NEXT: store ptr %v, ptr addrspace(256) %p, align 8
; CHECK-NEXT: ret void
  store ptr %v, ptr addrspace(256) %p, align 8
  ret void
}

; CHECK: declare void @__kmemsan_klsan_store(ptr, i64)
; CHECK: [[UNLIKELY]] = !{!"branch_weights", i32 1, i32 {{[0-9]+}}}
