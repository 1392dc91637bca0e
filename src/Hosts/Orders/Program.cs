using HsePayord.BuildingBlocks.Hosting;
using HsePayord.BuildingBlocks.Messaging;
using HsePayord.BuildingBlocks.Observability;
using HsePayord.BuildingBlocks.Web;
using HsePayord.Modules.Operations;
using HsePayord.Modules.Orders;

namespace HsePayord.Hosts.Orders;

public sealed class Program
{
    private Program()
    {
    }

    public static async Task<int> Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults(apiTitle: "hse-payord Orders API");
        builder.AddTelemetry(serviceName: "orders");
        builder.Services.AddOrdersModule(builder.Configuration);
        builder.AddMessaging(serviceName: "orders", typeof(Program).Assembly, OrdersModule.DatabaseConnectionName);
        builder.AddOperationsModule(OrdersModule.DatabaseConnectionName);

        var app = builder.Build();
        app.MapServiceDefaults();
        app.MapOrdersModule();
        app.MapOperationsModule("/api/orders/ops");
        return await app.RunHostAsync(args);
    }
}
