using SkiaSharp;

namespace TwinGan.Data.TwinFaces;

/// <summary>
/// The photo-like domain: gradients for light and shade (one light side per image), muted colours, realistic
/// proportions; <see cref="TwinFacesRenderer"/> adds sensor-like noise afterwards.
/// </summary>
internal static class PhotoPainter
{
    public static void Paint(SKCanvas canvas, FaceLatent latent, Rng detail)
    {
        var l = FaceLayout.For(FaceDomain.Photo, latent.YawDegrees);
        int light = detail.Chance(0.5) ? -1 : 1;
        var hair = Palette.Hair(latent.HairColor, FaceDomain.Photo);
        var skin = Palette.Skin(latent.SkinTone, FaceDomain.Photo);
        var clothes = Palette.Clothes(detail, FaceDomain.Photo);
        Background(canvas, Palette.Background(latent.Background, FaceDomain.Photo), light);

        canvas.Save();
        canvas.RotateDegrees(latent.TiltDegrees, FaceLayout.Center, 200);
        using (var volume = HairShapes.Volume(l, latent))
            Draw.Fill(canvas, volume, HairShader(hair, 0.7f, l));
        using (var tails = HairShapes.Tails(l, latent))
            Draw.Fill(canvas, tails, HairShader(hair, 0.85f, l));
        canvas.Restore();

        Body(canvas, l, skin, clothes);

        canvas.Save();
        canvas.RotateDegrees(latent.TiltDegrees, FaceLayout.Center, 200);
        using (var locks = HairShapes.Locks(l, latent, jagged: false))
            Draw.Fill(canvas, locks, HairShader(hair, 0.9f, l));
        Ears(canvas, l, skin);
        Face(canvas, l, skin, light);
        PhotoFeatures.Paint(canvas, l, latent, skin, hair, light, detail);
        FrontHair(canvas, l, latent, hair, detail);
        if (latent.Glasses)
            PhotoFeatures.Glasses(canvas, l);
        canvas.Restore();
    }

    private static void Background(SKCanvas canvas, SKColor color, int light)
    {
        using var shader = SKShader.CreateRadialGradient(new SKPoint(128 + (light * 70), 40), 300,
            [Palette.Scale(color, 1.15f), Palette.Scale(color, 0.7f)], SKShaderTileMode.Clamp);
        using var paint = new SKPaint { Shader = shader };
        canvas.DrawRect(0, 0, 256, 256, paint);
    }

    private static SKShader HairShader(SKColor hair, float bottom, FaceLayout l) =>
        SKShader.CreateLinearGradient(new SKPoint(0, l.CraniumY - l.CraniumRy), new SKPoint(0, 256),
            [Palette.Scale(hair, 1.2f), Palette.Scale(hair, bottom)], SKShaderTileMode.Clamp);

    private static void Body(SKCanvas canvas, FaceLayout l, SKColor skin, SKColor clothes)
    {
        using var neck = new SKPath();
        neck.AddRect(SKRect.Create(FaceLayout.Center - l.NeckHalfWidth, l.ChinY - 40, l.NeckHalfWidth * 2, 256 - l.ChinY + 40));
        using (var shade = SKShader.CreateLinearGradient(new SKPoint(0, l.ChinY - 5), new SKPoint(0, l.ChinY + 25),
                   [Palette.Scale(skin, 0.6f), Palette.Scale(skin, 0.88f)], SKShaderTileMode.Clamp))
            Draw.Fill(canvas, neck, shade);
        using var body = new SKPath();
        float w = l.ShoulderHalfWidth, y = l.ShoulderY;
        body.MoveTo(FaceLayout.Center - w - 10, 260);
        body.CubicTo(FaceLayout.Center - w, y + 4, FaceLayout.Center - w + 30, y - 6, FaceLayout.Center - l.NeckHalfWidth - 4, y - 4);
        body.QuadTo(FaceLayout.Center, y + 22, FaceLayout.Center + l.NeckHalfWidth + 4, y - 4);
        body.CubicTo(FaceLayout.Center + w - 30, y - 6, FaceLayout.Center + w, y + 4, FaceLayout.Center + w + 10, 260);
        body.Close();
        using var cloth = SKShader.CreateLinearGradient(new SKPoint(0, y - 10), new SKPoint(0, 256),
            [Palette.Scale(clothes, 1.15f), Palette.Scale(clothes, 0.75f)], SKShaderTileMode.Clamp);
        Draw.Fill(canvas, body, cloth);
    }

    private static void Ears(SKCanvas canvas, FaceLayout l, SKColor skin)
    {
        foreach (int side in (ReadOnlySpan<int>)[-1, 1])
        {
            var at = l.Outline(side * (l.CraniumRx - 3), l.EyeY + 6);
            float squash = Math.Clamp(1f - (side * l.YawShift / l.Radius), 0.3f, 1.4f);
            Draw.Oval(canvas, at.X + (side * 3 * squash), at.Y, 7 * squash, 14, Palette.Scale(skin, 0.88f));
            Draw.Oval(canvas, at.X + (side * 3 * squash), at.Y + 1, 3 * squash, 8, Palette.Scale(skin, 0.72f));
        }
    }

    private static void Face(SKCanvas canvas, FaceLayout l, SKColor skin, int light)
    {
        using var face = l.FacePath();
        using var shader = SKShader.CreateRadialGradient(new SKPoint(FaceLayout.Center + (light * 24) + (l.YawShift * 0.5f), l.EyeY - 8), 105,
            [Palette.Scale(skin, 1.08f), skin, Palette.Scale(skin, 0.74f)], [0f, 0.5f, 1f], SKShaderTileMode.Clamp);
        Draw.Fill(canvas, face, shader);
        // Cheek warmth: real skin is redder over the cheeks, which flat anime skin is not.
        foreach (int side in (ReadOnlySpan<int>)[-1, 1])
        {
            using var blush = SKShader.CreateRadialGradient(new SKPoint(l.X(side * 32), l.MouthY - 16), 20,
                [new SKColor(200, 80, 70, 45), new SKColor(200, 80, 70, 0)], SKShaderTileMode.Clamp);
            using var paint = new SKPaint { Shader = blush, IsAntialias = true };
            canvas.DrawCircle(l.X(side * 32), l.MouthY - 16, 20, paint);
        }
    }

    private static void FrontHair(SKCanvas canvas, FaceLayout l, FaceLatent latent, SKColor hair, Rng detail)
    {
        using var cap = HairShapes.Cap(l, latent, jagged: false);
        Draw.Fill(canvas, cap, HairShader(hair, 0.8f, l));
        canvas.Save();
        canvas.ClipPath(cap, antialias: true);
        var dark = Palette.Scale(hair, 0.6f).WithAlpha(90);
        for (int i = 0; i < 9; i++)
        {
            float x = detail.Range(-l.CraniumRx, l.CraniumRx);
            using var strand = Draw.Curve(FaceLayout.Center + (x * 0.3f), l.CraniumY - l.CraniumRy, FaceLayout.Center + x, l.CraniumY - 40, FaceLayout.Center + (x * 1.2f), l.BrowY);
            Draw.Stroke(canvas, strand, dark, 1.5f);
        }
        Draw.OvalStroke(canvas, FaceLayout.Center - 10, l.CraniumY - 20, l.CraniumRx * 0.7f, l.CraniumRy * 0.6f, new SKColor(255, 255, 255, 22), 8);
        canvas.Restore();
    }
}
