/** The map component (app/components/map): its panel, list alternative, legend, popups and controls. */
export const mapEn = {
  "map.skip": "Skip the map and go to the list",
  "map.search_area": "Search this area",
  "map.loading": "Loading map…",
  "map.noscript": "The map needs JavaScript. The list below has the same items.",
  "map.unavailable": "Map unavailable; the list below has the same items.",
  "map.unavailable_webgl": "This browser cannot draw the map (WebGL 2 is turned off or not supported).",

  "map.list.heading": "Places on this map",
  "map.list.empty": "There is nothing to show on the map.",
  "map.list.suppliers": "Supplier sites ({count})",
  "map.list.clusters": "Defense innovation clusters ({count})",
  "map.list.parcels": "Available land parcels ({count})",
  "map.list.needs": "Need locations ({count})",
  "map.list.more": "{count} more sites are on the map but not listed here; narrow the search to list them.",

  "map.legend.heading": "Legend",
  "map.legend.supplier": "Supplier site",
  "map.legend.secondary": "Other site of a supplier",
  "map.legend.group": "Group of nearby sites (the number is how many); select to zoom in",
  "map.legend.cluster": "Defense innovation cluster",
  "map.legend.parcel": "Available land parcel",
  "map.legend.need": "Need location and search radius",

  "map.point.primary": "Main site",
  "map.point.secondary": "Other site",
  "map.circle.radius": "Within {km} km",

  "map.popup.view_supplier": "View supplier",
  "map.popup.view_details": "View details",
  "map.popup.view_need": "View need",
  "map.popup.untitled": "(no name)",
  "map.popup.group_title": "{count} sites here",
  "map.popup.group_more": "and {count} more: see the list below the map",

  "map.control.canvas": "Map. Use the arrow keys to move and the plus and minus keys to zoom.",
  "map.control.zoom_in": "Zoom in",
  "map.control.zoom_out": "Zoom out",
  "map.control.reset_bearing": "Point the map north",
  "map.control.attribution": "Show or hide map credits",
  "map.control.close_popup": "Close",
  "map.attribution.basemap": "Basemap: Natural Earth (public domain)",
} as const;
