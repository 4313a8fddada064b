using Dcgan.Runtime.Cpu;

namespace Dcgan.Runtime.Tests.Cpu;

/// <summary>
/// The upsampling, dropout and noise kernels under the training loop's rules: no managed allocation
/// after warm-up on any thread, and bit-identical results for any thread count.
/// </summary>
public sealed unsafe class ResampleAndNoisePoolTests
{
    /// <summary>One call of each kernel, sized so every one splits into several tasks.</summary>
    private sealed class Suite : IDisposable
    {
        private const int Batch = 4, Channels = 32, Height = 16, Width = 24;
        private const long Elements = 100_003;
        private readonly List<TestTensor> _tensors = [];
        private readonly TestTensor _x, _up, _dUp, _dx, _upNearest, _dxNearest;
        private readonly TestTensor _input, _dropped, _mask, _dDropped, _dInput, _noisy;

        public Suite()
        {
            int seed = 200;
            TestTensor Make(long n)
            {
                var t = TestTensor.Random(n, seed++);
                _tensors.Add(t);
                return t;
            }
            long small = (long)Batch * Channels * Height * Width;
            _x = Make(small); _up = Make(4 * small); _dUp = Make(4 * small); _dx = Make(small);
            _upNearest = Make(4 * small); _dxNearest = Make(small);
            _input = Make(Elements); _dropped = Make(Elements); _mask = Make(Elements);
            _dDropped = Make(Elements); _dInput = Make(Elements); _noisy = Make(Elements);
        }

        public IEnumerable<(string Name, float[] Values)> Outputs() => _tensors.Select((t, i) => ($"tensor {i}", t.ToArray()));

        public void RunAll(ulong offset)
        {
            CpuKernels.UpsampleBilinear2x(_x.P, _up.P, Batch, Channels, Height, Width);
            CpuKernels.UpsampleBilinear2xBackward(_dUp.P, _dx.P, Batch, Channels, Height, Width);
            CpuKernels.UpsampleNearest2x(_x.P, _upNearest.P, Batch, Channels, Height, Width);
            CpuKernels.UpsampleNearest2xBackward(_dUp.P, _dxNearest.P, Batch, Channels, Height, Width);
            CpuKernels.DropoutForward(_input.P, _dropped.P, _mask.P, Elements, 0.3f, 5, 1, offset);
            CpuKernels.DropoutForward(_input.P, _dropped.P, _mask.P, Elements, 0f, 5, 1, offset);
            CpuKernels.DropoutForward(_input.P, _dropped.P, _mask.P, Elements, 0.3f, 5, 1, offset);
            CpuKernels.DropoutBackward(_dDropped.P, _mask.P, _dInput.P, Elements);
            CpuKernels.AddGaussianNoise(_input.P, _noisy.P, Elements, 0.1f, 6, 2, offset);
            CpuKernels.AddGaussianNoise(_noisy.P, _noisy.P, Elements, 0.1f, 6, 3, offset);
            CpuKernels.AddGaussianNoise(_noisy.P, _noisy.P, Elements, 0f, 6, 3, offset);
        }

        public void Dispose()
        {
            foreach (var t in _tensors) t.Dispose();
        }
    }

    [Fact]
    public void KernelsAllocateNothingAfterWarmUpOnAnyThread()
    {
        int threads = CpuKernels.Threads;
        try
        {
            CpuKernels.Threads = Math.Max(2, threads);
            using var suite = new Suite();
            suite.RunAll(0); // warm-up: JIT, worker threads
            suite.RunAll(1);

            long callerBefore = GC.GetAllocatedBytesForCurrentThread();
            long workersBefore = WorkerPool.WorkerAllocatedBytes();
            for (ulong step = 2; step < 7; step++) suite.RunAll(step);
            long callerAllocated = GC.GetAllocatedBytesForCurrentThread() - callerBefore;
            long workersAllocated = WorkerPool.WorkerAllocatedBytes() - workersBefore;

            Assert.Equal(0, callerAllocated);
            Assert.Equal(0, workersAllocated);
        }
        finally
        {
            CpuKernels.Threads = threads;
        }
    }

    [Fact]
    public void ResultsAreBitIdenticalForAnyThreadCount()
    {
        int threads = CpuKernels.Threads;
        try
        {
            float[][]? baseline = null;
            foreach (int count in new[] { 1, 2, 3, 5, 2 })
            {
                CpuKernels.Threads = count;
                using var suite = new Suite();
                suite.RunAll(0);
                suite.RunAll(1); // in-place noise feeds back in
                var outputs = suite.Outputs().ToArray();
                if (baseline is null)
                {
                    baseline = outputs.Select(o => o.Values).ToArray();
                    continue;
                }
                for (int i = 0; i < outputs.Length; i++)
                    Check.BitIdentical(baseline[i], outputs[i].Values, $"{outputs[i].Name} with {count} threads");
            }
        }
        finally
        {
            CpuKernels.Threads = threads;
        }
    }
}
