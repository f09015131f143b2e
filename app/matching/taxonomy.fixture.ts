/** A small slice of the real taxonomy (supabase/migrations/20261124000200_taxonomies.sql) for unit tests. */
import type { Taxonomy } from "./terms";

export const TAXONOMY: Taxonomy = {
  processes: [
    { code: "machining-5axis", parent_code: null, label_en: "5-axis machining", label_ko: "5축 가공", synonyms_en: ["five-axis milling", "5 axis"], synonyms_ko: ["5축 밀링"], sort_order: 100 },
    { code: "ndt", parent_code: null, label_en: "Non-destructive testing", label_ko: "비파괴검사", synonyms_en: ["NDT"], synonyms_ko: ["비파괴 검사"], sort_order: 600 },
    { code: "ndt-pt", parent_code: "ndt", label_en: "Penetrant testing", label_ko: "침투 탐상", synonyms_en: ["PT", "FPI"], synonyms_ko: ["형광침투"], sort_order: 603 },
    { code: "landing-gear-overhaul", parent_code: null, label_en: "Landing-gear overhaul", label_ko: "착륙장치 창정비", synonyms_en: ["landing gear MRO"], synonyms_ko: ["랜딩기어 정비"], sort_order: 1101 },
    { code: "heat-treatment", parent_code: null, label_en: "Heat treatment", label_ko: "열처리", synonyms_en: ["aging", "heat treating"], synonyms_ko: ["시효처리"], sort_order: 500 },
  ],
  materials: [{ code: "ti-6al-4v", label_en: "Titanium Ti-6Al-4V", label_ko: "티타늄 Ti-6Al-4V", synonyms_en: ["titanium", "Ti64"], synonyms_ko: ["티타늄"], sort_order: 200 }],
  certification_types: [
    { code: "as9100d", label_en: "AS9100D", label_ko: "AS9100D 항공우주 품질경영시스템", synonyms_en: ["AS9100", "EN 9100"], synonyms_ko: ["항공우주 품질경영시스템"], sort_order: 100 },
  ],
};
