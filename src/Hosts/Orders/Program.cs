using HsePayord.BuildingBlocks.Messaging;
using HsePayord.BuildingBlocks.Web;
using HsePayord.Modules.Orders;

namespace HsePayord.Hosts.Orders;

public sealed class Program
{
    private Program()
    {
    }

    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.Services.AddOrdersModule(builder.Configuration);
        builder.AddMessaging(serviceName: "orders", typeof(Program).Assembly, OrdersModule.DatabaseConnectionName);

        var app = builder.Build();
        app.MapServiceDefaults();
        app.MapOrdersModule();
        await app.RunAsync();
    }
}
