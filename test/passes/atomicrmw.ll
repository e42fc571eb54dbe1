; atomicrmw reads and writes its operand: checked as a store of the value
; size. Atomic loads and stores are checked like plain ones.
; RUN: %opt -passes=kmemsan-kasan -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define i32 @rmw_add(ptr %p) {
; CHECK-LABEL: @rmw_add(
; CHECK: [[A:%.*]] = ptrtoint ptr %p to i64
; CHECK-NEXT: call void @__asan_store4_noabort(i64 [[A]])
; CHECK-NEXT: atomicrmw add ptr %p, i32 1 seq_cst
  %old = atomicrmw add ptr %p, i32 1 seq_cst
  ret i32 %old
}

define i64 @rmw_xchg(ptr %p) {
; CHECK-LABEL: @rmw_xchg(
; CHECK: call void @__asan_store8_noabort(
; CHECK-NEXT: atomicrmw xchg ptr %p, i64 5 acquire
  %old = atomicrmw xchg ptr %p, i64 5 acquire
  ret i64 %old
}

define i8 @rmw_or_byte(ptr %p) {
; CHECK-LABEL: @rmw_or_byte(
; CHECK: call void @__asan_store1_noabort(
; CHECK-NEXT: atomicrmw or ptr %p, i8 4 monotonic
  %old = atomicrmw or ptr %p, i8 4 monotonic
  ret i8 %old
}

define i32 @atomic_load(ptr %p) {
; CHECK-LABEL: @atomic_load(
; CHECK: call void @__asan_load4_noabort(
; CHECK-NEXT: load atomic i32, ptr %p acquire
  %v = load atomic i32, ptr %p acquire, align 4
  ret i32 %v
}

define void @atomic_store(ptr %p) {
; CHECK-LABEL: @atomic_store(
; CHECK: call void @__asan_store8_noabort(
; CHECK-NEXT: store atomic i64 3, ptr %p release
  store atomic i64 3, ptr %p release, align 8
  ret void
}
