using Fleet.Api.Jobs;

namespace Fleet.Api.Tests.Jobs;

public sealed class JobCursorTests
{
    [Fact]
    public void A_cursor_round_trips()
    {
        var cursor = new JobCursor(new DateTimeOffset(2026, 11, 25, 13, 0, 0, 123, TimeSpan.Zero), Guid.CreateVersion7());

        Assert.True(JobCursor.TryDecode(cursor.Encode(), out var decoded));
        Assert.Equal(cursor, decoded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-cursor")]
    [InlineData("!!!")]
    [InlineData("MTIzOmFiYw")]
    public void A_cursor_this_api_did_not_make_is_rejected(string text) =>
        Assert.False(JobCursor.TryDecode(text, out _));
}
