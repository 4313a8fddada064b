using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Dcgan.Runtime.Cpu;

/// <summary>
/// 2x spatial upsampling of contiguous NCHW tensors: PyTorch's nn.Upsample(scale_factor=2) in
/// "bilinear" (align_corners=False) and "nearest" modes. y is [batch, channels, 2*height, 2*width].
/// Backward passes are gathers that OVERWRITE dx: every dx element sums its own contributions in a
/// fixed order, so tasks never race and results never depend on the thread count.
/// </summary>
/// <remarks>
/// <para>Bilinear, along one axis of input size S: PyTorch's source coordinate max((d + 0.5) / 2 - 0.5, 0)
/// gives output d = 2k the inputs (k-1, k) with weights (0.25, 0.75), output d = 2k+1 the inputs
/// (k, min(k+1, S-1)) with (0.75, 0.25), and output 0 input 0 alone (weight 1). Here every output
/// is written x[max(k-1, 0)]*0.25 + x[k]*0.75 or x[k]*0.75 + x[min(k+1, S-1)]*0.25, which is the
/// same float at the edges: v*0.25 is exact and v*0.75 is off by at most half an ulp of v (a tie
/// only when v's significand is even), so v*0.25 + v*0.75 rounds back to v for every finite v.</para>
/// <para>As in PyTorch's CPU kernels, rows are interpolated along the width first and the two rows
/// then combined with the height weights, all in float and without fused multiply-adds.</para>
/// </remarks>
public static unsafe partial class CpuKernels
{
    private const float Quarter = 0.25f, ThreeQuarters = 0.75f;
    // Input columns per tile of the bilinear backward pass (its row buffer lives on the stack).
    private const int UpsampleBackwardTile = 256;

    private struct UpsampleJob
    {
        public float* Src, Dst;
        public int Height, Width;
        public long Rows;
        public int RowsPerTask;
    }

    public static void UpsampleBilinear2x(float* x, float* y, int batch, int channels, int height, int width)
    {
        // One task row = one output row.
        if (!StartUpsample(x, y, batch, channels, height, width, 2L * height, 4L * width, out var job)) return;
        using var gate = EnterKernel();
        WorkerPool.For(UpsampleTasks(job), &UpsampleBilinearForwardTask, &job);
    }

    public static void UpsampleBilinear2xBackward(float* dy, float* dx, int batch, int channels, int height, int width)
    {
        // One task row = one dx row, which reads four dy rows.
        if (!StartUpsample(dy, dx, batch, channels, height, width, height, 8L * width, out var job)) return;
        using var gate = EnterKernel();
        WorkerPool.For(UpsampleTasks(job), &UpsampleBilinearBackwardTask, &job);
    }

    public static void UpsampleNearest2x(float* x, float* y, int batch, int channels, int height, int width)
    {
        // One task row = one x row, written to two y rows.
        if (!StartUpsample(x, y, batch, channels, height, width, height, 4L * width, out var job)) return;
        using var gate = EnterKernel();
        WorkerPool.For(UpsampleTasks(job), &UpsampleNearestForwardTask, &job);
    }

    public static void UpsampleNearest2xBackward(float* dy, float* dx, int batch, int channels, int height, int width)
    {
        // One task row = one dx row, the sums of 2x2 blocks of two dy rows.
        if (!StartUpsample(dy, dx, batch, channels, height, width, height, 4L * width, out var job)) return;
        using var gate = EnterKernel();
        WorkerPool.For(UpsampleTasks(job), &UpsampleNearestBackwardTask, &job);
    }

