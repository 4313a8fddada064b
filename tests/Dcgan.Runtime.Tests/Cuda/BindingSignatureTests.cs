using System.Reflection;
using System.Runtime.InteropServices;
using Dcgan.Runtime.Cuda.Native;

namespace Dcgan.Runtime.Tests.Cuda;

/// <summary>
/// Every <c>[LibraryImport]</c> against the prototype its header declares: the same symbol, as many parameters, and
/// each C type mapped to the C# type of the same width and meaning, so that a swapped pair, a 32-bit size or a
/// missing parameter fails here rather than corrupting the stack on a GPU machine.
/// </summary>
public class BindingSignatureTests
{
    /// <summary>C scalar types and typedefs, and the C# type each must be bound as.</summary>
    private static readonly Dictionary<string, Type> s_scalars = new()
    {
        ["void"] = typeof(void),
        ["char"] = typeof(byte),
        ["int"] = typeof(int),
        ["unsigned int"] = typeof(uint),
        ["long long int"] = typeof(long),
        ["unsigned long long"] = typeof(ulong),
        ["size_t"] = typeof(nuint),
        ["float"] = typeof(float),
        ["double"] = typeof(double),
        // cuda.h: a device address is unsigned long long on 64-bit hosts; a device an int ordinal.
        ["CUdeviceptr"] = typeof(ulong),
        ["CUdevice"] = typeof(int),
        // Opaque handles: pointers to incomplete structs.
        ["CUcontext"] = typeof(nint),
        ["CUmodule"] = typeof(nint),
        ["CUfunction"] = typeof(nint),
        ["CUstream"] = typeof(nint),
        ["cudaStream_t"] = typeof(nint),
        ["CUgraph"] = typeof(nint),
        ["CUgraphExec"] = typeof(nint),
        ["nvrtcProgram"] = typeof(nint),
        ["cublasHandle_t"] = typeof(nint),
        ["cudnnHandle_t"] = typeof(nint),
        ["cudnnTensorDescriptor_t"] = typeof(nint),
        ["cudnnFilterDescriptor_t"] = typeof(nint),
        ["cudnnConvolutionDescriptor_t"] = typeof(nint),
        // Enums (C enums are int-sized: checked below).
        ["CUresult"] = typeof(CudaResult),
        ["CUdevice_attribute"] = typeof(CudaDeviceAttribute),
        ["CUstreamCaptureMode"] = typeof(CudaStreamCaptureMode),
        ["nvrtcResult"] = typeof(NvrtcResult),
        ["cublasStatus_t"] = typeof(CublasStatus),
        ["cublasOperation_t"] = typeof(CublasOperation),
        ["cublasMath_t"] = typeof(CublasMath),
        ["cublasPointerMode_t"] = typeof(CublasPointerMode),
        ["libraryPropertyType"] = typeof(LibraryPropertyType),
        ["cudnnStatus_t"] = typeof(CudnnStatus),
        ["cudnnDataType_t"] = typeof(CudnnDataType),
        ["cudnnTensorFormat_t"] = typeof(CudnnTensorFormat),
        ["cudnnConvolutionMode_t"] = typeof(CudnnConvolutionMode),
        ["cudnnMathType_t"] = typeof(CudnnMathType),
        ["cudnnConvolutionFwdAlgo_t"] = typeof(CudnnConvolutionFwdAlgo),
        ["cudnnConvolutionBwdDataAlgo_t"] = typeof(CudnnConvolutionBwdDataAlgo),
        ["cudnnConvolutionBwdFilterAlgo_t"] = typeof(CudnnConvolutionBwdFilterAlgo),
        ["cudnnBatchNormMode_t"] = typeof(CudnnBatchNormMode),
        // Structs passed by pointer.
        ["cudnnConvolutionFwdAlgoPerf_t"] = typeof(CudnnConvolutionFwdAlgoPerf),
        ["cudnnConvolutionBwdDataAlgoPerf_t"] = typeof(CudnnConvolutionBwdDataAlgoPerf),
        ["cudnnConvolutionBwdFilterAlgoPerf_t"] = typeof(CudnnConvolutionBwdFilterAlgoPerf),
    };

    public static TheoryData<string> Libraries => ["libcuda", "libnvrtc", "libcublas", "libcudnn"];

    private static (Type Bindings, string Prototypes) Library(string importName) => importName switch
    {
        "libcuda" => (typeof(CudaDriver), DocumentedPrototypes.Driver),
        "libnvrtc" => (typeof(Nvrtc), DocumentedPrototypes.Nvrtc),
        "libcublas" => (typeof(Cublas), DocumentedPrototypes.Cublas),
        "libcudnn" => (typeof(Cudnn), DocumentedPrototypes.Cudnn),
        _ => throw new ArgumentOutOfRangeException(nameof(importName)),
    };

