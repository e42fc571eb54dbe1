; A VLA gets redzones: the new alloca has room for the size rounded up to 32,
; a 32-byte left redzone and a 32-byte right redzone; the user pointer is 32
; bytes in; __asan_alloca_poison(user, size) poisons around it. The newest
; (lowest) dynamic alloca is remembered in a slot that starts at the stack
; pointer at entry, and __asan_allocas_unpoison(lowest, stack at entry)
; clears everything before ret. A fixed-size alloca outside the entry block
; is dynamic too.
;
; RUN: %opt -passes=kmemsan-kasan -kmemsan-stack=1 -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare void @use(ptr)

define void @vla(i32 %n) {
; CHECK-LABEL: define void @vla(
; CHECK-NEXT:  entry:
; CHECK-NEXT:    %[[SLOT:.*]] = alloca ptr, align 8
; CHECK-NEXT:    %[[SP:.*]] = call ptr @llvm.stacksave.p0()
; CHECK-NEXT:    store ptr %[[SP]], ptr %[[SLOT]], align 8
; size = n * 4 (unsigned)
; CHECK-NEXT:    %[[N:.*]] = zext i32 %n to i64
; CHECK-NEXT:    %[[SIZE:.*]] = mul i64 %[[N]], 4
; padding = -size & 31, total = size + padding + 64
; CHECK-NEXT:    %[[NEG:.*]] = sub i64 0, %[[SIZE]]
; CHECK-NEXT:    %[[PAD:.*]] = and i64 %[[NEG]], 31
; CHECK-NEXT:    %[[T1:.*]] = add i64 %[[SIZE]], %[[PAD]]
; CHECK-NEXT:    %[[TOTAL:.*]] = add i64 %[[T1]], 64
; CHECK-NEXT:    %[[RAW:.*]] = alloca i8, i64 %[[TOTAL]], align 32
; CHECK-NEXT:    %vla = getelementptr inbounds i8, ptr %[[RAW]], i64 32
; CHECK-NEXT:    %[[UI:.*]] = ptrtoint ptr %vla to i64
; CHECK-NEXT:    call void @__asan_alloca_poison(i64 %[[UI]], i64 %[[SIZE]])
; CHECK-NEXT:    store ptr %[[RAW]], ptr %[[SLOT]], align 8
; CHECK-NEXT:    call void @use(ptr %vla)
; CHECK-NEXT:    %[[LOW:.*]] = load ptr, ptr %[[SLOT]], align 8
; CHECK-NEXT:    call void @__asan_allocas_unpoison(ptr %[[LOW]], ptr %[[SP]])
; CHECK-NEXT:    ret void
entry:
  %vla = alloca i32, i32 %n, align 4
  call void @use(ptr %vla)
  ret void
}

; Alignment above 32 is kept: the left part grows to one alignment unit.
define void @overaligned_vla(i64 %n) {
; CHECK-LABEL: define void @overaligned_vla(
; CHECK:         %[[PAD2:.*]] = and i64 %{{.*}}, 63
; CHECK:         %[[TOT2:.*]] = add i64 %{{.*}}, 96
; CHECK-NEXT:    %[[RAW2:.*]] = alloca i8, i64 %[[TOT2]], align 64
; CHECK-NEXT:    %p = getelementptr inbounds i8, ptr %[[RAW2]], i64 64
; CHECK-NEXT:    %[[U2:.*]] = ptrtoint ptr %p to i64
; CHECK-NEXT:    call void @__asan_alloca_poison(i64 %[[U2]], i64 %n)
entry:
  %p = alloca i8, i64 %n, align 64
  call void @use(ptr %p)
  ret void
}

define void @fixed_in_loop(i32 %k) {
; CHECK-LABEL: define void @fixed_in_loop(
; CHECK:       body:
; 12 bytes: 32 left + 12 + 20 padding + 32 right = 96, all constant.
; CHECK:         %[[RAW3:.*]] = alloca i8, i64 96, align 32
; CHECK-NEXT:    %tmp = getelementptr inbounds i8, ptr %[[RAW3]], i64 32
; CHECK-NEXT:    %[[U3:.*]] = ptrtoint ptr %tmp to i64
; CHECK-NEXT:    call void @__asan_alloca_poison(i64 %[[U3]], i64 12)
; CHECK:       exit:
; CHECK-NEXT:    %[[L3:.*]] = load ptr, ptr
; CHECK-NEXT:    call void @__asan_allocas_unpoison(ptr %[[L3]], ptr
; CHECK-NEXT:    ret void
entry:
  br label %body
body:
  %i = phi i32 [ 0, %entry ], [ %i1, %body ]
  %tmp = alloca [12 x i8], align 1
  call void @use(ptr %tmp)
  %i1 = add i32 %i, 1
  %done = icmp eq i32 %i1, %k
  br i1 %done, label %exit, label %body
exit:
  ret void
}
