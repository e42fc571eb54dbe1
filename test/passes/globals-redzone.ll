; Each instrumentable global becomes { T, [RZ x i8] }: RZ is the padding to
; the next multiple of 32 plus max(32, size/16 rounded down to 32) (at most
; 16 KiB), so the total is a multiple of 32 and the redzone at least 32
; bytes. The alignment becomes at least 32; name, linkage, visibility,
; unnamed_addr and the initializer are kept, and uses see the same address.
;
; RUN: %opt -passes=kmemsan-kasan -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; 4 bytes: 28 of padding + 32 = 60.
; CHECK-DAG: @word = global { i32, [60 x i8] } { i32 7, [60 x i8] zeroinitializer }, align 32
@word = global i32 7, align 4

; 40 bytes: 24 + 32 = 56; internal and zero-initialized stays so.
; CHECK-DAG: @bytes = internal global { [40 x i8], [56 x i8] } zeroinitializer, align 32
@bytes = internal global [40 x i8] zeroinitializer, align 1

; Exactly 32 bytes: no padding, a 32-byte redzone.
; CHECK-DAG: @exact = dso_local local_unnamed_addr constant { [8 x i32], [32 x i8] } { [8 x i32] [i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8], [32 x i8] zeroinitializer }, align 32
@exact = dso_local local_unnamed_addr constant [8 x i32] [i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8], align 4

; 4096 bytes: 4096/16 = 256; a larger alignment is kept.
; CHECK-DAG: @page = hidden global { [4096 x i8], [256 x i8] } zeroinitializer, align 64
@page = hidden global [4096 x i8] zeroinitializer, align 64

; 1 MiB: the extra stops growing at 16 KiB.
; CHECK-DAG: @huge = global { [1048576 x i8], [16384 x i8] } zeroinitializer, align 32
@huge = global [1048576 x i8] zeroinitializer

; The sizes the runtime is told: size, then size with redzone (preemptible
; globals are named through a private alias, see globals-register.ll).
; CHECK: @__kmemsan_globals = internal global [5 x { ptr, i64, i64, ptr, ptr, i64, ptr, i64 }]
; CHECK-SAME: ptr @__kmemsan_local.word, i64 4, i64 64,
; CHECK-SAME: ptr @bytes, i64 40, i64 96,
; CHECK-SAME: ptr @exact, i64 32, i64 64,
; CHECK-SAME: ptr @page, i64 4096, i64 4352,
; CHECK-SAME: ptr @__kmemsan_local.huge, i64 1048576, i64 1064960,

define i32 @read() {
; CHECK-LABEL: define i32 @read()
; CHECK: load i32, ptr @word
; CHECK: getelementptr inbounds [40 x i8], ptr @bytes, i64 0, i64 3
  %a = load i32, ptr @word
  %p = getelementptr inbounds [40 x i8], ptr @bytes, i64 0, i64 3
  %b = load i8, ptr %p
  %c = zext i8 %b to i32
  %s = add i32 %a, %c
  ret i32 %s
}
