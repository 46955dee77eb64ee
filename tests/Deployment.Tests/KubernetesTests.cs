using YamlDotNet.RepresentationModel;

namespace Fleet.Deployment.Tests;

public sealed class KubernetesTests
{
    private static readonly string[] Workers = ["worker-llm", "worker-rl"];

    private readonly IReadOnlyList<(string File, YamlMappingNode Doc)> _docs = Manifests.LoadK8s();

    private IEnumerable<YamlMappingNode> Deployments => _docs.OfKind("Deployment");

    private YamlMappingNode Deployment(string name) => Assert.Single(Deployments, d => d.Str("metadata", "name") == name);

    private static IEnumerable<YamlNode> Containers(YamlMappingNode deployment) =>
        deployment.Seq("spec", "template", "spec", "containers");

    private int DrainSeconds =>
        int.Parse(Assert.Single(_docs.OfKind("ConfigMap")).Str("data", "RabbitMq__ConsumerStopTimeoutSeconds") ?? "15");

    [Fact]
    public void The_four_processes_are_deployed()
    {
        Assert.Equal(["api", "scheduler", "worker-llm", "worker-rl"], Deployments.Select(d => d.Str("metadata", "name")).Order(StringComparer.Ordinal));
        Assert.Equal("3", Deployment("api").Str("spec", "replicas"));
        Assert.Equal("1", Deployment("scheduler").Str("spec", "replicas"));
        Assert.Equal("Recreate", Deployment("scheduler").Str("spec", "strategy", "type"));
    }

    [Fact]
    public void Every_container_has_liveness_and_readiness_probes_on_the_health_paths()
    {
        foreach (var deployment in Deployments)
            foreach (var container in Containers(deployment))
            {
                Assert.Equal("/health/live", container.Str("livenessProbe", "httpGet", "path"));
                Assert.Equal("/health/ready", container.Str("readinessProbe", "httpGet", "path"));
            }
    }

    [Fact]
    public void Every_container_is_locked_down()
    {
        foreach (var deployment in Deployments)
        {
            var name = deployment.Str("metadata", "name");
            var podRunAsNonRoot = deployment.Str("spec", "template", "spec", "securityContext", "runAsNonRoot");
            Assert.NotEmpty(Containers(deployment));
            foreach (var container in Containers(deployment))
            {
                var ctx = container.Map("securityContext");
                Assert.True(ctx is not null, $"{name}: no container securityContext");
                Assert.Equal("true", ctx.Str("runAsNonRoot") ?? podRunAsNonRoot);
                Assert.Equal("true", ctx.Str("readOnlyRootFilesystem"));
                Assert.Equal("false", ctx.Str("allowPrivilegeEscalation"));
                Assert.Contains("ALL", ctx.Seq("capabilities", "drop").Select(n => ((YamlScalarNode)n).Value));
                Assert.NotNull(container.Map("resources", "requests"));
                Assert.NotNull(container.Map("resources", "limits"));

                // A read-only root needs a writable /tmp, backed by an emptyDir volume.
                var tmp = Assert.Single(container.Seq("volumeMounts"), m => m.Str("mountPath") == "/tmp");
                var volume = Assert.Single(deployment.Seq("spec", "template", "spec", "volumes"), v => v.Str("name") == tmp.Str("name"));
                Assert.NotNull(volume.Get("emptyDir"));
            }
        }
    }

