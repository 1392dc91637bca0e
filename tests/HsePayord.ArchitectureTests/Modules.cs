using System.Reflection;
using HsePayord.BuildingBlocks.Validation;
using HsePayord.Modules.Operations;
using HsePayord.Modules.Operations.Contracts;
using HsePayord.Modules.Orders;
using HsePayord.Modules.Orders.Contracts;
using HsePayord.Modules.Payments;
using HsePayord.Modules.Payments.Contracts;

namespace HsePayord.ArchitectureTests;

/// <summary>A module as the rules see it, found through one marker type per assembly.</summary>
internal sealed record Module(string Name, Type EntryPoint, Type AContract, Type HostProgram)
{
    public Assembly Implementation => EntryPoint.Assembly;

    public string Namespace => EntryPoint.Namespace!;

    public Assembly Contracts => AContract.Assembly;

    public Assembly Host => HostProgram.Assembly;
}

public static class Modules
{
    internal static readonly IReadOnlyList<Module> All =
    [
        new("Orders", typeof(OrdersModule), typeof(PaymentRequested), typeof(Hosts.Orders.Program)),
        new("Payments", typeof(PaymentsModule), typeof(PaymentSucceeded), typeof(Hosts.Payments.Program)),
    ];

    internal static readonly Assembly BuildingBlocks = typeof(ContractRules).Assembly;

    /// <summary>The operations module every host composes beside its business module.</summary>
    internal static readonly Assembly Operations = typeof(OperationsModule).Assembly;

    /// <summary>What business modules may see of the operations module.</summary>
    internal static readonly Assembly OperationsContracts = typeof(OperationsHooks).Assembly;

    internal static IReadOnlyList<Assembly> AllContracts => [.. All.Select(m => m.Contracts)];

    public static TheoryData<string> Names
    {
        get
        {
            var names = new TheoryData<string>();
            foreach (var module in All)
            {
                names.Add(module.Name);
            }

            return names;
        }
    }

    public static TheoryData<string, string> EachWithAnother
    {
        get
        {
            var pairs = new TheoryData<string, string>();
            foreach (var module in All)
            {
                foreach (var other in All.Where(other => other != module))
                {
                    pairs.Add(module.Name, other.Name);
                }
            }

            return pairs;
        }
    }

    internal static Module Named(string name) => All.Single(module => module.Name == name);
}
