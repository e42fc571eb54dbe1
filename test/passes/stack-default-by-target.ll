; The default of -kmemsan-stack follows the target, like the shadow offset:
; a process (any code model but kernel) gets stack redzones, as under
; clang -fsanitize=address; code built with -mcmodel=kernel gets none unless
; asked, as CONFIG_KASAN_STACK=n. An explicit -kmemsan-stack wins either
; way (the kernel's Makefile.kmemsan always passes one).
;
; RUN: %opt -passes=kmemsan-kasan -S %s | FileCheck %s --check-prefix=ON
; RUN: %opt -passes=kmemsan-kasan -kmemsan-stack=0 -S %s | FileCheck %s --check-prefix=OFF
; RUN: sed -e 's/^;KERNEL-CM;//' %s | %opt -passes=kmemsan-kasan -S | FileCheck %s --check-prefix=OFF
; RUN: sed -e 's/^;KERNEL-CM;//' %s | %opt -passes=kmemsan-kasan -kmemsan-stack=1 -S | FileCheck %s --check-prefixes=ON,KERNEL
; RUN: sed -e 's/^;KERNEL-CM;//' %s | %opt -passes=kmemsan-kasan -kmemsan-stack=0 -S | FileCheck %s --check-prefix=OFF

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare void @use(ptr)

; The array moves into a frame with redzones: 32 bytes of left redzone, the
; 10 bytes, then a right redzone; the shadow is unpoisoned before return.
define void @local_array() {
; ON-LABEL: define void @local_array(
; ON:         %kmemsan.frame = alloca [64 x i8], align 16
; ON:         %buf = getelementptr inbounds i8, ptr %kmemsan.frame, i64 32
; ON-NEXT:    call void @use(ptr %buf)
; ON:         store i64 0, ptr
; ON-NEXT:    ret void
;
; OFF-LABEL: define void @local_array(
; OFF-NEXT:  entry:
; OFF-NEXT:    %buf = alloca [10 x i8], align 1
; OFF-NEXT:    call void @use(ptr %buf)
; OFF-NEXT:    ret void
entry:
  %buf = alloca [10 x i8], align 1
  call void @use(ptr %buf)
  ret void
}

; OFF-NOT: __kmemsan_frame_desc
; KERNEL: !"Code Model", i32 2

;KERNEL-CM;!llvm.module.flags = !{!0}
;KERNEL-CM;!0 = !{i32 1, !"Code Model", i32 2}
