#!/usr/bin/env bash
# Startup benchmark: process start → mirror port accepting, as a ratio to `dotnet` running an empty program.
# Usage: bash bench/startup/run.sh [runs]   (Release build; prints the table for bench/RESULTS.md)
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build -c Release bench/startup/StartupBench/StartupBench.csproj -v quiet -nologo >/dev/null
dotnet bench/startup/StartupBench/bin/Release/net10.0/DeskMirror.Bench.Startup.dll "${1:-7}"
