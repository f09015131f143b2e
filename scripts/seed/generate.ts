/**
 * Writes supabase/seed.sql: illustrative but realistic demo data for ClusterMatch.
 *
 * Deterministic: a seeded PRNG drives every choice, so the same source always yields the same
 * file (ids included) and a re-generated seed diffs cleanly. Dates are written relative to
 * current_date, so certificates are "expiring soon" or "expired" whenever the seed is loaded.
 *
 * Real places (clusters, industrial regions, coordinates); fictional companies, each marked
 * is_fictional and described as "Fictional company for demonstration / 데모용 가상 기업".
 *
 *   npx tsx scripts/seed/generate.ts            # writes supabase/seed.sql
 *   npx tsx scripts/seed/generate.ts --check    # fails if seed.sql is not up to date
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const seedFile = path.join(projectRoot, "supabase", "seed.sql");

export const SEED_PASSWORD = "ClusterMatch!2026";
export const SEED_USERS = {
  platform: "platform@clustermatch.test",
  contractor: "contractor@clustermatch.test",
  sme: "sme@clustermatch.test",
  cluster: "cluster@clustermatch.test",
  reviewer: "reviewer@clustermatch.test",
  clusterDaejeon: "cluster-daejeon@clustermatch.test",
} as const;

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

function mulberry32(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = mulberry32(20261124);
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const chance = (p: number) => random() < p;
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
function pickSome<T>(items: readonly T[], count: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < count && pool.length > 0) out.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
  return out;
}
/** Roughly normal, for scattering sites around a town centre. */
const gaussian = () => (random() + random() + random() - 1.5) / 1.5;

function uuid() {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = "4";
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = hex.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

// ---------------------------------------------------------------------------------------------
// SQL rendering

type Sql = { sql: string };
const raw = (sql: string): Sql => ({ sql });
const daysFromToday = (days: number): Sql => raw(`current_date + ${days}`);
const timeAgo = (days: number, hours = 0): Sql => raw(`now() - interval '${days} days ${hours} hours'`);

type Value = string | number | boolean | null | undefined | Sql | string[] | Record<string, unknown> | unknown[];

function literal(value: Value): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : value.toFixed(6).replace(/0+$/, "");
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "string") return `'${value.replaceAll("'", "''")}'`;
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) {
    return value.length === 0 ? "'{}'" : `array[${value.map((item) => literal(item as string)).join(",")}]`;
  }
  if (typeof value === "object" && "sql" in value && typeof (value as Sql).sql === "string") return (value as Sql).sql;
  return `${literal(JSON.stringify(value))}::jsonb`;
}

const statements: string[] = [];

function insert(table: string, rows: Record<string, Value>[], conflict = "on conflict do nothing") {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const chunkSize = 500;
  for (let start = 0; start < rows.length; start += chunkSize) {
    const chunk = rows.slice(start, start + chunkSize);
    const values = chunk.map((row) => `(${columns.map((column) => literal(row[column])).join(",")})`).join(",\n");
    statements.push(`insert into ${table} (${columns.join(", ")}) values\n${values}\n${conflict};`);
  }
}

// ---------------------------------------------------------------------------------------------
// Places

type RegionCode =
  | "busan" | "daejeon" | "ulsan" | "chungnam" | "jeonbuk" | "gyeongbuk" | "gyeongnam";

type Area = {
  key: string;
  en: string;
  ko: string;
  region: RegionCode;
  lat: number;
  lng: number;
  /** Cluster the area's SMEs usually belong to, and how many do. */
  cluster: string | null;
  clusterShare: number;
  smeCount: number;
  focus: string[];
  materials: string[];
  certs: string[];
  addressEn: string;
  addressKo: string;
};

const AREAS: Area[] = [
  {
    key: "changwon", en: "Changwon", ko: "창원", region: "gyeongnam", lat: 35.228, lng: 128.681,
    cluster: "changwon", clusterShare: 1, smeCount: 70,
    focus: ["machining-5axis", "turning-precision", "gear-grinding", "forging-closed-die", "heat-treatment", "welding-tig-mig",
      "vehicle-powertrain-mro", "mechanical-assembly", "deep-hole-drilling", "hydraulic-overhaul", "painting-coating", "ndt-mt", "ndt-ut", "casting-sand"],
    materials: ["steel-4340", "steel-armor", "al-6061", "stainless-17-4ph", "maraging-steel", "tungsten-heavy-alloy"],
    certs: ["iso-9001", "dqms", "ks-q-9100", "iso-14001", "defense-designated", "security-assessment", "nadcap-ht"],
    addressEn: "Seongsan-gu, Changwon-si, Gyeongsangnam-do", addressKo: "경상남도 창원시 성산구",
  },
  {
    key: "sacheon", en: "Sacheon/Jinju", ko: "사천·진주", region: "gyeongnam", lat: 35.09, lng: 128.08,
    cluster: "changwon", clusterShare: 0.5, smeCount: 40,
    focus: ["machining-5axis", "sheet-metal-forming", "composite-layup-autoclave", "aerostructure-assembly", "anodizing", "chemical-conversion",
      "ndt-pt", "ndt-ut", "titanium-hot-forming", "shot-peening", "landing-gear-overhaul", "calibration-metrology"],
    materials: ["al-7075", "al-2024", "ti-6al-4v", "cfrp", "al-li", "inconel-718"],
    certs: ["as9100d", "ks-q-9100", "nadcap-cp", "nadcap-ndt", "nadcap-composites", "iso-9001", "dqms"],
    addressEn: "Sanam-myeon, Sacheon-si, Gyeongsangnam-do", addressKo: "경상남도 사천시 사남면",
  },
  {
    key: "geoje", en: "Geoje", ko: "거제", region: "gyeongnam", lat: 34.88, lng: 128.62,
    cluster: "changwon", clusterShare: 0.3, smeCount: 20,
    focus: ["large-part-machining", "welding-tig-mig", "tube-bending", "painting-coating", "naval-systems-mro", "ndt-rt", "hydraulic-overhaul", "cutting-laser-waterjet"],
    materials: ["steel-hy80", "stainless-316l", "copper-beryllium", "inconel-625"],
    certs: ["iso-9001", "iso-14001", "iso-45001", "dqms", "security-assessment"],
    addressEn: "Okpo-dong, Geoje-si, Gyeongsangnam-do", addressKo: "경상남도 거제시 옥포동",
  },
  {
    key: "busan", en: "Busan/Gimhae", ko: "부산·김해", region: "busan", lat: 35.165, lng: 128.93,
    cluster: null, clusterShare: 0, smeCount: 30,
    focus: ["airframe-mro", "landing-gear-overhaul", "hydraulic-overhaul", "avionics-repair", "engine-component-repair", "plating",
      "ndt-et", "ndt-pt", "composite-repair", "thermal-spray", "seals-elastomers"],
    materials: ["al-7075", "ti-6al-4v", "inconel-718", "cobalt-alloy", "fluoroelastomer"],
    certs: ["as9100d", "nadcap-cp", "nadcap-ndt", "iso-9001", "nas-410", "dqms"],
    addressEn: "Gangseo-gu, Busan", addressKo: "부산광역시 강서구",
  },
  {
    key: "ulsan", en: "Ulsan", ko: "울산", region: "ulsan", lat: 35.54, lng: 129.31,
    cluster: null, clusterShare: 0, smeCount: 20,
    focus: ["large-part-machining", "welding-fsw", "welding-tig-mig", "thermal-spray", "painting-coating", "naval-systems-mro", "casting-sand", "tube-bending"],
    materials: ["steel-hy80", "stainless-316l", "al-6061", "inconel-625"],
    certs: ["iso-9001", "iso-14001", "iso-45001", "nadcap-welding", "dqms"],
    addressEn: "Dong-gu, Ulsan", addressKo: "울산광역시 동구",
  },
  {
    key: "daejeon", en: "Daejeon", ko: "대전", region: "daejeon", lat: 36.38, lng: 127.39,
    cluster: "daejeon", clusterShare: 1, smeCount: 45,
    focus: ["uav-integration", "embedded-software", "rf-microwave", "electro-optics", "optics-precision", "modeling-simulation",
      "battery-pack", "pcb-assembly", "am-metal-pbf", "am-polymer", "environmental-testing", "power-electronics"],
    materials: ["cfrp", "gan-semiconductor", "germanium-ir", "peek", "al-6061", "rf-laminate-ptfe"],
    certs: ["iso-9001", "iso-27001", "dqms", "ipc-a-610", "cmmc-l2", "iso-17025", "security-assessment"],
    addressEn: "Yuseong-gu, Daejeon", addressKo: "대전광역시 유성구",
  },
  {
    key: "gumi", en: "Gumi", ko: "구미", region: "gyeongbuk", lat: 36.12, lng: 128.34,
    cluster: "gumi", clusterShare: 1, smeCount: 40,
    focus: ["pcb-assembly", "cable-harness", "rf-microwave", "power-electronics", "box-build-integration", "electro-optics",
      "environmental-testing", "embedded-software", "injection-molding", "calibration-metrology"],
    materials: ["rf-laminate-ptfe", "gan-semiconductor", "al-6061", "peek", "copper-beryllium"],
    certs: ["iso-9001", "ipc-a-610", "ipc-whma-a-620", "ipc-j-std-001", "dqms", "iso-14001", "as9100d"],
    addressEn: "Gumi National Industrial Complex, Gumi-si, Gyeongsangbuk-do", addressKo: "경상북도 구미시 구미국가산업단지",
  },
  {
    key: "nonsan", en: "Nonsan", ko: "논산", region: "chungnam", lat: 36.19, lng: 127.1,
    cluster: "nonsan", clusterShare: 1, smeCount: 20,
    focus: ["military-textiles", "shelters-containers", "seals-elastomers", "injection-molding", "mechanical-assembly", "painting-coating",
      "battery-pack", "sheet-metal-forming"],
    materials: ["aramid", "technical-ceramics", "al-6061", "fluoroelastomer", "steel-armor"],
    certs: ["iso-9001", "dqms", "iso-14001", "defense-designated"],
    addressEn: "Yeonmu-eup, Nonsan-si, Chungcheongnam-do", addressKo: "충청남도 논산시 연무읍",
  },
  {
    key: "jeonbuk", en: "Jeonju/Wanju", ko: "전주·완주", region: "jeonbuk", lat: 35.86, lng: 127.12,
    cluster: "jeonbuk", clusterShare: 1, smeCount: 15,
    focus: ["carbon-fiber-prepreg", "composite-layup-autoclave", "composite-rtm", "filament-winding", "am-polymer", "composite-repair"],
    materials: ["cfrp", "gfrp", "aramid", "peek"],
    certs: ["iso-9001", "as9100d", "nadcap-composites", "iso-14001", "dqms"],
    addressEn: "Bongdong-eup, Wanju-gun, Jeollabuk-do", addressKo: "전라북도 완주군 봉동읍",
  },
];

