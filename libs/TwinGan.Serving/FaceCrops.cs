using TwinGan.Contracts.Common.V1;

namespace TwinGan.Serving;

/// <summary>The crop a response reports: where in the original image, and whether a detector found the face.</summary>
public static class FaceCrops
{
    public static FaceCrop ToProto(PreparedImage prepared)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        return new FaceCrop
        {
            Box = new CropBox { X = prepared.Box.X, Y = prepared.Box.Y, Width = prepared.Box.Width, Height = prepared.Box.Height },
            Method = prepared.FaceDetected ? CropMethod.Detected : CropMethod.CenterFallback,
        };
    }
}
