using Dcgan.Runtime.IO;

namespace Dcgan.Runtime.Images;

/// <summary>
/// samples/contact_sheet.png: the first row of every epoch's sample grid, epochs top to bottom, so one
/// image shows how the same latent vectors developed over the run. Built from the grids on disk, so a
/// resumed run's sheet covers the whole run; with more than <see cref="MaxRows"/> epochs, evenly spaced
/// ones are shown, the first and the last always among them.
/// </summary>
public static class ContactSheet
{
    public const int MaxRows = 32;

    /// <param name="grids">The epoch grids in epoch order (samples/epoch_NNNN.png).</param>
    /// <param name="imageHeight">Height of one image in those grids.</param>
    public static void Write(IReadOnlyList<string> grids, int imageHeight, string path)
    {
        if (grids.Count == 0) return;
        var chosen = Enumerable.Range(0, Math.Min(grids.Count, MaxRows))
            .Select(i => grids.Count <= MaxRows ? i : (int)Math.Round(i * (grids.Count - 1.0) / (MaxRows - 1)))
            .Distinct().Select(i => grids[i]).ToList();
        int stripHeight = ImageGrid.Padding + imageHeight;
        byte[]? sheet = null;
        int width = 0, channels = 0;
        for (int row = 0; row < chosen.Count; row++)
        {
            var grid = ImageCodec.Decode(chosen[row], File.ReadAllBytes(chosen[row]));
            int gridChannels = grid.Grey ? 1 : 3;
            if (sheet is null)
            {
                (width, channels) = (grid.Width, gridChannels);
                sheet = new byte[(long)width * (chosen.Count * stripHeight + ImageGrid.Padding) * channels];
                Array.Fill(sheet, ImageGrid.PaddingValue);
            }
            if (grid.Width != width || gridChannels != channels || grid.Height < stripHeight)
                throw new DcganException($"{chosen[row]}: a {grid.Width}x{grid.Height} grid does not match the run's other sample grids");
            // The grid's top padding and first row of images, as stored (1 or 3 bytes per pixel; a grey grid decodes to R = G = B).
            long at = (long)row * stripHeight * width * channels;
            if (channels == 3)
                Array.Copy(grid.Rgb, 0, sheet, at, (long)stripHeight * width * 3);
            else
                for (long p = 0; p < (long)stripHeight * width; p++) sheet[at + p] = grid.Rgb[3 * p];
        }
        int height = chosen.Count * stripHeight + ImageGrid.Padding;
        AtomicFile.Write(path, stream => ImageCodec.WritePng(stream, sheet, width, height, channels));
    }
}
