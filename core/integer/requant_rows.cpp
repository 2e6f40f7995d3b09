#include "core/integer/requant_rows.h"

#include "core/integer/avx2_lanes.h"

#include <algorithm>

namespace vq::rows {
namespace {

inline int64_t dyadicScalar(int64_t v, int64_t m, int shift) {
  const int64_t round = shift == 0 ? 0 : int64_t{1} << (shift - 1);
  return (v * m + round) >> shift;
}

inline __attribute__((target("avx2"))) __m256i load8x32(const int32_t* p) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)); }

template <typename Out>
__attribute__((target("avx2"))) int64_t requantizeAvx2(const int32_t* in, const int32_t* m, int shift, int32_t q, Out* out, int64_t n) {
  int64_t c = 0;
  for (; c + 8 <= n; c += 8) avx2::store8(avx2::narrow(avx2::dyadic8(load8x32(in + c), load8x32(m + c), shift), q), out + c);
  return c;
}

__attribute__((target("avx2"))) int64_t addRequantizedAvx2(const int32_t* a, const int32_t* ma, int sa, const int16_t* b, const int32_t* mb,
                                                           int sb, int32_t q, int16_t* out, int64_t n) {
  int64_t c = 0;
  for (; c + 8 <= n; c += 8) {
    const avx2::Wide x = avx2::dyadic8(load8x32(a + c), load8x32(ma + c), sa);
    const avx2::Wide y = avx2::dyadic8(avx2::load8(b + c), load8x32(mb + c), sb);
    avx2::store8(avx2::narrow({_mm256_add_epi64(x.even, y.even), _mm256_add_epi64(x.odd, y.odd)}, q), out + c);
  }
  return c;
}

template <typename Out>
void requantizeImpl(const int32_t* in, const int32_t* m, int shift, int32_t q, Out* out, int64_t n, bool simd) {
  int64_t c = simd ? requantizeAvx2(in, m, shift, q, out, n) : 0;
  for (; c < n; ++c) out[c] = static_cast<Out>(std::clamp<int64_t>(dyadicScalar(in[c], m[c], shift), -q, q));
}

}  // namespace

void requantize(const int32_t* in, const int32_t* m, int shift, int32_t q, int8_t* out, int64_t n, bool simd) {
  requantizeImpl(in, m, shift, q, out, n, simd);
}
void requantize(const int32_t* in, const int32_t* m, int shift, int32_t q, int16_t* out, int64_t n, bool simd) {
  requantizeImpl(in, m, shift, q, out, n, simd);
}

void addRequantized(const int32_t* a, const int32_t* ma, int sa, const int16_t* b, const int32_t* mb, int sb, int32_t q, int16_t* out,
                    int64_t n, bool simd) {
  int64_t c = simd ? addRequantizedAvx2(a, ma, sa, b, mb, sb, q, out, n) : 0;
  for (; c < n; ++c) out[c] = static_cast<int16_t>(std::clamp<int64_t>(dyadicScalar(a[c], ma[c], sa) + dyadicScalar(b[c], mb[c], sb), -q, q));
}

}  // namespace vq::rows