    /// <summary>
    /// Splits rowsPerPlane * planes rows into tasks of a fixed number of rows (about
    /// <see cref="ElementwiseChunk"/> elements touched each), whatever the thread count.
    /// </summary>
    private static bool StartUpsample(float* src, float* dst, int batch, int channels, int height, int width,
        long rowsPerPlane, long elementsPerRow, out UpsampleJob job)
    {
        job = default;
        if (batch <= 0 || channels <= 0 || height <= 0 || width <= 0) return false;
        job = new UpsampleJob
        {
            Src = src, Dst = dst, Height = height, Width = width,
            Rows = (long)batch * channels * rowsPerPlane,
            RowsPerTask = (int)Math.Max(1, ElementwiseChunk / elementsPerRow),
        };
        return true;
    }

    private static int UpsampleTasks(in UpsampleJob job) => checked((int)((job.Rows + job.RowsPerTask - 1) / job.RowsPerTask));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void UpsampleBilinearForwardTask(void* context, int task, int slot)
    {
        var job = (UpsampleJob*)context;
        int h = job->Height, w = job->Width;
        int outRows = 2 * h;
        long start = (long)task * job->RowsPerTask, end = Math.Min(start + job->RowsPerTask, job->Rows);
        // Plane and row within it advance with the row: no division per row.
        long plane = start / outRows;
        int oh = (int)(start - plane * outRows);
        for (long row = start; row < end; row++, oh++)
        {
            if (oh == outRows)
            {
                oh = 0;
                plane++;
            }
            int k = oh >> 1;
            float* x = job->Src + plane * h * w;
            // Rows (r0 < r1 unless clamped) and their weights; see the class remarks.
            int r0, r1;
            float a0, a1;
            if ((oh & 1) == 0)
            {
                (r0, r1, a0, a1) = (Math.Max(k - 1, 0), k, Quarter, ThreeQuarters);
            }
            else
            {
                (r0, r1, a0, a1) = (k, Math.Min(k + 1, h - 1), ThreeQuarters, Quarter);
            }
            BilinearRow(x + (long)r0 * w, x + (long)r1 * w, a0, a1, job->Dst + row * 2 * w, w);
        }
    }

