using System.Linq;
using Dcgan.Generators.Model;
using Dcgan.Runtime;

namespace Dcgan.Generators.Planning
{
    /// <summary>
    /// Groups layers into kernel calls: an activation right after a linear, convolution or batch
    /// norm is applied in that kernel's epilogue (and its derivative taken from the stored output);
    /// a linear or convolution followed by batch norm leaves the activation to the batch norm;
    /// Flatten and Reshape are views and emit nothing; upsampling, dropout and noise stand alone.
    /// </summary>
    internal static class Fusion
    {
        public static void Run(NetworkPlan plan)
        {
            var layers = plan.Layers;
            for (int i = 0; i < layers.Count; i++)
            {
                var layer = layers[i];
                var kind = layer.Layer.Kind;
                if (layer.Layer.IsView) continue;
                var op = new Op
                {
                    Primary = layer,
                    OutputLayer = layer.Layer.Index,
                    Input = layer.Input,
                    Output = layer.Output,
                    Description = $"{plan.Prefix}.{layer.Layer.Index} {layer.Description}",
                };
                switch (kind)
                {
                    case LayerOp.Linear:
                        op.Kind = OpKind.Linear;
                        break;
                    case LayerOp.Conv2d:
                        op.Kind = OpKind.Conv2d;
                        break;
                    case LayerOp.ConvTranspose2d:
                        op.Kind = OpKind.ConvTranspose2d;
                        break;
                    case LayerOp.BatchNorm:
                        op.Kind = OpKind.BatchNorm;
                        op.RunningMean = plan.Tensors.First(t => t.Layer == layer.Layer.Index && t.Role == TensorRole.RunningMean);
                        op.RunningVar = plan.Tensors.First(t => t.Layer == layer.Layer.Index && t.Role == TensorRole.RunningVar);
                        break;
                    case LayerOp.Upsample:
                    case LayerOp.Dropout:
                    case LayerOp.GaussianNoise:
                        // Standalone: cheap, memory-bound ops with nothing to fuse into.
                        op.Kind = kind == LayerOp.Upsample ? OpKind.Upsample : kind == LayerOp.Dropout ? OpKind.Dropout : OpKind.GaussianNoise;
                        plan.Ops.Add(op);
                        continue;
                    default:
                        op.Kind = OpKind.Activation;
                        SetActivation(op, layer.Layer);
                        plan.Ops.Add(op);
                        continue;
                }
                op.Weight = plan.Tensors.FirstOrDefault(t => t.Layer == layer.Layer.Index && (t.Role == TensorRole.Weight || t.Role == TensorRole.BatchNormWeight));
                op.Bias = plan.Tensors.FirstOrDefault(t => t.Layer == layer.Layer.Index && (t.Role == TensorRole.Bias || t.Role == TensorRole.BatchNormBias));
                bool nextIsBatchNorm = i + 1 < layers.Count && layers[i + 1].Layer.Kind == LayerOp.BatchNorm && kind != LayerOp.BatchNorm;
                if (!nextIsBatchNorm && i + 1 < layers.Count && layers[i + 1].Layer.IsActivation)
                {
                    var activation = layers[i + 1];
                    SetActivation(op, activation.Layer);
                    op.OutputLayer = activation.Layer.Index;
                    op.Description += $" + {plan.Prefix}.{activation.Layer.Index} {activation.Description}";
                    i++;
                }
                plan.Ops.Add(op);
            }
        }

        private static void SetActivation(Op op, LayerModel layer)
        {
            switch (layer.Kind)
            {
                case LayerOp.Relu: op.Activation = Activation.Relu; break;
                case LayerOp.LeakyRelu: op.Activation = Activation.LeakyRelu; op.Slope = layer.Slope; break;
                case LayerOp.Sigmoid: op.Activation = Activation.Sigmoid; break;
                case LayerOp.Tanh: op.Activation = Activation.Tanh; break;
            }
        }
    }
}
