using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Runtime.Tests.Cuda;

/// <summary>The process-wide resolver behind the bindings: a binding called without its library fails as one clear exception.</summary>
[Collection(nameof(EnvironmentCollection))]
public class CudaLibrariesTests
{
    [Fact]
    public void A_binding_whose_library_does_not_load_throws_one_exception_naming_the_file_and_why()
    {
        using var tree = new FakeLibraryTree();
        string directory = FakeLibraryTree.Put(tree.Dir("fake"), "libnvrtc.so.13");
        string fake = Path.Combine(directory, "libnvrtc.so.13");
        bool loadedBefore = CudaLibraries.IsLoaded(CudaLibrary.Nvrtc);
        CudaLibraries.SetSearchPath(directory, "--cuda-libs");
        try
        {
            if (loadedBefore)
            {
                // A library once loaded stays loaded: a later setting does not unload it.
                Assert.Equal(NvrtcResult.Success, NvrtcVersion());
                return;
            }
            var error = Assert.Throws<CudaUnavailableException>(() => NvrtcVersion());
            Assert.Equal($"NVRTC is not available: {fake} was found (--cuda-libs) but did not load: {error.Result.LoaderError}", error.Message);
            Assert.IsAssignableFrom<DcganException>(error);

            // A failure is not remembered: the next call searches again.
            File.Delete(fake);
            Assert.NotEqual(fake, CudaLibraries.Load(CudaLibrary.Nvrtc).FailedPath);
        }
        finally
        {
            CudaLibraries.SetSearchPath(null, "--cuda-libs");
        }
    }

    private static unsafe NvrtcResult NvrtcVersion()
    {
        int major, minor;
        return Nvrtc.nvrtcVersion(&major, &minor);
    }

    [Fact]
    public void The_explicit_setting_comes_from_the_flag_when_given_else_from_DCGAN_CUDA_LIBS()
    {
        using var variable = new EnvironmentScope(("DCGAN_CUDA_LIBS", "/from/variable"));
        CudaLibraries.SetSearchPath("/from/flag", "--cuda-libs");
        try
        {
            Assert.Equal(("/from/flag", "--cuda-libs"), (CudaLibraries.Environment.ExplicitDirectories, CudaLibraries.Environment.ExplicitSource));
        }
        finally
        {
            CudaLibraries.SetSearchPath(null, "--cuda-libs");
        }
        Assert.Equal(("/from/variable", "DCGAN_CUDA_LIBS"), (CudaLibraries.Environment.ExplicitDirectories, CudaLibraries.Environment.ExplicitSource));
    }
}