    [Fact]
    public void Scheduler_keeps_backups_on_a_persistent_volume_claim_at_Backup_Root()
    {
        var deployment = Deployment("scheduler");
        var container = Assert.Single(Containers(deployment));
        var root = Assert.Single(container.Seq("env"), e => e.Str("name") == "Backup__Root").Str("value");

        var mount = Assert.Single(container.Seq("volumeMounts"), m => m.Str("mountPath") == root);
        var volume = Assert.Single(deployment.Seq("spec", "template", "spec", "volumes"), v => v.Str("name") == mount.Str("name"));
        var claim = volume.Str("persistentVolumeClaim", "claimName");
        var pvc = Assert.Single(_docs.OfKind("PersistentVolumeClaim"), p => p.Str("metadata", "name") == claim);
        Assert.Equal("fleet", pvc.Str("metadata", "namespace"));
        Assert.Equal(["ReadWriteOnce"], pvc.Seq("spec", "accessModes").Select(m => ((YamlScalarNode)m).Value));
        Assert.False(string.IsNullOrEmpty(pvc.Str("spec", "resources", "requests", "storage")), "the claim requests no storage");
        // ReadWriteOnce: the old pod must be gone before the new one mounts the claim.
        Assert.Equal("Recreate", deployment.Str("spec", "strategy", "type"));
    }

    [Fact]
    public void Every_pod_outlasts_the_host_shutdown_timeout()
    {
        var hostShutdown = (2 * DrainSeconds) + 15;
        foreach (var deployment in Deployments)
        {
            var grace = int.Parse(deployment.Str("spec", "template", "spec", "terminationGracePeriodSeconds") ?? "30");
            Assert.True(grace > hostShutdown, $"{deployment.Str("metadata", "name")}: grace {grace}s <= {hostShutdown}s");
        }
        foreach (var name in Workers)
            Assert.True(int.Parse(Deployment(name).Str("spec", "template", "spec", "terminationGracePeriodSeconds")!) >= 60);
    }

    [Fact]
    public void Secrets_are_referenced_never_written_into_the_manifests()
    {
        foreach (var deployment in Deployments)
            foreach (var container in Containers(deployment))
                foreach (var env in container.Seq("env"))
                {
                    var name = env.Str("name")!;
                    if (name.Contains("Password", StringComparison.OrdinalIgnoreCase) || name.Contains("Key", StringComparison.OrdinalIgnoreCase)
                        || name.StartsWith("ConnectionStrings__", StringComparison.Ordinal))
                    {
                        Assert.Null(env.Get("value"));
                        Assert.NotNull(env.Map("valueFrom", "secretKeyRef"));
                    }
                }

        foreach (var (key, _) in Assert.Single(_docs.OfKind("ConfigMap")).Map("data")!.Entries())
            Assert.DoesNotContain("password", key, StringComparison.OrdinalIgnoreCase);

        foreach (var secret in _docs.OfKind("Secret"))
            foreach (var field in new[] { "data", "stringData" })
                if (secret.Map(field) is { } values)
                    foreach (var (key, value) in values.Entries())
                        Assert.True(string.IsNullOrEmpty(((YamlScalarNode)value).Value), $"Secret value {key} is filled in");
    }

    // Every job type a worker consumes (its job handlers), so a backlog of any of them scales it out.
    [Theory]
    [InlineData("worker-llm", "fleet-jobs-llm-generate")]
    [InlineData("worker-llm", "fleet-jobs-llm-embed")]
    [InlineData("worker-llm", "fleet-jobs-rag-answer")]
    [InlineData("worker-llm", "fleet-jobs-ingest-run")]
    [InlineData("worker-rl", "fleet-jobs-rl-train")]
    public void Each_worker_scales_on_queue_depth_through_the_management_api(string worker, string queue)
    {
        var scaled = Assert.Single(_docs.OfKind("ScaledObject"), s => s.Str("spec", "scaleTargetRef", "name") == worker);
        var triggers = scaled.Seq("spec", "triggers").ToList();
        Assert.NotEmpty(triggers);
        foreach (var trigger in triggers)
        {
            Assert.Equal("rabbitmq", trigger.Str("type"));
            Assert.Equal("http", trigger.Str("metadata", "protocol"));
            Assert.Equal("QueueLength", trigger.Str("metadata", "mode"));
            Assert.False(string.IsNullOrEmpty(trigger.Str("metadata", "value")));
            Assert.True(trigger.Get("authenticationRef") is not null || trigger.Get("metadata", "hostFromEnv") is not null,
                $"{worker}: trigger has no credentials source");
        }
        var queues = triggers.Select(t => t.Str("metadata", "queueName")).ToList();
        Assert.Contains("fleet-jobs-noop", queues);
        Assert.Contains(queue, queues);
        // The high-priority class has queues of its own (JobQueues.ForType(type, priority)).
        Assert.Contains(queue + "-high", queues);
        Assert.Contains("fleet-jobs-noop-high", queues);

        foreach (var auth in triggers.Select(t => t.Str("authenticationRef", "name")).OfType<string>())
            Assert.Single(_docs.OfKind("TriggerAuthentication"), a => a.Str("metadata", "name") == auth);
    }

