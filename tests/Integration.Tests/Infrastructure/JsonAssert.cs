using System.Text.Json;
using Xunit;

namespace Fleet.Integration.Tests.Infrastructure;

/// <summary>Compares JSON by value, so whitespace and number formatting (jsonb renders <c>{"a": 1}</c>) do not matter.</summary>
public static class JsonAssert
{
    public static void Equal(string expectedJson, JsonElement actual)
    {
        using var expected = JsonDocument.Parse(expectedJson);
        Assert.True(JsonElement.DeepEquals(expected.RootElement, actual), $"Expected JSON {expectedJson}, got {actual.GetRawText()}");
    }
}
