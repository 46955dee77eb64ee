using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Fleet.Deployment.Tests;

public sealed partial class ComposeTests
{
    private static readonly string[] Workers = ["worker-llm", "worker-rl"];
    private static readonly string[] FleetProcesses = ["api", "scheduler", "worker-llm", "worker-rl"];

    private readonly YamlMappingNode _services = Manifests.LoadCompose("docker-compose.yml").Map("services")!;

    private IEnumerable<(string Name, YamlNode Service)> Services => _services.Entries();

    [Fact]
    public void Compose_defines_the_fleet_and_its_servers()
    {
        var names = Services.Select(s => s.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "api", "scheduler", "worker-llm", "worker-rl", "rabbitmq", "postgres" }, names);
        Assert.Equal("postgres:15", _services.Str("postgres", "image"));
        Assert.Equal("rabbitmq:3-management", _services.Str("rabbitmq", "image"));
    }

    [Fact]
    public void Every_service_has_a_healthcheck_and_a_restart_policy()
    {
        foreach (var (name, service) in Services)
        {
            Assert.True(service.Seq("healthcheck", "test").Any(), $"{name} has no healthcheck test");
            Assert.False(string.IsNullOrEmpty(service.Str("restart")), $"{name} has no restart policy");
        }
    }

    [Fact]
    public void Fleet_processes_probe_health_live_and_build_from_the_shared_dockerfile()
    {
        foreach (var name in FleetProcesses)
        {
            var test = string.Join(' ', _services.Seq(name, "healthcheck", "test").Select(n => ((YamlScalarNode)n).Value));
            Assert.Contains("/health/live", test);
            Assert.Equal("compose/Dockerfile", _services.Str(name, "build", "dockerfile"));
            Assert.False(string.IsNullOrEmpty(_services.Str(name, "build", "args", "PROJECT")), $"{name} sets no PROJECT");
        }
    }

    [Fact]
    public void Scheduler_keeps_backups_on_a_named_volume_at_Backup_Root()
    {
        var root = _services.Str("scheduler", "environment", "Backup__Root");

        Assert.False(string.IsNullOrEmpty(root), "the scheduler sets no Backup__Root");
        var mount = Assert.Single(_services.Seq("scheduler", "volumes").Select(v => ((YamlScalarNode)v).Value!), v => v.EndsWith(":" + root, StringComparison.Ordinal));
        var volume = mount[..mount.IndexOf(':', StringComparison.Ordinal)];
        Assert.Contains(volume, Manifests.LoadCompose("docker-compose.yml").Map("volumes")!.Entries().Select(e => e.Key));
    }

    [Fact]
    public void Workers_can_be_scaled_no_container_name_and_no_host_ports()
    {
        foreach (var name in Workers)
        {
            Assert.Null(_services.Get(name, "container_name"));
            Assert.Null(_services.Get(name, "ports"));
        }
    }

    [Fact]
    public void Workers_get_longer_to_stop_than_their_drain()
    {
        foreach (var name in Workers)
        {
            var drain = int.Parse(_services.Str(name, "environment", "RabbitMq__ConsumerStopTimeoutSeconds")!);
            var grace = ParseSeconds(_services.Str(name, "stop_grace_period")!);
            Assert.True(grace > (2 * drain) + 15, $"{name}: stop_grace_period {grace}s <= 2 x {drain}s + 15s");
        }
    }

    [Fact]
    public void Every_depends_on_waits_for_a_healthy_service()
    {
        foreach (var (name, service) in Services)
        {
            switch (service.Get("depends_on"))
            {
                case null:
                    continue;
                case YamlMappingNode deps:
                    foreach (var (dep, spec) in deps.Entries())
                        Assert.True(spec.Str("condition") == "service_healthy", $"{name} -> {dep} does not wait for service_healthy");
                    break;
                default:
                    Assert.Fail($"{name}: depends_on is a list, so it cannot wait for service_healthy");
                    break;
            }
        }
        foreach (var name in FleetProcesses)
            Assert.NotNull(_services.Map(name, "depends_on", "rabbitmq"));
    }

    [Fact]
    public void Secrets_come_only_from_required_environment_variables()
    {
        foreach (var (name, service) in Services)
        {
            if (service.Get("environment") is not YamlMappingNode env)
            {
                Assert.Null(service.Get("environment")); // the list form would hide values from this check
                continue;
            }
            foreach (var (key, value) in env.Entries())
            {
                var text = ((YamlScalarNode)value).Value ?? "";
                if (SecretKey().IsMatch(key))
                    Assert.True(RequiredVariable().IsMatch(text), $"{name}.{key} is not a required ${{VAR:?}}: '{text}'");
                foreach (Match m in PasswordInValue().Matches(text))
                    Assert.True(RequiredVariable().IsMatch(m.Groups[1].Value), $"{name}.{key} holds a literal password");
            }
        }
    }

    [Fact]
    public void Environment_is_chosen_by_FLEET_ENVIRONMENT()
    {
        foreach (var name in FleetProcesses)
            Assert.Equal("${FLEET_ENVIRONMENT:-Development}", _services.Str(name, "environment", "DOTNET_ENVIRONMENT"));
    }

    [Fact]
    public void Env_example_documents_every_required_variable()
    {
        var compose = string.Join('\n', File.ReadAllLines(Manifests.Compose("docker-compose.yml")).Where(l => !l.TrimStart().StartsWith('#')));
        var example = File.ReadAllText(Manifests.Compose(".env.example"));
        var required = RequiredVariableName().Matches(compose).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.NotEmpty(required);
        foreach (var variable in required)
            Assert.Matches(new Regex($"(?m)^{variable}="), example);
    }

    [Fact]
    public void Gpu_override_reserves_an_nvidia_gpu_for_worker_llm()
    {
        var llm = Manifests.LoadCompose("docker-compose.gpu.yml").Map("services", "worker-llm")!;
        var device = Assert.Single(llm.Seq("deploy", "resources", "reservations", "devices"));
        Assert.Equal("nvidia", device.Str("driver"));
        Assert.Equal("1", device.Str("count"));
        Assert.Contains("gpu", device.Seq("capabilities").Select(c => ((YamlScalarNode)c).Value));
        Assert.Equal("cuda", llm.Str("environment", "Llm__ExecutionProvider"));
        // The CUDA provider exists only in the GPU build, in the image that carries the CUDA runtime.
        Assert.Equal("gpu", llm.Str("build", "target"));
        Assert.Equal("true", llm.Str("build", "args", "FLEET_GPU"));
    }

    private static int ParseSeconds(string duration)
    {
        var m = Duration().Match(duration);
        Assert.True(m.Success, $"unreadable duration '{duration}'");
        var n = int.Parse(m.Groups[1].Value);
        return m.Groups[2].Value == "m" ? n * 60 : n;
    }

    [GeneratedRegex("(?i)password|secret|key|token|_PASS$")]
    private static partial Regex SecretKey();

    [GeneratedRegex(@"^\$\{[A-Z0-9_]+:\?[^}]*\}$")]
    private static partial Regex RequiredVariable();

    [GeneratedRegex(@"\$\{([A-Z0-9_]+):\?")]
    private static partial Regex RequiredVariableName();

    [GeneratedRegex(@"(?i)password=([^;]*)")]
    private static partial Regex PasswordInValue();

    [GeneratedRegex(@"^(\d+)(s|m)$")]
    private static partial Regex Duration();
}
