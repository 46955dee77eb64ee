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
    public void Dockerignore_keeps_build_outputs_out_of_the_context()
    {
        var ignore = File.ReadAllLines(Path.Combine(Manifests.RepoRoot, ".dockerignore"));
        Assert.Contains("**/bin/", ignore);
        Assert.Contains("**/obj/", ignore);
        Assert.Contains(".git/", ignore);
    }

    [GeneratedRegex(@"(?m)^USER\s+(\S+)")]
    private static partial Regex UserLine();
}
