; In position-independent code (user space: PIE by default) the runtime's
; globals the inline tests read stay preemptible (no dso_local): the
; runtime may live in another object.
; RUN: %opt -passes=kmemsan-klsan -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; CHECK: @__kmemsan_klsan_heap_start = external global i64
; CHECK: @__kmemsan_klsan_heap_end = external global i64

define void @f(ptr %p, ptr %v) {
; CHECK-LABEL: @f(
; CHECK: load i64, ptr @__kmemsan_klsan_heap_start
; CHECK: call void @__kmemsan_klsan_store(
  store ptr %v, ptr %p, align 8
  ret void
}

!llvm.module.flags = !{!0}
!0 = !{i32 8, !"PIC Level", i32 2}
