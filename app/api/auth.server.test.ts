import { describe, expect, it } from "vitest";
import { renewingToken } from "./auth.server";

describe("renewingToken", () => {
  it("reuses the principal token while it is fresh and mints a new one before it expires", async () => {
    let clock = 0;
    let minted = 0;
    const token = renewingToken(async () => `token-${++minted}`, () => clock);

    expect(await token()).toBe("token-1");
    clock = 44_999;
    expect(await token()).toBe("token-1");
    // 45 s into a 60 s token: a request still running (a large import) gets a fresh one.
    clock = 45_000;
    expect(await token()).toBe("token-2");
    clock = 60_000;
    expect(await token()).toBe("token-2");
    clock = 90_000;
    expect(await token()).toBe("token-3");
    expect(minted).toBe(3);
  });
});
