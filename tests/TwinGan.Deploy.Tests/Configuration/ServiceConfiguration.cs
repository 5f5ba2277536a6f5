using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TwinGan.ServiceDefaults.Hosting;

namespace TwinGan.Deploy.Tests.Configuration;

/// <summary>
/// Configuration as a service host sees it: the host is built (not started) with the real
/// <c>AddServiceDefaults</c> and the service's own registration, on the given keys only. The options types are the
/// ones the registrations bind from configuration (<c>BindConfiguration</c> registers an
/// <see cref="IOptionsChangeTokenSource{TOptions}"/> per type), each with its <c>Section</c> constant.
/// </summary>
public sealed class ServiceConfiguration
{
    private readonly WebApplicationBuilder builder;

    public ServiceConfiguration(ServiceUnderTest service, IReadOnlyDictionary<string, string?> settings)
    {
        builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], EnvironmentName = "Production" });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDefaults(service.Name);
        service.Register(builder.Services);
        OptionTypes = builder.Services
            .Where(d => d.ServiceType.IsGenericType && d.ServiceType.GetGenericTypeDefinition() == typeof(IOptionsChangeTokenSource<>))
            .Select(d => d.ServiceType.GetGenericArguments()[0])
            .Where(t => t.Namespace?.StartsWith("TwinGan.", StringComparison.Ordinal) == true)
            .Distinct()
            .ToDictionary(t => t, SectionOf);
    }

    /// <summary>Options types bound from configuration, with their section names.</summary>
    public IReadOnlyDictionary<Type, string> OptionTypes { get; }

    /// <summary>True when <paramref name="key"/> (<c>Section:Property…</c>) is a property of an options type bound from that section.</summary>
    public bool IsKnownKey(string key)
    {
        var path = key.Split(':');
        return OptionTypes.Any(t => string.Equals(t.Value, path[0], StringComparison.OrdinalIgnoreCase) && OptionKeys.IsKnown(t.Key, path[1..]));
    }

    /// <summary>
    /// Binds and validates every options type as the host does at start (<c>ValidateOnStart</c>, data annotations, the
    /// services' <see cref="IValidateOptions{TOptions}"/>): the failure messages, empty when the host would start.
    /// </summary>
    public IReadOnlyList<string> ValidationFailures()
    {
        WebApplication app;
        try
        {
            app = builder.Build();
        }
        catch (InvalidOperationException e)
        {
            // Building the host configures Kestrel, which binds Server: a value that cannot be converted stops it here.
            return [$"the host cannot be built: {e.Message}"];
        }
        using var host = app;
        var failures = new List<string>();
        foreach (var type in OptionTypes.Keys)
        {
            var options = host.Services.GetRequiredService(typeof(IOptions<>).MakeGenericType(type));
            try
            {
                _ = options.GetType().GetProperty(nameof(IOptions<ServerOptions>.Value))!.GetValue(options);
            }
            catch (TargetInvocationException e) when (e.InnerException is OptionsValidationException v)
            {
                failures.AddRange(v.Failures);
            }
            catch (TargetInvocationException e) when (e.InnerException is InvalidOperationException bind)
            {
                failures.Add($"{type.Name}: {bind.Message}");
            }
        }
        return failures;
    }

    private static string SectionOf(Type type) =>
        type.GetField("Section", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string
        ?? throw new InvalidOperationException($"Options type {type.FullName} has no public const Section: the checks cannot tell which keys it binds.");
}
