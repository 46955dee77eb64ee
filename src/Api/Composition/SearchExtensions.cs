using Fleet.Api.Search;
using Fleet.Retrieval;

namespace Fleet.Api.Composition;

public static class SearchExtensions
{
    /// <summary>
    /// POST /v1/search's services: the chunk store and the MiniLM embedder, loaded in the Api because a query must be
    /// embedded by the same model as the documents (~90 MB of memory; ~10 ms a query on CPU).
    /// </summary>
    public static IHostApplicationBuilder AddSearch(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SearchOptions>()
            .BindConfiguration(SearchOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.DefaultTopK <= o.MaxTopK, "Search:DefaultTopK must not exceed Search:MaxTopK.")
            .ValidateOnStart();
        builder.AddChunkSearch();
        return builder;
    }
}
