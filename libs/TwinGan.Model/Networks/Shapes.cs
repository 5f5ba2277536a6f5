using static TorchSharp.torch;

namespace TwinGan.Model.Networks;

/// <summary>Shape checks at module boundaries that name the offending dimension (after stylegan3's misc.assert_shape).</summary>
internal static class Shapes
{
    public static void RequireChannels(Tensor x, long channels, string name)
    {
        if (x.dim() != 4)
            throw new ArgumentException($"{name}: expected NCHW input (4 dims), got {x.dim()} dims [{Describe(x)}].");
        if (x.shape[1] != channels)
            throw new ArgumentException($"{name}: dimension 1 (channels) is {x.shape[1]}, expected {channels}; shape [{Describe(x)}].");
    }

    public static void RequireImage(Tensor x, long resolution, string name)
    {
        RequireChannels(x, 3, name);
        if (x.shape[2] != resolution)
            throw new ArgumentException($"{name}: dimension 2 (height) is {x.shape[2]}, expected {resolution}; shape [{Describe(x)}].");
        if (x.shape[3] != resolution)
            throw new ArgumentException($"{name}: dimension 3 (width) is {x.shape[3]}, expected {resolution}; shape [{Describe(x)}].");
    }

    public static void RequireBatch(Tensor x, long batch, string name)
    {
        if (x.shape[0] != batch)
            throw new ArgumentException($"{name}: dimension 0 (batch) is {x.shape[0]}, expected {batch}; shape [{Describe(x)}].");
    }

    public static string Describe(Tensor x) => string.Join(", ", x.shape);
}
