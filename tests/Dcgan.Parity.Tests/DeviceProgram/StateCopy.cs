using Dcgan.Runtime;

namespace Dcgan.Parity.Tests.DeviceProgram;

/// <summary>Every float buffer of one GAN state into another of the same model and batch (what an executor copies up).</summary>
internal static class StateCopy
{
    public static void Buffers(GanState from, GanState to)
    {
        from.Arena.AsSpan().CopyTo(to.Arena.AsSpan());
        from.Scratch.AsSpan().CopyTo(to.Scratch.AsSpan());
        foreach (var net in new[] { Net.Generator, Net.Discriminator })
        {
            var a = from.Network(net);
            var b = to.Network(net);
            a.Parameters.AsSpan().CopyTo(b.Parameters.AsSpan());
            a.Gradients.AsSpan().CopyTo(b.Gradients.AsSpan());
            a.AdamM.AsSpan().CopyTo(b.AdamM.AsSpan());
            a.AdamV.AsSpan().CopyTo(b.AdamV.AsSpan());
            a.Statistics.AsSpan().CopyTo(b.Statistics.AsSpan());
        }
    }
}
