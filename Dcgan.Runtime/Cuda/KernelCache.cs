using System.Security.Cryptography;
using System.Text;
using Dcgan.Runtime.IO;

namespace Dcgan.Runtime.Cuda;

/// <summary>What NVRTC is asked to compile: the same request always gives the same binary.</summary>
/// <param name="Source">The CUDA C source (the generator's prelude and entry points).</param>
/// <param name="Options">NVRTC options, in order (they change the code: architecture, fast math, line info).</param>
/// <param name="CompilerVersion">NVRTC's own version ("13.0"): a new compiler may make different code.</param>
/// <param name="Architecture">The GPU's architecture ("sm_90"): a binary runs only on its own.</param>
public sealed record KernelRequest(string Source, IReadOnlyList<string> Options, string CompilerVersion, string Architecture)
{
    /// <summary>SHA-256 of every field, each length-prefixed so no two different requests share a key.</summary>
    public string Key()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string field)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(field);
            hash.AppendData(BitConverter.GetBytes((long)bytes.Length));
            hash.AppendData(bytes);
        }
        Add(Source);
        Add(CompilerVersion);
        Add(Architecture);
        hash.AppendData(BitConverter.GetBytes((long)Options.Count));
        foreach (string option in Options) Add(option);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}

/// <summary>
/// Compiled kernels kept on disk, so that only the first start-up on a machine pays for NVRTC. Each binary is stored
/// as <c>KEY.cubin</c> followed by the SHA-256 of its bytes: a truncated or damaged file is noticed, recompiled and
/// replaced instead of reaching the driver. Files are written atomically; a cache directory that cannot be written
/// costs a compile per start-up and nothing else.
/// </summary>
public sealed class KernelCache
{
    private const int DigestBytes = 32;
    private readonly Func<KernelRequest, byte[]> _compile;

    public KernelCache(string directory, Func<KernelRequest, byte[]> compile)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = directory;
        _compile = compile ?? throw new ArgumentNullException(nameof(compile));
    }

    public string Directory { get; }

    /// <summary>Why the last <see cref="Get"/> compiled instead of reading the cache, or null when it read it.</summary>
    public string? LastMiss { get; private set; }

    public const string EnvironmentVariable = "DCGAN_KERNEL_CACHE";

    /// <summary><c>DCGAN_KERNEL_CACHE</c>, else <c>$XDG_CACHE_HOME/dcgan/kernels</c>, else <c>~/.cache/dcgan/kernels</c>.</summary>
    public static string DefaultDirectory()
    {
        string? configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(configured)) return configured;
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string root = !string.IsNullOrEmpty(xdg) ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "dcgan", "kernels");
    }

    public string PathOf(KernelRequest request) => Path.Combine(Directory, request.Key() + ".cubin");

    /// <summary>The binary for <paramref name="request"/>: from disk when a whole, undamaged copy is there, else compiled and stored.</summary>
    public byte[] Get(KernelRequest request)
    {
        string path = PathOf(request);
        byte[]? cached = TryRead(path, out string? miss);
        if (cached is not null)
        {
            LastMiss = null;
            return cached;
        }
        LastMiss = miss;
        byte[] binary = _compile(request);
        TryStore(path, binary);
        return binary;
    }

    private static byte[]? TryRead(string path, out string? miss)
    {
        byte[] stored;
        try
        {
            stored = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // A first run has no cache directory yet: as ordinary a miss as a missing file.
            miss = "not compiled on this machine before";
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            miss = $"cannot read {path}: {e.Message}";
            return null;
        }
        if (stored.Length <= DigestBytes)
        {
            miss = $"{path} is truncated ({stored.Length} bytes)";
            return null;
        }
        var binary = stored.AsSpan(0, stored.Length - DigestBytes);
        if (!SHA256.HashData(binary).AsSpan().SequenceEqual(stored.AsSpan(stored.Length - DigestBytes)))
        {
            miss = $"{path} is damaged (its checksum does not match)";
            return null;
        }
        miss = null;
        return binary.ToArray();
    }

    private static void TryStore(string path, byte[] binary)
    {
        try
        {
            AtomicFile.Write(path, stream =>
            {
                stream.Write(binary);
                stream.Write(SHA256.HashData(binary));
            });
        }
        catch (DcganException)
        {
            // A cache that cannot be written only costs the next start-up a compile.
        }
    }
}
