; Two address-taken locals move into one frame alloca with redzones.
;
; Expected layout (frame offsets): [0,32) left redzone holding the header
; words; buf (10 bytes) at 32, its mid redzone up to 64; x (8 bytes) at 64,
; the right redzone up to 96. Shadow, one byte per 8 frame bytes:
;   f1 f1 f1 f1 | 00 02 f2 f2 | 00 f3 f3 f3
; written little-endian as one i64 and one i32 at (frame >> 3) + offset.
; The offset is 0x7fff8000 for a hosted module and 0xdffffc0000000000 when
; the module uses the kernel code model.
;
; RUN: %opt -passes=kmemsan-kasan -kmemsan-stack=1 -S %s | FileCheck %s --check-prefixes=CHECK,HOSTED
; RUN: sed -e 's/^;KERNEL-CM;//' %s | %opt -passes=kmemsan-kasan -kmemsan-stack=1 -S | FileCheck %s --check-prefixes=CHECK,KERNEL

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare void @use(ptr)

; The description: 2 variables; buf at 32, 10 bytes, name of 3 characters;
; x at 64, 8 bytes, name of 1 character.
; CHECK: @[[DESC:__kmemsan_frame_desc[.a-z_0-9]*]] = private unnamed_addr constant [23 x i8] c"2 32 10 3 buf 64 8 1 x\00"

define void @two_locals() {
; CHECK-LABEL: define void @two_locals()
; CHECK-NEXT:  entry:
; CHECK-NEXT:    %[[FRAME:.*]] = alloca [96 x i8], align 16
; CHECK-NOT:     alloca
; Header: magic, description, function.
; CHECK:         store i64 1102416563, ptr %[[FRAME]], align 8
; CHECK-NEXT:    %[[W1:.*]] = getelementptr inbounds i8, ptr %[[FRAME]], i64 8
; CHECK-NEXT:    store ptr @[[DESC]], ptr %[[W1]]
; CHECK-NEXT:    %[[W2:.*]] = getelementptr inbounds i8, ptr %[[FRAME]], i64 16
; CHECK-NEXT:    store ptr @two_locals, ptr %[[W2]]
; Poison the frame's shadow with two inline stores.
; CHECK-NEXT:    %[[I:.*]] = ptrtoint ptr %[[FRAME]] to i64
; CHECK-NEXT:    %[[S:.*]] = lshr i64 %[[I]], 3
; HOSTED-NEXT:   %[[A:.*]] = add i64 %[[S]], 2147450880
; KERNEL-NEXT:   %[[A:.*]] = add i64 %[[S]], -2305847407260205056
; CHECK-NEXT:    %[[SH:.*]] = inttoptr i64 %[[A]] to ptr
; CHECK-NEXT:    %[[P0:.*]] = getelementptr inbounds i8, ptr %[[SH]], i64 0
; 0xf2f20200f1f1f1f1
; CHECK-NEXT:    store i64 -940687169084591631, ptr %[[P0]], align 1
; CHECK-NEXT:    %[[P8:.*]] = getelementptr inbounds i8, ptr %[[SH]], i64 8
; 0xf3f3f300
; CHECK-NEXT:    store i32 -202116352, ptr %[[P8]], align 1
; The variables are now frame slots.
; CHECK-NEXT:    %buf = getelementptr inbounds i8, ptr %[[FRAME]], i64 32
; CHECK-NEXT:    %x = getelementptr inbounds i8, ptr %[[FRAME]], i64 64
; Lifetime markers of the old allocas are gone.
; CHECK-NOT:     llvm.lifetime
; CHECK:         call void @use(ptr %buf)
; CHECK-NEXT:    call void @use(ptr %x)
; Before ret, the whole shadow of the frame is cleared.
; CHECK:         %[[RI:.*]] = ptrtoint ptr %[[FRAME]] to i64
; CHECK-NEXT:    %[[RS:.*]] = lshr i64 %[[RI]], 3
; HOSTED-NEXT:   %[[RA:.*]] = add i64 %[[RS]], 2147450880
; KERNEL-NEXT:   %[[RA:.*]] = add i64 %[[RS]], -2305847407260205056
; CHECK-NEXT:    %[[RSH:.*]] = inttoptr i64 %[[RA]] to ptr
; CHECK-NEXT:    %[[R0:.*]] = getelementptr inbounds i8, ptr %[[RSH]], i64 0
; CHECK-NEXT:    store i64 0, ptr %[[R0]], align 1
; CHECK-NEXT:    %[[R8:.*]] = getelementptr inbounds i8, ptr %[[RSH]], i64 8
; CHECK-NEXT:    store i32 0, ptr %[[R8]], align 1
; CHECK-NEXT:    ret void
entry:
  %buf = alloca [10 x i8], align 1
  %x = alloca i64, align 8
  call void @llvm.lifetime.start.p0(i64 10, ptr %buf)
  call void @use(ptr %buf)
  call void @use(ptr %x)
  call void @llvm.lifetime.end.p0(i64 10, ptr %buf)
  ret void
}

; A variable aligned beyond 32 keeps its alignment: the frame is aligned to
; 64 and the variable sits at offset 64 (not 32); 16 bytes plus a 16-byte
; redzone end the frame at 96.
define void @overaligned() {
; CHECK-LABEL: define void @overaligned()
; CHECK:         %[[F2:.*]] = alloca [96 x i8], align 64
; CHECK:         %v = getelementptr inbounds i8, ptr %[[F2]], i64 64
entry:
  %v = alloca [16 x i8], align 64
  call void @use(ptr %v)
  ret void
}

; Only loaded and stored whole: nothing can overrun it, no frame.
define i32 @promotable(i32 %a) {
; CHECK-LABEL: define i32 @promotable(
; CHECK-NEXT:  entry:
; CHECK-NEXT:    %p = alloca i32, align 4
; CHECK-NOT:     kmemsan
; CHECK:         ret i32
entry:
  %p = alloca i32, align 4
  store i32 %a, ptr %p
  %r = load i32, ptr %p
  ret i32 %r
}

declare void @llvm.lifetime.start.p0(i64, ptr)
declare void @llvm.lifetime.end.p0(i64, ptr)

;KERNEL-CM;!llvm.module.flags = !{!0}
;KERNEL-CM;!0 = !{i32 1, !"Code Model", i32 2}
