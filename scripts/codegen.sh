#!/usr/bin/env bash
# Regenerates Wolverine's handler code in each host (src/Hosts/*/Internal/Generated). Run it after adding,
# removing or changing a message handler; outside Development the hosts load only this pre-generated code.
set -euo pipefail
cd "$(dirname "$0")/.."
for host in src/Hosts/*/; do
  echo "==> $host"
  rm -rf "$host/Internal/Generated"
  dotnet build "$host" -v q -nologo >/dev/null
  (cd "$host" && dotnet run --no-build -- codegen write >/dev/null)
  ls "$host/Internal/Generated/WolverineHandlers"
done
