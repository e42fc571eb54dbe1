; Other read-modify-write operations on a pointer-sized word (set_bit on an
; unsigned long, a flag bit on a pointer) store the new value, which the pass
; recomputes from the old one the operation returned: old | v for or, and
; likewise for add, sub, and, nand, xor and the integer min/max. For the
; floating-point ones it is a clobber.
; RUN: %opt -passes=kmemsan-klsan -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define i64 @rmw_or(ptr %p, i64 %v) {
; CHECK-LABEL: @rmw_or(
; CHECK-NEXT: [[OLD:%.*]] = atomicrmw or ptr %p, i64 %v seq_cst, align 8
; CHECK-NEXT: [[NEW:%.*]] = or i64 [[OLD]], %v
; CHECK: sub i64 [[NEW]],
; CHECK: call void @__kmemsan_klsan_store(ptr %p, i64 [[NEW]])
  %old = atomicrmw or ptr %p, i64 %v seq_cst, align 8
  ret i64 %old
}

define i64 @rmw_and_const(ptr %p) {
; CHECK-LABEL: @rmw_and_const(
; CHECK-NEXT: [[OLD:%.*]] = atomicrmw and ptr %p, i64 -2 monotonic, align 8
; CHECK-NEXT: [[NEW:%.*]] = and i64 [[OLD]], -2
; CHECK: call void @__kmemsan_klsan_store(ptr %p, i64 [[NEW]])
  %old = atomicrmw and ptr %p, i64 -2 monotonic, align 8
  ret i64 %old
}

define void @rmw_add(ptr %p) {
; CHECK-LABEL: @rmw_add(
; CHECK-NEXT: [[OLD:%.*]] = atomicrmw add ptr %p, i64 8 seq_cst, align 8
; CHECK-NEXT: [[NEW:%.*]] = add i64 [[OLD]], 8
; CHECK: call void @__kmemsan_klsan_store(ptr %p, i64 [[NEW]])
  %old = atomicrmw add ptr %p, i64 8 seq_cst, align 8
  ret void
}

define void @rmw_umax(ptr %p, i64 %v) {
; CHECK-LABEL: @rmw_umax(
; CHECK-NEXT: [[OLD:%.*]] = atomicrmw umax ptr %p, i64 %v seq_cst, align 8
; CHECK-NEXT: [[GT:%.*]] = icmp ugt i64 [[OLD]], %v
; CHECK-NEXT: [[NEW:%.*]] = select i1 [[GT]], i64 [[OLD]], i64 %v
; CHECK: call void @__kmemsan_klsan_store(ptr %p, i64 [[NEW]])
  %old = atomicrmw umax ptr %p, i64 %v seq_cst, align 8
  ret void
}

define void @rmw_fadd(ptr %p, double %v) {
; CHECK-LABEL: @rmw_fadd(
; CHECK-NEXT: atomicrmw fadd ptr %p, double %v seq_cst, align 8
; CHECK-NOT: @__kmemsan_klsan_heap_start
; CHECK: call void @__kmemsan_klsan_clobber(ptr %p, i64 8)
  %old = atomicrmw fadd ptr %p, double %v seq_cst, align 8
  ret void
}

; set_bit on a 32-bit word: a partial overwrite.
define void @rmw_or_i32(ptr %p) {
; CHECK-LABEL: @rmw_or_i32(
; CHECK-NEXT: atomicrmw or ptr %p, i32 4 seq_cst, align 4
; CHECK-NOT: @__kmemsan_klsan_store
; CHECK: call void @__kmemsan_klsan_clobber(ptr %p, i64 4)
  %old = atomicrmw or ptr %p, i32 4 seq_cst, align 4
  ret void
}
