using TwinGan.Data;
using TwinGan.Data.Augmentation;
using TwinGan.Data.Loading;
using TwinGan.Data.Readers;
using TwinGan.Data.TwinFaces;

namespace TwinGan.Training;

/// <summary>
/// Turns a <see cref="DomainDataSpec"/> into an image source at the run's final resolution (images are decoded or
/// rendered once at full size; the loop box-filters them down to the current stage, as PGGAN does) and the transform
/// the loader applies. Missing or empty roots and unreadable label files fail here, with the domain and path named.
/// </summary>
internal static class DomainSources
{
    /// <summary>Fails fast on data problems (and a face crop without OpenCV) before a run directory is created.</summary>
    public static void Check(DomainDataSpec data, RunSpec spec)
    {
        Build(data, spec);
        if (data.FaceCrop && OpenCvRuntime.Problem(FaceCropOptions.HumanFaces().CascadePath) is { } problem)
            throw new FaceDetectorUnavailableException($"Domain '{data.Domain}' asks for face crops: {problem}");
    }

    public static IImageSource Build(DomainDataSpec data, RunSpec spec)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Builtin is not null)
            return BuildTwinFaces(data, spec);
        var dataset = Combine(data);
        if (data.LabelsCsv is not null)
            dataset = ApplyLabels(data, dataset);
        else if (data.CelebAAttributes is not null)
            dataset = ReadCelebA(data);
        if (dataset.Count == 0)
            throw new InvalidDataException($"Domain '{data.Domain}': no image is left after joining the labels.");
        return new FileImageSource(dataset, data.Domain);
    }

    /// <summary>Random square crop of at least 90 % of the shorter side and a flip, optionally after a face crop;
    /// twin-faces images are rendered at the final size and used as they are (their labels include yaw).</summary>
    public static IImageTransform? Transform(DomainDataSpec data, int resolution, List<IDisposable> owned)
    {
        if (data.Builtin is not null)
            return resolution < TwinFacesRenderer.MinSize ? new CenterCrop(resolution) : null;
        var crop = new RandomCropFlip(resolution, minCropFraction: 0.9f);
        if (!data.FaceCrop)
            return crop;
        var faces = FaceCropper.Create(FaceCropOptions.HumanFaces(), resolution);
        owned.Add(faces);
        return new TransformPipeline(faces, crop);
    }

    private static TwinFacesSource BuildTwinFaces(DomainDataSpec data, RunSpec spec)
    {
        var builtin = data.Builtin!;
        var domain = TwinFacesSplits.ParseDomain(builtin[(builtin.IndexOf('/', StringComparison.Ordinal) + 1)..]);
        var size = Math.Max(TwinFacesRenderer.MinSize, spec.Model.Resolution);
        if (size > TwinFacesRenderer.MaxSize)
            throw new ArgumentException($"Domain '{data.Domain}': the built-in dataset renders up to {TwinFacesRenderer.MaxSize} px, the model needs {size}.", nameof(data));
        return new TwinFacesSource(TwinFacesSplits.TrainSplit(domain, spec.BuiltinTrainCount, spec.Seed), size);
    }

    private static ImageDataset Combine(DomainDataSpec data)
    {
        var entries = new List<ImageEntry>();
        string? first = null;
        foreach (var root in data.Roots)
        {
            var full = Path.GetFullPath(root);
            if (!Directory.Exists(full))
                throw new DirectoryNotFoundException($"Domain '{data.Domain}': dataset root '{full}' does not exist or is not a folder.");
            var dataset = ImageFolderReader.Read(full);
            if (dataset.Count == 0)
                throw new InvalidDataException($"Domain '{data.Domain}': dataset root '{full}' holds no jpg, jpeg, png or webp images.");
            first ??= dataset.Root;
            entries.AddRange(dataset.Entries);
        }
        return new ImageDataset(first!, entries, AttributeSchema.Empty);
    }

    private static ImageDataset ApplyLabels(DomainDataSpec data, ImageDataset dataset)
    {
        var path = Path.GetFullPath(data.LabelsCsv!);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Domain '{data.Domain}': labels CSV '{path}' does not exist.", path);
        var join = LabelsCsv.Read(path).Apply(dataset);
        return join.Dataset;
    }

    private static ImageDataset ReadCelebA(DomainDataSpec data)
    {
        var attributes = Path.GetFullPath(data.CelebAAttributes!);
        if (!File.Exists(attributes))
            throw new FileNotFoundException($"Domain '{data.Domain}': CelebA attribute file '{attributes}' does not exist.", attributes);
        var folder = Path.GetDirectoryName(attributes)!;
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(data.Roots[0]));
        if (root != folder && root != Path.Combine(folder, CelebAReader.ImagesFolder))
            throw new ArgumentException($"Domain '{data.Domain}': CelebA attributes '{attributes}' label '{Path.Combine(folder, CelebAReader.ImagesFolder)}', but the root is '{root}'.", nameof(data));
        if (Path.GetFileName(attributes) != CelebAReader.AttributesFile)
            throw new ArgumentException($"Domain '{data.Domain}': the CelebA attribute file must be named {CelebAReader.AttributesFile}, got '{attributes}'.", nameof(data));
        return CelebAReader.Read(folder);
    }
}
