using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Runtime.Tests.Cuda;

/// <summary>The library search over temporary trees: its order, what it chooses to preload, and what it reports looking at.</summary>
public class LibrarySearchTests
{
    [Fact]
    public void The_explicit_setting_beats_LD_LIBRARY_PATH_which_beats_python_which_beats_the_usual_paths()
    {
        using var tree = new FakeLibraryTree();
        string explicitDir = FakeLibraryTree.Put(tree.Dir("explicit"), "libcudnn.so.9");
        string ldDir = FakeLibraryTree.Put(tree.Dir("ld"), "libcudnn.so.9");
        string wheel = FakeLibraryTree.Put(Path.Combine(tree.Home, ".local/lib/python3.12/site-packages/nvidia/cudnn/lib"), "libcudnn.so.9");
        string usual = FakeLibraryTree.Put(Path.Combine(tree.Root, "usr/local/cuda/lib64"), "libcudnn.so.9");
        var environment = tree.Environment() with { ExplicitDirectories = explicitDir, LdLibraryPath = ldDir };

        foreach (var (directory, origin) in new[]
        {
            (explicitDir, SearchOrigin.Explicit), (ldDir, SearchOrigin.LdLibraryPath), (wheel, SearchOrigin.PythonEnvironment), (usual, SearchOrigin.UsualPath),
        })
        {
            var found = LibrarySearch.Find(CudaLibrary.Cudnn, environment).Location;
            Assert.NotNull(found);
            Assert.Equal(Path.Combine(directory, "libcudnn.so.9"), found.Path);
            Assert.Equal(origin, found.Directory.Origin);
            File.Delete(found.Path);
        }
        Assert.Null(LibrarySearch.Find(CudaLibrary.Cudnn, environment).Location);
    }

    [Fact]
    public void A_missing_library_lists_every_directory_looked_in_grouped_by_why()
    {
        using var tree = new FakeLibraryTree();
        string venv = tree.Dir("venv");
        string venvSite = tree.Dir("venv/lib/python3.11/site-packages");
        string wheelA = tree.Dir("venv/lib/python3.11/site-packages/nvidia/cublas/lib");
        string wheelB = tree.Dir("venv/lib/python3.11/site-packages/nvidia/cudnn/lib");
        string conda = tree.Dir("conda");
        string condaSite = tree.Dir("conda/lib/python3.10/site-packages");
        string pyenvSite = tree.Dir("home/.pyenv/versions/3.12.1/lib/python3.12/site-packages");
        string localDist = tree.Dir("root/usr/local/lib/python3.12/dist-packages");
        string debian = tree.Dir("root/usr/lib/python3/dist-packages");
        tree.Dir("root/usr/local/cuda-12.6");
        var environment = tree.Environment() with
        {
            ExplicitDirectories = $"{tree.Dir("a")}::{tree.Dir("b")}",
            ExplicitSource = "--cuda-libs",
            LdLibraryPath = tree.Dir("ld"),
            VirtualEnv = venv,
            CondaPrefix = conda,
        };

        var result = LibrarySearch.Find(CudaLibrary.Cudnn, environment);

        Assert.Null(result.Location);
        string root = tree.Root;
        string[] expected =
        [
            tree.Dir("a"), tree.Dir("b"), tree.Dir("ld"),
            wheelA, wheelB, Path.Combine(condaSite, "nvidia/*/lib"), Path.Combine(pyenvSite, "nvidia/*/lib"),
            Path.Combine(localDist, "nvidia/*/lib"), Path.Combine(debian, "nvidia/*/lib"), Path.Combine(conda, "lib"),
            Path.Combine(root, "usr/local/cuda/lib64"), Path.Combine(root, "usr/local/cuda/targets/x86_64-linux/lib"),
            Path.Combine(root, "usr/local/cuda-12.6/lib64"), Path.Combine(root, "usr/local/cuda-12.6/targets/x86_64-linux/lib"),
            Path.Combine(root, "usr/lib/x86_64-linux-gnu"), Path.Combine(root, "usr/lib64"),
        ];
        Assert.Equal(expected, result.Looked.Select(directory => directory.Path));
        Assert.DoesNotContain(result.Looked, directory => directory.Path == venvSite);

        string message = LibraryLoadResult.NotFound(result).Describe();
        Assert.StartsWith("libcudnn.so.9 not found; looked in --cuda-libs: ", message);
        foreach (string directory in expected) Assert.Contains(directory, message);
        foreach (string group in new[] { "LD_LIBRARY_PATH: ", "Python environments: ", "the usual paths: " }) Assert.Contains(group, message);
        Assert.EndsWith("and by name through the system loader", message);
    }

