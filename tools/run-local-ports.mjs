// Before tools/run-local.mjs starts Azurite: is something already on its ports, and is it Table Storage?
import { request } from "node:http";

export const HOST = "127.0.0.1";
export const AZURITE_PORTS = [10000, 10001, 10002];
export const TABLE_PORT = 10002;

/**
 * What answers on a loopback port: "free" (connection refused), "table-storage" (an HTTP answer carrying
 * x-ms-request-id, which Azure Storage and its emulators put on every response, even a refusal), or
 * "other" (any other answer, or none). The timeout is generous: Windows takes about 2 s to refuse a
 * loopback connection.
 */
export function probePort(port, timeoutMs = 5000) {
  return new Promise((resolve) => {
    const probe = request({ host: HOST, port, path: "/devstoreaccount1/Tables", agent: false, timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(response.headers["x-ms-request-id"] === undefined ? "other" : "table-storage");
    });
    probe.on("timeout", () => probe.destroy(new Error("no answer")));
    probe.on("error", (error) => resolve(error.code === "ECONNREFUSED" ? "free" : "other"));
    probe.end();
  });
}

/**
 * What to do with Azurite given each port's probe result: reuse a Table Storage emulator already on the
 * table port, start Azurite when all its ports are free, or refuse (naming the port) otherwise.
 */
export function portPlan(found) {
  if (found[TABLE_PORT] === "table-storage") {
    return { action: "reuse", message: `Table Storage emulator already listening on ${HOST}:${TABLE_PORT}; using it.` };
  }
  const taken = AZURITE_PORTS.find((port) => found[port] !== "free");
  if (taken !== undefined) {
    return {
      action: "refuse",
      message: `Port ${taken} on ${HOST} is taken by something that is not Table Storage, and Azurite needs ports 10000-10002: stop it, then run this command again.`,
    };
  }
  return { action: "start", message: null };
}