    /// <summary>out[c] = T0[c]*a0 + T1[c]*a1 for c in [0, 2w), where T is a row interpolated along the width.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BilinearRow(float* r0, float* r1, float a0, float a1, float* output, int w)
    {
        if (w >= 8 && Avx2.IsSupported)
        {
            var quarter = Vector256.Create(Quarter);
            var threeQuarters = Vector256.Create(ThreeQuarters);
            var a0V = Vector256.Create(a0);
            var a1V = Vector256.Create(a1);
            // Lane k from lane max(k-1, 0) / min(k+1, 7): the clamped neighbours at the row's ends.
            var previous = Vector256.Create(0, 0, 1, 2, 3, 4, 5, 6);
            var next = Vector256.Create(1, 2, 3, 4, 5, 6, 7, 7);

            var c0 = Vector256.Load(r0);
            var c1 = Vector256.Load(r1);
            var n0 = w > 8 ? Vector256.Load(r0 + 1) : Avx2.PermuteVar8x32(c0, next);
            var n1 = w > 8 ? Vector256.Load(r1 + 1) : Avx2.PermuteVar8x32(c1, next);
            BilinearBlock(Avx2.PermuteVar8x32(c0, previous), c0, n0, Avx2.PermuteVar8x32(c1, previous), c1, n1,
                a0V, a1V, quarter, threeQuarters, output);
            // A block of columns j .. j+7 reads columns j-1 .. j+8.
            for (int j = 8; j + 9 <= w; j += 8)
            {
                BilinearBlock(Vector256.Load(r0 + j - 1), Vector256.Load(r0 + j), Vector256.Load(r0 + j + 1),
                    Vector256.Load(r1 + j - 1), Vector256.Load(r1 + j), Vector256.Load(r1 + j + 1),
                    a0V, a1V, quarter, threeQuarters, output + 2 * j);
            }
            // The last block may overlap the previous ones (rewriting the same values); no scalar tail.
            if (w > 8)
            {
                int j = w - 8;
                c0 = Vector256.Load(r0 + j);
                c1 = Vector256.Load(r1 + j);
                BilinearBlock(Vector256.Load(r0 + j - 1), c0, Avx2.PermuteVar8x32(c0, next),
                    Vector256.Load(r1 + j - 1), c1, Avx2.PermuteVar8x32(c1, next),
                    a0V, a1V, quarter, threeQuarters, output + 2 * j);
            }
            return;
        }
        if (w >= 4 && Sse.IsSupported)
        {
            // Small rows (4x4 -> 8x8 is a common first upsampling): one or two overlapping 4-column blocks.
            var quarter = Vector128.Create(Quarter);
            var threeQuarters = Vector128.Create(ThreeQuarters);
            var a0V = Vector128.Create(a0);
            var a1V = Vector128.Create(a1);
            for (int j = 0; j < w; j += 4)
            {
                j = Math.Min(j, w - 4);
                var c0 = Vector128.Load(r0 + j);
                var c1 = Vector128.Load(r1 + j);
                // shufps 0x90 takes lanes (0, 0, 1, 2) and 0xF9 lanes (1, 2, 3, 3): the clamped neighbours.
                var left0 = j == 0 ? Sse.Shuffle(c0, c0, 0x90) : Vector128.Load(r0 + j - 1);
                var left1 = j == 0 ? Sse.Shuffle(c1, c1, 0x90) : Vector128.Load(r1 + j - 1);
                var right0 = j + 4 == w ? Sse.Shuffle(c0, c0, 0xF9) : Vector128.Load(r0 + j + 1);
                var right1 = j + 4 == w ? Sse.Shuffle(c1, c1, 0xF9) : Vector128.Load(r1 + j + 1);
                c0 *= threeQuarters;
                c1 *= threeQuarters;
                var even = (left0 * quarter + c0) * a0V + (left1 * quarter + c1) * a1V;
                var odd = (c0 + right0 * quarter) * a0V + (c1 + right1 * quarter) * a1V;
                Sse.UnpackLow(even, odd).Store(output + 2 * j);
                Sse.UnpackHigh(even, odd).Store(output + 2 * j + 4);
            }
            return;
        }
        for (int j = 0; j < w; j++) BilinearColumns(r0, r1, a0, a1, output, j, w);
    }