type ClusterSeed = {
  slug: string;
  en: string;
  ko: string;
  region: RegionCode;
  designation: "designated" | "candidate";
  year: number | null;
  lat: number;
  lng: number;
  radiusKm: number;
  focusEn: string[];
  focusKo: string[];
  focusProcesses: string[];
  descriptionEn: string;
  descriptionKo: string;
  authorityEn: string;
  authorityKo: string;
  zoning: string[];
};

const CLUSTERS: ClusterSeed[] = [
  {
    slug: "changwon", en: "Gyeongnam Changwon Defense Innovation Cluster", ko: "경남 창원 방산혁신클러스터",
    region: "gyeongnam", designation: "designated", year: 2020, lat: 35.228, lng: 128.681, radiusKm: 14,
    focusEn: ["Land systems", "Precision machining and powertrain", "Naval and aerospace supply chain"],
    focusKo: ["지상 무기체계", "정밀가공·동력장치", "함정·항공 공급망"],
    focusProcesses: ["machining-5axis", "gear-grinding", "heat-treatment", "vehicle-powertrain-mro", "forging-closed-die"],
    descriptionEn: "The 2020 pilot cluster designated by DAPA, centred on the Changwon National Industrial Complex, with links to aerospace in Sacheon and shipbuilding in Geoje.",
    descriptionKo: "방위사업청이 2020년 시범 지정한 클러스터로 창원국가산업단지를 중심으로 사천 항공, 거제 조선 산업과 연계됩니다.",
    authorityEn: "Changwon Defense Innovation Cluster Office (demo account)", authorityKo: "창원 방산혁신클러스터 사업단 (데모 계정)",
    zoning: ["national_industrial_complex", "general_industrial_complex"],
  },
  {
    slug: "daejeon", en: "Daejeon Defense Innovation Cluster", ko: "대전 방산혁신클러스터",
    region: "daejeon", designation: "designated", year: 2022, lat: 36.35, lng: 127.38, radiusKm: 12,
    focusEn: ["Drones and unmanned systems", "Defense R&D with national institutes", "Sensors and software"],
    focusKo: ["드론·무인체계", "국책연구기관 연계 국방 R&D", "센서·소프트웨어"],
    focusProcesses: ["uav-integration", "embedded-software", "electro-optics", "rf-microwave"],
    descriptionEn: "Designated in 2022 with a drone focus, next to national research institutes (ADD, ETRI, KRISS); about KRW 49 billion over five years.",
    descriptionKo: "2022년 드론 특화로 지정되었으며 국방과학연구소, 한국전자통신연구원, 한국표준과학연구원 등 국책연구기관과 인접해 있습니다. 5년간 약 490억 원 규모입니다.",
    authorityEn: "Daejeon Defense Innovation Cluster Office (demo account)", authorityKo: "대전 방산혁신클러스터 사업단 (데모 계정)",
    zoning: ["research_development_zone", "urban_high_tech_complex"],
  },
  {
    slug: "gumi", en: "Gyeongbuk Gumi Defense Innovation Cluster", ko: "경북 구미 방산혁신클러스터",
    region: "gyeongbuk", designation: "designated", year: 2023, lat: 36.12, lng: 128.34, radiusKm: 11,
    focusEn: ["Defense electronics", "Electronic assemblies and harnesses", "EO/IR and communications"],
    focusKo: ["국방 전자", "전자조립·하네스", "전자광학·통신"],
    focusProcesses: ["pcb-assembly", "cable-harness", "rf-microwave", "box-build-integration"],
    descriptionEn: "Designated in 2023 for defense electronics around the Gumi National Industrial Complex, with a DAPA one-stop support centre.",
    descriptionKo: "2023년 구미국가산업단지를 중심으로 국방 전자 분야로 지정되었으며 방위사업청 원스톱 지원센터가 있습니다.",
    authorityEn: "Gumi Defense Innovation Cluster Office (demo account)", authorityKo: "구미 방산혁신클러스터 사업단 (데모 계정)",
    zoning: ["national_industrial_complex", "general_industrial_complex"],
  },
  {
    slug: "nonsan", en: "Chungnam Nonsan Defense Cluster (candidate)", ko: "충남 논산 국방 클러스터 (후보)",
    region: "chungnam", designation: "candidate", year: null, lat: 36.19, lng: 127.1, radiusKm: 9,
    focusEn: ["Non-weapon support systems", "Clothing, shelters and logistics", "National defense industrial complex"],
    focusKo: ["비무기 전력지원체계", "피복·쉘터·군수", "국방국가산업단지"],
    focusProcesses: ["military-textiles", "shelters-containers", "seals-elastomers"],
    descriptionEn: "A candidate region for non-weapon support systems, built around the planned national defense industrial complex near the Army Training Centre.",
    descriptionKo: "육군훈련소 인근 국방국가산업단지를 중심으로 한 비무기 전력지원체계 후보 지역입니다.",
    authorityEn: "Nonsan Defense Industry Promotion Office (demo account)", authorityKo: "논산 국방산업 진흥단 (데모 계정)",
    zoning: ["national_industrial_complex"],
  },
  {
    slug: "jeonbuk", en: "Jeonbuk Carbon Materials Defense Cluster (candidate)", ko: "전북 탄소소재 방산 클러스터 (후보)",
    region: "jeonbuk", designation: "candidate", year: null, lat: 35.86, lng: 127.12, radiusKm: 10,
    focusEn: ["Carbon fibre and composites", "Lightweight structures", "Materials testing"],
    focusKo: ["탄소섬유·복합재", "경량 구조물", "소재 시험"],
    focusProcesses: ["carbon-fiber-prepreg", "composite-layup-autoclave", "filament-winding"],
    descriptionEn: "A candidate region building on Jeonbuk's carbon-fibre industry for lightweight defense structures.",
    descriptionKo: "전북의 탄소섬유 산업을 기반으로 경량 방산 구조물을 육성하는 후보 지역입니다.",
    authorityEn: "Jeonbuk Carbon Defense Cluster Office (demo account)", authorityKo: "전북 탄소 방산 클러스터 사업단 (데모 계정)",
    zoning: ["general_industrial_complex", "free_economic_zone"],
  },
];

/** An irregular ring around a centre, closed, as GeoJSON [lng, lat] pairs. */
function boundaryAround(lat: number, lng: number, radiusKm: number) {
  const points: [number, number][] = [];
  const vertices = 14;
  for (let i = 0; i < vertices; i++) {
    const angle = (2 * Math.PI * i) / vertices;
    const r = radiusKm * (0.75 + random() * 0.45);
    const dLat = (r / 111.32) * Math.sin(angle);
    const dLng = (r / (111.32 * Math.cos((lat * Math.PI) / 180))) * Math.cos(angle);
    points.push([round(lng + dLng, 5), round(lat + dLat, 5)]);
  }
  points.push(points[0]!);
  return { type: "Polygon", coordinates: [points] };
}

