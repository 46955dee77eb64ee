using System.ComponentModel.DataAnnotations;

namespace Fleet.Api.Search;

/// <summary>Bounds of POST /v1/search (section <c>Search</c>).</summary>
public sealed class SearchOptions
{
    public const string Section = "Search";

    [Range(1, 1000)] public int DefaultTopK { get; set; } = 5;

    [Range(1, 1000)] public int MaxTopK { get; set; } = 50;

    /// <summary>Longest query, in characters. MiniLM reads 256 word pieces (~1,000 characters); the rest is ignored.</summary>
    [Range(1, 100_000)] public int MaxQueryChars { get; set; } = 4_096;
}
