// The decisions of tools/run-local.mjs, apart from the processes they steer, so that `node --test tools/`
// checks them for Windows and POSIX on any machine.

/** How long each stop step waits before the next, harder one. */
export const GRACE_MS = 10_000;

/** Windows' exit status of a console process ended by Ctrl+C (STATUS_CONTROL_C_EXIT). */
const CONTROL_C_EXIT = 0xc000013a;

const labels = { azurite: "Azurite", app: "The function app" };

/**
 * How to start a Core Tools or npm probe. On Windows both are .cmd shims, which Node (>= 20) starts only
 * through cmd.exe, so the whole line goes to the shell with the program name quoted (it may be a path with
 * spaces); elsewhere the program runs directly.
 */
export function shimInvocation(platform, program, args) {
  if (platform === "win32") {
    return { command: [`"${program}"`, ...args].join(" "), args: [], shell: true };
  }
  return { command: program, args, shell: false };
}

/**
 * How to stop a child: a command to run (Windows) or a signal to send (POSIX); `force` is the last resort.
 * Windows: taskkill /T reaches the whole tree (dotnet, func, the worker); without /F it only asks.
 * POSIX: SIGTERM rather than SIGINT, because `dotnet run` ignores a SIGINT sent to it alone (it expects the
 * terminal's Ctrl+C to reach the app too) and forwards only SIGTERM to the app; Azurite saves and exits on either.
 */
export function stopCommand(platform, pid, force) {
  if (platform === "win32") {
    return { command: "taskkill", args: ["/pid", String(pid), "/T", ...(force ? ["/F"] : [])] };
  }
  return { signal: force ? "SIGKILL" : "SIGTERM" };
}

/**
 * When to send the gentle and the forced stop, in ms after the stop began. After Ctrl+C the terminal (or
 * console) has already sent it to the children, so they first get a grace period to finish by themselves:
 * a second signal would cut Azurite's save short.
 */
export function stopSchedule(childrenAlreadyInterrupted) {
  const start = childrenAlreadyInterrupted ? GRACE_MS : 0;
  return { gentleAfter: start, forceAfter: start + GRACE_MS, giveUpAfter: start + 2 * GRACE_MS };
}

/**
 * The run's exit code and its one failure line (null when there is none), from what happened in order:
 * { type: "start", child }, { type: "interrupt" } (the user's Ctrl+C or a SIGTERM to this script),
 * { type: "exit", child, code, signal }, { type: "error", child, error } (could not be started).
 * The first event that ends the run decides; whatever the children do while being stopped does not.
 */
export function exitOutcome(events) {
  const running = [];
  for (const event of events) {
    if (event.type === "start") {
      running.push(event.child);
      continue;
    }
    if (event.type === "interrupt" || endedByCtrlC(event)) {
      return { code: 0, message: null };
    }
    const others = running.filter((child) => child !== event.child);
    return { code: 1, message: failureLine(event, others) };
  }
  return { code: 0, message: null };
}

// The terminal's Ctrl+C can reach a child before this script sees its own: that is no failure either.
function endedByCtrlC(event) {
  return event.type === "exit" && (event.signal === "SIGINT" || event.code === CONTROL_C_EXIT);
}

function failureLine(event, others) {
  const name = labels[event.child];
  let what;
  if (event.type === "error") {
    what = `${name} could not be started (${event.error})`;
  } else if (event.signal) {
    what = `${name} was ended by ${event.signal}`;
  } else if (event.code === 0) {
    what = `${name} stopped by itself (exit code 0)`;
  } else {
    // `dotnet run` exits with the build's or func's code: which one failed is in the output above.
    what = `${name} exited with code ${event.code}${event.child === "app" ? " (build failed or func start failed)" : ""}`;
  }
  const stopping = others.map((child) => labels[child].replace(/^The /, "the "));
  return stopping.length > 0 ? `${what}; stopping ${stopping.join(" and ")}.` : `${what}.`;
}

/** The oldest Node.js the local run and Azurite support. */
export const MIN_NODE_MAJOR = 20;

/** Why this Node.js cannot run the local run, or null when it can; `version` is process.versions.node. */
export function nodeVersionProblem(version) {
  const major = Number.parseInt(version.split(".")[0], 10);
  return major >= MIN_NODE_MAJOR
    ? null
    : `Node.js ${version} found; the local run and Azurite need Node.js ${MIN_NODE_MAJOR} or later (Core Tools from npm need 22).`;
}

/**
 * The settings the app cannot start without that are empty in local.settings.json's Values: the storage
 * connection, the destinations, and the auth token unless signature checks are off.
 */
export function emptyRequiredSettings(values) {
  const blank = (name) => typeof values?.[name] !== "string" || values[name].trim() === "";
  const required = ["AzureWebJobsStorage", "Dial__Targets"];
  if (String(values?.Plivo__ValidateSignatures ?? "").trim().toLowerCase() !== "false") {
    required.push("Plivo__AuthToken");
  }
  return required.filter(blank);
}
