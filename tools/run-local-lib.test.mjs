import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { GRACE_MS, emptyRequiredSettings, exitOutcome, nodeVersionProblem, shimInvocation, stopCommand, stopSchedule } from "./run-local-lib.mjs";

const started = [{ type: "start", child: "azurite" }, { type: "start", child: "app" }];

describe("stopCommand", () => {
  test("on Windows asks taskkill to end the whole process tree", () => {
    assert.deepEqual(stopCommand("win32", 4321, false), { command: "taskkill", args: ["/pid", "4321", "/T"] });
  });

  test("on Windows forces the whole process tree as the last resort", () => {
    assert.deepEqual(stopCommand("win32", 4321, true), { command: "taskkill", args: ["/pid", "4321", "/T", "/F"] });
  });

  for (const platform of ["linux", "darwin"]) {
    test(`on ${platform} sends SIGTERM, which dotnet run forwards to func`, () => {
      assert.deepEqual(stopCommand(platform, 4321, false), { signal: "SIGTERM" });
    });

    test(`on ${platform} sends SIGKILL as the last resort`, () => {
      assert.deepEqual(stopCommand(platform, 4321, true), { signal: "SIGKILL" });
    });
  }
});

describe("stopSchedule", () => {
  test("after Ctrl+C the children get a grace period to stop by themselves before any signal", () => {
    assert.deepEqual(stopSchedule(true), { gentleAfter: GRACE_MS, forceAfter: 2 * GRACE_MS, giveUpAfter: 3 * GRACE_MS });
  });

  test("after a failure the others are asked to stop at once and forced after a grace period", () => {
    assert.deepEqual(stopSchedule(false), { gentleAfter: 0, forceAfter: GRACE_MS, giveUpAfter: 2 * GRACE_MS });
  });
});

describe("shimInvocation", () => {
  test("on Windows runs the .cmd shim through the shell with its name quoted", () => {
    assert.deepEqual(shimInvocation("win32", "C:\\Program Files\\func", ["--version"]), {
      command: '"C:\\Program Files\\func" --version',
      args: [],
      shell: true,
    });
  });

  test("elsewhere runs the program directly", () => {
    assert.deepEqual(shimInvocation("linux", "npm", ["ci", "--no-audit"]), { command: "npm", args: ["ci", "--no-audit"], shell: false });
  });
});

describe("exitOutcome", () => {
  test("a function app that exits with an error fails the run and says so in one line", () => {
    const outcome = exitOutcome([...started, { type: "exit", child: "app", code: 1, signal: null }]);

    assert.deepEqual(outcome, { code: 1, message: "The function app exited with code 1 (build failed or func start failed); stopping Azurite." });
  });

  test("Azurite exiting fails the run and stops the function app", () => {
    const outcome = exitOutcome([...started, { type: "exit", child: "azurite", code: 1, signal: null }]);

    assert.deepEqual(outcome, { code: 1, message: "Azurite exited with code 1; stopping the function app." });
  });

  test("with a reused emulator a failing function app has nothing else to stop", () => {
    const outcome = exitOutcome([{ type: "start", child: "app" }, { type: "exit", child: "app", code: 3, signal: null }]);

    assert.deepEqual(outcome, { code: 1, message: "The function app exited with code 3 (build failed or func start failed)." });
  });

  test("a function app that stops by itself ends the run as a failure", () => {
    const outcome = exitOutcome([...started, { type: "exit", child: "app", code: 0, signal: null }]);

    assert.deepEqual(outcome, { code: 1, message: "The function app stopped by itself (exit code 0); stopping Azurite." });
  });

  test("a child killed by a signal nobody asked for fails the run", () => {
    const outcome = exitOutcome([...started, { type: "exit", child: "azurite", code: null, signal: "SIGKILL" }]);

    assert.deepEqual(outcome, { code: 1, message: "Azurite was ended by SIGKILL; stopping the function app." });
  });

  test("dotnet that cannot be started fails the run", () => {
    const outcome = exitOutcome([...started, { type: "error", child: "app", error: "spawn dotnet ENOENT" }]);

    assert.deepEqual(outcome, { code: 1, message: "The function app could not be started (spawn dotnet ENOENT); stopping Azurite." });
  });

  test("Ctrl+C ends the run with 0 and no failure line, however the children then exit", () => {
    const outcome = exitOutcome([
      ...started,
      { type: "interrupt" },
      { type: "exit", child: "app", code: 1, signal: null },
      { type: "exit", child: "azurite", code: null, signal: "SIGKILL" },
    ]);

    assert.deepEqual(outcome, { code: 0, message: null });
  });

  test("a child ended by the terminal's SIGINT before the script saw its own is no failure", () => {
    const outcome = exitOutcome([...started, { type: "exit", child: "azurite", code: null, signal: "SIGINT" }, { type: "interrupt" }]);

    assert.deepEqual(outcome, { code: 0, message: null });
  });

  test("a child ended by the Windows console's Ctrl+C (STATUS_CONTROL_C_EXIT) is no failure", () => {
    const outcome = exitOutcome([...started, { type: "exit", child: "app", code: 0xc000013a, signal: null }]);

    assert.deepEqual(outcome, { code: 0, message: null });
  });

  test("Ctrl+C while a failed run is stopping keeps the failure", () => {
    const outcome = exitOutcome([...started, { type: "exit", child: "app", code: 1, signal: null }, { type: "interrupt" }]);

    assert.equal(outcome.code, 1);
  });
});

describe("nodeVersionProblem", () => {
  test("accepts Node.js 20 and later", () => {
    assert.equal(nodeVersionProblem("20.20.2"), null);
    assert.equal(nodeVersionProblem("22.1.0"), null);
  });

  test("names the version found and the one needed below 20", () => {
    assert.match(nodeVersionProblem("18.19.0"), /^Node\.js 18\.19\.0 found; .* need Node\.js 20 or later/);
  });
});

describe("emptyRequiredSettings", () => {
  const filled = { AzureWebJobsStorage: "UseDevelopmentStorage=true", Dial__Targets: "+14155550100", Plivo__AuthToken: "token" };

  test("is empty when every required setting has a value", () => {
    assert.deepEqual(emptyRequiredSettings(filled), []);
  });

  test("names each required setting that is missing, empty or only spaces", () => {
    assert.deepEqual(emptyRequiredSettings({ ...filled, Dial__Targets: " ", Plivo__AuthToken: undefined }), ["Dial__Targets", "Plivo__AuthToken"]);
  });

  test("needs no auth token while signature checks are off", () => {
    assert.deepEqual(emptyRequiredSettings({ ...filled, Plivo__AuthToken: "", Plivo__ValidateSignatures: "False" }), []);
  });

  test("names every required setting of a file without Values", () => {
    assert.deepEqual(emptyRequiredSettings(undefined), ["AzureWebJobsStorage", "Dial__Targets", "Plivo__AuthToken"]);
  });
});
