#pragma once
// Which instruction set the fast integer engine's kernels use. Chosen once from CPUID (the best the CPU and
// its operating system support); VQ_ISA=portable|avx2|avxvnni|avx512vnni forces one, and an ISA the CPU lacks
// is refused rather than crashing on an illegal instruction. Each path is compiled with target attributes,
// so the binary itself stays generic x86-64.
#include <string>
#include <vector>

namespace vq {

enum class Isa {
  Portable,    // plain C++ loops
  Avx2,        // 256-bit: |x| · sign-carrying weights (vpsignb, vpmaddubsw, vpmaddwd)
  AvxVnni,     // 256-bit vpdpbusd (VEX encoding, e.g. Alder Lake and later, Zen 5)
  Avx512Vnni,  // 512-bit vpdpbusd (Cascade Lake and later, Zen 4 and later)
};

const char* isaName(Isa isa);
// "portable", "avx2", "avxvnni" or "avx512vnni"; throws vq::Error(Usage) naming `origin` otherwise.
Isa parseIsa(const std::string& name, const std::string& origin);

// Whether this CPU (and the OS, which must save the wider registers) can run `isa`'s kernels.
bool cpuSupports(Isa isa);
// Every ISA the CPU supports, from portable up.
std::vector<Isa> supportedIsas();

// The ISA the fast engine uses now: VQ_ISA if set (checked on first use), else the best the CPU supports.
// Throws vq::Error(Usage) when VQ_ISA names an unknown ISA or one this CPU lacks.
Isa activeIsa();
// Switches the fast engine to `isa` (benchmarks and tests); throws vq::Error(Usage) if the CPU lacks it.
// Not to be called while an integer forward pass runs on another thread.
void setActiveIsa(Isa isa);

}  // namespace vq
