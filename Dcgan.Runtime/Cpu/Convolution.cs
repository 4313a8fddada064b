namespace Dcgan.Runtime.Cpu;

/// <summary>
/// Conv2d and ConvTranspose2d in all three directions, built from three cores on one GEMM:
/// <list type="bullet">
/// <item>image -> feature (Conv2d forward, ConvTranspose2d backward-data): W[K, CRS] * cols;</item>
/// <item>feature -> image (Conv2d backward-data, ConvTranspose2d forward): W^T * features, then col2im;</item>
/// <item>filter gradient (both layer kinds): dW[K, CRS] += features[K, NPQ] * cols^T.</item>
/// </list>
/// The im2col matrix "cols" is never stored: the GEMM packs its panels straight from a zero-padded copy of
/// the images (<see cref="ImplicitColumns"/>). Only col2im, a sum, goes through a stored column matrix.
/// A ConvTranspose2d is the adjoint of the Conv2d its geometry describes, and its PyTorch weight
/// [in=K, out=C, KH, KW] is that Conv2d's weight, so the same cores serve it with roles swapped.
/// Images are processed in chunks whose size depends only on the shapes (a memory budget), never on
/// the thread count, so the filter gradient's summation order is fixed.
/// </summary>
public static unsafe partial class CpuKernels
{
    /// <summary>
    /// Floats of im2col columns per chunk of images (64 MiB): wide enough for efficient GEMMs, small enough to
    /// stay bounded. Tests lower it to run batches in several uneven chunks.
    /// </summary>
    internal static long ColumnBudget { get; set; } = 16L << 20;

    private struct ConvJob
    {
        public ConvGeometry G;
        public float* Image, Feature, Bias, Columns, FeatureMatrix;
        public int* Offsets; // Im2Col's position offsets when col2im takes the padded-plane path, else null
        public ImplicitColumns.Matrix Implicit; // the chunk's im2col matrix, read from a padded copy (Columns holds it)
        public int FirstImage, Images;
        public long Ld;
        public Activation Act;
        public float Slope;
    }

    public static void Conv2dForward(in ConvGeometry g, float* x, float* w, float* bias, float* y, Activation act, float slope)
        => Pass(transposed: false, ConvolutionWork.Forward, g, x, w, bias, y, act, slope);

    public static void Conv2dBackwardData(in ConvGeometry g, float* dy, float* w, float* dx)
        => Pass(transposed: false, ConvolutionWork.InputGradient, g, dy, w, null, dx, Activation.None, 0f);

    public static void Conv2dBackwardFilter(in ConvGeometry g, float* x, float* dy, float* dw)
        => WeightGradient(transposed: false, g, x, dy, dw);

    public static void ConvTranspose2dForward(in ConvGeometry g, float* x, float* w, float* bias, float* y, Activation act, float slope)
        => Pass(transposed: true, ConvolutionWork.Forward, g, x, w, bias, y, act, slope);

    public static void ConvTranspose2dBackwardData(in ConvGeometry g, float* dy, float* w, float* dx)
        => Pass(transposed: true, ConvolutionWork.InputGradient, g, dy, w, null, dx, Activation.None, 0f);

    public static void ConvTranspose2dBackwardFilter(in ConvGeometry g, float* x, float* dy, float* dw)
        => WeightGradient(transposed: true, g, x, dy, dw);

    /// <summary>A layer's forward or input gradient, from <paramref name="from"/> to <paramref name="to"/>: the core <see cref="ConvolutionSides.CoreFor"/> names.</summary>
    private static void Pass(bool transposed, ConvolutionWork work, in ConvGeometry g, float* from, float* w, float* bias, float* to, Activation act, float slope)
    {
        if (ConvolutionSides.CoreFor(transposed, work) == ConvolutionCore.ImageToFeature) ImageToFeature(g, from, w, bias, to, act, slope);
        else FeatureToImage(g, from, w, bias, to, act, slope);
    }

    /// <summary>dw from a layer's input <paramref name="x"/> and output gradient <paramref name="dy"/>, put on their sides.</summary>
    private static void WeightGradient(bool transposed, in ConvGeometry g, float* x, float* dy, float* dw)
    {
        if (ConvolutionSides.InputIsImage(transposed)) FilterGradient(g, x, dy, dw);
        else FilterGradient(g, dy, x, dw);
    }

