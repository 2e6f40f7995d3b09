#include "core/util/allocator_tuning.h"

#include <malloc.h>

namespace vq {

void keepFreedMemoryForReuse() {
  // Blocks up to 32 MiB (glibc's largest allowed threshold) come from the heap and are reused after free;
  // up to 1 GiB of free heap is kept rather than trimmed.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
}

}  // namespace vq
