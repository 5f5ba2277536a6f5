using TwinGan.Search;
using TwinGan.ServiceDefaults.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("twingan-search");
builder.Services.AddSearch();
var app = builder.Build();
app.MapServiceDefaults();
app.MapSearch();
app.Run();
