# syntax=docker/dockerfile:1
# Image of one .NET host, Orders or Payments: the build argument MODULE picks which (compose.yaml passes it;
# by hand: docker build -f docker/host.Dockerfile --build-arg MODULE=Orders .). Build context: the repository
# root (see compose.yaml and /.dockerignore). Both hosts follow one layout, src/Modules/<MODULE>/<MODULE> and
# src/Hosts/<MODULE>/<MODULE>.Host.csproj with the assembly HsePayord.Hosts.<MODULE>, so one file serves both.

# ---- build: restore, then publish, with the SDK -------------------------------------------------
# The build stage runs on the target platform: the Release publish is ReadyToRun for the SDK's own
# runtime identifier (see the host's .csproj), and CoreCLR refuses ReadyToRun code compiled for
# another machine type (BadImageFormatException), so a cross-platform image build emulates the SDK.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# No default: a build without it fails at the first COPY that uses it (${MODULE:?}: "MODULE: is not
# allowed to be unset") instead of quietly building one of the two hosts.
ARG MODULE
WORKDIR /src

# Restore inputs only, so the (slow) restore layer is reused until a project file or a package
# version changes. Paths mirror the repository, so every command below also runs from its root.
# The bracket globs copy optional files if present (BuildKit skips a glob that matches nothing).
# global.json is left out on purpose: the image's SDK is chosen by the FROM line above.
# Each host references both modules' contracts, the Operations module and only its own business
# module, so an image copies (and restores) the other business module's project not at all.
COPY Directory.Build.props Directory.Packages.props Directory.Build.target[s] [Nn]u[Gg]et.[Cc]onfig .editorconfi[g] ./
COPY src/BuildingBlocks/BuildingBlocks.csproj src/BuildingBlocks/
COPY src/Modules/Orders/Orders.Contracts/Orders.Contracts.csproj src/Modules/Orders/Orders.Contracts/
COPY src/Modules/Payments/Payments.Contracts/Payments.Contracts.csproj src/Modules/Payments/Payments.Contracts/
COPY src/Modules/Operations/Operations.Contracts/Operations.Contracts.csproj src/Modules/Operations/Operations.Contracts/
COPY src/Modules/Operations/Operations/Operations.csproj src/Modules/Operations/Operations/
COPY src/Modules/${MODULE:?}/${MODULE}/${MODULE}.csproj src/Modules/${MODULE}/${MODULE}/
COPY src/Hosts/Directory.Build.props src/Hosts/
COPY src/Hosts/${MODULE}/${MODULE}.Host.csproj src/Hosts/${MODULE}/
# Restored for the configuration published below (a Release build references no Roslyn).
RUN dotnet restore src/Hosts/${MODULE}/${MODULE}.Host.csproj -p:Configuration=Release

COPY src/ src/
RUN dotnet publish src/Hosts/${MODULE}/${MODULE}.Host.csproj -c Release -o /app --no-restore -p:UseAppHost=false

# ---- runtime: ASP.NET Core only, as the image's non-root user ----------------------------------
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# A build argument ends with its stage and is never seen by the running container: declared again
# here, and kept as ENV for the ENTRYPOINT below, which reads it when the container starts.
ARG MODULE
ENV HOST_ASSEMBLY=HsePayord.Hosts.${MODULE}.dll
WORKDIR /app
COPY --from=build /app ./

# The image's built-in unprivileged user ("app", UID 1654); /app stays root-owned and read-only.
USER $APP_UID
# Kestrel listens on ASPNETCORE_HTTP_PORTS, which this base image sets to 8080.
EXPOSE 8080

# The aspnet image has neither curl nor wget, but it has bash: open a TCP connection with bash's
# /dev/tcp, send a minimal HTTP/1.1 request and accept only a "200" status line. Readiness covers
# the database and RabbitMQ, so "healthy" means "can do its work"; compose's depends_on and
# Traefik's Docker provider (which skips containers that are starting or unhealthy) both use it.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --start-interval=2s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health/ready HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && read -r status <&3 && [[ $status == 'HTTP/1.1 200 '* ]]"]

# Docker substitutes no variables in an exec-form ENTRYPOINT, and MODULE is gone at run time, so bash
# expands $HOST_ASSEMBLY (the ENV above) when the container starts, and `exec` replaces bash with
# dotnet: dotnet is PID 1 and gets docker stop's SIGTERM itself (a shell left in between would not
# pass it on). Exec form, not shell form, so that "$@" ($0 is "bash") passes on the arguments of
# `docker run IMAGE ...` to the host, as ["dotnet", "HsePayord.Hosts.Orders.dll"] did.
ENTRYPOINT ["bash", "-c", "exec dotnet \"$HOST_ASSEMBLY\" \"$@\"", "bash"]
