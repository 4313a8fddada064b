using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Dcgan.Runtime.Cpu;

/// <summary>Which micro-kernel the GEMM runs; tests force each one to check them all on one machine.</summary>
internal enum GemmPath
{
    Avx512,
    Avx2,
    Scalar,
}

/// <summary>
/// The one matrix product every dense and convolution kernel goes through:
/// C[M,N] (= or +=) op(A)[M,K] * op(B)[K,N], row-major with leading dimensions, op = optional transpose.
/// </summary>
/// <remarks>
/// The classic Goto/BLIS structure: C is cut into tiles spread over the worker pool; inside a tile,
/// K is walked in KC-deep slices, each slice of A (MC x KC, sized for L2) and of B (KC x tile width)
/// is packed into contiguous micro-panels (zero-padded at the edges, transposes resolved), and a
/// register-blocked micro-kernel multiplies one MR x KC panel of A by one KC x NR panel of B.
/// Every C element is the float sum over its KC slices in order, so the result does not depend on
/// the tiling or the thread count: tiles only decide who computes it. Like every kernel it takes
/// <see cref="CpuKernels.EnterKernel"/>, so a caller on another thread waits rather than sharing the pool.
/// </remarks>
internal static unsafe class Gemm
{
    internal const int KC = 256;
    // MC: 256 rows of KC floats is 256 KiB of packed A, inside a core's L2. Every tile packs its own B panel, so
    // taller blocks pack B fewer times: at 128 rows, the im2col packer was a fifth of conv4x4's step, at 256 a tenth.
    private const int RowsPerBlock = 256;
    private const int MaxColumnsPerTile = 1024;

    private static readonly GemmPath s_detected =
        Avx512F.IsSupported ? GemmPath.Avx512 :
        Avx2.IsSupported && Fma.IsSupported ? GemmPath.Avx2 : GemmPath.Scalar;

    /// <summary>Forces a micro-kernel (tests); null picks the best the machine supports.</summary>
    internal static GemmPath? ForcedPath { get; set; }

    internal static GemmPath ActivePath => ForcedPath is { } forced && IsSupported(forced) ? forced : s_detected;

    internal static bool IsSupported(GemmPath path) => path switch
    {
        GemmPath.Avx512 => Avx512F.IsSupported,
        GemmPath.Avx2 => Avx2.IsSupported && Fma.IsSupported,
        _ => true,
    };

    /// <summary>
    /// A B operand that is never stored whole: <c>Pack(context, p0, depth, j0, columns, nr, packed)</c> writes
    /// depth [p0, p0+depth) x columns [j0, j0+columns) of op(B) as NR-column panels, k-major, zero-padded, exactly
    /// as the GEMM's own packing would. Convolutions pack their im2col columns straight from the image this way.
    /// </summary>
    public readonly struct PanelSource(delegate*<void*, int, int, int, int, int, float*, void> pack, void* context)
    {
        public readonly delegate*<void*, int, int, int, int, int, float*, void> Pack = pack;
        public readonly void* Context = context;
    }

    private struct Job
    {
        public PanelSource Panels;
        public float* A, B, C;
        public long Lda, Ldb, Ldc;
        public bool TransA, TransB, Accumulate;
        public int M, N, K;
        public GemmPath Path;
        public int Mr, Nr, BlockRows, TileColumns, RowBlocks, ColumnTiles;
    }

    /// <summary>
    /// C = op(A) op(B) (or C += when <paramref name="accumulate"/>). op(A) is M x K: A[i*lda+k], or A[k*lda+i]
    /// when transposed; op(B) is K x N: B[k*ldb+j], or B[j*ldb+k] when transposed.
    /// </summary>
    public static void Multiply(bool transA, bool transB, int m, int n, int k,
        float* a, long lda, float* b, long ldb, float* c, long ldc, bool accumulate)
    {
        var job = new Job
        {
            A = a, B = b, C = c, Lda = lda, Ldb = ldb, Ldc = ldc,
            TransA = transA, TransB = transB, Accumulate = accumulate,
            M = m, N = n, K = k,
        };
        Run(ref job);
    }

    /// <summary>C = op(A) B (or C += ), with B's panels packed by <paramref name="b"/> rather than read from memory.</summary>
    public static void Multiply(bool transA, int m, int n, int k, float* a, long lda, PanelSource b, float* c, long ldc, bool accumulate)
    {
        var job = new Job
        {
            A = a, Panels = b, C = c, Lda = lda, Ldc = ldc,
            TransA = transA, Accumulate = accumulate,
            M = m, N = n, K = k,
        };
        Run(ref job);
    }

