using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace TwinGan.Deploy.Tests;

/// <summary>
/// Docker cannot run here, so the Dockerfiles are checked statically: what they copy exists, what they publish is
/// the service's project (and every project it references is inside what they copy), the entry point is its
/// assembly, the backend argument reaches MSBuild, and the runtime stage is not root.
/// </summary>
public partial class DockerfileTests
{
    public static TheoryData<string, string, bool> Images => new()
    {
        { "translator", "Translator", true },
        { "embedder", "Embedder", true },
        { "search", "Search", false },
        { "trainer", "Trainer", true },
    };

    [Theory]
    [MemberData(nameof(Images))]
    public void Dockerfile_CopiesExistingPathsThatHoldTheProjectAndItsReferences(string image, string service, bool torch)
    {
        _ = torch;
        var lines = Instructions(image);
        var copied = lines.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from=", StringComparison.Ordinal))
            .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1]).ToList();
        foreach (var source in copied)
            Assert.True(File.Exists(Repo(source)) || Directory.Exists(Repo(source)), $"{image}: COPY source {source} does not exist");
        foreach (var file in new[] { "global.json", "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "build/" })
            Assert.Contains(file, copied);

        var project = $"services/{service}/TwinGan.{service}.csproj";
        Assert.Contains(lines, l => l.Contains($"dotnet publish {project} -c Release", StringComparison.Ordinal));
        foreach (var reference in ProjectClosure(Repo(project)))
        {
            var relative = Path.GetRelativePath(RepoPaths.Root, reference).Replace('\\', '/');
            Assert.True(copied.Any(c => c.EndsWith('/') ? relative.StartsWith(c, StringComparison.Ordinal) : relative == c),
                $"{image}: {relative} is referenced by {project} but not copied");
        }
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Dockerfile_RunsTheServiceAsNonRootWithTheChosenTorchBackend(string image, string service, bool torch)
    {
        var lines = Instructions(image);
        var runtime = lines.SkipWhile(l => !l.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet:", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(runtime);
        Assert.Contains("USER $APP_UID", runtime);
        Assert.Equal($"ENTRYPOINT [\"dotnet\", \"{AssemblyName(service)}.dll\"]", runtime[^1]);
        Assert.Contains("EXPOSE 5000 9464", runtime);
        var publish = lines.Single(l => l.Contains("dotnet publish", StringComparison.Ordinal));
        Assert.Equal(torch, lines.Contains("ARG TWINGAN_TORCH_BACKEND=cpu"));
        Assert.Equal(torch, publish.Contains("-p:TwinGanTorchBackend=${TWINGAN_TORCH_BACKEND}", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Dockerignore_KeepsBuildOutputsAndSecretsOutOfTheContext(string image, string service, bool torch)
    {
        _ = (service, torch);
        var ignored = File.ReadAllLines(Repo($"deploy/docker/{image}.Dockerfile.dockerignore")).Select(l => l.Trim()).ToList();
        foreach (var pattern in new[] { "**/bin/", "**/obj/", "out/", "deploy/k8s/base/secrets/" })
            Assert.Contains(pattern, ignored);
    }

    /// <summary>Instructions with continuation lines joined and comments dropped.</summary>
    private static List<string> Instructions(string image)
    {
        var text = File.ReadAllText(Repo($"deploy/docker/{image}.Dockerfile"));
        var withoutComments = string.Join('\n', text.Split('\n').Where(l => !l.TrimStart().StartsWith('#')));
        return Continuation().Replace(withoutComments, " ").Split('\n')
            .Select(l => Spaces().Replace(l.Trim(), " ")).Where(l => l.Length > 0).ToList();
    }

    private static string AssemblyName(string service)
    {
        var project = XDocument.Load(Repo($"services/{service}/TwinGan.{service}.csproj"));
        return project.Descendants("AssemblyName").Select(e => e.Value).SingleOrDefault() ?? $"TwinGan.{service}";
    }

    private static HashSet<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>();
        var pending = new Stack<string>([Path.GetFullPath(project)]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current)) continue;
            foreach (var include in XDocument.Load(current).Descendants("ProjectReference").Select(e => (string)e.Attribute("Include")!))
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(current)!, include.Replace('\\', '/'))));
        }
        return seen;
    }

    private static string Repo(string relative) => Path.Combine(RepoPaths.Root, relative);

    [GeneratedRegex(@"\\\s*\n\s*")]
    private static partial Regex Continuation();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
