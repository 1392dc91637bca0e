using System.Reflection;
using System.Text.Json;
using Mediator;
using NetArchTest.Rules;

namespace HsePayord.ArchitectureTests;

/// <summary>The rules that keep the modules apart and their insides private.</summary>
public sealed class ArchitectureRules
{
    private static readonly string[] Infrastructure =
    [
        "Microsoft.EntityFrameworkCore", "Npgsql", "Wolverine", "JasperFx", "RabbitMQ", "Microsoft.AspNetCore", "Mediator",
        "FluentValidation",
    ];

    [Theory]
    [MemberData(nameof(Modules.EachWithAnother), MemberType = typeof(Modules))]
    public void Module_does_not_depend_on_another_modules_implementation(string moduleName, string otherModuleName)
    {
        var module = Modules.Named(moduleName);
        var other = Modules.Named(otherModuleName);

        var offending = References.Of(module.Implementation)
            .Where(name => name == other.Implementation.GetName().Name)
            .Select(name => References.WithItsUsers(module.Implementation, name));

        RuleAssert.NoOffenders(offending, $"{module.Name} uses the implementation of {other.Name}, not only its Contracts");
    }

    [Theory]
    [MemberData(nameof(Modules.Names), MemberType = typeof(Modules))]
    public void Contracts_depend_only_on_the_BCL(string moduleName)
    {
        var contracts = Modules.Named(moduleName).Contracts;

        var offending = References.Of(contracts)
            .Where(name => !IsBcl(name))
            .Select(name => References.WithItsUsers(contracts, name));

        RuleAssert.NoOffenders(offending, $"{contracts.GetName().Name} references assemblies beyond the BCL");
    }

    [Theory]
    [MemberData(nameof(Modules.Names), MemberType = typeof(Modules))]
    public void Contracts_are_public_sealed_immutable_records_enums_or_constants(string moduleName)
    {
        var contracts = Modules.Named(moduleName).Contracts;

        var offending = contracts.GetTypes()
            .Where(type => !TypeShapes.IsCompilerGenerated(type) && !IsPublicContract(type))
            .Select(type => type.FullName!);

        RuleAssert.NoOffenders(offending, $"{contracts.GetName().Name} holds types other modules could change or extend");
    }

    [Theory]
    [MemberData(nameof(Modules.Names), MemberType = typeof(Modules))]
    public void Host_references_only_its_own_module(string moduleName)
    {
        var module = Modules.Named(moduleName);
        var allowed = Modules.AllContracts.Append(module.Implementation).Append(Modules.BuildingBlocks).Append(module.Host)
            .Append(Modules.Operations).Append(Modules.OperationsContracts)
            .Select(assembly => assembly.GetName().Name!).ToHashSet();

        // What the host's code uses, and what it ships even if no code uses it: its project references, transitively,
        // as its deps.json lists them.
        var offending = References.Of(module.Host)
            .Concat(ProjectDependencies(module.Host))
            .Where(name => name.StartsWith("HsePayord.", StringComparison.Ordinal) && !allowed.Contains(name))
            .Distinct()
            .Select(name => References.WithItsUsers(module.Host, name));

        RuleAssert.NoOffenders(offending, $"The {module.Name} host references another module");
    }

    [Theory]
    [MemberData(nameof(Modules.Names), MemberType = typeof(Modules))]
    public void Module_implementation_types_are_not_public(string moduleName)
    {
        var module = Modules.Named(moduleName);

        // Reflection rather than NetArchTest: GetExportedTypes is exactly what other assemblies can see, and
        // NetArchTest skips types in System.* and Microsoft.* namespaces, where extension classes often live.
        var offending = module.Implementation.GetExportedTypes()
            .Where(type => !TypeShapes.IsModuleEntryPoint(type)
                && !TypeShapes.IsMessageHandlerAdapter(type, Modules.AllContracts))
            .Select(type => type.FullName!);

        RuleAssert.NoOffenders(offending,
            $"These {module.Name} types are public, yet are neither its entry point nor a message handler for the bus");
    }

    [Theory]
    [MemberData(nameof(Modules.Names), MemberType = typeof(Modules))]
    public void Command_and_query_handlers_are_not_public(string moduleName)
    {
        var module = Modules.Named(moduleName);

        var handlers = RuleAssert.NotEmpty(
            Types.InAssembly(module.Implementation).That()
                .ImplementInterface(typeof(ICommandHandler<>))
                .Or().ImplementInterface(typeof(ICommandHandler<,>))
                .Or().ImplementInterface(typeof(IQueryHandler<,>))
                .Or().ImplementInterface(typeof(INotificationHandler<>)),
            $"{module.Name} handlers");

        RuleAssert.Holds(handlers.Should().NotBePublic().And().BeSealed().GetResult(),
            $"These {module.Name} handlers are not internal sealed");
    }

