#!/usr/bin/env bash
# Compiles and lints infra/main.bicep with a pinned Bicep CLI and fails on ANY diagnostic:
# errors, compiler warnings (BCPxxx) and linter findings alike (zero warnings policy).
#
# The Bicep CLI comes from the NuGet package Azure.Bicep.CommandLine.<rid> (a self-contained
# `bicep` executable under tools/), fetched through the machine's configured NuGet sources and
# cached in .tools/bicep/<version>/<rid>/ (git-ignored). Needs only the .NET SDK; without it,
# falls back to curl + the NuGet v3 flat container and unzip (or python3's zipfile).
#
# Environment:
#   BICEP_VERSION     Bicep CLI version (default 0.49.2)
#   BICEP_CACHE_DIR   where the binary is cached (default <repo>/.tools/bicep/<version>/<rid>)
#   NUGET_V3_INDEX    service index for the curl fallback (default https://api.nuget.org/v3/index.json)
set -euo pipefail

BICEP_VERSION="${BICEP_VERSION:-0.49.2}"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
main_bicep="$repo_root/infra/main.bicep"
parameters_json="$repo_root/infra/main.parameters.json"
workbook_json="$repo_root/infra/workbook.json"
alerts_bicep="$repo_root/infra/alerts.bicep"
operations_md="$repo_root/docs/operations.md"

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64 | Linux-amd64) rid=linux-x64 ;;
  Linux-aarch64 | Linux-arm64) rid=linux-arm64 ;;
  Darwin-x86_64) rid=osx-x64 ;;
  Darwin-arm64) rid=osx-arm64 ;;
  *)
    echo "compile-bicep: unsupported platform $(uname -s)-$(uname -m)" >&2
    exit 2
    ;;
esac

package_id="Azure.Bicep.CommandLine.${rid}"
package_lower="$(printf '%s' "$package_id" | tr '[:upper:]' '[:lower:]')"
cache_dir="${BICEP_CACHE_DIR:-$repo_root/.tools/bicep/$BICEP_VERSION/$rid}"
bicep="$cache_dir/bicep"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

log() { printf 'compile-bicep: %s\n' "$*" >&2; }

bicep_ok() {
  [[ -x "$bicep" ]] && "$bicep" --version 2>/dev/null | grep -q "Bicep CLI version ${BICEP_VERSION} "
}

# Restores the package with the NuGet client built into the .NET SDK (honours NuGet.Config,
# verifies the package hash/signature) into $work/packages; prints the extracted package folder.
fetch_with_dotnet() {
  local sdk_major tfm project_dir
  sdk_major="$(dotnet --version | cut -d. -f1)"
  tfm="net${sdk_major}.0"
  project_dir="$work/restore"
  mkdir -p "$project_dir"
  cat >"$project_dir/bicep-download.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>${tfm}</TargetFramework>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
  </PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="${package_id}" Version="[${BICEP_VERSION}]" />
  </ItemGroup>
</Project>
EOF
  # Built outside the repository, and without Directory.*.props, so the repo's build settings
  # (central package management, analyzers, global.json) cannot interfere.
  (cd "$project_dir" && dotnet restore bicep-download.csproj \
    --packages "$work/packages" \
    -p:ImportDirectoryBuildProps=false \
    -p:ImportDirectoryPackagesProps=false \
    -p:ImportDirectoryBuildTargets=false \
    --verbosity quiet --nologo) >&2
  printf '%s\n' "$work/packages/$package_lower/$BICEP_VERSION"
}

# Fallback without the .NET SDK: NuGet v3 flat container (PackageBaseAddress) + unzip/python3.
fetch_with_curl() {
  local index base nupkg dest
  index="${NUGET_V3_INDEX:-https://api.nuget.org/v3/index.json}"
  base="$(curl -fsSL "$index" | python3 -c '
import json, sys
for r in json.load(sys.stdin)["resources"]:
    if r["@type"].startswith("PackageBaseAddress/3.0.0"):
        print(r["@id"].rstrip("/")); break
')"
  [[ -n "$base" ]] || { log "no PackageBaseAddress in $index"; return 1; }
  nupkg="$work/$package_lower.$BICEP_VERSION.nupkg"
  curl -fsSL -o "$nupkg" "$base/$package_lower/$BICEP_VERSION/$package_lower.$BICEP_VERSION.nupkg"
  dest="$work/extracted"
  mkdir -p "$dest"
  if command -v unzip >/dev/null 2>&1; then
    unzip -q -o "$nupkg" -d "$dest"
  else
    python3 -m zipfile -e "$nupkg" "$dest"
  fi
  printf '%s\n' "$dest"
}

