namespace Dcgan.Runtime;

/// <summary>
/// One C parameter of a kernel table row (<see cref="CudaKernelSpec.Parameters"/>), as the generator declared it: its
/// name, what it is (<see cref="KernelParameterType"/>), and whether the kernel only reads what it points to.
/// </summary>
/// <param name="Name">The C name, which a device program's operand binds by (<c>bias</c>, <c>n</c>).</param>
/// <param name="IsConst">Declared <c>const</c>: the kernel reads the memory and never writes it.</param>
public readonly record struct KernelParameter(string Name, KernelParameterType Type, bool IsConst = false)
{
    /// <summary>The C type as the entry point declares it (<c>const float*</c>).</summary>
    public string CType => KernelParameterCType.Of(Type, IsConst);

    /// <summary>Whether the launch passes a device address (as opposed to a value it copies).</summary>
    public bool IsPointer => KernelParameterCType.IsPointer(Type);

    /// <summary>The declaration as the entry point's signature writes it (<c>const float* bias</c>), for messages.</summary>
    public string CDeclaration => CType + " " + Name;

    public override string ToString() => CDeclaration;
}