    /// <summary>16 outputs of <see cref="BilinearRow"/> from 8 columns of each row and their left and
    /// right neighbours: the same operations as <see cref="BilinearColumns"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void BilinearBlock(Vector256<float> left0, Vector256<float> center0, Vector256<float> right0,
        Vector256<float> left1, Vector256<float> center1, Vector256<float> right1,
        Vector256<float> a0, Vector256<float> a1, Vector256<float> quarter, Vector256<float> threeQuarters, float* output)
    {
        var c0 = center0 * threeQuarters;
        var c1 = center1 * threeQuarters;
        var even = (left0 * quarter + c0) * a0 + (left1 * quarter + c1) * a1;
        var odd = (c0 + right0 * quarter) * a0 + (c1 + right1 * quarter) * a1;
        StoreInterleaved(even, odd, output);
    }

    /// <summary>Outputs 2j and 2j+1 of <see cref="BilinearRow"/>, with clamped neighbours.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void BilinearColumns(float* r0, float* r1, float a0, float a1, float* output, int j, int w)
    {
        int left = Math.Max(j - 1, 0), right = Math.Min(j + 1, w - 1);
        float c0 = r0[j] * ThreeQuarters, c1 = r1[j] * ThreeQuarters;
        output[2 * j] = (r0[left] * Quarter + c0) * a0 + (r1[left] * Quarter + c1) * a1;
        output[2 * j + 1] = (c0 + r0[right] * Quarter) * a0 + (c1 + r1[right] * Quarter) * a1;
    }

    /// <summary>
    /// dx[i][j] = sum over the dy rows p and columns q that read x[i][j] of weight(p) * weight(q) * dy[p][q]:
    /// first V[q] = (dy[max(2i-1, 0)][q] + dy[min(2i+2, 2h-1)][q])*0.25 + (dy[2i][q] + dy[2i+1][q])*0.75,
    /// then dx[i][j] = (V[max(2j-1, 0)] + V[min(2j+2, 2w-1)])*0.25 + (V[2j] + V[2j+1])*0.75
    /// (the clamped terms are the edge outputs' weight 1 = 0.25 + 0.75).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void UpsampleBilinearBackwardTask(void* context, int task, int slot)
    {
        var job = (UpsampleJob*)context;
        int h = job->Height, w = job->Width, outW = 2 * w;
        // V for one tile of columns plus one clamped neighbour each side.
        float* v = stackalloc float[2 * UpsampleBackwardTile + 2];
        long start = (long)task * job->RowsPerTask, end = Math.Min(start + job->RowsPerTask, job->Rows);
        long plane = start / h;
        int i = (int)(start - plane * h);
        for (long row = start; row < end; row++, i++)
        {
            if (i == h)
            {
                i = 0;
                plane++;
            }
            float* dy = job->Src + plane * 4 * h * w;
            float* above = dy + (long)Math.Max(2 * i - 1, 0) * outW;
            float* upper = dy + (long)(2 * i) * outW;
            float* lower = upper + outW;
            float* below = dy + (long)Math.Min(2 * i + 2, 2 * h - 1) * outW;
            float* dx = job->Dst + row * w;
            for (int j0 = 0; j0 < w; j0 += UpsampleBackwardTile)
            {
                int count = Math.Min(UpsampleBackwardTile, w - j0);
                int q0 = 2 * j0;
                v[0] = VerticalGather(above, upper, lower, below, Math.Max(q0 - 1, 0));
                VerticalGatherRange(above + q0, upper + q0, lower + q0, below + q0, v + 1, 2 * count);
                v[2 * count + 1] = VerticalGather(above, upper, lower, below, Math.Min(q0 + 2 * count, outW - 1));
                HorizontalGather(v, dx + j0, count);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float VerticalGather(float* above, float* upper, float* lower, float* below, int q) =>
        (above[q] + below[q]) * Quarter + (upper[q] + lower[q]) * ThreeQuarters;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void VerticalGatherRange(float* above, float* upper, float* lower, float* below, float* v, int count)
    {
        int q = 0;
        if (count >= 8 && Vector256.IsHardwareAccelerated)
        {
            var quarter = Vector256.Create(Quarter);
            var threeQuarters = Vector256.Create(ThreeQuarters);
            for (; q < count; q += 8)
            {
                q = Math.Min(q, count - 8); // the last block overlaps the previous one
                var outer = Vector256.Load(above + q) + Vector256.Load(below + q);
                var inner = Vector256.Load(upper + q) + Vector256.Load(lower + q);
                (outer * quarter + inner * threeQuarters).Store(v + q);
            }
        }
        for (; q < count; q++) v[q] = (above[q] + below[q]) * Quarter + (upper[q] + lower[q]) * ThreeQuarters;
    }

    /// <summary>dx[t] = (v[2t] + v[2t+3])*0.25 + (v[2t+1] + v[2t+2])*0.75 for t in [0, count); v holds 2*count + 2 values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void HorizontalGather(float* v, float* dx, int count)
    {
        int t = 0;
        if (count >= 8 && Avx2.IsSupported)
        {
            var quarter = Vector256.Create(Quarter);
            var threeQuarters = Vector256.Create(ThreeQuarters);
            for (; t < count; t += 8)
            {
                t = Math.Min(t, count - 8); // the last block overlaps the previous one
                var (evenA, oddA) = LoadDeinterleaved(v + 2 * t);     // v[2t+2k], v[2t+2k+1]
                var (evenB, oddB) = LoadDeinterleaved(v + 2 * t + 2); // v[2t+2k+2], v[2t+2k+3]
                ((evenA + oddB) * quarter + (oddA + evenB) * threeQuarters).Store(dx + t);
            }
        }
        for (; t < count; t++) dx[t] = (v[2 * t] + v[2 * t + 3]) * Quarter + (v[2 * t + 1] + v[2 * t + 2]) * ThreeQuarters;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void UpsampleNearestForwardTask(void* context, int task, int slot)
    {
        var job = (UpsampleJob*)context;
        int w = job->Width;
        long start = (long)task * job->RowsPerTask, end = Math.Min(start + job->RowsPerTask, job->Rows);
        for (long row = start; row < end; row++)
        {
            float* x = job->Src + row * w;
            float* top = job->Dst + row * 4 * w, bottom = top + 2 * w;
            int j = 0;
            if (w >= 8 && Avx.IsSupported)
            {
                for (; j < w; j += 8)
                {
                    j = Math.Min(j, w - 8); // the last block overlaps the previous one
                    var value = Vector256.Load(x + j);
                    StoreInterleaved(value, value, top + 2 * j);
                }
            }
            for (; j < w; j++) top[2 * j] = top[2 * j + 1] = x[j];
            // Rows written one after the other stream to memory faster than two interleaved.
            Copy(top, bottom, 2 * w);
        }
    }

    /// <summary>dx[i][j] = ((dy[2i][2j] + dy[2i][2j+1]) + dy[2i+1][2j]) + dy[2i+1][2j+1], PyTorch's accumulation order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void UpsampleNearestBackwardTask(void* context, int task, int slot)
    {
        var job = (UpsampleJob*)context;
        int w = job->Width;
        long start = (long)task * job->RowsPerTask, end = Math.Min(start + job->RowsPerTask, job->Rows);
        for (long row = start; row < end; row++)
        {
            float* top = job->Src + row * 4 * w, bottom = top + 2 * w;
            float* dx = job->Dst + row * w;
            int j = 0;
            if (w >= 8 && Avx2.IsSupported)
            {
                for (; j < w; j += 8)
                {
                    j = Math.Min(j, w - 8); // the last block overlaps the previous one
                    var (topEven, topOdd) = LoadDeinterleaved(top + 2 * j);
                    var (bottomEven, bottomOdd) = LoadDeinterleaved(bottom + 2 * j);
                    (topEven + topOdd + bottomEven + bottomOdd).Store(dx + j);
                }
            }
            for (; j < w; j++) dx[j] = top[2 * j] + top[2 * j + 1] + bottom[2 * j] + bottom[2 * j + 1];
        }
    }

    /// <summary>Stores even[0], odd[0], even[1], odd[1], ... (16 floats).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreInterleaved(Vector256<float> even, Vector256<float> odd, float* destination)
    {
        var low = Avx.UnpackLow(even, odd);   // e0 o0 e1 o1 | e4 o4 e5 o5
        var high = Avx.UnpackHigh(even, odd); // e2 o2 e3 o3 | e6 o6 e7 o7
        Avx.Permute2x128(low, high, 0x20).Store(destination);
        Avx.Permute2x128(low, high, 0x31).Store(destination + 8);
    }

    /// <summary>Loads 16 floats and splits them into (p[0], p[2], ..., p[14]) and (p[1], p[3], ..., p[15]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float> Even, Vector256<float> Odd) LoadDeinterleaved(float* p)
    {
        var a = Vector256.Load(p);
        var b = Vector256.Load(p + 8);
        // shufps gives a0 a2 b0 b2 | a4 a6 b4 b6; swapping the middle 64-bit quarters orders it.
        var even = Avx2.Permute4x64(Avx.Shuffle(a, b, 0x88).AsDouble(), 0xD8).AsSingle();
        var odd = Avx2.Permute4x64(Avx.Shuffle(a, b, 0xDD).AsDouble(), 0xD8).AsSingle();
        return (even, odd);
    }
}
