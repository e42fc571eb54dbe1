; Private string literals get a redzone like any global, and the report
; names them "<string literal>" as upstream ASan does. A literal placed in an
; explicit section is part of a kernel table and is left alone.
;
; RUN: %opt -passes=kmemsan-kasan -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; 6 bytes: 26 of padding + 32 = 58.
; CHECK-DAG: @.str = private unnamed_addr constant { [6 x i8], [58 x i8] } { [6 x i8] c"hello\00", [58 x i8] zeroinitializer }, align 32
@.str = private unnamed_addr constant [6 x i8] c"hello\00", align 1
; CHECK-DAG: @.str.1 = private unnamed_addr constant [4 x i8] c"fmt\00", section ".printk_fmts", align 1
@.str.1 = private unnamed_addr constant [4 x i8] c"fmt\00", section ".printk_fmts", align 1
; CHECK-DAG: @[[NAME:__kmemsan_global_name[.0-9]*]] = private unnamed_addr constant [17 x i8] c"<string literal>\00"

; CHECK: @__kmemsan_globals = internal global [1 x { ptr, i64, i64, ptr, ptr, i64, ptr, i64 }]
; CHECK-SAME: { ptr @.str, i64 6, i64 64, ptr @[[NAME]],

declare void @puts(ptr)

define void @greet() {
; CHECK-LABEL: define void @greet()
; CHECK: call void @puts(ptr @.str)
; CHECK: call void @puts(ptr @.str.1)
  call void @puts(ptr @.str)
  call void @puts(ptr @.str.1)
  ret void
}
