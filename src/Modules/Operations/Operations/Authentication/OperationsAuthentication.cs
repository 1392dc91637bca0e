using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HsePayord.Modules.Operations.Authentication;

/// <summary>
/// HTTP Basic over the operators configured for the deployment: stateless, so any replica answers any request.
/// Refusals are problem+json like every other error. Browsers' own sign-in dialog is not provoked for the web UI
/// (it sends <c>X-Requested-With</c>), which signs in with its own form.
/// </summary>
internal sealed class OperatorBasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<OperationsOptions> operations,
    IProblemDetailsService problemDetails)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "OperatorBasic";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        string userName, password;
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter ?? ""));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                return Task.FromResult(AuthenticateResult.Fail("Malformed Basic credentials."));
            }

            (userName, password) = (decoded[..colon], decoded[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return Task.FromResult(AuthenticateResult.Fail("Malformed Basic credentials."));
        }

        if (!operations.CurrentValue.Users.TryGetValue(userName, out var account)
            || account.Password.Length == 0
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(account.Password)))
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown user or wrong password."));
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, userName), new Claim(ClaimTypes.Role, account.Role)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (!Request.Headers.ContainsKey("X-Requested-With"))
        {
            Response.Headers.WWWAuthenticate = "Basic realm=\"hse-payord operations\", charset=\"UTF-8\"";
        }

        await WriteProblemAsync(StatusCodes.Status401Unauthorized, "Sign-in required",
            "The operations API needs an operator's credentials (HTTP Basic).");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "Not allowed",
            $"User '{Context.User.Identity?.Name}' may look but not act: this needs the '{OperationsRoles.Operator}' role.");

    private async Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}

internal static class OperationsPolicies
{
    public const string Read = "operations.read";
    public const string Act = "operations.act";

    public static IServiceCollection AddOperationsAuthorization(this IServiceCollection services)
    {
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, OperatorBasicAuthenticationHandler>(OperatorBasicAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Read, policy => policy
                .AddAuthenticationSchemes(OperatorBasicAuthenticationHandler.SchemeName)
                .RequireRole(OperationsRoles.Operator, OperationsRoles.Viewer))
            .AddPolicy(Act, policy => policy
                .AddAuthenticationSchemes(OperatorBasicAuthenticationHandler.SchemeName)
                .RequireRole(OperationsRoles.Operator));
        return services;
    }
}
