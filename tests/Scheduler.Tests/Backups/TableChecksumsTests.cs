using Fleet.Scheduler.Backups;

namespace Fleet.Scheduler.Tests.Backups;

public sealed class TableChecksumsTests
{
    private static readonly TableChecksum[] Source =
    [
        new("public.jobs", 3, "aaa"),
        new("public.job_events", 12, "bbb"),
        new("public.api_keys", 1, "ccc"),
    ];

    [Fact]
    public void An_identical_copy_has_no_differences() =>
        Assert.Empty(TableChecksums.Differences(Source, [.. Source.Reverse()]));

    [Fact]
    public void Each_kind_of_difference_is_named_by_table()
    {
        var restored = new TableChecksum[]
        {
            new("public.jobs", 2, "aaa"),
            new("public.job_events", 12, "xxx"),
            new("public.extra", 0, ""),
        };
        Assert.Equal(
            [
                "public.jobs: 3 rows backed up, 2 restored",
                "public.job_events: checksum bbb backed up, xxx restored",
                "public.api_keys: missing from the restored copy",
                "public.extra: in the restored copy only",
            ],
            TableChecksums.Differences(Source, restored));
    }
}
