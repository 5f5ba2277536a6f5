namespace TwinGan.Model.Imaging;

/// <summary>Why image bytes were refused; every reason is the caller's fault (services map it to InvalidArgument).</summary>
public enum ImageDecodeError
{
    /// <summary>No bytes at all.</summary>
    Empty,

    /// <summary>The bytes are not an image any decoder recognises.</summary>
    NotAnImage,

    /// <summary>A recognised image in a format other than PNG, JPEG or WebP.</summary>
    UnsupportedFormat,

    /// <summary>The header declares zero width or height.</summary>
    ZeroSize,

    /// <summary>The header declares more pixels than allowed (decompression-bomb guard; pixels were not decoded).</summary>
    TooManyPixels,

    /// <summary>The pixel data ends early or is corrupt.</summary>
    Truncated,
}

/// <summary>Image bytes could not be turned into a model input; <see cref="Reason"/> says why.</summary>
public sealed class ImageDecodeException : Exception
{
    public ImageDecodeException(ImageDecodeError reason, string message) : base(message) => Reason = reason;

    public ImageDecodeError Reason { get; }
}
