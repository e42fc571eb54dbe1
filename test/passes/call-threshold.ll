; Inline mode falls back to calls in functions with more checks than
; -kmemsan-call-threshold; 0 makes every function use calls.
; RUN: %opt -passes=kmemsan-kasan -kmemsan-kasan-mode=inline \
; RUN:   -kmemsan-call-threshold=2 -S %s | FileCheck %s --check-prefix=TWO
; RUN: %opt -passes=kmemsan-kasan -kmemsan-kasan-mode=inline \
; RUN:   -kmemsan-call-threshold=0 -S %s | FileCheck %s --check-prefix=ZERO

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; Two checks: not above the threshold of 2, so inline.
define void @two(ptr %p, ptr %q) {
; TWO-LABEL: @two(
; TWO-NOT: call void @__asan_store
; TWO: call void @__asan_report_store4_noabort(
; TWO-NOT: call void @__asan_store
; TWO: call void @__asan_report_store4_noabort(
; TWO-NOT: call void @__asan_store
; TWO: ret void
; ZERO-LABEL: @two(
; ZERO-NOT: __asan_report
; ZERO: call void @__asan_store4_noabort(
; ZERO: call void @__asan_store4_noabort(
; ZERO-NOT: __asan_report
; ZERO: ret void
  store i32 1, ptr %p, align 4
  store i32 2, ptr %q, align 4
  ret void
}

; Three checks: above the threshold, so calls.
define void @three(ptr %p, ptr %q, ptr %r) {
; TWO-LABEL: @three(
; TWO-NOT: __asan_report
; TWO: call void @__asan_store4_noabort(
; TWO: call void @__asan_store4_noabort(
; TWO: call void @__asan_store4_noabort(
; TWO-NOT: __asan_report
; TWO: ret void
  store i32 1, ptr %p, align 4
  store i32 2, ptr %q, align 4
  store i32 3, ptr %r, align 4
  ret void
}
