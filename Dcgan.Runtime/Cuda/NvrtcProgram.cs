using System.Runtime.InteropServices;
using System.Text;
using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Runtime.Cuda;

/// <summary>
/// An NVRTC program: CUDA C compiled at run time to a CUBIN for one GPU architecture. A host-side object, so a
/// SafeHandle. A failed compilation throws with NVRTC's log, which names the line.
/// </summary>
public sealed unsafe class NvrtcProgram : SafeHandle
{
    private NvrtcProgram() : base(0, ownsHandle: true) { }

    public override bool IsInvalid => handle == 0;

    public static NvrtcProgram Create(string source, string name)
    {
        byte[] sourceText = Encoding.UTF8.GetBytes(source + "\0"), nameText = Encoding.UTF8.GetBytes(name + "\0");
        var program = new NvrtcProgram();
        nint raw;
        fixed (byte* sourcePointer = sourceText, namePointer = nameText)
            Nvrtc.Check(Nvrtc.nvrtcCreateProgram(&raw, sourcePointer, namePointer, 0, null, null));
        program.SetHandle(raw);
        return program;
    }

    /// <summary>The (major, minor) of the NVRTC loaded.</summary>
    public static (int Major, int Minor) Version()
    {
        int major, minor;
        Nvrtc.Check(Nvrtc.nvrtcVersion(&major, &minor));
        return (major, minor);
    }

    /// <summary>The real architectures (75 for sm_75) this NVRTC can compile a CUBIN for.</summary>
    public static int[] SupportedArchitectures()
    {
        int count;
        Nvrtc.Check(Nvrtc.nvrtcGetNumSupportedArchs(&count));
        var architectures = new int[count];
        fixed (int* list = architectures)
            Nvrtc.Check(Nvrtc.nvrtcGetSupportedArchs(list));
        return architectures;
    }

    /// <summary>Compiles to a CUBIN for sm_<paramref name="architecture"/> (e.g. 90), with <paramref name="options"/> besides.</summary>
    public byte[] CompileToCubin(int architecture, params string[] options)
    {
        string[] all = [$"--gpu-architecture=sm_{architecture}", .. options];
        byte[][] texts = all.Select(option => Encoding.UTF8.GetBytes(option + "\0")).ToArray();
        var handles = texts.Select(text => GCHandle.Alloc(text, GCHandleType.Pinned)).ToArray();
        try
        {
            byte** pointers = stackalloc byte*[texts.Length];
            for (int i = 0; i < texts.Length; i++) pointers[i] = (byte*)handles[i].AddrOfPinnedObject();
            var result = Nvrtc.nvrtcCompileProgram(handle, texts.Length, pointers);
            if (result != NvrtcResult.Success) throw Nvrtc.Failure(result, nameof(Nvrtc.nvrtcCompileProgram), Log());
        }
        finally
        {
            foreach (var pinned in handles) pinned.Free();
        }
        nuint size;
        Nvrtc.Check(Nvrtc.nvrtcGetCUBINSize(handle, &size));
        var cubin = new byte[(int)size];
        fixed (byte* data = cubin)
            Nvrtc.Check(Nvrtc.nvrtcGetCUBIN(handle, data));
        return cubin;
    }

    /// <summary>The compiler's log (warnings, errors with their lines); empty when it has nothing to say.</summary>
    public string Log()
    {
        nuint size;
        Nvrtc.Check(Nvrtc.nvrtcGetProgramLogSize(handle, &size));
        if (size <= 1) return "";
        var log = new byte[(int)size];
        fixed (byte* text = log)
            Nvrtc.Check(Nvrtc.nvrtcGetProgramLog(handle, text));
        return Encoding.UTF8.GetString(log, 0, log.Length - 1).Trim();
    }

    protected override bool ReleaseHandle()
    {
        nint program = handle;
        return Nvrtc.nvrtcDestroyProgram(&program) == NvrtcResult.Success;
    }
}
