using System.Diagnostics;
using Microsoft.Extensions.Logging;
using TwinGan.Data.Augmentation;
using TwinGan.Data.Imaging;

namespace TwinGan.Serving;

/// <summary>A request image decoded, cropped to a square and resized to the model's resolution.</summary>
public sealed record PreparedImage(RgbImage Image, CropBox Box, bool FaceDetected, bool FaceCropRequested, TimeSpan DecodeTime);

/// <summary>
/// Decodes request images through the codec's limits and crops them: centre square by default, or a detected
/// face when the request asks (falling back to the centre square when no face is found or no detector is
/// installed — the crop method in the response says which).
/// </summary>
public sealed class ImagePreparation(ImageLimits limits, Func<FaceCropper?> faceCropper)
{
    public PreparedImage Prepare(byte[] data, int resolution, bool faceCrop)
    {
        var started = Stopwatch.GetTimestamp();
        var decoded = ImageCodec.Decode(data, limits);
        var detector = faceCrop ? faceCropper() : null;
        var crop = detector?.Locate(decoded) ?? new FaceCrop(CropBox.CenterSquare(decoded.Width, decoded.Height), Detected: false);
        var image = decoded.Crop(crop.Box).Resize(resolution, resolution);
        return new PreparedImage(image, crop.Box, crop.Detected, faceCrop, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// A face cropper created when a request first asks for one, or null (centre-crop fallback) when OpenCV or the
    /// cascade is missing; that is logged once, as a warning, since every face-crop request is then degraded.
    /// </summary>
    public static Func<FaceCropper?> LazyFaceCropper(FaceCropOptions options, ILogger logger)
    {
        var lazy = new Lazy<FaceCropper?>(() =>
        {
            try
            {
                return FaceCropper.Create(options, outputSize: 1);
            }
            catch (FaceDetectorUnavailableException e)
            {
                ServingLog.FaceDetectorUnavailable(logger, e.Message);
                return null;
            }
        });
        return () => lazy.Value;
    }
}
