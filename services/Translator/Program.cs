using TwinGan.Translator;
using TwinGan.ServiceDefaults.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("twingan-translator");
builder.Services.AddTranslator();
var app = builder.Build();
app.MapServiceDefaults();
app.MapTranslator();
app.Run();
