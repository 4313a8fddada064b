// ===== upsample.cuh: Upsample.cs, 2x nearest and bilinear (align_corners=False), both directions =====
// x is [planes, height, width] (planes = n * channels), y is [planes, 2 height, 2 width]. Every output
// is one thread's gather with the CPU's weights and order of operations, in float.

__device__ __forceinline__ int clamp_index(int i, int size) { return i < 0 ? 0 : i >= size ? size - 1 : i; }

// Output row 2k reads input rows (k-1, k) with weights (0.25, 0.75), row 2k+1 rows (k, k+1) with
// (0.75, 0.25), clamped at the edges; the same along the width, which is interpolated first.
__device__ void upsample_bilinear(const float* x, float* y, i64 planes, int height, int width)
{
    int out_h = 2 * height, out_w = 2 * width;
    i64 count = planes * out_h * out_w;
    for (i64 i = first_index(); i < count; i += grid_stride())
    {
        i64 plane = i / ((i64)out_h * out_w);
        int oh = (int)(i / out_w % out_h), ow = (int)(i % out_w);
        int k = oh >> 1, j = ow >> 1;
        int r0, r1;
        float a0, a1;
        if ((oh & 1) == 0) { r0 = clamp_index(k - 1, height); r1 = k; a0 = 0.25f; a1 = 0.75f; }
        else { r0 = k; r1 = clamp_index(k + 1, height); a0 = 0.75f; a1 = 0.25f; }
        const float* row0 = x + plane * height * width + (i64)r0 * width;
        const float* row1 = x + plane * height * width + (i64)r1 * width;
        float c0 = row0[j] * 0.75f, c1 = row1[j] * 0.75f;
        if ((ow & 1) == 0)
        {
            int left = clamp_index(j - 1, width);
            y[i] = (row0[left] * 0.25f + c0) * a0 + (row1[left] * 0.25f + c1) * a1;
        }
        else
        {
            int right = clamp_index(j + 1, width);
            y[i] = (c0 + row0[right] * 0.25f) * a0 + (c1 + row1[right] * 0.25f) * a1;
        }
    }
}

// The bilinear gather's adjoint for dx[i][j]: first down the columns,
// V[q] = (dy[2i-1][q] + dy[2i+2][q]) * 0.25 + (dy[2i][q] + dy[2i+1][q]) * 0.75 (rows clamped),
// then dx = (V[2j-1] + V[2j+2]) * 0.25 + (V[2j] + V[2j+1]) * 0.75 (columns clamped). Overwrites dx.
__device__ __forceinline__ float bilinear_column(const float* dy, int out_h, int out_w, int i, int q)
{
    const float* above = dy + (i64)clamp_index(2 * i - 1, out_h) * out_w;
    const float* upper = dy + (i64)(2 * i) * out_w;
    const float* lower = upper + out_w;
    const float* below = dy + (i64)clamp_index(2 * i + 2, out_h) * out_w;
    return (above[q] + below[q]) * 0.25f + (upper[q] + lower[q]) * 0.75f;
}

__device__ void upsample_bilinear_backward(const float* dy, float* dx, i64 planes, int height, int width)
{
    int out_h = 2 * height, out_w = 2 * width;
    i64 count = planes * height * width;
    for (i64 e = first_index(); e < count; e += grid_stride())
    {
        i64 plane = e / ((i64)height * width);
        int i = (int)(e / width % height), j = (int)(e % width);
        const float* d = dy + plane * out_h * out_w;
        float outer = bilinear_column(d, out_h, out_w, i, clamp_index(2 * j - 1, out_w))
            + bilinear_column(d, out_h, out_w, i, clamp_index(2 * j + 2, out_w));
        float inner = bilinear_column(d, out_h, out_w, i, 2 * j) + bilinear_column(d, out_h, out_w, i, 2 * j + 1);
        dx[e] = outer * 0.25f + inner * 0.75f;
    }
}

__device__ void upsample_nearest(const float* x, float* y, i64 planes, int height, int width)
{
    int out_h = 2 * height, out_w = 2 * width;
    i64 count = planes * out_h * out_w;
    for (i64 i = first_index(); i < count; i += grid_stride())
    {
        i64 plane = i / ((i64)out_h * out_w);
        int oh = (int)(i / out_w % out_h), ow = (int)(i % out_w);
        y[i] = x[(plane * height + (oh >> 1)) * width + (ow >> 1)];
    }
}

// dx[i][j] = ((dy[2i][2j] + dy[2i][2j+1]) + dy[2i+1][2j]) + dy[2i+1][2j+1], PyTorch's order. Overwrites dx.
__device__ void upsample_nearest_backward(const float* dy, float* dx, i64 planes, int height, int width)
{
    int out_w = 2 * width;
    i64 count = planes * height * width;
    for (i64 e = first_index(); e < count; e += grid_stride())
    {
        i64 row = e / width;
        int j = (int)(e % width);
        const float* top = dy + row * 2 * out_w;
        const float* bottom = top + out_w;
        dx[e] = top[2 * j] + top[2 * j + 1] + bottom[2 * j] + bottom[2 * j + 1];
    }
}
