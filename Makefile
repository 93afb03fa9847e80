# The two commands a new user needs: `make demo` and `make test`.
BUILD ?= build
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo
FUZZ_SECONDS ?= 60
ifneq ($(CI),)
CMAKE_FLAGS += -DT2S_WERROR=ON
endif

.PHONY: all deps configure build test demo install bench fuzz format clean

all: build

deps:
	@scripts/install-deps.sh

configure: deps
	@[ -f $(BUILD)/build.ninja ] || cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS)

build: configure
	@cmake --build $(BUILD)

test: build
	@ctest --test-dir $(BUILD) --output-on-failure -j2

# The binary, the library, its headers and a CMake package under PREFIX.
PREFIX ?= /usr/local
install: configure
	@cmake --build $(BUILD) --target trace2skill t2s_lib
	@cmake --install $(BUILD) --prefix $(PREFIX)

# Builds the binary only (not the tests), then runs the demo.
demo: configure
	@cmake --build $(BUILD) --target trace2skill
	@scripts/demo.sh $(BUILD)

bench: configure
	@cmake --build $(BUILD) --target benchmarks
	@$(BUILD)/bench/agent_bench
	@$(BUILD)/bench/apply_bench
	@$(BUILD)/bench/evolve_bench
	@$(BUILD)/bench/ingest_bench
	@$(BUILD)/bench/llm_bench
	@$(BUILD)/bench/mine_bench
	@$(BUILD)/bench/sandbox_bench

# Not part of test: builds build-fuzz/ with clang and libFuzzer and fuzzes
# each target for FUZZ_SECONDS.
fuzz:
	@scripts/install-deps.sh fuzz
	@FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh

format:
	@clang-format -i $$(git ls-files '*.h' '*.cc')

clean:
	@rm -rf $(BUILD)
