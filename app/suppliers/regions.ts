/*
 * Korea's first-level divisions (the `korean_region` domain in the database), read from a
 * free-text address in Korean or English. Used to fill the region facet of sites that arrive
 * with an address but no region (imports, the profile editor).
 */

export const KOREAN_REGIONS = [
  "seoul", "busan", "daegu", "incheon", "gwangju", "daejeon", "ulsan", "sejong", "gyeonggi",
  "gangwon", "chungbuk", "chungnam", "jeonbuk", "jeonnam", "gyeongbuk", "gyeongnam", "jeju",
] as const;
export type KoreanRegion = (typeof KOREAN_REGIONS)[number];

export function isKoreanRegion(value: unknown): value is KoreanRegion {
  return typeof value === "string" && (KOREAN_REGIONS as readonly string[]).includes(value);
}

// Provinces first: "경기도 광주시" is in Gyeonggi, not in Gwangju metropolitan city.
const PROVINCES: ReadonlyArray<[KoreanRegion, RegExp]> = [
  ["gyeonggi", /경기도|경기\s|\bgyeonggi\b/i],
  ["gangwon", /강원|\bgangwon\b/i],
  ["chungbuk", /충청북도|충북|\bchungcheongbuk\b|\bnorth chungcheong\b|\bchungbuk\b/i],
  ["chungnam", /충청남도|충남|\bchungcheongnam\b|\bsouth chungcheong\b|\bchungnam\b/i],
  ["jeonbuk", /전라북도|전북|\bjeollabuk\b|\bnorth jeolla\b|\bjeonbuk\b/i],
  ["jeonnam", /전라남도|전남|\bjeollanam\b|\bsouth jeolla\b|\bjeonnam\b/i],
  ["gyeongbuk", /경상북도|경북|\bgyeongsangbuk\b|\bnorth gyeongsang\b|\bgyeongbuk\b/i],
  ["gyeongnam", /경상남도|경남|\bgyeongsangnam\b|\bsouth gyeongsang\b|\bgyeongnam\b/i],
  ["jeju", /제주|\bjeju\b/i],
];

const METROPOLITAN: ReadonlyArray<[KoreanRegion, RegExp]> = [
  ["seoul", /서울|\bseoul\b/i],
  ["busan", /부산|\bbusan\b/i],
  ["daegu", /대구|\bdaegu\b/i],
  ["incheon", /인천|\bincheon\b/i],
  ["gwangju", /광주광역시|\bgwangju\b/i],
  ["daejeon", /대전|\bdaejeon\b/i],
  ["ulsan", /울산|\bulsan\b/i],
  ["sejong", /세종|\bsejong\b/i],
];

// Defense-industry cities that addresses often name without their province.
const CITIES: ReadonlyArray<[KoreanRegion, RegExp]> = [
  ["gyeongnam", /창원|마산|진해|사천|진주|김해|거제|밀양|양산|통영|\bchangwon\b|\bmasan\b|\bjinhae\b|\bsacheon\b|\bjinju\b|\bgimhae\b|\bgeoje\b|\bmiryang\b|\byangsan\b|\btongyeong\b/i],
  ["gyeongbuk", /구미|포항|영천|경산|김천|\bgumi\b|\bpohang\b|\byeongcheon\b|\bgyeongsan\b|\bgimcheon\b/i],
  ["chungnam", /논산|천안|아산|서산|당진|\bnonsan\b|\bcheonan\b|\basan\b|\bseosan\b|\bdangjin\b/i],
  ["chungbuk", /청주|충주|괴산|\bcheongju\b|\bchungju\b|\bgoesan\b/i],
  ["jeonbuk", /전주|군산|익산|완주|\bjeonju\b|\bgunsan\b|\biksan\b|\bwanju\b/i],
  ["jeonnam", /여수|순천|광양|목포|\byeosu\b|\bsuncheon\b|\bgwangyang\b|\bmokpo\b/i],
  ["gyeonggi", /수원|성남|안산|평택|화성|이천|용인|\bsuwon\b|\bseongnam\b|\bansan\b|\bpyeongtaek\b|\bhwaseong\b|\bicheon\b|\byongin\b/i],
  ["gangwon", /원주|춘천|강릉|\bwonju\b|\bchuncheon\b|\bgangneung\b/i],
];

export function regionFromAddress(address: string | null | undefined): KoreanRegion | null {
  if (!address) return null;
  for (const table of [PROVINCES, METROPOLITAN, CITIES]) {
    for (const [region, pattern] of table) {
      if (pattern.test(address)) return region;
    }
  }
  return null;
}

export function containsHangul(text: string | null | undefined): boolean {
  return typeof text === "string" && /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/.test(text);
}
