using SkiaSharp;

namespace TwinGan.Data.TwinFaces;

/// <summary>Small drawing helpers shared by the two painters (antialiased fills and strokes, feature frames).</summary>
internal static class Draw
{
    public static void Fill(SKCanvas canvas, SKPath path, SKColor color)
    {
        using var paint = new SKPaint { Color = color, IsAntialias = true, Style = SKPaintStyle.Fill };
        canvas.DrawPath(path, paint);
    }

    public static void Fill(SKCanvas canvas, SKPath path, SKShader shader)
    {
        using var paint = new SKPaint { Shader = shader, IsAntialias = true, Style = SKPaintStyle.Fill };
        canvas.DrawPath(path, paint);
    }

    public static void Stroke(SKCanvas canvas, SKPath path, SKColor color, float width)
    {
        using var paint = new SKPaint
        {
            Color = color, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = width,
            StrokeCap = SKStrokeCap.Round, StrokeJoin = SKStrokeJoin.Round,
        };
        canvas.DrawPath(path, paint);
    }

    public static void Oval(SKCanvas canvas, float cx, float cy, float rx, float ry, SKColor color)
    {
        using var paint = new SKPaint { Color = color, IsAntialias = true, Style = SKPaintStyle.Fill };
        canvas.DrawOval(cx, cy, rx, ry, paint);
    }

    public static void OvalStroke(SKCanvas canvas, float cx, float cy, float rx, float ry, SKColor color, float width)
    {
        using var paint = new SKPaint { Color = color, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = width };
        canvas.DrawOval(cx, cy, rx, ry, paint);
    }

    public static void Line(SKCanvas canvas, float x0, float y0, float x1, float y1, SKColor color, float width)
    {
        using var paint = new SKPaint { Color = color, IsAntialias = true, StrokeWidth = width, StrokeCap = SKStrokeCap.Round };
        canvas.DrawLine(x0, y0, x1, y1, paint);
    }

    public static SKPath Curve(float x0, float y0, float cx, float cy, float x1, float y1)
    {
        var path = new SKPath();
        path.MoveTo(x0, y0);
        path.QuadTo(cx, cy, x1, y1);
        return path;
    }

    /// <summary>
    /// Runs <paramref name="draw"/> in the frame of a face feature at frontal offset <paramref name="x"/>: moved and
    /// foreshortened by yaw, mirrored for the left side so features are drawn once for the right side.
    /// </summary>
    public static void AtFeature(SKCanvas canvas, FaceLayout layout, float x, float y, int side, float depth, Action<SKCanvas> draw)
    {
        canvas.Save();
        canvas.Translate(layout.X(x, depth), y);
        canvas.Scale(layout.Squash(x) * side, 1);
        draw(canvas);
        canvas.Restore();
    }

    public static SKColor WithAlpha(SKColor color, byte alpha) => color.WithAlpha(alpha);
}
