using TwinGan.Evaluation.Swd;

namespace TwinGan.Evaluation.Tests;

public sealed class LaplacianPyramidTests
{
    /// <summary>One image whose three channels are the same plane.</summary>
    private static PlanarImages Gray(int size, Func<int, int, float> value)
    {
        var data = new float[3 * size * size];
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < size; y++)
            {
                for (var x = 0; x < size; x++)
                    data[(((c * size) + y) * size) + x] = value(x, y);
            }
        }
        return new PlanarImages(1, size, data);
    }

    [Theory]
    [InlineData(-2, 2)]
    [InlineData(-1, 1)]
    [InlineData(0, 0)]
    [InlineData(4, 4)]
    [InlineData(5, 3)]
    [InlineData(6, 2)]
    public void Mirror_OutsideBorder_ReflectsWithoutRepeatingEdge(int index, int expected) =>
        Assert.Equal(expected, LaplacianPyramid.Mirror(index, 5));

    [Theory]
    [InlineData(8, new int[0])]
    [InlineData(16, new[] { 16 })]
    [InlineData(32, new[] { 32, 16 })]
    [InlineData(128, new[] { 128, 64, 32, 16 })]
    public void LevelSizes_DownTo16Px_MatchesPggan(int size, int[] expected) =>
        Assert.Equal(expected, LaplacianPyramid.LevelSizes(size));

    [Fact]
    public void PyrDown_Delta_GivesBinomialWeights()
    {
        // 256 at (0,0): kept samples (0,0), (2,0), (0,2), (2,2) carry 6*6, 6*1, 1*6, 1*1 of the 16x16 weights.
        var down = LaplacianPyramid.PyrDown(Gray(4, (x, y) => x == 0 && y == 0 ? 256 : 0));

        Assert.Equal(2, down.Size);
        Assert.Equal(36f, down[0, 0, 0, 0], 4);
        Assert.Equal(6f, down[0, 1, 0, 1], 4);
        Assert.Equal(6f, down[0, 2, 1, 0], 4);
        Assert.Equal(1f, down[0, 0, 1, 1], 4);
    }

    [Fact]
    public void PyrDown_DeltaNextToBorder_IsMirroredNotZeroPadded()
    {
        // 256 at (1,0): the row pass at x=0 sees it at taps -1 and +1 (mirror) = 8/16; zero padding would give 4/16.
        var down = LaplacianPyramid.PyrDown(Gray(4, (x, y) => x == 1 && y == 0 ? 256 : 0));

        Assert.Equal(256f * 8 / 16 * 6 / 16, down[0, 0, 0, 0], 4);
    }

    [Fact]
    public void PyrUp_Constant_StaysConstant()
    {
        var up = LaplacianPyramid.PyrUp(Gray(4, (_, _) => 10));

        Assert.Equal(8, up.Size);
        for (var y = 0; y < 8; y++)
        {
            for (var x = 0; x < 8; x++)
                Assert.Equal(10f, up[0, 1, y, x], 4);
        }
    }

    [Fact]
    public void Build_ConstantImage_HasZeroBandsAndConstantResidual()
    {
        var pyramid = LaplacianPyramid.Build(Gray(32, (_, _) => 7), 3);

        Assert.Equal([32, 16, 8], pyramid.Select(l => l.Size));
        Assert.All(pyramid[0].Data.Concat(pyramid[1].Data), v => Assert.Equal(0f, v, 4));
        Assert.All(pyramid[2].Data, v => Assert.Equal(7f, v, 4));
    }

    [Fact]
    public void Build_ThenReconstruct_ReturnsTheImage()
    {
        var random = new Random(5);
        var image = Gray(32, (_, _) => random.Next(256));

        var pyramid = LaplacianPyramid.Build(image, 3);
        var reconstructed = pyramid[2];
        for (var level = 1; level >= 0; level--)
        {
            var up = LaplacianPyramid.PyrUp(reconstructed);
            reconstructed = new PlanarImages(1, up.Size, [.. up.Data.Zip(pyramid[level].Data, (u, b) => u + b)]);
        }

        for (var i = 0; i < image.Data.Length; i++)
            Assert.Equal(image.Data[i], reconstructed.Data[i], 2);
    }
}
