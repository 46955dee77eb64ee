using Fleet.ServiceDefaults;
using Fleet.Storage;
using Fleet.Workers;
using Fleet.Workers.Llm.Composition;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();   // logs, metrics, health
builder.AddFleetDatabase();     // job rows (the start gate)
builder.AddInference();         // the model, its continuous batcher, llm.generate
builder.AddJobWorker();         // noop; llm.embed and rag.answer handlers join here

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
