/**
 * Synthetic supplier corpus for the benchmark, in the import interchange format
 * (docs/import-format.md). Taxonomy-driven: every supplier gets a focus process category and
 * processes, materials and certifications from the database's taxonomy, written the way people
 * write them (codes, labels and synonyms in Korean and English). Sites are spread over the
 * places the seed knows: its clusters' centres and the sites of its suppliers, plus the
 * industrial cities the search page offers. Every company is fictional and says so.
 */
import type pg from "pg";
import { CITIES } from "../../app/search/query.ts";
import { seededRandom, type Random } from "./stats.ts";

export type TermEntry = { code: string; category: string; label_en: string; label_ko: string; synonyms_en: string[]; synonyms_ko: string[] };
export type CertEntry = TermEntry & { expires: boolean };
export type Place = { lat: number; lng: number; cityEn: string; cityKo: string; cluster: string | null };
export type CorpusTaxonomy = { processes: TermEntry[]; materials: TermEntry[]; certifications: CertEntry[] };
export type CorpusSources = { taxonomy: CorpusTaxonomy; places: Place[] };

/** Which materials and certification categories go with each process category. */
const MATERIALS_FOR: Record<string, string[]> = {
  machining: ["aluminium", "titanium", "steel", "nickel_cobalt"],
  forming: ["aluminium", "steel", "titanium"],
  joining: ["steel", "aluminium", "titanium", "nickel_cobalt"],
  casting_forging: ["nickel_cobalt", "steel", "aluminium", "other_metal"],
  heat_treatment_surface: ["aluminium", "steel", "titanium"],
  ndt: [],
  composites: ["composite", "polymer"],
  additive: ["titanium", "nickel_cobalt", "polymer"],
  electronics: ["electronic", "polymer"],
  optics: ["ceramic", "electronic"],
  mro: ["steel", "aluminium", "titanium"],
  polymer_rubber: ["polymer"],
  software: [],
  assembly_test: ["electronic", "aluminium"],
  support_systems: ["polymer", "composite"],
};
const CERT_CATEGORIES_FOR: Record<string, string[]> = {
  machining: ["quality_management"],
  forming: ["quality_management", "special_process"],
  joining: ["quality_management", "special_process"],
  casting_forging: ["quality_management", "special_process"],
  heat_treatment_surface: ["special_process", "quality_management"],
  ndt: ["special_process", "laboratory"],
  composites: ["special_process", "quality_management", "environment_safety"],
  additive: ["quality_management"],
  electronics: ["electronics_workmanship", "quality_management"],
  optics: ["laboratory", "quality_management"],
  mro: ["quality_management", "special_process", "defense_status"],
  polymer_rubber: ["quality_management", "environment_safety"],
  software: ["information_security", "quality_management"],
  assembly_test: ["electronics_workmanship", "quality_management", "defense_status"],
  support_systems: ["quality_management", "environment_safety"],
};
const SUFFIX: Record<string, { en: string; ko: string }> = {
  machining: { en: "Precision", ko: "정밀" },
  forming: { en: "Forming", ko: "성형" },
  joining: { en: "Welding Tech", ko: "용접기술" },
  casting_forging: { en: "Foundry", ko: "주조" },
  heat_treatment_surface: { en: "Surface Tech", ko: "표면기술" },
  ndt: { en: "Inspection", ko: "검사기술" },
  composites: { en: "Composites", ko: "복합소재" },
  additive: { en: "Additive", ko: "적층제조" },
  electronics: { en: "Electronics", ko: "전자" },
  optics: { en: "Optronics", ko: "옵트로닉스" },
  mro: { en: "Aero MRO", ko: "에어로정비" },
  polymer_rubber: { en: "Polymer", ko: "고분자" },
  software: { en: "Systems", ko: "시스템즈" },
  assembly_test: { en: "Integration", ko: "체계통합" },
  support_systems: { en: "Field Systems", ko: "필드시스템" },
};
const NAME_PARTS: Array<{ en: string; ko: string }> = [
  { en: "Dalbit", ko: "달빛" }, { en: "Saebyeok", ko: "새벽" }, { en: "Gureum", ko: "구름" }, { en: "Noeul", ko: "노을" },
  { en: "Sanmaru", ko: "산마루" }, { en: "Byeolbit", ko: "별빛" }, { en: "Haetsal", ko: "햇살" }, { en: "Barami", ko: "바라미" },
  { en: "Mulgyeol", ko: "물결" }, { en: "Eunbit", ko: "은빛" }, { en: "Gaon", ko: "가온" }, { en: "Dasom", ko: "다솜" },
  { en: "Yeoul", ko: "여울" }, { en: "Haneul", ko: "하늘" }, { en: "Bomnal", ko: "봄날" }, { en: "Seorae", ko: "서래" },
  { en: "Ondam", ko: "온담" }, { en: "Nabi", ko: "나비" }, { en: "Soldam", ko: "솔담" }, { en: "Ariul", ko: "아리울" },
  { en: "Dansol", ko: "단솔" }, { en: "Nuribom", ko: "누리봄" }, { en: "Chorok", ko: "초록" }, { en: "Raon", ko: "라온" },
  { en: "Doran", ko: "도란" }, { en: "Neulbom", ko: "늘봄" }, { en: "Mirinae", ko: "미리내" }, { en: "Yunseul", ko: "윤슬" },
  { en: "Haram", ko: "하람" }, { en: "Narae", ko: "나래" }, { en: "Dodam", ko: "도담" }, { en: "Hanbit", ko: "한빛" },
];
const SECOND_PARTS: Array<{ en: string; ko: string }> = [
  { en: "", ko: "" }, { en: "Han", ko: "한" }, { en: "Dae", ko: "대" }, { en: "Sin", ko: "신" }, { en: "Il", ko: "일" },
  { en: "Tae", ko: "태" }, { en: "Jin", ko: "진" }, { en: "Woo", ko: "우" }, { en: "Seong", ko: "성" }, { en: "Myeong", ko: "명" },
];

