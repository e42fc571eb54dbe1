; Accesses that are never checked: through a non-zero address space (no
; shadow there), swifterror slots, the shadow itself ((x >> 3) + offset),
; profile counters, and instructions marked !nosanitize (the pass's own
; code among them, so running the pass twice adds nothing new).
; Skip-safe is off so that the counter global is not skipped for its bounds.
; RUN: %opt -passes=kmemsan-kasan -kmemsan-shadow-offset=0x7fff8000 \
; RUN:   -kmemsan-skip-safe=0 -S %s | FileCheck %s
; RUN: %opt -passes=kmemsan-kasan,kmemsan-kasan -kmemsan-kasan-mode=inline -S %s \
; RUN:   | FileCheck %s --check-prefix=TWICE

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

@__profc_f = private global [1 x i64] zeroinitializer, section "__llvm_prf_cnts"

define i32 @segment(ptr addrspace(256) %p) {
; CHECK-LABEL: @segment(
; CHECK-NOT: __asan
; CHECK: ret i32
  %v = load i32, ptr addrspace(256) %p
  ret i32 %v
}

define void @swift(ptr swifterror %err) {
; CHECK-LABEL: @swift(
; CHECK-NOT: __asan
; CHECK: ret void
  store ptr null, ptr %err
  ret void
}

define i8 @shadow(i64 %addr) {
; CHECK-LABEL: @shadow(
; CHECK-NOT: __asan
; CHECK: ret i8
  %s = lshr i64 %addr, 3
  %o = add i64 %s, 2147450880
  %p = inttoptr i64 %o to ptr
  %v = load i8, ptr %p
  ret i8 %v
}

define void @counter() {
; CHECK-LABEL: @counter(
; CHECK-NOT: __asan
; CHECK: ret void
  %c = load i64, ptr @__profc_f
  %n = add i64 %c, 1
  store i64 %n, ptr @__profc_f
  ret void
}

define i32 @marked(ptr %p) {
; CHECK-LABEL: @marked(
; CHECK-NOT: __asan
; CHECK: ret i32
  %v = load i32, ptr %p, !nosanitize !0
  ret i32 %v
}

; A second run checks the program's load again (it cannot tell the first
; run's checks from program code) but never the first run's shadow load:
; two shadow tests, not three.
define i64 @twice(ptr %p) {
; TWICE-LABEL: @twice(
; TWICE-COUNT-2: call void @__asan_report_load8_noabort(
; TWICE-NOT: __asan_report
; TWICE: ret i64
  %v = load i64, ptr %p
  ret i64 %v
}

!0 = !{}
