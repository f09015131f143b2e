/**
 * Writes docs/samples/suppliers.jsonl and docs/samples/suppliers.csv: 50 fictional Korean
 * defense suppliers in the interchange format, the same rows in both files. Deterministic, so the
 * files only change when this script does:
 *
 *   npx tsx scripts/generate-import-samples.ts
 *
 * Every company is invented and says so (fictional: true and in its description). Places and
 * coordinates are real industrial areas (see docs/import-format.md). Terms are written the way
 * people write them, mixing taxonomy codes, labels and synonyms in Korean and English, plus a few
 * terms outside the taxonomy that the import keeps as free tags with a warning.
 */
import fs from "node:fs";
import path from "node:path";
import { toCsv, toJsonLines, type InterchangeRecord } from "../app/import/serialize.server.ts";
import { projectRoot } from "./stack/config.ts";

/** Small deterministic generator (mulberry32), so reruns give the same file. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const next = random(20261124);
const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
const between = (low: number, high: number) => low + Math.floor(next() * (high - low + 1));
const jitter = (value: number, spread: number) => Math.round((value + (next() - 0.5) * spread) * 10000) / 10000;

type Area = {
  cluster: string | null;
  lat: number;
  lng: number;
  addressKo: (n: number) => string;
  addressEn: (n: number) => string;
  cityEn: string;
  cityKo: string;
};

const AREAS: Record<string, Area> = {
  changwon: {
    cluster: "changwon",
    lat: 35.2105,
    lng: 128.6547,
    addressKo: (n) => `경상남도 창원시 성산구 공단로 ${n}`,
    addressEn: (n) => `${n} Gongdan-ro, Seongsan-gu, Changwon-si, Gyeongsangnam-do`,
    cityEn: "Changwon",
    cityKo: "창원",
  },
  sacheon: {
    cluster: null,
    lat: 35.0733,
    lng: 128.0821,
    addressKo: (n) => `경상남도 사천시 사남면 공단1로 ${n}`,
    addressEn: (n) => `${n} Gongdan 1-ro, Sanam-myeon, Sacheon-si, Gyeongsangnam-do`,
    cityEn: "Sacheon",
    cityKo: "사천",
  },
  gimhae: {
    cluster: null,
    lat: 35.2263,
    lng: 128.8266,
    addressKo: (n) => `경상남도 김해시 주촌면 골든루트로 ${n}`,
    addressEn: (n) => `${n} Goldenroot-ro, Juchon-myeon, Gimhae-si, Gyeongsangnam-do`,
    cityEn: "Gimhae",
    cityKo: "김해",
  },
  busan: {
    cluster: null,
    lat: 35.1162,
    lng: 128.8874,
    addressKo: (n) => `부산광역시 강서구 미음산단로 ${n}`,
    addressEn: (n) => `${n} Mieumsandan-ro, Gangseo-gu, Busan`,
    cityEn: "Busan",
    cityKo: "부산",
  },
  geoje: {
    cluster: null,
    lat: 34.8806,
    lng: 128.6211,
    addressKo: (n) => `경상남도 거제시 연초면 연사길 ${n}`,
    addressEn: (n) => `${n} Yeonsa-gil, Yeoncho-myeon, Geoje-si, Gyeongsangnam-do`,
    cityEn: "Geoje",
    cityKo: "거제",
  },
  ulsan: {
    cluster: null,
    lat: 35.5048,
    lng: 129.4167,
    addressKo: (n) => `울산광역시 동구 방어진순환도로 ${n}`,
    addressEn: (n) => `${n} Bangeojinsunhwan-doro, Dong-gu, Ulsan`,
    cityEn: "Ulsan",
    cityKo: "울산",
  },
  daejeon: {
    cluster: "daejeon",
    lat: 36.4259,
    lng: 127.3912,
    addressKo: (n) => `대전광역시 유성구 테크노2로 ${n}`,
    addressEn: (n) => `${n} Techno 2-ro, Yuseong-gu, Daejeon`,
    cityEn: "Daejeon",
    cityKo: "대전",
  },
  gumi: {
    cluster: "gumi",
    lat: 36.1402,
    lng: 128.4011,
    addressKo: (n) => `경상북도 구미시 산동읍 첨단기업1로 ${n}`,
    addressEn: (n) => `${n} Cheomdangieop 1-ro, Sandong-eup, Gumi-si, Gyeongsangbuk-do`,
    cityEn: "Gumi",
    cityKo: "구미",
  },
  nonsan: {
    cluster: "nonsan",
    lat: 36.1453,
    lng: 127.0944,
    addressKo: (n) => `충청남도 논산시 연무읍 안심로 ${n}`,
    addressEn: (n) => `${n} Ansim-ro, Yeonmu-eup, Nonsan-si, Chungcheongnam-do`,
    cityEn: "Nonsan",
    cityKo: "논산",
  },
  jeonbuk: {
    cluster: "jeonbuk",
    lat: 35.9386,
    lng: 127.1494,
    addressKo: (n) => `전북특별자치도 완주군 봉동읍 완주산단로 ${n}`,
    addressEn: (n) => `${n} Wanjusandan-ro, Bongdong-eup, Wanju-gun, Jeonbuk`,
    cityEn: "Wanju",
    cityKo: "완주",
  },
};

type Archetype = {
  key: string;
  areas: string[];
  suffix: { en: string; ko: string };
  focusEn: string;
  focusKo: string;
  processes: string[][];
  materials: string[][];
  certifications: string[];
  extras?: string[];
  designatedShare: number;
};

const ARCHETYPES: Archetype[] = [
  {
    key: "aero-machining",
    areas: ["sacheon", "changwon", "sacheon", "gimhae"],
    suffix: { en: "Precision", ko: "정밀" },
    focusEn: "5-axis machining of titanium and aluminium airframe parts",
    focusKo: "티타늄·알루미늄 기체 부품 5축 가공",
    processes: [["5축 가공", "precision turning", "CMM inspection"], ["machining-5axis", "CNC milling", "정밀 연삭"], ["five-axis milling", "선반 가공", "3차원 측정"]],
    materials: [["titanium", "AA7075", "Inconel 718"], ["Ti64", "알루미늄 7075", "17-4 PH"], ["티타늄", "AA2024", "인코넬"]],
    certifications: ["AS9100D", "KS Q 9100", "ISO 9001"],
    extras: ["laser marking"],
    designatedShare: 0.3,
  },
  {
    key: "gear-mro",
    areas: ["busan", "gimhae", "sacheon"],
    suffix: { en: "Aero MRO", ko: "에어로정비" },
    focusEn: "landing-gear and hydraulic component overhaul for military aircraft",
    focusKo: "군용기 착륙장치·유압 부품 창정비",
    processes: [["landing gear MRO", "유압 부품 창정비", "NDT", "shot peening"], ["착륙장치 정비", "actuator overhaul", "MPI", "plating"]],
    materials: [["AISI 4340", "17-4 PH"], ["SNCM439", "스테인리스강 17-4PH", "Ti64"]],
    certifications: ["AS9100D", "NADCAP NDT", "NADCAP CP", "ISO 9001"],
    designatedShare: 0.6,
  },
  {
    key: "special-process",
    areas: ["changwon", "sacheon", "gimhae"],
    suffix: { en: "Surface Tech", ko: "표면기술" },
    focusEn: "heat treatment and surface finishing of flight-critical parts",
    focusKo: "비행 안전 부품 열처리·표면처리",
    processes: [["heat treatment", "아노다이징", "passivation", "shot peening"], ["진공열처리", "hard anodize", "크로메이트", "CARC"]],
    materials: [["aluminum 7075", "maraging", "Ti64"], ["AA2024", "AISI 4340", "17-4 PH"]],
    certifications: ["NADCAP HT", "NADCAP CP", "AS9100"],
    designatedShare: 0.2,
  },
  {
    key: "ndt-lab",
    areas: ["changwon", "sacheon", "ulsan"],
    suffix: { en: "Inspection", ko: "검사기술" },
    focusEn: "accredited non-destructive testing for aerospace and naval work",
    focusKo: "항공·함정 분야 공인 비파괴검사",
    processes: [["초음파 탐상", "RT", "FPI", "MPI"], ["PAUT", "방사선투과검사", "eddy current inspection", "침투탐상검사"]],
    materials: [[], []],
    certifications: ["NADCAP NDT", "NAS410", "KOLAS", "ISO 9001"],
    designatedShare: 0.1,
  },
  {
    key: "composites",
    areas: ["jeonbuk", "jeonbuk", "sacheon"],
    suffix: { en: "Composites", ko: "복합소재" },
    focusEn: "carbon-fibre composite structures, from prepreg to cured part",
    focusKo: "프리프레그부터 완성품까지 탄소섬유 복합재 구조물",
    processes: [["prepreg layup", "RTM", "filament winding"], ["오토클레이브", "탄소섬유", "복합재 수리"]],
    materials: [["CFRP", "유리섬유 복합재", "Kevlar"], ["탄소섬유 복합재", "GFRP", "aramid"]],
    certifications: ["AS9100D", "NADCAP COMP", "ISO 9001", "ISO 14001"],
    extras: ["hot drape forming"],
    designatedShare: 0.2,
  },
  {
    key: "electronics",
    areas: ["gumi", "gumi", "gumi", "daejeon"],
    suffix: { en: "Electronics", ko: "전자" },
    focusEn: "defense electronic assemblies, harnesses and box builds",
    focusKo: "국방 전자 조립품·하네스·전장품 조립",
    processes: [["SMT", "wire harness", "box build", "환경시험"], ["PCB 조립", "와이어하네스", "전장품 조립", "MIL-STD-810"]],
    materials: [["PTFE laminate"], ["고주파 기판"]],
    certifications: ["IPC-A-610", "IPC 620", "J-STD-001", "국방품질경영시스템", "ISO 9001"],
    extras: ["conformal coating"],
    designatedShare: 0.5,
  },
  {
    key: "rf",
    areas: ["gumi", "daejeon"],
    suffix: { en: "RF Systems", ko: "알에프시스템" },
    focusEn: "RF and microwave modules for radar and datalinks",
    focusKo: "레이더·데이터링크용 RF·마이크로파 모듈",
    processes: [["T/R module", "RF amplifier", "embedded software"], ["송수신 모듈", "도파관", "펌웨어"]],
    materials: [["GaN", "Rogers laminate"], ["질화갈륨", "PTFE laminate"]],
    certifications: ["DQMS", "ISO 9001", "IPC-A-610"],
    designatedShare: 0.6,
  },
  {
    key: "eo-ir",
    areas: ["daejeon", "daejeon", "gumi"],
    suffix: { en: "Optronics", ko: "옵트로닉스" },
    focusEn: "infrared optics and electro-optical sights",
    focusKo: "적외선 광학계와 전자광학 조준장비",
    processes: [["lens grinding", "열상장비", "laser rangefinder"], ["optical polishing", "전자광학", "교정"]],
    materials: [["germanium", "ZnSe"], ["게르마늄", "셀렌화아연"]],
    certifications: ["ISO 9001", "DQMS", "ISO/IEC 17025"],
    designatedShare: 0.4,
  },
  {
    key: "uav",
    areas: ["daejeon", "daejeon"],
    suffix: { en: "Drone Works", ko: "드론웍스" },
    focusEn: "small tactical UAVs: airframes, flight software and battery packs",
    focusKo: "소형 전술 무인기 기체·비행 소프트웨어·배터리 팩",
    processes: [["drone assembly", "CFRP layup", "firmware", "배터리 팩"], ["무인기 체계 통합", "3D printing", "RTOS", "BMS"]],
    materials: [["CFRP", "magnesium"], ["탄소섬유 복합재", "PEEK"]],
    certifications: ["ISO 9001", "ISO 27001", "KS Q 9100"],
    extras: ["flight testing"],
    designatedShare: 0.2,
  },
  {
    key: "naval",
    areas: ["geoje", "ulsan", "geoje", "changwon"],
    suffix: { en: "Marine Engineering", ko: "해양엔지니어링" },
    focusEn: "naval systems maintenance and large welded structures",
    focusKo: "함정 체계 정비와 대형 용접 구조물",
    processes: [["함정 정비", "large part machining", "TIG welding", "도장"], ["submarine maintenance", "보링 가공", "GMAW", "powder coating"]],
    materials: [["HY-80", "SUS316L", "copper beryllium"], ["잠수함 선체강", "316 stainless", "베릴륨동"]],
    certifications: ["ISO 9001", "ISO 14001", "ISO 45001", "DQMS"],
    extras: ["hull blasting"],
    designatedShare: 0.5,
  },
  {
    key: "powertrain",
    areas: ["changwon", "changwon", "changwon"],
    suffix: { en: "Drivetrain", ko: "동력전달" },
    focusEn: "armoured-vehicle powertrain parts and overhaul",
    focusKo: "궤도차량 동력장치 부품 제작과 정비",
    processes: [["powerpack overhaul", "gear grinding", "forging", "기어박스 조립"], ["전차 엔진 정비", "기어 가공", "형단조", "heat treatment"]],
    materials: [["SNCM439", "armor plate"], ["합금강 4340", "RHA"]],
    certifications: ["국방품질경영시스템", "ISO 9001", "방산업체 지정"],
    designatedShare: 0.8,
  },
  {
    key: "support",
    areas: ["nonsan", "nonsan", "nonsan"],
    suffix: { en: "Field Systems", ko: "필드시스템" },
    focusEn: "soldier equipment, shelters and rubber parts for support systems",
    focusKo: "전력지원체계 개인 장구·쉘터·고무 부품",
    processes: [["방탄복", "combat uniform", "tactical shelter", "고무 성형"], ["body armor", "군용 컨테이너", "O-rings", "사출성형"]],
    materials: [["Kevlar", "Viton"], ["아라미드", "FKM"]],
    certifications: ["ISO 9001", "DQMS", "ISO 14001"],
    extras: ["레이저 재단"],
    designatedShare: 0.4,
  },
  {
    key: "additive",
    areas: ["changwon", "daejeon", "sacheon"],
    suffix: { en: "Additive", ko: "적층제조" },
    focusEn: "metal additive manufacturing and repair of high-temperature parts",
    focusKo: "고온 부품 금속 적층 제조와 보수",
    processes: [["metal 3D printing", "DED", "hot isostatic pressing"], ["금속 적층", "laser cladding", "열처리"]],
    materials: [["Ti64", "IN718", "IN625"], ["티타늄 합금", "인코넬 625", "Stellite", "Hastelloy X"]],
    certifications: ["AS9100D", "ISO 9001"],
    designatedShare: 0.1,
  },
  {
    key: "casting",
    areas: ["changwon", "gimhae", "busan"],
    suffix: { en: "Foundry", ko: "주조" },
    focusEn: "investment castings and forgings in superalloys and steel",
    focusKo: "초내열합금·강재 정밀주조와 단조",
    processes: [["investment casting", "sand casting", "closed-die forging"], ["정밀주조", "주물", "링 압연"]],
    materials: [["Inconel 718", "Stellite", "AISI 4340"], ["니켈 초내열합금", "코발트 크롬", "17-4 PH"]],
    certifications: ["AS9100D", "NADCAP HT", "ISO 9001"],
    designatedShare: 0.3,
  },
];

const NAMES: Array<{ en: string; ko: string }> = [
  { en: "Dalbit", ko: "달빛" }, { en: "Saebyeok", ko: "새벽" }, { en: "Gureum", ko: "구름" }, { en: "Noeul", ko: "노을" },
  { en: "Sanmaru", ko: "산마루" }, { en: "Byeolbit", ko: "별빛" }, { en: "Haetsal", ko: "햇살" }, { en: "Barami", ko: "바라미" },
  { en: "Mulgyeol", ko: "물결" }, { en: "Eunbit", ko: "은빛" }, { en: "Pureun Sup", ko: "푸른숲" }, { en: "Gaon", ko: "가온" },
  { en: "Dasom", ko: "다솜" }, { en: "Yeoul", ko: "여울" }, { en: "Haneulbit", ko: "하늘빛" }, { en: "Sarang Dol", ko: "사랑돌" },
  { en: "Bomnal", ko: "봄날" }, { en: "Gyeoul Bada", ko: "겨울바다" }, { en: "Seorae", ko: "서래" }, { en: "Ondam", ko: "온담" },
  { en: "Nabi", ko: "나비" }, { en: "Taeyang Dol", ko: "태양돌" }, { en: "Soldam", ko: "솔담" }, { en: "Ariul", ko: "아리울" },
  { en: "Garaon", ko: "가라온" }, { en: "Dansol", ko: "단솔" }, { en: "Heulim", ko: "흐림" }, { en: "Nuribom", ko: "누리봄" },
  { en: "Chorokbit", ko: "초록빛" }, { en: "Hwanul", ko: "환울" }, { en: "Jadu", ko: "자두" }, { en: "Maeul Sae", ko: "마을새" },
  { en: "Seomgil", ko: "섬길" }, { en: "Bitnarae", ko: "빛나래" }, { en: "Hansol Bada", ko: "한솔바다" }, { en: "Raon", ko: "라온" },
  { en: "Doran", ko: "도란" }, { en: "Sobaek Baram", ko: "소백바람" }, { en: "Neulbom", ko: "늘봄" }, { en: "Mirinae", ko: "미리내" },
  { en: "Odeul", ko: "오들" }, { en: "Gamro", ko: "감로" }, { en: "Yunseul", ko: "윤슬" }, { en: "Haram", ko: "하람" },
  { en: "Seulgi Dol", ko: "슬기돌" }, { en: "Narae", ko: "나래" }, { en: "Dodam", ko: "도담" }, { en: "Sinbi", ko: "신비" },
  { en: "Ihyeon", ko: "이현" }, { en: "Baekdu Sae", ko: "백두새" },
];

const CERT_NUMBER_PREFIX: Record<string, string> = {
  AS9100D: "AS-KR", AS9100: "AS-KR", "KS Q 9100": "KSQ", "ISO 9001": "QMS", "NADCAP NDT": "NDT", "NADCAP CP": "CP", "NADCAP HT": "HT",
  "NADCAP COMP": "COMP", NAS410: "NAS", KOLAS: "KT", "ISO 14001": "EMS", "IPC-A-610": "IPC610", "IPC 620": "IPC620", "J-STD-001": "JSTD",
  국방품질경영시스템: "DQ", DQMS: "DQ", "ISO/IEC 17025": "KC", "ISO 27001": "ISMS", "ISO 45001": "OHS", "방산업체 지정": "MOTIE",
};

/** Mostly well in the future; a few within the 60-day warning window of late 2026, one expired. */
const EXPIRIES = ["2027-03-31", "2027-06-30", "2027-09-14", "2028-01-20", "2028-05-31", "2028-11-30", "2029-02-28", "2026-12-31", "2027-01-15"];

