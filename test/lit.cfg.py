# lit configuration for the kmemsan test suites.
import os
import shutil

import lit.formats

config.name = "kmemsan"
config.test_format = lit.formats.ShTest(not lit_config.isWindows)
config.suffixes = [".ll", ".c", ".cpp", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py.in", "unit"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.kmemsan_obj_root, "test")

tools = config.llvm_tools_dir
config.environment["PATH"] = os.pathsep.join(
    [tools, config.environment.get("PATH", os.environ.get("PATH", ""))])
# Reports must not depend on the caller's environment.
config.environment.pop("KMEMSAN_OPTIONS", None)
for var in ("HOME", "TMPDIR"):
    if var in os.environ:
        config.environment[var] = os.environ[var]

plugin = os.path.join(config.kmemsan_lib_dir, "libkmemsan.so")
wrapper = os.path.join(config.kmemsan_src_root, "tools", "kmemsan-cc")
config.environment["KMEMSAN_BUILD_DIR"] = config.kmemsan_obj_root

config.substitutions.append(("%shlibdir", config.kmemsan_lib_dir))
config.substitutions.append(("%libdir", config.kmemsan_lib_dir))
config.substitutions.append(("%srcroot", config.kmemsan_src_root))
config.substitutions.append(("%plugin", plugin))
# opt with the plugin loaded both ways, so its options parse.
config.substitutions.append(
    ("%opt", "%s -load %s -load-pass-plugin %s" % (os.path.join(tools, "opt"), plugin, plugin)))
config.substitutions.append(("%clang_kmemsan", wrapper))
config.substitutions.append(("%clangxx_kmemsan", os.path.join(config.kmemsan_src_root, "tools", "kmemsan-c++")))
config.substitutions.append(("%clang", config.kmemsan_clang))

if shutil.which("qemu-system-x86_64", path=config.environment["PATH"]):
    config.available_features.add("qemu")
if shutil.which("gdb", path=config.environment["PATH"]):
    config.available_features.add("gdb")
if shutil.which("llvm-symbolizer", path=config.environment["PATH"]):
    config.available_features.add("llvm-symbolizer")
