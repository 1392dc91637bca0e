using System.Reflection;
using Mono.Cecil;
using NetArchTest.Rules;

namespace HsePayord.ArchitectureTests;

internal static class RuleAssert
{
    public static void Holds(TestResult result, string violation) =>
        NoOffenders(result.FailingTypeNames ?? [], violation);

    public static void NoOffenders(IEnumerable<string> offenders, string violation)
    {
        var list = offenders.Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.True(list.Count == 0, $"{violation}:{Environment.NewLine}  {string.Join($"{Environment.NewLine}  ", list)}");
    }

    /// <summary>A rule over an empty selection passes whatever the code does; this makes sure it has something to judge.</summary>
    public static PredicateList NotEmpty(PredicateList selection, string what)
    {
        Assert.True(selection.GetTypes().Any(), $"No {what} found: the rule selecting them no longer matches the code.");
        return selection;
    }
}

/// <summary>A NetArchTest custom rule written against reflection rather than Mono.Cecil.</summary>
internal sealed class ReflectionRule(Func<Type, bool> meetsRule) : ICustomRule
{
    public bool MeetsRule(TypeDefinition type) =>
        meetsRule(Type.GetType($"{type.FullName.Replace('/', '+')}, {type.Module.Assembly.FullName}", throwOnError: true)!);
}

/// <summary>
/// The assemblies an assembly references. The compiler records one for everything its metadata or IL uses, so the
/// list is exact; NetArchTest then names the types behind each reference, matching full type names because
/// namespaces overlap (HsePayord.Modules.Payments is a prefix of HsePayord.Modules.Payments.Contracts).
/// </summary>
internal static class References
{
    public static IEnumerable<string> Of(Assembly subject) => subject.GetReferencedAssemblies().Select(reference => reference.Name!);

    public static string WithItsUsers(Assembly subject, string referenceName)
    {
        var referenced = Assembly.Load(referenceName);
        var users = Types.InAssembly(subject)
            .That().HaveDependencyOnAny([.. referenced.GetExportedTypes().Select(type => type.FullName!)])
            .GetTypes().Select(type => type.FullName);
        return $"{referenceName}, used by [{string.Join(", ", users)}]";
    }
}
