// Pass options from a plain clang command line: load the plugin with
// -Xclang -load as well, so that clang's -mllvm parser knows the options.
// A bare -fpass-plugin gives KASan with the defaults (outline calls).
// RUN: %clang -O2 -fpass-plugin=%plugin -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefix=DEFAULT
// RUN: %clang -O2 -fpass-plugin=%plugin -Xclang -load -Xclang %plugin \
// RUN:   -mllvm -kmemsan-kasan-mode=inline -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefix=INLINE
// RUN: %clang -O2 -fpass-plugin=%plugin -Xclang -load -Xclang %plugin \
// RUN:   -mllvm -kmemsan-kasan=0 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefix=OFF
// The compiler wrapper spells the same thing --kmemsan-opt=K=V.
// RUN: %clang_kmemsan --kmemsan-opt=kasan-mode=inline -O2 -S -emit-llvm \
// RUN:   -o - %s | FileCheck %s --check-prefix=INLINE

void set(int *p) { *p = 1; }

// DEFAULT: call void @__asan_store4_noabort(
// DEFAULT-NOT: __asan_report
// INLINE: load i8, ptr {{%.*}}, align 1, !nosanitize
// INLINE: call void @__asan_report_store4_noabort(
// INLINE-NOT: call void @__asan_store4_noabort(
// OFF-NOT: __asan
