// ScratchFile: the one temporary file a fuzz target hands to a library call
// that reads from a path. One folder per process, created on first use and
// removed at exit; every input overwrites the same file, so a long fuzzing
// run leaves nothing behind and never fills the disk.
#ifndef T2S_FUZZ_SCRATCH_FILE_H_
#define T2S_FUZZ_SCRATCH_FILE_H_

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string_view>

namespace t2s::fuzz {

// Writes `size` bytes of `data` to `name` inside the process's scratch
// folder and returns its path. Aborts when the file cannot be written: a
// fuzz run on a broken file system proves nothing.
std::filesystem::path WriteScratchFile(std::string_view name, const uint8_t* data, size_t size);

// The process's scratch folder (created on first use).
const std::filesystem::path& ScratchDir();

}  // namespace t2s::fuzz

#endif  // T2S_FUZZ_SCRATCH_FILE_H_
