// Namespace deliberately not "Dcgan.Runtime.Random": that would hide System.Random from
// every file under the Dcgan.Runtime namespace.
namespace Dcgan.Runtime.Randomness;

/// <summary>
/// Philox4x32-10 (Salmon, Moraes, Dror, Shaw, "Parallel random numbers: as easy as 1, 2, 3",
/// SC11; the Random123 library), a counter-based generator: value i of a stream is a pure
/// function of (seed, stream, i), so the CUDA backend computes any value in any thread and
/// a checkpoint only needs <see cref="Counter"/>.
/// <para>Exact definition (the GPU side must reproduce it):</para>
/// <list type="bullet">
/// <item>key = (k0, k1) = (low 32 bits of seed, high 32 bits of seed).</item>
/// <item>The stream of 32-bit words: word i is lane i % 4 of
///   <see cref="Block"/>(c0, c1, c2, c3, k0, k1) with block b = i / 4,
///   (c0, c1) = (low, high 32 bits of b) (b &lt; 2^62, as Counter is 64 bits),
///   (c2, c3) = (low, high 32 bits of stream).</item>
/// <item><see cref="Counter"/> = index of the next word. <see cref="NextUInt"/> returns
///   word Counter and adds 1.</item>
/// <item>uniform(w) = ((w >> 8) + 1) * 2^-24, a float in (0, 1] (exact in float32; never 0, so
///   log is safe).</item>
/// <item><see cref="FillUniform"/> and <see cref="FillNormal"/> first round Counter up to a
///   multiple of 4 (a whole block), then value j of the destination comes from block
///   b0 + j / 4, lane j % 4, where b0 = Counter / 4; afterwards Counter = 4 * (b0 + ceil(n / 4)).
///   So GPU thread t can fill values 4t..4t+3 from block b0 + t alone.</item>
/// <item>FillUniform: dst[j] = (float)(low + (high - low) * (double)uniform(w_j)).</item>
/// <item>FillNormal: per block (w0, w1, w2, w3): r = sqrt(-2 ln uniform(w0)),
///   (n1, n0) = r * sincospi(2 uniform(w1)); the same from (w2, w3) gives n2, n3. Computed in
///   double and rounded once to float, so a GPU using double log/sqrt/sincospi agrees to the
///   last float bit in all but rare double-rounding ties.</item>
/// </list>
/// A mutable struct: keep it in a field or a local, not in a readonly field.
/// </summary>
public struct Philox
{
    private const uint M0 = 0xD2511F53, M1 = 0xCD9E8D57;
    private const uint W0 = 0x9E3779B9, W1 = 0xBB67AE85;

    private readonly uint _k0, _k1;
    private readonly ulong _stream;
    private ulong _counter;

    // The last block computed, so NextUInt costs one Philox evaluation per four words.
    private ulong _cachedBlock;
    private uint _x0, _x1, _x2, _x3;
    private bool _cacheValid;

    public Philox(ulong seed, ulong stream = 0)
    {
        _k0 = (uint)seed;
        _k1 = (uint)(seed >> 32);
        _stream = stream;
        _counter = 0;
        _cachedBlock = 0;
        _x0 = _x1 = _x2 = _x3 = 0;
        _cacheValid = false;
    }

    /// <summary>Index of the next 32-bit word of the stream; save and restore it for checkpoints.</summary>
    public ulong Counter
    {
        readonly get => _counter;
        set => _counter = value;
    }

    /// <summary>The Philox4x32-10 bijection of one 128-bit counter under one 64-bit key.</summary>
    public static (uint X0, uint X1, uint X2, uint X3) Block(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1)
    {
        for (int round = 0; round < 10; round++)
        {
            if (round > 0)
            {
                k0 += W0;
                k1 += W1;
            }
            ulong p0 = (ulong)M0 * c0;
            ulong p1 = (ulong)M1 * c2;
            (c0, c1, c2, c3) = ((uint)(p1 >> 32) ^ c1 ^ k0, (uint)p1, (uint)(p0 >> 32) ^ c3 ^ k1, (uint)p0);
        }
        return (c0, c1, c2, c3);
    }

    /// <summary>uniform(w) of the class comment: (0, 1], 24 bits.</summary>
    public static float ToUniform(uint word) => ((word >> 8) + 1) * (1f / (1 << 24));

    public uint NextUInt()
    {
        ulong block = _counter >> 2;
        if (!_cacheValid || block != _cachedBlock)
        {
            (_x0, _x1, _x2, _x3) = BlockAt(block);
            _cachedBlock = block;
            _cacheValid = true;
        }
        uint word = (_counter & 3) switch { 0 => _x0, 1 => _x1, 2 => _x2, _ => _x3 };
        _counter++;
        return word;
    }

    public void FillUniform(Span<float> dst, float low, float high)
    {
        ulong block = AlignToBlock();
        double span = (double)high - low;
        for (int j = 0; j < dst.Length; j += 4, block++)
        {
            var (x0, x1, x2, x3) = BlockAt(block);
            Span<uint> words = [x0, x1, x2, x3];
            for (int lane = 0; lane < 4 && j + lane < dst.Length; lane++)
                dst[j + lane] = (float)(low + span * ToUniform(words[lane]));
        }
        _counter = block << 2;
    }

    public void FillNormal(Span<float> dst)
    {
        ulong block = AlignToBlock();
        for (int j = 0; j < dst.Length; j += 4, block++)
        {
            var (x0, x1, x2, x3) = BlockAt(block);
            var (n0, n1) = BoxMuller(x0, x1);
            var (n2, n3) = BoxMuller(x2, x3);
            Span<float> values = [n0, n1, n2, n3];
            for (int lane = 0; lane < 4 && j + lane < dst.Length; lane++)
                dst[j + lane] = values[lane];
        }
        _counter = block << 2;
    }

    /// <summary>
    /// Fisher-Yates from the last element down; each index drawn unbiased by Lemire's
    /// multiply-and-reject ("Fast random integer generation in an interval", 2019).
    /// </summary>
    public void Shuffle(Span<int> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = (int)NextBelow((uint)i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>Unbiased integer in [0, bound).</summary>
    public uint NextBelow(uint bound)
    {
        ArgumentOutOfRangeException.ThrowIfZero(bound);
        ulong m = (ulong)NextUInt() * bound;
        uint low = (uint)m;
        if (low < bound)
        {
            uint threshold = (uint)(-bound) % bound;
            while (low < threshold)
            {
                m = (ulong)NextUInt() * bound;
                low = (uint)m;
            }
        }
        return (uint)(m >> 32);
    }

    /// <summary>Two standard normals from two words (FillNormal's transform, in double, rounded to float).</summary>
    public static (float, float) BoxMuller(uint a, uint b)
    {
        double r = Math.Sqrt(-2.0 * Math.Log(ToUniform(a)));
        var (sin, cos) = double.SinCosPi(2.0 * ToUniform(b));
        return ((float)(r * cos), (float)(r * sin));
    }

    private ulong AlignToBlock() => (_counter + 3) >> 2;

    private readonly (uint, uint, uint, uint) BlockAt(ulong block) =>
        Block((uint)block, (uint)(block >> 32), (uint)_stream, (uint)(_stream >> 32), _k0, _k1);
}
