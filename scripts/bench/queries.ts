/**
 * The benchmark's workload: varied supplier searches (free text in both languages, company names,
 * typos, filters on processes, materials, certificates, regions, clusters, sizes, radius around a
 * cluster, distance sort) and match requests, generated from the taxonomy so they hit real terms.
 */
import { REGION_CODES, SIZE_BANDS } from "../../app/search/query.ts";
import type { CorpusSources } from "./corpus.ts";
import { seededRandom } from "./stats.ts";

const NAME_WORDS = ["Dalbit", "Saebyeok", "Gureum", "Noeul", "Sanmaru", "Haetsal", "Gaon", "Mirinae", "달빛", "새벽", "구름", "윤슬"];
const NEED_KINDS = ["localization", "mro", "parts_supply", "technology_transfer", "division_hosting"] as const;

/** Drops one inner letter: a typo Meilisearch tolerates and substring search does not. */
function typo(word: string) {
  if (word.length < 6) return word;
  const at = 2 + (word.length % (word.length - 3));
  return word.slice(0, at) + word.slice(at + 1);
}

/** URL query strings for GET /api/v1/suppliers and /search, the same ones for every engine. */
export function searchQueries(sources: CorpusSources, count: number, seed = 7): string[] {
  const random = seededRandom(seed);
  const { processes, materials, certifications } = sources.taxonomy;
  const clusterSlugs = [...new Set(sources.places.flatMap((place) => (place.cluster ? [place.cluster] : [])))];
  const queries: string[] = [];
  for (let index = 0; index < count; index++) {
    const params = new URLSearchParams();
    const process = random.pick(processes);
    switch (index % 10) {
      case 0:
        params.set("q", process.label_en);
        break;
      case 1:
        params.set("q", random.pick([process.label_ko, ...process.synonyms_ko]));
        break;
      case 2:
        params.set("q", random.pick(NAME_WORDS));
        break;
      case 3:
        params.set("q", random.pick([process.label_en, ...process.synonyms_en]).split(/\s+/)[0]!);
        params.set("cert", random.pick(certifications).code);
        break;
      case 4:
        params.set("process", process.code);
        params.set("region", random.pick(REGION_CODES));
        break;
      case 5:
        if (clusterSlugs.length) params.set("place", `cluster:${random.pick(clusterSlugs)}`);
        else params.set("place", "city:changwon");
        params.set("radius_km", String(random.pick([25, 50, 100])));
        params.set("q", random.pick(materials).label_en);
        params.set("sort", "distance");
        break;
      case 6:
        params.set("q", typo(process.label_en.split(/\s+/)[0]!));
        params.set("size", random.sample(SIZE_BANDS.filter((band) => band !== "unknown"), 2).join(","));
        break;
      case 7:
        params.set("q", random.pick([process.label_ko, ...process.synonyms_ko]));
        params.set("designated", "1");
        if (clusterSlugs.length) params.set("cluster", random.pick(clusterSlugs));
        break;
      case 8:
        params.set("material", random.pick(materials).code);
        params.set("process", random.pick(processes).code);
        params.set("sort", "completeness");
        break;
      default:
        params.set("q", `${random.pick(processes).label_en} ${random.pick(materials).label_en}`);
        params.set("page", String(random.between(1, 3)));
        break;
    }
    queries.push(params.toString());
  }
  return queries;
}

export type MatchBody = {
  title: string;
  description: string;
  kind: (typeof NEED_KINDS)[number];
  processes: string[];
  materials: string[];
  required_certifications: string[];
  preferred_certifications: string[];
  location?: { lat: number; lng: number };
  radius_km?: number;
  limit: number;
};

/** Bodies for POST /api/v1/match: terms as codes or labels in either language. */
export function matchBodies(sources: CorpusSources, count: number, seed = 11): MatchBody[] {
  const random = seededRandom(seed);
  const { processes, materials, certifications } = sources.taxonomy;
  const term = (entry: { code: string; label_en: string; label_ko: string }) => random.pick([entry.code, entry.label_en, entry.label_ko]);
  return Array.from({ length: count }, (_, index) => {
    const chosen = random.sample(processes, random.between(1, 3));
    const place = random.pick(sources.places);
    const withLocation = index % 2 === 0;
    return {
      title: `${chosen[0]!.label_en} package ${index + 1}`,
      description: `Offset work needing ${chosen.map((entry) => entry.label_en.toLowerCase()).join(", ")}; ${chosen[0]!.label_ko} 국산화 대상 부품.`,
      kind: NEED_KINDS[index % NEED_KINDS.length]!,
      processes: chosen.map(term),
      materials: random.sample(materials, random.between(0, 2)).map(term),
      required_certifications: random.sample(certifications, random.between(0, 1)).map(term),
      preferred_certifications: random.sample(certifications, random.between(0, 2)).map(term),
      ...(withLocation ? { location: { lat: place.lat, lng: place.lng }, radius_km: random.pick([50, 100, 200]) } : {}),
      limit: 20,
    };
  });
}
