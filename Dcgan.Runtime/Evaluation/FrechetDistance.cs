using MathNet.Numerics.LinearAlgebra;

namespace Dcgan.Runtime.Evaluation;

/// <summary>The mean and covariance of a set of feature vectors: the Gaussian FID fits to them.</summary>
public sealed record FeatureStatistics(double[] Mean, double[,] Covariance, int Count)
{
    public int Dimension => Mean.Length;

    /// <summary>Mean and unbiased covariance (divided by count - 1, as numpy's <c>np.cov</c>) of <paramref name="count"/> rows of <paramref name="features"/>.</summary>
    public static FeatureStatistics Of(ReadOnlySpan<float> features, int count)
    {
        if (count < 2) throw new DcganException($"FID needs at least 2 images, got {count}");
        int d = features.Length / count;
        var mean = new double[d];
        for (int i = 0; i < count; i++)
            for (int k = 0; k < d; k++) mean[k] += features[i * d + k];
        for (int k = 0; k < d; k++) mean[k] /= count;
        var covariance = new double[d, d];
        var centred = new double[d];
        for (int i = 0; i < count; i++)
        {
            for (int k = 0; k < d; k++) centred[k] = features[i * d + k] - mean[k];
            for (int a = 0; a < d; a++)
            {
                double ca = centred[a];
                for (int b = a; b < d; b++) covariance[a, b] += ca * centred[b];
            }
        }
        for (int a = 0; a < d; a++)
            for (int b = a; b < d; b++)
                covariance[b, a] = covariance[a, b] /= count - 1;
        return new FeatureStatistics(mean, covariance, count);
    }
}

/// <summary>
/// The Fréchet distance between two Gaussians (Heusel et al. 2017, the FID):
/// |m1 - m2|^2 + tr(S1) + tr(S2) - 2 tr((S1 S2)^(1/2)). The trace of the matrix square root is taken
/// as the sum of square roots of the eigenvalues of S1^(1/2) S2 S1^(1/2), which is symmetric and
/// positive semi-definite, so two symmetric eigendecompositions suffice (MathNet.Numerics).
/// </summary>
public static class FrechetDistance
{
    public static double Between(FeatureStatistics a, FeatureStatistics b)
    {
        if (a.Dimension != b.Dimension) throw new ArgumentException($"features of {a.Dimension} and {b.Dimension} values cannot be compared");
        var s1 = Matrix<double>.Build.DenseOfArray(a.Covariance);
        var s2 = Matrix<double>.Build.DenseOfArray(b.Covariance);
        double meanTerm = 0;
        for (int k = 0; k < a.Dimension; k++) meanTerm += (a.Mean[k] - b.Mean[k]) * (a.Mean[k] - b.Mean[k]);

        var root1 = SymmetricSquareRoot(s1);
        var product = root1 * s2 * root1;
        var eigen = ((product + product.Transpose()) / 2).Evd(Symmetricity.Symmetric);
        double traceOfRoot = eigen.EigenValues.Sum(value => Math.Sqrt(Math.Max(value.Real, 0)));
        return Math.Max(meanTerm + s1.Trace() + s2.Trace() - 2 * traceOfRoot, 0);
    }

    /// <summary>V diag(sqrt(max(l, 0))) V^T: the square root of a symmetric positive semi-definite matrix (rounding may leave tiny negative eigenvalues).</summary>
    private static Matrix<double> SymmetricSquareRoot(Matrix<double> m)
    {
        var eigen = m.Evd(Symmetricity.Symmetric);
        var roots = Matrix<double>.Build.DiagonalOfDiagonalArray(eigen.EigenValues.Select(v => Math.Sqrt(Math.Max(v.Real, 0))).ToArray());
        return eigen.EigenVectors * roots * eigen.EigenVectors.Transpose();
    }
}
