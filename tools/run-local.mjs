#!/usr/bin/env node
// Runs DialStatus locally: Azurite (the pinned npm package, data in .azurite/) and the function app
// (`dotnet run --project DialStatus.Functions`, which the Functions Worker SDK turns into `func start`
// in the build output folder). Ctrl+C stops both. Usage: node tools/run-local.mjs
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const isWindows = process.platform === "win32";

function fail(message) {
  console.error(`\n${message}\n`);
  process.exit(1);
}

// 1. Azure Functions Core Tools v4 run the app; without them nothing else is worth starting.
//    DIALSTATUS_FUNC names another func to probe (the tests point it at one that does not exist).
const func = spawnSync(process.env.DIALSTATUS_FUNC || "func", ["--version"], { encoding: "utf8", shell: isWindows });
if (func.error || func.status !== 0) {
  fail(
    [
      "Azure Functions Core Tools v4 ('func') are not installed or not on PATH.",
      "Install them, then run this command again:",
      "  npm install -g azure-functions-core-tools@4 --unsafe-perm true",
      "  (or: winget install Microsoft.Azure.FunctionsCoreTools | brew tap azure/functions && brew install azure-functions-core-tools@4",
      "   | the Linux packages at https://learn.microsoft.com/azure/azure-functions/functions-run-local)",
      "The tests do not need Core Tools: 'dotnet test' runs everything against Azurite.",
    ].join("\n"),
  );
}
const funcVersion = func.stdout.trim();
if (!funcVersion.startsWith("4.")) {
  fail(`Azure Functions Core Tools ${funcVersion} found; DialStatus needs version 4.x.`);
}

// 2. Settings: local.settings.json is personal (git-ignored); start it from the sample.
const settings = join(root, "local.settings.json");
if (!existsSync(settings)) {
  copyFileSync(join(root, "local.settings.sample.json"), settings);
  fail(
    "Created local.settings.json from local.settings.sample.json.\n" +
      "Set Dial__Targets (E.164 numbers / sip: URIs) and Plivo__AuthToken in it, then run this command again.",
  );
}

// 3. Azurite from the lockfile.
const azuriteMain = join(root, "node_modules", "azurite", "dist", "src", "azurite.js");
if (!existsSync(azuriteMain)) {
  const install = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: root, stdio: "inherit", shell: isWindows });
  if (install.status !== 0) fail("'npm ci' failed; see above.");
}
const dataFolder = join(root, ".azurite");
mkdirSync(dataFolder, { recursive: true });

const children = [];
let stopping = false;
function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) {
    if (child.exitCode === null) child.kill("SIGINT");
  }
  setTimeout(() => process.exit(code), 3000).unref();
}

function start(name, command, args) {
  const child = spawn(command, args, { cwd: root, stdio: "inherit", shell: isWindows });
  children.push(child);
  child.on("exit", (code) => {
    if (!stopping) console.error(`\n${name} exited (${code ?? "signal"}); stopping everything.`);
    stopAll(code ?? 0);
  });
  return child;
}

console.log(`Core Tools ${funcVersion}. Starting Azurite (data in .azurite/) and the function app; Ctrl+C stops both.`);
start("Azurite", process.execPath, [
  azuriteMain, "--location", dataFolder, "--silent", "--skipApiVersionCheck", "--disableTelemetry",
]);
start("The function app", "dotnet", ["run", "--project", "DialStatus.Functions"]);

process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));
