; -kmemsan-globals=0 leaves every global as it is and registers nothing.
;
; RUN: %opt -passes=kmemsan-kasan -kmemsan-globals=0 -S %s | FileCheck %s
; RUN: %opt -passes=kmemsan-kasan -S %s | FileCheck %s --check-prefix=ON

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; CHECK: @g = global [10 x i32] zeroinitializer, align 16
; CHECK: @.str = private unnamed_addr constant [3 x i8] c"ok\00", align 1
; CHECK-NOT: __kmemsan_globals
; CHECK-NOT: global_ctors
; CHECK-NOT: __asan_register_globals
; ON: @g = global { [10 x i32], [56 x i8] } zeroinitializer, align 32
; ON: __asan_register_globals
@g = global [10 x i32] zeroinitializer, align 16
@.str = private unnamed_addr constant [3 x i8] c"ok\00", align 1
