using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HsePayord.ArchitectureTests;

/// <summary>Structural descriptions of the kinds of types the rules allow, so no rule exempts a type by its name.</summary>
internal static class TypeShapes
{
    private static readonly Type[] HostBuilders = [typeof(IServiceCollection), typeof(IEndpointRouteBuilder)];

    /// <summary>
    /// A module's entry point: a static class whose public methods all extend what a host composes
    /// (<c>services.AddXxxModule(…)</c>, <c>app.MapXxxModule()</c>), and which exposes nothing but constants besides.
    /// </summary>
    public static bool IsModuleEntryPoint(Type type) =>
        IsStaticClassOfConstantsAnd(type, method =>
            method.IsDefined(typeof(ExtensionAttribute)) && HostBuilders.Contains(method.GetParameters()[0].ParameterType));

    /// <summary>
    /// The bus's edge into a module: a static class whose public methods all take a message from a Contracts assembly
    /// first. Wolverine only discovers public handlers, so these must be public.
    /// </summary>
    public static bool IsMessageHandlerAdapter(Type type, IReadOnlyCollection<Assembly> contracts) =>
        IsStaticClassOfConstantsAnd(type, method =>
            method.GetParameters() is [var message, ..] && contracts.Contains(message.ParameterType.Assembly));

    public static bool IsImmutableRecord(Type type) =>
        type.IsClass
        && type.GetMethod("<Clone>$") is not null
        && type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .All(property => property.SetMethod is not { IsPublic: true } setter || IsInitOnly(setter))
        && type.GetFields(BindingFlags.Public | BindingFlags.Instance).All(field => field.IsInitOnly);

    /// <summary>A static class holding nothing but constants, such as queue names.</summary>
    public static bool IsConstants(Type type) =>
        IsStaticClass(type)
        && type.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .All(member => member is FieldInfo { IsLiteral: true });

    public static bool IsCompilerGenerated(Type type) => type.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false);

    private static bool IsStaticClassOfConstantsAnd(Type type, Func<MethodInfo, bool> publicMethodShape) =>
        IsStaticClass(type)
        && type.GetFields(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly).All(field => field.IsLiteral)
        && type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly) is { Length: > 0 } methods
        && methods.All(publicMethodShape);

    private static bool IsStaticClass(Type type) => type.IsClass && type.IsAbstract && type.IsSealed;

    private static bool IsInitOnly(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));
}
