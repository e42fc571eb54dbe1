; cmpxchg is checked as a store of the compared value's size, at its
; pointer operand (not at the compare or new value).
; RUN: %opt -passes=kmemsan-kasan -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define i32 @cas32(ptr %p, i32 %old, i32 %new) {
; CHECK-LABEL: @cas32(
; CHECK: [[A:%.*]] = ptrtoint ptr %p to i64
; CHECK-NEXT: call void @__asan_store4_noabort(i64 [[A]])
; CHECK-NEXT: cmpxchg ptr %p, i32 %old, i32 %new seq_cst seq_cst
  %r = cmpxchg ptr %p, i32 %old, i32 %new seq_cst seq_cst
  %v = extractvalue { i32, i1 } %r, 0
  ret i32 %v
}

define i1 @cas_ptr(ptr %p, ptr %old, ptr %new) {
; CHECK-LABEL: @cas_ptr(
; CHECK: [[A:%.*]] = ptrtoint ptr %p to i64
; CHECK-NEXT: call void @__asan_store8_noabort(i64 [[A]])
; CHECK-NEXT: cmpxchg ptr %p, ptr %old, ptr %new acq_rel monotonic
; CHECK-NOT: ptrtoint ptr %old
  %r = cmpxchg ptr %p, ptr %old, ptr %new acq_rel monotonic
  %ok = extractvalue { ptr, i1 } %r, 1
  ret i1 %ok
}

define i128 @cas128(ptr %p, i128 %old, i128 %new) {
; CHECK-LABEL: @cas128(
; CHECK: call void @__asan_store16_noabort(
; CHECK-NEXT: cmpxchg ptr %p, i128 %old, i128 %new
  %r = cmpxchg ptr %p, i128 %old, i128 %new seq_cst seq_cst
  %v = extractvalue { i128, i1 } %r, 0
  ret i128 %v
}
