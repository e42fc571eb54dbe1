; Functions and allocas the stack instrumentation must not touch:
; - a caller of a returns_twice function (setjmp): after the second return
;   the frame must look as it did at the first;
; - swifterror and inalloca allocas, whose identity the ABI depends on;
; - an alloca that only lifetime markers use (it is dead);
; - a zero-sized alloca (nothing to overrun);
; - naked and disable_sanitizer_instrumentation functions.
;
; RUN: %opt -passes=kmemsan-kasan -kmemsan-stack=1 -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

%struct.S = type { [4 x i32] }

declare void @use(ptr)
declare i32 @setjmp(ptr) returns_twice
declare void @takes_inalloca(ptr inalloca(%struct.S))
declare swiftcc void @takes_swifterror(ptr swifterror)

define void @uses_setjmp(i64 %n) {
; CHECK-LABEL: define void @uses_setjmp(
; CHECK-NEXT:    %buf = alloca [200 x i8], align 16
; CHECK-NEXT:    %vla = alloca i8, i64 %n, align 1
; CHECK-NOT:     kmemsan
; CHECK-NOT:     __asan
; CHECK:         ret void
  %buf = alloca [200 x i8], align 16
  %vla = alloca i8, i64 %n, align 1
  %r = call i32 @setjmp(ptr %buf)
  call void @use(ptr %vla)
  ret void
}

define void @abi_allocas() {
; CHECK-LABEL: define void @abi_allocas()
; CHECK-NEXT:    %args = alloca inalloca %struct.S, align 4
; CHECK-NEXT:    %err = alloca swifterror ptr, align 8
; CHECK-NEXT:    %dead = alloca [64 x i8], align 1
; CHECK-NEXT:    %empty = alloca [0 x i8], align 1
; CHECK-NOT:     kmemsan.frame
; CHECK:         ret void
  %args = alloca inalloca %struct.S, align 4
  %err = alloca swifterror ptr, align 8
  %dead = alloca [64 x i8], align 1
  %empty = alloca [0 x i8], align 1
  call void @llvm.lifetime.start.p0(i64 64, ptr %dead)
  call void @llvm.lifetime.end.p0(i64 64, ptr %dead)
  call void @takes_inalloca(ptr inalloca(%struct.S) %args)
  call swiftcc void @takes_swifterror(ptr swifterror %err)
  call void @use(ptr %empty)
  ret void
}

define void @naked() naked {
; CHECK-LABEL: define void @naked()
; CHECK-NEXT:    %buf = alloca [8 x i8], align 1
; CHECK-NEXT:    call void @use(ptr %buf)
  %buf = alloca [8 x i8], align 1
  call void @use(ptr %buf)
  unreachable
}

define void @disabled() disable_sanitizer_instrumentation {
; CHECK-LABEL: define void @disabled()
; CHECK-NEXT:    %buf = alloca [8 x i8], align 1
; CHECK-NEXT:    call void @use(ptr %buf)
; CHECK-NEXT:    ret void
  %buf = alloca [8 x i8], align 1
  call void @use(ptr %buf)
  ret void
}

declare void @llvm.lifetime.start.p0(i64, ptr)
declare void @llvm.lifetime.end.p0(i64, ptr)