    [Theory]
    [MemberData(nameof(Modules.Names), MemberType = typeof(Modules))]
    public void Commands_and_queries_are_immutable(string moduleName)
    {
        var module = Modules.Named(moduleName);

        var messages = RuleAssert.NotEmpty(
            Types.InAssembly(module.Implementation).That().ImplementInterface(typeof(IMessage)),
            $"{module.Name} commands, queries or notifications");

        RuleAssert.Holds(messages.Should().MeetCustomRule(new ReflectionRule(TypeShapes.IsImmutableRecord)).GetResult(),
            $"These {module.Name} commands, queries or notifications are not records without public setters (init aside)");
    }

    [Theory]
    [MemberData(nameof(Modules.Names), MemberType = typeof(Modules))]
    public void Domain_does_not_depend_on_infrastructure(string moduleName)
    {
        var module = Modules.Named(moduleName);

        var domain = RuleAssert.NotEmpty(
            Types.InAssembly(module.Implementation).That().ResideInNamespace($"{module.Namespace}.Domain"),
            $"{module.Name} domain types");

        RuleAssert.Holds(domain.Should().NotHaveDependencyOnAny(Infrastructure).GetResult(),
            $"These {module.Name} domain types depend on infrastructure");
    }

    [Fact]
    public void BuildingBlocks_does_not_depend_on_any_module()
    {
        var result = Types.InAssembly(Modules.BuildingBlocks)
            .Should().NotHaveDependencyOnAny("HsePayord.Modules", "HsePayord.Hosts")
            .GetResult();

        RuleAssert.Holds(result, "These BuildingBlocks types depend on a module or a host");
    }

    [Theory]
    [MemberData(nameof(Modules.Names), MemberType = typeof(Modules))]
    public void Operations_depends_on_no_business_module(string moduleName)
    {
        // Operations serves every host alike; a module puts it in its own words through OperationsHooks instead.
        var module = Modules.Named(moduleName);
        var business = new[] { module.Implementation, module.Contracts }.Select(assembly => assembly.GetName().Name!).ToHashSet();

        var offending = new[] { Modules.Operations, Modules.OperationsContracts }
            .SelectMany(operations => References.Of(operations)
                .Where(business.Contains)
                .Select(name => References.WithItsUsers(operations, name)));

        RuleAssert.NoOffenders(offending, $"Operations depends on the {module.Name} module");
    }

    [Theory]
    [MemberData(nameof(Modules.Names), MemberType = typeof(Modules))]
    public void Business_module_sees_only_the_contracts_of_Operations(string moduleName)
    {
        var module = Modules.Named(moduleName);
        var operations = Modules.Operations.GetName().Name!;
        Assert.Contains(Modules.OperationsContracts.GetName().Name!, References.Of(module.Implementation));

        var offending = References.Of(module.Implementation)
            .Where(name => name == operations)
            .Select(name => References.WithItsUsers(module.Implementation, name));

        RuleAssert.NoOffenders(offending, $"{module.Name} uses the implementation of Operations, not only its Contracts");
    }

    [Theory]
    [InlineData("Order")]
    [InlineData("Payment")]
    [InlineData("Account")]
    [InlineData("Deposit")]
    [InlineData("Balance")]
    public void BuildingBlocks_names_no_business_word(string word)
    {
        // Shared mechanics have no business of their own: a type (or its namespace) named after one is a feature that
        // belongs in a module. Words are compared whole, in PascalCase, singular or plural (a "Recorder" is no order).
        var types = Modules.BuildingBlocks.GetTypes().Where(type => !TypeShapes.IsCompilerGenerated(type)).ToList();
        Assert.NotEmpty(types);

        var offending = types
            .Where(type => PascalCaseWords(type.FullName!).Any(part => part == word || part == word + "s"))
            .Select(type => type.FullName!);

        RuleAssert.NoOffenders(offending, $"These BuildingBlocks types are named after the business word '{word}'");
    }

    private static IEnumerable<string> PascalCaseWords(string name) =>
        System.Text.RegularExpressions.Regex.Matches(name, "[A-Z][a-z0-9]*").Select(match => match.Value);

