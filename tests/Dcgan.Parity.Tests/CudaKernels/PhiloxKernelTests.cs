using Dcgan.Runtime;
using Dcgan.Runtime.Randomness;

namespace Dcgan.Parity.Tests.CudaKernels;

/// <summary>
/// The prelude's Philox4x32-10 and its transforms against Philox.cs for seeds, streams and counters beyond what the
/// zoo check uses: every word bit for bit, uniform latents bit for bit, normal latents to the last float bit but for
/// what CUDA's double log and sincospi may round differently. One seed must give the same latents, masks and
/// noise on either backend.
/// </summary>
public class PhiloxKernelTests
{
    private static readonly ulong[] Seeds = [0, 1, 0x0123_4567_89AB_CDEF, ulong.MaxValue];
    private static readonly ulong[] Streams = [0, 3, (1UL << 40) + 5];
    // Word indices: the start, inside a block (the fill rounds up to the next block), and past 2^32 blocks.
    private static readonly ulong[] Counters = [0, 1, 5, (1UL << 34) + 3];

    // A test-only entry point: the words of blocks first .. first + blocks - 1, four per block.
    private const string WordsKernel = "philox_words_for_test";
    // The words are u32; the entry point takes them as the table's int* and reads the bits as unsigned.
    private static readonly KernelParameter[] WordsParameters =
    [
        new("words", KernelParameterType.IntPointer), new("first", KernelParameterType.UInt64), new("stream", KernelParameterType.UInt64),
        new("seed", KernelParameterType.UInt64), new("n", KernelParameterType.Int),
    ];
    private static readonly string WordsEntry = $$"""

        extern "C" __global__ void {{WordsKernel}}({{string.Join(", ", WordsParameters)}})
        {
            for (i64 t = first_index(); t < n; t += grid_stride())
            {
                philox_words w = philox_block(first + (u64)t, stream, seed);
                for (int lane = 0; lane < 4; lane++) ((u32*)words)[4 * t + lane] = philox_lane(w, lane);
            }
        }

        """;

    [GxxFact]
    public void Every_word_equals_philox_cs()
    {
        var library = ShimLibrary.Build(ZooModel.Named("fc_conv_mnist").CudaSource + WordsEntry, [(WordsKernel, WordsParameters)]);
        const int blocks = 37;
        foreach (ulong seed in Seeds)
            foreach (ulong stream in Streams)
                foreach (ulong first in new[] { 0UL, 1UL << 32, ulong.MaxValue - blocks })
                {
                    using var words = Twin.Ints(new int[4 * blocks]);
                    library.Launch(WordsKernel, WordsParameters, 2, 8, new Dictionary<string, object>
                    {
                        ["words"] = words, ["first"] = first, ["stream"] = stream, ["seed"] = seed, ["n"] = blocks,
                    });
                    var gpu = words.GpuWords.ToArray();
                    for (int t = 0; t < blocks; t++)
                    {
                        ulong block = first + (ulong)t;
                        var (w0, w1, w2, w3) = Philox.Block((uint)block, (uint)(block >> 32), (uint)stream, (uint)(stream >> 32), (uint)seed, (uint)(seed >> 32));
                        Assert.Equal([w0, w1, w2, w3], gpu[(4 * t)..(4 * t + 4)]);
                    }
                }
    }

    [GxxTheory]
    [InlineData("fc_conv_mnist", LatentDistribution.Normal)]
    [InlineData("tf_dcgan", LatentDistribution.Uniform)]
    public void Latent_fills_equal_the_trainers_sampler(string name, LatentDistribution distribution)
    {
        var model = ZooModel.Named(name);
        Assert.Equal(distribution, model.Latent);
        var spec = model.Kernels.Single(k => k.Kind is CudaKernelKind.LatentNormal or CudaKernelKind.LatentUniform);
        var library = ShimLibrary.Build(model.CudaSource, model.Kernels);
        long values = 0, identical = 0;
        foreach (ulong seed in Seeds)
            foreach (ulong stream in Streams)
                foreach (ulong counter in Counters)
                {
                    // Batch 5: 500 values, not a whole number of blocks for every counter.
                    using var kernelCase = new KernelCase(spec, 5);
                    KernelCases.Latent(kernelCase, distribution, counter, seed, stream);
                    var result = kernelCase.Run(library, 3, 16).Single();
                    Assert.True(result.Passed, result.ToString());
                    values += result.Elements;
                    var z = (Twin)kernelCase.Arguments["z"];
                    for (int i = 0; i < z.Length; i++)
                        if (z.CpuValues[i] == z.GpuValues[i]) identical++;
                }
        // Measured, not required: the shim's sincospi and glibc's log agree with .NET's to the float on every value.
        Assert.True(identical >= values * 999 / 1000, $"only {identical} of {values} latents bit-identical");
    }
}
