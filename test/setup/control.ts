import http from "node:http";
import type { RunningStack } from "../../scripts/stack/stack.ts";

/**
 * Test workers run in other processes than the global setup that owns the stack; fault tests ask
 * this loopback server to stop, kill or start a service (POST /services/<name>/<stop|kill|start>).
 */
export async function startControlServer(stack: RunningStack, port: number) {
  const server = http.createServer(async (req, res) => {
    const match = /^\/services\/([a-z-]+)\/(stop|kill|start)$/.exec(req.url ?? "");
    const service = match ? stack.services[match[1]!] : undefined;
    if (req.method !== "POST" || !match || !service) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ services: Object.keys(stack.services) }));
      return;
    }
    try {
      if (match[2] === "stop") await service.stop();
      else if (match[2] === "kill") await service.kill();
      else await service.start();
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true }));
    } catch (error) {
      res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: String(error) }));
    }
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** For tests: `await controlService(inject("controlUrl"), "meilisearch", "stop")`. */
export async function controlService(controlUrl: string, service: string, action: "stop" | "kill" | "start") {
  const response = await fetch(`${controlUrl}/services/${service}/${action}`, { method: "POST" });
  if (!response.ok) throw new Error(`Could not ${action} ${service}: ${await response.text()}`);
}
