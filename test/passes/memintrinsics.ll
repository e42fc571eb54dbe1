; Memory intrinsics are checked once, and a copy found bad is not done (as
; the kernel's KASAN: a use-after-free memset must not clobber the freed
; object, whose first words hold the quarantine's list link). Under outline
; checks (this file; inline-mode.ll has the inline form):
; - memcpy/memset of a constant length up to 64 bytes that provably stay
;   inside an alloca or global are inline copies with no check, turned into
;   their .inline forms (so the backend can never make them a call to
;   memcpy, which the hosted runtime checks as well);
; - everything else, and every memmove, becomes a call to the runtime's
;   checked __asan_memcpy/__asan_memmove/__asan_memset, which reports the
;   first bad range only and then leaves memory alone;
; - the program's own __builtin_memcpy_inline stays an inline copy, behind
;   a shadow test of its ranges with the checked call in the cold arm.
; A constant zero length touches nothing and gets no check.
; RUN: %opt -passes=kmemsan-kasan -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define void @copy_variable(ptr %d, ptr %s, i64 %n) {
; CHECK-LABEL: @copy_variable(
; CHECK-NOT: call void @__asan_loadN
; CHECK: call ptr @__asan_memcpy(ptr %d, ptr %s, i64 %n)
; CHECK-NOT: @llvm.memcpy
; CHECK: ret void
  call void @llvm.memcpy.p0.p0.i64(ptr %d, ptr %s, i64 %n, i1 false)
  ret void
}

define void @move_short(ptr %d, ptr %s) {
; CHECK-LABEL: @move_short(
; CHECK: call ptr @__asan_memmove(ptr %d, ptr %s, i64 8)
; CHECK-NOT: @llvm.memmove
; CHECK: ret void
  call void @llvm.memmove.p0.p0.i64(ptr %d, ptr %s, i64 8, i1 false)
  ret void
}

define void @move_i32_length(ptr %d, ptr %s, i32 %n) {
; CHECK-LABEL: @move_i32_length(
; CHECK: [[N:%.*]] = zext i32 %n to i64
; CHECK-NEXT: call ptr @__asan_memmove(ptr %d, ptr %s, i64 [[N]])
  call void @llvm.memmove.p0.p0.i32(ptr %d, ptr %s, i32 %n, i1 false)
  ret void
}

define void @set_variable(ptr %d, i8 %c, i64 %n) {
; CHECK-LABEL: @set_variable(
; CHECK: [[C:%.*]] = zext i8 %c to i32
; CHECK-NEXT: call ptr @__asan_memset(ptr %d, i32 [[C]], i64 %n)
; CHECK-NOT: @llvm.memset
; CHECK: ret void
  call void @llvm.memset.p0.i64(ptr %d, i8 %c, i64 %n, i1 false)
  ret void
}

; Short constant lengths into memory of unknown bounds: the checked call.
define void @set_short(ptr %d) {
; CHECK-LABEL: @set_short(
; CHECK-NOT: __asan_storeN
; CHECK: call ptr @__asan_memset(ptr %d, i32 0, i64 8)
; CHECK-NOT: @llvm.memset
; CHECK: ret void
  call void @llvm.memset.p0.i64(ptr %d, i8 0, i64 8, i1 false)
  ret void
}

define void @copy_short_odd(ptr %d, ptr %s) {
; CHECK-LABEL: @copy_short_odd(
; CHECK-NOT: __asan_loadN
; CHECK: call ptr @__asan_memcpy(ptr %d, ptr %s, i64 24)
; CHECK-NOT: @llvm.memcpy
; CHECK: ret void
  call void @llvm.memcpy.p0.p0.i64(ptr %d, ptr %s, i64 24, i1 false)
  ret void
}

; Inside a local and a global: provably in bounds, inline with no check, up
; to 64 bytes; 65 bytes is a runtime call even there.
@table = global [64 x i8] zeroinitializer

define void @copy_in_bounds() {
; CHECK-LABEL: @copy_in_bounds(
; CHECK-NOT: @__asan
; CHECK: call void @llvm.memcpy.inline.p0.p0.i64(ptr %buf, ptr @table, i64 64, i1 false)
; CHECK-NEXT: call ptr @__asan_memcpy(ptr %big, ptr %buf, i64 65)
; CHECK-NEXT: call void @use(ptr %buf)
  %buf = alloca [64 x i8], align 8
  %big = alloca [80 x i8], align 8
  call void @llvm.memcpy.p0.p0.i64(ptr %buf, ptr @table, i64 64, i1 false)
  call void @llvm.memcpy.p0.p0.i64(ptr %big, ptr %buf, i64 65, i1 false)
  call void @use(ptr %buf)
  ret void
}

; Past the end of the local: not provably in bounds, so checked.
define void @copy_past_local(ptr %s) {
; CHECK-LABEL: @copy_past_local(
; CHECK: call ptr @__asan_memcpy(ptr %buf, ptr %s, i64 40)
  %buf = alloca [32 x i8], align 8
  call void @llvm.memcpy.p0.p0.i64(ptr %buf, ptr %s, i64 40, i1 false)
  call void @use(ptr %buf)
  ret void
}

define void @zero_length(ptr %d, ptr %s) {
; CHECK-LABEL: @zero_length(
; CHECK-NOT: call {{.*}}@__asan
; CHECK: call void @llvm.memcpy.inline.p0.p0.i64(ptr %d, ptr %s, i64 0, i1 false)
; CHECK-NOT: call {{.*}}@__asan
; CHECK: ret void
  call void @llvm.memcpy.p0.p0.i64(ptr %d, ptr %s, i64 0, i1 false)
  ret void
}

; The program's own __builtin_memcpy_inline stays inline at any length,
; behind a shadow test; the checked call only on its cold arm.
define void @inline_copy(ptr %d, ptr %s) {
; CHECK-LABEL: @inline_copy(
; CHECK-NOT: __asan_loadN
; CHECK: load i8, ptr {{%.*}}, align 1, !nosanitize
; CHECK: [[BAD:%.*]] = icmp ne i8 {{%.*}}, 0
; CHECK-NEXT: br i1 [[BAD]], label %[[SLOW:.*]], label %[[FAST:.*]], !prof
; CHECK: [[SLOW]]:
; CHECK-NEXT: call ptr @__asan_memcpy(ptr %d, ptr %s, i64 100)
; CHECK: [[FAST]]:
; CHECK-NEXT: call void @llvm.memcpy.inline.p0.p0.i64(ptr %d, ptr %s, i64 100, i1 false), !kmemsan.guarded
  call void @llvm.memcpy.inline.p0.p0.i64(ptr %d, ptr %s, i64 100, i1 false)
  ret void
}

; Other address spaces have no shadow: the copy stays as it is, and only
; the range in the default address space is checked.
define void @other_address_space(ptr addrspace(1) %d, ptr %s, i64 %n) {
; CHECK-LABEL: @other_address_space(
; CHECK: call void @__asan_loadN_noabort(i64 {{%.*}}, i64 %n)
; CHECK-NOT: call {{.*}}@__asan
; CHECK: call void @llvm.memcpy.p1.p0.i64(
  call void @llvm.memcpy.p1.p0.i64(ptr addrspace(1) %d, ptr %s, i64 %n, i1 false)
  ret void
}

declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)
declare void @llvm.memcpy.p1.p0.i64(ptr addrspace(1), ptr, i64, i1)
declare void @llvm.memcpy.inline.p0.p0.i64(ptr, ptr, i64, i1)
declare void @llvm.memmove.p0.p0.i64(ptr, ptr, i64, i1)
declare void @llvm.memmove.p0.p0.i32(ptr, ptr, i32, i1)
declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
declare void @use(ptr)
