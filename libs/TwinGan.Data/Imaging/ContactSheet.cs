namespace TwinGan.Data.Imaging;

/// <summary>Tiles equally sized images into one grid image (sample sheets for docs and training runs).</summary>
public static class ContactSheet
{
    public static RgbImage Compose(IReadOnlyList<RgbImage> images, int columns, int gap = 2, byte gapShade = 255)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        if (images.Count == 0)
            throw new ArgumentException("No images to tile.", nameof(images));
        int w = images[0].Width, h = images[0].Height, rows = (images.Count + columns - 1) / columns;
        int width = (columns * w) + ((columns - 1) * gap), height = (rows * h) + ((rows - 1) * gap);
        var pixels = new byte[width * height * 3];
        Array.Fill(pixels, gapShade);
        for (int i = 0; i < images.Count; i++)
        {
            var image = images[i];
            if (image.Width != w || image.Height != h)
                throw new ArgumentException($"Image {i} is {image.Width}x{image.Height}, expected {w}x{h}.", nameof(images));
            int x0 = (i % columns) * (w + gap), y0 = (i / columns) * (h + gap);
            for (int y = 0; y < h; y++)
                Array.Copy(image.Pixels, y * w * 3, pixels, (((y0 + y) * width) + x0) * 3, w * 3);
        }
        return new RgbImage(width, height, pixels);
    }
}
