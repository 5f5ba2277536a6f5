using System.Buffers.Binary;
using Google.Protobuf;
using TwinGan.Contracts.Common.V1;
using TwinGan.Data;
using TwinGan.Data.Imaging;
using TwinGan.Data.TwinFaces;

namespace TwinGan.Services.Tests.Serving;

/// <summary>Request images: valid ones of any size, and a corpus of malformed ones.</summary>
internal static class TestImages
{
    public static Image Png(int width, int height, byte seed = 0)
    {
        var pixels = new byte[width * height * 3];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = (byte)((i * 7) + seed);
        return new Image { Data = ByteString.CopyFrom(ImageCodec.Encode(new RgbImage(width, height, pixels), EncodedImageFormat.Png)), MediaType = "image/png" };
    }

    /// <summary>A rendered photo-like twin face on the right half of a 512x256 canvas (a centre crop would miss it).</summary>
    public static Image OffCentreFace()
    {
        var latent = LatentSampler.SampleShared(Rng.For(2, "test", 0)) with { YawDegrees = 0, TiltDegrees = 0, Glasses = false, Beard = false, HairStyle = HairStyle.Ponytail };
        var face = TwinFacesRenderer.Render(latent, FaceDomain.Photo, 256);
        var canvas = new RgbImage(512, 256, new byte[512 * 256 * 3]);
        for (var y = 0; y < 256; y++)
            Array.Copy(face.Pixels, y * 256 * 3, canvas.Pixels, ((y * 512) + 256) * 3, 256 * 3);
        return new Image { Data = ByteString.CopyFrom(ImageCodec.Encode(canvas, EncodedImageFormat.Png)), MediaType = "image/png" };
    }

    /// <summary>Truncated, wrong magic, huge declared size, zero-size and random bytes: each must be refused, none may crash the host.</summary>
    public static IEnumerable<(string Name, byte[] Data)> Malformed()
    {
        var png = Png(32, 32).Data.ToByteArray();
        yield return ("truncated", png[..(png.Length / 2)]);
        var wrongMagic = (byte[])png.Clone();
        wrongMagic[1] = (byte)'X';
        yield return ("wrong magic", wrongMagic);
        yield return ("huge declared dimensions", WithHeaderSize(png, 60_000, 60_000));
        yield return ("zero size", WithHeaderSize(png, 0, 0));
        var random = new byte[4096];
        new Random(3).NextBytes(random);
        yield return ("random bytes", random);
        yield return ("empty", []);
    }

    private static byte[] WithHeaderSize(byte[] png, int width, int height)
    {
        var copy = (byte[])png.Clone();
        BinaryPrimitives.WriteInt32BigEndian(copy.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(copy.AsSpan(20), height);
        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(29), System.IO.Hashing.Crc32.HashToUInt32(copy.AsSpan(12, 17)));
        return copy;
    }
}
