using Dcgan.Runtime;

// Kernels share global settings (Threads, the forced GEMM path): run tests one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Dcgan.Runtime.Tests.Cpu;

/// <summary>A native float tensor for tests: random fill, copies to double for references, comparisons.</summary>
internal sealed unsafe class TestTensor : IDisposable
{
    private readonly NativeBuffer _buffer;

    public TestTensor(long length) => _buffer = new NativeBuffer(length);

    public long Length => _buffer.Length;
    public float* P => _buffer.Pointer;

    public float this[long i]
    {
        get => P[i];
        set => P[i] = value;
    }

    public static TestTensor Random(long length, int seed, float low = -1f, float high = 1f)
    {
        var t = new TestTensor(length);
        var random = new Random(seed);
        for (long i = 0; i < length; i++) t.P[i] = low + (high - low) * random.NextSingle();
        return t;
    }

    public static TestTensor From(double[] values)
    {
        var t = new TestTensor(values.Length);
        for (int i = 0; i < values.Length; i++) t.P[i] = (float)values[i];
        return t;
    }

    public double[] ToDouble()
    {
        var result = new double[Length];
        for (long i = 0; i < Length; i++) result[i] = P[i];
        return result;
    }

    public float[] ToArray() => _buffer.AsSpan().ToArray();

    public TestTensor Clone()
    {
        var t = new TestTensor(Length);
        for (long i = 0; i < Length; i++) t.P[i] = P[i];
        return t;
    }

    public void Dispose() => _buffer.Dispose();
}

internal static unsafe class Check
{
    /// <summary>The project's per-tensor tolerance: |a - r| &lt;= rel * max|r| + abs.</summary>
    public static void Close(double[] expected, float* actual, string name, double rel = 1e-4, double abs = 1e-6)
    {
        double scale = 0;
        foreach (double e in expected) scale = Math.Max(scale, Math.Abs(e));
        double tolerance = rel * scale + abs;
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(actual[i] - expected[i]);
            if (!(error <= tolerance))
                Assert.Fail($"{name}[{i}]: got {actual[i]}, expected {expected[i]} (error {error:g3} > tolerance {tolerance:g3}, max|ref| {scale:g3})");
        }
    }

    public static void Close(double[] expected, TestTensor actual, string name, double rel = 1e-4, double abs = 1e-6)
    {
        Assert.Equal(expected.Length, actual.Length);
        Close(expected, actual.P, name, rel, abs);
    }

    public static void Close(double[] expected, double[] actual, string name, double rel, double abs)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = 0;
        foreach (double e in expected) scale = Math.Max(scale, Math.Abs(e));
        double tolerance = rel * scale + abs;
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(actual[i] - expected[i]);
            if (!(error <= tolerance))
                Assert.Fail($"{name}[{i}]: got {actual[i]}, expected {expected[i]} (error {error:g3} > tolerance {tolerance:g3}, max|ref| {scale:g3})");
        }
    }

    public static void BitIdentical(float[] expected, float[] actual, string name)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                Assert.Fail($"{name}[{i}]: {actual[i]} differs from {expected[i]} bit for bit");
    }
}
