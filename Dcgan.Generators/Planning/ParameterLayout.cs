using System.Collections.Generic;
using Dcgan.Generators.Model;
using Dcgan.Runtime;

namespace Dcgan.Generators.Planning
{
    /// <summary>
    /// Gives every parameter a fixed offset in one contiguous buffer per network (so gradients
    /// and Adam moments mirror it and Adam is one pass), and running statistics offsets in a
    /// second buffer. Offsets are aligned to 16 floats (64 bytes) for vector loads.
    /// </summary>
    internal static class ParameterLayout
    {
        private const int Alignment = 16;

        public static void Run(NetworkPlan plan)
        {
            long parameters = 0, statistics = 0;
            foreach (var layer in plan.Layers)
            {
                var l = layer.Layer;
                string name = plan.Prefix + "." + l.Index + ".";
                var added = new List<StoredTensor>();
                switch (l.Kind)
                {
                    case LayerOp.Linear:
                    {
                        int input = layer.Input[0];
                        added.Add(Parameter(name + "weight", l.Index, TensorRole.Weight, new[] { l.Size, input }, ref parameters, input));
                        if (l.Bias) added.Add(Parameter(name + "bias", l.Index, TensorRole.Bias, new[] { l.Size }, ref parameters, input));
                        break;
                    }
                    case LayerOp.Conv2d:
                    case LayerOp.ConvTranspose2d:
                    {
                        int input = layer.Input[0];
                        // Conv2d weight [out, in, k, k]; ConvTranspose2d [in, out, k, k]. Fan-in is PyTorch's: numel / shape[0].
                        var shape = l.Kind == LayerOp.Conv2d
                            ? new[] { l.Size, input, l.Kernel, l.Kernel }
                            : new[] { input, l.Size, l.Kernel, l.Kernel };
                        int fanIn = shape[1] * l.Kernel * l.Kernel;
                        added.Add(Parameter(name + "weight", l.Index, TensorRole.Weight, shape, ref parameters, fanIn));
                        if (l.Bias) added.Add(Parameter(name + "bias", l.Index, TensorRole.Bias, new[] { l.Size }, ref parameters, fanIn));
                        break;
                    }
                    case LayerOp.BatchNorm:
                    {
                        int channels = layer.Input[0];
                        added.Add(Parameter(name + "weight", l.Index, TensorRole.BatchNormWeight, new[] { channels }, ref parameters, 0));
                        added.Add(Parameter(name + "bias", l.Index, TensorRole.BatchNormBias, new[] { channels }, ref parameters, 0));
                        added.Add(Parameter(name + "running_mean", l.Index, TensorRole.RunningMean, new[] { channels }, ref statistics, 0));
                        added.Add(Parameter(name + "running_var", l.Index, TensorRole.RunningVar, new[] { channels }, ref statistics, 0));
                        break;
                    }
                }
                foreach (var t in added)
                    if (!t.IsStatistic) layer.Parameters += t.Length;
                plan.Tensors.AddRange(added);
            }
            plan.ParameterFloats = parameters;
            plan.StatisticFloats = statistics;
        }

        private static StoredTensor Parameter(string name, int layer, TensorRole role, int[] shape, ref long cursor, int fanIn)
        {
            var tensor = new StoredTensor(name, layer, role, shape, cursor, fanIn);
            cursor += (tensor.Length + Alignment - 1) / Alignment * Alignment;
            return tensor;
        }
    }
}
