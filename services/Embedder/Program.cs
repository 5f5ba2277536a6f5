using TwinGan.Embedder;
using TwinGan.ServiceDefaults.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("twingan-embedder");
builder.Services.AddEmbedder();
var app = builder.Build();
app.MapServiceDefaults();
app.MapEmbedder();
app.Run();
