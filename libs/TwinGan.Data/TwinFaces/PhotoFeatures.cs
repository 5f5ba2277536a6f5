using SkiaSharp;

namespace TwinGan.Data.TwinFaces;

/// <summary>Photo-like facial features: small almond eyes, a shaded nose with nostrils, lips, the extras are in <see cref="PhotoExtras"/>.</summary>
internal static class PhotoFeatures
{
    private static readonly SKColor Dark = new(45, 30, 28);

    public static void Paint(SKCanvas canvas, FaceLayout l, FaceLatent latent, SKColor skin, SKColor hair, int light, Rng detail)
    {
        var iris = Palette.Eyes(latent.EyeColor, FaceDomain.Photo);
        var brow = Palette.Mix(Palette.Scale(hair, 0.7f), Dark, 0.3f).WithAlpha(215);
        foreach (int side in (ReadOnlySpan<int>)[-1, 1])
        {
            Draw.AtFeature(canvas, l, side * l.EyeDx, l.EyeY, side, 1f, c => Eye(c, l, iris, latent.Expression == Expression.Smile));
            Draw.AtFeature(canvas, l, side * l.EyeDx, l.BrowY, side, 1f, c => Brow(c, brow));
        }
        if (latent.Wrinkles)
            PhotoExtras.Wrinkles(canvas, l);
        if (latent.Freckles)
            PhotoExtras.Freckles(canvas, l, detail);
        Draw.AtFeature(canvas, l, 0, l.NoseY, 1, 1.2f, c => Nose(c, l, light));
        if (latent.Beard)
            PhotoExtras.Beard(canvas, l, hair);
        var lips = Palette.Mix(skin, new SKColor(170, 70, 72), 0.45f);
        Draw.AtFeature(canvas, l, 0, l.MouthY, 1, 1.05f, c => Mouth(c, latent.Expression, lips));
    }

    public static void Glasses(SKCanvas canvas, FaceLayout l)
    {
        var frame = new SKColor(32, 32, 38, 235);
        foreach (int side in (ReadOnlySpan<int>)[-1, 1])
        {
            Draw.AtFeature(canvas, l, side * l.EyeDx, l.EyeY, side, 1f, c =>
            {
                using var lens = new SKPath();
                lens.AddRoundRect(SKRect.Create(-15, -10, 30, 19), 6, 6);
                Draw.Fill(c, lens, new SKColor(255, 255, 255, 28));
                Draw.Stroke(c, lens, frame, 2.4f);
            });
            Draw.Line(canvas, l.X(side * (l.EyeDx + 15)), l.EyeY - 5, l.Outline(side * l.CraniumRx, l.EyeY - 4).X, l.EyeY - 2, frame, 2f);
        }
        using var bridge = Draw.Curve(l.X(-(l.EyeDx - 15)), l.EyeY - 4, l.X(0, 1.1f), l.EyeY - 8, l.X(l.EyeDx - 15), l.EyeY - 4);
        Draw.Stroke(canvas, bridge, frame, 2.2f);
    }

    private static void Eye(SKCanvas c, FaceLayout l, SKColor iris, bool smiling)
    {
        float a = l.EyeRx, b = smiling ? l.EyeRy * 0.75f : l.EyeRy;
        Draw.Oval(c, 0, -3, a + 4, b + 4, new SKColor(60, 30, 20, 35));
        using var white = new SKPath();
        white.MoveTo(-a, 0);
        white.QuadTo(-1, -2.3f * b, a, 0);
        white.QuadTo(0, 1.7f * b, -a, 0);
        Draw.Fill(c, white, new SKColor(232, 226, 220));
        c.Save();
        c.ClipPath(white, antialias: true);
        Draw.Oval(c, -1, 0, 4.6f, 4.6f, iris);
        Draw.Oval(c, -1, 0, 2f, 2f, new SKColor(15, 10, 10));
        Draw.Oval(c, -2.3f, -1.4f, 1.1f, 1.1f, new SKColor(255, 255, 255, 200));
        c.Restore();
        using var lid = Draw.Curve(-a - 1, 0.5f, -1, -2.4f * b, a + 1, 0);
        Draw.Stroke(c, lid, Dark.WithAlpha(220), 1.7f);
        using var crease = Draw.Curve(-a + 1, -b - 1, 0, -2.6f * b - 1, a, -b);
        Draw.Stroke(c, crease, Dark.WithAlpha(60), 1f);
    }

    private static void Brow(SKCanvas c, SKColor color)
    {
        using var brow = new SKPath();
        brow.MoveTo(-12, 2);
        brow.QuadTo(-1, -5, 14, 0);
        brow.LineTo(14, 2);
        brow.QuadTo(-1, -1.5f, -12, 5.5f);
        brow.Close();
        Draw.Fill(c, brow, color);
    }

    private static void Nose(SKCanvas c, FaceLayout l, int light)
    {
        using var ridge = Draw.Curve(-light * 4, l.EyeY - l.NoseY + 4, -light * 7, -14, -light * 8, -4);
        Draw.Stroke(c, ridge, new SKColor(60, 30, 20, 50), 3.5f);
        Draw.Oval(c, 0, 6, 10, 4, new SKColor(60, 30, 20, 35));
        Draw.Oval(c, light * 1.5f, -3, 4, 4, new SKColor(255, 255, 255, 45));
        foreach (int side in (ReadOnlySpan<int>)[-1, 1])
        {
            using var wing = Draw.Curve(side * 4, -6, side * 11, 0, side * 5, 3);
            Draw.Stroke(c, wing, new SKColor(60, 30, 20, 100), 1.5f);
            Draw.Oval(c, side * 4.5f, 1.5f, 2.6f, 1.5f, new SKColor(40, 18, 15, 160));
        }
    }

    private static void Mouth(SKCanvas c, Expression expression, SKColor lips)
    {
        var line = new SKColor(70, 25, 25, 190);
        switch (expression)
        {
            case Expression.Smile:
                using (var lower = new SKPath())
                {
                    lower.MoveTo(-17, -4);
                    lower.QuadTo(0, 13, 17, -4);
                    lower.QuadTo(0, 5, -17, -4);
                    Draw.Fill(c, lower, lips);
                }
                using (var smile = Draw.Curve(-18, -5, 0, 7, 18, -5))
                    Draw.Stroke(c, smile, line, 1.8f);
                foreach (int side in (ReadOnlySpan<int>)[-1, 1])
                {
                    using var crease = Draw.Curve(side * 22, -14, side * 26, -4, side * 21, 4);
                    Draw.Stroke(c, crease, new SKColor(70, 30, 25, 55), 1.4f);
                }
                break;
            case Expression.OpenMouth:
                Draw.Oval(c, 0, 3, 14, 11, lips);
                Draw.Oval(c, 0, 3, 10, 7.5f, new SKColor(62, 18, 22));
                Draw.Oval(c, 0, -2.5f, 8, 2.2f, new SKColor(228, 222, 210));
                Draw.Oval(c, 0, 8, 6, 2.5f, new SKColor(170, 70, 80));
                break;
            default:
                using (var upper = new SKPath())
                {
                    upper.MoveTo(-16, 0);
                    upper.QuadTo(-6, -5, 0, -2.5f);
                    upper.QuadTo(6, -5, 16, 0);
                    upper.QuadTo(0, 9, -16, 0);
                    Draw.Fill(c, upper, lips);
                }
                using (var mouth = Draw.Curve(-16, 0, 0, 2, 16, 0))
                    Draw.Stroke(c, mouth, line, 1.3f);
                break;
        }
    }
}
