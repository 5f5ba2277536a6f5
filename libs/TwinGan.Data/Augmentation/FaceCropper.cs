using OpenCvSharp;
using TwinGan.Data.Imaging;

namespace TwinGan.Data.Augmentation;

/// <summary>Where a face crop came from: the detector, or the centre-crop fallback.</summary>
public readonly record struct FaceCrop(CropBox Box, bool Detected);

/// <summary>
/// Face-centred square crops with an OpenCV cascade classifier; when no face is found the largest centred square
/// is used, as the original TwinGAN preprocessing did. One detector is shared by the loader's workers, behind a
/// lock: OpenCV does not promise that one CascadeClassifier may run on several threads at once.
/// </summary>
public sealed class FaceCropper : IImageTransform, IDisposable
{
    private readonly CascadeClassifier _cascade;
    private readonly FaceCropOptions _options;
    private readonly int _outputSize;
    private readonly Lock _gate = new();

    private FaceCropper(CascadeClassifier cascade, FaceCropOptions options, int outputSize)
    {
        _cascade = cascade;
        _options = options;
        _outputSize = outputSize;
    }

    /// <summary>Loads the cascade; throws <see cref="FaceDetectorUnavailableException"/> naming the missing package.</summary>
    public static FaceCropper Create(FaceCropOptions options, int outputSize)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputSize);
        string? problem = OpenCvRuntime.Problem(options.CascadePath);
        if (problem is not null)
            throw new FaceDetectorUnavailableException(problem);
        var cascade = new CascadeClassifier(options.CascadePath);
        if (cascade.Empty())
        {
            cascade.Dispose();
            throw new FaceDetectorUnavailableException($"'{options.CascadePath}' is not a cascade classifier file.");
        }
        return new FaceCropper(cascade, options, outputSize);
    }

    public FaceCrop Locate(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var rgb = Mat.FromPixelData(image.Height, image.Width, MatType.CV_8UC3, image.Pixels);
        using var gray = new Mat();
        Cv2.CvtColor(rgb, gray, ColorConversionCodes.RGB2GRAY);
        Cv2.EqualizeHist(gray, gray);
        int minSide = Math.Max(1, (int)(Math.Min(image.Width, image.Height) * _options.MinFaceFraction));
        Rect[] faces;
        lock (_gate)
            faces = _cascade.DetectMultiScale(gray, _options.ScaleFactor, _options.MinNeighbors, HaarDetectionTypes.ScaleImage, new Size(minSide, minSide));
        if (faces.Length == 0)
            return new FaceCrop(CropBox.CenterSquare(image.Width, image.Height), Detected: false);
        var face = faces.MaxBy(f => f.Width * f.Height);
        double side = Math.Max(face.Width, face.Height) * _options.Margin;
        var box = CropBox.SquareAround(face.X + (face.Width / 2.0), face.Y + (face.Height / 2.0), side, image.Width, image.Height);
        return new FaceCrop(box, Detected: true);
    }

    public RgbImage Apply(RgbImage image, Rng rng) => image.Crop(Locate(image).Box).Resize(_outputSize, _outputSize);

    public void Dispose() => _cascade.Dispose();
}