    [Fact]
    public void CuDNN_preloads_the_sub_libraries_beside_the_one_chosen_graph_and_ops_first()
    {
        using var tree = new FakeLibraryTree();
        string chosen = FakeLibraryTree.Put(tree.Dir("chosen"), "libcudnn.so.9", "libcudnn_adv.so.9", "libcudnn_cnn.so.9", "libcudnn_ops.so.9",
            "libcudnn_graph.so.9", "libcudnn_engines_precompiled.so.9",
            // Other releases and versions of the same file names are not cuDNN 9's sub-libraries by soname.
            "libcudnn_ops.so.8", "libcudnn_cnn.so.9.1.0", "libcudnn_graph.so.9.bak", "libcudnn_adv.so");
        FakeLibraryTree.Put(tree.Dir("later"), "libcudnn.so.9", "libcudnn_heuristic.so.9");
        var environment = tree.Environment() with { ExplicitDirectories = chosen, LdLibraryPath = tree.Dir("later") };

        var location = LibrarySearch.Find(CudaLibrary.Cudnn, environment).Location;

        Assert.NotNull(location);
        string[] siblings = ["libcudnn_graph.so.9", "libcudnn_ops.so.9", "libcudnn_adv.so.9", "libcudnn_cnn.so.9", "libcudnn_engines_precompiled.so.9"];
        Assert.Equal(siblings.Select(name => Path.Combine(chosen, name)), location.Siblings);
        Assert.Empty(location.Required);
    }

    [Fact]
    public void CuBLAS_without_its_cuBLASLt_beside_it_is_passed_over_and_said_so()
    {
        using var tree = new FakeLibraryTree();
        string lonely = FakeLibraryTree.Put(tree.Dir("lonely"), "libcublas.so.13", "libcublasLt.so.12");
        string paired = FakeLibraryTree.Put(tree.Dir("paired"), "libcublas.so.12", "libcublasLt.so.12");
        var environment = tree.Environment() with { ExplicitDirectories = lonely, LdLibraryPath = paired };

        var result = LibrarySearch.Find(CudaLibrary.Cublas, environment);

        Assert.Equal(Path.Combine(paired, "libcublas.so.12"), result.Location?.Path);
        Assert.Equal([Path.Combine(paired, "libcublasLt.so.12")], result.Location?.Required);
        Assert.Equal([$"{Path.Combine(lonely, "libcublas.so.13")} (no libcublasLt.so.13 beside it)"], result.PassedOver);

        File.Delete(Path.Combine(paired, "libcublasLt.so.12"));
        string message = LibraryLoadResult.NotFound(LibrarySearch.Find(CudaLibrary.Cublas, environment)).Describe();
        Assert.Contains("passed over", message);
        Assert.Contains($"{Path.Combine(paired, "libcublas.so.12")} (no libcublasLt.so.12 beside it)", message);
    }

    [Fact]
    public void Within_a_directory_the_newer_release_wins_and_brings_its_own_NVRTC_builtins()
    {
        using var tree = new FakeLibraryTree();
        string toolkit = FakeLibraryTree.Put(tree.Dir("toolkit"), "libnvrtc.so.12", "libnvrtc.so.13", "libnvrtc-builtins.so.12.6", "libnvrtc-builtins.so.13.0");

        var location = LibrarySearch.Find(CudaLibrary.Nvrtc, tree.Environment() with { ExplicitDirectories = toolkit }).Location;

        Assert.Equal(Path.Combine(toolkit, "libnvrtc.so.13"), location?.Path);
        Assert.Equal([Path.Combine(toolkit, "libnvrtc-builtins.so.13.0")], location?.Siblings);
    }