function round(value: number, digits: number) {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

// ---------------------------------------------------------------------------------------------
// Taxonomy labels used in generated prose (must match the taxonomy migration).

const PROCESS_LABELS: Record<string, [string, string]> = {
  "machining-5axis": ["5-axis machining", "5축 가공"],
  "machining-3axis": ["CNC milling", "CNC 밀링"],
  "turning-precision": ["precision turning", "정밀 선삭"],
  "grinding-precision": ["precision grinding", "정밀 연삭"],
  "gear-grinding": ["gear grinding", "기어 연삭"],
  "edm": ["EDM", "방전 가공"],
  "deep-hole-drilling": ["deep-hole drilling", "심공 가공"],
  "large-part-machining": ["large structure machining", "대형 구조물 가공"],
  "sheet-metal-forming": ["sheet-metal forming", "판금 성형"],
  "titanium-hot-forming": ["titanium hot forming", "티타늄 열간 성형"],
  "tube-bending": ["tube bending", "튜브 벤딩"],
  "cutting-laser-waterjet": ["laser and waterjet cutting", "레이저·워터젯 절단"],
  "welding-tig-mig": ["TIG/MIG welding", "TIG·MIG 용접"],
  "welding-ebw": ["electron beam welding", "전자빔 용접"],
  "welding-fsw": ["friction stir welding", "마찰교반 용접"],
  "welding-laser": ["laser welding", "레이저 용접"],
  "brazing-vacuum": ["vacuum brazing", "진공 브레이징"],
  "casting-investment": ["investment casting", "정밀 주조"],
  "casting-sand": ["sand casting", "사형 주조"],
  "forging-closed-die": ["closed-die forging", "형단조"],
  "powder-metallurgy": ["powder metallurgy", "분말야금"],
  "heat-treatment": ["heat treatment", "열처리"],
  "anodizing": ["anodizing", "아노다이징"],
  "plating": ["electroplating", "전기도금"],
  "chemical-conversion": ["chemical conversion coating", "화성 피막 처리"],
  "painting-coating": ["protective coating", "도장·방청"],
  "thermal-spray": ["thermal spray coating", "용사 코팅"],
  "shot-peening": ["shot peening", "숏피닝"],
  "ndt-ut": ["ultrasonic testing", "초음파 탐상"],
  "ndt-rt": ["radiographic testing", "방사선 투과 검사"],
  "ndt-pt": ["penetrant testing", "침투 탐상"],
  "ndt-mt": ["magnetic particle testing", "자분 탐상"],
  "ndt-et": ["eddy current testing", "와전류 탐상"],
  "composite-layup-autoclave": ["composite layup and autoclave cure", "복합재 적층·오토클레이브 성형"],
  "composite-rtm": ["resin transfer molding", "수지 전달 성형"],
  "filament-winding": ["filament winding", "필라멘트 와인딩"],
  "composite-repair": ["composite repair", "복합재 수리"],
  "carbon-fiber-prepreg": ["carbon fibre and prepreg production", "탄소섬유·프리프레그 생산"],
  "am-metal-pbf": ["metal additive manufacturing", "금속 적층 제조"],
  "am-ded": ["directed energy deposition", "직접 에너지 적층"],
  "am-polymer": ["polymer 3D printing", "폴리머 3D 프린팅"],
  "pcb-assembly": ["PCB assembly", "PCB 조립"],
  "cable-harness": ["cable and wire harness", "케이블·와이어 하네스"],
  "rf-microwave": ["RF and microwave modules", "RF·마이크로파 모듈"],
  "power-electronics": ["power supplies", "전원장치"],
  "box-build-integration": ["electronic box build", "전자장비 조립"],
  "optics-precision": ["precision optics", "정밀 광학"],
  "electro-optics": ["EO/IR systems", "전자광학·적외선 장비"],
  "hydraulic-overhaul": ["hydraulic component overhaul", "유압 부품 창정비"],
  "landing-gear-overhaul": ["landing-gear overhaul", "착륙장치 창정비"],
  "engine-component-repair": ["engine component repair", "엔진 부품 수리"],
  "avionics-repair": ["avionics repair", "항공전자 수리"],
  "airframe-mro": ["airframe maintenance", "기체 정비"],
  "naval-systems-mro": ["naval systems maintenance", "함정 체계 정비"],
  "vehicle-powertrain-mro": ["armoured-vehicle powertrain overhaul", "궤도차량 동력장치 정비"],
  "seals-elastomers": ["seals and elastomer parts", "씰·고무 부품"],
  "injection-molding": ["injection molding", "사출 성형"],
  "embedded-software": ["embedded software", "임베디드 소프트웨어"],
  "modeling-simulation": ["modelling and simulation", "모델링·시뮬레이션"],
  "environmental-testing": ["environmental testing", "환경 시험"],
  "calibration-metrology": ["calibration and metrology", "교정·정밀측정"],
  "mechanical-assembly": ["mechanical assembly", "기계 조립"],
  "aerostructure-assembly": ["aerostructure assembly", "항공 구조물 조립"],
  "uav-integration": ["UAV integration", "무인기 체계 통합"],
  "battery-pack": ["battery pack assembly", "배터리 팩 조립"],
  "military-textiles": ["military clothing and equipment", "군수 피복·장구"],
  "shelters-containers": ["military shelters", "군용 쉘터"],
};

/** Equipment typical for a process: [name, manufacturer, model]. */
const EQUIPMENT: Record<string, [string, string, string][]> = {
  "machining-5axis": [["5-axis machining centre", "DMG MORI", "DMU 65 monoBLOCK"], ["5-axis machining centre", "Hermle", "C 42 U"], ["5-axis machining centre", "DN Solutions", "DVF 5000"]],
  "turning-precision": [["CNC turn-mill centre", "Mazak", "INTEGREX i-200"], ["Swiss-type lathe", "Citizen", "L32"]],
  "gear-grinding": [["Gear profile grinder", "Kapp Niles", "ZP 12"], ["Gear hobbing machine", "Liebherr", "LC 300"]],
  "large-part-machining": [["Gantry milling machine", "Waldrich Coburg", "PowerTec"], ["Floor-type boring mill", "DN Solutions", "DBC 130"]],
  "heat-treatment": [["Vacuum furnace", "Ipsen", "TurboTreater"], ["Gas nitriding furnace", "Nitrex", "NX-1000"]],
  "composite-layup-autoclave": [["Autoclave 3 m x 8 m", "ASC Process Systems", "Econoclave"], ["Automated tape layer", "MTorres", "TORRESLAYUP"]],
  "ndt-ut": [["Phased-array UT system", "Evident", "OmniScan X3"], ["Immersion UT tank", "TecScan", "TSI-5"]],
  "ndt-rt": [["Industrial CT scanner", "Nikon", "XT H 450"], ["Digital radiography system", "Comet Yxlon", "FF35 CT"]],
  "pcb-assembly": [["SMT line", "Fuji", "NXT III"], ["Reflow oven", "Heller", "1936 MK7"], ["AOI system", "Koh Young", "Zenith"]],
  "cable-harness": [["Wire processing machine", "Komax", "Alpha 530"], ["Harness test system", "Cirris", "Easy-Touch Pro"]],
  "rf-microwave": [["Vector network analyser", "Keysight", "PNA-X N5247B"], ["Anechoic test chamber", "ETS-Lindgren", "AMS-8500"]],
  "am-metal-pbf": [["Metal powder-bed printer", "EOS", "M 400"], ["Metal powder-bed printer", "SLM Solutions", "SLM 280"]],
  "welding-fsw": [["Friction stir welding cell", "ESAB", "LEGIO 5UT"]],
  "welding-ebw": [["Electron beam welder", "Pro-beam", "EBG 45-150"]],
  "environmental-testing": [["Vibration shaker", "IMV", "i240"], ["Thermal shock chamber", "ESPEC", "TSA-73EH"]],
  "calibration-metrology": [["Coordinate measuring machine", "Zeiss", "CONTURA"], ["3D laser scanner", "Hexagon", "Absolute Arm"]],
};
const GENERIC_EQUIPMENT: [string, string, string][] = [
  ["CNC vertical machining centre", "DN Solutions", "DNM 5700"],
  ["CNC lathe", "Hyundai WIA", "L300"],
  ["Overhead crane 10 t", "Konecranes", "CXT"],
  ["Coordinate measuring machine", "Mitutoyo", "CRYSTA-Apex V"],
];

// ---------------------------------------------------------------------------------------------
// Fictional names

const NAME_STEMS: [string, string][] = [
  ["Skywhale", "하늘고래"], ["Starlit Fox", "별빛여우"], ["Pinwheel", "바람개비"], ["Milkyriver", "은하강"],
  ["Pine Breeze", "솔바람"], ["Blue Otter", "푸른수달"], ["Moonstep", "달걸음"], ["Cloudkite", "구름연"],
  ["Dawnbell", "새벽종"], ["Silver Heron", "은빛왜가리"], ["Firefly Bay", "반딧불만"], ["Hilltop Crane", "언덕두루미"],
  ["Lantern Reef", "등불암초"], ["Maple Comet", "단풍혜성"], ["Tidepool", "물웅덩이"], ["Snow Badger", "눈오소리"],
  ["Redwood Kite", "붉은솔개"], ["Quiet Harbor", "고요항"], ["Amber Owl", "호박부엉이"], ["Jade Swallow", "비취제비"],
  ["Northwind Magpie", "북풍까치"], ["Seagrass", "바다풀"], ["Twin Lantern", "쌍등불"], ["Copper Deer", "구리사슴"],
  ["Violet Ridge", "보랏빛능선"], ["Morning Tern", "아침제비갈매기"], ["Granite Hare", "화강토끼"], ["Emberfield", "불씨들"],
];
const NAME_SUFFIXES: [string, string][] = [
  ["Precision", "정밀"], ["Tech", "테크"], ["Aero", "에어로"], ["Industries", "산업"], ["Engineering", "엔지니어링"],
  ["Systems", "시스템즈"], ["Works", "웍스"], ["Materials", "소재"], ["Electronics", "전자"], ["Dynamics", "다이내믹스"],
  ["Machinery", "기계"],
];

const usedNames = new Set<string>();
function fictionalName(areaKey: string): [string, string] {
  for (;;) {
    const [stemEn, stemKo] = pick(NAME_STEMS);
    const [suffixEn, suffixKo] = pick(NAME_SUFFIXES);
    const en = `${stemEn} ${suffixEn}`;
    if (usedNames.has(en)) continue;
    usedNames.add(en);
    void areaKey;
    return [en, `${stemKo}${suffixKo}`];
  }
}

const slugify = (value: string) => value.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

// ---------------------------------------------------------------------------------------------
// Build the data

const FICTION_EN = "Fictional company for demonstration.";
const FICTION_KO = "데모용 가상 기업입니다.";

const orgRows: Record<string, Value>[] = [];
const membershipRows: Record<string, Value>[] = [];
const userRows: Record<string, Value>[] = [];
const identityRows: Record<string, Value>[] = [];

function addUser(email: string, displayName: string, locale: "ko" | "en") {
  const id = uuid();
  userRows.push({
    instance_id: "00000000-0000-0000-0000-000000000000",
    id,
    aud: "authenticated",
    role: "authenticated",
    email,
    encrypted_password: raw(`crypt(${literal(SEED_PASSWORD)}, gen_salt('bf'))`),
    email_confirmed_at: raw("now()"),
    raw_app_meta_data: { provider: "email", providers: ["email"] },
    raw_user_meta_data: { display_name: displayName, locale },
    created_at: raw("now()"),
    updated_at: raw("now()"),
    confirmation_token: "",
    recovery_token: "",
    email_change_token_new: "",
    email_change: "",
    is_sso_user: false,
    is_anonymous: false,
  });
  identityRows.push({
    id: uuid(),
    provider_id: id,
    user_id: id,
    identity_data: { sub: id, email, email_verified: true, phone_verified: false },
    provider: "email",
    last_sign_in_at: null,
    created_at: raw("now()"),
    updated_at: raw("now()"),
  });
  return id;
}

function addOrg(fields: {
  kind: string; nameEn: string; nameKo: string | null; country: string; website?: string | null;
  verification?: string; fictional: boolean; slug?: string;
}) {
  const id = uuid();
  orgRows.push({
    id,
    slug: fields.slug ?? slugify(fields.nameEn),
    kind: fields.kind,
    name_en: fields.nameEn,
    name_ko: fields.nameKo,
    country: fields.country,
    website: fields.website ?? null,
    verification_status: fields.verification ?? "verified",
    is_fictional: fields.fictional,
  });
  return id;
}

// Seed users, one per role.
const platformUser = addUser(SEED_USERS.platform, "Platform Operator", "en");
const contractorUser = addUser(SEED_USERS.contractor, "Dana Whitfield", "en");
const smeUser = addUser(SEED_USERS.sme, "김하늘", "ko");
const clusterUser = addUser(SEED_USERS.cluster, "박지원", "ko");
const reviewerUser = addUser(SEED_USERS.reviewer, "이정민", "ko");

const platformOrg = addOrg({ kind: "platform", nameEn: "ClusterMatch Operations", nameKo: "클러스터매치 운영팀", country: "KR", fictional: false, slug: "clustermatch-operations" });
membershipRows.push({ id: uuid(), organization_id: platformOrg, user_id: platformUser, role: "owner" });

const reviewerOrg = addOrg({ kind: "government_reviewer", nameEn: "Offset Credit Review Office (demo account)", nameKo: "절충교역 실적 심사팀 (데모 계정)", country: "KR", fictional: true, slug: "offset-review-office-demo" });
membershipRows.push({ id: uuid(), organization_id: reviewerOrg, user_id: reviewerUser, role: "owner" });

// Clusters and their authorities.
const clusterIds: Record<string, string> = {};
const clusterRows: Record<string, Value>[] = [];
const parcelRows: Record<string, Value>[] = [];
const authorityOrgByCluster: Record<string, string> = {};

for (const cluster of CLUSTERS) {
  const authority = addOrg({
    kind: "cluster_authority", nameEn: cluster.authorityEn, nameKo: cluster.authorityKo, country: "KR",
    fictional: true, slug: `${cluster.slug}-cluster-office-demo`,
  });
  authorityOrgByCluster[cluster.slug] = authority;
  if (cluster.slug === "changwon") membershipRows.push({ id: uuid(), organization_id: authority, user_id: clusterUser, role: "owner" });
  const id = uuid();
  clusterIds[cluster.slug] = id;
  clusterRows.push({
    id,
    slug: cluster.slug,
    name_en: cluster.en,
    name_ko: cluster.ko,
    region: cluster.region,
    designation: cluster.designation,
    designation_year: cluster.year,
    focus_areas_en: cluster.focusEn,
    focus_areas_ko: cluster.focusKo,
    focus_process_codes: cluster.focusProcesses,
    description_en: `${cluster.descriptionEn} Boundary and figures are approximate, for demonstration.`,
    description_ko: `${cluster.descriptionKo} 경계와 수치는 데모용 근사치입니다.`,
    boundary: boundaryAround(cluster.lat, cluster.lng, cluster.radiusKm),
    center_lat: cluster.lat,
    center_lng: cluster.lng,
    managing_organization_id: authority,
    incentives: [
      { kind: "tax", title_en: "Local tax reduction for new plants", title_ko: "신규 공장 지방세 감면", description_en: "Acquisition and property tax relief for five years (illustrative).", description_ko: "5년간 취득세·재산세 감면 (예시)." },
      { kind: "subsidy", title_en: "Investment subsidy", title_ko: "투자 보조금", description_en: `Up to KRW ${int(2, 9) * 5} billion for facilities of foreign-invested firms (illustrative).`, description_ko: `외국인투자기업 시설에 최대 ${int(2, 9) * 5}억 원 지원 (예시).` },
      { kind: "land", title_en: "Discounted industrial land", title_ko: "산업용지 분양가 할인", description_en: "Land at a reduced price for anchor investors (illustrative).", description_ko: "앵커 투자기업 대상 분양가 할인 (예시)." },
      { kind: "hiring", title_en: "Hiring and training support", title_ko: "고용·교육 지원", description_en: "Wage support for local hires for one year (illustrative).", description_ko: "지역 인재 채용 시 1년간 인건비 지원 (예시)." },
    ],
    infrastructure: [
      { kind: "test", name_en: "Environmental and EMI test centre", name_ko: "환경·전자파 시험센터" },
      { kind: "certification", name_en: "Defense quality certification support desk", name_ko: "국방품질 인증 지원창구" },
      { kind: "support_centre", name_en: "DAPA one-stop support centre", name_ko: "방위사업청 원스톱 지원센터" },
    ],
    anchor_companies: [],
    success_stories: [],
    contact: { name_en: "Investment desk (demo)", name_ko: "투자유치 창구 (데모)", email: `${cluster.slug}-cluster@clustermatch.test`, phone: "+82-00-0000-0000" },
    website: null,
  });
  const parcels = int(3, 5);
  for (let i = 0; i < parcels; i++) {
    const zoning = pick(cluster.zoning);
    const parcelId = uuid();
    const block = `${String.fromCharCode(65 + i)}-${int(1, 12)}`;
    // The Korean name used to draw its own block number, so the two names of a parcel disagreed;
    // the draw stays so every value generated after it is unchanged.
    int(1, 12);
    parcelRows.push({
      id: parcelId,
      cluster_id: id,
      name_en: `${cluster.en.split(" ")[0]} block ${block}`,
      name_ko: `${cluster.ko.split(" ")[0]} ${block} 블록`,
      address_en: null,
      address_ko: null,
      area_m2: int(40, 600) * 100,
      price_per_m2: int(18, 95) * 10000,
      currency: "KRW",
      zoning,
      status: pick(["available", "available", "available", "reserved", "sold"]),
      available_from: daysFromToday(int(0, 365)),
      lat: round(cluster.lat + gaussian() * 0.05, 5),
      lng: round(cluster.lng + gaussian() * 0.06, 5),
      description_en: "Serviced industrial plot with road, power and water connections (illustrative).",
      description_ko: "도로·전력·용수 기반시설이 갖춰진 산업용지 (예시).",
    });
  }
}

// Contractors.
const CONTRACTORS: [string, string, string, string][] = [
  ["Cobalt Ridge Aerospace", "코발트리지 에어로스페이스", "US", "Combat aircraft and aerostructures"],
  ["Northstar Rotorcraft Systems", "노스스타 로터크래프트 시스템즈", "US", "Helicopters and drivetrains"],
  ["Tidewater Naval Dynamics", "타이드워터 네이벌 다이내믹스", "US", "Naval combat systems"],
  ["Pinecrest Missile & Space", "파인크레스트 미사일 앤 스페이스", "US", "Guided weapons and space"],
  ["Albion Maritime Defence", "알비온 해양방산", "GB", "Submarines and naval engineering"],
  ["Lindqvist Sensorik", "린드크비스트 센소릭", "SE", "Radar and electronic warfare"],
  ["Hohenfels Landsysteme", "호엔펠스 지상체계", "DE", "Armoured vehicles"],
  ["Garonne Aero Industries", "가론 에어로 인더스트리", "FR", "Aero-engines and MRO"],
  ["Vesuvio Elettronica Difesa", "베수비오 방위전자", "IT", "Avionics and communications"],
  ["Kestrel Antipodean Defence", "케스트럴 안티포디언 방산", "AU", "Unmanned systems"],
  ["Fjordline Marine Systems", "피오르라인 마린 시스템즈", "NO", "Naval missiles and launchers"],
  ["Maple Shield Avionics", "메이플실드 항공전자", "CA", "Simulators and avionics"],
];
const contractorIds: string[] = [];
for (const [en, ko, country] of CONTRACTORS) {
  const id = addOrg({ kind: "contractor", nameEn: en, nameKo: ko, country, website: `https://${slugify(en)}.example`, fictional: true });
  contractorIds.push(id);
}
membershipRows.push({ id: uuid(), organization_id: contractorIds[0]!, user_id: contractorUser, role: "owner" });

// SMEs.
type Sme = { id: string; area: Area; clusterSlug: string | null; processes: string[]; certCodes: string[]; published: boolean; nameEn: string; nameKo: string; employees: number };
const smes: Sme[] = [];
const profileRows: Record<string, Value>[] = [];
const capabilityRows: Record<string, Value>[] = [];
const equipmentRows: Record<string, Value>[] = [];
const certificationRows: Record<string, Value>[] = [];
const siteRows: Record<string, Value>[] = [];
const certIdsBySme = new Map<string, { id: string; code: string }[]>();

const REJECTION_REASONS = [
  "Certificate scan is illegible; please upload a clearer copy.",
  "The certificate number does not match the registrar's database.",
  "Scope on the certificate does not cover the listed processes.",
];

let smeIndex = 0;
for (const area of AREAS) {
  for (let n = 0; n < area.smeCount; n++, smeIndex++) {
    const [nameEn, nameKo] = fictionalName(area.key);
    const id = addOrg({
      kind: "sme", nameEn, nameKo, country: "KR",
      website: chance(0.6) ? `https://${slugify(nameEn)}.example` : null,
      verification: "unverified", fictional: true, slug: `${slugify(nameEn)}-${area.key}`,
    });
    const isSeedSme = smeIndex === 0;
    const clusterSlug = area.cluster && (isSeedSme || random() < area.clusterShare) ? area.cluster : null;
    const processCount = isSeedSme ? 5 : int(2, 6);
    const processes = pickSome(area.focus, processCount);
    if (chance(0.25)) processes.push(pick(["machining-3axis", "calibration-metrology", "painting-coating", "welding-tig-mig", "mechanical-assembly"].filter((p) => !processes.includes(p))));
    const employees = pick([int(8, 30), int(30, 120), int(120, 400), int(20, 80)]);
    const published = isSeedSme || chance(0.92);
    const defenseDesignated = chance(employees > 100 ? 0.45 : 0.12);
    const founded = int(1978, 2021);
    const [p1, p2] = [PROCESS_LABELS[processes[0]!]!, PROCESS_LABELS[processes[1] ?? processes[0]!]!];
    const profileVerification = isSeedSme ? "verified" : clusterSlug ? pick(["verified", "verified", "pending", "unverified"]) : pick(["unverified", "unverified", "pending"]);
    profileRows.push({
      organization_id: id,
      description_en: `${nameEn} is a ${employees}-person ${area.en} supplier founded in ${founded}, specialising in ${p1[0]} and ${p2[0]} for defense and aerospace programmes. ${FICTION_EN}`,
      description_ko: `${nameKo}은(는) ${founded}년 설립된 ${area.ko} 소재 ${employees}인 규모 기업으로 방산·항공 분야 ${p1[1]} 및 ${p2[1]}을(를) 전문으로 합니다. ${FICTION_KO}`,
      employees,
      founded_year: founded,
      revenue_band: employees < 30 ? "1b_10b_krw" : employees < 120 ? "10b_50b_krw" : employees < 250 ? "50b_100b_krw" : "over_100b_krw",
      defense_designated: defenseDesignated,
      security_assessment_passed: defenseDesignated || chance(0.2),
      export_experience: chance(0.35),
      export_countries: chance(0.35) ? pickSome(["US", "GB", "FR", "DE", "PL", "AU", "AE", "SA", "TR"], int(1, 3)) : [],
      capacity_note: `About ${int(40, 85)}% utilised; ${int(1, 3)} shifts.`,
      contact_email: `sales@${slugify(nameEn)}.example`,
      tags: chance(0.2) ? [pick(["ITAR-aware", "rapid prototyping", "low-volume high-mix", "clean room", "MIL-SPEC"])] : [],
      cluster_id: clusterSlug ? raw(`(select id from public.clusters where slug = ${literal(clusterSlug)})`) : null,
      published,
      published_at: published ? timeAgo(int(5, 400)) : null,
      verification_status: profileVerification,
      verified_at: profileVerification === "verified" ? timeAgo(int(1, 200)) : null,
      verified_by: profileVerification === "verified" && clusterSlug === "changwon" ? clusterUser : null,
    });
    if (isSeedSme) membershipRows.push({ id: uuid(), organization_id: id, user_id: smeUser, role: "owner" });

    for (const process of processes) {
      const size = pick([300, 500, 800, 1200, 2000, 4000]);
      capabilityRows.push({
        id: uuid(),
        organization_id: id,
        process_code: process,
        material_codes: pickSome(area.materials, int(1, 3)),
        envelope_x_mm: size,
        envelope_y_mm: Math.round(size * pick([0.5, 0.6, 0.8, 1])),
        envelope_z_mm: Math.round(size * pick([0.3, 0.4, 0.5, 0.6])),
        tolerance_mm: pick([0.005, 0.01, 0.02, 0.05, 0.1]),
        capacity_note: `${int(200, 5000)} parts/month`,
        description_en: `${PROCESS_LABELS[process]![0]} for defense programmes.`,
        description_ko: `방산 프로그램용 ${PROCESS_LABELS[process]![1]}.`,
        tags: [],
      });
    }

    const equipmentPool = processes.flatMap((p) => EQUIPMENT[p] ?? []);
    for (const [name, manufacturer, model] of pickSome(equipmentPool.length ? equipmentPool : GENERIC_EQUIPMENT, int(1, 3))) {
      equipmentRows.push({
        id: uuid(), organization_id: id, name, manufacturer, model, quantity: int(1, 6), year_installed: int(2008, 2025),
        process_code: null, specs_en: null, specs_ko: null,
      });
    }

    const certCodes = Array.from(new Set([isSeedSme ? "as9100d" : pick(area.certs), ...pickSome(area.certs, int(0, 3)), ...(defenseDesignated ? ["defense-designated"] : [])]));
    const certs: { id: string; code: string }[] = [];
    for (const code of certCodes) {
      const certId = uuid();
      certs.push({ id: certId, code });
      // About one in eight has expired; some expire within 60 days; designations never do.
      const expiresIn = code === "defense-designated" ? null : chance(0.12) ? -int(5, 400) : chance(0.1) ? int(3, 60) : int(61, 1000);
      const issuedAgo = expiresIn === null ? int(200, 3000) : 1095 - expiresIn;
      const status = isSeedSme ? "verified" : pick(["verified", "verified", "verified", "verified", "unverified", "unverified", "pending", "rejected"]);
      certificationRows.push({
        id: certId,
        organization_id: id,
        certification_type_code: code,
        certificate_number: `${code.toUpperCase().replace(/-/g, "")}-${int(10000, 99999)}`,
        issuer: null,
        issued_on: daysFromToday(-issuedAgo),
        expires_on: expiresIn === null ? null : daysFromToday(expiresIn),
        document_path: null,
        verification_status: status,
        verified_by: (status === "verified" || status === "rejected") && clusterSlug === "changwon" ? clusterUser : null,
        verified_at: status === "verified" || status === "rejected" ? timeAgo(int(1, 300)) : null,
        rejection_reason: status === "rejected" ? pick(REJECTION_REASONS) : null,
      });
    }
    certIdsBySme.set(id, certs);

    const siteCount = chance(0.15) ? 2 : 1;
    for (let s = 0; s < siteCount; s++) {
      siteRows.push({
        id: uuid(),
        organization_id: id,
        name_en: s === 0 ? "Main plant" : "Second plant",
        name_ko: s === 0 ? "본사 공장" : "제2공장",
        address_en: `${int(1, 999)}, ${area.addressEn}`,
        address_ko: `${area.addressKo} ${int(1, 999)}`,
        region: area.region,
        lat: round(area.lat + gaussian() * 0.06, 5),
        lng: round(area.lng + gaussian() * 0.07, 5),
        cluster_id: clusterSlug ? raw(`(select id from public.clusters where slug = ${literal(clusterSlug)})`) : null,
        is_primary: s === 0,
      });
    }
    smes.push({ id, area, clusterSlug, processes, certCodes, published, nameEn, nameKo, employees });
  }
}

// Each cluster names its three largest member SMEs as anchors (all fictional).
for (const row of clusterRows) {
  const members = smes.filter((s) => s.clusterSlug === row.slug).sort((a, b) => b.employees - a.employees).slice(0, 3);
  row.anchor_companies = members.map((s) => ({ organization_id: s.id, name_en: s.nameEn, name_ko: s.nameKo }));
  row.success_stories = members.slice(0, 1).map((s) => ({
    title_en: `${s.nameEn} joins a foreign prime's supply chain (fictional)`,
    title_ko: `${s.nameKo}, 해외 방산기업 공급망 진입 (가상 사례)`,
    year: 2025,
  }));
}

// Needs: 40, over every kind, visibility and status.
type NeedTemplate = {
  kind: string; en: string; ko: string; program: string; platform: string;
  required: string[]; preferred: string[]; materials: string[]; certs: string[]; prefCerts: string[];
  area: string; descEn: string; descKo: string; quantity: number | null; unit: string | null; value: number;
};
const NEED_TEMPLATES: NeedTemplate[] = [
  { kind: "localization", en: "Localize titanium wing fittings", ko: "티타늄 날개 피팅 국산화", program: "Light combat aircraft (illustrative)", platform: "Fighter aircraft", required: ["machining-5axis"], preferred: ["ndt-pt", "shot-peening"], materials: ["ti-6al-4v"], certs: ["as9100d"], prefCerts: ["nadcap-ndt"], area: "sacheon", descEn: "Machined titanium fittings for the wing-to-fuselage joint, first-article inspection and serial production.", descKo: "주익-동체 결합부 티타늄 피팅 가공, 초도품 검사 및 양산.", quantity: 1200, unit: "parts/year", value: 8_500_000 },
  { kind: "parts_supply", en: "Supply aluminium frame machinings", ko: "알루미늄 프레임 가공품 공급", program: "Transport aircraft (illustrative)", platform: "Airlifter", required: ["machining-5axis", "anodizing"], preferred: ["chemical-conversion"], materials: ["al-7075"], certs: ["as9100d", "nadcap-cp"], prefCerts: [], area: "sacheon", descEn: "Frames and ribs in 7075, anodized and primed, delivered kitted.", descKo: "7075 알루미늄 프레임·리브 가공, 아노다이징 및 프라이머 도장 후 키트 납품.", quantity: 5000, unit: "parts/year", value: 4_200_000 },
  { kind: "mro", en: "Landing-gear overhaul capacity", ko: "착륙장치 창정비 역량", program: "Maritime patrol aircraft (illustrative)", platform: "Patrol aircraft", required: ["landing-gear-overhaul", "ndt-mt"], preferred: ["plating", "shot-peening"], materials: ["steel-4340"], certs: ["as9100d"], prefCerts: ["nadcap-cp"], area: "busan", descEn: "In-country overhaul of main and nose landing gear including plating and NDT.", descKo: "주·전방 착륙장치의 국내 창정비 (도금 및 비파괴검사 포함).", quantity: 24, unit: "shipsets/year", value: 12_000_000 },
  { kind: "mro", en: "Hydraulic actuator repair station", ko: "유압 작동기 수리 거점", program: "Utility helicopter (illustrative)", platform: "Helicopter", required: ["hydraulic-overhaul"], preferred: ["environmental-testing"], materials: [], certs: ["iso-9001"], prefCerts: ["as9100d"], area: "busan", descEn: "Repair and test of flight-control actuators with a test bench supplied by the prime.", descKo: "주계약자가 제공하는 시험장비로 비행조종 작동기 수리·시험.", quantity: 300, unit: "units/year", value: 3_100_000 },
  { kind: "technology_transfer", en: "Transfer of friction stir welding for hull panels", ko: "선체 패널 마찰교반용접 기술이전", program: "Naval patrol vessel (illustrative)", platform: "Surface ship", required: ["welding-fsw"], preferred: ["ndt-ut"], materials: ["al-6061"], certs: ["iso-9001"], prefCerts: ["nadcap-welding"], area: "ulsan", descEn: "Licence, tooling and training for FSW of aluminium deck panels; partner builds a qualified cell.", descKo: "알루미늄 갑판 패널 FSW 기술 라이선스, 치공구 및 교육; 협력사가 인증 셀 구축.", quantity: null, unit: null, value: 6_000_000 },
  { kind: "localization", en: "Localize armoured vehicle gearbox components", ko: "장갑차 변속기 부품 국산화", program: "Infantry fighting vehicle (illustrative)", platform: "Armoured vehicle", required: ["gear-grinding", "heat-treatment"], preferred: ["ndt-mt"], materials: ["steel-4340"], certs: ["iso-9001", "dqms"], prefCerts: ["nadcap-ht"], area: "changwon", descEn: "Ground gears and shafts for the final drive, carburized and ground to AGMA 12.", descKo: "최종 구동장치용 기어·샤프트, 침탄 열처리 후 AGMA 12 등급 연삭.", quantity: 800, unit: "sets/year", value: 9_800_000 },
  { kind: "parts_supply", en: "Supply MIL-spec cable harnesses", ko: "MIL 규격 케이블 하네스 공급", program: "Air-defence radar (illustrative)", platform: "Radar", required: ["cable-harness"], preferred: ["environmental-testing"], materials: [], certs: ["ipc-whma-a-620"], prefCerts: ["as9100d"], area: "gumi", descEn: "Shielded harnesses built to print with 100% continuity and hipot test.", descKo: "도면 기준 차폐 하네스 제작, 전수 도통·내전압 시험.", quantity: 2000, unit: "harnesses/year", value: 2_700_000 },
  { kind: "localization", en: "Localize radar T/R module assembly", ko: "레이더 송수신 모듈 조립 국산화", program: "AESA radar (illustrative)", platform: "Fighter radar", required: ["rf-microwave", "pcb-assembly"], preferred: ["environmental-testing"], materials: ["gan-semiconductor", "rf-laminate-ptfe"], certs: ["ipc-a-610", "as9100d"], prefCerts: ["iso-27001"], area: "gumi", descEn: "Assembly and RF test of GaN transmit/receive modules under technology licence.", descKo: "기술 라이선스 하에 GaN 송수신 모듈 조립 및 RF 시험.", quantity: 10000, unit: "modules", value: 22_000_000 },
  { kind: "technology_transfer", en: "Drone flight-control software co-development", ko: "드론 비행제어 소프트웨어 공동개발", program: "Tactical UAS (illustrative)", platform: "Unmanned aircraft", required: ["embedded-software"], preferred: ["uav-integration", "modeling-simulation"], materials: [], certs: ["iso-9001"], prefCerts: ["iso-27001", "cmmc-l2"], area: "daejeon", descEn: "Joint development of flight-control software to DO-178C DAL C with code ownership transferred.", descKo: "DO-178C DAL C 수준 비행제어 SW 공동개발 및 소스 소유권 이전.", quantity: null, unit: null, value: 5_500_000 },
  { kind: "division_hosting", en: "Host a UAS integration and test division", ko: "무인기 통합·시험 사업부 유치", program: "Tactical UAS (illustrative)", platform: "Unmanned aircraft", required: ["uav-integration"], preferred: ["environmental-testing", "embedded-software"], materials: ["cfrp"], certs: [], prefCerts: ["iso-9001"], area: "daejeon", descEn: "Looking for 15,000 m² of land near test ranges and 120 engineers within five years.", descKo: "시험장 인근 15,000㎡ 부지와 5년 내 엔지니어 120명 확보를 희망합니다.", quantity: 15000, unit: "m2", value: 40_000_000 },
  { kind: "division_hosting", en: "Host a composite aerostructures plant", ko: "복합재 항공구조물 공장 유치", program: "Rotorcraft (illustrative)", platform: "Helicopter", required: ["composite-layup-autoclave"], preferred: ["carbon-fiber-prepreg", "ndt-ut"], materials: ["cfrp"], certs: [], prefCerts: ["nadcap-composites"], area: "jeonbuk", descEn: "Seeking a site with prepreg supply nearby for a 20,000 m² composites plant.", descKo: "프리프레그 공급망 인근 20,000㎡ 규모 복합재 공장 부지를 찾습니다.", quantity: 20000, unit: "m2", value: 55_000_000 },
  { kind: "parts_supply", en: "Supply filament-wound motor cases", ko: "필라멘트 와인딩 연소관 공급", program: "Surface-to-air missile (illustrative)", platform: "Missile", required: ["filament-winding"], preferred: ["ndt-rt"], materials: ["cfrp"], certs: ["iso-9001", "dqms"], prefCerts: ["as9100d"], area: "jeonbuk", descEn: "Carbon/epoxy motor cases wound and cured to specification, with CT inspection.", descKo: "사양에 따른 탄소/에폭시 연소관 와인딩·경화 및 CT 검사.", quantity: 400, unit: "cases/year", value: 7_300_000 },
  { kind: "mro", en: "Submarine hydraulic and piping overhaul", ko: "잠수함 유압·배관 창정비", program: "Diesel-electric submarine (illustrative)", platform: "Submarine", required: ["naval-systems-mro", "tube-bending"], preferred: ["welding-tig-mig"], materials: ["stainless-316l", "copper-beryllium"], certs: ["iso-9001"], prefCerts: ["dqms"], area: "geoje", descEn: "Through-life overhaul of hydraulic plant and piping during scheduled maintenance periods.", descKo: "정기 정비 기간 중 유압계통 및 배관의 수명주기 창정비.", quantity: 2, unit: "boats/year", value: 14_000_000 },
  { kind: "localization", en: "Localize combat uniforms and body armour", ko: "전투복·방탄복 국산화", program: "Soldier modernisation (illustrative)", platform: "Soldier systems", required: ["military-textiles"], preferred: ["seals-elastomers"], materials: ["aramid", "technical-ceramics"], certs: ["iso-9001", "dqms"], prefCerts: [], area: "nonsan", descEn: "Cut-and-sew and plate assembly for body armour meeting NIJ level III (illustrative).", descKo: "NIJ III 수준 방탄복 재단·봉제 및 방탄판 조립 (예시).", quantity: 20000, unit: "sets/year", value: 6_800_000 },
  { kind: "parts_supply", en: "Supply EO/IR gimbal optics", ko: "EO/IR 짐벌 광학부품 공급", program: "Targeting pod (illustrative)", platform: "Targeting pod", required: ["optics-precision"], preferred: ["electro-optics"], materials: ["germanium-ir"], certs: ["iso-9001"], prefCerts: ["as9100d"], area: "daejeon", descEn: "Germanium lenses and windows, diamond-turned and coated, MWIR band.", descKo: "중적외선 대역 게르마늄 렌즈·윈도우 다이아몬드 선삭 및 코팅.", quantity: 600, unit: "sets/year", value: 3_900_000 },
  { kind: "technology_transfer", en: "Metal AM qualification for engine brackets", ko: "엔진 브래킷 금속 적층제조 인증 기술이전", program: "Turbofan engine (illustrative)", platform: "Aero-engine", required: ["am-metal-pbf"], preferred: ["heat-treatment", "ndt-rt"], materials: ["inconel-718"], certs: ["as9100d"], prefCerts: ["nadcap-ht"], area: "changwon", descEn: "Process parameters and qualification plan for printed Inconel 718 brackets.", descKo: "인코넬 718 적층 브래킷의 공정 파라미터 및 인증 계획 이전.", quantity: null, unit: null, value: 4_600_000 },
];

const VISIBILITY_CYCLE = ["public", "registered", "public", "invited", "registered"] as const;
const STATUS_CYCLE = ["open", "open", "open", "closed", "awarded", "open", "draft", "open"] as const;

type Need = { id: string; owner: string; template: NeedTemplate; visibility: string; exportControlled: boolean; status: string };
const needs: Need[] = [];
const needRows: Record<string, Value>[] = [];
for (let i = 0; i < 40; i++) {
  const template = NEED_TEMPLATES[i % NEED_TEMPLATES.length]!;
  const owner = i < 6 ? contractorIds[0]! : contractorIds[i % contractorIds.length]!;
  const visibility = VISIBILITY_CYCLE[i % VISIBILITY_CYCLE.length]!;
  const exportControlled = i % 7 === 3;
  const status = STATUS_CYCLE[i % STATUS_CYCLE.length]!;
  const area = AREAS.find((a) => a.key === template.area)!;
  const id = uuid();
  const phase = i >= NEED_TEMPLATES.length ? ` (phase ${Math.floor(i / NEED_TEMPLATES.length) + 1})` : "";
  const phaseKo = i >= NEED_TEMPLATES.length ? ` (${Math.floor(i / NEED_TEMPLATES.length) + 1}단계)` : "";
  needs.push({ id, owner, template, visibility, exportControlled, status });
  needRows.push({
    id,
    organization_id: owner,
    kind: template.kind,
    title_en: `${template.en}${phase}`,
    title_ko: `${template.ko}${phaseKo}`,
    description_en: `${template.descEn} Illustrative need posted by a fictional contractor for demonstration.`,
    description_ko: `${template.descKo} 데모용 가상 기업이 게시한 예시 수요입니다.`,
    program: template.program,
    platform: template.platform,
    required_process_codes: template.required,
    preferred_process_codes: template.preferred,
    required_material_codes: template.materials.slice(0, 1),
    preferred_material_codes: template.materials.slice(1),
    required_certification_codes: template.certs,
    preferred_certification_codes: template.prefCerts,
    location_name: `${area.en}, Korea`,
    location_lat: area.lat,
    location_lng: area.lng,
    radius_km: pick([50, 100, 150, 300]),
    quantity: template.quantity,
    quantity_unit: template.unit,
    capacity_note: null,
    timeline_start: daysFromToday(int(30, 180)),
    timeline_end: daysFromToday(int(400, 1500)),
    response_deadline: status === "open" ? daysFromToday(int(10, 90)) : daysFromToday(-int(10, 120)),
    estimated_value: Math.round(template.value * (0.7 + random() * 0.6)),
    currency: pick(["USD", "USD", "EUR"]),
    offset_eligible: chance(0.8),
    visibility,
    export_controlled: exportControlled,
    status,
    opened_at: status === "draft" ? null : timeAgo(int(20, 200)),
    closed_at: status === "closed" || status === "awarded" ? timeAgo(int(1, 19)) : null,
    attachment_paths: [],
  });
}

// Invitations and EOIs.
const invitationRows: Record<string, Value>[] = [];
const eoiRows: Record<string, Value>[] = [];
const sharedCertRows: Record<string, Value>[] = [];
const threadRows: Record<string, Value>[] = [];
const messageRows: Record<string, Value>[] = [];
const notificationRows: Record<string, Value>[] = [];
const seedSme = smes[0]!;

const DECLINE_COMMENTS: [string, string][] = [
  ["missing_certification", "NADCAP accreditation for the special process is required at award."],
  ["insufficient_capacity", "The programme needs twice the monthly output stated."],
  ["location", "We prefer a supplier within 100 km of the final assembly line."],
  ["selected_other_supplier", "Another supplier's scope covered the full package."],
];

function candidatesFor(need: Need) {
  const matching = smes.filter((s) => s.published && s.processes.some((p) => need.template.required.includes(p) || need.template.preferred.includes(p)));
  return matching.length >= 3 ? matching : smes.filter((s) => s.published && s.area.key === need.template.area);
}

for (const need of needs) {
  if (need.status === "draft") continue;
  let candidates = pickSome(candidatesFor(need), int(3, 6));
  // The seed SME gets invitations and EOIs to demonstrate its side of the workflow.
  if (needs.indexOf(need) % 4 === 0 && !candidates.includes(seedSme)) candidates = [seedSme, ...candidates];
  const invitedOnly = need.visibility === "invited" || need.exportControlled;
  if (invitedOnly || chance(0.3)) {
    for (const sme of candidates) invitationRows.push({ id: uuid(), need_id: need.id, sme_organization_id: sme.id, invited_by: need.owner === contractorIds[0] ? contractorUser : null, message: "We would value your expression of interest." });
  }
  candidates.forEach((sme, index) => {
    let status: string;
    if (need.status === "awarded") status = index === 0 ? "awarded" : pick(["declined", "declined", "withdrawn"]);
    else if (need.status === "closed") status = pick(["declined", "withdrawn", "declined"]);
    else status = ["submitted", "shortlisted", "draft", "declined", "withdrawn", "submitted"][index % 6]!;
    const decline = status === "declined" ? pick(DECLINE_COMMENTS) : null;
    const eoiId = uuid();
    const submittedDaysAgo = int(3, 60);
    eoiRows.push({
      id: eoiId,
      need_id: need.id,
      sme_organization_id: sme.id,
      scope: chance(0.7) ? "full" : "partial",
      scope_note: null,
      message: `${sme.nameEn} can support this package with ${PROCESS_LABELS[sme.processes[0]!]![0]}. / ${sme.nameKo}은(는) ${PROCESS_LABELS[sme.processes[0]!]![1]} 역량으로 본 과제를 지원할 수 있습니다.`,
      attachment_paths: [],
      status,
      submitted_at: status === "draft" ? null : timeAgo(submittedDaysAgo),
      decision_reason: decline ? decline[0] : null,
      decision_comment: decline ? decline[1] : null,
      decided_by: ["shortlisted", "declined", "awarded"].includes(status) && need.owner === contractorIds[0] ? contractorUser : null,
      decided_at: ["shortlisted", "declined", "awarded"].includes(status) ? timeAgo(int(0, submittedDaysAgo)) : null,
      withdrawn_at: status === "withdrawn" ? timeAgo(int(0, submittedDaysAgo)) : null,
      created_by: sme === seedSme ? smeUser : null,
    });
    const certs = certIdsBySme.get(sme.id) ?? [];
    for (const cert of certs.filter((c) => need.template.certs.includes(c.code) || need.template.prefCerts.includes(c.code))) {
      sharedCertRows.push({ id: uuid(), eoi_id: eoiId, certification_id: cert.id });
    }
    if (status !== "draft" && (sme === seedSme || need.owner === contractorIds[0] || chance(0.25))) {
      const threadId = uuid();
      threadRows.push({
        id: threadId, eoi_id: eoiId, contractor_organization_id: need.owner, counterparty_organization_id: sme.id,
        subject: need.template.en, created_by: null, last_message_at: timeAgo(int(0, 2)),
      });
      messageRows.push(
        { id: uuid(), thread_id: threadId, sender_user_id: need.owner === contractorIds[0] ? contractorUser : null, sender_organization_id: need.owner, sender_name: need.owner === contractorIds[0] ? "Dana Whitfield" : "Supplier development team", body: "Thank you for your EOI. Could you share your first-article inspection plan?", created_at: timeAgo(int(3, 5)) },
        { id: uuid(), thread_id: threadId, sender_user_id: sme === seedSme ? smeUser : null, sender_organization_id: sme.id, sender_name: sme === seedSme ? "김하늘" : "Sales team", body: "Yes — attached to our next message. 초도품 검사 계획을 곧 공유드리겠습니다.", created_at: timeAgo(int(0, 2)) },
      );
    }
    if (sme === seedSme && status !== "draft") {
      notificationRows.push({ id: uuid(), user_id: smeUser, organization_id: sme.id, kind: `eoi.${status}`, payload: { need_id: need.id, eoi_id: eoiId, need_title_en: need.template.en, need_title_ko: need.template.ko }, link_path: `/eois/${eoiId}`, read_at: chance(0.5) ? timeAgo(1) : null });
    }
    if (need.owner === contractorIds[0] && status === "submitted") {
      notificationRows.push({ id: uuid(), user_id: contractorUser, organization_id: need.owner, kind: "eoi.submitted", payload: { need_id: need.id, eoi_id: eoiId, sme_name_en: sme.nameEn, sme_name_ko: sme.nameKo }, link_path: `/needs/${need.id}/eois`, read_at: null });
    }
  });
}

const savedSearchRows: Record<string, Value>[] = [
  { id: uuid(), user_id: contractorUser, name: "Titanium 5-axis near Sacheon", target: "suppliers", query: "titanium 5-axis AS9100", filters: { near: { lat: 35.09, lng: 128.08, radius_km: 50 } }, alert_frequency: "daily" },
  { id: uuid(), user_id: contractorUser, name: "Verified harness suppliers", target: "suppliers", query: "cable harness", filters: { verified_only: true, certifications: ["ipc-whma-a-620"] }, alert_frequency: "weekly" },
  { id: uuid(), user_id: smeUser, name: "5축 가공 수요", target: "needs", query: "5축 가공", filters: { kinds: ["localization", "parts_supply"] }, alert_frequency: "instant" },
];

const auditRows: Record<string, Value>[] = [
  { actor_user_id: clusterUser, actor_organization_id: authorityOrgByCluster.changwon!, organization_id: seedSme.id, action: "verification.verified", entity_type: "sme_profiles", entity_id: seedSme.id, details: { from: "pending", to: "verified", source: "seed" } },
];

// A second cluster authority, so hosting inquiries sent to two clusters can be answered by two
// people. Created last so every id drawn before it stays the same in the regenerated seed.
const daejeonClusterUser = addUser(SEED_USERS.clusterDaejeon, "최다은", "ko");
membershipRows.push({ id: uuid(), organization_id: authorityOrgByCluster.daejeon!, user_id: daejeonClusterUser, role: "owner" });

// ---------------------------------------------------------------------------------------------
// Render

insert("auth.users", userRows);
insert("auth.identities", identityRows);
insert("public.organizations", orgRows);
insert("public.memberships", membershipRows);
insert("public.clusters", clusterRows);
insert("public.land_parcels", parcelRows);
insert("public.sme_profiles", profileRows);
insert("public.sme_capabilities", capabilityRows);
insert("public.sme_equipment", equipmentRows);
insert("public.sme_certifications", certificationRows);
insert("public.sme_sites", siteRows);
insert("public.needs", needRows);
insert("public.need_invitations", invitationRows);
insert("public.eois", eoiRows);
insert("public.eoi_shared_certifications", sharedCertRows);
insert("public.message_threads", threadRows);
insert("public.messages", messageRows);
insert("public.notifications", notificationRows);
insert("public.saved_searches", savedSearchRows);
insert("public.audit_log", auditRows, "");

const header = `-- ClusterMatch demo seed. GENERATED by scripts/seed/generate.ts: edit that, then
--   npx tsx scripts/seed/generate.ts
-- Real clusters and industrial regions; every company is fictional (organizations.is_fictional,
-- "Fictional company for demonstration / 데모용 가상 기업" in their descriptions).
-- Seed users (password ${SEED_PASSWORD}):
${Object.entries(SEED_USERS).map(([role, email]) => `--   ${role.padEnd(14)} ${email}`).join("\n")}
-- Counts: ${orgRows.filter((o) => o.kind === "sme").length} SMEs, ${contractorIds.length} contractors, ${clusterRows.length} clusters, ${parcelRows.length} land parcels,
--   ${capabilityRows.length} capabilities, ${certificationRows.length} certifications, ${siteRows.length} sites, ${needRows.length} needs, ${eoiRows.length} EOIs.
`;

export function renderSeed() {
  return `${header}\n${statements.join("\n\n")}\n`;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const output = renderSeed();
  if (process.argv.includes("--check")) {
    const current = fs.existsSync(seedFile) ? fs.readFileSync(seedFile, "utf8") : "";
    if (current !== output) {
      console.error("supabase/seed.sql is out of date: run npx tsx scripts/seed/generate.ts");
      process.exit(1);
    }
    console.log("supabase/seed.sql is up to date");
  } else {
    fs.writeFileSync(seedFile, output);
    console.log(`wrote ${path.relative(projectRoot, seedFile)} (${(Buffer.byteLength(output) / 1024).toFixed(0)} KiB)`);
  }
}
