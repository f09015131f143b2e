/** Korean half of ./map.ts, in its own module so the browser downloads only the active language. */
import type { mapEn } from "./map";

export const mapKo: { [K in keyof typeof mapEn]: string } = {
  "map.skip": "지도를 건너뛰고 목록으로 이동",
  "map.search_area": "이 지역 검색",
  "map.loading": "지도를 불러오는 중…",
  "map.noscript": "지도를 보려면 JavaScript가 필요합니다. 아래 목록에 같은 항목이 있습니다.",
  "map.unavailable": "지도를 표시할 수 없습니다. 아래 목록에 같은 항목이 있습니다.",
  "map.unavailable_webgl": "이 브라우저에서는 지도를 그릴 수 없습니다(WebGL 2가 꺼져 있거나 지원되지 않음).",

  "map.list.heading": "지도에 표시된 장소",
  "map.list.empty": "지도에 표시할 항목이 없습니다.",
  "map.list.suppliers": "협력업체 사업장 ({count})",
  "map.list.clusters": "방산혁신클러스터 ({count})",
  "map.list.parcels": "가용 산업용지 ({count})",
  "map.list.needs": "수요 위치 ({count})",
  "map.list.more": "지도에는 있지만 여기에 나열되지 않은 사업장이 {count}곳 더 있습니다. 검색 범위를 좁히면 목록에 표시됩니다.",

  "map.legend.heading": "범례",
  "map.legend.supplier": "협력업체 사업장",
  "map.legend.secondary": "협력업체의 기타 사업장",
  "map.legend.group": "인접 사업장 묶음(숫자는 개수, 선택하면 확대)",
  "map.legend.cluster": "방산혁신클러스터",
  "map.legend.parcel": "가용 산업용지",
  "map.legend.need": "수요 위치와 검색 반경",

  "map.point.primary": "주 사업장",
  "map.point.secondary": "기타 사업장",
  "map.circle.radius": "반경 {km}km",

  "map.popup.view_supplier": "협력업체 보기",
  "map.popup.view_details": "자세히 보기",
  "map.popup.view_need": "수요 보기",
  "map.popup.untitled": "(이름 없음)",
  "map.popup.group_title": "이 위치의 사업장 {count}곳",
  "map.popup.group_more": "외 {count}곳: 지도 아래 목록을 확인하세요",

  "map.control.canvas": "지도. 화살표 키로 이동하고 더하기·빼기 키로 확대·축소합니다.",
  "map.control.zoom_in": "확대",
  "map.control.zoom_out": "축소",
  "map.control.reset_bearing": "지도를 북쪽으로 맞추기",
  "map.control.attribution": "지도 출처 표시 또는 숨기기",
  "map.control.close_popup": "닫기",
  "map.attribution.basemap": "배경지도: Natural Earth(퍼블릭 도메인)",
};
