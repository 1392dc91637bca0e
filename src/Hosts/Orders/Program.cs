using HsePayord.BuildingBlocks.Messaging;
using HsePayord.BuildingBlocks.Observability;
using HsePayord.BuildingBlocks.Web;
using JasperFx;
using HsePayord.Modules.Orders;

namespace HsePayord.Hosts.Orders;

public sealed class Program
{
    private Program()
    {
    }

    // JasperFx's command line runs the host by default and adds Wolverine's tooling, e.g. `codegen write`.
    public static async Task<int> Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.AddTelemetry(serviceName: "orders");
        builder.Services.AddOrdersModule(builder.Configuration);
        builder.AddMessaging(serviceName: "orders", typeof(Program).Assembly, OrdersModule.DatabaseConnectionName);

        var app = builder.Build();
        app.MapServiceDefaults();
        app.MapOrdersModule();
        return await app.RunJasperFxCommands(args);
    }
}
