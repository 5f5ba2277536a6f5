namespace TwinGan.Data;

/// <summary>
/// A small seeded generator (SplitMix64). Used instead of <see cref="Random"/> so that the twin-faces dataset and
/// the augmentation streams are defined by this code alone and stay bit-identical across .NET versions.
/// Not for security: these are dataset and augmentation streams.
/// </summary>
public sealed class Rng
{
    private ulong _state;

    public Rng(ulong seed) => _state = seed;

    /// <summary>A generator for one element of a stream (e.g. seed, split, index), independent of its neighbours.</summary>
    public static Rng For(long seed, string stream, long index) => new(Derive(seed, stream, index));

    /// <summary>Hashes (seed, stream, index) into a 64-bit seed; FNV-1a over the stream name, then SplitMix finalisers.</summary>
    public static ulong Derive(long seed, string stream, long index)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ulong h = 14695981039346656037UL;
        foreach (char c in stream)
            h = (h ^ c) * 1099511628211UL;
        return Mix(Mix(h ^ (ulong)seed) ^ (ulong)index);
    }

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [min, max).</summary>
    public float Range(float min, float max) => (float)(min + ((max - min) * NextDouble()));

    /// <summary>Uniform integer in [0, count).</summary>
    public int Next(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return (int)(NextDouble() * count);
    }

    public bool Chance(double probability) => NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return items[Next(items.Count)];
    }

    /// <summary>Fisher–Yates permutation of 0..count-1.</summary>
    public int[] Permutation(int count)
    {
        var order = new int[count];
        for (int i = 0; i < count; i++)
            order[i] = i;
        for (int i = count - 1; i > 0; i--)
        {
            int j = Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
