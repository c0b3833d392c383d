#!/usr/bin/env bash
# Checks the README's local-run command on a machine with Core Tools, which these machines cannot install:
# a stand-in `func` (version 4) records how it was started, so the real wiring is exercised end to end:
# node tools/run-local.mjs -> Azurite + `dotnet run --project DialStatus.Functions` -> the Worker SDK's
# `func start` in the build output folder, which must hold host.json, local.settings.json and functions.metadata.
# Then: Ctrl+C (SIGINT) stops everything and exits 0; a func that fails makes the run exit non-zero with one
# line saying so, Azurite stopped; a Table Storage emulator already on 10002 is reused and left running;
# anything else on 10002 stops the run before it starts anything.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd -P)

fake=$(mktemp -d)
report="$fake/report"
# FUNC_EXIT makes the stand-in fail at once with that code, as a func start that cannot start would.
cat > "$fake/func" <<FUNC
#!/usr/bin/env bash
if [ "\${1:-}" = "--version" ]; then echo "4.0.7030"; exit 0; fi
{ echo "args: \$*"; echo "cwd: \$(pwd)"; ls; } > "$report"
if [ -n "\${FUNC_EXIT:-}" ]; then exit "\$FUNC_EXIT"; fi
trap 'echo stopped >> "$report"; exit 0' INT TERM
while true; do sleep 0.2; done
FUNC
chmod +x "$fake/func"

created_settings=false
if [ ! -e local.settings.json ]; then
  # The sample with the two values only a user can give, as the README asks for them.
  node -e '
    const fs = require("fs");
    const settings = JSON.parse(fs.readFileSync("local.settings.sample.json", "utf8"));
    settings.Values.Dial__Targets = "+14155550100";
    settings.Values.Plivo__AuthToken = "local-run-check-token";
    fs.writeFileSync("local.settings.json", JSON.stringify(settings, null, 2));'
  created_settings=true
fi
groups=()
cleanup() {
  # Whatever happened, leave nothing of the runs behind.
  for group in "${groups[@]}"; do kill -KILL -- "-$group" 2>/dev/null || true; done
  if [ "$created_settings" = true ]; then rm -f local.settings.json; fi
  rm -rf "$fake"
}
trap cleanup EXIT

fail() { cat "$report" "$fake/out.log" 2>/dev/null || true; echo "$1"; exit 1; }

# Starts "$@" in its own process group (job control), SIGINT not ignored, as in a terminal; sets $started.
start_group() {
  set -m
  "$@" &
  started=$!
  set +m
  groups+=("$started")
}

# The local run, its output in $fake/out.log; sets $runner.
start_run() {
  rm -f "$report"
  start_group env PATH="$fake:$PATH" node tools/run-local.mjs > "$fake/out.log" 2>&1
  runner=$started
}

wait_for_func() {
  for _ in $(seq 1 240); do
    [ -s "$report" ] && return 0
    kill -0 "$runner" 2>/dev/null || break
    sleep 0.5
  done
  fail "func start was never reached"
}

# Waits (bounded) for the run to end by itself; sets $status.
wait_for_exit() {
  for _ in $(seq 1 120); do
    kill -0 "$runner" 2>/dev/null || break
    sleep 0.5
  done
  kill -0 "$runner" 2>/dev/null && fail "the local run did not exit"
  status=0
  wait "$runner" || status=$?
}

# Ctrl+C: the terminal sends SIGINT to the whole foreground process group.
interrupt_run() {
  kill -INT -- "-$runner"
  wait_for_exit
}

table_port_open() { (exec 3<>/dev/tcp/127.0.0.1/10002) 2>/dev/null; }

wait_for_table_port() {
  for _ in $(seq 1 40); do
    table_port_open && return 0
    sleep 0.5
  done
  fail "nothing is listening on 10002"
}

our_azurite_running() { pgrep -f "azurite.js --location $root/.azurite" > /dev/null; }

echo "-- the run: func start in the build output, Azurite on 10002, Ctrl+C stops both and exits 0"
start_run
wait_for_func
# Azurite must be serving tables while func runs (the app's AzureWebJobsStorage=UseDevelopmentStorage=true).
wait_for_table_port
our_azurite_running || fail "the table port is open, but not by this run's Azurite"
interrupt_run
[ "$status" -eq 0 ] || fail "Ctrl+C ended the run with exit code $status, not 0"
if grep -Eq "exited with code|stopped by itself|was ended by|could not be started" "$fake/out.log"; then
  fail "Ctrl+C was reported as a failure"
fi
grep -q "^args: start" "$report" || fail "func was not started with 'start'"
grep -q "^cwd: $root/DialStatus.Functions/bin/Debug/net10.0$" "$report" || fail "func did not run in the build output folder"
for file in host.json local.settings.json functions.metadata worker.config.json; do
  grep -qx "$file" "$report" || fail "the build output lacks $file"
done
grep -q "^stopped" "$report" || fail "Ctrl+C did not reach func"
if our_azurite_running; then fail "Azurite is still running after Ctrl+C"; fi

echo "-- a func start that fails: one line saying so, Azurite stopped, non-zero exit"
export FUNC_EXIT=1
start_run
wait_for_exit
unset FUNC_EXIT
[ -s "$report" ] || fail "func start was never reached"
[ "$status" -ne 0 ] || fail "the run exited 0 although func start failed"
line="The function app exited with code 1 (build failed or func start failed); stopping Azurite."
[ "$(grep -cxF "$line" "$fake/out.log")" -eq 1 ] || fail "the run did not say once: $line"
if our_azurite_running; then fail "Azurite is still running after func start failed"; fi
if table_port_open; then fail "something still listens on 10002 after the failed run"; fi

echo "-- a Table Storage emulator already on 10002: reused, and still running after Ctrl+C"
start_group node node_modules/azurite/dist/src/table/main.js --tableHost 127.0.0.1 --tablePort 10002 \
  --inMemoryPersistence --silent --skipApiVersionCheck --disableTelemetry > /dev/null 2>&1
emulator=$started
wait_for_table_port
start_run
wait_for_func
grep -qxF "Table Storage emulator already listening on 127.0.0.1:10002; using it." "$fake/out.log" \
  || fail "the run did not say it reuses the emulator on 10002"
if our_azurite_running; then fail "the run started its own Azurite beside the emulator"; fi
interrupt_run
[ "$status" -eq 0 ] || fail "Ctrl+C ended the run with exit code $status, not 0"
grep -q "^stopped" "$report" || fail "Ctrl+C did not reach func"
kill -0 "$emulator" 2>/dev/null || fail "the run stopped an emulator it had not started"
kill -INT -- "-$emulator"
wait "$emulator" || true

echo "-- something that is not Table Storage on 10002: the run names the port and starts nothing"
start_group node -e 'require("node:http").createServer((_, r) => r.writeHead(404).end()).listen(10002, "127.0.0.1")'
squatter=$started
wait_for_table_port
start_run
wait_for_exit
[ "$status" -ne 0 ] || fail "the run exited 0 although 10002 was taken"
grep -q "^Port 10002 on 127.0.0.1 is taken by something that is not Table Storage" "$fake/out.log" \
  || fail "the run did not name the taken port"
[ ! -e "$report" ] || fail "func was started although 10002 was taken"
if our_azurite_running; then fail "Azurite was started although 10002 was taken"; fi
kill -KILL -- "-$squatter"
wait "$squatter" 2>/dev/null || true

echo "local run OK: func start in the build output, Azurite started and stopped on Ctrl+C (exit 0), a failing func reported in one line (exit 1, Azurite stopped), an emulator on 10002 reused, anything else on 10002 refused"
