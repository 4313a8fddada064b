using System.Buffers;
using System.Runtime.CompilerServices;
using Dcgan.Runtime.IO;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Pbm;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tga;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.PixelFormats;

namespace Dcgan.Runtime.Images;

/// <summary>One decoded image: rows of interleaved 8-bit R, G, B; <see cref="Grey"/> when the file stored one channel.</summary>
public sealed record DecodedImage(int Width, int Height, byte[] Rgb, bool Grey);

/// <summary>
/// Every image dcgan reads or writes goes through SixLabors.ImageSharp 2.1.13 with one explicit configuration: the
/// formats below and no others (registered by hand, so a trimmed publish keeps exactly their decoders), GIF and
/// TIFF decoded to their first frame only, one thread per decode, and managed memory from an allocator with a
/// budget. Flaws with crafted images are reported against ImageSharp, so a decode is bounded before it starts:
/// the header is read (<c>Image.Identify</c>) within a budget proportional to the file's size, the dimensions it
/// claims are capped, a claim of more pixels than the file's bytes could encode is refused, and the decode itself
/// may allocate at most <see cref="BytesPerPixel"/> bytes per pixel (plus <see cref="FixedBudget"/>); past that
/// the allocator refuses and the file is reported as damaged.
/// </summary>
public static class ImageCodec
{
    /// <summary>The formats a <c>folder:</c> dataset may hold, each with the file extensions that select it.</summary>
    public static IReadOnlyList<(string Name, string[] Extensions)> Formats { get; } =
    [
        ("PNG", [".png"]),
        ("JPEG", [".jpg", ".jpeg"]),
        ("BMP", [".bmp"]),
        ("GIF (first frame)", [".gif"]),
        ("TIFF (first frame)", [".tif", ".tiff"]),
        ("TGA", [".tga"]),
        ("WebP (lossy, without alpha)", [".webp"]),
        ("PBM, PGM, PPM", [".pbm", ".pgm", ".ppm"]),
    ];

    /// <summary>The formats as one phrase for messages: "PNG, JPEG, ..., or PBM".</summary>
    public static string FormatNames { get; } = "PNG, JPEG, BMP, GIF, TIFF, TGA, WebP, PBM, PGM or PPM";

    /// <summary>No side longer than this (ImageSharp itself would take up to 2^31 - 1).</summary>
    public const int MaxSide = 16384;

    /// <summary>8192 x 8192: far beyond any image a GAN of 64x64 images is fed.</summary>
    public const long MaxPixels = 1L << 26;

    /// <summary>
    /// How many decoded RGB bytes one byte of a file may encode. Deflate (PNG, TIFF) cannot expand more than
    /// 1032-fold and JPEG's Huffman codes spend at least a bit per 8x8 block per component; only images of almost
    /// nothing (one colour over millions of pixels, in WebP or GIF) go further, and those are no training data.
    /// A header claiming more is treated as damaged, refused before the decoder allocates for it.
    /// </summary>
    public const long MaxExpansion = 2048;

    /// <summary>
    /// What a decode may allocate per pixel (counted over the image rounded up to whole 16x16 blocks, as JPEG
    /// decodes it: see <see cref="BlockPixels"/>): the RGB image (3 bytes), a JPEG's spectral coefficients (up to 6) and its colour conversion
    /// rows, a PNG's or WebP's row and transform buffers, with room to spare.
    /// </summary>
    public const int BytesPerPixel = 32;

    /// <summary>What reading a header, or a decode, may allocate besides: tables, stream buffers, small chunks.</summary>
    public const long FixedBudget = 1L << 20;

    /// <summary>Header reading may allocate this much per byte of the file (chunks and segments it holds), plus the fixed budget.</summary>
    public const long HeaderBytesPerFileByte = 4;

    private static readonly Configuration Base = CreateConfiguration();

    private static readonly PngEncoder GreyPng = Png(PngColorType.Grayscale);
    private static readonly PngEncoder RgbPng = Png(PngColorType.Rgb);

