/**
 * Places a contractor can pick for a need's location: the DAPA defense innovation clusters and
 * the industrial anchors named in docs (coordinates of the town centres). "Other" takes
 * coordinates instead.
 */
export const NEED_PLACES = [
  { key: "changwon", en: "Changwon, Gyeongnam", ko: "경남 창원", lat: 35.228, lng: 128.681 },
  { key: "sacheon", en: "Sacheon/Jinju, Gyeongnam", ko: "경남 사천·진주", lat: 35.09, lng: 128.08 },
  { key: "geoje", en: "Geoje, Gyeongnam", ko: "경남 거제", lat: 34.88, lng: 128.62 },
  { key: "busan", en: "Busan/Gimhae", ko: "부산·김해", lat: 35.165, lng: 128.93 },
  { key: "ulsan", en: "Ulsan", ko: "울산", lat: 35.54, lng: 129.31 },
  { key: "daejeon", en: "Daejeon", ko: "대전", lat: 36.35, lng: 127.38 },
  { key: "gumi", en: "Gumi, Gyeongbuk", ko: "경북 구미", lat: 36.12, lng: 128.34 },
  { key: "nonsan", en: "Nonsan, Chungnam", ko: "충남 논산", lat: 36.19, lng: 127.1 },
  { key: "jeonbuk", en: "Jeonju/Wanju, Jeonbuk", ko: "전북 전주·완주", lat: 35.86, lng: 127.12 },
  { key: "seoul", en: "Seoul", ko: "서울", lat: 37.566, lng: 126.978 },
] as const;

export type NeedPlaceKey = (typeof NEED_PLACES)[number]["key"];

export function placeByKey(key: string) {
  return NEED_PLACES.find((place) => place.key === key) ?? null;
}

/** The preset a saved location corresponds to (same coordinates), for the edit form. */
export function placeForLocation(lat: number | null, lng: number | null) {
  if (lat === null || lng === null) return null;
  return NEED_PLACES.find((place) => Math.abs(place.lat - lat) < 1e-6 && Math.abs(place.lng - lng) < 1e-6) ?? null;
}