    // The Api and the Scheduler authenticate every request, /metrics included, unless Metrics__Port names a
    // management port; Prometheus scrapes that port, which no Service exposes.
    [Theory]
    [InlineData("api")]
    [InlineData("scheduler")]
    public void Prometheus_scrapes_the_management_port_that_no_service_exposes(string deployment)
    {
        var pod = Assert.Single(_docs.OfKind("Deployment"), d => d.Str("metadata", "name") == deployment).Map("spec", "template")!;
        var port = pod.Str("metadata", "annotations", "prometheus.io/port");
        var container = Assert.Single(pod.Seq("spec", "containers"));
        var env = container.Seq("env").ToDictionary(e => e.Str("name")!, e => e.Str("value"));
        Assert.Equal(port, env["Metrics__Port"]);
        Assert.Contains($":{port}", env["ASPNETCORE_URLS"]);
        Assert.Contains(port, container.Seq("ports").Select(p => p.Str("containerPort")));
        foreach (var service in _docs.OfKind("Service").Where(s => s.Str("spec", "selector", "app.kubernetes.io/name") == deployment))
            Assert.DoesNotContain(port, service.Seq("spec", "ports").Select(p => p.Str("targetPort") ?? p.Str("port")));
    }

    [Fact]
    public void Api_has_a_service_and_scales_on_cpu_from_3_to_10()
    {
        var hpa = Assert.Single(_docs.OfKind("HorizontalPodAutoscaler"), h => h.Str("spec", "scaleTargetRef", "name") == "api");
        Assert.Equal("3", hpa.Str("spec", "minReplicas"));
        Assert.Equal("10", hpa.Str("spec", "maxReplicas"));
        Assert.Contains("cpu", hpa.Seq("spec", "metrics").Select(m => m.Str("resource", "name")));

        var service = Assert.Single(_docs.OfKind("Service"), s => s.Str("metadata", "name") == "api");
        Assert.Equal("api", service.Str("spec", "selector", "app.kubernetes.io/name"));
    }

    [Fact]
    public void Every_deployment_has_a_disruption_budget_selecting_its_pods()
    {
        var budgets = _docs.OfKind("PodDisruptionBudget").ToList();
        foreach (var deployment in Deployments)
        {
            var labels = deployment.Map("spec", "template", "metadata", "labels")!;
            Assert.True(
                budgets.Any(b => b.Map("spec", "selector", "matchLabels") is { } match
                    && match.Entries().All(kv => labels.Str(kv.Key) == ((YamlScalarNode)kv.Value).Value)),
                $"{deployment.Str("metadata", "name")} has no PodDisruptionBudget");
        }
    }

    [Fact]
    public void Kustomization_lists_every_manifest_but_the_secret_example()
    {
        var listed = Manifests.LoadK8s().Single(d => d.File == "kustomization.yaml").Doc
            .Seq("resources").Select(r => ((YamlScalarNode)r).Value).ToHashSet();
        var files = _docs.Select(d => d.File).Distinct()
            .Where(f => f is not "kustomization.yaml" and not "secret.example.yaml");
        foreach (var file in files)
            Assert.Contains(file, listed);
        Assert.DoesNotContain("secret.example.yaml", listed);
    }
}
