var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseUrls($"http://127.0.0.1:{args[0]}");
var app = builder.Build();
app.MapGet("/", () => "ok");
await app.RunAsync();
