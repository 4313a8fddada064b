namespace Dcgan.Runtime;

/// <summary>An elementwise activation fused into the op that precedes it.</summary>
public enum Activation
{
    None,
    Relu,
    LeakyRelu,
    Sigmoid,
    Tanh,
}
