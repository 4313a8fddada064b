using System.Runtime.InteropServices;

namespace Dcgan.Runtime.Cuda.Native;

/// <summary>A status's name and description as its library reports them; either may be null when the library has none to give.</summary>
public readonly record struct StatusText(string? Name, string? Description);

/// <summary>
/// Turns a failed status into a <see cref="CudaException"/>. The bindings call this with a lookup into their
/// library; it takes the lookup as a function so that the message can be tested without the library.
/// </summary>
public static class StatusCheck
{
    /// <summary>
    /// The exception for <paramref name="status"/> returned by the call written as <paramref name="callExpression"/>
    /// (as <c>[CallerArgumentExpression]</c> captures it). The name is the library's, else <paramref name="fallbackName"/>'s.
    /// </summary>
    public static CudaException Failure(string library, string callExpression, int status, Func<int, StatusText> describe, Func<int, string?> fallbackName)
    {
        var text = describe(status);
        return new CudaException(library, CallName(callExpression), status, text.Name ?? fallbackName(status), text.Description);
    }

    /// <summary>"CudaDriver.cuMemAlloc_v2(&amp;pointer, bytes)" -> "cuMemAlloc_v2": the function, without its class or arguments.</summary>
    public static string CallName(string callExpression)
    {
        string call = callExpression.Trim();
        int open = call.IndexOf('(');
        if (open >= 0) call = call[..open];
        int dot = call.LastIndexOf('.');
        return (dot >= 0 ? call[(dot + 1)..] : call).Trim();
    }

    /// <summary>A C string a library returned (error names and descriptions are static strings it owns), or null.</summary>
    public static unsafe string? Utf8(byte* text) => text == null ? null : Marshal.PtrToStringUTF8((nint)text);
}
