using SkiaSharp;

namespace TwinGan.Data.TwinFaces;

/// <summary>Anime-like features: large eyes with highlights, a dot of a nose, a small mouth, and anime-only extras.</summary>
internal static class AnimeFeatures
{
    private static readonly SKColor Lash = new(36, 24, 36);

    public static void Paint(SKCanvas canvas, FaceLayout l, FaceLatent latent, SKColor skin, SKColor hair)
    {
        var iris = Palette.Eyes(latent.EyeColor, FaceDomain.Anime);
        if (latent.Blush)
            Blush(canvas, l);
        foreach (int side in (ReadOnlySpan<int>)[-1, 1])
        {
            Draw.AtFeature(canvas, l, side * l.EyeDx, l.EyeY, side, 1f, c => Eye(c, l, iris, latent.Expression == Expression.Smile));
            Draw.AtFeature(canvas, l, side * l.EyeDx, l.BrowY, side, 1f, c =>
            {
                using var brow = Draw.Curve(-10, 3, 2, -4, 14, 1);
                Draw.Stroke(c, brow, Palette.Ink(hair), 2.5f);
            });
        }
        var ink = Palette.Ink(skin);
        Draw.AtFeature(canvas, l, 0, l.NoseY, 1, 1.15f, c => Draw.Line(c, -0.5f, -4, 1.5f, 0.5f, ink, 2f));
        Draw.AtFeature(canvas, l, 0, l.MouthY, 1, 1.05f, c => Mouth(c, l, latent.Expression, ink));
    }

    public static void Glasses(SKCanvas canvas, FaceLayout l)
    {
        var frame = new SKColor(70, 40, 70);
        foreach (int side in (ReadOnlySpan<int>)[-1, 1])
        {
            Draw.AtFeature(canvas, l, side * l.EyeDx, l.EyeY, side, 1f, c =>
            {
                using var lens = new SKPath();
                lens.AddRoundRect(SKRect.Create(-20, -18, 40, 37), 13, 13);
                Draw.Stroke(c, lens, frame, 3.5f);
                Draw.Line(c, -12, 6, -2, -12, new SKColor(255, 255, 255, 190), 3f);
            });
            Draw.Line(canvas, l.X(side * (l.EyeDx + 20)), l.EyeY - 8, l.Outline(side * l.JawHalfWidth(l.EyeY), l.EyeY - 8).X, l.EyeY - 10, frame, 3f);
        }
        Draw.Line(canvas, l.X(-(l.EyeDx - 20)), l.EyeY - 6, l.X(l.EyeDx - 20), l.EyeY - 6, frame, 3f);
    }

    public static void Ornament(SKCanvas canvas, FaceLayout l, FaceLatent latent, Rng detail)
    {
        if (latent.Ornament == HairOrnament.None)
            return;
        SKColor[] colours = [new(235, 40, 60), new(255, 255, 255), new(255, 200, 40), new(90, 60, 200)];
        var colour = detail.Pick(colours);
        var ties = HairShapes.TiePoints(l, latent.HairStyle);
        var at = ties.Count > 0 ? ties[0] : new SKPoint(FaceLayout.Center + (l.CraniumRx * 0.55f), l.CraniumY - (l.CraniumRy * 0.72f));
        using var shape = new SKPath();
        if (latent.Ornament == HairOrnament.Ribbon)
        {
            shape.MoveTo(at.X, at.Y);
            shape.LineTo(at.X - 22, at.Y - 14);
            shape.LineTo(at.X - 22, at.Y + 14);
            shape.Close();
            shape.MoveTo(at.X, at.Y);
            shape.LineTo(at.X + 22, at.Y - 14);
            shape.LineTo(at.X + 22, at.Y + 14);
            shape.Close();
            shape.AddCircle(at.X, at.Y, 6);
        }
        else
        {
            // A cross-shaped hair clip on the bangs, opposite the ponytail side.
            float cx = FaceLayout.Center - (l.CraniumRx * 0.5f), cy = l.BrowY - 16;
            shape.AddRoundRect(SKRect.Create(cx - 14, cy - 3, 28, 6), 3, 3);
            shape.AddRoundRect(SKRect.Create(cx - 3, cy - 14, 6, 28), 3, 3);
        }
        AnimePainter.Cel(canvas, shape, colour, 2f);
    }

