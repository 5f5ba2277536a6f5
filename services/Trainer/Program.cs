using TwinGan.Trainer;
using TwinGan.ServiceDefaults.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("twingan-trainer");
builder.Services.AddTrainer();
var app = builder.Build();
app.MapServiceDefaults();
app.MapTrainer();
app.Run();