    private static Configuration CreateConfiguration()
    {
        var configuration = new Configuration(
            new PngConfigurationModule(), new JpegConfigurationModule(), new BmpConfigurationModule(), new GifConfigurationModule(),
            new TiffConfigurationModule(), new TgaConfigurationModule(), new WebpConfigurationModule(), new PbmConfigurationModule())
        {
            // Files are decoded in parallel by the caller; within one decode a single thread keeps the allocation
            // on the thread that asked for it (the fuzz suite measures exactly that).
            MaxDegreeOfParallelism = 1,
            PreferContiguousImageBuffers = true,
            MemoryAllocator = new SimpleGcMemoryAllocator(),
        };
        configuration.ImageFormatsManager.SetDecoder(GifFormat.Instance, new GifDecoder { DecodingMode = FrameDecodingMode.First });
        configuration.ImageFormatsManager.SetDecoder(TiffFormat.Instance, new TiffDecoder { DecodingMode = FrameDecodingMode.First });
        return configuration;
    }

    /// <summary>
    /// Every option of the encoder set, so that the same pixels give the same bytes on every run and machine:
    /// 8 bits per channel, deflate level 6, adaptive row filters, no interlacing, and no ancillary chunks at all
    /// (no gamma, physical size, text or time).
    /// </summary>
    private static PngEncoder Png(PngColorType colorType) => new()
    {
        ColorType = colorType,
        BitDepth = PngBitDepth.Bit8,
        CompressionLevel = PngCompressionLevel.Level6,
        FilterMethod = PngFilterMethod.Adaptive,
        InterlaceMethod = PngInterlaceMode.None,
        ChunkFilter = PngChunkFilter.ExcludeAll,
        IgnoreMetadata = true,
        TransparentColorMode = PngTransparentColorMode.Preserve,
    };