    private static int ImagesPerChunk(in ConvGeometry g)
    {
        long perImage = (long)g.PatchSize * g.FeatureSpatial;
        return (int)Math.Clamp(ColumnBudget / perImage, 1, g.Batch);
    }

    /// <summary>
    /// A job over both sides with the feature-matrix scratch sized for <paramref name="chunk"/> images, and either a
    /// stored column matrix for col2im or (<paramref name="implicitColumns"/>) a padded copy of the chunk and the
    /// offset tables that read the column matrix from it.
    /// </summary>
    private static ConvJob NewJob(in ConvGeometry g, float* image, float* feature, bool implicitColumns, out int chunk)
    {
        chunk = ImagesPerChunk(g);
        var job = new ConvJob { G = g, Image = image, Feature = feature };
        job.FeatureMatrix = Scratch.Get(Scratch.Shared.Transposed, (long)g.OutChannels * chunk * g.FeatureSpatial);
        if (implicitColumns)
        {
            while (!ImplicitColumns.Fits(g, chunk))
            {
                if (chunk == 1) throw new ArgumentException($"convolution geometry {g}: one padded image is beyond 32-bit offsets");
                chunk = (chunk + 1) / 2;
            }
            job.Columns = Scratch.Get(Scratch.Shared.Columns, chunk * g.InChannels * g.PaddedPlane);
            var tables = (int*)Scratch.Get(Scratch.Shared.PositionOffsets, g.PatchSize + (long)chunk * g.FeatureSpatial);
            job.Implicit = new ImplicitColumns.Matrix { Source = job.Columns, RowOffsets = tables, ColumnOffsets = tables + g.PatchSize };
            ImplicitColumns.TapOffsets(g, job.Implicit.RowOffsets);
            ImplicitColumns.PositionOffsets(g, chunk, job.Implicit.ColumnOffsets);
            return job;
        }
        job.Columns = Scratch.Get(Scratch.Shared.Columns, (long)g.PatchSize * chunk * g.FeatureSpatial + Im2Col.VectorSlack);
        if (Im2Col.UsesPaddedPlane(g))
        {
            job.Offsets = (int*)Scratch.Get(Scratch.Shared.PositionOffsets, g.FeatureSpatial);
            ImplicitColumns.PositionOffsets(g, images: 1, job.Offsets);
        }
        return job;
    }

    /// <summary>Points the job at images first .. first + chunk - 1 (fewer at the end of the batch).</summary>
    private static void SelectImages(ref ConvJob job, int first, int chunk)
    {
        job.FirstImage = first;
        job.Images = Math.Min(chunk, job.G.Batch - first);
        job.Ld = (long)job.Images * job.G.FeatureSpatial;
    }

    /// <summary>feature[N,K,P,Q] = act(conv(image, w) + bias).</summary>
    private static void ImageToFeature(in ConvGeometry g, float* image, float* w, float* bias, float* feature, Activation act, float slope)
    {
        g.Validate();
        using var gate = EnterKernel();
        var job = NewJob(g, image, feature, implicitColumns: true, out int chunk);
        job.Bias = bias;
        job.Act = act;
        job.Slope = slope;
        var columns = new Gemm.PanelSource(&ImplicitColumns.PackPanels, &job.Implicit);
        for (int first = 0; first < g.Batch; first += chunk)
        {
            SelectImages(ref job, first, chunk);
            WorkerPool.For(job.Images * g.InChannels, &PadImagePlane, &job);
            Gemm.Multiply(false, g.OutChannels, (int)job.Ld, g.PatchSize, w, g.PatchSize, columns, job.FeatureMatrix, job.Ld, accumulate: false);
            WorkerPool.For(job.Images * g.OutChannels, &StoreFeatureRow, &job);
        }
    }

    /// <summary>image[N,C,H,W] = act(conv^T(feature, w) + bias).</summary>
    private static void FeatureToImage(in ConvGeometry g, float* feature, float* w, float* bias, float* image, Activation act, float slope)
    {
        g.Validate();
        using var gate = EnterKernel();
        var job = NewJob(g, image, feature, implicitColumns: false, out int chunk);
        job.Bias = bias;
        job.Act = act;
        job.Slope = slope;
        for (int first = 0; first < g.Batch; first += chunk)
        {
            SelectImages(ref job, first, chunk);
            WorkerPool.For(job.Images * g.OutChannels, &LoadFeatureRow, &job);
            Gemm.Multiply(true, false, g.PatchSize, (int)job.Ld, g.OutChannels,
                w, g.PatchSize, job.FeatureMatrix, job.Ld, job.Columns, job.Ld, accumulate: false);
            WorkerPool.For(job.Images * g.InChannels, &ScatterColumns, &job);
        }
    }

