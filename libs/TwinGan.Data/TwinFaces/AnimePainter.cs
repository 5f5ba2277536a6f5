using SkiaSharp;

namespace TwinGan.Data.TwinFaces;

/// <summary>
/// The anime-like domain: flat cel colours with one hard shadow tone, dark outlines, a big head with low large
/// eyes, a pointed chin and jagged hair strands.
/// </summary>
internal static class AnimePainter
{
    private const float Line = 3f;

    public static void Paint(SKCanvas canvas, FaceLatent latent, Rng detail)
    {
        var l = FaceLayout.For(FaceDomain.Anime, latent.YawDegrees);
        var hair = Palette.Hair(latent.HairColor, FaceDomain.Anime);
        var skin = Palette.Skin(latent.SkinTone, FaceDomain.Anime);
        var clothes = Palette.Clothes(detail, FaceDomain.Anime);
        canvas.Clear(Palette.Background(latent.Background, FaceDomain.Anime));

        canvas.Save();
        canvas.RotateDegrees(latent.TiltDegrees, FaceLayout.Center, 200);
        using (var volume = HairShapes.Volume(l, latent))
            Cel(canvas, volume, Palette.Scale(hair, 0.8f));
        using (var tails = HairShapes.Tails(l, latent))
            Cel(canvas, tails, hair);
        canvas.Restore();

        Body(canvas, l, skin, clothes);

        canvas.Save();
        canvas.RotateDegrees(latent.TiltDegrees, FaceLayout.Center, 200);
        using (var locks = HairShapes.Locks(l, latent, jagged: true))
            Cel(canvas, locks, hair);
        if (latent.HairLength == HairLength.Short || !HairShapes.IsLoose(latent.HairStyle))
            Ears(canvas, l, skin);
        Face(canvas, l, latent, skin);
        AnimeFeatures.Paint(canvas, l, latent, skin, hair);
        FrontHair(canvas, l, latent, hair);
        if (latent.Glasses)
            AnimeFeatures.Glasses(canvas, l);
        AnimeFeatures.Ornament(canvas, l, latent, detail);
        canvas.Restore();
    }

    /// <summary>A flat fill with a dark outline: the cel look.</summary>
    public static void Cel(SKCanvas canvas, SKPath path, SKColor fill, float line = Line)
    {
        if (path.IsEmpty)
            return;
        Draw.Fill(canvas, path, fill);
        Draw.Stroke(canvas, path, Palette.Ink(fill), line);
    }

    private static void Body(SKCanvas canvas, FaceLayout l, SKColor skin, SKColor clothes)
    {
        using var neck = new SKPath();
        neck.AddRect(SKRect.Create(FaceLayout.Center - l.NeckHalfWidth, l.ChinY - 30, l.NeckHalfWidth * 2, 256 - l.ChinY + 30));
        Cel(canvas, neck, skin);
        // Hard cel shadow under the chin.
        using var shadow = new SKPath();
        shadow.MoveTo(FaceLayout.Center - l.NeckHalfWidth, l.ChinY - 20);
        shadow.LineTo(FaceLayout.Center + l.NeckHalfWidth, l.ChinY - 20);
        shadow.LineTo(FaceLayout.Center + l.NeckHalfWidth, l.ChinY + 8);
        shadow.LineTo(FaceLayout.Center - l.NeckHalfWidth, l.ChinY + 16);
        shadow.Close();
        Draw.Fill(canvas, shadow, Palette.Scale(skin, 0.82f));
        using var body = new SKPath();
        float w = l.ShoulderHalfWidth, y = l.ShoulderY;
        body.MoveTo(FaceLayout.Center - w - 6, 262);
        body.CubicTo(FaceLayout.Center - w, y, FaceLayout.Center - w + 20, y - 4, FaceLayout.Center - l.NeckHalfWidth - 4, y - 6);
        body.LineTo(FaceLayout.Center, y + 18);
        body.LineTo(FaceLayout.Center + l.NeckHalfWidth + 4, y - 6);
        body.CubicTo(FaceLayout.Center + w - 20, y - 4, FaceLayout.Center + w, y, FaceLayout.Center + w + 6, 262);
        body.Close();
        Cel(canvas, body, clothes);
        using var collar = new SKPath();
        collar.MoveTo(FaceLayout.Center - l.NeckHalfWidth - 4, y - 6);
        collar.LineTo(FaceLayout.Center, y + 18);
        collar.LineTo(FaceLayout.Center + l.NeckHalfWidth + 4, y - 6);
        collar.LineTo(FaceLayout.Center + l.NeckHalfWidth + 26, y + 4);
        collar.LineTo(FaceLayout.Center, y + 34);
        collar.LineTo(FaceLayout.Center - l.NeckHalfWidth - 26, y + 4);
        collar.Close();
        Cel(canvas, collar, new SKColor(250, 250, 250), 2f);
    }

    private static void Ears(SKCanvas canvas, FaceLayout l, SKColor skin)
    {
        foreach (int side in (ReadOnlySpan<int>)[-1, 1])
        {
            var at = l.Outline(side * (l.JawHalfWidth(l.EyeY) - 2), l.EyeY + 2);
            float squash = Math.Clamp(1f - (side * l.YawShift / l.Radius), 0.3f, 1.4f);
            using var ear = new SKPath();
            ear.AddOval(SKRect.Create(at.X + (side * 2 * squash) - (6 * squash), at.Y - 11, 12 * squash, 22));
            Cel(canvas, ear, skin, 2f);
        }
    }

    private static void Face(SKCanvas canvas, FaceLayout l, FaceLatent latent, SKColor skin)
    {
        using var face = l.FacePath();
        Draw.Fill(canvas, face, skin);
        // The hard shadow the bangs cast on the forehead.
        canvas.Save();
        canvas.ClipPath(face, antialias: true);
        using (var cap = HairShapes.Cap(l, latent, jagged: true))
        {
            canvas.Translate(-3, 9);
            Draw.Fill(canvas, cap, Palette.Scale(skin, 0.86f));
        }
        canvas.Restore();
        Draw.Stroke(canvas, face, Palette.Ink(skin), Line);
    }

    private static void FrontHair(SKCanvas canvas, FaceLayout l, FaceLatent latent, SKColor hair)
    {
        using var cap = HairShapes.Cap(l, latent, jagged: true);
        Draw.Fill(canvas, cap, hair);
        canvas.Save();
        canvas.ClipPath(cap, antialias: true);
        // The glossy "angel ring" highlight of anime hair.
        using (var ring = new SKPath())
        {
            ring.AddArc(SKRect.Create(FaceLayout.Center - (l.CraniumRx * 0.8f), l.CraniumY - (l.CraniumRy * 0.75f), l.CraniumRx * 1.6f, l.CraniumRy * 0.9f), 200, 140);
            Draw.Stroke(canvas, ring, Palette.Mix(hair, SKColors.White, 0.55f), 7f);
        }
        var ink = Palette.Ink(hair).WithAlpha(150);
        foreach (float x in (ReadOnlySpan<float>)[-0.55f, -0.15f, 0.25f, 0.6f])
        {
            using var strand = Draw.Curve(FaceLayout.Center + (x * 30), l.CraniumY - l.CraniumRy + 10, FaceLayout.Center + (x * 70), l.CraniumY - 30, FaceLayout.Center + (x * l.CraniumRx), l.BrowY);
            Draw.Stroke(canvas, strand, ink, 1.5f);
        }
        canvas.Restore();
        Draw.Stroke(canvas, cap, Palette.Ink(hair), Line);
    }
}