function supplier(index: number): InterchangeRecord {
  const archetype = ARCHETYPES[index % ARCHETYPES.length]!;
  const name = NAMES[index]!;
  const areaKey = archetype.areas[Math.floor(index / ARCHETYPES.length) % archetype.areas.length]!;
  const area = AREAS[areaKey]!;
  const slug = `${name.en}-${archetype.suffix.en}`.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  const employees = between(12, 420);
  const founded = between(1978, 2019);
  const processes = [...pick(archetype.processes)];
  if (archetype.extras && next() < 0.5) processes.push(pick(archetype.extras));
  const materials = [...pick(archetype.materials)];
  const designated = next() < archetype.designatedShare;
  const certificationTypes = archetype.certifications.filter((type, position) => position < 2 || next() < 0.6);
  const certifications = certificationTypes.map((type) => ({
    type,
    number: type === "방산업체 지정" ? `${CERT_NUMBER_PREFIX[type]}-${between(100, 999)}` : `${CERT_NUMBER_PREFIX[type] ?? "C"}-${between(20, 26)}-${between(1000, 9999)}`,
    expires_on: type === "방산업체 지정" ? null : index === 7 && type === certificationTypes[0] ? "2026-08-31" : pick(EXPIRIES),
  }));
  if (designated && !certificationTypes.includes("방산업체 지정")) certifications.push({ type: "방산업체 지정", number: `MOTIE-${between(100, 999)}`, expires_on: null });
  const koreanAddress = next() < 0.6;
  const sites: InterchangeRecord["sites"] = [
    {
      lat: jitter(area.lat, 0.03),
      lng: jitter(area.lng, 0.03),
      name: koreanAddress ? "본사 공장" : "Main plant",
      address: koreanAddress ? area.addressKo(between(10, 480)) : area.addressEn(between(10, 480)),
    },
  ];
  if (next() < 0.3) {
    const second = AREAS[pick(archetype.areas)]!;
    sites.push({
      lat: jitter(second.lat, 0.04),
      lng: jitter(second.lng, 0.04),
      name: koreanAddress ? "제2공장" : "Second plant",
      address: koreanAddress ? second.addressKo(between(10, 480)) : second.addressEn(between(10, 480)),
    });
  }
  const shifts = between(1, 3);
  const utilisation = between(45, 90);
  const languages = next();
  const descriptionEn = `${name.en} ${archetype.suffix.en} is a ${employees}-person ${area.cityEn} company founded in ${founded}, specialising in ${archetype.focusEn}. Fictional company for demonstration.`;
  const descriptionKo = `${name.ko}${archetype.suffix.ko}은(는) ${founded}년 설립된 ${area.cityKo} 소재 ${employees}인 규모 기업으로 ${archetype.focusKo}을(를) 전문으로 합니다. 데모용 가상 기업입니다.`;
  return {
    external_id: `SAMPLE-${String(index + 1).padStart(3, "0")}`,
    name_en: `${name.en} ${archetype.suffix.en}`,
    name_ko: `${name.ko}${archetype.suffix.ko}`,
    // Most profiles in both languages; some only in Korean or only in English, as real ones are.
    description_en: languages < 0.85 ? descriptionEn : null,
    description_ko: languages > 0.1 ? descriptionKo : null,
    website: `https://www.${slug}.example`,
    contact_email: `sales@${slug}.example`,
    employees,
    founded_year: founded,
    defense_designated: designated,
    security_clearance: designated && next() < 0.7,
    processes,
    materials,
    certifications,
    sites,
    cluster: area.cluster,
    capacity_note: koreanAddress ? `${shifts}교대 운영, 주요 설비 가동률 약 ${utilisation}%` : `${shifts} shift(s); main equipment about ${utilisation}% utilised`,
    tags: [],
    fictional: true,
    published: true,
  };
}

const records = Array.from({ length: 50 }, (_, index) => supplier(index));
const directory = path.join(projectRoot, "docs", "samples");
fs.mkdirSync(directory, { recursive: true });
fs.writeFileSync(path.join(directory, "suppliers.jsonl"), toJsonLines(records));
fs.writeFileSync(path.join(directory, "suppliers.csv"), toCsv(records));
console.log(`Wrote ${records.length} fictional suppliers to docs/samples/suppliers.jsonl and suppliers.csv`);
