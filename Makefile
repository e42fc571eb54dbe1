# Convenience entry points; everything is built by CMake into build/.
#   make demo   install missing packages, build, run the demo
#   make check  install missing packages, build, run every test
BUILD ?= build
JOBS ?= $(shell nproc)

.PHONY: all deps build demo check clean

all: build

deps:
	tools/install-deps

build: deps
	cmake -S . -B $(BUILD)
	cmake --build $(BUILD) -j$(JOBS)

demo: build
	$(BUILD)/bin/kmemsan-demo

check: build
	ctest --test-dir $(BUILD) --output-on-failure

clean:
	rm -rf $(BUILD)
