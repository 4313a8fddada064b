using System.Text;
using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Runtime.Cuda;

/// <summary>A loaded CUBIN (cuModuleLoadData) and the kernels looked up in it, which live as long as it does.</summary>
public sealed unsafe class CudaModule : ContextBound
{
    private readonly nint _module;

    private CudaModule(PrimaryContext context, nint module) : base(context) => _module = module;

    public static CudaModule Load(PrimaryContext context, ReadOnlySpan<byte> image)
    {
        context.MakeCurrent();
        nint module;
        fixed (byte* data = image)
            CudaDriver.Check(CudaDriver.cuModuleLoadData(&module, data));
        return new CudaModule(context, module);
    }

    /// <summary>A kernel's CUfunction by its (extern "C") name.</summary>
    public nint Function(string name)
    {
        ThrowIfDisposed();
        byte[] utf8 = Encoding.UTF8.GetBytes(name + "\0");
        nint function;
        fixed (byte* text = utf8)
            CudaDriver.Check(CudaDriver.cuModuleGetFunction(&function, _module, text));
        return function;
    }

    protected override void Free() => CudaDriver.cuModuleUnload(_module);
}
