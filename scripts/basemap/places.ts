/**
 * Names the basemap shows. Natural Earth's admin-1 data gives the provinces' shapes but not
 * city points, so the cities are listed here: city-hall coordinates to two or three decimals
 * (facts, not anyone's data), names as the cities themselves write them. `province` is the ISO
 * 3166-2 code of the 시·도 the city lies in; the basemap test checks every city falls inside it,
 * which catches a mistyped coordinate.
 *
 * rank 1 shows first when labels compete for space (symbol-sort-key), rank 4 last.
 */

export interface City {
  name_en: string;
  name_ko: string;
  lng: number;
  lat: number;
  rank: 1 | 2 | 3 | 4;
  country: "KOR" | "PRK" | "JPN" | "CHN" | "RUS";
  province?: string;
}

export const CITIES: readonly City[] = [
  { name_en: "Seoul", name_ko: "서울", lng: 126.978, lat: 37.566, rank: 1, country: "KOR", province: "KR-11" },
  { name_en: "Busan", name_ko: "부산", lng: 129.075, lat: 35.18, rank: 1, country: "KOR", province: "KR-26" },
  { name_en: "Incheon", name_ko: "인천", lng: 126.705, lat: 37.456, rank: 2, country: "KOR", province: "KR-28" },
  { name_en: "Daegu", name_ko: "대구", lng: 128.601, lat: 35.871, rank: 2, country: "KOR", province: "KR-27" },
  { name_en: "Daejeon", name_ko: "대전", lng: 127.385, lat: 36.35, rank: 2, country: "KOR", province: "KR-30" },
  { name_en: "Gwangju", name_ko: "광주", lng: 126.853, lat: 35.16, rank: 2, country: "KOR", province: "KR-29" },
  { name_en: "Ulsan", name_ko: "울산", lng: 129.311, lat: 35.538, rank: 2, country: "KOR", province: "KR-31" },
  { name_en: "Sejong", name_ko: "세종", lng: 127.289, lat: 36.48, rank: 2, country: "KOR", province: "KR-50" },
  { name_en: "Changwon", name_ko: "창원", lng: 128.681, lat: 35.228, rank: 2, country: "KOR", province: "KR-48" },
  { name_en: "Suwon", name_ko: "수원", lng: 127.029, lat: 37.264, rank: 3, country: "KOR", province: "KR-41" },
  { name_en: "Gumi", name_ko: "구미", lng: 128.345, lat: 36.12, rank: 3, country: "KOR", province: "KR-47" },
  { name_en: "Pohang", name_ko: "포항", lng: 129.343, lat: 36.019, rank: 3, country: "KOR", province: "KR-47" },
  { name_en: "Sacheon", name_ko: "사천", lng: 128.064, lat: 35.004, rank: 3, country: "KOR", province: "KR-48" },
  { name_en: "Jinju", name_ko: "진주", lng: 128.108, lat: 35.18, rank: 3, country: "KOR", province: "KR-48" },
  { name_en: "Geoje", name_ko: "거제", lng: 128.621, lat: 34.881, rank: 3, country: "KOR", province: "KR-48" },
  { name_en: "Gimhae", name_ko: "김해", lng: 128.889, lat: 35.229, rank: 3, country: "KOR", province: "KR-48" },
  { name_en: "Nonsan", name_ko: "논산", lng: 127.099, lat: 36.187, rank: 3, country: "KOR", province: "KR-44" },
  { name_en: "Jeonju", name_ko: "전주", lng: 127.148, lat: 35.824, rank: 3, country: "KOR", province: "KR-45" },
  { name_en: "Cheongju", name_ko: "청주", lng: 127.489, lat: 36.642, rank: 3, country: "KOR", province: "KR-43" },
  { name_en: "Jeju", name_ko: "제주", lng: 126.531, lat: 33.5, rank: 3, country: "KOR", province: "KR-49" },
  { name_en: "Gangneung", name_ko: "강릉", lng: 128.876, lat: 37.752, rank: 3, country: "KOR", province: "KR-42" },
  { name_en: "Chuncheon", name_ko: "춘천", lng: 127.73, lat: 37.881, rank: 4, country: "KOR", province: "KR-42" },
  { name_en: "Wonju", name_ko: "원주", lng: 127.92, lat: 37.342, rank: 4, country: "KOR", province: "KR-42" },
  { name_en: "Andong", name_ko: "안동", lng: 128.729, lat: 36.568, rank: 4, country: "KOR", province: "KR-47" },
  { name_en: "Gunsan", name_ko: "군산", lng: 126.737, lat: 35.968, rank: 4, country: "KOR", province: "KR-45" },
  { name_en: "Mokpo", name_ko: "목포", lng: 126.392, lat: 34.812, rank: 4, country: "KOR", province: "KR-46" },
  { name_en: "Yeosu", name_ko: "여수", lng: 127.662, lat: 34.76, rank: 4, country: "KOR", province: "KR-46" },
  { name_en: "Seosan", name_ko: "서산", lng: 126.45, lat: 36.785, rank: 4, country: "KOR", province: "KR-44" },
  { name_en: "Pyongyang", name_ko: "평양", lng: 125.762, lat: 39.039, rank: 2, country: "PRK" },
  { name_en: "Fukuoka", name_ko: "후쿠오카", lng: 130.402, lat: 33.59, rank: 2, country: "JPN" },
  { name_en: "Hiroshima", name_ko: "히로시마", lng: 132.455, lat: 34.385, rank: 3, country: "JPN" },
  { name_en: "Shanghai", name_ko: "상하이", lng: 121.474, lat: 31.23, rank: 2, country: "CHN" },
  { name_en: "Qingdao", name_ko: "칭다오", lng: 120.383, lat: 36.067, rank: 3, country: "CHN" },
  { name_en: "Dalian", name_ko: "다롄", lng: 121.615, lat: 38.914, rank: 3, country: "CHN" },
  { name_en: "Vladivostok", name_ko: "블라디보스토크", lng: 131.886, lat: 43.116, rank: 3, country: "RUS" },
];

