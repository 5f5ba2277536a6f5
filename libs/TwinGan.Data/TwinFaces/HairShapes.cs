using SkiaSharp;

namespace TwinGan.Data.TwinFaces;

/// <summary>
/// Hair outlines shared by both painters: the volume behind the head, the locks hanging beside the face (their
/// length is the hair-length latent), ponytail and twin tails, and the front cap whose hairline is the style
/// (blunt fringe, side part, pulled back). Anime hair uses the same shapes with jagged strand tips.
/// </summary>
internal static class HairShapes
{
    public static bool IsLoose(HairStyle style) => style is HairStyle.Straight or HairStyle.Fringe;

    /// <summary>Where loose hair or tails end.</summary>
    public static float EndY(FaceLayout l, HairLength length) => length switch
    {
        HairLength.Short => l.EyeY + 8,
        HairLength.Medium => l.ChinY + 6,
        _ => 262,
    };

    public static SKPath Volume(FaceLayout l, FaceLatent latent)
    {
        var path = new SKPath();
        path.AddOval(SKRect.Create(FaceLayout.Center - l.CraniumRx - 9, l.CraniumY - l.CraniumRy - 8, (l.CraniumRx + 9) * 2, (l.CraniumRy + 8) * 2));
        if (IsLoose(latent.HairStyle) && latent.HairLength != HairLength.Short)
        {
            float bottom = Math.Min(EndY(l, latent.HairLength), l.ShoulderY + 12);
            path.AddRoundRect(SKRect.Create(FaceLayout.Center - l.CraniumRx - 10, l.CraniumY, (l.CraniumRx + 10) * 2, bottom - l.CraniumY), 14, 14);
        }
        return path;
    }

    /// <summary>Two strands from the temples down to the length's end, leaving a gap for the neck.</summary>
    public static SKPath Locks(FaceLayout l, FaceLatent latent, bool jagged)
    {
        var path = new SKPath();
        if (!IsLoose(latent.HairStyle) || latent.HairLength == HairLength.Short)
            return path;
        float end = EndY(l, latent.HairLength), spread = latent.HairLength == HairLength.Long ? 22 : 12;
        foreach (int side in (ReadOnlySpan<int>)[-1, 1])
        {
            float inner = l.NeckHalfWidth + 4, outer = l.CraniumRx + 10;
            path.MoveTo(FaceLayout.Center + (side * inner), l.CraniumY);
            path.LineTo(FaceLayout.Center + (side * outer), l.CraniumY);
            path.QuadTo(FaceLayout.Center + (side * (outer + spread)), (l.CraniumY + end) / 2, FaceLayout.Center + (side * (outer + spread)), end);
            int tips = jagged ? 4 : 1;
            float from = outer + spread, to = inner + 6;
            for (int i = 1; i <= tips; i++)
            {
                float x = from + ((to - from) * i / tips);
                if (jagged)
                    path.LineTo(FaceLayout.Center + (side * (x + ((from - to) / tips / 2))), end - 14);
                path.LineTo(FaceLayout.Center + (side * x), end);
            }
            path.Close();
        }
        return path;
    }

    /// <summary>Ponytail (one tail to the back right) or twin tails (one each side); empty for loose hair.</summary>
    public static SKPath Tails(FaceLayout l, FaceLatent latent)
    {
        var path = new SKPath();
        float end = EndY(l, latent.HairLength) + (latent.HairLength == HairLength.Short ? 18 : 0);
        if (latent.HairStyle == HairStyle.Ponytail)
        {
            float tx = FaceLayout.Center + (l.CraniumRx * 0.55f), ty = l.CraniumY - (l.CraniumRy * 0.7f);
            path.MoveTo(tx - 8, ty);
            path.CubicTo(tx + 60, ty - 20, tx + 58, (ty + end) / 2, tx + 40, end);
            path.CubicTo(tx + 30, (ty + end) / 2, tx + 20, ty + 30, tx - 4, ty + 16);
            path.Close();
        }
        else if (latent.HairStyle == HairStyle.TwinTails)
        {
            foreach (int side in (ReadOnlySpan<int>)[-1, 1])
            {
                float tx = FaceLayout.Center + (side * (l.CraniumRx - 2)), ty = l.CraniumY - (l.CraniumRy * 0.45f);
                path.MoveTo(tx, ty - 10);
                path.CubicTo(tx + (side * 46), ty, tx + (side * 44), (ty + end) / 2, tx + (side * 30), end);
                path.CubicTo(tx + (side * 14), (ty + end) / 2, tx + (side * 4), ty + 40, tx - (side * 4), ty + 14);
                path.Close();
            }
        }
        return path;
    }

    /// <summary>Where the tails are tied (ornaments and ties are drawn there).</summary>
    public static IReadOnlyList<SKPoint> TiePoints(FaceLayout l, HairStyle style) => style switch
    {
        HairStyle.Ponytail => [new(FaceLayout.Center + (l.CraniumRx * 0.55f), l.CraniumY - (l.CraniumRy * 0.7f) + 6)],
        HairStyle.TwinTails => [new(FaceLayout.Center - l.CraniumRx + 2, l.CraniumY - (l.CraniumRy * 0.45f)), new(FaceLayout.Center + l.CraniumRx - 2, l.CraniumY - (l.CraniumRy * 0.45f))],
        _ => [],
    };

    /// <summary>The cap over the cranium; its lower edge is the hairline of the style.</summary>
    public static SKPath Cap(FaceLayout l, FaceLatent latent, bool jagged)
    {
        var path = new SKPath();
        float rx = l.CraniumRx + 5, ry = l.CraniumRy + 5, side = l.EyeY - 10;
        path.MoveTo(l.Outline(-rx, side));
        path.LineTo(l.Outline(-rx, l.CraniumY));
        path.ArcTo(SKRect.Create(FaceLayout.Center - rx, l.CraniumY - ry, rx * 2, ry * 2), 180, 180, false);
        path.LineTo(l.Outline(rx, side));
        var hairline = Hairline(l, latent.HairStyle);
        for (int i = 0; i < hairline.Length; i++)
        {
            var p = l.Outline(hairline[i].X, hairline[i].Y);
            if (jagged && i > 0)
            {
                // Anime strands: every segment ends in a point that hangs below the hairline.
                var q = l.Outline(hairline[i - 1].X, hairline[i - 1].Y);
                path.LineTo(new SKPoint((p.X + q.X) / 2, ((p.Y + q.Y) / 2) + 12));
            }
            path.LineTo(p);
        }
        path.Close();
        return path;
    }

    /// <summary>Hairline from the right temple to the left one, in frontal coordinates (x from the centre line).</summary>
    private static SKPoint[] Hairline(FaceLayout l, HairStyle style)
    {
        float rx = l.CraniumRx, brow = l.BrowY, side = l.EyeY - 10, top = l.CraniumY - (l.CraniumRy * 0.55f);
        return style switch
        {
            HairStyle.Fringe => [new(rx + 4, side), new(rx * 0.75f, brow - 4), new(rx * 0.25f, brow - 3), new(-rx * 0.25f, brow - 3), new(-rx * 0.75f, brow - 4), new(-rx - 4, side)],
            HairStyle.Straight => [new(rx + 4, side), new(rx * 0.7f, top + 18), new(rx * 0.3f, top), new(-rx * 0.1f, top + 22), new(-rx * 0.6f, brow - 8), new(-rx - 4, side)],
            _ => [new(rx + 4, side), new(rx * 0.6f, top + 14), new(0, top + 4), new(-rx * 0.6f, top + 14), new(-rx - 4, side)],
        };
    }
}