    /// <summary>Writes rows of interleaved grey (1 channel) or RGB (3) bytes as an 8-bit PNG.</summary>
    public static void WritePng(Stream stream, ReadOnlySpan<byte> pixels, int width, int height, int channels)
    {
        if (channels is not (1 or 3))
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "PNG images are grayscale (1 channel) or RGB (3)");
        if (pixels.Length != (long)width * height * channels)
            throw new ArgumentException($"a {width}x{height} image of {channels} channels has {(long)width * height * channels} bytes, got {pixels.Length}", nameof(pixels));
        using Image image = channels == 1 ? Image.LoadPixelData<L8>(Base, pixels, width, height) : Image.LoadPixelData<Rgb24>(Base, pixels, width, height);
        image.Save(stream, channels == 1 ? GreyPng : RgbPng);
    }

    /// <summary>
    /// Decodes one image file of any of the <see cref="Formats"/> to RGB; <paramref name="source"/> names the file
    /// in the one-line <see cref="DcganException"/> that refuses a damaged, unknown or oversized one.
    /// </summary>
    public static DecodedImage Decode(string source, byte[] file)
    {
        var allocator = new BudgetAllocator();
        var configuration = Base.Clone();
        configuration.MemoryAllocator = allocator;

        allocator.Reset(FixedBudget + HeaderBytesPerFileByte * file.Length);
        IImageInfo? info;
        IImageFormat? format;
        try
        {
            info = Image.Identify(configuration, file, out format);
        }
        catch (Exception e) when (IsDecoderRefusal(e))
        {
            throw Unreadable(source, e);
        }
        if (info is null || format is null)
            throw new DcganException($"{source}: not a {FormatNames} image (no header of those formats at its start)");

        if (format is WebpFormat && !(info.Metadata.GetWebpMetadata().FileFormat == WebpFileFormatType.Lossy && info.PixelType.BitsPerPixel == 24))
            throw new DcganException($"{source}: a lossless WebP or a WebP with alpha, which dcgan does not read: ImageSharp 2.1.13 decodes those "
                + "with tables sized from the file's entropy-coded data, outside dcgan's memory bounds (up to 1.2 GB for a 524-byte file); convert it to PNG");

        int width = info.Width, height = info.Height;
        long pixels = (long)width * height;
        if (width <= 0 || height <= 0 || width > MaxSide || height > MaxSide || pixels > MaxPixels)
            throw new DcganException($"{source}: the image header claims {width}x{height} pixels; dcgan reads images of 1 to {MaxSide} pixels a side and at most {MaxPixels} pixels");
        long blocks = BlockPixels(width, height);
        if (3 * blocks > MaxExpansion * file.Length)
            throw new DcganException($"{source}: the image header claims {width}x{height} pixels, more than its {file.Length} bytes can hold; the file is damaged");

        allocator.Reset(DecodeBudget(width, height));
        var decoder = configuration.ImageFormatsManager.FindDecoder(format);
        try
        {
            using var image = Image.Load<Rgb24>(configuration, file, decoder);
            if (image.Width != width || image.Height != height)
                throw new DcganException($"{source}: the header says {width}x{height} pixels but the image decodes to {image.Width}x{image.Height}; the file is damaged");
            var rgb = new byte[3 * pixels];
            image.CopyPixelDataTo(rgb);
            return new DecodedImage(width, height, rgb, IsGrey(info, format));
        }
        catch (Exception e) when (IsDecoderRefusal(e))
        {
            throw Unreadable(source, e);
        }
    }

    /// <summary>The pixels of a <paramref name="width"/> x <paramref name="height"/> image rounded up to whole 16x16 blocks.</summary>
    public static long BlockPixels(int width, int height) => (width + 15L) / 16 * 16 * ((height + 15L) / 16 * 16);

    /// <summary>What decoding an image of that size may allocate through ImageSharp's allocator.</summary>
    public static long DecodeBudget(int width, int height) => FixedBudget + BytesPerPixel * BlockPixels(width, height);

    /// <summary>One channel stored: a grey PNG, JPEG, TIFF, TGA or PGM/PBM, or an 8-bit-or-less BMP without a palette.</summary>
    private static bool IsGrey(IImageInfo info, IImageFormat format) => format switch
    {
        PngFormat => info.Metadata.GetPngMetadata().ColorType is PngColorType.Grayscale or PngColorType.GrayscaleWithAlpha,
        JpegFormat => info.Metadata.GetJpegMetadata().ColorType is JpegColorType.Luminance,
        PbmFormat => info.Metadata.GetPbmMetadata().ColorType is PbmColorType.Grayscale or PbmColorType.BlackAndWhite,
        _ => false,
    };

    /// <summary>
    /// What ImageSharp throws on a file it cannot decode. Its own format and content exceptions, unsupported
    /// features and the budget allocator's refusal are the documented ones; the fuzz suite shows its decoders let
    /// others escape on damaged files too (a null reference in WebP's header reader, division by zero for a BMP of
    /// 56477 bits per pixel or a PPM of maximum value 0, an argument out of range for a VP8 partition size), so
    /// everything thrown inside ImageSharp is taken as the file's fault, except running out of memory, which the
    /// budgets exist to prevent and which must stay visible if they fail.
    /// </summary>
    private static bool IsDecoderRefusal(Exception e) => e is not (OutOfMemoryException or DcganException);

    private static DcganException Unreadable(string source, Exception e)
    {
        string why = e is ImageFormatException or NotSupportedException or InvalidMemoryOperationException
            ? e.Message
            : $"the decoder failed on it with {e.GetType().Name}: {e.Message}";
        return new($"{source}: not a readable image ({ParseProblem.OneLine(why)})", e);
    }

    /// <summary>
    /// Managed arrays (as ImageSharp's <see cref="SimpleGcMemoryAllocator"/> gives them), counted: once the bytes
    /// handed out since <see cref="Reset"/> would pass the budget, the request is refused with an
    /// <see cref="InvalidMemoryOperationException"/>, which the decoder passes up.
    /// </summary>
    private sealed class BudgetAllocator : MemoryAllocator
    {
        private static readonly SimpleGcMemoryAllocator Heap = new();
        private long _budget;
        private long _given;

        public void Reset(long budget) => (_budget, _given) = (budget, 0);

        protected override int GetBufferCapacityInBytes() => int.MaxValue;

        public override IMemoryOwner<T> Allocate<T>(int length, AllocationOptions options = AllocationOptions.None)
        {
            if (length < 0)
                throw new InvalidMemoryOperationException($"the decoder asked for a buffer of {length} elements");
            long bytes = (long)length * Unsafe.SizeOf<T>();
            if (_given + bytes > _budget)
                throw new InvalidMemoryOperationException($"decoding needs more than the {_budget} bytes dcgan allows for it; the file is damaged");
            _given += bytes;
            return Heap.Allocate<T>(length, options);
        }
    }
}
