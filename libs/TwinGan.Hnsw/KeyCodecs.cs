using System.Text;

namespace TwinGan.Hnsw;

/// <summary>Writes and reads external keys in the index file.</summary>
public interface IKeyCodec<TKey>
{
    /// <summary>Stored in the file header; loading with a codec of another name is a <see cref="IndexFileError.Mismatch"/>.</summary>
    string Name { get; }

    /// <summary>Writes one key.</summary>
    void Write(BinaryWriter writer, TKey key);

    /// <summary>Reads one key written by <see cref="Write"/>.</summary>
    TKey Read(BinaryReader reader);
}

/// <summary>Codecs for the key types the index supports out of the box.</summary>
public static class KeyCodecs
{
    /// <summary>Longest string key accepted when reading, in UTF-8 bytes (a guard against corrupt lengths).</summary>
    public const int MaxStringKeyBytes = 1 << 20;

    /// <summary>64-bit integer keys.</summary>
    public static IKeyCodec<long> LongKeys { get; } = new Int64Codec();

    /// <summary>32-bit integer keys.</summary>
    public static IKeyCodec<int> IntKeys { get; } = new Int32Codec();

    /// <summary>String keys (UTF-8, length-prefixed).</summary>
    public static IKeyCodec<string> StringKeys { get; } = new StringCodec();

    /// <summary>Guid keys.</summary>
    public static IKeyCodec<Guid> GuidKeys { get; } = new GuidCodec();

    /// <summary>The built-in codec for <typeparamref name="TKey"/>; other key types need an explicit codec.</summary>
    public static IKeyCodec<TKey> For<TKey>()
    {
        object codec = typeof(TKey) == typeof(long) ? LongKeys
            : typeof(TKey) == typeof(int) ? IntKeys
            : typeof(TKey) == typeof(string) ? StringKeys
            : typeof(TKey) == typeof(Guid) ? GuidKeys
            : throw new NotSupportedException(
                $"No built-in key codec for {typeof(TKey).Name}; pass an IKeyCodec<{typeof(TKey).Name}> to Save and Load.");
        return (IKeyCodec<TKey>)codec;
    }

    private sealed class Int64Codec : IKeyCodec<long>
    {
        public string Name => "int64";

        public void Write(BinaryWriter writer, long key) => writer.Write(key);

        public long Read(BinaryReader reader) => reader.ReadInt64();
    }

    private sealed class Int32Codec : IKeyCodec<int>
    {
        public string Name => "int32";

        public void Write(BinaryWriter writer, int key) => writer.Write(key);

        public int Read(BinaryReader reader) => reader.ReadInt32();
    }

    private sealed class GuidCodec : IKeyCodec<Guid>
    {
        public string Name => "guid";

        public void Write(BinaryWriter writer, Guid key)
        {
            Span<byte> bytes = stackalloc byte[16];
            key.TryWriteBytes(bytes);
            writer.Write(bytes);
        }

        public Guid Read(BinaryReader reader)
        {
            Span<byte> bytes = stackalloc byte[16];
            reader.BaseStream.ReadExactly(bytes);
            return new Guid(bytes);
        }
    }

    private sealed class StringCodec : IKeyCodec<string>
    {
        public string Name => "utf8-string";

        public void Write(BinaryWriter writer, string key)
        {
            var bytes = Encoding.UTF8.GetBytes(key);
            writer.Write(bytes.Length);
            writer.Write(bytes);
        }

        public string Read(BinaryReader reader)
        {
            var length = reader.ReadInt32();
            if (length is < 0 or > MaxStringKeyBytes)
                throw new IndexFileException(IndexFileError.Corrupt, $"The index file is corrupt: string key length {length}.");
            var bytes = new byte[length];
            reader.BaseStream.ReadExactly(bytes);
            return Encoding.UTF8.GetString(bytes);
        }
    }
}