export async function loadCorpusSources(db: pg.Pool | pg.Client): Promise<CorpusSources> {
  const terms = (table: string, extra = "") =>
    db.query(`select code, category::text, label_en, label_ko, synonyms_en, synonyms_ko${extra} from public.${table} order by sort_order, code`);
  const [processes, materials, certifications, clusters, sites] = await Promise.all([
    terms("processes"),
    terms("materials"),
    terms("certification_types", ", expires"),
    db.query("select slug, name_en, name_ko, center_lat, center_lng from public.clusters order by slug"),
    db.query(
      `select s.lat, s.lng, c.slug as cluster, coalesce(c.name_en, s.address_en) as city_en, coalesce(c.name_ko, s.address_ko) as city_ko
       from public.sme_sites s left join public.clusters c on c.id = s.cluster_id order by s.lat, s.lng`
    ),
  ]);
  if (processes.rows.length === 0) throw new Error("The taxonomy is empty: are the migrations applied?");
  const places: Place[] = [
    ...clusters.rows.map((row) => ({ lat: row.center_lat, lng: row.center_lng, cityEn: row.name_en, cityKo: row.name_ko, cluster: row.slug })),
    ...sites.rows.map((row) => ({ lat: row.lat, lng: row.lng, cityEn: shortPlace(row.city_en), cityKo: shortPlace(row.city_ko), cluster: row.cluster })),
    ...Object.values(CITIES).map((city) => ({ lat: city.lat, lng: city.lng, cityEn: city.en, cityKo: city.ko, cluster: null })),
  ];
  return {
    taxonomy: { processes: processes.rows, materials: materials.rows, certifications: certifications.rows },
    places,
  };
}

function shortPlace(text: string | null): string {
  if (!text) return "Korea";
  return text.split(",").at(-2)?.trim() ?? text.slice(0, 40);
}