    private static void Eye(SKCanvas c, FaceLayout l, SKColor iris, bool smiling)
    {
        float rx = l.EyeRx, ry = smiling ? l.EyeRy * 0.85f : l.EyeRy;
        using var white = new SKPath();
        white.AddOval(SKRect.Create(-rx + 1, -ry + 3, (rx - 1) * 2, ry * 2 - 2));
        Draw.Fill(c, white, SKColors.White);
        c.Save();
        c.ClipPath(white, antialias: true);
        Draw.Oval(c, 1, 3, rx * 0.68f, ry * 0.82f, iris);
        Draw.Oval(c, 1, -ry * 0.35f, rx * 0.8f, ry * 0.45f, Palette.Scale(iris, 0.55f));
        Draw.Oval(c, 1, ry * 0.45f, rx * 0.5f, ry * 0.3f, Palette.Mix(iris, SKColors.White, 0.4f));
        Draw.Oval(c, 1, 4, rx * 0.3f, ry * 0.38f, Palette.Scale(iris, 0.25f));
        Draw.Oval(c, -4, -ry * 0.25f, 4.5f, 4.5f, SKColors.White);
        Draw.Oval(c, 6, ry * 0.5f, 2.2f, 2.2f, SKColors.White);
        c.Restore();
        using var upper = new SKPath();
        upper.MoveTo(-rx - 1, -ry * 0.2f);
        upper.QuadTo(0, -ry * 1.35f, rx + 1, -ry * 0.45f);
        upper.LineTo(rx + 5, -ry * 0.7f);
        Draw.Stroke(c, upper, Lash, 5f);
        using var lower = Draw.Curve(-rx * 0.4f, ry + 1, rx * 0.3f, ry + 3, rx * 0.8f, ry * 0.7f);
        Draw.Stroke(c, lower, Lash.WithAlpha(200), 1.6f);
    }

    private static void Mouth(SKCanvas c, FaceLayout l, Expression expression, SKColor ink)
    {
        float w = l.MouthRx;
        if (expression == Expression.OpenMouth)
        {
            using var mouth = new SKPath();
            mouth.MoveTo(-w - 2, -3);
            mouth.LineTo(w + 2, -3);
            mouth.QuadTo(w, 12, 0, 12);
            mouth.QuadTo(-w, 12, -w - 2, -3);
            mouth.Close();
            Draw.Fill(c, mouth, new SKColor(150, 34, 46));
            Draw.Oval(c, 0, 8, w * 0.6f, 3, new SKColor(240, 120, 130));
            Draw.Stroke(c, mouth, ink, 2f);
            return;
        }
        using var line = expression == Expression.Smile ? Draw.Curve(-w - 3, -3, 0, 9, w + 3, -3) : Draw.Curve(-w + 1, 0, 0, 1, w - 1, 0);
        Draw.Stroke(c, line, ink, 2.2f);
    }

    private static void Blush(SKCanvas canvas, FaceLayout l)
    {
        foreach (int side in (ReadOnlySpan<int>)[-1, 1])
        {
            float x = l.X(side * (l.EyeDx + 6)), y = l.EyeY + l.EyeRy + 8;
            Draw.Oval(canvas, x, y, 13, 5, new SKColor(255, 110, 130, 110));
            for (int k = -1; k <= 1; k++)
                Draw.Line(canvas, x + (k * 6) - 2, y + 3, x + (k * 6) + 2, y - 3, new SKColor(230, 70, 100, 170), 1.5f);
        }
    }
}
