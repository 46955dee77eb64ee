using Fleet.Retrieval.Answers;
using Fleet.Workers.Jobs;
using Fleet.Workers.Llm.Composition;
using Fleet.Workers.Llm.Retrieval;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Fleet.Workers.Llm.Tests.Retrieval;

/// <summary>Which generator answers rag.answer, by <c>Answers:Generator</c> and whether the worker has a model.</summary>
public sealed class AnswerCompositionTests(FixtureModel model)
{
    [Fact]
    public void By_default_a_worker_with_a_model_answers_with_the_llm()
    {
        var services = Compose(("Llm:ModelPath", model.Folder));

        Assert.Equal(typeof(LlmAnswerGenerator), Generator(services));
        Assert.Single(services, d => d.ImplementationType == typeof(AnswerQuestionJobHandler));
    }

    [Fact]
    public void Extractive_answers_only_when_configured_so_even_with_a_model()
    {
        var services = Compose(("Llm:ModelPath", model.Folder), ("Answers:Generator", "extractive"));

        Assert.Equal(typeof(ExtractiveAnswerGenerator), Generator(services));
        Assert.Single(services, d => d.ImplementationType == typeof(AnswerQuestionJobHandler));
    }

    [Fact]
    public void A_worker_without_a_model_serves_no_rag_answer_unless_extractive()
    {
        var services = Compose();

        Assert.Null(Generator(services));
        Assert.DoesNotContain(services, d => d.ImplementationType == typeof(AnswerQuestionJobHandler));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(IJobHandler) && d.ImplementationType == typeof(Fleet.Workers.Llm.Generation.GenerateTextJobHandler));
    }

    // With the model, rag.answer takes no more jobs at once than the batch (the rest wait in RabbitMQ); extractive
    // answers have no limit of their own.
    [Theory]
    [InlineData("llm", 3)]
    [InlineData("extractive", null)]
    public void Rag_answer_takes_as_many_jobs_at_once_as_its_generator_writes(string generator, int? expected)
    {
        var services = Compose(("Llm:ModelPath", model.Folder), ("Llm:MaxBatchSize", "3"), ("Answers:Generator", generator));
        services.AddSingleton(Npgsql.NpgsqlDataSource.Create("Host=127.0.0.1;Database=never-opened"));   // the store's, not used here
        using var provider = services.BuildServiceProvider();

        var handler = provider.GetServices<IJobHandler>().Single(h => h is AnswerQuestionJobHandler);

        Assert.Equal(expected, handler.MaxConcurrency);
    }

    [Fact]
    public void An_unknown_generator_stops_start_up_naming_the_setting()
    {
        var builder = Builder(("Llm:ModelPath", model.Folder), ("Answers:Generator", "gpt-4"));
        builder.AddInference();
        builder.AddRetrieval();
        using var host = builder.Build();

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Answers:Generator must be llm or extractive.", error.Message, StringComparison.Ordinal);
    }

    private static IServiceCollection Compose(params (string Key, string Value)[] settings)
    {
        var builder = Builder(settings);
        builder.AddInference();
        builder.AddRetrieval();
        return builder.Services;
    }

    private static HostApplicationBuilder Builder(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }
        return builder;
    }

    private static Type? Generator(IServiceCollection services) =>
        services.SingleOrDefault(d => d.ServiceType == typeof(IAnswerGenerator))?.ImplementationType;
}
