# Convenience entry points; everything is built by CMake into build/.
#   make demo   install missing packages, build, run the demo
#   make check  install missing packages (the kernel's too), build, run every
#               test: the lit suites, the unit tests, and a Linux kernel built
#               with the plugin, booted in qemu and checked (minutes)
#   make check-fast  every test but the kernel's
#   make check-kernel  only the kernel's
#   make check-kernel-real  the real kernel profile: Linux 6.12 defconfig,
#               4 CPUs, the guest workload, three boots (an hour and more)
BUILD ?= build
JOBS ?= $(shell nproc)

.PHONY: all deps build demo check check-fast check-kernel check-kernel-real clean

all: build

deps:
	tools/install-deps

build: deps
	cmake -S . -B $(BUILD)
	cmake --build $(BUILD) -j$(JOBS)

demo: build
	$(BUILD)/bin/kmemsan-demo

check: build
	tools/install-deps --kernel
	ctest --test-dir $(BUILD) --output-on-failure

check-fast: build
	ctest --test-dir $(BUILD) --output-on-failure -LE kernel

check-kernel: build
	tools/install-deps --kernel
	ctest --test-dir $(BUILD) --output-on-failure -L kernel

check-kernel-real: build
	tools/install-deps --kernel
	test/kernel/real_profile.sh --runs 3 --plugin-dir $(CURDIR)/$(BUILD)/lib

clean:
	rm -rf $(BUILD)