    [Fact]
    public void An_earlier_directory_with_an_older_release_still_wins_over_a_later_one_with_a_newer()
    {
        using var tree = new FakeLibraryTree();
        string first = FakeLibraryTree.Put(tree.Dir("first"), "libnvrtc.so.12");
        FakeLibraryTree.Put(tree.Dir("second"), "libnvrtc.so.13");

        var location = LibrarySearch.Find(CudaLibrary.Nvrtc, tree.Environment() with { ExplicitDirectories = $"{first}:{tree.Dir("second")}" }).Location;

        Assert.Equal(Path.Combine(first, "libnvrtc.so.12"), location?.Path);
    }

    [Fact]
    public void The_driver_is_not_looked_for_in_python_or_toolkits_and_WSL_comes_first()
    {
        using var tree = new FakeLibraryTree();
        tree.Dir("venv/lib/python3.12/site-packages/nvidia/cudnn/lib");
        tree.Dir("root/usr/local/cuda-12.6");
        var environment = tree.Environment() with { VirtualEnv = tree.Dir("venv"), CondaPrefix = tree.Dir("conda") };

        var looked = LibrarySearch.Find(CudaLibrary.Driver, environment).Looked;

        Assert.Equal([Path.Combine(tree.Root, "usr/lib/wsl/lib"), Path.Combine(tree.Root, "usr/lib/x86_64-linux-gnu"), Path.Combine(tree.Root, "usr/lib64")],
            looked.Select(directory => directory.Path));
        Assert.All(looked, directory => Assert.Equal(SearchOrigin.UsualPath, directory.Origin));
    }

    [Fact]
    public void Versioned_toolkits_are_searched_newest_first()
    {
        using var tree = new FakeLibraryTree();
        foreach (string version in new[] { "11.8", "12.10", "12.4" }) tree.Dir($"root/usr/local/cuda-{version}");
        FakeLibraryTree.Put(Path.Combine(tree.Root, "usr/local/cuda-12.4/targets/x86_64-linux/lib"), "libcublas.so.12", "libcublasLt.so.12");
        FakeLibraryTree.Put(Path.Combine(tree.Root, "usr/local/cuda-11.8/lib64"), "libcublas.so.12", "libcublasLt.so.12");

        var result = LibrarySearch.Find(CudaLibrary.Cublas, tree.Environment());

        var toolkits = result.Looked.Select(directory => directory.Path).Where(path => path.Contains("cuda-")).ToList();
        Assert.Equal(["12.10", "12.10", "12.4", "12.4", "11.8", "11.8"], toolkits.Select(path => path.Split("cuda-")[1].Split('/')[0]));
        Assert.Equal(Path.Combine(tree.Root, "usr/local/cuda-12.4/targets/x86_64-linux/lib/libcublas.so.12"), result.Location?.Path);
    }

    [Fact]
    public void Path_lists_skip_empty_entries_resolve_relative_ones_and_name_each_directory_once()
    {
        using var tree = new FakeLibraryTree();
        string a = tree.Dir("a");
        var environment = tree.Environment() with { ExplicitDirectories = $":{a}/: relative/dir ::", LdLibraryPath = $"{a}:{tree.Dir("b")}" };

        var looked = LibrarySearchPath.For(CudaLibrary.Driver, environment);

        Assert.Equal(new SearchDirectory(a, SearchOrigin.Explicit), looked[0]);
        Assert.Equal(new SearchDirectory(Path.GetFullPath("relative/dir"), SearchOrigin.Explicit), looked[1]);
        Assert.Equal(new SearchDirectory(tree.Dir("b"), SearchOrigin.LdLibraryPath), looked[2]);
        Assert.Equal(looked.Count, looked.Select(directory => directory.Path).Distinct().Count());
    }

    [Fact]
    public void A_conda_environment_is_searched_in_its_site_packages_and_its_own_lib()
    {
        using var tree = new FakeLibraryTree();
        string conda = tree.Dir("conda");
        FakeLibraryTree.Put(Path.Combine(conda, "lib"), "libcudnn.so.9", "libcudnn_graph.so.9");

        var location = LibrarySearch.Find(CudaLibrary.Cudnn, tree.Environment() with { CondaPrefix = conda }).Location;

        Assert.Equal(Path.Combine(conda, "lib/libcudnn.so.9"), location?.Path);
        Assert.Equal(SearchOrigin.PythonEnvironment, location?.Directory.Origin);
        Assert.Equal([Path.Combine(conda, "lib/libcudnn_graph.so.9")], location?.Siblings);
    }
}
