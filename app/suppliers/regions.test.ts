import { describe, expect, it } from "vitest";
import { containsHangul, regionFromAddress } from "./regions";

describe("regionFromAddress", () => {
  it("reads provinces and metropolitan cities in Korean and English", () => {
    expect(regionFromAddress("경상남도 창원시 성산구 공단로 100")).toBe("gyeongnam");
    expect(regionFromAddress("100 Gongdan-ro, Seongsan-gu, Changwon-si, Gyeongsangnam-do")).toBe("gyeongnam");
    expect(regionFromAddress("대전광역시 유성구 대학로 99")).toBe("daejeon");
    expect(regionFromAddress("Yuseong-gu, Daejeon")).toBe("daejeon");
    expect(regionFromAddress("경북 구미시 산호대로")).toBe("gyeongbuk");
  });

  it("prefers the province over a same-named city elsewhere", () => {
    expect(regionFromAddress("경기도 광주시 오포읍")).toBe("gyeonggi");
    expect(regionFromAddress("광주광역시 광산구 하남산단")).toBe("gwangju");
  });

  it("falls back to well-known industrial cities and answers null when unsure", () => {
    expect(regionFromAddress("Sacheon industrial complex")).toBe("gyeongnam");
    expect(regionFromAddress("논산시 연무읍")).toBe("chungnam");
    expect(regionFromAddress("Unit 4, Business Park")).toBeNull();
    expect(regionFromAddress(null)).toBeNull();
  });
});

describe("containsHangul", () => {
  it("detects Korean script", () => {
    expect(containsHangul("본사 공장")).toBe(true);
    expect(containsHangul("Main plant")).toBe(false);
    expect(containsHangul(null)).toBe(false);
  });
});

describe("regionFromAddress with English words", () => {
  it("matches whole place names only", () => {
    expect(regionFromAddress("Masan Free Trade Zone, Changwon")).toBe("gyeongnam");
    expect(regionFromAddress("Asan-si, Chungcheongnam-do")).toBe("chungnam");
    expect(regionFromAddress("Business Park Road 7")).toBeNull();
  });
});
