// MSBuild inline task (RoslynCodeTaskFactory): relaxes libLibTorchSharp.so's libstdc++ version need on hosts
// that lack GLIBCXX_3.4.32. Reasoning and measurements: ../shared/notes/torchsharp-on-debian12.md.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class PatchLibTorchSharpGlibcxx : Task
{
    const uint ShtDynsym = 11;
    const uint ShtGnuVerdef = 0x6ffffffd;
    const uint ShtGnuVerneed = 0x6ffffffe;
    const uint ShtGnuVersym = 0x6fffffff;
    const ushort VerFlgWeak = 0x2;
    const string RelaxableVersion = "GLIBCXX_3.4.32";
    const string MarkerSymbol = "_ZSt21ios_base_library_initv";

    static readonly string[] LibStdCxxCandidates =
    {
        "/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/lib/aarch64-linux-gnu/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6", "/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
    };

    [Required]
    public string Directory { get; set; } = "";

    public override bool Execute()
    {
        if (!System.IO.Directory.Exists(Directory)) return true;
        var targets = System.IO.Directory.EnumerateFiles(Directory, "libLibTorchSharp.so", SearchOption.AllDirectories).ToList();
        if (targets.Count == 0) return true;

        var hostLib = LibStdCxxCandidates.FirstOrDefault(File.Exists);
        if (hostLib == null)
        {
            Log.LogMessage(MessageImportance.High, "TwinGan: no libstdc++.so.6 found in the usual places; libLibTorchSharp.so left as shipped.");
            return true;
        }
        var hostVersions = new HashSet<string>(ReadDefinedVersions(new Elf(File.ReadAllBytes(hostLib))));
        foreach (var target in targets)
        {
            if (!PatchOne(target, hostLib, hostVersions)) return false;
        }
        return !Log.HasLoggedErrors;
    }

    bool PatchOne(string path, string hostLib, HashSet<string> hostVersions)
    {
        var bytes = File.ReadAllBytes(path);
        var elf = new Elf(bytes);
        var needs = ReadLibStdCxxNeeds(elf);
        var missing = needs.Where(n => !hostVersions.Contains(n.Name)).ToList();
        if (missing.Count == 0)
        {
            Log.LogMessage(MessageImportance.Low, $"TwinGan: {hostLib} provides every version {path} needs; nothing to patch.");
            return true;
        }
        foreach (var need in missing)
        {
            if (need.Name != RelaxableVersion)
            {
                Log.LogError($"TwinGan: {path} needs {need.Name} from libstdc++, which {hostLib} lacks. Only {RelaxableVersion} (a marker symbol) may be relaxed; install a newer libstdc++ or use another TorchSharp version.");
                return false;
            }
            var symbols = SymbolsBoundTo(elf, need.Other);
            var unexpected = symbols.Where(s => s != MarkerSymbol).ToList();
            if (unexpected.Count > 0)
            {
                Log.LogError($"TwinGan: {path} binds real symbols to {need.Name} ({string.Join(", ", unexpected)}); refusing to mark it weak. See docs/build.md.");
                return false;
            }
        }
        var changed = false;
        foreach (var need in missing.Where(n => (n.Flags & VerFlgWeak) == 0))
        {
            WriteU16(bytes, need.FlagsOffset, (ushort)(need.Flags | VerFlgWeak));
            changed = true;
        }
        if (!changed)
        {
            Log.LogMessage(MessageImportance.Low, $"TwinGan: {path} already patched.");
            return true;
        }
        // Write a new file and move it over the old one: the old one may be a hard link into the NuGet cache.
        var temp = path + ".twingan-tmp";
        File.WriteAllBytes(temp, bytes);
        File.Replace(temp, path, null);
        Log.LogMessage(MessageImportance.High, $"TwinGan: marked {RelaxableVersion} weak in {path} (host libstdc++ lacks it).");
        return true;
    }

    sealed class VersionNeed
    {
        public string Name = "";
        public ushort Flags;
        public ushort Other;
        public int FlagsOffset;
    }

    static IEnumerable<string> ReadDefinedVersions(Elf elf)
    {
        foreach (var sec in elf.Sections.Where(s => s.Type == ShtGnuVerdef))
        {
            var strtab = elf.Sections[(int)sec.Link];
            long off = sec.Offset;
            while (true)
            {
                var cnt = elf.U16(off + 6);
                var aux = elf.U32(off + 12);
                var next = elf.U32(off + 16);
                if (cnt > 0) yield return elf.Str(strtab, elf.U32(off + aux));
                if (next == 0) break;
                off += next;
            }
        }
    }

    static List<VersionNeed> ReadLibStdCxxNeeds(Elf elf)
    {
        var result = new List<VersionNeed>();
        foreach (var sec in elf.Sections.Where(s => s.Type == ShtGnuVerneed))
        {
            var strtab = elf.Sections[(int)sec.Link];
            long off = sec.Offset;
            while (true)
            {
                var cnt = elf.U16(off + 2);
                var file = elf.Str(strtab, elf.U32(off + 4));
                var auxOff = off + elf.U32(off + 8);
                var next = elf.U32(off + 12);
                for (var i = 0; i < cnt; i++)
                {
                    if (file == "libstdc++.so.6")
                    {
                        result.Add(new VersionNeed
                        {
                            Name = elf.Str(strtab, elf.U32(auxOff + 8)),
                            Flags = elf.U16(auxOff + 4),
                            Other = elf.U16(auxOff + 6),
                            FlagsOffset = (int)(auxOff + 4),
                        });
                    }
                    var auxNext = elf.U32(auxOff + 12);
                    if (auxNext == 0) break;
                    auxOff += auxNext;
                }
                if (next == 0) break;
                off += next;
            }
        }
        return result;
    }

    static List<string> SymbolsBoundTo(Elf elf, ushort versionIndex)
    {
        var names = new List<string>();
        var dynsym = elf.Sections.FirstOrDefault(s => s.Type == ShtDynsym);
        var versym = elf.Sections.FirstOrDefault(s => s.Type == ShtGnuVersym);
        if (dynsym == null || versym == null) return names;
        var strtab = elf.Sections[(int)dynsym.Link];
        var count = dynsym.Size / 24;
        for (long i = 0; i < count; i++)
        {
            if ((elf.U16(versym.Offset + 2 * i) & 0x7fff) != versionIndex) continue;
            names.Add(elf.Str(strtab, elf.U32(dynsym.Offset + 24 * i)));
        }
        return names;
    }

    static void WriteU16(byte[] b, int off, ushort v)
    {
        b[off] = (byte)v;
        b[off + 1] = (byte)(v >> 8);
    }

    sealed class Section
    {
        public uint Type;
        public long Offset;
        public long Size;
        public uint Link;
    }

    sealed class Elf
    {
        readonly byte[] _b;
        public readonly List<Section> Sections = new List<Section>();

        public Elf(byte[] bytes)
        {
            _b = bytes;
            if (bytes.Length < 64 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F')
                throw new InvalidDataException("not an ELF file");
            if (bytes[4] != 2 || bytes[5] != 1)
                throw new InvalidDataException("only little-endian ELF64 is supported");
            var shoff = (long)U64(0x28);
            var shentsize = U16(0x3a);
            var shnum = U16(0x3c);
            for (var i = 0; i < shnum; i++)
            {
                var h = shoff + (long)i * shentsize;
                Sections.Add(new Section { Type = U32(h + 4), Offset = (long)U64(h + 0x18), Size = (long)U64(h + 0x20), Link = U32(h + 0x28) });
            }
        }

        public ushort U16(long o) => (ushort)(_b[o] | _b[o + 1] << 8);
        public uint U32(long o) => (uint)(_b[o] | _b[o + 1] << 8 | _b[o + 2] << 16 | _b[o + 3] << 24);
        public ulong U64(long o) => U32(o) | (ulong)U32(o + 4) << 32;

        public string Str(Section strtab, uint index)
        {
            var start = strtab.Offset + index;
            var end = start;
            while (_b[end] != 0) end++;
            return Encoding.ASCII.GetString(_b, (int)start, (int)(end - start));
        }
    }
}
