using System.Runtime.InteropServices;

namespace Dcgan.Runtime.Cpu;

/// <summary>
/// Native scratch memory that kernels reuse across calls: grown (never shrunk) the first time a
/// bigger size is needed, so a steady training loop allocates nothing. Per-slot buffers hold the
/// GEMM's packed panels of each thread; shared buffers hold whole-call temporaries such as im2col columns.
/// </summary>
/// <remarks>Only touched under <see cref="CpuKernels.EnterKernel"/>, and per-slot buffers only by their own thread.</remarks>
internal static unsafe class Scratch
{
    private struct Block
    {
        public float* Pointer;
        public long Capacity;
    }

    /// <summary>Whole-call temporaries; each kernel uses its own so nested calls never collide.</summary>
    public enum Shared
    {
        Columns,
        Transposed,
        Statistics,
        PositionOffsets,
        Count,
    }

    /// <summary>Per-thread buffers.</summary>
    public enum PerSlot
    {
        PackedA,
        PackedB,
        PaddedPlane,
        Count,
    }

    private static readonly Block* s_shared = (Block*)NativeMemory.AllocZeroed((nuint)Shared.Count, (nuint)sizeof(Block));
    private static Block* s_perSlot = (Block*)NativeMemory.AllocZeroed((nuint)PerSlot.Count, (nuint)sizeof(Block));
    private static int s_slots = 1;

    public static float* Get(Shared which, long floats) => Grow(&s_shared[(int)which], floats);

    public static float* Get(PerSlot which, int slot, long floats)
    {
        if ((uint)slot >= (uint)s_slots) throw new InvalidOperationException($"scratch slot {slot} of {s_slots}");
        return Grow(&s_perSlot[slot * (int)PerSlot.Count + (int)which], floats);
    }

    /// <summary>Called before worker threads exist, so no thread is reading the table being replaced.</summary>
    public static void EnsureSlots(int slots)
    {
        if (slots <= s_slots) return;
        var grown = (Block*)NativeMemory.AllocZeroed((nuint)(slots * (int)PerSlot.Count), (nuint)sizeof(Block));
        Buffer.MemoryCopy(s_perSlot, grown, (long)slots * (int)PerSlot.Count * sizeof(Block), (long)s_slots * (int)PerSlot.Count * sizeof(Block));
        NativeMemory.Free(s_perSlot);
        s_perSlot = grown;
        s_slots = slots;
    }

    private static float* Grow(Block* block, long floats)
    {
        if (floats <= block->Capacity) return block->Pointer;
        // Round up so a slowly growing size does not reallocate on every call.
        long capacity = Math.Max(floats, block->Capacity + block->Capacity / 2);
        capacity = (capacity + 15) & ~15L;
        NativeMemory.AlignedFree(block->Pointer);
        block->Pointer = (float*)NativeMemory.AlignedAlloc((nuint)capacity * sizeof(float), 64);
        block->Capacity = capacity;
        return block->Pointer;
    }
}
