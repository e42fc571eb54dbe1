; A VLA in a scope: llvm.stackrestore frees it, so the dynamic allocas
; between the slot's lowest address and the restored stack pointer are
; unpoisoned right before the restore; ret still unpoisons up to the stack
; pointer at entry.
;
; RUN: %opt -passes=kmemsan-kasan -kmemsan-stack=1 -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare void @use(ptr)

define void @scoped_vla(i64 %n, i32 %iters) {
; CHECK-LABEL: define void @scoped_vla(
; CHECK:         %[[SLOT:.*]] = alloca ptr, align 8
; CHECK:         %[[ENTRY_SP:.*]] = call ptr @llvm.stacksave.p0()
; CHECK:       loop:
; CHECK:         %saved = call ptr @llvm.stacksave.p0()
; CHECK:         call void @__asan_alloca_poison(
; CHECK:         call void @use(ptr %vla)
; CHECK-NEXT:    %[[LOW:.*]] = load ptr, ptr %[[SLOT]], align 8
; CHECK-NEXT:    call void @__asan_allocas_unpoison(ptr %[[LOW]], ptr %saved)
; CHECK-NEXT:    call void @llvm.stackrestore.p0(ptr %saved)
; CHECK:       exit:
; CHECK-NEXT:    %[[LOW2:.*]] = load ptr, ptr %[[SLOT]], align 8
; CHECK-NEXT:    call void @__asan_allocas_unpoison(ptr %[[LOW2]], ptr %[[ENTRY_SP]])
; CHECK-NEXT:    ret void
entry:
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i1, %loop ]
  %saved = call ptr @llvm.stacksave.p0()
  %vla = alloca i8, i64 %n, align 1
  call void @use(ptr %vla)
  call void @llvm.stackrestore.p0(ptr %saved)
  %i1 = add i32 %i, 1
  %done = icmp eq i32 %i1, %iters
  br i1 %done, label %exit, label %loop
exit:
  ret void
}

; Without dynamic allocas a stackrestore is left alone.
define void @restore_only() {
; CHECK-LABEL: define void @restore_only(
; CHECK-NOT:     __asan_allocas_unpoison
; CHECK:         call void @llvm.stackrestore.p0(ptr %s)
  %s = call ptr @llvm.stacksave.p0()
  call void @llvm.stackrestore.p0(ptr %s)
  ret void
}

declare ptr @llvm.stacksave.p0()
declare void @llvm.stackrestore.p0(ptr)
