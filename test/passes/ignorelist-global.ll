; Globals named by the ignore list (global:, or src: for the whole file) or
; annotated "kmemsan_no_sanitize" get no redzone: the pass marks them with
; NoAddress sanitizer metadata (printed no_sanitize_address), which the
; globals instrumentation honours like clang's own marking.
; RUN: %opt -passes=kmemsan-kasan -kmemsan-ignorelist=%S/Inputs/ignorelist-global.txt \
; RUN:   -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

@quiet_table = global [4 x i32] zeroinitializer
@annotated_table = global [4 x i32] zeroinitializer
@loud_table = global [4 x i32] zeroinitializer

@.nosan = private unnamed_addr constant [20 x i8] c"kmemsan_no_sanitize\00", section "llvm.metadata"
@.file = private unnamed_addr constant [4 x i8] c"t.c\00", section "llvm.metadata"
@llvm.global.annotations = appending global [1 x { ptr, ptr, ptr, i32, ptr }] [
  { ptr, ptr, ptr, i32, ptr } { ptr @annotated_table, ptr @.nosan, ptr @.file, i32 1, ptr null }
], section "llvm.metadata"

; CHECK-DAG: @quiet_table = global [4 x i32] zeroinitializer, no_sanitize_address
; CHECK-DAG: @annotated_table = global [4 x i32] zeroinitializer, no_sanitize_address
; CHECK-NOT: @loud_table = {{.*}}no_sanitize_address
