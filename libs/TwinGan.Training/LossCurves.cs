using SkiaSharp;

namespace TwinGan.Training;

/// <summary>loss-curves.png: the generator and discriminator totals over images seen, with axes, ticks and a legend.</summary>
internal static class LossCurves
{
    private const int Width = 800, Height = 450, Left = 70, Right = 20, Top = 20, Bottom = 50;

    private static readonly (string Name, string Label, SKColor Color)[] Series =
    [
        (LossNames.GeneratorTotal, "G total (E/G, both domains)", new SKColor(0x1f, 0x77, 0xb4)),
        (LossNames.DiscriminatorTotal, "D total (both discriminators)", new SKColor(0xd6, 0x27, 0x28)),
    ];

    public static void Write(IReadOnlyList<StatsEntry> stats, string path)
    {
        var points = Series.Select(s => stats
            .Where(e => e.Losses.TryGetValue(s.Name, out var v) && double.IsFinite(v))
            .Select(e => new SKPoint(e.ImagesSeen, (float)e.Losses[s.Name]))
            .ToArray()).ToArray();
        var all = points.SelectMany(p => p).ToArray();
        using var bitmap = new SKBitmap(Width, Height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            if (all.Length > 0)
                Draw(canvas, points, all);
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        var temporary = $"{path}.tmp-{Guid.NewGuid():N}";
        File.WriteAllBytes(temporary, data.ToArray());
        File.Move(temporary, path, overwrite: true);
    }

    private static void Draw(SKCanvas canvas, SKPoint[][] series, SKPoint[] all)
    {
        var (xMin, xMax) = (all.Min(p => p.X), all.Max(p => p.X));
        var (yMin, yMax) = (Math.Min(0, all.Min(p => p.Y)), all.Max(p => p.Y));
        if (xMax <= xMin)
            xMax = xMin + 1;
        if (yMax <= yMin)
            yMax = yMin + 1;
        var plot = new SKRect(Left, Top, Width - Right, Height - Bottom);
        SKPoint Map(SKPoint p) => new(plot.Left + ((p.X - xMin) / (xMax - xMin) * plot.Width), plot.Bottom - ((p.Y - yMin) / (yMax - yMin) * plot.Height));

        using var font = new SKFont(SKTypeface.Default, 12);
        using var axis = new SKPaint { Color = SKColors.Black, StrokeWidth = 1, IsAntialias = true };
        using var grid = new SKPaint { Color = new SKColor(0xe0, 0xe0, 0xe0), StrokeWidth = 1 };
        using var text = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        for (var i = 0; i <= 5; i++)
        {
            var x = plot.Left + (plot.Width * i / 5);
            var y = plot.Bottom - (plot.Height * i / 5);
            canvas.DrawLine(x, plot.Top, x, plot.Bottom, grid);
            canvas.DrawLine(plot.Left, y, plot.Right, y, grid);
            canvas.DrawText(Tick(xMin + ((xMax - xMin) * i / 5)), x, plot.Bottom + 16, SKTextAlign.Center, font, text);
            canvas.DrawText(Tick(yMin + ((yMax - yMin) * i / 5)), plot.Left - 6, y + 4, SKTextAlign.Right, font, text);
        }
        canvas.DrawLine(plot.Left, plot.Bottom, plot.Right, plot.Bottom, axis);
        canvas.DrawLine(plot.Left, plot.Top, plot.Left, plot.Bottom, axis);
        canvas.DrawText("images seen", plot.MidX, Height - 10, SKTextAlign.Center, font, text);
        canvas.DrawText("loss", 8, plot.Top + 12, SKTextAlign.Left, font, text);

        using var legendBox = new SKPaint { Color = SKColors.White.WithAlpha(230) };
        using var legendFrame = new SKPaint { Color = SKColors.Gray, Style = SKPaintStyle.Stroke };
        var legend = new SKRect(plot.Right - 238, plot.Top + 4, plot.Right - 4, plot.Top + 10 + (Series.Length * 18));
        for (var s = 0; s < Series.Length; s++)
        {
            using var line = new SKPaint { Color = Series[s].Color, StrokeWidth = 2, IsAntialias = true, Style = SKPaintStyle.Stroke };
            if (series[s].Length == 1)
                canvas.DrawCircle(Map(series[s][0]), 3, line);
            else if (series[s].Length > 1)
                canvas.DrawPoints(SKPointMode.Polygon, [.. series[s].Select(Map)], line);
            if (s == 0)
            {
                canvas.DrawRect(legend, legendBox);
                canvas.DrawRect(legend, legendFrame);
            }
            var legendY = plot.Top + 20 + (s * 18);
            canvas.DrawLine(plot.Right - 230, legendY - 4, plot.Right - 205, legendY - 4, line);
            canvas.DrawText(Series[s].Label, plot.Right - 200, legendY, SKTextAlign.Left, font, text);
        }
    }

    private static string Tick(double value) =>
        Math.Abs(value) >= 10_000 ? value.ToString("0.###e0", System.Globalization.CultureInfo.InvariantCulture)
            : value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
}