    private static void Run(ref Job job)
    {
        int m = job.M, n = job.N;
        if (m <= 0 || n <= 0) return;
        // The worker pool and the packing scratch are shared: a product called on its own (not from inside a kernel,
        // which holds the gate already; it is reentrant) must not run beside a kernel of another thread.
        using var gate = CpuKernels.EnterKernel();
        if (job.K <= 0)
        {
            if (!job.Accumulate)
                for (int i = 0; i < m; i++) CpuKernels.Clear(job.C + i * job.Ldc, n);
            return;
        }
        job.Path = ActivePath;
        (job.Mr, job.Nr) = GemmMicroKernels.Shape(job.Path);
        job.BlockRows = RowsPerBlock / job.Mr * job.Mr;
        job.RowBlocks = (m + job.BlockRows - 1) / job.BlockRows;

        // Narrow the tiles until there are a few per thread (load balance), but not below one micro-panel.
        int tileColumns = Math.Min(MaxColumnsPerTile, RoundUp(n, job.Nr));
        int wantedTiles = 4 * CpuKernels.Threads;
        while (tileColumns > job.Nr && job.RowBlocks * ((n + tileColumns - 1) / tileColumns) < wantedTiles)
            tileColumns = RoundUp(tileColumns / 2, job.Nr);
        job.TileColumns = tileColumns;
        job.ColumnTiles = (n + tileColumns - 1) / tileColumns;

        fixed (Job* pinned = &job) WorkerPool.For(job.RowBlocks * job.ColumnTiles, &RunTile, pinned);
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunTile(void* context, int tile, int slot)
    {
        Job* job = (Job*)context;
        int mr = job->Mr, nr = job->Nr;
        int i0 = tile / job->ColumnTiles * job->BlockRows;
        int j0 = tile % job->ColumnTiles * job->TileColumns;
        int rows = Math.Min(job->BlockRows, job->M - i0);
        int columns = Math.Min(job->TileColumns, job->N - j0);
        int paddedRows = RoundUp(rows, mr), paddedColumns = RoundUp(columns, nr);

        float* packedA = Scratch.Get(Scratch.PerSlot.PackedA, slot, (long)job->BlockRows * KC);
        float* packedB = Scratch.Get(Scratch.PerSlot.PackedB, slot, (long)RoundUp(job->TileColumns, nr) * KC);
        float* cTile = job->C + i0 * job->Ldc + j0;

        for (int p0 = 0; p0 < job->K; p0 += KC)
        {
            int depth = Math.Min(KC, job->K - p0);
            bool overwrite = p0 == 0 && !job->Accumulate;
            if (job->Panels.Pack != null)
                job->Panels.Pack(job->Panels.Context, p0, depth, j0, columns, nr, packedB);
            else
                PackB(job, p0, depth, j0, columns, packedB);
            PackA(job, p0, depth, i0, rows, packedA);

            // B's micro-panel (KC x NR) stays in L1 while A's panels stream from L2.
            for (int jr = 0; jr < paddedColumns; jr += nr)
            {
                float* bPanel = packedB + (long)jr * depth;
                int validColumns = Math.Min(nr, columns - jr);
                for (int ir = 0; ir < paddedRows; ir += mr)
                {
                    GemmMicroKernels.Run(job->Path, depth, packedA + (long)ir * depth, bPanel,
                        cTile + ir * job->Ldc + jr, job->Ldc, Math.Min(mr, rows - ir), validColumns, overwrite);
                }
            }
        }
    }

    /// <summary>Packs rows [i0, i0+rows) x depth [p0, p0+depth) of op(A) into MR-row panels, k-major.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackA(Job* job, int p0, int depth, int i0, int rows, float* packed)
    {
        int mr = job->Mr;
        long lda = job->Lda;
        for (int ir = 0; ir < rows; ir += mr)
        {
            int valid = Math.Min(mr, rows - ir);
            if (job->TransA)
            {
                // op(A)[i, k] = A[k, i]: each k contributes MR consecutive floats.
                float* source = job->A + (long)p0 * lda + i0 + ir;
                for (int p = 0; p < depth; p++, source += lda)
                {
                    float* target = packed + p * mr;
                    int r = 0;
                    for (; r < valid; r++) target[r] = source[r];
                    for (; r < mr; r++) target[r] = 0f;
                }
            }
            else
            {
                // Eight depths of the MR rows at a time as one transposed block, the rest one by one.
                float* rowsStart = job->A + (long)(i0 + ir) * lda + p0;
                int p = 0;
                if (Transpose8.IsSupported && mr <= 8)
                    for (; p + 8 <= depth; p += 8) Transpose8.Block(rowsStart + p, lda, valid, packed + p * mr, mr, mr);
                for (; p < depth; p++)
                {
                    float* target = packed + p * mr;
                    int r = 0;
                    for (; r < valid; r++) target[r] = rowsStart[r * lda + p];
                    for (; r < mr; r++) target[r] = 0f;
                }
            }
            packed += mr * depth;
        }
    }

    /// <summary>Packs depth [p0, p0+depth) x columns [j0, j0+columns) of op(B) into NR-column panels, k-major.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackB(Job* job, int p0, int depth, int j0, int columns, float* packed)
    {
        int nr = job->Nr;
        long ldb = job->Ldb;
        for (int jr = 0; jr < columns; jr += nr)
        {
            int valid = Math.Min(nr, columns - jr);
            if (job->TransB)
            {
                // op(B)[k, j] = B[j, k]: blocks of eight source rows by eight depths transposed, the rest one by one.
                float* rowsStart = job->B + (long)(j0 + jr) * ldb + p0;
                int p = 0;
                if (Transpose8.IsSupported && nr % 8 == 0)
                    for (; p + 8 <= depth; p += 8)
                        for (int c0 = 0; c0 < nr; c0 += 8)
                            Transpose8.Block(rowsStart + c0 * ldb + p, ldb, Math.Clamp(valid - c0, 0, 8), packed + p * nr + c0, nr, 8);
                for (; p < depth; p++)
                {
                    float* target = packed + p * nr;
                    int c = 0;
                    for (; c < valid; c++) target[c] = rowsStart[c * ldb + p];
                    for (; c < nr; c++) target[c] = 0f;
                }
            }
            else
            {
                float* source = job->B + (long)p0 * ldb + j0 + jr;
                long bytes = valid * sizeof(float);
                for (int p = 0; p < depth; p++, source += ldb)
                {
                    float* target = packed + p * nr;
                    Buffer.MemoryCopy(source, target, bytes, bytes);
                    for (int c = valid; c < nr; c++) target[c] = 0f;
                }
            }
            packed += nr * depth;
        }
    }
}
