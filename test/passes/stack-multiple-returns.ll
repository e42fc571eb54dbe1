; Every way out of the function clears the frame's shadow: each ret, a
; musttail call (before the call, since nothing may sit between it and its
; ret), and a resume that unwinds into the caller.
;
; RUN: %opt -passes=kmemsan-kasan -kmemsan-stack=1 -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare void @use(ptr)
declare i32 @next(i32)

define i32 @three_exits(i32 %k) {
; CHECK-LABEL: define i32 @three_exits(
; CHECK:         %[[FRAME:.*]] = alloca [64 x i8], align 16
; CHECK:       one:
; CHECK:         store i64 0, ptr
; CHECK-NEXT:    ret i32 1
; CHECK:       two:
; CHECK:         store i64 0, ptr
; CHECK-NEXT:    ret i32 2
; CHECK:       tail:
; CHECK:         store i64 0, ptr
; CHECK-NEXT:    %r = musttail call i32 @next(i32 %k)
; CHECK-NEXT:    ret i32 %r
entry:
  %buf = alloca [8 x i8], align 1
  call void @use(ptr %buf)
  switch i32 %k, label %tail [ i32 1, label %one
                               i32 2, label %two ]
one:
  ret i32 1
two:
  ret i32 2
tail:
  %r = musttail call i32 @next(i32 %k)
  ret i32 %r
}

declare void @may_throw(ptr)
declare i32 @__gxx_personality_v0(...)

define void @unwinds() personality ptr @__gxx_personality_v0 {
; CHECK-LABEL: define void @unwinds()
; CHECK:         %[[F2:.*]] = alloca [64 x i8], align 16
; CHECK:       ok:
; CHECK:         store i64 0, ptr
; CHECK-NEXT:    ret void
; CHECK:       lpad:
; CHECK-NEXT:    %lp = landingpad { ptr, i32 }
; CHECK-NEXT:    cleanup
; CHECK:         store i64 0, ptr
; CHECK-NEXT:    resume { ptr, i32 } %lp
entry:
  %buf = alloca [8 x i8], align 1
  invoke void @may_throw(ptr %buf) to label %ok unwind label %lpad
ok:
  ret void
lpad:
  %lp = landingpad { ptr, i32 }
          cleanup
  resume { ptr, i32 } %lp
}