/**
 * South Korea's 17 first-level divisions (시·도): Natural Earth's English name → ISO 3166-2
 * code, current English and Korean names (Natural Earth predates Gangwon and Jeonbuk becoming
 * special self-governing provinces in 2023 and 2024).
 */
export const KOREAN_PROVINCES: Readonly<Record<string, { code: string; name_en: string; name_ko: string }>> = {
  Seoul: { code: "KR-11", name_en: "Seoul", name_ko: "서울특별시" },
  Busan: { code: "KR-26", name_en: "Busan", name_ko: "부산광역시" },
  Daegu: { code: "KR-27", name_en: "Daegu", name_ko: "대구광역시" },
  Incheon: { code: "KR-28", name_en: "Incheon", name_ko: "인천광역시" },
  Gwangju: { code: "KR-29", name_en: "Gwangju", name_ko: "광주광역시" },
  Daejeon: { code: "KR-30", name_en: "Daejeon", name_ko: "대전광역시" },
  Ulsan: { code: "KR-31", name_en: "Ulsan", name_ko: "울산광역시" },
  Sejong: { code: "KR-50", name_en: "Sejong", name_ko: "세종특별자치시" },
  Gyeonggi: { code: "KR-41", name_en: "Gyeonggi", name_ko: "경기도" },
  Gangwon: { code: "KR-42", name_en: "Gangwon", name_ko: "강원특별자치도" },
  "North Chungcheong": { code: "KR-43", name_en: "North Chungcheong", name_ko: "충청북도" },
  "South Chungcheong": { code: "KR-44", name_en: "South Chungcheong", name_ko: "충청남도" },
  "North Jeolla": { code: "KR-45", name_en: "Jeonbuk", name_ko: "전북특별자치도" },
  "South Jeolla": { code: "KR-46", name_en: "South Jeolla", name_ko: "전라남도" },
  "North Gyeongsang": { code: "KR-47", name_en: "North Gyeongsang", name_ko: "경상북도" },
  "South Gyeongsang": { code: "KR-48", name_en: "South Gyeongsang", name_ko: "경상남도" },
  Jeju: { code: "KR-49", name_en: "Jeju", name_ko: "제주특별자치도" },
};
