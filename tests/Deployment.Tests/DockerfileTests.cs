using System.Globalization;
using System.Text.RegularExpressions;

namespace Fleet.Deployment.Tests;

public sealed partial class DockerfileTests
{
    public static TheoryData<string> Dockerfiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Manifests.Compose(""), "*Dockerfile*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(Manifests.RepoRoot, file));
        return data;
    }

    [Fact]
    public void There_is_a_dockerfile()
    {
        Assert.NotEmpty(Dockerfiles());
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Dockerfile_runs_as_non_root_with_a_healthcheck(string relative)
    {
        var text = File.ReadAllText(Path.Combine(Manifests.RepoRoot, relative));
        var finalStage = text[text.LastIndexOf("\nFROM ", StringComparison.Ordinal)..];

        Assert.Contains("mcr.microsoft.com/dotnet/sdk:", text);
        Assert.Contains("FROM mcr.microsoft.com/dotnet/aspnet:", finalStage);
        Assert.Matches(@"dotnet publish .*-c Release", text);

        var user = Assert.Single(UserLine().Matches(finalStage)).Groups[1].Value;
        Assert.DoesNotMatch(@"^(root|0)(:|$)", user);
        Assert.Matches(@"(?m)^HEALTHCHECK .*(\r?\n.*)*/health/live", finalStage);
        Assert.Matches(@"(?m)^EXPOSE 8080\b", finalStage);
        Assert.Matches(@"(?m)ASPNETCORE_URLS=http://\+:8080", finalStage);
        Assert.Matches(@"(?m)^STOPSIGNAL SIGTERM\b", finalStage);
    }

    [Fact]
    public void The_scheduler_image_gets_a_postgresql_client_no_older_than_the_server_and_its_backup_folder()
    {
        var text = File.ReadAllText(Manifests.Compose("Dockerfile"));
        var finalStage = text[text.LastIndexOf("\nFROM ", StringComparison.Ordinal)..];
        var compose = Manifests.LoadCompose("docker-compose.yml");
        var serverMajor = int.Parse(compose.Str("services", "postgres", "image")!.Split(':')[1], CultureInfo.InvariantCulture);

        // pg_dump refuses to dump a server newer than itself; an older server is fine.
        var clientMajor = int.Parse(PostgresClient().Match(finalStage).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(clientMajor >= serverMajor, $"postgresql-client-{clientMajor} is older than the postgres:{serverMajor} server");
        var scheduler = SchedulerOnly().Match(finalStage);
        Assert.True(scheduler.Success, "nothing is installed for PROJECT=Scheduler alone");
        Assert.Contains("install -y --no-install-recommends \"$POSTGRES_CLIENT\"", scheduler.Value);
        Assert.Contains("chown \"$APP_UID:$APP_UID\" \"$BACKUP_ROOT\"", scheduler.Value);
        Assert.Equal(compose.Str("services", "scheduler", "environment", "Backup__Root"), BackupRoot().Match(finalStage).Groups[1].Value);
    }

    [Fact]
    public void The_gpu_stage_builds_against_the_cuda_package_and_runs_like_the_default_image()
    {
        var text = File.ReadAllText(Manifests.Compose("Dockerfile"));
        Assert.Matches(@"dotnet publish .*-p:FleetGpu=\$\{FLEET_GPU\}", text);
        Assert.Matches(@"(?m)^ARG FLEET_GPU=false$", text);
        var start = text.IndexOf(" AS gpu\n", StringComparison.Ordinal);
        Assert.True(start > 0, "the Dockerfile has no stage named gpu");
        var gpuStage = text[start..text.IndexOf("\nFROM ", start, StringComparison.Ordinal)];
        Assert.Matches(@"(?m)^USER\s+1654$", gpuStage);
        Assert.Matches(@"(?m)^HEALTHCHECK .*(\r?\n.*)*/health/live", gpuStage);
        Assert.Matches(@"(?m)^STOPSIGNAL SIGTERM\b", gpuStage);
        Assert.Contains("Llm__ExecutionProvider=cuda", gpuStage);
        Assert.Matches(@"(?m)^ARG CUDA_IMAGE=nvidia/cuda:13\.", text);
        // The default (last) stage stays the CPU image.
        Assert.Contains("FROM mcr.microsoft.com/dotnet/aspnet:", text[text.LastIndexOf("\nFROM ", StringComparison.Ordinal)..]);
    }

    [Fact]
    public void Dockerignore_keeps_build_outputs_out_of_the_context()
    {
        var ignore = File.ReadAllLines(Path.Combine(Manifests.RepoRoot, ".dockerignore"));
        Assert.Contains("**/bin/", ignore);
        Assert.Contains("**/obj/", ignore);
        Assert.Contains(".git/", ignore);
    }

    [GeneratedRegex(@"(?m)^ARG POSTGRES_CLIENT=postgresql-client-(\d+)$")]
    private static partial Regex PostgresClient();

    [GeneratedRegex(@"(?m)^ARG BACKUP_ROOT=(\S+)$")]
    private static partial Regex BackupRoot();

    [GeneratedRegex(@"if \[ ""\$PROJECT"" = ""Scheduler"" \]; then.*?\bfi\b", RegexOptions.Singleline)]
    private static partial Regex SchedulerOnly();

    [GeneratedRegex(@"(?m)^USER\s+(\S+)")]
    private static partial Regex UserLine();
}
