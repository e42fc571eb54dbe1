; -kmemsan-recover=0 uses the entries without _noabort (Linux 6.1 generic
; KASAN defines both; the kernel itself always recovers). Inline reports
; stay __asan_report_*_noabort: Linux 6.1 has no other report entry. The
; checked memory functions have one flavour only; halt_on_error stops there.
; RUN: %opt -passes=kmemsan-kasan -kmemsan-recover=0 -S %s \
; RUN:   | FileCheck %s --check-prefix=ABORT
; RUN: %opt -passes=kmemsan-kasan -S %s | FileCheck %s --check-prefix=RECOVER

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define void @f(ptr %p, ptr %q, ptr %d, i64 %n) {
; ABORT: call void @__asan_load4(i64
; ABORT: call void @__asan_store8(i64
; ABORT: call ptr @__asan_memset(ptr %d, i32 0, i64 %n)
; ABORT-NOT: _noabort
; RECOVER: call void @__asan_load4_noabort(i64
; RECOVER: call void @__asan_store8_noabort(i64
; RECOVER: call ptr @__asan_memset(ptr %d, i32 0, i64 %n)
  %v = load i32, ptr %p, align 4
  store i64 0, ptr %q, align 8
  call void @llvm.memset.p0.i64(ptr %d, i8 0, i64 %n, i1 false)
  ret void
}

declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
