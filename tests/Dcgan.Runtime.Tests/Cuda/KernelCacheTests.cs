using Dcgan.Runtime.Cuda;

namespace Dcgan.Runtime.Tests.Cuda;

/// <summary>
/// NVRTC's output is cached on disk: the second start-up must not compile, anything that changes the binary must,
/// and a damaged cache file must never reach the driver.
/// </summary>
[Collection(nameof(EnvironmentCollection))]
public sealed class KernelCacheTests
{
    private static readonly KernelRequest Request = new("extern \"C\" __global__ void k(float* y) { y[0] = 1.0f; }", ["--gpu-architecture=sm_90", "-lineinfo"], "13.0", "sm_90");

    /// <summary>A stand-in for NVRTC that counts its calls and returns bytes derived from the request.</summary>
    private sealed class CountingCompiler
    {
        public int Calls { get; private set; }

        public byte[] Compile(KernelRequest request)
        {
            Calls++;
            return System.Text.Encoding.UTF8.GetBytes($"cubin of {request.Key()} #{Calls}");
        }
    }

    [Fact]
    public void A_cache_directory_that_does_not_exist_yet_is_an_ordinary_miss_and_is_made()
    {
        using var dir = new TempDirectory();
        string cacheDirectory = Path.Combine(dir.Path, "first", "run");
        var cache = new KernelCache(cacheDirectory, new CountingCompiler().Compile);
        cache.Get(Request);
        Assert.Equal("not compiled on this machine before", cache.LastMiss);
        Assert.True(File.Exists(cache.PathOf(Request)));
    }

    [Fact]
    public void The_second_request_reads_the_binary_the_first_one_compiled()
    {
        using var dir = new TempDirectory();
        var compiler = new CountingCompiler();
        byte[] first = new KernelCache(dir.Path, compiler.Compile).Get(Request);
        var other = new KernelCache(dir.Path, compiler.Compile);
        other.Get(Request with { Architecture = "sm_80" });
        Assert.Equal("not compiled on this machine before", other.LastMiss);

        var cache = new KernelCache(dir.Path, compiler.Compile);
        byte[] second = cache.Get(Request);
        Assert.Equal(first, second);
        Assert.Null(cache.LastMiss);
        Assert.Equal(2, compiler.Calls); // the first request and the sm_80 one, not the repeat
    }

    [Fact]
    public void Source_options_compiler_version_and_architecture_each_change_the_key()
    {
        string key = Request.Key();
        Assert.Matches("^[0-9a-f]{64}$", key);
        Assert.Equal(key, (Request with { Options = ["--gpu-architecture=sm_90", "-lineinfo"] }).Key());
        Assert.NotEqual(key, (Request with { Source = Request.Source + " " }).Key());
        Assert.NotEqual(key, (Request with { Options = ["-lineinfo", "--gpu-architecture=sm_90"] }).Key());
        Assert.NotEqual(key, (Request with { Options = ["--gpu-architecture=sm_90"] }).Key());
        Assert.NotEqual(key, (Request with { CompilerVersion = "13.1" }).Key());
        Assert.NotEqual(key, (Request with { Architecture = "sm_100" }).Key());
        // Fields are length-prefixed: moving text from one option to the next is a different request.
        Assert.NotEqual((Request with { Options = ["ab", "c"] }).Key(), (Request with { Options = ["a", "bc"] }).Key());
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("flipped")]
    [InlineData("empty")]
    public void A_damaged_cache_file_is_recompiled_and_replaced(string damage)
    {
        using var dir = new TempDirectory();
        var compiler = new CountingCompiler();
        var cache = new KernelCache(dir.Path, compiler.Compile);
        byte[] good = cache.Get(Request);
        string path = cache.PathOf(Request);
        byte[] stored = File.ReadAllBytes(path);
        switch (damage)
        {
            case "truncated": File.WriteAllBytes(path, stored[..(stored.Length - 5)]); break;
            case "flipped": stored[3] ^= 0x40; File.WriteAllBytes(path, stored); break;
            default: File.WriteAllBytes(path, []); break;
        }

        byte[] again = cache.Get(Request);
        Assert.Equal(2, compiler.Calls);
        Assert.NotEqual(good, again); // the compiler's second answer, not the damaged bytes
        Assert.Contains(path, cache.LastMiss);
        Assert.Equal(again, new KernelCache(dir.Path, compiler.Compile).Get(Request)); // and it was stored whole
        Assert.Equal(2, compiler.Calls);
        Assert.Single(dir.Entries()); // no temporary file left beside it
    }

    [Fact]
    public void A_cache_directory_that_cannot_be_written_costs_a_compile_and_nothing_else()
    {
        using var dir = new TempDirectory();
        string blocked = dir.File("not-a-directory");
        File.WriteAllText(blocked, "a file where the cache directory should be");
        var compiler = new CountingCompiler();
        var cache = new KernelCache(blocked, compiler.Compile);

        Assert.NotEmpty(cache.Get(Request));
        Assert.NotEmpty(cache.Get(Request));
        Assert.Equal(2, compiler.Calls);
    }

    [Fact]
    public void A_compile_error_reaches_the_caller_and_nothing_is_stored()
    {
        using var dir = new TempDirectory();
        var cache = new KernelCache(dir.Path, _ => throw new DcganException("NVRTC: k.cu(1): error: expected a \";\""));
        var error = Assert.Throws<DcganException>(() => cache.Get(Request));
        Assert.Contains("expected a", error.Message);
        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void The_default_directory_follows_the_explicit_setting_then_xdg()
    {
        using (new EnvironmentScope(("DCGAN_KERNEL_CACHE", "/somewhere/kernels"), ("XDG_CACHE_HOME", "/xdg")))
            Assert.Equal("/somewhere/kernels", KernelCache.DefaultDirectory());
        using (new EnvironmentScope(("DCGAN_KERNEL_CACHE", null), ("XDG_CACHE_HOME", "/xdg")))
            Assert.Equal("/xdg/dcgan/kernels", KernelCache.DefaultDirectory());
        using (new EnvironmentScope(("DCGAN_KERNEL_CACHE", null), ("XDG_CACHE_HOME", null)))
            Assert.EndsWith("/.cache/dcgan/kernels", KernelCache.DefaultDirectory());
    }
}
