#!/usr/bin/env node
// Runs DialStatus locally: Azurite (the pinned npm package, data in .azurite/) and the function app
// (`dotnet run --project DialStatus.Functions`, which the Functions Worker SDK turns into `func start`
// in the build output folder). Ctrl+C stops both and exits 0; if the build, func or Azurite fails, the
// other is stopped and the run exits 1 with one line saying which. Usage: node tools/run-local.mjs
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { emptyRequiredSettings, exitOutcome, nodeVersionProblem, shimInvocation, stopCommand, stopSchedule } from "./run-local-lib.mjs";
import { AZURITE_PORTS, portPlan, probePort } from "./run-local-ports.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Core Tools and npm, which are .cmd shims on Windows. */
function runShim(program, args, options) {
  const { command, args: shimArgs, shell } = shimInvocation(process.platform, program, args);
  return spawnSync(command, shimArgs, { ...options, shell });
}

/** Prints why the run cannot go on; the caller returns, and the run exits 1 once its output is written. */
function fail(message) {
  console.error(`\n${message}\n`);
  process.exitCode = 1;
}

async function main() {
  // 1. Prerequisites, before anything is written or asked for: Node.js, the .NET SDK global.json names, and
  //    Azure Functions Core Tools v4, which run the app.
  const nodeProblem = nodeVersionProblem(process.versions.node);
  if (nodeProblem) {
    return fail(nodeProblem);
  }
  const dotnet = spawnSync("dotnet", ["--version"], { cwd: root, encoding: "utf8" });
  if (dotnet.error || dotnet.status !== 0) {
    return fail(
      "The .NET 10 SDK ('dotnet') is not installed, not on PATH, or not the version global.json names.\n" +
        "Install it from https://dotnet.microsoft.com/download, then run this command again.",
    );
  }
  //    DIALSTATUS_FUNC names another func to probe (the tests point it at one that does not exist, or a stand-in).
  const func = runShim(process.env.DIALSTATUS_FUNC || "func", ["--version"], { encoding: "utf8" });
  if (func.error || func.status !== 0) {
    return fail(
      [
        "Azure Functions Core Tools v4 ('func') are not installed or not on PATH.",
        "Install them, then run this command again:",
        "  npm install -g azure-functions-core-tools@4 --unsafe-perm true   (Node.js 22 or later)",
        "  (or: winget install Microsoft.Azure.FunctionsCoreTools | brew tap azure/functions && brew install azure-functions-core-tools@4",
        "   | the Linux packages at https://learn.microsoft.com/azure/azure-functions/functions-run-local)",
        "The tests do not need Core Tools: 'dotnet test' runs everything against Azurite.",
      ].join("\n"),
    );
  }
  const funcVersion = func.stdout.trim();
  if (!funcVersion.startsWith("4.")) {
    return fail(`Azure Functions Core Tools ${funcVersion} found; DialStatus needs version 4.x.`);
  }

  // 2. Settings: local.settings.json is personal (git-ignored); start it from the sample, then make sure the
  //    settings the app cannot start without have values.
  const settings = join(root, "local.settings.json");
  if (!existsSync(settings)) {
    copyFileSync(join(root, "local.settings.sample.json"), settings);
    return fail(
      "Created local.settings.json from local.settings.sample.json.\n" +
        "Set Dial__Targets (E.164 numbers / sip: URIs) and Plivo__AuthToken in it, then run this command again.",
    );
  }
  let values;
  try {
    values = JSON.parse(readFileSync(settings, "utf8")).Values;
  } catch (error) {
    return fail(`local.settings.json is not valid JSON (${error.message}); fix it, or delete it to start again from the sample.`);
  }
  const empty = emptyRequiredSettings(values);
  if (empty.length > 0) {
    return fail(`Still empty in local.settings.json: ${empty.join(", ")}. Set them, then run this command again.`);
  }

  // 3. Azurite's ports: reuse a Table Storage emulator that is already there; refuse anything else on them.
  const found = Object.fromEntries(await Promise.all(AZURITE_PORTS.map(async (port) => [port, await probePort(port)])));
  const plan = portPlan(found);
  if (plan.action === "refuse") {
    return fail(plan.message);
  }
  if (plan.action === "reuse") {
    console.log(plan.message);
  }

  // 4. Azurite from the lockfile, unless an emulator is reused.
  const azuriteMain = join(root, "node_modules", "azurite", "dist", "src", "azurite.js");
  if (plan.action === "start" && !existsSync(azuriteMain)) {
    const install = runShim("npm", ["ci", "--no-audit", "--no-fund"], { cwd: root, stdio: "inherit" });
    if (install.status !== 0) {
      return fail("'npm ci' failed; see above.");
    }
  }

  const run = new LocalRun();
  if (plan.action === "start") {
    const dataFolder = join(root, ".azurite");
    mkdirSync(dataFolder, { recursive: true });
    console.log(`Core Tools ${funcVersion}. Starting Azurite (data in .azurite/) and the function app; Ctrl+C stops both.`);
    // Node itself, no shell: signals and taskkill then reach Azurite, not a shell around it.
    run.start("azurite", process.execPath, [
      azuriteMain, "--location", dataFolder, "--silent", "--skipApiVersionCheck", "--disableTelemetry",
    ]);
  } else {
    console.log(`Core Tools ${funcVersion}. Starting the function app; Ctrl+C stops it (the emulator keeps running).`);
  }
  // dotnet is a real executable everywhere (dotnet.exe on Windows): no shell.
  run.start("app", "dotnet", ["run", "--project", "DialStatus.Functions"]);

  // The terminal's Ctrl+C reaches the children too; a SIGTERM (from a service manager, say) reaches only us.
  process.on("SIGINT", () => run.end({ type: "interrupt" }, true));
  process.on("SIGTERM", () => run.end({ type: "interrupt" }, false));
}

