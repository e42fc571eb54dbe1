; Stack instrumentation off, with -kmemsan-stack=0 or by default for kernel
; code (-mcmodel=kernel, like CONFIG_KASAN_STACK=n): allocas, VLAs and
; returns stay as they are. stack-default-by-target.ll has the defaults.
;
; RUN: %opt -passes=kmemsan-kasan -kmemsan-stack=0 -S %s | FileCheck %s
; RUN: sed -e 's/^;KERNEL-CM;//' %s | %opt -passes=kmemsan-kasan -S | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare void @use(ptr)
declare void @die() noreturn

define void @locals(i64 %n, i1 %c) {
; CHECK-LABEL: define void @locals(
; CHECK-NEXT:  entry:
; CHECK-NEXT:    %buf = alloca [10 x i8], align 1
; CHECK-NEXT:    call void @use(ptr %buf)
; CHECK:         %vla = alloca i32, i64 %n, align 4
; CHECK-NEXT:    call void @use(ptr %vla)
; CHECK-NOT:     kmemsan
; CHECK-NOT:     __asan_handle_no_return
; CHECK-NOT:     __asan_alloca
; CHECK:         ret void
entry:
  %buf = alloca [10 x i8], align 1
  call void @use(ptr %buf)
  br i1 %c, label %dead, label %go
dead:
  call void @die()
  unreachable
go:
  %vla = alloca i32, i64 %n, align 4
  call void @use(ptr %vla)
  ret void
}

;KERNEL-CM;!llvm.module.flags = !{!0}
;KERNEL-CM;!0 = !{i32 1, !"Code Model", i32 2}
