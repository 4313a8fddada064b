using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Dcgan.Runtime.Cpu;

/// <summary>
/// Sums over many elements (bias gradients here; batch-norm statistics reuse the row helpers).
/// A contiguous row is summed in float lanes (each lane sees at most a few hundred values), rows are
/// combined in double: accurate for millions of terms, and the order is fixed, so results do not
/// depend on the thread count (a channel is never split across threads).
/// </summary>
public static unsafe partial class CpuKernels
{
    private struct ChannelReduceJob
    {
        public float* Dy, Dbias;
        public int Batch, Channels, Spatial;
    }

    public static void BiasBackward(float* dy, float* dbias, int batch, int channels, int spatial)
    {
        if (dbias == null || channels <= 0) return;
        using var gate = EnterKernel();
        var job = new ChannelReduceJob { Dy = dy, Dbias = dbias, Batch = batch, Channels = channels, Spatial = spatial };
        WorkerPool.For(channels, &BiasBackwardChannel, &job);
    }

    private static void BiasBackwardChannel(void* context, int c, int slot)
    {
        var job = (ChannelReduceJob*)context;
        double total = 0;
        long channelStride = (long)job->Channels * job->Spatial;
        float* row = job->Dy + (long)c * job->Spatial;
        for (int n = 0; n < job->Batch; n++, row += channelStride)
            total += RowSum(row, job->Spatial);
        job->Dbias[c] += (float)total;
    }

    // Rows are summed in eight float lanes (lane j takes elements j, j + 8, ...), the lanes then added in double in one
    // fixed order and the tail after them. Vector256 is the same lane arithmetic whether the JIT maps it to AVX or, on
    // the scalar path, to one float operation per lane, so the statistics do not depend on the SIMD path either.
    private const int Lanes = 8;

    /// <summary>Sum of a contiguous row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double RowSum(float* row, int count)
    {
        int blocks = count / Lanes * Lanes;
        var lanes = Vector256<float>.Zero;
        for (int i = 0; i < blocks; i += Lanes) lanes += Vector256.Load(row + i);
        double total = SumLanes(lanes);
        for (int i = blocks; i < count; i++) total += row[i];
        return total;
    }

    /// <summary>Sum of (row[i] - center)^2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double RowSquaredDeviation(float* row, int count, float center)
    {
        int blocks = count / Lanes * Lanes;
        var lanes = Vector256<float>.Zero;
        var centerV = Vector256.Create(center);
        for (int i = 0; i < blocks; i += Lanes)
        {
            var d = Vector256.Load(row + i) - centerV;
            lanes += d * d;
        }
        double total = SumLanes(lanes);
        for (int i = blocks; i < count; i++)
        {
            double d = row[i] - center;
            total += d * d;
        }
        return total;
    }

    /// <summary>Sum of dy[i] * (x[i] - center).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double RowCenteredDot(float* dy, float* x, int count, float center)
    {
        int blocks = count / Lanes * Lanes;
        var lanes = Vector256<float>.Zero;
        var centerV = Vector256.Create(center);
        for (int i = 0; i < blocks; i += Lanes)
            lanes += Vector256.Load(dy + i) * (Vector256.Load(x + i) - centerV);
        double total = SumLanes(lanes);
        for (int i = blocks; i < count; i++) total += dy[i] * (double)(x[i] - center);
        return total;
    }

    /// <summary>The eight lanes in double: ((0 + 1) + (2 + 3)) + ((4 + 5) + (6 + 7)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double SumLanes(Vector256<float> v)
        => ((double)v[0] + v[1] + ((double)v[2] + v[3])) + ((double)v[4] + v[5] + ((double)v[6] + v[7]));
}
