#!/usr/bin/env bash
# Checks the README's local-run command on a machine with Core Tools, which these machines cannot install:
# a stand-in `func` (version 4) records how it was started, so the real wiring is exercised end to end:
# node tools/run-local.mjs -> Azurite + `dotnet run --project DialStatus.Functions` -> the Worker SDK's
# `func start` in the build output folder, which must hold host.json, local.settings.json and functions.metadata;
# then Ctrl+C (SIGINT) must stop everything.
set -euo pipefail
cd "$(dirname "$0")/.."

fake=$(mktemp -d)
report="$fake/report"
cat > "$fake/func" <<FUNC
#!/usr/bin/env bash
if [ "\${1:-}" = "--version" ]; then echo "4.0.7030"; exit 0; fi
{ echo "args: \$*"; echo "cwd: \$(pwd)"; ls; } > "$report"
trap 'echo stopped >> "$report"; exit 0' INT TERM
while true; do sleep 0.2; done
FUNC
chmod +x "$fake/func"

created_settings=false
if [ ! -e local.settings.json ]; then
  cp local.settings.sample.json local.settings.json
  created_settings=true
fi
runner=""
cleanup() {
  # Whatever happened, leave nothing of the run behind.
  if [ -n "$runner" ]; then kill -KILL -- "-$runner" 2>/dev/null || true; fi
  if [ "$created_settings" = true ]; then rm -f local.settings.json; fi
  rm -rf "$fake"
}
trap cleanup EXIT

# Job control gives the run its own process group with SIGINT not ignored, as in a terminal.
set -m
PATH="$fake:$PATH" node tools/run-local.mjs > "$fake/out.log" 2>&1 &
runner=$!
set +m
for _ in $(seq 1 240); do
  [ -s "$report" ] && break
  sleep 0.5
done
if [ ! -s "$report" ]; then
  cat "$fake/out.log"; echo "func start was never reached"; kill -INT -- "-$runner" 2>/dev/null || true; exit 1
fi
# Azurite must be serving tables while func runs (the app's AzureWebJobsStorage=UseDevelopmentStorage=true).
azurite_up=false
for _ in $(seq 1 20); do
  if (exec 3<>/dev/tcp/127.0.0.1/10002) 2>/dev/null; then azurite_up=true; break; fi
  sleep 0.5
done
[ "$azurite_up" = true ] || { cat "$fake/out.log"; kill -INT -- "-$runner"; echo "Azurite is not listening on 10002"; exit 1; }
# Ctrl+C: the terminal sends SIGINT to the whole foreground process group.
kill -INT -- "-$runner"
wait "$runner" || true
sleep 1

fail() { cat "$report" "$fake/out.log"; echo "$1"; exit 1; }
grep -q "^args: start" "$report" || fail "func was not started with 'start'"
grep -q "^cwd: $(pwd)/DialStatus.Functions/bin/Debug/net10.0$" "$report" || fail "func did not run in the build output folder"
for file in host.json local.settings.json functions.metadata worker.config.json; do
  grep -qx "$file" "$report" || fail "the build output lacks $file"
done
grep -q "^stopped" "$report" || fail "Ctrl+C did not reach func"
if pgrep -f "azurite.js --location" > /dev/null; then fail "Azurite is still running after Ctrl+C"; fi
echo "local run OK: func start in the build output, Azurite started, both stopped on Ctrl+C"
