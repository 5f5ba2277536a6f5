using SkiaSharp;

namespace TwinGan.Data.TwinFaces;

/// <summary>Photo-only features (beard, wrinkles, freckles): labels that the anime domain never shows.</summary>
internal static class PhotoExtras
{
    public static void Wrinkles(SKCanvas canvas, FaceLayout l)
    {
        var crease = new SKColor(70, 35, 25, 70);
        for (int i = 0; i < 3; i++)
        {
            float y = l.BrowY - 10 - (i * 6);
            using var line = Draw.Curve(l.X(-24), y + 2, l.X(0), y - 3, l.X(24), y + 2);
            Draw.Stroke(canvas, line, crease, 1.2f);
        }
        foreach (int side in (ReadOnlySpan<int>)[-1, 1])
        {
            using var fold = Draw.Curve(l.X(side * 11), l.NoseY - 2, l.X(side * 20), l.MouthY - 10, l.X(side * 19), l.MouthY + 6);
            Draw.Stroke(canvas, fold, crease, 1.6f);
            for (int k = -1; k <= 1; k++)
                Draw.Line(canvas, l.X(side * (l.EyeDx + 12)), l.EyeY + (k * 2), l.X(side * (l.EyeDx + 18)), l.EyeY + (k * 4), crease, 0.9f);
        }
    }

    public static void Freckles(SKCanvas canvas, FaceLayout l, Rng detail)
    {
        var spot = new SKColor(130, 70, 40, 150);
        for (int i = 0; i < 22; i++)
        {
            float x = detail.Range(-38, 38), y = detail.Range(l.EyeY + 10, l.NoseY + 2);
            Draw.Oval(canvas, l.X(x), y, 1.4f, 1.4f, spot);
        }
    }

    public static void Beard(SKCanvas canvas, FaceLayout l, SKColor hair)
    {
        using var beard = new SKPath();
        float top = l.NoseY + 6;
        beard.MoveTo(l.Outline(-l.JawHalfWidth(top) + 1, top - 14));
        for (float y = top - 10; y <= l.ChinY; y += 4)
            beard.LineTo(l.Outline(-l.JawHalfWidth(y), y));
        beard.LineTo(l.Outline(0, l.ChinY + 3));
        for (float y = l.ChinY; y >= top - 14; y -= 4)
            beard.LineTo(l.Outline(l.JawHalfWidth(y), y));
        beard.QuadTo(l.X(20), l.MouthY + 12, l.X(0), l.MouthY + 10);
        beard.QuadTo(l.X(-20), l.MouthY + 12, l.Outline(-l.JawHalfWidth(top) + 1, top - 14).X, top - 14);
        beard.Close();
        Draw.Fill(canvas, beard, Palette.Scale(hair, 0.8f).WithAlpha(200));
        using var moustache = new SKPath();
        moustache.MoveTo(l.X(-19), l.MouthY - 1);
        moustache.QuadTo(l.X(0), l.NoseY, l.X(19), l.MouthY - 1);
        moustache.QuadTo(l.X(0), l.MouthY - 6, l.X(-19), l.MouthY - 1);
        Draw.Fill(canvas, moustache, Palette.Scale(hair, 0.75f).WithAlpha(220));
    }
}