install_bicep() {
  local package_dir found
  if command -v dotnet >/dev/null 2>&1; then
    log "installing $package_id $BICEP_VERSION with dotnet restore"
    package_dir="$(fetch_with_dotnet)"
  elif command -v curl >/dev/null 2>&1 && command -v python3 >/dev/null 2>&1; then
    log "installing $package_id $BICEP_VERSION from the NuGet flat container"
    package_dir="$(fetch_with_curl)"
  else
    log "need the .NET SDK (or curl and python3) to install the Bicep CLI"
    return 1
  fi
  found="$(find "$package_dir" -type f -name bicep -path '*/tools/*' | head -n 1)"
  [[ -n "$found" ]] || { log "no tools/bicep inside $package_dir"; return 1; }

  # Install atomically so an interrupted run never leaves a half-copied binary in the cache.
  mkdir -p "$(dirname "$cache_dir")"
  local staging="$cache_dir.tmp.$$"
  rm -rf "$staging"
  mkdir -p "$staging"
  cp "$found" "$staging/bicep"
  chmod +x "$staging/bicep"
  rm -rf "$cache_dir"
  mv "$staging" "$cache_dir"
}

if ! bicep_ok; then
  install_bicep
  bicep_ok || { log "installed binary does not report version $BICEP_VERSION"; exit 1; }
fi
"$bicep" --version >&2

failures=0
diagnostics=0

# Runs one bicep command; its diagnostics (stderr) are shown, and any diagnostic counts as a failure.
run_bicep() {
  local label="$1"
  shift
  local err="$work/$label.err" rc=0
  "$bicep" "$@" 2>"$err" || rc=$?
  if [[ -s "$err" ]]; then
    cat "$err" >&2
    local n
    n="$(grep -cE ' : (Error|Warning|Info) ' "$err" || true)"
    diagnostics=$((diagnostics + (n > 0 ? n : 1)))
    failures=$((failures + 1))
  fi
  if [[ $rc -ne 0 ]]; then
    log "bicep $label exited with $rc"
    failures=$((failures + 1))
  fi
}

run_bicep build build "$main_bicep" --outfile "$work/main.json"
run_bicep lint lint "$main_bicep"

# Cheap consistency checks the compiler cannot do: the azd parameters file names only parameters
# that main.bicep declares, the workbook that loadTextContent() embeds is valid JSON, and every alert
# query (infra/alerts/*.kql) is loaded by alerts.bicep and quoted verbatim in docs/operations.md.
if command -v python3 >/dev/null 2>&1 && [[ -s "$work/main.json" ]]; then
  if ! python3 - "$work/main.json" "$parameters_json" "$workbook_json" "$alerts_bicep" "$operations_md" <<'PY'
import json, pathlib, sys
template, parameters, workbook = (json.load(open(p)) for p in sys.argv[1:4])
alerts_bicep, operations_md = (pathlib.Path(p) for p in sys.argv[4:6])
declared = set(template.get("parameters", {}))
given = set(parameters.get("parameters", {}))
unknown = sorted(given - declared)
if unknown:
    sys.exit(f"main.parameters.json sets undeclared parameters: {', '.join(unknown)}")
if workbook.get("version") != "Notebook/1.0":
    sys.exit("workbook.json is not a Notebook/1.0 workbook")
bicep_text, docs_text = alerts_bicep.read_text(), operations_md.read_text()
for kql in sorted((alerts_bicep.parent / "alerts").glob("*.kql")):
    if f"loadTextContent('alerts/{kql.name}')" not in bicep_text:
        sys.exit(f"alerts.bicep does not load alerts/{kql.name}")
    if f"```kusto\n{kql.read_text().strip()}\n```" not in docs_text:
        sys.exit(f"docs/operations.md does not quote alerts/{kql.name} verbatim in a kusto block")
PY
  then
    failures=$((failures + 1))
  fi
fi

if [[ $failures -ne 0 ]]; then
  log "FAILED: $failures failed check(s), $diagnostics Bicep diagnostic(s); warnings count as errors"
  exit 1
fi
log "OK: infra/main.bicep builds and lints with 0 errors, 0 warnings"
