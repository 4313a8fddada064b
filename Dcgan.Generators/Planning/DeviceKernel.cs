using System.Collections.Generic;

namespace Dcgan.Generators.Planning
{
    /// <summary>
    /// A CUDA kernel a statement launches: an entry point (its C parameters and one call into the prelude with
    /// the statement's sizes as constants) and the row of the runtime's kernel table (CudaKernelSpec) it is
    /// launched by. Statements of different passes that launch the same computation share one kernel.
    /// </summary>
    internal sealed class DeviceKernel
    {
        public DeviceKernel(string name, string kind, string launch, string comment)
        {
            Name = name;
            Kind = kind;
            Launch = launch;
            Comment = comment;
        }

        /// <summary>The entry point's name: network, layer and what it computes (g_4_batch_norm_train_relu).</summary>
        public string Name { get; set; }
        /// <summary>A member of Dcgan.Runtime.CudaKernelKind.</summary>
        public string Kind { get; }
        /// <summary>A member of Dcgan.Runtime.CudaLaunch.</summary>
        public string Launch { get; }
        /// <summary>The layer and shapes served, for the entry point's comment and the table.</summary>
        public string Comment { get; }
        /// <summary>C parameters in launch order; a launch binds its operands to them by position and so by their names.</summary>
        public List<CParameter> Parameters { get; } = new List<CParameter>();
        /// <summary>The entry point's one statement: a call into the prelude.</summary>
        public string Body { get; set; } = "";
        public long ElementsPerSample { get; set; }
        public long FixedElements { get; set; }
        /// <summary>The table row's initialisers beyond the constructor ("Channels = 256").</summary>
        public List<string> Constants { get; } = new List<string>();
        /// <summary>A split reduction's second launch, which adds this kernel's parts (its name goes in the table once settled).</summary>
        public DeviceKernel? CombinedBy { get; set; }

        /// <summary>The parameters as C source ("float* y, int n"): the entry point's signature (the table row takes them typed).</summary>
        public string ParameterList => string.Join(", ", Parameters);

        /// <summary>Two kernels are the same launch when their entry points read the same.</summary>
        public bool SameCode(DeviceKernel other) => ParameterList == other.ParameterList && Body == other.Body && Kind == other.Kind;
    }
}
