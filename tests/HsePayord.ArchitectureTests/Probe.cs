namespace HsePayord.ArchitectureTests;
public class Probe
{
    [Fact]
    public void List()
    {
        foreach (var a in new[] { typeof(HsePayord.Modules.Orders.OrdersModule).Assembly, typeof(HsePayord.Modules.Payments.PaymentsModule).Assembly, typeof(HsePayord.BuildingBlocks.Application.Money).Assembly, typeof(HsePayord.Modules.Orders.Contracts.PaymentRequested).Assembly, typeof(HsePayord.Modules.Payments.Contracts.PaymentFailed).Assembly, typeof(HsePayord.Hosts.Orders.Program).Assembly, typeof(HsePayord.Hosts.Payments.Program).Assembly })
        {
            System.Console.WriteLine("== " + a.GetName().Name);
            foreach (var r in a.GetReferencedAssemblies()) System.Console.WriteLine("  ref " + r.Name);
            foreach (var t in a.GetExportedTypes()) System.Console.WriteLine("  pub " + t.FullName);
        }
    }
}
