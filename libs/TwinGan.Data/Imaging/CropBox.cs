namespace TwinGan.Data.Imaging;

/// <summary>A pixel rectangle inside an image: left, top, width, height.</summary>
public readonly record struct CropBox(int X, int Y, int Width, int Height)
{
    public int Right => X + Width;

    public int Bottom => Y + Height;

    /// <summary>The largest centred square: the fallback crop when no face is found (as the original TwinGAN did).</summary>
    public static CropBox CenterSquare(int imageWidth, int imageHeight)
    {
        int side = Math.Min(imageWidth, imageHeight);
        return new CropBox((imageWidth - side) / 2, (imageHeight - side) / 2, side, side);
    }

    /// <summary>A square of <paramref name="side"/> centred on (cx, cy), shrunk and shifted to fit inside the image.</summary>
    public static CropBox SquareAround(double cx, double cy, double side, int imageWidth, int imageHeight)
    {
        int s = (int)Math.Round(Math.Clamp(side, 1, Math.Min(imageWidth, imageHeight)));
        int x = (int)Math.Round(cx - (s / 2.0));
        int y = (int)Math.Round(cy - (s / 2.0));
        return new CropBox(Math.Clamp(x, 0, imageWidth - s), Math.Clamp(y, 0, imageHeight - s), s, s);
    }
}
