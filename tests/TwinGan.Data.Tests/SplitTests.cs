using TwinGan.Data.TwinFaces;

namespace TwinGan.Data.Tests;

public class SplitTests
{
    private static readonly string[] SharedAttributes =
        ["hair_color", "hair_length", "hair_style", "yaw", "tilt", "expression", "glasses", "eye_color", "skin_tone", "background"];

    private static readonly string[] AnimeOnlyHair = ["pink", "blue", "green", "purple"];

    [Fact]
    public void TestSplit_SameIdBothDomains_SharedLabelsIdentical()
    {
        var photo = TwinFacesSplits.TestSplit(FaceDomain.Photo, 200, seed: 3);
        var anime = TwinFacesSplits.TestSplit(FaceDomain.Anime, 200, seed: 3);
        var schema = TwinFacesSchema.Schema;
        for (int i = 0; i < photo.Count; i++)
        {
            Assert.Equal(photo[i].Id, anime[i].Id);
            Assert.Equal(photo[i].Latent, anime[i].Latent);
            int[] p = photo[i].Labels(), a = anime[i].Labels();
            foreach (string name in SharedAttributes)
                Assert.Equal(p[schema.IndexOf(name)], a[schema.IndexOf(name)]);
        }
    }

    [Fact]
    public void TrainSplit_PhotoLatents_NeverAnimeOnlyHairOrStyle()
    {
        var schema = TwinFacesSchema.Schema;
        var hair = schema.Attributes[schema.IndexOf("hair_color")];
        var style = schema.Attributes[schema.IndexOf("hair_style")];
        var photos = TwinFacesSplits.TrainSplit(FaceDomain.Photo, 3000, seed: 9).Concat(TwinFacesSplits.TestSplit(FaceDomain.Photo, 500, seed: 9));
        foreach (var item in photos)
        {
            var labels = item.Labels();
            Assert.DoesNotContain(hair.Classes[labels[schema.IndexOf("hair_color")]], AnimeOnlyHair);
            Assert.NotEqual("twin_tails", style.Classes[labels[schema.IndexOf("hair_style")]]);
        }
    }

    [Fact]
    public void TrainSplit_Anime_UsesEveryClassOfEveryAttribute()
    {
        var items = TwinFacesSplits.TrainSplit(FaceDomain.Anime, 3000, seed: 4);
        var schema = TwinFacesSchema.Schema;
        for (int a = 0; a < schema.Count; a++)
        {
            var seen = items.Select(i => i.Labels()[a]).Where(l => l >= 0).Distinct().Count();
            int expected = schema.Attributes[a].Name is "beard" or "wrinkles" or "freckles" ? 0 : schema.Attributes[a].Classes.Count;
            Assert.True(seen == expected, $"{schema.Attributes[a].Name}: {seen} of {expected} classes");
        }
    }

    [Fact]
    public void TrainSplit_TwoDomains_IndependentLatents()
    {
        var photo = TwinFacesSplits.TrainSplit(FaceDomain.Photo, 100, seed: 5);
        var anime = TwinFacesSplits.TrainSplit(FaceDomain.Anime, 100, seed: 5);
        int sameYaw = photo.Zip(anime).Count(p => p.First.Latent.YawDegrees == p.Second.Latent.YawDegrees);
        Assert.Equal(0, sameYaw);
    }
}
