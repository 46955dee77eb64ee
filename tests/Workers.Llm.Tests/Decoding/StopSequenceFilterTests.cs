using Fleet.Workers.Llm.Decoding;

namespace Fleet.Workers.Llm.Tests.Decoding;

public sealed class StopSequenceFilterTests
{
    [Fact]
    public void Text_that_may_start_a_stop_sequence_is_held_back_until_it_cannot()
    {
        var filter = new StopSequenceFilter(["END"]);

        Assert.Equal("abc ", filter.Advance("abc E"));
        Assert.Equal("", filter.Advance("abc EN"));
        Assert.Equal("ENx", filter.Advance("abc ENx"));
        Assert.False(filter.Stopped);
    }

    [Fact]
    public void A_stop_sequence_ends_the_text_just_before_it()
    {
        var filter = new StopSequenceFilter(["\n\n", "END"]);

        Assert.Equal("one ", filter.Advance("one E"));
        Assert.Equal("two", filter.Advance("one two\n\nthree"));
        Assert.True(filter.Stopped);
        Assert.Equal("", filter.Advance("one two\n\nthree four"));
        Assert.Equal("", filter.Flush("one two\n\nthree four"));
        Assert.Equal(7, filter.Released);
    }

    [Fact]
    public void A_split_utf8_character_is_held_back_until_complete()
    {
        var filter = new StopSequenceFilter([]);

        Assert.Equal("caf", filter.Advance("caf\uFFFD"));
        Assert.Equal("é!", filter.Advance("café!"));
    }

    [Fact]
    public void Flush_releases_what_was_held_when_generation_ends_otherwise()
    {
        var filter = new StopSequenceFilter(["END"]);
        filter.Advance("abc EN");

        Assert.Equal("EN", filter.Flush("abc EN"));
    }
}
