using System.Runtime.InteropServices;

namespace TwinGan.Benchmarks.Ann;

/// <summary>Reader for .fvecs / .ivecs (each row: int32 dimension, then the values), as written by make-data.sh.</summary>
internal static class VecFile
{
    public static (T[] Data, int Rows, int Dim) Read<T>(string path)
        where T : unmanaged
    {
        using var file = File.OpenRead(path);
        Span<byte> head = stackalloc byte[4];
        file.ReadExactly(head);
        var dim = BitConverter.ToInt32(head);
        var rowBytes = 4L + (4L * dim);
        if (dim <= 0 || file.Length % rowBytes != 0)
            throw new InvalidDataException($"{path}: not a vecs file (dimension {dim}, {file.Length} bytes).");
        var rows = (int)(file.Length / rowBytes);
        var data = new T[(long)rows * dim];
        file.Position = 0;
        using var reader = new BufferedStream(file, 1 << 20);
        for (var i = 0; i < rows; i++)
        {
            reader.ReadExactly(head);
            if (BitConverter.ToInt32(head) != dim)
                throw new InvalidDataException($"{path}: row {i} has a different dimension.");
            reader.ReadExactly(MemoryMarshal.AsBytes(data.AsSpan(i * dim, dim)));
        }
        return (data, rows, dim);
    }
}
