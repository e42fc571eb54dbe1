; A store narrower than a word overwrites part of it: the inline test reads
; the tag of the word it touches (no value test: it cannot store a
; reference) and calls __kmemsan_klsan_clobber(addr, size) if there is one.
; A store that may straddle two words tests both.
; RUN: %opt -passes=kmemsan-klsan -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define void @store_i32(ptr %p, i32 %v) {
; CHECK-LABEL: @store_i32(
; CHECK-NEXT: store i32 %v, ptr %p, align 4
; CHECK-NEXT: [[A:%.*]] = ptrtoint ptr %p to i64
; CHECK-NEXT: [[IDX:%.*]] = lshr i64 [[A]], 21
; CHECK-NEXT: [[EOFF:%.*]] = shl i64 [[IDX]], 3
; CHECK-NEXT: [[E:%.*]] = add i64 [[EOFF]], 87960930222080
; CHECK-NEXT: [[EP:%.*]] = inttoptr i64 [[E]] to ptr
; CHECK-NEXT: [[CHUNK:%.*]] = load i64, ptr [[EP]], align 8
; CHECK-NEXT: [[NOCHUNK:%.*]] = icmp eq i64 [[CHUNK]], 0
; CHECK-NEXT: br i1 [[NOCHUNK]], label %[[CONT:.*]], label %[[HASCHUNK:.*]],
; CHECK: [[HASCHUNK]]:
; CHECK-NEXT: [[W:%.*]] = and i64 [[A]], 2097144
; CHECK-NEXT: [[T:%.*]] = add i64 [[CHUNK]], [[W]]
; CHECK-NEXT: [[TP:%.*]] = inttoptr i64 [[T]] to ptr
; CHECK-NEXT: [[TAG:%.*]] = load i64, ptr [[TP]], align 8
; CHECK-NEXT: [[TAGGED:%.*]] = icmp ne i64 [[TAG]], 0
; CHECK-NEXT: br i1 [[TAGGED]], label %[[EVENT:.*]], label %[[CONT]], !prof
; CHECK: [[EVENT]]:
; CHECK-NEXT: call void @__kmemsan_klsan_clobber(ptr %p, i64 4)
; CHECK-NEXT: br label %[[CONT]]
; CHECK: [[CONT]]:
; CHECK-NEXT: ret void
  store i32 %v, ptr %p, align 4
  ret void
}

define void @store_i8(ptr %p, i8 %v) {
; CHECK-LABEL: @store_i8(
; CHECK-NEXT: store i8 %v, ptr %p, align 1
; CHECK-NOT: @__kmemsan_klsan_heap_start
; CHECK: load i64
; CHECK: load i64
; CHECK-NOT: load
; CHECK: call void @__kmemsan_klsan_clobber(ptr %p, i64 1)
  store i8 %v, ptr %p, align 1
  ret void
}

define void @store_i16_unaligned(ptr %p, i16 %v) {
; CHECK-LABEL: @store_i16_unaligned(
; CHECK-NEXT: store i16 %v, ptr %p, align 1
; CHECK-NEXT: [[A:%.*]] = ptrtoint ptr %p to i64
; CHECK-NEXT: [[LAST:%.*]] = add i64 [[A]], 1
; CHECK: lshr i64 [[A]], 21
; CHECK: lshr i64 [[LAST]], 21
; CHECK: call void @__kmemsan_klsan_clobber(ptr %p, i64 2)
  store i16 %v, ptr %p, align 1
  ret void
}

; A pointer at an offset that is not a multiple of 8 (packed struct) is no
; counted word: a clobber of its bytes.
define void @store_packed_ptr(ptr %p, ptr %v) {
; CHECK-LABEL: @store_packed_ptr(
; CHECK: store <{ i32, ptr }>
; CHECK-NOT: @__kmemsan_klsan_store
; CHECK: call void @__kmemsan_klsan_clobber(ptr %p, i64 12)
  %s = insertvalue <{ i32, ptr }> poison, ptr %v, 1
  store <{ i32, ptr }> %s, ptr %p, align 8
  ret void
}

; CHECK-NOT: @__kmemsan_klsan_store(