    private static List<(MethodInfo Method, LibraryImportAttribute Import)> Imports(Type bindings) =>
        bindings.GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
            .Select(method => (method, import: method.GetCustomAttribute<LibraryImportAttribute>()))
            .Where(pair => pair.import is not null)
            .Select(pair => (pair.method, pair.import!))
            .ToList();

    [Theory]
    [MemberData(nameof(Libraries))]
    public void Every_import_matches_its_documented_prototype_and_every_prototype_is_bound(string importName)
    {
        var (bindings, text) = Library(importName);
        var documented = CPrototype.ParseAll(text).ToDictionary(prototype => prototype.Name);
        var imports = Imports(bindings);
        Assert.NotEmpty(imports);

        foreach (var (method, import) in imports)
        {
            Assert.Equal(importName, import.LibraryName);
            Assert.NotNull(CudaLibrary.ByImportName(import.LibraryName));
            string symbol = import.EntryPoint ?? method.Name;
            Assert.True(documented.TryGetValue(symbol, out var prototype), $"{bindings.Name}.{method.Name} binds {symbol}, which has no documented prototype");
            var parameters = method.GetParameters();
            Assert.True(prototype.Parameters.Count == parameters.Length,
                $"{symbol}: {parameters.Length} parameters bound, {prototype.Parameters.Count} declared");
            AssertMaps(prototype.Return, method.ReturnType, $"{symbol} returns");
            for (int i = 0; i < parameters.Length; i++)
                AssertMaps(prototype.Parameters[i], parameters[i].ParameterType, $"{symbol} parameter {i + 1} ({parameters[i].Name})");
        }
        var bound = imports.Select(pair => pair.Import.EntryPoint ?? pair.Method.Name).ToHashSet();
        var unbound = documented.Keys.Where(name => !bound.Contains(name)).ToList();
        Assert.True(unbound.Count == 0, $"documented but not bound: {string.Join(", ", unbound)}");
    }

    /// <summary>
    /// A C type and the C# type bound for it: the same scalar, or a pointer to the same thing with as many levels.
    /// <c>void *</c> may also be nint (both untyped and pointer-sized); nothing else is loose.
    /// </summary>
    private static void AssertMaps(CType c, Type bound, string where)
    {
        Assert.True(s_scalars.TryGetValue(c.Base, out var expected), $"{where}: C type {c.Base} has no mapping in this test");
        for (int level = 0; level < c.Pointers; level++) expected = expected.MakePointerType();
        bool untypedPointer = c is { Base: "void", Pointers: 1 } && bound == typeof(nint);
        Assert.True(bound == expected || untypedPointer, $"{where}: C {c} must be bound as {expected}, not {bound}");
    }

    [Fact]
    public void Every_enum_in_a_signature_is_int_sized_like_a_C_enum()
    {
        var enums = new[] { typeof(CudaDriver), typeof(Nvrtc), typeof(Cublas), typeof(Cudnn) }
            .SelectMany(Imports)
            .SelectMany(pair => pair.Method.GetParameters().Select(parameter => parameter.ParameterType).Append(pair.Method.ReturnType))
            .Select(type => { while (type.IsPointer) type = type.GetElementType()!; return type; })
            .Where(type => type.IsEnum)
            .Distinct()
            .ToList();
        Assert.NotEmpty(enums);
        Assert.All(enums, type => Assert.Equal(typeof(int), Enum.GetUnderlyingType(type)));
    }

    [Fact]
    public void The_parser_reads_the_header_forms_the_table_relies_on()
    {
        var prototype = CPrototype.Parse("nvrtcResult nvrtcCreateProgram(nvrtcProgram *prog, const char *src, const char * const *headers, long long int stride, unsigned int n)");
        Assert.Equal("nvrtcCreateProgram", prototype.Name);
        Assert.Equal(new CType("nvrtcResult", 0), prototype.Return);
        Assert.Equal([new CType("nvrtcProgram", 1), new CType("char", 1), new CType("char", 2), new CType("long long int", 0), new CType("unsigned int", 0)],
            prototype.Parameters);
        Assert.Empty(CPrototype.Parse("size_t cudnnGetVersion(void)").Parameters);
        Assert.Equal(new CType("char", 1), CPrototype.Parse("const char *cudnnGetErrorString(cudnnStatus_t status)").Return);
    }
}