    /// <summary>dw[K,C,KH,KW] += sum over images of feature-side gradient times image-side patches.</summary>
    private static void FilterGradient(in ConvGeometry g, float* image, float* feature, float* dw)
    {
        g.Validate();
        using var gate = EnterKernel();
        var job = NewJob(g, image, feature, implicitColumns: true, out int chunk);
        // dW = features * cols^T: op(B) = cols^T, whose rows are positions and columns taps.
        var transposed = new ImplicitColumns.Matrix
            { Source = job.Implicit.Source, RowOffsets = job.Implicit.ColumnOffsets, ColumnOffsets = job.Implicit.RowOffsets };
        var columnsTransposed = new Gemm.PanelSource(&ImplicitColumns.PackPanels, &transposed);
        for (int first = 0; first < g.Batch; first += chunk)
        {
            SelectImages(ref job, first, chunk);
            WorkerPool.For(job.Images * g.InChannels, &PadImagePlane, &job);
            WorkerPool.For(job.Images * g.OutChannels, &LoadFeatureRow, &job);
            Gemm.Multiply(false, g.OutChannels, g.PatchSize, (int)job.Ld, job.FeatureMatrix, job.Ld, columnsTransposed, dw, g.PatchSize, accumulate: true);
        }
    }

    // Task = (image in chunk, image-side channel): that plane into its zero-bordered slot of the padded chunk.
    private static void PadImagePlane(void* context, int task, int slot)
    {
        var job = (ConvJob*)context;
        ref readonly ConvGeometry g = ref job->G;
        float* plane = job->Image + ((long)job->FirstImage * g.InChannels + task) * g.ImageSpatial;
        ImplicitColumns.PadPlane(g, plane, job->Columns + task * g.PaddedPlane);
    }

    private static void ScatterColumns(void* context, int task, int slot)
    {
        var job = (ConvJob*)context;
        ref readonly ConvGeometry g = ref job->G;
        int image = task / g.InChannels, c = task % g.InChannels;
        float* plane = job->Image + ((long)(job->FirstImage + image) * g.InChannels + c) * g.ImageSpatial;
        float* rows = job->Columns + (long)c * g.KernelHeight * g.KernelWidth * job->Ld + (long)image * g.FeatureSpatial;
        if (job->Offsets == null)
            Im2Col.Scatter(g, rows, job->Ld, plane);
        else
            Im2Col.ScatterPadded(g, rows, job->Ld, Scratch.Get(Scratch.PerSlot.PaddedPlane, slot, Im2Col.PaddedPlaneSize(g)), job->Offsets, plane);
        if (job->Bias != null || job->Act != Activation.None)
            BiasActivation(plane, plane, g.ImageSpatial, job->Bias != null ? job->Bias[c] : 0f, job->Act, job->Slope);
    }

    // Task = (image in chunk, feature channel): moves one P*Q row between NCHW and the [K, images*P*Q] matrix.
    private static void StoreFeatureRow(void* context, int task, int slot)
    {
        var job = (ConvJob*)context;
        ref readonly ConvGeometry g = ref job->G;
        int image = task / g.OutChannels, k = task % g.OutChannels;
        float* source = job->FeatureMatrix + k * job->Ld + (long)image * g.FeatureSpatial;
        float* target = job->Feature + ((long)(job->FirstImage + image) * g.OutChannels + k) * g.FeatureSpatial;
        BiasActivation(source, target, g.FeatureSpatial, job->Bias != null ? job->Bias[k] : 0f, job->Act, job->Slope);
    }

    private static void LoadFeatureRow(void* context, int task, int slot)
    {
        var job = (ConvJob*)context;
        ref readonly ConvGeometry g = ref job->G;
        int image = task / g.OutChannels, k = task % g.OutChannels;
        float* source = job->Feature + ((long)(job->FirstImage + image) * g.OutChannels + k) * g.FeatureSpatial;
        float* target = job->FeatureMatrix + k * job->Ld + (long)image * g.FeatureSpatial;
        Copy(source, target, g.FeatureSpatial);
    }
}
