using Fleet.ServiceDefaults;
using Fleet.Storage;
using Fleet.Workers;
using Fleet.Workers.Llm.Composition;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();   // logs, metrics, health
builder.AddFleetDatabase();     // job rows (the start gate)
builder.AddInference();         // the model, its continuous batcher, llm.generate
builder.AddRetrieval();         // llm.embed, ingest.run, rag.answer
builder.AddJobWorker();         // the job runtime: noop and every handler above

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
