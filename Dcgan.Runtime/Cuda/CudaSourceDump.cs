using System.Text;

namespace Dcgan.Runtime.Cuda;

/// <summary>
/// <c>DCGAN_DUMP=DIR</c>: the CUDA C source the generator wrote for a model (<see cref="GanDefinition.CudaSource"/>) is
/// also written as <c>DIR/NAME.cu</c> where the runtime hands it to NVRTC, for reading or compiling by hand. (The build
/// writes the generated C# under the same DIR: the Dcgan package's props turn on EmitCompilerGeneratedFiles there.)
/// The file is written atomically; one that cannot be written is a warning on stderr, never a failed run.
/// </summary>
public static class CudaSourceDump
{
    public const string EnvironmentVariable = "DCGAN_DUMP";

    /// <summary>DCGAN_DUMP's directory, or null when it is not set.</summary>
    public static string? Directory()
    {
        string? directory = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return string.IsNullOrWhiteSpace(directory) ? null : directory;
    }

    /// <summary>Writes <paramref name="model"/>'s CUDA source when DCGAN_DUMP is set: the path written, or null.</summary>
    public static string? Write(GanDefinition model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Directory() is { } directory ? WriteTo(directory, model.Name, model.CudaSource) : null;
    }

    /// <summary>
    /// <paramref name="source"/> as <c><paramref name="directory"/>/<paramref name="name"/>.cu</c> (made if missing):
    /// the path written, or null after a warning on <paramref name="warnings"/> (stderr unless given).
    /// </summary>
    public static string? WriteTo(string directory, string name, string source, TextWriter? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        string path = Path.Combine(directory, FileName(name));
        try
        {
            byte[] bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(source);
            IO.AtomicFile.Write(path, stream => stream.Write(bytes));
            return path;
        }
        catch (Exception e) when (e is DcganException or IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // AtomicFile's own exception names the path again: the reason is the one it wraps.
            string reason = (e is DcganException { InnerException: { } inner } ? inner : e).Message;
            (warnings ?? Console.Error).WriteLine($"warning: {EnvironmentVariable}: {name}'s CUDA source was not written to {path}: {reason}");
            return null;
        }
    }

    /// <summary><c>NAME.cu</c>, with any character a file name cannot hold made an underscore.</summary>
    public static string FileName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var invalid = Path.GetInvalidFileNameChars();
        var safe = new StringBuilder(name.Length + 3);
        foreach (char c in name) safe.Append(Array.IndexOf(invalid, c) >= 0 || c == '\\' ? '_' : c);
        return safe.Append(".cu").ToString();
    }
}
