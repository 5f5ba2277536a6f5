namespace TwinGan.Data.Imaging;

/// <summary>Why an image was refused; services map every reason to <c>InvalidArgument</c>.</summary>
public enum ImageDecodeFailure
{
    Empty,
    TooManyBytes,
    NotAnImage,
    ZeroSize,
    TooManyPixels,
    Truncated,
    Corrupt,
}

/// <summary>A request image that cannot be used, with a message a person can act on.</summary>
public sealed class ImageDecodeException(ImageDecodeFailure failure, string message) : Exception(message)
{
    public ImageDecodeFailure Failure { get; } = failure;
}

/// <summary>Output encodings the services offer.</summary>
public enum EncodedImageFormat
{
    Png,
    Jpeg,
    Webp,
}