/** The children of one run, and the stop that the first event ending the run starts. */
class LocalRun {
  events = [];
  running = new Map();
  timers = [];
  outcome = null;

  start(name, command, args) {
    const child = spawn(command, args, { cwd: root, stdio: "inherit" });
    this.running.set(name, child);
    this.events.push({ type: "start", child: name });
    child.on("error", (error) => {
      // Only a child that never started has nothing more to report; a failed kill is retried by the next step.
      if (child.pid === undefined) {
        this.running.delete(name);
        this.end({ type: "error", child: name, error: error.message }, false);
      }
    });
    child.on("exit", (code, signal) => {
      this.running.delete(name);
      this.end({ type: "exit", child: name, code, signal }, false);
    });
  }

  /** Records what happened; the first such event decides the outcome and starts stopping the rest. */
  end(event, childrenAlreadyInterrupted) {
    this.events.push(event);
    if (this.outcome === null) {
      this.outcome = exitOutcome(this.events);
      if (this.outcome.message) console.error(`\n${this.outcome.message}`);
      process.exitCode = this.outcome.code;
      const schedule = stopSchedule(childrenAlreadyInterrupted);
      this.later(schedule.gentleAfter, () => this.stopAll(false));
      this.later(schedule.forceAfter, () => this.stopAll(true));
      this.later(schedule.giveUpAfter, () => {
        console.error(`Still running after being killed: ${[...this.running.keys()].join(", ")}; exiting anyway.`);
        process.exit();
      });
    } else if (event.type === "interrupt") {
      // A second Ctrl+C: the user will not wait for a graceful stop.
      this.stopAll(true);
    }
    if (this.running.size === 0) {
      // Nothing left to wait for: clearing the timers lets Node exit once the output is written.
      this.timers.forEach(clearTimeout);
    }
  }

  later(ms, action) {
    this.timers.push(setTimeout(action, ms));
  }

  stopAll(force) {
    for (const child of this.running.values()) {
      const stop = stopCommand(process.platform, child.pid, force);
      if (stop.signal) {
        child.kill(stop.signal);
      } else {
        spawnSync(stop.command, stop.args, { stdio: "ignore" });
      }
    }
  }
}

await main();
