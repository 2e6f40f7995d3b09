#include "core/integer/isa.h"

#include "core/util/error.h"

#include <cpuid.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>

namespace vq {
namespace {

struct CpuFeatures {
  bool avx2 = false, avxVnni = false, avx512Vnni = false;
};

uint64_t readXcr0() {
  uint32_t eax = 0, edx = 0;
  __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
  return (uint64_t{edx} << 32) | eax;
}

// CPUID leaves 1 and 7 (sub-leaves 0 and 1), and XCR0 for the register state the OS saves: a CPU may
// have AVX-512 that a hypervisor or kernel leaves disabled.
CpuFeatures detect() {
  CpuFeatures f;
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return f;
  const bool osxsave = c & (1u << 27), avx = c & (1u << 28), fma = c & (1u << 12);
  if (!osxsave || !avx) return f;
  const uint64_t xcr0 = readXcr0();
  const bool ymmState = (xcr0 & 0x6) == 0x6;     // SSE + AVX state
  const bool zmmState = (xcr0 & 0xe6) == 0xe6;   // + opmask, ZMM0-15 upper halves, ZMM16-31
  if (!ymmState || __get_cpuid_max(0, nullptr) < 7) return f;
  __cpuid_count(7, 0, a, b, c, d);
  const bool avx2 = b & (1u << 5), avx512f = b & (1u << 16), avx512bw = b & (1u << 30), avx512vl = b & (1u << 31);
  const bool avx512vnni = c & (1u << 11);
  __cpuid_count(7, 1, a, b, c, d);
  const bool avxvnni = a & (1u << 4);
  f.avx2 = avx2 && fma;
  f.avxVnni = f.avx2 && avxvnni;
  f.avx512Vnni = f.avx2 && zmmState && avx512f && avx512bw && avx512vl && avx512vnni;
  return f;
}

const CpuFeatures& features() {
  static const CpuFeatures f = detect();
  return f;
}

Isa best() {
  for (Isa isa : {Isa::Avx512Vnni, Isa::AvxVnni, Isa::Avx2})
    if (cpuSupports(isa)) return isa;
  return Isa::Portable;
}

void requireSupported(Isa isa, const std::string& origin) {
  if (!cpuSupports(isa)) usageError(origin + ": this CPU cannot run the " + isaName(isa) + " kernels (it supports " + [] {
    std::string list;
    for (Isa s : supportedIsas()) list += (list.empty() ? "" : ", ") + std::string(isaName(s));
    return list;
  }() + ")");
}

Isa fromEnvironment() {
  const char* forced = std::getenv("VQ_ISA");
  if (!forced || !*forced) return best();
  const Isa isa = parseIsa(forced, "VQ_ISA");
  requireSupported(isa, "VQ_ISA");
  return isa;
}

constexpr int kUnset = -1;
std::atomic<int> chosen{kUnset};

}  // namespace

const char* isaName(Isa isa) {
  switch (isa) {
    case Isa::Portable: return "portable";
    case Isa::Avx2: return "avx2";
    case Isa::AvxVnni: return "avxvnni";
    case Isa::Avx512Vnni: return "avx512vnni";
  }
  return "portable";
}

Isa parseIsa(const std::string& name, const std::string& origin) {
  for (Isa isa : {Isa::Portable, Isa::Avx2, Isa::AvxVnni, Isa::Avx512Vnni})
    if (name == isaName(isa)) return isa;
  usageError(origin + ": unknown ISA '" + name + "' (portable, avx2, avxvnni, avx512vnni)");
}

bool cpuSupports(Isa isa) {
  switch (isa) {
    case Isa::Portable: return true;
    case Isa::Avx2: return features().avx2;
    case Isa::AvxVnni: return features().avxVnni;
    case Isa::Avx512Vnni: return features().avx512Vnni;
  }
  return false;
}

std::vector<Isa> supportedIsas() {
  std::vector<Isa> out;
  for (Isa isa : {Isa::Portable, Isa::Avx2, Isa::AvxVnni, Isa::Avx512Vnni})
    if (cpuSupports(isa)) out.push_back(isa);
  return out;
}

Isa activeIsa() {
  int v = chosen.load(std::memory_order_acquire);
  if (v == kUnset) {
    v = static_cast<int>(fromEnvironment());
    chosen.store(v, std::memory_order_release);
  }
  return static_cast<Isa>(v);
}

void setActiveIsa(Isa isa) {
  requireSupported(isa, "--isa");
  chosen.store(static_cast<int>(isa), std::memory_order_release);
}

}  // namespace vq