    [Fact]
    public void BuildingBlocks_persistence_does_not_depend_on_messaging()
    {
        // Messaging keeps its envelopes in the module's database, so it builds on persistence; the way back would
        // make the two one knot (STYLE.md). The schema name of Wolverine's tables belongs to the database.
        var persistence = RuleAssert.NotEmpty(
            Types.InAssembly(Modules.BuildingBlocks).That().ResideInNamespace("HsePayord.BuildingBlocks.Persistence"),
            "BuildingBlocks persistence types");

        RuleAssert.Holds(persistence.Should().NotHaveDependencyOn("HsePayord.BuildingBlocks.Messaging").GetResult(),
            "These BuildingBlocks persistence types depend on its messaging");
    }

    [Fact]
    public void BuildingBlocks_application_depends_on_no_other_building_block()
    {
        // The modules' commands, handlers and exceptions build on it, and so do persistence (a lost conflict becomes a
        // ConflictException) and the web edge; the pipeline that composes every behavior lives apart (Pipeline).
        var application = RuleAssert.NotEmpty(
            Types.InAssembly(Modules.BuildingBlocks).That().ResideInNamespace("HsePayord.BuildingBlocks.Application"),
            "BuildingBlocks application types");
        var others = Modules.BuildingBlocks.GetTypes()
            .Select(type => type.Namespace)
            .OfType<string>()
            .Where(name => name.StartsWith("HsePayord.BuildingBlocks.", StringComparison.Ordinal)
                           && !name.StartsWith("HsePayord.BuildingBlocks.Application", StringComparison.Ordinal))
            .Distinct()
            .ToArray();

        RuleAssert.Holds(application.Should().NotHaveDependencyOnAny(others).GetResult(),
            "These BuildingBlocks application types depend on another building block");
    }

    [Fact]
    public void BuildingBlocks_parts_depend_on_each_other_one_way()
    {
        // A part is a folder (a namespace under HsePayord.BuildingBlocks, its sub-namespaces included). Two parts that
        // reach each other, however long the way round, are one knot: neither can be read, tested or split off alone
        // (STYLE.md: shared code points one way).
        var parts = Modules.BuildingBlocks.GetTypes()
            .Select(type => type.Namespace)
            .OfType<string>()
            .Where(name => name.StartsWith("HsePayord.BuildingBlocks.", StringComparison.Ordinal))
            .Select(name => string.Join('.', name.Split('.').Take(3)))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.True(parts.Length >= 5, $"Expected the BuildingBlocks' parts, found [{string.Join(", ", parts)}]");

        var uses = parts.ToDictionary(
            part => part,
            part => parts.Where(other => other != part && !Types.InAssembly(Modules.BuildingBlocks)
                .That().ResideInNamespace(part)
                .Should().NotHaveDependencyOn(other)
                .GetResult().IsSuccessful).ToArray());

        var cycles = uses.SelectMany(use => use.Value
            .Select(used => WayBetween(uses, used, use.Key))
            .OfType<List<string>>()
            .Select(wayBack => string.Join(" → ", wayBack.Prepend(use.Key).Select(part => part["HsePayord.BuildingBlocks.".Length..]))));
        RuleAssert.NoOffenders(cycles, "These BuildingBlocks parts depend on each other both ways");
    }

    /// <summary>The parts on a way from <paramref name="from"/> to <paramref name="to"/> (both included), or null.</summary>
    private static List<string>? WayBetween(Dictionary<string, string[]> uses, string from, string to)
    {
        var cameFrom = new Dictionary<string, string?> { [from] = null };
        var pending = new Queue<string>([from]);
        while (pending.TryDequeue(out var part))
        {
            if (part == to)
            {
                var way = new List<string>();
                for (string? step = to; step is not null; step = cameFrom[step])
                {
                    way.Insert(0, step);
                }

                return way;
            }

            foreach (var next in uses[part].Where(next => !cameFrom.ContainsKey(next)))
            {
                cameFrom[next] = part;
                pending.Enqueue(next);
            }
        }

        return null;
    }

    private static bool IsPublicContract(Type type) =>
        type.IsPublic && (type.IsEnum || TypeShapes.IsConstants(type) || (type.IsSealed && TypeShapes.IsImmutableRecord(type)));

    private static bool IsBcl(string assemblyName) =>
        assemblyName is "netstandard" or "mscorlib" or "System" || assemblyName.StartsWith("System.", StringComparison.Ordinal);

    private static IEnumerable<string> ProjectDependencies(Assembly host)
    {
        var depsFile = Path.ChangeExtension(host.Location, ".deps.json");
        Assert.True(File.Exists(depsFile), $"{depsFile} is missing: the host's project references cannot be checked.");

        using var deps = JsonDocument.Parse(File.ReadAllText(depsFile));
        return [.. deps.RootElement.GetProperty("libraries").EnumerateObject()
            .Where(library => library.Value.GetProperty("type").GetString() == "project")
            .Select(library => library.Name.Split('/')[0])];
    }
}
