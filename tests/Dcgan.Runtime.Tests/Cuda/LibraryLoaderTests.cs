using System.Runtime.InteropServices;
using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Runtime.Tests.Cuda;

/// <summary>
/// Loading what the search found, with the real dynamic loader: fake (non-ELF) files are found but refused with
/// the loader's own error, and a real shared object copied under a CUDA name loads, with its siblings' failures
/// reported rather than fatal.
/// </summary>
public class LibraryLoaderTests
{
    [Fact]
    public void A_found_file_that_is_not_a_shared_object_is_reported_with_its_path_and_the_loaders_error()
    {
        using var tree = new FakeLibraryTree();
        string directory = FakeLibraryTree.Put(tree.Dir("explicit"), "libcudnn.so.9");
        var search = LibrarySearch.Find(CudaLibrary.Cudnn, tree.Environment() with { ExplicitDirectories = directory });

        var result = LibraryLoader.Load(search);

        Assert.False(result.IsLoaded);
        string path = Path.Combine(directory, "libcudnn.so.9");
        Assert.Equal(path, result.FailedPath);
        Assert.Matches("invalid ELF header|file too short", result.LoaderError);
        Assert.Equal($"{path} was found (DCGAN_CUDA_LIBS) but did not load: {result.LoaderError}", result.Describe());
        Assert.Equal($"{path} did not load: {result.LoaderError}", result.Summarize());
    }

    [Fact]
    public void A_required_file_the_loader_refuses_is_the_one_reported()
    {
        using var tree = new FakeLibraryTree();
        string directory = FakeLibraryTree.Put(tree.Dir("wheel"), "libcublas.so.12", "libcublasLt.so.12");
        var search = LibrarySearch.Find(CudaLibrary.Cublas, tree.Environment() with { LdLibraryPath = directory });

        var result = LibraryLoader.Load(search);

        Assert.Equal(Path.Combine(directory, "libcublasLt.so.12"), result.FailedPath);
        Assert.Contains("(LD_LIBRARY_PATH) but did not load", result.Describe());
    }

    [Fact]
    public void A_loadable_file_loads_from_its_path_and_siblings_that_fail_are_reported_not_fatal()
    {
        using var tree = new FakeLibraryTree();
        string directory = FakeLibraryTree.Put(tree.Dir("cudnn"), "libcudnn_graph.so.9");
        // Any real shared object stands in for libcudnn.so.9: the runtime's own System.Native is always there.
        File.Copy(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "libSystem.Native.so"), Path.Combine(directory, "libcudnn.so.9"));
        var search = LibrarySearch.Find(CudaLibrary.Cudnn, tree.Environment() with { ExplicitDirectories = directory });

        var result = LibraryLoader.Load(search);

        Assert.True(result.IsLoaded, result.Describe());
        Assert.NotEqual(0, result.Handle);
        Assert.Equal(Path.Combine(directory, "libcudnn.so.9"), result.LoadedFrom);
        Assert.Equal($"{Path.Combine(directory, "libcudnn.so.9")} (DCGAN_CUDA_LIBS)", result.Describe());
        Assert.Equal(Path.Combine(directory, "libcudnn.so.9"), result.Summarize());
        var problem = Assert.Single(result.SiblingProblems);
        Assert.StartsWith($"{Path.Combine(directory, "libcudnn_graph.so.9")}: ", problem);
    }

    [Fact]
    public void The_loaders_error_is_taken_from_the_last_line_of_the_runtimes_message()
    {
        const string message = "Unable to load shared library '/x/libcudnn.so.9' or one of its dependencies. In order to help diagnose loading problems, "
            + "consider using a tool like strace. If you're using glibc, consider setting the LD_DEBUG environment variable: \n"
            + "/x/libcudnn.so.9: invalid ELF header\n";
        Assert.Equal("/x/libcudnn.so.9: invalid ELF header", LibraryLoader.LoaderError(message));
        Assert.Equal("no newline here", LibraryLoader.LoaderError(" no newline here "));
    }

    [NoCudaDriverFact]
    public void With_nothing_found_the_system_loader_is_tried_by_name_and_the_message_says_so()
    {
        using var tree = new FakeLibraryTree();
        var result = LibraryLoader.Load(LibrarySearch.Find(CudaLibrary.Driver, tree.Environment()));

        Assert.False(result.IsLoaded);
        Assert.Null(result.FailedPath);
        Assert.Equal($"libcuda.so.1 not found; looked in the usual paths: {tree.Root}/usr/lib/wsl/lib, {tree.Root}/usr/lib/x86_64-linux-gnu, "
            + $"{tree.Root}/usr/lib64; and by name through the system loader", result.Describe());
        Assert.Equal("libcuda.so.1 not found", result.Summarize());
    }
}