/** How a person might write a term: its code, a label or a synonym, in either language. */
function writeTerm(random: Random, entry: TermEntry): string {
  const ways = [entry.code, entry.label_en, entry.label_ko, ...entry.synonyms_en, ...entry.synonyms_ko].filter(Boolean);
  return random.pick(ways);
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

export type InterchangeLike = Record<string, unknown> & { external_id: string; name_en: string };

export function generateSupplier(random: Random, sources: CorpusSources, index: number, prefix: string, today = new Date()): InterchangeLike {
  const { processes, materials, certifications } = sources.taxonomy;
  const categories = [...new Set(processes.map((entry) => entry.category))];
  const focus = random.pick(categories);
  const inFocus = processes.filter((entry) => entry.category === focus);
  const chosenProcesses = random.sample(inFocus, random.between(2, Math.min(6, Math.max(2, inFocus.length))));
  if (random.next() < 0.35) chosenProcesses.push(random.pick(processes));
  const materialPool = materials.filter((entry) => (MATERIALS_FOR[focus] ?? []).includes(entry.category));
  const chosenMaterials = materialPool.length ? random.sample(materialPool, random.between(0, 4)) : [];
  const certPool = certifications.filter((entry) => (CERT_CATEGORIES_FOR[focus] ?? ["quality_management"]).includes(entry.category));
  const quality = certifications.filter((entry) => entry.category === "quality_management");
  const chosenCerts = [...new Set([random.pick(quality.length ? quality : certifications), ...random.sample(certPool, random.between(0, 3))])];

  const first = random.pick(NAME_PARTS);
  const second = random.pick(SECOND_PARTS);
  const suffix = SUFFIX[focus] ?? { en: "Industries", ko: "산업" };
  const nameEn = `${first.en}${second.en ? ` ${second.en}` : ""} ${suffix.en}`;
  const nameKo = `${first.ko}${second.ko}${suffix.ko}`;
  const place = random.pick(sources.places);
  const employees = Math.round(Math.exp(random.next() * Math.log(800))) + 4;
  const founded = random.between(1970, 2024);
  const focusEn = chosenProcesses.slice(0, 3).map((entry) => entry.label_en.toLowerCase()).join(", ");
  const focusKo = chosenProcesses.slice(0, 3).map((entry) => entry.label_ko).join(", ");
  const materialEn = chosenMaterials.map((entry) => entry.label_en).join(", ");
  const materialKo = chosenMaterials.map((entry) => entry.label_ko).join(", ");
  const languages = random.next();
  const descriptionEn =
    `${nameEn} is a ${employees}-person ${place.cityEn} company founded in ${founded}, working in ${focusEn}` +
    (materialEn ? ` with ${materialEn}` : "") +
    `. Fictional company generated for benchmarking.`;
  const descriptionKo =
    `${nameKo}은(는) ${founded}년 설립된 ${place.cityKo} 소재 ${employees}인 규모 기업으로 ${focusKo}` +
    (materialKo ? `(${materialKo})` : "") +
    `을(를) 수행합니다. 벤치마크용 가상 기업입니다.`;
  const jitter = (value: number) => Math.round((value + (random.next() - 0.5) * 0.12) * 10000) / 10000;
  const siteCount = random.next() < 0.2 ? 2 : 1;
  const sites = Array.from({ length: siteCount }, (_, siteIndex) => {
    const where = siteIndex === 0 ? place : random.pick(sources.places);
    const number = random.between(1, 900);
    return {
      lat: jitter(where.lat),
      lng: jitter(where.lng),
      name: siteIndex === 0 ? (random.next() < 0.5 ? "Main plant" : "본사 공장") : random.next() < 0.5 ? "Second plant" : "제2공장",
      address: random.next() < 0.5 ? `${number} Industrial complex road, ${where.cityEn}` : `${where.cityKo} 산업단지로 ${number}`,
    };
  });
  const expiry = (offsetDays: number) => isoDay(new Date(today.getTime() + offsetDays * 86_400_000));
  return {
    external_id: `${prefix}-${String(index).padStart(7, "0")}`,
    name_en: nameEn,
    name_ko: nameKo,
    ...(languages < 0.85 ? { description_en: descriptionEn } : {}),
    ...(languages > 0.15 ? { description_ko: descriptionKo } : {}),
    website: `https://www.bench-${index}.example`,
    contact_email: `sales@bench-${index}.example`,
    employees,
    founded_year: founded,
    defense_designated: random.next() < 0.25,
    security_clearance: random.next() < 0.15,
    processes: chosenProcesses.map((entry) => writeTerm(random, entry)),
    materials: chosenMaterials.map((entry) => writeTerm(random, entry)),
    certifications: chosenCerts.map((entry) => ({
      type: writeTerm(random, entry),
      number: `BN-${index}-${random.between(1000, 9999)}`,
      // About one in ten certificates has lapsed, as in real registries.
      ...(entry.expires ? { expires_on: expiry(random.next() < 0.1 ? -random.between(1, 700) : random.between(30, 1400)) } : {}),
    })),
    sites,
    ...(place.cluster ? { cluster: place.cluster } : {}),
    capacity_note: random.next() < 0.5 ? `${random.between(1, 3)} shift(s); about ${random.between(40, 95)}% utilised` : `${random.between(1, 3)}교대, 가동률 약 ${random.between(40, 95)}%`,
    tags: [],
    fictional: true,
    published: random.next() < 0.97,
  };
}

/** The corpus as JSON Lines files of at most `rowsPerFile` rows (the import takes 50,000 at most). */
export function* corpusFiles(sources: CorpusSources, options: { suppliers: number; rowsPerFile: number; seed?: number; prefix?: string }) {
  const random = seededRandom(options.seed ?? 20261125);
  const prefix = options.prefix ?? "BENCH";
  for (let start = 0; start < options.suppliers; start += options.rowsPerFile) {
    const end = Math.min(options.suppliers, start + options.rowsPerFile);
    const lines: string[] = [];
    for (let index = start; index < end; index++) lines.push(JSON.stringify(generateSupplier(random, sources, index + 1, prefix)));
    yield { first: start + 1, rows: end - start, text: `${lines.join("\n")}\n` };
  }
}
