; A noreturn call leaves the frame without passing a ret: the frame's shadow
; is cleared first and __asan_handle_no_return is called right before the
; call. Functions without a poisoned frame get no such call, nor do calls
; into the runtime itself.
;
; RUN: %opt -passes=kmemsan-kasan -kmemsan-stack=1 -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare void @use(ptr)
declare void @panic(ptr) noreturn

define void @checked(i1 %bad) {
; CHECK-LABEL: define void @checked(
; CHECK:         %[[FRAME:.*]] = alloca [64 x i8], align 16
; CHECK:       fail:
; CHECK-NEXT:    %[[I:.*]] = ptrtoint ptr %[[FRAME]] to i64
; CHECK-NEXT:    %[[S:.*]] = lshr i64 %[[I]], 3
; CHECK-NEXT:    %[[A:.*]] = add i64 %[[S]], 2147450880
; CHECK-NEXT:    %[[SH:.*]] = inttoptr i64 %[[A]] to ptr
; CHECK-NEXT:    %[[P:.*]] = getelementptr inbounds i8, ptr %[[SH]], i64 0
; CHECK-NEXT:    store i64 0, ptr %[[P]], align 1
; CHECK-NEXT:    call void @__asan_handle_no_return()
; CHECK-NEXT:    call void @panic(ptr %buf)
; CHECK-NEXT:    unreachable
entry:
  %buf = alloca [16 x i8], align 1
  call void @use(ptr %buf)
  br i1 %bad, label %fail, label %ok
fail:
  call void @panic(ptr %buf)
  unreachable
ok:
  ret void
}

define void @no_frame(i1 %bad) {
; CHECK-LABEL: define void @no_frame(
; CHECK-NOT:     __asan_handle_no_return
; CHECK:         call void @panic(ptr null)
entry:
  br i1 %bad, label %fail, label %ok
fail:
  call void @panic(ptr null)
  unreachable
ok:
  ret void
}
