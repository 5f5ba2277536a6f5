using TwinGan.Data.TwinFaces;

namespace TwinGan.Data.Loading;

/// <summary>Renders twin-faces images on the fly (a few ms each), so training needs no exported copy.</summary>
public sealed class TwinFacesSource : IImageSource
{
    private readonly IReadOnlyList<TwinFaceItem> _items;
    private readonly int _size;

    public TwinFacesSource(IReadOnlyList<TwinFaceItem> items, int size)
    {
        ArgumentNullException.ThrowIfNull(items);
        TwinFacesRenderer.ValidateSize(size);
        _items = items;
        _size = size;
        Domain = items.Count > 0 ? TwinFacesSplits.Name(items[0].Domain) : "";
    }

    public string Domain { get; }

    public int Count => _items.Count;

    public AttributeSchema Schema => TwinFacesSchema.Schema;

    public SourceImage? TryLoad(int index)
    {
        var item = _items[index];
        return new SourceImage(item.Id, item.Render(_size), item.Labels());
    }
}
