using HsePayord.BuildingBlocks.Messaging;
using HsePayord.BuildingBlocks.Web;
using HsePayord.Modules.Payments;

namespace HsePayord.Hosts.Payments;

public sealed class Program
{
    private Program()
    {
    }

    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.Services.AddPaymentsModule(builder.Configuration);
        builder.AddMessaging(serviceName: "payments", typeof(Program).Assembly, PaymentsModule.DatabaseConnectionName);

        var app = builder.Build();
        app.MapServiceDefaults();
        app.MapPaymentsModule();
        await app.RunAsync();
    }
}
