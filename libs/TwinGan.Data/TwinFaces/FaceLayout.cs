using SkiaSharp;

namespace TwinGan.Data.TwinFaces;

/// <summary>
/// Face geometry in a 256x256 design space, per domain. The numbers are where the two domains differ in shape, not
/// only colour: anime heads are larger with the eyes lower and far bigger, a pointed chin and a thin neck; photo
/// heads have small eyes at mid-height, a long nose, a round jaw and a wide neck.
/// Yaw is drawn on a cylinder of radius <see cref="Radius"/>: features slide and foreshorten, and points of the
/// lower face slide in proportion to how far forward they sit, which makes the jaw outline asymmetric.
/// </summary>
internal sealed class FaceLayout
{
    public const float Center = 128f;

    /// <summary>Jaw half-width at heights from the cranium centre down to the chin: (y, half-width).</summary>
    private readonly (float Y, float W)[] _jaw;
    private readonly float _yaw;

    private FaceLayout(FaceDomain domain, float yawDegrees, (float, float)[] jaw)
    {
        Domain = domain;
        _yaw = yawDegrees * MathF.PI / 180f;
        _jaw = jaw;
    }

    public FaceDomain Domain { get; }
    public float CraniumY { get; private init; }
    public float CraniumRx { get; private init; }
    public float CraniumRy { get; private init; }
    public float EyeY { get; private init; }
    public float EyeDx { get; private init; }
    public float EyeRx { get; private init; }
    public float EyeRy { get; private init; }
    public float BrowY { get; private init; }
    public float NoseY { get; private init; }
    public float MouthY { get; private init; }
    public float MouthRx { get; private init; }
    public float ChinY { get; private init; }
    public float NeckHalfWidth { get; private init; }
    public float ShoulderY { get; private init; }
    public float ShoulderHalfWidth { get; private init; }

    /// <summary>Radius of the cylinder that yaw rotates the face on.</summary>
    public float Radius => CraniumRx * 1.05f;

    /// <summary>Horizontal slide of the face centre line (positive = features move right).</summary>
    public float YawShift => Radius * MathF.Sin(_yaw);

    public static FaceLayout For(FaceDomain domain, float yawDegrees) => domain == FaceDomain.Photo
        ? new(domain, yawDegrees, [(112, 60), (140, 59), (160, 55), (178, 45), (190, 31), (196, 14), (198, 0)])
        {
            CraniumY = 112, CraniumRx = 60, CraniumRy = 74, EyeY = 122, EyeDx = 25, EyeRx = 10, EyeRy = 4.6f,
            BrowY = 109, NoseY = 150, MouthY = 171, MouthRx = 16, ChinY = 198, NeckHalfWidth = 25,
            ShoulderY = 224, ShoulderHalfWidth = 112,
        }
        : new(domain, yawDegrees, [(106, 74), (140, 71), (160, 60), (178, 36), (190, 14), (197, 0)])
        {
            CraniumY = 104, CraniumRx = 76, CraniumRy = 78, EyeY = 142, EyeDx = 32, EyeRx = 17, EyeRy = 20,
            BrowY = 114, NoseY = 160, MouthY = 177, MouthRx = 8, ChinY = 197, NeckHalfWidth = 15,
            ShoulderY = 230, ShoulderHalfWidth = 86,
        };

    /// <summary>Where a feature at frontal offset <paramref name="x"/> from the centre line lands after yaw.</summary>
    public float X(float x, float depth = 1f)
    {
        float r = Radius;
        float angle = MathF.Asin(Math.Clamp(x / r, -1f, 1f));
        return Center + (r * MathF.Sin(angle + _yaw)) + ((depth - 1f) * YawShift);
    }

    /// <summary>Horizontal foreshortening of a feature at frontal offset <paramref name="x"/>.</summary>
    public float Squash(float x)
    {
        float angle = MathF.Asin(Math.Clamp(x / Radius, -1f, 1f));
        return Math.Clamp(MathF.Cos(angle + _yaw) / MathF.Cos(angle), 0.35f, 1.3f);
    }

    /// <summary>An outline point: the chin slides with the full yaw shift, the temples (at the silhouette) not at all.</summary>
    public SKPoint Outline(float x, float y)
    {
        // The cranium's silhouette does not move when the head turns; only the face below the brows does.
        float below = Math.Clamp((y - CraniumY + 25f) / 40f, 0f, 1f);
        float forward = (1f - Math.Clamp(MathF.Abs(x) / CraniumRx, 0f, 1f)) * below;
        return new SKPoint(Center + x + (forward * YawShift * 0.9f), y);
    }

    /// <summary>Jaw half-width at height <paramref name="y"/> (linear between profile knots, 0 below the chin).</summary>
    public float JawHalfWidth(float y)
    {
        if (y <= _jaw[0].Y)
            return _jaw[0].W;
        for (int i = 1; i < _jaw.Length; i++)
        {
            if (y <= _jaw[i].Y)
            {
                float t = (y - _jaw[i - 1].Y) / (_jaw[i].Y - _jaw[i - 1].Y);
                return _jaw[i - 1].W + (t * (_jaw[i].W - _jaw[i - 1].W));
            }
        }
        return 0;
    }

    /// <summary>The face: upper half of the cranium ellipse, then the jaw down to the chin and back up.</summary>
    public SKPath FacePath()
    {
        var path = new SKPath();
        var top = _jaw[0].Y;
        for (int i = 0; i <= 16; i++)
        {
            float a = MathF.PI + (MathF.PI * i / 16f);
            path.LineTo(Outline(CraniumRx * MathF.Cos(a), CraniumY + (CraniumRy * MathF.Sin(a))), i == 0);
        }
        for (float y = top; y <= ChinY; y += 4f)
            path.LineTo(Outline(JawHalfWidth(y), y));
        path.LineTo(Outline(0, ChinY));
        for (float y = ChinY - 2f; y >= top; y -= 4f)
            path.LineTo(Outline(-JawHalfWidth(y), y));
        path.Close();
        return path;
    }
}

internal static class PathExtensions
{
    public static void LineTo(this SKPath path, SKPoint point, bool first = false)
    {
        if (first)
            path.MoveTo(point);
        else
            path.LineTo(point);
    }
}
