import assert from "node:assert/strict";
import { once } from "node:events";
import { createServer as createHttpServer } from "node:http";
import { createServer as createTcpServer } from "node:net";
import { describe, test } from "node:test";
import { HOST, portPlan, probePort } from "./run-local-ports.mjs";

async function listen(server) {
  server.listen(0, HOST);
  await once(server, "listening");
  return server.address().port;
}

async function withServer(server, probe) {
  const port = await listen(server);
  try {
    return await probe(port);
  } finally {
    server.close();
    server.closeAllConnections?.();
  }
}

describe("probePort", () => {
  test("a port nobody listens on is free", async () => {
    const server = createTcpServer();
    const port = await listen(server);
    server.close();
    await once(server, "close");

    assert.equal(await probePort(port), "free");
  });

  test("an HTTP answer carrying x-ms-request-id is Table Storage, even a refusal", async () => {
    const storage = createHttpServer((_, response) => response.writeHead(403, { "x-ms-request-id": "1" }).end());

    assert.equal(await withServer(storage, probePort), "table-storage");
  });

  test("an HTTP answer without x-ms-request-id is something else", async () => {
    const web = createHttpServer((_, response) => response.writeHead(404).end());

    assert.equal(await withServer(web, probePort), "other");
  });

  test("a listener that closes the connection without an answer is something else", async () => {
    const silent = createTcpServer((socket) => socket.destroy());

    assert.equal(await withServer(silent, probePort), "other");
  });

  test("a listener that never answers is something else once the timeout passes", async () => {
    const mute = createTcpServer(() => {});

    assert.equal(await withServer(mute, (port) => probePort(port, 200)), "other");
  });
});

describe("portPlan", () => {
  const free = { 10000: "free", 10001: "free", 10002: "free" };

  test("all ports free: start Azurite", () => {
    assert.deepEqual(portPlan(free), { action: "start", message: null });
  });

  test("Table Storage already on 10002: reuse it and say so", () => {
    assert.deepEqual(portPlan({ ...free, 10000: "table-storage", 10001: "other", 10002: "table-storage" }), {
      action: "reuse",
      message: "Table Storage emulator already listening on 127.0.0.1:10002; using it.",
    });
  });

  test("something else on 10002: refuse, naming the port", () => {
    const plan = portPlan({ ...free, 10002: "other" });

    assert.equal(plan.action, "refuse");
    assert.match(plan.message, /^Port 10002 on 127\.0\.0\.1 is taken by something that is not Table Storage/);
  });

  test("a blob or queue port taken while 10002 is free: refuse, naming that port", () => {
    const plan = portPlan({ ...free, 10001: "table-storage" });

    assert.equal(plan.action, "refuse");
    assert.match(plan.message, /^Port 10001 /);
  });
});
