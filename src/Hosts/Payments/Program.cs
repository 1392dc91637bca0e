using HsePayord.BuildingBlocks.Hosting;
using HsePayord.BuildingBlocks.Messaging;
using HsePayord.BuildingBlocks.Observability;
using HsePayord.BuildingBlocks.Web;
using HsePayord.Modules.Operations;
using HsePayord.Modules.Payments;

namespace HsePayord.Hosts.Payments;

public sealed class Program
{
    private Program()
    {
    }

    public static async Task<int> Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults(apiTitle: "hse-payord Payments API");
        builder.AddTelemetry(serviceName: "payments");
        builder.Services.AddPaymentsModule(builder.Configuration);
        builder.AddMessaging(serviceName: "payments", typeof(Program).Assembly, PaymentsModule.DatabaseConnectionName);
        builder.AddOperationsModule(PaymentsModule.DatabaseConnectionName);

        var app = builder.Build();
        app.MapServiceDefaults();
        app.MapPaymentsModule();
        app.MapOperationsModule("/api/payments/ops");
        return await app.RunHostAsync(args);
    }
}
