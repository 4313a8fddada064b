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

    /// <summary>Sum of a contiguous row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double RowSum(float* row, int count)
    {
        int i = 0;
        double total = 0;
        if (count >= 16 && Vector512.IsHardwareAccelerated)
        {
            var lanes = Vector512<float>.Zero;
            for (; i + 16 <= count; i += 16) lanes += Vector512.Load(row + i);
            total = Vector512.Sum(Vector512.WidenLower(lanes) + Vector512.WidenUpper(lanes));
        }
        for (; i < count; i++) total += row[i];
        return total;
    }

    /// <summary>Sum of (row[i] - center)^2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double RowSquaredDeviation(float* row, int count, float center)
    {
        int i = 0;
        double total = 0;
        if (count >= 16 && Vector512.IsHardwareAccelerated)
        {
            var lanes = Vector512<float>.Zero;
            var centerV = Vector512.Create(center);
            for (; i + 16 <= count; i += 16)
            {
                var d = Vector512.Load(row + i) - centerV;
                lanes += d * d;
            }
            total = Vector512.Sum(Vector512.WidenLower(lanes) + Vector512.WidenUpper(lanes));
        }
        for (; i < count; i++)
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
        int i = 0;
        double total = 0;
        if (count >= 16 && Vector512.IsHardwareAccelerated)
        {
            var lanes = Vector512<float>.Zero;
            var centerV = Vector512.Create(center);
            for (; i + 16 <= count; i += 16)
                lanes += Vector512.Load(dy + i) * (Vector512.Load(x + i) - centerV);
            total = Vector512.Sum(Vector512.WidenLower(lanes) + Vector512.WidenUpper(lanes));
        }
        for (; i < count; i++) total += dy[i] * (double)(x[i] - center);
        return total;
    }
}
