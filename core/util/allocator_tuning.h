#pragma once
// Keeps large freed buffers in the process instead of returning them to the kernel. An inference pass
// allocates and frees the same few-megabyte activations again and again; by default glibc serves each
// from a fresh mmap, and on a virtual machine the page faults that follow cost 15–20 % of a forward pass
// (measured on DeiT-S, FP32 and integer alike). Called once at the start of each program.
namespace vq {

void keepFreedMemoryForReuse();

}  // namespace vq
